package dev.goodhart.detect;

import dev.goodhart.stats.Descriptive;

/**
 * A straight line read robustly through points {@code (x, y)}: the Theil-Sen slope (the median of the pairwise slopes;
 * a least-squares line leans toward an outlier at either end and hides it), the median of {@code y - slope x} as its
 * intercept, and the residuals' robust scale (1.4826 median absolute deviations about it). Up to {@value #ALL_PAIRS}
 * points every pair counts; beyond (hourly data), the pairs half the points apart, a linear number of them.
 *
 * @param slope     the change of {@code y} per unit of {@code x}
 * @param intercept the line at {@code x = 0}
 * @param scale     the residuals' robust standard deviation
 */
record RobustLine(double slope, double intercept, double scale) {
    /** Up to this many points the slope is the median of all pairs' slopes. */
    static final int ALL_PAIRS = 400;

    /** The line through the first {@code n} points, their {@code x} ascending and distinct; n at least 2. */
    static RobustLine of(int[] x, double[] y, int n) {
        int half = n / 2;
        boolean all = n <= ALL_PAIRS;
        double[] slopes = new double[all ? n * (n - 1) / 2 : n - half];
        int m = 0;
        for (int i = 0; i < n; i++) {
            for (int j = all ? i + 1 : i + half; j < n && (all || j == i + half); j++) {
                slopes[m++] = (y[j] - y[i]) / (x[j] - x[i]);
            }
        }
        double slope = Descriptive.medianInPlace(slopes, 0, m);
        double[] residual = new double[n];
        for (int k = 0; k < n; k++) {
            residual[k] = y[k] - slope * x[k];
        }
        double intercept = Descriptive.medianInPlace(residual.clone(), 0, n);
        for (int k = 0; k < n; k++) {
            residual[k] = Math.abs(residual[k] - intercept);
        }
        return new RobustLine(slope, intercept, 1.4826 * Descriptive.medianInPlace(residual, 0, n));
    }

    /** How far {@code y} at {@code x} is off the line (positive above it). */
    double off(int x, double y) {
        return (y - slope * x) - intercept;
    }
}
