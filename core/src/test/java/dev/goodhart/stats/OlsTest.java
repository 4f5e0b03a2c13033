package dev.goodhart.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.goodhart.TestData;
import java.util.List;
import org.junit.jupiter.api.Test;

/** OLS against the NIST StRD certified values for Longley (as printed by R 4.2.2's {@code lm}). */
class OlsTest {

    @Test
    void longleyMatchesNistCertifiedValues() {
        List<String> rows = TestData.lines("/reference/longley.csv");
        int n = rows.size() - 1;
        double[] y = new double[n];
        double[][] x = new double[n][6];
        for (int i = 0; i < n; i++) {
            String[] f = rows.get(i + 1).split(",");
            for (int j = 0; j < 6; j++) {
                x[i][j] = Double.parseDouble(f[j]);
            }
            y[i] = Double.parseDouble(f[6]);
        }
        OlsResult fit = Ols.fit(y, x, "GNP.deflator", "GNP", "Unemployed", "Armed.Forces", "Population", "Year");
        List<String> expected = TestData.lines("/reference/longley_ols_expected.csv");
        for (int k = 0; k < 7; k++) {
            String[] f = expected.get(k + 1).split(",");
            double est = Double.parseDouble(f[1]);
            double se = Double.parseDouble(f[2]);
            assertThat(fit.terms().get(k)).isEqualTo(f[0]);
            // NIST certifies 15 significant digits; Longley is ill-conditioned, so we ask for 1e-9 relative.
            assertThat(fit.coefficient(k)).as(f[0]).isCloseTo(est, within(Math.abs(est) * 1e-9));
            assertThat(fit.standardError(k)).as(f[0] + " se").isCloseTo(se, within(Math.abs(se) * 1e-9));
        }
        assertThat(fit.rSquared()).isCloseTo(0.995479004577296, within(1e-12)); // NIST certified R-squared
        // NIST certifies RSS 836424.055505915 for Employed in persons; R's longley has it in thousands.
        assertThat(fit.residualSumOfSquares()).isCloseTo(0.836424055505915, within(1e-9));
        assertThat(fit.degreesOfFreedom()).isEqualTo(9);
    }

    /**
     * R² of a weak fit far from zero keeps its digits: y = 1e6 + ((7t mod 11) - 5) 1e-3 + 1e-5 t on t = 1..20, whose
     * exact R² (rational arithmetic on the doubles) is 0.001396823894143365. As 1 - rss / tss on y as given it was off
     * by 8.7e-6 relative; with y centred first and R's mss / (mss + rss) from Q'y, by 2.9e-15.
     */
    @Test
    void rSquaredOfAWeakFitFarFromZeroIsPrecise() {
        int n = 20;
        double[] y = new double[n];
        double[][] x = new double[n][1];
        for (int t = 1; t <= n; t++) {
            x[t - 1][0] = t;
            y[t - 1] = 1e6 + ((7 * t % 11) - 5) * 1e-3 + 1e-5 * t;
        }
        assertThat(Ols.fit(y, x, "t").rSquared()).isCloseTo(0.001396823894143365,
                org.assertj.core.data.Percentage.withPercentage(1e-10));
    }

    @Test
    void rejectsCollinearAndShortInput() {
        double[] y = {1, 2, 3, 4, 5};
        double[][] collinear = {{1, 2}, {2, 4}, {3, 6}, {4, 8}, {5, 10}};
        assertThatThrownBy(() -> Ols.fit(y, collinear, "a", "b"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("collinear");
        assertThatThrownBy(() -> Ols.fit(new double[] {1, 2}, new double[][] {{1}, {2}}, "a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 2 observations");
        assertThatThrownBy(() -> Ols.fit(new double[] {1, 2, Double.NaN, 4}, new double[][] {{1}, {2}, {3}, {5}}, "a"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 2");
    }
}
