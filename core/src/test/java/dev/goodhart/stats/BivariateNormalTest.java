package dev.goodhart.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.goodhart.internal.Normal;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

/**
 * The bivariate normal distribution function against closed forms and an independent method, and the two-p-value
 * correction's bounds.
 */
class BivariateNormalTest {

    /**
     * R 4.2.2, mvtnorm 1.1-3: {@code pmvnorm(upper = c(h, k), corr = matrix(c(1, r, r, 1), 2), algorithm =
     * TVPACK(abseps = 1e-14))}, printed with 16 digits.
     */
    @Test
    void matchesRsMvtnorm() {
        double[][] cases = {
            {1, 1, 0.5, 0.7452035868467497},
            {-1.5, 0.5, 0.2, 0.05456777698841079},
            {2, -0.3, -0.6, 0.3612956864263007},
            {2.5, 2.5, 0.95, 0.9916272303522166},
            {-2, -2, 0.97, 0.01751382554502174},
            {3.5, 3.2, 0.995, 0.9993128069306575},
            {0.2, 0.1, -0.93, 0.1371397763994045},
        };
        for (double[] c : cases) {
            assertThat(BivariateNormal.cdf(c[0], c[1], c[2])).as(c[0] + ", " + c[1] + ", rho " + c[2])
                    .isCloseTo(c[3], within(1e-12));
        }
        // 1 - pmvnorm(upper = rep(qnorm(1 - p), 2), corr = ...): the smaller of two correlated p-values
        double[][] two = {{0.01, 0.7, 0.01733160351124752}, {0.0158, 0.85, 0.02405728158382803},
            {0.001, 0.3, 0.001985097591777341}, {0.04, 0.95, 0.05077683391993137}};
        for (double[] c : two) {
            assertThat(BivariateNormal.minOfTwo(c[0], c[1])).as(c[0] + ", rho " + c[1]).isCloseTo(c[2], within(1e-12));
        }
    }

    /** Sheppard's formula: {@code P(Z1 <= 0, Z2 <= 0) = 1/4 + asin(rho) / (2 pi)}. */
    @Test
    void theQuadrantProbabilityIsSheppards() {
        for (double rho : new double[] {-0.9, -0.5, 0, 0.3, 0.7, 0.95, 0.999}) {
            assertThat(BivariateNormal.cdf(0, 0, rho)).as("rho " + rho)
                    .isCloseTo(0.25 + Math.asin(rho) / (2 * Math.PI), within(1e-12));
        }
    }

    /**
     * The tetrachoric series {@code Phi(h)Phi(k) + phi(h)phi(k) sum rho^n / n! He_{n-1}(h) He_{n-1}(k)} (Kendall and
     * Stuart), an independent method, at correlations where it converges quickly.
     */
    @Test
    void agreesWithTheTetrachoricSeries() {
        double[][] points = {{1, 1}, {-1.5, 0.5}, {2, -0.3}, {2.5, 2.5}, {-2, -2}};
        for (double[] hk : points) {
            for (double rho : new double[] {-0.6, -0.2, 0.2, 0.5, 0.7}) {
                assertThat(BivariateNormal.cdf(hk[0], hk[1], rho)).as(hk[0] + ", " + hk[1] + ", rho " + rho)
                        .isCloseTo(tetrachoric(hk[0], hk[1], rho), within(1e-10));
            }
        }
    }

    private static double tetrachoric(double h, double k, double rho) {
        double sum = 0;
        double heH0 = 1;
        double heH1 = h;
        double heK0 = 1;
        double heK1 = k;
        double term = 1;
        // n = 1: He_0 He_0 rho
        for (int n = 1; n < 200; n++) {
            term *= rho / n;
            double hePrevH = n == 1 ? 1 : heH1;
            double hePrevK = n == 1 ? 1 : heK1;
            sum += term * hePrevH * hePrevK;
            if (n >= 2) {
                // advance He_{n-1} to He_n: He_n(x) = x He_{n-1}(x) - (n-1) He_{n-2}(x)
                double nh = h * heH1 - (n - 1) * heH0;
                double nk = k * heK1 - (n - 1) * heK0;
                heH0 = heH1;
                heH1 = nh;
                heK0 = heK1;
                heK1 = nk;
            }
        }
        return Normal.STANDARD.cumulativeProbability(h) * Normal.STANDARD.cumulativeProbability(k)
                + Normal.STANDARD.density(h) * Normal.STANDARD.density(k) * sum;
    }

