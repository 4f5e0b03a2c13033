package dev.goodhart.stats;

import dev.goodhart.internal.CoMoments;
import java.util.Arrays;
import java.util.Objects;

/**
 * Correlations over a sliding window, updated in place as the window moves instead of recomputed from scratch.
 *
 * <ul>
 *   <li>{@link #pearson}: O(1) per step. Means and co-moments are updated with the numerically stable one-pass
 *       formulas for adding and removing a point (Welford 1962; Chan, Golub &amp; LeVeque 1983), so that long series
 *       with a large mean do not lose precision the way raw running sums do; a window whose variance is within
 *       rounding of zero, or a million times below the largest since the sums were last recomputed (large values that
 *       left the window leave rounding of their size), is recomputed directly, so a constant window gives NaN, not
 *       noise, and a quiet window after a spike its own correlation.</li>
 *   <li>{@link #spearman}: O(w) per step and no sorting: the window keeps every point's mid-rank (R's
 *       {@code rank(ties.method = "average")}); a point entering or leaving moves each other point's rank by 0, 1/2 or
 *       1, and the rank sums are updated in the same pass. A re-sort per window costs O(w log w) and allocates.</li>
 * </ul>
 *
 * <p>Position {@code i} of the result is the correlation of the window ending at {@code i} (points
 * {@code i - w + 1 .. i}); the first {@code w - 1} positions are NaN, and so is a window in which a series is
 * constant. Inputs must be finite. Stateless and thread-safe.
 */
public final class Rolling {
    private Rolling() {
    }

    /**
     * Pearson correlation over every window of {@code window} points.
     *
     * @throws IllegalArgumentException if the lengths differ, a value is not finite or the window is below 3
     */
    public static double[] pearson(double[] x, double[] y, int window) {
        int n = check(x, y, window);
        double[] out = new double[n];
        Arrays.fill(out, Double.NaN);
        CoMoments m = new CoMoments();
        for (int i = 0; i < n; i++) {
            m.add(x[i], y[i]);
            if (m.count() > window) {
                m.remove(x[i - window], y[i - window]);
            }
            if (m.count() == window) {
                if (m.mayHaveLostPrecision()) {
                    // rounding left in the running sums could pose as variance or outweigh it: re-anchor them on the
                    // window itself (two-pass); rare for real data, exact for constant windows
                    m.reset(x, y, i - window + 1, i + 1);
                }
                out[i] = m.correlation();
            }
        }
        return out;
    }

    /**
     * Spearman rank correlation (Pearson correlation of mid-ranks) over every window of {@code window} points.
     *
     * @throws IllegalArgumentException if the lengths differ, a value is not finite or the window is below 3
     */
    public static double[] spearman(double[] x, double[] y, int window) {
        int n = check(x, y, window);
        double[] out = new double[n];
        Arrays.fill(out, Double.NaN);
        if (n < window) {
            return out;
        }
        // ranks of the window's points, stored at their position modulo the window (a ring)
        double[] rx = new double[window];
        double[] ry = new double[window];
        for (int a = 0; a < window; a++) {
            double lx = 0;
            double ly = 0;
            for (int b = 0; b < window; b++) {
                lx += x[b] < x[a] ? 1 : x[b] == x[a] ? 0.5 : 0;
                ly += y[b] < y[a] ? 1 : y[b] == y[a] ? 0.5 : 0;
            }
            rx[a] = lx + 0.5;
            ry[a] = ly + 0.5;
        }
        out[window - 1] = rankCorrelation(rx, ry);
        for (int i = window; i < n; i++) {
            int old = i - window;
            int slot = old % window;
            double ox = x[old];
            double oy = y[old];
            double nx = x[i];
            double ny = y[i];
            double lx = 0;
            double ly = 0;
            for (int s = 0; s < window; s++) {
                if (s == slot) {
                    continue;
                }
                int t = s;
                double vx = valueAt(x, i, window, t);
                double vy = valueAt(y, i, window, t);
                rx[s] += step(nx, vx) - step(ox, vx);
                ry[s] += step(ny, vy) - step(oy, vy);
                lx += vx < nx ? 1 : vx == nx ? 0.5 : 0;
                ly += vy < ny ? 1 : vy == ny ? 0.5 : 0;
            }
            rx[slot] = lx + 1;
            ry[slot] = ly + 1;
            out[i] = rankCorrelation(rx, ry);
        }
        return out;
    }

    /** How much a point of value v raises the mid-rank of a point of value u: 1 if v < u, 1/2 if equal. */
    private static double step(double v, double u) {
        return v < u ? 1 : v == u ? 0.5 : 0;
    }

    /** The value in ring slot {@code s} of the window that ends at {@code i}. */
    private static double valueAt(double[] v, int i, int window, int s) {
        int start = i - window + 1;
        int offset = Math.floorMod(s - start, window);
        return v[start + offset];
    }

    private static double rankCorrelation(double[] rx, double[] ry) {
        int w = rx.length;
        double mean = (w + 1) / 2.0;
        double sxx = 0;
        double syy = 0;
        double sxy = 0;
        for (int s = 0; s < w; s++) {
            double a = rx[s] - mean;
            double b = ry[s] - mean;
            sxx += a * a;
            syy += b * b;
            sxy += a * b;
        }
        return sxx > 0 && syy > 0 ? Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy))) : Double.NaN;
    }

    private static int check(double[] x, double[] y, int window) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.length != y.length) {
            throw new IllegalArgumentException("x has " + x.length + " values but y has " + y.length);
        }
        if (window < 3) {
            throw new IllegalArgumentException("window: must be at least 3, found " + window);
        }
        for (int i = 0; i < x.length; i++) {
            if (!Double.isFinite(x[i]) || !Double.isFinite(y[i])) {
                throw new IllegalArgumentException("value " + (i + 1) + " is not finite (x = " + x[i] + ", y = " + y[i] + ")");
            }
        }
        return x.length;
    }
}
