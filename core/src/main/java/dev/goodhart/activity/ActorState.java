package dev.goodhart.activity;

import dev.goodhart.activity.internal.SpaceSaving;
import dev.goodhart.activity.internal.HyperLogLog;
import dev.goodhart.stats.Descriptive;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.zone.ZoneRules;
import java.util.Arrays;
import java.util.PriorityQueue;
import org.apache.commons.math3.stat.descriptive.moment.StandardDeviation;

/**
 * Bounded per-actor accumulator of an activity log: counters, fixed-size histograms and two sketches, never the
 * events, plus a small reordering buffer.
 *
 * <p>Gaps, sessions and runs depend on the order of events, so events first wait in a min-heap ordered by
 * {@link Pending}'s total order, and are applied to the accumulators in that order once they are more than the
 * reordering window older than the actor's newest event, or when more than the buffer's capacity wait. An event that
 * arrives after a later one was applied is <em>late</em>: it is counted ({@link #lateEvents}) and applied to every
 * accumulator except the order-dependent ones (gaps, sessions, runs, episodes). A {@link #snapshot} applies whatever
 * still waits, in order, to a copy.
 *
 * <p>Size: {@link #bytes()} of fixed state, plus {@link Pending#BYTES} per waiting event (at most the buffer's
 * capacity). Not thread-safe: the log guards it.
 */
final class ActorState implements java.io.Serializable {
    private static final long serialVersionUID = 9L;
    /** Hour-of-week bins (Monday 00:00 is bin 0). */
    public static final int HOURS = 168;
    /** Days-before-month-end bins (0 is the last day of the month). */
    public static final int MONTH_DAYS = 31;
    /** Request-size bins: 0 for zero tokens, then four per octave. */
    public static final int SIZE_BINS = 162;
    /** Gap bins: 0 for gaps under a second, then 40 per decade of seconds up to 10^6 s. */
    public static final int GAP_BINS = 242;
    /** Mean-token bins of split runs: floor(log2(mean + 1)). */
    public static final int RUN_BINS = 40;
    /** Run-length bins of split runs: runs of 64 requests or more share the last bin. */
    public static final int RUN_LENGTHS = 65;
    /** Heavy-hitter counters for request fingerprints. */
    public static final int HEAVY = 32;
    /** Agents tracked by name; the rest are pooled. */
    public static final int AGENTS = 8;
    /** Episodes (topics) open at once. */
    static final int EPISODES = 4;

    public final String segment;
    public final String actor;

    public long events;
    public long tokens;
    public long firstMillis = Long.MAX_VALUE;
    public long lastMillis = Long.MIN_VALUE;
    /** Events that arrived after a later event of this actor had been applied in order. */
    public long lateEvents;
    /** The most a late event was behind the actor's newest event when it arrived, in milliseconds. */
    public long maxLateMillis;
    /** Events waiting to be applied in order. */
    private final PriorityQueue<Pending> pending;
    /** The last event applied in order; null before the first. */
    private Pending applied;

    public long fingerprinted;
    public final HyperLogLog distinct;
    public final SpaceSaving heavy;

    public long artifactEvents;
    public long noArtifactTokens;
    public long agentEvents;
    public long agentTokens;
    public final String[] agentNames;
    public final long[] agentTokensByName;
    public final long[] agentNoArtifactByName;
    public int agentCount;

    public long humanEvents;
    public long lastHumanMillis = Long.MIN_VALUE;
    public final int[] gapHist;
    public long gaps;
    public long sessionGaps;
    public double sessionMean;
    public double sessionM2;
    public final int[] humanHourOfWeek;
    /**
     * The person's own requests per day (in the log's zone), over the days with any; the open day in {@link
     * #ownTally}.
     */
    public final DailyRate days;
    private final DayTally ownTally;
    /** The requests of the actor's agents per day, as {@link #days} counts the person's own. */
    public final DailyRate agentDays;
    private final DayTally agentTally;

    public final long[] tokensHourOfWeek;
    /** Events (by people and agents) per hour of the week, for the report's charts. */
    public final int[] eventsHourOfWeek;
    public final long[] tokensMonthEnd;

