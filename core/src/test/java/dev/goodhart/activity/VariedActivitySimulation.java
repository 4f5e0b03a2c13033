package dev.goodhart.activity;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * A second, more varied simulated usage log than {@link ActivitySimulation}, written independently of it to check the
 * scorer's flag rule on habits it was not tuned on: six teams in different time zones (one spread over three
 * continents, one with a Sunday-to-Thursday week), and genuine people of seven working styles, against six kinds of
 * manufactured activity.
 *
 * <p>Genuine styles: office worker; heavy productive user (three times the sessions, most requests lead somewhere);
 * fast iterator (refines one prompt in quick bursts, seconds apart, as people do); creature of habit (40% of requests
 * are three stock prompts); night owl or on-call (works 20:00 to 04:00 local); CI owner (an agent that does real work
 * every half hour of the working day, with artifacts); light user (a session every other day).
 *
 * <p>Manufactured: pinger (canned question every five minutes); small splitter (tasks cut into 15-25 tiny requests);
 * plain splitter (tasks cut into 8-20 requests of ordinary size, 10-30 s apart: only the splitting shows); dummy agent
 * (large drafts around the clock, nothing used); stealth pinger (working hours, irregular gaps, fifty questions);
 * quota timer (a new ordinary-sized question every two minutes of the working day, nothing used); and the mimic
 * (measured, not expected: a script like a person in everything but usefulness).
 */
final class VariedActivitySimulation {
    /** Kinds of actor. */
    enum Kind {
        OFFICE(false), HEAVY(false), ITERATOR(false), HABIT(false), NIGHT(false), CI_OWNER(false), LIGHT(false),
        PINGER(true), SMALL_SPLITTER(true), PLAIN_SPLITTER(true), DUMMY_AGENT(true), STEALTH(true), TIMER(true),
        MIMIC(true);

        final boolean manufactured;

        Kind(boolean manufactured) {
            this.manufactured = manufactured;
        }
    }

    /** An actor with its ground truth, time zone (hours from UTC) and working days (bit 0 is Monday). */
    record Actor(String segment, String name, Kind kind, double utcOffset, int workDays) {
    }

    static final Instant START = Instant.parse("2025-03-03T00:00:00Z"); // a Monday
    static final int DAYS = 28;
    private static final int MON_FRI = 0b0011111;
    private static final int SUN_THU = 0b1001111;

    private VariedActivitySimulation() {
    }

    /** Six teams of {@code genuine} people each, with {@code perKind} of each manufactured kind per team. */
    static List<Actor> organisation(int genuine, int perKind, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Kind[] styles = {Kind.OFFICE, Kind.OFFICE, Kind.OFFICE, Kind.OFFICE, Kind.HEAVY, Kind.ITERATOR, Kind.HABIT,
                Kind.NIGHT, Kind.CI_OWNER, Kind.LIGHT};
        double[][] zones = {{1}, {-5}, {5.5}, {-8, 0, 9}, {2}, {-3, 1, 10}};
        List<Actor> out = new ArrayList<>();
        for (int s = 0; s < zones.length; s++) {
            String seg = "team-" + (char) ('a' + s);
            int week = s == 4 ? SUN_THU : MON_FRI;
            for (int i = 0; i < genuine; i++) {
                double tz = zones[s][r.nextInt(zones[s].length)];
                out.add(new Actor(seg, seg + "-p" + i, styles[r.nextInt(styles.length)], tz, week));
            }
            for (Kind k : Kind.values()) {
                if (!k.manufactured) {
                    continue;
                }
                for (int i = 0; i < perKind; i++) {
                    double tz = zones[s][r.nextInt(zones[s].length)];
                    out.add(new Actor(seg, seg + "-" + k.name().toLowerCase(Locale.ROOT) + "-" + i, k, tz, week));
                }
            }
        }
        return out;
    }

    /** Generates the actor's events in time order. */
    static void events(Actor a, long seed, Consumer<ActivityEvent> sink) {
        SplittableRandom r = new SplittableRandom(seed);
        List<ActivityEvent> out = new ArrayList<>();
        Kind k = a.kind();
        boolean night = k == Kind.NIGHT;
        double start = night ? 20 + r.nextDouble() : 7 + 3 * r.nextDouble();
        double artifactRate = k == Kind.HEAVY ? 0.75 : 0.3 + 0.4 * r.nextDouble();
        String[] habits = {fp(r), fp(r), fp(r)};
        double habitShare = k == Kind.HABIT ? 0.4 : 0.1;
        int sessions = switch (k) {
            case HEAVY -> 8;
            case LIGHT -> 1;
            default -> 3;
        };
        for (int day = 0; day < DAYS; day++) {
            boolean working = (a.workDays() >> (day % 7) & 1) == 1;
            if (!working && r.nextInt(12) != 0 || k == Kind.LIGHT && r.nextBoolean()) {
                continue;
            }
            int n = working ? Math.max(1, sessions - 1 + r.nextInt(3)) : 1;
            for (int s = 0; s < n; s++) {
                double hour = start + 8.5 * r.nextDouble();
                long t = millis(a, day, hour);
                int requests = 1 + (int) (-Math.log(1 - r.nextDouble()) * (k == Kind.HEAVY ? 8 : 5));
                String topic = hex8(r);
                for (int q = 0; q < requests; q++) {
                    boolean burst = k == Kind.ITERATOR && r.nextDouble() < 0.5;
                    if (!burst && r.nextDouble() > 0.6) {
                        topic = hex8(r);
                    }
                    String req = r.nextDouble() < habitShare ? habits[r.nextInt(3)] : topic + ":" + hex24(r);
                    out.add(new ActivityEvent(at(t), a.name(), size(r, 800), a.segment(), req, null,
                            r.nextDouble() < artifactRate ? "PR-" + r.nextInt(1_000_000) : null));
                    t += burst ? 5_000 + r.nextInt(40_000) : Math.round(60_000 * Math.exp(1.1 * gaussian(r)));
                }
            }
            if (k == Kind.CI_OWNER && working) {
                for (double h = start; h < start + 9; h += 0.5 + 0.05 * gaussian(r)) {
                    out.add(new ActivityEvent(at(millis(a, day, h)), a.name(), size(r, 3000), a.segment(), fp(r),
                            "ci-helper", r.nextDouble() < 0.8 ? "build-" + r.nextInt(1_000_000) : null));
                }
            }
            manufactured(a, r, day, working, start, out);
        }
        out.sort((x, y) -> x.timestamp().compareTo(y.timestamp()));
        out.forEach(sink);
    }

