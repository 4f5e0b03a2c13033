package dev.goodhart.detect;

import dev.goodhart.stats.Descriptive;
import java.util.ArrayList;
import java.util.List;

/**
 * Runaway weeks of use: a block (a week of daily data, a single period otherwise) whose use stands far above the rest
 * of its side of the split (a runaway script, a hackathon day: tokens ten times a day's in one week) is left out of the
 * proxy as missing, by one rule on both sides of the split, once per segment, before the expected response reads
 * anything (its baseline, its windows, its placebo dates and what it tells its peers). The outcome is never touched.
 *
 * <p>Such a week sets the use's level, line and noise. Read as it was, one tenfold day in the baseline hid doublings
 * with nothing gained (found 23 times in 80, 79 without the day; thirtyfold: 15); one thirtyfold day after the date
 * made a steady team's use look risen (29 of 80 flagged); thirtyfold days every 40 to 60 days on both sides hid every
 * doubling (0 of 80). With this rule: 75, 74, 0 and 62 ({@code RunawayDaysTest}). Left out of the baseline alone (a
 * version tried and reverted), runaway days that recur on both sides read as a rise.
 *
 * <p>The rule. Each side of the split (the baseline's blocks, and the blocks since the date) with at least {@value
 * #MIN_SIDE} blocks with use gets a Theil-Sen line through their log levels (the median of pairwise slopes: a trend or a
 * ramp is the use's story), a robust error (1.4826 median absolute deviations of the residuals) and a bar: {@value
 * #ERRORS} robust errors, at least twice the line ({@link #MINIMUM}). A block above the bar is a spike where the blocks
 * next to it (across the split too) are not raised by half the bar above that line: a spike stands alone, and weeks
 * of higher use, a crunch, a jump at the date or use that began to rise before it are the use's story. The baseline
 * may have at most {@value #BASELINE_MOST} such blocks or one in {@value #PATTERN}, whichever is more; the weeks since
 * the date as many as the baseline had (in proportion to their number) and one more, at least one. More raised blocks
 * than that on either side are a pattern of use (bursts a script runs since the date, batch jobs throughout) and then
 * nothing is left out on either side. Each side keeps {@value #MIN_SIDE} blocks. Weeks of low use (holidays, an
 * outage) are kept: they are how the use is.
 */
final class RunawayUse {
    /** A block this many robust errors above its side's line is far above it... */
    static final double ERRORS = 5;
    /** ... and at least this far (log 2: twice its line). */
    static final double MINIMUM = Math.log(2);
    /** The fewest blocks with use a side needs for a line, and keeps. */
    static final int MIN_SIDE = 6;
    /** More raised blocks in a baseline than one in this many (and two) are a pattern of use, not spikes. */
    static final int PATTERN = 8;
    /** A baseline may have this many spikes whatever its length. */
    static final int BASELINE_MOST = 2;

    private final PairSeries series;
    private final List<Integer> leftOut;
    private final int firstPeriod;
    private final int block;

    private RunawayUse(PairSeries series, List<Integer> leftOut, int firstPeriod, int block) {
        this.series = series;
        this.leftOut = leftOut;
        this.firstPeriod = firstPeriod;
        this.block = block;
    }

    /** The pair with its runaway blocks of use left out (missing); the pair itself where there are none. */
    static RunawayUse of(PairSeries s) {
        int block = ExpectedResponse.blockLength(s.granularity());
        int before = s.split() / block;
        int after = (s.length() - s.split()) / block;
        int first = s.split() - before * block;
        double[] proxy = s.proxyValues(); // read only
        double[] level = new double[before + after];
        for (int b = 0; b < level.length; b++) {
            double sum = 0;
            int seen = 0;
            for (int t = first + b * block; t < first + (b + 1) * block; t++) {
                if (!Double.isNaN(proxy[t])) {
                    sum += proxy[t];
                    seen++;
                }
            }
            double mean = sum / seen;
            level[b] = seen >= (block + 1) / 2 && mean > 0 && Double.isFinite(mean) ? Math.log(mean) : Double.NaN;
        }
        List<Integer> spikes = spikes(level, before);
        if (spikes.isEmpty()) {
            return new RunawayUse(s, List.of(), first, block);
        }
        double[] p = s.proxy();
        for (int b : spikes) {
            for (int t = first + b * block; t < first + (b + 1) * block; t++) {
                p[t] = Double.NaN;
            }
        }
        PairSeries without = s.withExposuresOf(new PairSeries(s.link(), s.proxyMetric(), s.outcomeMetric(),
                s.segment(), s.granularity(), s.start(), p, s.outcome(), s.split(), s.seed(), s.intervention()));
        return new RunawayUse(without, List.copyOf(spikes), first, block);
    }

