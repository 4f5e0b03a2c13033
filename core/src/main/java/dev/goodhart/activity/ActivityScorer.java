package dev.goodhart.activity;

import dev.goodhart.internal.NoisyOr;
import dev.goodhart.model.Finding;
import dev.goodhart.activity.internal.PeerEvidence;
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
 *       working session (scripts are regular: CV near 0; people are bursty: CV above 1; its z is read against the
 *       peers' spread and its own sampling error, {@code m sqrt((1 + 2 m²) / (2 n))} for {@code n} gaps at the peers'
 *       median {@code m}, so that a few gaps' low CV is not taken for a script's), and the share of all their
 *       gaps within one period (three adjacent gap bins, a window about 19% wide: a timer mixed into a person's own
 *       work keeps its period while it spoils the CV); the stronger of the two counts;</li>
 *   <li>{@code off-hours}: share of a person's requests in the hours of the week when the peers together (the person
 *       left out, each peer counted up to two to four times the median peer's volume: {@link QuietHours}) make less
 *       than a quarter of a uniform share of theirs;</li>
 *   <li>{@code yield}: share of tokens with no artifact downstream (only when the log names artifacts at all), and
 *       the share of the actor's tokens spent by agents whose work rarely led to an artifact (in full where none of
 *       it did, falling to none where a tenth of their tokens did: {@link ActorState#idleAgentTokens()}); the
 *       stronger of the two counts. An episode (requests on one topic, each within the session gap of the one before
 *       on it) in which a request names an artifact led to it with all its requests: a coding agent's loop names its
 *       pull request on its last request;</li>
 *   <li>{@code splitting}: share of requests inside runs of at least {@code splitRun} of the person's own requests
 *       (10 by default; an agent's requests enter no run) on one topic, each within {@code splitGap} of the previous,
 *       except runs whose requests kept growing ({@link Growth}: 60% or more of those counted, from the sixth on,
 *       larger than each of the three three to five before, a compaction's reset and the four after it not counted:
 *       a conversation re-sending its history, which pieces of a task sent on their own do not show); the gaps inside
 *       such runs are the tool's: they count for cadence's period (a timer re-sending a growing context keeps one)
 *       but not for its spread, which is not examined for an actor with most of its requests in them;</li>
 *   <li>{@code size}: log2 of the median request size, two-sided (many tiny pings or a few huge drafts), leaving out
 *       the requests of conversations (an episode whose requests kept growing re-sends its history: an agent's tool
 *       loop is as large as its context, which no draft is);</li>
 *   <li>{@code deadline}: share of tokens in the last three days of a month (only with
 *       {@link Builder#monthlyReporting(boolean)});</li>
 *   <li>{@code steady-days}: how little the daily rate of the person's own requests varied beyond what counting
 *       alone makes it vary, {@code -log2} of {@code sqrt(cv² - 1/mean)} floored at 5% and at what the counting
 *       leaves unknown of it ({@link DailyRate#rateSteadiness}), from 8 active days with a mean of at least 5
 *       requests a day: a script that sends its quota every working day, or requests at a constant rate, has days
 *       alike, people's days are not (helper-162's working-hours dummies in Amazon Bedrock logs: found 10 of 30, 25
 *       of 30 in the daily exports of the same requests). Not the day-level exports' share of days in one band: a
 *       heavy user's hundreds of requests a day vary less by counting than a light user's dozens, and read steadier
 *       there (helper-162's coding-agent users: 17 of 253 flagged on the band, 2 on the rate). Counted in time
 *       order, so a late event is in no day. A second reading, against the peers' agents: the same of the daily
 *       requests of the actor's agents, which enter none of the person's signatures (people's agents, and the bots
 *       their work triggers, follow the work's days; a dummy agent run round the clock for the count does not). It
 *       weighs at most {@link #AGENT_DAYS_WEIGHT} (a scheduled job run under a person's name is as steady as a
 *       dummy: it corroborates, never flags alone), and is not read as an actor's own evidence where the log names
 *       artifacts and half or more of the agents' tokens led to one (a scheduled agent filing a ticket per request is
 *       working, however steadily; its days still count among the peers'). The stronger of the two counts.</li>
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
 * weights of {@link Signature#defaultWeight()}. <b>An actor is flagged if and only if its score is at least
 * {@code flagAt} (50 by default)</b>: one rule, monotone in the score. One unusual habit is not an accusation
 * because the habits a person can have (repeats of "run the tests", night work, unusual sizes, month-end crunch)
 * weigh 0.35 to 0.45, so alone they stay below 50; the signatures that are the manufacturing itself (a timer's
 * regularity 0.7, a task cut into many requests 0.6, agents' tokens that lead nowhere 0.6) flag alone from a robust
 * z of 5.1 to 5.5; habits flag together (two at full strength: 70). Every flagged actor's findings say which
 * signatures fired, each in one sentence with its numbers. The weights and floors were chosen on the simulations in
 * the test suite ({@code ActivityCalibrationTest}, {@code VariedActivityCalibrationTest}: bursty people, weekly
 * cycles, six time-zone set-ups, a Sunday-to-Thursday week, night owls, fast iterators, creatures of habit, CI
 * agents and heavy productive users, against pingers, timers, task splitters, stealth pingers and dummy agents);
 * README reports the measured rates.
 *
 * <p>Immutable and thread-safe; scoring reads a consistent snapshot of the log.
 */
public final class ActivityScorer implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /**
     * The most the agents' reading of steady days can weigh ({@link Signature#STEADY_DAYS}'s second statistic): a
     * habit's weight, below half the flag threshold, so that it corroborates and never flags alone.
     */
    static final double AGENT_DAYS_WEIGHT = 0.45;
    /** Robust z at which a signature starts to count. */
    static final double Z_START = PeerEvidence.Z_START;
    private static final double QUIET_SHARE = 0.25;
    /** The fewest active days for steady days, the person's own or the agents' (as the day-level exports' default). */
    static final int STEADY_MIN_DAYS = 8;
    /** The smallest mean of requests a day for steady days, own or agents': identical small counts are chance. */
    static final double STEADY_MIN_DAILY_MEAN = 5;

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

    /**
     * The default settings: flag at a score of 50, at least 8 peers, 20 events per signature, no deadline signature.
     */
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
        if (snap.actors().isEmpty()) {
            return ActivityReport.EMPTY;
        }
        Totals totals = Totals.of(snap);
        Part part = new Part(snap.actors(), totals);
        return report(totals, part.score(part.organisation()));
    }

    /**
     * Stage 1 of a distributed run (Spark): the organisation-wide counts of one part of the log, to be
     * {@linkplain Totals#merge merged} across the parts. A part must hold every actor of its segments; the parts
     * together hold every actor once.
     */
    public Totals totals(ActivityLog part) {
        return Totals.of(Objects.requireNonNull(part, "part").snapshot());
    }

    /**
     * Stage 2: the part's actors with their signature values, given the organisation's {@link Totals} (quiet hours of
     * small segments are the organisation's). Built again in each stage that needs it; it stays where the part is.
     */
    public Part part(ActivityLog part, Totals organisation) {
        return new Part(Objects.requireNonNull(part, "part").snapshot().actors(),
                Objects.requireNonNull(organisation, "organisation"));
    }

    /**
     * The report from the organisation's totals and every actor's result (from {@link Part#score}, in any order):
     * what {@link #score} returns for the whole log.
     */
    public ActivityReport report(Totals totals, List<ActorActivity> actors) {
        Objects.requireNonNull(totals, "totals");
        Objects.requireNonNull(actors, "actors");
        if (totals.actors == 0) {
            return ActivityReport.EMPTY;
        }
        List<ActorActivity> results = new ArrayList<>(actors);
        results.sort(Comparator.comparingDouble(ActorActivity::score).reversed()
                .thenComparing(ActorActivity::segment).thenComparing(ActorActivity::actor));
        Map<String, long[]> roll = new TreeMap<>();
        Map<String, Double> scoreSum = new TreeMap<>();
        for (ActorActivity r : results) {
            roll.putIfAbsent(r.segment(), new long[4]);
            scoreSum.putIfAbsent(r.segment(), 0.0);
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
        List<String> notes = new ArrayList<>();
        if (totals.actors - 1 < minPeers) {
            notes.add(tooFewNote(totals.actors, minPeers, "ActivityScorer"));
        }
        if (totals.late != 0) {
            notes.add(lateNote(totals.late, totals.events, totals.lateActors, totals.mostLate, totals.busiest,
                    totals.settings));
        }
        return new ActivityReport(totals.events, totals.first(), totals.last(), results, segments, totals.late, notes,
                ActivityReport.Basis.EVENTS, EventAccount.NONE, flagAt);
    }

    /**
     * The organisation-wide counts the scoring of any part needs: events, the span, whether artifacts are named, the
     * people's requests per hour of the week (for the quiet hours of small segments), late events. Mergeable:
     * {@link #merge} of the parts' totals equals the whole log's. Mutable while merging, not thread-safe.
     */
    public static final class Totals implements java.io.Serializable {
        private static final long serialVersionUID = 2L;
        private int actors;
        private long events;
        private long artifactEvents;
        private long firstMillis = Long.MAX_VALUE;
        private long lastMillis = Long.MIN_VALUE;
        private final QuietHours hours = new QuietHours();
        private long late;
        private int lateActors;
        private long mostLate;
        private long busiest;
        private ActorState.Settings settings;

        private Totals() {
        }

        /** Totals of nothing: the identity of {@link #merge}. */
        public static Totals empty() {
            return new Totals();
        }

        static Totals of(ActivityLog.Snapshot snap) {
            Totals t = new Totals();
            t.settings = snap.settings();
            t.actors = snap.actors().size();
            t.events = snap.events();
            t.artifactEvents = snap.artifactEvents();
            if (snap.first() != null) {
                t.firstMillis = snap.first().toEpochMilli();
                t.lastMillis = snap.last().toEpochMilli();
            }
            for (ActorState a : snap.actors()) {
                t.hours.add(a);
                t.busiest = Math.max(t.busiest, a.events);
                if (a.lateEvents > 0) {
                    t.late += a.lateEvents;
                    t.lateActors++;
                    t.mostLate = Math.max(t.mostLate, a.maxLateMillis);
                }
            }
            return t;
        }

        /** Adds {@code other}'s counts (a part with other actors) to these; returns this. */
        public Totals merge(Totals other) {
            Objects.requireNonNull(other, "other");
            actors += other.actors;
            events += other.events;
            artifactEvents += other.artifactEvents;
            firstMillis = Math.min(firstMillis, other.firstMillis);
            lastMillis = Math.max(lastMillis, other.lastMillis);
            hours.merge(other.hours);
            late += other.late;
            lateActors += other.lateActors;
            mostLate = Math.max(mostLate, other.mostLate);
            busiest = Math.max(busiest, other.busiest);
            settings = settings == null ? other.settings : settings;
            return this;
        }

        /** The number of actors counted. */
        public int actors() {
            return actors;
        }

        /** The number of events counted. */
        public long events() {
            return events;
        }

        private java.time.Instant first() {
            return firstMillis == Long.MAX_VALUE ? null : java.time.Instant.ofEpochMilli(firstMillis);
        }

        private java.time.Instant last() {
            return lastMillis == Long.MIN_VALUE ? null : java.time.Instant.ofEpochMilli(lastMillis);
        }
    }

    /**
     * Every actor's value of each signature that needs the organisation's peers (a segment with too few), from all
     * parts: each signature's defined values, in any order. Mergeable by concatenation.
     */
    public static final class PeerValues implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        private final EnumMap<Signature, double[]> primary = new EnumMap<>(Signature.class);
        private final EnumMap<Signature, double[]> second = new EnumMap<>(Signature.class);

        private PeerValues() {
        }

        /** No values: the identity of {@link #merge}, and all a run needs when every segment has enough peers. */
        public static PeerValues empty() {
            return new PeerValues();
        }

        /** Appends {@code other}'s values (another part's actors) to these; returns this. */
        public PeerValues merge(PeerValues other) {
            Objects.requireNonNull(other, "other");
            other.primary.forEach((s, v) -> primary.merge(s, v, PeerValues::concat));
            other.second.forEach((s, v) -> second.merge(s, v, PeerValues::concat));
            return this;
        }

        /** The signatures whose organisation-wide values are held, primary and second statistics. */
        public java.util.Set<Signature> signatures() {
            java.util.EnumSet<Signature> out = java.util.EnumSet.noneOf(Signature.class);
            out.addAll(primary.keySet());
            out.addAll(second.keySet());
            return out;
        }

        /** How many values are held, over all signatures (8 bytes each). */
        public long size() {
            long n = 0;
            for (double[] v : primary.values()) {
                n += v.length;
            }
            for (double[] v : second.values()) {
                n += v.length;
            }
            return n;
        }

        private static double[] concat(double[] a, double[] b) {
            double[] out = Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, out, a.length, b.length);
            return out;
        }

        private static double[] defined(double[] v) {
            double[] out = new double[v.length];
            int k = 0;
            for (double x : v) {
                if (!Double.isNaN(x)) {
                    out[k++] = x;
                }
            }
            return Arrays.copyOf(out, k);
        }
    }

    /**
     * The actors of one part of the log (whole segments) with their signature values: which signatures some actor
     * here must compare with the whole organisation ({@link #needs}), its values of those ({@link #values}), and every
     * actor's result given the organisation's values ({@link #score}).
     */
    public final class Part {
        private final List<ActorState> actors;
        private final int n;
        private final Map<Signature, double[]> values = new EnumMap<>(Signature.class);
        private final Map<Signature, double[]> second = new EnumMap<>(Signature.class);
        private final Map<String, List<Integer>> bySegment = new TreeMap<>();
        /** Actors whose agents mostly led to artifacts: their agents' days count for the peers, not against them. */
        private boolean[] agentsWorking;

        Part(List<ActorState> actors, Totals totals) {
            this.actors = actors;
            this.n = actors.size();
            boolean artifacts = totals.artifactEvents > 0;
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
            for (int i = 0; i < n; i++) {
                bySegment.computeIfAbsent(actors.get(i).segment, k -> new ArrayList<>()).add(i);
            }
            // second statistics of two signatures; the stronger evidence of the two counts
            // yield: agents' tokens with no artifact, as a share of all the actor's tokens (the yield of dummy agents)
            // cadence: the share of gaps within one period (a timer among a person's own requests)
            // steady days: the daily requests of the person's agents (a dummy agent run for the count whatever the
            // work; people's agents, and the bots work triggers, follow the work's days)
            double[] agentYield = new double[n];
            double[] periodic = new double[n];
            double[] agentDays = new double[n];
            agentsWorking = new boolean[n];
            for (int i = 0; i < n; i++) {
                ActorState a = actors.get(i);
                agentDays[i] = steadiness(a.agentDays);
                // where the log names artifacts, agents half or more of whose tokens led to one are working, however
                // steadily: their days stay among the peers' but are not read as evidence of their own
                agentsWorking[i] = artifacts && 2 * a.agentNoArtifactTokens() <= a.agentTokens;
                agentYield[i] = !artifacts || a.events < minEvents || a.tokens == 0 ? Double.NaN
                        : a.idleAgentTokens() / a.tokens;
                periodic[i] = a.gaps < minEvents ? Double.NaN : periodicShare(a)[0];
            }
            // a segment none of whose requests named an artifact has no artifacts recorded (a team whose tool does not
            // fill the column, where others' does): its yield says nothing of its work, and an agent's share of its
            // tokens (all "with no artifact") would be read as dummy agents' (a helper's nightly CI bots in organisations
            // whose logs record no artifacts: every one flagged)
            double[] yield = values.get(Signature.YIELD);
            for (List<Integer> members : bySegment.values()) {
                long named = 0;
                for (int i : members) {
                    named += actors.get(i).artifactEvents;
                }
                if (named == 0) {
                    for (int i : members) {
                        agentYield[i] = Double.NaN;
                        if (yield != null) {
                            yield[i] = Double.NaN;
                        }
                    }
                }
            }
            second.put(Signature.YIELD, agentYield);
            second.put(Signature.CADENCE, periodic);
            second.put(Signature.STEADY_DAYS, agentDays);
            double[] offHours = values.get(Signature.OFF_HOURS);
            QuietHours.Reading organisationQuiet = null;
            for (Map.Entry<String, List<Integer>> e : bySegment.entrySet()) {
                QuietHours.Reading quiet;
                // a small segment is read against the organisation's hours, shifted onto the rhythm of its other
                // members (a team in another time zone): the segment's hourly shares, each member's summing to 1
                double[] rhythm = null;
                if (e.getValue().size() > minPeers) {
                    QuietHours group = new QuietHours();
                    for (int i : e.getValue()) {
                        group.add(actors.get(i));
                    }
                    quiet = group.reading(QUIET_SHARE);
                } else {
                    if (organisationQuiet == null) {
                        organisationQuiet = totals.hours.reading(QUIET_SHARE);
                    }
                    quiet = organisationQuiet;
                    if (e.getValue().size() >= QuietHours.MIN_OWN_RHYTHM) {
                        rhythm = new double[ActorState.HOURS];
                        for (int i : e.getValue()) {
                            addShares(rhythm, actors.get(i), 1);
                        }
                    }
                }
                for (int i : e.getValue()) {
                    ActorState a = actors.get(i);
                    if (a.humanEvents < minEvents) {
                        offHours[i] = Double.NaN;
                    } else if (rhythm == null) {
                        offHours[i] = quiet.offHoursShare(a);
                    } else {
                        double[] others = rhythm.clone();
                        addShares(others, a, -1);
                        offHours[i] = quiet.offHoursShare(a, others);
                    }
                }
            }
        }

        /** Adds {@code sign} times {@code a}'s human requests per hour of the week, as shares of them, to {@code to}.
         */
        private static void addShares(double[] to, ActorState a, int sign) {
            if (a.humanEvents <= 0) {
                return;
            }
            for (int h = 0; h < ActorState.HOURS; h++) {
                to[h] += sign * (double) a.humanHourOfWeek[h] / a.humanEvents;
            }
        }

        /** The number of actors in this part. */
        public int size() {
            return n;
        }

        /**
         * The signatures (as empty {@link PeerValues} keys) for which some actor of this part has too few peers with a
         * value in its segment and is compared with the whole organisation.
         */
        public PeerValues needs() {
            PeerValues out = new PeerValues();
            for (int i = 0; i < n; i++) {
                List<Integer> group = bySegment.get(actors.get(i).segment);
                for (Map.Entry<Signature, double[]> e : values.entrySet()) {
                    if (!Double.isNaN(e.getValue()[i]) && PeerEvidence.groupSize(e.getValue(), i, group) < minPeers) {
                        out.primary.put(e.getKey(), new double[0]);
                    }
                    double[] w = second.get(e.getKey());
                    if (w != null && !Double.isNaN(w[i]) && PeerEvidence.groupSize(w, i, group) < minPeers) {
                        out.second.put(e.getKey(), new double[0]);
                    }
                }
            }
            return out;
        }

        /** This part's defined values of the signatures {@code needs} names (merged over every part's needs). */
        public PeerValues values(PeerValues needs) {
            Objects.requireNonNull(needs, "needs");
            PeerValues out = new PeerValues();
            for (Signature s : needs.primary.keySet()) {
                if (values.containsKey(s)) {
                    out.primary.put(s, PeerValues.defined(values.get(s)));
                }
            }
            for (Signature s : needs.second.keySet()) {
                if (second.containsKey(s)) {
                    out.second.put(s, PeerValues.defined(second.get(s)));
                }
            }
            return out;
        }

        /** Every signature's values of this part: the organisation's when the part is the whole log. */
        PeerValues organisation() {
            PeerValues all = new PeerValues();
            values.forEach((s, v) -> all.primary.put(s, PeerValues.defined(v)));
            second.forEach((s, v) -> all.second.put(s, PeerValues.defined(v)));
            return all;
        }

        /**
         * Every actor's result: each signature against the segment's other actors when at least {@code minPeers} have
         * a value, else against the organisation's other actors ({@code organisation}: every part's values of the
         * signatures some part {@linkplain #needs needs}).
         */
        public List<ActorActivity> score(PeerValues organisation) {
            Objects.requireNonNull(organisation, "organisation");
            List<ActorActivity> results = new ArrayList<>(n);
            // the organisation's values sorted once per signature, for actors whose segment is too small
            Map<Signature, double[]> sortedPrimary = new EnumMap<>(Signature.class);
            Map<Signature, double[]> sortedSecond = new EnumMap<>(Signature.class);
            for (int i = 0; i < n; i++) {
                ActorState a = actors.get(i);
                List<Integer> group = bySegment.get(a.segment);
                List<Finding> findings = new ArrayList<>();
                NoisyOr alarms = new NoisyOr();
                for (Map.Entry<Signature, double[]> e : values.entrySet()) {
                    Signature s = e.getKey();
                    double[] v = e.getValue();
                    double[] w = second.get(s);
                    PeerEvidence ev = null;
                    double value = Double.NaN;
                    boolean alternative = false;
                    PeerEvidence own = Double.isNaN(v[i]) ? null : PeerEvidence.against(v, i, group, minPeers,
                            sortedPrimary.computeIfAbsent(s, k -> sorted(organisation.primary.get(k))), floor(s),
                            s == Signature.SIZE);
                    if (own != null && s == Signature.CADENCE) {
                        // a spread read from few gaps is itself uncertain: its error joins the peers' in the scale
                        own = own.widened(v[i], spreadError(-own.median(), a.sessionGaps));
                    }
                    if (own != null) {
                        ev = own;
                        value = v[i];
                    }
                    boolean ownAlt = w != null && !Double.isNaN(w[i])
                            && !(s == Signature.STEADY_DAYS && agentsWorking[i]);
                    PeerEvidence alt = !ownAlt ? null : PeerEvidence.against(w, i, group,
                            minPeers, sortedSecond.computeIfAbsent(s, k -> sorted(organisation.second.get(k))),
                            secondFloor(s), false);
                    if (alt != null && s == Signature.CADENCE) {
                        // a share of few gaps is uncertain too: its binomial error joins the peers' in the scale
                        alt = alt.widened(w[i], shareError(alt.median(), a.gaps));
                    }
                    if (alt != null) {
                        // the stronger counts; where both are at full strength the agents' names what led nowhere
                        // (the whole yield's z had grown past it once the peers' episodes were credited)
                        boolean bothFull = s == Signature.YIELD && ev != null && PeerEvidence.strength(ev.z()) >= 1
                                && PeerEvidence.strength(alt.z()) >= 1;
                        // the agents' days weigh less than the person's own: the reading that adds more counts (a
                        // steadier agent beside a person's own quota script must not lower its evidence)
                        boolean altWins = s == Signature.STEADY_DAYS && ev != null
                                ? secondWeight(s) * PeerEvidence.strength(alt.z())
                                        > weights.get(s) * PeerEvidence.strength(ev.z())
                                : ev == null || alt.z() > ev.z() || bothFull;
                        if (altWins) {
                            ev = alt;
                            value = w[i];
                            alternative = true;
                        }
                    }
                    if (ev == null) {
                        continue;
                    }
                    double strength = PeerEvidence.strength(ev.z());
                    alarms.add(alternative ? secondWeight(s) : weights.get(s), strength);
                    // what the statistic means for the person ("machine-like", "a timer's") is said only where it
                    // counts; a signature examined without finding anything keeps its facts
                    boolean counts = strength > 0;
                    String message = !alternative ? sentence(s, a, value, ev, counts)
                            : s == Signature.YIELD ? agentSentence(a, value, ev)
                            : s == Signature.STEADY_DAYS ? agentDaysSentence(a, ev, counts)
                            : periodSentence(a, value, ev, counts);
                    findings.add(Finding.of(s.detector(), value, ev.p(), ev.z(), message));
                }
                findings.sort(Comparator.comparingDouble(Finding::effect).reversed());
                double score = Math.round(1000 * alarms.combined()) / 10.0;
                results.add(new ActorActivity(a.actor, a.segment, a.events, a.tokens, score, score >= flagAt, findings,
                        profile(a)));
            }
            return results;
        }
    }

    /**
     * The sampling error of a coefficient of variation read from {@code n} gaps of a person like the peers, whose
     * median is {@code m}: about {@code m sqrt((1 + 2 m²) / (2 n))} (more where the gaps are heavy-tailed).
     * helper-162's occasional users, 20 to 35 gaps with a CV of 0.45 to 0.57 against their peers' 1.34 to 1.40 (read
     * from hundreds of gaps), were flagged at 70 to 80 as machine-like (robust z 6.6 to 8.3); with this error in the
     * scale none is, and a timer's hundreds of gaps keep their evidence (the error falls with the square root of
     * their number). 0 where it cannot be read.
     */
    private static double spreadError(double m, long n) {
        return m > 0 && n >= 2 ? m * Math.sqrt((1 + 2 * m * m) / (2.0 * n)) : 0;
    }

    /**
     * The binomial error {@code sqrt(m (1 - m) / n)} of a share of {@code n} gaps at the peers' median share {@code m}
     * (an occasional user's 35 gaps, 23% in one two-minute window against the peers' 8%, read as a timer at z 3.0;
     * 2.2 with it). 0 where it cannot be read.
     */
    private static double shareError(double m, long n) {
        return m > 0 && m < 1 && n >= 2 ? Math.sqrt(m * (1 - m) / n) : 0;
    }

    /** The plain-words note on late events: how many, how late, what they miss, what to do. */
    /**
     * The note on a log of too few actors to compare any of them with peers: each signature needs {@code minPeers}
     * others, so every score is 0 and says nothing; {@code scorer} names the scorer whose builder sets it
     * (helper-165: a Bedrock account of seven principals, one of them a pinger of 3,360 identical requests, read "0
     * flagged" without a word; with nine it was flagged at 93).
     */
    static String tooFewNote(int actors, int minPeers, String scorer) {
        return String.format(java.util.Locale.ROOT, "Only %d actor%s: each is compared with at least %d others "
                + "(%s.builder().minPeers(...), 3 or more), so none was examined and the scores of 0 say nothing about "
                + "the log.", actors, actors == 1 ? "" : "s", minPeers, scorer);
    }

    private static String lateNote(long late, long events, int actors, long mostLateMillis, long busiest,
            ActorState.Settings s) {
        return String.format(Locale.ROOT, "%,d of %,d events (of %,d %s) arrived too far out of order to be put back in "
                        + "time order (this log reorders within %s, up to %,d waiting events per actor); the worst was "
                        + "%s behind a later event of the same actor. They count everywhere except the gaps between "
                        + "requests, the rapid runs and the episodes (the work on one topic an artifact credits, the "
                        + "conversations whose sizes are their history) and the days (each actor's requests a day), so "
                        + "cadence, splitting and steady days may be understated and tokens leading nowhere and "
                        + "request size overstated for %s. Sort the "
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

    /** The defined values sorted, or null for null. */
    private static double[] sorted(double[] values) {
        return values == null ? null : PeerEvidence.sortedDefined(values);
    }

    /**
     * The weight of a signature's second statistic: the signature's, but at most {@link #AGENT_DAYS_WEIGHT} for the
     * agents' days (alone a habit's evidence: a scheduled job run under a person's name is as steady as a dummy, so
     * they corroborate and never flag alone).
     */
    private double secondWeight(Signature s) {
        return s == Signature.STEADY_DAYS ? Math.min(weights.get(s), AGENT_DAYS_WEIGHT) : weights.get(s);
    }

    /**
     * The smallest spread of the second statistics: a tenth of the tokens for agents' tokens with no artifact (a CI
     * agent whose runs sometimes lead nowhere is not a dummy), five points for the share of gaps within one period
     * (people with few gaps have some by chance).
     */
    private static double secondFloor(Signature s) {
        return s == Signature.YIELD ? 0.1 : s == Signature.STEADY_DAYS ? floor(s) : 0.05;
    }

    /**
     * The largest share of a person's gaps between requests that falls in three adjacent gap bins (a window about 19%
     * wide around one period), and that period in seconds: the bins' centres weighted by their gaps.
     */
    static double[] periodicShare(ActorState a) {
        long total = 0;
        for (int c : a.gapHist) {
            total += c;
        }
        long best = -1;
        int at = 1;
        for (int b = 1; b + 2 < a.gapHist.length; b++) {
            long w = (long) a.gapHist[b] + a.gapHist[b + 1] + a.gapHist[b + 2];
            if (w > best) {
                best = w;
                at = b + 1;
            }
        }
        // the period: the window's bins' centres weighted by their gaps (geometrically), not the middle bin's centre,
        // which for a timer whose gaps all fall in one bin is a neighbour's (an exact 15-minute timer read "about 14")
        double logSum = 0;
        for (int b = at - 1; b <= at + 1 && best > 0; b++) {
            logSum += a.gapHist[b] * Math.log(ActorState.gapBinCentre(b));
        }
        double period = best > 0 ? Math.exp(logSum / best) : ActorState.gapBinCentre(at);
        return new double[] {total == 0 ? Double.NaN : (double) best / total, roundest(period)};
    }

    /**
     * The roundest duration in the gap bin of {@code seconds} (an hour, half an hour, a quarter, five minutes, a
     * minute, 30, 10, 5 or 1 second, the coarsest first), else {@code seconds}: a bin is about 6% wide, so its centre
     * says 31 minutes for an exact half-hour timer.
     */
    static double roundest(double seconds) {
        int b = ActorState.gapBin(Math.round(seconds * 1000));
        double lo = Math.pow(10, (b - 1) / 40.0);
        double hi = Math.pow(10, b / 40.0);
        for (double grid : new double[] {3600, 1800, 900, 300, 60, 30, 10, 5, 1}) {
            double candidate = Math.round(seconds / grid) * grid;
            if (candidate >= lo && candidate < hi && candidate > 0) {
                return candidate;
            }
        }
        return seconds;
    }

    private static String periodSentence(ActorState a, double v, PeerEvidence ev, boolean counts) {
        double period = periodicShare(a)[1];
        return String.format(Locale.ROOT, "%s of %,d gaps between requests were within 10%% of one period of about %s"
                        + "%s (peers' median %s; robust z = %s, %s).", pct(v),
                a.gaps, span(Math.round(period * 1000), false), counts ? ", a timer's regularity" : "",
                pct(ev.median()), ev.zText(), ev.beyondPeers());
    }

    /** The actor's hours of the day and days of the week, folded from its hour-of-week histograms. */
    private static ActivityProfile profile(ActorState a) {
        long[] byHour = new long[24];
        long[] tokensByHour = new long[24];
        long[] byWeekday = new long[7];
        for (int k = 0; k < ActorState.HOURS; k++) {
            byHour[k % 24] += a.eventsHourOfWeek[k];
            tokensByHour[k % 24] += a.tokensHourOfWeek[k];
            byWeekday[k / 24] += a.eventsHourOfWeek[k];
        }
        return new ActivityProfile(byHour, tokensByHour, byWeekday, new long[0]);
    }

    /** The smallest spread a signature's peers are taken to have, in the signature's unit. */
    private static double floor(Signature s) {
        switch (s) {
            case SIZE:
                return 0.5;    // log2 units: a factor 1.4
            case CADENCE:
                return 0.1;    // coefficient of variation
            case STEADY_DAYS:
                return 0.35;   // log2 units of days outside the best band (as the day-level exports')
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
                if (a.sessionGaps < minEvents || !(a.sessionMean > 0) || a.mostlyConversations()) {
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
                if (a.sizedEvents < minEvents) {
                    return Double.NaN;
                }
                long half = (a.sizedEvents + 1) / 2;
                long seen = 0;
                for (int b = 0; b < a.sizeCount.length; b++) {
                    seen += a.sizeCount[b];
                    if (seen >= half) {
                        return b == 0 ? -1 : (b - 1) / 4.0 + 0.125;
                    }
                }
                return Double.NaN;
            }
            case STEADY_DAYS:
                // where most of the person's own requests start and steer agents' loops, they come as many a day as
                // the loops' run time allows: their days are the agents' pace, not a quota's
                return 2 * a.drivingRequests > a.humanEvents ? Double.NaN : steadiness(a.days);
            case DEADLINE:
                if (a.events < minEvents || a.tokens == 0) {
                    return Double.NaN;
                }
                return (double) (a.tokensMonthEnd[0] + a.tokensMonthEnd[1] + a.tokensMonthEnd[2]) / a.tokens;
            default:
                return Double.NaN;
        }
    }

    /**
     * The finding's sentence; {@code counts} whether it adds to the score: only then does it say what the statistic
     * suggests ("machine-like regularity", "one task cut into many requests").
     */
    private static String sentence(Signature s, ActorState a, double v, PeerEvidence ev, boolean counts) {
        String peers = String.format(Locale.ROOT, " (peers' median %s; robust z = %s, %s)",
                format(s, ev.median()), ev.zText(), ev.beyondPeers());
        switch (s) {
            case DIVERSITY: {
                long[] top = a.heavy.guaranteedCounts();
                long most = top.length == 0 ? 0 : top[0];
                // the share comes from the distinct count's estimate (HyperLogLog, 2-3% error): where no request is
                // known to have been sent twice, a few percent "repeated" is that error, not a repeat
                return most >= 2
                        ? String.format(Locale.ROOT, "%s of %,d requests repeated an earlier one, the most frequent at "
                                + "least %,d times%s.", pct(v), a.fingerprinted, most, peers)
                        : String.format(Locale.ROOT, "About %s of %,d requests repeated an earlier one by the estimate "
                                + "of their distinct count (whose error is 2-3%%); none is known to have been sent "
                                + "twice%s.", pct(v), a.fingerprinted, peers);
            }
            case CADENCE:
                return String.format(Locale.ROOT, "Gaps between requests within sessions varied with a coefficient of "
                        + "variation of %.2f over %,d gaps%s%s.", -v, a.sessionGaps,
                        counts ? ", machine-like regularity" : "", peers);
            case OFF_HOURS:
                return String.format(Locale.ROOT, "%s of the person's %,d requests fell in hours when the peers are "
                        + "nearly inactive%s.", pct(v), a.humanEvents, peers);
            case YIELD:
                return String.format(Locale.ROOT, "%s of %,d tokens led to no artifact (pull request, document, ticket)%s.",
                        pct(v), a.tokens, peers);
            case SPLITTING:
                return String.format(Locale.ROOT, "%s of %,d requests came in rapid runs on one topic%s%s.", pct(v),
                        a.events, counts ? ", one task cut into many requests" : "", peers);
            case STEADY_DAYS:
                return a.days.rateSentence("requests", "a quota script", ev.median(), String.format(Locale.ROOT,
                        "robust z = %s, %s", ev.zText(), ev.beyondPeers()), counts);
            case SIZE:
                if (a.events > 0 && a.minTokens == a.maxTokens) {
                    return String.format(Locale.ROOT, "All %,d requests were %,d tokens each%s.", a.events, a.minTokens,
                            peers);
                }
                return String.format(Locale.ROOT, "The median request was about %,.0f tokens%s%s.", medianSize(a),
                        a.sizedEvents < a.events ? String.format(Locale.ROOT, " (of %,d requests, leaving out %,d in "
                                + "conversations, whose size is the history they re-send)", a.events,
                                a.events - a.sizedEvents) : "", peers);
            default:
                return String.format(Locale.ROOT, "%s of %,d tokens were used in the last three days of a month%s.",
                        pct(v), a.tokens, peers);
        }
    }

    /**
     * The median request's size in tokens: the mean size of the requests in the size bin that holds the median (a
     * bin is a factor 1.19 wide), so requests that are all one size give that size, not the bin's centre.
     */
    static double medianSize(ActorState a) {
        long half = (a.sizedEvents + 1) / 2;
        long seen = 0;
        for (int b = 0; b < a.sizeCount.length; b++) {
            seen += a.sizeCount[b];
            if (seen >= half && a.sizeCount[b] > 0) {
                return (double) a.sizeTokens[b] / a.sizeCount[b];
            }
        }
        return Double.NaN;
    }

    /**
     * The steadiness of one actor's daily counts ({@link DailyRate#rateSteadiness}); NaN with fewer than {@link
     * #STEADY_MIN_DAYS} active days or a daily mean below {@link #STEADY_MIN_DAILY_MEAN}.
     */
    private static double steadiness(DailyRate d) {
        return d.activeDays < STEADY_MIN_DAYS || d.mean < STEADY_MIN_DAILY_MEAN ? Double.NaN : d.rateSteadiness();
    }

    /** The steady-days sentence of the agents' daily requests, naming the agents. */
    private static String agentDaysSentence(ActorState a, PeerEvidence ev, boolean counts) {
        List<String> names = agentNames(a, k -> true);
        String unit = (names.size() == 1 ? "requests of the person's agent " : "requests of the person's agents ")
                + String.join(", ", names);
        return a.agentDays.rateSentence(unit, "an agent run whatever the work, or a scheduled job", ev.median(),
                String.format(Locale.ROOT, "robust z = %s, %s", ev.zText(), ev.beyondPeers()), counts);
    }

    /**
     * The names of the actor's agents whose slot {@code which} accepts, in slot order; the pooled slot (the agents
     * after the first seven) as "others".
     */
    private static List<String> agentNames(ActorState a, java.util.function.IntPredicate which) {
        List<String> names = new ArrayList<>();
        for (int k = 0; k < a.agentCount; k++) {
            if (which.test(k)) {
                names.add(a.agentNames[k].isEmpty() ? "others" : a.agentNames[k]);
            }
        }
        return names;
    }

    private static String agentSentence(ActorState a, double v, PeerEvidence ev) {
        List<String> names = agentNames(a, k -> a.idleAgentTokens(k) > 0 && !a.agentNames[k].isEmpty());
        return String.format(Locale.ROOT, "%s of %,d tokens were spent by agents (%s) whose work rarely led to an "
                        + "artifact (counted in full where none of it did, less where up to a tenth of it did; peers' "
                        + "median %s; robust z = %s, %s).", pct(v),
                a.tokens,
                names.isEmpty() ? "unnamed" : String.join(", ", names), pct(ev.median()), ev.zText(), ev.beyondPeers());
    }

    private static String format(Signature s, double v) {
        switch (s) {
            case CADENCE:
                return String.format(Locale.ROOT, "CV %.2f", -v);
            case SIZE: {
                // the peers' median is a size bin's (a quarter of a power of two wide): said to two digits
                double tokens = Math.pow(2, v);
                double unit = Math.pow(10, Math.max(0, Math.floor(Math.log10(tokens)) - 1));
                return String.format(Locale.ROOT, "about %,.0f tokens", Math.round(tokens / unit) * unit);
            }
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
         * The score from which an actor is flagged (default 50): flagged if and only if {@code score >= flagAt}.
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
