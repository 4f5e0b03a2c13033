package dev.goodhart.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Finding;
import dev.goodhart.sim.Scenario;
import dev.goodhart.stats.Correlations;
import java.util.Arrays;
import org.apache.commons.math3.distribution.NormalDistribution;
import org.junit.jupiter.api.Test;

class CouplingDecayTest extends DetectorContract<CouplingDecay> {
    @Override
    CouplingDecay detector() {
        return new CouplingDecay();
    }

    private final CouplingDecay detector = new CouplingDecay();

    @Test
    void flagsCouplingThatFellAfterTheSplit() {
        Finding f = detector.detect(Pairs.of(Scenario.GAMED.generate(3, 104, 52), 52)).findings().get(0);
        assertThat(f.pValue()).isLessThan(0.01); // effective-size correction makes the test conservative
        assertThat(f.effect()).isGreaterThan(0.4);
        assertThat(f.message()).isEqualTo("Before 2024-12-30, week-to-week changes in tokens went closely with "
                + "improvements in output; since, loosely with improvements in it.");
        assertThat(f.detail()).contains("r = ", "Fisher z", "one-sided p");
    }

    /**
     * Review regression (a mistyped cell, a hundred times a team's tokens in one week): a runaway week of use set the
     * correlation of the changes in its window, so that coupling that held read as fallen when the week came after the
     * date, and coupling that fell was hidden when it came before. The week's changes are left out, as the expected
     * response leaves the week out ({@link RunawayWeeks}). Measured on 200 pairs each, p < 0.05: coupled throughout
     * with the week after the date, 198 before the change and 11 with it (5 without the week); coupling that fell, with
     * the week in the baseline, 11 before and 198 with it (200 without the week); 396 of the 400 weeks left out.
     */
    @Test
    void aRunawayWeekOfUseDoesNotSetTheCorrelation() {
        int[] alarms = Pairs.runawayWeekAlarms(detector);
        int noted = alarms[4];
        assertThat(noted).as("pairs whose detail names the week left out").isGreaterThanOrEqualTo(390);
        assertThat(alarms[1]).as("coupled throughout, a runaway week after the date")
                .isLessThanOrEqualTo(alarms[0] + 10);
        assertThat(alarms[3]).as("coupling that fell, a runaway week before the date")
                .isGreaterThanOrEqualTo(alarms[2] - 5);
        assertThat(alarms[2]).as("coupling that fell, without the week")
                .isGreaterThan(180);
    }

    /**
     * Regression (second zoo, weekly throughput with holidays): holiday weeks in the baseline, where use and work both
     * collapsed, set the baseline correlation of otherwise unrelated series to about 0.9, and "coupling fell" followed
     * for 21% of honest teams (here, 77% of 400 unrelated pairs). They are common shocks and are left out of both
     * windows.
     */
    @Test
    void holidaysInTheBaselineDoNotReadAsCouplingThatFell() {
        int alarms = 0;
        double rawCorrelation = 0;
        int noted = 0;
        int organisations = 400;
        for (int seed = 0; seed < organisations; seed++) {
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
            int n = 40;
            double[] tokens = new double[n];
            double[] items = new double[n];
            for (int t = 0; t < n; t++) {
                boolean holiday = t == 4 || t == 5 || t == 12;
                tokens[t] = 400_000 * (1 + 0.12 * rnd.nextGaussian()) * (holiday ? 0.12 : 1);
                items[t] = 3 * Math.max(0.05, 1 + 0.25 * rnd.nextGaussian()) * (holiday ? 0.15 : 1);
            }
            rawCorrelation += Correlations.pearson(diff(tokens, 0, 20), diff(items, 0, 20)).estimate() / organisations;
            Finding f = detector.detect(Pairs.of(tokens, items, 20, Direction.HIGHER)).findings().get(0);
            noted += f.detail().contains("where both series jumped or collapsed together (a holiday, an outage) "
                    + "left out") ? 1 : 0;
            alarms += f.pValue() < 0.05 ? 1 : 0;
        }
        assertThat(rawCorrelation).as("the holidays set the raw baseline correlation").isGreaterThan(0.6);
        assertThat(noted).as("pairs whose detail says the holidays were left out").isGreaterThanOrEqualTo(380);
        // measured: 33 of 400 (8.3%); the same pairs without holidays 24 (6%); without leaving the shocks out 306
        assertThat(alarms).as("false alarms at 5% in 400 unrelated pairs with baseline holidays").isLessThanOrEqualTo(40);
    }

