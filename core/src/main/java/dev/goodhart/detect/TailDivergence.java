package dev.goodhart.detect;

import dev.goodhart.internal.SafeUnit;
import dev.goodhart.stats.Descriptive;
import dev.goodhart.model.Variant;
import dev.goodhart.model.Finding;
import dev.goodhart.internal.Text;
import dev.goodhart.internal.Windows;
import dev.goodhart.stats.CorrelationTest;
import dev.goodhart.stats.Correlations;
import dev.goodhart.stats.Ranks;
import java.util.Arrays;
import java.util.List;
import org.apache.commons.math3.exception.NotANumberException;

/**
 * Tail divergence: are the proxy leaders also the outcome leaders? The extremal Goodhart question (Manheim &amp;
 * Garrabrant 2018): a relation that holds in the bulk can break where the proxy is pushed hardest.
 *
 * <p>Method: for every segment, the proxy's growth {@code g_p = log(mean_recent / mean_baseline)} (signed as "more
 * use") and the outcome's improvement {@code g_o} (signed so that up is better). (1) The top proxy decile (at least 2
 * segments) against the rest on {@code g_o}: Mann-Whitney U test, one-sided for "the leaders improved less".
 * (2) Spearman's rank correlation of {@code g_p} and {@code g_o} across segments, one-sided for {@code rho < 0}.
 * Statistic: Mann-Whitney z (normal approximation, negative when the leaders improved less). p-value: the smaller
 * one-sided p of (1) and (2), times 2 (Bonferroni). Effect: median {@code g_o} of the rest minus that of the leaders.
 * The finding belongs to the organisation. Needs at least 10 segments with positive window means.
 */
public final class TailDivergence implements StagedPortfolioDetector<TailDivergence.Growth, Boolean> {
    /** The detector's name in reports. */
    public static final String NAME = "tail-divergence";
    /** Weight 0.4; does not decide a pair alone; supports EXTREMAL. */
    static final Description DESCRIPTION = Description.of(0.4, false, "Kolmogorov-Smirnov and rank divergence in the tails across segments", Variant.EXTREMAL);
    private static final int MIN_SEGMENTS = 10;
    private static final int MIN_POINTS = 4;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Description description() {
        return DESCRIPTION;
    }

