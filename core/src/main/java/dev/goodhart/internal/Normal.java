package dev.goodhart.internal;

import org.apache.commons.math3.distribution.NormalDistribution;

/** The standard normal distribution for p-values, shared: no random generator is created per call. */
public final class Normal {
    /** N(0, 1) without a random generator; its distribution functions are thread-safe. */
    public static final NormalDistribution STANDARD = new NormalDistribution(null, 0, 1);

    private Normal() {
    }
}
