package dev.goodhart.activity;

import dev.goodhart.Finding;
import dev.goodhart.activity.internal.ActorState;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Scores an {@link ActivityLog}: every actor against their peers on each {@link Signature}.
 *
 * <h2>Signatures</h2>
 * Each gives one number per actor (undefined, and left out, when the actor has fewer than {@code minEvents} events
 * of the kind it needs):
 * <ul>
 *   <li>{@code diversity}: share of the actor's fingerprinted requests that repeat an earlier one,
 *       {@code 1 - distinct / requests} (distinct counted by HyperLogLog; the most repeated request by Space-Saving,
 *       Metwally et al. 2005), in the sentence with the request entropy bound;</li>
 *   <li>{@code cadence}: minus the coefficient of variation of the gaps between a person's own requests within a
 *       working session (scripts are regular: CV near 0; people are bursty: CV above 1);</li>
 *   <li>{@code off-hours}: share of a person's requests in the hours of the week when the peers together make less
 *       than a quarter of a uniform share of theirs;</li>
 *   <li>{@code yield}: share of tokens with no artifact downstream (only when the log names artifacts at all), and
 *       the share of the actor's tokens spent by agents on work with no artifact; the stronger of the two counts;</li>
 *   <li>{@code splitting}: share of requests inside runs of at least {@code splitRun} requests on one topic, each
 *       within {@code splitGap} of the previous;</li>
 *   <li>{@code size}: log2 of the median request size, two-sided (many tiny pings or a few huge drafts);</li>
 *   <li>{@code deadline}: share of tokens in the last three days of a month (only with
 *       {@link Builder#monthlyReporting(boolean)}).</li>
 * </ul>
 *
 * <h2>Peers and evidence</h2>
 * An actor's peers are the other actors of the segment when there are at least {@code minPeers} with the signature
 * defined, else the whole organisation; with fewer, the signature is not examined. The evidence is the robust z-score
 * {@code z = (v - median) / max(1.4826 MAD, floor)} of the peers (one-sided in the direction of concern, two-sided for
 * size; the floor keeps a group of identical peers from turning a tiny difference into a large z), and the finding's
 * p-value is the actor's empirical rank among the peers, {@code (1 + #peers at or beyond v) / (1 + #peers)}.
 *
 * <h2>Score and flag</h2>
 * A signature's strength is {@code s = min(1, max(0, (z - 3) / 3))}: nothing below three robust standard deviations,
 * full strength at six. The score combines them like independent alarms, {@code 100 (1 - prod(1 - w s))}, with the
 * weights of {@link Signature#defaultWeight()}; an actor is flagged at a score of 50 when at least two signatures
 * count (z of 3 or more): one unusual habit (many repeats of "run the tests", night work, heavy use) is not an
 * accusation; manufactured activity shows several at once (a script repeats itself, regularly, with tiny requests).
 * Thresholds were chosen by the
 * simulation in the test suite (genuine users with bursts, weekly cycles, legitimate repeats and heavy productive use,
 * against scripted pingers, task splitters and dummy agents); README reports the measured rates.
 *
 * <p>Immutable and thread-safe; scoring reads a consistent snapshot of the log.
 */
public final class ActivityScorer {
    /** Robust z at which a signature starts to count. */
    static final double Z_START = 3;
    private static final double Z_FULL = 6;
    private static final double QUIET_SHARE = 0.25;

    private final Map<Signature, Double> weights;
    private final double flagAt;
    private final int minPeers;
    private final int minEvents;
    private final boolean monthlyReporting;

    private ActivityScorer(Builder b) {
        this.weights = new EnumMap<>(b.weights);
        this.flagAt = b.flagAt;
        this.minPeers = b.minPeers;
        this.minEvents = b.minEvents;
        this.monthlyReporting = b.monthlyReporting;
    }

    /** The default settings: flag at 50, at least 8 peers, 20 events per signature, no deadline signature. */
    public static ActivityScorer defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Scores every actor of the log against their peers. */
    public ActivityReport score(ActivityLog log) {
        ActivityLog.Snapshot snap = Objects.requireNonNull(log, "log").snapshot();
        List<ActorState> actors = snap.actors();
        if (actors.isEmpty()) {
            return ActivityReport.EMPTY;
        }
        boolean artifacts = snap.artifactEvents() > 0;
        int n = actors.size();
        Map<Signature, double[]> values = new EnumMap<>(Signature.class);
        for (Signature s : Signature.values()) {
            if (s == Signature.DEADLINE && !monthlyReporting || s == Signature.YIELD && !artifacts) {
                continue;
            }
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = s == Signature.OFF_HOURS ? Double.NaN : value(s, actors.get(i));
            }
            values.put(s, v);
        }
        Map<String, List<Integer>> bySegment = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            bySegment.computeIfAbsent(actors.get(i).segment, k -> new ArrayList<>()).add(i);
        }
        // agents' tokens with no artifact, as a share of all the actor's tokens: the yield of dummy agents
        double[] agentYield = new double[n];
        for (int i = 0; i < n; i++) {
            ActorState a = actors.get(i);
            agentYield[i] = !artifacts || a.events < minEvents || a.tokens == 0 ? Double.NaN
                    : (double) a.agentNoArtifactTokens / a.tokens;
        }
        double[] offHours = values.get(Signature.OFF_HOURS);
        double[][] quietBySegment = new double[n][];
        for (Map.Entry<String, List<Integer>> e : bySegment.entrySet()) {
            List<Integer> group = e.getValue().size() > minPeers ? e.getValue() : allIndices(n);
            boolean[] quiet = quietHours(actors, group);
            for (int i : e.getValue()) {
                offHours[i] = offHoursShare(actors.get(i), quiet);
            }
        }

        List<ActorActivity> results = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            ActorState a = actors.get(i);
            List<Finding> findings = new ArrayList<>();
            double none = 1;
            for (Map.Entry<Signature, double[]> e : values.entrySet()) {
                Signature s = e.getKey();
                double[] v = e.getValue();
                if (Double.isNaN(v[i])) {
                    continue;
                }
                double[] peers = peers(v, i, bySegment.get(a.segment), n);
                if (peers == null) {
                    continue;
                }
                Evidence ev = evidence(s, v[i], peers);
                double value = v[i];
                boolean byAgents = false;
                if (s == Signature.YIELD && !Double.isNaN(agentYield[i])) {
                    double[] agentPeers = peers(agentYield, i, bySegment.get(a.segment), n);
                    if (agentPeers != null) {
                        Evidence agentEv = evidence(s, agentYield[i], agentPeers);
                        if (agentEv.z > ev.z) {
                            ev = agentEv;
                            value = agentYield[i];
                            byAgents = true;
                        }
                    }
                }
                double strength = Math.min(1, Math.max(0, (ev.z - Z_START) / (Z_FULL - Z_START)));
                none *= 1 - weights.get(s) * strength;
                findings.add(Finding.of(s.detector(), value, ev.p, ev.z, byAgents ? agentSentence(a, value, ev)
                        : sentence(s, a, value, ev)));
            }
            findings.sort(Comparator.comparingDouble(Finding::effect).reversed());
            double score = Math.round(1000 * (1 - none)) / 10.0;
            long corroborating = findings.stream().filter(f -> f.effect() >= Z_START).count();
            results.add(new ActorActivity(a.actor, a.segment, a.events, a.tokens, score,
                    score >= flagAt && corroborating >= 2, findings));
        }
        results.sort(Comparator.comparingDouble(ActorActivity::score).reversed()
                .thenComparing(ActorActivity::segment).thenComparing(ActorActivity::actor));
        Map<String, long[]> roll = new LinkedHashMap<>();
        Map<String, Double> scoreSum = new LinkedHashMap<>();
        for (String seg : bySegment.keySet()) {
            roll.put(seg, new long[4]);
            scoreSum.put(seg, 0.0);
        }
        for (ActorActivity r : results) {
            long[] c = roll.get(r.segment());
            c[0]++;
            c[1] += r.flagged() ? 1 : 0;
            c[2] += r.tokens();
            c[3] += r.flagged() ? r.tokens() : 0;
            scoreSum.merge(r.segment(), r.score(), Double::sum);
        }
        List<SegmentActivity> segments = new ArrayList<>();
        for (Map.Entry<String, long[]> e : roll.entrySet()) {
            long[] c = e.getValue();
            segments.add(new SegmentActivity(e.getKey(), (int) c[0], (int) c[1], c[2], c[3],
                    scoreSum.get(e.getKey()) / c[0]));
        }
        long late = 0;
        int lateActors = 0;
        long mostLate = 0;
        long busiest = 0;
        for (ActorState a : actors) {
            busiest = Math.max(busiest, a.events);
            if (a.lateEvents > 0) {
                late += a.lateEvents;
                lateActors++;
                mostLate = Math.max(mostLate, a.maxLateMillis);
            }
        }
        List<String> notes = late == 0 ? List.of()
                : List.of(lateNote(late, snap.events(), lateActors, mostLate, busiest, snap.settings()));
        return new ActivityReport(snap.events(), snap.first(), snap.last(), results, segments, late, notes);
    }

    /** The plain-words note on late events: how many, how late, what they miss, what to do. */
    private static String lateNote(long late, long events, int actors, long mostLateMillis, long busiest,
            ActorState.Settings s) {
        return String.format(Locale.ROOT, "%d of %d events (of %d %s) arrived too far out of order to be put back in "
                        + "time order (this log reorders within %s, up to %d waiting events per actor); the worst was "
                        + "%s behind a later event of the same actor. They count everywhere except the gaps between "
                        + "requests and the rapid runs, so cadence and splitting may be understated for %s. Sort the "
                        + "events by time, or build the ActivityLog with a reorderWindow of at least %s and a "
                        + "reorderBuffer of at least %d (the busiest actor's events).",
                late, events, actors, actors == 1 ? "actor" : "actors", span(s.reorderWindowMillis(), false),
                s.reorderBuffer(), span(mostLateMillis, false), actors == 1 ? "that actor" : "those actors",
                span(mostLateMillis, true), busiest);
    }

    /** A duration for a sentence: "45 seconds", "12 minutes", "3.5 hours", "27.9 days"; rounded up when asked. */
    static String span(long millis, boolean roundUp) {
        double[] units = {86_400_000, 3_600_000, 60_000, 1000};
        String[] names = {"days", "hours", "minutes", "seconds"};
        int[] decimals = {1, 1, 0, 0};
        for (int i = 0; i < units.length; i++) {
            if (millis >= units[i] || i == units.length - 1) {
                double scale = Math.pow(10, decimals[i]);
                double x = millis / units[i] * scale;
                x = (roundUp ? Math.ceil(x) : Math.round(x)) / scale;
                String unit = x == 1 ? names[i].substring(0, names[i].length() - 1) : names[i];
                return String.format(Locale.ROOT, decimals[i] == 0 ? "%.0f %s" : "%.1f %s", x, unit).replace(".0 ", " ");
            }
        }
        throw new AssertionError();
    }

    private static List<Integer> allIndices(int n) {
        List<Integer> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        return all;
    }

    /** The values of the actor's peers (segment, else organisation), excluding the actor; null when too few. */
    private double[] peers(double[] v, int self, List<Integer> segment, int n) {
        double[] p = collect(v, self, segment);
        if (p.length >= minPeers) {
            return p;
        }
        p = collect(v, self, allIndices(n));
        return p.length >= minPeers ? p : null;
    }

    private static double[] collect(double[] v, int self, List<Integer> group) {
        double[] out = new double[group.size()];
        int k = 0;
        for (int j : group) {
            if (j != self && !Double.isNaN(v[j])) {
                out[k++] = v[j];
            }
        }
        return Arrays.copyOf(out, k);
    }

    /** Robust z against the peers and the empirical p-value. */
    private record Evidence(double z, double p, double median) {
    }

    private static Evidence evidence(Signature s, double v, double[] peers) {
        double[] sorted = peers.clone();
        Arrays.sort(sorted);
        double median = median(sorted);
        double[] dev = new double[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            dev[i] = Math.abs(sorted[i] - median);
        }
        Arrays.sort(dev);
        double scale = Math.max(1.4826 * median(dev), floor(s));
        boolean twoSided = s == Signature.SIZE;
        double z = twoSided ? Math.abs(v - median) / scale : (v - median) / scale;
        int beyond = 0;
        for (double x : peers) {
            if (twoSided ? Math.abs(x - median) >= Math.abs(v - median) : x >= v) {
                beyond++;
            }
        }
        return new Evidence(z, (1.0 + beyond) / (1.0 + peers.length), median);
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    /** The smallest spread a signature's peers are taken to have, in the signature's unit. */
    private static double floor(Signature s) {
        switch (s) {
            case SIZE:
                return 0.5;    // log2 units: a factor 1.4
            case CADENCE:
                return 0.1;    // coefficient of variation
            default:
                return 0.03;   // shares
        }
    }

    private double value(Signature s, ActorState a) {
        switch (s) {
            case DIVERSITY:
                if (a.fingerprinted < minEvents) {
                    return Double.NaN;
                }
                return 1 - Math.min(a.fingerprinted, a.distinct.estimate()) / a.fingerprinted;
            case CADENCE:
                if (a.sessionGaps < minEvents || !(a.sessionMean > 0)) {
                    return Double.NaN;
                }
                return -Math.sqrt(a.sessionM2 / (a.sessionGaps - 1)) / a.sessionMean;
            case YIELD:
                return a.events < minEvents || a.tokens == 0 ? Double.NaN : (double) a.noArtifactTokens / a.tokens;
            case SPLITTING: {
                if (a.events < minEvents) {
                    return Double.NaN;
                }
                long inRuns = 0;
                for (int c : a.splitEvents) {
                    inRuns += c;
                }
                return (double) inRuns / a.events;
            }
            case SIZE: {
                if (a.events < minEvents) {
                    return Double.NaN;
                }
                long half = (a.events + 1) / 2;
                long seen = 0;
                for (int b = 0; b < a.sizeCount.length; b++) {
                    seen += a.sizeCount[b];
                    if (seen >= half) {
                        return b == 0 ? -1 : (b - 1) / 4.0 + 0.125;
                    }
                }
                return Double.NaN;
            }
            case DEADLINE:
                if (a.events < minEvents || a.tokens == 0) {
                    return Double.NaN;
                }
                return (double) (a.tokensMonthEnd[0] + a.tokensMonthEnd[1] + a.tokensMonthEnd[2]) / a.tokens;
            default:
                return Double.NaN;
        }
    }

    /** Hours of the week in which the group together makes less than a quarter of a uniform share of its requests. */
    private static boolean[] quietHours(List<ActorState> actors, List<Integer> group) {
        long[] h = new long[ActorState.HOURS];
        long total = 0;
        for (int i : group) {
            for (int k = 0; k < h.length; k++) {
                h[k] += actors.get(i).humanHourOfWeek[k];
                total += actors.get(i).humanHourOfWeek[k];
            }
        }
        boolean[] quiet = new boolean[h.length];
        for (int k = 0; k < h.length; k++) {
            quiet[k] = total > 0 && h[k] < QUIET_SHARE * total / h.length;
        }
        return quiet;
    }

    private double offHoursShare(ActorState a, boolean[] quiet) {
        if (a.humanEvents < minEvents) {
            return Double.NaN;
        }
        long q = 0;
        for (int k = 0; k < quiet.length; k++) {
            if (quiet[k]) {
                q += a.humanHourOfWeek[k];
            }
        }
        return (double) q / a.humanEvents;
    }

    private static String sentence(Signature s, ActorState a, double v, Evidence ev) {
        String peers = String.format(Locale.ROOT, " (peers' median %s; robust z = %.1f, %s of peers at or beyond)",
                format(s, ev.median), ev.z, pct(ev.p));
        switch (s) {
            case DIVERSITY: {
                long[] top = a.heavy.guaranteedCounts();
                return String.format(Locale.ROOT, "%s of %d requests repeated an earlier one, the most frequent at least "
                        + "%d times%s.", pct(v), a.fingerprinted, top.length == 0 ? 0 : top[0], peers);
            }
            case CADENCE:
                return String.format(Locale.ROOT, "Gaps between requests within sessions varied with a coefficient of "
                        + "variation of %.2f over %d gaps, machine-like regularity%s.", -v, a.sessionGaps, peers);
            case OFF_HOURS:
                return String.format(Locale.ROOT, "%s of the person's %d requests fell in hours when the peers are "
                        + "nearly inactive%s.", pct(v), a.humanEvents, peers);
            case YIELD:
                return String.format(Locale.ROOT, "%s of %d tokens led to no artifact (pull request, document, ticket)%s.",
                        pct(v), a.tokens, peers);
            case SPLITTING:
                return String.format(Locale.ROOT, "%s of %d requests came in rapid runs on one topic, one task cut into "
                        + "many requests%s.", pct(v), a.events, peers);
            case SIZE:
                return String.format(Locale.ROOT, "The median request was about %.0f tokens%s.", Math.pow(2, v), peers);
            default:
                return String.format(Locale.ROOT, "%s of %d tokens were used in the last three days of a month%s.",
                        pct(v), a.tokens, peers);
        }
    }

    private static String agentSentence(ActorState a, double v, Evidence ev) {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < a.agentCount; k++) {
            if (a.agentNoArtifactByName[k] > 0 && !a.agentNames[k].isEmpty()) {
                names.add(a.agentNames[k]);
            }
        }
        return String.format(Locale.ROOT, "%s of %d tokens were spent by agents (%s) on work that led to no artifact "
                        + "(peers' median %s; robust z = %.1f, %s of peers at or beyond).", pct(v), a.tokens,
                names.isEmpty() ? "unnamed" : String.join(", ", names), pct(ev.median), ev.z, pct(ev.p));
    }

    private static String format(Signature s, double v) {
        switch (s) {
            case CADENCE:
                return String.format(Locale.ROOT, "CV %.2f", -v);
            case SIZE:
                return String.format(Locale.ROOT, "%.0f tokens", Math.pow(2, v));
            default:
                return pct(v);
        }
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * share);
    }

    /** Configures an {@link ActivityScorer}; validates each setting at once. */
    public static final class Builder {
        private final Map<Signature, Double> weights = new EnumMap<>(Signature.class);
        private double flagAt = 50;
        private int minPeers = 8;
        private int minEvents = 20;
        private boolean monthlyReporting;

        private Builder() {
            for (Signature s : Signature.values()) {
                weights.put(s, s.defaultWeight());
            }
        }

        /**
         * The most one signature can contribute to the score alone, as a fraction of 100.
         *
         * @throws IllegalArgumentException if not in [0, 1]
         */
        public Builder weight(Signature signature, double weight) {
            Objects.requireNonNull(signature, "signature");
            if (!(weight >= 0 && weight <= 1)) {
                throw new IllegalArgumentException("weight of " + signature.label() + ": must be in [0, 1], found " + weight);
            }
            weights.put(signature, weight);
            return this;
        }

        /**
         * The score at which an actor is flagged (default 50).
         *
         * @throws IllegalArgumentException if not in (0, 100]
         */
        public Builder flagAt(double score) {
            if (!(score > 0 && score <= 100)) {
                throw new IllegalArgumentException("flagAt: must be in (0, 100], found " + score);
            }
            this.flagAt = score;
            return this;
        }

        /**
         * The fewest peers a signature is compared with (default 8).
         *
         * @throws IllegalArgumentException if below 3
         */
        public Builder minPeers(int value) {
            if (value < 3) {
                throw new IllegalArgumentException("minPeers: must be at least 3, found " + value);
            }
            this.minPeers = value;
            return this;
        }

        /**
         * The fewest events (or gaps) an actor needs for a signature to be examined (default 20).
         *
         * @throws IllegalArgumentException if below 5
         */
        public Builder minEvents(int value) {
            if (value < 5) {
                throw new IllegalArgumentException("minEvents: must be at least 5, found " + value);
            }
            this.minEvents = value;
            return this;
        }

        /** Whether usage is reported monthly, which makes end-of-month bursts a signature (default false). */
        public Builder monthlyReporting(boolean value) {
            this.monthlyReporting = value;
            return this;
        }

        /** Builds the scorer. */
        public ActivityScorer build() {
            return new ActivityScorer(this);
        }
    }
}
