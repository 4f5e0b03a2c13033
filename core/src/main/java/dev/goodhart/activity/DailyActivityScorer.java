package dev.goodhart.activity;

import dev.goodhart.internal.NoisyOr;
import dev.goodhart.model.Finding;
import dev.goodhart.activity.internal.PeerEvidence;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * Scores a {@link DailyUsageLog}: every actor against their peers on each {@link DaySignature}, with the same peers,
 * evidence and flag rule as {@link ActivityScorer}.
 *
 * <h2>Signatures</h2>
 * Each gives one number per actor, left out when the actor has fewer than {@code minDays} active days or the export
 * does not report what it needs:
 * <ul>
 *   <li>{@code unaccepted} ("many prompts with nothing accepted"): {@code log2((prompts + 1) / (acceptances + 1))}
 *       over the window, the prompts it took to get one suggestion accepted, on a log scale; only when the export
 *       reports both (GitHub Copilot), and only the prompts made where suggestions can be accepted ({@link
 *       DailyUsage#promptsWhereAccepted}: the IDE's; GitHub counts the CLI's and apps' apart, and they buy no
 *       acceptance). A script that pumps prompts into a person's account raises it even when the
 *       person accepts things the same day; a person who mostly asks questions raises it too, which is why it weighs
 *       0.45 and never flags alone;</li>
 *   <li>{@code steady-days} ("identical daily counts day after day"): how few of the actor's active days fall
 *       outside their best band of daily activity (prompts, else requests; the band: two adjacent quarter-octave
 *       bins, counts within about 19% of its centre), {@code -log2((outside + 0.5) / (activeDays + 0.5))}, when the
 *       mean is at least {@code minDailyMean}. People's days vary (meetings, reviews, focus days: half or more of
 *       their days fall outside any such band); a quota script sends the same number every day, and on top of a
 *       person's own use it still puts nearly every day in one band. The day-level counterpart of a timer's
 *       cadence, and weighed like it: 0.7, flags alone from a robust z of 5.1;</li>
 *   <li>{@code quiet-days} ("activity on days with no other work"): the share of the actor's active days on which
 *       fewer than a quarter of the usual number of their peers were active (the usual number: the median over the
 *       days of the log's span), i.e. weekends and holidays. A habit for some people (weekend work, another work
 *       week, a time zone that moves Monday morning to Sunday in UTC): weighs 0.35.</li>
 * </ul>
 *
 * <h2>Peers, evidence, score and flag</h2>
 * As in {@link ActivityScorer}: peers are the segment's other actors (at least {@code minPeers}), else the
 * organisation's; the evidence is a robust z (median and MAD, with a floor: 0.5 and 0.35 on the log scales, 0.03 for the
 * share), its strength {@code min(1, max(0, (z - 3) / 3))}, the score {@code 100 (1 - prod(1 - w s))}, and an actor
 * is flagged if and only if the score is at least {@code flagAt} (50). Calibration on simulated exports is in the
 * test suite ({@code DailyActivityCalibrationTest}) and README.
 *
 * <p>Immutable and thread-safe.
 */
public final class DailyActivityScorer {
    private static final double QUIET_SHARE = 0.25;

    private final Map<DaySignature, Double> weights;
    private final double flagAt;
    private final int minPeers;
    private final int minDays;
    private final double minDailyMean;

    private DailyActivityScorer(Builder b) {
        this.weights = new EnumMap<>(b.weights);
        this.flagAt = b.flagAt;
        this.minPeers = b.minPeers;
        this.minDays = b.minDays;
        this.minDailyMean = b.minDailyMean;
    }

