package dev.goodhart.activity;

/**
 * How a sequence of requests grew (a run's, an episode's): whether it re-sends a history that grows by a turn each
 * request, as a conversation or an agent's tool loop does. A request counts as growing where it is larger than each of
 * the three three to five before it; nearly every request of a conversation is, and requests whose sizes do not trend
 * rarely reach {@link ActorState#CONVERSATION_SHARE} of them (about 11% of runs of 10 requests, 0.05% of runs of 20: a
 * reviewer's simulation of 2 million runs). A request under six tenths of the one before is a reset (the tool
 * compacted its history and grows again from there): it and the four after it, which would be compared with the
 * history before the reset, are not counted either way. A tool that compacts every 10 to 25 requests had each reset
 * cost five requests and could fall under the share (a helper's coding agents with small context windows, read as task
 * splitters); sizes that jump about reset often, and a sequence in which fewer than half of the requests from the
 * sixth on could be counted is not a conversation. Mutable, not thread-safe.
 */
final class Growth implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private static final int LAG = ActorState.GROWTH_LAG;
    /** A request under this share of the one before is a reset. */
    private static final double RESET = 0.6;

    private final long[] recent = new long[LAG];
    private int length;
    private int counted;
    private int larger;
    /** Requests still left out after a reset. */
    private int hold;
    /** The counted requests' sizes less the sizes of the requests just before them, summed. */
    private long steps;

    /** An independent copy. */
    Growth copy() {
        Growth c = new Growth();
        System.arraycopy(recent, 0, c.recent, 0, LAG);
        c.length = length;
        c.counted = counted;
        c.larger = larger;
        c.hold = hold;
        c.steps = steps;
        return c;
    }

    /** Starts again, empty. */
    void clear() {
        length = 0;
        counted = 0;
        larger = 0;
        hold = 0;
        steps = 0;
    }

    /** Adds the next request's size in tokens. */
    void add(long tokens) {
        if (length > 0 && tokens < RESET * recent[(length - 1) % LAG]) {
            hold = LAG;
        }
        if (hold > 0) {
            hold--;
        } else if (length >= LAG) {
            long before = Math.max(recent[(length - LAG) % LAG], Math.max(recent[(length - LAG + 1) % LAG],
                    recent[(length - LAG + 2) % LAG]));
            counted++;
            larger += tokens > before ? 1 : 0;
            steps += tokens - recent[(length - 1) % LAG];
        }
        recent[length % LAG] = tokens;
        length++;
    }

    /** The counted requests' mean growth over the request just before each, in tokens; 0 where none is counted. */
    double meanStep() {
        return counted == 0 ? 0 : (double) steps / counted;
    }

    /**
     * Whether the requests grew as a conversation's: more than {@value #LAG} of them, at least half of those from the
     * sixth on counted, and {@link ActorState#CONVERSATION_SHARE} or more of the counted ones larger.
     */
    boolean grows() {
        return length > LAG && counted > 0 && 2 * counted >= length - LAG
                && larger >= ActorState.CONVERSATION_SHARE * counted;
    }
}