    public final int[] sizeCount;
    public final long[] sizeTokens;
    /**
     * The requests the size histograms hold: all but those found inside conversations (episodes whose requests kept
     * growing: an agent's tool loop re-sending its history is as large as the history, not a draft).
     */
    public long sizedEvents;
    /** The smallest and largest request, in tokens (so a sentence can say "all were 40 tokens"). */
    public long minTokens = Long.MAX_VALUE;
    public long maxTokens = Long.MIN_VALUE;

    public long lastAnyMillis = Long.MIN_VALUE;
    public int runTopic;
    public boolean runTopicKnown;
    public int runLength;
    public long runTokens;
    /** The open run's last request's size in tokens. */
    private long runLastTokens;
    /**
     * The requests inside runs of at least the run length whose requests kept growing (at least {@link
     * #CONVERSATION_SHARE} of them, from the sixth on, larger than each of the three three to five before): a
     * conversation or an agent's tool loop re-sending its history, not a task cut into pieces.
     */
    public long conversationEvents;
    /**
     * The person's own requests in episodes where an agent's requests came after them: the prompts that start and
     * steer agents' loops (counted as each episode closes).
     */
    public long drivingRequests;
    /**
     * The person's gaps inside the open run until it is decided ({@link #runConversation}): then counted for cadence,
     * or, for a conversation, for the period of the gaps alone (a timer re-sending a growing context keeps its period).
     */
    private long[] runGaps = new long[0];
    private int runGapCount;
    /** How the open run's requests grew ({@link Growth}). */
    private final Growth runGrowth;
    /**
     * Whether the open run is a conversation ({@link #CONVERSATION}), a program's batch ({@link #BATCH}), neither
     * (-1), or not decided yet (0: it is at its end, or once it holds {@link #RUN_READ} requests and the run length,
     * so that the gaps kept stay few).
     */
    private int runConversation;
    private static final int CONVERSATION = 1;
    private static final int BATCH = 2;
    /** The open run's last artifact ({@link Pending#artifact}, 0 for none yet). */
    private long runArtifact;
    /**
     * The open run's requests that named an artifact other than the one before them in the run: where they are half of
     * its requests or more, the run is a batch of tasks (a nightly job's tickets, one each), not one task cut apart.
     */
    private int runNewArtifacts;
    /** The open episodes ({@link Episode}): at most {@value #EPISODES} topics at once. */
    private final Episode[] episodes;
    /** Agent episodes that closed without an artifact, held a while for one named later. */
    private final Uncredited uncredited;
    public final int[] splitEvents;
    public final int[] splitRuns;
    /** Split runs by their number of requests (index = length, capped at {@link #RUN_LENGTHS} - 1). */
    public final int[] runLengths;

    /** An empty state for one actor of one segment. */
    public ActorState(String segment, String actor) {
        this.segment = segment;
        this.actor = actor;
        distinct = new HyperLogLog();
        heavy = new SpaceSaving(HEAVY);
        agentNames = new String[AGENTS];
        agentTokensByName = new long[AGENTS];
        agentNoArtifactByName = new long[AGENTS];
        runGrowth = new Growth();
        episodes = new Episode[EPISODES];
        for (int k = 0; k < EPISODES; k++) {
            episodes[k] = new Episode();
        }
        uncredited = new Uncredited();
        gapHist = new int[GAP_BINS];
        humanHourOfWeek = new int[HOURS];
        ownTally = new DayTally();
        days = ownTally.rate;
        agentTally = new DayTally();
        agentDays = agentTally.rate;
        tokensHourOfWeek = new long[HOURS];
        eventsHourOfWeek = new int[HOURS];
        tokensMonthEnd = new long[MONTH_DAYS];
        sizeCount = new int[SIZE_BINS];
        sizeTokens = new long[SIZE_BINS];
        splitEvents = new int[RUN_BINS];
        splitRuns = new int[RUN_BINS];
        runLengths = new int[RUN_LENGTHS];
        pending = new PriorityQueue<>(4);
    }

