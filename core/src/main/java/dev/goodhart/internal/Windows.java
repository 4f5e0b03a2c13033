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
        int n = 0;
        for (int t = from + 1; t < to; t++) {
            if (present(x, y, t) && present(x, y, t - 1)) {
                n++;
            }
        }
        double[] a = new double[n];
        double[] b = new double[n];
        int k = 0;
        for (int t = from + 1; t < to; t++) {
            if (present(x, y, t) && present(x, y, t - 1)) {
                a[k] = x[t] - x[t - 1];
                b[k++] = y[t] - y[t - 1];
            }
        }
        return new double[][] {a, b};
    }

    /**
     * How many robust standard deviations a change must exceed in both series at once to be a {@linkplain
     * #commonShocks common shock}.
     */
    public static final double SHOCK = 3.0;

    /** Common shocks are rare: above this share of the changes they are a rhythm and none is left out. */
    public static final double MAX_SHOCK_SHARE = 0.2;

    /**
     * Common shocks: the periods {@code t} whose change from {@code t - 1} is, in both series at once, more than
     * {@value #SHOCK} robust standard deviations from the median change (1.4826 times the median absolute deviation of
     * the complete changes of both windows). A holiday or an outage stops the use and the
     * work together; such weeks say nothing about how the proxy tracks the outcome, yet two of them in a baseline of 15
     * weekly changes set its correlation. Changes are in {@code log(|v| + c)}, {@code c} 1% of the series' median
     * magnitude, since a collapse is a share of the level whatever the level (a zero is a deep fall). No period is a
     * shock in a series whose changes mostly do not vary (a zero scale), and none when more than {@value
     * #MAX_SHOCK_SHARE} of the changes would be (a weekly rhythm of use and work, which is the relation itself).
     *
     * <p>Changes are taken inside each window ({@code [0, split)} and {@code [split, n)}), each window's logarithms
     * offset by a {@code c} from its own values, and the median and spread from both windows' changes together; the
     * change across the split is never counted (no window counts it). So a level shift of the proxy at the split, or a
     * constant factor on the recent window, changes nothing.
     *
     * @param x the proxy, in its own units (not logarithms)
     * @param y the outcome, in its own units: a holiday lowers the use and may raise the outcome (a cycle time, in a
     *          week when nothing closes quickly) or lower it (tickets closed), so the direction is not asked
     * @param split the first period of the recent window
     * @return one flag per period; {@code [0]} and {@code [split]} are always false
     */
    public static boolean[] commonShocks(double[] x, double[] y, int split) {
        // the changes inside each window, each window's logarithms offset by its own c; none across the split
        double[] rx = windowChanges(x, y, x, split);
        double[] ry = windowChanges(x, y, y, split);
        boolean[] out = new boolean[x.length];
        double[] cx = centreAndScale(finite(rx));
        double[] cy = centreAndScale(finite(ry));
        if (!(cx[1] > 0) || !(cy[1] > 0)) {
            return out;
        }
        int found = 0;
        int changes = 0;
        for (int t = 1; t < x.length; t++) {
            out[t] = Double.isFinite(rx[t]) && Double.isFinite(ry[t]) && Math.abs(rx[t] - cx[0]) > SHOCK * cx[1]
                    && Math.abs(ry[t] - cy[0]) > SHOCK * cy[1];
            found += out[t] ? 1 : 0;
            changes += Double.isFinite(rx[t]) && Double.isFinite(ry[t]) ? 1 : 0;
        }
        if (found > MAX_SHOCK_SHARE * changes) {
            // a rhythm, not an event: weekends where use and work both stop are how the two series move together
            // (dummy agents that run on Sundays break it), so nothing is left out
            return new boolean[x.length];
        }
        return out;
    }

    /** {@link #logChanges} within {@code [0, split)} and within {@code [split, n)}, NaN at the split. */
    private static double[] windowChanges(double[] x, double[] y, double[] v, int split) {
        int cut = Math.max(0, Math.min(split, v.length));
        double[] out = new double[v.length];
        java.util.Arrays.fill(out, Double.NaN);
        double[] before = logChanges(java.util.Arrays.copyOfRange(x, 0, cut), java.util.Arrays.copyOfRange(y, 0, cut),
                java.util.Arrays.copyOfRange(v, 0, cut));
        double[] after = logChanges(java.util.Arrays.copyOfRange(x, cut, v.length),
                java.util.Arrays.copyOfRange(y, cut, v.length), java.util.Arrays.copyOfRange(v, cut, v.length));
        System.arraycopy(before, 0, out, 0, before.length);
        if (after.length > 1) {
            System.arraycopy(after, 1, out, cut + 1, after.length - 1);
        }
        return out;
    }

    /**
     * Changes of {@code log(|v| + c)} at every period where both series are present then and before, NaN elsewhere;
     * {@code c} is 1% of the median of {@code |v|} (its mean where the median is 0), so that a period of zero is a deep
     * fall, not an undefined one.
     */
    private static double[] logChanges(double[] x, double[] y, double[] v) {
        double[] magnitudes = finite(java.util.Arrays.stream(v).map(Math::abs).toArray());
        double[] out = new double[v.length];
        java.util.Arrays.fill(out, Double.NaN);
        if (magnitudes.length == 0) {
            return out;
        }
        java.util.Arrays.sort(magnitudes);
        double c = 0.01 * medianOfSorted(magnitudes);
        if (!(c > 0)) {
            c = 0.01 * java.util.Arrays.stream(magnitudes).average().orElse(0);
        }
        if (!(c > 0) || !Double.isFinite(c)) {
            return out;
        }
        for (int t = 1; t < v.length; t++) {
            if (present(x, y, t) && present(x, y, t - 1)) {
                out[t] = Math.log(Math.abs(v[t]) + c) - Math.log(Math.abs(v[t - 1]) + c);
            }
        }
        return out;
    }

    private static double[] finite(double[] v) {
        return java.util.Arrays.stream(v).filter(Double::isFinite).toArray();
    }

    /** As {@link #changes(double[], double[], int, int)}, leaving out the periods flagged in {@code skip}. */
    public static double[][] changes(double[] x, double[] y, int from, int to, boolean[] skip) {
        int n = 0;
        for (int t = from + 1; t < to; t++) {
            if (!skip[t] && present(x, y, t) && present(x, y, t - 1)) {
                n++;
            }
        }
        double[] a = new double[n];
        double[] b = new double[n];
        int k = 0;
        for (int t = from + 1; t < to; t++) {
            if (!skip[t] && present(x, y, t) && present(x, y, t - 1)) {
                a[k] = x[t] - x[t - 1];
                b[k++] = y[t] - y[t - 1];
            }
        }
        return new double[][] {a, b};
    }

    /** How many periods in {@code (from, to)} are flagged. */
    public static int count(boolean[] flags, int from, int to) {
        int n = 0;
        for (int t = from + 1; t < to; t++) {
            n += flags[t] ? 1 : 0;
        }
        return n;
    }

    /**
     * "; 2 periods where both series jumped or collapsed together (a holiday, an outage) left out" for a detail line,
     * empty for none.
     */
    public static String shockNote(int shocks) {
        return shocks == 0 ? "" : "; " + shocks + (shocks == 1 ? " period" : " periods")
                + " where both series jumped or collapsed together (a holiday, an outage) left out";
    }

    /** {median, 1.4826 median absolute deviation}; {NaN, 0} when empty. */
    private static double[] centreAndScale(double[] v) {
        if (v.length == 0) {
            return new double[] {Double.NaN, 0};
        }
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        double median = medianOfSorted(s);
        for (int i = 0; i < s.length; i++) {
            s[i] = Math.abs(v[i] - median);
        }
        java.util.Arrays.sort(s);
        return new double[] {median, 1.4826 * medianOfSorted(s)};
    }

    private static double medianOfSorted(double[] s) {
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
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
