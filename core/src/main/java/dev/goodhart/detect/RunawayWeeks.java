package dev.goodhart.detect;

import java.util.ArrayList;
import java.util.List;

/**
 * Runaway weeks: an episode of one or two blocks (a week of daily data, a single period otherwise) that stands far off
 * the rest of its side of the split is left out as missing, by one rule on both sides of the split, once per segment,
 * before the expected response reads anything (its baseline, its windows, its placebo dates and what it tells its
 * peers). For the use, episodes far above (a runaway script, a hackathon day: tokens ten times a day's in one week);
 * for the outcome, far above or below (an incident or an outage: cycle time three times its level for a week, which
 * straddles two weekly blocks). Each series is read apart: a runaway week of use keeps its outcome, an incident week
 * keeps its use; and an episode of the outcome is one only where the use was seen and not off its own line in the same
 * blocks (a holiday or a crunch moves both: a story of both; a week of no use or of use left out cannot vouch for it; a
 * holiday every segment took is read out of both series as a shared shock before the outcome is read: {@link
 * #ofOutcome}, which the expected response applies to the segment's own question, not to what it tells its peers).
 *
 * <p>Such a week sets the series' level, line and noise. Read as it was, one tenfold day of use in the baseline hid
 * doublings with nothing gained (found 23 times in 80, 79 without the day; thirtyfold: 15); one thirtyfold day after
 * the date made a steady team's use look risen (29 of 80 flagged); thirtyfold days every 40 to 60 days on both sides
 * hid every doubling (0 of 80). With this rule: 75, 74, 0 and 46 ({@code RunawayDaysTest}). A week of doubled cycle
 * time in the baseline hid every doubling (0 of 80; now 74), as did three such weeks (0; now 61), and a tripled week
 * after the date accused honest adopters (33 of 80; now 1) ({@code IncidentWeekTest}). Left out of the baseline alone
 * (a version tried and reverted), runaway days that recur on both sides read as a rise.
 *
 * <p>The rule. Each side of the split (the baseline's blocks, and the blocks since the date) needs at least {@value
 * #MIN_SIDE} blocks with a positive mean for a line; without a line on both, nothing is left out. The line is a
 * Theil-Sen line through the blocks' log means (the median of pairwise slopes: a trend or a ramp is the series' story;
 * an averaged daily outcome's means weighted as the expected response weighs its days, {@link WeekdayWeights}: with a
 * weekend ten times as noisy as the weekdays, plain means left some ordinary week out of 17 series in 200 and found an
 * incident week in 42, weighted ones none and 200), with a robust error (1.4826 median absolute deviations of the
 * residuals) and a bar: for the use {@value #ERRORS} robust errors above the line and at least twice it ({@link
 * #MINIMUM}); for the outcome {@value #OUTCOME_ERRORS} robust errors either way and at least a quarter above or a fifth
 * below it ({@link #OUTCOME_MINIMUM}). A block is raised when it is off by half the bar and at least {@value
 * #HALF_ERRORS} robust errors; an episode is a run of raised blocks the same way (missing blocks skipped, and counted
 * in its length). An episode of one block beyond the bar, or of two weeks beyond it on average ({@value #MAX_RUN} for
 * the use, up to {@value #OUTCOME_MAX_RUN} for the outcome: a bad month that returns), whose nearest seen neighbours
 * are on its side of the split and not raised the same way, stands alone and is left out: longer runs, a jump at the
 * date, a rise that began before it, and weeks at either end of the series or next to the split (a gain that arrives in
 * the last weeks, a change that begins at the date) are the series' story. The baseline may have at most {@value
 * #BASELINE_MOST} episodes, or one in {@value #PATTERN} blocks, whichever is more; the weeks since the date as many as
 * the baseline had left out, in proportion to their number, and at least one. More on either side are a pattern (bursts
 * a script runs since the date, batch jobs throughout) and then nothing is left out on either side; so too where
 * leaving an episode out would keep fewer than {@value #BASELINE_KEEP} blocks before the date or {@value #SINCE_KEEP}
 * after it.
 *
 * <p>What it costs. A week that crosses the bar stops counting at all: one week of use inflated further after the date
 * can lower the concern, to about what it was without that week (a reviewer's sweep: 23 of 160 teams that padded their
 * use by a third with nothing gained were flagged with one week at twice their level and cleared from two and a half
 * times on); a single week of scripted use after the date is no rise; scripted bursts after the date as rare as the
 * runaway weeks the baseline had are read as such; and an outcome worse for a week or two in the middle of the weeks
 * since the date no longer counts toward a shortfall (a reviewer's gaming teams with cycle time doubled for one week:
 * 68 of 80 found before, 71 now, the rest of their weeks carrying the evidence).
 */
