package dev.goodhart.internal;

import org.apache.commons.math3.distribution.NormalDistribution;

/** The standard normal distribution for p-values, shared: no random generator is created per call. */
public final class Normal {
    /** N(0, 1) without a random generator; its distribution functions are thread-safe. */
    public static final NormalDistribution STANDARD = new NormalDistribution(null, 0, 1);

    private static final double SQRT_2PI = Math.sqrt(2 * Math.PI);

    private Normal() {
    }

    /**
     * The standard normal quantile of {@code p} to about the last digit: Commons Math's (whose tail is off by about
     * 4e-7 relative at {@code p = 1e-12}: -7.0344869 against R's {@code qnorm} -7.0344838) refined by three Halley
     * steps on the lower tail, read as {@code erfc} so that tiny {@code p} keep their digits; {@code -quantile(1 -
     * p)} above 0.5. Infinite at 0 and 1, NaN outside [0, 1].
     */
    public static double quantile(double p) {
        if (!(p >= 0 && p <= 1)) {
            return Double.NaN;
        }
        if (p == 0 || p == 1) {
            return p == 0 ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
        }
        if (p > 0.5) {
            return -quantile(1 - p);
        }
        double x = STANDARD.inverseCumulativeProbability(p);
        if (!Double.isFinite(x)) {
            // below about 1e-290 Commons Math gives up: the tail's asymptote, sqrt(2 L - ln(2 pi L)), L = -ln p
            double l = -Math.log(p);
            x = -Math.sqrt(2 * l - Math.log(2 * Math.PI * 2 * l));
        }
        for (int step = 0; step < 3; step++) {
            double cdf = 0.5 * org.apache.commons.math3.special.Erf.erfc(-x / Math.sqrt(2));
            double u = (cdf - p) * SQRT_2PI * Math.exp(x * x / 2);
            x -= u / (1 + x * u / 2);
        }
        return x;
    }
}