    /**
     * The spikes among the blocks of {@code level} (log levels, NaN: no use or too few periods), the baseline's the
     * first {@code before}: each side read against its own line, the pattern and the count judged over both sides.
     */
    static List<Integer> spikes(double[] level, int before) {
        Side baseline = Side.of(level, 0, before);
        Side since = Side.of(level, before, level.length);
        List<Integer> out = new ArrayList<>();
        int seen = 0;
        if (baseline != null) {
            // more raised blocks than that are a pattern of use (bursts, a rhythm), not spikes: then none is left out,
            // on either side
            if (baseline.raised > Math.max(BASELINE_MOST, baseline.at.length / PATTERN)) {
                return out;
            }
            seen = baseline.leaveOut(level, baseline.raised, out);
        }
        if (since != null) {
            // after the date as often as the baseline had them and once more (one runaway week is no rise, and
            // recurring ones are not evenly spread); more raised blocks than that are a pattern of use (bursts a
            // script runs, or that recur throughout), and none is left out
            int most = 1 + (seen == 0 ? 0 : (int) Math.ceil(seen * (double) since.at.length / baseline.at.length));
            if (since.raised > most) {
                // and then the baseline's are read as they are too: left out before the date alone, bursts that
                // recur on both sides would read as a rise
                out.clear();
                return out;
            }
            since.leaveOut(level, most, out);
        }
        return out;
    }

    /**
     * Whether block {@code b} stands alone: no neighbour (across the split too) is raised by half the bar above its
     * side's line (a rise, a crunch of weeks or a level the use moved to is the use's story).
     */
    private static boolean isolated(double[] level, int b, Side side) {
        for (int nb : new int[] {b - 1, b + 1}) {
            if (nb >= 0 && nb < level.length && !Double.isNaN(level[nb]) && level[nb] - side.line(nb) > side.bar / 2) {
                return false;
            }
        }
        return true;
    }

    /** One side of the split: its blocks with use, their Theil-Sen line and the bar above it. */
    private record Side(int[] at, double slope, double intercept, double bar, int raised) {
        /** The side of blocks {@code [from, to)}; null with fewer than {@value #MIN_SIDE} blocks with use. */
        static Side of(double[] level, int from, int to) {
            int n = 0;
            for (int b = from; b < to; b++) {
                n += Double.isNaN(level[b]) ? 0 : 1;
            }
            if (n < MIN_SIDE) {
                return null;
            }
            int[] at = new int[n];
            double[] y = new double[n];
            for (int b = from, k = 0; b < to; b++) {
                if (!Double.isNaN(level[b])) {
                    at[k] = b;
                    y[k++] = level[b];
                }
            }
            double[] slopes = new double[n * (n - 1) / 2];
            int q = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    slopes[q++] = (y[j] - y[i]) / (at[j] - at[i]);
                }
            }
            double slope = Descriptive.median(slopes);
            double[] residual = new double[n];
            for (int k = 0; k < n; k++) {
                residual[k] = y[k] - slope * at[k];
            }
            double intercept = Descriptive.median(residual.clone());
            double[] deviation = new double[n];
            for (int k = 0; k < n; k++) {
                deviation[k] = Math.abs(residual[k] - intercept);
            }
            double bar = Math.max(ERRORS * 1.4826 * Descriptive.median(deviation), MINIMUM);
            int raised = 0;
            for (int k = 0; k < n; k++) {
                raised += residual[k] - intercept > bar / 2 ? 1 : 0;
            }
            return new Side(at, slope, intercept, bar, raised);
        }

        /** Adds to {@code out} at most {@code most} isolated blocks above the bar, keeping {@value #MIN_SIDE}; how many. */
        int leaveOut(double[] level, int most, List<Integer> out) {
            int left = 0;
            for (int b : at) {
                if (left < most && at.length - left > MIN_SIDE && level[b] - line(b) > bar && isolated(level, b, this)) {
                    out.add(b);
                    left++;
                }
            }
            return left;
        }

        /** The line's log level at block {@code b}. */
        double line(int b) {
            return intercept + slope * b;
        }
    }

    /** The pair to read: the segment's with its runaway blocks of use missing, or as it was. */
    PairSeries series() {
        return series;
    }

    /** Whether any block was left out. */
    boolean any() {
        return !leftOut.isEmpty();
    }

    /**
     * The clause that says what was left out: "a runaway week of tokens left out as missing (the week of 2025-03-03)";
     * empty where nothing was.
     */
    String clause() {
        if (leftOut.isEmpty()) {
            return "";
        }
        StringBuilder text = new StringBuilder()
                .append(leftOut.size() == 1 ? "a runaway " : leftOut.size() + " runaway ")
                .append(block > 1 ? "week" : "period").append(leftOut.size() == 1 ? "" : "s").append(" of ")
                .append(series.proxyMetric().name()).append(" left out as missing (");
        for (int i = 0; i < leftOut.size(); i++) {
            text.append(i == 0 ? "" : ", ").append(block > 1 ? "the week of " : "")
                    .append(series.granularity().plus(series.start(), firstPeriod + leftOut.get(i) * block));
        }
        return text.append(")").toString();
    }
}
