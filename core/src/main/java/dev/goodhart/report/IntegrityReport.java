package dev.goodhart.report;

import dev.goodhart.model.InputAccount;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;

import dev.goodhart.activity.ActivityReport;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The immutable result of scoring: one {@link PairResult} per (proxy, outcome, segment), the organisation
 * ({@code "*"}) first. {@link #toString()} is a readable table with the findings behind every flagged pair, so a
 * JShell user sees the answer at once.
 *
 * @param model        the model that was scored
 * @param firstPeriod  first day of the first period of the data
 * @param lastPeriod   first day of the last period of the data
 * @param segmentCount number of segments in the data (the organisation not counted)
 * @param pairs        the results, per link: the organisation first, then the segments
 * @param activity     the activity section from a usage log, {@link ActivityReport#EMPTY} when none was scored
 * @param input        what became of the input rows (read, used, skipped by reason); {@link InputAccount#NONE} when
 *                     unknown
 * @param alpha        the significance level the report was decided at ({@link #DEFAULT_ALPHA} unless the scorer was
 *                     given another): a finding with a q-value below it counts as significant, and the expected
 *                     response alone makes a pair DIVERGING there
 */
public record IntegrityReport(IntegrityModel model, LocalDate firstPeriod, LocalDate lastPeriod, int segmentCount,
        List<PairResult> pairs, ActivityReport activity, InputAccount input, double alpha)
        implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** The significance level a report is decided at unless the scorer is given another. */
    public static final double DEFAULT_ALPHA = 0.05;

    /** The smallest significance level a report can be decided at. */
    public static final double MIN_ALPHA = 1e-10;

    /** The largest significance level a report can be decided at. */
    public static final double MAX_ALPHA = 0.1;

    /**
     * Copies the list.
     *
     * @throws IllegalArgumentException if {@code alpha} is not from {@value #MIN_ALPHA} to {@value #MAX_ALPHA}
     */
    public IntegrityReport {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(firstPeriod, "firstPeriod");
        Objects.requireNonNull(lastPeriod, "lastPeriod");
        Objects.requireNonNull(activity, "activity");
        Objects.requireNonNull(input, "input");
        pairs = List.copyOf(Objects.requireNonNull(pairs, "pairs"));
        checkAlpha(alpha);
    }

    /** A report decided at the {@linkplain #DEFAULT_ALPHA default level}. */
    public IntegrityReport(IntegrityModel model, LocalDate firstPeriod, LocalDate lastPeriod, int segmentCount,
            List<PairResult> pairs, ActivityReport activity, InputAccount input) {
        this(model, firstPeriod, lastPeriod, segmentCount, pairs, activity, input, DEFAULT_ALPHA);
    }

    /**
     * Checks a significance level.
     *
     * @param alpha the level
     * @return the level
     * @throws IllegalArgumentException if it is not from {@value #MIN_ALPHA} to {@value #MAX_ALPHA}
     */
    public static double checkAlpha(double alpha) {
        if (!(alpha >= MIN_ALPHA && alpha <= MAX_ALPHA)) {
            throw new IllegalArgumentException("alpha: must be from " + MIN_ALPHA + " to " + MAX_ALPHA + ", found "
                    + alpha);
        }
        return alpha;
    }

    /** A report with an activity section and no input account. */
    public IntegrityReport(IntegrityModel model, LocalDate firstPeriod, LocalDate lastPeriod, int segmentCount,
            List<PairResult> pairs, ActivityReport activity) {
        this(model, firstPeriod, lastPeriod, segmentCount, pairs, activity, InputAccount.NONE);
    }

    /** A report without an activity section. */
    public IntegrityReport(IntegrityModel model, LocalDate firstPeriod, LocalDate lastPeriod, int segmentCount,
            List<PairResult> pairs) {
        this(model, firstPeriod, lastPeriod, segmentCount, pairs, ActivityReport.EMPTY, InputAccount.NONE);
    }

    /** This report with the activity section scored from a usage log. */
    public IntegrityReport withActivity(ActivityReport activity) {
        return new IntegrityReport(model, firstPeriod, lastPeriod, segmentCount, pairs, activity, input, alpha);
    }

    /** This report with the account of its input rows. */
    public IntegrityReport withInput(InputAccount input) {
        return new IntegrityReport(model, firstPeriod, lastPeriod, segmentCount, pairs, activity, input, alpha);
    }

    /**
     * What this report says about itself, as a {@link ReportSink} receives it before the pairs.
     *
     * @return the header
     */
    public ReportHeader header() {
        Map<Verdict, Long> counts = new EnumMap<>(Verdict.class);
        verdictCounts().forEach((v, n) -> counts.put(v, (long) n));
        return new ReportHeader(model, firstPeriod, lastPeriod, segmentCount, pairs.size(), counts, input, alpha);
    }

    /** The result for one proxy, outcome and segment ({@code "*"} for the organisation). */
    public Optional<PairResult> pair(String proxy, String outcome, String segment) {
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(segment, "segment");
        return pairs.stream().filter(p -> p.proxy().equals(proxy) && p.outcome().equals(outcome)
                && p.segment().equals(segment)).findFirst();
    }

    /** The result for a segment under the model's first link. */
    public Optional<PairResult> segment(String segment) {
        Objects.requireNonNull(segment, "segment");
        Link first = model.links().get(0);
        return pair(first.proxy(), first.outcome(), segment);
    }

    /** Number of pairs per verdict, every verdict present (zero when none), in verdict order; unmodifiable. */
    public Map<Verdict, Integer> verdictCounts() {
        Map<Verdict, Integer> counts = new EnumMap<>(Verdict.class);
        for (Verdict v : Verdict.values()) {
            counts.put(v, 0);
        }
        for (PairResult p : pairs) {
            counts.merge(p.verdict(), 1, Integer::sum);
        }
        return java.util.Collections.unmodifiableMap(counts);
    }

    /** The pairs rated {@link Verdict#DIVERGING} or {@link Verdict#GAMED}. */
    public List<PairResult> flagged() {
        return pairs.stream().filter(p -> p.verdict().flagged()).toList();
    }

    /** The table, as {@link #toString()}. */
    public String toText() {
        return TextReport.render(this);
    }

    @Override
    public String toString() {
        return toText();
    }
}
