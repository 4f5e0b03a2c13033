package dev.goodhart.internal;

import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.special.Gamma;

/**
 * Upper-tail probabilities computed directly, never as {@code 1 - cdf}: {@code 1 - cdf} keeps 8-9 digits at
 * p = 2e-8 and none below 1e-16, where a one-sided p-value still has to rank findings for false-discovery control.
 */
public final class Tails {
    private Tails() {
    }

    /** {@code P(Z > z)} for a standard normal Z. */
    public static double normal(double z) {
        return Normal.STANDARD.cumulativeProbability(-z);
    }

    /**
     * {@code P(T > t)} for Student's t with {@code df} degrees of freedom (symmetric: the lower tail at -t); the
     * normal's where {@code df} is infinite (an error with no part estimated from few values).
     */
    public static double t(double t, double df) {
        if (Double.isNaN(t)) {
            return Double.NaN;
        }
        if (df == Double.POSITIVE_INFINITY) {
            return normal(t);
        }
        // P(T > t) = I_{df / (df + t^2)}(df / 2, 1 / 2) / 2 for t > 0, and 1 minus that for t < 0
        double x = df / (df + t * t);
        double half = 0.5 * Beta.regularizedBeta(x, df / 2, 0.5);
        return t >= 0 ? half : 1 - half;
    }

    /**
     * The normal z with the same upper tail as Student's t at {@code z} with {@code df} degrees of freedom (odd: the
     * lower tail's for a negative {@code z}). {@code z} itself where {@code df} is infinite or above 1e7 (t's tail is
     * then the normal's within 1e-3 in z even at z = 38, while the incomplete beta loses digits: 9% of the tail at df
     * 1e15) and where t's tail is below 1e-300 ({@code |z|} is beyond 37 there, the normal's own tail near underflow).
     * Monotone in {@code z} at a given {@code df}.
     */
    public static double normalEquivalentOfT(double z, double df) {
        if (!Double.isFinite(df) || df > 1e7 || !Double.isFinite(z)) {
            return z;
        }
        double tail = t(Math.abs(z), df);
        if (!(tail > 1e-300)) {
            return z;
        }
        double q = tail >= 0.5 ? 0 : normalQuantile(tail);
        return z >= 0 ? q : -q;
    }

    /**
     * The standard normal's {@code q} with {@code P(Z > q) = tail}, {@code 1e-300 < tail < 1/2}: Newton's method on the
     * logarithm of the tail, from the inverse normal where that has digits (above 1e-12; it is off by about 3e-6 there
     * and -inf below about 1e-17) and from {@code sqrt(-2 log tail)} below.
     */
    public static double normalQuantile(double tail) {
        double target = Math.log(tail);
        double q = tail > 1e-12 ? -Normal.STANDARD.inverseCumulativeProbability(tail) : Math.sqrt(-2 * target);
        for (int k = 0; k < 60; k++) {
            double logTail = Math.log(normal(q));
            // d log P(Z > q) / dq = -phi(q) / P(Z > q)
            double hazard = Math.exp(-q * q / 2 - 0.5 * Math.log(2 * Math.PI) - logTail);
            double step = (logTail - target) / hazard;
            if (!Double.isFinite(step)) {
                break;
            }
            q += step;
            if (Math.abs(step) <= 1e-15 * Math.max(1, Math.abs(q))) {
                break;
            }
        }
        return q;
    }

    /** {@code P(X > x)} for a chi-square X with {@code df} degrees of freedom. */
    public static double chiSquare(double x, double df) {
        if (!(x > 0)) {
            return Double.isNaN(x) ? Double.NaN : 1;
        }
        return Gamma.regularizedGammaQ(df / 2, x / 2);
    }

    /** {@code P(F > f)} for Fisher's F with {@code d1} and {@code d2} degrees of freedom. */
    public static double f(double f, double d1, double d2) {
        if (!(f > 0)) {
            return Double.isNaN(f) ? Double.NaN : 1;
        }
        return Beta.regularizedBeta(d2 / (d2 + d1 * f), d2 / 2, d1 / 2);
    }

    /** {@code P(X >= x)} for a binomial X of {@code n} trials with success probability {@code p}. */
    public static double binomialAtLeast(int x, int n, double p) {
        if (x <= 0) {
            return 1;
        }
        if (x > n) {
            return 0;
        }
        // P(X >= x) = I_p(x, n - x + 1)
        return Beta.regularizedBeta(p, x, n - x + 1.0);
    }
}