    /**
     * Review regression: holidays must be recognised whatever the outcome's direction (a lower-is-better volume such as
     * escalations falls with the use) and whatever the link's expected sign; a direction test in signed space missed
     * them (279 false alarms in 400 pairs with holidays in the recent window).
     */
    @Test
    void holidaysAreLeftOutForLowerIsBetterOutcomesAndInverseLinks() {
        for (Direction direction : Direction.values()) {
            int alarms = 0;
            int noted = 0;
            for (int seed = 0; seed < 200; seed++) {
                java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
                int n = 40;
                double[] tokens = new double[n];
                double[] escalations = new double[n];
                for (int t = 0; t < n; t++) {
                    boolean holiday = t == 24 || t == 25 || t == 32; // in the recent window
                    tokens[t] = 400_000 * (1 + 0.12 * rnd.nextGaussian()) * (holiday ? 0.12 : 1);
                    escalations[t] = 3 * Math.max(0.05, 1 + 0.25 * rnd.nextGaussian()) * (holiday ? 0.15 : 1);
                }
                Finding f = detector.detect(Pairs.of(tokens, escalations, 20, direction)).findings().get(0);
                noted += f.detail().contains("left out") ? 1 : 0;
                alarms += f.pValue() < 0.05 ? 1 : 0;
            }
            assertThat(noted).as(direction + ": pairs whose holidays were left out").isGreaterThanOrEqualTo(190);
            assertThat(alarms).as(direction + ": false alarms at 5% in 200 pairs").isLessThanOrEqualTo(20);
        }
    }

    @Test
    void steadyCouplingIsNotFlagged() {
        Finding f = detector.detect(Pairs.of(Scenario.COUPLED_STEADY.generate(3, 104, 52), 52)).findings().get(0);
        assertThat(f.pValue()).isGreaterThan(0.05);
    }

    @Test
    void statisticIsFishersZOfTheWindowCorrelationsOfChanges() {
        double[][] s = Scenario.PARTIAL_INFLATION.generate(11, 80, 40);
        Finding f = detector.detect(Pairs.of(s, 40)).findings().get(0);
        double rb = Correlations.pearson(diff(s[0], 0, 40), diff(s[1], 0, 40)).estimate();
        double rr = Correlations.pearson(diff(s[0], 40, 80), diff(s[1], 40, 80)).estimate();
        double eb = CouplingDecay.effectiveSize(diff(s[0], 0, 40), diff(s[1], 0, 40));
        double er = CouplingDecay.effectiveSize(diff(s[0], 40, 80), diff(s[1], 40, 80));
        assertThat(eb).isBetween(4.0, 39.0);
        double z = (Correlations.atanh(rb) - Correlations.atanh(rr)) / Math.sqrt(1.0 / (eb - 3) + 1.0 / (er - 3));
        assertThat(f.statistic()).isCloseTo(z, within(1e-12));
        assertThat(f.pValue()).isCloseTo(1 - new NormalDistribution().cumulativeProbability(z), within(1e-12));
        assertThat(f.effect()).isCloseTo(rb - rr, within(1e-12));
    }

    @Test
    void lowerIsBetterOutcomesAreSignAdjusted() {
        double[][] s = Scenario.COUPLED_STEADY.generate(5, 60, 30);
        double[] inverted = Arrays.stream(s[1]).map(v -> 1000 - v).toArray();
        Finding higher = detector.detect(Pairs.of(s[0], s[1], 30, Direction.HIGHER)).findings().get(0);
        Finding lower = detector.detect(Pairs.of(s[0], inverted, 30, Direction.LOWER)).findings().get(0);
        assertThat(lower.statistic()).isCloseTo(higher.statistic(), within(1e-9));
    }

    @Test
    void aLevelShiftAtTheSplitChangesNothing() {
        double[][] s = Scenario.COUPLED_STEADY.generate(9, 60, 30);
        double[] shifted = s[0].clone();
        for (int t = 30; t < 60; t++) {
            shifted[t] *= 3;
        }
        assertThat(detector.detect(Pairs.of(shifted, s[1], 30, Direction.HIGHER)).findings().get(0).statistic())
                .isCloseTo(detector.detect(Pairs.of(s, 30)).findings().get(0).statistic(), within(1e-9));
    }

