package dev.goodhart.internal;

import java.io.Serializable;
import java.util.Arrays;

/**
 * Many exact sums of doubles, each kept as a Shewchuk expansion (non-overlapping partials in increasing magnitude,
 * Shewchuk 1997; the algorithm of Python's {@code math.fsum}) and read back correctly rounded (round half to even).
 * The value of a sum does not depend on the order of its additions or on how partial sums were merged, so sums built
 * apart (one per Spark partition, one per thread) and merged give the same double as one sum built in one pass.
 *
 * <p>Non-finite results: a sum whose running total leaves the range of a double reads as the infinity of that sign
 * (the exact total is then at least about {@link Double#MAX_VALUE} in magnitude); infinities of both signs read as
 * NaN. Adding an infinity or a NaN is not allowed (the callers skip NaN as "no value"). Mutable, not thread-safe.
 */
public final class ExactSums implements Serializable {
    private static final long serialVersionUID = 1L;
    private static final double[] EMPTY = new double[0];
    private final double[][] partials;
    private final int[] sizes;
    /** 0 for a finite running total; otherwise the infinity (or NaN) it overflowed to. */
    private final double[] overflow;

    /** {@code n} sums, each 0. */
    public ExactSums(int n) {
        if (n < 0) {
            throw new IllegalArgumentException("the number of sums must be at least 0, not " + n);
        }
        partials = new double[n][];
        Arrays.fill(partials, EMPTY);
        sizes = new int[n];
        overflow = new double[n];
    }

    /** The number of sums. */
    public int size() {
        return sizes.length;
    }

    /** Adds a finite {@code x} to sum {@code i}, exactly. */
    public void add(int i, double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("only finite values can be summed exactly, not " + x);
        }
        if (overflow[i] != 0) {
            return;
        }
        double[] p = partials[i];
        int n = sizes[i];
        if (n == p.length) {
            p = Arrays.copyOf(p, Math.max(2, 2 * p.length));
            partials[i] = p;
        }
        int kept = grow(p, 0, n, x);
        if (kept < 0) {
            overflow[i] = p[n]; // grow leaves the running total it overflowed to past the partials
            sizes[i] = 0;
            return;
        }
        sizes[i] = kept;
    }

    /**
     * Adds a finite {@code x} exactly to the expansion {@code p[from, from + n)} (non-overlapping partials in increasing
     * magnitude), in place: {@code p} must have room for one more partial. Returns the new number of partials, or -1
     * when the running total overflowed, which it then leaves at {@code p[from + n]} (the partials are spent).
     */
    private static int grow(double[] p, int from, int n, double x) {
        int kept = 0;
        for (int j = 0; j < n; j++) {
            double y = p[from + j];
            if (Math.abs(x) < Math.abs(y)) {
                double t = x;
                x = y;
                y = t;
            }
            double hi = x + y;
            double lo = y - (hi - x);
            if (lo != 0) {
                p[from + kept++] = lo;
            }
            x = hi;
        }
        if (!Double.isFinite(x)) {
            p[from + n] = x;
            return -1;
        }
        if (x != 0) {
            p[from + kept++] = x;
        }
        return kept;
    }

    /**
     * A packed expansion holding {@code x}: {@code e[0]} the number of partials, then the partials. For a sum that is
     * kept exactly only where it has more than one term (a period's values), with {@link #addPacked} and
     * {@link #roundPacked}: the same exact arithmetic as the sums here, so the rounded value does not depend on the
     * order of the additions.
     */
    public static double[] packed(double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("only finite values can be summed exactly, not " + x);
        }
        return x == 0 ? new double[] {0, 0, 0} : new double[] {1, x, 0};
    }

    /**
     * Adds a finite {@code x} exactly to the packed expansion {@code e}; returns it, or a larger copy; null when the
     * sum overflowed the range of a double (the expansion is then spent).
     */
    public static double[] addPacked(double[] e, double x) {
        if (!Double.isFinite(x)) {
            throw new IllegalArgumentException("only finite values can be summed exactly, not " + x);
        }
        int n = (int) e[0];
        if (1 + n + 1 > e.length) {
            e = Arrays.copyOf(e, Math.max(4, 2 * e.length));
        }
        int kept = grow(e, 1, n, x);
        if (kept < 0) {
            return null;
        }
        e[0] = kept;
        return e;
    }

    /** The packed expansion's sum, correctly rounded to the nearest double (ties to even). */
    public static double roundPacked(double[] e) {
        return round(e, 1, (int) e[0]);
    }

    /** Adds every sum of {@code other} (of the same size) to the sum of the same index here, exactly. */
    public void addAll(ExactSums other) {
        if (other.size() != size()) {
            throw new IllegalArgumentException("merging " + other.size() + " sums into " + size());
        }
        for (int i = 0; i < sizes.length; i++) {
            if (other.overflow[i] != 0) {
                overflow[i] = overflow[i] == 0 || overflow[i] == other.overflow[i] ? other.overflow[i] : Double.NaN;
                sizes[i] = 0;
                continue;
            }
            double[] q = other.partials[i];
            for (int j = 0; j < other.sizes[i]; j++) {
                add(i, q[j]);
            }
        }
    }

    /** Sum {@code i}, correctly rounded to the nearest double (ties to even). */
    public double sum(int i) {
        if (overflow[i] != 0) {
            return overflow[i];
        }
        return round(partials[i], 0, sizes[i]);
    }

    /** The expansion {@code p[from, from + n)}, correctly rounded to the nearest double (ties to even). */
    private static double round(double[] p, int from, int n) {
        if (n == 0) {
            return 0.0;
        }
        n--;
        double hi = p[from + n];
        double lo = 0;
        while (n > 0) {
            double x = hi;
            n--;
            double y = p[from + n];
            hi = x + y;
            double yr = hi - x;
            lo = y - yr;
            if (lo != 0) {
                break;
            }
        }
        // round half to even: when the rest below lo has lo's sign, the tie in hi + lo is not a tie
        if (n > 0 && ((lo < 0 && p[from + n - 1] < 0) || (lo > 0 && p[from + n - 1] > 0))) {
            double y = lo * 2;
            double x = hi + y;
            double yr = x - hi;
            if (y == yr) {
                hi = x;
            }
        }
        return hi;
    }
}
