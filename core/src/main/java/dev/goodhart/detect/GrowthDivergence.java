package dev.goodhart.detect;

import dev.goodhart.internal.SafeUnit;
import dev.goodhart.stats.Descriptive;
import dev.goodhart.model.Finding;
import dev.goodhart.internal.Text;
import dev.goodhart.internal.Windows;

/**
 * Growth divergence: did the proxy grow much faster than the outcome?
 *
 * <p>Method: the log change of the mean from the baseline to the recent window, {@code g = log(mean_r / mean_b)},
 * for the proxy (signed as "more use") and the outcome (signed so that up is better); the divergence is
 * {@code D = g_proxy - g_outcome}, the log of the ratio of their growth factors. Its standard error is the delta
 * method's, from each window's long-run variances and covariance of proxy and outcome (Bartlett weights on circular
 * autocovariances, bandwidth {@code round(sqrt(n))}): the variance a paired circular moving-block bootstrap with that
 * block length estimates (Kuensch 1989), which keeps short-range autocorrelation, computed exactly instead of from
 * 999 resamples (the bootstrap it replaces cost 115 µs of a 365-day pair's time).
 *
 * <p>Statistic: D. p-value: one-sided, {@code 1 - Phi(D / se)}, computed as an upper tail; with no variation at all
 * (a variance within rounding of 0: proxy and outcome moved as one), 0 for a D beyond rounding above 0 and 1
 * otherwise. The 95% interval is {@code D ± 1.96 se}. Effect: D. Skipped when a window has fewer than {@code
 * minPoints} complete periods, a window mean is not positive or not finite, or the long-run variances cannot be
 * computed (mixed-sign values near the largest double). A runaway week of use is left out first, as the expected
 * response leaves it out ({@link RunawayWeeks}).
 */
public final class GrowthDivergence implements Detector {
    /** The detector's name in reports. */
    public static final String NAME = "growth-divergence";
    /** Weight 0.2; does not decide a pair alone; supports no variant; descriptive, not corroboration. */
    static final Description DESCRIPTION = Description.of(0.2, false, "log ratio of growth factors, delta method with Bartlett long-run variances (Kuensch 1989)").descriptive();

    /**
     * A variance at most this share of the variances it is the difference of is rounding, not variation (an outcome
     * exactly proportional to the proxy left about 1e-16 of them either side of 0, and half of such pairs p = 0).
     */
    static final double VARIANCE_ROUNDING = 1e-12;
    /** A D (a difference of two logs) at most this far from 0 is rounding: no divergence. */
    static final double D_ROUNDING = 1e-12;

    private final int minPoints;

    /** With at least 8 complete periods per window. */
    public GrowthDivergence() {
        this(8);
    }

