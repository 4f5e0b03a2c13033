package dev.goodhart.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.goodhart.TestData;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The proxy trends other than the straight line: when the baseline supports them, and what they predict. */
class ProxyTrendsTest {
    /** {@code n} baseline blocks and {@code after} more, relative to the baseline's mean. */
    private static double[] relative(double[] levels, int before) {
        double m = 0;
        for (int b = 0; b < before; b++) {
            m += levels[b];
        }
        m /= before;
        double[] r = new double[levels.length];
        for (int b = 0; b < levels.length; b++) {
            r[b] = levels[b] / m;
        }
        return r;
    }

    /**
     * The break search against R 4.2.2 (reference/sup_wald.R: {@code lm(y ~ seg / t)} against {@code lm(y ~ t)} at
     * every place, the largest Wald statistic over the single line's long-run factor) on R's Nile, LakeHuron and lynx:
     * the statistic to 1e-10 relative and its place exactly.
     */
    @Test
    void theBreakSearchAgreesWithR() {
        List<String> input = TestData.lines("/reference/sup_wald_input.csv");
        for (String row : TestData.lines("/reference/sup_wald_expected.csv").subList(1, 4)) {
            String[] f = row.split(",");
            List<Double> values = new ArrayList<>();
            for (String line : input.subList(1, input.size())) {
                String[] v = line.split(",");
                if (v[0].equals("\"" + f[0] + "\"")) {
                    values.add(Double.parseDouble(v[1]));
                }
            }
            double[] y = values.stream().mapToDouble(Double::doubleValue).toArray();
            int[] at = new int[1];
            double w = ProxyTrends.supWald(y, y.length, true, at);
            assertThat(w).as(f[0]).isCloseTo(Double.parseDouble(f[1]), within(1e-10 * Double.parseDouble(f[1])));
            assertThat(at[0]).as(f[0] + " place").isEqualTo(Integer.parseInt(f[2]));
        }
    }

    @Test
    void compoundGrowthIsSupportedAndContinuedAsCompoundGrowth() {
        double[] levels = new double[104];
        for (int b = 0; b < levels.length; b++) {
            levels[b] = Math.pow(1.015, b);
        }
        double[] r = relative(levels, 52);
        ProxyTrends.Trend t = ProxyTrends.compound(r, 52);
        assertThat(t).isNotNull();
        // exact compound growth: the curve is the series itself, the recent year included
        for (int b = 0; b < r.length; b++) {
            assertThat(t.curve()[b]).isCloseTo(r[b], within(1e-9 * r[b]));
        }
        // its levels are convex, so they show a break too: the rise is tested against both, compound growth included
        ProxyTrends.Trend[] all = ProxyTrends.of(r, 52, 8);
        assertThat(all).extracting(ProxyTrends.Trend::since).contains(-1);
        for (ProxyTrends.Trend each : all) {
            if (each.since() == -1) {
                assertThat(each.curve()[80]).isCloseTo(r[80], within(1e-9 * r[80]));
            }
        }
    }

    /** A break in noise-free data is found at its place (two lines fit exactly there, one does not). */
    @Test
    void anExactBreakIsFoundWhereItIs() {
        double[] levels = new double[104];
        for (int b = 0; b < levels.length; b++) {
            levels[b] = b < 30 ? 50 : 50 + 2 * (b - 30);
        }
        ProxyTrends.Trend broken = ProxyTrends.broken(relative(levels, 52), 44);
        assertThat(broken).isNotNull();
        assertThat(broken.since()).isEqualTo(30);
        double[] step = new double[60];
        for (int b = 0; b < step.length; b++) {
            step[b] = b < 26 ? 1 : 1.2;
        }
        assertThat(ProxyTrends.broken(step, 52)).isNotNull().extracting(ProxyTrends.Trend::since).isEqualTo(26);
    }

    /**
     * A baseline too sparse to look for a break in its logarithms is not taken as growth at one rate: a flat start
     * and a ramp observed every fifth week (11 values) would otherwise pass as compound growth.
     */
    @Test
    void aSparseBaselineIsNotTakenAsCompoundGrowth() {
        double[] levels = new double[104];
        for (int b = 0; b < levels.length; b++) {
            levels[b] = b % 5 != 0 ? Double.NaN : b < 20 ? 100 : 100 + 10 * (b - 20);
        }
        assertThat(ProxyTrends.compound(relative(levels, 52), 52)).isNull();
    }

