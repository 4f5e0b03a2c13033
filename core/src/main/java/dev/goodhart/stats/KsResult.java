package dev.goodhart.stats;

import java.util.Locale;

/**
 * The result of a two-sample Kolmogorov-Smirnov test.
 *
 * @param d      the statistic: the largest distance between the two empirical distribution functions, in [0, 1]
 * @param pValue the two-sided p-value
 * @param n      size of the first sample
 * @param m      size of the second sample
 * @param exact  whether the p-value is exact (else asymptotic)
 */
public record KsResult(double d, double pValue, int n, int m, boolean exact) {
    @Override
    public String toString() {
        return String.format(Locale.ROOT, "two-sample Kolmogorov-Smirnov D = %.4f, %s p = %.4g (n = %d, m = %d)", d,
                exact ? "exact" : "asymptotic", pValue, n, m);
    }
}
