package dev.goodhart.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.goodhart.TestData;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Segmented regression with Newey-West errors against R's lm and sandwich::NeweyWest (its_neweywest_expected.csv). */
class NeweyWestTest {

    @Test
    void matchesSandwichNeweyWest() {
        double[] y = referenceY();
        double[][] x = referenceDesign();
        OlsResult ols = Ols.fit(y, x, "t", "step", "ramp");
        OlsResult nw = Ols.fitNeweyWest(y, x, 4, "t", "step", "ramp");
        List<String> expected = TestData.lines("/reference/its_neweywest_expected.csv");
        for (int k = 0; k < 4; k++) {
            String[] f = expected.get(k + 1).split(",");
            assertThat(ols.coefficient(k)).as(f[0]).isCloseTo(Double.parseDouble(f[1]), within(1e-12));
            assertThat(nw.coefficient(k)).as(f[0]).isCloseTo(Double.parseDouble(f[1]), within(1e-12));
            assertThat(ols.standardError(k)).as(f[0] + " ols se").isCloseTo(Double.parseDouble(f[2]), within(1e-12));
            assertThat(nw.standardError(k)).as(f[0] + " nw se").isCloseTo(Double.parseDouble(f[3]), within(1e-12));
            double[] unit = new double[4];
            unit[k] = 1;
            assertThat(nw.standardErrorOf(unit)).isCloseTo(nw.standardError(k), within(1e-15));
            assertThat(ols.standardErrorOf(unit)).isCloseTo(ols.standardError(k), within(1e-12));
        }
    }

    /**
     * A regressor with an offset of 1e6: n = 20, t = 1..20, x1 = 1e6 + (7t mod 11), x2 = t,
     * y = (13t mod 17) + (t mod 3), lag 2. Exact standard errors (rational arithmetic, as the issue reports them; R's
     * sandwich loses 4-5 digits here): 321808.94034380176, 0.32180745583055562, 0.12915774648975867. At least 9
     * significant digits are required, and the slope errors must not depend on the offset.
     */
    @Test
    void standardErrorsKeepTheirDigitsWhenARegressorHasALargeOffset() {
        double[] exact = {321808.94034380176, 0.32180745583055562, 0.12915774648975867};
        OlsResult nw = Ols.fitNeweyWest(offsetY(), offsetDesign(1e6), 2, "x1", "x2");
        for (int k = 0; k < 3; k++) {
            double relative = Math.abs(nw.standardError(k) - exact[k]) / exact[k];
            assertThat(relative).as("relative error of se[" + k + "]: " + nw.standardError(k)).isLessThan(1e-9);
        }
        OlsResult centred = Ols.fitNeweyWest(offsetY(), offsetDesign(0), 2, "x1", "x2");
        for (int k = 1; k < 3; k++) {
            assertThat(nw.standardError(k)).isCloseTo(centred.standardError(k), within(1e-9 * centred.standardError(k)));
        }
        double[][] cov = nw.covariance();
        for (int a = 0; a < 3; a++) {
            for (int b = 0; b < 3; b++) {
                assertThat(cov[a][b]).isEqualTo(cov[b][a]);
            }
        }
    }

    /**
     * The Newey-West error of one combination of coefficients, computed on one projected series, is the full
     * covariance's {@code sqrt(w' V w)} up to rounding: against R's sandwich on the reference series (each
     * coefficient, and step plus ramp), and on random designs with an offset of up to 1e6 in a column, every lag.
     */
    @Test
    void oneCombinationMatchesTheFullCovariance() {
        double[] y = referenceY();
        double[][] x = referenceDesign();
        Ols.Design design = Ols.design(x, "t", "step", "ramp");
        List<String> expected = TestData.lines("/reference/its_neweywest_expected.csv");
        for (int k = 0; k < 4; k++) {
            double[] unit = new double[4];
            unit[k] = 1;
            Ols.Design.Combination c = design.fitNeweyWest(y, 4, unit);
            String[] f = expected.get(k + 1).split(",");
            assertThat(c.estimate()).as(f[0]).isEqualTo(c.fit().coefficient(k));
            assertThat(c.estimate()).as(f[0]).isCloseTo(Double.parseDouble(f[1]), within(1e-12));
            assertThat(c.standardError()).as(f[0] + " nw se").isCloseTo(Double.parseDouble(f[3]), within(1e-12));
            assertThat(c.fit().standardError(k)).as(f[0] + " ols se").isCloseTo(Double.parseDouble(f[2]), within(1e-12));
        }
        double[] stepAndRamp = {0, 0, 1, 1};
        assertThat(design.fitNeweyWest(y, 4, stepAndRamp).standardError())
                .isCloseTo(design.fitNeweyWest(y, 4).standardErrorOf(stepAndRamp), within(1e-13));
    }

