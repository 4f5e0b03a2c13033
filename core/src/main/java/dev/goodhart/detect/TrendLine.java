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

    /** Where {@link #into} writes each value: the observed count, the mean index, the level, the slope. */
    static final int N = 0;
    static final int MX = 1;
    static final int LEVEL = 2;
    static final int SLOPE = 3;
    /** ... the index's sum of squares, the residual sum of squares, the lag-1 sum of residual products. */
    static final int SXX = 4;
    static final int RSS = 5;
    static final int LAG1 = 6;
    /** How many values {@link #into} writes. */
    static final int SIZE = 7;

    /**
     * The line through {@code y[0, to)}.
     *
     * @param level the level the values are taken around; NaN for their own mean
     */
    static TrendLine of(double[] y, int to, double level) {
        double[] v = new double[SIZE];
        into(y, to, level, v);
        return new TrendLine((int) v[N], v[MX], v[LEVEL], v[SLOPE], v[SXX], v[RSS], v[LAG1]);
    }

    /**
     * The line {@link #of} gives, without an object: its values into {@code out} (at least {@link #SIZE} long) at
     * {@link #N}, {@link #MX}, {@link #LEVEL}, {@link #SLOPE}, {@link #SXX}, {@link #RSS} and {@link #LAG1}.
     */
    static void into(double[] y, int to, double level, double[] out) {
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
        out[N] = n;
        out[MX] = mx;
        out[LEVEL] = my;
        out[SLOPE] = slope;
        out[SXX] = sxx;
        out[RSS] = rss;
        out[LAG1] = lag1;
    }
    /**
     * The expected residual sum of squares of the line through the observed values of {@code y[0, to)}, in units of
     * the noise's variance, where that noise is AR(1) with autocorrelation {@code rho} from block to block (a missing
     * block is a step of the process unseen): {@code tr(M R)}, with {@code M} the line's residual projection and
     * {@code R} the noise's correlations, which is {@code n - 1'R1 / n - c'Rc / sxx} ({@code c} the centred indices).
     * It is {@code n - 2} for independent noise and falls as {@code rho} rises: a line through few autocorrelated
     * blocks follows their wander, so its residuals understate the noise (13 blocks at 0.5: 0.74 of {@code n - 2}; 5
     * blocks: 0.52); 1 below three observed values (no residual to read: as {@code max(1, n - 2)}). Linear in the
     * number of blocks: each quadratic form in {@code R} is one pass forward.
     */
    static double expectedRss(double[] y, int to, double rho) {
        TrendLine line = of(y, to, 0);
        return expectedRss(y, to, rho, line.n(), line.mx(), line.sxx());
    }

    /**
     * {@link #expectedRss(double[], int, double)} where the line's observed count {@code n}, mean index {@code mx} and
     * index sum of squares {@code sxx} are known (a fit has them).
     */
    static double expectedRss(double[] y, int to, double rho, int n, double mx, double sxx) {
        if (n < 3) {
            return 1;
        }
        if (!(rho > 0)) {
            return n - 2;
        }
        // x'Rx = sum x_i (x_i + 2 p_i), p_i = sum over earlier j of rho^(t_i - t_j) x_j = rho^gap (p_(i-1) + x_(i-1)):
        // one pass, for x = 1 and x = c, allocating nothing
        double quadraticOnes = 0;
        double quadraticCentred = 0;
        double earlierOnes = 0;
        double earlierCentred = 0;
        double previousCentred = 0;
        int last = -1;
        for (int b = 0; b < to; b++) {
            if (Double.isNaN(y[b])) {
                continue;
            }
            double c = b - mx;
            if (last >= 0) {
                double decay = b - last == 1 ? rho : Math.pow(rho, b - last);
                earlierOnes = decay * (earlierOnes + 1);
                earlierCentred = decay * (earlierCentred + previousCentred);
            }
            quadraticOnes += 1 + 2 * earlierOnes;
            quadraticCentred += c * (c + 2 * earlierCentred);
            previousCentred = c;
            last = b;
        }
        double trace = n - quadraticOnes / n - (sxx > 0 ? quadraticCentred / sxx : 0);
        return Math.max(trace, 1e-9);
    }
}
