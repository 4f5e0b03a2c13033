package dev.goodhart.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.goodhart.sim.zoo.Zoo;
import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The exact expectations behind the pooled autocorrelation of baseline noise about a line: {@link
 * TrendLine#expectedRss} and {@link LineAutocorrelation}, against R ({@code core/src/test/r/line-autocorrelation.R}:
 * {@code tr(M R)} from the matrices, the ratio's expectation by Magnus's integral with {@code stats::integrate}, both
 * confirmed there by 200,000 simulated series each).
 */
class LineAutocorrelationTest {

    private static final double[] FIVE = consecutive(5);
    private static final double[] EIGHT = consecutive(8);
    private static final double[] THIRTEEN = consecutive(13);
    private static final double[] TWENTY_SIX = consecutive(26);

    @Test
    void theResidualSumOfSquaresExpectedIsRsTraceOfMR() {
        assertThat(TrendLine.expectedRss(FIVE, 5, 0)).isCloseTo(3.0, within(1e-12));
        assertThat(TrendLine.expectedRss(FIVE, 5, 0.5)).isCloseTo(1.575000, within(1e-6));
        assertThat(TrendLine.expectedRss(FIVE, 5, 0.8)).isCloseTo(0.603840, within(1e-6));
        assertThat(TrendLine.expectedRss(EIGHT, 8, 0.3)).isCloseTo(4.880146, within(1e-6));
        assertThat(TrendLine.expectedRss(EIGHT, 8, 0.5)).isCloseTo(3.818824, within(1e-6));
        assertThat(TrendLine.expectedRss(THIRTEEN, 13, 0)).isCloseTo(11.0, within(1e-12));
        assertThat(TrendLine.expectedRss(THIRTEEN, 13, 0.5)).isCloseTo(8.186947, within(1e-6));
        assertThat(TrendLine.expectedRss(THIRTEEN, 13, 0.8)).isCloseTo(4.204920, within(1e-6));
        assertThat(TrendLine.expectedRss(TWENTY_SIX, 26, 0.5)).isCloseTo(20.609915, within(1e-6));
    }

    @Test
    void aMissingBlockIsAStepOfTheProcessUnseen() {
        // R's case at positions 0,1,2,4,5,6,7,9,10,11,12 (blocks 3 and 8 missing)
        double[] gapped = consecutive(13);
        gapped[3] = Double.NaN;
        gapped[8] = Double.NaN;
        assertThat(TrendLine.expectedRss(gapped, 13, 0.5)).isCloseTo(6.745578, within(1e-6));
        // blocks after {@code to} are not the baseline's
        assertThat(TrendLine.expectedRss(THIRTEEN, 5, 0.5)).isCloseTo(1.575000, within(1e-6));
    }