    /** The default settings: flag at a score of 50, at least 8 peers, 8 active days, 5 a day for steady days. */
    public static DailyActivityScorer defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** Scores every actor of the log against their peers. */
    public ActivityReport score(DailyUsageLog log) {
        DailyUsageLog.Snapshot snap = Objects.requireNonNull(log, "log").snapshot();
        List<DayActorState> actors = snap.actors();
        if (actors.isEmpty()) {
            return new ActivityReport(0, null, null, List.of(), List.of(), 0, List.of(),
                    ActivityReport.Basis.USER_DAYS, EventAccount.NONE, flagAt);
        }
        actors = new ArrayList<>(actors);
        actors.sort(Comparator.comparing((DayActorState a) -> a.segment).thenComparing(a -> a.actor));
        int n = actors.size();
        Map<String, List<Integer>> bySegment = new TreeMap<>();
        for (int i = 0; i < n; i++) {
            bySegment.computeIfAbsent(actors.get(i).segment, k -> new ArrayList<>()).add(i);
        }
        boolean acceptance = false;
        boolean prompts = false;
        for (DayActorState a : actors) {
            acceptance |= a.acceptances() >= 0;
            prompts |= a.prompts() >= 0;
        }
        Map<DaySignature, double[]> values = new EnumMap<>(DaySignature.class);
        double[] unaccepted = new double[n];
        double[] steady = new double[n];
        double[] quiet = new double[n];
        long[] quietDays = new long[n];
        for (int i = 0; i < n; i++) {
            DayActorState a = actors.get(i);
            boolean enough = a.activeDays() >= minDays;
            unaccepted[i] = enough && a.acceptablePrompts() >= 0 && a.acceptances() >= 0
                    ? log2((a.acceptablePrompts() + 1.0) / (a.acceptances() + 1.0)) : Double.NaN;
            steady[i] = enough && a.days.mean >= minDailyMean ? a.days.steadiness() : Double.NaN;
            quiet[i] = Double.NaN;
        }
        for (List<Integer> members : bySegment.values()) {
            List<Integer> group = members.size() > minPeers ? members : allIndices(n);
            quietShares(actors, members, group, quiet, quietDays);
        }
        if (acceptance && prompts) {
            values.put(DaySignature.UNACCEPTED, unaccepted);
        }
        values.put(DaySignature.STEADY, steady);
        values.put(DaySignature.QUIET_DAYS, quiet);

        List<ActorActivity> results = new ArrayList<>();
        Map<DaySignature, double[]> sortedOrganisation = new java.util.EnumMap<>(DaySignature.class);
        for (int i = 0; i < n; i++) {
            DayActorState a = actors.get(i);
            List<Finding> findings = new ArrayList<>();
            NoisyOr alarms = new NoisyOr();
            for (Map.Entry<DaySignature, double[]> e : values.entrySet()) {
                DaySignature s = e.getKey();
                double[] v = e.getValue();
                if (Double.isNaN(v[i])) {
                    continue;
                }
                // the organisation's defined values sorted once per signature, for actors whose segment is too small
                PeerEvidence ev = PeerEvidence.against(v, i, bySegment.get(a.segment), minPeers,
                        sortedOrganisation.computeIfAbsent(s, k -> PeerEvidence.sortedDefined(v)),
                        s == DaySignature.UNACCEPTED ? 0.5 : s == DaySignature.STEADY ? 0.35 : 0.03, false);
                if (ev == null) {
                    continue;
                }
                alarms.add(weights.get(s), PeerEvidence.strength(ev.z()));
                findings.add(Finding.of(s.detector(), v[i], ev.p(), ev.z(),
                        sentence(s, a, v[i], ev, quietDays[i], PeerEvidence.strength(ev.z()) > 0)));
            }
            findings.sort(Comparator.comparingDouble(Finding::effect).reversed());
            double score = Math.round(1000 * alarms.combined()) / 10.0;
            results.add(new ActorActivity(a.actor, a.segment, a.activeDays(), Math.max(0, a.tokens()), score,
                    score >= flagAt, findings, profile(a)));
        }
        results.sort(Comparator.comparingDouble(ActorActivity::score).reversed()
                .thenComparing(ActorActivity::segment).thenComparing(ActorActivity::actor));
        List<SegmentActivity> segments = segments(results, bySegment.keySet());
        long late = 0;
        long repeated = 0;
        long userDays = 0;
        int lateActors = 0;
        for (DayActorState a : actors) {
            late += a.late;
            repeated += a.repeated;
            userDays += a.recordDays;
            lateActors += a.late > 0 ? 1 : 0;
        }
        List<String> notes = new ArrayList<>();
        if (n - 1 < minPeers) {
            notes.add(ActivityScorer.tooFewNote(n, minPeers, "DailyActivityScorer"));
        }
        notes.add("Scored per user and day: the export has no single requests, so the event signatures (cadence, "
                + "splitting, repeats, sizes, hours) do not apply; the day-level ones do (unaccepted prompts, steady "
                + "days, quiet days).");
        if (!(acceptance && prompts)) {
            notes.add("The export reports no " + (prompts ? "acceptances" : "prompts") + ", so prompts with nothing "
                    + "accepted were not examined.");
        }
        if (repeated > 0) {
            // identical records read twice are dropped by the export readers before they get here (their account
            // says so); what reaches the log for a day already read is another part of it, summed
            notes.add(String.format(Locale.ROOT, "%,d records repeated an actor and day already read (a breakdown by "
                    + "model, project or hour) and were summed into that day.", repeated));
        }
        if (late > 0) {
            notes.add(String.format(Locale.ROOT, "%,d records of %,d %s came more than %d days after a later day of the "
                    + "same actor: they count in the totals but not in the daily statistics. Sort the export by day, "
                    + "or read it with a larger reorderDays.", late, lateActors, lateActors == 1 ? "actor" : "actors",
                    log.reorderDays()));
        }
        // user-days: one per actor and day with a record (however many records it had); a late record counts as one
        return new ActivityReport(userDays + late, snap.first().atStartOfDay().toInstant(ZoneOffset.UTC),
                snap.last().atStartOfDay().toInstant(ZoneOffset.UTC), results, segments, late, notes,
                ActivityReport.Basis.USER_DAYS, EventAccount.NONE, flagAt);
    }

