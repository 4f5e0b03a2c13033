package dev.goodhart.detect;

import dev.goodhart.model.Variant;
import dev.goodhart.model.Finding;
import dev.goodhart.internal.Text;
import dev.goodhart.internal.Windows;
import dev.goodhart.stats.CosineVariance;
import dev.goodhart.stats.SimpleFit;
import java.util.Arrays;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Yield decay: does each unit of proxy buy less outcome than before?
 *
 * <p>Method: the log-log elasticity of the outcome (signed so that up is better) on the proxy, estimated in the
 * baseline and the recent window from period-over-period log changes ({@code y = Δ log outcome},
 * {@code x = Δ log proxy}; changes never cross the window boundary), with a structural-break test (Chow 1960). Working
 * on log changes keeps trends that the two series share by accident, or that run in opposite directions for good
 * reasons (fewer tokens, faster work), out of the elasticity. The pooled model {@code y = a + b x + c D + d D x}
 * (D = 1 in the recent window) is fitted by OLS; {@code d} is the change in elasticity and its t statistic tests the
 * slope break, on an autocorrelation-robust error: each window's slope variance from the equally weighted cosine
 * long-run variance of its scores ({@link CosineVariance}; Lazarus, Lewis, Stock &amp; Watson 2018), times {@code n /
 * (n - 2)} for the line's two coefficients, on as many cosine terms as the baseline's persistence allows in each
 * window, read on Student's t with the fewer of the two windows' terms as degrees of freedom (what the recent window
 * holds moves neither, so more dummy use cannot lower the evidence through them). Changes of a series are
 * autocorrelated by construction (those of independent levels at -1/2 at lag 1), so the classical test (R's {@code
 * lm}, given in the detail) found 9.7% of 2,000 independent daily pairs significant at 5%; this one 4.8% (AR(1) levels
 * at 0.5 and 0.9: 6.5% and 5.5% before, 4.3% and 4.1% now; 7-day and 28-day moving averages, whose changes'
 * structure the lag-1 autocorrelation does not see: 9.9% and 8.2% before, 6.8% and 7.2% now; 26 weekly changes a
 * window: 3.0-3.9%). The classic Chow F for a break in intercept and slope together, on the classical variance, is
 * reported in the sentence.
 *
 * <p>Statistic: t of {@code d}. p-value: one-sided, {@code P(T_B <= t)} (concern: the elasticity fell).
 * Effect: baseline elasticity minus recent elasticity. A level shift of the proxy at the split (a quota jump) does
 * not change the elasticity; that is the growth-divergence detector's question. A series with zero periods is taken
 * as {@code log(v + c)} with {@code c} half of each window's own mean, so each window's changes are scale-free (with
 * the baseline's {@code c} in both, an adoption where use and work both stop on weekends lengthened every swing to a
 * weekend in the proxy and read as decay). Days on which use and output both stopped ({@link PairSeries#idleDays},
 * weekends) are left out, and so are common shocks and the changes into, within and out of a runaway block of use
 * ({@link PairSeries#changesLeftOut}: one week of a hundred times a team's tokens after the date read as decay in 200
 * of 200 pairs whose yield held, 16 now), whose periods are also left out of the window mean that sets {@code c}
 * (with zeros in the use, such a week in the baseline read as decay in 91 of 200 pairs whose yield held, 20 now, 25
 * without the week). Skipped when a value is negative (logarithms), a window has fewer than
 * {@code minPoints} complete changes, or the proxy does not change in a window.
 */
public final class YieldDecay implements Detector {
    /** The detector's name in reports. */
    public static final String NAME = "yield-decay";
    /** Weight 0.6; decides a pair; supports CAUSAL; one line of evidence with coupling decay (the same changes). */
    static final Description DESCRIPTION = Description.of(0.6, true, "Chow (1960) test of a break in the elasticity of outcome on proxy changes", Variant.CAUSAL)
            .reading(Description.CHANGES);

    private final int minPoints;
    /**
     * Cosine bases by window length (the segments of an organisation share their windows but for the periods each
     * leaves out, so a few lengths recur): a cache that never changes a result ({@link CosineVariance#projections}
     * gives the same values on a basis of its own) of the first {@value #KEPT_BASES} lengths met (emptying it when full
     * made a live day's segments, whose left-out periods vary, rebuild bases all day).
     */
    private final ConcurrentHashMap<Integer, CosineVariance.Basis> bases = new ConcurrentHashMap<>();
    /** The most window lengths whose cosine bases are kept. */
    static final int KEPT_BASES = 64;

    /** With at least 8 complete period-over-period changes per window. */
    public YieldDecay() {
        this(8);
    }

    /**
     * @param minPoints the fewest complete period-over-period changes per window, at least 4
     * @throws IllegalArgumentException if {@code minPoints < 4}
     */
    public YieldDecay(int minPoints) {
        if (minPoints < 4) {
            throw new IllegalArgumentException("minPoints must be at least 4, found " + minPoints);
        }
        this.minPoints = minPoints;
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
        double[][] logs = pair.signedLogs(); // shared with the other detectors: read only
        if (logs == null) {
            return DetectorResult.skipped("elasticity is on logarithms: " + LogScale.reason(pair));
        }
        // days on which use and output both stopped (weekends) are left out: they tell nothing of what use buys; and a
        // series with zero periods is read as log(v + c) with c half of each window's own mean, not the baseline's:
        // with c fixed, a level that rose made every swing to a zero day longer (YieldDecayTest: an adoption whose
        // weekends are 0 in both series read as decay in 195 of 200 teams)
        boolean idle = pair.idleDays() != null;
        double[][] active = pair.activeValues();
        // a runaway week of use would set its window's c too (with zeros in the use): its periods left out of the mean
        double[] useForMean = active[0];
        RunawayWeeks runaway = pair.runawayUse();
        if (runaway.any()) {
            double[] kept = runaway.series().proxyValues();
            useForMean = active[0].clone();
            for (int t = 0; t < useForMean.length; t++) {
                useForMean[t] = Double.isNaN(kept[t]) ? Double.NaN : useForMean[t];
            }
        }
        double[] x = perWindow(active[0], useForMean, idle, pair.proxySign() * pair.link().expectedSign(), logs[0],
                pair.split());
        double[] y = perWindow(active[1], idle, pair.outcomeSign(), logs[1], pair.split());
        // holidays and outages move both series at once and would set the correlation: left out of both windows
        boolean[] shocks = pair.commonShocks(); // computed once per pair, shared with the other detector
        // and a runaway week of use (a mistyped cell, a runaway script) would set it as well: its changes left out
        boolean[] leftOut = pair.changesLeftOut();
        double[][] base = Windows.changes(x, y, 0, pair.split(), leftOut);
        double[][] recent = Windows.changes(x, y, pair.split(), pair.length(), leftOut);
        int shockCount = Windows.count(shocks, 0, pair.split()) + Windows.count(shocks, pair.split(), pair.length());
        int nb = base[0].length;
        int nr = recent[0].length;
        if (nb < minPoints || nr < minPoints) {
            return DetectorResult.skipped("needs at least " + minPoints + " period-over-period changes in each window, found "
                    + nb + " before and " + nr + " after " + pair.splitDate());
        }
        if (!Windows.varies(base[0]) || !Windows.varies(recent[0])) {
            return DetectorResult.skipped(pair.proxyLabel() + " does not change within a window, so its elasticity is undefined");
        }
        int n = nb + nr;
        // the model y = a + b x + c D + d D x has its own intercept and slope in each window, so it is the two
        // windows' own lines (d the change of slope, with the pooled residual variance); the restricted model is one
        // line through both windows
        SimpleFit before;
        SimpleFit since;
        SimpleFit pooled;
        try {
            before = SimpleFit.of(base[0], base[1], nb);
            since = SimpleFit.of(recent[0], recent[1], nr);
            double[] xx = Arrays.copyOf(base[0], n);
            double[] yy = Arrays.copyOf(base[1], n);
            System.arraycopy(recent[0], 0, xx, nb, nr);
            System.arraycopy(recent[1], 0, yy, nb, nr);
            pooled = SimpleFit.of(xx, yy, n);
        } catch (IllegalArgumentException e) {
            return DetectorResult.skipped("the log-log regression is degenerate (" + e.getMessage() + ")");
        }
        double rssU = before.residualSumOfSquares() + since.residualSumOfSquares();
        int df = n - 4;
        double bBase = before.slope();
        double d = since.slope() - bBase;
        // the slope change's t on each window's slope variance from its scores' equally weighted cosine long-run
        // variance: changes of a series are autocorrelated by construction (those of independent levels at -1/2 at
        // lag 1), which the classical variance ignores (9.7% of independent daily pairs significant at 5%); the
        // classical test (R's lm) is given beside it
        SlopeChange[] tests = SlopeChange.tests(base, recent, before, since, basis(nb), basis(nr));
        SlopeChange classical = tests[0];
        SlopeChange test = tests[1];
        double t = test.t();
        double pValue = test.pValue();
        if (!Double.isFinite(t) || Double.isNaN(pValue)) {
            return DetectorResult.skipped("the log-log regression is numerically degenerate");
        }
        double chowF = rssU > 0 ? ((pooled.residualSumOfSquares() - rssU) / 2) / (rssU / df) : Double.NaN;
        String chow = Double.isFinite(chowF)
                ? "; Chow F = " + Text.num(chowF, 2) + ", p " + Text.pEquals(
                        dev.goodhart.internal.Tails.f(chowF, 2, df))
                : "";
        boolean duration = Wording.duration(pair.outcomeMetric());
        int sign = pair.outcomeMetric().direction().sign();
        String elasticityBefore = Text.comparativePercent(sign * bBase, 2, duration);
        // "went with 0.35% shorter cycle_time", but "went with no change in conversion"
        String msg = "Before " + pair.splitDate() + ", each 1% more " + pair.proxyLabel() + " went with "
                + elasticityBefore + (elasticityBefore.equals(Text.NO_CHANGE) ? " in " : " ") + pair.outcomeLabel()
                + "; since, with "
                + Text.comparativePercent(sign * (bBase + d), 2, duration) + ".";
        String detail = "elasticity " + Text.num(bBase, 2) + " before, " + Text.num(bBase + d, 2)
                + " since (in the better direction); change t = " + Text.num(t, 2) + " on " + Wording.degrees(test.df())
                + " degrees of freedom (long-run standard errors), one-sided p " + Text.pEquals(pValue)
                + "; classical t = " + Text.num(classical.t(), 2) + " on " + Wording.degrees(classical.df()) + ", p "
                + Text.pEquals(classical.pValue()) + chow + CommonShocks.note(shockCount)
                + RunawayWeeks.changesNote(pair);
        return DetectorResult.of(Finding.of(NAME, t, pValue, -d, msg, detail));
    }

    /**
     * The cosine basis over {@code n} values with {@link CosineVariance#terms(int)} cosines (as many as any window of
     * that length uses): the one kept for that length, otherwise made (and kept while fewer than {@value #KEPT_BASES}
     * lengths are).
     */
    private CosineVariance.Basis basis(int n) {
        CosineVariance.Basis kept = bases.get(n);
        if (kept != null) {
            return kept;
        }
        CosineVariance.Basis fresh = CosineVariance.Basis.of(n, CosineVariance.terms(n));
        if (bases.size() < KEPT_BASES) {
            bases.putIfAbsent(n, fresh);
        }
        return fresh;
    }

    /**
     * A test of the slope change {@code d} at standard error {@code se} on {@code df} degrees of freedom: its t and
     * one-sided p {@code P(T_df <= t)}; a standard error of 0 (a perfect fit in both windows) makes any drop certain
     * and no drop no evidence.
     */
    record SlopeChange(double t, double pValue, double df) {
        /**
         * The two tests of the slope change between the windows' lines {@code before} and {@code since}, fitted to
         * the changes {@code base} and {@code recent} ({x, y} each): {classical (the pooled residual variance, as R's
         * {@code lm(y ~ x * D)}), long-run (each window's cosine variance on its window's cosine basis, at least {@link
         * CosineVariance#terms(int)} cosines over its length; the one that counts)}.
         */
        static SlopeChange[] tests(double[][] base, double[][] recent, SimpleFit before, SimpleFit since,
                                   CosineVariance.Basis baseCosines, CosineVariance.Basis recentCosines) {
            int df = base[0].length + recent[0].length - 4;
            double d = since.slope() - before.slope();
            double rss = before.residualSumOfSquares() + since.residualSumOfSquares();
            double classical = Math.sqrt(rss / df * (1 / before.sxx() + 1 / since.sxx()));
            // both windows' terms from the baseline's persistence, and the test on the fewer of them: what the recent
            // window holds (more dummy use) moves neither, so more of it cannot lower the evidence through them
            double[] baseScores = scores(base, before);
            double rho = CosineVariance.biasCorrectedLagOne(baseScores, 0, baseScores.length);
            double[] varianceBefore = slopeVariance(baseScores, before, baseCosines, rho);
            double[] varianceSince = slopeVariance(scores(recent, since), since, recentCosines, rho);
            double robust = Math.sqrt(varianceBefore[0] + varianceSince[0]);
            double robustDf = Math.min(varianceBefore[1], varianceSince[1]);
            return new SlopeChange[] {of(d, classical, df), of(d, robust, robustDf)};
        }

        static SlopeChange of(double d, double se, double df) {
            if (se > 0) {
                double t = d / se;
                return new SlopeChange(t, dev.goodhart.internal.Tails.t(-t, df), df);
            }
            return new SlopeChange(d < 0 ? -1e6 : d > 0 ? 1e6 : 0, d < 0 ? 0 : d > 0 ? 1 : 0.5, df);
        }
    }

    /** The scores {@code z_t = (x_t - mean x) u_t} of a window's line, {@code u} its residuals. */
    static double[] scores(double[][] window, SimpleFit fit) {
        double[] x = window[0];
        double[] y = window[1];
        int n = x.length;
        double b = fit.slope();
        double a = fit.intercept();
        double[] z = new double[n];
        for (int t = 0; t < n; t++) {
            z[t] = (x[t] - fit.meanX()) * (y[t] - a - b * x[t]);
        }
        return z;
    }

    /**
     * A window's slope variance and its degrees of freedom {variance, B}: {@code n L / sxx² n / (n - 2)}, {@code L}
     * the equally weighted cosine long-run variance ({@link CosineVariance}) of its line's scores {@code z} ({@link
     * #scores}),
     * on {@code B} terms set by the lag-1 autocorrelation {@code rho} (the baseline's), projected on {@code cosines}
     * (at least {@link CosineVariance#terms(int)} cosines over the window's length); {@code n / (n - 2)} for the line's
     * two coefficients, as HC1 corrects the sandwich (the residuals are smaller than the errors: without it the test
     * alone found 7.1% of independent weekly pairs of 8 changes a window significant at 5%).
     */
    static double[] slopeVariance(double[] z, SimpleFit fit, CosineVariance.Basis cosines, double rho) {
        int n = z.length;
        int terms = CosineVariance.terms(n, rho);
        double longRun = CosineVariance.fromProjections(cosines.projections(z, 0, terms));
        return new double[] {n * longRun / (fit.sxx() * fit.sxx()) * n / (n - 2.0), terms};
    }

    /**
     * {@code sign log(v + c)}, NaN where {@code v} is: {@code c} is 0 where no value of {@code v} is 0, else half the
     * mean of each window's present values ({@code [0, split)} and after), so that each window's changes are scale-free
     * as the logarithms of positive series are; a window without a positive mean takes the other's {@code c}, and where
     * neither has one, {@code shared} (the pair's logarithms) is returned. Without overflow: {@code log(v + c)} as
     * {@code log(max) + log1p(min / max)}. {@code shared} itself, not a copy, where {@code v} is the pair's series as it
     * is ({@code masked} false) and has no 0: the same values.
     */
    static double[] perWindow(double[] v, boolean masked, double sign, double[] shared, int split) {
        return perWindow(v, v, masked, sign, shared, split);
    }

    /** As {@link #perWindow(double[], boolean, double, double[], int)}, each window's c from {@code forMean}'s mean. */
    static double[] perWindow(double[] v, double[] forMean, boolean masked, double sign, double[] shared, int split) {
        boolean zero = false;
        for (double x : v) {
            zero |= x == 0;
        }
        if (!zero && !masked) {
            return shared;
        }
        int cut = Math.min(split, v.length);
        double[] c = {0, 0};
        if (zero) {
            int[][] windows = {{0, cut}, {cut, v.length}};
            for (int w = 0; w < 2; w++) {
                int n = 0;
                for (int t = windows[w][0]; t < windows[w][1]; t++) {
                    n += Double.isNaN(forMean[t]) ? 0 : 1;
                }
                double mean = 0;
                for (int t = windows[w][0]; t < windows[w][1]; t++) {
                    mean += Double.isNaN(forMean[t]) ? 0 : forMean[t] / n; // no overflow near the largest double
                }
                c[w] = 0.5 * mean;
            }
            if (!(c[0] > 0) && !(c[1] > 0)) {
                return shared;
            }
            c[0] = c[0] > 0 ? c[0] : c[1];
            c[1] = c[1] > 0 ? c[1] : c[0];
        }
        double[] out = new double[v.length];
        for (int t = 0; t < v.length; t++) {
            double cw = c[t < cut ? 0 : 1];
            double big = Math.max(v[t], cw);
            out[t] = Double.isNaN(v[t]) ? Double.NaN : sign * (Math.log(big) + Math.log1p(Math.min(v[t], cw) / big));
        }
        return out;
    }
}
