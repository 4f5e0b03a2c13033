package dev.goodhart.stats;

import java.util.Objects;
import dev.goodhart.internal.Normal;
import org.apache.commons.math3.distribution.TDistribution;
import org.apache.commons.math3.stat.correlation.KendallsCorrelation;
import org.apache.commons.math3.stat.correlation.SpearmansCorrelation;

/**
 * Correlation tests matching R's {@code cor.test} (Pearson with the Fisher-z 95% interval; Spearman and Kendall
 * with the asymptotic p-values R gives for {@code exact = FALSE}, or with {@code exact = true} the ones R's defaults
 * give small samples without ties). Pairs where either value is NaN are dropped.
 */
public final class Correlations {
    private static final double Z975 = 1.959963984540054;

    private Correlations() {
    }

    /**
     * Pearson's product-moment correlation with its t test and Fisher-z 95% confidence interval.
     *
     * @throws IllegalArgumentException if the arrays differ in length, fewer than 3 complete pairs remain, or either
     *                                  variable is constant
     */
    public static CorrelationTest pearson(double[] x, double[] y) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        double[][] xy = complete(x, y, 3);
        double r = pearsonEstimate(xy[0], xy[1]);
        int n = xy[0].length;
        double df = n - 2;
        double t = r * Math.sqrt(df / (1 - r * r));
        double p = twoSidedT(t, df);
        double lo = Double.NaN;
        double hi = Double.NaN;
        if (n > 3) {
            double z = atanh(r);
            double se = 1 / Math.sqrt(n - 3.0);
            lo = Math.tanh(z - Z975 * se);
            hi = Math.tanh(z + Z975 * se);
        }
        return new CorrelationTest("pearson", r, n, t, p, lo, hi);
    }

    /**
     * Spearman's rank correlation with R's asymptotic t approximation for the p-value ({@code exact = FALSE}).
     *
     * @throws IllegalArgumentException as {@link #pearson}
     */
    public static CorrelationTest spearman(double[] x, double[] y) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        return spearman(complete(x, y, 3));
    }

    /** {@link #spearman(double[], double[])} of complete pairs. */
    private static CorrelationTest spearman(double[][] xy) {
        double rho = new SpearmansCorrelation().correlation(xy[0], xy[1]);
        checkFinite(rho);
        int n = xy[0].length;
        double df = n - 2;
        double t = rho / Math.sqrt((1 - rho * rho) / df);
        return new CorrelationTest("spearman", rho, n, t, twoSidedT(t, df), Double.NaN, Double.NaN);
    }

    /**
     * Spearman's rank correlation with R's {@code exact} argument: {@code exact = false} is {@link #spearman(double[],
     * double[])}; {@code exact = true} (R's default for Spearman) gives, where there are no ties and at most 1,290
     * pairs, the p-value of Best and Roberts' algorithm AS 89 (Applied Statistics 24(3), 1975) on the statistic
     * {@code S = (n^3 - n)(1 - rho) / 6}: the exact share of permutations for n up to 9 (counted here by a dynamic
     * programme over the ranks placed so far), its Edgeworth series above; two-sided as R, twice the smaller tail. Then
     * the statistic reported is S, as R's; elsewhere (ties, more pairs) the t approximation, as R falls back to it.
     *
     * @throws IllegalArgumentException as {@link #pearson}
     */
    public static CorrelationTest spearman(double[] x, double[] y, boolean exact) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        double[][] xy = complete(x, y, 3);
        CorrelationTest approximate = spearman(xy);
        if (!exact) {
            return approximate;
        }
        int n = xy[0].length;
        if (n > 1290 || tied(xy)) {
            return approximate;
        }
        double rho = approximate.estimate();
        double cube = (double) n * n * n - n;
        double s = cube * (1 - rho) / 6;
        long rounded = Math.round(s);
        // the tail on the side of the statistic: small S is positive correlation (P(S <= s)), large S negative
        double tail = s > cube / 6 ? spearmanTail(n, rounded, true) : spearmanTail(n, rounded + 2, false);
        return new CorrelationTest("spearman", rho, n, s, Math.min(1, 2 * tail), Double.NaN, Double.NaN);
    }

    /** Coefficients of AS 89's Edgeworth series (Best and Roberts 1975). */
    private static final double[] EDGEWORTH = {
        0.2274, 0.2531, 0.1745, 0.0758, 0.1033, 0.3932, 0.0879, 0.0151, 0.0072, 0.0831, 0.0131, 4.6e-4};

    /**
     * {@code P(S >= s)} ({@code upper}) or {@code P(S < s)} for Spearman's S over the permutations of n ranks: exact up
     * to 9 ranks, AS 89's Edgeworth series above, each tail computed on its own side.
     */
    static double spearmanTail(int n, long s, boolean upper) {
        double most = ((double) n * n * n - n) / 3;
        if (s <= 0) {
            return upper ? 1 : 0;
        }
        if (s > most) {
            return upper ? 0 : 1;
        }
        if (n <= 9) {
            long[] counts = spearmanCounts(n, (int) most);
            long at = 0;
            long total = 0;
            for (int v = 0; v < counts.length; v++) {
                total += counts[v];
                if (upper == (v >= s)) {
                    at += counts[v];
                }
            }
            return (double) at / total;
        }
        double[] c = EDGEWORTH;
        double m = n;
        double b = 1 / m;
        double x = (6.0 * (s - 1) * b / (m * m - 1) - 1) * Math.sqrt(m - 1);
        double y = x * x;
        double u = x * b * (c[0] + b * (c[1] + c[2] * b) + y * (-c[3] + b * (c[4] + c[5] * b)
                - y * b * (c[6] + c[7] * b - y * (c[8] - c[9] * b + y * b * (c[10] - c[11] * y)))));
        double correction = u / Math.exp(y / 2);
        double p = upper ? correction + Normal.STANDARD.cumulativeProbability(-x)
                : -correction + Normal.STANDARD.cumulativeProbability(x);
        return Math.max(0, Math.min(1, p));
    }

    /** How many permutations of n ranks have each value of S = sum of squared rank differences, 0..most. */
    private static long[] spearmanCounts(int n, int most) {
        // counts[mask][partial S] over the ranks placed at the first bitCount(mask) positions
        long[][] counts = new long[1 << n][];
        counts[0] = new long[most + 1];
        counts[0][0] = 1;
        for (int mask = 0; mask < (1 << n) - 1; mask++) {
            if (counts[mask] == null) {
                continue;
            }
            int position = Integer.bitCount(mask);
            for (int rank = 0; rank < n; rank++) {
                if ((mask & (1 << rank)) != 0) {
                    continue;
                }
                int next = mask | (1 << rank);
                if (counts[next] == null) {
                    counts[next] = new long[most + 1];
                }
                int d2 = (position - rank) * (position - rank);
                for (int v = 0; v + d2 <= most; v++) {
                    counts[next][v + d2] += counts[mask][v];
                }
            }
            counts[mask] = null;
        }
        return counts[(1 << n) - 1];
    }

    /**
     * Kendall's tau with R's {@code exact} argument: {@code exact = false} is {@link #kendall(double[], double[])};
     * {@code exact = true} gives, where there are no ties, the exact p-value from the distribution of the number of
     * concordant pairs {@code T = (tau + 1) n (n - 1) / 4} over all permutations (R's {@code pkendall}), reporting T as
     * the statistic; each tail is summed on its own side (no {@code 1 - P}), twice the smaller, as R. R's default is
     * exact for fewer than 50 pairs: {@code kendall(x, y, n < 50)}. With ties the normal approximation, as R. Costs
     * O(n^3) time and O(n^2) memory.
     *
     * @throws IllegalArgumentException as {@link #pearson}
     */
    public static CorrelationTest kendall(double[] x, double[] y, boolean exact) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        double[][] xy = complete(x, y, 3);
        CorrelationTest approximate = kendall(xy);
        if (!exact) {
            return approximate;
        }
        int n = xy[0].length;
        if (tied(xy)) {
            return approximate;
        }
        double tau = approximate.estimate();
        int pairs = n * (n - 1) / 2;
        long t = Math.round((tau + 1) * n * (n - 1) / 4);
        // the distribution of the number of inversions of a random permutation, built one element at a time
        double[] p = {1};
        for (int k = 2; k <= n; k++) {
            double[] next = new double[p.length + k - 1];
            double window = 0;
            for (int v = 0; v < next.length; v++) {
                window += v < p.length ? p[v] : 0;
                if (v - k >= 0) {
                    window -= p[v - k];
                }
                next[v] = window / k;
            }
            p = next;
        }
        // T concordant pairs is pairs - T inversions, and the number of inversions is symmetric about pairs / 2, so
        // P(T <= t) = P(inversions <= t) and P(T >= t) = P(inversions <= pairs - t): both summed from the low end,
        // where the recursion's values are exact (its high end is the rounding left by subtracting large values)
        double lower = 0;
        for (long v = 0; v <= t; v++) {
            lower += p[(int) v];
        }
        double upper = 0;
        for (long v = 0; v <= pairs - t; v++) {
            upper += p[(int) v];
        }
        double tail = 2 * t > pairs ? upper : lower;
        return new CorrelationTest("kendall", tau, n, t, Math.min(1, 2 * tail), Double.NaN, Double.NaN);
    }

    /**
     * {@link #spearman(double[], double[])} of the first {@code n} pairs of {@code x} and {@code y}, the same test to
     * the last digit as that of copies of them, without the copies and without Commons Math's boxed ranking: when no
     * pair has a NaN, {@code x[0..n)} and {@code y[0..n)} are replaced by their ranks (ties averaged) and
     * {@code scratch} holds a sorted copy of one of them meanwhile, so the test allocates nothing that grows with
     * {@code n} (for a driver ranking one value per segment of millions). With a NaN it is computed on copies and the
     * arrays are left as they were.
     *
     * @param scratch at least {@code n} values, overwritten
     * @throws IllegalArgumentException as {@link #pearson}
     */
    public static CorrelationTest spearman(double[] x, double[] y, int n, double[] scratch) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        Objects.requireNonNull(scratch, "scratch");
        Objects.checkFromToIndex(0, n, Math.min(x.length, Math.min(y.length, scratch.length)));
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(x[i]) || Double.isNaN(y[i])) {
                return spearman(java.util.Arrays.copyOf(x, n), java.util.Arrays.copyOf(y, n));
            }
        }
        // complete()'s checks, in its order, on the values
        for (int i = 0; i < n; i++) {
            if (Double.isInfinite(x[i]) || Double.isInfinite(y[i])) {
                throw new IllegalArgumentException("correlation: infinite value at index " + i);
            }
        }
        if (n < 3) {
            throw new IllegalArgumentException("correlation: needs at least 3 complete pairs, found " + n);
        }
        if (Double.isNaN(pearsonEstimate(x, y, n))) {
            throw new IllegalArgumentException("correlation: undefined because a variable is constant");
        }
        // SpearmansCorrelation: Pearson's r (SimpleRegression, pairs in order) of the two NaturalRanking ranks, -0.0
        // read as the 0.0 it equals (as complete() does)
        for (int i = 0; i < n; i++) {
            x[i] += 0.0;
            y[i] += 0.0;
        }
        Ranks.averageInPlace(x, n, scratch);
        Ranks.averageInPlace(y, n, scratch);
        org.apache.commons.math3.stat.regression.SimpleRegression fit =
                new org.apache.commons.math3.stat.regression.SimpleRegression();
        for (int i = 0; i < n; i++) {
            fit.addData(x[i], y[i]);
        }
        double rho = fit.getR();
        checkFinite(rho);
        double df = n - 2;
        double t = rho / Math.sqrt((1 - rho * rho) / df);
        return new CorrelationTest("spearman", rho, n, t, twoSidedT(t, df), Double.NaN, Double.NaN);
    }

    /**
     * Kendall's tau-b with R's normal approximation including the tie correction ({@code exact = FALSE}).
     *
     * @throws IllegalArgumentException as {@link #pearson}
     */
    public static CorrelationTest kendall(double[] x, double[] y) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        return kendall(complete(x, y, 3));
    }

    /** {@link #kendall(double[], double[])} of complete pairs. */
    private static CorrelationTest kendall(double[][] xy) {
        double[] a = xy[0];
        double[] b = xy[1];
        double tau = new KendallsCorrelation().correlation(a, b);
        checkFinite(tau);
        int n = a.length;
        // S = sum of sign products; variance with ties as in R's cor.test (Hollander & Wolfe).
        double s = 0;
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                s += Math.signum(a[i] - a[j]) * Math.signum(b[i] - b[j]);
            }
        }
        double[] tx = tieSizes(a);
        double[] ty = tieSizes(b);
        double v0 = n * (n - 1.0) * (2.0 * n + 5);
        double vt = 0;
        double vu = 0;
        double v1a = 0;
        double v1b = 0;
        double v2a = 0;
        double v2b = 0;
        for (double t : tx) {
            vt += t * (t - 1) * (2 * t + 5);
            v1a += t * (t - 1);
            v2a += t * (t - 1) * (t - 2);
        }
        for (double u : ty) {
            vu += u * (u - 1) * (2 * u + 5);
            v1b += u * (u - 1);
            v2b += u * (u - 1) * (u - 2);
        }
        double v1 = v1a * v1b;
        double v2 = v2a * v2b;
        double var = (v0 - vt - vu) / 18 + v1 / (2.0 * n * (n - 1)) + v2 / (9.0 * n * (n - 1) * (n - 2));
        double z = s / Math.sqrt(var);
        double p = 2 * Normal.STANDARD.cumulativeProbability(-Math.abs(z));
        return new CorrelationTest("kendall", tau, n, z, Math.min(1, p), Double.NaN, Double.NaN);
    }

    /**
     * Pearson's r of two equally long arrays without NaN, from centred two-pass sums: each mean as R's (the sum over n,
     * corrected by the mean residual), the deviations from it scaled by a power of two (exact) so that their squares
     * neither overflow nor underflow (values beyond 2^1000 scaled by a power of two first), and
     * {@code r = sxy / sqrt(sxx syy)}, so that collinear data give 1 or -1 to within an ulp (exactly where the
     * deviations are exact, as for a slope of -1). Centring before anything else keeps the digits of data far from
     * zero (values around 1e6 that vary by 1e-3: relative error about 1e-15, where scaling the raw values first left
     * 7e-8). Returns NaN when either array is constant or not finite.
     */
    public static double pearsonEstimate(double[] x, double[] y) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        return pearsonEstimate(x, y, x.length);
    }

    /** {@link #pearsonEstimate(double[], double[])} of the first {@code n} pairs. */
    private static double pearsonEstimate(double[] x, double[] y, int n) {
        // values beyond 2^1000 are first scaled by a power of two (exact), so that neither their sum nor their
        // deviations overflow: {MAX_VALUE, -MAX_VALUE, MAX_VALUE} against {1, 2, 3} is r = 0, as R's cor
        double px = prescale(x, n);
        double py = prescale(y, n);
        if (!(px > 0) || !(py > 0)) {
            return Double.NaN;
        }
        double mx = mean(x, n, px);
        double my = mean(y, n, py);
        // the largest deviation sets a power-of-two scale: multiplying by it is exact
        double dxMax = 0;
        double dyMax = 0;
        for (int i = 0; i < n; i++) {
            dxMax = Math.max(dxMax, Math.abs(x[i] * px - mx));
            dyMax = Math.max(dyMax, Math.abs(y[i] * py - my));
        }
        if (dxMax == 0 || dyMax == 0 || !Double.isFinite(dxMax) || !Double.isFinite(dyMax)) {
            return Double.NaN;
        }
        double sx = Math.scalb(1.0, -Math.getExponent(dxMax));
        double sy = Math.scalb(1.0, -Math.getExponent(dyMax));
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            double dx = (x[i] * px - mx) * sx;
            double dy = (y[i] * py - my) * sy;
            sxx += dx * dx;
            syy += dy * dy;
            sxy += dx * dy;
        }
        if (sxx == 0 || syy == 0) {
            return Double.NaN;
        }
        double r = sxy / Math.sqrt(sxx * syy);
        if (Double.isNaN(r)) {
            return Double.NaN;
        }
        return Math.max(-1, Math.min(1, r));
    }

    /**
     * The power of two that brings the largest magnitude of {@code v[0, n)} to about 1 when it exceeds 2^1000, else 1;
     * 0 when a value is not finite (or all are 0).
     */
    private static double prescale(double[] v, int n) {
        double max = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, Math.abs(v[i]));
        }
        if (!Double.isFinite(max) || max == 0) {
            return 0;
        }
        return max > 0x1p1000 ? Math.scalb(1.0, -Math.getExponent(max)) : 1;
    }

    /** The mean of {@code scale v[0, n)} as R's {@code mean}: the sum over n, corrected by the mean residual. */
    private static double mean(double[] v, int n, double scale) {
        double sum = 0;
        for (int i = 0; i < n; i++) {
            sum += v[i] * scale;
        }
        double m = sum / n;
        double residual = 0;
        for (int i = 0; i < n; i++) {
            residual += v[i] * scale - m;
        }
        return m + residual / n;
    }

    /** Fisher's z transform, atanh(r). */
    public static double atanh(double r) {
        return 0.5 * Math.log((1 + r) / (1 - r));
    }

    private static double twoSidedT(double t, double df) {
        if (Double.isInfinite(t)) {
            return 0;
        }
        return Math.min(1, 2 * new TDistribution(null, df).cumulativeProbability(-Math.abs(t)));
    }

    private static void checkFinite(double r) {
        if (Double.isNaN(r)) {
            throw new IllegalArgumentException("correlation: undefined because a variable is constant");
        }
    }

    /** Whether either sample of complete pairs has tied values (then R has no exact p-value). */
    private static boolean tied(double[][] xy) {
        return tieSizes(xy[0]).length > 0 || tieSizes(xy[1]).length > 0;
    }

    private static double[] tieSizes(double[] v) {
        double[] sorted = v.clone();
        java.util.Arrays.sort(sorted);
        java.util.List<Double> sizes = new java.util.ArrayList<>();
        int i = 0;
        while (i < sorted.length) {
            int j = i;
            while (j + 1 < sorted.length && sorted[j + 1] == sorted[i]) {
                j++;
            }
            if (j > i) {
                sizes.add((double) (j - i + 1));
            }
            i = j + 1;
        }
        return sizes.stream().mapToDouble(Double::doubleValue).toArray();
    }

    /** Drops pairs with a NaN; checks lengths, size and non-constancy. */
    static double[][] complete(double[] x, double[] y, int min) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("correlation: x and y differ in length (" + x.length + " vs " + y.length + ")");
        }
        int n = 0;
        for (int i = 0; i < x.length; i++) {
            if (Double.isInfinite(x[i]) || Double.isInfinite(y[i])) {
                throw new IllegalArgumentException("correlation: infinite value at index " + i);
            }
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                n++;
            }
        }
        if (n < min) {
            throw new IllegalArgumentException("correlation: needs at least " + min + " complete pairs, found " + n);
        }
        double[] a = new double[n];
        double[] b = new double[n];
        int k = 0;
        for (int i = 0; i < x.length; i++) {
            if (!Double.isNaN(x[i]) && !Double.isNaN(y[i])) {
                // + 0.0 makes -0.0 the 0.0 it equals: ranked in Double.compare's order they had two ranks (R: one)
                a[k] = x[i] + 0.0;
                b[k++] = y[i] + 0.0;
            }
        }
        if (Double.isNaN(pearsonEstimate(a, b))) {
            throw new IllegalArgumentException("correlation: undefined because a variable is constant");
        }
        return new double[][] {a, b};
    }
}
