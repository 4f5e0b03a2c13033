package dev.goodhart.detect;

import dev.goodhart.model.Aggregation;
import dev.goodhart.model.Granularity;
import dev.goodhart.internal.Windows;
import dev.goodhart.stats.Descriptive;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.distribution.FDistribution;

/**
 * How much each day of the week tells of an averaged outcome's level, for the weekly blocks {@link ExpectedResponse}
 * reads a daily series in. A daily cycle time is the mean of the items closed that day: on a weekend with one or two
 * items it is several times as noisy as on a weekday with fifteen, and a week's plain mean of its days carries the
 * weekend's noise in full (a helper's simulated team: its weekly cycle time wandered by 0.16 in log units, by 0.08 from
 * its weekdays alone). Where the segment's baseline shows that its days of the week differ in noise, each day is
 * weighed as weighted least squares weighs groups of unequal variance; elsewhere every day weighs alike, as before.
 *
 * <p>A day of weekday {@code d} is read as {@code y = theta c_d (1 + e)}, {@code theta} the block's level, {@code c_d}
 * the weekday's level relative to the others (its baseline mean) and {@code e} its relative noise, of variance {@code
 * v_d}; the block's mean {@code sum(w y) / sum(w c)} estimates {@code theta} whatever the weights, with the least
 * variance at {@code w_d = 1 / (c_d v_d)} ({@code c_d} the weekday's mean over the weekdays'
 * average: {@code sum(w y) / sum(w)} reads {@code theta sum(w c) / sum(w)}, which moves with the weights). A count
 * whose noise is Poisson ({@code v_d = 1 / (c_d theta)}) so weighs every day alike, as its plain mean already does
 * best. {@code v_d} is the square of the weekday's mean absolute deviation from its median in the baseline, in log
 * units where every baseline value is positive (a duration's noise is multiplicative and skewed; the deviations of its
 * logs are nearly symmetric), else relative to the weekday's mean; the weights are scaled so that the weekdays' median
 * one is 1, and no day weighs more than {@value #MAX_WEIGHT}. A weekday with fewer than {@value #MIN_DAYS} values in
 * the baseline, or a mean there that is not positive, weighs as the median of the others.
 *
 * <p>Only for a daily outcome that is averaged ({@link Aggregation#MEAN}: durations, rates); a summed outcome's total
 * (counts) already weighs each day by what it holds. Read from the baseline alone (the periods before the split), so
 * the use's rise cannot move the weights, and only where the weekdays' noise differs by the Brown-Forsythe test (one-way
 * analysis of variance of the absolute deviations from each weekday's median, robust to heavy tails; Levene's, from
 * the mean, for a series with zeros) at {@value #LEVEL}: with equal noise the weights would only add the noise of their own estimates. A baseline week is weighed
 * by weights read without it ({@link #perPeriod}), as the weeks after the date are by weights that do not know them, so
 * the weighted blocks' scatter before the date sets the outcome's error as the plain blocks' did.
 *
 * <p>What is read changes with the weights where the days change differently: a gain that comes on the weekends alone,
 * or weekends that fill after the date with days of another level (an on-call rota), count in the weighted weeks as
 * far as those days weigh. The finding's detail says the weeks were weighted and by what.
 */
final class WeekdayWeights {
    /**
     * The Brown-Forsythe test's level. Where the days' noise is alike the weights are used in this share of segments
     * and add little (simulated: 3.4% of 4,000 series with equal noise, the blocks' variance unchanged on average); where
     * the weekend is twice as noisy they are used in 84% and take 31% off the blocks' variance, three times 99.9% and
     * 66%.
     */
    static final double LEVEL = 0.05;
    /**
     * Below this F no analysis of variance of up to 7 groups is significant at {@link #LEVEL} (0.05): F's 95% quantile
     * with 1 to 6 degrees of freedom between them is 2.10 or more, whatever the degrees of freedom within.
     */
    private static final double F_SCREEN = 2.09;
    /** The folds of baseline weeks each read without the others' ({@link #perPeriod}). */
    static final int FOLDS = 8;
    /** The fewest baseline values a weekday needs for its own noise to be read. */
    static final int MIN_DAYS = 4;
    /**
     * The most a day weighs against the weekdays' median one. What the weights are for is the days that are noisier; a
     * day that reads quieter than the others is mostly a day whose few baseline values happened to vary little (one
     * weekday of five read at half the median deviation had weighed 4.4 times a typical day).
     */
    static final double MAX_WEIGHT = 2;

