package dev.goodhart.detect;

import dev.goodhart.internal.Text;

/**
 * Logarithms of series that may hold zero periods (a day with no failed change, a count of 0): a zero is data, so it
 * is kept as {@code log(v + c)} with the offset {@code c} half the baseline mean, which scales with the series (the
 * analysis stays scale-free) and keeps a zero period within a few log points of the rest.
 */
final class LogScale {
    private LogScale() {
    }

    /**
     * The offset for {@code log(v + c)}: 0 when every present value is positive; half the mean of the present values
     * in {@code [0, baselineEnd)} when some are zero; NaN when a value is negative, infinite, or the baseline has no
     * positive mean (the caller skips with a reason).
     */
    static double offset(double[] v, int baselineEnd) {
        boolean zero = false;
        for (double x : v) {
            if (x < 0 || Double.isInfinite(x)) {
                return Double.NaN;
            }
            zero |= x == 0;
        }
        if (!zero) {
            return 0;
        }
        double sum = 0;
        int n = 0;
        for (int t = 0; t < Math.min(baselineEnd, v.length); t++) {
            if (!Double.isNaN(v[t])) {
                sum += v[t];
                n++;
            }
        }
        double offset = n > 0 && sum > 0 ? 0.5 * sum / n : Double.NaN;
        return offset > 0 ? offset : Double.NaN; // half a mean of subnormal values can underflow to 0: log(0) = -inf
    }

    /**
     * A pair's proxy and outcome values of another reading (weekly means of a daily pair) logged and signed as {@link
     * PairSeries} logs its own ({@code log(v + c)}, {@code c} each one's {@link #offset} from its first {@code
     * baselineEnd} values; the proxy signed as more use, the outcome as better): {x, y}, or null where an offset is NaN
     * or a logarithm infinite. NaN values stay NaN.
     */
    static double[][] signedLogs(PairSeries pair, double[] proxy, double[] outcome, int baselineEnd) {
        double cp = offset(proxy, baselineEnd);
        double co = offset(outcome, baselineEnd);
        if (Double.isNaN(cp) || Double.isNaN(co)) {
            return null;
        }
        double xs = pair.proxySign() * pair.link().expectedSign();
        double ys = pair.outcomeSign();
        double[] x = new double[proxy.length];
        double[] y = new double[proxy.length];
        for (int k = 0; k < x.length; k++) {
            x[k] = xs * Math.log(proxy[k] + cp);
            y[k] = ys * Math.log(outcome[k] + co);
            if (Double.isInfinite(x[k]) || Double.isInfinite(y[k])) {
                return null;
            }
        }
        return new double[][] {x, y};
    }

