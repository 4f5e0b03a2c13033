package dev.goodhart.internal;

/**
 * The power of two to read a series in so that sums of its values cannot overflow: 0 (the values as given) where the
 * sum of their magnitudes is at most {@code 2^1000}, else just enough to bring it there. Dividing by a power of two is
 * an exact change of unit for every normal value, so ratios of sums and means read in it are the same numbers; the
 * shift is the least that makes the sum safe, so small values beside huge ones stay normal numbers (a shift of at most
 * about 64 for any series a Java array holds).
 */
public final class SafeUnit {
    /** The largest sum of magnitudes read in a series' own unit. */
    private static final int SAFE_EXPONENT = 1000;
    /** The scale the magnitudes are summed at to find the shift (2^-64: far from overflow for any array). */
    private static final double PROBE = 0x1p-64;
    /** {@code log2} of {@link #PROBE}'s inverse. */
    private static final int PROBE_EXPONENT = 64;

    private SafeUnit() {
    }

    /**
     * The exponent {@code k} such that the finite values divided by {@code 2^k} sum (in magnitude) to at most about
     * {@code 2^1000}; 0 where they already do. NaN and infinite values are ignored.
     *
     * @param values the series, read only
     * @return {@code k}, at least 0
     */
    public static int shift(double[] values) {
        return shift(values, 0, values.length);
    }

    /**
     * As {@link #shift(double[])}, for the values {@code values[from]} to {@code values[to - 1]}.
     *
     * @param values the series, read only
     * @param from   first index, inclusive
     * @param to     last index, exclusive
     * @return {@code k}, at least 0
     */
    public static int shift(double[] values, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            double x = values[i];
            if (Double.isFinite(x)) {
                sum += Math.abs(x) * PROBE;
            }
        }
        if (!(sum > 0)) {
            return 0;
        }
        return Math.max(0, Math.getExponent(sum) + PROBE_EXPONENT + 1 - SAFE_EXPONENT);
    }

    /**
     * The power of two that brings a positive, finite {@code magnitude} into [1, 2) (a subnormal one into [2^-51, 1)):
     * the unit to read values near it in where their squares must neither overflow (values near 1e155) nor vanish
     * (near 1e-160), an exact change of unit.
     *
     * @param magnitude the largest magnitude (or a mean) of the values, positive and finite
     * @return {@code 2^-e}, {@code e} the exponent of {@code magnitude}
     */
    public static double unitNear(double magnitude) {
        return Math.scalb(1.0, -Math.getExponent(magnitude));
    }

    /**
     * {@code log(a / b)} for positive {@code a} and {@code b}, also where the ratio itself would overflow or vanish (a
     * series that rose from 1e-10 to 1e305): the plain {@code Math.log(a / b)} wherever the ratio is a normal number,
     * so ordinary results are the same to the bit, else {@code log a - log b}.
     *
     * @param a the numerator, positive
     * @param b the denominator, positive
     * @return the log ratio; NaN or infinite only where {@code Math.log} of an argument is
     */
    public static double logRatio(double a, double b) {
        double r = a / b;
        if (r >= Double.MIN_NORMAL && r < Double.POSITIVE_INFINITY) {
            return Math.log(r);
        }
        return Math.log(a) - Math.log(b);
    }

    /**
     * The values divided by {@code 2^shift}; the array itself where {@code shift} is 0.
     *
     * @param values the series, read only
     * @param shift  the power of two to divide by ({@link #shift})
     * @return the values in that unit
     */
    public static double[] divide(double[] values, int shift) {
        if (shift == 0) {
            return values;
        }
        double[] out = new double[values.length];
        for (int t = 0; t < values.length; t++) {
            out[t] = Math.scalb(values[t], -shift);
        }
        return out;
    }
}
