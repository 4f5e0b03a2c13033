package dev.goodhart.stats;

import java.util.Objects;
import java.util.ArrayList;
import java.util.List;

/**
 * Ordinary least squares with an intercept, by Householder QR as R's {@code lm} computes it (reproduces the NIST StRD
 * certified values for Longley and R's {@code lm} and {@code sandwich::NeweyWest} results; tested). A small dedicated
 * QR rather than Commons Math's general {@code OLSMultipleLinearRegression}: the detectors fit thousands of designs of
 * a few columns, where the general one spent most of the organisation benchmark's time.
 */
public final class Ols {
    private Ols() {
    }

    /**
     * Fits {@code y = b0 + b1 x1 + ...}.
     *
     * @param y     the response, n values
     * @param x     n rows of predictors, all of the same length k
     * @param names k predictor names for the result ("(Intercept)" is added in front)
     * @throws IllegalArgumentException if sizes do not match, a value is not finite, there are not more observations
     *                                  than terms, or the predictors are collinear
     */
    public static OlsResult fit(double[] y, double[][] x, String... names) {
        Objects.requireNonNull(y, "y");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(names, "names");
        validate(y, x, names);
        return new Design(x, names).fit(y);
    }

    private static void validate(double[] y, double[][] x, String... names) {
        int n = y.length;
        if (x.length != n) {
            throw new IllegalArgumentException("ols: y has " + n + " values but x has " + x.length + " rows");
        }
        int k = n == 0 ? names.length : x[0].length;
        if (names.length != k) {
            throw new IllegalArgumentException("ols: " + k + " predictors but " + names.length + " names");
        }
        if (n <= k + 1) {
            throw new IllegalArgumentException("ols: needs more than " + (k + 1) + " observations, found " + n);
        }
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(y[i]) || x[i].length != k) {
                throw new IllegalArgumentException("ols: row " + i + " is not finite or has the wrong width");
            }
            for (double v : x[i]) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("ols: row " + i + " has a value that is not finite");
                }
            }
        }
    }

    /**
     * A design factorised once, to fit several responses on it: {@code Ols.design(x, names).fit(y)}. The Householder
     * QR of the design with an intercept (as R's {@code lm} via LINPACK {@code dqrdc2}, without pivoting) is computed
     * in the constructor; each fit applies the reflections to its response. Not thread-safe while its thin Q is first
     * computed: use one per thread, or share it after {@link #shareable()}.
     */
    public static final class Design {
        private final int n;
        private final int p;
        private final String[] names;
        private final double[][] xtxInverse;
        /** R^-1, upper triangular. */
        private final double[][] rInverse;
        /** R, upper triangular. */
        private final double[][] r;
        /** Householder vectors: column j holds v_j in rows j .. n-1. */
        private final double[][] householder;
        /** v_j' v_j for each reflection. */
        private final double[] vtv;
        private double[][] thinQ;

        private Design(double[][] x, String[] names) {
            this.names = names.clone();
            n = x.length;
            p = x[0].length + 1;
            double[][] a = new double[p][n]; // column-major design
            for (int i = 0; i < n; i++) {
                a[0][i] = 1;
                for (int j = 1; j < p; j++) {
                    a[j][i] = x[i][j - 1];
                }
            }
            double[] diag = new double[p];
            vtv = new double[p];
            for (int j = 0; j < p; j++) {
                double[] col = a[j];
                double original = 0;
                for (int i = 0; i < n; i++) {
                    original = Math.max(original, Math.abs(col[i]));
                }
                double norm = norm(col, j, n);
                if (!(norm > 1e-10 * Math.max(original, Double.MIN_NORMAL) * Math.sqrt(n)) || norm == 0) {
                    throw new IllegalArgumentException("ols: predictors are collinear (" + List.of(names) + ")");
                }
                double alpha = col[j] > 0 ? -norm : norm;
                // Householder vector v = col[j..] - alpha e1, stored in col[j..]
                col[j] -= alpha;
                double vv = 0;
                for (int i = j; i < n; i++) {
                    vv += col[i] * col[i];
                }
                vtv[j] = vv;
                for (int c = j + 1; c < p; c++) {
                    double[] other = a[c];
                    double dot = 0;
                    for (int i = j; i < n; i++) {
                        dot += col[i] * other[i];
                    }
                    double f = 2 * dot / vv;
                    for (int i = j; i < n; i++) {
                        other[i] -= f * col[i];
                    }
                }
                diag[j] = alpha;
            }
            householder = a;
            // R: diag on the diagonal, a[c][r] above it (r < c)
            r = new double[p][p];
            for (int c = 0; c < p; c++) {
                for (int row = 0; row < c; row++) {
                    r[row][c] = a[c][row];
                }
                r[c][c] = diag[c];
            }
            // R^-1 (upper triangular), then (X'X)^-1 = R^-1 R^-T
            double[][] inv = new double[p][p];
            for (int c = 0; c < p; c++) {
                inv[c][c] = 1 / r[c][c];
                for (int row = c - 1; row >= 0; row--) {
                    double v = 0;
                    for (int m = row + 1; m <= c; m++) {
                        v += r[row][m] * inv[m][c];
                    }
                    inv[row][c] = -v / r[row][row];
                }
            }
            rInverse = inv;
            xtxInverse = new double[p][p];
            for (int i = 0; i < p; i++) {
                for (int j = i; j < p; j++) {
                    double v = 0;
                    for (int m = j; m < p; m++) {
                        v += inv[i][m] * inv[j][m];
                    }
                    xtxInverse[i][j] = v;
                    xtxInverse[j][i] = v;
                }
            }
            for (double[] row : xtxInverse) {
                for (double v : row) {
                    if (!Double.isFinite(v)) {
                        throw new IllegalArgumentException("ols: predictors are collinear (" + List.of(names) + ")");
                    }
                }
            }
        }

        /**
         * The Euclidean norm of {@code v[from..to)} scaled by its largest element (as LINPACK's {@code dnrm2}): no
         * overflow, no {@code Math.hypot} per element (which was a tenth of the organisation's scoring time).
         */
        private static double norm(double[] v, int from, int to) {
            double scale = 0;
            for (int i = from; i < to; i++) {
                scale = Math.max(scale, Math.abs(v[i]));
            }
            if (scale == 0 || !Double.isFinite(scale)) {
                return scale;
            }
            double ssq = 0;
            for (int i = from; i < to; i++) {
                double r = v[i] / scale;
                ssq += r * r;
            }
            return scale * Math.sqrt(ssq);
        }

        /** {@code Q'v}: the reflections {@code H_1} to {@code H_p} applied in turn. */
        private double[] applyQt(double[] v) {
            for (int j = 0; j < p; j++) {
                reflect(j, v);
            }
            return v;
        }

        /** {@code Q v}: the reflections applied in reverse. */
        private double[] applyQ(double[] v) {
            for (int j = p - 1; j >= 0; j--) {
                reflect(j, v);
            }
            return v;
        }

        private void reflect(int j, double[] v) {
            double[] col = householder[j];
            double dot = 0;
            for (int i = j; i < n; i++) {
                dot += col[i] * v[i];
            }
            double f = 2 * dot / vtv[j];
            for (int i = j; i < n; i++) {
                v[i] -= f * col[i];
            }
        }

        /**
         * Computes the thin Q now (otherwise on the first Newey-West fit), after which the design never changes: safe
         * to share between threads once published safely (a final field, a volatile or atomic reference).
         *
         * @return this design
         */
        public Design shareable() {
            thinQ();
            return this;
        }

        /** The thin Q, row by row ({@code n x p}): {@code X = Q R} with orthonormal columns; computed once. */
        private double[][] thinQ() {
            if (thinQ == null) {
                double[][] q = new double[n][p];
                for (int c = 0; c < p; c++) {
                    double[] e = new double[n];
                    e[c] = 1;
                    applyQ(e);
                    for (int i = 0; i < n; i++) {
                        q[i][c] = e[i];
                    }
                }
                thinQ = q;
            }
            return thinQ;
        }

        /**
         * Fits {@code y} on this design by OLS with classical standard errors.
         *
         * @throws IllegalArgumentException if {@code y} has the wrong length or a value that is not finite
         */
        public OlsResult fit(double[] y) {
            return classical(solve(y));
        }

        /**
         * Fits {@code y} on this design with Newey-West standard errors (see {@link Ols#fitNeweyWest}).
         *
         * @throws IllegalArgumentException if {@code y} has the wrong length or a value is not finite, or the lag is
         *                                  negative
         */
        public OlsResult fitNeweyWest(double[] y, int lag) {
            requireLag(lag);
            Solved s = solve(y);
            OlsResult ols = classical(s);
            // The meat in the QR basis: psi_t = u_t q_t with q_t the t-th row of the thin Q, then V = R^-1 M R^-T.
            // In raw coordinates (x_t x_s' u_t u_s, then (X'X)^-1 M (X'X)^-1) a column with an offset of 1e6 makes the
            // terms 1e11 times larger than the result and the standard errors lose half their digits.
            double[][] q = thinQ();
            double[] u = s.residuals;
            int k = p;
            // psi by column (psi[a][t]), so that each cross-product below is a dot product over contiguous memory
            double[][] psi = new double[k][n];
            for (int t = 0; t < n; t++) {
                double ut = u[t];
                double[] qt = q[t];
                for (int a = 0; a < k; a++) {
                    psi[a][t] = ut * qt[a];
                }
            }
            // meat = Gamma_0 + sum_l w_l (Gamma_l + Gamma_l'), Gamma_l[a][b] = sum_t psi_a(t) psi_b(t - l)
            double[][] meat = new double[k][k];
            for (int a = 0; a < k; a++) {
                for (int b = a; b < k; b++) {
                    double g = dot(psi[a], psi[b], 0, n);
                    meat[a][b] += g;
                    if (b != a) {
                        meat[b][a] += g;
                    }
                }
            }
            for (int l = 1; l <= Math.min(lag, n - 1); l++) {
                double w = 1 - l / (lag + 1.0);
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b < k; b++) {
                        double g = w * dot(psi[a], psi[b], l, n);
                        meat[a][b] += g;
                        meat[b][a] += g;
                    }
                }
            }
            double[][] inv = rInverse;
            double[][] half = new double[k][k]; // R^-1 M
            for (int a = 0; a < k; a++) {
                for (int b = 0; b < k; b++) {
                    double v = 0;
                    for (int c = a; c < k; c++) {
                        v += inv[a][c] * meat[c][b];
                    }
                    half[a][b] = v;
                }
            }
            double[][] cov = new double[k][k];
            for (int a = 0; a < k; a++) {
                for (int b = a; b < k; b++) {
                    double v = 0;
                    for (int d = b; d < k; d++) {
                        v += half[a][d] * inv[b][d];
                    }
                    double w = v;
                    if (b != a) {
                        double other = 0;
                        for (int d = a; d < k; d++) {
                            other += half[b][d] * inv[a][d];
                        }
                        w = (v + other) / 2; // symmetric by construction; rounding is averaged out
                    }
                    cov[a][b] = w;
                    cov[b][a] = w;
                }
            }
            double[] se = new double[k];
            for (int j = 0; j < k; j++) {
                se[j] = Math.sqrt(Math.max(0, cov[j][j]));
            }
            return new OlsResult(ols.terms(), ols.coefficients(), se, ols.residualSumOfSquares(), n, ols.rSquared(),
                    cov);
        }

        /**
         * Fits {@code y} on this design by OLS with classical standard errors, and gives the Newey-West standard error
         * of one linear combination {@code w'b} of the coefficients: {@code sqrt(w' V w)} with {@code V} the covariance
         * {@link #fitNeweyWest(double[], int)} gives, equal to it up to rounding. It is computed on one series, {@code
         * z_t = u_t (g . q_t)} with {@code g = R^-T w} and {@code q_t} the t-th row of the thin Q, so each lag costs n
         * products instead of the p² x n of the whole meat: {@code w' V w = sum_t z_t² + 2 sum_l w_l sum_t z_t
         * z_(t-l)}, Bartlett weights {@code w_l = 1 - l / (lag + 1)}.
         *
         * @param weights one weight per term, the intercept first
         * @throws NullPointerException     if {@code y} or {@code weights} is null
         * @throws IllegalArgumentException as {@link #fitNeweyWest(double[], int)}, or if the weights' count is not the
         *                                  number of terms or a weight is not finite
         */
        public Combination fitNeweyWest(double[] y, int lag, double... weights) {
            requireLag(lag);
            Objects.requireNonNull(y, "y");
            Objects.requireNonNull(weights, "weights");
            if (weights.length != p) {
                throw new IllegalArgumentException("ols: " + p + " weights expected, found " + weights.length);
            }
            for (double w : weights) {
                if (!Double.isFinite(w)) {
                    throw new IllegalArgumentException("ols: weights must be finite, found " + w);
                }
            }
            Solved s = solve(y);
            OlsResult ols = classical(s);
            double[] g = new double[p];
            for (int c = 0; c < p; c++) {
                double v = 0;
                for (int a = 0; a <= c; a++) {
                    v += rInverse[a][c] * weights[a];
                }
                g[c] = v;
            }
            double[][] q = thinQ();
            double[] u = s.residuals;
            double[] z = new double[n];
            for (int t = 0; t < n; t++) {
                double[] qt = q[t];
                double v = 0;
                for (int c = 0; c < p; c++) {
                    v += g[c] * qt[c];
                }
                z[t] = u[t] * v;
            }
            double variance = dot(z, z, 0, n);
            for (int l = 1; l <= Math.min(lag, n - 1); l++) {
                variance += 2 * (1 - l / (lag + 1.0)) * dot(z, z, l, n);
            }
            double estimate = 0;
            for (int a = 0; a < p; a++) {
                estimate += weights[a] * s.beta[a];
            }
            return new Combination(ols, estimate, Math.sqrt(Math.max(0, variance)));
        }

        /**
         * An OLS fit with classical standard errors and one linear combination of its coefficients with its Newey-West
         * standard error.
         *
         * @param fit           the fit, classical standard errors
         * @param estimate      {@code w'b}
         * @param standardError its Newey-West standard error
         */
        public record Combination(OlsResult fit, double estimate, double standardError) {
            /** Checks that the fit is given. */
            public Combination {
                Objects.requireNonNull(fit, "fit");
            }
        }

        /** {@code sum_{t = l}^{n - 1} x[t] y[t - l]}, four accumulators (independent chains the CPU overlaps). */
        private static double dot(double[] x, double[] y, int l, int n) {
            double s0 = 0;
            double s1 = 0;
            double s2 = 0;
            double s3 = 0;
            int t = l;
            for (; t + 3 < n; t += 4) {
                s0 += x[t] * y[t - l];
                s1 += x[t + 1] * y[t + 1 - l];
                s2 += x[t + 2] * y[t + 2 - l];
                s3 += x[t + 3] * y[t + 3 - l];
            }
            for (; t < n; t++) {
                s0 += x[t] * y[t - l];
            }
            return (s0 + s1) + (s2 + s3);
        }

        /** One response solved on the design. */
        private record Solved(double[] beta, double rss, double rSquared, double[] residuals) {
        }

        private Solved solve(double[] y) {
            if (y.length != n) {
                throw new IllegalArgumentException("ols: y has " + y.length + " values but the design has " + n
                        + " rows");
            }
            for (int i = 0; i < n; i++) {
                if (!Double.isFinite(y[i])) {
                    throw new IllegalArgumentException("ols: row " + i + " is not finite or has the wrong width");
                }
            }
            // y less its mean (R's, corrected by the mean residual): with an intercept in the design only that
            // coefficient moves, by the mean, and the reflections no longer subtract numbers of y's size whose
            // differences are the fit (y around 1e6 varying by 1e-3 kept 6 digits of the model sum of squares)
            double centre = 0;
            for (double v : y) {
                centre += v;
            }
            centre /= n;
            double residualMean = 0;
            for (double v : y) {
                residualMean += v - centre;
            }
            centre += residualMean / n;
            double[] qty = y.clone();
            for (int i = 0; i < n; i++) {
                qty[i] -= centre;
            }
            applyQt(qty);
            double[] beta = new double[p];
            for (int row = p - 1; row >= 0; row--) {
                double v = qty[row];
                for (int c = row + 1; c < p; c++) {
                    v -= r[row][c] * beta[c];
                }
                beta[row] = v / r[row][row];
            }
            beta[0] += centre;
            // the residual sum of squares from Q'y (as R's lm), not from y - X b, which cancels with a large offset
            double rss = 0;
            for (int i = p; i < n; i++) {
                rss += qty[i] * qty[i];
            }
            // R² as R's summary.lm, mss / (mss + rss), with the model sum of squares from Q'y too: the first column
            // is the intercept, so Q'y's first element is sqrt(n) times the (centred) mean and the next p - 1 hold the
            // rest of the fit. 1 - rss / tss on uncentred y lost digits where R² is small and y far from 0 (8.7e-6
            // relative at R² 0.0014 around 1e6, OlsTest; 2.9e-15 now)
            double mss = 0;
            for (int i = 1; i < p; i++) {
                mss += qty[i] * qty[i];
            }
            double[] residual = new double[n];
            System.arraycopy(qty, p, residual, p, n - p);
            applyQ(residual);
            return new Solved(beta, rss, mss + rss > 0 ? mss / (mss + rss) : Double.NaN, residual);
        }

        private OlsResult classical(Solved s) {
            List<String> terms = new ArrayList<>();
            terms.add("(Intercept)");
            terms.addAll(List.of(names));
            double sigma2 = s.rss / (n - p);
            double[][] cov = new double[p][p];
            double[] se = new double[p];
            for (int a = 0; a < p; a++) {
                for (int b2 = 0; b2 < p; b2++) {
                    cov[a][b2] = xtxInverse[a][b2] * sigma2;
                }
                se[a] = Math.sqrt(Math.max(0, cov[a][a]));
            }
            return new OlsResult(terms, s.beta, se, s.rss, n, s.rSquared, cov);
        }
    }

    /**
     * Fits {@code y = b0 + b1 x1 + ...} by OLS with Newey-West (1987) heteroskedasticity- and autocorrelation-consistent
     * standard errors: Bartlett kernel weights {@code 1 - l / (lag + 1)}, no small-sample adjustment and no
     * prewhitening, as R's {@code sandwich::NeweyWest(m, lag, prewhite = FALSE, adjust = FALSE)}. Rows must be in time
     * order.
     *
     * @param lag the truncation lag, 0 or more (0 gives White's heteroskedasticity-consistent errors)
     * @throws IllegalArgumentException as {@link #fit}, or if the lag is negative
     */
    public static OlsResult fitNeweyWest(double[] y, double[][] x, int lag, String... names) {
        Objects.requireNonNull(y, "y");
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(names, "names");
        requireLag(lag);
        validate(y, x, names);
        return new Design(x, names).fitNeweyWest(y, lag);
    }

    /**
     * Factorises a design once, to fit several responses on it (each fit then costs O(n p) instead of a new QR).
     *
     * @param x     n rows of predictors, all of the same length k
     * @param names k predictor names ("(Intercept)" is added in front)
     * @throws IllegalArgumentException if the rows differ in width, a value is not finite, there are not more rows
     *                                  than terms, or the predictors are collinear
     */
    public static Design design(double[][] x, String... names) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(names, "names");
        validate(new double[x.length], x, names);
        return new Design(x, names);
    }

    /** Refuses a negative Newey-West lag. */
    private static void requireLag(int lag) {
        if (lag < 0) {
            throw new IllegalArgumentException("ols: Newey-West lag must be 0 or more, found " + lag);
        }
    }

    /** The Newey-West (1994) rule-of-thumb lag, {@code floor(4 (n / 100)^(2/9))}. */
    public static int neweyWestLag(int n) {
        return (int) Math.floor(4 * Math.pow(n / 100.0, 2.0 / 9.0));
    }

    private static double[][] copy(double[][] x) {
        double[][] c = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            c[i] = x[i].clone();
        }
        return c;
    }
}
