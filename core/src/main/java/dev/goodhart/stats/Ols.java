package dev.goodhart.stats;

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
        validate(y, x, names);
        return classical(Qr.of(y, x, names), names);
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

    /** The classical OLS result from a QR. */
    private static OlsResult classical(Qr qr, String... names) {
        int n = qr.n;
        int k = names.length;
        List<String> terms = new ArrayList<>();
        terms.add("(Intercept)");
        terms.addAll(List.of(names));
        int p = k + 1;
        double sigma2 = qr.rss / (n - p);
        double[][] cov = new double[p][p];
        double[] se = new double[p];
        for (int a = 0; a < p; a++) {
            for (int b2 = 0; b2 < p; b2++) {
                cov[a][b2] = qr.xtxInverse[a][b2] * sigma2;
            }
            se[a] = Math.sqrt(Math.max(0, cov[a][a]));
        }
        return new OlsResult(terms, qr.beta, se, qr.rss, n, qr.rSquared, cov);
    }

    /**
     * Householder QR of the design with an intercept (as R's {@code lm} via LINPACK {@code dqrdc2}, without pivoting):
     * coefficients from {@code R b = Q'y}, residual sum of squares from the residuals, and {@code (X'X)^-1} as
     * {@code R^-1 R^-T}. On the small designs of the detectors (a few columns) this is several times faster than
     * Commons Math's general regression, and it matches NIST StRD Longley to 1e-9 relative (tested).
     */
    private static final class Qr {
        final int n;
        final double[] beta;
        final double rss;
        final double rSquared;
        final double[][] xtxInverse;
        /** R^-1, upper triangular. */
        final double[][] rInverse;
        /** Householder vectors: column j holds v_j in rows j .. n-1 (column-major design after the reduction). */
        final double[][] householder;
        /** v_j' v_j for each reflection. */
        final double[] vtv;
        /** Q'y after the reduction. */
        final double[] qty;

        private Qr(int n, double[] beta, double rss, double rSquared, double[][] xtxInverse, double[][] rInverse,
                   double[][] householder, double[] vtv, double[] qty) {
            this.n = n;
            this.beta = beta;
            this.rss = rss;
            this.rSquared = rSquared;
            this.xtxInverse = xtxInverse;
            this.rInverse = rInverse;
            this.householder = householder;
            this.vtv = vtv;
            this.qty = qty;
        }

        /** {@code H_1 ... H_p v}: a vector in the reduced basis back in the original coordinates. */
        private double[] applyQ(double[] v) {
            int p = householder.length;
            for (int j = p - 1; j >= 0; j--) {
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
            return v;
        }

        /**
         * The residuals from the reflections ({@code Q (0, (Q'y)_{p..n-1})}), not as {@code y - X b}: with a column
         * far from zero (an offset of 1e6) {@code X b} cancels most of its digits.
         */
        double[] residuals() {
            int p = householder.length;
            double[] v = new double[n];
            System.arraycopy(qty, p, v, p, n - p);
            return applyQ(v);
        }

        /** The thin Q, row by row ({@code n x p}): {@code X = Q R} with orthonormal columns. */
        double[][] thinQ() {
            int p = householder.length;
            double[][] q = new double[n][p];
            for (int c = 0; c < p; c++) {
                double[] e = new double[n];
                e[c] = 1;
                applyQ(e);
                for (int i = 0; i < n; i++) {
                    q[i][c] = e[i];
                }
            }
            return q;
        }

        static Qr of(double[] y, double[][] x, String[] names) {
            int n = y.length;
            int p = x[0].length + 1;
            double[][] a = new double[p][n]; // column-major design
            for (int i = 0; i < n; i++) {
                a[0][i] = 1;
                for (int j = 1; j < p; j++) {
                    a[j][i] = x[i][j - 1];
                }
            }
            double[] qty = y.clone();
            double[] diag = new double[p];
            double[] vtvs = new double[p];
            for (int j = 0; j < p; j++) {
                double[] col = a[j];
                double original = 0;
                for (int i = 0; i < n; i++) {
                    original = Math.max(original, Math.abs(col[i]));
                }
                double norm = 0;
                for (int i = j; i < n; i++) {
                    norm = Math.hypot(norm, col[i]);
                }
                if (!(norm > 1e-10 * Math.max(original, Double.MIN_NORMAL) * Math.sqrt(n)) || norm == 0) {
                    throw new IllegalArgumentException("ols: predictors are collinear (" + List.of(names) + ")");
                }
                double alpha = col[j] > 0 ? -norm : norm;
                // Householder vector v = col[j..] - alpha e1, stored in col[j..]
                col[j] -= alpha;
                double vtv = 0;
                for (int i = j; i < n; i++) {
                    vtv += col[i] * col[i];
                }
                vtvs[j] = vtv;
                for (int c = j + 1; c < p; c++) {
                    double[] other = a[c];
                    double dot = 0;
                    for (int i = j; i < n; i++) {
                        dot += col[i] * other[i];
                    }
                    double f = 2 * dot / vtv;
                    for (int i = j; i < n; i++) {
                        other[i] -= f * col[i];
                    }
                }
                double dot = 0;
                for (int i = j; i < n; i++) {
                    dot += col[i] * qty[i];
                }
                double f = 2 * dot / vtv;
                for (int i = j; i < n; i++) {
                    qty[i] -= f * col[i];
                }
                diag[j] = alpha;
            }
            // R: diag on the diagonal, a[c][r] above it (r < c)
            double[][] r = new double[p][p];
            for (int c = 0; c < p; c++) {
                for (int row = 0; row < c; row++) {
                    r[row][c] = a[c][row];
                }
                r[c][c] = diag[c];
            }
            double[] beta = new double[p];
            for (int row = p - 1; row >= 0; row--) {
                double v = qty[row];
                for (int c = row + 1; c < p; c++) {
                    v -= r[row][c] * beta[c];
                }
                beta[row] = v / r[row][row];
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
            double[][] xtxInv = new double[p][p];
            for (int i = 0; i < p; i++) {
                for (int j = i; j < p; j++) {
                    double v = 0;
                    for (int m = j; m < p; m++) {
                        v += inv[i][m] * inv[j][m];
                    }
                    xtxInv[i][j] = v;
                    xtxInv[j][i] = v;
                }
            }
            // the residual sum of squares from Q'y (as R's lm), not from y - X b, which cancels with a large offset
            double rss = 0;
            for (int i = p; i < n; i++) {
                rss += qty[i] * qty[i];
            }
            double mean = 0;
            for (double v : y) {
                mean += v;
            }
            mean /= n;
            double tss = 0;
            for (int i = 0; i < n; i++) {
                tss += (y[i] - mean) * (y[i] - mean);
            }
            for (double[] row : xtxInv) {
                for (double v : row) {
                    if (!Double.isFinite(v)) {
                        throw new IllegalArgumentException("ols: predictors are collinear (" + List.of(names) + ")");
                    }
                }
            }
            return new Qr(n, beta, rss, tss > 0 ? 1 - rss / tss : Double.NaN, xtxInv, inv, a, vtvs, qty);
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
        if (lag < 0) {
            throw new IllegalArgumentException("ols: Newey-West lag must be 0 or more, found " + lag);
        }
        validate(y, x, names);
        Qr qr = Qr.of(y, x, names);
        OlsResult ols = classical(qr, names);
        int n = y.length;
        int k = ols.terms().size();
        // The meat in the QR basis: psi_t = u_t q_t with q_t the t-th row of the thin Q, then V = R^-1 M R^-T. In raw
        // coordinates (x_t x_s' u_t u_s, then (X'X)^-1 M (X'X)^-1) a column with an offset of 1e6 makes the terms 1e11
        // times larger than the result and the standard errors lose half their digits.
        double[][] q = qr.thinQ();
        double[] u = qr.residuals();
        double[][] psi = new double[n][k];
        for (int t = 0; t < n; t++) {
            for (int a = 0; a < k; a++) {
                psi[t][a] = u[t] * q[t][a];
            }
        }
        double[][] meat = new double[k][k];
        for (int l = 0; l <= Math.min(lag, n - 1); l++) {
            double w = l == 0 ? 1 : 1 - l / (lag + 1.0);
            for (int t = l; t < n; t++) {
                double[] now = psi[t];
                double[] before = psi[t - l];
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b < k; b++) {
                        meat[a][b] += l == 0 ? w * now[a] * before[b] : w * (now[a] * before[b] + before[a] * now[b]);
                    }
                }
            }
        }
        double[][] inv = qr.rInverse;
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
        return new OlsResult(ols.terms(), ols.coefficients(), se, ols.residualSumOfSquares(), n, ols.rSquared(), cov);
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
