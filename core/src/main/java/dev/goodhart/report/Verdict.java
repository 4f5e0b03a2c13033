package dev.goodhart.report;

/**
 * The verdict on one (proxy, outcome, segment), from the {@link dev.goodhart.scoring.Scorer}'s written rule. In increasing severity:
 * {@link #HEALTHY}, {@link #WATCH}, {@link #DIVERGING}, {@link #GAMED}; {@link #INSUFFICIENT_DATA} when no detector
 * of the proxy-outcome relation could run (a detector that reads across segments, such as tail divergence, may still
 * have found something, and the pair's score then says how much; it does not decide the verdict).
 */
public enum Verdict {
    /**
     * Not enough data for the detectors of the proxy-outcome relation to run (too short, constant, missing); says
     * nothing either way.
     */
    INSUFFICIENT_DATA,
    /** No detector found evidence that the proxy has come loose from the outcome. */
    HEALTHY,
    /** Some evidence, not enough to act on alone: look again next period. */
    WATCH,
    /** Significant evidence that the proxy no longer tracks the outcome. */
    DIVERGING,
    /** Strong evidence corroborated by another line of it: the proxy is being optimised instead of the work. */
    GAMED;

    /** Whether this verdict is {@link #DIVERGING} or {@link #GAMED}. */
    public boolean flagged() {
        return this == DIVERGING || this == GAMED;
    }

    /**
     * A score as reports print it, a whole number rounded down: 49.9 reads "49", not "50", beside a verdict whose
     * band begins at 50 (a score capped below a line is 0.1 under it; rounded, "WATCH (score 50)" and "DIVERGING 60"
     * read as the next band's, helper-174). Rounding down never shows a score in a band above its verdict's, whatever
     * the lines.
     */
    public static String scoreText(double score) {
        return dev.goodhart.internal.Text.score(score);
    }
}
