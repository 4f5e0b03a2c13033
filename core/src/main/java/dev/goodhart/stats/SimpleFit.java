package dev.goodhart.stats;

import java.util.List;
import java.util.Objects;

/**
 * The least-squares line {@code y = a + b x} of one predictor with an intercept, from the centred sums of the data
 * ({@link #of}): the same fit as {@link Ols#fit} with one predictor, to rounding, without a design matrix. The detectors
 * fit such lines by the thousand on their scoring path (the slope of outcome changes on proxy changes, and the two
 * windows of a slope break), where the general QR's row arrays were most of the cost.
 *
 * <p>Three passes over the data, each over centred values: the means (each corrected by the mean deviation, as R's
 * {@code mean}), the centred sums of squares and products, and the residuals themselves, so that neither the slope nor
 * the residual sum of squares subtracts numbers of the data's size (values around 1e6 that vary by 1e-3 keep their
 * digits; a perfect fit has a residual sum of squares at rounding level, not the cancellation of {@code syy - b sxy}).
 *
 * @param n                    the number of observations
 * @param meanX                the mean of x
 * @param meanY                the mean of y
 * @param sxx                  the centred sum of squares of x
 * @param sxy                  the centred sum of products
 * @param residualSumOfSquares the sum of squared residuals
 */
public record SimpleFit(int n, double meanX, double meanY, double sxx, double sxy, double residualSumOfSquares) {

    /**
     * Checks that the sums describe a fit: {@code n >= 3}, finite means and sums, {@code sxx > 0} and a residual sum
     * of squares of 0 or more.
     */
    public SimpleFit {
        if (n < 3 || !Double.isFinite(meanX) || !Double.isFinite(meanY) || !(sxx > 0) || !Double.isFinite(sxx)
                || !Double.isFinite(sxy) || !(residualSumOfSquares >= 0) || !Double.isFinite(residualSumOfSquares)) {
            throw new IllegalArgumentException("ols: not a fit (n " + n + ", sxx " + sxx + ", sxy " + sxy + ", rss "
                    + residualSumOfSquares + ")");
        }
    }

