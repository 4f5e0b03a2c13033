package dev.goodhart.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The day-level signatures on {@link DailyUsageSimulation}: six teams of 25 people of ten working styles (time zones,
 * another work week, part-timers, on-call weekends, questioners, heavy steady users) and two of each scripted kind
 * per team, over three seeds; with acceptances (a GitHub Copilot export) and without (an OpenAI usage export:
 * requests and tokens only). README reports the printed tables. The test fails above 2% of genuine people flagged,
 * below 95% of bot accounts and replays or 75% of quota top-ups flagged, or an AUC below 0.98 on those three kinds.
 * The kinds that day-level counts cannot pin down (a script that also accepts its own output, random daily amounts,
 * a stealth filler on working days) are measured and printed, not asserted.
 */
class DailyActivityCalibrationTest {
    record Rates(double genuine, double scripted, double auc, Map<DailyUsageSimulation.Kind, int[]> counts,
            String table) {
        double flagged(DailyUsageSimulation.Kind k) {
            return (double) counts.get(k)[0] / counts.get(k)[1];
        }
    }

    /** The kinds a day-level export can show: a bot account, identical replays, a quota top-up. */
    private static boolean detectable(DailyUsageSimulation.Kind k) {
        return k == DailyUsageSimulation.Kind.BOT || k == DailyUsageSimulation.Kind.REPLAY
                || k == DailyUsageSimulation.Kind.TOP_UP;
    }

    static Rates measure(boolean acceptance) {
        Map<DailyUsageSimulation.Kind, int[]> counts = new EnumMap<>(DailyUsageSimulation.Kind.class);
        List<Double> genuine = new ArrayList<>();
        List<Double> scripted = new ArrayList<>();
        List<Double> detectable = new ArrayList<>();
        StringBuilder worst = new StringBuilder();
        long records = 0;
        for (long seed : new long[] {1, 2, 3}) {
            List<DailyUsageSimulation.Actor> actors = DailyUsageSimulation.organisation(6, 25, 2, seed);
            DailyUsageLog log = DailyUsageLog.create();
            long s = seed * 10_000;
            for (DailyUsageSimulation.Actor a : actors) {
                DailyUsageSimulation.records(a, s++, acceptance, log);
            }
            records += log.recordCount();
            ActivityReport report = DailyActivityScorer.defaults().score(log);
            for (DailyUsageSimulation.Actor a : actors) {
                ActorActivity r = report.actor(a.segment(), a.name()).orElseThrow();
                int[] c = counts.computeIfAbsent(a.kind(), k -> new int[2]);
                c[0] += r.flagged() ? 1 : 0;
                c[1]++;
                if (!a.kind().scripted) {
                    genuine.add(r.score());
                    if (r.score() >= 35) {
                        worst.append(String.format(Locale.ROOT, "  genuine %s %s %.1f %s%n", a.kind(), a.name(),
                                r.score(), r.reasons()));
                    }
                } else if (a.kind() != DailyUsageSimulation.Kind.STEALTH) {
                    scripted.add(r.score());
                    if (detectable(a.kind())) {
                        detectable.add(r.score());
                    }
                    if (!r.flagged()) {
                        worst.append(String.format(Locale.ROOT, "  missed %s %s %.1f %s%n", a.kind(), a.name(),
                                r.score(), r.reasons()));
                    }
                }
            }
        }
        int[] g = new int[2];
        int[] m = new int[2];
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%s: %d user-day records, 3 organisations%n",
                acceptance ? "with acceptances (Copilot)" : "requests only (OpenAI)", records));
        for (Map.Entry<DailyUsageSimulation.Kind, int[]> e : counts.entrySet()) {
            table.append(String.format(Locale.ROOT, "%-12s flagged %3d of %3d (%5.1f%%)%n", e.getKey(), e.getValue()[0],
                    e.getValue()[1], 100.0 * e.getValue()[0] / e.getValue()[1]));
            int[] into = !e.getKey().scripted ? g : e.getKey() == DailyUsageSimulation.Kind.STEALTH ? new int[2] : m;
            into[0] += e.getValue()[0];
            into[1] += e.getValue()[1];
        }
        double auc = ActivityCalibrationTest.auc(detectable, genuine);
        table.append(String.format(Locale.ROOT, "genuine flagged %d of %d (%.1f%%), scripted flagged %d of %d (%.1f%%, "
                        + "stealth apart), AUC %.3f on bots, replays and top-ups, %.3f on all scripted kinds but stealth%n",
                g[0], g[1], 100.0 * g[0] / g[1], m[0], m[1], 100.0 * m[0] / m[1], auc,
                ActivityCalibrationTest.auc(scripted, genuine)));
        return new Rates((double) g[0] / g[1], (double) m[0] / m[1], auc, counts, table + worst.toString());
    }

    private static void check(Rates r) {
        System.out.println(r.table());
        assertThat(r.genuine()).as("genuine flagged").isLessThanOrEqualTo(0.02);
        assertThat(r.flagged(DailyUsageSimulation.Kind.BOT)).as("bot accounts flagged").isGreaterThanOrEqualTo(0.95);
        assertThat(r.flagged(DailyUsageSimulation.Kind.REPLAY)).as("replays flagged").isGreaterThanOrEqualTo(0.95);
        assertThat(r.flagged(DailyUsageSimulation.Kind.TOP_UP)).as("top-ups flagged").isGreaterThanOrEqualTo(0.75);
        assertThat(r.auc()).as("AUC").isGreaterThanOrEqualTo(0.98);
    }

    @Test
    void copilotLikeExportsSeparateScriptsFromPeople() {
        check(measure(true));
    }

    @Test
    void requestOnlyExportsSeparateScriptsFromPeople() {
        check(measure(false));
    }
}
