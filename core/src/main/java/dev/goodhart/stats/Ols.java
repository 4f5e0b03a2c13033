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
            return new OlsResult(terms, beta, se, rss, n, r2);
        } catch (SingularMatrixException e) {
            throw new IllegalArgumentException("ols: predictors are collinear (" + List.of(names) + ")", e);
        }
    }

    private static double[][] copy(double[][] x) {
        double[][] c = new double[x.length][];
        for (int i = 0; i < x.length; i++) {
            c[i] = x[i].clone();
        }
        return c;
    }
}
