package dev.goodhart.detect;

import dev.goodhart.model.Variant;
import dev.goodhart.model.Finding;
import dev.goodhart.model.Quota;
import dev.goodhart.model.Segments;
import dev.goodhart.internal.Text;
import dev.goodhart.stats.Ols;
import dev.goodhart.stats.OlsResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Threshold bunching: do segments pile up just above the quota?
 *
 * <p>Method: mass shifted across the quota against a polynomial counterfactual (Kleven 2016, "Bunching", Annual Review of Economics;
 * Chetty, Friedman, Olsen &amp; Pistaferri 2011). Every period value of the proxy in the window where the quota
 * applied (from the intervention on; all periods without one) is divided by its segment's quota. The ratios in
 * [0.5, 1.5) are binned (width 0.025); a degree-5 polynomial is fitted to the bin counts outside the excluded region
 * [0.9, 1.1); the bunching estimate is the mass shifted across the quota,
 * {@code b = (sum_above(c - c_hat) - sum_below(c - c_hat)) / sum_both(c_hat)} with "above" the bins in [1.0, 1.1)
 * and "below" those in [0.9, 1.0): people who top up to the quota leave a hole below it and a bunch above it, while
 * a counterfactual that misses the curvature of the density errs the same way on both sides and cancels (a one-sided
 * excess gave 30% false alarms on smooth log-normal data in our tests). Its standard error comes from a residual
 * bootstrap (200 replicates, seeded): fit residuals are resampled and added to the bin counts, and b re-estimated.
 *
 * <p>Organisation finding: statistic {@code b}, one-sided p {@code 1 - Phi(b / se)}, effect b. Segment findings
 * (segments with at least 8 values in range): the number of the segment's periods in [1.0, 1.1) against the share of
 * the other segments' values there (its peers, the segment itself left out; at least half a value in case none is
 * there), binomial upper-tail p; and, where the segment has at least 8 observed periods before the quota, against its
 * own history: more periods just above the quota than before it (two Poisson rates, the conditional binomial test),
 * or periods moved from just below the quota to just above it (mean period score +1 above, -1 below, since against
 * before, pooled-variance z), Bonferroni over the two. The segment's p-value is the larger of the two (an intersection-union test): a team whose use always
 * sat just above that level is judged by its own history, a team that grew into it by its peers. Without an
 * intervention the quota applies to every period and there is no history before it: only the peers are compared. Effect: the observed
 * share minus the peers'. Needs a quota on the proxy and at least 100 ratios in range.
 */
public final class ThresholdBunching implements StagedPortfolioDetector<ThresholdBunching.Periods, ThresholdBunching.Band> {
    /** The detector's name in reports. */
    public static final String NAME = "threshold-bunching";
    /** Weight 0.6; does not decide a pair alone; supports ADVERSARIAL. */
    static final Description DESCRIPTION = Description.of(0.6, false, "bunching estimator (Kleven 2016) of excess mass just above the quota", Variant.ADVERSARIAL);
    private static final double LOW = 0.5;
    private static final double WIDTH = 0.025;
    private static final int BINS = 40;
    private static final int EXCLUDED_FROM = 16; // [0.9, 1.0): the missing mass below
    private static final int ABOVE_FROM = 20; // [1.0, 1.1): the bunch
    private static final int ABOVE_TO = 24;
    private static final int DEGREE = 5;
    private static final int REPLICATES = 200;
    private static final int MIN_VALUES = 100;
    private static final int MIN_SEGMENT_VALUES = 8;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Description description() {
        return DESCRIPTION;
    }

    /** The quota that applies to a segment's proxy, or null when there is no positive one. */
    private static Quota quota(Context context, String segment) {
        Optional<Quota> quota = context.model().quotaFor(context.link().proxy(), segment);
        return quota.isEmpty() || !(quota.get().value() > 0) ? null : quota.get();
    }