    private static List<SegmentActivity> segments(List<ActorActivity> results, Iterable<String> names) {
        Map<String, long[]> roll = new LinkedHashMap<>();
        Map<String, Double> scoreSum = new HashMap<>();
        for (String seg : names) {
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
        List<SegmentActivity> out = new ArrayList<>();
        for (Map.Entry<String, long[]> e : roll.entrySet()) {
            long[] c = e.getValue();
            out.add(new SegmentActivity(e.getKey(), (int) c[0], (int) c[1], c[2], c[3], scoreSum.get(e.getKey()) / c[0]));
        }
        return out;
    }

    /**
     * For each member: the share of its active days on which fewer than a quarter of the group's usual number of
     * active actors (itself not counted) were active.
     */
    private void quietShares(List<DayActorState> actors, List<Integer> members, List<Integer> group, double[] out,
            long[] quietCount) {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        for (int i : group) {
            DayActorState a = actors.get(i);
            if (a.activeDays() > 0) {
                first = Math.min(first, a.firstDay);
                last = Math.max(last, a.lastDay);
            }
        }
        if (first > last || last - first > 3660) {
            return;
        }
        int span = (int) (last - first + 1);
        int[] active = new int[span];
        long base = first;
        for (int i : group) {
            actors.get(i).forEachActiveDay(d -> {
                if (d >= base && d < base + span) {
                    active[(int) (d - base)]++;
                }
            });
        }
        double usual = median(active);
        if (usual < 4) {
            return; // too few people on a usual day to call a day quiet
        }
        // a small segment read against the organisation: a day is quiet only where its other members were quiet too
        // (a team in another time zone: Sydney's Monday mornings are Sunday evenings in UTC, its own usual days)
        int[] own = null;
        double ownUsual = 0;
        if (group != members && members.size() >= QuietHours.MIN_OWN_RHYTHM) {
            own = new int[span];
            for (int i : members) {
                int[] counts = own;
                actors.get(i).forEachActiveDay(d -> {
                    if (d >= base && d < base + span) {
                        counts[(int) (d - base)]++;
                    }
                });
            }
            ownUsual = median(own);
            // only a segment with days of rest of its own (a week shifted by its time zone): where its members are
            // active every day (scripts that run through the weekend), their days do not excuse each other's
            int rest = 0;
            for (int c : own) {
                rest += c < QUIET_SHARE * ownUsual ? 1 : 0;
            }
            if (rest < span / 7) {
                own = null;
            }
        }
        for (int i : members) {
            DayActorState a = actors.get(i);
            if (a.activeDays() < minDays) {
                continue;
            }
            long[] q = {0};
            int[] ownCounts = own;
            double ownQuiet = QUIET_SHARE * ownUsual;
            a.forEachActiveDay(d -> { // the group holds every member: the actor itself is not counted
                if (d >= base && d < base + span && active[(int) (d - base)] - 1 < QUIET_SHARE * usual
                        && (ownCounts == null || ownCounts[(int) (d - base)] - 1 < ownQuiet)) {
                    q[0]++;
                }
            });
            quietCount[i] = q[0];
            out[i] = (double) q[0] / a.activeDays();
        }
    }

    /** The median of the counts (left as they are). */
    private static double median(int[] counts) {
        int[] sorted = counts.clone();
        Arrays.sort(sorted);
        int m = sorted.length / 2;
        return sorted.length % 2 == 1 ? sorted[m] : (sorted[m - 1] + sorted[m]) / 2.0;
    }

    private static ActivityProfile profile(DayActorState a) {
        int last = 0;
        for (int b = 0; b < a.days.bins.length; b++) {
            if (a.days.bins[b] > 0) {
                last = b;
            }
        }
        return new ActivityProfile(new long[0], new long[0], a.byWeekday.clone(),
                a.activeDays() == 0 ? new long[0] : Arrays.copyOf(a.days.bins, last + 1));
    }

    private static double log2(double x) {
        return Math.log(x) / Math.log(2);
    }

    private static List<Integer> allIndices(int n) {
        List<Integer> all = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            all.add(i);
        }
        return all;
    }

