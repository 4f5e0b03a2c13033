package dev.goodhart.stats;

import java.util.Objects;
import java.util.Locale;

/**
 * The result of a correlation test, as R's {@code cor.test} reports it.
 *
 * @param method    "pearson", "spearman" or "kendall"
 * @param estimate  the correlation coefficient in [-1, 1]
 * @param n         number of complete pairs used
 * @param statistic the test statistic: t for Pearson and Spearman, z for Kendall; with an exact p-value, R's S for
 *                  Spearman and T (concordant pairs) for Kendall
 * @param pValue    two-sided p-value for zero correlation
 * @param ciLow     lower end of the 95% confidence interval (Pearson only; NaN otherwise)
 * @param ciHigh    upper end of the 95% confidence interval (Pearson only; NaN otherwise)
 */
public record CorrelationTest(String method, double estimate, int n, double statistic, double pValue,
        double ciLow, double ciHigh) {

    /** Checks the method's name is given. */
    public CorrelationTest {
        Objects.requireNonNull(method, "method");
    }

    @Override
    public String toString() {
        String ci = Double.isNaN(ciLow) ? "" : String.format(Locale.ROOT, ", 95%% CI [%.3f, %.3f]", ciLow, ciHigh);
        return String.format(Locale.ROOT, "%s r = %.4f (n = %d, p = %.3g%s)", method, estimate, n, pValue, ci);
    }
}
