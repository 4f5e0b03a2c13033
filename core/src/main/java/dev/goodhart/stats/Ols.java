package dev.goodhart.stats;

import java.util.ArrayList;
import java.util.List;
import org.apache.commons.math3.linear.SingularMatrixException;
import org.apache.commons.math3.stat.regression.OLSMultipleLinearRegression;

/**
 * Ordinary least squares with an intercept, by Commons Math's QR-based {@link OLSMultipleLinearRegression}
 * (which reproduces the NIST StRD certified values for Longley).
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
        OLSMultipleLinearRegression reg = new OLSMultipleLinearRegression();
        reg.newSampleData(y.clone(), copy(x));
        try {
            double[] beta = reg.estimateRegressionParameters();
            double[] se = reg.estimateRegressionParametersStandardErrors();
            List<String> terms = new ArrayList<>();
            terms.add("(Intercept)");
            terms.addAll(List.of(names));
            for (double v : se) {
                if (!Double.isFinite(v)) {
                    throw new IllegalArgumentException("ols: predictors are collinear");
                }
            }
            double rss = reg.calculateResidualSumOfSquares();
            double r2 = reg.calculateRSquared();
            double[][] cov = reg.estimateRegressionParametersVariance();
            double sigma2 = reg.estimateErrorVariance();
            for (double[] row : cov) {
                for (int j = 0; j < row.length; j++) {
                    row[j] *= sigma2;
                }
            }
            return new OlsResult(terms, beta, se, rss, n, r2, cov);
        } catch (SingularMatrixException e) {
            throw new IllegalArgumentException("ols: predictors are collinear (" + List.of(names) + ")", e);
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
        OlsResult ols = fit(y, x, names);
        int n = y.length;
        int k = ols.terms().size();
        double[][] design = new double[n][k];
        double[] u = new double[n];
        for (int i = 0; i < n; i++) {
            design[i][0] = 1;
            System.arraycopy(x[i], 0, design[i], 1, k - 1);
            double fitted = 0;
            for (int j = 0; j < k; j++) {
                fitted += design[i][j] * ols.coefficient(j);
            }
            u[i] = y[i] - fitted;
        }
        double[][] meat = new double[k][k];
        for (int l = 0; l <= Math.min(lag, n - 1); l++) {
            double w = l == 0 ? 1 : 1 - l / (lag + 1.0);
            for (int t = l; t < n; t++) {
                double uu = w * u[t] * u[t - l];
                for (int a = 0; a < k; a++) {
                    for (int b = 0; b < k; b++) {
                        double term = design[t][a] * design[t - l][b];
                        meat[a][b] += l == 0 ? uu * term : uu * (term + design[t - l][a] * design[t][b]);
                    }
                }
            }
        }
        org.apache.commons.math3.linear.RealMatrix xtx = org.apache.commons.math3.linear.MatrixUtils
                .createRealMatrix(design).transpose().multiply(
                        org.apache.commons.math3.linear.MatrixUtils.createRealMatrix(design));
        org.apache.commons.math3.linear.RealMatrix bread;
        try {
            bread = new org.apache.commons.math3.linear.QRDecomposition(xtx).getSolver().getInverse();
        } catch (SingularMatrixException e) {
            throw new IllegalArgumentException("ols: predictors are collinear (" + List.of(names) + ")", e);
        }
        org.apache.commons.math3.linear.RealMatrix cov = bread.multiply(
                org.apache.commons.math3.linear.MatrixUtils.createRealMatrix(meat)).multiply(bread);
        double[] se = new double[k];
        for (int j = 0; j < k; j++) {
            se[j] = Math.sqrt(Math.max(0, cov.getEntry(j, j)));
        }
        return new OlsResult(ols.terms(), ols.coefficients(), se, ols.residualSumOfSquares(), n, ols.rSquared(),
                cov.getData());
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