    /**
     * Fits {@code y = a + b x} over the first {@code n} values of each array.
     *
     * @param x the predictor
     * @param y the response
     * @param n how many values to use, from the first
     * @return the fit
     * @throws IllegalArgumentException if {@code n < 3}, either array is shorter than {@code n}, a value is not finite,
     *                                  a sum overflows, or x does not vary by {@link Ols#fit}'s rule (its QR's: the
     *                                  norm of x after the intercept's Householder reflection, below the first row,
     *                                  at most {@code 1e-10 sqrt(n)} times the largest entry of the reflected column,
     *                                  whose first row is about {@code sqrt(n) |mean x|}), computed the same way
     *                                  here, or its squared deviations underflow (below about 1e-154)
     */
    public static SimpleFit of(double[] x, double[] y, int n) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (n < 3) {
            throw new IllegalArgumentException("ols: needs more than 2 observations, found " + n);
        }
        if (x.length < n || y.length < n) {
            throw new IllegalArgumentException("ols: " + n + " values asked, x has " + x.length + " and y " + y.length);
        }
        double mx = 0;
        double my = 0;
        for (int i = 0; i < n; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                throw new IllegalArgumentException("ols: row " + i + " has a value that is not finite");
            }
            mx += x[i];
            my += y[i];
        }
        mx /= n;
        my /= n;
        double dx = 0;
        double dy = 0;
        for (int i = 0; i < n; i++) {
            dx += x[i] - mx;
            dy += y[i] - my;
        }
        mx += dx / n;
        my += dy / n;
        double sxx = 0;
        double sxy = 0;
        for (int i = 0; i < n; i++) {
            double u = x[i] - mx;
            sxx += u * u;
            sxy += u * (y[i] - my);
        }
        if (!Double.isFinite(sxx) || !Double.isFinite(sxy)) {
            throw new IllegalArgumentException("ols: the sums of squares overflow (values too large to fit)");
        }
        if (!variesAsOlsSees(x, n)) {
            throw new IllegalArgumentException("ols: the predictor does not vary (collinear with the intercept)");
        }
        double b = sxy / sxx;
        double rss = 0;
        for (int i = 0; i < n; i++) {
            double r = y[i] - my - b * (x[i] - mx);
            rss += r * r;
        }
        if (!Double.isFinite(rss)) {
            throw new IllegalArgumentException("ols: the residual sum of squares overflows (values too large to fit)");
        }
        return new SimpleFit(n, mx, my, sxx, sxy, rss);
    }

    /**
     * {@link Ols#fit}'s collinearity test for a column of x beside the intercept: the intercept's Householder vector
     * is {@code v = (1 + sqrt(n), 1, ..., 1)} (the column of ones, less {@code -sqrt(n)} in its first row), which
     * turns x into {@code x_0 - f v_0} in the first row and {@code x_i - f} below it, {@code f = 2 v'x / v'v}; x varies
     * when the norm below the first row exceeds {@code 1e-10 sqrt(n)} times the largest entry. The QR's reflection and
     * tolerance; its norm unscaled, as this fit's sums of squares (the QR's is scaled, so only data whose squared
     * deviations underflow, below about 1e-154, are treated differently), so both refuse the same predictors.
     */
    private static boolean variesAsOlsSees(double[] x, int n) {
        double root = Math.sqrt(n);
        double v0 = 1 + root;
        double vx = v0 * x[0];
        for (int i = 1; i < n; i++) {
            vx += x[i];
        }
        double f = 2 * vx / (v0 * v0 + (n - 1));
        // unscaled, as this fit's own sums of squares: data whose squared deviations underflow are refused here as
        // there (the QR scales its norms and would fit them)
        double largest = Math.abs(x[0] - f * v0);
        double sum = 0;
        for (int i = 1; i < n; i++) {
            double r = x[i] - f;
            largest = Math.max(largest, Math.abs(r));
            sum += r * r;
        }
        double norm = Math.sqrt(sum);
        return norm > 1e-10 * Math.max(largest, Double.MIN_NORMAL) * root && norm != 0;
    }

    /** The slope {@code b}. */
    public double slope() {
        return sxy / sxx;
    }

    /** The intercept {@code a}. */
    public double intercept() {
        return meanY - slope() * meanX;
    }

    /** The residual variance, {@code rss / (n - 2)}. */
    public double residualVariance() {
        return residualSumOfSquares / (n - 2);
    }

    /** The slope's classical standard error, {@code sqrt(rss / (n - 2) / sxx)}. */
    public double slopeStandardError() {
        return Math.sqrt(residualVariance() / sxx);
    }

    /** R², as R's {@code summary.lm}: {@code mss / (mss + rss)} with {@code mss = b² sxx}; NaN when both are 0. */
    public double rSquared() {
        double mss = slope() * sxy;
        return mss + residualSumOfSquares > 0 ? mss / (mss + residualSumOfSquares) : Double.NaN;
    }

    /**
     * The fit as {@link Ols#fit} reports it: terms "(Intercept)" and {@code name}, classical standard errors and their
     * covariance.
     *
     * @param name the predictor's name
     * @return the fit as an {@link OlsResult}
     */
    public OlsResult toOlsResult(String name) {
        double s2 = residualVariance();
        double varB = s2 / sxx;
        double varA = s2 * (1.0 / n + meanX * meanX / sxx);
        double cov = -meanX * varB;
        return new OlsResult(List.of("(Intercept)", name), new double[] {intercept(), slope()},
                new double[] {Math.sqrt(varA), Math.sqrt(varB)}, residualSumOfSquares, n, rSquared(),
                new double[][] {{varA, cov}, {cov, varB}});
    }
}
