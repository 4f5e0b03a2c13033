package dev.goodhart.stats;

import java.util.Locale;
import dev.goodhart.internal.StudentT;
import java.util.Objects;

/**
 * The slope of {@code y} on {@code x} where each {@code x_i} (and {@code y_i}) is itself an estimate with a known error
 * variance {@code s_i²} and a known covariance {@code c_i} between the errors of {@code x_i} and {@code y_i}: the
 * method-of-moments estimator of Fuller (1987, <i>Measurement Error Models</i>, sec. 1.2), {@code b = (m_xy - mean c) /
 * (m_xx - mean s²)} with {@code m} the sample moments (divisor {@code n - 1}). The observed slope is attenuated by the
 * reliability ratio {@code (m_xx - mean s²) / m_xx} and pulled toward the errors' own relation by their covariance;
 * both are undone.
 *
 * <p>Two standard errors. The <i>model</i> error is the least-squares slope's classical error over the reliability, as
 * if the reliability and the errors' covariance were known. The <i>robust</i> error is the sandwich
 * (estimating-equation, Stefanski and Boos 2002) error of the ratio {@code b = sum N_i / sum D_i} with {@code N_i =
 * dx_i dy_i - c_i (n - 1)/n} and {@code D_i = dx_i² - s_i² (n - 1)/n}, each observation's term {@code psi_i = N_i -
 * b D_i} divided by {@code 1 - h_i} with {@code h_i = 1/n + dx_i²/sxx} its leverage: {@code sqrt(sum (psi_i / (1 -
 * h_i))²) / sum D_i}. It carries what the model error leaves out: the denominator is estimated too (the spread of the
 * true {@code x} is the spread observed less the errors', and where the reliability is low that difference is
 * uncertain), and the errors and the scatter may differ from observation to observation. Without measurement errors
 * it is the HC3 heteroscedasticity-consistent error of the least-squares slope (MacKinnon and White 1985), the one
 * Long and Ervin (2000) recommend for small samples, where HC0 and HC1 are too small. A bound on the slope uses the
 * larger of the two errors ({@link #standardError()}) and Student's t with {@code n - 2} degrees of freedom
 * ({@link #lowerBound}).
 *
 * @param n                   the number of observations
 * @param slope               the corrected slope; NaN where {@code x} does not vary or the reliability is not positive
 * @param modelStandardError  the least-squares slope's classical error over the reliability
 * @param robustStandardError the sandwich error of the ratio
 * @param reliability         {@code max(0, m_xx - mean s²) / m_xx}, in [0, 1]; 0 where {@code x} does not vary
 * @param observedSlope       the least-squares slope of the observed values, uncorrected
 */
