package dev.goodhart.detect;

import dev.goodhart.internal.SafeUnit;
import dev.goodhart.internal.Tails;
import dev.goodhart.internal.Text;
import dev.goodhart.model.Finding;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.Variant;
import dev.goodhart.stats.Descriptive;
import java.time.DayOfWeek;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Weekly rhythm: did the proxy lose the weekly rhythm of the work since the split?
 *
 * <p>People use a tool on the days they work: a team's daily tokens have a weekly profile (quiet weekends, a busy
 * Monday). Use added by a script or a scheduled dummy agent runs at an even rate through the week, so it flattens that
 * profile: the quiet days carry a larger share of the week. Each day is first read against its local level, the use of
 * the week around it (on its own side of the split) over what the profile expects of those weekdays, so that growth
 * within a week (an adoption's ramp lifts a Sunday above its Monday) is not read as a change of the days' shares. The
 * detector reads the baseline's profile {@code p_d} (each week's days over the week's mean, averaged per weekday, mean
 * 1), then each week's <em>depth</em> {@code b}: the week's days regressed on the profile, {@code v_d = alpha + beta
 * p_d}, {@code b = beta / (alpha + beta)}, 1 where the week has the baseline's rhythm and 0 where every day is alike (a
 * week that doubles with a flat addition reads 1/2). A baseline week's depth is read on the profile of the other
 * baseline weeks, so that it does not meet its own noise. It tests whether the depth fell by more than {@value
 * #MATERIAL_DROP} (what a flat addition of a tenth of the use makes, as the expected response's material rise is 10%;
 * smaller drops are left alone) with Welch's t on effective sample sizes, {@code n (1 - r) / (1 + r)} with
 * the baseline's lag-1 autocorrelation {@code r} for both windows (under the null the weeks since follow the
 * baseline's process; their own {@code r} would read flat use, which makes consecutive weeks alike, as a reason for
 * less evidence), and Hsu's conservative degrees of freedom, the smaller effective size less one
 * (Welch-Satterthwaite's move with the variances' ratio, so that flatter weeks since could lower the evidence: more
 * flat use never lowers it here), each window's depths held within three robust standard deviations of its median (a
 * holiday week is one week, not the test). Where the weeks since the split are twelve or more, their last half is
 * tested too (a ramp's or a late onset's flat use fills the later weeks, and the whole window dilutes it) and the
 * smaller p of the two, doubled, is the finding's (Bonferroni), as the expected response reads a last half.
 *
 * <p>Statistic: t (positive where the rhythm got flatter by more than the margin). p-value: one-sided. Effect: the drop
 * in mean depth. Skipped unless the data is daily with at least {@value #MIN_WEEKS} weeks of at least {@value
 * #MIN_DAYS} observed days on each side, the proxy is not negative, the baseline has a weekly rhythm to lose (a one-way
 * analysis of variance of its days by weekday at p below {@value #RHYTHM_LEVEL}) and a quiet day to fill (a weekday at
 * most {@value #QUIET_DAY} of an average day's use: weekday-only exports and teams that work every day have none, and a
 * shallow profile's depth is too noisy to read). The evidence is about the proxy alone: it corroborates a shortfall
 * (weight 0.2, so it cannot flag a pair by itself: with it at full strength the expected response makes a pair
 * DIVERGING from p 0.106 instead of 0.05); it never clears one, and it does not count where the expected response
 * cleared the pair (the outcome got the gain owed, or the proxy did not rise): weekend work and scheduled jobs that
 * help flatten a week too. Its significant finding labels a flagged pair {@link Variant#ADVERSARIAL}.
 */
public final class WeeklyRhythm implements Detector {
    /** The detector's name in reports. */
    public static final String NAME = "weekly-rhythm";
    /**
     * Weight 0.2; does not decide a pair; supports ADVERSARIAL (manufactured use); not counted on a cleared pair
     * (weekend work and scheduled jobs that help flatten a week too).
     */
    static final Description DESCRIPTION = Description.of(0.2, false,
            "depth of the weekly profile before and since, Welch t on autocorrelation-adjusted effective sizes,"
                    + " Hsu's df",
            Variant.ADVERSARIAL).notCountedWhenCleared();
    /** The fewest usable weeks on each side. */
    static final int MIN_WEEKS = 6;
    /** The fewest observed days for a week to be read. */
    static final int MIN_DAYS = 5;
    /** The baseline's weekday effect must be significant at this level for there to be a rhythm to lose. */
    static final double RHYTHM_LEVEL = 0.001;
    /** A weekday at most this share of an average day's use is a quiet day; the rhythm read needs one. */
    static final double QUIET_DAY = 0.7;
    /**
     * The drop in depth the test asks beyond, {@code 1 - 1/1.1}: what a flat addition of a tenth of the use makes, the
     * expected response's material rise (10%).
     */
    static final double MATERIAL_DROP = 1 - 1 / 1.1;
    private static final double MAD_TO_SD = 1.4826;
    private static final double HOLD_AT = 3;
    private static final double MAX_AUTOCORRELATION = 0.9;

    /** With the default settings. */
    public WeeklyRhythm() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Description description() {
        return DESCRIPTION;
    }

    /** Daily pairs only: weekly and monthly rows have no days to read, and the scorer notes no skip for them. */
    @Override
    public boolean appliesTo(PairSeries pair) {
        return pair.granularity() == Granularity.DAY;
    }

    @Override
    public DetectorResult detect(PairSeries pair) {
        if (pair.granularity() != Granularity.DAY) {
            return DetectorResult.skipped("reads the days of each week: needs daily data");
        }
        double[] raw = pair.proxy();
        // in a power-of-two unit where weeks sum without overflow (exact; shares and depths do not depend on the unit)
        double[] x = SafeUnit.divide(raw, SafeUnit.shift(raw));
        int split = pair.split();
        int before = split / 7;
        int after = (x.length - split) / 7;
        for (double v : x) {
            if (v < 0) {
                return DetectorResult.skipped("the proxy has negative values, so it has no share of a week");
            }
        }
        // weeks aligned to the split: baseline week j covers [split - 7 (before - j), + 7)
        int from = split - 7 * before;
        int to = split + 7 * after;
        List<double[]> rawBase = weeks(x, from, before);
        List<double[]> rawRecent = weeks(x, split, after);
        if (rawBase.size() < MIN_WEEKS || rawRecent.size() < MIN_WEEKS) {
            return DetectorResult.skipped("needs at least " + MIN_WEEKS + " weeks of at least " + MIN_DAYS
                    + " days on each side, found " + rawBase.size() + " before and " + rawRecent.size() + " after "
                    + pair.splitDate());
        }
        // each day over its local level (the week around it, on its own side of the split), so that growth within a
        // week (an adoption's ramp) is not read as a change of the days' shares
        double[] firstSum = new double[7];
        int[] firstCount = new int[7];
        accumulate(relative(rawBase), firstSum, firstCount);
        double[] firstProfile = profile(firstSum, firstCount, null);
        double[] relative = new double[x.length];
        java.util.Arrays.fill(relative, Double.NaN);
        localRelative(x, firstProfile, from, split, split, relative);
        localRelative(x, firstProfile, split, to, split, relative);
        List<double[]> base = weeks(relative, from, before);
        List<double[]> recent = weeks(relative, split, after);
        if (base.size() < MIN_WEEKS || recent.size() < MIN_WEEKS) {
            return DetectorResult.skipped("needs at least " + MIN_WEEKS + " weeks with a local level on each side, "
                    + "found " + base.size() + " before and " + recent.size() + " after " + pair.splitDate());
        }
        double[] sum = new double[7];
        int[] count = new int[7];
        List<double[]> baseRelative = relative(base);
        accumulate(baseRelative, sum, count);
        double rhythmP = weekdayEffect(baseRelative, sum, count);
        if (!(rhythmP < RHYTHM_LEVEL)) {
            return DetectorResult.skipped("the baseline's " + pair.proxyLabel() + " has no weekly rhythm to lose "
                    + "(its weekdays differ at p " + Text.pEquals(rhythmP) + ", " + RHYTHM_LEVEL + " needed)");
        }
        double[] profile = profile(sum, count, null);
        double quietest = Double.POSITIVE_INFINITY;
        for (double v : profile) {
            quietest = Double.isNaN(v) ? quietest : Math.min(quietest, v);
        }
        if (!(quietest <= QUIET_DAY)) {
            return DetectorResult.skipped("the baseline's " + pair.proxyLabel() + " has no quiet day to fill (its "
                    + "quietest weekday had " + Text.num(100 * quietest, 0) + "% of an average day's, "
                    + Text.num(100 * QUIET_DAY, 0) + "% or less needed)");
        }
        double[] depthBefore = new double[base.size()];
        for (int j = 0; j < base.size(); j++) {
            double[] own = profile(sum, count, baseRelative.get(j));
            depthBefore[j] = depth(base.get(j), own);
        }
        double[] depthSince = depths(recent, profile);
        depthBefore = finite(depthBefore);
        if (depthBefore.length < MIN_WEEKS || depthSince.length < MIN_WEEKS) {
            return DetectorResult.skipped("needs at least " + MIN_WEEKS + " weeks with use on each side, found "
                    + depthBefore.length + " before and " + depthSince.length + " after " + pair.splitDate());
        }
        Window b = Window.of(depthBefore);
        Test all = Test.of(b, depthSince);
        if (all == null) {
            // rounding, not variation (an exactly periodic series): no error to test a drop against
            return DetectorResult.skipped("the depth of the weekly rhythm does not vary between weeks");
        }
        // the last half of the weeks since (a ramp's or a late onset's flat use fills the later weeks), where it has
        // enough weeks of its own: the smaller p of the two, doubled (Bonferroni)
        int half = after / 2;
        double[] depthLast = depths(weeks(relative, split + 7 * half, after - half), profile);
        Test last = depthLast.length >= MIN_WEEKS ? Test.of(b, depthLast) : null;
        boolean lastHalf = last != null && last.p < all.p;
        Test chosen = lastHalf ? last : all;
        double p = last == null ? all.p : Math.min(1, 2 * Math.min(all.p, last.p));
        String quiet = quietDays(profile, pair);
        double[] share = {share(rawBase, profile),
                share(lastHalf ? weeks(x, split + 7 * half, after - half) : rawRecent, profile)};
        String when = lastHalf ? "In the last half since " + pair.splitDate() + " (from "
                + pair.start().plusDays(split + 7L * half) + "), " + pair.proxyLabel()
                : "Since " + pair.splitDate() + ", " + pair.proxyLabel();
        String msg = message(when, pair.proxyLabel(), p, chosen.deeperP, quiet, share);
        String detail = "depth of the weekly rhythm (1 = the baseline's profile, 0 = every day alike) "
                + Text.num(b.mean, 2) + " over " + depthBefore.length + " weeks before, " + Text.num(all.since.mean, 2)
                + " over " + depthSince.length + " weeks since"
                + (last == null ? "" : " (" + Text.num(last.since.mean, 2) + " over the last " + depthLast.length + ")")
                + "; each day read against the week around it, each week held within " + (int) HOLD_AT
                + " robust deviations of its window's median; Welch t of a drop beyond " + Text.num(MATERIAL_DROP, 2)
                + (lastHalf ? " in the last half" : "") + " = " + Text.num(chosen.t, 2) + " on "
                + Text.num(b.effective, 1) + " and " + Text.num(chosen.since.effective, 1)
                + " effective weeks (the baseline's lag-1 autocorrelation " + Text.num(b.autocorrelation, 2)
                + " allowed for), df " + Text.num(chosen.df, 1) + ", one-sided p "
                + Text.pEquals(p) + (last == null ? "" : " (the smaller of the two windows', doubled)");
        return DetectorResult.of(Finding.of(NAME, chosen.t, p, b.mean - chosen.since.mean, msg, detail));
    }

    /** The finite depths of the usable weeks on {@code profile}, in order. */
    private static double[] depths(List<double[]> weeks, double[] profile) {
        double[] out = new double[weeks.size()];
        for (int k = 0; k < weeks.size(); k++) {
            out[k] = depth(weeks.get(k), profile);
        }
        return finite(out);
    }

    /**
     * Welch's test of a drop in depth beyond the margin, from the baseline's window to {@code since}'s (sized by the
     * baseline's autocorrelation, on Hsu's degrees of freedom): t, df, the one-sided p, the one-sided p of a rise in
     * depth (no margin; for the wording) and the window since.
     */
    record Test(double t, double df, double p, double deeperP, Window since) {
        /** The test; null where the error is rounding (an exactly periodic series). */
        static Test of(Window b, double[] depths) {
            Window r = Window.of(depths, b.autocorrelation);
            double va = b.variance / b.effective;
            double vb = r.variance / r.effective;
            double se = Math.sqrt(va + vb);
            if (!(se > 1e-9 * Math.max(1, Math.abs(b.mean - r.mean)))) {
                return null;
            }
            double t = (b.mean - r.mean - MATERIAL_DROP) / se;
            // Hsu's conservative degrees of freedom: Welch-Satterthwaite's move with the two variances' ratio, so that
            // flatter weeks since (a smaller variance there) could lower the evidence they raise
            double df = Math.max(1, Math.min(b.effective, r.effective) - 1);
            return new Test(t, df, Tails.t(t, df), Tails.t((r.mean - b.mean) / se, df), r);
        }
    }

    /** {@code count} weeks from {@code from}, each a copy of its 7 days (NaN where missing), those with enough days. */
    private static List<double[]> weeks(double[] x, int from, int count) {
        List<double[]> out = new ArrayList<>(Math.max(0, count));
        for (int w = 0; w < count; w++) {
            double[] days = new double[7];
            int seen = 0;
            double total = 0;
            for (int d = 0; d < 7; d++) {
                double v = x[from + 7 * w + d];
                days[d] = Double.isFinite(v) ? v : Double.NaN;
                if (Double.isFinite(v)) {
                    seen++;
                    total += v;
                }
            }
            if (seen >= MIN_DAYS && total > 0 && Double.isFinite(total)) {
                out.add(days);
            }
        }
        return out;
    }

    /** Adds the relative weeks' days ({@link #relative}) to the per-weekday sums and counts. */
    static void accumulate(List<double[]> relativeWeeks, double[] sum, int[] count) {
        for (double[] w : relativeWeeks) {
            for (int d = 0; d < 7; d++) {
                if (!Double.isNaN(w[d])) {
                    sum[d] += w[d];
                    count[d]++;
                }
            }
        }
    }

    /**
     * Writes into {@code out} each day in [from, to) over its local level: the observed days of the 7 around it (kept
     * within [from, to)) over the profile's values for those weekdays; NaN where fewer than {@value #MIN_DAYS} of them
     * are observed or the level is not positive. Weekday {@code d} of day {@code t} is {@code (t - anchor) mod 7}.
     */
    private static void localRelative(double[] x, double[] profile, int from, int to, int anchor, double[] out) {
        for (int t = from; t < to; t++) {
            if (!Double.isFinite(x[t])) {
                continue;
            }
            int start = Math.max(from, Math.min(t - 3, to - 7));
            double use = 0;
            double expected = 0;
            int seen = 0;
            int d = Math.floorMod(start - anchor, 7);
            for (int s = start; s < start + 7; s++) {
                double p = profile[d];
                if (Double.isFinite(x[s]) && !Double.isNaN(p)) {
                    use += x[s];
                    expected += p;
                    seen++;
                }
                d = d == 6 ? 0 : d + 1;
            }
            if (seen >= MIN_DAYS && use > 0 && Double.isFinite(use)) {
                out[t] = x[t] / (use / expected);
            }
        }
    }

    private static double meanOfObserved(double[] w) {
        double s = 0;
        int n = 0;
        for (double v : w) {
            if (!Double.isNaN(v)) {
                s += v;
                n++;
            }
        }
        return s / n;
    }

    /** Each week's days over the week's mean (NaN where missing). */
    static List<double[]> relative(List<double[]> weeks) {
        List<double[]> out = new ArrayList<>(weeks.size());
        for (double[] w : weeks) {
            double m = meanOfObserved(w);
            double[] rel = new double[7];
            for (int d = 0; d < 7; d++) {
                rel[d] = w[d] / m;
            }
            out.add(rel);
        }
        return out;
    }

    /**
     * The weekly profile from the per-weekday sums and counts of relative days, without {@code leaveOut}'s days where
     * it is given; scaled to mean 1 over the weekdays it has (NaN for a weekday without data).
     */
    private static double[] profile(double[] sum, int[] count, double[] leaveOut) {
        double[] p = new double[7];
        double total = 0;
        int days = 0;
        for (int d = 0; d < 7; d++) {
            boolean out = leaveOut != null && !Double.isNaN(leaveOut[d]);
            int n = count[d] - (out ? 1 : 0);
            p[d] = n > 0 ? (sum[d] - (out ? leaveOut[d] : 0)) / n : Double.NaN;
            if (!Double.isNaN(p[d])) {
                total += p[d];
                days++;
            }
        }
        double mean = total / days;
        for (int d = 0; d < 7; d++) {
            p[d] /= mean;
        }
        return p;
    }

    /**
     * The week's depth on {@code profile}: its observed days regressed on the profile, {@code v = alpha + beta p},
     * read as {@code beta / (alpha + beta)}; NaN where fewer than {@value #MIN_DAYS} days have both, the profile does
     * not vary over them, or the week's level at a mean day is not positive.
     */
    static double depth(double[] week, double[] profile) {
        double sp = 0;
        double sv = 0;
        int n = 0;
        for (int d = 0; d < 7; d++) {
            if (!Double.isNaN(week[d]) && !Double.isNaN(profile[d])) {
                sp += profile[d];
                sv += week[d];
                n++;
            }
        }
        if (n < MIN_DAYS) {
            return Double.NaN;
        }
        double mp = sp / n;
        double mv = sv / n;
        double sxx = 0;
        double sxy = 0;
        for (int d = 0; d < 7; d++) {
            if (!Double.isNaN(week[d]) && !Double.isNaN(profile[d])) {
                sxx += (profile[d] - mp) * (profile[d] - mp);
                sxy += (profile[d] - mp) * (week[d] - mv);
            }
        }
        if (!(sxx > 0)) {
            return Double.NaN;
        }
        double beta = sxy / sxx;
        double level = mv - beta * mp + beta; // alpha + beta: the fitted value at a day of the profile's mean, 1
        return level > 0 ? beta / level : Double.NaN;
    }

    /**
     * The p-value of a one-way analysis of variance of the baseline's relative days (each week's days over its mean) by
     * weekday (weekdays with at least two observations).
     */
    static double weekdayEffect(List<double[]> baseRelative, double[] sum, int[] count) {
        double grand = 0;
        int total = 0;
        int groups = 0;
        for (int d = 0; d < 7; d++) {
            if (count[d] >= 2) {
                grand += sum[d];
                total += count[d];
                groups++;
            }
        }
        if (groups < 2 || total - groups < 1) {
            return 1;
        }
        grand /= total;
        double between = 0;
        for (int d = 0; d < 7; d++) {
            if (count[d] >= 2) {
                double m = sum[d] / count[d];
                between += count[d] * (m - grand) * (m - grand);
            }
        }
        double within = 0;
        for (double[] rel : baseRelative) {
            for (int d = 0; d < 7; d++) {
                if (count[d] >= 2 && !Double.isNaN(rel[d])) {
                    double e = rel[d] - sum[d] / count[d];
                    within += e * e;
                }
            }
        }
        if (!(within > 0)) {
            return between > 0 ? 0 : 1;
        }
        double f = (between / (groups - 1)) / (within / (total - groups));
        return Tails.f(f, groups - 1, total - groups);
    }

    private static double[] finite(double[] v) {
        return java.util.Arrays.stream(v).filter(Double::isFinite).toArray();
    }

    /**
     * A window's depths, held within three robust deviations of their median: mean, variance, effective size and the
     * lag-1 autocorrelation that sized it.
     */
    record Window(double mean, double variance, double effective, double autocorrelation) {
        /** The window, its effective size from its own lag-1 autocorrelation (at least 0, at most 0.9). */
        static Window of(double[] depths) {
            return of(depths, Double.NaN);
        }

        /** The window, its effective size from {@code autocorrelation}, or its own where that is NaN. */
        static Window of(double[] depths, double autocorrelation) {
            double[] v = depths.clone();
            double median = Descriptive.median(v);
            double[] dev = new double[v.length];
            for (int i = 0; i < v.length; i++) {
                dev[i] = Math.abs(v[i] - median);
            }
            double spread = MAD_TO_SD * Descriptive.median(dev);
            if (spread > 0) {
                for (int i = 0; i < v.length; i++) {
                    v[i] = Math.max(median - HOLD_AT * spread, Math.min(median + HOLD_AT * spread, v[i]));
                }
            }
            int n = v.length;
            double mean = 0;
            for (double d : v) {
                mean += d / n;
            }
            double ss = 0;
            double lag = 0;
            for (int i = 0; i < n; i++) {
                ss += (v[i] - mean) * (v[i] - mean);
                if (i > 0) {
                    lag += (v[i] - mean) * (v[i - 1] - mean);
                }
            }
            double r = !Double.isNaN(autocorrelation) ? autocorrelation
                    : ss > 0 ? Math.max(0, Math.min(MAX_AUTOCORRELATION, lag / ss)) : 0;
            double effective = Math.max(2, n * (1 - r) / (1 + r));
            return new Window(mean, ss / (n - 1), effective, r);
        }
    }

    /** The profile's quiet days (at most {@link #QUIET_DAY} of an average day), named ("Sat and Sun"). */
    private static String quietDays(double[] profile, PairSeries pair) {
        java.util.EnumSet<DayOfWeek> days = java.util.EnumSet.noneOf(DayOfWeek.class);
        for (int d = 0; d < 7; d++) {
            if (profile[d] <= QUIET_DAY) {
                days.add(pair.start().plusDays(pair.split() + d).getDayOfWeek());
            }
        }
        List<String> names = new ArrayList<>(); // in calendar order, Monday first, whatever the split's weekday
        for (DayOfWeek day : days) {
            names.add(day.getDisplayName(TextStyle.SHORT, Locale.ENGLISH));
        }
        if (names.isEmpty()) {
            return "";
        }
        if (names.size() == 1) {
            return names.get(0);
        }
        return String.join(", ", names.subList(0, names.size() - 1)) + " and " + names.get(names.size() - 1);
    }

    /**
     * The quiet days' share of the weeks' use, over the weeks with every day of the profile observed; NaN where there
     * are none or no quiet days.
     */
    private static double share(List<double[]> weeks, double[] profile) {
        // the values are in the unit detect chose, where the whole series sums below 2^1000
        double quiet = 0;
        double all = 0;
        boolean any = false;
        for (double[] w : weeks) {
            boolean complete = true;
            for (int d = 0; d < 7; d++) {
                complete &= Double.isNaN(profile[d]) || !Double.isNaN(w[d]);
            }
            if (!complete) {
                continue;
            }
            for (int d = 0; d < 7; d++) {
                if (!Double.isNaN(profile[d])) {
                    all += w[d];
                    if (profile[d] <= QUIET_DAY) {
                        quiet += w[d];
                        any = true;
                    }
                }
            }
        }
        return any && all > 0 ? quiet / all : Double.NaN;
    }

    /**
     * The sentence: flatter where {@code p} (a drop beyond the margin) is below 0.05, deeper where {@code deeper} (a
     * rise of the depth, no margin) is, about the same otherwise.
     */
    private static String message(String since, String proxy, double p, double deeper, String quiet,
                                  double[] share) {
        String shares = quiet.isEmpty() || Double.isNaN(share[0]) || Double.isNaN(share[1]) ? ""
                : quiet + ", its quiet days, carried " + Text.num(100 * share[0], 0) + "% of a week's " + proxy
                        + " before and " + Text.num(100 * share[1], 0) + "% since";
        if (p < 0.05) {
            return since + " ran flatter through the week than the work's weekly rhythm"
                    + (shares.isEmpty() ? "" : ": " + shares)
                    + "; use added at an even rate through the week (a script, a scheduled agent) does that, and so"
                    + " does work moved to the quiet days.";
        }
        if (deeper < 0.05) {
            return since + " ran with a deeper weekly rhythm than before" + (shares.isEmpty() ? "" : ": " + shares)
                    + ".";
        }
        return since + " showed no loss of its weekly rhythm beyond what a flat tenth more use makes"
                + (shares.isEmpty() ? "" : " (" + shares + ")") + ".";
    }
}
