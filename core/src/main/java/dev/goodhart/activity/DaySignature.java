package dev.goodhart.activity;

import java.util.Locale;

/**
 * The signatures of manufactured activity that day-level exports can show (one record per user and day: no times,
 * no request text). Weighed by the same rule as {@link Signature}: what a person can do alone weighs under half the
 * flag threshold; what is itself the manufacturing flags alone at full strength. The formulas are in
 * {@link DailyActivityScorer}.
 */
public enum DaySignature {
    /** Many prompts that bought nothing: prompts per accepted suggestion far above the peers'. */
    UNACCEPTED("activity-unaccepted", 0.45),
    /**
     * Identical daily counts day after day: nearly every day in one narrow band of counts (a script's quota); the
     * day-level counterpart of {@link Signature#CADENCE}, weighed like it.
     */
    STEADY("activity-steady-days", 0.7),
    /** Activity on days when the peers do no other work (weekends, holidays). */
    QUIET_DAYS("activity-quiet-days", 0.35);

    private final String detector;
    private final double defaultWeight;

    DaySignature(String detector, double defaultWeight) {
        this.detector = detector;
        this.defaultWeight = defaultWeight;
    }

    /** The finding's detector name, e.g. {@code activity-steady-days}. */
    public String detector() {
        return detector;
    }

    /** The default weight: the most this signature can contribute to an actor's score alone, as a fraction of 100. */
    public double defaultWeight() {
        return defaultWeight;
    }

    /** Short lower-case label: {@code unaccepted}, {@code steady-days}, {@code quiet-days}. */
    public String label() {
        return detector.substring("activity-".length()).toLowerCase(Locale.ROOT);
    }
}
