package dev.goodhart.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.goodhart.TestData;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** Correlation tests against R 4.2.2 {@code cor.test} (reference/cor_expected.csv). */
class CorrelationsTest {
    private static final double[] X = TestData.column("/reference/cor_x.txt");
    private static final double[] Y = TestData.column("/reference/cor_y.txt");
    private static final Map<String, double[]> R = expected();

    private static Map<String, double[]> expected() {
        Map<String, double[]> m = new HashMap<>();
        List<String> lines = TestData.lines("/reference/cor_expected.csv");
        for (String line : lines.subList(1, lines.size())) {
            String[] f = line.split(",", -1);
            m.put(f[0], new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                f[3].isEmpty() ? Double.NaN : Double.parseDouble(f[3]), f[4].isEmpty() ? Double.NaN : Double.parseDouble(f[4])});
        }
        return m;
    }

    /**
     * -0.0 equals 0.0, and R's ranks tie them: {@code cor.test(c(-0, 0, 1), c(2, 1, 3), method = "spearman", exact =
     * FALSE)} gives rho 0.8660254, p 0.3333333; Kendall's tau-b 0.8164966, z = sqrt(3 / 2), p 0.2206714. Ranked in
     * {@link Double#compare}'s order they had two ranks (rho 0.5, tau 0.333 beside Kendall's z of the tie). A helper's
     * randomized comparison: 302 of 313 cases with signed zeros differed. Such zeros come from rounding ({@code
     * Math.rint(-0.3)}) or a "-0" in a file.
     */
    @Test
    void aNegativeZeroTiesWithZeroAsInR() {
        double[] x = {-0.0, 0.0, 1};
        double[] y = {2, 1, 3};
        CorrelationTest s = Correlations.spearman(x, y);
        assertThat(s.estimate()).isCloseTo(Math.sqrt(3) / 2, within(1e-15));
        assertThat(s.pValue()).isCloseTo(1 / 3.0, within(1e-12));
        CorrelationTest k = Correlations.kendall(x, y);
        assertThat(k.estimate()).isCloseTo(2 / Math.sqrt(6), within(1e-15));
        assertThat(k.pValue()).isCloseTo(0.22067136191984682, within(1e-14)); // 2 pnorm(-sqrt(3 / 2))
        double[] xi = x.clone();
        double[] yi = y.clone();
        assertThat(Correlations.spearman(xi, yi, 3, new double[3]).estimate()).isEqualTo(s.estimate());
        assertThat(Correlations.spearman(new double[] {0.0, -0.0, 1}, y).estimate()).isEqualTo(s.estimate());
    }

    @Test
    void pearsonMatchesR() {
        CorrelationTest t = Correlations.pearson(X, Y);
        double[] r = R.get("pearson");
        assertThat(t.estimate()).isCloseTo(r[0], within(1e-13));
        assertThat(t.pValue()).isCloseTo(r[1], within(1e-12));
        assertThat(t.ciLow()).isCloseTo(r[2], within(1e-12));
        assertThat(t.ciHigh()).isCloseTo(r[3], within(1e-12));
        assertThat(t.n()).isEqualTo(80);
    }

    /**
     * Far from zero r keeps its digits: the reference, to 60 digits, is 0.35214023785073414 (R 0.35214023785073284);
     * scaling the raw values before centring gave 0.352140214509239 (6.6e-8 relative).
     */
    @Test
    void pearsonFarFromZeroKeepsItsDigits() {
        double[] x = {999999.9977768344, 1000000.0000900667, 1000000.0019946845};
        double[] y = {1000000.001128029, 999999.9997644956, 1000000.0020608553};
        assertThat(Correlations.pearson(x, y).estimate()).isCloseTo(0.35214023785073414, within(1e-14));
    }

    /**
     * Collinear data whose deviations are exact give exactly 1 or -1, an infinite t and p = 0, as R; not
     * 0.9999999999999999 (in general collinear data give 1 or -1 to within an ulp). Values near {@code MAX_VALUE} are
     * scaled before their deviations are taken: {MAX, -MAX, MAX} against {1, 2, 3} is r = 0, as R's {@code cor}.
     */
    @Test
    void exactlyCollinearDataGiveExactlyOne() {
        CorrelationTest down = Correlations.pearson(new double[] {0, 1, 2, 1}, new double[] {0, -1, -2, -1});
        assertThat(down.estimate()).isEqualTo(-1.0);
        assertThat(down.statistic()).isEqualTo(Double.NEGATIVE_INFINITY);
        assertThat(down.pValue()).isZero();
        double[] t = new double[47];
        double[] line = new double[47];
        for (int i = 0; i < t.length; i++) {
            t[i] = i * 0.37 + 5;
            line[i] = 3 * t[i] + 2;
        }
        assertThat(Correlations.pearson(t, line).estimate()).isCloseTo(1.0, within(1e-15));
        double m = Double.MAX_VALUE;
        assertThat(Correlations.pearson(new double[] {m, -m, m}, new double[] {1, 2, 3}).estimate())
                .isCloseTo(0.0, within(1e-15));
    }

    /**
     * With {@code exact = true} the p-values are R's defaults for small samples without ties. R 4.2.2,
     * {@code options(digits = 17); cor.test(x, y, method = "spearman")} (and {@code "kendall"}): seven and eight pairs
     * (AS 89's exact counts) and 25 pairs (its Edgeworth series; Kendall's exact distribution, R's default below 50).
     * 400 random samples of 3 to 300 pairs agreed with R to 1e-12 (2026-12-01).
     */
    @Test
    void exactSpearmanAndKendallAreRsDefaults() {
        double[] x7 = {1, 2, 3, 4, 5, 6, 7};
        double[] y7 = {2, 1, 4, 3, 7, 5, 6};
        CorrelationTest s7 = Correlations.spearman(x7, y7, true);
        assertThat(s7.estimate()).isCloseTo(0.821428571428571286, within(1e-15));
        assertThat(s7.statistic()).isCloseTo(10.000000000000008882, within(1e-12));
        assertThat(s7.pValue()).isCloseTo(0.034126984126984124, within(1e-15));
        CorrelationTest k7 = Correlations.kendall(x7, y7, true);
        assertThat(k7.statistic()).isEqualTo(17.0);
        assertThat(k7.pValue()).isCloseTo(0.069047619047619024, within(1e-15));
        double[] x8 = {3, 1, 4, 1.5, 5, 9, 2.6, 5.3};
        double[] y8 = {2.7, 1.8, 2.8, 1.9, 4.5, 9.1, 0.4, 3.3};
        assertThat(Correlations.spearman(x8, y8, true).pValue()).isCloseTo(0.0045634920634920638, within(1e-15));
        assertThat(Correlations.kendall(x8, y8, true).pValue()).isCloseTo(0.0055059523809524169, within(1e-15));
        double[] x25 = {-0.9619, -0.2925, 0.2588, -1.1521, 0.1958, 0.0301, 0.0854, 1.1166, -1.2189, 1.2674, -0.7448,
            -1.1312, -0.7164, 0.2527, 0.152, -0.3077, -0.953, -0.6482, 1.2243, 0.1998, -0.5785, -0.9423, -0.2037,
            -1.6665, -0.4845};
        double[] y25 = {-1.1258, 1.0436, 1.1156, -0.5329, -1.0585, 0.9127, 0.8859, 1.1744, 0.2489, 0.1548, 0.4076,
            0.8479, -0.2483, -0.8782, 0.8546, 0.6634, -0.6917, 1.4396, -0.3049, 0.4284, -2.4968, -0.5391, 1.0494,
            -1.1221, -1.093};
        CorrelationTest s25 = Correlations.spearman(x25, y25, true);
        assertThat(s25.statistic()).isCloseTo(1709.9999999999998, within(1e-9));
        assertThat(s25.pValue()).isCloseTo(0.094420561617568427, within(1e-14));
        CorrelationTest k25 = Correlations.kendall(x25, y25, true);
        assertThat(k25.statistic()).isEqualTo(185.0);
        assertThat(k25.pValue()).isCloseTo(0.10755605480556540, within(1e-14));
        // exact = false is the asymptotic test, as R's exact = FALSE
        assertThat(Correlations.spearman(x7, y7, false)).isEqualTo(Correlations.spearman(x7, y7));
        assertThat(Correlations.kendall(x7, y7, false)).isEqualTo(Correlations.kendall(x7, y7));
    }

    /**
     * A strong negative correlation's tail is as precise as a positive one's: 20 and 49 pairs in reverse order have
     * Kendall's p = 2 / n! (8.2206352466243297e-19 and 3.2879494166331581e-63, R 4.2.2), and reversed with one adjacent
     * pair swapped 2 (1 + 48) / 49! = 1.6110952141502476e-61. Summing that tail from the recursion's high end, where
     * its values are rounding, gave 4.1e-18, 4.7e-18 and negative p-values.
     */
    @Test
    void exactKendallIsPreciseForNegativeCorrelation() {
        for (int n : new int[] {20, 49}) {
            double[] up = new double[n];
            double[] down = new double[n];
            for (int i = 0; i < n; i++) {
                up[i] = i + 1;
                down[i] = n - i;
            }
            double expected = n == 20 ? 8.2206352466243297e-19 : 3.2879494166331581e-63;
            assertThat(Correlations.kendall(up, down, true).pValue())
                    .isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(1e-10));
            assertThat(Correlations.kendall(up, up, true).pValue())
                    .isCloseTo(expected, org.assertj.core.data.Percentage.withPercentage(1e-10));
            if (n == 49) {
                double t = down[0];
                down[0] = down[1];
                down[1] = t;
                assertThat(Correlations.kendall(up, down, true).pValue())
                        .isCloseTo(1.6110952141502476e-61, org.assertj.core.data.Percentage.withPercentage(1e-10));
            }
        }
    }

    /**
     * The exact tests' p-values are in [0, 1] and two-sided: unchanged by swapping the samples, by reversing both, and
     * by negating one (which turns the correlation's sign and so reads the other tail).
     */
    @Property(tries = 300)
    void exactPValuesAreSymmetricAndBounded(@ForAll @IntRange(min = 3, max = 40) int n,
                                            @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        double[] x = new double[n];
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            x[i] = r.nextGaussian();
            y[i] = 0.5 * x[i] + r.nextGaussian();
        }
        double[] rx = new double[n];
        double[] ry = new double[n];
        for (int i = 0; i < n; i++) {
            rx[i] = -x[i];
            ry[i] = -y[i];
        }
        for (boolean spearman : new boolean[] {true, false}) {
            double p = spearman ? Correlations.spearman(x, y, true).pValue() : Correlations.kendall(x, y, true).pValue();
            double swapped = spearman ? Correlations.spearman(y, x, true).pValue()
                    : Correlations.kendall(y, x, true).pValue();
            double reversed = spearman ? Correlations.spearman(rx, ry, true).pValue()
                    : Correlations.kendall(rx, ry, true).pValue();
            double negated = spearman ? Correlations.spearman(x, ry, true).pValue()
                    : Correlations.kendall(x, ry, true).pValue();
            assertThat(p).isBetween(0.0, 1.0).isCloseTo(swapped, within(1e-12)).isCloseTo(reversed, within(1e-12));
            assertThat(negated).as("the other tail").isCloseTo(p, org.assertj.core.data.Percentage.withPercentage(1e-7));
        }
    }

    @Test
    void spearmanMatchesR() {
        CorrelationTest t = Correlations.spearman(X, Y);
        double[] r = R.get("spearman");
        assertThat(t.estimate()).isCloseTo(r[0], within(1e-12));
        assertThat(t.pValue()).isCloseTo(r[1], within(1e-10));
        assertThat(t.ciLow()).isNaN();
    }

    @Test
    void kendallMatchesR() {
        CorrelationTest t = Correlations.kendall(X, Y);
        double[] r = R.get("kendall");
        assertThat(t.estimate()).isCloseTo(r[0], within(1e-12));
        assertThat(t.pValue()).isCloseTo(r[1], within(1e-10));
    }

    @Test
    void pairsWithMissingValuesAreDropped() {
        double[] x = {1, 2, Double.NaN, 4, 5, 6};
        double[] y = {2, 1, 3, Double.NaN, 7, 8};
        CorrelationTest t = Correlations.pearson(x, y);
        assertThat(t.n()).isEqualTo(4);
        assertThat(t.estimate()).isCloseTo(
                Correlations.pearson(new double[] {1, 2, 5, 6}, new double[] {2, 1, 7, 8}).estimate(), within(0.0));
    }

    @Test
    void pearsonIsInvariantToPositiveAffineMaps() {
        double[] x2 = new double[X.length];
        for (int i = 0; i < X.length; i++) {
            x2[i] = 1e6 + 3.5 * X[i];
        }
        assertThat(Correlations.pearson(x2, Y).estimate()).isCloseTo(Correlations.pearson(X, Y).estimate(), within(1e-9));
    }

    @Test
    void badInputIsRejectedWithAReason() {
        assertThatThrownBy(() -> Correlations.pearson(new double[] {1, 2, 3}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("differ in length");
        assertThatThrownBy(() -> Correlations.pearson(new double[] {1, 1, 1, 1}, new double[] {1, 2, 3, 4}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("constant");
        assertThatThrownBy(() -> Correlations.pearson(new double[] {1, 2}, new double[] {1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 3");
        assertThatThrownBy(() -> Correlations.spearman(new double[] {1, 2, Double.POSITIVE_INFINITY},
                new double[] {1, 2, 3})).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("infinite");
    }

    @Test
    void toStringReadsWell() {
        assertThat(Correlations.pearson(X, Y).toString()).startsWith("pearson r = 0.2619 (n = 80, p = 0.0189, 95% CI [0.045, 0.455])");
    }
}