    @Test
    void theRatiosExpectationIsMagnussIntegral() {
        assertThat(LineAutocorrelation.expectedRatio(5, 0)).isCloseTo(-0.400000, within(1e-5));
        assertThat(LineAutocorrelation.expectedRatio(5, 0.5)).isCloseTo(-0.336978, within(1e-5));
        assertThat(LineAutocorrelation.expectedRatio(5, 0.8)).isCloseTo(-0.318069, within(1e-5));
        assertThat(LineAutocorrelation.expectedRatio(8, 0.3)).isCloseTo(-0.135363, within(1e-5));
        assertThat(LineAutocorrelation.expectedRatio(8, 0.5)).isCloseTo(-0.074009, within(1e-5));
        assertThat(LineAutocorrelation.expectedRatio(13, 0)).isCloseTo(-0.153846, within(1e-5));
        assertThat(LineAutocorrelation.expectedRatio(13, 0.5)).isCloseTo(0.133802, within(1e-5));
        assertThat(LineAutocorrelation.expectedRatio(13, 0.8)).isCloseTo(0.256425, within(1e-5));
        assertThat(LineAutocorrelation.expectedRatio(26, 0.5)).isCloseTo(0.317473, within(1e-5));
        assertThatThrownBy(() -> LineAutocorrelation.expectedRatio(2, 0.5))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 3 blocks, got 2");
        // at 1 the noise is a random walk's level, which no ratio reads (the integral returns nonsense there)
        assertThatThrownBy(() -> LineAutocorrelation.expectedRatio(13, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 1), got 1.0");
        assertThatThrownBy(() -> LineAutocorrelation.solve(13, 0.1, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("(0, 1), got 1.0");
    }

    @Property(tries = 40)
    void theExpectationRisesWithTheAutocorrelationAndSolveInvertsIt(@ForAll @IntRange(min = 5, max = 40) int n,
                                                                    @ForAll @DoubleRange(min = 0.02, max = 0.85)
                                                                    double rho) {
        double at = LineAutocorrelation.expectedRatio(n, rho);
        assertThat(LineAutocorrelation.expectedRatio(n, rho + 0.02)).isGreaterThan(at);
        assertThat(LineAutocorrelation.expectedRatio(n, rho - 0.02)).isLessThan(at);
        assertThat(LineAutocorrelation.solve(n, at, 0.9)).isCloseTo(rho, within(2e-4));
        // bounded: a mean ratio at or below independent noise's reads none, one above the highest's reads the highest
        assertThat(LineAutocorrelation.solve(n, LineAutocorrelation.expectedRatio(n, 0) - 0.01, 0.9)).isZero();
        assertThat(LineAutocorrelation.solve(n, 0.99, 0.9)).isEqualTo(0.9);
    }

    @Property(tries = 30)
    void theResidualsExpectedSumFallsWithTheAutocorrelation(@ForAll @IntRange(min = 3, max = 60) int n,
                                                             @ForAll @DoubleRange(min = 0, max = 0.88) double rho) {
        double[] y = consecutive(n);
        double at = TrendLine.expectedRss(y, n, rho);
        assertThat(at).isLessThanOrEqualTo(n - 2 + 1e-9).isPositive();
        assertThat(TrendLine.expectedRss(y, n, rho + 0.02)).isLessThan(at);
    }

    /**
     * Pooled over a calendar of 24 segments with 13 weekly baseline blocks of AR(1) 0.5 noise (and a trend each),
     * the autocorrelation solved from the segments' mean ratio is the noise's on average: 400 calendars, mean within
     * 0.03 of 0.5 (the first-order corrected estimates' mean, the pooled centre before 2026-12-07, averages 0.41 here;
     * asserted below 0.45, so the test shows the difference).
     */
    @Test
    void thePooledAutocorrelationIsUnbiasedWhereTheFirstOrderCorrectionIsNot() {
        SplittableRandom rnd = new SplittableRandom(11);
        int n = 13;
        double solved = 0;
        double firstOrder = 0;
        int calendars = 400;
        for (int c = 0; c < calendars; c++) {
            double ratios = 0;
            double corrected = 0;
            for (int s = 0; s < 24; s++) {
                double[] y = new double[n];
                double a = Zoo.gaussian(rnd) / Math.sqrt(0.75);
                double slope = 0.01 * Zoo.gaussian(rnd);
                for (int t = 0; t < n; t++) {
                    a = 0.5 * a + Zoo.gaussian(rnd);
                    y[t] = 1 + slope * t + 0.05 * Math.sqrt(0.75) * a;
                }
                TrendLine line = TrendLine.of(y, n, Double.NaN);
                double r = line.lag1() / line.rss();
                ratios += r;
                corrected += Math.max(-1, Math.min(1, (r + 2.0 / n) / (1 - 4.0 / n)));
            }
            solved += LineAutocorrelation.solve(n, ratios / 24, 0.9);
            firstOrder += Math.max(0, Math.min(0.9, corrected / 24));
        }
        assertThat(solved / calendars).isCloseTo(0.5, within(0.03));
        assertThat(firstOrder / calendars).isLessThan(0.45);
    }

    private static double[] consecutive(int n) {
        double[] y = new double[n];
        Arrays.fill(y, 1);
        return y;
    }
}
