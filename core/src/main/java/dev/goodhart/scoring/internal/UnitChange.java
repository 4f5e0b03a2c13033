package dev.goodhart.scoring.internal;

import dev.goodhart.stats.Descriptive;
import java.util.Locale;
import java.util.Optional;

/**
 * An outcome whose values changed unit part-way (cycle time in hours, then in days): from one period on, every value is
 * about 24, 60, 100 or 1,000 times (or a 24th, a 60th, a 100th, a 1,000th of) what it was. No work changes a team's cycle time
 * twenty-four-fold overnight; read as it is, the series makes an honest team GAMED (days to hours) or hides a gaming
 * one (hours to days), so the pair is not judged and its note says why.
 *
 * <p>A step is found where the median of the 7 observed values from a period on and the median of the 7 before it are
 * within 30% of one of the factors (18 to 31 times for 24; no honest change comes near), and the medians of the 28
 * observed values after and the 28 before it are too, and the median of everything after it is nearer the new level
 * than the old (the change lasted; real change in other months, an adopter's gain, does not move them); it starts at the first value nearer the new level than
 * the old. Values at or below 0 are left out (a count with zeros has no such step to read). One pass settles a series
 * whose largest value is less than 18 times its smallest; others are scanned, O(n) medians of 7.
 */
public final class UnitChange {
    /**
     * The unit factors looked for: hours and days, minutes and hours (or seconds and minutes), percent and fraction,
     * and thousands.
     */
    private static final double[] FACTORS = {24, 60, 100, 1000};
    private static final int RUN = 7;
    private static final double NEAR = Math.log(1.3);
    private static final double LASTING = Math.log(1.3);

    private UnitChange() {
    }

    /**
     * The period from which {@code values} changed unit, and by what factor, if they did.
     *
     * @param values a series, NaN where missing
     * @return {period index, factor} (the factor below 1 for a fall), or empty
     */
    public static Optional<double[]> find(double[] values) {
        int n = values.length;
        // most series never span the smallest factor: one pass over the values settles them
        double lowest = Double.POSITIVE_INFINITY;
        double highest = 0;
        for (double x : values) {
            if (x > 0 && x < Double.POSITIVE_INFINITY) {
                lowest = Math.min(lowest, x);
                highest = Math.max(highest, x);
            }
        }
        if (!(highest > lowest * Math.exp(Math.log(FACTORS[0]) - NEAR))) {
            return Optional.empty();
        }
        int[] at = new int[n];
        double[] v = new double[n];
        int m = 0;
        for (int t = 0; t < n; t++) {
            if (values[t] > 0 && Double.isFinite(values[t])) {
                at[m] = t;
                v[m++] = Math.log(values[t]);
            }
        }
        if (m < 4 * RUN) {
            return Optional.empty();
        }
        double[] scratch = new double[m];
        for (int k = RUN; k + RUN <= m; k++) {
            double step = median(v, k, k + RUN, scratch) - median(v, k - RUN, k, scratch);
            double factor = factor(step, NEAR);
            if (Double.isNaN(factor)) {
                continue;
            }
            // lasting: the 28 observed values after it sit at the new level against the 28 before (not everything
            // before and after, which real change in other months moves: an adopter's 30% gain a month earlier)
            double after = median(v, k, Math.min(m, k + 4 * RUN), scratch);
            double before = median(v, Math.max(0, k - 4 * RUN), k, scratch);
            // and everything after stays nearer the new level than the old (an excursion of 15-28 values that came
            // back passed the 28-value check alone: a reviewer measured 15-100% of them read as a change of unit)
            // (its end, read backwards, is no change either: everything before it sits at the level just before)
            double half = Math.abs(Math.log(factor)) / 2;
            if (Math.abs(after - before - Math.log(factor)) <= LASTING
                    && Math.abs(median(v, k, m, scratch) - before - Math.log(factor)) < half
                    && Math.abs(median(v, 0, k, scratch) - before) < half) {
                // the windows' medians find the step up to half a window early or late: it starts where the fewest
                // values around it sit nearer the other level
                int first = k;
                int fewest = Integer.MAX_VALUE;
                for (int j = Math.max(1, k - RUN); j <= Math.min(m - 1, k + RUN); j++) {
                    int wrong = 0;
                    for (int i = Math.max(0, k - 2 * RUN); i < Math.min(m, k + 2 * RUN); i++) {
                        boolean nearerAfter = Math.abs(v[i] - after) < Math.abs(v[i] - before);
                        wrong += (i < j) == nearerAfter ? 1 : 0;
                    }
                    if (wrong < fewest) {
                        fewest = wrong;
                        first = j;
                    }
                }
                return Optional.of(new double[] {at[first], factor});
            }
        }
        return Optional.empty();
    }

    /**
     * The sentence for a pair's note: "cycle_time's values from 2025-04-02 on are about 24 times those before (a
     * change of unit, hours to days?): ...".
     */
    public static String note(String metric, java.time.LocalDate from, double factor) {
        long f = Math.round(factor > 1 ? factor : 1 / factor);
        String how = factor > 1 ? "about " + f + " times" : "about 1/" + f + " of";
        String units = f == 24 ? "hours and days" : f == 60 ? "minutes and hours, or seconds and minutes"
                : f == 100 ? "percent and fraction" : "milliseconds and seconds, or units and thousands";
        return String.format(Locale.ROOT, "not judged: %s's values from %s on are %s those before (a change of unit, %s?); "
                + "no work moves it so far at once, and read as it is the series would make the pair look gamed or "
                + "hide gaming. Correct the data to one unit and score again", metric, from, how, units);
    }

    /** The factor a log step is near (within {@code tolerance}), or NaN. */
    private static double factor(double step, double tolerance) {
        for (double f : FACTORS) {
            if (Math.abs(step - Math.log(f)) <= tolerance) {
                return f;
            }
            if (Math.abs(step + Math.log(f)) <= tolerance) {
                return 1 / f;
            }
        }
        return Double.NaN;
    }

    private static double median(double[] v, int from, int to, double[] scratch) {
        System.arraycopy(v, from, scratch, 0, to - from);
        return Descriptive.medianInPlace(scratch, 0, to - from);
    }
}
