package dev.goodhart.activity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Simulated usage logs with known ground truth: genuine people with realistic variety against manufactured activity.
 *
 * <ul>
 *   <li><b>genuine</b>: weekday working hours with personal start times and the odd weekend hour, 2-5 bursty sessions
 *       a day (log-normal gaps), mostly new requests but legitimate repeats ("run the tests") from a personal pool,
 *       log-normal request sizes, artifacts for 30-70% of requests; one in ten is a heavy, productive user (three times
 *       the sessions, more artifacts); one in five has a CI agent that does real work;</li>
 *   <li><b>pinger</b>: a script under the person's name asking one of three canned questions every five minutes,
 *       tiny answers, no artifacts, half of them around the clock;</li>
 *   <li><b>splitter</b>: ordinary work plus tasks cut into 15-25 small requests on one topic, seconds apart;</li>
 *   <li><b>dummy agent</b>: ordinary light work plus an agent generating large drafts every twenty minutes, day and
 *       night, that nobody uses;</li>
 *   <li><b>stealth pinger</b>: ordinary work plus a script that tries to pass: working hours, irregular gaps, fifty
 *       different questions;</li>
 *   <li><b>mimic</b>: ordinary work plus a script that imitates a person in everything (timing, sizes, every request
 *       new) except that nothing it does leads to an artifact: the limit of what usage logs alone can show.</li>
 * </ul>
 */
final class ActivitySimulation {
    /** The kinds of actor. */
    enum Kind {
        GENUINE(false), PINGER(true), SPLITTER(true), DUMMY_AGENT(true), STEALTH_PINGER(true), MIMIC(true);

        final boolean manufactured;

        Kind(boolean manufactured) {
            this.manufactured = manufactured;
        }
    }

    /** An actor with its ground truth. */
    record Actor(String segment, String name, Kind kind) {
    }

    static final Instant START = Instant.parse("2025-03-03T00:00:00Z"); // a Monday
    static final int DAYS = 28;

    private ActivitySimulation() {
    }

    /** Actors of {@code segments} segments, each with {@code genuine} genuine people and one of each manufactured kind
     * per {@code perKind}. */
    static List<Actor> organisation(int segments, int genuine, int perKind) {
        List<Actor> out = new ArrayList<>();
        for (int s = 0; s < segments; s++) {
            String seg = "team-" + (char) ('a' + s);
            for (int i = 0; i < genuine; i++) {
                out.add(new Actor(seg, seg + "-person-" + i, Kind.GENUINE));
            }
            for (Kind k : new Kind[] {Kind.PINGER, Kind.SPLITTER, Kind.DUMMY_AGENT, Kind.STEALTH_PINGER, Kind.MIMIC}) {
                for (int i = 0; i < perKind; i++) {
                    out.add(new Actor(seg, seg + "-" + k.name().toLowerCase(Locale.ROOT) + "-" + i, k));
                }
            }
        }
        return out;
    }

    /** Generates the actor's events in time order. */
    static void events(Actor actor, long seed, Consumer<ActivityEvent> sink) {
        SplittableRandom r = new SplittableRandom(seed);
        List<ActivityEvent> out = new ArrayList<>();
        double startHour = 7 + 3 * r.nextDouble();
        boolean heavy = actor.kind() == Kind.GENUINE && r.nextInt(10) == 0;
        boolean ciAgent = actor.kind() == Kind.GENUINE && r.nextInt(5) == 0;
        double artifactRate = heavy ? 0.7 : 0.3 + 0.4 * r.nextDouble();
        String[] personalRepeats = {fp(r), fp(r), fp(r)};
        int sessionsBase = actor.kind() == Kind.GENUINE ? (heavy ? 9 : 3) : 2;
        for (int day = 0; day < DAYS; day++) {
            boolean weekend = day % 7 >= 5;
            if (weekend && r.nextInt(10) != 0) {
                continue;
            }
            int sessions = weekend ? 1 : sessionsBase - 1 + r.nextInt(3);
            for (int s = 0; s < sessions; s++) {
                long t = millis(day, startHour + 8.5 * r.nextDouble());
                int requests = 1 + (int) (-Math.log(1 - r.nextDouble()) * 6);
                String topic = hex8(r);
                for (int q = 0; q < requests; q++) {
                    if (r.nextDouble() > 0.6) {
                        topic = hex8(r);
                    }
                    String request = r.nextDouble() < 0.15 ? personalRepeats[r.nextInt(3)] : topic + ":" + hex24(r);
                    long tokens = Math.max(1, Math.round(800 * Math.exp(0.8 * gaussian(r))));
                    String artifact = r.nextDouble() < artifactRate ? "PR-" + r.nextInt(100_000) : null;
                    out.add(new ActivityEvent(Instant.ofEpochMilli(t), actor.name(), tokens, actor.segment(), request,
                            null, artifact));
                    t += Math.round(60_000 * Math.exp(1.0 * gaussian(r)));
                }
            }
            if (ciAgent && !weekend) {
                for (int k = 0; k < 3; k++) {
                    long t = millis(day, startHour + 9 * r.nextDouble());
                    out.add(new ActivityEvent(Instant.ofEpochMilli(t), actor.name(),
                            Math.round(3000 * Math.exp(0.5 * gaussian(r))), actor.segment(), hex8(r) + ":" + hex24(r),
                            "ci-helper", "build-" + r.nextInt(100_000)));
                }
            }
            switch (actor.kind()) {
                case PINGER:
                    pinger(actor, r, day, out);
                    break;
                case MIMIC:
                    if (!weekend) {
                        mimic(actor, r, day, startHour, out);
                    }
                    break;
                case STEALTH_PINGER:
                    if (!weekend) {
                        stealthPinger(actor, r, day, startHour, out);
                    }
                    break;
                case SPLITTER:
                    if (!weekend) {
                        splitter(actor, r, day, startHour, out);
                    }
                    break;
                case DUMMY_AGENT:
                    for (double h = r.nextDouble() / 3; h < 24; h += 1 / 3.0) {
                        out.add(new ActivityEvent(Instant.ofEpochMilli(millis(day, h)), actor.name(),
                                Math.round(15_000 * Math.exp(0.4 * gaussian(r))), actor.segment(),
                                hex8(r) + ":" + hex24(r), "draft-bot", null));
                    }
                    break;
                default:
                    break;
            }
        }
        out.sort((a, b) -> a.timestamp().compareTo(b.timestamp()));
        out.forEach(sink);
    }