final class RunawayWeeks {
    /** A block this many robust errors above its side's line is far above it... */
    static final double ERRORS = 5;
    /** An outcome's block this many robust errors off its side's line, either way, is far off it... */
    static final double OUTCOME_ERRORS = 6;
    /** ... and at least this far for the use (log 2: twice its line)... */
    static final double MINIMUM = Math.log(2);
    /** ... and for the outcome, either way (log 1.25: a quarter above or a fifth below its line). */
    static final double OUTCOME_MINIMUM = Math.log(1.25);
    /** A block off its line by this many robust errors (and half the bar) is raised: an episode, or not isolated. */
    static final double HALF_ERRORS = 4;
    /** The longest run of the use's blocks that is one episode (a runaway job straddles two weekly blocks). */
    static final int MAX_RUN = 2;
    /**
     * The longest run of the outcome's blocks that is one episode: a bad month that returns to the line (three weeks of
     * doubled cycle time in the baseline hid every doubling: 0 of 80 found, 61 read as an episode).
     */
    static final int OUTCOME_MAX_RUN = 4;
    /** The fewest blocks a side needs for a line (both sides need one, or nothing is left out). */
    static final int MIN_SIDE = 6;
    /** The fewest blocks the baseline keeps (as many as the expected response needs there). */
    static final int BASELINE_KEEP = 6;
    /** The fewest blocks the weeks since the date keep (as many as the expected response needs there). */
    static final int SINCE_KEEP = 4;
    /** More raised blocks in a baseline than one in this many (and two) are a pattern of use, not spikes. */
    static final int PATTERN = 8;
    /** A baseline may have this many spikes whatever its length. */
    static final int BASELINE_MOST = 2;

    private final PairSeries series;
    private final List<Integer> proxyWeeks;
    private final List<Integer> outcomeWeeks;
    private final int firstPeriod;
    private final int block;

    private RunawayWeeks(PairSeries series, List<Integer> proxyWeeks, List<Integer> outcomeWeeks, int firstPeriod,
                         int block) {
        this.series = series;
        this.proxyWeeks = proxyWeeks;
        this.outcomeWeeks = outcomeWeeks;
        this.firstPeriod = firstPeriod;
        this.block = block;
    }

    /**
     * A reading of {@code s} that left nothing out: what {@link #of} returns where it found nothing, and, without
     * reading again, for a pair known to have no runaway blocks of use ({@link PairSeries#runawayUse}, kept across
     * {@link PairSeries#forgetDerived} as a mark).
     */
    static RunawayWeeks nothingLeftOut(PairSeries s) {
        int block = ExpectedResponse.blockLength(s.granularity());
        return new RunawayWeeks(s, List.of(), List.of(), s.split() - s.split() / block * block, block);
    }

    /** The pair with its runaway blocks of use left out (missing); the pair itself where there are none. */
    static RunawayWeeks ofUse(PairSeries s) {
        return of(s, false);
    }

    /**
     * The pair with the isolated episodes of its outcome left out (missing), where its use was not off its own line
     * in the same blocks (a holiday, a crunch: a story of both, and a shock every team shared is read out of both
     * series elsewhere); the pair itself where there are none.
     */
    static RunawayWeeks ofOutcome(PairSeries s) {
        return of(s, true);
    }

