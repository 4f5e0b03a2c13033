package dev.goodhart.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.Random;
import org.apache.commons.math3.exception.NotANumberException;
import org.apache.commons.math3.stat.ranking.NaturalRanking;
import org.junit.jupiter.api.Test;

/**
 * The in-place statistics (selection, ranks, Spearman on the caller's arrays) give the copying ones' numbers to the
 * last digit: ties, signed zeros, infinities and (where allowed) NaN included.
 */
class InPlaceStatisticsTest {
    private static double[] draw(Random random, int n, int kind) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = switch (kind) {
                case 0 -> random.nextGaussian();
                case 1 -> Math.round(random.nextGaussian() * 3) / 4.0;
                case 2 -> random.nextInt(3) == 0 ? -0.0 : random.nextInt(2) * 0.0;
                case 3 -> i; // sorted
                case 4 -> n - i; // sorted descending
                default -> random.nextInt(50) == 0 ? Double.NEGATIVE_INFINITY : random.nextInt(50) == 0
                        ? Double.POSITIVE_INFINITY : random.nextGaussian() * 1e300;
            };
        }
        return v;
    }

    @Test
    void quantileInPlaceIsQuantile() {
        Random random = new Random(1);
        double[] ps = {0, 0.1, 0.25, 0.5, 0.66, 0.9, 1};
        for (int t = 0; t < 600; t++) {
            int n = 1 + random.nextInt(t < 500 ? 60 : 20_000);
            double[] v = draw(random, n, t % 6);
            for (double p : ps) {
                double[] padded = new double[n + 5];
                Arrays.fill(padded, 99);
                System.arraycopy(v, 0, padded, 3, n);
                double expected = Descriptive.quantile(v, p);
                double got = Descriptive.quantileInPlace(padded, 3, 3 + n, p);
                assertThat(Double.doubleToRawLongBits(got)).as("t %d, n %d, p %s", t, n, p)
                        .isEqualTo(Double.doubleToRawLongBits(expected));
                assertThat(padded[0]).isEqualTo(99);
                assertThat(padded[n + 4]).isEqualTo(99);
                double[] inside = Arrays.copyOfRange(padded, 3, 3 + n);
                double[] sorted = v.clone();
                Arrays.sort(sorted);
                Arrays.sort(inside);
                assertThat(inside).isEqualTo(sorted); // reordered, nothing lost
            }
        }
        assertThat(Descriptive.medianInPlace(new double[] {1, Double.NaN, 3}, 0, 3)).isEqualTo(Descriptive.median(new double[] {1, Double.NaN, 3}));
        assertThat(Descriptive.medianInPlace(new double[0], 0, 0)).isNaN();
        assertThatThrownBy(() -> Descriptive.quantileInPlace(new double[2], 0, 2, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sortIsArraysSort() {
        Random random = new Random(2);
        for (int t = 0; t < 300; t++) {
            double[] v = draw(random, random.nextInt(3000), t % 6);
            double[] expected = v.clone();
            Arrays.sort(expected);
            Ranks.sort(v, 0, v.length);
            assertThat(v).isEqualTo(expected);
        }
    }

    @Test
    void ranksAreNaturalRanking() {
        Random random = new Random(3);
        for (int t = 0; t < 300; t++) {
            int n = 1 + random.nextInt(3000);
            double[] v = draw(random, n, t % 6);
            double[] expected = new NaturalRanking().rank(v);
            double[] got = Arrays.copyOf(v, n + 2);
            Ranks.averageInPlace(got, n, new double[n]);
            for (int i = 0; i < n; i++) {
                assertThat(Double.doubleToRawLongBits(got[i])).isEqualTo(Double.doubleToRawLongBits(expected[i]));
            }
        }
        assertThatThrownBy(() -> Ranks.averageInPlace(new double[] {1, Double.NaN}, 2, new double[2]))
                .isInstanceOf(NotANumberException.class);
        assertThatThrownBy(() -> Ranks.averageRank(new double[] {1, 2}, 2, 1.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void spearmanInPlaceIsSpearman() {
        Random random = new Random(4);
        for (int t = 0; t < 400; t++) {
            int n = 3 + random.nextInt(t < 300 ? 200 : 20_000);
            int kind = t % 3;
            double[] x = draw(random, n, kind);
            double[] y = draw(random, n, (t / 3) % 3);
            if (t % 7 == 0) {
                y = x.clone(); // rho = 1
            }
            if (t % 11 == 0) {
                x[random.nextInt(n)] = Double.NaN; // the copying path
            }
            CorrelationTest expected;
            try {
                expected = Correlations.spearman(x, y);
            } catch (IllegalArgumentException e) {
                double[] xs = Arrays.copyOf(x, n + 1);
                double[] ys = Arrays.copyOf(y, n + 3);
                assertThatThrownBy(() -> Correlations.spearman(xs, ys, n, new double[n]))
                        .isInstanceOf(IllegalArgumentException.class).hasMessage(e.getMessage());
                continue;
            }
            CorrelationTest got = Correlations.spearman(Arrays.copyOf(x, n + 1), Arrays.copyOf(y, n + 3), n, new double[n]);
            assertThat(got).as("t %d", t).isEqualTo(expected);
        }
    }
}
