package dev.goodhart.detect;

import dev.goodhart.internal.Selection;
import dev.goodhart.internal.Windows;
import dev.goodhart.stats.Descriptive;
import java.util.Arrays;

/**
 * Common shocks: periods where the use and the outcome both jumped or collapsed at once (a holiday, an outage), which
 * say nothing about how the proxy tracks the outcome and are left out of the coupling and yield tests.
 */
final class CommonShocks {
    /** R's {@code mad} constant: the median absolute deviation times this estimates a normal standard deviation. */
    static final double MAD_TO_SD = 1.4826;

    private CommonShocks() {
    }

    /**
     * How many robust standard deviations a change must exceed in both series at once to be a common shock.
     */
    static final double SHOCK = 3.0;

    /** Common shocks are rare: above this share of the changes they are a rhythm and none is left out. */
    static final double MAX_SHOCK_SHARE = 0.2;

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
    static boolean[] of(double[] x, double[] y, int split) {
        return of(x, y, split, null);
    }

    /**
     * As {@link #of(double[], double[], int)}, the baseline window's changes taken from {@code memo} where it has them
     * (and kept there where it has not): they depend on the baseline's values alone.
     *
     * @param memo the pair's kept baseline statistics, or null
     */
    static boolean[] of(double[] x, double[] y, int split, BaselineMemo memo) {
        // the changes inside each window, each window's logarithms offset by its own c; none across the split
        boolean[] out = new boolean[x.length];
        double[] rx = windowChanges(x, y, x, split, memo, true);
        double[] cx = centreAndScale(Windows.finite(rx)); // a fresh array, reordered there
        if (!(cx[1] > 0) || !anyBeyond(rx, cx)) {
            return out; // no extreme change of the proxy: no common shock, and the outcome need not be looked at
        }
        double[] ry = windowChanges(x, y, y, split, memo, false);
        double[] cy = centreAndScale(Windows.finite(ry));
        if (!(cy[1] > 0)) {
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

    /** Whether some change lies more than {@value #SHOCK} robust standard deviations from the centre. */
    private static boolean anyBeyond(double[] changes, double[] centreAndScale) {
        for (double c : changes) {
            if (Math.abs(c - centreAndScale[0]) > SHOCK * centreAndScale[1]) {
                return true; // NaN compares false
            }
        }
        return false;
    }

    /**
     * {@link #logChanges} within {@code [0, split)} and within {@code [split, n)}; NaN at the split and elsewhere. The
     * baseline's part comes from {@code memo} when it has it (the proxy's or the outcome's), and is kept there when not.
     */
    private static double[] windowChanges(double[] x, double[] y, double[] v, int split, BaselineMemo memo,
                                          boolean proxy) {
        int cut = Math.max(0, Math.min(split, v.length));
        double[] out = new double[v.length];
        Arrays.fill(out, Double.NaN);
        double[] kept = memo == null ? null : proxy ? memo.shockChangesProxy : memo.shockChangesOutcome;
        if (kept != null) {
            System.arraycopy(kept, 0, out, 0, cut);
        } else {
            logChanges(x, y, v, 0, cut, out);
            if (memo != null) {
                double[] baseline = Arrays.copyOf(out, cut);
                if (proxy) {
                    memo.shockChangesProxy = baseline;
                } else {
                    memo.shockChangesOutcome = baseline;
                }
            }
        }
        logChanges(x, y, v, cut, v.length, out);
        return out;
    }

    /**
     * Into {@code out[t]} for t in {@code (from, to)} where both series are present at t and t - 1: the change of
     * {@code log(|v| + c)}, {@code c} 1% of the median of {@code |v|} over {@code [from, to)} (its mean where the median
     * is 0), so that a period of zero is a deep fall, not an undefined one; nothing when {@code c} is not positive.
     */
    private static void logChanges(double[] x, double[] y, double[] v, int from, int to, double[] out) {
        double[] magnitudes = new double[to - from];
        int n = 0;
        double sum = 0;
        for (int t = from; t < to; t++) {
            double m = Math.abs(v[t]);
            if (Double.isFinite(m)) {
                magnitudes[n++] = m;
                sum += m;
            }
        }
        if (n == 0) {
            return;
        }
        double c = 0.01 * median(magnitudes, n);
        if (!(c > 0)) {
            c = 0.01 * (sum / n);
        }
        if (!(c > 0) || !Double.isFinite(c)) {
            return;
        }
        // each period's logarithm is taken once and kept for the next change (the same values as taking it twice)
        double previous = Double.NaN;
        boolean previousPresent = false;
        for (int t = from; t < to; t++) {
            boolean here = present(x, y, t);
            double current = here ? Math.log(Math.abs(v[t]) + c) : Double.NaN;
            if (here && previousPresent) {
                out[t] = current - previous;
            }
            previous = current;
            previousPresent = here;
        }
    }

    private static boolean present(double[] x, double[] y, int t) {
        return !Double.isNaN(x[t]) && !Double.isNaN(y[t]);
    }


    /**
     * "; 2 periods where both series jumped or collapsed together (a holiday, an outage) left out" for a detail line,
     * empty for none.
     */
    static String note(int shocks) {
        return shocks == 0 ? "" : "; " + shocks + (shocks == 1 ? " period" : " periods")
                + " where both series jumped or collapsed together (a holiday, an outage) left out";
    }

    /**
     * {median, 1.4826 median absolute deviation (R's {@code mad})}; {NaN, 0} when empty. Reorders and overwrites
     * {@code v} (a median and the deviations' median are the same whatever the order).
     */
    static double[] centreAndScale(double[] v) {
        if (v.length == 0) {
            return new double[] {Double.NaN, 0};
        }
        double median = median(v, v.length);
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.abs(v[i] - median);
        }
        return new double[] {median, MAD_TO_SD * median(v, v.length)};
    }

    /**
     * The median of the first {@code n} values, as {@link Descriptive#medianOfSorted} gives it on the sorted values
     * (the mean of the two middle ones for even n), by selection in linear expected time: this runs twice per pair on
     * the scoring path (one call at 365 periods took 52 us with sorting, 26 us with selection). Reorders the values.
     */
    static double median(double[] v, int n) {
        int upper = n / 2;
        Selection.select(v, 0, n - 1, upper);
        if (n % 2 == 1) {
            return v[upper];
        }
        double lower = v[0];
        for (int i = 1; i < upper; i++) {
            lower = Math.max(lower, v[i]);
        }
        return (lower + v[upper]) / 2;
    }
}
