package dev.goodhart.detect;

import dev.goodhart.model.Variant;
import dev.goodhart.model.Finding;
import dev.goodhart.internal.Text;
import dev.goodhart.internal.Windows;
import dev.goodhart.stats.SimpleFit;
import java.util.Arrays;

/**
 * Yield decay: does each unit of proxy buy less outcome than before?
 *
 * <p>Method: the log-log elasticity of the outcome (signed so that up is better) on the proxy, estimated in the
 * baseline and the recent window from period-over-period log changes ({@code y = Δ log outcome},
 * {@code x = Δ log proxy}; changes never cross the window boundary), with a structural-break test (Chow 1960). Working
 * on log changes keeps trends that the two series share by accident, or that run in opposite directions for good
 * reasons (fewer tokens, faster work), out of the elasticity. The pooled model {@code y = a + b x + c D + d D x}
 * (D = 1 in the recent window) is fitted by OLS; {@code d} is the change in elasticity and its t statistic tests the
 * slope break; the classic Chow F for a break in intercept and slope together is reported in the sentence.
 *
 * <p>Statistic: t of {@code d}. p-value: one-sided, {@code P(T_{n-4} <= t)} (concern: the elasticity fell).
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
        double se = Math.sqrt(rssU / df * (1 / before.sxx() + 1 / since.sxx()));
        double t;
        if (se > 0) {
            t = d / se;
        } else {
            // perfect fit in both windows: the break is exact; any drop is certain, no drop is no evidence
            t = d < 0 ? -1e6 : d > 0 ? 1e6 : 0;
        }
        double pValue = se > 0 ? dev.goodhart.internal.Tails.t(-t, df) : (d < 0 ? 0 : d > 0 ? 1 : 0.5);
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
        String msg = "Before " + pair.splitDate() + ", each 1% more " + pair.proxyLabel() + " went with "
                + Text.comparativePercent(sign * bBase, 2, duration) + " " + pair.outcomeLabel() + "; since, with "
                + Text.comparativePercent(sign * (bBase + d), 2, duration) + ".";
        String detail = "elasticity " + Text.num(bBase, 2) + " before, " + Text.num(bBase + d, 2)
                + " since (in the better direction); change t = " + Text.num(t, 2) + ", one-sided p "
                + Text.pEquals(pValue) + chow + CommonShocks.note(shockCount) + RunawayWeeks.changesNote(pair);
        return DetectorResult.of(Finding.of(NAME, t, pValue, -d, msg, detail));
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
