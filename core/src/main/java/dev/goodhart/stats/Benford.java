package dev.goodhart.stats;

import java.util.Objects;


/**
 * Benford's law first-digit test (Benford 1938; Nigrini, "Benford's Law", Wiley 2012): the chi-square goodness-of-fit
 * test of leading-digit counts against {@code log10(1 + 1/d)}, as R's {@code chisq.test(counts, p = benford)}, and
 * the mean absolute deviation with Nigrini's conformity classes.
 */
public final class Benford {
    private static final double[] EXPECTED = new double[9];

    static {
        for (int d = 1; d <= 9; d++) {
            EXPECTED[d - 1] = Math.log10(1 + 1.0 / d);
        }
    }

    private Benford() {
    }

    /** Benford's expected proportion of leading digit {@code d} (1..9). */
    public static double expected(int d) {
        if (d < 1 || d > 9) {
            throw new IllegalArgumentException("benford: digit must be 1..9, found " + d);
        }
        return EXPECTED[d - 1];
    }

    /**
     * The leading (first significant) digit of {@code |v|} as a decimal number, or 0 for zero, NaN and infinity: the
     * first digit of the shortest decimal that reads back as {@code v}, so the digit of the number as it was written:
     * 999999.9999999999 and 0.9999999999999999 lead with 9, {@code 1e-16} and {@code 1e23} (stored just below a power
     * of ten) with 1, {@code Double.MIN_VALUE} ({@code 5e-324}) with 5. Whole numbers below 2^53 are read by integer
     * division. Otherwise the first digit f of the exact binary value, unless the one-digit decimal {@code (f + 1)}
     * times its power of ten reads back as {@code v} (then that is the shortest decimal): a rounding of the exact value
     * can raise its leading digit only by reaching that number. No logarithm (its rounding moves values next to a
     * power of ten to the wrong digit), no rounding to 15 significant digits (as formatting with {@code %.14e} did,
     * which made 999999.9999999999 a 1), and not {@link Double#toString} (on Java 17 not the shortest decimal: it
     * prints {@code 1e23} as {@code 9.999999999999999E22}).
     */
    public static int firstDigit(double v) {
        double a = Math.abs(v);
        if (a == 0 || !Double.isFinite(a)) {
            return 0;
        }
        if (a < 0x1p53 && a == Math.rint(a)) {
            long k = (long) a;
            while (k >= 10) {
                k /= 10;
            }
            return (int) k;
        }
        java.math.BigDecimal exact = new java.math.BigDecimal(a);
        int f = exact.unscaledValue().toString().charAt(0) - '0';
        int power = exact.precision() - exact.scale() - 1;
        String next = (f + 1) + "e" + power;
        return Double.parseDouble(next) == a ? (f == 9 ? 1 : f + 1) : f;
    }

    /**
     * Tests the leading digits of the values (zeros, NaN and infinities are skipped).
     *
     * @throws IllegalArgumentException if fewer than 10 values have a leading digit
     */
    public static BenfordResult firstDigitTest(double[] values) {
        Objects.requireNonNull(values, "values");
        long[] counts = new long[9];
        int n = 0;
        for (double v : values) {
            int d = firstDigit(v);
            if (d > 0) {
                counts[d - 1]++;
                n++;
            }
        }
        if (n < 10) {
            throw new IllegalArgumentException("benford: needs at least 10 non-zero finite values, found " + n);
        }
        return ofCounts(counts);
    }

    /**
     * Tests given counts of leading digits 1..9.
     *
     * @throws IllegalArgumentException if there are not 9 non-negative counts summing to at least 1
     */
    public static BenfordResult ofCounts(long[] counts) {
        Objects.requireNonNull(counts, "counts");
        if (counts.length != 9) {
            throw new IllegalArgumentException("benford: 9 digit counts expected, found " + counts.length);
        }
        long n = 0;
        for (long c : counts) {
            if (c < 0) {
                throw new IllegalArgumentException("benford: counts must be non-negative, found " + c);
            }
            n += c;
        }
        if (n == 0) {
            throw new IllegalArgumentException("benford: no values");
        }
        double chi = 0;
        double mad = 0;
        for (int i = 0; i < 9; i++) {
            double e = n * EXPECTED[i];
            chi += (counts[i] - e) * (counts[i] - e) / e;
            mad += Math.abs(counts[i] / (double) n - EXPECTED[i]) / 9;
        }
        double p = dev.goodhart.internal.Tails.chiSquare(chi, 8);
        return new BenfordResult(Math.toIntExact(n), counts, chi, Math.max(0, p), mad);
    }
}
