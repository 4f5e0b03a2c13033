package dev.goodhart.detect;

import dev.goodhart.internal.SafeUnit;
import dev.goodhart.model.Variant;
import dev.goodhart.model.Finding;
import dev.goodhart.internal.Text;
import dev.goodhart.internal.Windows;
import dev.goodhart.stats.Correlations;

/**
 * Coupling decay: did proxy and outcome stop moving together?
 *
 * <p>Method: Pearson correlation of period-over-period changes of the proxy (signed as "more use") and of the outcome
 * (signed so that up is better), computed separately in the baseline and the recent window (changes never cross the
 * boundary, so a level shift at the split does not count), and compared with Fisher's z test for the difference of two
 * independent correlations (Fisher 1921; Cohen, Cohen, West &amp; Aiken 2003, eq. 2.8.11):
 * {@code z = (atanh r_b - atanh r_r) / sqrt(1/(n_b - 3) + 1/(n_r - 3))}, with each window's n replaced by its
 * effective size for autocorrelated series (Pyper &amp; Peterman 1998), so that autocorrelation does not inflate the
 * false-alarm rate. Working on changes rather than levels keeps two series that merely trend from reading as coupled.
 *
 * <p>Statistic: z. p-value: one-sided, {@code 1 - Phi(z)} (concern: the coupling fell). Effect: {@code r_b - r_r}.
 * Days on which use and output both stopped ({@link PairSeries#idleDays}) are left out, and so are common shocks and
 * the changes into, within and out of a runaway block of use ({@link PairSeries#changesLeftOut}: one week of a hundred
 * times a team's tokens after the date read as fallen coupling in 198 of 200 pairs that stayed coupled, 11 now, and
 * in the baseline hid coupling that fell, 11 of 200 found, 198 now). Skipped when a window has
 * fewer than {@code minChanges} complete changes or a window's changes are constant.
 */
public final class CouplingDecay implements Detector {
    /** The detector's name in reports. */
    public static final String NAME = "coupling-decay";
    /** Weight 0.6; decides a pair; supports REGRESSIONAL; one line of evidence with yield decay (the same changes). */
    static final Description DESCRIPTION = Description.of(0.6, true, "Fisher (1921) z-test of the change in correlation of period-over-period changes", Variant.REGRESSIONAL)
            .reading(Description.CHANGES);
    private static final double R_CLAMP = 0.999999;

    private final int minChanges;

    /** With at least 8 changes per window. */
    public CouplingDecay() {
        this(8);
    }

    /**
     * @param minChanges the fewest complete period-over-period changes per window, at least 4
     * @throws IllegalArgumentException if {@code minChanges < 4}
     */
    public CouplingDecay(int minChanges) {
        if (minChanges < 4) {
            throw new IllegalArgumentException("minChanges must be at least 4, found " + minChanges);
        }
        this.minChanges = minChanges;
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
        // days on which use and output both stopped (weekends) tell nothing of their relation: left out
        double[] x = pair.withoutIdleDays(pair.signedProxyValues()); // read only
        double[] y = pair.withoutIdleDays(pair.betterOutcomeValues());
        // holidays and outages move both series at once and would set the correlation: left out of both windows
        boolean[] shocks = pair.commonShocks(); // computed once per pair, shared with the other detector
        // and a runaway week of use (a mistyped cell, a runaway script) would set it as well: its changes left out
        boolean[] leftOut = pair.changesLeftOut();
        // the baseline's correlation and effective size depend on its values and its flags alone: kept from the day
        // before when both are the same (a live scorer's next day; null in batch scoring, which keeps nothing)
        BaselineMemo memo = pair.baselineMemo();
        BaselineMemo.Coupling entry = memo == null ? null : memo.coupling;
        boolean kept = entry != null && BaselineMemo.sameFlags(entry.flags(), leftOut, pair.split());
        double[][] base = kept ? null : Windows.changes(x, y, 0, pair.split(), leftOut);
        double[][] recent = Windows.changes(x, y, pair.split(), pair.length(), leftOut);
        int shockCount = Windows.count(shocks, 0, pair.split()) + Windows.count(shocks, pair.split(), pair.length());
        int nb = kept ? entry.changes() : base[0].length;
        int nr = recent[0].length;
        if (nb < minChanges || nr < minChanges) {
            return DetectorResult.skipped("needs at least " + minChanges + " period-over-period changes in each window, "
                    + "found " + nb + " before and " + nr + " after " + pair.splitDate());
        }
        boolean baseVaries = kept || Windows.varies(base[0]) && Windows.varies(base[1]);
        if (!baseVaries || !Windows.varies(recent[0]) || !Windows.varies(recent[1])) {
            return DetectorResult.skipped("a series does not change within a window, so its correlation is undefined");
        }
        double rb = kept ? entry.correlation() : Correlations.pearsonEstimate(base[0], base[1]);
        double rr = Correlations.pearsonEstimate(recent[0], recent[1]);
        if (Double.isNaN(rb) || Double.isNaN(rr)) {
            return DetectorResult.skipped("the changes are too extreme to correlate (a change overflows)");
        }
        double eb = kept ? entry.effectiveSize() : effectiveSize(base[0], base[1]);
        double er = effectiveSize(recent[0], recent[1]);
        if (!kept && memo != null) { // kept only once every check on the baseline passed
            memo.coupling = new BaselineMemo.Coupling(BaselineMemo.baselineFlags(leftOut, pair.split()), nb, rb, eb);
        }
        double z = (Correlations.atanh(clamp(rb)) - Correlations.atanh(clamp(rr)))
                / Math.sqrt(1.0 / (eb - 3) + 1.0 / (er - 3));
        double p = dev.goodhart.internal.Tails.normal(z);
        String period = Wording.period(pair.granularity());
        String msg = "Before " + pair.splitDate() + ", " + period + "-to-" + period + " changes in " + pair.proxyLabel()
                + " went " + together(rb) + " " + pair.outcomeLabel() + "; since, " + together(rr) + " it.";
        String detail = "correlation of the changes r = " + Text.num(rb, 2) + " before, r = " + Text.num(rr, 2)
                + " since; Fisher z = " + Text.num(z, 2) + ", one-sided p " + Text.pEquals(p)
                + CommonShocks.note(shockCount) + RunawayWeeks.changesNote(pair);
        return DetectorResult.of(Finding.of(NAME, z, p, rb - rr, msg, detail));
    }

