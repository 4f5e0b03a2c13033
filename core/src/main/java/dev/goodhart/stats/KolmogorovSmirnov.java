package dev.goodhart.stats;

import java.util.Arrays;
import java.util.Objects;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * The two-sample Kolmogorov-Smirnov test, matching R's {@code ks.test(a, b)} (R 4.2): the statistic {@code D} is the
 * largest distance between the two empirical distribution functions after each group of tied values (in integers); the
 * two-sided p-value is exact when {@code n * m < 10000} (R's default, with or without ties), else from the asymptotic
 * Kolmogorov distribution of {@code sqrt(n m / (n + m)) D}.
 *
 * <p>The exact p-value is R's {@code psmirnov} (Schroer &amp; Trenkler 1995 for ties): the paths of the two samples'
 * merged order, counted over the lattice of (values of a, values of b) taken so far; a path exceeds the statistic where
 * {@code |u / n - v / m| >= D} at the end of a group of tied values. R counts the paths that never do and returns one
 * minus their share, which leaves a p-value below about 1e-9 with few correct digits; here the paths that do are
 * counted where they first do, each weighted by its number of completions, and summed: every term positive, so a
 * p-value below 1/2 has full relative precision (above, one minus the share of the others, as R) (for a = 1..9 and b = 10..95: 1.70214e-12 = 2 / choose(95, 9), where R gives
 * 1.71008e-12). Elsewhere it equals R's to about 1e-15.
 *
 * <p>Stateless and thread-safe.
 */
public final class KolmogorovSmirnov {
    private static final int EXACT_LIMIT = 10_000;
    /** Path counts above this are divided by it (a power of two, so exactly), and its logarithm added to their scale. */
    private static final double RESCALE_ABOVE = 0x1p600;
    private static final double LOG_RESCALE = 600 * Math.log(2);

    private KolmogorovSmirnov() {
    }

    /**
     * Tests whether two samples come from the same distribution, choosing the exact or asymptotic p-value as R does by
     * default (exact when {@code n * m < 10000}, ties or not).
     *
     * @throws IllegalArgumentException if a sample has fewer than 2 values or holds NaN or infinite values
     */
    public static KsResult test(double[] a, double[] b) {
        check("a", a);
        check("b", b);
        return test(a, b, (long) a.length * b.length < EXACT_LIMIT);
    }

    /**
     * Tests with the exact p-value ({@code exact = true}, R's {@code exact = TRUE}, conditional on the ties where
     * there are any) or the asymptotic one.
     *
     * @throws IllegalArgumentException if a sample has fewer than 2 values or holds NaN or infinite values
     */
    public static KsResult test(double[] a, double[] b, boolean exact) {
        check("a", a);
        check("b", b);
        double[] x = a.clone();
        double[] y = b.clone();
        Arrays.sort(x);
        Arrays.sort(y);
        long distance = largestDistance(x, y);
        double d = distance / ((double) x.length * y.length);
        double p = exact ? exactP(distance, x, y)
                : new KolmogorovSmirnovTest().approximateP(d, a.length, b.length);
        return new KsResult(d, Math.min(1, Math.max(0, p)), a.length, b.length, exact);
    }

    /**
     * {@code n m D}: the largest {@code |m i - n j|} over the ends of the groups of tied values of the merged sorted
     * samples, where {@code i} values of x and {@code j} of y are at most the value (as R's {@code ks.test}, which
     * compares the distribution functions only after each group of ties; comparing inside a group, as Commons Math's
     * statistic does, overstates D: 0.6207 where R has 0.6026). Exact in integers.
     */
    private static long largestDistance(double[] x, double[] y) {
        int n = x.length;
        int m = y.length;
        int i = 0;
        int j = 0;
        long best = 0;
        while (i < n || j < m) {
            double v = j >= m || (i < n && x[i] <= y[j]) ? x[i] : y[j];
            while (i < n && x[i] == v) {
                i++;
            }
            while (j < m && y[j] == v) {
                j++;
            }
            best = Math.max(best, Math.abs((long) m * i - (long) n * j));
        }
        return best;
    }

    /**
     * {@code P(D >= d)} over the orders of the merged samples that keep their ties, as R's {@code psmirnov(d, sizes,
     * z, lower.tail = FALSE)}, summed over the paths that reach the statistic (see the class description); the
     * distances compared as integers ({@code n m} times the distance), where R compares them on a grid offset by half a
     * step.
     */
    private static double exactP(long distance, double[] a, double[] b) {
        int n = a.length;
        int m = b.length;
        int total = n + m;
        double[] merged = new double[total];
        System.arraycopy(a, 0, merged, 0, n);
        System.arraycopy(b, 0, merged, n, m);
        Arrays.sort(merged);
        // log(k!) for k = 0..total, for the completions choose(total - k, n - u) and the denominator choose(total, n)
        if (distance == 0) {
            return 1; // every order reaches a distance of 0
        }
        double[] logFactorial = new double[total + 1];
        for (int k = 2; k <= total; k++) {
            logFactorial[k] = org.apache.commons.math3.special.Gamma.logGamma(k + 1.0);
        }
        double logAll = logFactorial[total] - logFactorial[n] - logFactorial[m];
        // paths[u] = paths to (u, k - u) that have not yet reached the statistic at a checked step
        double[] paths = new double[n + 1];
        double[] next = new double[n + 1];
        paths[0] = 1;
        // the counts are kept as multiples of e^logScale: they reach choose(n + m, n), beyond a double from n = m = 515
        double logScale = 0;
        double p = 0;
        for (int k = 1; k <= total; k++) {
            int lo = Math.max(0, k - m);
            int hi = Math.min(k, n);
            double largest = 0;
            for (int u = lo; u <= hi; u++) {
                next[u] = paths[u] + (u >= 1 ? paths[u - 1] : 0); // a step in b, or one in a
                largest = Math.max(largest, next[u]);
            }
            if (largest > RESCALE_ABOVE) {
                for (int u = lo; u <= hi; u++) {
                    next[u] /= RESCALE_ABOVE;
                }
                logScale += LOG_RESCALE;
            }
            // the end of a group of tied values (or of the data): where the two distribution functions are compared
            boolean checked = k == total || merged[k - 1] != merged[k];
            for (int u = lo; u <= hi; u++) {
                if (checked && next[u] > 0 && Math.abs((long) m * u - (long) n * (k - u)) >= distance) {
                    // reached here first: its share of all orders is its paths times its completions
                    int rest = total - k;
                    double logCompletions = logFactorial[rest] - logFactorial[n - u] - logFactorial[m - (k - u)];
                    p += Math.exp(Math.log(next[u]) + logScale + logCompletions - logAll);
                    next[u] = 0;
                }
            }
            double[] t = paths;
            paths = next;
            next = t;
            Arrays.fill(next, 0);
        }
        // the paths that never reached it: where they are at most half of all, one minus their share is as precise
        // (and is R's formula)
        double never = Math.exp(Math.log(paths[n]) + logScale - logAll);
        return never <= 0.5 ? 1 - never : p;
    }

    private static void check(String name, double[] x) {
        Objects.requireNonNull(x, name);
        if (x.length < 2) {
            throw new IllegalArgumentException(name + ": at least 2 values are needed, found " + x.length);
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException(name + ": value " + (i + 1) + " is " + x[i] + ", expected a finite number");
            }
        }
    }
}
