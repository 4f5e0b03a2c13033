package dev.goodhart.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Finding;
import dev.goodhart.sim.Scenario;
import org.junit.jupiter.api.Test;

class GrowthDivergenceTest extends DetectorContract<GrowthDivergence> {
    @Override
    GrowthDivergence detector() {
        return new GrowthDivergence();
    }

    private final GrowthDivergence detector = new GrowthDivergence();

    @Test
    void statisticIsTheLogRatioOfGrowthFactors() {
        double[] proxy = new double[20];
        double[] outcome = new double[20];
        for (int t = 0; t < 20; t++) {
            proxy[t] = (t < 10 ? 100 : 200) + (t % 3);
            outcome[t] = (t < 10 ? 10 : 11) + 0.1 * (t % 2);
        }
        Finding f = detector.detect(Pairs.of(proxy, outcome, 10, Direction.HIGHER)).findings().get(0);
        double pb = (100 * 10 + (0 + 1 + 2 + 0 + 1 + 2 + 0 + 1 + 2 + 0)) / 10.0;
        double pr = (200 * 10 + (1 + 2 + 0 + 1 + 2 + 0 + 1 + 2 + 0 + 1)) / 10.0;
        double expected = Math.log(pr / pb) - Math.log(11.05 / 10.05);
        assertThat(f.statistic()).isCloseTo(expected, within(1e-12));
        // the delta method's standard error, computed here the long way: Bartlett weights, bandwidth round(sqrt(10)) = 3
        double se = Math.sqrt(logMeanVariance(proxy, 0, 10) + logMeanVariance(proxy, 10, 20)
                + logMeanVariance(outcomeOf(outcome), 0, 10) + logMeanVariance(outcomeOf(outcome), 10, 20)
                - 2 * (logMeanCovariance(proxy, outcome, 0, 10) + logMeanCovariance(proxy, outcome, 10, 20)));
        assertThat(f.pValue()).isCloseTo(dev.goodhart.internal.Tails.normal(expected / se), within(1e-15));
        assertThat(f.pValue()).isLessThan(1e-6);
        assertThat(f.message()).contains("tokens rose 99% while output rose 10% (better)", "by a factor 1.81");
        assertThat(f.detail()).contains("95% interval", "one-sided p");
    }

