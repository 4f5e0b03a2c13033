package dev.goodhart.detect;

import org.apache.commons.math3.analysis.solvers.BrentSolver;
import org.apache.commons.math3.linear.Array2DRowRealMatrix;
import org.apache.commons.math3.linear.EigenDecomposition;
import org.apache.commons.math3.linear.RealMatrix;

/**
 * The lag-1 autocorrelation of AR(1) noise read from the residuals about least-squares lines through {@code n}
 * consecutive blocks, exactly: the ratio {@code r = sum e_t e_(t-1) / sum e_t²} of such residuals averages well below
 * the noise's {@code rho} (13 blocks at 0.5: 0.13; 5 blocks at 0.5: -0.34, at 0: -0.40), and a first-order correction
 * such as Kendall's ({@code rho - (2 + k rho) / n}) misses the average of the ratios by 0.06 to 0.2 on the short
 * baselines a calendar of weeks has. The expectation of the ratio of the two quadratic forms is Magnus's (1986)
 * integral {@code E[x'Px / x'Qx] = integral over t >= 0 of det(I + 2tQ)^(-1/2) tr((I + 2tQ)^(-1) P) dt} for standard
 * normal {@code x}, here over the eigenvectors of the residuals' covariance {@code M R M} ({@code M} the line's
 * residual projection, {@code R} the AR(1) correlations); a calendar's segments' mean ratio is then inverted for the
 * {@code rho} whose expectation it is ({@link #solve}).
 */
final class LineAutocorrelation {

    /** The integral's substitution {@code t = exp(x)}: its step and range in {@code x} (the integrand decays fast). */
    private static final double STEP = 0.05;
    private static final double RANGE = 25;

    private LineAutocorrelation() {
    }

    /**
     * The expected lag-1 ratio of the residuals about a least-squares line through {@code n} consecutive blocks of
     * AR(1) noise with autocorrelation {@code rho} (any variance).
     *
     * @param n   blocks, at least 3
     * @param rho the noise's autocorrelation, in [0, 1)
     */
    static double expectedRatio(int n, double rho) {
        if (n < 3) {
            throw new IllegalArgumentException("a line's residuals need at least 3 blocks, got " + n);
        }
        if (!(rho >= 0 && rho < 1)) {
            throw new IllegalArgumentException("the autocorrelation must lie in [0, 1), got " + rho);
        }
        double mx = (n - 1) / 2.0;
        double sxx = 0;
        for (int i = 0; i < n; i++) {
            sxx += (i - mx) * (i - mx);
        }
        if (rho == 0) {
            // independent noise: the ratio is independent of its denominator, so its expectation is tr(M A) / (n - 2),
            // and tr(M A) = -tr(H A), the hat matrix's entries next to its diagonal
            double next = 0;
            for (int i = 0; i + 1 < n; i++) {
                next += 1.0 / n + (i - mx) * (i + 1 - mx) / sxx;
            }
            return -next / (n - 2);
        }
        double[][] m = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                m[i][j] = (i == j ? 1 : 0) - 1.0 / n - (i - mx) * (j - mx) / sxx;
            }
        }
        double[][] r = new double[n][n];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                r[i][j] = Math.pow(rho, Math.abs(i - j));
            }
        }
        RealMatrix projection = new Array2DRowRealMatrix(m, false);
        RealMatrix covariance = projection.multiply(new Array2DRowRealMatrix(r, false)).multiply(projection);
        // symmetric up to rounding: made exactly so for the symmetric decomposition
        double[][] s = covariance.getData();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < i; j++) {
                double mean = (s[i][j] + s[j][i]) / 2;
                s[i][j] = mean;
                s[j][i] = mean;
            }
        }
        EigenDecomposition eigen = new EigenDecomposition(new Array2DRowRealMatrix(s, false));
        double[] values = eigen.getRealEigenvalues();
        double largest = 0;
        for (double v : values) {
            largest = Math.max(largest, v);
        }
        int k = 0;
        double[] gamma = new double[n];
        double[] weight = new double[n];
        double total = 0;
        for (int j = 0; j < n; j++) {
            if (!(values[j] > 1e-10 * largest)) {
                continue;
            }
            double[] v = eigen.getEigenvector(j).toArray();
            double lagged = 0;
            for (int i = 1; i < n; i++) {
                lagged += v[i] * v[i - 1];
            }
            gamma[k] = values[j];
            weight[k] = values[j] * lagged;
            total += values[j];
            k++;
        }
        // scaled to a mean eigenvalue of 1, so that the integral's range in log t is the same for any variance
        double scale = total / k;
        double integral = 0;
        for (double x = -RANGE; x <= RANGE; x += STEP) {
            double t = Math.exp(x);
            double determinant = 1;
            double trace = 0;
            for (int j = 0; j < k; j++) {
                double d = 1 + 2 * t * gamma[j] / scale;
                determinant *= d;
                trace += weight[j] / scale / d;
            }
            integral += trace / Math.sqrt(determinant) * t;
        }
        return integral * STEP;
    }

    /**
     * The autocorrelation in [0, {@code highest}] whose expected ratio over {@code n} blocks ({@link #expectedRatio})
     * is {@code meanRatio}: 0 where the mean lies at or below the expectation of independent noise, {@code highest}
     * where it lies at or above that of {@code highest}; else Brent's root to 1e-4 (the expectation rises with {@code
     * rho}), about eight evaluations of the integral.
     */
    static double solve(int n, double meanRatio, double highest) {
        if (!(highest > 0 && highest < 1)) {
            throw new IllegalArgumentException("the highest autocorrelation must lie in (0, 1), got " + highest);
        }
        if (!(meanRatio > expectedRatio(n, 0))) {
            return 0;
        }
        if (meanRatio >= expectedRatio(n, highest)) {
            return highest;
        }
        return new BrentSolver(1e-4).solve(100, rho -> expectedRatio(n, rho) - meanRatio, 0, highest);
    }
}
