package dev.goodhart.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/**
 * Upper tails keep their relative precision far out, where {@code 1 - cdf} has no digits left. References: R's
 * {@code pnorm(z, lower.tail = FALSE)}, and closed forms (chi-square with 2 df is exponential, t with 1 df is Cauchy,
 * F(2, 2) has survival {@code 1 / (1 + f)}, a binomial's top value {@code p^n}).
 */
class TailsTest {

    private static void relative(double actual, double expected, double tolerance) {
        assertThat(Math.abs(actual - expected) / expected).as(actual + " against " + expected).isLessThan(tolerance);
    }

    @Test
    void normalUpperTailAtEightAndThirty() {
        relative(Tails.normal(8), 6.2209605742717841e-16, 1e-12);   // pnorm(8, lower.tail = FALSE)
        relative(Tails.normal(30), 4.9067139271481871e-198, 1e-10); // pnorm(30, lower.tail = FALSE)
        assertThat(1 - Normal.STANDARD.cumulativeProbability(30)).isZero(); // what 1 - cdf gave
        assertThat(Tails.normal(0)).isCloseTo(0.5, within(1e-16));
        assertThat(Tails.normal(-8)).isCloseTo(1, within(1e-15));
    }

    @Test
    void otherTailsAgainstClosedForms() {
        for (double x : new double[] {0.5, 10, 80, 400}) {
            relative(Tails.chiSquare(x, 2), Math.exp(-x / 2), 1e-12);
            relative(Tails.f(x, 2, 2), 1 / (1 + x), 1e-12);
        }
        for (double t : new double[] {0.3, 10, 1e4, 1e8}) {
            relative(Tails.t(t, 1), Math.atan(1 / t) / Math.PI, 1e-10);
        }
        assertThat(Tails.t(-2, 5)).isCloseTo(1 - Tails.t(2, 5), within(1e-15));
        relative(Tails.binomialAtLeast(30, 30, 0.1), Math.pow(0.1, 30), 1e-10);
        assertThat(Tails.binomialAtLeast(0, 30, 0.1)).isEqualTo(1);
        assertThat(Tails.binomialAtLeast(31, 30, 0.1)).isZero();
        assertThat(Tails.chiSquare(0, 3)).isEqualTo(1);
    }
}
