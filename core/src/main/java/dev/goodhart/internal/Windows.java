package dev.goodhart.internal;

/** Extraction of complete (non-NaN) pairs and period-over-period changes within one window. */
public final class Windows {
    private Windows() {
    }

    /** Pairs {@code (x[t], y[t])} for t in [from, to) where both are present, as two arrays. */
    public static double[][] complete(double[] x, double[] y, int from, int to) {
        int n = 0;
        for (int t = from; t < to; t++) {
            if (!Double.isNaN(x[t]) && !Double.isNaN(y[t])) {
                n++;
            }
        }
        double[] a = new double[n];
        double[] b = new double[n];
        int k = 0;
        for (int t = from; t < to; t++) {
            if (!Double.isNaN(x[t]) && !Double.isNaN(y[t])) {
                a[k] = x[t];
                b[k++] = y[t];
            }
        }
        return new double[][] {a, b};
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
        int n = 0;
        for (int t = from + 1; t < to; t++) {
            if ((skip == null || !skip[t]) && present(x, y, t) && present(x, y, t - 1)) {
                n++;
            }
        }
        double[] a = new double[n];
        double[] b = new double[n];
        int k = 0;
        for (int t = from + 1; t < to; t++) {
            if ((skip == null || !skip[t]) && present(x, y, t) && present(x, y, t - 1)) {
                a[k] = x[t] - x[t - 1];
                b[k++] = y[t] - y[t - 1];
            }
        }
        return new double[][] {a, b};
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

    private static boolean present(double[] x, double[] y, int t) {
        return !Double.isNaN(x[t]) && !Double.isNaN(y[t]);
    }
}
