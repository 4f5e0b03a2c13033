package dev.goodhart.stats;

import java.util.Arrays;
import java.util.Objects;
import org.apache.commons.math3.stat.inference.KolmogorovSmirnovTest;

/**
 * The two-sample Kolmogorov-Smirnov test, computed by Commons Math and matching R's {@code ks.test(a, b)}: the
 * statistic {@code D} is the largest distance between the two empirical distribution functions; the two-sided p-value
 * is exact when {@code n * m < 10000} and there are no ties (R's default), else from the asymptotic Kolmogorov
 * distribution of {@code sqrt(n m / (n + m)) D}.
 *
 * <p>Stateless and thread-safe.
 */
public final class KolmogorovSmirnov {
    private static final int EXACT_LIMIT = 10_000;

    private KolmogorovSmirnov() {
    }

    /**
     * Tests whether two samples come from the same continuous distribution, choosing the exact or asymptotic p-value as
     * R does by default.
     *
     * @throws IllegalArgumentException if a sample has fewer than 2 values or holds NaN or infinite values
     */
    public static KsResult test(double[] a, double[] b) {
        check("a", a);
        check("b", b);
        boolean exact = (long) a.length * b.length < EXACT_LIMIT && !hasTies(a, b);
        return test(a, b, exact);
    }

    /**
     * Tests with the exact p-value ({@code exact = true}, R's {@code exact = TRUE}; for samples with ties it is the
     * p-value of the continuous case) or the asymptotic one.
     *
     * @throws IllegalArgumentException if a sample has fewer than 2 values or holds NaN or infinite values
     */
    public static KsResult test(double[] a, double[] b, boolean exact) {
        check("a", a);
        check("b", b);
        KolmogorovSmirnovTest ks = new KolmogorovSmirnovTest();
        double d = ks.kolmogorovSmirnovStatistic(a, b);
        double p = exact ? ks.exactP(d, a.length, b.length, false) : ks.approximateP(d, a.length, b.length);
        return new KsResult(d, Math.min(1, Math.max(0, p)), a.length, b.length, exact);
    }

    private static boolean hasTies(double[] a, double[] b) {
        double[] all = new double[a.length + b.length];
        System.arraycopy(a, 0, all, 0, a.length);
        System.arraycopy(b, 0, all, a.length, b.length);
        Arrays.sort(all);
        for (int i = 1; i < all.length; i++) {
            if (all[i] == all[i - 1]) {
                return true;
            }
        }
        return false;
    }

    private static void check(String name, double[] x) {
        Objects.requireNonNull(x, name);
        if (x.length < 2) {
            throw new IllegalArgumentException(name + ": at least 2 values are needed, found " + x.length);
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i])) {
                throw new IllegalArgumentException(name + ": value " + (i + 1) + " is " + x[i] + ", expected a finite number");
            }
        }
    }
}
