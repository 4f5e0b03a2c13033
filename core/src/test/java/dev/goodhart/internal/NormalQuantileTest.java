package dev.goodhart.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.goodhart.stats.BivariateNormal;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

/**
 * The normal quantile to about the last digit, against R's {@code qnorm} (Wichura's AS 241, as Python's {@code
 * statistics.NormalDist.inv_cdf}; -7.0344838253011319 at 1e-12 also by 40-digit root finding with mpmath).
 */
class NormalQuantileTest {
    @Test
    void matchesQnorm() {
        double[][] cases = {
            {1e-12, -7.034483825301132}, {1e-300, -37.0470962993612}, {4.547846229623071e-14, -7.453411638575066},
            {0.025, -1.9599639845400538}, {1e-5, -4.2648907939228256}, {0.3, -0.5244005127080407},
            {0.975, 1.9599639845400538}, {0.5, 0}};
        for (double[] c : cases) {
            assertThat(Normal.quantile(c[0])).as("p = " + c[0])
                    .isCloseTo(c[1], within(2e-15 * Math.max(1, Math.abs(c[1]))));
        }
        assertThat(Normal.quantile(0)).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(Normal.quantile(1)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(Normal.quantile(Double.NaN)).isNaN();
        assertThat(Normal.quantile(1.5)).isNaN();
    }

    /**
     * With correlation 1 the smaller of two p-values is itself: a helper found {@code minOfTwo(4.547846229623071e-14,
     * 1)} 4.5493e-14 (7.7e-4 off), from the quantile's tail.
     */
    @Property(tries = 300)
    void theSmallerOfTwoIdenticalPValuesIsItself(@ForAll @DoubleRange(min = 1, max = 15) double exponent) {
        double p = Math.pow(10, -exponent);
        assertThat(BivariateNormal.minOfTwo(p, 1)).isCloseTo(p, within(1e-10 * p));
    }

    /** On the lower tail, where a double p keeps its digits (above 0.5, 1 - p is all there is of it). */
    @Property(tries = 300)
    void inverseOfTheDistributionFunction(@ForAll @DoubleRange(min = -37, max = 0) double x) {
        double p = 0.5 * org.apache.commons.math3.special.Erf.erfc(-x / Math.sqrt(2));
        assertThat(Normal.quantile(p)).isCloseTo(x, within(1e-12 * Math.max(1, Math.abs(x))));
    }
}