    /**
     * A segment's growth from its baseline to its recent window: the proxy's (signed as "more use") and the outcome's
     * (signed so that up is better), in log points.
     *
     * @param proxy   the proxy's growth
     * @param outcome the outcome's improvement
     */
    public record Growth(double proxy, double outcome) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
    }

    @Override
    public Growth summarize(Context context, PairSeries p) {
        double[][] b = Windows.complete(p.proxyValues(), p.outcomeValues(), 0, p.split());
        double[][] r = Windows.complete(p.proxyValues(), p.outcomeValues(), p.split(), p.length());
        if (b[0].length < MIN_POINTS || r[0].length < MIN_POINTS) {
            return null;
        }
        double pb = Descriptive.mean(b[0]);
        double pr = Descriptive.mean(r[0]);
        double ob = Descriptive.mean(b[1]);
        double or = Descriptive.mean(r[1]);
        if (positiveAndFinite(pb) && positiveAndFinite(pr) && positiveAndFinite(ob) && positiveAndFinite(or)) {
            return new Growth(p.proxySign() * p.link().expectedSign() * SafeUnit.logRatio(pr, pb),
                    p.outcomeSign() * SafeUnit.logRatio(or, ob));
        }
        return null;
    }

    /** Whether a window mean is above 0 and finite (each on its own: four finite means may sum beyond a double). */
    static boolean positiveAndFinite(double mean) {
        return mean > 0 && mean < Double.POSITIVE_INFINITY;
    }

    /** Segment findings: none (the finding belongs to the organisation). */
    @Override
    public List<Finding> findings(Context context, Boolean shared, PairSeries pair) {
        return List.of();
    }

    /**
     * Keeps every segment's two growths (16 bytes a segment) and ranks them at the end, in place: the conclusion sorts
     * the fold's own arrays and needs one more array of a value a segment (8 bytes), then releases all three.
     */
    @Override
    public Merger<Growth, Boolean> merger(Context context) {
        return new Merger<>() {
            private double[] proxy = new double[64];
            private double[] outcome = new double[64];
            private int n;

            @Override
            public void expect(long segments) {
                int size = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(n, segments));
                proxy = Arrays.copyOf(proxy, size);
                outcome = Arrays.copyOf(outcome, size);
            }

            @Override
            public void add(Growth g) {
                if (n == proxy.length) {
                    proxy = Arrays.copyOf(proxy, Math.max(64, 2 * n));
                    outcome = Arrays.copyOf(outcome, Math.max(64, 2 * n));
                }
                proxy[n] = g.proxy();
                outcome[n++] = g.outcome();
            }

            @Override
            public Conclusion<Boolean> conclude(java.util.Optional<PairSeries> organisation) {
                double[] p = proxy;
                double[] o = outcome;
                proxy = null; // concluded once: the arrays are the conclusion's to reorder, then garbage
                outcome = null;
                return TailDivergence.conclude(context, p, o, n);
            }
        };
    }

    /**
     * The conclusion from the first {@code n} growths of {@code gp} and {@code go}, which it reorders (and replaces by
     * their ranks); the same numbers to the last digit as ranking copies with Commons Math.
     */
    private static Conclusion<Boolean> conclude(Context portfolio, double[] gp, double[] go, int n) {
        if (n < MIN_SEGMENTS) {
            return Conclusion.skipped("needs at least " + MIN_SEGMENTS
                    + " segments with positive means in both windows, found " + n);
        }
        double[] scratch = new double[n];
        // the segments by proxy growth, largest first, in segment order among equal growths (a stable sort)
        sortDescending(gp, go, 0, n, scratch);
        int top = Math.max(2, (int) Math.ceil(0.1 * n)); // the leaders: go[0..top); the rest: go[top..n)
        // the leaders' outcome ranks among all segments (ties averaged, as NaturalRanking ranks them)
        for (int i = 0; i < n; i++) {
            if (Double.isNaN(go[i])) {
                throw new NotANumberException();
            }
        }
        System.arraycopy(go, 0, scratch, 0, n);
        Ranks.sort(scratch, 0, n);
        double rankSum = 0;
        for (int i = 0; i < top; i++) {
            rankSum += Ranks.averageRank(scratch, n, go[i]);
        }
        double u = rankSum - (double) top * (top + 1) / 2.0; // U of the leaders: small when they improved least
        double mu = (double) top * (n - top) / 2.0;
        double sigma = Math.sqrt((double) top * (n - top) * (n + 1) / 12.0); // in double: int overflows at 10,000 segments
        double z = (u - mu) / sigma;
        double pTail = dev.goodhart.internal.Normal.STANDARD.cumulativeProbability(z);
        // the medians, selected on copies in the scratch array, before the correlation replaces the growths by ranks
        System.arraycopy(go, top, scratch, 0, n - top);
        double restMedian = Descriptive.medianInPlace(scratch, 0, n - top);
        System.arraycopy(go, 0, scratch, 0, top);
        double leadersMedian = Descriptive.medianInPlace(scratch, 0, top);
        System.arraycopy(gp, 0, scratch, 0, top);
        double leadersProxyMedian = Descriptive.medianInPlace(scratch, 0, top);
        double pRank = 1;
        double rho = 0;
        if (varies(gp, n) && varies(go, n)) {
            CorrelationTest s = Correlations.spearman(gp, go, n, scratch);
            rho = s.estimate();
            pRank = rho < 0 ? s.pValue() / 2 : 1 - s.pValue() / 2;
        }
        double p = Math.min(1, 2 * Math.min(pTail, pRank));
        double effect = restMedian - leadersMedian;
        dev.goodhart.model.Metric outcome = portfolio.model().metric(portfolio.link().outcome());
        // every segment of one link is read per the same exposure, if any: the sentence names the series as read
        String proxyLabel = portfolio.model().label(portfolio.link().proxy());
        String msg = "In the " + top + " segments whose " + proxyLabel + " grew most (median: "
                + Text.moved(leadersProxyMedian, Wording.duration(portfolio.model().metric(portfolio.link().proxy())))
                + "), " + Wording.outcomeMoved(outcome, leadersMedian) + " (median); in the other " + (n - top)
                + " it " + Text.moved(Wording.raw(outcome, restMedian), Wording.duration(outcome)) + ".";
        String detail = "Mann-Whitney z = " + Text.num(z, 2) + "; rank correlation of proxy growth and outcome "
                + "improvement across segments rho = " + Text.num(rho, 2) + "; combined one-sided p "
                + Text.pEquals(p);
        return new Conclusion<>(Boolean.TRUE, List.of(Finding.of(NAME, z, p, effect, msg, detail)), null);
    }

    /** Whether {@code v[0..n)} holds two different values ({@code Windows.varies} of that range). */
    private static boolean varies(double[] v, int n) {
        for (int i = 1; i < n; i++) {
            if (v[i] != v[0]) {
                return true;
            }
        }
        return false;
    }

    /**
     * Sorts the pairs {@code (key[i], other[i])}, {@code from <= i < to}, by {@code key} descending in
     * {@link Double#compare}'s order, keeping pairs with equal keys in their order (stable, as the list sort it
     * replaces): a merge sort whose buffer is {@code buffer}, at least {@code to - from} long.
     */
    static void sortDescending(double[] key, double[] other, int from, int to, double[] buffer) {
        int n = to - from;
        if (n <= 32) {
            for (int i = from + 1; i < to; i++) {
                double k = key[i];
                double o = other[i];
                int j = i - 1;
                while (j >= from && Double.compare(key[j], k) < 0) {
                    key[j + 1] = key[j];
                    other[j + 1] = other[j];
                    j--;
                }
                key[j + 1] = k;
                other[j + 1] = o;
            }
            return;
        }
        int mid = (from + to) >>> 1;
        sortDescending(key, other, from, mid, buffer);
        sortDescending(key, other, mid, to, buffer);
        if (Double.compare(key[mid - 1], key[mid]) >= 0) {
            return; // already in order
        }
        // the left run into the buffer (keys in its first half, the others in its second), merged back
        int left = mid - from;
        int half = buffer.length / 2;
        System.arraycopy(key, from, buffer, 0, left);
        System.arraycopy(other, from, buffer, half, left);
        int i = 0;
        int j = mid;
        int k = from;
        while (i < left && j < to) {
            if (Double.compare(key[j], buffer[i]) > 0) { // only a strictly larger right key goes first
                key[k] = key[j];
                other[k++] = other[j++];
            } else {
                key[k] = buffer[i];
                other[k++] = buffer[half + i++];
            }
        }
        while (i < left) {
            key[k] = buffer[i];
            other[k++] = buffer[half + i++];
        }
    }
}
