package dev.goodhart.scoring.internal;

import java.util.Locale;
import java.util.Optional;

/**
 * A proxy exported as a running total (a Prometheus counter's raw value, a billing dashboard's "tokens to date"): it
 * only ever rises, so read as use per period it makes every team look as if its use grew all along, and a counter reset
 * (a new billing year) reads as a collapse. No team's use rises period after period without a single fall: daily and
 * weekly use falls in about four periods of ten, even while adoption doubles.
 *
 * <p>A series is a running total when at least 26 consecutive pairs of valued periods compare (half a year of weeks:
 * a short series of a team adopting steadily may rise throughout, as one of the third zoo's did over 15 weeks), at least
 * half of them rise (or one in ten, where the series grew tenfold from its first positive value: a sparse user's total
 * holds on the days without use; a reviewer's light users' totals rose on a third of their days and were read as use
 * until 2026-12-05, while a small count that rarely changes and never falls, agents run each week, grows less), and
 * they fall at most once in 12 to half or less (a reset: a new counter, a new billing year) and otherwise at most once
 * in 30. Only a summed or averaged proxy is read so: a level given as its last value (agents
 * in existence) may only grow. The pair is then not judged and its note says why.
 */
public final class RunningTotal {
    private static final int MIN_STEPS = 26;
    private static final int STEPS_PER_RESET = 12;
    /** How far a total that rises on fewer than half its steps must have grown from its first use to be read so. */
    private static final double SPARSE_GROWTH = 10;

    private RunningTotal() {
    }

    /**
     * The steps between consecutive valued periods that did not fall, and all such steps, if {@code values} is a
     * running total.
     *
     * @param values a series, NaN where missing
     * @return {steps that rose or stayed, steps}, or empty
     */
    public static Optional<int[]> find(double[] values) {
        return find(values, false);
    }

    /**
     * As {@link #find(double[])}; for a sum of many segments ({@code summed}: the organisation's row) the series must
     * also have been reset or have risen at least fivefold from its first value to its last, since the organisation's
     * use summed over 200 teams that grow 5% a week never falls either (a reviewer: 32% of such sums read as running
     * totals) but rises fourfold in 30 weeks, where a total started with the data rises about thirtyfold.
     */
    public static Optional<int[]> find(double[] values, boolean summed) {
        double first = Double.NaN;
        double last = Double.NaN;
        double firstPositive = Double.NaN;
        double highest = Double.NEGATIVE_INFINITY;
        int steps = 0;
        int rises = 0;
        int falls = 0;
        int resets = 0;
        for (int t = 0; t < values.length; t++) {
            if (!Double.isNaN(values[t])) {
                first = Double.isNaN(first) ? values[t] : first;
                last = values[t];
                firstPositive = Double.isNaN(firstPositive) && values[t] > 0 ? values[t] : firstPositive;
                highest = Math.max(highest, values[t]);
            }
            double a = t == 0 ? Double.NaN : values[t - 1];
            double b = values[t];
            if (Double.isNaN(a) || Double.isNaN(b)) {
                continue;
            }
            steps++;
            rises += b > a ? 1 : 0;
            if (b < a) {
                falls++;
                resets += b <= a / 2 ? 1 : 0;
            }
        }
        // falls: a reset (to half or less, a new counter or billing year) in every 12 steps, other falls one in 30
        // rises: half the steps, or (a sparse user's total, which holds on the days without use) one in ten where it
        // grew tenfold from its first use: a small count that rarely changes and never falls (agents run each week)
        // does not
        boolean rising = 2 * rises >= steps || 10 * rises >= steps && highest >= SPARSE_GROWTH * firstPositive;
        boolean running = steps >= MIN_STEPS && rising && resets * STEPS_PER_RESET <= steps
                && 30 * (falls - resets) <= steps;
        if (running && summed && resets == 0 && !(last >= 5 * first)) {
            running = false;
        }
        return running ? Optional.of(new int[] {steps - falls, steps}) : Optional.empty();
    }

    /** The note of a pair whose proxy is a running total. */
    public static String note(String metric, int notFalling, int steps) {
        return String.format(Locale.ROOT, "not judged: %s does not fall in %d of %d steps from one period to the next, "
                + "a running total (a counter's raw value, a \"to date\" column)? Goodhart reads the amount used in "
                + "each period: give the differences (Prometheus: increase(...), SQL: value - lag(value))", metric,
                notFalling, steps);
    }
}
