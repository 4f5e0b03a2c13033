package dev.goodhart.detect;

import java.util.Arrays;

/**
 * The trends other than the straight line that a proxy's baseline supports, for the expected response's question
 * "did the proxy rise beyond its own trend?". Usage often grows before an intervention: by a constant percentage a
 * week (compound growth, which bends above a straight line), or from a start part-way through the baseline (flat,
 * then a ramp: the line through all of it runs below the ramp). Either way the straight line's continuation
 * under-predicts the honest proxy, whose continuing growth then reads as a rise beyond its trend. A rise must be
 * beyond every trend the baseline supports (an intersection-union test); the size of the shortfall, the peers'
 * reference and clearing keep the straight line, so a trend that runs away can withhold an accusation but never
 * clear a team.
 *
 * <ul>
 *   <li><b>A break in the trend</b>: two lines, before and after a break place searched over the baseline (at least
 *   6 blocks and 15% of it on each side); supported where the largest Wald statistic for the two extra parameters,
 *   with the residual variance of the two lines and the AR(1) long-run factor of the single line's residuals (the
 *   noise under no break), reaches {@value #BREAK_WALD}, about the asymptotic 5% point of Andrews' (1993) sup-Wald
 *   for two parameters at 15% trimming. Measured on straight baselines with AR(1) noise (phi 0 to 0.95, 4,000
 *   each): 0.4% to 3.9% show a break at 12 to 26 blocks, 2.0% to 6.4% at 52; with each split's own residuals for
 *   the factor instead (which the two lines have partly fitted) 2% to 62%, 13% and more from phi 0.5. Each side needs
 *   6 observed blocks. The trend is the line since the break, with its own error (the slope's variance at the
 *   window's distance).</li>
 *   <li><b>Compound growth</b>: the least-squares line through the logarithms of the baseline blocks (at least 12
 *   positive; a zero block, a shutdown week, is left out, but more than one in ten rules growth out; a negative one
 *   rules it out), with Duan's (1983) smearing factor so it predicts the mean level; supported where
 *   the growth rate is significant (two standard errors, AR(1)-corrected), the logarithms show no break in their
 *   trend (the same search at {@value #ONE_RATE_WALD} with each split's own long-run factor, which finds breaks
 *   readily: a flat start followed by a ramp is ruled out, whose compound extrapolation would run away; a baseline
 *   too sparse to search is ruled out too), and the curve leaves a smaller residual sum of squares than the straight line. Its error is the straight line's.</li>
 * </ul>
 * Strong compound growth is convex, so its levels usually show a break too; where both are supported the rise must be
 * beyond both. Both are estimated without the baseline's last weeks, where {@link ProxyOnset} looks for a rise that
 * anticipated the declared date, and need at least 12 blocks there (so daily data with under 20 weeks of baseline,
 * and weekly data with under 20 weeks, keep the straight line alone).
 *
 * <p>Measured on weekly teams (52 weeks each side, tokens with 10% noise, outcome flat with 5%, an intervention that
 * changes nothing; {@code GrowingBaselineTest}, ten organisations of 24 teams a shape): compound growth of 1.5-2.5%
 * a week DIVERGING or GAMED for 194 of 240 teams with the straight line alone and 49 with this; usage ramping from
 * week 30 of the baseline 174 and 9. The same teams doubling their tokens at the intervention: 227-230 of 240
 * flagged, 238-240 before.
 */
final class ProxyTrends {
    /** The sup-Wald level at which a break in the baseline's trend is supported. */
    static final double BREAK_WALD = 11.72;
    /** The sup-Wald level at which a break in the logarithms' trend rules out growth at one rate. */
    static final double ONE_RATE_WALD = 11.72;
    /** Standard errors at which the baseline's compound growth rate is significant. */
    private static final double GROWTH_Z = 2;
    private static final int MIN_SEGMENT = 6;
    private static final double TRIM = 0.15;
    private static final Trend[] NONE = new Trend[0];
    /** Compound growth is not fitted where more than one baseline block in this many is zero. */
    private static final int MAX_ZERO_SHARE = 10;
    /** An improvement of the fit below this share of the values' raw sum of squares is rounding, not a break. */
    private static final double RSS_RESOLUTION = 1e-12;

