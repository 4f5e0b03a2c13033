package dev.goodhart.scoring;

import dev.goodhart.internal.NoisyOr;
import dev.goodhart.scoring.internal.Charts;
import dev.goodhart.scoring.internal.FalseDiscovery;
import dev.goodhart.scoring.internal.FindingStore;
import dev.goodhart.scoring.internal.InterventionSegments;
import dev.goodhart.scoring.internal.OrganisationRows;
import dev.goodhart.report.ReportHeader;
import dev.goodhart.report.ReportSink;
import dev.goodhart.model.InputAccount;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.function.IntFunction;
import dev.goodhart.scoring.internal.SegmentRunner;
import dev.goodhart.scoring.internal.UnitChange;
import dev.goodhart.scoring.internal.ZeroedDuration;
import dev.goodhart.scoring.internal.TotalRow;
import dev.goodhart.scoring.internal.RunningTotal;
import dev.goodhart.model.Aggregation;
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
import dev.goodhart.detect.BaselineMemo;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns detector findings into scores, verdicts and Goodhart variants, per (proxy, outcome, segment) and for the
 * whole organisation (segment {@code "*"}). Immutable and thread-safe; one instance can score many models at once.
 *
 * <h2>Windows</h2>
 * The baseline window is every period before the segment's intervention ({@link IntegrityModel#interventionFor}), the
 * recent window every period from it on; with no intervention the first half of the calendar is the baseline.
 *
 * <h2>Score</h2>
 * Every finding's one-sided p-value (small = concern) enters a Benjamini-Hochberg (1995) procedure with the other
 * findings of the same detector across all segments and links of the report (each detector is one family: one
 * question asked of every segment), giving its q-value; a detector {@linkplain Description#calibratedPerSegment()
 * calibrated per segment} (the expected response, whose error comes from the segment's own placebo dates) keeps its
 * p-value as its q-value (per-segment error control: the bar does not move with how many others gamed). A finding's strength is {@code s = min(1, -log10(q) / 3)}
 * (q = 0.001 or smaller is full strength); a detector calibrated per segment has {@code s = min(1, log(q) / (2 log(alpha)))}
 * (half at {@code alpha}, full at {@code alpha}², so at full weight and the default verdict bands it makes a pair DIVERGING
 * by itself exactly where it is significant at {@code alpha}; 0.05 by default, {@link Builder#alpha}). Each detector has a weight {@code w}, the most it can contribute alone, and
 * the evidence combines like independent alarms (a noisy-OR): {@code score = 100 * (1 - prod(1 - w_d * s_d))}. A
 * detector that found nothing or could not run contributes nothing, and the score never falls when any one finding
 * gets stronger. Each detector declares its weight ({@link Description}, overridable with {@link Builder#weight}):
 * expected response 1.0, coupling decay 0.6, yield decay 0.6, threshold bunching 0.6, tail divergence 0.4, digit
 * test 0.4, intervention response 0.2, change-point asymmetry 0.2, difference-in-differences 0.2, growth divergence
 * 0.2. Detectors that read the same evidence ({@link Description#evidence}: coupling and yield decay, a correlation and
 * a slope of the same period-over-period changes) are one alarm, the stronger of their {@code w_d * s_d}: two
 * statistics of the same changes agree by construction, not as independent witnesses. Cross-segment ({@link
 * PortfolioDetector}) findings count for the segment (or the organisation) they name.
 *
 * <h2>Verdict</h2>
 * A function of the score alone, so that a higher score never gets a milder verdict: {@code GAMED} from 60,
 * {@code DIVERGING} from 50, {@code WATCH} from 15, {@code HEALTHY} below; {@code INSUFFICIENT_DATA} when no detector
 * could run, or when the score is below 15 but none of the decisive detectors ({@link Description#decisive()}: expected
 * response, intervention response, coupling decay, yield decay, difference-in-differences; each needs a recent window)
 * could run, or, with an intervention, none of those that read it (those supporting the causal variant: all but
 * coupling decay), or the expected response could not answer ({@link Finding#undecided()}: it found the outcome
 * short of what the proxy's rise would owe but not the rise itself beyond the proxy's own trend):
 * HEALTHY means "looked, and it is fine". Corroboration caps the score instead: with {@code k} the number of lines of
 * evidence (a detector, or the detectors that read the same evidence) with a q-value below {@code alpha} (default
 * 0.05), the score is kept just below the {@link VerdictRule}'s DIVERGING threshold when
 * {@code k = 0} and below its GAMED threshold when {@code k < 2} (49.9 and 59.9 by default).
 * Growth divergence never counts in {@code k}: any proxy whose elasticity is below 1 outgrows its outcome, so it is
 * worth a look (WATCH at most, alone), not an accusation; nor does a descriptive detector lift a score over DIVERGING
 * or GAMED: the score stays just below a threshold the corroborating detectors' evidence does not reach alone
 * ({@link VerdictRule#capToBand}).
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
 * hardest); {@code ADVERSARIAL} when threshold bunching, the digit test or the weekly rhythm is significant (people
 * optimise the number itself; use added flat through the week).
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
    /** Where findings wait for the report, or null for the heap. */
    private final java.nio.file.Path spillDirectory;

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
        this.spillDirectory = b.spillDirectory;
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

    /** The executor of {@link Builder#executor}, or null for the calling thread (for {@link LiveScorer}). */
    Executor executor() {
        return executor;
    }

    /**
     * The level below which a finding's q-value counts as significant: a false-discovery level for the detectors
     * controlled across segments, a per-segment significance level for those calibrated per segment.
     */
    public double alpha() {
        return alpha;
    }

    /**
     * Scores every link of the model for every segment and for the whole organisation.
     *
     * @throws IllegalArgumentException if a link's metric has no data at all in the frame
     */
    public IntegrityReport score(IntegrityModel model, Frame frame) {
        ReportSink.Collector collector = ReportSink.collector();
        score(model, frame, collector);
        return collector.report();
    }

    /**
     * Scores as {@link #score(IntegrityModel, Frame)} does and delivers the same report to {@code sink} a pair at a
     * time (the header first, then the pairs in report order, then the end), without holding the report: for a
     * million segments with a {@linkplain Frame.Builder#spillTo spilled} frame and {@link Builder#spillTo}. Only what
     * false-discovery control and the verdicts need stays on the heap (per pair its examination's outcome, per finding
     * or note its detector, p-value and a handle: about 22 bytes an entry, some 250 bytes a pair), the findings'
     * sentences in a temporary file with {@link Builder#spillTo}; with a spilled frame each segment's pair is rebuilt
     * from it when a cross-segment detector or a chart needs it (a frame in memory keeps its pairs). The cross-segment
     * detectors hold more while they run (the expected response about 1.5 KB a segment): measured, 1,573 bytes of
     * heap per pair at a million segments and one link (README, "Scale"); memory grows with links times segments.
     *
     * @param sink receives the report
     * @throws IllegalArgumentException if a link's metric has no data at all in the frame
     */
    public void score(IntegrityModel model, Frame frame, ReportSink sink) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(frame, "frame");
        Objects.requireNonNull(sink, "sink");
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
        Counter counter = progress == null ? null
                : new Counter(progress, (long) model.links().size() * segments.size());
        // a frame in memory keeps its pairs too (built once, as before); a spilled one rebuilds them when asked
        try (Run run = new Run(spillDirectory == null ? FindingStore.inMemory()
                : FindingStore.onDisk(spillDirectory), !frame.spilled())) {
            SegmentIndex index = new SegmentIndex(segments);
            for (Link link : model.links()) {
                int base = run.size();
                for (int from = 0; from < segments.size(); from += CHUNK) {
                    List<String> chunk = segments.subList(from, Math.min(segments.size(), from + CHUNK));
                    for (Draft d : examineAll(model, frame, link, chunk, counter)) {
                        run.add(d);
                    }
                }
                examinePortfolio(model, link, run, base, segments.size(), index,
                        i -> run.pair(base + i, () -> rebuild(model, frame, link, segments.get(i))));
            }
            run.finish(model, frame.periodCount() == 0 ? null : frame.period(0),
                    frame.period(frame.periodCount() - 1), frame.segments().size(), frame.inputAccount(), sink,
                    p -> run.pair(p, () -> rebuild(model, frame, run.links[p], run.segments[p])));
        }
    }

    /** Segments examined per batch: their drafts (with findings) are handed to the run before the next batch. */
    private static final int CHUNK = 4096;

    /** The pair of a segment, rebuilt from the frame (the same as when it was examined). */
    private PairSeries rebuild(IntegrityModel model, Frame frame, Link link, String segment) {
        return PairSeries.of(model, frame, link, segment, pairSeed(link, segment), why -> { })
                .orElseThrow(() -> new IllegalStateException("the pair of " + link + " in " + segment
                        + " could be built when it was examined and not now"));
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
        return examine(model, frame, segment, null);
    }

    /**
     * As {@link #examine(IntegrityModel, Frame, String)}, each pair taking over the baseline statistics of the same
     * link's pair kept in {@code earlier} (the segment's, in link order, null where none) where its baseline is the
     * same, and keeping its own for the next call: a live scorer's day (an empty list on its first). The same
     * examinations as without them. Null: nothing taken over or kept.
     */
    List<Examination> examine(IntegrityModel model, Frame frame, String segment, List<BaselineMemo> earlier) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(frame, "frame");
        if (frame.granularity() != model.granularity()) {
            throw new IllegalArgumentException("frame is " + frame.granularity().adjective() + " but the model is "
                    + model.granularity().adjective() + "; build the frame from this model");
        }
        List<Examination> out = new ArrayList<>();
        for (int i = 0; i < model.links().size(); i++) {
            Link link = model.links().get(i);
            BaselineMemo before = earlier != null && i < earlier.size() ? earlier.get(i) : null;
            Draft d = examine(model, frame, link, Segments.normalise(segment), before, earlier != null);
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
        for (Examination e : examinations) {
            if (!model.links().contains(e.link())) {
                throw new IllegalArgumentException("examination of link " + e.link() + " which is not in the model");
            }
        }
        List<Draft> drafts = new ArrayList<>();
        try (Run run = new Run(FindingStore.inMemory(), false)) {
            for (Link link : model.links()) {
                int base = run.size();
                List<String> names = new ArrayList<>();
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
                    run.add(d);
                    names.add(e.segment());
                }
                if (names.contains(Segments.ALL)) {
                    examinePortfolio(model, link, run, base, names.size(), new SegmentIndex(names),
                            i -> drafts.get(base + i).pair);
                }
            }
            ReportSink.Collector collector = ReportSink.collector();
            run.finish(model, firstPeriod, lastPeriod, segmentCount, InputAccount.NONE, collector,
                    p -> drafts.get(p).pair);
            return collector.report();
        }
    }

    /** Examines every segment of one link, in segment order, on the executor when there is one. */
    private List<Draft> examineAll(IntegrityModel model, Frame frame, Link link, List<String> segments,
                                   Counter counter) {
        // the organisation's proxy for the total-row check, once for all segments rather than a copy for each
        double[] organisationProxy = totalRowAsked(model, frame, link) ? frame.series(Segments.ALL, link.proxy()) : null;
        return SegmentRunner.map(segments, segment -> examine(model, frame, link, segment, null, false,
                organisationProxy), executor, () -> Counter.tick(counter));
    }

    private Draft examine(IntegrityModel model, Frame frame, Link link, String segment) {
        return examine(model, frame, link, segment, null, false);
    }

    /**
     * One link in one segment. {@code earlier}: the baseline statistics the same segment and link's pair kept in an
     * earlier examination (a live scorer's of the day before), which this pair takes over where its baseline is the same;
     * {@code keepBaseline}: whether the pair keeps its own for the next one.
     */
    private Draft examine(IntegrityModel model, Frame frame, Link link, String segment, BaselineMemo earlier,
                          boolean keepBaseline) {
        return examine(model, frame, link, segment, earlier, keepBaseline, null);
    }

    /** Whether a segment of the link could be a total row: a summed proxy, three or more segments in the frame. */
    private static boolean totalRowAsked(IntegrityModel model, Frame frame, Link link) {
        return frame.segments().size() >= 3 && model.metrics().get(link.proxy()).aggregation() == Aggregation.SUM;
    }

    /**
     * As above; {@code organisationProxy}: the frame's organisation series of the link's proxy, read once for every
     * segment of a run (null: read here when needed).
     */
    private Draft examine(IntegrityModel model, Frame frame, Link link, String segment, BaselineMemo earlier,
                          boolean keepBaseline, double[] organisationProxy) {
        Draft d = new Draft(link, segment);
        if (Segments.ALL.equals(segment)) {
            // a stray row given for the organisation itself replaces its segments' sum: said, not left to guess
            OrganisationRows.note(frame, link.proxy()).ifPresent(d.notes::add);
            OrganisationRows.note(frame, link.outcome()).ifPresent(d.notes::add);
            OrganisationRows.countsNote(frame, link.proxy(), link.outcome()).ifPresent(d.notes::add);
            OrganisationRows.startNote(frame, link.proxy(), link.outcome()).ifPresent(d.notes::add);
            OrganisationRows.gapsNote(model, frame, link.proxy()).ifPresent(d.notes::add);
            OrganisationRows.gapsNote(model, frame, link.outcome()).ifPresent(d.notes::add);
            d.notes.addAll(InterventionSegments.notes(model, frame));
        }
        if (frame.has(segment, link.proxy()) && frame.has(segment, link.outcome())) {
            // the intervention that applies, even when it falls outside the data (the examination says so)
            d.intervention = model.interventionFor(segment).orElse(null);
        }
        Optional<PairSeries> built = PairSeries.of(model, frame, link, segment, pairSeed(link, segment), d.notes::add);
        if (built.isEmpty()) {
            return d;
        }
        double[] proxy = frame.series(segment, link.proxy());
        // a proxy exported as a running total only rises: not judged, and the note says how to give it per period
        // (the organisation's row, a sum of many teams, also must have been reset or risen fivefold: summed over
        // hundreds of teams a steady 5% a week never falls either)
        Optional<int[]> running = model.metrics().get(link.proxy()).aggregation() == Aggregation.LAST ? Optional.empty()
                : RunningTotal.find(proxy, Segments.ALL.equals(segment));
        if (running.isPresent()) {
            d.notes.add(RunningTotal.note(link.proxy(), running.get()[0], running.get()[1]));
            return d;
        }
        // a segment that sums the others (a dashboard's total row) is not a team: not judged, and the note says why
        if (!Segments.ALL.equals(segment) && totalRowAsked(model, frame, link)) {
            Optional<int[]> total = TotalRow.find(proxy, organisationProxy != null ? organisationProxy
                    : frame.series(Segments.ALL, link.proxy()));
            if (total.isPresent()) {
                d.notes.add(TotalRow.note(segment, link.proxy(), total.get()[0], total.get()[1]));
                return d;
            }
        }
        // an outcome that changed unit part-way (hours, then days) cannot be read: not judged, and the note says why
        Optional<double[]> unit = UnitChange.find(frame.series(segment, link.outcome()));
        if (unit.isPresent()) {
            d.notes.add(UnitChange.note(link.outcome(), frame.period((int) unit.get()[0]), unit.get()[1]));
            return d;
        }
        // a duration outcome exactly 0 since the date, above 0 before: an export that stopped filling it, not a gain
        dev.goodhart.model.Metric outcomeMetric = model.metrics().get(link.outcome());
        int since = d.intervention == null ? -1 : frame.indexOf(d.intervention.date());
        if (since > 0 && outcomeMetric.aggregation() == Aggregation.MEAN
                && dev.goodhart.internal.Text.isDuration(outcomeMetric.name(), outcomeMetric.unit())
                && ZeroedDuration.find(frame.series(segment, link.outcome()), since)) {
            d.notes.add(ZeroedDuration.note(link.outcome(), frame.period(since)));
            return d;
        }
        PairSeries pair = d.pair = built.get();
        // baseline statistics only where the next day's pair can take them over: an intervention fixes the split
        // (without one it is the calendar's middle and moves with every period); batch scoring keeps none
        boolean keep = keepBaseline && pair.intervention();
        if (keep) {
            pair.carryBaseline(earlier);
        }
        d.recentFrom = frame.period(pair.split());
        for (Detector detector : detectors) {
            if (!detector.appliesTo(pair)) {
                continue; // nothing of its kind in this data (a weekly rhythm in weekly rows): no skip to note
            }
            DetectorResult r = detector.detect(pair);
            if (r.ran()) {
                d.ran++;
                d.findings.addAll(r.findings());
            } else {
                LOG.debug("{} skipped for {} in {}: {}", detector.name(), link, segment, r.skipReason());
                d.notes.add(detector.name() + " skipped: " + r.skipReason());
            }
        }
        // the pair is kept with the examination: without its logarithms (twice its own size)
        pair.forgetDerived(keep);
        return d;
    }

    /**
     * The cross-segment detectors over the pairs {@code [base, base + count)} of the run (one link), each segment's
     * pair from {@code pairOf} (by its position in that range) when a detector asks for it.
     */
    private void examinePortfolio(IntegrityModel model, Link link, Run run, int base, int count, SegmentIndex index,
                                  IntFunction<PairSeries> pairOf) {
        int organisation = index.of(Segments.ALL);
        int[] windowed = new int[count];
        int n = 0;
        for (int i = 0; i < count; i++) {
            if (run.windowed[base + i] && i != organisation) {
                windowed[n++] = i;
            }
        }
        int[] at = Arrays.copyOf(windowed, n);
        Optional<PairSeries> organisationPair = run.windowed[base + organisation]
                ? Optional.of(pairOf.apply(organisation)) : Optional.empty();
        Portfolio portfolio = Portfolio.onDemand(model, link, at.length, k -> pairOf.apply(at[k]),
                pairSeed(link, "\u0000portfolio"), organisationPair);
        for (PortfolioDetector detector : portfolioDetectors) {
            PortfolioResult r = detector.detect(portfolio);
            // the segments it asked its question of but could not read: said, as a pair detector's skip is (also
            // where it found nothing anywhere)
            for (Map.Entry<String, List<String>> e : r.notes().entrySet()) {
                int i = index.of(e.getKey());
                if (i >= 0) {
                    for (String note : e.getValue()) {
                        run.note(base + i, note);
                    }
                }
            }
            if (!r.ran()) {
                LOG.debug("{} skipped for {}: {}", detector.name(), link, r.skipReason());
                run.note(base + organisation, detector.name() + " skipped: " + r.skipReason());
                continue;
            }
            for (Map.Entry<String, List<Finding>> e : r.findings().entrySet()) {
                int i = index.of(e.getKey());
                if (i >= 0) {
                    run.ran[base + i]++;
                    for (Finding f : e.getValue()) {
                        run.finding(base + i, f);
                    }
                }
            }
        }
    }

    /** A segment's position in the list of one link's pairs: binary search when sorted after the first, else a map. */
    private static final class SegmentIndex {
        private final List<String> names;
        private final Map<String, Integer> map;

        SegmentIndex(List<String> names) {
            this.names = names;
            boolean sorted = true;
            for (int i = 2; i < names.size() && sorted; i++) {
                sorted = names.get(i - 1).compareTo(names.get(i)) < 0;
            }
            if (sorted && !names.isEmpty() && Segments.ALL.equals(names.get(0))
                    && !names.subList(1, names.size()).contains(Segments.ALL)) {
                map = null;
            } else {
                map = new java.util.HashMap<>();
                for (int i = 0; i < names.size(); i++) {
                    map.put(names.get(i), i);
                }
            }
        }

        /** The position, or -1. */
        int of(String segment) {
            if (map != null) {
                Integer i = map.get(segment);
                return i == null ? -1 : i;
            }
            if (Segments.ALL.equals(segment)) {
                return 0;
            }
            int i = java.util.Collections.binarySearch(names.subList(1, names.size()), segment);
            return i < 0 ? -1 : i + 1;
        }
    }

    long pairSeed(Link link, String segment) {
        return Hashing.murmur3_128().newHasher()
                .putLong(seed)
                .putString(link.proxy(), StandardCharsets.UTF_8).putChar('\u0000')
                .putString(link.outcome(), StandardCharsets.UTF_8).putChar('\u0000')
                .putString(segment, StandardCharsets.UTF_8)
                .hash().asLong();
    }

    /**
     * What the evidence of one pair concludes: its score, verdict and variants, and why it is INSUFFICIENT_DATA where
     * its score alone would have made it HEALTHY (null otherwise).
     */
    record Outcome(double score, Verdict verdict, List<Variant> variants, String undecided) {
    }

    private static final String UNDECIDED = "no detector of the proxy-outcome relation could run (expected response, "
            + "intervention response, coupling decay, yield decay, difference-in-differences; each needs a recent "
            + "window), so the verdict cannot be HEALTHY";

    /** Where there is an intervention and only coupling decay of the decisive detectors ran. */
    private static final String UNDECIDED_AT_INTERVENTION = "no detector that reads the intervention could run "
            + "(expected response, intervention response, yield decay, difference-in-differences; see their notes), so "
            + "the verdict cannot be HEALTHY: coupling decay alone does not ask whether the outcome got what the "
            + "proxy's rise should have bought";

    /**
     * Where the expected response could not answer ({@link Finding#undecided()}) and nothing cleared the pair, whatever
     * the other detectors found.
     */
    private static final String UNSETTLED = "the expected response could not answer: the outcome fell short of what"
            + " the proxy's rise would owe, but the rise itself is not established beyond the proxy's own earlier trend"
            + " (too short or noisy a baseline to tell it from that trend carrying on: its finding says this reading "
            + "owes no gain), so the verdict cannot be HEALTHY, whatever the other detectors found or could not run";

    /** The note on a pair whose outcome gained more than the proxy's rise owed. */
    static final String CLEARED = "the outcome gained more than the proxy's rise should have bought (expected "
            + "response, 95% one-sided), so only evidence of work on the number itself (bunching at a quota, made-up "
            + "digits) counts in the score; the other detectors' findings are listed but not counted";

    /** The note on a pair whose proxy ({@code %s}) did not rise by any reading, so that no gain was owed. */
    static final String NOTHING_OWED = "%s did not rise materially toward more use (under 10%% against its earlier "
            + "trend, any other trend its baseline supports and its baseline level; expected response), so no gain "
            + "was owed and the outcome's own moves are not read as gaming: only evidence of work on the number itself "
            + "(bunching at a quota, made-up digits) counts in the score; the other detectors' findings are listed but "
            + "not counted";

    /**
     * Whether finding {@code f} clears its pair: its detector is a clearing one and the finding shows a gain beyond
     * what was owed ({@link Description#clears}) or that nothing was owed ({@link Finding#nothingOwed()}).
     */
    boolean clears(Finding f) {
        return description(f.detector()).clearing()
                && (f.nothingOwed() || Description.clears(f.pValue(), f.statistic()));
    }

    /**
     * The note on a cleared pair of {@code link} with these findings: nothing was owed, or the outcome gained more
     * than owed.
     */
    String clearingNote(Link link, List<Finding> findings) {
        for (Finding f : findings) {
            if (f.nothingOwed() && description(f.detector()).clearing()) {
                return String.format(Locale.ROOT, NOTHING_OWED, link.proxy());
            }
        }
        return CLEARED;
    }

    /**
     * The score, verdict and variants of a pair from its findings' detectors and q-values (in the pair's order; a
     * finding without a p-value has a NaN q-value), how many detectors ran, whether an intervention applies, whether a
     * clearing finding cleared it and whether the expected response could not answer ({@link #unsettled}).
     */
    Outcome evaluate(int ran, String[] detectors, double[] qValues, int count, boolean intervention,
                             boolean cleared, boolean unsettled) {
        if (ran == 0) {
            return new Outcome(0, Verdict.INSUFFICIENT_DATA, List.of(), null);
        }
        NoisyOr evidence = new NoisyOr();
        EnumSet<Variant> variants = EnumSet.noneOf(Variant.class);
        Map<String, Boolean> significant = new LinkedHashMap<>();
        NoisyOr corroborating = new NoisyOr();
        // detectors that read the same evidence (Description.evidence) are one line of it: the strongest counts, once
        Map<String, Double> sharedAll = new LinkedHashMap<>();
        Map<String, Double> sharedCorroborating = new LinkedHashMap<>();
        Set<String> lines = new HashSet<>();
        for (int i = 0; i < count; i++) {
            Description d = description(detectors[i]);
            if (cleared && !d.countsWhenCleared()) {
                // the outcome got what the proxy's rise should have bought: the weaker detectors of that question
                // (short-run co-movement, a jump's shortfall, growth, a lost weekly rhythm) are not counted; work on the
                // number itself that no honest story explains (bunching, made-up digits) is
                continue;
            }
            double q = Double.isNaN(qValues[i]) ? 1 : qValues[i];
            double ws = Math.min(1, weight(detectors[i])) * strength(q, d.calibratedPerSegment());
            if (d.evidence() == null) {
                evidence.add(1, ws);
                if (d.corroborating()) {
                    corroborating.add(1, ws);
                }
            } else {
                sharedAll.merge(d.evidence(), ws, Math::max);
                if (d.corroborating()) {
                    sharedCorroborating.merge(d.evidence(), ws, Math::max);
                }
            }
            if (q < alpha && d.corroborating()) {
                // a descriptive detector (growth divergence: any proxy with an elasticity below 1 outgrows its
                // outcome) is worth a look, not corroboration
                significant.put(detectors[i], true);
                lines.add(d.evidence() == null ? "detector " + detectors[i] : "evidence " + d.evidence());
            }
        }
        sharedAll.values().forEach(ws -> evidence.add(1, ws));
        sharedCorroborating.values().forEach(ws -> corroborating.add(1, ws));
        int k = lines.size();
        // the verdict is a function of the score alone; corroboration caps the score instead
        // and descriptive evidence (growth divergence) can raise a score within its band, never over DIVERGING or GAMED
        // (the corroborating score rounded as the score is, so that evidence without descriptive findings is not cut at
        // a threshold it reaches after rounding)
        double alone = Math.round(Math.min(100, Math.max(0, 100 * corroborating.combined())) * 10) / 10.0;
        double score = rule.capToBand(rule.cap(Math.min(100, Math.max(0, 100 * evidence.combined())), k), alone);
        score = Math.round(score * 10) / 10.0;
        Verdict verdict = rule.verdict(score);
        String undecided = verdict == Verdict.HEALTHY ? undecided(detectors, count, intervention, unsettled) : null;
        if (undecided != null) {
            // HEALTHY means "looked, and it is fine": not without evidence on the proxy-outcome relation, nor, after an
            // intervention, without a detector that reads it (a helper's team whose tokens doubled while its net
            // promoter score, negative and so on no log scale, fell from -30 to -40 read HEALTHY 6 on coupling decay
            // alone, every detector of the intervention skipped)
            return new Outcome(score, Verdict.INSUFFICIENT_DATA, List.of(), undecided);
        }
        if (verdict.flagged()) {
            // each significant detector's declared variants; causal claims need an intervention to have pushed
            for (String detector : significant.keySet()) {
                for (Variant v : description(detector).variants()) {
                    if (v != Variant.CAUSAL || intervention) {
                        variants.add(v);
                    }
                }
            }
        }
        return new Outcome(score, verdict, new ArrayList<>(variants), null);
    }

    /** The pair's result from its outcome, findings (with q-values) and notes. */
    static PairResult result(Link link, String segment, Outcome o, List<Finding> findings, List<String> notes,
                                     LocalDate recentFrom) {
        List<String> shown = notes;
        if (o.undecided() != null) {
            shown = new ArrayList<>(notes);
            shown.add(0, o.undecided());
        }
        return new PairResult(link.proxy(), link.outcome(), segment, o.score(), o.verdict(), o.variants(), findings,
                shown, recentFrom);
    }

    /**
     * A finding's strength from its q-value, in [0, 1]: {@code -log10(q) / 3} (full at q = 0.001), or, for a detector
     * {@linkplain Description#calibratedPerSegment() calibrated per segment}, {@code log(q) / (2 log(alpha))}, half at
     * q = {@code alpha} and full at {@code alpha}²: such a detector's p-value already means what it says for that
     * segment, so at full weight and the default verdict bands (DIVERGING from 50) it makes the pair DIVERGING by itself
     * exactly where it is significant at the level the report declares.
     */
    double strength(double q, boolean calibratedPerSegment) {
        double evidence = -Math.log10(Math.max(q, 1e-300));
        double full = calibratedPerSegment ? -2 * Math.log10(alpha) : 3;
        return Math.min(1, Math.max(0, evidence / full));
    }

    /**
     * Why a pair whose score makes it HEALTHY is not (its note), or null where it is: a HEALTHY verdict needs a
     * decisive detector (one whose evidence can clear a pair) to have run, and with an intervention one that reads it
     * (supports the causal variant), and no {@code unsettled} expected response ({@link #unsettled}).
     */
    private String undecided(String[] detectors, int count, boolean intervention, boolean unsettled) {
        boolean decisive = false;
        for (int i = 0; i < count; i++) {
            Description d = description(detectors[i]);
            if (d.decisive() && (!intervention || d.variants().contains(Variant.CAUSAL))) {
                return unsettled ? UNSETTLED : null;
            }
            decisive |= d.decisive();
        }
        return decisive ? UNDECIDED_AT_INTERVENTION : UNDECIDED;
    }

    /** Whether finding {@code f} is of a detector that can clear a pair, and one that reads its intervention. */
    private boolean reads(Finding f, boolean intervention) {
        Description d = description(f.detector());
        return d.decisive() && (!intervention || d.variants().contains(Variant.CAUSAL));
    }

    /**
     * Whether one of these findings' decisive detectors (those that read the intervention, where there is one) failed
     * to answer ({@link Finding#undecided()}): the expected response, the one that asks what the rise should have
     * bought, cannot be answered by the weaker detectors finding nothing.
     */
    boolean unsettled(List<Finding> findings, boolean intervention) {
        boolean undecided = false;
        for (Finding f : findings) {
            if (clears(f)) {
                // nothing owed, or a gain beyond it: answered
                return false;
            }
            undecided |= reads(f, intervention) && f.undecided();
        }
        return undecided;
    }

    /** The names of the detectors calibrated per segment (their q-value is their p-value). */
    java.util.Set<String> calibratedPerSegment() {
        java.util.Set<String> out = new java.util.TreeSet<>();
        descriptions.forEach((name, d) -> {
            if (d.calibratedPerSegment()) {
                out.add(name);
            }
        });
        return java.util.Collections.unmodifiableSet(out);
    }

    Description description(String detector) {
        Description d = descriptions.get(detector);
        if (d == null) {
            throw new IllegalStateException("a finding of '" + detector + "', which is not one of this scorer's "
                    + "detectors " + descriptions.keySet());
        }
        return d;
    }

    /** How many segments' pairs at WATCH or above get a chart unless the builder says otherwise. */
    public static final int DEFAULT_CHART_LIMIT = 200;

    /** How many segments' pairs at WATCH or above get a chart ({@link Builder#chartLimit}). */
    public int chartLimit() {
        return chartLimit;
    }

    /** The rule from a score to a verdict this scorer applies. */
    public VerdictRule verdictRule() {
        return rule;
    }

    private double weight(String detector) {
        Double set = weights.get(detector);
        return set != null ? set : description(detector).weight();
    }

    /**
     * One scoring run's pairs, compact: per pair what its examination found out (detectors run, window, intervention,
     * whether it could be windowed), per finding or note its pair, its detector and its p-value, with the finding
     * itself in a {@link FindingStore}. {@link #finish} does the false-discovery control and the verdicts on these
     * arrays, then delivers each pair's result in order. Not thread-safe.
     */
    private final class Run implements AutoCloseable {
        private final FindingStore store;
        private int size;
        Link[] links = new Link[16];
        String[] segments = new String[16];
        int[] ran = new int[16];
        /** The recent window's first day (epoch day), or {@link Integer#MIN_VALUE} for none. */
        private int[] recentFrom = new int[16];
        private Intervention[] interventions = new Intervention[16];
        boolean[] windowed = new boolean[16];
        private int entries;
        private int[] entryPair = new int[64];
        /** The finding's detector (an index into {@link #detectorNames}), or -1 for a note. */
        private short[] entryDetector = new short[64];
        /** The p-value, then (after false-discovery control) the q-value. */
        private double[] entryValue = new double[64];
        private long[] entryHandle = new long[64];
        private final Map<String, Short> detectorIds = new LinkedHashMap<>();
        private final List<String> detectorNames = new ArrayList<>();

        /** The pairs a clearing detector cleared (no shortfall at all). */
        private final java.util.BitSet cleared = new java.util.BitSet();
        /** The pairs with an undecided finding of a detector that reads them ({@link #unsettled}). */
        private final java.util.BitSet undecidedRead = new java.util.BitSet();
        /** Each pair as examined, when kept (a frame in memory); null otherwise. */
        private PairSeries[] kept;

        Run(FindingStore store, boolean keepPairs) {
            this.store = store;
            this.kept = keepPairs ? new PairSeries[16] : null;
        }

        /** The pair at {@code p}: the one examined when kept, else {@code rebuilt}'s. */
        PairSeries pair(int p, java.util.function.Supplier<PairSeries> rebuilt) {
            return kept != null && kept[p] != null ? kept[p] : rebuilt.get();
        }

        int size() {
            return size;
        }

        /** Takes a draft's examination; its pair only when pairs are kept. */
        void add(Draft d) {
            if (size == links.length) {
                int n = size * 2;
                if (kept != null) {
                    kept = Arrays.copyOf(kept, n);
                }
                links = Arrays.copyOf(links, n);
                segments = Arrays.copyOf(segments, n);
                ran = Arrays.copyOf(ran, n);
                recentFrom = Arrays.copyOf(recentFrom, n);
                interventions = Arrays.copyOf(interventions, n);
                windowed = Arrays.copyOf(windowed, n);
            }
            int p = size++;
            links[p] = d.link;
            segments[p] = d.segment;
            ran[p] = d.ran;
            recentFrom[p] = d.recentFrom == null ? Integer.MIN_VALUE : Math.toIntExact(d.recentFrom.toEpochDay());
            interventions[p] = d.intervention;
            windowed[p] = d.pair != null;
            if (kept != null) {
                kept[p] = d.pair;
            }
            for (Finding f : d.findings) {
                finding(p, f);
            }
            for (String note : d.notes) {
                note(p, note);
            }
        }

        void finding(int pair, Finding f) {
            if (clears(f)) {
                cleared.set(pair);
            }
            if (f.undecided() && reads(f, interventions[pair] != null)) {
                undecidedRead.set(pair);
            }
            Short id = detectorIds.get(f.detector());
            if (id == null) {
                id = (short) detectorNames.size();
                detectorIds.put(f.detector(), id);
                detectorNames.add(f.detector());
            }
            entry(pair, id, f.pValue(), store.put(f));
        }

        void note(int pair, String note) {
            entry(pair, (short) -1, Double.NaN, store.put(note));
        }

        private void entry(int pair, short detector, double value, long handle) {
            if (entries == entryPair.length) {
                int n = entries * 2;
                entryPair = Arrays.copyOf(entryPair, n);
                entryDetector = Arrays.copyOf(entryDetector, n);
                entryValue = Arrays.copyOf(entryValue, n);
                entryHandle = Arrays.copyOf(entryHandle, n);
            }
            entryPair[entries] = pair;
            entryDetector[entries] = detector;
            entryValue[entries] = value;
            entryHandle[entries] = handle;
            entries++;
        }

        /**
         * False-discovery control per detector family (each family's p-values in report order, each pair's in the
         * order they arrived, as {@link FalseDiscovery} takes them), the verdicts, the charts chosen, then the report
         * delivered to {@code sink}.
         */
        void finish(IntegrityModel model, LocalDate first, LocalDate last, int segmentCount, InputAccount input,
                    ReportSink sink, IntFunction<PairSeries> pairOf) {
            // each pair's entries in arrival order (a stable counting sort)
            int[] start = new int[size + 1];
            for (int e = 0; e < entries; e++) {
                start[entryPair[e] + 1]++;
            }
            for (int p = 0; p < size; p++) {
                start[p + 1] += start[p];
            }
            int[] order = new int[entries];
            int[] next = Arrays.copyOf(start, size);
            for (int e = 0; e < entries; e++) {
                order[next[entryPair[e]]++] = e;
            }
            next = null;
            entryPair = null;
            boolean[] perSegment = new boolean[detectorNames.size()];
            for (int f = 0; f < perSegment.length; f++) {
                perSegment[f] = description(detectorNames.get(f)).calibratedPerSegment();
            }
            FalseDiscovery.apply(detectorNames.size(), perSegment, order, entryDetector, entryValue);
            double[] scores = new double[size];
            Verdict[] verdicts = new Verdict[size];
            Map<Verdict, Long> counts = new EnumMap<>(Verdict.class);
            String[] detectors = new String[16];
            double[] qs = new double[16];
            for (int p = 0; p < size; p++) {
                int count = gather(start, order, p, detectors, qs);
                if (count > detectors.length) {
                    detectors = new String[count * 2];
                    qs = new double[count * 2];
                    gather(start, order, p, detectors, qs);
                }
                Outcome o = evaluate(ran[p], detectors, qs, count, interventions[p] != null, cleared.get(p),
                        undecidedRead.get(p) && !cleared.get(p));
                scores[p] = o.score();
                verdicts[p] = o.verdict();
                counts.merge(o.verdict(), 1L, Long::sum);
            }
            java.util.BitSet charted = charted(scores, verdicts);
            sink.start(new ReportHeader(model, first, last, segmentCount, size, counts, input, alpha));
            Charts charts = new Charts();
            for (int p = 0; p < size; p++) {
                List<Finding> findings = new ArrayList<>();
                List<String> notes = new ArrayList<>();
                for (int k = start[p]; k < start[p + 1]; k++) {
                    int e = order[k];
                    if (entryDetector[e] < 0) {
                        notes.add(store.note(entryHandle[e]));
                        continue;
                    }
                    Finding f = store.finding(entryHandle[e]);
                    findings.add(Double.isNaN(f.pValue()) ? f : f.withQValue(entryValue[e]));
                }
                int count = findings.size();
                if (count > detectors.length) {
                    detectors = new String[count * 2];
                    qs = new double[count * 2];
                }
                for (int i = 0; i < count; i++) {
                    detectors[i] = findings.get(i).detector();
                    // as gather() does for the header's counts and the charts: no p-value, no q-value
                    qs[i] = Double.isNaN(findings.get(i).pValue()) ? Double.NaN : findings.get(i).qValue();
                }
                Outcome o = evaluate(ran[p], detectors, qs, count, interventions[p] != null, cleared.get(p),
                        undecidedRead.get(p) && !cleared.get(p));
                if (cleared.get(p)) {
                    notes.add(0, clearingNote(links[p], findings));
                }
                PairResult r = result(links[p], segments[p], o, findings, notes,
                        recentFrom[p] == Integer.MIN_VALUE ? null : LocalDate.ofEpochDay(recentFrom[p]));
                if (charted.get(p)) {
                    r = r.withChart(charts.of(pairOf.apply(p), links[p].lag(), interventions[p]));
                }
                sink.pair(r);
            }
            sink.end();
        }

        /** The detectors and q-values of pair {@code p}'s findings into the arrays (when they fit); how many. */
        private int gather(int[] start, int[] order, int p, String[] detectors, double[] qs) {
            int count = 0;
            for (int k = start[p]; k < start[p + 1]; k++) {
                int e = order[k];
                if (entryDetector[e] < 0) {
                    continue;
                }
                if (count < detectors.length) {
                    detectors[count] = detectorNames.get(entryDetector[e]);
                    // a finding without a p-value keeps the q-value its detector gave it (none)
                    qs[count] = Double.isNaN(entryValue[e]) ? Double.NaN : entryValue[e];
                }
                count++;
            }
            return count;
        }

        /**
         * The pairs that get a chart: every organisation row that could be windowed, then the windowed pairs at WATCH
         * or above, the highest scores first (ties in report order), at most {@link Builder#chartLimit} of them.
         */
        private java.util.BitSet charted(double[] scores, Verdict[] verdicts) {
            java.util.BitSet out = new java.util.BitSet(size);
            List<Integer> candidates = new ArrayList<>();
            for (int p = 0; p < size; p++) {
                if (!windowed[p]) {
                    continue;
                }
                if (Segments.ALL.equals(segments[p])) {
                    out.set(p);
                } else if (verdicts[p].compareTo(Verdict.WATCH) >= 0) {
                    candidates.add(p);
                }
            }
            candidates.sort((a, b) -> Double.compare(scores[b], scores[a]));
            for (int i : candidates.subList(0, Math.min(chartLimit, candidates.size()))) {
                out.set(i);
            }
            return out;
        }

        @Override
        public void close() {
            store.close();
        }
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
        private double alpha = IntegrityReport.DEFAULT_ALPHA;
        private long seed;
        private int chartLimit = DEFAULT_CHART_LIMIT;
        private Executor executor;
        private Progress progress;
        private VerdictRule rule = VerdictRule.DEFAULT;
        private java.nio.file.Path spillDirectory;

        private Builder() {
        }

        /**
         * Keeps the findings' sentences in a temporary file under {@code directory} until the report is written,
         * instead of on the heap (about 5 KB a segment): for a million segments, with {@link Scorer#score(IntegrityModel,
         * Frame, ReportSink)}. The file is deleted when the scoring ends, also when it fails. The report is the same.
         *
         * @param directory where the temporary file is made (created if missing)
         * @return this builder
         */
        public Builder spillTo(java.nio.file.Path directory) {
            this.spillDirectory = Objects.requireNonNull(directory, "directory");
            return this;
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
         * Sets the level below which a finding's q-value counts as significant (default {@value
         * IntegrityReport#DEFAULT_ALPHA}), recorded in the report ({@link IntegrityReport#alpha()}): a false-discovery
         * level for the detectors controlled across segments, a per-segment level for those calibrated per segment
         * (the expected response), which at full weight and the default verdict bands alone make a pair DIVERGING at
         * it. Of teams that gained exactly the declared minimum, about one in twenty is flagged at 0.05 and one in a
         * hundred at 0.01 where the teams' outcomes have no trends of their own (with such trends up to twice that;
         * see README, "What the outcome should have done").
         *
         * @throws IllegalArgumentException if not from {@value IntegrityReport#MIN_ALPHA} to {@value
         *                                  IntegrityReport#MAX_ALPHA}
         */
        public Builder alpha(double value) {
            this.alpha = IntegrityReport.checkAlpha(value);
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

        /**
         * Builds the immutable scorer.
         *
         * @throws IllegalArgumentException if a {@link #weight} names no detector of this scorer (a mistyped name,
         *                                  {@code coupling_decay} for {@code coupling-decay}, changed nothing)
         */
        public Scorer build() {
            List<String> names = new ArrayList<>();
            detectors.forEach(d -> names.add(d.name()));
            portfolioDetectors.forEach(d -> names.add(d.name()));
            for (String weighted : weights.keySet()) {
                if (!names.contains(weighted)) {
                    throw new IllegalArgumentException("weight of " + weighted + ": no such detector; the scorer's "
                            + "detectors are " + String.join(", ", names));
                }
            }
            return new Scorer(this);
        }
    }
}