    private ActorState(ActorState o) {
        segment = o.segment;
        actor = o.actor;
        events = o.events;
        tokens = o.tokens;
        firstMillis = o.firstMillis;
        lastMillis = o.lastMillis;
        lateEvents = o.lateEvents;
        maxLateMillis = o.maxLateMillis;
        pending = new PriorityQueue<>(o.pending);
        applied = o.applied;
        fingerprinted = o.fingerprinted;
        distinct = o.distinct.copy();
        heavy = o.heavy.copy();
        artifactEvents = o.artifactEvents;
        noArtifactTokens = o.noArtifactTokens;
        agentEvents = o.agentEvents;
        agentTokens = o.agentTokens;
        agentNames = o.agentNames.clone();
        agentTokensByName = o.agentTokensByName.clone();
        agentNoArtifactByName = o.agentNoArtifactByName.clone();
        agentCount = o.agentCount;
        humanEvents = o.humanEvents;
        lastHumanMillis = o.lastHumanMillis;
        gapHist = o.gapHist.clone();
        gaps = o.gaps;
        sessionGaps = o.sessionGaps;
        sessionMean = o.sessionMean;
        sessionM2 = o.sessionM2;
        humanHourOfWeek = o.humanHourOfWeek.clone();
        ownTally = o.ownTally.copy();
        days = ownTally.rate;
        agentTally = o.agentTally.copy();
        agentDays = agentTally.rate;
        tokensHourOfWeek = o.tokensHourOfWeek.clone();
        eventsHourOfWeek = o.eventsHourOfWeek.clone();
        tokensMonthEnd = o.tokensMonthEnd.clone();
        sizeCount = o.sizeCount.clone();
        sizeTokens = o.sizeTokens.clone();
        sizedEvents = o.sizedEvents;
        minTokens = o.minTokens;
        maxTokens = o.maxTokens;
        lastAnyMillis = o.lastAnyMillis;
        runTopic = o.runTopic;
        runTopicKnown = o.runTopicKnown;
        runLength = o.runLength;
        runTokens = o.runTokens;
        runLastTokens = o.runLastTokens;
        conversationEvents = o.conversationEvents;
        drivingRequests = o.drivingRequests;
        runGaps = o.runGaps.clone();
        runGapCount = o.runGapCount;
        runGrowth = o.runGrowth.copy();
        runConversation = o.runConversation;
        runArtifact = o.runArtifact;
        runNewArtifacts = o.runNewArtifacts;
        episodes = new Episode[EPISODES];
        for (int k = 0; k < EPISODES; k++) {
            episodes[k] = o.episodes[k].copy();
        }
        uncredited = o.uncredited.copy();
        splitEvents = o.splitEvents.clone();
        splitRuns = o.splitRuns.clone();
        runLengths = o.runLengths.clone();
    }

    /**
     * Ingest-time settings shared by all actors of a log.
     *
     * @param zone                the zone of hours of the week and month ends
     * @param splitGapMillis      the longest gap inside a task-splitting run
     * @param splitRun            the fewest requests of a task-splitting run
     * @param sessionGapMillis    the longest gap inside a working session
     * @param reorderWindowMillis how long an event waits for earlier ones of its actor
     * @param reorderBuffer       the most events of one actor that wait at a time
     */
    public record Settings(ZoneId zone, long splitGapMillis, int splitRun, long sessionGapMillis,
            long reorderWindowMillis, int reorderBuffer) implements java.io.Serializable {
        /** The zone's rules, looked up once. */
        public ZoneRules rules() {
            return zone.getRules();
        }
    }

    /** Adds one event: counted at once, applied to the accumulators in time order (see the class comment). */
    public void add(ActivityEvent e, Settings s, ZoneRules rules) {
        Pending p = Pending.of(e);
        long t = p.millis();
        events++;
        tokens += p.tokens();
        firstMillis = Math.min(firstMillis, t);
        lastMillis = Math.max(lastMillis, t);
        if (applied != null && p.compareTo(applied) < 0) {
            lateEvents++;
            maxLateMillis = Math.max(maxLateMillis, lastMillis - t);
            applyUnordered(p, rules);
            return;
        }
        pending.add(p);
        long horizon = lastMillis - s.reorderWindowMillis();
        while (!pending.isEmpty() && (pending.size() > s.reorderBuffer() || pending.peek().millis() < horizon)) {
            apply(pending.poll(), s, rules);
        }
    }

    /** Events waiting in the reordering buffer. */
    public int waiting() {
        return pending.size();
    }

