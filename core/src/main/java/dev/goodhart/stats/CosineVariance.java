package dev.goodhart.stats;

import java.util.Objects;

/**
 * Long-run variance by equally weighted cosine projections (EWC; Müller 2007, Lazarus, Lewis, Stock &amp; Watson
 * 2018): a series' long-run variance read from its first {@code B} cosine projections
 * {@code L_j = sqrt(2/n) sum_t cos(pi j (t + 1/2) / n) z_t}, {@code j = 1..B} (the orthonormal DCT-II of {@code z} at
 * those frequencies), as {@code (1/B) sum_j L_j²}. The projections at j of at least 1 are orthogonal to a constant,
 * so a series' mean does not enter them. Where {@code z} is independent normal, they are independent normals of the
 * series' variance, so a mean's t statistic on this variance is exactly Student's t with {@code B} degrees of freedom;
 * where {@code z} is autocorrelated they estimate its spectrum near frequency 0 (fixed-B asymptotics), with a bias
 * where the spectrum falls within the band the B cosines span: a persistent series needs fewer terms ({@link
 * #terms(int, double)}), and a series whose spectrum dips inside that band (a 7-day or 28-day moving average's, which
 * the lag-1 autocorrelation does not see) keeps some of that bias.
 *
 * <p>{@link #terms(int)} is the rule of Lazarus et al. (2018), {@code B = 0.4 n^(2/3)}: it balances the test's size
 * under persistence against the power lost to few degrees of freedom.
 */
public final class CosineVariance {
    private CosineVariance() {
    }

    /**
     * The number of cosine terms for a series of {@code n} values: {@code round(0.4 n^(2/3))}, at least 1 and at most
     * {@code n - 1} (Lazarus, Lewis, Stock &amp; Watson 2018, their recommended equal-weighted cosine test).
     *
     * @throws IllegalArgumentException if {@code n < 2}
     */
    public static int terms(int n) {
        if (n < 2) {
            throw new IllegalArgumentException("cosine variance: at least 2 values are needed, found " + n);
        }
        long b = Math.round(0.4 * Math.pow(n, 2.0 / 3.0));
        return (int) Math.max(1, Math.min(n - 1, b));
    }

    /**
     * The number of cosine terms for a series of {@code n} values whose lag-1 autocorrelation is {@code rho}: at most
     * {@link #terms(int)}, and fewer where the series is persistent, {@code floor(n (1 - rho) / pi sqrt(0.3 / rho))},
     * so that an AR(1) spectrum of that {@code rho}, linearised near 0 ({@code f(w) / f(0) ~ 1 / (1 + rho w² / (1 -
     * rho)²)}), keeps on average at least 9/10 of its value at 0 over the frequencies {@code w = pi j / n}, {@code j =
     * 1..B}; at least 2 (or {@link #terms(int)} where that is 1). The estimator's exact expectation over an AR(1)
     * series' long-run variance is lower than the linearised 9/10 where the floor of 2 binds (n = 120: 0.87 at rho 0.7,
     * 0.75 at 0.9, 0.50 at 0.95). A rho of at most 0, or NaN, gives {@link #terms(int)}.
     *
     * @throws IllegalArgumentException if {@code n < 2}
     */
    public static int terms(int n, double rho) {
        int rule = terms(n);
        if (!(rho > 0)) {
            return rule;
        }
        double r = Math.min(rho, 0.999);
        double b = Math.floor(n * (1 - r) / Math.PI * Math.sqrt(0.3 / r));
        return (int) Math.max(Math.min(2, rule), Math.min(rule, b));
    }

    /**
     * The lag-1 autocorrelation of {@code z[from..to)} about its mean, {@code r} (as R's {@code acf}), with the
     * first-order correction of its downward bias for an AR(1) series whose mean is estimated, {@code r + (1 + 3 r) /
     * m} (Kendall 1954; Marriott &amp; Pope 1954), where {@code r} is above -1/3 (the correction is 0 there, so the
     * result is continuous in {@code r}); capped at 0.999; NaN where the range does not vary.
     *
     * @throws NullPointerException     if {@code z} is null
     * @throws IllegalArgumentException if the range is not within {@code z} or holds fewer than 2 values
     */
    public static double biasCorrectedLagOne(double[] z, int from, int to) {
        requireRange(z, from, to);
        int m = to - from;
        double low = z[from];
        double high = z[from];
        for (int t = from; t < to; t++) {
            low = Math.min(low, z[t]);
            high = Math.max(high, z[t]);
        }
        if (!(high > low)) {
            return Double.NaN; // constant (its rounded mean's residuals read as 0.999 before)
        }
        double mean = Descriptive.mean(z, from, to);
        double num = 0;
        double den = 0;
        for (int t = from; t < to; t++) {
            double d = z[t] - mean;
            den += d * d;
            if (t > from) {
                num += d * (z[t - 1] - mean);
            }
        }
        if (!(den > 0)) {
            return Double.NaN;
        }
        return biasCorrected(num / den, m);
    }

