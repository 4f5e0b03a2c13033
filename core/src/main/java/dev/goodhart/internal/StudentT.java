package dev.goodhart.internal;

import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.special.Beta;
import org.apache.commons.math3.util.ContinuedFraction;

/** Student's t quantiles to about the last digit, as R's {@code qt}. */
public final class StudentT {
    /** The continued fraction's relative convergence (Commons Math's default, 1e-14, leaves 1e-11 at large df). */
    private static final double EPSILON = 1e-15;
    private static final int MAX_ITERATIONS = 10_000;

    private StudentT() {
    }

    /**
     * The quantile of {@code p} with {@code df} degrees of freedom, as R's {@code qt}: closed forms for 1 and 2
     * degrees of freedom; above 400,000 the inverse of the normal approximation R's {@code pt} uses there (Abramowitz
     * and Stegun 26.7.8); otherwise Commons Math's quantile (found by a solver to an absolute accuracy of 1e-9: up to
     * 2.3e-10 relative from {@code qt}, e.g. 1.9623390803742 against 1.9623390808264 at 0.975 with 1,000 degrees of
     * freedom) refined by Newton steps on {@link #lowerTail}, on the lower tail, and {@code -quantile(df, 1 - p)} above
     * 0.5 ({@code 1 - p} is exact there). Measured against R 4.2.2's {@code qt} and 40-digit mpmath (2026-12-07): for p
     * from 0.5005 to 0.9999 within 5e-14 relative up to 30,000 degrees of freedom, and near the median (p up to 0.55)
     * with any; in the tails with more degrees of freedom up to 1.1e-12 at 100,000 and 3.3e-12 at 300,000 (the
     * continued fraction's rounding).
     * Infinite at 0 and 1, NaN outside [0, 1].
     *
     * @throws IllegalArgumentException if {@code df} is not positive
     */
    public static double quantile(double df, double p) {
        if (!(df > 0)) {
            throw new IllegalArgumentException("degrees of freedom must be positive, found " + df);
        }
        if (!(p >= 0 && p <= 1)) {
            return Double.NaN;
        }
        if (p == 0 || p == 1) {
            return p == 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (p > 0.5) {
            return -quantile(df, 1 - p);
        }
        if (p == 0.5) {
            return 0;
        }
        if (df == 1) { // Cauchy: tan(pi (p - 1/2)) = -1 / tan(pi p)
            return -1 / Math.tan(Math.PI * p);
        }
        if (df == 2) {
            return (2 * p - 1) / Math.sqrt(2 * p * (1 - p));
        }
        if (df > 4e5) { // R's pt: pnorm(x (1 - v) / sqrt(1 + 2 v x^2)), v = 1 / (4 df), solved for x
            double z = Normal.quantile(p);
            double v = 1 / (4 * df);
            return z / Math.sqrt((1 - v) * (1 - v) - 2 * v * z * z);
        }
        TDistribution t = new TDistribution(null, df);
        if (p < FAR_TAIL) {
            return farTail(t, df, p);
        }
        double x = t.inverseCumulativeProbability(p);
        if (!(x > -1e100)) {
            return farTail(t, df, p); // a quantile where x^2 overflows (df well below 1): no start for Newton here
        }
        for (int step = 0; step < 8 && x < 0; step++) {
            double density = t.density(x);
            if (!(density > 0)) {
                break;
            }
            double next = x - residual(df, x, p) / density;
            if (!(next < 0)) {
                next = x / 2; // the lower tail's quantile is negative: a step past 0 is halved instead
            }
            if (next == x || !Double.isFinite(next)) {
                break;
            }
            boolean converged = Math.abs(next - x) <= 1e-15 * Math.abs(next);
            x = next;
            if (converged) {
                break;
            }
        }
        return x;
    }

    /**
     * {@code lowerTail(df, x) - p} for {@code x <= 0}; near the median as {@code (1/2 - p) - centralMass / 2}, so that
     * neither 1/2 less the small central mass nor the difference of two numbers near 1/2 loses the digits of a small
     * quantile ({@code 1/2 - p} is exact there).
     */
    private static double residual(double df, double x, double p) {
        double x2 = x * x;
        double d = df + x2;
        double central = regularizedBeta(x2 / d, df / d, 0.5, 0.5 * df); // P(|T| < |x|)
        return central < 0.5 ? (0.5 - p) - 0.5 * central : lowerTail(df, x) - p;
    }

    /** Below this Commons Math's quantile is no start for Newton's method (at 1e-20 with 1,000 df: -5e9 for -9.47). */
    private static final double FAR_TAIL = 1e-12;

    /**
     * The quantile of a {@code p} below {@link #FAR_TAIL}: {@code log lowerTail(x) = log p} solved between the normal
     * quantile (t's tail is the heavier, so its quantile lies beyond) and a bound found by quadrupling it, by Newton
     * steps kept inside the bracket, bisected in {@code log(-x)} where a step would leave it.
     */
    private static double farTail(TDistribution t, double df, double p) {
        double logP = Math.log(p);
        double hi = Normal.quantile(p);
        double lo = hi;
        for (int k = 0; k < 2_000 && farGap(df, lo, logP) > 0; k++) {
            lo *= 4;
            if (!Double.isFinite(lo)) {
                return lo;
            }
        }
        double x = hi;
        for (int k = 0; k < 400; k++) {
            double gap = farGap(df, x, logP);
            if (gap == 0) {
                return x;
            }
            if (gap > 0) {
                hi = x;
            } else {
                lo = x;
            }
            if (hi - lo <= 1e-15 * Math.abs(hi)) {
                break;
            }
            // Newton on log lowerTail: its slope is density / lowerTail, the tail being exp(gap + logP)
            double next = x - gap * Math.exp(gap + logP) / t.density(x);
            if (!(next > lo && next < hi)) {
                next = -Math.exp(0.5 * (Math.log(-lo) + Math.log(-hi)));
                if (!(next > lo && next < hi)) {
                    next = 0.5 * (lo + hi);
                }
            }
            x = next;
        }
        return x;
    }

    /**
     * {@code log lowerTail(df, x) - logP}. Beyond |x| = 1e100 from the tail's leading term in logarithms, {@code
     * log(1/2) + (df/2) log(df / x^2) - log(df/2) - log B(df/2, 1/2)} (its next terms are below 1e-100 relative), so
     * that a tail below the smallest double (a df below 1 at p 1e-200 has its quantile beyond 1e200) still has a
     * logarithm.
     */
    private static double farGap(double df, double x, double logP) {
        if (-x > 1e100) {
            double a = 0.5 * df;
            double logR = Math.log(df) - 2 * Math.log(-x);
            return Math.log(0.5) + a * logR - Math.log(a) - Beta.logBeta(a, 0.5) - logP;
        }
        return Math.log(lowerTail(df, x)) - logP;
    }

    /**
     * The distribution function at {@code x} (one less that at {@code -x} above 0) with {@code df} degrees of freedom,
     * {@code I(df / (df + x^2); df/2, 1/2) / 2}, from a regularized incomplete beta function that is given both {@code
     * df / (df + x^2)} and its complement {@code x^2 / (df + x^2)}, so that neither is formed as one less the other.
     * Commons Math's forms {@code 1 - x} inside (its distribution function and its beta's {@code b log(1 - x)}
     * prefactor alike), which lost the digits of a small {@code x^2 / df}: near the median up to 2e-8, at 0.975 up to
     * 6e-12 relative at 300,000 degrees of freedom.
     */
    static double lowerTail(double df, double x) {
        if (x > 0) {
            return 1 - lowerTail(df, -x);
        }
        double ax = -x;
        if (ax > 1e100) {
            // x^2 would overflow beyond 1.3e154 (the quantiles of tiny p with df below 1 lie there): df / x^2 instead
            double r = df / ax / ax;
            return ax == Double.POSITIVE_INFINITY ? 0 : 0.5 * regularizedBeta(r / (1 + r), 1 / (1 + r), 0.5 * df, 0.5);
        }
        double x2 = x * x;
        double d = df + x2;
        return 0.5 * regularizedBeta(df / d, x2 / d, 0.5 * df, 0.5);
    }

    /**
     * The regularized incomplete beta function {@code I(x; a, b)} with {@code y = 1 - x} given, not formed: the
     * prefactor {@code x^a y^b / (a B(a, b))} from {@code log x} and {@code log y} (each from the smaller of the two),
     * the continued fraction of Commons Math's {@code Beta.regularizedBeta} (in {@code x}), and above {@code (a + 1) /
     * (a + b + 2)} one less the function of the complement, as there.
     */
    static double regularizedBeta(double x, double y, double a, double b) {
        if (x <= 0) {
            return 0;
        }
        if (y <= 0) {
            return 1;
        }
        return x > (a + 1) / (a + b + 2) ? 1 - fraction(y, x, b, a) : fraction(x, y, a, b);
    }

    /** {@link #regularizedBeta} by its continued fraction in {@code x}, without the turn to the complement. */
    private static double fraction(double x, double y, double a, double b) {
        ContinuedFraction fraction = new ContinuedFraction() {
            @Override
            protected double getB(int n, double v) {
                if (n % 2 == 0) {
                    double m = n / 2.0;
                    return (m * (b - m) * v) / ((a + 2 * m - 1) * (a + 2 * m));
                }
                double m = (n - 1) / 2.0;
                return -((a + m) * (a + b + m) * v) / ((a + 2 * m) * (a + 2 * m + 1));
            }

            @Override
            protected double getA(int n, double v) {
                return 1.0;
            }
        };
        // log x as log1p(-y) where x is near 1, and so for y: b log y is b log1p(-x) for a large b and a small x
        double logX = x < 0.5 ? Math.log(x) : Math.log1p(-y);
        double logY = y < 0.5 ? Math.log(y) : Math.log1p(-x);
        return Math.exp(a * logX + b * logY - Math.log(a) - Beta.logBeta(a, b))
                / fraction.evaluate(x, EPSILON, MAX_ITERATIONS);
    }
}
