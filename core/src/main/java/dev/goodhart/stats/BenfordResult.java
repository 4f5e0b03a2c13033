package dev.goodhart.stats;

import java.util.Objects;
import java.util.Arrays;
import java.util.Locale;

/**
 * A first-digit (Benford) test: observed counts of leading digits 1-9 against Benford's law
 * {@code P(d) = log10(1 + 1/d)}.
 *
 * @param n          number of values with a leading digit (zeros and non-finite values are not counted)
 * @param counts     observed count of each leading digit 1..9 (index 0 is digit 1)
 * @param chiSquare  Pearson's chi-square statistic with 8 degrees of freedom
 * @param pValue     upper-tail p-value of the chi-square statistic
 * @param mad        mean absolute deviation between observed and expected proportions (Nigrini 2012)
 */
public record BenfordResult(int n, long[] counts, double chiSquare, double pValue, double mad) {

    /** Copies the counts. */
    public BenfordResult {
        Objects.requireNonNull(counts, "counts");
        counts = counts.clone();
        if (counts.length != 9) {
            throw new IllegalArgumentException("benford: 9 digit counts expected, found " + counts.length);
        }
    }

    @Override
    public long[] counts() {
        return counts.clone();
    }

    /**
     * Nigrini's (2012) first-digit conformity class for the MAD: "close" (at most 0.006), "acceptable" (0.012),
     * "marginal" (0.015) or "nonconformity".
     */
    public String conformity() {
        return mad <= 0.006 ? "close" : mad <= 0.012 ? "acceptable" : mad <= 0.015 ? "marginal" : "nonconformity";
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof BenfordResult b && n == b.n && Arrays.equals(counts, b.counts) && chiSquare == b.chiSquare
                && pValue == b.pValue && mad == b.mad;
    }

    @Override
    public int hashCode() {
        return 31 * n + Arrays.hashCode(counts);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "Benford first digit: n = %d, chi-square = %.3f (df 8, p = %.3g), MAD = %.4f (%s)",
                n, chiSquare, pValue, mad, conformity());
    }
}