    @Test
    void aFlatStartThenARampIsABreakNotCompoundGrowth() {
        double[] levels = new double[104];
        for (int b = 0; b < levels.length; b++) {
            levels[b] = b < 30 ? 100 : 100 + 6 * (b - 30);
        }
        double[] r = relative(levels, 52);
        assertThat(ProxyTrends.compound(r, 52)).as("the first half does not grow").isNull();
        ProxyTrends.Trend broken = ProxyTrends.broken(r, 52);
        assertThat(broken).isNotNull();
        // the line since the break continues the ramp
        for (int b = 52; b < r.length; b++) {
            assertThat(broken.curve()[b]).isCloseTo(r[b], within(1e-9));
        }
        ProxyTrends.Trend[] all = ProxyTrends.of(r, 52, 8);
        assertThat(all).hasSize(1);
        assertThat(all[0].curve()[80]).isCloseTo(r[80], within(1e-9));
    }

    /**
     * A step up in the baseline's last weeks is a rise that anticipated the declared date ({@link ProxyOnset}'s
     * question), not a trend to continue: the line since it would run far above and clear the team.
     */
    @Test
    void aStepUpInTheLastWeeksBeforeTheDateIsNotATrend() {
        double[] levels = new double[104];
        for (int b = 0; b < levels.length; b++) {
            levels[b] = b < 47 ? 100 + Math.sin(b) : 200 + Math.sin(b);
        }
        double[] r = relative(levels, 52);
        assertThat(ProxyTrends.broken(r, 52)).as("without the lead").isNotNull();
        assertThat(ProxyTrends.of(r, 52, 8)).isEmpty();
    }

    @Test
    void aStraightLineSupportsNeither() {
        double[] levels = new double[104];
        for (int b = 0; b < levels.length; b++) {
            levels[b] = 100 + 2 * b;
        }
        double[] r = relative(levels, 52);
        assertThat(ProxyTrends.of(r, 52, 8)).isEmpty();
    }

    /** A zero week (a shutdown) is left out of the logarithms; more than one block in ten at zero rules growth out. */
    @Test
    void aZeroWeekIsLeftOutButManyRuleCompoundGrowthOut() {
        double[] levels = new double[80];
        for (int b = 0; b < levels.length; b++) {
            levels[b] = Math.pow(1.05, b);
        }
        levels[17] = 0;
        assertThat(ProxyTrends.compound(relative(levels, 40), 40)).isNotNull();
        for (int b : new int[] {3, 9, 23, 31}) {
            levels[b] = 0;
        }
        assertThat(ProxyTrends.compound(relative(levels, 40), 40)).isNull();
    }

    @Test
    void tooShortABaselineSupportsNeither() {
        double[] levels = new double[20];
        for (int b = 0; b < levels.length; b++) {
            levels[b] = b < 5 ? 1 : Math.pow(1.3, b);
        }
        double[] r = relative(levels, 11);
        assertThat(ProxyTrends.compound(r, 11)).isNull();
        assertThat(ProxyTrends.broken(r, 11)).isNull();
    }

    /**
     * Straight trends with AR(1) noise rarely show a break: at most 5% of 1,000 baselines of 26 blocks for phi 0, 0.5
     * and 0.8 (measured 0.4% to 3.9% over 12 to 26 blocks). With each split's own long-run factor instead of the
     * single line's (residuals the two lines have partly fitted) phi 0.5 showed 32% and phi 0.8 54%; this fails then.
     */
    @Test
    void straightBaselinesWithAutocorrelatedNoiseRarelyShowABreak() {
        SplittableRandom random = new SplittableRandom(12);
        for (double phi : new double[] {0, 0.5, 0.8}) {
            int breaks = 0;
            int reps = 1000;
            for (int i = 0; i < reps; i++) {
                double[] levels = new double[36];
                double z = random.nextGaussian() / Math.sqrt(1 - phi * phi);
                for (int b = 0; b < levels.length; b++) {
                    z = phi * z + random.nextGaussian();
                    levels[b] = 1 + 0.01 * b + 0.05 * z;
                }
                if (ProxyTrends.broken(relative(levels, 26), 26) != null) {
                    breaks++;
                }
            }
            assertThat(breaks).as("phi %s", phi).isLessThanOrEqualTo(reps / 20);
        }
    }
}
