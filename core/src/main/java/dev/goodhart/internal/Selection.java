package dev.goodhart.internal;

import java.util.Arrays;

/** Selection of an order statistic in place, without branches on the data in its partitions. */
public final class Selection {
    private Selection() {
    }

    /**
     * Selection in place: afterwards {@code v[k]} is the k-th smallest of {@code v[lo..hi]} (by {@code <}), those
     * before it not above it and those after it not below it. A branch-free Lomuto partition around the median of the
     * values at a quarter, half and three quarters of the range; where nothing fell below the pivot, its ties are split
     * off so that runs of equal values (zero weeks) cannot stall it; past {@code 2 log2(n) + 8} passes the rest is
     * sorted, so no shape makes it quadratic. On random data the partition's comparisons are data-dependent branches
     * that a processor mispredicts half the time, which made up a tenth of a segment's examination; without the
     * branches a median of 365 random values took 2.0 µs instead of Hoare's 5.1 (same harness), and 0.83 µs instead of
     * 1.00 since the ties are split off only where they stall the partition (2026-12-06, another harness). (A first
     * version took its pivot from the ends and the middle: on a series in the shape of a V or a hump, in time order as
     * a window reads it, each pass removed about two values, 60 µs for a V of 365 and 575 µs of 1,095; a review found
     * it.)
     *
     * <p>{@code <} is {@link Double#compare}'s order except that it holds -0.0 and 0.0 equal and sees no NaN: callers
     * whose values may hold either use {@code Double.compare}'s order themselves (as {@code Descriptive} does).
     *
     * @param v  the values, without NaN; reordered in {@code [lo, hi]}
     * @param lo first index, inclusive
     * @param hi last index, inclusive
     * @param k  the index, in {@code [lo, hi]}, that is to hold its sorted value
     */
    public static void select(double[] v, int lo, int hi, int k) {
        int passes = 2 * (32 - Integer.numberOfLeadingZeros(hi - lo + 1)) + 8;
        while (hi - lo > 8) {
            if (passes-- == 0) {
                Arrays.sort(v, lo, hi + 1);
                return;
            }
            int quarter = (hi - lo) >>> 2;
            double a = v[lo + quarter];
            double b = v[(lo + hi) >>> 1];
            double c = v[hi - quarter];
            double pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
            // [lo, j) below the pivot, [j, hi] not: every value is swapped into place and j advances by the test's
            // result, not by a branch on it
            int j = lo;
            for (int i = lo; i <= hi; i++) {
                double t = v[i];
                v[i] = v[j];
                v[j] = t;
                j += t < pivot ? 1 : 0;
            }
            if (k < j) {
                hi = j - 1;
                continue;
            }
            if (j > lo) {
                lo = j; // the pivot's ties stay with those above it; the range shrank by those below
                continue;
            }
            // nothing was below the pivot: [lo, e) equal to it (it is among them), [e, hi] above it
            int e = j;
            for (int i = j; i <= hi; i++) {
                double t = v[i];
                v[i] = v[e];
                v[e] = t;
                e += t <= pivot ? 1 : 0;
            }
            if (k < e) {
                return;
            }
            lo = e;
        }
        for (int i = lo + 1; i <= hi; i++) { // insertion sort of the rest
            double t = v[i];
            int j = i - 1;
            while (j >= lo && v[j] > t) {
                v[j + 1] = v[j];
                j--;
            }
            v[j + 1] = t;
        }
    }
}
