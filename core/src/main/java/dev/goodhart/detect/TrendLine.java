package dev.goodhart.detect;

/**
 * The least-squares line through the observed values of {@code y[0, to)} (NaN is missing) against their index, taken
 * around a given level, with what an AR(1) correction of its error needs: the residuals' sum of squares and the sum of
 * products of consecutive residuals (both observed). Shared by the expected response's baseline fits and the proxy
 * onset search, which correct the autocorrelation each in their own way.
 *
 * @param n     observed values
 * @param mx    their mean index
 * @param level the level the values are taken around (their mean, or the one given)
 * @param slope the slope per index, 0 when the index does not vary
 * @param sxx   the sum of squared index deviations
 * @param rss   the residual sum of squares
 * @param lag1  the sum of products of consecutive residuals (both observed)
 */
record TrendLine(int n, double mx, double level, double slope, double sxx, double rss, double lag1) {

    /**
     * The line through {@code y[0, to)}.
     *
     * @param level the level the values are taken around; NaN for their own mean
     */
    static TrendLine of(double[] y, int to, double level) {
        boolean ownMean = Double.isNaN(level);
        int n = 0;
        double mx = 0;
        double my = 0;
        for (int b = 0; b < to; b++) {
            if (!Double.isNaN(y[b])) {
                n++;
                mx += b;
                if (ownMean) {
                    my += y[b];
                }
            }
        }
        mx /= n;
        my = ownMean ? my / n : level;
        double sxx = 0;
        double sxy = 0;
        for (int b = 0; b < to; b++) {
            if (!Double.isNaN(y[b])) {
                sxx += (b - mx) * (b - mx);
                sxy += (b - mx) * (y[b] - my);
            }
        }
        double slope = sxx > 0 ? sxy / sxx : 0;
        double rss = 0;
        double lag1 = 0;
        double previous = Double.NaN;
        for (int b = 0; b < to; b++) {
            if (Double.isNaN(y[b])) {
                previous = Double.NaN;
                continue;
            }
            double e = y[b] - my - slope * (b - mx);
            rss += e * e;
            if (!Double.isNaN(previous)) {
                lag1 += e * previous;
            }
            previous = e;
        }
        return new TrendLine(n, mx, my, slope, sxx, rss, lag1);
    }
}