    private ProxyTrends() {
    }

    /**
     * One extrapolated trend: the predicted relative level of every block and what its error needs.
     *
     * @param curve            predicted relative level per block
     * @param residualVariance residual variance about it in the baseline
     * @param longRunFactor    AR(1) long-run factor of those residuals
     * @param blocks           blocks it was fitted on
     * @param centre           their mean index
     * @param slopeVariance    the slope's variance (long-run factor included)
     * @param since            the block from which a broken trend is the line since the break; -1 for compound growth
     */
    record Trend(double[] curve, double residualVariance, double longRunFactor, int blocks, double centre,
                 double slopeVariance, int since) implements java.io.Serializable {
    }

    /**
     * The trends other than the straight line that the baseline {@code r[0, before)} supports; empty when none. They
     * are estimated without the baseline's last {@code lead} blocks, where {@link ProxyOnset} looks for a rise that
     * anticipated the declared date: a step up there is gaming that started early, not a trend to continue.
     */
    static Trend[] of(double[] r, int before, int lead) {
        int to = before - lead;
        Trend compound = compound(r, to);
        Trend broken = broken(r, to);
        if (compound != null && broken != null) {
            // strong compound growth is convex, so its levels show a break too: the rise must be beyond both
            return new Trend[] {compound, broken};
        }
        if (compound != null) {
            return new Trend[] {compound};
        }
        return broken != null ? new Trend[] {broken} : NONE;
    }

    /**
     * A least-squares line with what the trends need of it.
     *
     * @param slope            per block
     * @param slopeSe          its standard error, the long-run factor included
     * @param residualVariance the residuals' variance ({@code n - 2} degrees of freedom)
     * @param longRunFactor    the residuals' AR(1) long-run factor
     * @param n                observed values
     * @param centre           their mean index
     * @param level            the line's level there
     * @param rss              the residual sum of squares
     */
    record Line(double slope, double slopeSe, double residualVariance, double longRunFactor, int n, double centre,
                double level, double rss) {
    }

    /** The least-squares line through {@code y[from, to)}; null with fewer than 4 observed values or one index. */
    static Line line(double[] y, int from, int to) {
        double[] part = y;
        if (from > 0) {
            part = new double[to];
            Arrays.fill(part, 0, from, Double.NaN);
            System.arraycopy(y, from, part, from, to - from);
        }
        TrendLine t = TrendLine.of(part, to, Double.NaN);
        int n = t.n();
        if (n < 4 || !(t.sxx() > 0)) {
            return null;
        }
        double variance = t.rss() / (n - 2);
        double factor = longRunFactor(t);
        return new Line(t.slope(), Math.sqrt(variance * factor / t.sxx()), variance, factor, n, t.mx(), t.level(),
                t.rss());
    }

    /** The AR(1) long-run factor of a line's residuals (Kendall's bias correction, the estimate clipped to [0, 0.9]). */
    private static double longRunFactor(TrendLine t) {
        double r1 = t.rss() > 0 ? t.lag1() / t.rss() : 0;
        double rho = Math.max(0, Math.min(0.9, r1 + (1 + 3 * r1) / t.n()));
        return (1 + rho) / (1 - rho);
    }

