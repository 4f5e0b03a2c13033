package dev.goodhart.model;

/**
 * Which way a metric is "better" (for an outcome) or "more use" (for a proxy).
 *
 * <p>Outcomes are sign-adjusted by their direction before any detector sees them, so that "better" is always up.
 */
public enum Direction {
    /** Larger values are better (outcome) or mean more use (proxy). */
    HIGHER,
    /** Smaller values are better (outcome, e.g. cycle time) or mean more use (proxy, rare). */
    LOWER;

    /**
     * Parses {@code higher} or {@code lower}, case-insensitively.
     *
     * @throws IllegalArgumentException naming the value when it is neither
     */
    public static Direction parse(String text) {
        if (text != null) {
            switch (text.trim().toLowerCase(java.util.Locale.ROOT)) {
                case "higher": return HIGHER;
                case "lower": return LOWER;
                default: break;
            }
        }
        throw new IllegalArgumentException("direction: expected 'higher' or 'lower', found '" + text + "'");
    }

    /** +1 for {@link #HIGHER}, -1 for {@link #LOWER}. */
    public int sign() {
        return this == HIGHER ? 1 : -1;
    }
}