    /**
     * A lag-1 autocorrelation {@code r} of {@code m} values about their mean with the correction of {@link
     * #biasCorrectedLagOne}: {@code r + (1 + 3 r) / m} where {@code r} is above -1/3, capped at 0.999; {@code r} itself
     * at or below -1/3, and NaN where it is NaN.
     *
     * @throws IllegalArgumentException if {@code m < 2}
     */
    public static double biasCorrected(double r, int m) {
        if (m < 2) {
            throw new IllegalArgumentException("cosine variance: at least 2 values are needed, found " + m);
        }
        return r > -1.0 / 3 ? Math.min(0.999, r + (1 + 3 * r) / m) : r;
    }

    /**
     * The projections {@code L_1..L_B} of {@code z[from..to)} on the first {@code b} cosines over that range, {@code
     * L_j = sqrt(2/m) sum_t cos(pi j (t - from + 1/2) / m) z_t} with {@code m = to - from}: the orthonormal DCT-II at
     * frequencies 1 to b, on a basis of its own ({@link Basis#of}: the cosines agree with {@code Math.cos} to about
     * 1e-13, and the projections with the definition to about 3e-13 of the norm of the series about its mean at 20,000
     * values, whatever its distance from zero: the mean is taken out first).
     *
     * @throws NullPointerException     if {@code z} is null
     * @throws IllegalArgumentException if the range is not within {@code z}, holds fewer than 2 values, or {@code b}
     *                                  is not in {@code [1, m - 1]}
     */
    public static double[] projections(double[] z, int from, int to, int b) {
        requireRange(z, from, to);
        return Basis.of(to - from, b).projections(z, from, b);
    }

    /**
     * The first {@code b} cosines over {@code m} values as a table, {@code cos(pi j (t + 1/2) / m)}: kept by a caller
     * that projects many series of one length (the segments of an organisation share their windows), so that each
     * projection is {@code b m} products. {@link CosineVariance#projections} projects on a basis of its own, so the two
     * give the same values to the last bit. Immutable.
     */
    public static final class Basis {
        private final int values;
        private final int terms;
        /** Row j - 1 the j-th cosine's values, {@code table[(j - 1) m + t]}. */
        private final double[] table;

        private Basis(int values, int terms, double[] table) {
            this.values = values;
            this.terms = terms;
            this.table = table;
        }

        /**
         * The first {@code b} cosines over {@code m} values: each advances by one complex rotation a value from exact
         * starting points every 1,024 values, each frequency's rotation and start a power of the first's, so the
         * cosines agree with {@code Math.cos} to about 1e-13.
         *
         * @throws IllegalArgumentException if {@code m < 2} or {@code b} is not in {@code [1, m - 1]}
         */
        public static Basis of(int m, int b) {
            if (m < 2) {
                throw new IllegalArgumentException("cosine variance: at least 2 values are needed, found " + m);
            }
            if (b < 1 || b > m - 1) {
                throw new IllegalArgumentException("cosine variance: between 1 and " + (m - 1) + " terms for " + m
                        + " values, found " + b);
            }
            double theta = Math.PI / m;
            // each frequency's rotation by one value, (cos, sin)(j theta), as powers of the first
            double[] stepCos = new double[b];
            double[] stepSin = new double[b];
            powers(Math.cos(theta), Math.sin(theta), stepCos, stepSin);
            double[] cos = new double[b];
            double[] sin = new double[b];
            double[] table = new double[b * m];
            for (int start = 0; start < m; start += RESTART) {
                // every frequency's angle at this value, j theta (start + 1/2), as powers of the first's
                double angle = theta * (start + 0.5);
                powers(Math.cos(angle), Math.sin(angle), cos, sin);
                int end = Math.min(m, start + RESTART);
                for (int t = start; t < end; t++) {
                    for (int j = 0; j < b; j++) {
                        double c = cos[j];
                        double si = sin[j];
                        table[j * m + t] = c;
                        cos[j] = c * stepCos[j] - si * stepSin[j];
                        sin[j] = si * stepCos[j] + c * stepSin[j];
                    }
                }
            }
            return new Basis(m, b, table);
        }

