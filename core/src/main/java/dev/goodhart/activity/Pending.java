package dev.goodhart.activity;


/**
 * What an {@link ActorState} needs of one event, compact enough to hold while the event waits in the actor's
 * reordering buffer: about {@link #BYTES} bytes (the agent's name is shared with the event). The natural order is time,
 * then every other field, a total order: two events that compare equal are indistinguishable to the accumulators, so
 * feeding events in this order gives the same state whatever order they arrived in.
 *
 * @param millis the event's time, epoch milliseconds
 * @param tokens tokens consumed
 * @param hash   the mixed 64-bit hash of the request fingerprint (0 without one)
 * @param topic  the fingerprint's topic prefix (0 without one)
 * @param flags    {@link #FINGERPRINTED}, {@link #TOPIC}, {@link #ARTIFACT}
 * @param agent    the agent's name, empty for a person
 * @param artifact a 64-bit hash of the artifact's name (0 without one): a run of requests each naming an artifact of
 *                 its own is a batch of tasks, not one task cut apart
 */
record Pending(long millis, long tokens, long hash, int topic, byte flags, String agent, long artifact)
        implements Comparable<Pending>, java.io.Serializable {
    /** The event carried a request fingerprint. */
    public static final byte FINGERPRINTED = 1;
    /** The fingerprint carried a topic prefix. */
    public static final byte TOPIC = 2;
    /** The event named an artifact. */
    public static final byte ARTIFACT = 4;
    /**
     * Approximate heap bytes per waiting event: the object (12 header + 41 field bytes, aligned to 56) and its slot in
     * the buffer's array, which grows by half when full.
     */
    public static final int BYTES = 64;

    /** The parts of {@code e} the accumulators use. */
    public static Pending of(ActivityEvent e) {
        String fp = e.requestFingerprint();
        byte flags = e.hasArtifact() ? ARTIFACT : 0;
        long hash = 0;
        int topic = 0;
        if (!fp.isEmpty()) {
            flags |= FINGERPRINTED;
            int colon = fp.indexOf(':');
            String full = colon < 0 ? fp : fp.substring(colon + 1);
            hash = ActorState.mix(Long.parseUnsignedLong(full.substring(0, 16), 16));
            if (colon > 0) {
                flags |= TOPIC;
                topic = Integer.parseUnsignedInt(fp.substring(0, colon), 16);
            }
        }
        long artifact = e.hasArtifact() ? artifactHash(e.artifact()) : 0;
        return new Pending(e.timestamp().toEpochMilli(), e.tokens(), hash, topic, flags,
                e.byAgent() ? e.agent() : "", artifact);
    }

    /** A 64-bit hash of an artifact's name, never 0 (0 is none). */
    static long artifactHash(String name) {
        long h = com.google.common.hash.Hashing.murmur3_128().hashString(name, java.nio.charset.StandardCharsets.UTF_8)
                .asLong();
        return h == 0 ? 1 : h;
    }

    /** Whether {@code flag} is set. */
    public boolean has(byte flag) {
        return (flags & flag) != 0;
    }

    /** Whether an agent sent the request. */
    public boolean byAgent() {
        return !agent.isEmpty();
    }

    @Override
    public int compareTo(Pending o) {
        int c = Long.compare(millis, o.millis);
        if (c == 0) {
            c = Byte.compare(flags, o.flags);
        }
        if (c == 0) {
            c = Long.compare(hash, o.hash);
        }
        if (c == 0) {
            c = Integer.compare(topic, o.topic);
        }
        if (c == 0) {
            c = Long.compare(tokens, o.tokens);
        }
        if (c == 0) {
            c = Long.compare(artifact, o.artifact);
        }
        return c != 0 ? c : agent.compareTo(o.agent);
    }
}