    /** A segment's periods against its quota (null without a positive quota): 47 numbers, whatever the periods. */
    @Override
    public Periods summarize(Context context, PairSeries p) {
        Quota quota = quota(context, p.segment());
        if (quota == null) {
            return null;
        }
        double[] v = p.countedProxyValues(); // the quota is on the numbers as counted
        int[] bins = new int[BINS];
        int inRange = 0;
        int since = 0;
        int aboveSince = 0;
        int belowSince = 0;
        int before = 0;
        int aboveBefore = 0;
        int belowBefore = 0;
        int from = p.intervention() ? p.split() : 0;
        for (int t = 0; t < v.length; t++) {
            if (Double.isNaN(v[t])) {
                continue;
            }
            int bin = bin(v[t] / quota.value());
            boolean above = bin >= ABOVE_FROM && bin < ABOVE_TO;
            boolean below = bin >= EXCLUDED_FROM && bin < ABOVE_FROM;
            if (t < from) {
                before++;
                aboveBefore += above ? 1 : 0;
                belowBefore += below ? 1 : 0;
                continue;
            }
            since++;
            aboveSince += above ? 1 : 0;
            belowSince += below ? 1 : 0;
            if (bin >= 0) {
                bins[bin]++;
                inRange++;
            }
        }
        return new Periods(bins, inRange, since, aboveSince, belowSince, before, aboveBefore, belowBefore);
    }

    /**
     * What a segment's test needs from the others: all segments' values within 10% above the quota and in the range.
     *
     * @param above the values in [1.0, 1.1) of the quota, all segments
     * @param total the values in [0.5, 1.5) of the quota, all segments
     */
    public record Band(double above, int total) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Sums the segments' bin counts (40 numbers, whatever the number of segments). */
    @Override
    public Merger<Periods, Band> merger(Context context) {
        return new Merger<>() {
            private final double[] counts = new double[BINS];
            private int total;
            private boolean anyQuota;

            @Override
            public void add(Periods p) {
                anyQuota = true;
                for (int i = 0; i < BINS; i++) {
                    counts[i] += p.bins()[i];
                }
                total += p.inRange();
            }

            @Override
            public Conclusion<Band> conclude(Optional<PairSeries> organisation) {
                return ThresholdBunching.conclude(context, anyQuota, counts, total);
            }
        };
    }

    private static Conclusion<Band> conclude(Context portfolio, boolean anyQuota, double[] counts, int total) {
        String proxy = portfolio.link().proxy();
        if (!anyQuota) {
            return Conclusion.skipped("no positive quota on " + proxy);
        }
        if (total < MIN_VALUES) {
            return Conclusion.skipped("needs at least " + MIN_VALUES + " period values between 50% and 150% of "
                    + "the quota, found " + total);
        }
        double[] fitted = counterfactual(counts);
        if (fitted == null) {
            return Conclusion.skipped("the polynomial counterfactual could not be fitted");
        }
        double expectedAbove = 0;
        for (int i = ABOVE_FROM; i < ABOVE_TO; i++) {
            expectedAbove += Math.max(0, fitted[i]);
        }
        if (!(expectedAbove > 0)) {
            return Conclusion.skipped("the counterfactual density just above the quota is empty");
        }
        double b = excess(counts, fitted);
        double[] residuals = new double[BINS];
        List<Integer> fitBins = new ArrayList<>();
        for (int i = 0; i < BINS; i++) {
            if (i < EXCLUDED_FROM || i >= ABOVE_TO) {
                residuals[i] = counts[i] - fitted[i];
                fitBins.add(i);
            }
        }
        SplittableRandom rnd = new SplittableRandom(portfolio.seed() ^ 0x5DEECE66DL);
        double sum = 0;
        double sumSq = 0;
        int ok = 0;
        for (int r = 0; r < REPLICATES; r++) {
            double[] c = new double[BINS];
            for (int i = 0; i < BINS; i++) {
                c[i] = counts[i] + residuals[fitBins.get(rnd.nextInt(fitBins.size()))];
            }
            double[] f = counterfactual(c);
            if (f == null) {
                continue;
            }
            double bs = excess(c, f);
            if (Double.isFinite(bs)) {
                sum += bs;
                sumSq += bs * bs;
                ok++;
            }
        }
        double se = ok > 1 ? Math.sqrt(Math.max(0, (sumSq - sum * sum / ok) / (ok - 1))) : 0;
        List<Finding> organisation = new ArrayList<>();
        if (se > 0 && Double.isFinite(b)) {
            double z = b / se;
            double p = dev.goodhart.internal.Tails.normal(z);
            String msg = Text.num(sumRange(counts, ABOVE_FROM, ABOVE_TO), 0) + " of " + total + " period values of "
                    + proxy + " fell within 10% above the quota, where a smooth distribution fitted around it expects "
                    + Text.num(expectedAbove, 1) + ".";
            String detail = "excess mass just above the quota b = " + Text.num(b, 2) + ", bootstrap se "
                    + Text.num(se, 2) + ", one-sided p " + Text.pEquals(p);
            organisation.add(Finding.of(NAME, b, p, b, msg, detail));
        }
        return new Conclusion<>(new Band(sumRange(counts, ABOVE_FROM, ABOVE_TO), total), organisation, null);
    }

