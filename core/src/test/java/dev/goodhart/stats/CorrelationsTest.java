package dev.goodhart.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.goodhart.TestData;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
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

    /** Exactly collinear data give exactly 1 or -1, an infinite t and p = 0, as R; not 0.9999999999999999. */
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
