package dev.goodhart.detect;

import dev.goodhart.model.Granularity;
import dev.goodhart.stats.Descriptive;
import dev.goodhart.model.Variant;
import dev.goodhart.model.Finding;
import dev.goodhart.internal.Text;
import dev.goodhart.stats.ChangePoints;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Change-point asymmetry: does the proxy have regime changes that the outcome lacks?
 *
 * <p>Method: PELT (Killick, Fearnhead &amp; Eckley 2012) with the normal-mean cost and the MBIC penalty, as R's
 * {@code cpt.mean}, on the log proxy (signed as "more use") and on the log outcome (signed so that up is better), each
 * divided by its noise level (the median absolute deviation of first differences over {@code 0.6745 sqrt 2}), with a
 * minimum segment of 3 periods. Daily series with at least 12 weeks of 4 or more complete days are searched in weekly
 * means: weeks of 7 days starting on the split's weekday (so a quota's jump at the split is a week's boundary), each
 * day less its weekday's effect in the baseline (so a week's mean does not move with which of its days are present; a
 * complete week's mean is its plain mean), the noise level from the baseline's weeks; a weekly rhythm such as weekends
 * is then no regime change. The sentence names the week by its first day ("the week of 2024-07-22"; a shift in the
 * middle of a week may be named as the week after). Shorter daily series, and those whose baseline weeks give no
 * noise level, are searched day by day less their day-of-week profile (each weekday's mean less the overall mean). The
 * test below is on the series as observed, day by day, whichever search names the shifts. (Searching a year of days
 * cost PELT about 60 us a series, a quarter of a live day's update of 10,000 segments: PELT has almost nothing to prune
 * on a series without changes; 53 weekly means cost a fraction of it, and named the same shifts in the pinned cases.)
 * A proxy change point is <i>matched</i> when the outcome has one within {@code window} periods by the calendar (the
 * link's lag is already applied); in weekly means within {@code ceil(window / 7)} weeks, their first days compared;
 * the sentence names the upward proxy changes (more use) that no outcome change matches.
 *
 * <p>Test: a proxy regime change that the outcome lacks is a change point in the shortfall series
 * {@code u_t = beta x_t - y_t}, where {@code beta} is the baseline elasticity (slope of log-outcome changes on log-proxy
 * changes before the split, at its lower bound at two standard errors, clipped to [0, 1]: {@link
 * ChangeElasticity#conservative}): if the outcome follows the proxy as it used to, {@code u} stays level. After an
 * intervention {@code x_t} owes at most a fourfold rise of its mean level over the baseline's ({@link
 * ChangeElasticity#MAX_OWED_RISE}): beyond it, the periods after the date are moved down by the excess (use raised
 * alike on every day beyond the ceiling then moves nothing; raised unevenly, the statistic can fall a little with more
 * use, the one exception to "more inflation can only raise b" below, and only where the elasticity is above 0).
 * The statistic is the one-sided CUSUM {@code b = max_tau -(S_tau - tau S_n / n) / (sigma sqrt n)} (Page 1954;
 * Csörgő &amp; Horváth 1997) for an upward shift in mean, with {@code sigma} the baseline window's long-run standard
 * deviation of {@code u} (see {@code longRunSd}). p-value: {@code exp(-2 b^2)}, the Brownian-bridge bound. Because beta and
 * sigma come from the baseline, more inflation of the recent proxy can only raise {@code b}. Effect: the mean
 * shortfall after the most likely change, in log points. Skipped with fewer than 24 complete periods (or 8 before the
 * split: a team created after the date has no baseline), negative values, or a constant series; days on which use
 * and output both stopped ({@link PairSeries#idleDays}) are left out, and a series with zero periods is taken as
 * {@code log(v + c)}, c half the baseline mean of the days that remain.
 * The proxy itself must also shift up: the same CUSUM on the log proxy (scale from the
 * baseline) gives a second p-value and the finding's p-value is the larger of the two (an intersection-union test,
 * valid at the level of each). Both CUSUMs can only grow with more inflation of the recent proxy, so the evidence is
 * monotone in it. (Gating on PELT's change points instead was tried and dropped twice: more inflation could move or
 * remove a change point and switch the test off, so more gaming lowered the score; jqwik found both.)
 */
public final class ChangePointAsymmetry implements Detector {
    /** The detector's name in reports. */
    public static final String NAME = "change-point-asymmetry";
    /** Weight 0.2; does not decide a pair alone; supports CAUSAL. */
    static final Description DESCRIPTION = Description.of(0.2, false, "PELT change points (Killick, Fearnhead and Eckley 2012) and a CUSUM of the shortfall", Variant.CAUSAL);
    private static final int MIN_SEGMENT = 3;
    /** The fewest complete periods before the split: the baseline the elasticity and the noise are read from. */
    static final int MIN_BASELINE = 8;

    private final int minPoints;
    private final int window;

    /** At least 24 complete periods, matching window 2 periods. */
    public ChangePointAsymmetry() {
        this(24, 2);
    }

    /**
     * @param minPoints the fewest complete periods, at least 12
     * @param window    how many periods apart a proxy and an outcome change point still match, at least 0
     * @throws IllegalArgumentException if a setting is out of range
     */
    public ChangePointAsymmetry(int minPoints, int window) {
        if (minPoints < 12) {
            throw new IllegalArgumentException("minPoints must be at least 12, found " + minPoints);
        }
        if (window < 0) {
            throw new IllegalArgumentException("window must be at least 0, found " + window);
        }
        this.minPoints = minPoints;
        this.window = window;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Description description() {
        return DESCRIPTION;
    }

    @Override
    public DetectorResult detect(PairSeries pair) {
        double[] p = pair.proxyValues();
        double[] o = pair.outcomeValues();
        // without the days on which use and output both stopped (weekends): their swings are the calendar's
        double[][] logs = pair.readLogs();
        if (logs == null) {
            return DetectorResult.skipped("change points are found on logarithms: " + LogScale.reason(pair));
        }
        Complete complete = Complete.of(p, o, logs[0], logs[1], pair.split());
        int n = complete.x.length;
        if (n < minPoints) {
            return DetectorResult.skipped("needs at least " + minPoints + " complete periods, found " + n);
        }
        double[] x = complete.x;
        double[] y = complete.y;
        int[] period = complete.period;
        int splitIndex = complete.splitIndex;
        if (splitIndex < MIN_BASELINE) {
            // the elasticity and the noise are the baseline's: read from the first periods after the date instead, a
            // team created at the date was judged against itself (a helper's team: "ran 26% lower than before")
            return DetectorResult.skipped("needs at least " + MIN_BASELINE + " complete periods before "
                    + pair.splitDate() + " to read the baseline's elasticity and noise from, found " + splitIndex);
        }
        // noise scales from the baseline window (the check below; the change-point search's, except for daily series)
        int scaleTo = splitIndex;
        double[] bx = Arrays.copyOf(x, scaleTo);
        double[] by = Arrays.copyOf(y, scaleTo);
        // what is computed from [0, splitIndex) depends on the baseline alone: kept from the day before (a live
        // scorer's next day; none in batch scoring)
        BaselineMemo memo = splitIndex < n ? pair.baselineMemo() : null;
        BaselineMemo.ChangePoints entry = memo == null ? null : memo.changePoints;
        if (entry == null && (!(hasNoise(bx)) || !(hasNoise(by)))) {
            return DetectorResult.skipped("a series does not vary, so it has no regime changes to compare");
        }
        if (memo != null && entry == null) { // both series vary in the baseline: kept
            double elasticity = ChangeElasticity.conservative(x, y, splitIndex);
            double[] ub = new double[splitIndex];
            for (int i = 0; i < splitIndex; i++) {
                ub[i] = elasticity * x[i] - y[i];
            }
            entry = new BaselineMemo.ChangePoints(elasticity, longRunSd(x, splitIndex), longRunSd(ub, splitIndex));
            memo.changePoints = entry;
        }
        // a weekly rhythm (use that stops at weekends) is not a regime change: left in a daily series it made PELT
        // name about one Monday in two as a "shift up". Daily series with enough weeks are searched in weekly means,
        // blocks aligned on the split (the rhythm averages out and a quota's jump at the split is a block boundary);
        // shorter ones day by day less the whole series' day-of-week profile (a baseline-only profile left the rhythm
        // that gaming changes after the split, a constant extra use weighing more at weekends, to be named as shifts),
        // so what happens after the split can move that search's noise scales. Either search only describes: the test
        // below is on the series as observed, with the baseline's scales
        Weeks weeks = Weeks.of(x, y, period, pair, memo);
        double[] xd;
        double[] yd;
        int[] searchedPeriod;
        double sxd;
        double syd;
        boolean weekdays = false;
        if (weeks != null) {
            xd = weeks.x;
            yd = weeks.y;
            searchedPeriod = weeks.firstPeriod;
            sxd = weeks.proxyNoise;
            syd = weeks.outcomeNoise;
        } else {
            xd = lessWeekdayProfile(x, period, pair);
            yd = lessWeekdayProfile(y, period, pair);
            searchedPeriod = period;
            weekdays = xd != x;
            // the observed series' own scales only where the search needs them (their medians are most of this
            // detector's cost on daily data, where the adjusted ones are used)
            sxd = weekdays ? positiveOr(noise(Arrays.copyOf(xd, scaleTo)), bx, memo, true) : noise(bx, memo, true);
            syd = weekdays ? positiveOr(noise(Arrays.copyOf(yd, scaleTo)), by, memo, false) : noise(by, memo, false);
        }
        int searched = xd.length;
        int[] cx = ChangePoints.pelt(scaled(xd, sxd), ChangePoints.Cost.MEAN, ChangePoints.Penalty.mbic(), MIN_SEGMENT)
                .positions();
        // the proxy's upward shifts (where, and by how much): the evidence the sentence describes
        int upward = 0;
        int[] upAt = new int[cx.length];
        double[] upBy = new double[cx.length];
        // and how the outcome's level moved across the same stretches (signed: up is better), the way the sentence
        // says a matched shift went
        double[] upOutcome = new double[cx.length];
        for (int k = 0; k < cx.length; k++) {
            int from = k == 0 ? 0 : cx[k - 1];
            int to = k + 1 < cx.length ? cx[k + 1] : searched;
            double dx = Descriptive.mean(xd, cx[k], to) - Descriptive.mean(xd, from, cx[k]);
            if (dx > 0) {
                upAt[upward] = cx[k];
                upOutcome[upward] = Descriptive.mean(yd, cx[k], to) - Descriptive.mean(yd, from, cx[k]);
                upBy[upward++] = dx;
            }
        }
        // the outcome's shifts are only compared with the proxy's upward ones: without any, they are not needed
        int[] cy = upward > 0
                ? ChangePoints.pelt(scaled(yd, syd), ChangePoints.Cost.MEAN, ChangePoints.Penalty.mbic(), MIN_SEGMENT)
                        .positions()
                : new int[0];
        double beta = entry != null ? entry.elasticity() : ChangeElasticity.conservative(x, y, splitIndex);

        // Evidence (description): upward proxy regime changes with no outcome change within the window (their dates
        // go to the finding's)
        List<java.time.LocalDate> dates = new ArrayList<>();
        String changes = shifts(pair, weeks != null, searchedPeriod, upward, upAt, upBy, upOutcome, cy, dates);
        String proxyName = pair.proxyLabel();
        String outcomeName = pair.outcomeLabel();
        // Test: an upward change point in the shortfall series u = beta x - y (CUSUM, one-sided sup of the bridge).
        // after an intervention the proxy owes a gain only up to a fourfold rise of its mean level over the baseline's
        // (more use owes no more): where its level rose further, the periods after it are moved down by the excess, as
        // one level (clipping each day would owe less than fourfold for a day-to-day noisy use, and a doubling less
        // than a doubling)
        double excess = 0;
        if (pair.intervention() && splitIndex < n) {
            excess = Descriptive.mean(x, splitIndex, n) - Descriptive.mean(x, 0, splitIndex)
                    - ChangeElasticity.MAX_OWED_RISE;
        }
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            u[i] = beta * (i >= splitIndex && excess > 0 ? x[i] - excess : x[i]) - y[i];
        }
        double sigma = entry != null ? entry.shortfallSd() : longRunSd(u, splitIndex);
        if (!(sigma > 0)) {
            return DetectorResult.skipped("the shortfall series does not vary in the baseline, so the test is undefined");
        }
        int at = upwardCusumAt(u);
        double b = upwardCusum(u, sigma, at);
        double pShortfall = Math.min(1, Math.exp(-2 * b * b));
        // the proxy itself must shift up (same CUSUM on the proxy): an intersection-union test, p = max of the two
        double bProxy = upwardCusum(x, entry != null ? entry.proxySd() : longRunSd(x, splitIndex));
        double pProxy = Math.min(1, Math.exp(-2 * bProxy * bProxy));
        double pValue = Math.max(pShortfall, pProxy);
        double shift = at == 0 ? 0 : Descriptive.mean(u, at, n) - Descriptive.mean(u, 0, at);
        java.time.LocalDate from = pair.granularity().plus(pair.start(), period[at]);
        String msg = changes + (at == 0 ? "; " + outcomeName + " kept pace with it throughout."
                : "; from " + from + " " + outcomeName + " ran "
                + Wording.outcomeComparative(pair.outcomeMetric(), -shift)
                + (beta > 0 ? " than the baseline elasticity, at least " + Text.coefficient(beta)
                        + " (two standard errors), predicts."
                        : " than before (the baseline elasticity is not shown above 0, two standard errors)."));
        String detail = "shifts found by PELT" + (weeks != null ? " on weekly means"
                : weekdays ? " on the series less their day-of-week profile" : "")
                + "; shortfall " + Text.num(shift, 3) + " log points; CUSUM b = "
                + Text.num(b, 2) + " on the shortfall, " + Text.num(bProxy, 2) + " on " + proxyName
                + "; one-sided p " + Text.pEquals(pValue);
        if (at != 0 && !dates.contains(from)) {
            dates.add(from);
        }
        dates.sort(null);
        return DetectorResult.of(Finding.of(NAME, b, pValue, shift, msg, detail).withDates(dates));
    }

    /**
     * The sentence on the proxy's upward shifts: how many, whether the outcome changed within the window after each
     * (by the calendar), and which were not followed; the dates of those go to {@code dates}.
     */
    private String shifts(PairSeries pair, boolean inWeeks, int[] searchedPeriod, int upward, int[] upAt,
            double[] upBy, double[] upOutcome, int[] cy, List<java.time.LocalDate> dates) {
        double xs = pair.proxySign() * pair.link().expectedSign();
        String proxyName = pair.proxyLabel();
        String outcomeName = pair.outcomeLabel();
        List<String> unmatched = new ArrayList<>();
        boolean proxyDuration = Wording.duration(pair.proxyMetric());
        // matched by calendar distance (days, or the first days of weeks): not by position among the periods or weeks
        // searched, which skips those left out (a proxy missing for three weeks made a change four weeks later read as
        // within one)
        int matchWithin = inWeeks ? (window + 6) / 7 : window;
        int withinPeriods = inWeeks ? 7 * matchWithin : window;
        int worse = 0; // matched by the outcome's changes for the worse alone
        for (int k = 0; k < upward; k++) {
            boolean followed = matched(searchedPeriod, upAt[k], cy, withinPeriods);
            // a matched shift said to be followed by an improvement only where the outcome's level across the proxy's
            // stretches got better (a brief rise of the outcome at the shift that then fell below where it was is a
            // change for the worse: a reviewer read "each followed by an improvement" beside cycle time 31% longer)
            worse += followed && !(upOutcome[k] > 0) ? 1 : 0;
            if (!followed) {
                java.time.LocalDate date = pair.granularity().plus(pair.start(), searchedPeriod[upAt[k]]);
                dates.add(date);
                unmatched.add((inWeeks ? "the week of " : "") + date + " ("
                        + Text.comparative(xs * upBy[k], proxyDuration) + ")");
            }
        }

        String within = inWeeks ? Wording.periods(Granularity.WEEK, matchWithin)
                : Wording.periods(pair.granularity(), window);
        String times = upward == 1 ? "once" : upward + " times";
        String listed = String.join(", ", unmatched.subList(0, Math.min(3, unmatched.size())))
                + (unmatched.size() > 3 ? " and " + (unmatched.size() - 3) + " more" : "");
        String changes;
        if (upward == 0) {
            changes = proxyName + " never shifted up to a new level";
        } else if (unmatched.isEmpty() && worse == 0) {
            changes = proxyName + " shifted up to a new level " + times + ", " + (upward == 1 ? "" : "each ")
                    + "followed by an improvement in " + outcomeName + " within " + within;
        } else if (unmatched.isEmpty()) {
            // a change of the outcome for the worse is a change, but no sign that the use bought anything
            changes = proxyName + " shifted up to a new level " + times + ", " + (upward == 1 ? "" : "each ")
                    + (worse == upward ? "followed by a change for the worse in " + outcomeName + " within " + within
                    : "followed by a change in " + outcomeName + " within " + within + ", " + worse
                    + " of them for the worse");
        } else if (unmatched.size() == upward) {
            changes = proxyName + " shifted up to a new level " + times + " with no change in " + outcomeName
                    + " within " + within + ": " + listed;
        } else {
            changes = proxyName + " shifted up to a new level " + times + ", " + unmatched.size() + " of them with no "
                    + "change in " + outcomeName + " within " + within + ": " + listed
                    + (worse == 0 ? "" : "; " + worse + " followed by a change in " + outcomeName + " for the worse");
        }
        return changes;
    }

    /**
     * The periods on which the proxy, the outcome and both logarithms are all present, in time order.
     *
     * @param x          the log proxy on those periods
     * @param y          the log outcome on those periods
     * @param period     each one's period index from the pair's start
     * @param splitIndex how many of them come before the split
     */
    private record Complete(double[] x, double[] y, int[] period, int splitIndex) {
        static Complete of(double[] p, double[] o, double[] logProxy, double[] logOutcome, int split) {
            int n = 0;
            for (int t = 0; t < p.length; t++) {
                if (!Double.isNaN(p[t]) && !Double.isNaN(o[t]) && !Double.isNaN(logProxy[t])) {
                    n++;
                }
            }
            double[] x = new double[n];
            double[] y = new double[n];
            int[] period = new int[n];
            int splitIndex = 0;
            for (int t = 0, k = 0; t < p.length; t++) {
                if (!Double.isNaN(p[t]) && !Double.isNaN(o[t]) && !Double.isNaN(logProxy[t])) {
                    x[k] = logProxy[t];
                    y[k] = logOutcome[t];
                    period[k] = t;
                    if (t < split) {
                        splitIndex = k + 1;
                    }
                    k++;
                }
            }
            return new Complete(x, y, period, splitIndex);
        }
    }

    /**
     * Daily logs in weekly means for the change-point search: blocks of 7 days aligned on the split (block 0 starts
     * there), a block's mean over its complete days, each less its weekday's effect in the baseline, where it has at
     * least 4 of them; each series' noise scale ({@link #noise}) from the baseline's blocks (all blocks with fewer than
     * 8 there), kept in the memo with an intervention (the baseline's blocks do not change from one day to the next).
     *
     * @param x            the weekly means of the log proxy
     * @param y            the weekly means of the log outcome
     * @param firstPeriod  each block's first day (period index from the pair's start)
     * @param proxyNoise   the proxy means' noise scale, positive
     * @param outcomeNoise the outcome means' noise scale, positive
     */
    private record Weeks(double[] x, double[] y, int[] firstPeriod, double proxyNoise, double outcomeNoise) {
        /** The fewest weekly means searched as such: below, daily series are searched day by day. */
        static final int MIN_WEEKS = 12;
        private static final int MIN_DAYS = 4;

        /**
         * The weeks of a daily pair; null for other granularities, fewer than 12 weeks of 4 complete days, or baseline
         * weeks without a positive noise scale.
         */
        static Weeks of(double[] x, double[] y, int[] period, PairSeries pair, BaselineMemo memo) {
            if (pair.granularity() != Granularity.DAY || x.length == 0) {
                return null;
            }
            int split = pair.split();
            int lowest = Math.floorDiv(period[0] - split, 7);
            int highest = Math.floorDiv(period[x.length - 1] - split, 7);
            int span = highest - lowest + 1;
            // each day less its weekday's effect in the baseline, so that a week's mean does not move with which of
            // its days are present (weekend rows that stop arriving read as a 43% rise otherwise); a complete week's
            // mean is its plain mean, the effects summing to 0 over the seven days; from the baseline alone, so that a
            // live scorer's kept noise scales stay valid
            int firstDay = pair.start().getDayOfWeek().getValue() - 1;
            // a series mostly of zero days (tokens uploaded every few days) is read as the log of its weeks' means:
            // the mean of its days' log(v + c) holds its zero days at log(c) on both sides of the date, and a use
            // that rose 2.5-fold read as a shift of 25% (as InterventionResponse reads it)
            boolean sparse = pair.baselineZeroShare() >= LogScale.SPARSE_SHARE;
            double[] ex = sparse ? new double[7] : weekdayEffects(x, period, split, firstDay);
            double[] ey = sparse ? new double[7] : weekdayEffects(y, period, split, firstDay);
            double[] vx = sparse ? pair.proxyValues() : null;
            double[] vy = sparse ? pair.outcomeValues() : null;
            double[] sx = new double[span];
            double[] sy = new double[span];
            int[] count = new int[span];
            for (int k = 0; k < x.length; k++) {
                int b = Math.floorDiv(period[k] - split, 7) - lowest;
                int d = (firstDay + period[k]) % 7;
                sx[b] += sparse ? vx[period[k]] : x[k] - ex[d];
                sy[b] += sparse ? vy[period[k]] : y[k] - ey[d];
                count[b]++;
            }
            int kept = 0;
            int baseline = 0;
            for (int b = 0; b < span; b++) {
                if (count[b] >= MIN_DAYS) {
                    kept++;
                    baseline += b + lowest < 0 ? 1 : 0;
                }
            }
            if (kept < MIN_WEEKS) {
                return null;
            }
            double[] wx = new double[kept];
            double[] wy = new double[kept];
            int[] first = new int[kept];
            for (int b = 0, k = 0; b < span; b++) {
                if (count[b] >= MIN_DAYS) {
                    wx[k] = sx[b] / count[b];
                    wy[k] = sy[b] / count[b];
                    first[k++] = Math.max(0, split + 7 * (b + lowest));
                }
            }
            if (sparse) {
                double[][] logs = LogScale.signedLogs(pair, wx, wy, baseline);
                if (logs == null) {
                    return null; // a baseline of weeks without a positive mean: searched day by day
                }
                wx = logs[0];
                wy = logs[1];
            }
            // the baseline's blocks, or every block where the baseline has fewer than 8
            int scaleTo = baseline >= 8 ? baseline : kept;
            boolean keep = memo != null && baseline >= 8;
            // kept only for the same logged weeks (logged with an offset later weeks can change)
            long key = keep ? BaselineMemo.key(wx, wy, scaleTo, 0) : 0;
            BaselineMemo.WeeklyNoise carried = keep ? memo.weeklyNoise : null;
            boolean same = carried != null && carried.key() == key;
            double px = same ? carried.proxy() : noise(Arrays.copyOf(wx, scaleTo));
            double py = same ? carried.outcome() : noise(Arrays.copyOf(wy, scaleTo));
            if (keep && !same) {
                memo.weeklyNoise = new BaselineMemo.WeeklyNoise(key, px, py);
            }
            if (!(px > 0) || !(py > 0) || !Double.isFinite(px) || !Double.isFinite(py)) {
                return null; // baseline weeks without a noise scale (a purely weekly rhythm): searched day by day
            }
            return new Weeks(wx, wy, first, px, py);
        }

        /**
         * Each weekday's mean over the baseline days less the mean of the seven weekday means (so the seven sum to 0);
         * all 0 when a weekday has fewer than two baseline days.
         */
        private static double[] weekdayEffects(double[] v, int[] period, int split, int firstDay) {
            double[] effect = weekdayMeans(v, period, firstDay, split);
            if (effect == null) {
                return new double[7];
            }
            double centre = 0;
            for (int d = 0; d < 7; d++) {
                centre += effect[d] / 7;
            }
            for (int d = 0; d < 7; d++) {
                effect[d] -= centre;
            }
            return effect;
        }
    }

    /**
     * Each weekday's mean of the values on days before {@code until} (a period index; weekdays counted from {@code
     * firstDay}, 0 for Monday), or null when a weekday has fewer than two of them.
     */
    private static double[] weekdayMeans(double[] v, int[] period, int firstDay, int until) {
        double[] sum = new double[7];
        int[] count = new int[7];
        for (int k = 0; k < v.length && period[k] < until; k++) {
            int d = (firstDay + period[k]) % 7;
            sum[d] += v[k];
            count[d]++;
        }
        for (int d = 0; d < 7; d++) {
            if (count[d] < 2) {
                return null;
            }
            sum[d] /= count[d];
        }
        return sum;
    }

    /**
     * For daily data, {@code v} less its day-of-week profile: each weekday's mean over the series less the overall
     * mean is taken from that weekday's values, so the level is kept and a weekly rhythm is gone. {@code v} itself for
     * other granularities, or when a weekday has fewer than two values.
     *
     * @param period each value's period index from the pair's start (days)
     */
    static double[] lessWeekdayProfile(double[] v, int[] period, PairSeries pair) {
        if (pair.granularity() != Granularity.DAY) {
            return v;
        }
        int first = pair.start().getDayOfWeek().getValue() - 1;
        double[] means = weekdayMeans(v, period, first, Integer.MAX_VALUE);
        if (means == null) {
            return v;
        }
        double total = 0;
        for (double x : v) {
            total += x;
        }
        double mean = total / v.length;
        double[] out = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            out[k] = v[k] - (means[(first + period[k]) % 7] - mean);
        }
        return out;
    }

    /** {@code value} where it is positive, else the noise scale of {@code fallback} (its baseline). */
    private static double positiveOr(double value, double[] fallback, BaselineMemo memo, boolean proxy) {
        return value > 0 ? value : noise(fallback, memo, proxy);
    }

    /** {@link #noise} of the baseline {@code v} of the proxy or the outcome, kept in {@code memo} when there is one. */
    private static double noise(double[] v, BaselineMemo memo, boolean proxy) {
        if (memo == null) {
            return noise(v);
        }
        double kept = proxy ? memo.changePointsNoiseProxy : memo.changePointsNoiseOutcome;
        if (Double.isNaN(kept)) {
            kept = noise(v);
            if (proxy) {
                memo.changePointsNoiseProxy = kept;
            } else {
                memo.changePointsNoiseOutcome = kept;
            }
        }
        return kept;
    }

    /**
     * Whether {@link #noise}{@code (v)} is positive, without its medians where it can: its last resort, half the
     * variance of the first differences, is positive whenever that variance is, and the scale is then positive whatever
     * the medians give; only where that variance is not positive (differences all equal, or below 1e-154) is the
     * scale itself computed. The same answer as {@code noise(v) > 0} on every input.
     */
    static boolean hasNoise(double[] v) {
        double[] d = new double[v.length - 1];
        for (int i = 1; i < v.length; i++) {
            d[i - 1] = v[i] - v[i - 1];
        }
        return variance(d, 0, d.length) / 2 > 0 || noise(v) > 0;
    }

    /** The largest upward CUSUM bridge {@code -(S_tau - tau S_n / n)} over sigma sqrt(n); 0 when sigma is not > 0. */
    static double upwardCusum(double[] v, double sigma) {
        return sigma > 0 ? upwardCusum(v, sigma, upwardCusumAt(v)) : 0;
    }

    /**
     * {@link #upwardCusum(double[], double)} where the bridge is known to be largest at {@code at}
     * ({@link #upwardCusumAt}) and sigma is positive.
     */
    private static double upwardCusum(double[] v, double sigma, int at) {
        if (at == 0) {
            return 0;
        }
        int n = v.length;
        double total = 0;
        for (double x : v) {
            total += x;
        }
        double cumulative = 0;
        for (int i = 0; i < at; i++) {
            cumulative += v[i];
        }
        return -(cumulative - at * total / n) / (sigma * Math.sqrt(n));
    }

    /** Where the upward CUSUM bridge is largest (the first index of the later segment), 0 when it is never positive. */
    static int upwardCusumAt(double[] v) {
        int n = v.length;
        double total = 0;
        for (double x : v) {
            total += x;
        }
        double cumulative = 0;
        double best = 0;
        int at = 0;
        for (int tau = 1; tau < n; tau++) {
            cumulative += v[tau - 1];
            double bridge = -(cumulative - tau * total / n);
            if (bridge > best) {
                best = bridge;
                at = tau;
            }
        }
        return at;
    }

    /**
     * The long-run standard deviation of u from [0, to): its variance times the larger of two long-run factors, the
     * AR(1) factor {@code (1 + rho) / (1 - rho)} (rho with Kendall's bias correction) and the AR(1)-plus-noise factor
     * {@code 1 + 2 c phi / (1 - phi)} with {@code phi = r2 / r1}, {@code c = r1 / phi} from the first two
     * autocorrelations, which catches a slowly wandering component diluted by white noise; phi and rho are clipped to
     * [0, 0.95].
     */
    private static double longRunSd(double[] u, int to) {
        double m = Descriptive.mean(u, 0, to);
        double den = 0;
        double lag1 = 0;
        double lag2 = 0;
        for (int i = 0; i < to; i++) {
            double d = u[i] - m;
            den += d * d;
            if (i > 0) {
                lag1 += d * (u[i - 1] - m);
            }
            if (i > 1) {
                lag2 += d * (u[i - 2] - m);
            }
        }
        if (!(den > 0)) {
            return 0;
        }
        double r1 = lag1 / den;
        double r2 = lag2 / den;
        // Kendall's (1954) first-order bias correction: the least-squares AR(1) estimate is low by (1 + 3 rho) / n
        double rho = Math.max(0, Math.min(0.95, r1 + (1 + 3 * r1) / to));
        double factor = (1 + rho) / (1 - rho);
        if (r1 > 2 / Math.sqrt(to) && r2 > 0) {
            double phi = Math.max(0, Math.min(0.95, r2 / r1));
            double c = Math.min(1, r1 / Math.max(phi, 1e-9));
            factor = Math.max(factor, 1 + 2 * c * phi / (1 - phi));
        }
        return Math.sqrt(den / (to - 1) * factor);
    }

    /** Whether a shift of the proxy at {@code tau} was matched by a change of the outcome within {@code within}. */
    private static boolean matched(int[] periodOf, int tau, int[] outcomeChanges, int within) {
        for (int c : outcomeChanges) {
            if (Math.abs(periodOf[c] - periodOf[tau]) <= within) {
                return true;
            }
        }
        return false;
    }

    /** Noise level: MAD of first differences / (0.6745 sqrt 2); the sd of differences when the MAD is zero. */
    static double noise(double[] v) {
        double[] d = new double[v.length - 1];
        for (int i = 1; i < v.length; i++) {
            d[i - 1] = v[i] - v[i - 1];
        }
        // medians by the screen's branch-free selection (the same values as sorting copies: it orders by <, so a zero
        // median may differ from Descriptive's in its sign alone, which |d - med| removes); d itself stays in order
        // for the fallback below
        double med = CommonShocks.median(d.clone(), d.length);
        double[] dev = new double[d.length];
        for (int i = 0; i < d.length; i++) {
            dev[i] = Math.abs(d[i] - med);
        }
        double mad = CommonShocks.median(dev, dev.length) / 0.6745;
        if (mad > 0) {
            return mad / Math.sqrt(2);
        }
        return Math.sqrt(variance(d, 0, d.length) / 2);
    }

    private static double[] scaled(double[] v, double s) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) {
            out[i] = v[i] / s;
        }
        return out;
    }

    private static double variance(double[] v, int from, int to) {
        if (to - from < 2) {
            return 0;
        }
        double m = Descriptive.mean(v, from, to);
        double s = 0;
        for (int i = from; i < to; i++) {
            s += (v[i] - m) * (v[i] - m);
        }
        return s / (to - from - 1);
    }
}