public record ErrorsInVariablesSlope(int n, double slope, double modelStandardError, double robustStandardError,
        double reliability, double observedSlope) {

    /** Checks {@code n >= 0} and a reliability in [0, 1]. */
    public ErrorsInVariablesSlope {
        if (n < 0 || !(reliability >= 0 && reliability <= 1)) {
            throw new IllegalArgumentException("errors in variables: n " + n + ", reliability " + reliability);
        }
    }

    /**
     * Estimates the slope over the first {@code n} values; each {@code x} is read as {@code xSign * x[i]} and each
     * {@code y} as {@code ySign * y[i]}, so that a caller keeping unsigned values needs no signed copies ({@code
     * errorCovariance} is taken as given: it is the covariance of the signed errors).
     *
     * @param x               the estimated predictors
     * @param xSign           1 or -1
     * @param y               the estimated responses
     * @param ySign           1 or -1
     * @param xErrorSe        the standard error of each {@code x[i]}; null for none (the least-squares slope, its
     *                        classical error and, as the robust one, its HC3 error)
     * @param errorCovariance the covariance of the errors of {@code xSign x[i]} and {@code ySign y[i]}; null for none
     * @param n               how many values to use, from the first; at least 3
     * @return the estimate; its slope and errors NaN where {@code x} does not vary or nothing of its spread is left
     *         once the errors' is taken away
     * @throws IllegalArgumentException if {@code n < 3}, an array is shorter than {@code n} or a sign is not 1 or -1
     */
    public static ErrorsInVariablesSlope of(double[] x, int xSign, double[] y, int ySign, double[] xErrorSe,
                                            double[] errorCovariance, int n) {
        return of(x, xSign, y, ySign, xErrorSe, errorCovariance, n, 1, 0);
    }

    /**
     * As {@link #of(double[], int, double[], int, double[], double[], int)}, each error variance read as {@code
     * varianceScale xErrorSe[i]²} and each error covariance as {@code errorCovariance[i] + covarianceShift}: errors
     * read on a sample of the observations and carried to all of them, without a copy.
     *
     * @param varianceScale   the factor on every error variance, at least 0
     * @param covarianceShift what is added to every error covariance
     * @throws IllegalArgumentException as the other, or if {@code varianceScale} is negative or not finite
     */
    public static ErrorsInVariablesSlope of(double[] x, int xSign, double[] y, int ySign, double[] xErrorSe,
                                            double[] errorCovariance, int n, double varianceScale,
                                            double covarianceShift) {
        if (!(varianceScale >= 0 && Double.isFinite(varianceScale)) || !Double.isFinite(covarianceShift)) {
            throw new IllegalArgumentException("errors in variables: variance scale " + varianceScale
                    + ", covariance shift " + covarianceShift);
        }
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (n < 3 || x.length < n || y.length < n || (xErrorSe != null && xErrorSe.length < n)
                || (errorCovariance != null && errorCovariance.length < n)) {
            throw new IllegalArgumentException("errors in variables: " + n + " values asked (at least 3), arrays of "
                    + x.length + " and " + y.length);
        }
        if (Math.abs(xSign) != 1 || Math.abs(ySign) != 1) {
            throw new IllegalArgumentException("errors in variables: signs must be 1 or -1, found " + xSign + ", "
                    + ySign);
        }
        // each value read from the first one's (exact where they are close: a value 1e9 from zero keeps the digits
        // of its difference from the others, which the mean alone, rounded at 1e9, does not; a helper's comparison:
        // robust errors 3e-7 off at 1e9 offsets)
        double px = xSign * x[0];
        double py = ySign * y[0];
        double mx = 0;
        double my = 0;
        double largest = 0;
        for (int i = 0; i < n; i++) {
            mx += (xSign * x[i] - px) / n;
            my += (ySign * y[i] - py) / n;
            largest = Math.max(largest, Math.abs(x[i]));
        }
        double sxx = 0;
        double sxy = 0;
        double noise = 0;
        double shared = 0;
        for (int i = 0; i < n; i++) {
            double dx = xSign * x[i] - px - mx;
            double dy = ySign * y[i] - py - my;
            sxx += dx * dx;
            sxy += dx * dy;
            noise += xErrorSe == null ? 0 : varianceScale * xErrorSe[i] * xErrorSe[i];
            shared += (errorCovariance == null ? 0 : errorCovariance[i]) + covarianceShift;
        }
        // x does not vary where its spread is no more than rounding of its largest value: relative to the values,
        // not absolute (an absolute 1e-12 refused every x in units below about 1e-6: x of 0, 1e-7, 2e-7)
        double rounding = 1e-13 * largest;
        if (!(sxx > n * rounding * rounding)) {
            return new ErrorsInVariablesSlope(n, Double.NaN, Double.NaN, Double.NaN, 0, Double.NaN);
        }
        double observed = sxy / sxx;
        double rss = 0;
        for (int i = 0; i < n; i++) {
            double r = ySign * y[i] - py - my - observed * (xSign * x[i] - px - mx);
            rss += r * r;
        }
        double variance = sxx / (n - 1);
        double reliability = Math.max(0, variance - noise / n) / variance;
        // the sums of N_i and D_i: sum D = sxx - (n - 1) mean s², sum N = sxy - (n - 1) mean c
        double sumD = sxx - (n - 1) * (noise / n);
        double sumN = sxy - (n - 1) * (shared / n);
        if (!(reliability > 0) || !(sumD > 1e-12 * sxx)) {
            return new ErrorsInVariablesSlope(n, Double.NaN, Double.NaN, Double.NaN, 0, observed);
        }
        double slope = sumN / sumD;
        double modelSe = Math.sqrt(rss / (n - 2) / sxx) / reliability;
        double scale = (n - 1.0) / n;
        double influence = 0;
        for (int i = 0; i < n; i++) {
            double dx = xSign * x[i] - px - mx;
            double dy = ySign * y[i] - py - my;
            double c = (errorCovariance == null ? 0 : errorCovariance[i]) + covarianceShift;
            double s2 = xErrorSe == null ? 0 : varianceScale * xErrorSe[i] * xErrorSe[i];
            double psi = dx * dy - c * scale - slope * (dx * dx - s2 * scale);
            // HC3: each term over one less its leverage (a point that alone sets the slope has none to spare)
            double spare = 1 - 1.0 / n - dx * dx / sxx;
            influence += spare > 1e-12 ? psi * psi / (spare * spare) : Double.NaN;
        }
        double robustSe = Math.sqrt(influence) / sumD;
        return new ErrorsInVariablesSlope(n, slope, modelSe, robustSe, reliability, observed);
    }

    /** The larger of the two standard errors: a bound on the slope should carry both (NaN with the slope). */
    public double standardError() {
        return Math.max(modelStandardError, robustStandardError);
    }

    /**
     * The one-sided lower confidence bound {@code slope - t standardError()} with {@code t} Student's quantile at
     * {@code probability} with {@code n - 2} degrees of freedom (with 8 observations and {@code probability} 0.97725,
     * the normal's two standard errors, {@code t} is 2.52; with 60, 2.04). NaN with the slope.
     *
     * @param probability the bound's coverage, in (0.5, 1)
     * @return the bound
     * @throws IllegalArgumentException if {@code probability} is not in (0.5, 1)
     */
    public double lowerBound(double probability) {
        if (!(probability > 0.5 && probability < 1)) {
            throw new IllegalArgumentException("errors in variables: bound probability " + probability
                    + " is not in (0.5, 1)");
        }
        if (!Double.isFinite(slope) || !Double.isFinite(standardError())) {
            return Double.NaN;
        }
        double t = StudentT.quantile(n - 2, probability);
        return slope - t * standardError();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "errors-in-variables slope %.4f (se %.4f model, %.4f robust; reliability "
                + "%.3f, observed %.4f, n = %d)", slope, modelStandardError, robustStandardError, reliability,
                observedSlope, n);
    }
}