    private void apply(Pending p, Settings s, ZoneRules rules) {
        long day = applyUnordered(p, rules);
        applyOrdered(p, s);
        (p.byAgent() ? agentTally : ownTally).count(day);
        applied = p;
    }

    /** Adds the open days, the person's and the agents', to the closed ones. */
    private void closeDay() {
        ownTally.close();
        agentTally.close();
    }

    /**
     * The accumulators that do not depend on the order of events (up to the sketches' approximations); returns the
     * event's local epoch day.
     */
    private long applyUnordered(Pending p, ZoneRules rules) {
        long t = p.millis();
        long tok = p.tokens();

        // requests
        if (p.has(Pending.FINGERPRINTED)) {
            fingerprinted++;
            distinct.add(p.hash());
            heavy.add(p.hash());
        }

        // yield and agents
        boolean artifact = p.has(Pending.ARTIFACT);
        if (artifact) {
            artifactEvents++;
        } else {
            noArtifactTokens += tok;
        }
        if (p.byAgent()) {
            agentEvents++;
            uncredited.agentRequest(t);
            agentTokens += tok;
            int slot = agentSlot(p.agent());
            agentTokensByName[slot] += tok;
            if (!artifact) {
                agentNoArtifactByName[slot] += tok;
            }
        }

        // calendar
        long local = Math.floorDiv(t, 1000) + rules.getOffset(Instant.ofEpochMilli(t)).getTotalSeconds();
        long day = Math.floorDiv(local, 86_400);
        int hourOfWeek = (int) (Math.floorMod(day + 3, 7) * 24 + Math.floorMod(local, 86_400) / 3600);
        tokensHourOfWeek[hourOfWeek] += tok;
        eventsHourOfWeek[hourOfWeek]++;
        LocalDate date = LocalDate.ofEpochDay(day);
        tokensMonthEnd[date.lengthOfMonth() - date.getDayOfMonth()] += tok;

        // sizes
        int sb = sizeBin(tok);
        sizeCount[sb]++;
        sizeTokens[sb] += tok;
        sizedEvents++;
        minTokens = Math.min(minTokens, tok);
        maxTokens = Math.max(maxTokens, tok);

        // when the person works
        if (!p.byAgent()) {
            humanEvents++;
            humanHourOfWeek[hourOfWeek]++;
        }
        return day;
    }

    /** The accumulators that need events in time order: gaps, sessions, runs and episodes. */
    private void applyOrdered(Pending p, Settings s) {
        long t = p.millis();
        long tok = p.tokens();

        boolean topicKnown = p.has(Pending.TOPIC);
        int topic = p.topic();
        episode(p, topicKnown, topic, s);
        if (p.byAgent()) {
            // an agent's requests are its workflow (a nightly job's batch on one repository, a tool loop), not the
            // person's: they neither enter nor break the person's runs (a helper's nightly CI bots read as task
            // splitters in logs that record no artifacts), as they never entered the person's gaps
            return;
        }

        // runs of the person's requests on one topic, seconds apart
        // a request on another topic that re-sends the run's history grown by less than a turn ("next", "ok, go on",
        // each answered in a line) continues it too: one task cut into tiny turns of one chat, whatever their words
        boolean rapid = lastAnyMillis != Long.MIN_VALUE && t - lastAnyMillis <= s.splitGapMillis();
        boolean tinyTurn = runLength > 0 && tok > runLastTokens && tok - runLastTokens < MIN_TURN_TOKENS;
        boolean continues = rapid && (!topicKnown || !runTopicKnown || topic == runTopic || tinyTurn);
        if (!continues) {
            closeRun(s);
        }

        // cadence of the person's own requests; those inside a run wait until it is decided: a conversation's (a chat
        // re-sending its history) are the tool's timing, not the person's
        if (lastHumanMillis != Long.MIN_VALUE) {
            long gap = t - lastHumanMillis;
            if (continues) {
                runGap(gap, s);
            } else {
                gap(gap, s);
            }
        }
        lastHumanMillis = t;

        runLastTokens = tok;
        if (continues) {
            runGrowth.add(tok);
            runLength++;
            runTokens += tok;
            if (runConversation == 0 && runLength == Math.max(RUN_READ, s.splitRun())) {
                decideRun(s); // a long run is decided on its first requests, so the gaps kept stay few
            }
            if (topicKnown && !runTopicKnown) {
                runTopic = topic;
                runTopicKnown = true;
            }
            if (p.artifact() != 0 && p.artifact() != runArtifact) {
                runNewArtifacts++;
                runArtifact = p.artifact();
            }
        } else {
            runGrowth.clear();
            runGrowth.add(tok);
            runConversation = 0;
            runLength = 1;
            runTokens = tok;
            runTopic = topic;
            runTopicKnown = topicKnown;
            runArtifact = p.artifact();
            runNewArtifacts = p.artifact() != 0 ? 1 : 0;
        }
        lastAnyMillis = t;
    }

