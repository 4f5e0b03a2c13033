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
    /**
     * The largest {@link #sxx} and {@link #syy} since the last {@link #reset} (or the start): removing points downdates
     * the sums with rounding of the size of what they held, which a variance far below that no longer outweighs.
     */
    private double peakSxx;
    private double peakSyy;

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
        peakSxx = Math.max(peakSxx, sxx);
        peakSyy = Math.max(peakSyy, syy);
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
     * Whether the running sums may have lost the digits that matter, so that the caller should {@link #reset} them from
     * the points themselves: a variance within rounding of zero (rounding residue could pose as variance), or one more
     * than a million times below the largest since the last reset (downdating a point of large deviation leaves
     * rounding of that size: a window of values near 0.002 after two of +-1e4 had left, correlation 0.50228 instead of
     * 0.5).
     */
    public boolean mayHaveLostPrecision() {
        return sxx <= 1e-8 * count * (mx * mx + 1) || syy <= 1e-8 * count * (my * my + 1)
                || sxx < 1e-6 * peakSxx || syy < 1e-6 * peakSyy;
    }

    /**
     * Replaces the running values by a two-pass computation over {@code x[from..to)}, {@code y[from..to)}; a series whose
     * values there are all equal gets exactly that mean and a variance of exactly 0 (its mean as a sum over the count
     * can be off by an ulp: three values of 0.1 average 0.10000000000000002, which made each deviation -1.4e-17).
     */
    public void reset(double[] x, double[] y, int from, int to) {
        count = to - from;
        double sa = 0;
        double sb = 0;
        boolean constantX = true;
        boolean constantY = true;
        for (int i = from; i < to; i++) {
            sa += x[i];
            sb += y[i];
            constantX &= x[i] == x[from];
            constantY &= y[i] == y[from];
        }
        mx = constantX ? x[from] : sa / count;
        my = constantY ? y[from] : sb / count;
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
        peakSxx = sxx;
        peakSyy = syy;
    }

    /** The Pearson correlation, NaN when a variance is not positive. */
    public double correlation() {
        return sxx > 0 && syy > 0 ? Math.max(-1, Math.min(1, sxy / Math.sqrt(sxx * syy))) : Double.NaN;
    }
}
