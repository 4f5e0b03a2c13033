package dev.goodhart.internal;

/**
 * Running means and co-moments of a window of (x, y) points with the numerically stable one-pass updates for adding
 * and removing a point (Welford 1962; Chan, Golub &amp; LeVeque 1983). Shared by the rolling correlations and the live
 * scorer. Mutable, not thread-safe.
 */
public final class CoMoments {
    private int count;
    private double mx;
    private double my;
    private double sxx;
    private double syy;
    private double sxy;

    /** Adds a point. */
    public void add(double x, double y) {
        count++;
        double dx = x - mx;
        double dy = y - my;
        mx += dx / count;
        my += dy / count;
        sxx += dx * (x - mx);
        syy += dy * (y - my);
        sxy += dx * (y - my);
    }

    /** Removes a point that was added before. */
    public void remove(double x, double y) {
        double ex = x - mx;
        double ey = y - my;
        count--;
        double mx0 = count == 0 ? 0 : mx - ex / count;
        double my0 = count == 0 ? 0 : my - ey / count;
        sxx -= ex * (x - mx0);
        syy -= ey * (y - my0);
        sxy -= ex * (y - my0);
        mx = mx0;
        my = my0;
    }

    /** Number of points. */
    public int count() {
        return count;
    }

    /**
     * Whether a variance is within rounding of zero, where running sums may show rounding residue as variance:
     * the caller should {@link #reset} from the points themselves.
     */
    public boolean nearlyConstant() {
        return sxx <= 1e-8 * count * (mx * mx + 1) || syy <= 1e-8 * count * (my * my + 1);
    }

    /** Replaces the running values by a two-pass computation over {@code x[from..to)}, {@code y[from..to)}. */
    public void reset(double[] x, double[] y, int from, int to) {
        count = to - from;
        double sa = 0;
        double sb = 0;
        for (int i = from; i < to; i++) {
            sa += x[i];
            sb += y[i];
        }
        mx = sa / count;
        my = sb / count;
        sxx = 0;
        syy = 0;
        sxy = 0;
        for (int i = from; i < to; i++) {
            double a = x[i] - mx;
            double b = y[i] - my;
            sxx += a * a;
            syy += b * b;
            sxy += a * b;
        }
    }

    /** The Pearson correlation, NaN when a variance is not positive. */
    public double correlation() {
        return sxx > 0 && syy > 0 ? Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy))) : Double.NaN;
    }
}