    private static RunawayWeeks of(PairSeries s, boolean outcome) {
        int block = ExpectedResponse.blockLength(s.granularity());
        int before = s.split() / block;
        int after = (s.length() - s.split()) / block;
        int first = s.split() - before * block;
        double[] use = levels(s.proxyValues(), null, first, block, before + after, (block + 1) / 2);
        List<Integer> weeks;
        if (outcome) {
            // blocks where the use was off its line either way (by half its bar) cannot be the outcome's alone
            boolean[] shared = new boolean[use.length];
            Side[] sides = {Side.of(use, 0, before, true), Side.of(use, before, use.length, true)};
            for (int b = 0; b < use.length; b++) {
                // a week of no use, of use unseen or left out as runaway, or use without a line cannot vouch for it
                Side side = sides[b < before ? 0 : 1];
                shared[b] = side == null || Double.isNaN(use[b]) || side.off(use, b) > side.half;
            }
            // an averaged daily outcome whose weekdays differ in noise is read in the weighted weeks the expected
            // response reads (a noisy weekend must not make an ordinary week an episode)
            WeekdayWeights.Read weights = s.weekdayWeights();
            weeks = spikes(levels(s.outcomeValues(), weights, first, block, before + after,
                    ExpectedResponse.OUTCOME_PERIODS_PER_BLOCK), before, true, shared);
        } else {
            weeks = spikes(use, before, false, new boolean[use.length]);
        }
        if (weeks.isEmpty()) {
            return nothingLeftOut(s);
        }
        double[] p = s.proxy();
        double[] o = s.outcome();
        leaveOut(outcome ? o : p, weeks, first, block);
        PairSeries without = s.describedAs(new PairSeries(s.link(), s.proxyMetric(), s.outcomeMetric(),
                s.segment(), s.granularity(), s.start(), p, o, s.split(), s.seed(), s.intervention()));
        return outcome ? new RunawayWeeks(without, List.of(), List.copyOf(weeks), first, block)
                : new RunawayWeeks(without, List.copyOf(weeks), List.of(), first, block);
    }