    private WeekdayWeights() {
    }

    /**
     * An outcome's weights as its blocks read them: by weekday and for each period ({@link #perPeriod}), with each
     * period's weekday level, so that a block's weighted mean {@code sum(w y) / sum(w c)} reads
     * the block's level whatever the weights ({@link #runningWeight}).
     *
     * @param byWeekday the weights by weekday, 0 (Monday) to 6, read from the whole baseline, their median 1
     * @param perPeriod each period's weight
     * @param perPeriodLevel each period's weekday level relative to the weekdays' average ({@code c}), the whole
     *                       baseline's
     */
    record Read(double[] byWeekday, double[] perPeriod, double[] perPeriodLevel) {
    }

    /** No weights: every day weighs alike (a pair's kept answer, {@link PairSeries#weekdayWeights}). */
    static final Read NONE = new Read(new double[0], new double[0], new double[0]);

    /**
     * The outcome's weights, or null where every day weighs alike: not a daily averaged outcome, fewer than two weekdays
     * with enough values, or no clear difference in their noise. The baseline's logs are read once for the whole
     * baseline's weights and the folds'.
     *
     * @param outcome  the outcome's values (NaN where missing), read only
     * @param split    the first period after the baseline
     * @param firstDay the weekday of period 0, 0 (Monday) to 6
     */
    static Read read(double[] outcome, int split, int firstDay, Granularity granularity, Aggregation aggregation) {
        if (granularity != Granularity.DAY || aggregation != Aggregation.MEAN) {
            return null;
        }
        int end = Math.min(split, outcome.length);
        double[] logs = logs(outcome, end);
        double[] byWeekday = fit(outcome, logs, end, firstDay, -1, true);
        if (byWeekday == null) {
            return null;
        }
        return new Read(byWeekday, perPeriod(outcome, logs, end, firstDay, byWeekday),
                perPeriodLevel(outcome, end, firstDay));
    }

    /**
     * Each period's weight: after the split its weekday's ({@code byWeekday}, read from the whole baseline); in the
     * baseline its weekday's as read from the baseline without the fold its week is in (weeks of 7 periods counted back
     * from the split, the first may be shorter; every {@value #FOLDS}th week in a fold, so that each fold's weights are
     * read from weeks all through the baseline), the test read again there (a fold whose other weeks show no difference
     * in noise, or too few values, weighs its days alike). Weights read from the days they weigh favour the days whose
     * noise happened to be small there, and the baseline then looked quieter than the weeks after the date: 4,000
     * series with a weekend of one item a day, the variance of the weekly means 1.29 times as large after the date as
     * before (plain means 1.01; a reviewer's probe; 1.52 where the days were alike and weighed by chance), which set the
     * outcome's error too small and flagged honest teams at the declared minimum more often (131 to 149 of 2,400). Read
     * by folds, 0.94 (1.07 where weighed by chance): each baseline week is weighed as the weeks after the date are, by
     * weights that do not know it. Eight folds rather than each week left out in turn (0.97, and 1.11 by chance): an
     * organisation of 10,000 segments whose every outcome had a noisy weekend was scored in 5.7 s with a fit per week
     * left out, 4.2 s with eight (3.6 s with the weights read once a pair, {@link PairSeries#weekdayWeights}), 2.9 to
     * 3.1 s without weights. With four folds and the test not read again, 0.97 and 1.22.
     *
     * @param byWeekday the weights read from the whole baseline, by weekday
     */
    private static double[] perPeriod(double[] outcome, double[] logs, int end, int firstDay, double[] byWeekday) {
        int n = outcome.length;
        double[] weights = new double[n];
        for (int t = end; t < n; t++) {
            weights[t] = byWeekday[(firstDay + t) % 7];
        }
        for (int fold = 0; fold < FOLDS; fold++) {
            double[] without = fit(outcome, logs, end, firstDay, fold, true);
            for (int t = 0; t < end; t++) {
                if (fold(t, end) == fold) {
                    weights[t] = without == null ? 1 : without[(firstDay + t) % 7];
                }
            }
        }
        return weights;
    }

