package dev.goodhart.stats;

import dev.goodhart.internal.SafeUnit;
import dev.goodhart.internal.Selection;
import java.util.Arrays;
import java.util.Objects;

/**
 * Descriptive statistics of a sample: mean, median and quantiles (R's default, type 7), the one place the detectors and
 * the usage-log scorers take them from. The arrays passed in are never modified, except by the methods named in place.
 */
public final class Descriptive {
    private Descriptive() {
    }

    /**
     * The arithmetic mean.
     *
     * @param v the values
     * @return their mean, NaN for no values
     */
    public static double mean(double[] v) {
        Objects.requireNonNull(v, "v");
        return mean(v, 0, v.length);
    }

    /**
     * The arithmetic mean of {@code v[from]} to {@code v[to - 1]}.
     *
     * @param v    the values
     * @param from first index, inclusive
     * @param to   last index, exclusive
     * @return their mean, NaN for an empty range
     */
    public static double mean(double[] v, int from, int to) {
        Objects.requireNonNull(v, "v");
        Objects.checkFromToIndex(from, to, v.length);
        double s = 0;
        for (int i = from; i < to; i++) {
            s += v[i];
        }
        if (Double.isInfinite(s)) {
            // finite values whose sum overflows (values near 1e307): the same sum in a smaller unit
            return scaledMean(v, from, to, false, s);
        }
        return to == from ? Double.NaN : s / (to - from);
    }

    /**
     * The mean of the (finite) values in the least power of two that keeps their sum safe ({@link SafeUnit}), where
     * their plain sum {@code plain} overflowed: an exact change of unit, so the sum no longer does. Where the values
     * include an infinite one (not {@code finiteOnly}), the mean is infinite as their sum: {@code plain} over their
     * count.
     */
    private static double scaledMean(double[] v, int from, int to, boolean finiteOnly, double plain) {
        if (!finiteOnly) {
            for (int i = from; i < to; i++) {
                if (Double.isInfinite(v[i])) {
                    return plain / (to - from);
                }
            }
        }
        int k = SafeUnit.shift(v, from, to);
        double s = 0;
        int n = 0;
        for (int i = from; i < to; i++) {
            if (Double.isFinite(v[i])) {
                s += Math.scalb(v[i], -k);
                n++;
            }
        }
        return Math.scalb(s / n, k);
    }