    @Test
    void skipsShortOrConstantSeriesWithAReason() {
        double[][] s = Scenario.COUPLED_STEADY.generate(1, 12, 6);
        DetectorResult r = detector.detect(Pairs.of(s, 6));
        assertThat(r.ran()).isFalse();
        assertThat(r.skipReason()).contains("needs at least 8 period-over-period changes", "found 5 before and 5 after");
        double[] flat = new double[40];
        Arrays.fill(flat, 3);
        assertThat(detector.detect(Pairs.of(flat, Scenario.COUPLED_STEADY.generate(1, 40, 20)[1], 20,
                Direction.HIGHER)).skipReason()).contains("does not change");
        assertThatThrownBy(() -> new CouplingDecay(3)).hasMessageContaining("at least 4");
    }

    /** Pyper &amp; Peterman (1998): no autocorrelation leaves N; shared positive autocorrelation shrinks it. */
    @Test
    void effectiveSizeShrinksWithSharedAutocorrelation() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(1);
        int n = 2000;
        double[] a = new double[n];
        double[] b = new double[n];
        double[] sa = new double[n];
        double[] sb = new double[n];
        for (int t = 0; t < n; t++) {
            a[t] = rnd.nextDouble() - 0.5;
            b[t] = rnd.nextDouble() - 0.5;
            sa[t] = (t > 0 ? 0.8 * sa[t - 1] : 0) + a[t];
            sb[t] = (t > 0 ? 0.8 * sb[t - 1] : 0) + b[t];
        }
        assertThat(CouplingDecay.effectiveSize(a, b)).isGreaterThan(0.8 * n);
        // two AR(1) series with phi = 0.8: N* / N = (1 - phi^2) / (1 + phi^2) = 0.22 (Bartlett 1935)
        assertThat(CouplingDecay.effectiveSize(sa, sb) / n).isCloseTo(0.22, within(0.06));
    }

    /**
     * The effective size takes four autocorrelation lags per pass; each lag's sum must be the direct one, added in the
     * same order, so the result equals Pyper and Peterman's formula computed lag by lag bit for bit, for every length
     * (the lags left over after the groups of four, series shorter than a group).
     */
    @net.jqwik.api.Property(tries = 300)
    void effectiveSizeEqualsTheLagByLagFormulaExactly(@net.jqwik.api.ForAll @net.jqwik.api.constraints.IntRange(min = 2, max = 400) int n,
                                                      @net.jqwik.api.ForAll long seed) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            x[t] = (t > 0 ? 0.6 * x[t - 1] : 0) + rnd.nextGaussian();
            y[t] = (t > 0 ? 0.3 * y[t - 1] : 0) + rnd.nextGaussian();
        }
        double[] ax = directAutocorrelations(x, n / 5);
        double[] ay = directAutocorrelations(y, n / 5);
        double sum = 0;
        for (int j = 1; j < ax.length; j++) {
            sum += (n - j) / (double) n * ax[j] * ay[j];
        }
        double inv = 1.0 / n + 2.0 / n * sum;
        double expected = Math.max(4, Math.min(n, inv > 0 ? 1 / inv : n));
        assertThat(CouplingDecay.effectiveSize(x, y)).isEqualTo(expected);
    }

    private static double[] directAutocorrelations(double[] v, int maxLag) {
        int n = v.length;
        double mean = 0;
        for (double d : v) {
            mean += d / n;
        }
        double c0 = 0;
        for (double d : v) {
            c0 += (d - mean) * (d - mean);
        }
        double[] out = new double[maxLag + 1];
        out[0] = 1;
        for (int j = 1; j <= maxLag; j++) {
            double c = 0;
            for (int t = j; t < n; t++) {
                c += (v[t] - mean) * (v[t - j] - mean);
            }
            out[j] = c0 > 0 ? c / c0 : 0;
        }
        return out;
    }

    static double[] diff(double[] v, int from, int to) {
        double[] d = new double[to - from - 1];
        for (int t = from + 1; t < to; t++) {
            d[t - from - 1] = v[t] - v[t - 1];
        }
        return d;
    }
}
