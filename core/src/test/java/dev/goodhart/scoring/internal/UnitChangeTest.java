package dev.goodhart.scoring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.Goodhart;
import dev.goodhart.model.Direction;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.model.Observation;
import dev.goodhart.model.Segments;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import dev.goodhart.report.Verdict;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * An outcome that changed unit part-way is found and its pair not judged; ordinary series, regime changes and counts
 * with zeros are not taken for one.
 */
class UnitChangeTest {
    private static final LocalDate START = LocalDate.of(2025, 1, 6);

    private static double[] noisy(long seed, int n, double level, double sd, double phi) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        double e = 0;
        for (int t = 0; t < n; t++) {
            e = phi * e + sd * Math.sqrt(1 - phi * phi) * (r.nextDouble() + r.nextDouble() + r.nextDouble() - 1.5) * 2;
            v[t] = level * Math.exp(e);
        }
        return v;
    }

    @Test
    void aChangeOfUnitIsFoundWhereItHappened() {
        for (double factor : new double[] {24, 1 / 24.0, 60, 1 / 60.0, 100, 0.01, 1000, 0.001}) {
            double[] v = noisy(3, 180, 40, 0.3, 0.6);
            for (int t = 121; t < 180; t++) {
                v[t] *= factor;
            }
            v[10] = Double.NaN;
            v[125] = Double.NaN;
            Optional<double[]> found = UnitChange.find(v);
            assertThat(found).as("factor " + factor).isPresent();
            assertThat(found.get()[0]).as("factor " + factor).isEqualTo(121);
            assertThat(found.get()[1]).isEqualTo(factor);
        }
    }

    /** A conversion rate in percent, then as a fraction, where the team also gained 30% a month before. */
    @Test
    void aChangeOfUnitBesideARealGainIsFound() {
        double[] v = noisy(5, 180, 4, 0.3, 0.3);
        for (int t = 91; t < 180; t++) {
            v[t] *= 1.3 * (t >= 121 ? 0.01 : 1);
        }
        Optional<double[]> found = UnitChange.find(v);
        assertThat(found).isPresent();
        assertThat(found.get()[0]).isEqualTo(121);
        assertThat(found.get()[1]).isEqualTo(0.01);
    }

    /** An excursion of 15 to 40 values at 24 times the level that comes back is no change of unit. */
    @Test
    void anExcursionThatComesBackIsNotOne() {
        int found = 0;
        for (int length : new int[] {15, 18, 21, 28, 40}) {
            for (int seed = 0; seed < 20; seed++) {
                double[] v = noisy(seed, 182, 4, 0.1, 0.5);
                for (int t = 60; t < 60 + length; t++) {
                    v[t] *= 24;
                }
                found += UnitChange.find(v).isPresent() ? 1 : 0;
            }
        }
        assertThat(found).isZero();
    }

    @Test
    void ordinarySeriesAreNotTakenForOne() {
        int found = 0;
        for (long seed = 0; seed < 300; seed++) {
            double[] v = noisy(seed, 180, 40, 0.5, 0.8);       // loud, autocorrelated
            double[] doubled = noisy(seed + 1000, 180, 40, 0.3, 0.5);
            for (int t = 90; t < 180; t++) {
                doubled[t] *= seed % 2 == 0 ? 3 : 1 / 3.0;       // a regime change by a factor of three
            }
            double[] counts = new double[180];
            SplittableRandom r = new SplittableRandom(seed);
            for (int t = 0; t < 180; t++) {
                counts[t] = r.nextDouble() < 0.7 ? 0 : 1 + r.nextInt(3); // mostly zeros
            }
            found += UnitChange.find(v).isPresent() ? 1 : 0;
            found += UnitChange.find(doubled).isPresent() ? 1 : 0;
            found += UnitChange.find(counts).isPresent() ? 1 : 0;
        }
        assertThat(found).isZero();
        assertThat(UnitChange.find(new double[10])).isEmpty();
    }

    /**
     * A team whose cycle time was exported in hours from 30 days after the quota (days before): it was GAMED (cycle
     * time "lengthened" 24-fold), now not judged with a note; the other teams as before.
     */
    @Test
    void aPairWhoseOutcomeChangedUnitIsNotJudged() {
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "days").link(Link.of("tokens", "cycle_time"))
                .intervention(START.plusDays(91), "token quota").build();
        List<Observation> rows = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            double[] cycle = noisy(i, 182, 3 + i % 4, 0.1, 0.5);
            double[] tokens = noisy(i + 50, 182, 20_000, 0.15, 0.3);
            for (int t = 0; t < 182; t++) {
                double use = t < 91 ? 1 : 1 + Math.min(1, (t - 90) / 21.0);
                double hours = i == 0 && t >= 121 ? 24 : 1;
                rows.add(new Observation(START.plusDays(t), "team-" + i, "tokens", Math.round(tokens[t] * use)));
                rows.add(new Observation(START.plusDays(t), "team-" + i, "cycle_time",
                        cycle[t] / Math.pow(use, 0.3) * hours));
            }
        }
        IntegrityReport report = Goodhart.score(model, rows);
        PairResult switched = report.pair("tokens", "cycle_time", "team-0").orElseThrow();
        assertThat(switched.verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
        assertThat(switched.notes()).anyMatch(n -> n.startsWith("not judged: cycle_time's values from "
                + START.plusDays(121) + " on are about 24 times those before (a change of unit, hours and days?)"));
        for (PairResult p : report.pairs()) {
            if (!p.segment().equals("team-0") && !Segments.ALL.equals(p.segment())) {
                assertThat(p.verdict()).as(p.segment()).isNotEqualTo(Verdict.INSUFFICIENT_DATA);
            }
        }
    }
}