    /**
     * The arithmetic mean of the finite values among {@code v[from]} to {@code v[to - 1]}: missing periods (NaN) and
     * infinities are left out.
     *
     * @param v    the values
     * @param from first index, inclusive
     * @param to   last index, exclusive
     * @return their mean, NaN when none is finite
     */
    public static double meanOfFinite(double[] v, int from, int to) {
        Objects.requireNonNull(v, "v");
        Objects.checkFromToIndex(from, to, v.length);
        double s = 0;
        int n = 0;
        for (int i = from; i < to; i++) {
            if (Double.isFinite(v[i])) {
                s += v[i];
                n++;
            }
        }
        if (Double.isInfinite(s)) {
            // finite values whose sum overflows (values near 1e307): the same sum in a smaller unit
            return scaledMean(v, from, to, true, s);
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /**
     * The median: the middle value, or the midpoint of the two middle values for an even count (R's {@code median}).
     *
     * @param v the values, in any order, without NaN (not checked: a NaN sorts above every number)
     * @return the median, NaN for no values
     */
    public static double median(double[] v) {
        return quantile(v, 0.5);
    }

    /**
     * The median of values already sorted ascending (no copy, no sort).
     *
     * @param sorted the values, ascending
     * @return the median, NaN for no values
     */
    public static double medianOfSorted(double[] sorted) {
        Objects.requireNonNull(sorted, "sorted");
        int n = sorted.length;
        if (n == 0) {
            return Double.NaN;
        }
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /**
     * The median of {@code v[from]} to {@code v[to - 1]} by selection in place: {@link #median} of a copy of that
     * range, to the last digit, without the copy or the sort (the range is reordered).
     *
     * @param v    the values, without NaN (as {@link #median})
     * @param from first index, inclusive
     * @param to   last index, exclusive
     * @return the median, NaN for an empty range
     */
    public static double medianInPlace(double[] v, int from, int to) {
        return quantileInPlace(v, from, to, 0.5);
    }

    /**
     * The {@code p} quantile of {@code v[from]} to {@code v[to - 1]} by selection in place (quickselect, expected
     * linear time, a sort past a depth limit; without branches on the data where the range holds neither NaN nor zero):
     * {@link #quantile} of a copy of that range, to the last digit, without the copy or the sort; the range is
     * reordered and nothing is allocated (for a driver holding one value per segment of millions).
     *
     * @param v    the values, without NaN (as {@link #quantile})
     * @param from first index, inclusive
     * @param to   last index, exclusive
     * @param p    the probability, in [0, 1]
     * @return the quantile, NaN for an empty range
     * @throws IllegalArgumentException if {@code p} is outside [0, 1]
     */
    public static double quantileInPlace(double[] v, int from, int to, double p) {
        Objects.requireNonNull(v, "v");
        Objects.checkFromToIndex(from, to, v.length);
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("p must be in [0, 1], found " + p);
        }
        int n = to - from;
        if (n == 0) {
            return Double.NaN;
        }
        // the order statistics quantile() reads from its sorted copy, in the same (Double.compare) order
        double index = 1 + (n - 1) * p;
        int lo = (int) Math.floor(index) - 1;
        double g = index - Math.floor(index);
        double a;
        if (neitherNanNorZero(v, from, to)) {
            // there < is Double.compare's order, and the partitions need no branch on the data
            Selection.select(v, from, to - 1, from + lo);
            a = v[from + lo];
        } else {
            a = select(v, from, to, from + lo);
        }
        if (g == 0) {
            return a;
        }
        double b = v[from + lo + 1];
        for (int i = from + lo + 2; i < to; i++) { // the next order statistic: the least of those after a
            if (Double.compare(v[i], b) < 0) {
                b = v[i];
            }
        }
        return b == a ? a : (1 - g) * a + g * b;
    }

    /** Whether {@code v[from..to)} holds no NaN and no zero of either sign (one pass, without branches). */
    private static boolean neitherNanNorZero(double[] v, int from, int to) {
        int odd = 0;
        for (int i = from; i < to; i++) {
            double x = v[i];
            odd |= (x != x) | (x == 0) ? 1 : 0;
        }
        return odd == 0;
    }

    /**
     * Reorders {@code v[lo..hi)} so that {@code v[k]} is the value a sort would put there, those before it not above
     * it and those after it not below it ({@link Double#compare}'s order); returns {@code v[k]}.
     */
    private static double select(double[] v, int lo, int hi, int k) {
        int depth = 2 * (32 - Integer.numberOfLeadingZeros(hi - lo)) + 8;
        while (hi - lo > 16) {
            if (depth-- == 0) {
                Ranks.sort(v, lo, hi);
                return v[k];
            }
            double x = v[lo];
            double y = v[(lo + hi) >>> 1];
            double z = v[hi - 1];
            double pivot = Double.compare(x, y) < 0
                    ? (Double.compare(y, z) < 0 ? y : Double.compare(x, z) < 0 ? z : x)
                    : (Double.compare(x, z) < 0 ? x : Double.compare(y, z) < 0 ? z : y);
            // three ways: [lo, lt) below the pivot, [lt, i) equal, (gt, hi) above
            int lt = lo;
            int i = lo;
            int gt = hi - 1;
            while (i <= gt) {
                int c = Double.compare(v[i], pivot);
                if (c < 0) {
                    double t = v[lt];
                    v[lt++] = v[i];
                    v[i++] = t;
                } else if (c > 0) {
                    double t = v[gt];
                    v[gt--] = v[i];
                    v[i] = t;
                } else {
                    i++;
                }
            }
            if (k < lt) {
                hi = lt;
            } else if (k > gt) {
                lo = gt + 1;
            } else {
                return v[k];
            }
        }
        for (int i = lo + 1; i < hi; i++) { // insertion sort of the rest
            double t = v[i];
            int j = i - 1;
            while (j >= lo && Double.compare(v[j], t) > 0) {
                v[j + 1] = v[j];
                j--;
            }
            v[j + 1] = t;
        }
        return v[k];
    }

    /**
     * The {@code p} quantile by linear interpolation between order statistics: R's {@code quantile(v, p, type = 7)},
     * its default, computed as R does ({@code h = (n - 1) p}, {@code (1 - g) x[floor h] + g x[floor h + 1]} with
     * {@code g = h - floor h}, so the digits agree with R's).
     *
     * @param v the values, in any order, without NaN (not checked: a NaN sorts above every number)
     * @param p the probability, in [0, 1]
     * @return the quantile, NaN for no values
     * @throws IllegalArgumentException if {@code p} is outside [0, 1]
     */
    public static double quantile(double[] v, double p) {
        Objects.requireNonNull(v, "v");
        if (!(p >= 0 && p <= 1)) {
            throw new IllegalArgumentException("p must be in [0, 1], found " + p);
        }
        int n = v.length;
        if (n == 0) {
            return Double.NaN;
        }
        double[] c = v.clone();
        Arrays.sort(c);
        double index = 1 + (n - 1) * p; // R's one-based index, so the fraction rounds as R's does
        int lo = (int) Math.floor(index) - 1;
        double g = index - Math.floor(index);
        return g == 0 || c[lo + 1] == c[lo] ? c[lo] : (1 - g) * c[lo] + g * c[lo + 1];
    }
}
