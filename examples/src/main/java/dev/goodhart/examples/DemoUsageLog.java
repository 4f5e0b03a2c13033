package dev.goodhart.examples;

import dev.goodhart.activity.ActivityEvent;
import dev.goodhart.activity.ActivityLog;
import dev.goodhart.activity.Fingerprinter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Two weeks of the demo organisation's raw AI usage log after the quota: five people per team working as people do
 * (bursty sessions in working hours, new questions and a few habitual ones, artifacts for about half the requests),
 * and in the four gaming teams one scripted pinger (a canned trivial question every five minutes) and one dummy agent
 * (large drafts every twenty minutes, day and night, that nobody uses). Request text goes through a keyed
 * {@link Fingerprinter} as it would on reading a real log. Generated from a fixed seed.
 */
public final class DemoUsageLog {
    private static final Instant START = Instant.parse("2025-03-03T00:00:00Z");
    private static final int DAYS = 14;
    private static final List<String> TEAMS = List.of("checkout", "growth", "internal-tools", "sales-ops", "search",
            "mobile", "data-platform", "payments", "support", "security");
    private static final List<String> GAMING = List.of("checkout", "growth", "internal-tools", "sales-ops");

    private DemoUsageLog() {
    }

    /** The usage log, scored by {@code ActivityScorer}. */
    public static ActivityLog log() {
        ActivityLog log = ActivityLog.create();
        events().forEach(log);
        return log;
    }

    /** The events in time order. */
    public static List<ActivityEvent> events() {
        Fingerprinter fp = Fingerprinter.keyed("demo-key-not-for-production-use!");
        List<ActivityEvent> out = new ArrayList<>();
        SplittableRandom root = new SplittableRandom(20250303L);
        for (String team : TEAMS) {
            for (int p = 1; p <= 5; p++) {
                person(out, root.split(), team, team + "-dev-" + p, fp);
            }
            if (GAMING.contains(team)) {
                pinger(out, root.split(), team, team + "-quota-script", fp);
                dummyAgent(out, root.split(), team, team + "-dev-1", fp);
            }
        }
        out.sort(java.util.Comparator.comparing(ActivityEvent::timestamp));
        return out;
    }

    private static void person(List<ActivityEvent> out, SplittableRandom r, String team, String name, Fingerprinter fp) {
        double start = 7.5 + 2 * r.nextDouble();
        String[] habits = {"run the tests", "explain this stack trace", "write a commit message"};
        int serial = 0;
        for (int day = 0; day < DAYS; day++) {
            if (day % 7 >= 5) {
                continue;
            }
            int sessions = 2 + r.nextInt(3);
            for (int s = 0; s < sessions; s++) {
                long t = millis(day, start + 8.5 * r.nextDouble());
                int requests = 1 + (int) (-Math.log(1 - r.nextDouble()) * 6);
                for (int q = 0; q < requests; q++) {
                    String text = r.nextDouble() < 0.15 ? habits[r.nextInt(3)]
                            : "refactor module " + r.nextInt(50) + " step " + (serial++) + " of " + name;
                    long tokens = Math.max(1, Math.round(800 * Math.exp(0.8 * gaussian(r))));
                    String artifact = r.nextDouble() < 0.5 ? "PR-" + r.nextInt(100_000) : null;
                    out.add(new ActivityEvent(Instant.ofEpochMilli(t), name, tokens, team, fp.fingerprint(text), null,
                            artifact));
                    t += Math.round(60_000 * Math.exp(gaussian(r)));
                }
            }
        }
    }

    private static void pinger(List<ActivityEvent> out, SplittableRandom r, String team, String name, Fingerprinter fp) {
        String[] canned = {"what is the capital of France?", "what is 2 + 2?", "say hello"};
        for (int day = 0; day < DAYS; day++) {
            for (double h = 8; h < 18; h += (300 + 10 * r.nextDouble() - 5) / 3600.0) {
                out.add(new ActivityEvent(Instant.ofEpochMilli(millis(day, h)), name, 30 + r.nextInt(20), team,
                        fp.fingerprint(canned[r.nextInt(3)]), null, null));
            }
        }
    }

    private static void dummyAgent(List<ActivityEvent> out, SplittableRandom r, String team, String owner, Fingerprinter fp) {
        int serial = 0;
        for (int day = 0; day < DAYS; day++) {
            for (double h = r.nextDouble() / 3; h < 24; h += 1 / 3.0) {
                out.add(new ActivityEvent(Instant.ofEpochMilli(millis(day, h)), owner,
                        Math.round(15_000 * Math.exp(0.4 * gaussian(r))), team,
                        fp.fingerprint("draft a design document, version " + (serial++)), team + "-dummy-agent", null));
            }
        }
    }

    private static long millis(int day, double hour) {
        return START.toEpochMilli() + day * 86_400_000L + Math.round(hour * 3_600_000);
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

}