    /** Compound growth where the baseline supports it (see the class comment); null otherwise. */
    static Trend compound(double[] r, int before) {
        if (before < 2 * MIN_SEGMENT) {
            return null;
        }
        double[] logs = new double[before];
        int n = 0;
        int zeros = 0;
        for (int b = 0; b < before; b++) {
            if (Double.isNaN(r[b]) || r[b] == 0) {
                // a zero block (a shutdown week) is left out of the logarithms' fit
                zeros += r[b] == 0 ? 1 : 0;
                logs[b] = Double.NaN;
            } else if (r[b] > 0) {
                logs[b] = Math.log(r[b]);
                n++;
            } else {
                return null;
            }
        }
        if (n < 2 * MIN_SEGMENT || zeros * MAX_ZERO_SHARE > n + zeros) {
            return null;
        }
        Line all = line(logs, 0, before);
        // growth at one rate: significant, and no break in the logarithms' trend (a flat start, then a ramp); a
        // baseline too sparse to look for a break is not taken as growth at one rate either
        if (all == null || !(Math.abs(all.slope()) > GROWTH_Z * all.slopeSe())
                || !(supWald(logs, before, false, null) < ONE_RATE_WALD)) {
            return null;
        }
        double slope = all.slope();
        double growth = Math.exp(slope);
        double[] curve = new double[r.length];
        double level = Math.exp(all.level() - slope * all.centre());
        for (int b = 0; b < r.length; b++) {
            curve[b] = level;
            level *= growth;
        }
        double smear = 0;
        for (int b = 0; b < before; b++) {
            if (!Double.isNaN(logs[b])) {
                smear += r[b] / curve[b];
            }
        }
        smear /= n;
        double rss = 0;
        for (int b = 0; b < r.length; b++) {
            curve[b] *= smear;
            if (!Double.isFinite(curve[b])) {
                return null;
            }
            if (b < before && !Double.isNaN(r[b])) {
                double e = r[b] - curve[b];
                rss += e * e;
            }
        }
        Line straight = line(r, 0, before);
        if (straight == null || !(rss < straight.rss())) {
            return null;
        }
        // its error as the straight line's: the larger where the growth compounds
        return new Trend(curve, straight.residualVariance(), straight.longRunFactor(), straight.n(), straight.centre(),
                straight.slopeSe() * straight.slopeSe(), -1);
    }

    /** The line since a break in the baseline's trend, where the baseline supports one (see the class comment). */
    static Trend broken(double[] r, int before) {
        int[] at = new int[1];
        if (!(supWald(r, before, true, at) >= BREAK_WALD)) {
            return null;
        }
        Line late = line(r, at[0], before);
        double[] curve = new double[r.length];
        for (int b = 0; b < r.length; b++) {
            curve[b] = late.level() + late.slope() * (b - late.centre());
        }
        return new Trend(curve, late.residualVariance(), late.longRunFactor(), late.n(), late.centre(),
                late.slopeSe() * late.slopeSe(), at[0]);
    }

    /**
     * The largest Wald statistic over the places of a break in the least-squares trend of {@code r[0, before)} (two
     * lines against one; each side at least {@value #MIN_SEGMENT} observed blocks and 15% of the baseline), divided
     * by an AR(1) long-run factor: the single line's residuals' ({@code nullFactor}) or each split's two lines'.
     * Infinite where two lines fit exactly and one does not; 0 where no split improves the fit beyond rounding; NaN
     * where the baseline is too short or sparse to search. The place goes to {@code at[0]} when {@code at} is given.
     */
    static double supWald(double[] r, int before, boolean nullFactor, int[] at) {
        int trim = Math.max(MIN_SEGMENT, (int) Math.ceil(TRIM * before));
        if (before < 2 * trim) {
            return Double.NaN;
        }
        TrendLine straight = TrendLine.of(r, before, Double.NaN);
        int n = straight.n();
        if (n < 2 * MIN_SEGMENT) {
            return Double.NaN;
        }
        double factor = longRunFactor(straight);
        // prefix sums of the observed blocks (index centred), so each split's two lines cost O(1)
        double[][] sums = prefixSums(r, before);
        double straightRss = rss(sums, 0, before);
        double resolution = RSS_RESOLUTION * sums[5][before];
        double best = Double.NaN;
        for (int k = trim; k <= before - trim; k++) {
            double early = rss(sums, 0, k);
            double late = rss(sums, k, before);
            if (Double.isNaN(early) || Double.isNaN(late)) {
                continue;
            }
            double rss = Math.max(0, early) + Math.max(0, late);
            double w;
            if (!(straightRss - rss > resolution)) {
                // two lines that fit no better than one (a straight baseline, to rounding)
                w = 0;
            } else if (!(rss > resolution)) {
                w = Double.POSITIVE_INFINITY; // two lines fit exactly, one does not
            } else {
                double f = factor;
                if (!nullFactor) {
                    double r1 = (lag1(sums, 0, k) + lag1(sums, k, before)) / rss;
                    double rho = Math.max(0, Math.min(0.9, r1 + (1 + 3 * r1) / n));
                    f = (1 + rho) / (1 - rho);
                }
                w = (straightRss - rss) / (rss / (n - 4)) / f;
            }
            if (Double.isNaN(best) || w > best) {
                best = w;
                if (at != null) {
                    at[0] = k;
                }
            }
        }
        return best;
    }

