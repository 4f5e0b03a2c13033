package dev.goodhart.detect;

import dev.goodhart.stats.Descriptive;
import dev.goodhart.model.Variant;
import dev.goodhart.model.Finding;
import dev.goodhart.internal.Text;
import dev.goodhart.internal.Windows;
import dev.goodhart.stats.CorrelationTest;
import dev.goodhart.stats.Correlations;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.apache.commons.math3.stat.ranking.TiesStrategy;

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
        double[][] b = Windows.complete(p.proxy(), p.outcome(), 0, p.split());
        double[][] r = Windows.complete(p.proxy(), p.outcome(), p.split(), p.length());
        if (b[0].length < MIN_POINTS || r[0].length < MIN_POINTS) {
            return null;
        }
        double pb = Descriptive.mean(b[0]);
        double pr = Descriptive.mean(r[0]);
        double ob = Descriptive.mean(b[1]);
        double or = Descriptive.mean(r[1]);
        if (pb > 0 && pr > 0 && ob > 0 && or > 0 && Double.isFinite(pb + pr + ob + or)) {
            return new Growth(p.proxySign() * p.link().expectedSign() * Math.log(pr / pb),
                    p.outcomeSign() * Math.log(or / ob));
        }
        return null;
    }

    /** Segment findings: none (the finding belongs to the organisation). */
    @Override
    public List<Finding> findings(Context context, Boolean shared, PairSeries pair) {
        return List.of();
    }

    /** Keeps every segment's two growths (16 bytes a segment) and ranks them at the end. */
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
                return TailDivergence.conclude(context, Arrays.copyOf(proxy, n), Arrays.copyOf(outcome, n));
            }
        };
    }

    private static Conclusion<Boolean> conclude(Context portfolio, double[] proxyGrowth, double[] outcomeGrowth) {
        List<double[]> growth = new ArrayList<>(proxyGrowth.length); // {g_p, g_o}
        for (int i = 0; i < proxyGrowth.length; i++) {
            growth.add(new double[] {proxyGrowth[i], outcomeGrowth[i]});
        }
        int n = growth.size();
        if (n < MIN_SEGMENTS) {
            return Conclusion.skipped("needs at least " + MIN_SEGMENTS
                    + " segments with positive means in both windows, found " + n);
        }
        growth.sort(Comparator.comparingDouble((double[] g) -> g[0]).reversed());
        int top = Math.max(2, (int) Math.ceil(0.1 * n));
        double[] leaders = new double[top];
        double[] rest = new double[n - top];
        double[] gp = new double[n];
        double[] go = new double[n];
        for (int i = 0; i < n; i++) {
            gp[i] = growth.get(i)[0];
            go[i] = growth.get(i)[1];
            if (i < top) {
                leaders[i] = go[i];
            } else {
                rest[i - top] = go[i];
            }
        }
        double[] all = new double[n];
        System.arraycopy(leaders, 0, all, 0, top);
        System.arraycopy(rest, 0, all, top, n - top);
        double[] ranks = new NaturalRanking(TiesStrategy.AVERAGE).rank(all);
        double rankSum = 0;
        for (int i = 0; i < top; i++) {
            rankSum += ranks[i];
        }
        double u = rankSum - (double) top * (top + 1) / 2.0; // U of the leaders: small when they improved least
        double mu = (double) top * (n - top) / 2.0;
        double sigma = Math.sqrt((double) top * (n - top) * (n + 1) / 12.0); // in double: int overflows at 10,000 segments
        double z = (u - mu) / sigma;
        double pTail = dev.goodhart.internal.Normal.STANDARD.cumulativeProbability(z);
        double pRank = 1;
        double rho = 0;
        if (Windows.varies(gp) && Windows.varies(go)) {
            CorrelationTest s = Correlations.spearman(gp, go);
            rho = s.estimate();
            pRank = rho < 0 ? s.pValue() / 2 : 1 - s.pValue() / 2;
        }
        double p = Math.min(1, 2 * Math.min(pTail, pRank));
        double effect = Descriptive.median(rest) - Descriptive.median(leaders);
        dev.goodhart.model.Metric outcome = portfolio.model().metric(portfolio.link().outcome());
        String msg = "In the " + top + " segments whose " + portfolio.link().proxy() + " grew most (median: "
                + Text.moved(Descriptive.median(topOf(gp, top)), Wording.duration(portfolio.model().metric(portfolio.link().proxy())))
                + "), " + Wording.outcomeMoved(outcome, Descriptive.median(leaders)) + " (median); in the other " + (n - top)
                + " it " + Text.moved(Wording.raw(outcome, Descriptive.median(rest)), Wording.duration(outcome)) + ".";
        String detail = "Mann-Whitney z = " + Text.num(z, 2) + "; rank correlation of proxy growth and outcome "
                + "improvement across segments rho = " + Text.num(rho, 2) + "; combined one-sided p "
                + Text.pEquals(p);
        return new Conclusion<>(Boolean.TRUE, List.of(Finding.of(NAME, z, p, effect, msg, detail)), null);
    }

    private static double[] topOf(double[] sortedDescending, int k) {
        return Arrays.copyOf(sortedDescending, k);
    }
}
