package dev.goodhart.scoring;

import dev.goodhart.detect.BaselineMemo;

import dev.goodhart.report.IntegrityReport;

import dev.goodhart.model.Frame;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.model.Observation;
import dev.goodhart.model.Segments;

import dev.goodhart.internal.CoMoments;
import dev.goodhart.scoring.internal.SegmentRunner;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Scoring for platforms that score every day: observations are appended as they arrive, each costing O(1), and the
 * windowed statistic a dashboard shows every day, the <em>rolling coupling</em>, is updated in O(1) per closed period
 * per (link, segment) instead of being recomputed over the whole history.
 *
 * <ul>
 *   <li>{@link #append(Observation)} takes observations of the current period or later; a period closes when the
 *       first observation of a later period arrives. Earlier periods are refused (a late correction means a rebuild
 *       with {@link Frame#of}).</li>
 *   <li>{@link #rollingCoupling(Link, String)}: the Pearson correlation of period-over-period changes in the log proxy
 *       and log outcome over the last {@code window} closed changes (missing or non-positive periods are skipped; a
 *       metric declared per an exposure is divided by the exposure's latest value, as {@link Scorer} reads it),
 *       kept as running co-moments (the stable add/remove updates of {@link dev.goodhart.stats.Rolling}); it equals
 *       the direct computation over the same changes.</li>
 *   <li>{@link #examinations()}: the per-segment stage of scoring ({@link Scorer#examine}) for every segment, kept up
 *       to date. Each (segment, link) examination is cached and examined again only when its inputs changed: a row
 *       arrived for the segment (for the organisation, {@code "*"}: for any segment) or the calendar moved (a new
 *       period, which moves every pair's length and, without an intervention, its split). A segment is examined from
 *       its own series ({@link Frame.Builder#segmentFrame}), without building the frame of all segments. Every
 *       examination is <em>exactly</em> equal (the same findings, bit for bit, and the same pair) to
 *       {@link Scorer#examine} on the frame of all observations appended so far, but for a segment that sums the
 *       others (a total row), which only a frame of every segment tells: batch scoring leaves it unjudged, an
 *       examination here judges it as a team.</li>
 *   <li>{@link #report()} runs the full {@link Scorer} on a snapshot of everything appended: equal to scoring a frame
 *       built from all the observations at once.</li>
 * </ul>
 *
 * <h2>What is incremental and what is not</h2>
 * Appending is O(1) per row, closing a period O(links x segments), and an unchanged segment costs nothing. With an
 * intervention the baseline does not change from one day to the next, so each pair keeps what the detectors computed
 * from the baseline alone (the common-shock screen's baseline changes, coupling decay's baseline correlation and
 * effective size, growth divergence's baseline means and long-run variances, the baseline elasticities of intervention
 * response and change-point asymmetry and the latter's baseline scales), and the next day's pair takes them over where
 * its baseline is the same to the last bit ({@link dev.goodhart.detect.PairSeries#carryBaseline}); they cost about 32
 * bytes per baseline period per segment and link (a copy of the baseline's values to compare with, and the screen's
 * baseline changes). The rest of each detector is not incremental: a changed segment's recent window and everything
 * that spans both windows is computed in full, O(history) (about 0.077 ms per segment and link at 365 daily periods
 * with an intervention, so a day of 10,000 segments about 0.77 s on one core at the benchmark machine's usual speed;
 * README, Benchmarks, {@code LiveScorerDayBenchmark}). That part cannot be made incremental and stay exact: PELT's MBIC
 * penalty ({@code 3 log n} per change) changes with every period, so every optimal partition's cost and the pruning
 * change with it (an online PELT is exact only for a fixed penalty); the common-shock screen takes the median of both
 * windows' changes and of the recent window's magnitudes, which move with every period; coupling decay's effective size
 * uses autocorrelations up to lag {@code n / 5} around a moving mean; growth divergence's long-run variances are
 * circular (the wrap-around terms change with n); the intervention response's Newey-West errors are products of
 * residuals of a refitted regression; and without an intervention the split is the calendar's middle, so both windows
 * move every day and nothing is kept. Running sums would give other values (other rounding, or other definitions), so
 * they are not offered as the detectors' results.
 *
 * <p>Not thread-safe: append from one thread (or synchronise); {@link #report()} returns an immutable report.
 */
public final class LiveScorer {
    private final IntegrityModel model;
    private final Scorer scorer;
    private final int window;
    private final Frame.Builder builder;
    private final Map<String, Coupling> couplings = new HashMap<>();
    private long openOrdinal = Long.MIN_VALUE;
    /** The first day of the open period. */
    private LocalDate openPeriod;
    /** The calendar of the rows of declared metrics: first and last period ordinal, as the frame's (one cluster). */
    private long firstOrdinal = Long.MAX_VALUE;
    private long lastOrdinal = Long.MIN_VALUE;
    /**
     * Whether two periods with rows lie more than a year apart, where the frame may cut the calendar to the bulk of the
     * data ({@link Frame.Builder#dropOutlyingDates}): then nothing is cached and every segment is examined each time.
     */
    private boolean irregular;
    /** Per segment, its examinations (one per link), as last computed. */
    private final Map<String, List<Examination>> examined = new HashMap<>();
    /**
     * Per segment, the baseline statistics its pairs kept (one per link, null where none) on the calendar before
     * {@link #examined}'s, until examined again: the new pairs take them over where the baseline is the same. Only
     * these: the examinations themselves (findings, series) are let go when the calendar moves.
     */
    private final Map<String, List<BaselineMemo>> previous = new HashMap<>();
    /** The calendar {@link #examined} was computed on. */
    private long examinedFirst = Long.MAX_VALUE;
    private long examinedLast = Long.MIN_VALUE;
    /** The frame's first and last period {@link #examined} was computed on (partial edge periods left out). */
    private java.time.LocalDate[] examinedCalendar;
    /** The weekday of the weekly rows {@link #examined} was computed with ({@link Frame#rowDay()}). */
    private java.util.OptionalInt examinedRowDay;
    /** Segments with rows since their examinations were cached. */
    private final Set<String> changed = new HashSet<>();
    /** Whether any row arrived since the organisation's examinations were cached. */
    private boolean anyChanged;
    /** How many (segment, link) examinations have been computed (not served from the cache). */
    private long computed;

    private LiveScorer(IntegrityModel model, Scorer scorer, int window) {
        this.model = model;
        this.scorer = scorer;
        this.window = window;
        this.builder = Frame.builder(model);
    }

    /**
     * A live scorer with the default scorer and a rolling window of {@code window} changes.
     *
     * @throws IllegalArgumentException if {@code window < 3}
     */
    public static LiveScorer of(IntegrityModel model, int window) {
        return of(model, Scorer.defaults(), window);
    }

    /**
     * A live scorer with the given scorer.
     *
     * @throws IllegalArgumentException if {@code window < 3}
     */
    public static LiveScorer of(IntegrityModel model, Scorer scorer, int window) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(scorer, "scorer");
        if (window < 3) {
            throw new IllegalArgumentException("window: must be at least 3 changes, found " + window);
        }
        return new LiveScorer(model, scorer, window);
    }

    /**
     * Appends one observation of the current period or a later one. A row of a metric the model does not declare is
     * counted in the input account, as a frame counts it, and moves nothing: not the current period either (a later
     * day's row of an undeclared metric closed the current period, and the declared rows of that day were refused).
     *
     * @throws IllegalArgumentException if it belongs to a period before the current one
     * @throws dev.goodhart.model.InvalidDataException if the frame refuses it (a negative count, a sum that
     *                                                 overflows: see {@link dev.goodhart.model.Frame})
     */
    public LiveScorer append(Observation o) {
        if (!model.metrics().containsKey(o.metric())) {
            builder.add(o);
            return this;
        }
        long ordinal = builder.ordinalOf(o.date());
        if (openOrdinal != Long.MIN_VALUE && ordinal < openOrdinal) {
            throw new IllegalArgumentException("observation of " + o.metric() + " on " + o.date() + " is before the "
                    + "current period; a live scorer takes new periods only (rebuild with Frame.of for corrections)");
        }
        if (ordinal > openOrdinal) {
            if (openOrdinal != Long.MIN_VALUE) {
                close(openOrdinal, openPeriod);
            }
            openOrdinal = ordinal;
            openPeriod = model.granularity().periodStart(o.date());
        }
        builder.add(o);
        track(ordinal, o.segment());
        return this;
    }

    /** A row of a declared metric: the calendar, and the segment whose examinations it changes. */
    private void track(long ordinal, String segment) {
        if (lastOrdinal != Long.MIN_VALUE && ordinal > lastOrdinal && ordinal - lastOrdinal > yearOfPeriods()) {
            irregular = true;
        }
        firstOrdinal = Math.min(firstOrdinal, ordinal);
        lastOrdinal = Math.max(lastOrdinal, ordinal);
        changed.add(Segments.normalise(segment));
        anyChanged = true;
    }

    /** The gap beyond which the frame's calendar treats rows as a separate cluster (its bulk rule). */
    private long yearOfPeriods() {
        switch (model.granularity()) {
            case DAY: return 366;
            case WEEK: return 53;
            default: return 12;
        }
    }

    /** Appends every observation, in order. */
    public LiveScorer appendAll(Iterable<Observation> observations) {
        for (Observation o : observations) {
            append(o);
        }
        return this;
    }

    /** Scores everything appended so far; equal to scoring {@code Frame.of(model, allObservations)}. */
    public IntegrityReport report() {
        return scorer.score(model, builder.build());
    }

    /**
     * The per-segment stage of scoring for every segment and link, up to date with everything appended: the
     * organisation ({@code "*"}) first, then the model's segments (or, when it names none, every segment seen, sorted),
     * each segment's examinations in the model's link order, as {@link Scorer#examine} returns them. Each is equal to
     * {@code scorer.examine(model, Frame.of(model, allObservations), segment)}. Only the segments whose inputs changed
     * since the last call are examined again (all of them after a new period); the others come from the cache. The
     * segments are examined on the scorer's executor when it has one ({@link Scorer.Builder#executor}), with the same
     * result.
     *
     * @return the examinations, empty before the first observation of a declared metric; unmodifiable
     */
    public List<Examination> examinations() {
        if (lastOrdinal == Long.MIN_VALUE) {
            return List.of();
        }
        calendar();
        List<String> segments = new ArrayList<>();
        segments.add(Segments.ALL);
        segments.addAll(model.segments().isEmpty() ? builder.segmentsSeen() : model.segments());
        // the segments to examine again, on the scorer's executor when it has one (the builder is only read)
        List<String> stale = new ArrayList<>();
        for (String segment : segments) {
            if (stale(segment)) {
                stale.add(segment);
            }
        }
        // each pair takes over the baseline statistics of the segment's pair of the day before (same results)
        List<List<Examination>> fresh = SegmentRunner.map(stale, segment -> scorer.examine(model,
                builder.segmentFrame(segment), segment, earlier(segment)), scorer.executor(), () -> { });
        for (int i = 0; i < stale.size(); i++) {
            store(stale.get(i), fresh.get(i));
        }
        List<Examination> out = new ArrayList<>();
        for (String segment : segments) {
            out.addAll(examined.get(segment));
        }
        return java.util.Collections.unmodifiableList(out);
    }

    /**
     * The examination of one link in one segment, up to date as in {@link #examinations()} (computed, or from the
     * cache when the segment did not change).
     *
     * @param link    a link of the model
     * @param segment the segment ({@code "*"}, empty or null: the organisation)
     * @return the examination, empty before the first observation of a declared metric and for a segment that is
     *         neither the organisation nor one with rows (nor one the model declares)
     * @throws IllegalArgumentException if the link is not in the model
     */
    public Optional<Examination> examination(Link link, String segment) {
        Objects.requireNonNull(link, "link");
        int i = model.links().indexOf(link);
        if (i < 0) {
            throw new IllegalArgumentException("link " + link + " is not in the model " + model.links());
        }
        if (lastOrdinal == Long.MIN_VALUE) {
            return Optional.empty();
        }
        String named = Segments.normalise(segment);
        if (!Segments.ALL.equals(named) && !(model.segments().isEmpty() ? builder.segmentsSeen()
                : model.segments()).contains(named)) {
            return Optional.empty(); // a mistyped team: no examination of nothing
        }
        calendar();
        return Optional.of(examined(named).get(i));
    }

    /**
     * How many (segment, link) examinations this scorer has computed so far rather than served from its cache: what an
     * update cost, for monitoring and tests.
     *
     * @return the number of examinations computed
     */
    public long examinationsComputed() {
        return computed;
    }

    /**
     * Empties the cache when the calendar moved: every pair's length (and, without an intervention, its split). The
     * frame's calendar, not only the rows' first and last period: a partial last period of daily rows in weeks is left
     * out of the frame and enters it when its last day arrives, with no new period starting. Likewise when the weekday
     * of weekly rows changed ({@link Frame#rowDay()}: a row on another day reads every segment's week before its
     * intervention anew).
     */
    private void calendar() {
        java.time.LocalDate[] frameCalendar = builder.calendar();
        java.util.OptionalInt rowDay = builder.currentRowDay();
        if (irregular || firstOrdinal != examinedFirst || lastOrdinal != examinedLast
                || !Arrays.equals(frameCalendar, examinedCalendar) || !rowDay.equals(examinedRowDay)) {
            // kept for their pairs' baseline statistics, which the next examinations take over where they apply (a
            // segment not examined since the last move keeps what it had)
            examined.forEach((segment, list) -> previous.put(segment, kept(list)));
            examined.clear();
            changed.clear();
            anyChanged = false;
            examinedFirst = firstOrdinal;
            examinedLast = lastOrdinal;
            examinedCalendar = frameCalendar;
            examinedRowDay = rowDay;
        }
    }

    /** One segment's examinations: cached unless a row arrived for it (any row, for the organisation). */
    private List<Examination> examined(String segment) {
        if (!stale(segment)) {
            return examined.get(segment);
        }
        List<Examination> fresh = scorer.examine(model, builder.segmentFrame(segment), segment, earlier(segment));
        store(segment, fresh);
        return fresh;
    }

    /** The baseline statistics the segment's pairs kept when last examined (possibly on an earlier calendar). */
    private List<BaselineMemo> earlier(String segment) {
        List<Examination> e = examined.get(segment);
        if (e != null) {
            return kept(e);
        }
        List<BaselineMemo> p = previous.get(segment);
        return p == null ? List.of() : p;
    }

    /** The baseline statistics the examinations' pairs kept, in order (null where none). */
    private static List<BaselineMemo> kept(List<Examination> examinations) {
        List<BaselineMemo> out = new ArrayList<>(examinations.size());
        for (Examination e : examinations) {
            out.add(e.pair() == null ? null : e.pair().keptBaseline());
        }
        return out;
    }

    /** Whether a segment's cached examinations are missing or out of date. */
    private boolean stale(String segment) {
        return irregular || !examined.containsKey(segment)
                || (Segments.ALL.equals(segment) ? anyChanged : changed.contains(segment));
    }

    /** Caches a segment's fresh examinations. */
    private void store(String segment, List<Examination> fresh) {
        computed += fresh.size();
        examined.put(segment, fresh);
        previous.remove(segment);
        if (Segments.ALL.equals(segment)) {
            anyChanged = false;
        } else {
            changed.remove(segment);
        }
    }

    /**
     * The rolling coupling of a link in a segment ({@code "*"} is not tracked): the correlation of the last
     * {@code window} closed period-over-period log changes, empty until there are {@code window} of them or when one
     * series did not vary.
     */
    public Optional<Double> rollingCoupling(Link link, String segment) {
        Coupling c = couplings.get(key(link, segment));
        return c == null ? Optional.empty() : c.value();
    }

    /** The history of the rolling coupling, one value per closed change (NaN before the window filled). */
    public double[] rollingCouplingHistory(Link link, String segment) {
        Coupling c = couplings.get(key(link, segment));
        return c == null ? new double[0] : Arrays.copyOf(c.history, c.historySize);
    }

    private static String key(Link link, String segment) {
        return link.proxy() + '\u0000' + link.outcome() + '\u0000' + segment;
    }

    /**
     * A period closed: feed every (link, segment) its newest change, O(links x segments), in one counting throughout
     * (the model's declared counting changes undone, as the scorer's pairs have them).
     */
    private void close(long ordinal, LocalDate period) {
        List<Link> links = model.links();
        double[] proxyDivisor = new double[links.size()];
        double[] outcomeDivisor = new double[links.size()];
        String[] proxyPer = new String[links.size()];
        String[] outcomePer = new String[links.size()];
        for (int l = 0; l < links.size(); l++) {
            proxyDivisor[l] = divisor(links.get(l).proxy(), period);
            outcomeDivisor[l] = divisor(links.get(l).outcome(), period);
            proxyPer[l] = model.exposureOf(links.get(l).proxy()).orElse(null);
            outcomePer[l] = model.exposureOf(links.get(l).outcome()).orElse(null);
        }
        for (String segment : builder.segmentsSeen()) {
            for (int l = 0; l < links.size(); l++) {
                Link link = links.get(l);
                double p = builder.valueAt(segment, link.proxy(), ordinal) / proxyDivisor[l]
                        / exposure(segment, proxyPer[l], ordinal);
                double o = builder.valueAt(segment, link.outcome(), ordinal) / outcomeDivisor[l]
                        / exposure(segment, outcomePer[l], ordinal);
                couplings.computeIfAbsent(key(link, segment), k -> new Coupling(window)).close(p, o);
            }
        }
    }

    /**
     * What a closed period's value in {@code segment} is divided by for the metric's {@code exposure}: its latest value
     * (1 when the metric is read per none, {@code exposure} null; NaN before the exposure's first value or where it is
     * 0, as {@link dev.goodhart.detect.PairSeries#of} reads it).
     */
    private double exposure(String segment, String exposure, long ordinal) {
        if (exposure == null) {
            return 1;
        }
        double e = builder.valueAt(segment, exposure, ordinal); // carried forward by the builder
        return e > 0 ? e : Double.NaN;
    }

    /** What the period's value of {@code metric} is divided by to undo its declared counting changes (1 for none). */
    private double divisor(String metric, LocalDate period) {
        double[] d = model.countingDivisors(metric, model.granularity(), period, 1);
        return d == null ? 1 : d[0];
    }

    /** Running co-moments of the last {@code window} log changes of one pair, in a ring buffer. */
    private static final class Coupling {
        private final int window;
        private final double[] dx;
        private final double[] dy;
        /** The rolling coupling after each closed change, unboxed (a boxed list held about 22 bytes more a day a pair). */
        private double[] history = new double[16];
        private int historySize;
        private final CoMoments moments = new CoMoments();
        private double lastX = Double.NaN;
        private double lastY = Double.NaN;
        private int head;

        Coupling(int window) {
            this.window = window;
            this.dx = new double[window];
            this.dy = new double[window];
        }

        void close(double proxy, double outcome) {
            double x = proxy > 0 ? Math.log(proxy) : Double.NaN;
            double y = outcome > 0 ? Math.log(outcome) : Double.NaN;
            if (!Double.isNaN(x) && !Double.isNaN(y) && !Double.isNaN(lastX) && !Double.isNaN(lastY)) {
                if (moments.count() == window) {
                    moments.remove(dx[head], dy[head]);
                }
                dx[head] = x - lastX;
                dy[head] = y - lastY;
                head = (head + 1) % window;
                moments.add(x - lastX, y - lastY);
                if (historySize == history.length) {
                    history = Arrays.copyOf(history, 2 * historySize);
                }
                history[historySize++] = current();
            }
            lastX = x;
            lastY = y;
        }

        Optional<Double> value() {
            double r = current();
            return Double.isNaN(r) ? Optional.empty() : Optional.of(r);
        }

        /** The correlation over the window; NaN before the window filled or where it is undefined. */
        double current() {
            if (moments.count() < window) {
                return Double.NaN;
            }
            if (moments.mayHaveLostPrecision()) {
                moments.reset(dx, dy, 0, window); // rounding may outweigh the variance: re-anchor on the ring
            }
            return moments.correlation();
        }
    }
}
