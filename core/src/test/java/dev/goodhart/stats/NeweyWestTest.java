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
        List<String> rows = TestData.lines("/reference/its_series.csv");
        int n = rows.size() - 1;
        double[] y = new double[n];
        double[][] x = new double[n][3];
        for (int i = 0; i < n; i++) {
            String[] f = rows.get(i + 1).split(",");
            y[i] = Double.parseDouble(f[0]);
            for (int j = 0; j < 3; j++) {
                x[i][j] = Double.parseDouble(f[j + 1]);
            }
        }
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
