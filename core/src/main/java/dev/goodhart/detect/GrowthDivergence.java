package dev.goodhart.detect;

import dev.goodhart.Finding;
import dev.goodhart.internal.Text;
import dev.goodhart.internal.Windows;
import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Growth divergence: did the proxy grow much faster than the outcome?
 *
 * <p>Method: the log change of the mean from the baseline to the recent window, {@code g = log(mean_r / mean_b)},
 * for the proxy (signed as "more use") and the outcome (signed so that up is better); the divergence is
 * {@code D = g_proxy - g_outcome}, the log of the ratio of their growth factors. Its sampling distribution comes from
 * a paired moving-block bootstrap within each window (Kuensch 1989; block length {@code round(sqrt(n))}, which keeps
 * short-range autocorrelation), seeded from {@link PairSeries#seed()}.
 *
 * <p>Statistic: D. p-value: one-sided, from the bootstrap standard error, {@code 1 - Phi(D / se*)}, floored at
 * {@code 1 / (B + 1)} (the studentised form is better calibrated than the percentile form in windows of a few dozen
 * autocorrelated periods; when the replicates have no spread, the percentile form {@code (1 + #{D* <= 0}) / (B + 1)}).
 * Effect: D. Skipped when a window has fewer than {@code minPoints} complete periods or a window mean is not positive.
 */
public final class GrowthDivergence implements Detector {
    /** The detector's name in reports. */
    public static final String NAME = "growth-divergence";

    private final int minPoints;
    private final int replicates;

    /** With at least 8 complete periods per window and 999 bootstrap replicates. */
    public GrowthDivergence() {
        this(8, 999);
    }

    /**
     * @param minPoints  the fewest complete periods per window, at least 2
     * @param replicates bootstrap replicates, at least 99
     * @throws IllegalArgumentException if an argument is below its minimum
     */
    public GrowthDivergence(int minPoints, int replicates) {
        if (minPoints < 2) {
            throw new IllegalArgumentException("minPoints must be at least 2, found " + minPoints);
        }
        if (replicates < 99) {
            throw new IllegalArgumentException("replicates must be at least 99, found " + replicates);
        }
        this.minPoints = minPoints;
        this.replicates = replicates;
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public DetectorResult detect(PairSeries pair) {
        double[][] base = Windows.complete(pair.proxy(), pair.outcome(), 0, pair.split());
        double[][] recent = Windows.complete(pair.proxy(), pair.outcome(), pair.split(), pair.length());
        if (base[0].length < minPoints || recent[0].length < minPoints) {
            return DetectorResult.skipped("needs at least " + minPoints + " complete periods in each window, found "
                    + base[0].length + " before and " + recent[0].length + " after " + pair.splitDate());
        }
        double pb = mean(base[0]);
        double pr = mean(recent[0]);
        double ob = mean(base[1]);
        double or = mean(recent[1]);
        if (!Double.isFinite(pb + pr + ob + or)) {
            return DetectorResult.skipped("the window means overflow; values are too extreme");
        }
        if (!(pb > 0 && pr > 0 && ob > 0 && or > 0)) {
            return DetectorResult.skipped("growth needs positive window means; found " + pair.link().proxy() + " "
                    + Text.num(pb, 3) + " -> " + Text.num(pr, 3) + ", " + pair.link().outcome() + " "
                    + Text.num(ob, 3) + " -> " + Text.num(or, 3));
        }
        int ps = pair.proxySign() * pair.link().expectedSign();
        int os = pair.outcomeSign();
        double d = ps * Math.log(pr / pb) - os * Math.log(or / ob);

        SplittableRandom rnd = new SplittableRandom(pair.seed() ^ 0x9E3779B97F4A7C15L);
        double[] boot = new double[replicates];
        int below = 0;
        BlockSums baseSums = new BlockSums(base);
        BlockSums recentSums = new BlockSums(recent);
        double[] mb = new double[2];
        double[] mr = new double[2];
        for (int b = 0; b < replicates; b++) {
            baseSums.resampleMeans(rnd, mb);
            recentSums.resampleMeans(rnd, mr);
            double gp = ps * Math.log(mr[0] / mb[0]);
            double go = os * Math.log(mr[1] / mb[1]);
            boot[b] = Double.isFinite(gp - go) ? gp - go : (ps > 0 ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY);
            if (!(boot[b] > 0)) {
                below++;
            }
        }
        double mean = 0;
        for (double v : boot) {
            mean += v / replicates;
        }
        double ss = 0;
        for (double v : boot) {
            ss += (v - mean) * (v - mean);
        }
        double se = Math.sqrt(ss / (replicates - 1));
        double p = Double.isFinite(se) && se > 0
                ? Math.max(1.0 / (replicates + 1.0), dev.goodhart.internal.Tails.normal(d / se))
                : (1.0 + below) / (replicates + 1.0);
        Arrays.sort(boot);
        double lo = boot[(int) Math.floor(0.025 * (replicates + 1)) - 1];
        double hi = boot[(int) Math.ceil(0.975 * (replicates + 1)) - 1];
        String msg = pair.link().proxy() + " changed " + Text.pct(pr / pb) + " while " + pair.link().outcome()
                + " changed " + Text.pct(or / ob) + (os < 0 ? " (lower is better)" : "") + " from before "
                + pair.splitDate() + " to since; the proxy outgrew the outcome by a factor " + Text.num(Math.exp(d), 2)
                + " (95% bootstrap interval " + Text.num(Math.exp(lo), 2) + " to " + Text.num(Math.exp(hi), 2)
                + ", one-sided p " + CouplingDecay.pText(p) + ").";
        return DetectorResult.of(Finding.of(NAME, d, p, d, msg));
    }

    /**
     * A window's circular prefix sums, so that each block of a moving-block resample costs O(1) instead of O(block):
     * a resample costs O(n / block) = O(sqrt n).
     */
    private static final class BlockSums {
        private final int n;
        private final int block;
        private final double[] proxy;
        private final double[] outcome;

        BlockSums(double[][] w) {
            n = w[0].length;
            block = Math.max(1, (int) Math.round(Math.sqrt(n)));
            proxy = new double[2 * n + 1];
            outcome = new double[2 * n + 1];
            for (int i = 0; i < 2 * n; i++) {
                proxy[i + 1] = proxy[i] + w[0][i % n];
                outcome[i + 1] = outcome[i] + w[1][i % n];
            }
        }

        /** Means of proxy and outcome over one moving-block resample (blocks wrap around), into {@code out}. */
        void resampleMeans(SplittableRandom rnd, double[] out) {
            double sp = 0;
            double so = 0;
            int taken = 0;
            while (taken < n) {
                int start = rnd.nextInt(n);
                int len = Math.min(block, n - taken);
                sp += proxy[start + len] - proxy[start];
                so += outcome[start + len] - outcome[start];
                taken += len;
            }
            out[0] = sp / n;
            out[1] = so / n;
        }
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double d : v) {
            s += d / v.length;
        }
        return s;
    }
}
