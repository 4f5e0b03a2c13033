package dev.goodhart.detect;

import dev.goodhart.model.Variant;
import dev.goodhart.model.Finding;
import dev.goodhart.internal.Text;
import dev.goodhart.stats.CosineVariance;
import dev.goodhart.stats.Ols;
import dev.goodhart.stats.OlsResult;
import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Intervention response: after the target was set, did the proxy jump while the outcome did not follow?
 *
 * <p>Method: an interrupted time series (segmented regression; Wagner, Soumerai, Zhang &amp; Ross-Degnan 2002) on the
 * log proxy (signed as "more use") and on the log outcome (signed so that up is better):
 * {@code v_t = a + b t + c step_t + d ramp_t}, with {@code step_t = 1} from the intervention on and
 * {@code ramp_t = step_t (t - split)} (for daily data plus one indicator per weekday, so that a weekly rhythm of use
 * the outcome lacks sets neither the step nor its noise; {@link #weekdays}), fitted by OLS with Newey-West (1987)
 * standard errors (Bartlett kernel, lag
 * {@code floor(4 (n/100)^(2/9))}) because period metrics are autocorrelated, floored by the classical error inflated
 * by the residuals' AR(1) factor (Newey-West alone rejected 10% of null series at 5% in our simulations). The
 * response {@code R} of each series is its level change {@code c} at the intervention beyond its earlier trend; the
 * slope change {@code d} is modelled but not counted, because extrapolating it over the recent window doubled the
 * false-alarm rate on simulated null data. Days on which use and output both stopped ({@link PairSeries#idleDays}) are
 * left out, of the levels and of the elasticity. A daily pair whose baseline days are a quarter or more 0 ({@link
 * LogScale#baselineZeroShare}: tokens uploaded every few days, a failure count) is read in weekly means of its values instead
 * ({@link #weeklyLogs}; there a weekend's idle days count in its week's mean, and each window needs {@link
 * #WEEKS_PER_WINDOW} weeks rather than {@code minPoints} periods).
 * The outcome is expected to respond as much as the baseline elasticity {@code beta} (least-squares slope of
 * log-outcome changes on log-proxy changes before the intervention) says it should, at the end of its interval at two
 * standard errors that expects least of the proxy's move ({@link ChangeElasticity#of}, clipped to [0, 1]): the lower
 * end where the proxy rose, the upper where it fell (the outcome may fall with it); the shortfall is {@code E = beta *
 * R_proxy - R_outcome}, with variance {@code beta_l² se_p² + se_o²} ({@code beta_l} the interval's lower end whatever
 * the move's sign; a rise beyond fourfold owes what a fourfold rise owes ({@link ChangeElasticity#owedRise}) and, where
 * E is positive, {@code se_p} counts by {@link ChangeElasticity#owedErrorShare}; beta treated as known, which the bound
 * makes conservative; E and its z are continuous and non-decreasing in R_proxy, so more inflation of the proxy can only
 * raise the evidence; the two responses treated as independent).
 *
 * <p>Statistic: z = E / se. p-value: the larger of the proxy's step's one-sided p ({@code R_proxy / se_p} on the
 * proxy's effective degrees of freedom: the use must have stepped up beyond its trend, an intersection-union test as
 * in change-point asymmetry, so that an outcome that worsened on its own while the use held is not read as a
 * shortfall) and the shortfall's, one-sided, {@code P(T_v > z)} (concern: the outcome fell short), {@code v} the
 * outcome's effective number of values less the {@code k} coefficients ({@code n (1 - r) / (1 + r) - k}, {@code r} its
 * residuals' bias-corrected lag-1 autocorrelation, at least 2; Bretherton et al. 1999; the proxy's do not enter, so
 * more use added cannot lower the evidence through them): read against the normal, 2,000 independent daily pairs
 * without any change (120 days before, 90 after) were significant at 5% in 8.9% of pairs with AR(1) noise at 0.9 and 9.3% as
 * 28-day moving averages (a usage export's rolled figures); now 7.2% and 5.8% (independent noise 4.6% both). Effect:
 * E in log points. Runs only when the split is an intervention; skipped when a value is negative or a window has fewer
 * than {@code minPoints} complete periods. Zero periods are data: a series with zeros is taken as
 * {@code log(v + c)}, c half its baseline mean. Difference-in-differences against untreated segments is not implemented
 * yet.
 */
public final class InterventionResponse implements Detector {
    /** The detector's name in reports. */
    public static final String NAME = "intervention-response";
    /** Weight 0.2; decides a pair; supports CAUSAL. */
    static final Description DESCRIPTION = Description.of(0.2, true, "interrupted time series, segmented regression with Newey-West (1987) errors", Variant.CAUSAL);

    /** The fewest weekly means on each side of the date a pair read in weeks needs ({@link #weeklyLogs}). */
    static final int WEEKS_PER_WINDOW = 4;
    /** The fewest days with a value of the proxy for a week's mean ({@link #weeklyLogs}). */
    static final int WEEK_DAYS = 4;
    /** The fewest complete periods of a weekday for an indicator of its own ({@link #weekdays}). */
    static final int WEEKDAY_POINTS = 4;

    private final int minPoints;
    /** The last design factorised (see {@link #factorised}); a cache that never changes a result. */
    private final AtomicReference<FactorisedDesign> lastDesign = new AtomicReference<>();

    /** With at least 8 complete periods per window. */
    public InterventionResponse() {
        this(8);
    }

    /**
     * @param minPoints the fewest complete periods per window, at least 4
     * @throws IllegalArgumentException if {@code minPoints < 4}
     */
    public InterventionResponse(int minPoints) {
        if (minPoints < 4) {
            throw new IllegalArgumentException("minPoints must be at least 4, found " + minPoints);
        }
        this.minPoints = minPoints;
    }

    /**
     * The classical standard error of the step inflated by the AR(1) long-run variance factor
     * {@code (1 + rho) / (1 - rho)} of the residuals (rho clipped to [0, 0.95]): a floor under the Newey-West error,
     * which is known to be too small in short autocorrelated series (Kiefer &amp; Vogelsang 2005); and the degrees of
     * freedom the step's t is read on, the residuals' effective number of values less the {@code k} coefficients,
     * {@code n (1 - r) / (1 + r) - k} with {@code r} their bias-corrected lag-1 autocorrelation
     * ({@link CosineVariance#biasCorrected}), at least 2 (Bretherton et al. 1999): {standard error, degrees of
     * freedom}.
     */
    private static double[] ar1Inflated(double[] v, double[][] design, OlsResult fit, int absorbed) {
        int n = v.length;
        double[] u = new double[n];
        double[] c = fit.coefficients();
        for (int i = 0; i < n; i++) {
            double fitted = c[0];
            for (int j = 1; j < c.length; j++) {
                fitted += c[j] * design[i][j - 1];
            }
            u[i] = v[i] - fitted;
        }
        double num = 0;
        double den = 0;
        for (int i = 0; i < n; i++) {
            den += u[i] * u[i];
            if (i > 0) {
                num += u[i] * u[i - 1];
            }
        }
        double rho = den > 0 ? Math.max(0, Math.min(0.95, num / den)) : 0;
        double[][] classical = fit.covariance();
        // the same lag-1 autocorrelation (the residuals' mean is 0), bias-corrected for the degrees of freedom
        double corrected = den > 0 ? CosineVariance.biasCorrected(num / den, n) : Double.NaN;
        double r = corrected > 0 ? corrected : 0;
        int k = c.length + absorbed;
        double df = Math.max(2, n * (1 - r) / (1 + r) - k);
        // the residual variance over the full model's degrees of freedom (the weekday terms partialled out count)
        double scale = absorbed == 0 ? 1 : (n - c.length) / (double) Math.max(1, n - k);
        return new double[] {Math.sqrt(Math.max(0, classical[2][2]) * scale * (1 + rho) / (1 - rho)), df};
    }

    /**
     * The rows {t, step, ramp} of the segmented regression at the complete periods {@code periods}, each column less
     * its mean within its row's {@code group} where there are groups (the weekday indicators partialled out: by Frisch,
     * Waugh and Lovell the step, its residuals and its Newey-West error are those of the regression with one indicator
     * per weekday, for less: three columns, not three and one per weekday).
     */
    private static double[][] design(int[] periods, int split, int[] group, int groups) {
        double[][] design = new double[periods.length][3];
        for (int k = 0; k < periods.length; k++) {
            int t = periods[k];
            boolean after = t >= split;
            design[k][0] = t;
            design[k][1] = after ? 1 : 0;
            design[k][2] = after ? t - split : 0;
        }
        if (group != null) {
            for (int j = 0; j < 3; j++) {
                double[] column = new double[periods.length];
                for (int k = 0; k < periods.length; k++) {
                    column[k] = design[k][j];
                }
                column = lessGroupMeans(column, group, groups);
                for (int k = 0; k < periods.length; k++) {
                    design[k][j] = column[k];
                }
            }
        }
        return design;
    }

    /** {@code v} less each group's mean ({@code group[k]} the group of value {@code k}); a fresh array. */
    static double[] lessGroupMeans(double[] v, int[] group, int groups) {
        double[] sum = new double[groups];
        int[] count = new int[groups];
        for (int k = 0; k < v.length; k++) {
            sum[group[k]] += v[k];
            count[group[k]]++;
        }
        double[] out = new double[v.length];
        for (int k = 0; k < v.length; k++) {
            out[k] = v[k] - sum[group[k]] / count[group[k]];
        }
        return out;
    }

    /**
     * Each complete period's weekday group for the indicators of {@code weekdays} (group {@code w + 1} for the
     * {@code w}-th of them, 0 for every other day: the base level), or null where there are none.
     */
    private static int[] groups(int[] periods, int firstDay, int[] weekdays) {
        if (weekdays.length == 0) {
            return null;
        }
        int[] of = new int[7];
        for (int w = 0; w < weekdays.length; w++) {
            of[weekdays[w]] = w + 1;
        }
        int[] group = new int[periods.length];
        for (int k = 0; k < periods.length; k++) {
            group[k] = of[(firstDay + periods[k]) % 7];
        }
        return group;
    }

    /**
     * For daily data, the weekdays given an indicator of their own: each weekday with at least {@link
     * #WEEKDAY_POINTS} of the complete periods, but the one with the most (the base level, the lowest of equals); none
     * where fewer than two weekdays have that many, and for other granularities. A team's use has a weekly rhythm its
     * outcome may lack (a weekend at 15% of a weekday's use is 1.9 log points below it): left in the residuals it set
     * the step's fit and its noise (nothing changed in 20 teams, yet their use "stepped" 44% at the median).
     */
    static int[] weekdays(int[] periods, int firstDay, boolean daily) {
        if (!daily) {
            return new int[0];
        }
        int[] count = new int[7];
        for (int t : periods) {
            count[(firstDay + t) % 7]++;
        }
        int base = -1;
        int kept = 0;
        for (int w = 0; w < 7; w++) {
            if (count[w] >= WEEKDAY_POINTS) {
                kept++;
                if (base < 0 || count[w] > count[base]) {
                    base = w;
                }
            }
        }
        if (kept < 2) {
            return new int[0];
        }
        int[] out = new int[kept - 1];
        int i = 0;
        for (int w = 0; w < 7; w++) {
            if (w != base && count[w] >= WEEKDAY_POINTS) {
                out[i++] = w;
            }
        }
        return out;
    }

    /**
     * Daily series read in weeks: blocks of seven days ending at the split (the days before the first whole block left
     * out), each series' block the mean of its days with a value (the proxy's from {@link #WEEK_DAYS} of them, the
     * outcome's from one, as an outcome seen on the days items close is), both logged as {@link PairSeries} logs them
     * (signed, with {@link LogScale#offset} of the block means for a block of 0): {x, y, {blocks before the split}},
     * NaN where a block of either series has too few days; null where a series' blocks cannot be logged.
     */
    static double[][] weeklyLogs(PairSeries pair) {
        double[] p = pair.proxyValues();
        double[] o = pair.outcomeValues();
        int before = pair.split() / 7;
        int first = pair.split() - 7 * before;
        int blocks = before + (p.length - pair.split()) / 7;
        double[] mp = new double[blocks];
        double[] mo = new double[blocks];
        for (int b = 0; b < blocks; b++) {
            double sp = 0;
            double so = 0;
            int np = 0;
            int no = 0;
            for (int t = first + 7 * b; t < first + 7 * b + 7; t++) {
                if (!Double.isNaN(p[t])) {
                    sp += p[t];
                    np++;
                }
                if (!Double.isNaN(o[t])) {
                    so += o[t];
                    no++;
                }
            }
            boolean enough = np >= WEEK_DAYS && no >= 1;
            mp[b] = enough ? sp / np : Double.NaN;
            mo[b] = enough ? so / no : Double.NaN;
        }
        double[][] logs = LogScale.signedLogs(pair, mp, mo, before);
        return logs == null ? null : new double[][] {logs[0], logs[1], {before}};
    }

    /**
     * Daily logs less each weekday's effect in the baseline (its mean over the baseline's values less the mean of the
     * weekdays' means; a weekday with fewer than two baseline values is left as it is), for the baseline elasticity:
     * its day-to-day changes then do not carry a weekly rhythm of use the outcome lacks, which pulled the slope toward
     * 0 (doublings with nothing gained, use at 15% on weekends: 2 of 40 found at 5% with the rhythm in the changes).
     */
    static double[] lessBaselineWeekdays(double[] v, int split, int firstDay) {
        double[] sum = new double[7];
        int[] count = new int[7];
        for (int t = 0; t < Math.min(split, v.length); t++) {
            if (!Double.isNaN(v[t])) {
                sum[(firstDay + t) % 7] += v[t];
                count[(firstDay + t) % 7]++;
            }
        }
        double centre = 0;
        int kept = 0;
        for (int d = 0; d < 7; d++) {
            if (count[d] >= 2) {
                sum[d] /= count[d];
                centre += sum[d];
                kept++;
            }
        }
        if (kept < 2) {
            return v;
        }
        centre /= kept;
        double[] out = v.clone();
        for (int t = 0; t < v.length; t++) {
            int d = (firstDay + t) % 7;
            if (count[d] >= 2) {
                out[t] -= sum[d] - centre;
            }
        }
        return out;
    }

    /**
     * The design factorised: the last one kept when it has the same complete periods and split (the segments of an
     * organisation mostly share one calendar, so their designs, and the QR, are equal), otherwise factorised and kept.
     * A factorisation depends on the design alone, so keeping it changes no result.
     */
    private FactorisedDesign factorised(int[] periods, int split, int firstDay, boolean daily) {
        FactorisedDesign last = lastDesign.get();
        if (last != null && last.split == split && last.firstDay == firstDay && last.daily == daily
                && Arrays.equals(last.periods, periods)) {
            return last;
        }
        int[] weekdays = weekdays(periods, firstDay, daily);
        int[] group = groups(periods, firstDay, weekdays);
        double[][] rows = design(periods, split, group, weekdays.length + 1);
        FactorisedDesign fresh = new FactorisedDesign(periods, split, firstDay, daily, rows, group,
                weekdays.length, Ols.design(rows, "t", "step", "ramp").shareable());
        lastDesign.set(fresh);
        return fresh;
    }

    /**
     * A design's complete periods, split and calendar (the first period's weekday, whether daily), its rows (with the
     * weekday indicators partialled out), each row's weekday group (null for none) and how many indicators were
     * partialled out, and its factorisation; shared between threads and pairs, so nothing in it is written after it
     * is made.
     */
    private record FactorisedDesign(int[] periods, int split, int firstDay, boolean daily, double[][] rows,
                                    int[] group, int indicators, Ols.Design design) {
        /** {@code v} with the weekday indicators partialled out as the rows have them. */
        double[] partialled(double[] v) {
            return group == null ? v : lessGroupMeans(v, group, indicators + 1);
        }
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
        if (!pair.intervention()) {
            return DetectorResult.skipped("no intervention date, so there is no interruption to test");
        }
        double[] p = pair.proxyValues();
        double[] o = pair.outcomeValues();
        boolean daily = pair.granularity() == dev.goodhart.model.Granularity.DAY;
        int firstDay = pair.start().getDayOfWeek().getValue() - 1;
        int split = pair.split();
        double[] x;
        double[] y;
        String inWeeks = null;
        double zeroShare = daily ? pair.baselineZeroShare() : 0;
        if (zeroShare >= LogScale.SPARSE_SHARE) {
            // a daily series mostly of zeros (tokens uploaded every few days, 0 between): on log(v + c) its zero days
            // sit at log(c) on both sides of the date and dilute the step (a use that rose 2.5-fold "stepped 25%
            // higher", some "lower"), so the regression reads weekly means, as the expected response does
            double[][] weeks = weeklyLogs(pair);
            if (weeks == null) {
                boolean daysLog = !Double.isNaN(LogScale.offset(p, pair.split()))
                        && !Double.isNaN(LogScale.offset(o, pair.split()));
                return DetectorResult.skipped("the interrupted time series is on logarithms of weekly means, since "
                        + Text.num(100 * zeroShare, 0) + "% of the baseline's days are 0: " + (daysLog
                        ? "its baseline weeks (of " + WEEK_DAYS + " days or more with use) have no positive mean"
                        : LogScale.reason(pair)));
            }
            x = weeks[0];
            y = weeks[1];
            split = (int) weeks[2][0];
            daily = false;
            inWeeks = Text.num(100 * zeroShare, 0) + "% of the baseline's days are 0";
        } else {
            // without the days on which use and output both stopped (weekends): their swings set neither step
            double[][] logs = pair.readLogs();
            if (logs == null) {
                return DetectorResult.skipped("the interrupted time series is on logarithms: " + LogScale.reason(pair));
            }
            x = new double[p.length];
            y = new double[p.length];
            for (int t = 0; t < p.length; t++) {
                boolean present = !Double.isNaN(p[t]) && !Double.isNaN(o[t]) && !Double.isNaN(logs[0][t]);
                x[t] = present ? logs[0][t] : Double.NaN;
                y[t] = present ? logs[1][t] : Double.NaN;
            }
        }
        int n = x.length;
        int nb = 0;
        int nr = 0;
        for (int t = 0; t < n; t++) {
            if (!Double.isNaN(x[t])) {
                if (t < split) {
                    nb++;
                } else {
                    nr++;
                }
            }
        }
        int fewest = inWeeks == null ? minPoints : WEEKS_PER_WINDOW;
        if (nb < fewest || nr < fewest) {
            return DetectorResult.skipped("needs at least " + fewest + (inWeeks == null ? " complete periods"
                    : " weeks") + " in each window, found " + nb + " before and " + nr + " after " + pair.splitDate()
                    + (inWeeks == null ? "" : " (" + inWeeks + ", so it reads weekly means)"));
        }
        double[] vx = new double[nb + nr];
        double[] vy = new double[nb + nr];
        int[] periods = new int[nb + nr];
        int k = 0;
        for (int t = 0; t < n; t++) {
            if (Double.isNaN(x[t])) {
                continue;
            }
            vx[k] = x[t];
            vy[k] = y[t];
            periods[k++] = t;
        }
        int lag = Ols.neweyWestLag(nb + nr);
        double[][] design;
        FactorisedDesign shared;
        double[] fx;
        double[] fy;
        Ols.Design.Combination fp;
        Ols.Design.Combination fo;
        try {
            // one QR of the shared design for both responses; Newey-West only for the step, the one coefficient used
            shared = factorised(periods, split, firstDay, daily);
            design = shared.rows;
            Ols.Design factorised = shared.design;
            fx = shared.partialled(vx);
            fy = shared.partialled(vy);
            fp = factorised.fitNeweyWest(fx, lag, 0, 0, 1, 0);
            fo = factorised.fitNeweyWest(fy, lag, 0, 0, 1, 0);
        } catch (IllegalArgumentException e) {
            return DetectorResult.skipped("the segmented regression is degenerate (" + e.getMessage() + ")");
        }
        double rp = fp.estimate();
        double ro = fo.estimate();
        double[] floorP = ar1Inflated(fx, design, fp.fit(), shared.indicators);
        double[] floorO = ar1Inflated(fy, design, fo.fit(), shared.indicators);
        double sp = Math.max(fp.standardError(), floorP[0]);
        double so = Math.max(fo.standardError(), floorO[0]);

        // the baseline elasticity depends on the baseline alone: kept from the day before (a live scorer's next day)
        BaselineMemo memo = pair.baselineMemo(); // null in batch scoring, which keeps nothing
        // kept only for the same baseline logs (weekly means are logged with an offset later weeks can change)
        long key = memo == null ? 0 : BaselineMemo.key(x, y, split, daily ? 1 + firstDay : 0);
        BaselineMemo.Elasticity kept = memo == null ? null : memo.interventionElasticity;
        ChangeElasticity.Bounds bounds = kept != null && kept.key() == key ? kept.bounds() : null;
        if (bounds == null) {
            bounds = daily ? ChangeElasticity.of(lessBaselineWeekdays(x, split, firstDay),
                    lessBaselineWeekdays(y, split, firstDay), split)
                    : ChangeElasticity.of(x, y, split);
            if (memo != null) {
                memo.interventionElasticity = new BaselineMemo.Elasticity(key, bounds);
            }
        }
        // the end of its interval that expects least of the proxy's move: a rise is owed at least the lower end's
        // response, a fall (the outcome may fall with it) at most the upper end's
        double beta = bounds.forMove(rp);
        // a rise beyond fourfold owes what a fourfold rise owes; where the outcome fell short of it, the rise's error
        // counts by the share the owed step carries (elsewhere all of it: more use never lowers the concern)
        boolean capped = rp > ChangeElasticity.MAX_OWED_RISE;
        double owed = ChangeElasticity.owedRise(rp);
        double shortfall = beta * owed - ro;
        double share = shortfall > 0 ? ChangeElasticity.owedErrorShare(rp, sp) : 1;
        // the proxy step's error carried at the interval's lower end whatever the move's sign: the error does not jump
        // where the move changes sign, so z stays continuous and increasing in the proxy's step (with each sign's own
        // end it fell at 0 and turned a small improvement's z more negative as the proxy's step crossed it; at the upper
        // end a rise's z lost a third: 2.35 to 1.62 in the golden report)
        double lower = bounds.lower();
        double se = Math.sqrt(share * share * lower * lower * sp * sp + so * so);
        if (!(se > 0) || !Double.isFinite(shortfall)) {
            return DetectorResult.skipped("the segmented regression fits exactly, so its uncertainty is undefined");
        }
        double z = shortfall / se;
        // read on Student's t with the outcome's effective degrees of freedom: a persistent series holds fewer
        // independent values than periods, and the normal's tail was too thin for it; the proxy's do not enter, so
        // more use added cannot lower the evidence through them
        double df = floorO[1];
        double pShortfall = dev.goodhart.internal.Tails.t(z, df);
        // the proxy itself must have stepped up beyond its trend (an intersection-union test, as change-point
        // asymmetry's): an outcome that stepped for the worse while the use held is no sign the use bought nothing
        // (a helper's flat team, tokens +1% and cycle time 11% longer with every other team, was WATCH 39 on it).
        // More use can only lower this p, so the evidence stays non-decreasing in the proxy's step
        double proxyZ = sp > 0 ? rp / sp : rp > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
        double pProxy = dev.goodhart.internal.Tails.t(proxyZ, floorP[1]);
        double pValue = Math.max(pShortfall, pProxy);
        int useSign = pair.proxySign() * pair.link().expectedSign();
        String observed = Wording.outcomeComparative(pair.outcomeMetric(), ro);
        String msg = "At " + pair.splitDate() + " " + pair.proxyLabel() + " stepped "
                + trend(Text.comparative(useSign * rp, Wording.duration(pair.proxyMetric())), "its earlier trend")
                + " and " + pair.outcomeLabel() + " " + trend(observed, "its own trend")
                + (beta > 0 ? "; the baseline elasticity, at " + (rp > 0 ? "least " : "most ") + Text.coefficient(beta)
                + " (two standard errors), expects a step "
                + Wording.outcomeComparative(pair.outcomeMetric(), beta * owed)
                + (capped ? " (a step beyond fourfold owes no more)" : "") + "."
                : "; the baseline elasticity is not shown above 0 (two standard errors), so it expects no step.");
        String detail = "shortfall z = " + Text.num(z, 2) + ", one-sided p " + Text.pEquals(pShortfall)
                + " on Student's t with " + Wording.degrees(df) + " effective degrees of freedom; the step of "
                + pair.proxyLabel() + " z = " + (Double.isFinite(proxyZ) ? Text.num(proxyZ, 2) : "unbounded (no error)")
                + ", one-sided p " + Text.pEquals(pProxy)
                + " (" + Wording.degrees(floorP[1]) + " degrees of freedom); the finding's p is the larger (both must "
                + "hold); Newey-West (HAC)"
                + " standard errors, lag " + lag + (inWeeks == null ? "" : "; on weekly means (" + inWeeks + ")");
        return DetectorResult.of(Finding.of(NAME, z, pValue, shortfall, msg, detail));
    }

    /** "38% higher than its earlier trend", or "on its earlier trend" when the difference rounds to 0%. */
    static String trend(String comparative, String which) {
        return comparative.equals("no different") ? "on " + which : comparative + " than " + which;
    }
}
