package dev.goodhart.stats;

import java.util.Objects;
import org.apache.commons.math3.exception.NotANumberException;

/**
 * Ranks and sorting of primitive arrays in place, for a driver that ranks one value per segment of millions: nothing
 * is allocated, nothing boxed. The ranks are those of Commons Math's {@code NaturalRanking} with ties averaged (its
 * default), to the last digit; the order is {@link Double#compare}'s, the order {@link java.util.Arrays#sort(double[])}
 * gives ({@code -0.0} before {@code 0.0}).
 */
public final class Ranks {
    private Ranks() {
    }

    /**
     * Sorts {@code v[from]} to {@code v[to - 1]} ascending in {@link Double#compare}'s order, in place (heapsort:
     * no buffer, unlike {@code Arrays.sort}, which may take one as large as the array for data in long runs).
     *
     * @param v    the values
     * @param from first index, inclusive
     * @param to   last index, exclusive
     */
    public static void sort(double[] v, int from, int to) {
        Objects.requireNonNull(v, "v");
        Objects.checkFromToIndex(from, to, v.length);
        int n = to - from;
        for (int i = n / 2 - 1; i >= 0; i--) {
            siftDown(v, from, i, n);
        }
        for (int end = n - 1; end > 0; end--) {
            double t = v[from];
            v[from] = v[from + end];
            v[from + end] = t;
            siftDown(v, from, 0, end);
        }
    }

    private static void siftDown(double[] v, int base, int i, int n) {
        double x = v[base + i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= n) {
                break;
            }
            if (child + 1 < n && Double.compare(v[base + child + 1], v[base + child]) > 0) {
                child++;
            }
            if (Double.compare(v[base + child], x) <= 0) {
                break;
            }
            v[base + i] = v[base + child];
            i = child;
        }
        v[base + i] = x;
    }

    /**
     * The rank of {@code x} among {@code sorted[0..n)}, ties averaged: what {@code NaturalRanking} gives {@code x}
     * when ranking those values, to the last digit.
     *
     * @param sorted values sorted by {@link #sort}, without NaN
     * @param n      how many
     * @param x      one of them
     * @return its rank, from 1
     * @throws IllegalArgumentException if {@code x} is not among them
     */
    public static double averageRank(double[] sorted, int n, double x) {
        Objects.requireNonNull(sorted, "sorted");
        Objects.checkFromToIndex(0, n, sorted.length);
        int lo = 0;
        int hi = n;
        while (lo < hi) { // the first value not below x
            int mid = (lo + hi) >>> 1;
            if (Double.compare(sorted[mid], x) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int first = lo;
        hi = n;
        while (lo < hi) { // the first value above x
            int mid = (lo + hi) >>> 1;
            if (Double.compare(sorted[mid], x) <= 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        int length = lo - first;
        if (length == 0) {
            throw new IllegalArgumentException("rank: " + x + " is not among the values");
        }
        double c = first + 1; // NaturalRanking's position of the tie's first value
        return length == 1 ? c : (2 * c + length - 1) / 2d;
    }

    /**
     * Replaces {@code v[0..n)} by their ranks, ties averaged: {@code NaturalRanking}'s default ranks, to the last
     * digit, without its boxed pairs.
     *
     * @param v       the values, replaced by their ranks
     * @param n       how many
     * @param scratch at least {@code n} values, overwritten (a sorted copy)
     * @throws NotANumberException for a NaN, as {@code NaturalRanking} by default
     */
    public static void averageInPlace(double[] v, int n, double[] scratch) {
        Objects.requireNonNull(v, "v");
        Objects.requireNonNull(scratch, "scratch");
        Objects.checkFromToIndex(0, n, Math.min(v.length, scratch.length));
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(v[i])) {
                throw new NotANumberException();
            }
        }
        System.arraycopy(v, 0, scratch, 0, n);
        sort(scratch, 0, n);
        for (int i = 0; i < n; i++) {
            v[i] = averageRank(scratch, n, v[i]);
        }
    }
}
