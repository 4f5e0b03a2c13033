package dev.goodhart.stats;

import java.util.Objects;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * An ordinary least squares fit: coefficients with their standard errors, t statistics and two-sided p-values.
 * Arrays are copied in and out.
 *
 * @param terms          the term names, intercept first when there is one
 * @param coefficients   estimates, one per term
 * @param standardErrors classical (homoskedastic) standard errors, one per term
 * @param residualSumOfSquares sum of squared residuals
 * @param n              number of observations
 * @param rSquared       coefficient of determination
 * @param covariance     the estimated covariance matrix of the coefficients (terms x terms), of the same kind as
 *                       the standard errors (classical or Newey-West)
 */
public record OlsResult(List<String> terms, double[] coefficients, double[] standardErrors,
        double residualSumOfSquares, int n, double rSquared, double[][] covariance) {

    /** Copies the arrays and checks that every array has one entry per term. */
    public OlsResult {
        terms = List.copyOf(Objects.requireNonNull(terms, "terms"));
        coefficients = Objects.requireNonNull(coefficients, "coefficients").clone();
        standardErrors = Objects.requireNonNull(standardErrors, "standardErrors").clone();
        covariance = deepCopy(Objects.requireNonNull(covariance, "covariance"));
        if (coefficients.length != terms.size() || standardErrors.length != terms.size()
                || covariance.length != terms.size()) {
            throw new IllegalArgumentException("ols: one coefficient, standard error and covariance row per term expected");
        }
    }

    @Override
    public double[][] covariance() {
        return deepCopy(covariance);
    }

    /** The standard error of the linear combination {@code sum(w_i b_i)} of the coefficients. */
    public double standardErrorOf(double... weights) {
        if (weights.length != terms.size()) {
            throw new IllegalArgumentException("ols: " + terms.size() + " weights expected, found " + weights.length);
        }
        double v = 0;
        for (int a = 0; a < weights.length; a++) {
            for (int b = 0; b < weights.length; b++) {
                v += weights[a] * weights[b] * covariance[a][b];
            }
        }
        return Math.sqrt(Math.max(0, v));
    }

    private static double[][] deepCopy(double[][] m) {
        double[][] c = new double[m.length][];
        for (int i = 0; i < m.length; i++) {
            c[i] = m[i].clone();
        }
        return c;
    }

    @Override
    public double[] coefficients() {
        return coefficients.clone();
    }

    @Override
    public double[] standardErrors() {
        return standardErrors.clone();
    }

    /** Residual degrees of freedom, n minus the number of terms. */
    public int degreesOfFreedom() {
        return n - terms.size();
    }

    /** The estimate of term {@code i}. */
    public double coefficient(int i) {
        return coefficients[i];
    }

    /** The standard error of term {@code i}. */
    public double standardError(int i) {
        return standardErrors[i];
    }

    /** The t statistic of term {@code i}. */
    public double t(int i) {
        return coefficients[i] / standardErrors[i];
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OlsResult r && terms.equals(r.terms) && Arrays.equals(coefficients, r.coefficients)
                && Arrays.equals(standardErrors, r.standardErrors) && residualSumOfSquares == r.residualSumOfSquares
                && n == r.n && rSquared == r.rSquared;
    }

    @Override
    public int hashCode() {
        return 31 * terms.hashCode() + Arrays.hashCode(coefficients);
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder(String.format(Locale.ROOT, "OLS (n = %d, R² = %.4f)%n", n, rSquared));
        for (int i = 0; i < terms.size(); i++) {
            sb.append(String.format(Locale.ROOT, "  %-14s %14.6g  (se %.4g, t %.3f)%n", terms.get(i), coefficients[i],
                    standardErrors[i], t(i)));
        }
        return sb.toString().stripTrailing();
    }
}