    /**
     * Each period's weekday level {@code c}: its weekday's mean over the weekdays' average in the whole baseline (a
     * weekday without values, or with a mean that is not positive, at the average), whatever its weight. A weighted
     * mean {@code sum(w y) / sum(w)} reads {@code theta sum(w c) / sum(w)}, which moves with the weights where the
     * weekdays' levels differ, so that the weeks of a fold that weighs its days alike (or by other weights) stood at
     * another level than the rest and read as a step (a reviewer's probe: a weekend at three times the weekdays' cycle
     * time and half again their noise, 400 series, ordinary weeks left out as incidents in 13 to 42; the expected
     * response's baseline blocks carried the same offsets). Divided by {@code sum(w c)} every block reads {@code
     * theta}, whatever its weights and whichever days it has. Read from each fold's own fit instead, a fold that weighs
     * alike (c 1) or reads other weekdays stood apart again where days were missing (a second reviewer: weekend days
     * seen half the time, 2,000 series, weeks after the date 0.069 above those before in logs; with the whole
     * baseline's levels 0.004). A level is a mean, not a choice of quiet days: reading it from the week it divides leaks
     * next to nothing. Values, not logs: a block's mean is of values.
     */
    private static double[] perPeriodLevel(double[] outcome, int end, int firstDay) {
        double[] mean = new double[7];
        int[] count = new int[7];
        for (int t = 0; t < end; t++) {
            if (Double.isFinite(outcome[t])) {
                mean[(firstDay + t) % 7] += outcome[t];
                count[(firstDay + t) % 7]++;
            }
        }
        double average = 0;
        int levelled = 0;
        for (int d = 0; d < 7; d++) {
            mean[d] = count[d] > 0 ? mean[d] / count[d] : 0;
            if (mean[d] > 0) {
                average += mean[d];
                levelled++;
            }
        }
        average /= levelled;
        double[] levels = new double[outcome.length];
        for (int t = 0; t < levels.length; t++) {
            double m = mean[(firstDay + t) % 7];
            levels[t] = m > 0 ? m / average : 1;
        }
        return levels;
    }

    /** The fold of baseline period {@code t}: its week counted back from the split, modulo {@value #FOLDS}. */
    private static int fold(int t, int end) {
        return (end - 1 - t) / 7 % FOLDS;
    }

    /** Each day's value times its weight (NaN where the value is missing). */
    static double[] weighted(double[] outcome, double[] weights) {
        double[] weighted = new double[outcome.length];
        for (int t = 0; t < outcome.length; t++) {
            weighted[t] = outcome[t] * weights[t];
        }
        return weighted;
    }

    /**
     * The running sum of the observed days' weights times their weekday levels ({@code [t]} is the sum over periods
     * before {@code t}; a missing day adds nothing), so that a block's weighted mean, its sum of {@link #weighted}
     * values over this, reads the block's level whatever its weights ({@link #perPeriod}).
     */
    static double[] runningWeight(double[] outcome, Read read) {
        double[] running = new double[outcome.length + 1];
        double[] w = read.perPeriod();
        double[] c = read.perPeriodLevel();
        for (int t = 0; t < outcome.length; t++) {
            running[t + 1] = running[t] + (Double.isNaN(outcome[t]) ? 0 : w[t] * c[t]);
        }
        return running;
    }

