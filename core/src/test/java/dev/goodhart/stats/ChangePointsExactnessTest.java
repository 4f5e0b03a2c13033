package dev.goodhart.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.goodhart.stats.ChangePoints.Cost;
import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * PELT is exact: its segmentation is optimal under its own objective. Checked against an exhaustive optimal
 * partitioning (Jackson et al. 2005) with the costs computed independently (two-pass means and variances, R's floor of
 * 1e-11 for a variance that is not positive), on small series full of ties, constants and outliers, where running sums
 * used to leave constant segments a variance of rounding noise. With the BIC penalty: PELT's pruning (K = 0, as R's)
 * is exact for these costs; with MBIC, which adds log(length) per segment, R's pruning itself can miss the optimum
 * (R's {@code cpt.mean} on {@code daily_tokens_365}: 193 at objective 55.02, where 180 gives 51.50), and Goodhart
 * keeps R's positions.
 */
class ChangePointsExactnessTest {
    private static final double TINY = 1e-11;
    private static final double LOG_2PI = Math.log(2 * Math.PI);

    /** R changepoint 2.3: {@code cpt.meanvar(c(rep(0, 29), 5), method = "PELT")} gives one change, at 28. */
    @Test
    void aRunOfZerosThenAnOutlierHasOneChangeAsInR() {
        assertThat(ChangePoints.pelt(zerosThen(29), Cost.MEAN_VAR).positions()).containsExactly(28);
        assertThat(ChangePoints.pelt(zerosThen(99), Cost.MEAN_VAR).positions()).containsExactly(98);
    }

    private static double[] zerosThen(int zeros) {
        double[] x = new double[zeros + 1];
        x[zeros] = 5;
        return x;
    }

    @Property(tries = 3000)
    void peltMeanAndVarianceIsOptimal(@ForAll("series") double[] x) {
        assertOptimal(x, Cost.MEAN_VAR, 2);
    }

    @Property(tries = 2000)
    void peltMeanIsOptimal(@ForAll("series") double[] x) {
        assertOptimal(x, Cost.MEAN, 1);
    }

    private static void assertOptimal(double[] x, Cost cost, int minSegment) {
        ChangePointResult r = ChangePoints.pelt(x, cost, ChangePoints.Penalty.bic(), minSegment);
        double pen = r.penalty();
        double best = exhaustive(x, cost, minSegment, pen);
        double pelt = objective(x, cost, r.positions(), pen);
        assertThat(pelt).as("PELT %s on %s", Arrays.toString(r.positions()), Arrays.toString(x))
                .isCloseTo(best, within(1e-7 * Math.max(1, Math.abs(best))));
    }

    /** Optimal partitioning: F(t) = min over s of F(s) + C(s, t) + pen, F(0) = -pen; every segment at least m long. */
    private static double exhaustive(double[] x, Cost cost, int m, double pen) {
        int n = x.length;
        double[] f = new double[n + 1];
        Arrays.fill(f, Double.POSITIVE_INFINITY);
        f[0] = -pen;
        for (int t = m; t <= n; t++) {
            for (int s = 0; s <= t - m; s++) {
                if (s != 0 && s < m) {
                    continue;
                }
                if (Double.isFinite(f[s])) {
                    f[t] = Math.min(f[t], f[s] + segmentCost(x, cost, s, t) + pen);
                }
            }
        }
        return f[n];
    }

    private static double objective(double[] x, Cost cost, int[] positions, double pen) {
        double total = 0;
        int from = 0;
        for (int p : positions) {
            total += segmentCost(x, cost, from, p) + pen;
            from = p;
        }
        return total + segmentCost(x, cost, from, x.length);
    }

    /** The cost of observations {@code from .. to - 1} (no MBIC segment term: the BIC penalty). */
    private static double segmentCost(double[] x, Cost cost, int from, int to) {
        int len = to - from;
        double mean = 0;
        for (int i = from; i < to; i++) {
            mean += x[i];
        }
        mean /= len;
        double ss = 0;
        boolean constant = true;
        for (int i = from; i < to; i++) {
            ss += (x[i] - mean) * (x[i] - mean);
            constant &= x[i] == x[from];
        }
        if (constant) {
            ss = 0; // identical values have no spread (a two-pass mean of 0.1s is not exactly 0.1)
        }
        double c;
        if (cost == Cost.MEAN) {
            c = ss;
        } else {
            double sigsq = ss / len;
            c = len * (LOG_2PI + Math.log(sigsq > 0 ? sigsq : TINY) + 1);
        }
        return c;
    }

    @Provide
    Arbitrary<double[]> series() {
        Arbitrary<double[]> ties = Arbitraries.integers().between(-3, 3).map(i -> (double) i)
                .array(double[].class).ofMinSize(4).ofMaxSize(40);
        Arbitrary<double[]> runs = Arbitraries.integers().between(0, 2).map(i -> (double) i).array(double[].class)
                .ofMinSize(2).ofMaxSize(8).flatMap(levels -> Arbitraries.integers().between(1, 8)
                        .array(int[].class).ofSize(levels.length).map(lengths -> {
                            double[] out = new double[Arrays.stream(lengths).sum()];
                            int k = 0;
                            for (int i = 0; i < levels.length; i++) {
                                for (int j = 0; j < lengths[i]; j++) {
                                    out[k++] = levels[i] * 0.1;
                                }
                            }
                            return out;
                        })).filter(a -> a.length >= 4 && a.length <= 40);
        Arbitrary<double[]> outlier = Arbitraries.integers().between(4, 40).flatMap(n -> Arbitraries.integers()
                .between(0, n - 1).flatMap(at -> Arbitraries.doubles().between(-1e3, 1e3).map(v -> {
                    double[] out = new double[n];
                    Arrays.fill(out, 7);
                    out[at] = v;
                    return out;
                })));
        return Arbitraries.oneOf(ties, runs, outlier);
    }
}