    @Override
    public List<Finding> findings(Context context, Band band, PairSeries pair) {
        Periods c = summarize(context, pair);
        if (c == null) {
            return List.of();
        }
        double above = band.above();
        int total = band.total();
        String segment = pair.segment();
        {
            int n = c.inRange;
            int x = c.aboveSince;
            int others = total - n;
            if (n < MIN_SEGMENT_VALUES || others < MIN_SEGMENT_VALUES) {
                return List.of();
            }
            // the segment's peers are the other segments: its own periods would raise the share it is tested against
            double share = (above - x) / others;
            double pPeers = dev.goodhart.internal.Tails.binomialAtLeast(x, n, Math.max(share, 0.5 / (others + 1)));
            double p = pPeers;
            // and its own past: a team whose use always sat around this level is not bunching at it now. Against its
            // periods before the quota, either signature of bunching: more periods just above (two Poisson rates, the
            // conditional binomial test), or periods moved from just below to just above (each period scoring +1 just
            // above, -1 just below, 0 elsewhere: the mean score since against before, z with the pooled variance, as
            // under exchangeable periods); Bonferroni over the two. Both the peers and the own history must find an
            // excess (intersection-union): a team that grew into the band is judged by its peers, a team that always
            // lived there by its own history
            int since = c.since;
            int before = c.before;
            String own = "";
            if (before >= MIN_SEGMENT_VALUES && since >= MIN_SEGMENT_VALUES) {
                double pAbove = dev.goodhart.internal.Tails.binomialAtLeast(x, x + c.aboveBefore,
                        since / (double) (since + before));
                double pShift = shiftAcross(c.aboveSince, c.belowSince, since, c.aboveBefore, c.belowBefore, before);
                double pOwn = Math.min(1, 2 * Math.min(pAbove, pShift));
                p = Math.max(p, pOwn);
                own = "; against its own " + before + " periods before the quota (" + c.aboveBefore + " just above, "
                        + c.belowBefore + " just below; since, " + c.aboveSince + " and " + c.belowSince + " of " + since
                        + "): one-sided p "
                        + Text.pEquals(pOwn);
            }
            // each count with its own denominator: the periods since the quota, those of them near it (what the peers'
            // share is of) and those before it
            String msg = segment + " landed within 10% above the quota in " + x + " of its " + since + " periods"
                    + (pair.intervention() ? " since the quota" : "") + ", " + x + " of the " + n
                    + " within 50% of it (the other segments: " + Text.num(100 * share, 1) + "% of theirs)"
                    + (own.isEmpty() ? "" : ", and in " + c.aboveBefore + " of its own " + before
                    + " periods before the quota") + ".";
            String detail = "binomial one-sided p " + Text.pEquals(pPeers) + " against the other segments' share" + own
                    + (own.isEmpty() ? "" : "; p " + Text.pEquals(p) + ", the larger (both must find an excess)");
            return List.of(Finding.of(NAME, x, Math.max(0, Math.min(1, p)), (double) x / n - share, msg, detail));
        }
    }