    /**
     * The log mean of each block of {@code values} with at least {@code need} periods seen, each period weighed as
     * {@code weights} weigh it ({@code sum(w y) / sum(w c)}, {@link WeekdayWeights#runningWeight}; null: alike); NaN
     * otherwise or <= 0.
     */
    static double[] levels(double[] values, WeekdayWeights.Read weights, int first, int block, int blocks, int need) {
        double[] weighted = weights == null ? values : WeekdayWeights.weighted(values, weights.perPeriod());
        double[] running = weights == null ? null : WeekdayWeights.runningWeight(values, weights);
        double[] level = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            int from = first + b * block;
            int to = from + block;
            double sum = 0;
            int seen = 0;
            for (int t = from; t < to; t++) {
                if (!Double.isNaN(values[t])) {
                    sum += weighted[t];
                    seen++;
                }
            }
            double mean = sum / (running == null ? seen : running[to] - running[from]);
            level[b] = seen >= need && mean > 0 && Double.isFinite(mean) ? Math.log(mean) : Double.NaN;
        }
        return level;
    }

    private static void leaveOut(double[] values, List<Integer> blocks, int first, int block) {
        for (int b : blocks) {
            for (int t = first + b * block; t < first + (b + 1) * block; t++) {
                values[t] = Double.NaN;
            }
        }
    }

    /**
     * The spikes among the blocks of {@code level} (log levels, NaN: none or too few periods), the baseline's the
     * first {@code before}: each side read against its own line, the pattern and the count judged over both sides;
     * blocks far above the line only, or with {@code eitherWay} far above or below it.
     */
    static List<Integer> spikes(double[] level, int before, boolean eitherWay) {
        return spikes(level, before, eitherWay, new boolean[level.length]);
    }

    /** As {@link #spikes(double[], int, boolean)}, with no episode that holds a {@code shared} block left out. */
    static List<Integer> spikes(double[] level, int before, boolean eitherWay, boolean[] shared) {
        Side baseline = Side.of(level, 0, before, eitherWay);
        Side since = Side.of(level, before, level.length, eitherWay);
        List<Integer> out = new ArrayList<>();
        // both sides need a line: one side cleaned beside one read as it is would read what recurs as a change
        if (baseline == null || since == null) {
            return out;
        }
        // more episodes than that are a pattern (bursts of use, a rhythm), not spikes: then none is left out, on
        // either side
        if (baseline.raised > Math.max(BASELINE_MOST, baseline.at.length / PATTERN)) {
            return out;
        }
        Side[] sides = {baseline, since};
        int seen = baseline.leaveOut(level, sides, before, baseline.raised, BASELINE_KEEP, shared, out);
        // after the date as often as the baseline had them (in proportion to the weeks), and at least once (one
        // runaway week is no rise); more episodes than that are a pattern (bursts a script runs since the date, or
        // that recur throughout), and then none is left out on either side: before the date alone, what recurs on
        // both sides would read as a change
        int most = Math.max(1, (int) Math.round(seen * (double) since.at.length / baseline.at.length));
        if (seen < 0 || since.raised > most
                || since.leaveOut(level, sides, before, most, SINCE_KEEP, shared, out) < 0) {
            out.clear();
        }
        return out;
    }

    /**
     * Whether the run of blocks {@code first} to {@code last} stands alone: the nearest block with a level on each side
     * of it (missing blocks skipped) is on the run's side of the split and not off its line by half its bar the way
     * {@code way}. A run at either end of the series or next to the split is not alone (a gain that arrives in the last
     * weeks, a change that begins at the date: what comes after or before it is not seen on its side).
     */
    private static boolean isolated(double[] level, Side[] sides, int before, int first, int last, double way) {
        boolean baseline = first < before;
        int left = first - 1;
        while (left >= 0 && Double.isNaN(level[left])) {
            left--;
        }
        int right = last + 1;
        while (right < level.length && Double.isNaN(level[right])) {
            right++;
        }
        if (left < 0 || right >= level.length || (baseline ? right >= before : left < before)) {
            return false;
        }
        Side side = sides[baseline ? 0 : 1];
        for (int nb : new int[] {left, right}) {
            if (way * side.line.off(nb, level[nb]) > side.half) {
                return false;
            }
        }
        return true;
    }

    /**
     * One side of the split: its blocks with a level, their robust line, the bar, the threshold for "raised", and how
     * many episodes (runs of raised blocks) it has.
     */
    private record Side(int[] at, RobustLine line, double bar, double half, int raised, boolean eitherWay) {
        /** The side of blocks {@code [from, to)}; null with fewer than {@value #MIN_SIDE} blocks with use. */
        static Side of(double[] level, int from, int to, boolean eitherWay) {
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
            RobustLine line = RobustLine.of(at, y, n);
            double scale = line.scale();
            double bar = eitherWay ? Math.max(OUTCOME_ERRORS * scale, OUTCOME_MINIMUM)
                    : Math.max(ERRORS * scale, MINIMUM);
            // off "by half the bar", and at least three robust errors (where the minimum sets the bar, half of it can
            // be within the noise: every few series would then show a second episode and read as a pattern)
            double half = Math.max(bar / 2, HALF_ERRORS * scale);
            // episodes: runs of blocks (missing ones skipped) off by half the bar the same way
            int raised = 0;
            double wayBefore = 0;
            for (int k = 0; k < n; k++) {
                double off = line.off(at[k], y[k]);
                double way = (eitherWay ? Math.abs(off) : off) > half ? Math.signum(off) : 0;
                // a missing block does not end an episode (three weeks off the line with one unseen are three)
                boolean continues = k > 0 && way == wayBefore;
                raised += way != 0 && !continues ? 1 : 0;
                wayBefore = way;
            }
            return new Side(at, line, bar, half, raised, eitherWay);
        }

        /**
         * Adds to {@code out} the blocks of at most {@code most} isolated runs ({@link #isolated}): one block beyond
         * the bar, or a few in a row (missing blocks skipped; {@value #MAX_RUN} weeks for the use, {@value
         * #OUTCOME_MAX_RUN} for the outcome) each raised and one beyond the bar (a week's episode
         * that straddles two blocks), none of them {@code shared}. How many runs it added, or -1 where one would leave
         * fewer than {@code keep} blocks (then the side cannot be read alike and nothing is left out).
         */
        int leaveOut(double[] level, Side[] sides, int before, int most, int keep, boolean[] shared,
                     List<Integer> out) {
            int left = 0;
            int runs = 0;
            int k = 0;
            while (k < at.length) {
                if (!(off(level, at[k]) > half)) {
                    k++;
                    continue;
                }
                double way = Math.signum(line.off(at[k], level[at[k]]));
                int end = k;
                while (end + 1 < at.length && off(level, at[end + 1]) > half
                        && Math.signum(line.off(at[end + 1], level[at[end + 1]])) == way) {
                    end++;
                }
                // its length in weeks, unseen ones inside it counted (three weeks off the line with the middle one
                // unseen are three weeks); its blocks, those seen
                int length = at[end] - at[k] + 1;
                int blocks = end - k + 1;
                // beyond the bar at its height (its first and last weeks may hold only part of the episode)
                double height = 0;
                for (int j = k; j <= end; j++) {
                    height = Math.max(height, off(level, at[j]));
                }
                boolean beyond = length <= (eitherWay ? OUTCOME_MAX_RUN : MAX_RUN) && height > bar;
                for (int j = k; j <= end; j++) {
                    beyond &= !shared[at[j]];
                }
                if (beyond && runs < most && isolated(level, sides, before, at[k], at[end], way)) {
                    if (at.length - left - blocks < keep) {
                        return -1;
                    }
                    for (int j = k; j <= end; j++) {
                        out.add(at[j]);
                    }
                    left += blocks;
                    runs++;
                }
                k = end + 1;
            }
            return runs;
        }

        /** How far block {@code b} is off the line the way that counts (above; with {@code eitherWay} either way). */
        double off(double[] level, int b) {
            double off = line.off(b, level[b]);
            return eitherWay ? Math.abs(off) : off;
        }
    }

    /** The pair to read: the segment's with its runaway blocks left out (missing), or as it was. */
    PairSeries series() {
        return series;
    }

    /**
     * Flags of the periods whose period-over-period change touches a runaway block of use (every period of the block
     * and the one after it: the change into the block, those within it and the one out of it), as {@link
     * dev.goodhart.internal.Windows#changes(double[], double[], int, int, boolean[])} reads flags; null where no block
     * of use was left out.
     */
    boolean[] useChangesLeftOut() {
        if (proxyWeeks.isEmpty()) {
            return null;
        }
        int length = series.length();
        boolean[] flags = new boolean[length];
        for (int b : proxyWeeks) {
            int from = firstPeriod + b * block;
            for (int t = from; t <= from + block && t < length; t++) {
                flags[t] = true;
            }
        }
        return flags;
    }

    /**
     * The clause a day-to-day detector's detail ends with where the pair's runaway blocks of use were left out of its
     * changes ("; a runaway week of tokens left out as missing (the week of 2024-04-15)"); empty where none was.
     */
    static String changesNote(PairSeries pair) {
        RunawayWeeks read = pair.runawayUse();
        return read.proxyWeeks.isEmpty() ? "" : "; " + read.clause();
    }

    /** Whether a block of use before the date was left out (the baseline's values are not the pair's own). */
    boolean anyUseBefore() {
        for (int b : proxyWeeks) {
            if (firstPeriod + b * block < series.split()) {
                return true;
            }
        }
        return false;
    }

    /** Whether any block was left out. */
    boolean any() {
        return !proxyWeeks.isEmpty() || !outcomeWeeks.isEmpty();
    }

    /**
     * The clause that says what was left out: "a runaway week of tokens left out as missing (the week of 2025-03-03)";
     * "an isolated week of cycle_time left out as missing (the week of 2025-05-12)"; both joined by "; "; empty where
     * nothing was.
     */
    String clause() {
        List<String> parts = new ArrayList<>();
        if (!proxyWeeks.isEmpty()) {
            parts.add(clause(proxyWeeks, "a runaway", "runaway", series.proxyMetric().name()));
        }
        if (!outcomeWeeks.isEmpty()) {
            parts.add(clause(outcomeWeeks, "an isolated", "isolated", series.outcomeMetric().name()));
        }
        return String.join("; ", parts);
    }

    private String clause(List<Integer> blocks, String one, String kind, String metric) {
        StringBuilder text = new StringBuilder()
                .append(blocks.size() == 1 ? one + " " : blocks.size() + " " + kind + " ")
                .append(block > 1 ? "week" : "period").append(blocks.size() == 1 ? "" : "s").append(" of ")
                .append(metric).append(" left out as missing (");
        for (int i = 0; i < blocks.size(); i++) {
            text.append(i == 0 ? "" : ", ").append(block > 1 ? "the week of " : "")
                    .append(series.granularity().plus(series.start(), firstPeriod + blocks.get(i) * block));
        }
        return text.append(")").toString();
    }
}
