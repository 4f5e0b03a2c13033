package dev.goodhart.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class DescriptiveTest {
    private static final double[] X = {3.1, -2, 7.5, 0.25, 11, 4, 4, -6.5, 2.2};

    /**
     * R 4.2.2: {@code x <- c(3.1, -2, 7.5, 0.25, 11, 4, 4, -6.5, 2.2); quantile(x, c(0, .1, .25, .5, .9, 1), type = 7)}
     * printed with 17 digits; {@code median(c(x, 100))} 3.5499999999999998; {@code mean(x)} 2.6166666666666667.
     */
    @Test
    void matchesR() {
        double[] p = {0, 0.1, 0.25, 0.5, 0.9, 1};
        double[] r = {-6.5, -2.8999999999999999, 0.25, 3.1000000000000001, 8.1999999999999975, 11};
        for (int i = 0; i < p.length; i++) {
            assertThat(Descriptive.quantile(X, p[i])).as("p = %s", p[i]).isCloseTo(r[i], within(1e-15));
        }
        double[] more = Arrays.copyOf(X, X.length + 1);
        more[X.length] = 100;
        assertThat(Descriptive.median(more)).isCloseTo(3.5499999999999998, within(1e-15));
        assertThat(Descriptive.mean(X)).isCloseTo(2.6166666666666667, within(1e-15));
        assertThat(Descriptive.mean(X, 1, 3)).isEqualTo(2.75);
        // R: mean(c(3.1, NA, 7.5, Inf)[is.finite(c(3.1, NA, 7.5, Inf))]) is 5.3
        assertThat(Descriptive.meanOfFinite(new double[] {3.1, Double.NaN, 7.5, Double.POSITIVE_INFINITY}, 0, 4))
                .isCloseTo(5.3, within(1e-15));
        assertThat(Descriptive.meanOfFinite(new double[] {Double.NaN, 1}, 0, 1)).isNaN();
    }

    @Test
    void leavesTheInputAloneAndSaysNaNForNothing() {
        double[] copy = X.clone();
        Descriptive.median(X);
        Descriptive.quantile(X, 0.3);
        assertThat(X).containsExactly(copy);
        assertThat(Descriptive.median(new double[0])).isNaN();
        assertThat(Descriptive.mean(new double[0])).isNaN();
        assertThat(Descriptive.medianOfSorted(new double[0])).isNaN();
        assertThatThrownBy(() -> Descriptive.quantile(X, 1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> Descriptive.median(null)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("v");
    }

    /** Quantiles are monotone in p, lie within the sample, and the median of sorted values agrees. */
    @Property(tries = 300)
    void quantilesAreMonotoneAndBounded(
            @ForAll @Size(min = 1, max = 30) List<@DoubleRange(min = -1e6, max = 1e6) Double> values,
            @ForAll @DoubleRange(min = 0, max = 1) double p, @ForAll @DoubleRange(min = 0, max = 1) double q) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        double a = Descriptive.quantile(v, Math.min(p, q));
        double b = Descriptive.quantile(v, Math.max(p, q));
        assertThat(a).isLessThanOrEqualTo(b).isBetween(sorted[0], sorted[v.length - 1]);
        assertThat(Descriptive.median(v)).isEqualTo(Descriptive.medianOfSorted(sorted));
    }

    /** Scale and shift equivariance: quantile(a x + b) = a quantile(x) + b for a > 0. */
    @Property(tries = 200)
    void equivariantUnderScaleAndShift(
            @ForAll @Size(min = 1, max = 30) List<@DoubleRange(min = -1000, max = 1000) Double> values,
            @ForAll @DoubleRange(min = 0, max = 1) double p, @ForAll @DoubleRange(min = 0.01, max = 100) double a,
            @ForAll @DoubleRange(min = -100, max = 100) double b) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        double[] w = Arrays.stream(v).map(x -> a * x + b).toArray();
        assertThat(Descriptive.quantile(w, p)).isCloseTo(a * Descriptive.quantile(v, p) + b, within(1e-9 * (1 + a * 1000)));
    }

    /**
     * Finite values whose sum overflows still have their mean (a fuzzed export's tokens near 1e306 summed over a
     * window made a chart's mean infinite and a report say "rose Infinity%"); an infinite value keeps it infinite.
     */
    @Test
    void theMeanOfValuesWhoseSumOverflowsIsTheirMean() {
        assertThat(Descriptive.mean(new double[] {1.5e308, 1.7e308, 1.6e308})).isCloseTo(1.6e308, within(1e293));
        assertThat(Descriptive.meanOfFinite(new double[] {1.5e308, Double.NaN, 1.7e308, Double.POSITIVE_INFINITY}, 0, 4))
                .isCloseTo(1.6e308, within(1e293));
        assertThat(Descriptive.mean(new double[] {1.5e308, Double.POSITIVE_INFINITY}))
                .isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Descriptive.mean(new double[] {1.5e308, Double.NaN, 1.7e308})).isNaN();
        assertThat(Descriptive.mean(new double[] {1.5e308, 1.7e308, -1.6e308})).isCloseTo(0.5333e308, within(1e304));
    }

    /** The mean is the same in any unit that is a power of two, up to where the values themselves would overflow. */
    @Property(tries = 300)
    void theMeanMovesWithItsUnit(@ForAll @Size(min = 1, max = 60) List<@DoubleRange(min = 0.5, max = 2) Double> values,
                                 @ForAll @net.jqwik.api.constraints.IntRange(min = -1000, max = 1020) int exponent) {
        double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
        double[] scaled = Arrays.stream(v).map(x -> Math.scalb(x, exponent)).toArray();
        double mean = Descriptive.mean(v);
        assertThat(Descriptive.mean(scaled)).isCloseTo(Math.scalb(mean, exponent),
                within(Math.scalb(1e-14 * mean, exponent)));
        assertThat(Descriptive.meanOfFinite(scaled, 0, scaled.length)).isCloseTo(Math.scalb(mean, exponent),
                within(Math.scalb(1e-14 * mean, exponent)));
    }
}
