package dev.goodhart.stats;

import java.util.Arrays;
import java.util.Objects;

/** Multiple-testing corrections: adjusted p-values for a family of tests. */
public final class MultipleTesting {
    private MultipleTesting() {
    }

    /**
     * Benjamini-Hochberg adjusted p-values (false-discovery rate), as R's {@code p.adjust(p, "BH")}:
     * {@code q_(i) = min_{j >= i} p_(j) m / j}, capped at 1, returned in the input order. Rejecting every test whose
     * q-value is below {@code alpha} controls the false-discovery rate at {@code alpha} for independent or positively
     * dependent tests (Benjamini and Hochberg 1995).
     *
     * @param p the p-values, each in [0, 1]; not modified
     * @return the adjusted p-values, in the order of {@code p}
     * @throws IllegalArgumentException if a p-value is NaN or outside [0, 1]
     */
    public static double[] benjaminiHochberg(double[] p) {
        Objects.requireNonNull(p, "p");
        int m = p.length;
        for (int i = 0; i < m; i++) {
            if (!(p[i] >= 0 && p[i] <= 1)) {
                throw new IllegalArgumentException("p-value " + i + " is " + p[i] + ", expected a number in [0, 1]");
            }
        }
        Integer[] order = new Integer[m];
        for (int i = 0; i < m; i++) {
            order[i] = i;
        }
        Arrays.sort(order, (a, b) -> Double.compare(p[b], p[a])); // descending
        double[] q = new double[m];
        double running = 1;
        for (int k = 0; k < m; k++) {
            int i = order[k];
            int rank = m - k;
            running = Math.min(running, (double) m / rank * p[i]); // as R: n / i * p, so q = p at the largest
            q[i] = Math.min(1, running);
        }
        return q;
    }
}