    /**
     * A doubling with one mistyped baseline week of a thousand times the use: the week is left out as the expected
     * response leaves it out, so the growth reads as the doubling it is (a helper's row said "tokens fell 81%" here,
     * beside the expected response's "rose 99%"), and the detail says what was left out.
     */
    @Test
    void aRunawayBaselineWeekIsLeftOutOfTheGrowth() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        double[] proxy = new double[52];
        double[] outcome = new double[52];
        for (int t = 0; t < 52; t++) {
            proxy[t] = (t < 26 ? 1000 : 2000) * Math.exp(0.05 * r.nextGaussian());
            outcome[t] = 50 * Math.exp(0.05 * r.nextGaussian());
        }
        double[] clean = proxy.clone();
        proxy[12] *= 1000;
        Finding f = detector.detect(Pairs.of(proxy, outcome, 26, Direction.HIGHER)).findings().get(0);
        Finding without = detector.detect(Pairs.of(clean, outcome, 26, Direction.HIGHER)).findings().get(0);
        assertThat(f.message()).as(f.toString()).contains("tokens rose 9").doesNotContain("fell")
                .doesNotContain("with both");
        assertThat(f.detail()).contains("a runaway period of tokens left out as missing");
        assertThat(f.statistic()).isCloseTo(without.statistic(), within(0.05));
        assertThat(f.pValue()).isLessThan(1e-6);
    }

    @Test
    void aFallingProxyWithABetterOutcomeIsNoConcern() {
        Finding f = detector.detect(Pairs.of(Scenario.LEAN.generate(8, 104, 52), 52)).findings().get(0);
        assertThat(f.statistic()).isNegative();
        assertThat(f.pValue()).isGreaterThan(0.9);
    }

    @Test
    void aProxyThatFellOutgrewNothing() {
        // tokens fell 18% while the outcome held level: the ratio of growth factors is 0.82, not an outgrowing
        double[] proxy = new double[20];
        double[] outcome = new double[20];
        for (int t = 0; t < 20; t++) {
            proxy[t] = (t < 10 ? 100 : 82) + (t % 2);
            outcome[t] = 10 + 0.1 * (t % 2);
        }
        Finding f = detector.detect(Pairs.of(proxy, outcome, 10, Direction.HIGHER)).findings().get(0);
        assertThat(f.statistic()).isNegative();
        assertThat(f.message()).contains("tokens fell 18%", "tokens did not outgrow output (ratio of growth factors 0.82)")
                .doesNotContain("outgrew");
    }

    /**
     * Tokens up 1% while the outcome fell 11%: the ratio is above 1, but a proxy that barely rose outgrew nothing; the
     * outcome fell behind it (helper-164 read "tokens outgrew cycle_time by a factor 1.13" beside "tokens rose 1%").
     */
    @Test
    void aProxyThatBarelyRoseIsNotSaidToOutgrow() {
        double[] proxy = new double[20];
        double[] outcome = new double[20];
        for (int t = 0; t < 20; t++) {
            proxy[t] = (t < 10 ? 100 : 101) + (t % 2);
            outcome[t] = (t < 10 ? 10 : 8.9) + 0.1 * (t % 2);
        }
        Finding f = detector.detect(Pairs.of(proxy, outcome, 10, Direction.HIGHER)).findings().get(0);
        assertThat(f.statistic()).isPositive();
        assertThat(f.message()).contains("tokens rose 1%", "output fell behind tokens by a factor 1.13")
                .doesNotContain("outgrew");
    }

    @Test
    void lowerIsBetterOutcomeFallingCountsAsGrowth() {
        double[] proxy = new double[20];
        double[] cycle = new double[20];
        for (int t = 0; t < 20; t++) {
            proxy[t] = t < 10 ? 100 + t % 2 : 150 + t % 2;
            cycle[t] = t < 10 ? 10 + 0.1 * (t % 2) : 10 / 1.5 + 0.1 * (t % 2);
        }
        Finding f = detector.detect(Pairs.of(proxy, cycle, 10, Direction.LOWER)).findings().get(0);
        assertThat(f.statistic()).isCloseTo(0, within(0.02));
    }

    private static double[] outcomeOf(double[] v) {
        return v;
    }

    /** var(log mean) of v[from, to) by the delta method: circular Bartlett long-run variance / n / mean². */
    private static double logMeanVariance(double[] v, int from, int to) {
        return logMeanCovariance(v, v, from, to);
    }

    private static double logMeanCovariance(double[] a, double[] b, int from, int to) {
        int n = to - from;
        int bw = (int) Math.round(Math.sqrt(n));
        double ma = 0;
        double mb = 0;
        for (int t = from; t < to; t++) {
            ma += a[t] / n;
            mb += b[t] / n;
        }
        double lrv = 0;
        for (int h = -(bw - 1); h <= bw - 1; h++) {
            double g = 0;
            for (int t = 0; t < n; t++) {
                int u = Math.floorMod(t + h, n);
                g += (a[from + t] - ma) * (b[from + u] - mb);
            }
            lrv += (1 - Math.abs(h) / (double) bw) * g / n;
        }
        return lrv / n / (ma * mb);
    }

    /**
     * The analytic standard error is the one a circular moving-block bootstrap estimates: on autocorrelated windows of
     * 60 periods their ratio is within 8% (20,000 resamples, so the bootstrap's own error is about 0.5%).
     */
    @Test
    void itsErrorIsWhatAMovingBlockBootstrapEstimates() {
        for (long seed = 1; seed <= 5; seed++) {
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
            int n = 120;
            double[] proxy = new double[n];
            double[] outcome = new double[n];
            double a = 0;
            double b = 0;
            for (int t = 0; t < n; t++) {
                double shared = rnd.nextGaussian();
                a = 0.6 * a + 0.1 * (shared + rnd.nextGaussian());
                b = 0.5 * b + 0.05 * (shared + rnd.nextGaussian());
                proxy[t] = 100 * Math.exp(a) * (t < 60 ? 1 : 1.04);
                outcome[t] = 10 * Math.exp(b);
            }
            Finding f = detector.detect(Pairs.of(proxy, outcome, 60, Direction.HIGHER)).findings().get(0);
            double analytic = f.statistic() / -dev.goodhart.internal.Normal.STANDARD.inverseCumulativeProbability(f.pValue());
            // circular moving-block bootstrap, block round(sqrt(60)) = 8, paired within each window
            int block = 8;
            int reps = 20_000;
            double sum = 0;
            double sum2 = 0;
            for (int r = 0; r < reps; r++) {
                double[] m = new double[4];
                for (int w = 0; w < 2; w++) {
                    int taken = 0;
                    while (taken < 60) {
                        int start = rnd.nextInt(60);
                        int len = Math.min(block, 60 - taken);
                        for (int k = 0; k < len; k++) {
                            int t = w * 60 + (start + k) % 60;
                            m[2 * w] += proxy[t] / 60;
                            m[2 * w + 1] += outcome[t] / 60;
                        }
                        taken += len;
                    }
                }
                double d = Math.log(m[2] / m[0]) - Math.log(m[3] / m[1]);
                sum += d;
                sum2 += d * d;
            }
            double boot = Math.sqrt((sum2 - sum * sum / reps) / (reps - 1));
            assertThat(analytic / boot).as("seed " + seed).isBetween(0.92, 1.08);
        }
    }

    @Test
    void sameSeedSameAnswer() {
        PairSeries p = Pairs.of(Scenario.PARTIAL_INFLATION.generate(5, 60, 30), 30);
        assertThat(detector.detect(p)).isEqualTo(detector.detect(p));
    }

    /**
     * An outcome exactly proportional to the proxy moved as one with it: no divergence. Its variance is rounding
     * (about 1e-16 of its terms either side of 0), which gave p = 0 to about a quarter of such pairs (a reviewer: 481 of
     * 2,000 seeds) and a "growth-divergence q < 0.0001" line.
     */
    @Test
    void anOutcomeProportionalToTheProxyDivergesFromNothing() {
        int zero = 0;
        for (int seed = 0; seed < 400; seed++) {
            java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
            double[] proxy = new double[40];
            double[] outcome = new double[40];
            for (int t = 0; t < 40; t++) {
                proxy[t] = 100 * Math.exp(0.3 * r.nextGaussian()) * (t >= 20 ? 1.2 : 1);
                outcome[t] = 3.7 * proxy[t];
            }
            Finding f = detector.detect(Pairs.of(proxy, outcome, 20, Direction.HIGHER)).findings().get(0);
            zero += f.pValue() < 0.5 ? 1 : 0;
        }
        assertThat(zero).isZero();
    }

    /**
     * Mixed-sign values near the largest double (deviations from a small mean that overflow) leave the long-run
     * variance infinite: skipped, saying why, never p = 0 (which an infinite error gave before).
     */
    @Test
    void anInfiniteVarianceIsSkippedNotSignificant() {
        double[] proxy = new double[40];
        double[] outcome = new double[40];
        for (int t = 0; t < 40; t++) {
            proxy[t] = 1 + (t >= 20 ? 0.2 : 0) + 0.01 * (t % 3);
            outcome[t] = 10 + 0.1 * (t % 5);
        }
        proxy[0] = 1e160;
        proxy[10] = -1e160;
        DetectorResult r = detector.detect(Pairs.of(proxy, outcome, 20, Direction.HIGHER));
        assertThat(r.ran()).isFalse();
        assertThat(r.skipReason()).contains("long-run variances cannot be computed");
    }

    /**
     * A proxy that rose from near 1e-10 to near 1e305 (a ratio of means beyond the largest double): a finite statistic
     * and a sentence without "Infinity". The ratio overflowed: the scorer threw ("statistic must be finite").
     */
    @Test
    void aRiseBeyondTheLargestDoubleIsReadInLogs() {
        double[] proxy = new double[40];
        double[] outcome = new double[40];
        for (int t = 0; t < 40; t++) {
            proxy[t] = (t >= 20 ? 1e305 : 1e-10) * (1 + 0.01 * (t % 3));
            outcome[t] = 10 + 0.1 * (t % 5);
        }
        DetectorResult r = detector.detect(Pairs.of(proxy, outcome, 20, Direction.HIGHER));
        assertThat(r.ran()).isTrue();
        Finding f = r.findings().get(0);
        assertThat(f.statistic()).isFinite().isCloseTo(315 * Math.log(10), within(0.1));
        assertThat(f.pValue()).isLessThan(1e-6);
        assertThat(f.message()).contains("rose 10^315-fold").contains("by a factor 10^315")
                .doesNotContain("Infinity");
        assertThat(f.detail()).doesNotContain("Infinity").doesNotContain("NaN");
    }
}