    /** Takes a request found inside a conversation out of the size histograms. */
    void unsize(long tok) {
        int sb = sizeBin(tok);
        sizeCount[sb]--;
        sizeTokens[sb] -= tok;
        sizedEvents--;
    }

    /** A gap between two of the person's own requests, counted for cadence. */
    private void gap(long gap, Settings s) {
        conversationGap(gap);
        if (gap <= s.sessionGapMillis()) {
            double g = gap / 1000.0;
            sessionGaps++;
            double d = g - sessionMean;
            sessionMean += d / sessionGaps;
            sessionM2 += d * (g - sessionMean);
        }
    }

    /**
     * A gap inside a conversation: counted for the period of the gaps (a timer's, re-sending a growing context, stays
     * one), not for their spread within sessions (an agent's tool loop is regular by nature).
     */
    private void conversationGap(long gap) {
        gaps++;
        gapHist[gapBin(gap)]++;
    }

    /**
     * Whether the open run's gaps kept so far are a program's batch: their median under {@link #BATCH_GAP_MILLIS},
     * faster than a person writes a request, and varying as a model's latency does (a coefficient of variation of
     * {@link #BATCH_GAP_CV} or more: a notebook classifying rows sends each as the last reply returns). A timer's
     * gaps, however short, do not vary so: its run stays splitting and its gaps the person's cadence.
     */
    private boolean machinePaced() {
        if (runGapCount < 2) {
            return false;
        }
        double[] g = new double[runGapCount];
        for (int i = 0; i < runGapCount; i++) {
            g[i] = runGaps[i];
        }
        Arrays.sort(g);
        if (Descriptive.medianOfSorted(g) >= BATCH_GAP_MILLIS) {
            return false;
        }
        double mean = Descriptive.mean(g);
        return mean > 0 && new StandardDeviation().evaluate(g, mean) >= BATCH_GAP_CV * mean;
    }

    /**
     * Decides whether the open run is a conversation, a program's batch or neither; the gaps kept so far count as it
     * says (a batch's for nothing).
     */
    private void decideRun(Settings s) {
        runConversation = runGrowth.grows() && runGrowth.meanStep() >= MIN_TURN_TOKENS ? CONVERSATION
                : machinePaced() ? BATCH : -1;
        for (int i = 0; i < runGapCount && runConversation != BATCH; i++) {
            if (runConversation > 0) {
                conversationGap(runGaps[i]);
            } else {
                gap(runGaps[i], s);
            }
        }
        runGapCount = 0;
    }

    /** A gap inside the open run: kept until the run is decided ({@link #decideRun}), then counted as it says. */
    private void runGap(long gap, Settings s) {
        if (runConversation == BATCH) {
            return; // a program's batch: its gaps are the model's latency, neither the person's cadence nor a timer's
        }
        if (runConversation > 0) {
            conversationGap(gap);
        } else if (runConversation < 0) {
            gap(gap, s);
        } else {
            if (runGapCount == runGaps.length) {
                runGaps = Arrays.copyOf(runGaps, Math.max(16, 2 * runGaps.length));
            }
            runGaps[runGapCount++] = gap;
        }
    }

    private int agentSlot(String name) {
        for (int i = 0; i < agentCount; i++) {
            if (agentNames[i].equals(name)) {
                return i;
            }
        }
        if (agentCount < AGENTS - 1) {
            agentNames[agentCount] = name;
            return agentCount++;
        }
        if (agentCount == AGENTS - 1) {
            agentNames[agentCount++] = "";
        }
        return AGENTS - 1; // pooled "other agents"
    }