    /**
     * The finding's sentence; {@code counts} whether it adds to the score: only then does it say what the statistic
     * suggests ("like a quota script").
     */
    private static String sentence(DaySignature s, DayActorState a, double v, PeerEvidence ev, long quietDays,
                                   boolean counts) {
        String peers = String.format(Locale.ROOT, "robust z = %s, %s", ev.zText(), ev.beyondPeers());
        String unit = a.prompts() >= 0 ? "prompts" : "requests";
        switch (s) {
            case UNACCEPTED: {
                long asked = a.acceptablePrompts();
                String what = asked == a.prompts() ? String.format(Locale.ROOT, "%,d prompts", asked)
                        : String.format(Locale.ROOT, "%,d prompts where suggestions can be accepted (of %,d: those of "
                                + "the command line and apps can buy none)", asked, a.prompts());
                String bought = a.acceptances() == 0
                        ? String.format(Locale.ROOT, "%s over %d active days bought no accepted suggestion at all",
                                what, a.activeDays())
                        : String.format(Locale.ROOT, "%s bought %,d accepted suggestions over %d active days (%.1f "
                                + "prompts per acceptance)", what, a.acceptances(), a.activeDays(),
                                (double) asked / a.acceptances());
                return String.format(Locale.ROOT, "%s, and on %d of those days nothing was accepted (peers' median "
                        + "about %.1f prompts per acceptance; %s).", bought, a.unacceptedDays, Math.pow(2, ev.median()),
                        peers);
            }
            case STEADY:
                return a.days.steadySentence(unit, ev.median(), peers, counts);
            default:
                return String.format(Locale.ROOT, "%d of the %d active days were days on which fewer than a quarter of "
                                + "the usual number of peers used the tool, days with no other work such as weekends and "
                                + "holidays (%s of days; peers' median %s; %s).", quietDays, a.activeDays(), pct(v),
                        pct(ev.median()), peers);
        }
    }

    private static String pct(double share) {
        return String.format(Locale.ROOT, "%.0f%%", 100 * share);
    }

    /** Configures a {@link DailyActivityScorer}; validates each setting at once. */
    public static final class Builder {
        private final Map<DaySignature, Double> weights = new EnumMap<>(DaySignature.class);
        private double flagAt = ActivityReport.DEFAULT_FLAG_AT;
        private int minPeers = 8;
        private int minDays = 8;
        private double minDailyMean = 5;

        private Builder() {
            for (DaySignature s : DaySignature.values()) {
                weights.put(s, s.defaultWeight());
            }
        }

        /**
         * The most one signature can contribute to the score alone, as a fraction of 100.
         *
         * @throws IllegalArgumentException if not in [0, 1]
         */
        public Builder weight(DaySignature signature, double weight) {
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
         * The fewest active days an actor needs for the signatures to be examined (default 8).
         *
         * @throws IllegalArgumentException if below 3
         */
        public Builder minDays(int value) {
            if (value < 3) {
                throw new IllegalArgumentException("minDays: must be at least 3, found " + value);
            }
            this.minDays = value;
            return this;
        }

        /**
         * The smallest mean daily activity for the steady-days signature (default 5): below it, identical small
         * counts (one prompt a day) are chance, not a quota.
         *
         * @throws IllegalArgumentException if not positive and finite
         */
        public Builder minDailyMean(double value) {
            if (!(value > 0 && Double.isFinite(value))) {
                throw new IllegalArgumentException("minDailyMean: must be positive, found " + value);
            }
            this.minDailyMean = value;
            return this;
        }

        /** Builds the scorer. */
        public DailyActivityScorer build() {
            return new DailyActivityScorer(this);
        }
    }
}
