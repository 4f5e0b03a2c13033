package dev.goodhart.activity;

/**
 * The roll-up of one segment's actors.
 *
 * @param segment        the segment, {@code "*"} for actors without one
 * @param actors         actors scored
 * @param flagged        actors flagged
 * @param tokens         tokens of all its actors
 * @param flaggedTokens  tokens of the flagged actors
 * @param meanScore      mean actor score, 0 to 100
 */
public record SegmentActivity(String segment, int actors, int flagged, long tokens, long flaggedTokens,
        double meanScore) implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** Checks the segment is named. */
    public SegmentActivity {
        java.util.Objects.requireNonNull(segment, "segment");
    }

    /** Share of the segment's tokens consumed by flagged actors, 0 when it has none. */
    public double flaggedTokenShare() {
        return tokens == 0 ? 0 : (double) flaggedTokens / tokens;
    }

    /**
     * {@link #flaggedTokenShare()} for a reader: "n/a" where the segment's records count no tokens (an export without
     * token counts: its flagged actor read as "0%"), "0%" where no flagged actor used any, one decimal below 1% ("0.3%",
     * not "0%" for a pinger's 2,412 of 717,000), whole percentages above.
     */
    public String flaggedTokenPercent() {
        if (tokens == 0) {
            return "n/a";
        }
        double percent = 100.0 * flaggedTokens / tokens;
        if (flaggedTokens == 0) {
            return "0%";
        }
        return percent < 0.95 ? String.format(java.util.Locale.ROOT, "%.1f%%", Math.max(0.1, percent))
                : String.format(java.util.Locale.ROOT, "%.0f%%", percent);
    }
}
