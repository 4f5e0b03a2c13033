package dev.goodhart.internal;

/**
 * Evidence combined like independent alarms (a noisy-OR): each piece of evidence with weight {@code w} (the most it
 * can add alone) and strength {@code s} in [0, 1] leaves the combined concern at {@code 1 - prod(1 - w s)}. Used by the
 * integrity scorer and by both usage-log scorers, so a score means the same kind of thing in each. Not thread-safe: one
 * per score being built.
 */
public final class NoisyOr {
    private double none = 1;

    /**
     * Adds one piece of evidence.
     *
     * @param weight   the most this evidence can contribute alone, in [0, 1]
     * @param strength how strong it is, in [0, 1]
     * @return this
     */
    public NoisyOr add(double weight, double strength) {
        none *= 1 - weight * strength;
        return this;
    }

    /** The combined concern, {@code 1 - prod(1 - w s)}: 0 with no evidence, at most 1. */
    public double combined() {
        return 1 - none;
    }
}