    /**
     * What the weights were, for a finding's detail: "cycle_time's weeks read as weighted means, each day weighed by
     * its weekday's noise before the date (a typical day 1: Mon 1.00, Tue 1.91, Wed 1.62, Thu 0.91, Fri 1.15, Sat 0.13,
     * Sun 0.12); its changes above are of those means".
     *
     * @param weights by weekday, 0 (Monday) to 6
     * @param outcome the outcome's label
     */
    static String clause(double[] weights, String outcome) {
        StringBuilder b = new StringBuilder(outcome).append("'s weeks read as weighted means, each day weighed by its"
                + " weekday's noise before the date (a typical day 1: ");
        for (int d = 0; d < 7; d++) {
            b.append(d > 0 ? ", " : "").append(java.time.DayOfWeek.of(d + 1).getDisplayName(
                    java.time.format.TextStyle.SHORT, java.util.Locale.ROOT)).append(' ')
                    .append(dev.goodhart.internal.Text.num(weights[d], 2));
        }
        return b.append("); its changes above are of those means").toString();
    }

    /**
     * The logs of the baseline's values (NaN where missing; read once for every fold), or null where one is not
     * positive (the weekdays are then read relative to their means).
     */
    private static double[] logs(double[] outcome, int split) {
        double[] logs = new double[split];
        for (int t = 0; t < split; t++) {
            if (outcome[t] <= 0) {
                return null;
            }
            logs[t] = Math.log(outcome[t]);
        }
        return logs;
    }

    /**
     * The weights by weekday (0 Monday to 6 Sunday: period {@code t}'s is {@code [(firstDay + t) % 7]}), scaled so that
     * the weekdays' median weight is 1, read from the periods before {@code split} but those of fold {@code skip}
     * ({@link #fold}; -1: none),
     * in logs where {@code logs} are given ({@link #logs}); with {@code test}, null unless the weekdays' noise differs by
     * the test at {@link #LEVEL} (else only where too few values).
     */
    private static double[] fit(double[] outcome, double[] logs, int split, int firstDay, int skip, boolean test) {
        double[] mean = new double[7];
        int[] count = new int[7];
        boolean positive = logs != null;
        for (int t = 0; t < split; t++) {
            if (skip >= 0 && fold(t, split) == skip) {
                continue;
            }
            if (Double.isFinite(outcome[t])) {
                int d = (firstDay + t) % 7;
                mean[d] += outcome[t];
                count[d]++;
            }
        }
        // each weekday's values (in logs, or relative to its mean), in primitive arrays: read once per week left out
        double[][] values = new double[7][];
        int[] seen = new int[7];
        for (int d = 0; d < 7; d++) {
            mean[d] = count[d] > 0 ? mean[d] / count[d] : Double.NaN;
            values[d] = new double[count[d] >= MIN_DAYS && mean[d] > 0 ? count[d] : 0];
        }
        for (int t = 0; t < split; t++) {
            int d = (firstDay + t) % 7;
            if ((skip < 0 || fold(t, split) != skip) && Double.isFinite(outcome[t]) && values[d].length > 0) {
                values[d][seen[d]++] = positive ? logs[t] : outcome[t] / mean[d] - 1;
            }
        }
        List<double[]> deviations = new ArrayList<>(7);
        double[] spread = new double[7];
        // each weekday's level: its mean, or where read in logs its geometric mean (its raw mean carries the skew)
        double[] level = new double[7];
        double levels = 0;
        int read = 0;
        Arrays.fill(spread, Double.NaN);
        for (int d = 0; d < 7; d++) {
            double[] x = values[d];
            if (x.length < MIN_DAYS) {
                continue;
            }
            // deviations from the weekday's median in logs (Brown-Forsythe); from its mean (0: each value is read
            // relative to it) otherwise, as Levene's test reads them: a rate that is mostly zero has median zero, and
            // from it most days deviate by nothing (a weekend of two runs a day, four and a half times as noisy as the
            // weekdays' forty, was told in 25 of 50 series so, in 50 from the mean)
            double centre = positive ? Descriptive.median(x) : 0;
            double[] dev = new double[x.length];
            double sum = 0;
            double total = 0;
            for (int i = 0; i < x.length; i++) {
                dev[i] = Math.abs(x[i] - centre);
                sum += dev[i];
                total += x[i];
            }
            spread[d] = sum / x.length;
            level[d] = positive ? Math.exp(total / x.length) : mean[d];
            deviations.add(dev);
            levels += level[d];
            read++;
        }
        if (read < 2 || test && !differ(deviations)) {
            return null;
        }
        double typical = Descriptive.median(Windows.finite(spread));
        if (!(typical > 0)) {
            return null;
        }
        double typicalLevel = levels / read;
        double[] weights = new double[7];
        Arrays.fill(weights, Double.NaN);
        for (int d = 0; d < 7; d++) {
            if (Double.isFinite(spread[d])) {
                double v = Math.max(spread[d], typical / MAX_WEIGHT);
                weights[d] = typicalLevel / (level[d] * v * v);
            }
        }
        double middle = Descriptive.median(Windows.finite(weights));
        for (int d = 0; d < 7; d++) {
            weights[d] = Double.isFinite(weights[d]) ? Math.min(MAX_WEIGHT, weights[d] / middle) : 1;
        }
        return weights;
    }

