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
}
