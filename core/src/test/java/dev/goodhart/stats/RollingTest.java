package dev.goodhart.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Arrays;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Rolling correlations equal the direct computation on every window. */
class RollingTest {
    private static double[][] series(long seed, int n, boolean ties, double mean) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = mean + r.nextGaussian();
            y[i] = 0.6 * (x[i] - mean) + 0.8 * r.nextGaussian();
            if (ties) {
                x[i] = Math.round(x[i] * 2) / 2.0;
                y[i] = Math.round(y[i] * 2) / 2.0;
            }
        }
        return new double[][] {x, y};
    }

    @Property(tries = 60)
    void equalsTheDirectComputationOnEveryWindow(@ForAll @LongRange(min = 0, max = 10_000) long seed,
            @ForAll @IntRange(min = 3, max = 40) int window, @ForAll boolean ties) {
        double[][] s = series(seed, 150, ties, 0);
        double[] p = Rolling.pearson(s[0], s[1], window);
        double[] sp = Rolling.spearman(s[0], s[1], window);
        for (int i = 0; i < s[0].length; i++) {
            if (i < window - 1) {
                assertThat(p[i]).isNaN();
                assertThat(sp[i]).isNaN();
                continue;
            }
            double[] wx = Arrays.copyOfRange(s[0], i - window + 1, i + 1);
            double[] wy = Arrays.copyOfRange(s[1], i - window + 1, i + 1);
            boolean constant = Arrays.stream(wx).distinct().count() < 2 || Arrays.stream(wy).distinct().count() < 2;
            if (constant) {
                assertThat(p[i]).isNaN();
                assertThat(sp[i]).isNaN();
                continue;
            }
            assertThat(p[i]).as("pearson at " + i).isCloseTo(Correlations.pearsonEstimate(wx, wy), within(1e-9));
            assertThat(sp[i]).as("spearman at " + i).isCloseTo(Correlations.spearman(wx, wy).estimate(), within(1e-12));
        }
    }

    @Test
    void pearsonStaysAccurateFarFromZeroOverLongSeries() {
        double[][] s = series(3, 200_000, false, 1e7);
        double[] p = Rolling.pearson(s[0], s[1], 30);
        for (int i = 199_000; i < 200_000; i += 97) {
            double[] wx = Arrays.copyOfRange(s[0], i - 29, i + 1);
            double[] wy = Arrays.copyOfRange(s[1], i - 29, i + 1);
            assertThat(p[i]).isCloseTo(Correlations.pearsonEstimate(wx, wy), within(1e-6));
        }
    }

    /**
     * A window in which a series is constant is NaN (three values of 0.1 average 0.10000000000000002, which left every
     * deviation -1.4e-17 and a correlation of 0 before); after values of large deviation leave the window, its
     * correlation is its own (0.5 here, 0.50228 before, from rounding of the size of 1e4 kept in the sums). R's
     * {@code cor} window by window gives NA, -0.866, 0.5 and 0.5.
     */
    @Test
    void constantWindowsAreNaNAndLargeValuesLeaveNoRounding() {
        double[] constant = Rolling.pearson(new double[] {1, 2, 3, 4}, new double[] {5, 0.1, 0.1, 0.1}, 3);
        assertThat(constant[2]).isCloseTo(-0.8660254037844386, within(1e-12));
        assertThat(constant[3]).isNaN();
        double[] spike = Rolling.pearson(new double[] {1, 2, 3, 4, 5, 6},
                new double[] {1e4, -1e4, 0.001, 0.003, 0.002, 0.004}, 3);
        assertThat(spike[4]).isCloseTo(0.5, within(1e-12));
        assertThat(spike[5]).isCloseTo(0.5, within(1e-12));
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> Rolling.pearson(new double[3], new double[4], 3)).hasMessageContaining("x has 3");
        assertThatThrownBy(() -> Rolling.spearman(new double[5], new double[5], 2)).hasMessageStartingWith("window:");
        assertThatThrownBy(() -> Rolling.pearson(new double[] {1, Double.NaN, 3}, new double[3], 3))
                .hasMessageStartingWith("value 2 is not finite");
    }
}