    /**
     * Whether the weekdays' absolute deviations differ by the one-way analysis of variance at {@link #LEVEL} (the
     * Brown-Forsythe or Levene test); false where they cannot be read (none vary within a weekday). The F statistic is
     * read first and its p-value only where it could be under the level: with at most 6 and at least 1 degrees of
     * freedom between the weekdays, F's 95% quantile is above 2.09 for any degrees of freedom within them (2.10 at 6
     * and infinity), so a smaller F is not significant (the p-value, an incomplete beta function, cost more than the
     * rest of the weights for every averaged daily outcome read).
     */
    private static boolean differ(List<double[]> groups) {
        int n = 0;
        boolean varies = false;
        for (double[] g : groups) {
            n += g.length;
            for (double x : g) {
                varies |= x != g[0];
            }
        }
        if (!varies) {
            return false; // no variation within the weekdays at all (a constant series): nothing to weigh by
        }
        double f = anovaF(groups);
        return f >= F_SCREEN
                && new FDistribution(null, groups.size() - 1, n - groups.size()).cumulativeProbability(f) > 1 - LEVEL;
    }


    /**
     * The one-way analysis of variance's F statistic of {@code groups} (each at least one value, at least two groups
     * and more values than groups): the mean square between the groups over the mean square within them, each group's
     * sum of squares about its own mean (each mean refined once), tested against F in 50-digit decimal arithmetic.
     * Commons Math's {@code OneWayAnova.anovaFValue} gives the same to its precision (its one-pass sums of squares lose
     * digits to an offset) and also takes the logarithm of every value (its summary statistics keep a geometric mean),
     * which was a third of the weights' time.
     */
    static double anovaF(List<double[]> groups) {
        int n = 0;
        double total = 0;
        for (double[] g : groups) {
            n += g.length;
            for (double x : g) {
                total += x;
            }
        }
        double grand = total / n;
        double rest = 0;
        for (double[] g : groups) {
            for (double x : g) {
                rest += x - grand;
            }
        }
        grand += rest / n;
        double between = 0;
        double within = 0;
        for (double[] g : groups) {
            double sum = 0;
            for (double x : g) {
                sum += x;
            }
            double mean = sum / g.length;
            // the mean refined once (its rounding against an offset is first-order in the between-groups sum)
            double residual = 0;
            for (double x : g) {
                residual += x - mean;
            }
            mean += residual / g.length;
            between += g.length * (mean - grand) * (mean - grand);
            for (double x : g) {
                within += (x - mean) * (x - mean);
            }
        }
        int k = groups.size();
        return (between / (k - 1)) / (within / (n - k));
    }

}
