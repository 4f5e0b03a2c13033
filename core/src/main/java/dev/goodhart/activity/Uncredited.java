package dev.goodhart.activity;

import java.util.Arrays;

/**
 * An actor's latest agent episodes that closed without naming an artifact, held for {@link #HORIZON_MILLIS} so that an
 * artifact named later can still credit the work that led to it. Two follow-ups credit them: a request on the same
 * topic that names an artifact, by the person or by an agent that worked on it (the agent comes back to the task an
 * hour later to open the pull request); and a request of the person's own that names one (they ask for the pull
 * request's description themselves) after the agent's work stopped: it credits the agent's last episode where that was
 * a loop of at least {@link #LOOP} requests over at most {@link #LOOP_SPAN_MILLIS} and no agent request came for {@link
 * #QUIET_MILLIS} before it (a draft bot that runs all day, a request every few minutes each on a topic of its own, is
 * never credited by its owner's documents). Where no follow-up comes, the tokens stay counted as leading nowhere. At
 * most {@link #HELD} are held, one per topic (a later episode on a held topic joins it while the topic's held work
 * began within the horizon, else replaces it); the oldest gives way; an episode is credited only where all its work
 * began within the horizon before the artifact. Mutable, not thread-safe.
 */
final class Uncredited implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /** Episodes held at once. */
    static final int HELD = 4;
    /** How long after an episode closed an artifact may still credit it: the working day it belongs to. */
    static final long HORIZON_MILLIS = 12L * 3_600_000;
    /** How long the agents must have been quiet before a person's own artifact credits their last loop. */
    static final long QUIET_MILLIS = 5L * 60_000;
    /** The fewest requests of an agent episode a person's own artifact credits: a loop, not a single draft. */
    static final int LOOP = 3;
    /** The longest agent episode a person's own artifact credits: one task's loop, not a day of drafting. */
    static final long LOOP_SPAN_MILLIS = 2L * 3_600_000;
    /** Approximate bytes of the held state. */
    static final long BYTES = 64 + HELD * (4 + 1 + 8 + 4 + 8 + 8 + 8L * ActorState.AGENTS + 16);

    private final int[] topic = new int[HELD];
    private final boolean[] topicKnown = new boolean[HELD];
    /** When each held episode closed (its last request); {@link Long#MIN_VALUE} for an empty place. */
    private final long[] closedMillis = new long[HELD];
    private final int[] requests = new int[HELD];
    /** When each held episode began (its first request; the earliest of those joined). */
    private final long[] firstMillis = new long[HELD];
    private final long[] tokens = new long[HELD];
    private final long[][] agentTokens = new long[HELD][ActorState.AGENTS];
    /** The time of the actor's latest agent request applied, {@link Long#MIN_VALUE} before one. */
    private long lastAgentMillis = Long.MIN_VALUE;

    Uncredited() {
        Arrays.fill(closedMillis, Long.MIN_VALUE);
    }

    /** An independent copy. */
    Uncredited copy() {
        Uncredited c = new Uncredited();
        System.arraycopy(topic, 0, c.topic, 0, HELD);
        System.arraycopy(topicKnown, 0, c.topicKnown, 0, HELD);
        System.arraycopy(closedMillis, 0, c.closedMillis, 0, HELD);
        System.arraycopy(requests, 0, c.requests, 0, HELD);
        System.arraycopy(firstMillis, 0, c.firstMillis, 0, HELD);
        System.arraycopy(tokens, 0, c.tokens, 0, HELD);
        for (int k = 0; k < HELD; k++) {
            System.arraycopy(agentTokens[k], 0, c.agentTokens[k], 0, ActorState.AGENTS);
        }
        c.lastAgentMillis = lastAgentMillis;
        return c;
    }

    /** An agent request at {@code millis}, applied in order. */
    void agentRequest(long millis) {
        lastAgentMillis = Math.max(lastAgentMillis, millis);
    }

    /** The time of the latest agent request applied, {@link Long#MIN_VALUE} before one. */
    long lastAgentMillis() {
        return lastAgentMillis;
    }

    /**
     * Holds an agent episode of {@code length} requests that closed at {@code closed} without an artifact: its tokens
     * with none ({@code noArtifact}) and its agents' ({@code byAgent}, by slot). Joins a held episode on the same known
     * topic; else takes an empty place or the oldest one's.
     */
    void hold(boolean known, int topicOf, long first, long closed, int length, long noArtifact, long[] byAgent) {
        int place = -1;
        for (int k = 0; k < HELD; k++) {
            if (known && topicKnown[k] && topic[k] == topicOf && closedMillis[k] != Long.MIN_VALUE) {
                if (closed - firstMillis[k] > HORIZON_MILLIS) {
                    clear(k); // the topic's older work has had its day: it stays idle, and no chain of episodes
                } else {  // lets one artifact credit weeks of them
                    place = k;
                }
                break;
            }
        }
        if (place < 0) {
            place = 0;
            for (int k = 1; k < HELD; k++) {
                if (closedMillis[k] < closedMillis[place]) {
                    place = k;
                }
            }
            clear(place);
            firstMillis[place] = first;
        }
        firstMillis[place] = Math.min(firstMillis[place], first);
        topic[place] = topicOf;
        topicKnown[place] = known;
        closedMillis[place] = Math.max(closedMillis[place], closed);
        requests[place] += length;
        tokens[place] += noArtifact;
        for (int a = 0; a < ActorState.AGENTS; a++) {
            agentTokens[place][a] += byAgent[a];
        }
    }

    /**
     * Credits the held episodes on {@code topicOf} (where known) within the horizon before {@code millis}, for an
     * artifact named by the person ({@code slot} -1) or by an agent whose own tokens the episode holds ({@code slot}
     * its slot; never the last slot, which pools the agents after the first seven: one of them cannot vouch for the
     * others).
     */
    void creditTopic(boolean known, int topicOf, long millis, int slot, ActorState owner) {
        if (!known || slot == ActorState.AGENTS - 1) {
            return;
        }
        for (int k = 0; k < HELD; k++) {
            if (topicKnown[k] && topic[k] == topicOf && within(k, millis) && (slot < 0 || agentTokens[k][slot] != 0)) {
                owner.credit(tokens[k], agentTokens[k]);
                clear(k);
            }
        }
    }

    /**
     * Credits, for a person's own artifact named at {@code millis}, the held episode that holds the latest agent
     * request, where it was a loop ({@link #LOOP}) within the horizon and the agents have been quiet since for {@link
     * #QUIET_MILLIS}.
     *
     * @return whether the latest agent request is in a held episode (credited or not)
     */
    boolean creditLatest(long millis, ActorState owner) {
        for (int k = 0; k < HELD; k++) {
            if (closedMillis[k] != Long.MIN_VALUE && closedMillis[k] == lastAgentMillis) {
                if (within(k, millis) && creditsLoop(requests[k], firstMillis[k], closedMillis[k], millis)) {
                    owner.credit(tokens[k], agentTokens[k]);
                    clear(k);
                }
                return true;
            }
        }
        return false;
    }

    /**
     * Whether a person's own artifact named at {@code millis} credits the agents' last episode, of {@code requests}
     * requests from {@code first} to {@code last} (the latest agent request): a loop ({@link #LOOP}, within {@link
     * #LOOP_SPAN_MILLIS}) after which the agents were quiet for {@link #QUIET_MILLIS}.
     */
    static boolean creditsLoop(int requests, long first, long last, long millis) {
        return requests >= LOOP && last - first <= LOOP_SPAN_MILLIS && millis - last >= QUIET_MILLIS;
    }

    /** Whether held episode {@code k} began and ended within the horizon before {@code millis}. */
    private boolean within(int k, long millis) {
        long closed = closedMillis[k];
        return closed != Long.MIN_VALUE && closed <= millis && millis - firstMillis[k] <= HORIZON_MILLIS;
    }

    private void clear(int k) {
        closedMillis[k] = Long.MIN_VALUE;
        topicKnown[k] = false;
        topic[k] = 0;
        requests[k] = 0;
        firstMillis[k] = 0;
        tokens[k] = 0;
        Arrays.fill(agentTokens[k], 0);
    }

    @Override
    public String toString() {
        return "Uncredited{topic" + Arrays.toString(topic) + ";known" + Arrays.toString(topicKnown) + ";closed"
                + Arrays.toString(closedMillis) + ";requests" + Arrays.toString(requests) + ";first"
                + Arrays.toString(firstMillis) + ";tokens"
                + Arrays.toString(tokens) + ";agents" + Arrays.deepToString(agentTokens) + ";lastAgent="
                + lastAgentMillis + "}";
    }
}