        /** The number of values each cosine spans. */
        public int values() {
            return values;
        }

        /** The number of cosines. */
        public int terms() {
            return terms;
        }

        /**
         * The projections {@code L_1..L_b} of {@code z[from..from + values())} on the first {@code b} cosines, as
         * {@link CosineVariance#projections} defines them.
         *
         * @throws NullPointerException     if {@code z} is null
         * @throws IllegalArgumentException if the range is not within {@code z} or {@code b} is not in {@code [1,
         *                                  terms()]}
         */
        public double[] projections(double[] z, int from, int b) {
            requireRange(z, from, from + values);
            if (b < 1 || b > terms) {
                throw new IllegalArgumentException("cosine variance: between 1 and " + terms
                        + " terms on this basis, found " + b);
            }
            double scale = Math.sqrt(2.0 / values);
            // the cosines sum to zero, so the series' mean does not enter the projections; taken out first, it does
            // not enter their rounding either (at 1e9 from zero, projections were 3.5e-4 of the spread off before);
            // the mean's own rounding is a constant, which the zero sum takes out again
            double mean = Descriptive.mean(z, from, from + values);
            double[] out = new double[b];
            for (int j = 0; j < b; j++) {
                int row = j * values;
                // four running sums over t in steps of four (independent chains the processor overlaps), then theirs
                double s0 = 0;
                double s1 = 0;
                double s2 = 0;
                double s3 = 0;
                int t = 0;
                for (; t + 3 < values; t += 4) {
                    s0 += table[row + t] * (z[from + t] - mean);
                    s1 += table[row + t + 1] * (z[from + t + 1] - mean);
                    s2 += table[row + t + 2] * (z[from + t + 2] - mean);
                    s3 += table[row + t + 3] * (z[from + t + 3] - mean);
                }
                for (; t < values; t++) {
                    s0 += table[row + t] * (z[from + t] - mean);
                }
                out[j] = scale * ((s0 + s1) + (s2 + s3));
            }
            return out;
        }
    }

    /** Values between exact starting points of the rotations. */
    private static final int RESTART = 1024;

    /** {@code (cos, sin)(j a)} for {@code j = 1..cos.length} from {@code (cos a, sin a)}, by complex multiplication. */
    private static void powers(double cosA, double sinA, double[] cos, double[] sin) {
        double c = cosA;
        double s = sinA;
        for (int j = 0; j < cos.length; j++) {
            cos[j] = c;
            sin[j] = s;
            double next = c * cosA - s * sinA;
            s = s * cosA + c * sinA;
            c = next;
        }
    }

    /** Checks that {@code z} is given and {@code [from, to)} lies within it and holds at least 2 values. */
    private static void requireRange(double[] z, int from, int to) {
        Objects.requireNonNull(z, "z");
        if (from < 0 || to > z.length || to - from < 2) {
            throw new IllegalArgumentException("cosine variance: the range [" + from + ", " + to + ") of " + z.length
                    + " values holds fewer than 2 values or lies outside them");
        }
    }

    /**
     * The long-run variance {@code (1/B) sum_j L_j²} of a series whose first B projections are {@code l} (from
     * {@link #projections} or {@link Basis#projections}).
     *
     * @throws NullPointerException     if {@code l} is null
     * @throws IllegalArgumentException if {@code l} is empty
     */
    public static double fromProjections(double[] l) {
        Objects.requireNonNull(l, "l");
        if (l.length == 0) {
            throw new IllegalArgumentException("cosine variance: no projections");
        }
        double s = 0;
        for (double v : l) {
            s += v * v;
        }
        return s / l.length;
    }

    /**
     * The long-run variance of {@code z[from..to)} on its first {@code b} cosines: {@code
     * fromProjections(projections(z, from, to, b))}.
     *
     * @throws NullPointerException     if {@code z} is null
     * @throws IllegalArgumentException as {@link #projections}
     */
    public static double longRunVariance(double[] z, int from, int to, int b) {
        return fromProjections(projections(z, from, to, b));
    }
}
