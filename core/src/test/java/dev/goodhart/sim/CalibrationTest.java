package dev.goodhart.sim;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.Goodhart;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.model.Observation;
import dev.goodhart.report.PairResult;
import dev.goodhart.model.Segments;
import dev.goodhart.report.Verdict;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Calibration of the verdicts on simulated organisations with known ground truth (104 weeks, intervention at week
 * 52). Prints the measured false-alarm rates and detection power, which README reports.
 */
class CalibrationTest {
    private static final int N = 104;
    private static final int SPLIT = 52;
    private static final int PER_SCENARIO = 200;

    @Test
    void falseAlarmsAreRareAndGamingIsDetected() {
        List<Observation> obs = new ArrayList<>();
        long seed = 1;
        for (Scenario s : Scenario.values()) {
            obs.addAll(Organisations.of(s, PER_SCENARIO, seed, N, SPLIT));
            seed += 10_000;
        }
        check("weekly, 52 weeks before and 52 after", Goodhart.score(Organisations.model(SPLIT), obs));
    }

    /** The setting: daily data with weekends, 90 days before and 90 after the intervention. */
    @Test
    void dailyDataWithWeekendsNinetyDaysEachSide() {
        List<Observation> obs = new ArrayList<>();
        long seed = 500_001;
        for (Scenario s : Scenario.values()) {
            obs.addAll(Organisations.daily(s, PER_SCENARIO, seed, 180, 90));
            seed += 10_000;
        }
        check("daily with weekends, 90 days before and 90 after", Goodhart.score(Organisations.dailyModel(90), obs));
    }

    private static void check(String title, IntegrityReport report) {
        Map<Scenario, int[]> counts = new EnumMap<>(Scenario.class); // flagged, watch-or-worse, total
        for (PairResult p : report.pairs()) {
            if (p.segment().equals(Segments.ALL)) {
                continue;
            }
            Scenario s = Scenario.valueOf(p.segment().substring(0, p.segment().lastIndexOf('-')).toUpperCase(Locale.ROOT));
            int[] c = counts.computeIfAbsent(s, k -> new int[3]);
            c[0] += p.verdict().flagged() ? 1 : 0;
            c[1] += p.verdict().compareTo(Verdict.WATCH) >= 0 ? 1 : 0;
            c[2]++;
        }
        StringBuilder table = new StringBuilder(title + "\nscenario                truth   DIVERGING+  WATCH+\n");
        for (Map.Entry<Scenario, int[]> e : counts.entrySet()) {
            int[] c = e.getValue();
            table.append(String.format(Locale.ROOT, "%-23s %-7s %9.1f%% %6.1f%%%n", e.getKey(),
                    e.getKey().gamed() ? "gamed" : "honest", 100.0 * c[0] / c[2], 100.0 * c[1] / c[2]));
        }
        double auc = auc(report);
        table.append(String.format(Locale.ROOT, "AUC of the score, gamed against honest pairs: %.3f%n", auc));
        System.out.println(table);
        assertThat(auc).as("AUC").isGreaterThanOrEqualTo(0.95);
        for (Scenario s : Scenario.values()) {
            int[] c = counts.get(s);
            double rate = (double) c[0] / c[2];
            if (s.gamed()) {
                assertThat(rate).as("detection power on " + s).isGreaterThanOrEqualTo(s == Scenario.PARTIAL_INFLATION ? 0.6 : 0.9);
            } else {
                assertThat(rate).as("false-alarm rate on " + s).isLessThanOrEqualTo(0.05);
            }
        }
    }

    /** Mann-Whitney AUC: the chance that a gamed pair scores above an honest one (ties count half). */
    static double auc(IntegrityReport report) {
        List<Double> gamed = new ArrayList<>();
        List<Double> honest = new ArrayList<>();
        for (PairResult p : report.pairs()) {
            if (p.segment().equals(Segments.ALL)) {
                continue;
            }
            Scenario s = Scenario.valueOf(p.segment().substring(0, p.segment().lastIndexOf('-')).toUpperCase(Locale.ROOT));
            (s.gamed() ? gamed : honest).add(p.score());
        }
        double wins = 0;
        for (double g : gamed) {
            for (double h : honest) {
                wins += g > h ? 1 : g == h ? 0.5 : 0;
            }
        }
        return wins / ((double) gamed.size() * honest.size());
    }

    @Test
    void anOrganisationWhereNothingHappensRaisesAlmostNoAlarm() {
        List<Observation> obs = new ArrayList<>();
        obs.addAll(Organisations.of(Scenario.COUPLED_STEADY, 150, 777, N, SPLIT));
        obs.addAll(Organisations.of(Scenario.INDEPENDENT_NULL, 150, 888, N, SPLIT));
        IntegrityReport report = Goodhart.score(Organisations.model(SPLIT), obs);
        long flagged = report.pairs().stream().filter(p -> p.verdict().flagged()).count();
        long watch = report.pairs().stream().filter(p -> p.verdict() == Verdict.WATCH).count();
        System.out.printf(Locale.ROOT, "null organisation: %d of %d pairs flagged, %d WATCH%n", flagged,
                report.pairs().size(), watch);
        assertThat((double) flagged / report.pairs().size()).isLessThanOrEqualTo(0.05);
    }
}
