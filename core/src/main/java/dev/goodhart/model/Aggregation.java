package dev.goodhart.model;

/** How the observations of one metric that fall in the same period (day, week, month) are combined. */
public enum Aggregation {
    /** Add them up: counts such as tokens, prompts, deployments. */
    SUM,
    /** Average them: rates and durations such as cycle time or conversion. */
    MEAN,
    /** Keep the latest: levels such as head count or open tickets. */
    LAST;

    /**
     * Parses {@code sum}, {@code mean} or {@code last}, case-insensitively.
     *
     * @throws IllegalArgumentException naming the value when it is none of these
     */
    public static Aggregation parse(String text) {
        if (text != null) {
            for (Aggregation a : values()) {
                if (a.name().equalsIgnoreCase(text.trim())) {
                    return a;
                }
            }
        }
        throw new IllegalArgumentException("aggregation: expected 'sum', 'mean' or 'last', found '" + text + "'");
    }
}