    /**
     * @param minPoints the fewest complete periods per window, at least 2
     * @throws IllegalArgumentException if it is below 2
     */
    public GrowthDivergence(int minPoints) {
        if (minPoints < 2) {
            throw new IllegalArgumentException("minPoints must be at least 2, found " + minPoints);
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
        // a runaway week of use (a mistyped day of a thousand times the tokens) is left out as the expected response
        // leaves it out: read in the means, one such day in the baseline made a doubling read "tokens fell 81%" beside
        // the expected response's "rose 99%" (a helper's row)
        RunawayWeeks runaway = pair.runawayUse();
        PairSeries read = runaway.series();
        boolean ownBaseline = !runaway.anyUseBefore();
        // the baseline's count, means and long-run variances depend on its values alone: kept from the day before
        // (a live scorer's next day; null in batch scoring, which keeps nothing), only where nothing was left out of it
        BaselineMemo memo = pair.baselineMemo();
        Baseline kept = memo == null || !ownBaseline ? null : memo.growthBaseline;
        double[][] base = kept != null ? null
                : Windows.complete(read.proxyValues(), read.outcomeValues(), 0, read.split());
        double[][] recent = Windows.complete(read.proxyValues(), read.outcomeValues(), read.split(), read.length());
        int nb = kept != null ? kept.n : base[0].length;
        if (nb < minPoints || recent[0].length < minPoints) {
            return DetectorResult.skipped("needs at least " + minPoints + " complete periods in each window, found "
                    + nb + " before and " + recent[0].length + " after " + pair.splitDate());
        }
        double pb = kept != null ? kept.meanProxy : Descriptive.mean(base[0]);
        double pr = Descriptive.mean(recent[0]);
        double ob = kept != null ? kept.meanOutcome : Descriptive.mean(base[1]);
        double or = Descriptive.mean(recent[1]);
        if (!Double.isFinite(pb) || !Double.isFinite(pr) || !Double.isFinite(ob) || !Double.isFinite(or)) {
            return DetectorResult.skipped("the window means overflow; values are too extreme");
        }
        if (!(pb > 0 && pr > 0 && ob > 0 && or > 0)) {
            return DetectorResult.skipped("growth needs positive window means; found " + pair.proxyLabel() + " "
                    + Text.num(pb, 3) + " -> " + Text.num(pr, 3) + ", " + pair.outcomeLabel() + " "
                    + Text.num(ob, 3) + " -> " + Text.num(or, 3));
        }
        int ps = pair.proxySign() * pair.link().expectedSign();
        int os = pair.outcomeSign();
        double d = ps * SafeUnit.logRatio(pr, pb) - os * SafeUnit.logRatio(or, ob);

        // delta method: var(log m) = var(m) / m^2, each window's means with their long-run (co)variances
        LongRun b = kept != null ? kept.longRun : LongRun.of(base, pb, ob);
        LongRun r = LongRun.of(recent, pr, or);
        if (kept == null && memo != null && ownBaseline) {
            memo.growthBaseline = new Baseline(nb, pb, ob, b);
        }
        double terms = r.proxy + b.proxy + r.outcome + b.outcome;
        double variance = terms - 2.0 * ps * os * (r.cross + b.cross);
        if (!(variance < Double.POSITIVE_INFINITY) || !(terms < Double.POSITIVE_INFINITY)) {
            // mixed-sign values near the largest double, whose deviations from a small mean overflow
            return DetectorResult.skipped("the window means' long-run variances cannot be computed from these values");
        }
        // a variance within rounding of the terms it is the difference of is none: the two series moved as one (an
        // outcome proportional to the proxy), and so is a D within rounding of 0
        double se = variance > VARIANCE_ROUNDING * terms ? Math.sqrt(variance) : 0;
        double p;
        if (se > 0) {
            p = dev.goodhart.internal.Tails.normal(d / se);
        } else {
            p = d > D_ROUNDING ? 0 : 1; // no variation at all: the sign is the answer
        }
        double lo = d - 1.959963984540054 * se;
        double hi = d + 1.959963984540054 * se;
        // where periods with only one of the two were left out, the windows' means are over the rest: said, so that
        // a rise read elsewhere over every period of the proxy (the report's headline) is not taken for this one
        // (counted on the pair as given: a runaway week left out is said in the detail, not as periods without both)
        int complete = read == pair ? nb + recent[0].length
                : Windows.complete(pair.proxyValues(), pair.outcomeValues(), 0, pair.split())[0].length
                        + Windows.complete(pair.proxyValues(), pair.outcomeValues(), pair.split(), pair.length())[0]
                        .length;
        String over = complete < pair.length() ? "on the " + complete + " of " + pair.length() + " "
                + pair.granularity().name().toLowerCase(java.util.Locale.ROOT) + "s with both, " : "";
        String msg = "From before " + pair.splitDate() + " to since, " + over + pair.proxyLabel() + " "
                + Text.moved(SafeUnit.logRatio(pr, pb), Wording.duration(pair.proxyMetric())) + " while "
                + Wording.outcomeMoved(pair.outcomeMetric(), os * SafeUnit.logRatio(or, ob))
                + Wording.judgement(os * SafeUnit.logRatio(or, ob)) + ": "
                + growthComparison(pair, d, ps * SafeUnit.logRatio(pr, pb)) + ".";
        String detail = "ratio of the window means' growth " + Text.factor(d, 2) + ", 95% interval "
                + Text.factor(lo, 2) + " to " + Text.factor(hi, 2) + " (long-run standard errors), one-sided p "
                + Text.pEquals(p) + RunawayWeeks.changesNote(pair);
        return DetectorResult.of(Finding.of(NAME, d, p, d, msg, detail));
    }

    /**
     * The comparison of the two growth factors in words: "tokens outgrew cycle_time by a factor 1.49" only where the
     * ratio is above 1 as printed and the proxy rose by 5% or more ({@code proxyLog}, its signed log change);
     * "cycle_time fell behind tokens by a factor 1.13" where it is above 1 but the proxy rose less; otherwise "tokens
     * did not outgrow cycle_time (ratio of growth factors 0.97)", since a proxy that fell, or grew no faster than the
     * outcome improved, outgrew nothing.
     */
    static String growthComparison(PairSeries pair, double d, double proxyLog) {
        String ratio = Text.factor(d, 2);
        if (d > 0 && !ratio.equals(Text.num(1.0, 2))) {
            // a proxy that barely rose outgrew nothing: the outcome fell behind it (a helper's "tokens rose 1% while
            // cycle_time lengthened 11% (worse): tokens outgrew cycle_time by a factor 1.13")
            return proxyLog >= Math.log(1.05)
                    ? pair.proxyLabel() + " outgrew " + pair.outcomeLabel() + " by a factor " + ratio
                    : pair.outcomeLabel() + " fell behind " + pair.proxyLabel() + " by a factor " + ratio;
        }
        return pair.proxyLabel() + " did not outgrow " + pair.outcomeLabel() + " (ratio of growth factors " + ratio + ")";
    }

    /** The baseline window's complete periods, means and long-run variances, as kept in a {@link BaselineMemo}. */
    record Baseline(int n, double meanProxy, double meanOutcome, LongRun longRun) {
    }

    /**
     * The variances of the log means of proxy and outcome over one window and their covariance, by the delta method
     * from Bartlett-weighted circular autocovariances with bandwidth {@code round(sqrt(n))}: the variance a circular
     * moving-block bootstrap with that block length estimates (Kuensch 1989; Politis &amp; Romano 1992), without
     * resampling.
     */
    record LongRun(double proxy, double outcome, double cross) {
        /** Adds one lag's sums, Bartlett-weighted and over n, to {@code sums} {xx, yy, xy}. */
        private static void addLag(double[] sums, double weight, double xx, double yy, double xy, int n) {
            sums[0] += weight * xx / n;
            sums[1] += weight * yy / n;
            sums[2] += weight * xy / n;
        }

        /** The Bartlett weight of lag h, counting both signs of a lag above 0. */
        private static double weight(int h, int bandwidth) {
            return (h == 0 ? 1 : 2) * (1 - h / (double) bandwidth);
        }

        /**
         * The circular lag sums {xx, yy, xy} of lags {@code h} and {@code h + 1} (h at least 1; h + 1 taken modulo n),
         * each summed over t in order, as a pass of its own would: {@code xy} is {@code 0.5 (x[t] y[u] + y[t] x[u])}.
         */
        private static double[] circularPair(double[] x, double[] y, int h) {
            int n = x.length;
            int h2 = (h + 1) % n;
            // t + h wraps from n - h on, t + h2 from n - h2 (never when h2 is 0): three runs of t in order, each with
            // fixed offsets, so the loop tests nothing per period
            int wrapU = n - h;
            int wrapV = n - h2;
            int cut1 = Math.min(wrapU, wrapV);
            int cut2 = Math.max(wrapU, wrapV);
            double[] sums = new double[6];
            addLags(x, y, sums, 0, cut1, h, h2);
            addLags(x, y, sums, cut1, cut2, wrapU == cut1 ? h - n : h, wrapV == cut1 ? h2 - n : h2);
            addLags(x, y, sums, cut2, n, h - n, h2 - n);
            return sums;
        }

        /**
         * Adds, for t in [from, to) in order, the products of lags {@code u = t + du} and {@code v = t + dv} into the
         * running sums {xx, yy, xy at u; xx, yy, xy at v}.
         */
        private static void addLags(double[] x, double[] y, double[] sums, int from, int to, int du, int dv) {
            double a0 = sums[0];
            double a1 = sums[1];
            double a2 = sums[2];
            double b0 = sums[3];
            double b1 = sums[4];
            double b2 = sums[5];
            for (int t = from; t < to; t++) {
                int u = t + du;
                int v = t + dv;
                a0 += x[t] * x[u];
                a1 += y[t] * y[u];
                a2 += 0.5 * (x[t] * y[u] + y[t] * x[u]);
                b0 += x[t] * x[v];
                b1 += y[t] * y[v];
                b2 += 0.5 * (x[t] * y[v] + y[t] * x[v]);
            }
            sums[0] = a0;
            sums[1] = a1;
            sums[2] = a2;
            sums[3] = b0;
            sums[4] = b1;
            sums[5] = b2;
        }

        static LongRun of(double[][] w, double meanProxy, double meanOutcome) {
            int n = w[0].length;
            int bandwidth = Math.max(1, (int) Math.round(Math.sqrt(n)));
            // each series in units of a power of two near its mean (exact: the same sums at any ordinary scale), so
            // that squares neither overflow (values near 1e155) nor vanish (near 1e-160): the variances of the log
            // means do not depend on the unit
            double sx = SafeUnit.unitNear(meanProxy);
            double sy = SafeUnit.unitNear(meanOutcome);
            double mx = meanProxy * sx;
            double my = meanOutcome * sy;
            double[] x = new double[n];
            double[] y = new double[n];
            for (int t = 0; t < n; t++) {
                x[t] = w[0][t] * sx - mx;
                y[t] = w[1][t] * sy - my;
            }
            int lags = Math.min(bandwidth, n);
            double[] sums = new double[3]; // the weighted lag sums of xx, yy and xy, added lag by lag in order
            double gxx = 0;
            double gyy = 0;
            double gxy = 0;
            for (int t = 0; t < n; t++) {
                gxx += x[t] * x[t];
                gyy += y[t] * y[t];
                gxy += x[t] * y[t];
            }
            addLag(sums, weight(0, bandwidth), gxx, gyy, gxy, n);
            // two lags in one pass: six independent running sums, each added in the same order as in a pass of its
            // own, so the processor overlaps them and the sums are those of one lag at a time
            for (int h = 1; h < lags; h += 2) {
                double[] g = circularPair(x, y, h);
                addLag(sums, weight(h, bandwidth), g[0], g[1], g[2], n);
                if (h + 1 < lags) {
                    addLag(sums, weight(h + 1, bandwidth), g[3], g[4], g[5], n);
                }
            }
            double xx = sums[0];
            double yy = sums[1];
            double xy = sums[2];
            // var(mean) = long-run variance / n; the delta method divides by the squared means
            return new LongRun(Math.max(0, xx) / n / (mx * mx), Math.max(0, yy) / n / (my * my), xy / n / (mx * my));
        }
    }
}
