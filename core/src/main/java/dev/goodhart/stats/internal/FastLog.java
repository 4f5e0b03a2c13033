package dev.goodhart.stats.internal;

/**
 * The natural logarithm of a positive double from a 1,024-entry table and a degree-6 polynomial: within 2 units in the
 * last place of {@link Math#log} (or 2.3e-16 absolute where the result is near 0; tested from 1e-300 to 1e300), and
 * cheaper, for loops that take one logarithm per candidate (PELT's mean-and-variance cost).
 *
 * <p>Method (Tang 1990, table-driven): {@code x = 2^e m} with {@code m} in [1, 2); {@code m = c_k (1 + r)} with
 * {@code c_k = 1 + (k + 1/2) / 1024} from the top 10 bits of the mantissa, so {@code |r| < 1/2048} and
 * {@code r = (m - c_k) / c_k} with {@code m - c_k} exact; then
 * {@code log x = e ln 2 + log c_k + log1p(r)}, {@code ln 2} split in two parts so that {@code e ln2_hi} is exact, and
 * {@code log1p(r)} by its Taylor series to {@code r^6} (truncation below {@code 3e-21}). Zero, negative, subnormal,
 * infinite and NaN arguments go to {@link Math#log}.
 */
public final class FastLog {
    private static final int BITS = 10;
    private static final int SIZE = 1 << BITS;
    private static final double[] C = new double[SIZE];
    private static final double[] LOG_C = new double[SIZE];
    private static final double[] INV_C = new double[SIZE];
    /** ln 2 in two parts (fdlibm): the high part has 32 trailing zero bits, so e * LN2_HI is exact. */
    private static final double LN2_HI = 6.93147180369123816490e-01;
    private static final double LN2_LO = 1.90821492927058770002e-10;

    static {
        for (int k = 0; k < SIZE; k++) {
            double c = 1 + (k + 0.5) / SIZE;
            C[k] = c;
            LOG_C[k] = Math.log(c);
            INV_C[k] = 1 / c;
        }
    }

    private FastLog() {
    }

    /** {@code log(x)}: see the class description for its accuracy; exactly {@link Math#log} outside normal numbers. */
    public static double log(double x) {
        long bits = Double.doubleToRawLongBits(x);
        int biased = (int) (bits >>> 52);
        if (biased <= 0 || biased >= 0x7FF) {
            return Math.log(x); // zero, subnormal, negative (sign bit set makes biased >= 0x800), infinite, NaN
        }
        int e = biased - 1023;
        int k = (int) (bits >>> (52 - BITS)) & (SIZE - 1);
        double m = Double.longBitsToDouble((bits & 0x000FFFFFFFFFFFFFL) | 0x3FF0000000000000L);
        // m - c is exact (Sterbenz): r carries only its own rounding, about 1e-19 absolute
        double r = (m - C[k]) * INV_C[k];
        double p = r * (1 - r * (0.5 - r * (1.0 / 3 - r * (0.25 - r * (0.2 - r * (1.0 / 6))))));
        return (e * LN2_HI + LOG_C[k]) + (p + e * LN2_LO);
    }
}
