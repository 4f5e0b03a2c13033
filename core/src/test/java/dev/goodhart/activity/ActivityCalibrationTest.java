package dev.goodhart.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Measures the activity scorer on a simulated organisation (six segments, 20 genuine people and two of each
 * manufactured kind per segment, four weeks): share flagged per kind and the AUC of the score. README reports the
 * printed table; the test fails above 5% genuine flagged, below 90% manufactured flagged or an AUC below 0.95. The
 * mimic (a script indistinguishable from a person but for its missing artifacts) is measured and reported, not
 * asserted: it marks the limit of usage logs alone.
 */
class ActivityCalibrationTest {
    @Test
    void genuineUsersPassAndManufacturedActivityIsFlagged() {
        List<ActivitySimulation.Actor> actors = ActivitySimulation.organisation(6, 20, 2);
        ActivityLog log = ActivityLog.create();
        long seed = 100;
        for (ActivitySimulation.Actor a : actors) {
            ActivitySimulation.events(a, seed++, log);
        }
        ActivityReport report = ActivityScorer.defaults().score(log);
        Map<ActivitySimulation.Kind, int[]> counts = new EnumMap<>(ActivitySimulation.Kind.class);
        List<Double> genuine = new ArrayList<>();
        List<Double> manufactured = new ArrayList<>();
        List<Double> archetypes = new ArrayList<>();
        for (ActivitySimulation.Actor a : actors) {
            ActorActivity r = report.actor(a.segment(), a.name()).orElseThrow();
            int[] c = counts.computeIfAbsent(a.kind(), k -> new int[2]);
            c[0] += r.flagged() ? 1 : 0;
            c[1]++;
            (a.kind().manufactured ? manufactured : genuine).add(r.score());
            if (a.kind().manufactured && a.kind() != ActivitySimulation.Kind.MIMIC) {
                archetypes.add(r.score());
            }
        }
        double auc = auc(manufactured, genuine);
        double aucArchetypes = auc(archetypes, genuine);
        StringBuilder table = new StringBuilder(String.format(Locale.ROOT, "%d events, %d actors%n", log.eventCount(),
                actors.size()));
        for (Map.Entry<ActivitySimulation.Kind, int[]> e : counts.entrySet()) {
            table.append(String.format(Locale.ROOT, "%-12s flagged %3d of %3d (%5.1f%%)%n", e.getKey(), e.getValue()[0],
                    e.getValue()[1], 100.0 * e.getValue()[0] / e.getValue()[1]));
        }
        table.append(String.format(Locale.ROOT, "AUC %.3f (all manufactured), %.3f (without the mimic)%n", auc,
                aucArchetypes));
        System.out.println(table);
        int[] g = counts.get(ActivitySimulation.Kind.GENUINE);
        assertThat((double) g[0] / g[1]).as("genuine flagged").isLessThanOrEqualTo(0.05);
        int flaggedManufactured = 0;
        int totalManufactured = 0;
        for (Map.Entry<ActivitySimulation.Kind, int[]> e : counts.entrySet()) {
            if (e.getKey().manufactured && e.getKey() != ActivitySimulation.Kind.MIMIC) {
                flaggedManufactured += e.getValue()[0];
                totalManufactured += e.getValue()[1];
                if (e.getKey() != ActivitySimulation.Kind.STEALTH_PINGER) {
                    assertThat((double) e.getValue()[0] / e.getValue()[1]).as(e.getKey() + " flagged")
                            .isGreaterThanOrEqualTo(0.8);
                }
            }
        }
        assertThat((double) flaggedManufactured / totalManufactured).as("manufactured flagged").isGreaterThanOrEqualTo(0.9);
        assertThat(aucArchetypes).as("AUC").isGreaterThanOrEqualTo(0.95);
    }

    static double auc(List<Double> positive, List<Double> negative) {
        double wins = 0;
        for (double p : positive) {
            for (double n : negative) {
                wins += p > n ? 1 : p == n ? 0.5 : 0;
            }
        }
        return wins / ((double) positive.size() * negative.size());
    }
}
