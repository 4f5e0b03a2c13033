package dev.goodhart.scoring;

import dev.goodhart.internal.NoisyOr;
import dev.goodhart.scoring.internal.Charts;
import dev.goodhart.scoring.internal.FalseDiscovery;
import dev.goodhart.scoring.internal.SegmentRunner;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairChart;
import dev.goodhart.report.PairResult;
import dev.goodhart.report.Verdict;

import dev.goodhart.model.Finding;
import dev.goodhart.model.Frame;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Intervention;
import dev.goodhart.model.Link;
import dev.goodhart.model.Segments;
import dev.goodhart.model.Variant;

import com.google.common.hash.Hashing;
import dev.goodhart.detect.Description;
import dev.goodhart.detect.Detector;
import dev.goodhart.detect.DetectorResult;
import dev.goodhart.detect.Detectors;
import dev.goodhart.detect.Portfolio;
import dev.goodhart.detect.PortfolioDetector;
import dev.goodhart.detect.PortfolioResult;
import dev.goodhart.detect.PairSeries;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns detector findings into scores, verdicts and Goodhart variants, per (proxy, outcome, segment) and for the
 * whole organisation (segment {@code "*"}). Immutable and thread-safe; one instance can score many models at once.
 *
 * <h2>Windows</h2>
 * The baseline window is every period before the first intervention that applies to the segment, the recent window
 * every period from it on; with no intervention the first half of the calendar is the baseline.
 *
 * <h2>Score</h2>
 * Every finding's one-sided p-value (small = concern) enters a Benjamini-Hochberg (1995) procedure with the other
 * findings of the same detector across all segments and links of the report (each detector is one family: one
 * question asked of every segment), giving its q-value. A finding's strength is {@code s = min(1, -log10(q) / 3)}
 * (q = 0.001 or smaller is full strength). Each detector has a weight {@code w}, the most it can contribute alone, and
 * the evidence combines like independent alarms (a noisy-OR): {@code score = 100 * (1 - prod(1 - w_d * s_d))}. A
 * detector that found nothing or could not run contributes nothing, and the score never falls when any one finding
 * gets stronger. Each detector declares its weight ({@link Description}, overridable with {@link Builder#weight}):
 * expected response 1.0, coupling decay 0.6, yield decay 0.6, threshold bunching 0.6, tail divergence 0.4, digit
 * test 0.4, intervention response 0.2, change-point asymmetry 0.2, difference-in-differences 0.2, growth divergence
 * 0.2. Cross-segment ({@link PortfolioDetector}) findings count for the segment (or the organisation) they name.
 *
 * <h2>Verdict</h2>
 * A function of the score alone, so that a higher score never gets a milder verdict: {@code GAMED} from 60,
 * {@code DIVERGING} from 50, {@code WATCH} from 15, {@code HEALTHY} below; {@code INSUFFICIENT_DATA} when no detector
 * could run, or when the score is below 15 but none of the decisive detectors ({@link Description#decisive()}: expected
 * response, intervention response, coupling decay, yield decay, difference-in-differences; each needs a recent window)
 * could run:
 * HEALTHY means "looked, and it is fine". Corroboration caps the score instead: with {@code k} the number of detectors whose q-value is below
 * {@code alpha} (default 0.05), the score is kept just below the {@link VerdictRule}'s DIVERGING threshold when
 * {@code k = 0} and below its GAMED threshold when {@code k < 2} (49.9 and 59.9 by default).
 * Growth divergence never counts in {@code k}: any proxy whose elasticity is below 1 outgrows its outcome, so it is
 * worth a look (WATCH at most, alone), not an accusation.
 *
 * <h2>Charts</h2>
 * The report carries what a chart needs ({@link PairChart}: both series, the windows, the intervention, the proxy's
 * change points by PELT, each window's mean) for the organisation's row of every link and for the segments' pairs at
 * {@code WATCH} or above, the highest scores first, up to {@link Builder#chartLimit} (default
 * {@value #DEFAULT_CHART_LIMIT}), so renderers read only the report.
 *
 * <h2>Variants</h2> (Manheim &amp; Garrabrant 2018), for flagged pairs (DIVERGING or GAMED): {@code REGRESSIONAL} when coupling
 * decay is significant (the proxy now carries variation unrelated to the outcome); {@code CAUSAL} when expected
 * response, yield decay, intervention response, change-point asymmetry or difference-in-differences is significant
 * after an intervention (pushing the proxy did not move the outcome); {@code EXTREMAL} when tail divergence is significant (the relation breaks where the proxy is pushed
 * hardest); {@code ADVERSARIAL} when threshold bunching or the digit test is significant (people optimise the number
 * itself).
 */
public final class Scorer {
    private static final Logger LOG = LoggerFactory.getLogger(Scorer.class);

    private final List<Detector> detectors;
    private final List<PortfolioDetector> portfolioDetectors;
    /** Weights set on the builder, overriding the detectors' own. */
    private final Map<String, Double> weights;
    /** Every detector's description, by name. */
    private final Map<String, Description> descriptions;
    private final Executor executor;
    private final double alpha;
    private final long seed;
    private final Progress progress;
    private final int chartLimit;
    private final VerdictRule rule;

    private Scorer(Builder b) {
        this.detectors = List.copyOf(b.detectors);
        this.portfolioDetectors = List.copyOf(b.portfolioDetectors);
        this.weights = Map.copyOf(b.weights);
        Map<String, Description> d = new LinkedHashMap<>();
        for (Detector detector : detectors) {
            d.put(detector.name(), Objects.requireNonNull(detector.description(), detector.name() + ": description"));
        }
        for (PortfolioDetector detector : portfolioDetectors) {
            d.put(detector.name(), Objects.requireNonNull(detector.description(), detector.name() + ": description"));
        }
        this.descriptions = Map.copyOf(d);
        this.alpha = b.alpha;
        this.seed = b.seed;
        this.chartLimit = b.chartLimit;
        this.executor = b.executor;
        this.progress = b.progress;
        this.rule = b.rule;
    }

    /**
     * Told how far a {@link #score} has come, for a progress display: after each pair (a link in one segment, the
     * organisation included) is examined. Optional ({@link Builder#progress}); the report does not depend on it.
     */
    @FunctionalInterface
    public interface Progress {
        /**
         * {@code examined} of {@code total} pairs have been examined by the per-segment detectors (the cross-segment
         * detectors and the false-discovery control, which follow, are quick). Called from the threads that examine
         * the pairs, concurrently when the scorer has an executor: keep it short and thread-safe. What it throws
         * ends the scoring.
         */
        void examined(long examined, long total);
    }

    /** A scorer with the default detectors and settings. */
    public static Scorer defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The detectors this scorer runs, in order. */
    public List<Detector> detectors() {
        return detectors;
    }

    /** The cross-segment detectors this scorer runs, in order. */
    public List<PortfolioDetector> portfolioDetectors() {
        return portfolioDetectors;
    }

    /** The false-discovery level for significance. */
    public double alpha() {
        return alpha;
    }

    /**
     * Scores every link of the model for every segment and for the whole organisation.
     *
     * @throws IllegalArgumentException if a link's metric has no data at all in the frame
     */
    public IntegrityReport score(IntegrityModel model, Frame frame) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(frame, "frame");
        if (frame.granularity() != model.granularity()) {
            throw new IllegalArgumentException("frame is " + frame.granularity().adjective() + " but the model is "
                    + model.granularity().adjective() + "; build the frame from this model");
        }
        for (Link link : model.links()) {
            for (String m : List.of(link.proxy(), link.outcome())) {
                if (!frame.metrics().contains(m)) {
                    throw new IllegalArgumentException("metric '" + m + "' of link " + link
                            + " has no data; the data has " + frame.metrics());
                }
            }
        }
        List<String> segments = new ArrayList<>();
        segments.add(Segments.ALL);
        segments.addAll(model.segments().isEmpty() ? frame.segments() : model.segments());

        List<Draft> drafts = new ArrayList<>();
        Counter counter = progress == null ? null
                : new Counter(progress, (long) model.links().size() * segments.size());
        for (Link link : model.links()) {
            Map<String, Draft> bySegment = new LinkedHashMap<>();
            List<Draft> examined = examineAll(model, frame, link, segments, counter);
            for (int i = 0; i < segments.size(); i++) {
                drafts.add(examined.get(i));
                bySegment.put(segments.get(i), examined.get(i));
            }
            examinePortfolio(model, link, bySegment);
        }
        return finish(model, frame.periodCount() == 0 ? null : frame.period(0), frame.period(frame.periodCount() - 1),
                frame.segments().size(), drafts).withInput(frame.inputAccount());
    }

    private IntegrityReport finish(IntegrityModel model, LocalDate first, LocalDate last, int segmentCount,
                                   List<Draft> drafts) {
        List<List<Finding>> findings = new ArrayList<>(drafts.size());
        for (Draft d : drafts) {
            findings.add(d.findings);
        }
        FalseDiscovery.apply(findings);
        List<PairResult> results = new ArrayList<>(drafts.size());
        for (Draft d : drafts) {
            results.add(conclude(d));
        }
        Charts charts = new Charts();
        for (int i : charted(results, drafts)) {
            Draft d = drafts.get(i);
            results.set(i, results.get(i).withChart(charts.of(d.pair, d.link.lag(), d.intervention)));
        }
        return new IntegrityReport(model, first, last, segmentCount, results);
    }

    /**
     * The pairs that get a chart, by index: every organisation row that could be windowed, then the windowed pairs at
     * WATCH or above, the highest scores first (ties in report order), at most {@link Builder#chartLimit} of them.
     */
    private List<Integer> charted(List<PairResult> results, List<Draft> drafts) {
        List<Integer> out = new ArrayList<>();
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < results.size(); i++) {
            if (drafts.get(i).pair == null) {
                continue;
            }
            if (Segments.ALL.equals(results.get(i).segment())) {
                out.add(i);
            } else if (results.get(i).verdict().compareTo(Verdict.WATCH) >= 0) {
                candidates.add(i);
            }
        }
        candidates.sort((a, b) -> Double.compare(results.get(b).score(), results.get(a).score()));
        out.addAll(candidates.subList(0, Math.min(chartLimit, candidates.size())));
        return out;
    }

    /**
     * The per-segment stage alone, for distributed engines: every link of the model examined in {@code segment} of
     * {@code frame} ({@code "*"}, empty or null: the organisation) by the per-segment detectors, one {@link Examination}
     * per link in the model's order. The frame must
     * have the calendar of the whole data (its first and last period), or windows and seeds would differ from a
     * single-machine run.
     *
     * @throws IllegalArgumentException if the frame's granularity is not the model's
     */
    public List<Examination> examine(IntegrityModel model, Frame frame, String segment) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(frame, "frame");
        if (frame.granularity() != model.granularity()) {
            throw new IllegalArgumentException("frame is " + frame.granularity().adjective() + " but the model is "
                    + model.granularity().adjective() + "; build the frame from this model");
        }
        List<Examination> out = new ArrayList<>();
        for (Link link : model.links()) {
            Draft d = examine(model, frame, link, Segments.normalise(segment));
            out.add(new Examination(d.link, d.segment, d.findings, d.notes, d.ran, d.recentFrom, d.intervention, d.pair));
        }
        return out;
    }

    /**
     * The cross-segment stage, for distributed engines: the portfolio detectors over the examinations of each link,
     * false-discovery control over everything, scores, verdicts and variants. With the examinations of every segment
     * ({@code "*"} first, then the segments in the order the report should list them) this gives exactly the report
     * {@link #score} gives on one machine.
     *
     * @param firstPeriod  first day of the first period of the data
     * @param lastPeriod   first day of the last period of the data
     * @param segmentCount number of segments in the data (the organisation not counted)
     * @throws IllegalArgumentException if an examination's link is not in the model
     */
    public IntegrityReport conclude(IntegrityModel model, LocalDate firstPeriod, LocalDate lastPeriod, int segmentCount,
                                    List<Examination> examinations) {
        Objects.requireNonNull(examinations, "examinations");
        Objects.requireNonNull(model, "model");
        List<Draft> drafts = new ArrayList<>();
        for (Link link : model.links()) {
            Map<String, Draft> bySegment = new LinkedHashMap<>();
            for (Examination e : examinations) {
                if (!e.link().equals(link)) {
                    continue;
                }
                Draft d = new Draft(link, e.segment());
                d.findings.addAll(e.findings());
                d.notes.addAll(e.notes());
                d.ran = e.ran();
                d.recentFrom = e.recentFrom();
                d.intervention = e.intervention();
                d.pair = e.pair();
                drafts.add(d);
                bySegment.put(e.segment(), d);
            }
            if (bySegment.containsKey(Segments.ALL)) {
                examinePortfolio(model, link, bySegment);
            }
        }
        for (Examination e : examinations) {
            if (!model.links().contains(e.link())) {
                throw new IllegalArgumentException("examination of link " + e.link() + " which is not in the model");
            }
        }
        return finish(model, firstPeriod, lastPeriod, segmentCount, drafts);
    }

    /** Examines every segment of one link, in segment order, on the executor when there is one. */
    private List<Draft> examineAll(IntegrityModel model, Frame frame, Link link, List<String> segments,
                                   Counter counter) {
        return SegmentRunner.map(segments, segment -> examine(model, frame, link, segment), executor,
                () -> Counter.tick(counter));
    }

    private Draft examine(IntegrityModel model, Frame frame, Link link, String segment) {
        Draft d = new Draft(link, segment);
        if (frame.has(segment, link.proxy()) && frame.has(segment, link.outcome())) {
            // the intervention that applies, even when it falls outside the data (the examination says so)
            d.intervention = model.interventionFor(segment).orElse(null);
        }
        Optional<PairSeries> built = PairSeries.of(model, frame, link, segment, pairSeed(link, segment), d.notes::add);
        if (built.isEmpty()) {
            return d;
        }
        PairSeries pair = d.pair = built.get();
        d.recentFrom = frame.period(pair.split());
        for (Detector detector : detectors) {
            DetectorResult r = detector.detect(pair);
            if (r.ran()) {
                d.ran++;
                d.findings.addAll(r.findings());
            } else {
                LOG.debug("{} skipped for {} in {}: {}", detector.name(), link, segment, r.skipReason());
                d.notes.add(detector.name() + " skipped: " + r.skipReason());
            }
        }
        return d;
    }

    private void examinePortfolio(IntegrityModel model, Link link, Map<String, Draft> bySegment) {
        List<PairSeries> pairs = new ArrayList<>();
        for (Draft d : bySegment.values()) {
            if (d.pair != null && !Segments.ALL.equals(d.segment)) {
                pairs.add(d.pair);
            }
        }
        Draft organisation = bySegment.get(Segments.ALL);
        Portfolio portfolio = new Portfolio(model, link, pairs, pairSeed(link, "\u0000portfolio"),
                Optional.ofNullable(organisation.pair));
        for (PortfolioDetector detector : portfolioDetectors) {
            PortfolioResult r = detector.detect(portfolio);
            if (!r.ran()) {
                LOG.debug("{} skipped for {}: {}", detector.name(), link, r.skipReason());
                organisation.notes.add(detector.name() + " skipped: " + r.skipReason());
                continue;
            }
            for (Map.Entry<String, List<Finding>> e : r.findings().entrySet()) {
                Draft d = bySegment.get(e.getKey());
                if (d != null) {
                    d.ran++;
                    d.findings.addAll(e.getValue());
                }
            }
        }
    }

    private long pairSeed(Link link, String segment) {
        return Hashing.murmur3_128().newHasher()
                .putLong(seed)
                .putString(link.proxy(), StandardCharsets.UTF_8).putChar('\u0000')
                .putString(link.outcome(), StandardCharsets.UTF_8).putChar('\u0000')
                .putString(segment, StandardCharsets.UTF_8)
                .hash().asLong();
    }

    private PairResult conclude(Draft d) {
        if (d.ran == 0) {
            return new PairResult(d.link.proxy(), d.link.outcome(), d.segment, 0, Verdict.INSUFFICIENT_DATA, List.of(),
                    d.findings, d.notes, d.recentFrom);
        }
        NoisyOr evidence = new NoisyOr();
        EnumSet<Variant> variants = EnumSet.noneOf(Variant.class);
        Map<String, Boolean> significant = new LinkedHashMap<>();
        for (Finding f : d.findings) {
            double q = Double.isNaN(f.qValue()) ? 1 : f.qValue();
            double s = Math.min(1, Math.max(0, -Math.log10(Math.max(q, 1e-300)) / 3));
            evidence.add(Math.min(1, weight(f.detector())), s);
            if (q < alpha && description(f.detector()).corroborating()) {
                // a descriptive detector (growth divergence: any proxy with an elasticity below 1 outgrows its
                // outcome) is worth a look, not corroboration
                significant.put(f.detector(), true);
            }
        }
        int k = significant.size();
        // the verdict is a function of the score alone; corroboration caps the score instead
        double score = rule.cap(Math.min(100, Math.max(0, 100 * evidence.combined())), k);
        score = Math.round(score * 10) / 10.0;
        Verdict verdict = rule.verdict(score);
        if (verdict == Verdict.HEALTHY && !decided(d)) {
            // HEALTHY means "looked, and it is fine": without any evidence on the proxy-outcome relation it cannot
            List<String> notes = new ArrayList<>(d.notes);
            notes.add(0, "no detector of the proxy-outcome relation could run (expected response, intervention "
                    + "response, coupling decay, yield decay, difference-in-differences; each needs a recent window), "
                    + "so the verdict cannot be HEALTHY");
            return new PairResult(d.link.proxy(), d.link.outcome(), d.segment, score, Verdict.INSUFFICIENT_DATA,
                    List.of(), d.findings, notes, d.recentFrom);
        }
        if (verdict.flagged()) {
            // each significant detector's declared variants; causal claims need an intervention to have pushed
            for (String detector : significant.keySet()) {
                for (Variant v : description(detector).variants()) {
                    if (v != Variant.CAUSAL || d.intervention != null) {
                        variants.add(v);
                    }
                }
            }
        }
        return new PairResult(d.link.proxy(), d.link.outcome(), d.segment, score, verdict, new ArrayList<>(variants),
                d.findings, d.notes, d.recentFrom);
    }

    /** Whether a decisive detector (one whose evidence can clear a pair) ran: a HEALTHY verdict needs one. */
    private boolean decided(Draft d) {
        for (Finding f : d.findings) {
            if (description(f.detector()).decisive()) {
                return true;
            }
        }
        return false;
    }

    private Description description(String detector) {
        Description d = descriptions.get(detector);
        if (d == null) {
            throw new IllegalStateException("a finding of '" + detector + "', which is not one of this scorer's "
                    + "detectors " + descriptions.keySet());
        }
        return d;
    }

    /** How many segments' pairs at WATCH or above get a chart unless the builder says otherwise. */
    public static final int DEFAULT_CHART_LIMIT = 200;

    /** The rule from a score to a verdict this scorer applies. */
    public VerdictRule verdictRule() {
        return rule;
    }

    private double weight(String detector) {
        Double set = weights.get(detector);
        return set != null ? set : description(detector).weight();
    }

    /** Mutable working state for one pair before false-discovery control. */
    private static final class Draft {
        final Link link;
        final String segment;
        final List<Finding> findings = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        int ran;
        PairSeries pair;
        Intervention intervention;
        LocalDate recentFrom;

        Draft(Link link, String segment) {
            this.link = link;
            this.segment = segment;
        }
    }

    /** Counts examined pairs for a {@link Progress}. */
    private static final class Counter {
        private final Progress progress;
        private final long total;
        private final java.util.concurrent.atomic.AtomicLong examined = new java.util.concurrent.atomic.AtomicLong();

        Counter(Progress progress, long total) {
            this.progress = progress;
            this.total = total;
        }

        static void tick(Counter c) {
            if (c != null) {
                c.progress.examined(c.examined.incrementAndGet(), c.total);
            }
        }
    }

    /** Configures a {@link Scorer}; validates each setting at once. */
    public static final class Builder {
        private final List<Detector> detectors = new ArrayList<>(Detectors.defaults());
        private final List<PortfolioDetector> portfolioDetectors = new ArrayList<>(Detectors.portfolioDefaults());
        /** Weights set here, overriding the detectors' own ({@link Description#weight()}). */
        private final Map<String, Double> weights = new LinkedHashMap<>();
        private double alpha = 0.05;
        private long seed;
        private int chartLimit = DEFAULT_CHART_LIMIT;
        private Executor executor;
        private Progress progress;
        private VerdictRule rule = VerdictRule.DEFAULT;

        private Builder() {
        }

        /**
         * Replaces the detectors.
         *
         * @throws IllegalArgumentException if the list is empty or two detectors share a name
         */
        public Builder detectors(Collection<? extends Detector> list) {
            Objects.requireNonNull(list, "detectors");
            if (list.isEmpty()) {
                throw new IllegalArgumentException("detectors: at least one detector is needed");
            }
            List<String> names = new ArrayList<>();
            for (Detector d : list) {
                if (names.contains(d.name())) {
                    throw new IllegalArgumentException("detectors: duplicate detector '" + d.name() + "'");
                }
                names.add(d.name());
            }
            detectors.clear();
            detectors.addAll(list);
            return this;
        }

        /**
         * Replaces the cross-segment detectors (an empty list turns them off).
         *
         * @throws IllegalArgumentException if two detectors share a name
         */
        public Builder portfolioDetectors(Collection<? extends PortfolioDetector> list) {
            Objects.requireNonNull(list, "portfolioDetectors");
            List<String> names = new ArrayList<>();
            for (PortfolioDetector d : list) {
                if (names.contains(d.name())) {
                    throw new IllegalArgumentException("portfolioDetectors: duplicate detector '" + d.name() + "'");
                }
                names.add(d.name());
            }
            portfolioDetectors.clear();
            portfolioDetectors.addAll(list);
            return this;
        }

        /**
         * Runs the per-segment detectors on {@code value} (a thread pool the caller owns); the report is identical to
         * a sequential run because every segment's randomness comes from its own seed. Without an executor (the
         * default) everything runs on the calling thread; Goodhart never starts threads of its own.
         */
        public Builder executor(Executor value) {
            this.executor = Objects.requireNonNull(value, "executor");
            return this;
        }

        /**
         * Runs the per-segment detectors as a parallel stream on {@link ForkJoinPool#commonPool()} with the calling
         * thread helping, which uses every core.
         */
        public Builder parallel() {
            return executor(ForkJoinPool.commonPool());
        }

        /**
         * Sets a detector's weight: the most it can contribute to the score alone, as a fraction of 100.
         *
         * @throws IllegalArgumentException if the weight is not in (0, 1]
         */
        public Builder weight(String detector, double weight) {
            if (!(weight > 0 && weight <= 1)) {
                throw new IllegalArgumentException("weight of " + detector + ": must be in (0, 1], found " + weight);
            }
            weights.put(Objects.requireNonNull(detector, "detector"), weight);
            return this;
        }

        /**
         * Sets the false-discovery level below which a finding's q-value counts as significant (default 0.05).
         *
         * @throws IllegalArgumentException if not in (0, 0.5]
         */
        public Builder alpha(double value) {
            if (!(value > 0 && value <= 0.5)) {
                throw new IllegalArgumentException("alpha: must be in (0, 0.5], found " + value);
            }
            this.alpha = value;
            return this;
        }

        /**
         * Sets how many segments' pairs at WATCH or above carry a chart in the report (default
         * {@value Scorer#DEFAULT_CHART_LIMIT}; the highest scores first). The organisation's rows always carry one. A chart
         * holds two values per period, so this bounds the report of a million mostly-healthy segments.
         *
         * @throws IllegalArgumentException if negative
         */
        public Builder chartLimit(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("chartLimit: must be 0 or more, found " + value);
            }
            this.chartLimit = value;
            return this;
        }

        /** Sets the seed from which each pair's resampling seed is derived (default 0). */
        public Builder seed(long value) {
            this.seed = value;
            return this;
        }

        /**
         * Tells {@code listener} how far each {@link Scorer#score} has come (pairs examined of the total), for a
         * progress display; none by default.
         */
        public Builder progress(Progress listener) {
            this.progress = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /**
         * The rule from a score to a verdict ({@link VerdictRule#DEFAULT}: WATCH from 15, DIVERGING from 50, GAMED from
         * 60).
         *
         * @param verdictRule the thresholds
         * @return this builder
         */
        public Builder verdictRule(VerdictRule verdictRule) {
            this.rule = Objects.requireNonNull(verdictRule, "verdictRule");
            return this;
        }

        /** Builds the immutable scorer. */
        public Scorer build() {
            return new Scorer(this);
        }
    }
}