    private static void manufactured(Actor a, SplittableRandom r, int day, boolean working, double start,
            List<ActivityEvent> out) {
        switch (a.kind()) {
            case PINGER -> {
                boolean allDay = (a.name().hashCode() & 1) == 0;
                String[] canned = {"0000abcd:" + "1".repeat(24), "0000abce:" + "2".repeat(24), "0000abcf:" + "3".repeat(24)};
                for (double h = allDay ? 0 : 9; h < (allDay ? 24 : 17); h += (300 + 20 * r.nextDouble() - 10) / 3600.0) {
                    out.add(new ActivityEvent(at(millis(a, day, h)), a.name(), 25 + r.nextInt(40), a.segment(),
                            canned[r.nextInt(3)], null, null));
                }
            }
            case SMALL_SPLITTER, PLAIN_SPLITTER -> {
                if (!working) {
                    return;
                }
                boolean small = a.kind() == Kind.SMALL_SPLITTER;
                int tasks = small ? 3 + r.nextInt(3) : 4 + r.nextInt(5);
                for (int k = 0; k < tasks; k++) {
                    long t = millis(a, day, start + 8 * r.nextDouble());
                    String topic = hex8(r);
                    int pieces = small ? 15 + r.nextInt(11) : 8 + r.nextInt(13);
                    for (int q = 0; q < pieces; q++) {
                        out.add(new ActivityEvent(at(t), a.name(), small ? 100 + r.nextInt(100) : size(r, 800),
                                a.segment(), topic + ":" + hex24(r), null, q == pieces - 1 ? "PR-" + r.nextInt(1_000_000) : null));
                        t += 10_000 + r.nextInt(20_000);
                    }
                }
            }
            case DUMMY_AGENT -> {
                for (double h = r.nextDouble() / 3; h < 24; h += 1 / 3.0) {
                    out.add(new ActivityEvent(at(millis(a, day, h)), a.name(), size(r, 15_000), a.segment(), fp(r),
                            "draft-bot", null));
                }
            }
            case STEALTH -> {
                if (!working) {
                    return;
                }
                for (double h = start + r.nextDouble(); h < start + 8; h += 420 * Math.exp(0.55 * gaussian(r)) / 3600.0) {
                    int q = r.nextInt(50);
                    out.add(new ActivityEvent(at(millis(a, day, h)), a.name(), Math.max(1, Math.round(60 * Math.exp(0.5 * gaussian(r)))),
                            a.segment(), String.format(Locale.ROOT, "%08x:%024x", 0x5000 + q, q), null, null));
                }
            }
            case TIMER -> {
                if (!working) {
                    return;
                }
                for (double h = start; h < start + 8; h += (120 + 6 * gaussian(r)) / 3600.0) {
                    out.add(new ActivityEvent(at(millis(a, day, h)), a.name(), size(r, 800), a.segment(), fp(r), null, null));
                }
            }
            case MIMIC -> {
                if (!working) {
                    return;
                }
                for (int s = 0; s < 4; s++) {
                    long t = millis(a, day, start + 8.5 * r.nextDouble());
                    int requests = 1 + (int) (-Math.log(1 - r.nextDouble()) * 5);
                    for (int q = 0; q < requests; q++) {
                        out.add(new ActivityEvent(at(t), a.name(), size(r, 800), a.segment(), fp(r), null, null));
                        t += Math.round(60_000 * Math.exp(1.1 * gaussian(r)));
                    }
                }
            }
            default -> {
            }
        }
    }

    private static long size(SplittableRandom r, double median) {
        return Math.max(1, Math.round(median * Math.exp(0.8 * gaussian(r))));
    }

    /** Milliseconds of a local hour of a day for the actor (its zone's offset taken off). */
    private static long millis(Actor a, int day, double localHour) {
        return START.toEpochMilli() + day * 86_400_000L + Math.round((localHour - a.utcOffset()) * 3_600_000);
    }

    private static Instant at(long millis) {
        return Instant.ofEpochMilli(millis);
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

    private static double gaussian(SplittableRandom r) {
        return ActivitySimulation.gaussian(r);
    }
}
