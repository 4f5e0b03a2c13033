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

    /**
     * The normal z with Student's t's tail: t at 2.2010 with 11 degrees of freedom has upper tail 0.025 (R's qt(0.975,
     * 11)), the normal's 1.959964; odd; z itself for infinite or huge df and where the tail is below 1e-300 (the band
     * at z 58 with df 1000 where the tail is subnormal gave NaN and made the score throw, a reviewer's case); finite and
     * nondecreasing on a grid of z from -60 to 60 at df 1 to 1e9; across the inverse normal's range at 1e-12 it steps
     * by rounding only.
     */
    @Test
    void aZAgainstStudentsTIsTheNormalsWithTheSameTail() {
        assertThat(Tails.t(2, Double.POSITIVE_INFINITY)).isEqualTo(Tails.normal(2));
        assertThat(Tails.normalEquivalentOfT(2.200985160082949, 11)).isCloseTo(1.959963984540054, within(1e-9));
        assertThat(Tails.normalEquivalentOfT(-2.200985160082949, 11)).isCloseTo(-1.959963984540054,
                within(1e-9));
        assertThat(Tails.normalEquivalentOfT(2.5, Double.POSITIVE_INFINITY)).isEqualTo(2.5);
        assertThat(Tails.normalEquivalentOfT(2.5, 1e12)).isEqualTo(2.5);
        assertThat(Tails.normalEquivalentOfT(58.1, 1000)).isFinite().isGreaterThan(37);
        for (double df : new double[] {1, 2.5, 11, 100, 1000, 1e5, 1e7, 1e9}) {
            double previous = Double.NEGATIVE_INFINITY;
            for (double z = -60; z <= 60; z += 0.01) {
                double q = Tails.normalEquivalentOfT(z, df);
                assertThat(q).as("z %s, df %s", z, df).isFinite().isGreaterThanOrEqualTo(previous);
                previous = q;
            }
        }
        double below = Tails.normalQuantile(1e-12 * (1 - 1e-9));
        double above = Tails.normalQuantile(1e-12 * (1 + 1e-9));
        assertThat(below - above).isBetween(0.0, 1e-9);
    }
}