    @net.jqwik.api.Property(tries = 200)
    void oneCombinationMatchesTheFullCovarianceOnRandomDesigns(
            @net.jqwik.api.ForAll @net.jqwik.api.constraints.IntRange(min = 8, max = 300) int n,
            @net.jqwik.api.ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 12) int lag,
            @net.jqwik.api.ForAll @net.jqwik.api.constraints.IntRange(min = 0, max = 6) int offsetPower,
            @net.jqwik.api.ForAll long seed) {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
        double offset = Math.pow(10, offsetPower);
        double[] y = new double[n];
        double[][] x = new double[n][3];
        double e = 0;
        for (int t = 0; t < n; t++) {
            x[t][0] = offset + t;
            x[t][1] = t >= n / 2 ? 1 : 0;
            x[t][2] = rnd.nextGaussian();
            e = 0.6 * e + rnd.nextGaussian();
            y[t] = 3 + 0.01 * t + 0.5 * x[t][1] + 0.2 * x[t][2] + e;
        }
        double[] w = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
        Ols.Design design = Ols.design(x, "t", "step", "noise");
        double full = design.fitNeweyWest(y, lag).standardErrorOf(w);
        Ols.Design.Combination one = design.fitNeweyWest(y, lag, w);
        assertThat(one.standardError()).isCloseTo(full, within(1e-9 * full + 1e-300));
        double estimate = 0;
        for (int a = 0; a < 4; a++) {
            estimate += w[a] * one.fit().coefficient(a);
        }
        assertThat(one.estimate()).isEqualTo(estimate);
    }

    @Test
    void oneCombinationRefusesBadWeights() {
        Ols.Design design = Ols.design(offsetDesign(0), "x1", "x2");
        assertThatThrownBy(() -> design.fitNeweyWest(offsetY(), 2, 1, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("3 weights expected, found 2");
        assertThatThrownBy(() -> design.fitNeweyWest(offsetY(), 2, 0, Double.NaN, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("finite");
        assertThatThrownBy(() -> design.fitNeweyWest(offsetY(), -1, 0, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("lag");
    }

    /** The reference series' response (its_series.csv: y, t, step, ramp; the data R was run on). */
    private static double[] referenceY() {
        List<String> rows = TestData.lines("/reference/its_series.csv");
        double[] y = new double[rows.size() - 1];
        for (int i = 0; i < y.length; i++) {
            y[i] = Double.parseDouble(rows.get(i + 1).split(",")[0]);
        }
        return y;
    }

    /** The reference series' predictors t, step and ramp. */
    private static double[][] referenceDesign() {
        List<String> rows = TestData.lines("/reference/its_series.csv");
        double[][] x = new double[rows.size() - 1][3];
        for (int i = 0; i < x.length; i++) {
            String[] f = rows.get(i + 1).split(",");
            for (int j = 0; j < 3; j++) {
                x[i][j] = Double.parseDouble(f[j + 1]);
            }
        }
        return x;
    }

    private static double[] offsetY() {
        double[] y = new double[20];
        for (int t = 1; t <= 20; t++) {
            y[t - 1] = (13 * t) % 17 + t % 3;
        }
        return y;
    }

    private static double[][] offsetDesign(double offset) {
        double[][] x = new double[20][2];
        for (int t = 1; t <= 20; t++) {
            x[t - 1][0] = offset + (7 * t) % 11;
            x[t - 1][1] = t;
        }
        return x;
    }

    @Test
    void lagRuleAndValidation() {
        assertThat(Ols.neweyWestLag(100)).isEqualTo(4);
        assertThat(Ols.neweyWestLag(365)).isEqualTo(5);
        assertThatThrownBy(() -> Ols.fitNeweyWest(new double[] {1, 2, 3, 4}, new double[][] {{1}, {2}, {3}, {5}}, -1, "a"))
                .hasMessageContaining("lag must be 0 or more");
    }
}