    /**
     * The share of an agent's tokens that must have led to an artifact for its work to count as productive: below, its
     * tokens with no artifact count as leading nowhere in proportion ({@link #idleAgentTokens(int)}).
     */
    static final double PRODUCTIVE_SHARE = 0.1;

    /**
     * The tokens of agent slot {@code k} that led nowhere: its tokens with no artifact, in full where none of its work
     * led to one, falling linearly to none where a tenth of its tokens or more did ({@link #PRODUCTIVE_SHARE}). An
     * agent's work is an episode ({@link Episode}): a coding agent whose loops end in a pull request one time in two
     * is productive, though half its loops led nowhere, as a person's are; an agent that drafts around the clock and
     * never leads anywhere is what the yield signature looks for.
     */
    double idleAgentTokens(int k) {
        long all = agentTokensByName[k];
        if (all <= 0) {
            return 0;
        }
        if (k == AGENTS - 1 && agentCount == AGENTS) {
            // the pooled slot holds every agent after the first seven: one that led somewhere must not vouch for the
            // others (seven decoy agents named first hid a draft bot beside a productive one), so it counts in full
            return agentNoArtifactByName[k];
        }
        double productive = (double) (all - agentNoArtifactByName[k]) / all;
        return agentNoArtifactByName[k] * Math.max(0, 1 - productive / PRODUCTIVE_SHARE);
    }

    /** The agents' tokens in requests that led to no artifact ({@link #agentNoArtifactByName} summed). */
    long agentNoArtifactTokens() {
        long sum = 0;
        for (long v : agentNoArtifactByName) {
            sum += v;
        }
        return sum;
    }

    /** The tokens of all the actor's agents that led nowhere ({@link #idleAgentTokens(int)} summed). */
    double idleAgentTokens() {
        double sum = 0;
        for (int k = 0; k < AGENTS; k++) {
            sum += idleAgentTokens(k);
        }
        return sum;
    }

    /**
     * Adds a request, applied in order, to the open episode of its topic (the most recent one where its topic is not
     * known), closing those the session gap has ended; a new topic takes an empty place, else the least recent
     * episode's, which closes.
     */
    private void episode(Pending p, boolean topicKnown, int topic, Settings s) {
        long t = p.millis();
        // an agent's request of no known topic continues the loop whose history it re-sends: the open episode whose
        // last request is nearest its size, within a factor of two (two agents' tool loops side by side, neither
        // naming its topic, taken in turn as one episode, alternated in size and read as no conversation)
        boolean bySize = !topicKnown && p.byAgent();
        Episode target = null;
        Episode extended = null;
        double nearest = LOOP_RATIO;
        for (Episode e : episodes) {
            if (e.isOpen() && t - e.lastMillis > s.sessionGapMillis()) {
                e.close(this);
            }
            if (!e.continuedBy(t, topicKnown, topic, s.sessionGapMillis())) {
                continue;
            }
            if (bySize) {
                double ratio = Math.abs(Math.log((p.tokens() + 1.0) / (e.lastTokens + 1.0)));
                if (ratio <= nearest) {
                    nearest = ratio;
                    extended = e;
                }
            }
            if (target == null || e.lastMillis > target.lastMillis) {
                target = e;
            }
        }
        if (extended != null) {
            target = extended; // else, as any request, the most recent open episode it continues
        }
        int slot = p.byAgent() ? agentSlot(p.agent()) : -1;
        if (target == null && slot >= 0) {
            // an agent's request whose text names a topic no open episode has (a tool's output sent as the request,
            // its first words new each step) still continues its own loop: the open episode whose last request was
            // this agent's, or the person's prompt that started it, and whose history it re-sends grown, by up to a
            // factor of two (a draft bot's requests of one size, each on a topic of its own, grow nothing)
            for (Episode e : episodes) {
                if (e.isOpen() && (e.lastSlot == slot || e.lastSlot < 0) && e.lastTokens < p.tokens()
                        && p.tokens() <= 2 * e.lastTokens && t - e.lastMillis <= s.sessionGapMillis()
                        && (target == null || e.lastMillis > target.lastMillis)) {
                    target = e;
                }
            }
        }
        if (target == null) {
            for (Episode e : episodes) {
                if (!e.isOpen()) {
                    target = e;
                    break;
                }
                if (target == null || e.lastMillis < target.lastMillis) {
                    target = e;
                }
            }
            target.close(this);
        }
        target.add(p, topicKnown, topic, slot, this);
    }