    /**
     * The pair's signed logarithms as the intervention response and the change-point search read them: {@link
     * PairSeries#activeLogs()}, except for a daily series whose baseline zeros all fall on weekdays that were 0
     * throughout the baseline (a five-day week's use, 0 on Saturdays and Sundays): its logarithm is then {@code log v}
     * without an offset, and the days on those weekdays (and any other day of 0) are left out. With the offset {@code c}
     * (half the baseline mean) added to every day, a use that rose 1.8-fold read as "stepped 40% higher" (a newcomer's
     * five-day week), the offset diluting the step on the working days. Decided from the baseline alone, so a live
     * scorer's kept baseline statistics read the same logarithms. Null where {@code activeLogs} is. Read through
     * {@link PairSeries#readLogs()}, which keeps them for the detectors that ask.
     */
    static double[][] readLogs(PairSeries pair) {
        double[][] standard = pair.activeLogs();
        if (standard == null || pair.granularity() != dev.goodhart.model.Granularity.DAY) {
            return standard;
        }
        double[][] active = pair.activeValues();
        int firstDay = pair.start().getDayOfWeek().getValue() - 1;
        boolean[] zp = zeroWeekdays(active[0], pair.split(), firstDay);
        boolean[] zo = zeroWeekdays(active[1], pair.split(), firstDay);
        if (zp == null && zo == null) {
            return standard;
        }
        double xs = pair.proxySign() * pair.link().expectedSign();
        double ys = pair.outcomeSign();
        int n = active[0].length;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int t = 0; t < n; t++) {
            int d = (firstDay + t) % 7;
            double p = active[0][t];
            double o = active[1][t];
            boolean out = zp != null && (zp[d] || p == 0) || zo != null && (zo[d] || o == 0);
            x[t] = out ? Double.NaN : zp != null ? xs * Math.log(p) : standard[0][t];
            y[t] = out ? Double.NaN : zo != null ? ys * Math.log(o) : standard[1][t];
        }
        return new double[][] {x, y};
    }

    /**
     * The weekdays on which {@code v} was 0 throughout its first {@code split} values (each seen at least twice), where
     * every zero of that baseline falls on one of them; else null (no zero, or zeros on other days too).
     */
    private static boolean[] zeroWeekdays(double[] v, int split, int firstDay) {
        int[] seen = new int[7];
        int[] zeros = new int[7];
        int all = 0;
        for (int t = 0; t < Math.min(split, v.length); t++) {
            if (!Double.isNaN(v[t])) {
                seen[(firstDay + t) % 7]++;
                zeros[(firstDay + t) % 7] += v[t] == 0 ? 1 : 0;
                all += v[t] == 0 ? 1 : 0;
            }
        }
        if (all == 0) {
            return null;
        }
        boolean[] out = new boolean[7];
        int onThem = 0;
        for (int d = 0; d < 7; d++) {
            out[d] = seen[d] >= 2 && zeros[d] == seen[d];
            onThem += out[d] ? zeros[d] : 0;
        }
        return onThem == all ? out : null;
    }

    /**
     * The share of a series' baseline days that are 0 from which the intervention response and the change-point search
     * read a daily pair in weekly means of its values ({@link #baselineZeroShare}): a use uploaded every few days, a
     * failure count that is mostly 0.
     */
    static final double SPARSE_SHARE = 0.25;

    /**
     * The largest share, of the proxy's and the outcome's zeros among the baseline days the daily regression reads
     * (both series with a value, the days on which both stopped left out), not counting a weekday on which the series
     * was 0 throughout the baseline: the weekday indicators take that level as it is (a five-day week's use, 0 on
     * Saturdays and Sundays, is 29% zeros and was read in weeks, a reviewer found). Read through {@link
     * PairSeries#baselineZeroShare()}, which keeps it for the detectors that ask.
     */
    static double baselineZeroShare(PairSeries pair) {
        double[] p = pair.proxyValues();
        double[] o = pair.outcomeValues();
        boolean[] idle = pair.idleDays();
        int end = Math.min(pair.split(), p.length);
        int firstDay = pair.granularity() == dev.goodhart.model.Granularity.DAY
                ? pair.start().getDayOfWeek().getValue() - 1 : 0;
        double share = 0;
        for (double[] v : new double[][] {p, o}) {
            int[] seen = new int[7];
            int[] zeros = new int[7];
            for (int t = 0; t < end; t++) {
                if (!Double.isNaN(p[t]) && !Double.isNaN(o[t]) && (idle == null || !idle[t])) {
                    seen[(firstDay + t) % 7]++;
                    zeros[(firstDay + t) % 7] += v[t] == 0 ? 1 : 0;
                }
            }
            int allSeen = 0;
            int allZeros = 0;
            for (int d = 0; d < 7; d++) {
                if (zeros[d] < seen[d]) { // a weekday always 0 is a level the weekday indicators hold
                    allSeen += seen[d];
                    allZeros += zeros[d];
                }
            }
            share = allSeen == 0 ? share : Math.max(share, allZeros / (double) allSeen);
        }
        return share;
    }

    /** Why the pair's series cannot be put on the log scale (its {@link PairSeries#signedLogs()} is null), for a skip. */
    static String reason(PairSeries pair) {
        double[] p = pair.proxyValues();
        double[] o = pair.outcomeValues();
        if (Double.isNaN(offset(p, pair.split()))) {
            return reason(pair.proxyLabel(), p, pair.split());
        }
        if (Double.isNaN(offset(o, pair.split()))) {
            return reason(pair.outcomeLabel(), o, pair.split());
        }
        return "logarithms overflow: a value plus the offset for zero periods exceeds the largest double";
    }

    /**
     * The reason a series whose {@link #offset} (from its first {@code baselineEnd} values) is NaN cannot be put on the
     * log scale: a negative value anywhere, a baseline of zeros (whatever comes after it), or a baseline mean so small
     * that half of it underflows.
     */
    private static String reason(String metric, double[] v, int baselineEnd) {
        boolean positive = false;
        boolean observed = false;
        for (int t = 0; t < v.length; t++) {
            if (v[t] < 0) {
                // a period's mean of the values as given ("-6.31", not -6.3100000000000005)
                return "logarithms need values of 0 or more; found " + metric + " = " + Text.value(v[t]);
            }
            positive |= t < baselineEnd && v[t] > 0;
            observed |= t < baselineEnd && !Double.isNaN(v[t]);
        }
        if (!observed) {
            // a team created (or renamed) at the date: no baseline at all, not one of zeros (a helper's new team)
            return "logarithms need a positive baseline mean; " + metric + " has no observed period before the date";
        }
        return positive ? "logarithms need a positive offset for the zero periods; half the baseline mean of " + metric
                + " underflows to 0 (its values are about " + Double.MIN_VALUE + ")"
                : "logarithms need a positive baseline mean; " + metric + " is 0 throughout the baseline, so a rise "
                + "from nothing has no level to be measured from";
    }
}
