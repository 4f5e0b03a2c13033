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

    @Test
    void lagRuleAndValidation() {
        assertThat(Ols.neweyWestLag(100)).isEqualTo(4);
        assertThat(Ols.neweyWestLag(365)).isEqualTo(5);
        assertThatThrownBy(() -> Ols.fitNeweyWest(new double[] {1, 2, 3, 4}, new double[][] {{1}, {2}, {3}, {5}}, -1, "a"))
                .hasMessageContaining("lag must be 0 or more");
    }
}