    /**
     * Credits an episode that named an artifact: its requests that named none led to it as well, and their tokens
     * leave the counts of tokens that led to no artifact.
     */
    void credit(long tokens, long[] agentTokensBySlot) {
        noArtifactTokens -= tokens;
        for (int k = 0; k < AGENTS; k++) {
            agentNoArtifactByName[k] -= agentTokensBySlot[k];
        }
    }

    /** The agent episodes held for an artifact named later. */
    Uncredited uncredited() {
        return uncredited;
    }

    /**
     * An episode ({@code named}) named its first artifact at {@code millis}, by agent slot {@code slot} (-1 for the
     * person's own request): the held agent episodes on its topic led to it too, and where the person named it, the
     * agents' last loop, held or still open, if they have been quiet since ({@link Uncredited}).
     */
    void artifactNamed(Episode named, long millis, boolean known, int topic, int slot) {
        uncredited.creditTopic(known, topic, millis, slot, this);
        long last = uncredited.lastAgentMillis();
        if (slot >= 0 || last == Long.MIN_VALUE || uncredited.creditLatest(millis, this)) {
            return;
        }
        for (Episode e : episodes) {
            if (e != named && e.creditIfLatest(millis, last)) {
                return;
            }
        }
    }

    /** Closes every open episode (at a snapshot). */
    private void closeEpisodes() {
        for (Episode e : episodes) {
            e.close(this);
        }
    }

    private void closeRun(Settings s) {
        int minRun = s.splitRun();
        if (runConversation == 0) {
            if (runLength >= minRun) {
                decideRun(s);
            } else {
                for (int i = 0; i < runGapCount; i++) {
                    gap(runGaps[i], s);
                }
                runGapCount = 0;
            }
        }
        if (runGaps.length > 64) {
            runGaps = new long[0]; // a long run's buffer is not kept for the runs after it
        }

        boolean conversation = runLength >= minRun && runConversation == CONVERSATION;
        boolean batch = runLength >= minRun && runConversation == BATCH;
        runConversation = 0;
        if (conversation || batch) {
            // requests that grow along the run: the history re-sent and growing (a conversation, an agent's tool
            // loop), which pieces of a task cut apart, sent on their own, do not show; or a program's batch: their
            // gaps are the tool's timing, not the person's cadence
            conversationEvents += runLength;
        } else if (runLength >= minRun && 2 * runNewArtifacts < runLength) {
            // a run in which half the requests or more each named an artifact of their own is a batch of tasks
            int b = runBin((double) runTokens / runLength);
            splitEvents[b] += runLength;
            splitRuns[b]++;
            runLengths[Math.min(runLength, RUN_LENGTHS - 1)]++;
        }
        runLength = 0;
        runTokens = 0;
    }

    /**
     * Whether most of the person's own requests came in conversations (a chat tool re-sending its history, an agent
     * the log does not name) or a program's batches: its timing is then the tool's, and its cadence is not examined.
     * Agents' requests enter no run, so they are not counted either way.
     */
    public boolean mostlyConversations() {
        return 2 * conversationEvents > humanEvents;
    }

    /** The requests of a run after which it is decided whether it is a conversation (or the run length, if more). */
    static final int RUN_READ = 256;

    /** The share of a run's requests larger than those three to five before from which it is a conversation. */
    public static final double CONVERSATION_SHARE = 0.6;
    /** The furthest request back that {@link Growth} compares with. */
    static final int GROWTH_LAG = 5;

    /**
     * The least a conversation's turn adds to its history on average, in tokens: the person's message and the model's
     * reply. A run whose requests grow by less (tiny turns, "next", "ok", "go on", each answered in a line) is one task
     * cut into many turns of one chat, and is read as splitting.
     */
    static final int MIN_TURN_TOKENS = 150;

    /**
     * The median gap below which a run is a program's batch rather than a task cut apart by hand, in milliseconds: a
     * person needs more than five seconds to write the next piece; a program sends it as the last reply returns. A
     * batch's requests are neither splitting nor the person's cadence (their gaps are the model's latency).
     */
    static final long BATCH_GAP_MILLIS = 5_000;

