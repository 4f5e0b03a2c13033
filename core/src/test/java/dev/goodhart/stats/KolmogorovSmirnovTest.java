package dev.goodhart.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.goodhart.TestData;
import java.util.Arrays;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Against R 4.2.2 {@code ks.test} ({@code reference/ks}): D to 1e-12, exact p to 1e-12, asymptotic p to 1e-6. */
class KolmogorovSmirnovTest {
    @Test
    void matchesRKsTest() {
        List<String> rows = TestData.lines("/reference/ks/ks_expected.csv");
        assertThat(rows).hasSize(5);
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",", -1);
            double[] a = TestData.column("/reference/ks/ks_" + f[0] + "_a.txt");
            double[] b = TestData.column("/reference/ks/ks_" + f[0] + "_b.txt");
            assertThat(a.length).isEqualTo(Integer.parseInt(f[1]));
            assertThat(b.length).isEqualTo(Integer.parseInt(f[2]));
            KsResult asymptotic = KolmogorovSmirnov.test(a, b, false);
            assertThat(asymptotic.d()).as("D case " + f[0]).isCloseTo(Double.parseDouble(f[3]), within(1e-12));
            // R sums the Kolmogorov series to a tolerance of 1e-6
            assertThat(asymptotic.pValue()).as("asymptotic p case " + f[0])
                    .isCloseTo(Double.parseDouble(f[5]), within(1e-6));
            if (!f[4].isEmpty()) {
                KsResult exact = KolmogorovSmirnov.test(a, b, true);
                assertThat(exact.pValue()).as("exact p case " + f[0]).isCloseTo(Double.parseDouble(f[4]), within(1e-12));
                assertThat(KolmogorovSmirnov.test(a, b)).isEqualTo(exact);
            } else {
                assertThat(KolmogorovSmirnov.test(a, b).exact()).isFalse();
            }
        }
    }

    @Property(tries = 100)
    void symmetricAndBounded(@ForAll @Size(min = 2, max = 40) List<@DoubleRange(min = -1e6, max = 1e6) Double> a,
                             @ForAll @Size(min = 2, max = 40) List<@DoubleRange(min = -1e6, max = 1e6) Double> b) {
        double[] x = a.stream().mapToDouble(Double::doubleValue).toArray();
        double[] y = b.stream().mapToDouble(Double::doubleValue).toArray();
        KsResult xy = KolmogorovSmirnov.test(x, y);
        KsResult yx = KolmogorovSmirnov.test(y, x);
        assertThat(xy.d()).isEqualTo(yx.d()).isBetween(0.0, 1.0);
        assertThat(xy.pValue()).isBetween(0.0, 1.0);
        assertThat(xy.pValue()).isCloseTo(yx.pValue(), within(1e-9));
    }

    @Test
    void identicalSamplesHaveDZeroAndPOne() {
        double[] x = {1, 2, 3, 4, 5};
        KsResult r = KolmogorovSmirnov.test(x, Arrays.copyOf(x, 5));
        assertThat(r.d()).isZero();
        assertThat(r.exact()).isTrue();
        assertThat(r.pValue()).isEqualTo(1.0);
        assertThat(KolmogorovSmirnov.test(x, Arrays.copyOf(x, 5), false).pValue()).isEqualTo(1.0);
        assertThat(KolmogorovSmirnov.test(new double[] {1, 2}, new double[] {3, 4}).toString())
                .isEqualTo("two-sample Kolmogorov-Smirnov D = 1.0000, exact p = 0.3333 (n = 2, m = 2)");
    }

    /**
     * With ties R 4.2 gives the exact p-value conditional on them (Schroer and Trenkler 1995) when n m < 10000, and
     * compares the distribution functions only after each group of tied values. R 4.2.2, {@code options(digits = 17);
     * ks.test(x, y)}: statistic and p-value. Commons Math's statistic, used before, compared inside the groups (D =
     * 0.6207 where R has 0.6026 on one such pair).
     */
    @Test
    void tiesGetRsExactConditionalPValue() {
        KsResult a = KolmogorovSmirnov.test(new double[] {1, 2, 2, 3}, new double[] {2, 3, 4, 5, 5, 6});
        assertThat(a.exact()).isTrue();
        assertThat(a.d()).isCloseTo(0.66666666666666674, within(1e-15));
        assertThat(a.pValue()).isCloseTo(0.16190476190476544, within(1e-14));
        KsResult b = KolmogorovSmirnov.test(new double[] {0, 1, 1, 2, 2, 2, 3, 5, 8},
                new double[] {1, 2, 3, 3, 4, 4, 5, 6, 7, 9, 9});
        assertThat(b.d()).isCloseTo(0.484848484848484806, within(1e-15));
        assertThat(b.pValue()).isCloseTo(0.084615384615379541, within(1e-13));
        KsResult c = KolmogorovSmirnov.test(new double[] {1, 1, 1, 2}, new double[] {1, 1, 2, 2, 2});
        assertThat(c.d()).isCloseTo(0.34999999999999998, within(1e-15));
        assertThat(c.pValue()).isCloseTo(0.52380952380952384, within(1e-14));
    }

    /**
     * A p-value far in the tail keeps its relative precision: a = 1..9 against b = 10..95 is D = 1, reached only by
     * the two orders that put one sample wholly first, so p = 2 / choose(95, 9) = 1.7021387571787372e-12. R's
     * one-minus-the-rest gives 1.7100765248301286e-12 (0.5% off), Commons Math's exact p 1.70219394e-12.
     */
    @Test
    void aTinyExactPValueKeepsItsDigits() {
        double[] a = new double[9];
        double[] b = new double[86];
        for (int i = 0; i < a.length; i++) {
            a[i] = i + 1;
        }
        for (int i = 0; i < b.length; i++) {
            b[i] = i + 10;
        }
        KsResult r = KolmogorovSmirnov.test(a, b);
        assertThat(r.d()).isEqualTo(1.0);
        assertThat(r.pValue()).isCloseTo(1.7021387571787372e-12, org.assertj.core.data.Percentage.withPercentage(1e-10));
    }

    /**
     * Large samples with the exact p-value forced: the path counts reach choose(1200, 600), beyond a double, and are
     * kept scaled. x = 0..599 and y = x + 60.5: p = 0.004029732104884787 (big-integer path count); unscaled counts
     * overflowed to infinity and gave p = 1.
     */
    @Test
    void largeSamplesKeepTheirExactPValue() {
        int n = 600;
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = i;
            y[i] = i + 0.1 * n + 0.5;
        }
        KsResult r = KolmogorovSmirnov.test(x, y, true);
        assertThat(r.d()).isCloseTo(0.10166666666666667, within(1e-15));
        assertThat(r.pValue()).isCloseTo(0.004029732104884787, org.assertj.core.data.Percentage.withPercentage(1e-9));
    }

    @Test
    void rejectsEmptyOrNonFiniteSamples() {
        assertThatThrownBy(() -> KolmogorovSmirnov.test(new double[0], new double[] {1, 2}))
                .hasMessage("a: at least 2 values are needed, found 0");
        assertThatThrownBy(() -> KolmogorovSmirnov.test(new double[] {1, 2}, new double[] {3, Double.NaN}))
                .hasMessage("b: value 2 is NaN, expected a finite number");
    }
}