    /**
     * Prefix sums over the observed values of {@code y[0, to)}: {count, index, value, index², index value, value²},
     * then over the pairs of consecutive observed values {@code (t - 1, t)}, summed at {@code t}: {count, x_t, x_t-1,
     * y_t, y_t-1, x_t-1 y_t, x_t y_t-1, x_t x_t-1, y_t y_t-1}; each of length {@code to + 1}, the index centred on
     * {@code to / 2}.
     */
    private static double[][] prefixSums(double[] y, int to) {
        double[][] s = new double[15][to + 1];
        double c = to / 2.0;
        for (int b = 0; b < to; b++) {
            double x = b - c;
            boolean seen = !Double.isNaN(y[b]);
            double v = seen ? y[b] : 0;
            s[0][b + 1] = s[0][b] + (seen ? 1 : 0);
            s[1][b + 1] = s[1][b] + (seen ? x : 0);
            s[2][b + 1] = s[2][b] + v;
            s[3][b + 1] = s[3][b] + (seen ? x * x : 0);
            s[4][b + 1] = s[4][b] + (seen ? x * v : 0);
            s[5][b + 1] = s[5][b] + v * v;
            boolean pair = seen && b > 0 && !Double.isNaN(y[b - 1]);
            double one = pair ? 1 : 0;
            double px = x - 1;
            double pv = pair ? y[b - 1] : 0;
            double cv = pair ? v : 0;
            s[6][b + 1] = s[6][b] + one;
            s[7][b + 1] = s[7][b] + one * x;
            s[8][b + 1] = s[8][b] + one * px;
            s[9][b + 1] = s[9][b] + cv;
            s[10][b + 1] = s[10][b] + pv;
            s[11][b + 1] = s[11][b] + px * cv;
            s[12][b + 1] = s[12][b] + x * pv;
            s[13][b + 1] = s[13][b] + one * x * px;
            s[14][b + 1] = s[14][b] + cv * pv;
        }
        return s;
    }

    /**
     * The least-squares line's residual sum of squares over the observed values of {@code [from, to)}; NaN with fewer
     * than {@value #MIN_SEGMENT} observed.
     */
    private static double rss(double[][] s, int from, int to) {
        double n = s[0][to] - s[0][from];
        if (n < MIN_SEGMENT) {
            return Double.NaN;
        }
        double sx = s[1][to] - s[1][from];
        double sy = s[2][to] - s[2][from];
        double sxx = (s[3][to] - s[3][from]) - sx * sx / n;
        double sxy = (s[4][to] - s[4][from]) - sx * sy / n;
        double syy = (s[5][to] - s[5][from]) - sy * sy / n;
        return sxx > 0 ? syy - sxy * sxy / sxx : Double.NaN;
    }

    /**
     * The sum of products of consecutive residuals (both observed, both in {@code [from, to)}) about the
     * least-squares line of {@code [from, to)}, from the pair sums.
     */
    private static double lag1(double[][] s, int from, int to) {
        double n = s[0][to] - s[0][from];
        double sx = s[1][to] - s[1][from];
        double sy = s[2][to] - s[2][from];
        double sxx = (s[3][to] - s[3][from]) - sx * sx / n;
        double slope = ((s[4][to] - s[4][from]) - sx * sy / n) / sxx;
        double intercept = sy / n - slope * sx / n;
        int a = Math.min(from + 1, to);
        double pairs = s[6][to] - s[6][a];
        double x = (s[7][to] - s[7][a]) + (s[8][to] - s[8][a]);
        double y = (s[9][to] - s[9][a]) + (s[10][to] - s[10][a]);
        double xy = (s[11][to] - s[11][a]) + (s[12][to] - s[12][a]);
        // the sum of (y_t - i - b x_t)(y_t-1 - i - b x_t-1)
        return (s[14][to] - s[14][a]) - intercept * y - slope * xy + pairs * intercept * intercept
                + intercept * slope * x + slope * slope * (s[13][to] - s[13][a]);
    }
}
