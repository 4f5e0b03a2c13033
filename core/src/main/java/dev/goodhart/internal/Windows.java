package dev.goodhart.internal;

import java.util.Arrays;

/** Extraction of complete (non-NaN) pairs and period-over-period changes within one window. */
public final class Windows {
    private Windows() {
    }

    /** The finite values of {@code v} (neither NaN nor infinite), in order, in a new array. */
    public static double[] finite(double[] v) {
        double[] out = new double[v.length];
        int n = 0;
        for (double x : v) {
            if (Double.isFinite(x)) {
                out[n++] = x;
            }
        }
        return Arrays.copyOf(out, n);
    }

    /** Pairs {@code (x[t], y[t])} for t in [from, to) where both are present, as two arrays. */
    public static double[][] complete(double[] x, double[] y, int from, int to) {
        // one pass into arrays of the window's length, cut only when a value was missing
        int cap = Math.max(0, to - from);
        double[] a = new double[cap];
        double[] b = new double[cap];
        int k = 0;
        for (int t = from; t < to; t++) {
            double xt = x[t];
            double yt = y[t];
            if (xt == xt & yt == yt) { // neither is NaN
                a[k] = xt;
                b[k++] = yt;
            }
        }
        return k == cap ? new double[][] {a, b} : new double[][] {Arrays.copyOf(a, k), Arrays.copyOf(b, k)};
    }

    /**
     * Changes {@code (x[t] - x[t-1], y[t] - y[t-1])} for t in (from, to) where all four values are present. Changes
     * never cross the window boundary.
     */
    public static double[][] changes(double[] x, double[] y, int from, int to) {
        return changes(x, y, from, to, null);
    }

    /**
     * As {@link #changes(double[], double[], int, int)}, leaving out the periods flagged in {@code skip} (none when it
     * is null).
     */
    public static double[][] changes(double[] x, double[] y, int from, int to, boolean[] skip) {
        // one pass into arrays of the window's length less one, cut only when a change was left out; each period's
        // presence is tested once and kept for the next change (a live day ran this about ten times a segment)
        int cap = Math.max(0, to - from - 1);
        double[] a = new double[cap];
        double[] b = new double[cap];
        int k = 0;
        boolean previous = cap > 0 && x[from] == x[from] & y[from] == y[from];
        for (int t = from + 1; t < to; t++) {
            double xt = x[t];
            double yt = y[t];
            boolean here = xt == xt & yt == yt; // neither is NaN
            if (here & previous && (skip == null || !skip[t])) {
                a[k] = xt - x[t - 1];
                b[k++] = yt - y[t - 1];
            }
            previous = here;
        }
        return k == cap ? new double[][] {a, b} : new double[][] {Arrays.copyOf(a, k), Arrays.copyOf(b, k)};
    }

    /** How many periods in {@code (from, to)} are flagged; 0 when {@code flags} is null (none is). */
    public static int count(boolean[] flags, int from, int to) {
        if (flags == null) {
            return 0;
        }
        int n = 0;
        for (int t = from + 1; t < to; t++) {
            n += flags[t] ? 1 : 0;
        }
        return n;
    }

    /** Whether the array has at least two distinct values. */
    public static boolean varies(double[] v) {
        for (int i = 1; i < v.length; i++) {
            if (v[i] != v[0]) {
                return true;
            }
        }
        return false;
    }
}
