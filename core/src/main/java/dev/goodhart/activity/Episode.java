package dev.goodhart.activity;

import java.util.Arrays;

/**
 * One open episode of an actor: requests on one topic, each within the session gap of the one before on that topic (an
 * agent's tool loop, waiting on a test run now and then; a conversation; a person's working session on one subject).
 * Two things are read from it when it closes: where one of its requests names an artifact, its tokens all led to it (an
 * agent's loop of 80 requests that ends in a pull request names it on its last request alone, and counted request by
 * request 99% of its tokens had led nowhere; an agent episode that named none is held a while for an artifact named
 * later, {@link Uncredited}); and where its requests kept growing, it is a conversation, whose requests
 * are as large as the history they re-send, so they leave the size histograms (a coding agent's requests of 60,000
 * tokens are its context, not drafts). An actor keeps {@link ActorState#EPISODES} open at once, so that agents run side
 * by side on their topics, and a chat beside them, do not cut each other's episodes into pieces. Mutable, not
 * thread-safe.
 */
final class Episode implements java.io.Serializable {
    private static final long serialVersionUID = 3L;
    /** Approximate bytes of one episode's fixed state (its size buffer apart), its {@link Growth} included. */
    static final long BYTES = 304;

    long lastMillis = Long.MIN_VALUE;
    /** The last request's size in tokens, and its agent's slot (-1 for the person's own), while open. */
    long lastTokens;
    int lastSlot = -1;
    /** The first request's time, while open. */
    private long firstMillis;
    int topic;
    boolean topicKnown;
    private boolean artifact;
    /** Tokens in requests that named no artifact: all, and those of agents (by the actor's agent slot). */
    private long noArtifact;
    private final long[] agentNoArtifactByName = new long[ActorState.AGENTS];
    /** Requests, and how they grew ({@link Growth}). */
    private int length;
    /** The person's own requests, and whether an agent's request came after one of them (the person drove a loop). */
    private int own;
    private boolean drove;
    private Growth growth = new Growth();
    /** Found a conversation (1), not one (-1), undecided (0). */
    private int conversation;
    /** The requests' sizes until decided. */
    private long[] sizes = new long[0];

    Episode() {
    }

    /** An independent copy. */
    Episode copy() {
        Episode c = new Episode();
        c.lastMillis = lastMillis;
        c.lastTokens = lastTokens;
        c.lastSlot = lastSlot;
        c.firstMillis = firstMillis;
        c.topic = topic;
        c.topicKnown = topicKnown;
        c.artifact = artifact;
        c.noArtifact = noArtifact;
        System.arraycopy(agentNoArtifactByName, 0, c.agentNoArtifactByName, 0, agentNoArtifactByName.length);
        c.length = length;
        c.own = own;
        c.drove = drove;
        c.growth = growth.copy();
        c.conversation = conversation;
        c.sizes = sizes.clone();
        return c;
    }

    /** Whether the episode holds requests. */
    boolean isOpen() {
        return lastMillis != Long.MIN_VALUE;
    }

    /** Whether a request at {@code millis} on {@code topic} (if known) continues this open episode. */
    boolean continuedBy(long millis, boolean known, int topic, long gapMillis) {
        return isOpen() && millis - lastMillis <= gapMillis && (!known || !topicKnown || topic == this.topic);
    }

    /** Adds a request applied in order; {@code slot} is its agent's slot, -1 for the person's own. */
    void add(Pending p, boolean known, int topic, int slot, ActorState owner) {
        if (!isOpen()) {
            firstMillis = p.millis();
        }
        if (!isOpen() || known && !topicKnown) {
            this.topic = topic;
            this.topicKnown = known;
        }
        lastMillis = p.millis();
        long tok = p.tokens();
        lastTokens = tok;
        lastSlot = slot;
        growth.add(tok);
        if (conversation > 0) {
            owner.unsize(tok);
        } else if (conversation == 0) {
            if (length == sizes.length) {
                sizes = Arrays.copyOf(sizes, Math.max(16, 2 * sizes.length));
            }
            sizes[length] = tok;
        }
        length++;
        if (slot < 0) {
            own++;
        } else if (own > 0) {
            drove = true;
        }
        if (conversation == 0 && length == ActorState.RUN_READ) {
            decide(owner); // a long episode is decided on its first requests, so the sizes kept stay few
        }
        if (p.has(Pending.ARTIFACT)) {
            if (!artifact) {
                artifact = true;
                owner.artifactNamed(this, p.millis(), known, topic, slot);
            }
            return;
        }
        noArtifact += tok;
        if (slot >= 0) {
            agentNoArtifactByName[slot] += tok;
        }
    }

    /**
     * Decides whether the episode is a conversation ({@link Growth#grows}); a conversation's requests kept so far leave
     * the size histograms.
     */
    private void decide(ActorState owner) {
        boolean grows = growth.grows();
        conversation = grows ? 1 : -1;
        for (int i = 0; grows && i < Math.min(length, sizes.length); i++) {
            owner.unsize(sizes[i]);
        }
    }

    /** Closes the episode: decided, its tokens credited to its artifact where it named one, and emptied. */
    void close(ActorState owner) {
        if (!isOpen()) {
            return;
        }
        if (conversation == 0) {
            decide(owner);
        }
        if (drove) {
            owner.drivingRequests += own;
        }
        if (artifact) {
            owner.credit(noArtifact, agentNoArtifactByName);
        } else if (anyAgent()) {
            owner.uncredited().hold(topicKnown, topic, firstMillis, lastMillis, length, noArtifact,
                    agentNoArtifactByName);
        }
        lastMillis = Long.MIN_VALUE;
        lastTokens = 0;
        lastSlot = -1;
        topicKnown = false;
        artifact = false;
        noArtifact = 0;
        Arrays.fill(agentNoArtifactByName, 0);
        length = 0;
        own = 0;
        drove = false;
        growth.clear();
        conversation = 0;
        if (sizes.length > 64) {
            sizes = new long[0]; // a long episode's buffer is not kept for the episodes after it
        }
    }

    /**
     * Credits this open episode for a person's own artifact named at {@code millis} (its tokens led to it when it
     * closes), where it holds {@code lastAgentMillis}, the latest agent request, and {@link Uncredited#creditsLoop}
     * says the loop is credited.
     *
     * @return whether the episode holds the latest agent request (credited or not)
     */
    boolean creditIfLatest(long millis, long lastAgentMillis) {
        if (!isOpen() || lastMillis != lastAgentMillis || !anyAgent()) {
            return false;
        }
        if (Uncredited.creditsLoop(length, firstMillis, lastMillis, millis)) {
            artifact = true;
        }
        return true;
    }

    private boolean anyAgent() {
        for (long v : agentNoArtifactByName) {
            if (v != 0) {
                return true;
            }
        }
        return false;
    }

    /** Bytes of the size buffer now. */
    long bufferBytes() {
        return (long) Long.BYTES * sizes.length;
    }
}