    private static void pinger(Actor actor, SplittableRandom r, int day, List<ActivityEvent> out) {
        boolean allDay = (actor.name().hashCode() & 1) == 0;
        double from = allDay ? 0 : 9;
        double to = allDay ? 24 : 17;
        String[] canned = {"0000abcd:" + "1".repeat(24), "0000abce:" + "2".repeat(24), "0000abcf:" + "3".repeat(24)};
        for (double h = from; h < to; h += (300 + 10 * r.nextDouble() - 5) / 3600.0) {
            out.add(new ActivityEvent(Instant.ofEpochMilli(millis(day, h)), actor.name(),
                    30 + r.nextInt(20), actor.segment(), canned[r.nextInt(3)], null, null));
        }
    }

    /**
     * A script that tries not to look like one: working hours only, log-normal gaps around seven minutes (CV about
     * 0.6), one of fifty generated questions, log-normal small answers, no artifacts.
     */
    private static void stealthPinger(Actor actor, SplittableRandom r, int day, double startHour, List<ActivityEvent> out) {
        double h = startHour + r.nextDouble();
        while (h < startHour + 8) {
            int q = r.nextInt(50);
            out.add(new ActivityEvent(Instant.ofEpochMilli(millis(day, h)), actor.name(),
                    Math.max(1, Math.round(60 * Math.exp(0.5 * gaussian(r)))), actor.segment(),
                    String.format(Locale.ROOT, "%08x:%024x", 0x5000 + q, q), null, null));
            h += 420 * Math.exp(0.55 * gaussian(r)) / 3600.0;
        }
    }

    /**
     * The hardest case: a script that imitates a person in everything but usefulness: sessions in working hours,
     * bursty gaps, every request new, request sizes like the peers', and nothing downstream.
     */
    private static void mimic(Actor actor, SplittableRandom r, int day, double startHour, List<ActivityEvent> out) {
        for (int s = 0; s < 4; s++) {
            long t = millis(day, startHour + 8.5 * r.nextDouble());
            int requests = 1 + (int) (-Math.log(1 - r.nextDouble()) * 6);
            for (int q = 0; q < requests; q++) {
                out.add(new ActivityEvent(Instant.ofEpochMilli(t), actor.name(),
                        Math.max(1, Math.round(800 * Math.exp(0.8 * gaussian(r)))), actor.segment(),
                        hex8(r) + ":" + hex24(r), null, null));
                t += Math.round(60_000 * Math.exp(gaussian(r)));
            }
        }
    }

    private static void splitter(Actor actor, SplittableRandom r, int day, double startHour, List<ActivityEvent> out) {
        int tasks = 3 + r.nextInt(3);
        for (int k = 0; k < tasks; k++) {
            long t = millis(day, startHour + 8 * r.nextDouble());
            String topic = hex8(r);
            int pieces = 15 + r.nextInt(11);
            for (int q = 0; q < pieces; q++) {
                out.add(new ActivityEvent(Instant.ofEpochMilli(t), actor.name(), 100 + r.nextInt(100), actor.segment(),
                        topic + ":" + hex24(r), null, q == pieces - 1 ? "PR-" + r.nextInt(100_000) : null));
                t += 10_000 + r.nextInt(30_000);
            }
        }
    }

    private static long millis(int day, double hour) {
        return START.toEpochMilli() + day * 86_400_000L + Math.round(hour * 3_600_000);
    }

    private static String fp(SplittableRandom r) {
        return hex8(r) + ":" + hex24(r);
    }

    private static String hex8(SplittableRandom r) {
        return String.format(Locale.ROOT, "%08x", r.nextInt());
    }

    private static String hex24(SplittableRandom r) {
        return String.format(Locale.ROOT, "%016x%08x", r.nextLong(), r.nextInt());
    }

    static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