    /**
     * One-sided p that periods moved from just below the quota to just above it since it came: the mean of the period
     * scores (+1 just above, -1 just below, 0 elsewhere) since against before, z with the pooled variance; 1 when every
     * period scores the same.
     */
    static double shiftAcross(int aboveSince, int belowSince, int since, int aboveBefore, int belowBefore, int before) {
        int n = since + before;
        double pooledMean = (aboveSince - belowSince + aboveBefore - belowBefore) / (double) n;
        double pooledSquare = (aboveSince + belowSince + aboveBefore + belowBefore) / (double) n;
        double variance = (pooledSquare - pooledMean * pooledMean) * n / (n - 1.0);
        if (!(variance > 0)) {
            return 1;
        }
        double difference = (aboveSince - belowSince) / (double) since - (aboveBefore - belowBefore) / (double) before;
        return dev.goodhart.internal.Tails.normal(difference / Math.sqrt(variance * (1.0 / since + 1.0 / before)));
    }

    /**
     * A segment's proxy periods against its quota: the bin counts in [0.5, 1.5) of the quota since it applies, how many
     * periods fell in that range, and how many periods, and of them just above ([1.0, 1.1)) and just below ([0.9, 1.0))
     * the quota, since it applies and before it.
     *
     * @param bins        counts per bin of width 0.025 from 0.5, since the quota applies
     * @param inRange     periods in [0.5, 1.5) since the quota applies
     * @param since       observed periods since the quota applies
     * @param aboveSince  of them just above
     * @param belowSince  of them just below
     * @param before      observed periods before the quota
     * @param aboveBefore of them just above
     * @param belowBefore of them just below
     */
    public record Periods(int[] bins, int inRange, int since, int aboveSince, int belowSince, int before,
                          int aboveBefore, int belowBefore) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        /** Checks for nulls. */
        public Periods {
            java.util.Objects.requireNonNull(bins, "bins");
        }
    }

    private static int bin(double ratio) {
        if (!(ratio >= LOW) || !(ratio < LOW + BINS * WIDTH)) {
            return -1;
        }
        return Math.min(BINS - 1, (int) ((ratio - LOW) / WIDTH));
    }

    /** Degree-5 polynomial in the bin centre fitted outside [0.9, 1.1); predictions for every bin, or null. */
    private static double[] counterfactual(double[] counts) {
        List<double[]> rows = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (int i = 0; i < BINS; i++) {
            if (i < EXCLUDED_FROM || i >= ABOVE_TO) {
                rows.add(powers(centre(i)));
                ys.add(counts[i]);
            }
        }
        double[] y = ys.stream().mapToDouble(Double::doubleValue).toArray();
        OlsResult fit;
        try {
            fit = Ols.fit(y, rows.toArray(new double[0][]), "z1", "z2", "z3", "z4", "z5");
        } catch (IllegalArgumentException e) {
            return null;
        }
        double[] out = new double[BINS];
        for (int i = 0; i < BINS; i++) {
            double[] z = powers(centre(i));
            double v = fit.coefficient(0);
            for (int d = 0; d < DEGREE; d++) {
                v += fit.coefficient(d + 1) * z[d];
            }
            out[i] = v;
        }
        return out;
    }

    /**
     * Relative shift of mass across the quota: (excess just above minus excess just below) over the counterfactual
     * mass of both windows. Mass moved from below to above counts twice; a counterfactual that misses the curvature of
     * the density near the quota errs the same way on both sides and cancels.
     */
    private static double excess(double[] counts, double[] fitted) {
        double expected = 0;
        double shift = 0;
        for (int i = EXCLUDED_FROM; i < ABOVE_TO; i++) {
            double e = Math.max(0, fitted[i]);
            expected += e;
            shift += i >= ABOVE_FROM ? counts[i] - e : e - counts[i];
        }
        return expected > 0 ? shift / expected : Double.NaN;
    }

    private static double sumRange(double[] v, int from, int to) {
        double s = 0;
        for (int i = from; i < to; i++) {
            s += v[i];
        }
        return s;
    }

    private static double centre(int bin) {
        return (LOW + (bin + 0.5) * WIDTH - 1) / 0.5; // in [-1, 1] for conditioning
    }

    private static double[] powers(double z) {
        double[] p = new double[DEGREE];
        double v = 1;
        for (int d = 0; d < DEGREE; d++) {
            v *= z;
            p[d] = v;
        }
        return p;
    }
}
