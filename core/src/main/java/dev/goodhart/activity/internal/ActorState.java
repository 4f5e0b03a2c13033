package dev.goodhart.activity.internal;

import dev.goodhart.activity.ActivityEvent;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.zone.ZoneRules;

/**
 * Bounded per-actor accumulator of an activity log: counters, fixed-size histograms and two sketches, never the
 * events. Its size does not depend on the number of events (see {@link #bytes()}). Not thread-safe: the log guards
 * it.
 */
public final class ActorState implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
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
    /** Heavy-hitter counters for request fingerprints. */
    public static final int HEAVY = 32;
    /** Agents tracked by name; the rest are pooled. */
    public static final int AGENTS = 8;

    public final String segment;
    public final String actor;

    public long events;
    public long tokens;
    public long firstMillis = Long.MAX_VALUE;
    public long lastMillis = Long.MIN_VALUE;
    public long outOfOrder;

    public long fingerprinted;
    public final HyperLogLog distinct;
    public final SpaceSaving heavy;

    public long artifactEvents;
    public long noArtifactTokens;
    public long agentEvents;
    public long agentTokens;
    public long agentNoArtifactTokens;
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

    public final long[] tokensHourOfWeek;
    public final long[] tokensMonthEnd;

    public final int[] sizeCount;
    public final long[] sizeTokens;

    public long lastAnyMillis = Long.MIN_VALUE;
    public int runTopic;
    public boolean runTopicKnown;
    public int runLength;
    public long runTokens;
    public final int[] splitEvents;
    public final int[] splitRuns;

    /** An empty state for one actor of one segment. */
    public ActorState(String segment, String actor) {
        this.segment = segment;
        this.actor = actor;
        distinct = new HyperLogLog();
        heavy = new SpaceSaving(HEAVY);
        agentNames = new String[AGENTS];
        agentTokensByName = new long[AGENTS];
        agentNoArtifactByName = new long[AGENTS];
        gapHist = new int[GAP_BINS];
        humanHourOfWeek = new int[HOURS];
        tokensHourOfWeek = new long[HOURS];
        tokensMonthEnd = new long[MONTH_DAYS];
        sizeCount = new int[SIZE_BINS];
        sizeTokens = new long[SIZE_BINS];
        splitEvents = new int[RUN_BINS];
        splitRuns = new int[RUN_BINS];
    }

    private ActorState(ActorState o) {
        segment = o.segment;
        actor = o.actor;
        events = o.events;
        tokens = o.tokens;
        firstMillis = o.firstMillis;
        lastMillis = o.lastMillis;
        outOfOrder = o.outOfOrder;
        fingerprinted = o.fingerprinted;
        distinct = o.distinct.copy();
        heavy = o.heavy.copy();
        artifactEvents = o.artifactEvents;
        noArtifactTokens = o.noArtifactTokens;
        agentEvents = o.agentEvents;
        agentTokens = o.agentTokens;
        agentNoArtifactTokens = o.agentNoArtifactTokens;
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
        tokensHourOfWeek = o.tokensHourOfWeek.clone();
        tokensMonthEnd = o.tokensMonthEnd.clone();
        sizeCount = o.sizeCount.clone();
        sizeTokens = o.sizeTokens.clone();
        lastAnyMillis = o.lastAnyMillis;
        runTopic = o.runTopic;
        runTopicKnown = o.runTopicKnown;
        runLength = o.runLength;
        runTokens = o.runTokens;
        splitEvents = o.splitEvents.clone();
        splitRuns = o.splitRuns.clone();
    }

    /** Ingest-time settings shared by all actors of a log. */
    public record Settings(ZoneId zone, long splitGapMillis, int splitRun, long sessionGapMillis)
            implements java.io.Serializable {
        /** The zone's rules, looked up once. */
        public ZoneRules rules() {
            return zone.getRules();
        }
    }

    /** Adds one event. */
    public void add(ActivityEvent e, Settings s, ZoneRules rules) {
        long t = e.timestamp().toEpochMilli();
        long tok = e.tokens();
        events++;
        tokens += tok;
        firstMillis = Math.min(firstMillis, t);
        lastMillis = Math.max(lastMillis, t);

        // requests
        String fp = e.requestFingerprint();
        boolean topicKnown = false;
        int topic = 0;
        if (!fp.isEmpty()) {
            fingerprinted++;
            int colon = fp.indexOf(':');
            String full = colon < 0 ? fp : fp.substring(colon + 1);
            long h = mix(Long.parseUnsignedLong(full.substring(0, 16), 16));
            distinct.add(h);
            heavy.add(h);
            if (colon > 0) {
                topicKnown = true;
                topic = Integer.parseUnsignedInt(fp.substring(0, colon), 16);
            }
        }

        // yield and agents
        boolean artifact = e.hasArtifact();
        if (artifact) {
            artifactEvents++;
        } else {
            noArtifactTokens += tok;
        }
        if (e.byAgent()) {
            agentEvents++;
            agentTokens += tok;
            if (!artifact) {
                agentNoArtifactTokens += tok;
            }
            int slot = agentSlot(e.agent());
            agentTokensByName[slot] += tok;
            if (!artifact) {
                agentNoArtifactByName[slot] += tok;
            }
        }

        // calendar
        long local = Math.floorDiv(t, 1000) + rules.getOffset(e.timestamp()).getTotalSeconds();
        long day = Math.floorDiv(local, 86_400);
        int hourOfWeek = (int) (Math.floorMod(day + 3, 7) * 24 + Math.floorMod(local, 86_400) / 3600);
        tokensHourOfWeek[hourOfWeek] += tok;
        LocalDate date = LocalDate.ofEpochDay(day);
        tokensMonthEnd[date.lengthOfMonth() - date.getDayOfMonth()] += tok;

        // sizes
        int sb = sizeBin(tok);
        sizeCount[sb]++;
        sizeTokens[sb] += tok;

        // cadence of the person's own requests
        if (!e.byAgent()) {
            humanEvents++;
            humanHourOfWeek[hourOfWeek]++;
            if (lastHumanMillis != Long.MIN_VALUE) {
                if (t >= lastHumanMillis) {
                    long gap = t - lastHumanMillis;
                    gaps++;
                    gapHist[gapBin(gap)]++;
                    if (gap <= s.sessionGapMillis()) {
                        double g = gap / 1000.0;
                        sessionGaps++;
                        double d = g - sessionMean;
                        sessionMean += d / sessionGaps;
                        sessionM2 += d * (g - sessionMean);
                    }
                    lastHumanMillis = t;
                }
            } else {
                lastHumanMillis = t;
            }
        }

        // runs of requests on one topic, seconds apart
        if (lastAnyMillis != Long.MIN_VALUE && t < lastAnyMillis) {
            outOfOrder++;
            return;
        }
        boolean continues = lastAnyMillis != Long.MIN_VALUE && t - lastAnyMillis <= s.splitGapMillis()
                && (!topicKnown || !runTopicKnown || topic == runTopic);
        if (continues) {
            runLength++;
            runTokens += tok;
            if (topicKnown && !runTopicKnown) {
                runTopic = topic;
                runTopicKnown = true;
            }
        } else {
            closeRun(s.splitRun());
            runLength = 1;
            runTokens = tok;
            runTopic = topic;
            runTopicKnown = topicKnown;
        }
        lastAnyMillis = t;
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

    private void closeRun(int minRun) {
        if (runLength >= minRun) {
            int b = runBin((double) runTokens / runLength);
            splitEvents[b] += runLength;
            splitRuns[b]++;
        }
        runLength = 0;
        runTokens = 0;
    }

    /** An independent copy in the same state, the open run still open (for merging logs). */
    public ActorState snapshotOpen() {
        return new ActorState(this);
    }

    /** An independent copy with the open run closed, for scoring. */
    public ActorState snapshot(int minRun) {
        ActorState c = new ActorState(this);
        c.closeRun(minRun);
        return c;
    }

    /** Approximate bytes of state of one actor (excluding the names). */
    public static long bytes() {
        return 400 + HyperLogLog.bytes() + SpaceSaving.bytes(HEAVY) + 8L * AGENTS * 3 + 4L * GAP_BINS + 4L * HOURS
                + 8L * HOURS + 8L * MONTH_DAYS + 12L * SIZE_BINS + 8L * RUN_BINS;
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