    /**
     * At high correlations (Genz's second branch, |rho| >= 0.925) against the integral of {@code phi(x) Phi((k - rho
     * x) / sqrt(1 - rho^2))} over {@code x <= h} by adaptive Legendre-Gauss quadrature, a third method.
     */
    @Test
    void agreesWithDirectIntegrationAtHighCorrelations() {
        double[][] points = {{1, 1}, {-1.5, 0.5}, {2, -0.3}, {2.5, 2.5}, {-2, -2}, {3.5, 3.2}, {0.2, 0.1}};
        for (double[] hk : points) {
            for (double rho : new double[] {-0.99, -0.93, 0.8, 0.93, 0.97, 0.995, 0.9999}) {
                assertThat(BivariateNormal.cdf(hk[0], hk[1], rho)).as(hk[0] + ", " + hk[1] + ", rho " + rho)
                        .isCloseTo(integral(hk[0], hk[1], rho), within(1e-10));
            }
        }
    }

    private static double integral(double h, double k, double rho) {
        double s = Math.sqrt(1 - rho * rho);
        org.apache.commons.math3.analysis.integration.IterativeLegendreGaussIntegrator integrator =
                new org.apache.commons.math3.analysis.integration.IterativeLegendreGaussIntegrator(16, 1e-13, 1e-15);
        org.apache.commons.math3.analysis.UnivariateFunction f =
                x -> Normal.STANDARD.density(x) * Normal.STANDARD.cumulativeProbability((k - rho * x) / s);
        double total = 0;
        // pieces one unit wide, so that the narrow step of Phi at high correlations is resolved
        for (double a = -40; a < h; a += 1) {
            total += integrator.integrate(Integer.MAX_VALUE, f, a, Math.min(h, a + 1));
        }
        return total;
    }

    @Test
    void independenceAndIdentityAreTheLimits() {
        double phi = Normal.STANDARD.cumulativeProbability(1.3);
        assertThat(BivariateNormal.cdf(1.3, 1.3, 0)).isCloseTo(phi * phi, within(1e-13));
        assertThat(BivariateNormal.cdf(1.3, 0.4, 1)).isCloseTo(Normal.STANDARD.cumulativeProbability(0.4), within(1e-15));
        assertThat(BivariateNormal.minOfTwo(0.01, 0)).isCloseTo(1 - 0.99 * 0.99, within(1e-12));
        assertThat(BivariateNormal.minOfTwo(0.01, 1)).isCloseTo(0.01, within(1e-15));
        assertThat(BivariateNormal.minOfTwo(1e-12, 0.7)).isBetween(1e-12, 2e-12);
        assertThatThrownBy(() -> BivariateNormal.cdf(0, 0, 1.5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("rho in [-1, 1]");
        assertThatThrownBy(() -> BivariateNormal.minOfTwo(-0.1, 0.5)).isInstanceOf(IllegalArgumentException.class);
    }

    /** Between the smaller p and Bonferroni's bound, falling as the correlation rises, rising with the p-value. */
    @Property(tries = 300)
    void theCorrectionIsBoundedAndMonotone(@ForAll @DoubleRange(min = -9, max = -0.31) double log10p,
                                           @ForAll @DoubleRange(min = 0, max = 0.99) double rho,
                                           @ForAll @DoubleRange(min = 0, max = 0.99) double rho2) {
        double p = Math.pow(10, log10p);
        double a = BivariateNormal.minOfTwo(p, rho);
        assertThat(a).isBetween(p, Math.min(1, 2 * p));
        double lo = Math.min(rho, rho2);
        double hi = Math.max(rho, rho2);
        assertThat(BivariateNormal.minOfTwo(p, hi)).isLessThanOrEqualTo(BivariateNormal.minOfTwo(p, lo) * (1 + 1e-9));
        assertThat(BivariateNormal.minOfTwo(Math.min(0.5, p * 1.5), rho)).isGreaterThanOrEqualTo(a * (1 - 1e-9));
    }
}