    /** The least coefficient of variation of a batch's gaps: a model's latency varies; a timer's period does not. */
    static final double BATCH_GAP_CV = 0.2;

    /**
     * How far (the log of the factor) an agent's request of no known topic may be in size from the last request of the
     * loop it continues: a factor of 2.
     */
    private static final double LOOP_RATIO = Math.log(2);

    /** An independent copy in the same state, waiting events still waiting and the open run open (for merging). */
    public ActorState snapshotOpen() {
        return new ActorState(this);
    }

    /** An independent copy with every waiting event applied in order and the open run closed, for scoring. */
    public ActorState snapshot(Settings s, ZoneRules rules) {
        ActorState c = new ActorState(this);
        while (!c.pending.isEmpty()) {
            c.apply(c.pending.poll(), s, rules);
        }
        c.closeRun(s);
        c.closeEpisodes();
        c.closeDay();
        return c;
    }

    /**
     * Approximate bytes of the waiting events now, of the gaps the open run keeps and of the sizes the open episodes
     * keep until they are decided.
     */
    public long waitingBytes() {
        long b = (long) Pending.BYTES * pending.size() + (long) Long.BYTES * runGaps.length;
        for (Episode e : episodes) {
            b += e.bufferBytes();
        }
        return b;
    }

    /**
     * The most bytes the gaps an open run keeps until it is decided ({@link #RUN_READ} or the run length, if more) and
     * the sizes the open episodes keep until they close ({@link #RUN_READ} each: an episode is decided there) take,
     * rounded up to the buffers' doubling from 16.
     */
    static long maxRunGapBytes(int splitRun) {
        return (long) Long.BYTES * (buffer(Math.max(RUN_READ, splitRun)) + (long) EPISODES * buffer(RUN_READ));
    }

    /** A buffer's length for {@code n} values, doubling from 16. */
    private static int buffer(int n) {
        int length = 16;
        while (length < n) {
            length *= 2;
        }
        return length;
    }

    /** Approximate bytes of the fixed state of one actor (excluding the names and the waiting events). */
    public static long bytes() {
        return 640 + EPISODES * Episode.BYTES + Uncredited.BYTES + HyperLogLog.bytes() + SpaceSaving.bytes(HEAVY)
                + 8L * AGENTS * 3
                + 4L * GAP_BINS + 4L * HOURS
                + 8L * HOURS + 4L * HOURS + 8L * MONTH_DAYS + 12L * SIZE_BINS + 8L * RUN_BINS + 4L * RUN_LENGTHS
                + 2 * DayTally.bytes();
    }

    /** The size bin of a request of {@code tokens} tokens. */
    public static int sizeBin(long tokens) {
        if (tokens <= 0) {
            return 0;
        }
        return (int) Math.min(SIZE_BINS - 1, 1 + Math.floor(4 * Math.log(tokens) / Math.log(2) + 1e-9));
    }

    /** The smallest token count in size bin {@code b >= 1}. */
    public static double sizeBinLow(int b) {
        return b == 0 ? 0 : Math.pow(2, (b - 1) / 4.0);
    }

    /** The gap bin of a gap of {@code millis}. */
    public static int gapBin(long millis) {
        if (millis < 1000) {
            return 0;
        }
        return (int) Math.min(GAP_BINS - 1, 1 + Math.floor(40 * Math.log10(millis / 1000.0)));
    }

    /** The geometric centre of gap bin {@code b >= 1}, in seconds. */
    public static double gapBinCentre(int b) {
        return Math.pow(10, (b - 0.5) / 40.0);
    }

    /** The bin of a split run with mean request size {@code mean}. */
    public static int runBin(double mean) {
        return (int) Math.min(RUN_BINS - 1, Math.floor(Math.log(mean + 1) / Math.log(2)));
    }

    /** Murmur3's 64-bit finaliser, so that structured hex fingerprints become well-mixed hashes. */
    static long mix(long k) {
        k ^= k >>> 33;
        k *= 0xff51afd7ed558ccdL;
        k ^= k >>> 33;
        k *= 0xc4ceb9fe1a85ec53L;
        k ^= k >>> 33;
        return k;
    }
}