    /** How closely changes in the proxy went with improvements in the outcome, from their correlation. */
    static String together(double r) {
        if (r >= 0.5) {
            return "closely with improvements in";
        }
        if (r >= 0.3) {
            return "with improvements in";
        }
        if (r >= 0.1) {
            return "loosely with improvements in";
        }
        return r > -0.1 ? "with no change in" : "with a worsening of";
    }

    /**
     * Effective number of independent pairs for a correlation between two autocorrelated series (Pyper &amp; Peterman
     * 1998, eq. 1): {@code 1/N* = 1/N + (2/N) sum_{j=1}^{N/5} ((N - j)/N) rho_xx(j) rho_yy(j)}, kept within [4, N].
     */
    static double effectiveSize(double[] x, double[] y) {
        int n = x.length;
        double[] ax = autocorrelations(x, n / 5);
        double[] ay = autocorrelations(y, n / 5);
        double sum = 0;
        for (int j = 1; j < ax.length; j++) {
            sum += (n - j) / (double) n * ax[j] * ay[j];
        }
        double inv = 1.0 / n + 2.0 / n * sum;
        double eff = inv > 0 ? 1 / inv : n;
        return Math.max(4, Math.min(n, eff));
    }

    private static double[] autocorrelations(double[] v, int maxLag) {
        int n = v.length;
        double mean = 0;
        for (double d : v) {
            mean += d / n;
        }
        double[] d = new double[n];
        double largest = 0;
        for (int t = 0; t < n; t++) {
            d[t] = v[t] - mean;
            largest = Math.max(largest, Math.abs(d[t]));
        }
        // the deviations in units of a power of two near the largest (exact: the same ratios at any ordinary scale), so
        // that their squares neither overflow (changes near 1e155) nor vanish (near 1e-160)
        if (largest > 0 && Double.isFinite(largest)) {
            double unit = SafeUnit.unitNear(largest);
            for (int t = 0; t < n; t++) {
                d[t] *= unit;
            }
        }
        double c0 = 0;
        for (int t = 0; t < n; t++) {
            c0 += d[t] * d[t];
        }
        double[] out = new double[maxLag + 1];
        out[0] = 1;
        // eight lags per pass: eight independent running sums (so that the additions overlap), each added in the same
        // order as a pass of its own
        int j = 1;
        for (; j + 7 <= maxLag; j += 8) {
            double[] c = new double[8];
            for (int t = j; t < j + 7 && t < n; t++) { // the first values, where the longer lags have no pair yet
                for (int m = 0; m <= t - j; m++) {
                    c[m] += d[t] * d[t - j - m];
                }
            }
            double c1 = c[0];
            double c2 = c[1];
            double c3 = c[2];
            double c4 = c[3];
            double c5 = c[4];
            double c6 = c[5];
            double c7 = c[6];
            double c8 = 0;
            for (int t = j + 7; t < n; t++) {
                double dt = d[t];
                int s = t - j;
                c1 += dt * d[s];
                c2 += dt * d[s - 1];
                c3 += dt * d[s - 2];
                c4 += dt * d[s - 3];
                c5 += dt * d[s - 4];
                c6 += dt * d[s - 5];
                c7 += dt * d[s - 6];
                c8 += dt * d[s - 7];
            }
            double[] sums = {c1, c2, c3, c4, c5, c6, c7, c8};
            for (int m = 0; m < 8; m++) {
                out[j + m] = c0 > 0 ? sums[m] / c0 : 0;
            }
        }
        for (; j <= maxLag; j++) {
            double c = 0;
            for (int t = j; t < n; t++) {
                c += d[t] * d[t - j];
            }
            out[j] = c0 > 0 ? c / c0 : 0;
        }
        return out;
    }

    private static double clamp(double r) {
        return Math.max(-R_CLAMP, Math.min(R_CLAMP, r));
    }
}
