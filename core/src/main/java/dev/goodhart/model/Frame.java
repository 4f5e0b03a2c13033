package dev.goodhart.model;

import dev.goodhart.internal.ExactSums;
import dev.goodhart.internal.Text;

import dev.goodhart.scoring.LiveScorer;

import com.google.common.collect.ImmutableList;
import com.google.common.collect.ImmutableMap;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data, columnar: for every segment and metric one {@code double[]} on a regular calendar of periods (days, weeks
 * or months), each period the aggregate of that metric's observations in it. A period with no observation is
 * {@link Double#NaN} (explicitly missing, never zero), except for an {@linkplain Role#EXPOSURE exposure} (a head
 * count): its latest value holds until its next one, so its series is carried forward from its first value.
 *
 * <p>The whole organisation ({@link Segments#ALL}) has a series too: the rows whose segment was empty, when the input
 * has them for that metric; otherwise the per-period aggregate across the segments that have a value of some proxy or
 * outcome before the organisation's split ({@link #organisationSplit}: its intervention, or the calendar's middle;
 * {@link #begunBeforeSplit}), the sum for summed and last-value metrics, the mean of the segment values for averaged
 * metrics. A team created after the date has no baseline to rise from, so its use does not enter the organisation's
 * row as a rise (nor its outcome as a change, nor its head count); a team that stops after the date counts until it
 * stops. A team whose data begin during the baseline, later than most, is left out too (its rows would enter the sums
 * as a step in the baseline, a rise no team made), and where most segments begin later than a few the organisation's
 * series begins with them ({@link #organisationFirst}, {@link #organisationStart}). Each period's sum is exact,
 * rounded once ({@link SeriesSum}): it does not depend on the order of the segments, so partial sums built apart give
 * the same series.
 *
 * <p>Immutable and safe to share between threads. Series are copied on the way out.
 *
 * <p>A frame built by a builder that {@linkplain Builder#spillTo spills} keeps its series in a temporary file and
 * reads each one when asked (a million segments of 120 days need 1.9 GB of doubles, which stay off the heap): close it
 * when done ({@link #close()}, or try-with-resources) to delete the file. Closing an in-memory frame does nothing.
 */
public final class Frame implements AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(Frame.class);

    private final Granularity granularity;
    private final LocalDate start;
    private final int periods;
    private final ImmutableList<String> segments;
    private final ImmutableList<String> metrics;
    /** key "segment\u0000metric" to values; includes the organisation series under {@link Segments#ALL}. */
    private final Map<String, double[]> data;
    /** The series on disk, for a frame built by a spilling builder; null when {@link #data} holds them. */
    private final Spill.Series spilled;
    private final InputAccount input;
    /** The day of its period on which every row was dated ({@link #rowDay()}); -1 for none. */
    private final int rowDay;

    /**
     * Per metric whose organisation series aggregates segments' series: how many segments' series it aggregates
     * ({@link #organisationCount}); no entry for a metric given by rows of the organisation itself.
     */
    private final ImmutableMap<String, Integer> organisationCounts;
    private final ImmutableMap<String, OrganisationGaps> organisationGaps;
    /** Where the organisation's series summed from segments begins ({@link #organisationStart}); null if none is. */
    private final OrganisationStart organisationStart;

    private Frame(Granularity granularity, LocalDate start, int periods, List<String> segments, List<String> metrics,
            Map<String, double[]> data, InputAccount input, int rowDay, Map<String, Integer> organisationCounts,
            OrganisationStart organisationStart, Map<String, OrganisationGaps> organisationGaps) {
        this(granularity, start, periods, segments, metrics, data, input, null, rowDay, organisationCounts,
                organisationStart, organisationGaps);
    }

    private Frame(Granularity granularity, LocalDate start, int periods, List<String> segments, List<String> metrics,
            Map<String, double[]> data, InputAccount input, Spill.Series spilled, int rowDay,
            Map<String, Integer> organisationCounts, OrganisationStart organisationStart,
            Map<String, OrganisationGaps> organisationGaps) {
        this.organisationCounts = ImmutableMap.copyOf(organisationCounts);
        this.organisationGaps = ImmutableMap.copyOf(organisationGaps);
        this.organisationStart = organisationStart;
        this.rowDay = rowDay;
        this.spilled = spilled;
        this.input = input;
        this.granularity = granularity;
        this.start = start;
        this.periods = periods;
        this.segments = ImmutableList.copyOf(segments);
        this.metrics = ImmutableList.copyOf(metrics);
        this.data = data;
    }

    /**
     * Builds a frame from observations, bucketed to the model's granularity with each metric's aggregation.
     * Observations of metrics the model does not declare are skipped.
     *
     * @throws IllegalArgumentException if no observation belongs to a metric of the model
     */
    public static Frame of(IntegrityModel model, Iterable<Observation> observations) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(observations, "observations");
        Builder b = builder(model);
        for (Observation o : observations) {
            b.add(o);
        }
        return b.build();
    }

    /** A builder that accepts observations one at a time (streamed; only per-period aggregates are kept). */
    public static Builder builder(IntegrityModel model) {
        return new Builder(model);
    }

    /** What became of the input rows: read, used, skipped and merged, by reason, with the first line numbers. */
    public InputAccount inputAccount() {
        return input;
    }

    /**
     * For weekly data given once a week on one weekday, that day's place in the ISO week (0 for Monday, 6 for Sunday);
     * empty for daily and monthly frames and where the rows fell on several days of a week or on different weekdays.
     * A weekly row dated on another day than Monday is read in the ISO week that contains its date, which is right for
     * a week labelled by its last day (pandas' {@code W}: Monday to the Sunday of its date) and one week early for a
     * week labelled by its first day (R's {@code floor_date(unit = "week")}, BigQuery's {@code DATE_TRUNC(d, WEEK)}:
     * the Sunday of its date to the Saturday after); the two cannot be told apart from the dates, so a row that under
     * either reading would hold days on both sides of an intervention is read as missing there ({@code
     * PairSeries.of}).
     */
    public OptionalInt rowDay() {
        return rowDay < 0 ? OptionalInt.empty() : OptionalInt.of(rowDay);
    }

    /** The period length. */
    public Granularity granularity() {
        return granularity;
    }

    /** Number of periods on the calendar. */
    public int periodCount() {
        return periods;
    }

    /** The first day of period {@code index} (0-based). */
    public LocalDate period(int index) {
        Objects.checkIndex(index, periods);
        return granularity.plus(start, index);
    }

    /** The first day of every period, oldest first. */
    public List<LocalDate> periods() {
        List<LocalDate> out = new ArrayList<>(periods);
        for (int i = 0; i < periods; i++) {
            out.add(granularity.plus(start, i));
        }
        return out;
    }

    /**
     * The index of the period containing {@code date}: may be negative or at least {@link #periodCount()} when the
     * date is outside the calendar.
     */
    public int indexOf(LocalDate date) {
        Objects.requireNonNull(date, "date");
        return Math.toIntExact(granularity.between(start, granularity.periodStart(date)));
    }

    /**
     * The index of the organisation's split on a calendar: the period of the model's first intervention (every
     * intervention applies to the organisation), or the calendar's middle without one, as {@code PairSeries} splits
     * the organisation's pair; -1 when that falls outside {@code [1, periods)} (there is then no before and after, and
     * every segment counts in the organisation's series).
     *
     * @param model   the model (its interventions and period)
     * @param start   the first day of the calendar's first period
     * @param periods the calendar's length
     * @return the split's index, or -1
     */
    public static int organisationSplit(IntegrityModel model, LocalDate start, int periods) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(start, "start");
        Optional<Intervention> first = model.interventionFor(Segments.ALL);
        long split = first.isPresent()
                ? model.granularity().between(model.granularity().periodStart(start),
                        model.granularity().periodStart(first.get().date()))
                : periods / 2;
        return split >= 1 && split < periods ? (int) split : -1;
    }

    /**
     * The first period before {@code split} ({@link #organisationSplit}) that holds a value of some proxy or outcome
     * of a segment, or -1 where none does: a segment created after the date has no baseline to rise from and does not
     * count in the organisation's series. 0 where the split is -1 (every segment then counts from the first period).
     *
     * @param model          the model (which metrics are exposures)
     * @param seriesByMetric the segment's series on the calendar, by metric
     * @param split          the organisation's split, or -1
     * @return the period, or -1
     */
    public static int firstBeforeSplit(IntegrityModel model, Map<String, double[]> seriesByMetric, int split) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(seriesByMetric, "seriesByMetric");
        return split < 0 ? 0 : first(valued(model, seriesByMetric), split);
    }

    /**
     * The period by which a segment counts as begun, for the organisation's series: its first period before the split
     * ({@link #firstBeforeSplit}) less as many periods as its missing ones could explain (a segment that misses a share
     * {@code m} of its periods from its first to the split misses its first {@code k} by chance with probability {@code
     * m^k}: {@code k} up to where that falls below 1%, at least {@value #BEGUN_DAYS} days for daily data and one period
     * for weekly and monthly), never before 0. A team with days missing at random, or whose export misses its first
     * week, has not joined late. -1 where the segment has no value before the split, and where it has none from the
     * split on (it stopped before the date: its rows would leave the organisation's sums there, a fall no team made; a
     * team renamed in the baseline is two such segments, one that stops and one that begins); 0 where the split is -1.
     *
     * @param model          the model (which metrics are exposures, the period)
     * @param seriesByMetric the segment's series on the calendar, by metric
     * @param split          the organisation's split, or -1
     * @return the period, or -1
     */
    public static int begunBeforeSplit(IntegrityModel model, Map<String, double[]> seriesByMetric, int split) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(seriesByMetric, "seriesByMetric");
        return split < 0 ? 0 : begun(valued(model, seriesByMetric), split, model.granularity());
    }

    /** Per period of the longest series, whether some proxy or outcome of the segment has a value in it. */
    private static boolean[] valued(IntegrityModel model, Map<String, double[]> seriesByMetric) {
        int length = 0;
        for (double[] v : seriesByMetric.values()) {
            length = Math.max(length, v.length);
        }
        boolean[] valued = new boolean[length];
        for (Map.Entry<String, double[]> e : seriesByMetric.entrySet()) {
            Metric m = model.metrics().get(e.getKey());
            if (m == null || m.role() == Role.EXPOSURE) {
                continue;
            }
            double[] v = e.getValue();
            for (int t = 0; t < v.length; t++) {
                valued[t] |= !Double.isNaN(v[t]);
            }
        }
        return valued;
    }

    /** The first period before {@code split} that holds a value, or -1. */
    static int first(boolean[] valued, int split) {
        for (int t = 0; t < Math.min(split, valued.length); t++) {
            if (valued[t]) {
                return t;
            }
        }
        return -1;
    }

    /** {@link #begunBeforeSplit} from the periods that hold a value. */
    static int begun(boolean[] valued, int split, Granularity granularity) {
        int first = first(valued, split);
        boolean after = false;
        for (int t = Math.max(split, 0); t < valued.length && !after; t++) {
            after = valued[t];
        }
        if (first < 0 || !after) {
            return -1;
        }
        int end = Math.min(split, valued.length);
        int count = 0;
        for (int t = first; t < end; t++) {
            count += valued[t] ? 1 : 0;
        }
        double missing = 1 - (double) count / (end - first);
        int slack = granularity == Granularity.DAY ? BEGUN_DAYS : 1;
        if (missing > 0) {
            slack = (int) Math.max(slack, Math.min(end, Math.ceil(Math.log(BEGUN_CHANCE) / Math.log(missing))));
        }
        return Math.max(0, first - slack);
    }

    /**
     * The organisation's first period: the period {@code b} from which the organisation's series sums the segments
     * that had begun by {@code b} ({@link #begunBeforeSplit}, {@link #countsInOrganisation}); every other segment with
     * data before the split is left out, and the periods before {@code b} hold no value. Of the periods in which some
     * segment's data begin ({@link #firstBeforeSplit}) and by which at least half of the segments had begun (the row
     * is the organisation's, not a few teams'), the one where the segments begun by it times the square root of its
     * baseline periods ({@code split - b}; a baseline's error shrinks with the square root of its length) is largest;
     * on a tie the later (more segments). A team that begins a few weeks before the date is left out (it would enter
     * the sums there as a rise no team made); teams with years of history ahead of the others do not make the
     * organisation's baseline theirs; one late team among many does not cost the others their baseline. 0 where every
     * segment begins in the first period, where none has data before the split, and where the split is -1.
     *
     * @param firstCounts per period, how many segments' data begin in it ({@link #firstBeforeSplit})
     * @param begunCounts per period, how many segments had begun by it and not before ({@link #begunBeforeSplit})
     * @param split       the organisation's split ({@link #organisationSplit}), or -1; periods at or after it are not
     *                    read
     * @return the organisation's first period, in {@code [0, split)}, or 0
     * @throws IllegalArgumentException if a count is negative
     */
    public static int organisationFirst(int[] firstCounts, int[] begunCounts, int split) {
        Objects.requireNonNull(firstCounts, "firstCounts");
        Objects.requireNonNull(begunCounts, "begunCounts");
        if (split < 0) {
            return 0;
        }
        int end = Math.min(split, Math.max(firstCounts.length, begunCounts.length));
        long total = 0;
        for (int t = 0; t < end; t++) {
            int first = t < firstCounts.length ? firstCounts[t] : 0;
            int begunHere = t < begunCounts.length ? begunCounts[t] : 0;
            if (first < 0 || begunHere < 0) {
                throw new IllegalArgumentException("counts of period " + t + " are " + first + " and " + begunHere
                        + " (0 or more)");
            }
            total += begunHere;
        }
        int best = 0;
        double bestBlock = -1;
        long begun = 0;
        for (int t = 0; t < end; t++) {
            begun += t < begunCounts.length ? begunCounts[t] : 0;
            if (t >= firstCounts.length || firstCounts[t] == 0 || 2 * begun < total) {
                continue;
            }
            double block = begun * Math.sqrt(split - t);
            if (block >= bestBlock) {
                best = t;
                bestBlock = block;
            }
        }
        return best;
    }

    /**
     * Whether a segment that counts as begun by period {@code begun} ({@link #begunBeforeSplit}) counts in the
     * organisation's series that begins in period {@code organisationFirst} ({@link #organisationFirst}): it has data
     * before the split, begun by the organisation's first period.
     *
     * @param begun             the segment's period, or -1
     * @param organisationFirst the organisation's first period
     * @return whether the segment's series enter the organisation's
     */
    public static boolean countsInOrganisation(int begun, int organisationFirst) {
        return begun >= 0 && begun <= organisationFirst;
    }

    /** Days of daily data a segment's first value may come after another's and count as begun with it, at least. */
    public static final int BEGUN_DAYS = 6;
    /** The chance below which a run of missing periods at a segment's start is not taken for chance. */
    private static final double BEGUN_CHANCE = 0.01;

    /**
     * How many segments' series of {@code metric} the organisation's series aggregates (the segments that count in it,
     * {@link #organisationFirst}, and have a value of the metric: rows without a value give it nothing); empty where
     * the organisation's series of the metric is
     * the rows given for the organisation itself, where the frame has no such metric, and for a frame of the
     * organisation alone built from sums made elsewhere that was not told ({@link Builder#organisationCounts}). Where
     * a proxy's and an outcome's counts differ, the organisation's row reads the two over different teams.
     */
    public OptionalInt organisationCount(String metric) {
        Objects.requireNonNull(metric, "metric");
        Integer n = organisationCounts.get(metric);
        return n == null ? OptionalInt.empty() : OptionalInt.of(n);
    }

    /**
     * Where the organisation's series summed from its segments begins and which segments it leaves out because their
     * data begin later, during its baseline ({@link #organisationFirst}); empty where no organisation series is summed
     * from segments here (every one is given by rows of the organisation itself, or the frame is of the organisation
     * alone built from sums made elsewhere that was not told, {@link Builder#organisationStart}).
     */
    public Optional<OrganisationStart> organisationStart() {
        return Optional.ofNullable(organisationStart);
    }

    /**
     * How often the organisation's series of {@code metric}, summed from its segments, lacks segments whose data had
     * begun ({@link OrganisationGaps}); empty where every period with a value sums all of them, where
     * the series is the rows given for the organisation itself, and for a frame of the organisation alone built from
     * sums made elsewhere that was not told ({@link Builder#organisationGaps}).
     */
    public Optional<OrganisationGaps> organisationGaps(String metric) {
        Objects.requireNonNull(metric, "metric");
        return Optional.ofNullable(organisationGaps.get(metric));
    }

    /** Whether {@code values[from, to)} holds a value (not NaN). */
    private static boolean valued(double[] values, int from, int to) {
        for (int t = from; t < to; t++) {
            if (!Double.isNaN(values[t])) {
                return true;
            }
        }
        return false;
    }

    /** The segments found in the data, sorted, without {@link Segments#ALL}. */
    public List<String> segments() {
        return segments;
    }

    /** The metrics found in the data, in model order. */
    public List<String> metrics() {
        return metrics;
    }

    /** Whether there is a series for this segment ({@code "*"} for the organisation) and metric. */
    public boolean has(String segment, String metric) {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(metric, "metric");
        return spilled != null ? spilled.has(segment, metric) : data.containsKey(key(segment, metric));
    }

    /** The series itself (in memory) or a fresh copy (spilled); null when there is none. */
    private double[] lookup(String segment, String metric) {
        return spilled != null ? spilled.get(segment, metric) : data.get(key(segment, metric));
    }

    /** Whether the series live in a temporary file ({@link Builder#spillTo}) rather than on the heap. */
    public boolean spilled() {
        return spilled != null;
    }

    /**
     * Deletes the temporary file of a spilled frame (its series can no longer be read: {@link #series} then throws
     * {@link IllegalStateException}); does nothing for an in-memory frame. Idempotent.
     */
    @Override
    public void close() {
        if (spilled != null) {
            spilled.close();
        }
    }

    /**
     * A copy of the series for a segment ({@code "*"} for the whole organisation) and metric, one value per period,
     * NaN where missing.
     *
     * @throws IllegalArgumentException naming the segment or metric when the frame has no such series
     */
    public double[] series(String segment, String metric) {
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(metric, "metric");
        double[] values = lookup(segment, metric);
        if (values == null) {
            if (!metrics.contains(metric)) {
                throw new IllegalArgumentException("unknown metric '" + metric + "'; the data has " + metrics);
            }
            throw new IllegalArgumentException("no data for metric '" + metric + "' in segment '" + segment + "'");
        }
        return spilled != null ? values : values.clone();
    }

    /** Number of values that are present (not missing) across all segment series, organisation excluded. */
    public long presentCount() {
        long n = 0;
        for (String s : segments) {
            for (String m : metrics) {
                double[] v = lookup(s, m);
                if (v != null) {
                    for (double d : v) {
                        if (!Double.isNaN(d)) {
                            n++;
                        }
                    }
                }
            }
        }
        return n;
    }

    private static String key(String segment, String metric) {
        return segment + '\u0000' + metric;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof Frame)) {
            return false;
        }
        Frame f = (Frame) o;
        if (granularity != f.granularity || periods != f.periods || !start.equals(f.start)
                || !segments.equals(f.segments) || !metrics.equals(f.metrics)) {
            return false;
        }
        List<String> all = new ArrayList<>(segments);
        all.add(Segments.ALL);
        for (String s : all) {
            for (String m : metrics) {
                if (!Arrays.equals(lookup(s, m), f.lookup(s, m))) {
                    return false;
                }
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(granularity, start, periods, segments, metrics);
        for (String s : segments) {
            for (String m : metrics) {
                double[] v = lookup(s, m);
                h = 31 * h + (v == null ? 0 : Arrays.hashCode(v));
            }
        }
        return h;
    }

    @Override
    public String toString() {
        return "Frame[" + granularity.adjective() + ", " + start + ".." + granularity.plus(start, periods - 1L)
                + " (" + periods + " periods), " + segments.size() + " segments, metrics " + metrics + ", "
                + presentCount() + " values present]";
    }

    /** The longest calendar a frame accepts, in years. */
    public static final int MAX_YEARS = 100;
    private static final Map<Granularity, Long> MAX_PERIODS = Map.of(Granularity.DAY, 36_525L,
            Granularity.WEEK, 5_218L, Granularity.MONTH, 1_200L);

    /** What to do with a second row for the same day, segment and metric. */
    public enum Duplicates {
        /** Refuse it: an {@link InvalidDataException} naming its line (a re-export or a join fan-out is a bug). */
        REJECT,
        /** Aggregate it as the metric declares (sum, mean, last) and count it in the {@link InputAccount}. */
        AGGREGATE
    }

    /**
     * Streams observations into per-period aggregates and accounts for every row ({@link InputAccount}). Not
     * thread-safe.
     *
     * <p>Refuses, with an {@link InvalidDataException} naming the row's line (or its position among the rows added):
     * a negative value of a metric declared {@link Metric#nonNegative() non-negative}; a value that makes a period's
     * sum overflow; a second row for the same day, segment and metric under {@link Duplicates#REJECT}; a calendar
     * longer than {@value #MAX_YEARS} years; and rows dated far outside the bulk of the data (more than a year away
     * from it, holding at most 1% of the rows and a tenth of the bulk's: a mistyped year) unless
     * {@link #dropOutlyingDates(boolean)} drops and counts them.
     *
     * <p>Leaves out, and counts as {@link InputAccount.Reason#PARTIAL_PERIOD}, a first or last period that data finer
     * than the model's periods covers only in part (daily rows from a Wednesday in weeks). A period's sum of several
     * values is their exact sum rounded once, so the order of the rows does not matter.
     */
    public static final class Builder {
        private final IntegrityModel model;
        /** The longest calendar of the model's granularity, in periods. */
        private final long maxPeriods;
        private Duplicates duplicates = Duplicates.AGGREGATE;
        private boolean dropOutlyingDates;
        private String source = "input";
        private boolean lines;
        private long read;
        /** Distinct lines read, where rows came with line numbers: a wide file's line holds a row per metric. */
        private long lineCount;
        private long lastLine = Long.MIN_VALUE;
        private long used;
        /** Whether the row being added is a period made 0 ({@link #addAbsentZero}), not a row read. */
        private boolean making;
        private final long[] reasonCounts = new long[InputAccount.Reason.values().length];
        private final List<List<Long>> reasonExamples = new ArrayList<>();
        private long minLine;
        private long maxLine;
        /**
         * The lines of the first rows with a value (up to {@link InputAccount#EXAMPLES}) in the earliest and the latest
         * period of the proxies' and outcomes' rows: a partial edge period's examples in the input account.
         */
        private final List<Long> minLines = new ArrayList<>();
        private final List<Long> maxLines = new ArrayList<>();
        /** Rows per period ordinal, from {@link #histogramBase}: the bulk of the data's dates. */
        private long[] histogram = new long[0];
        private long histogramBase;
        /** Per period ordinal as {@link #histogram}: the rows with a value, and the first and last day of any row. */
        private long[] histogramValued = new long[0];
        private long[] firstDay = new long[0];
        private long[] lastDay = new long[0];
        /** Whether some period holds rows of two or more days of one metric: data finer than the periods. */
        private boolean finer;
        /** Per metric, the day of each period's rows seen so far, until {@link #finer}. */
        private final Map<String, Map<Long, Long>> dayOfPeriod = new HashMap<>();
        /** segment to metric to column of period accumulators: primitive arrays, no per-point objects. */
        private final Map<String, Map<String, Column>> cells = new HashMap<>();
        private final TreeSet<String> segmentNames = new TreeSet<>();
        private final java.util.Set<String> metricNames = new java.util.HashSet<>();
        private long skipped;
        private long minOrdinal = Long.MAX_VALUE;
        private long maxOrdinal = Long.MIN_VALUE;
        /** The model's metrics in model order, and each one's index there (the spill's metric numbers). */
        private final List<Metric> modelMetrics;
        private final Map<String, Integer> metricIndex = new HashMap<>();
        /** The bucket files while spilling ({@link #spillTo}); null in memory or once built. */
        private Spill spill;
        private boolean spilling;
        /** The day of the week every row of the whole data was dated on, where declared ({@link #rowDay}). */
        private OptionalInt declaredRowDay;
        /** The organisation's counts of segments as declared ({@link #organisationCounts}); empty unless declared. */
        private Map<String, Integer> declaredCounts = Map.of();
        /** Where the organisation's series summed elsewhere begins, as declared ({@link #organisationStart}). */
        private OrganisationStart declaredStart;
        /** The organisation's gaps as declared ({@link #organisationGaps}); empty unless declared. */
        private Map<String, OrganisationGaps> declaredGaps = Map.of();
        /** The calendar's first and last periods as declared ({@link #span}); null: from the rows. */
        private long[] declaredSpan;
        /**
         * The organisation's series as {@link #segmentFrame} last computed them, per metric, from period ordinal
         * {@link #organisationFrom}; the periods from {@link #organisationStale} on (the earliest one a row was added
         * to since) are computed again, the others reused: a live scorer's new day costs O(segments), not O(segments x
         * periods).
         */
        private final Map<String, double[]> organisationCache = new HashMap<>();
        /** How many segments each cached organisation series summed in each period, kept with it. */
        private final Map<String, int[]> organisationCountCache = new HashMap<>();
        /** The segments the cached organisation series sum, and its first period ({@link Frame#organisationFirst}). */
        private Membership organisationMembers;
        /** The split the members were read for (a new first period clears them), and how many segments there were. */
        private int organisationMembersSplit;
        private int organisationMembersOf;
        /** The members' names, for the rows' check below; null until the members are read. */
        private java.util.Set<String> organisationMemberSet;
        /** Whether a segment the members leave out got a row since they were read. */
        private boolean organisationOutsiderRow;
        /** The calendar's first period as {@link #read} rows left it ({@link #calendarFirstAt}), for {@link #valueAt}. */
        private long calendarFirst;
        private long calendarFirstAt = -1;
        private long organisationFrom = Long.MIN_VALUE;
        private long organisationStale = Long.MIN_VALUE;

        private Builder(IntegrityModel model) {
            this.model = Objects.requireNonNull(model, "model");
            this.maxPeriods = MAX_PERIODS.get(model.granularity());
            for (int i = 0; i < reasonCounts.length; i++) {
                reasonExamples.add(new ArrayList<>());
            }
            this.modelMetrics = new ArrayList<>(model.metrics().values());
            for (Metric m : modelMetrics) {
                metricIndex.put(m.name(), metricIndex.size());
            }
        }

        /**
         * Keeps the rows in files under {@code directory} instead of on the heap, for data larger than memory (a
         * million segments): each row goes to a bucket file by its segment as it is added; {@link #build()} aggregates
         * one bucket at a time with the same rules as in memory (duplicates, sum, mean or last, overflow, the same
         * {@link InputAccount} and the same errors, naming the earliest offending line) and returns a frame whose
         * series are read from one file when asked ({@link Frame#spilled()}). The heap then holds the segment names
         * and a few bytes per segment. Close the frame to delete its file; the bucket files are deleted by
         * {@link #build()}, also when it fails, and by {@link #discard()} when the builder is abandoned. {@link
         * #valueAt} is not available while spilling.
         *
         * @param directory where the temporary directory is made (created if missing), e.g. {@code java.io.tmpdir}
         * @return this builder
         * @throws IllegalStateException if rows were already added, or the model has more than 127 metrics
         * @throws java.io.UncheckedIOException if the directory cannot be created
         */
        public Builder spillTo(java.nio.file.Path directory) {
            Objects.requireNonNull(directory, "directory");
            if (read > 0 || spilling) {
                throw new IllegalStateException("spillTo: call it once, before the first row");
            }
            if (modelMetrics.size() > 127) {
                throw new IllegalStateException("spillTo: at most 127 metrics, the model has " + modelMetrics.size());
            }
            spill = Spill.create(directory);
            spilling = true;
            return this;
        }

        /**
         * Deletes the temporary files of a spilling builder that will not be built (its source failed); nothing in
         * memory. The builder cannot be used afterwards. Idempotent.
         */
        public void discard() {
            if (spill != null) {
                spill.close();
                spill = null;
            }
        }

        /** A spilling builder's error: the earliest row's (a duplicate or an overflow already spilled may precede it). */
        private RuntimeException failure(InvalidDataException e) {
            if (spill == null) {
                return e;
            }
            try {
                spill.flush();
                Spilled earlier = aggregate(spill.namesById(), null, null, null);
                return earlier.error != null ? earlier.error : e;
            } catch (RuntimeException other) {
                return other;
            } finally {
                discard();
            }
        }

        /** What to do with a second row for the same day, segment and metric; {@link Duplicates#AGGREGATE} by default. */
        public Builder duplicates(Duplicates policy) {
            this.duplicates = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * The day of the ISO week (0 for Monday, 6 for Sunday) on which every proxy's and outcome's row of the whole
         * data is dated, or empty for none: the frame's {@link Frame#rowDay()} is then this rather than what the rows
         * this builder reads show. For a builder that reads a part of the data (one partition of segments on a
         * cluster), so that its frame reads the intervention's week as a frame of all the data would.
         *
         * @throws IllegalArgumentException if a day is given outside 0-6 or the model's periods are not weeks
         */
        public Builder rowDay(OptionalInt day) {
            Objects.requireNonNull(day, "day");
            if (day.isPresent() && (model.granularity() != Granularity.WEEK || day.getAsInt() < 0
                    || day.getAsInt() > 6)) {
                throw new IllegalArgumentException("rowDay: " + day.getAsInt() + " is no day of an ISO week (0-6) or the"
                        + " frame is not weekly (" + model.granularity() + ")");
            }
            declaredRowDay = day;
            return this;
        }

        /**
         * For a builder given the organisation's series as rows of its own that were summed elsewhere from its
         * segments' series (a cluster's partitions): how many segments each metric's series aggregates, which the frame
         * then reports ({@link Frame#organisationCount}) as a frame built from all the segments would. A metric whose
         * organisation series the frame computes from segments of its own is counted by the frame instead.
         *
         * @param counts per metric, the number of segments (0 or more)
         * @throws IllegalArgumentException if a count is negative
         */
        public Builder organisationCounts(Map<String, Integer> counts) {
            Objects.requireNonNull(counts, "counts");
            for (Map.Entry<String, Integer> e : counts.entrySet()) {
                if (e.getValue() < 0) {
                    throw new IllegalArgumentException("organisationCounts: " + e.getKey() + " has " + e.getValue()
                            + " segments (a count is 0 or more)");
                }
            }
            declaredCounts = ImmutableMap.copyOf(counts);
            return this;
        }

        /**
         * For a builder given the organisation's series as rows of its own that were summed elsewhere from its
         * segments' series (a cluster's partitions): where that sum begins and which segments it left out ({@link
         * Frame#organisationFirst}), which the frame then reports ({@link Frame#organisationStart}) as a frame built
         * from all the segments would. A frame that sums segments of its own reports its own instead.
         *
         * @param start where the organisation's sum begins
         * @return this builder
         */
        public Builder organisationStart(OrganisationStart start) {
            declaredStart = Objects.requireNonNull(start, "start");
            return this;
        }

        /**
         * For a builder given the organisation's series as rows of its own that were summed elsewhere from its
         * segments' series (a cluster's partitions): the periods in which each metric's sum summed fewer segments than
         * give the metric ({@link OrganisationGaps#of}), which the frame then reports ({@link Frame#organisationGaps})
         * as a frame built from all the segments would. A metric whose organisation series the frame computes from
         * segments of its own is read by the frame instead.
         *
         * @param gaps per metric, its gaps (a metric without any is left out)
         * @return this builder
         */
        public Builder organisationGaps(Map<String, OrganisationGaps> gaps) {
            declaredGaps = ImmutableMap.copyOf(Objects.requireNonNull(gaps, "gaps"));
            return this;
        }

        /**
         * For a builder of part of the data whose calendar was decided from all of it (a cluster's partition): the
         * frame's periods run from the one holding {@code first} to the one holding {@code last}, whatever this part's
         * rows' dates (no row of it is taken for a mistyped year or a partial edge period; rows outside are left out).
         *
         * @param first a day of the calendar's first period
         * @param last  a day of its last period, not before {@code first}
         * @return this builder
         * @throws IllegalArgumentException if {@code last} is before {@code first}
         */
        public Builder span(LocalDate first, LocalDate last) {
            Objects.requireNonNull(first, "first");
            Objects.requireNonNull(last, "last");
            if (last.isBefore(first)) {
                throw new IllegalArgumentException("span: " + last + " is before " + first);
            }
            declaredSpan = new long[] {ordinal(first), ordinal(last)};
            return this;
        }

        /**
         * Whether rows dated far outside the bulk of the data are dropped and counted ({@code true}) or refused
         * (the default).
         */
        public Builder dropOutlyingDates(boolean drop) {
            this.dropOutlyingDates = drop;
            return this;
        }

        /** The name of the input, for error messages ("metrics.csv"); {@code "input"} by default. */
        public Builder source(String name) {
            this.source = Objects.requireNonNull(name, "name");
            return this;
        }

        /** Adds one observation, numbered by its position among the rows added; NaN marks the period seen but missing. */
        public Builder add(Observation observation) {
            Objects.requireNonNull(observation, "observation");
            return add(observation, read + 1, false, false);
        }

        /**
         * Adds the 0 of a period without a row of a metric that the source reads as zero when absent ({@link
         * dev.goodhart.source.AbsentDays}): used in the series like a row's 0, but not a row read: counted neither as
         * read nor as used, only under {@link InputAccount.Reason#ABSENT_ZERO}. A metric the model does not declare is
         * ignored.
         *
         * @throws IllegalArgumentException if the value is not 0, or the metric is not summed (a mean's or a last
         *                                  value's period without a row has no value, not 0)
         */
        public Builder addAbsentZero(Observation observation) {
            Objects.requireNonNull(observation, "observation");
            if (observation.value() != 0) {
                throw new IllegalArgumentException("an absent period reads as 0, not " + observation.value());
            }
            Metric declared = model.metrics().get(observation.metric());
            if (declared == null) {
                return this;
            }
            if (declared.aggregation() != Aggregation.SUM) {
                throw new IllegalArgumentException(observation.metric() + " is read as its "
                        + declared.aggregation().name().toLowerCase(java.util.Locale.ROOT) + " per period: a period "
                        + "without its rows has no value, not 0; only a summed metric is zero when absent");
            }
            making = true;
            try {
                return add(observation, 0, false, false);
            } finally {
                making = false;
            }
        }

        /**
         * Adds one observation stamped with a time of day (a sample, an event), numbered by its position: several such
         * rows a day are expected and aggregated as the metric declares, never duplicates.
         */
        public Builder addTimed(Observation observation) {
            Objects.requireNonNull(observation, "observation");
            return add(observation, read + 1, false, true);
        }

        /**
         * Adds one observation read from line {@code line} of the source (errors and the {@link InputAccount} name
         * it); NaN marks the period as seen but missing.
         *
         * @throws InvalidDataException if the row is refused (see the class description)
         */
        public Builder add(Observation observation, long line) {
            Objects.requireNonNull(observation, "observation");
            return add(observation, line, true, false);
        }

        /**
         * As {@link #add(Observation, long)}; {@code timed} says the row's date came from a date-time, so several
         * rows a day are expected: they are aggregated as the metric declares, never duplicates.
         *
         * @throws InvalidDataException if the row is refused (see the class description)
         */
        public Builder add(Observation observation, long line, boolean timed) {
            Objects.requireNonNull(observation, "observation");
            return add(observation, line, true, timed);
        }

        /**
         * As {@link #add(Observation, long, boolean)} for the fields of an observation, without making one: for
         * readers that stream millions of rows. The fields are checked as {@link Observation} checks them.
         *
         * @throws NullPointerException     if {@code date} is null
         * @throws IllegalArgumentException if the metric is blank or has surrounding whitespace, or the value is
         *                                  infinite
         * @throws InvalidDataException     if the row is refused (see the class description)
         */
        public Builder add(LocalDate date, String segment, String metric, double value, long line, boolean timed) {
            Objects.requireNonNull(date, "date");
            dev.goodhart.internal.Checks.checkName("metric", metric);
            if (Double.isInfinite(value)) {
                throw new IllegalArgumentException("observation " + metric + " on " + date + ": value is infinite");
            }
            return add(date, Segments.normalise(segment), metric, value, line, true, timed);
        }

        private Builder add(Observation o, long line, boolean isLine, boolean timed) {
            return add(o.date(), o.segment(), o.metric(), o.value(), line, isLine, timed);
        }

        /**
         * The error for the row at {@code line}: a file's line (rows added with one), or, for observations added
         * without one, their place in the order added ("input, observation 30": not a line of any file).
         */
        private InvalidDataException invalid(long line, String problem) {
            return lines || line <= 0 ? new InvalidDataException(source, line, 0, problem)
                    : new InvalidDataException(source + ", observation " + line, 0, 0, problem);
        }

        /** Adds a row whose fields are valid (as an {@link Observation}'s): the segment normalised. */
        private Builder add(LocalDate date, String segment, String metricName, double value, long line, boolean isLine,
                            boolean timed) {
            lines |= isLine;
            read += making ? 0 : 1;
            if (isLine && !making && line != lastLine) {
                lineCount++;
                lastLine = line;
            }
            Metric metric = model.metrics().get(metricName);
            if (metric == null) {
                skipped++;
                count(InputAccount.Reason.UNDECLARED_METRIC, line);
                return this;
            }
            if (spilling && spill == null) {
                throw new IllegalStateException("this spilling builder was built or discarded");
            }
            if (metric.nonNegative() && value < 0) {
                throw failure(invalid(line, metricName + " is declared non-negative (a "
                        + "count), found " + dev.goodhart.internal.Text.value(value) + " for segment "
                        + dev.goodhart.internal.Text.clean(segment) + " on "
                        + date));
            }
            long epochDay = date.toEpochDay();
            boolean daily = model.granularity() == Granularity.DAY;
            long ordinal = daily ? epochDay : ordinal(date);
            long lo = Math.min(minOrdinal, ordinal);
            long hi = Math.max(maxOrdinal, ordinal);
            if (hi - lo + 1 > maxPeriods) {
                // a mistyped year (0026 for 2026) would make every series span two thousand years of periods
                LocalDate first = ordinal < minOrdinal ? date : dateOf(minOrdinal);
                LocalDate last = ordinal > maxOrdinal ? date : dateOf(maxOrdinal);
                throw failure(invalid(line, "the dates span " + first + " to " + last
                        + " (" + date + " for " + metricName + " in segment "
                        + dev.goodhart.internal.Text.clean(segment) + "); a calendar of more than " + MAX_YEARS
                        + " years is refused: check for a mistyped year"));
            }
            if (ordinal < minOrdinal && !making) {
                minLine = line;
            }
            if (ordinal > maxOrdinal && !making) {
                maxLine = line;
            }
            if (metric.role() != Role.EXPOSURE && !making) {
                edgeLine(minLines, ordinal < minOrdinal, ordinal == lo, value, line);
                edgeLine(maxLines, ordinal > maxOrdinal, ordinal == hi, value, line);
                // a head count is read on the proxies' and outcomes' calendar: it neither stretches nor cuts it; nor
                // does a period made 0, which lies within its segment's rows and is no row of its period
                minOrdinal = lo;
                maxOrdinal = hi;
                histogram(ordinal, epochDay, !Double.isNaN(value));
                finer(metricName, ordinal, epochDay);
            }
            if (spill != null) {
                // what needs the other rows of the cell (duplicates, overflow) is checked at build, bucket by bucket
                int id = spill.id(segment);
                metricNames.add(metricName);
                if (Double.isNaN(value)) {
                    count(InputAccount.Reason.MISSING_VALUE, line);
                } else {
                    counted();
                    organisationRow(segment, line);
                }
                try {
                    spill.write(id, metricIndex.get(metricName), timed, epochDay, value, read, line);
                } catch (RuntimeException e) {
                    discard();
                    throw e;
                }
                return this;
            }
            // the names are recorded with a segment's or a metric's first column, not looked up per row
            Map<String, Column> bySegment = cells.get(segment);
            if (bySegment == null) {
                bySegment = new HashMap<>();
                cells.put(segment, bySegment);
                if (!Segments.ALL.equals(segment)) {
                    segmentNames.add(segment);
                }
            }
            Column column = bySegment.get(metricName);
            if (column == null) {
                column = new Column(metric.aggregation(), metric.role() == Role.EXPOSURE);
                bySegment.put(metricName, column);
                metricNames.add(metricName);
            }
            int day = daily ? 0 : dayInPeriod(date);
            organisationStale = Math.min(organisationStale, ordinal);
            if (organisationMemberSet != null && !Segments.ALL.equals(segment)
                    && !organisationMemberSet.contains(segment)) {
                // a segment the organisation's series leaves out has a row: one that had none from the date on (left
                // out as stopped before it) may count now, so the members are read again
                organisationOutsiderRow = true;
            }
            if (Double.isNaN(value)) {
                count(InputAccount.Reason.MISSING_VALUE, line);
                mark(column, ordinal, day, timed);
                return this;
            }
            // a dated row is a duplicate of an earlier dated row of its day; rows with a time of day are samples
            if (!timed && column.seen(ordinal, day)) {
                if (duplicates == Duplicates.REJECT) {
                    throw invalid(line, "a second row for " + metricName + " in segment "
                            + dev.goodhart.internal.Text.clean(segment) + " on " + date
                            + " (a re-export or a join fan-out?); remove it, or accept duplicates (--duplicates aggregate) to "
                            + "aggregate them as " + metric.aggregation().name().toLowerCase(java.util.Locale.ROOT)
                            + " and count them");
                }
                count(InputAccount.Reason.DUPLICATE, line);
            }
            if (!column.add(ordinal, epochDay, value, timed)) {
                throw invalid(line, "the value " + value + " makes the sum of "
                        + metricName + " for segment " + dev.goodhart.internal.Text.clean(segment) + " in the period of "
                        + date + " overflow (beyond 1.8e308)");
            }
            counted();
            organisationRow(segment, line);
            return this;
        }

        /** A used row of the organisation itself (not a zero made for an absent day): counted for the summary. */
        private void organisationRow(String segment, long line) {
            if (!making && Segments.ALL.equals(segment)) {
                count(InputAccount.Reason.ORGANISATION_ROW, line);
            }
        }

        /** A row's value entered a series: used, or a period made 0 ({@link #addAbsentZero}) counted apart. */
        private void counted() {
            if (making) {
                reasonCounts[InputAccount.Reason.ABSENT_ZERO.ordinal()]++;
            } else {
                used++;
            }
        }

        /** A row without a value: a dated one marks its day (a later dated row of it is a duplicate). */
        private static void mark(Column column, long ordinal, int day, boolean timed) {
            if (timed) {
                column.touch(ordinal);
            } else {
                column.seen(ordinal, day);
            }
        }

        private void count(InputAccount.Reason reason, long line) {
            reasonCounts[reason.ordinal()]++;
            List<Long> examples = reasonExamples.get(reason.ordinal());
            if (examples.size() < InputAccount.EXAMPLES) {
                examples.add(line);
            }
        }

        /**
         * The frame's {@link Frame#rowDay()} for the calendar's periods {@code first} to {@code last} (ordinals): the
         * declared one ({@link #rowDay(OptionalInt)}), else the one day of the week every proxy's and outcome's row in
         * them was dated on; -1 for none.
         */
        private int rowDay(long first, long last) {
            if (declaredRowDay != null) {
                return declaredRowDay.orElse(-1);
            }
            if (model.granularity() != Granularity.WEEK) {
                return -1;
            }
            int day = -1;
            for (long o = first; o <= last; o++) {
                int i = (int) (o - histogramBase);
                if (i < 0 || i >= histogram.length || histogram[i] == 0) {
                    continue;
                }
                int d = (int) (firstDay[i] - dateOf(o).toEpochDay());
                if (firstDay[i] != lastDay[i] || day >= 0 && d != day) {
                    return -1;
                }
                day = d;
            }
            return day;
        }

        /** The day's position inside its period (0 for daily data; 0-6 in a week; 0-30 in a month). */
        private int dayInPeriod(LocalDate date) {
            return (int) (date.toEpochDay() - model.granularity().periodStart(date).toEpochDay());
        }

        private void histogram(long ordinal, long epochDay, boolean valued) {
            if (histogram.length == 0) {
                histogram = new long[16];
                histogramValued = new long[16];
                firstDay = filled(16, Long.MAX_VALUE);
                lastDay = filled(16, Long.MIN_VALUE);
                histogramBase = ordinal;
            }
            if (ordinal < histogramBase) {
                // grow at the front by at least the length it has, so that rows in descending date order (each one a
                // period earlier) copy the arrays log(n) times, not once a row with the arrays doubling each time
                int shift = Math.toIntExact(Math.max(histogramBase - ordinal, histogram.length));
                int size = histogram.length + shift;
                histogram = shifted(histogram, shift, size, 0);
                histogramValued = shifted(histogramValued, shift, size, 0);
                firstDay = shifted(firstDay, shift, size, Long.MAX_VALUE);
                lastDay = shifted(lastDay, shift, size, Long.MIN_VALUE);
                histogramBase -= shift;
            }
            int i = Math.toIntExact(ordinal - histogramBase);
            if (i >= histogram.length) {
                int size = Math.max(histogram.length * 2, i + 1);
                histogram = shifted(histogram, 0, size, 0);
                histogramValued = shifted(histogramValued, 0, size, 0);
                firstDay = shifted(firstDay, 0, size, Long.MAX_VALUE);
                lastDay = shifted(lastDay, 0, size, Long.MIN_VALUE);
            }
            histogram[i]++;
            if (valued) {
                histogramValued[i]++;
            }
            firstDay[i] = Math.min(firstDay[i], epochDay);
            lastDay[i] = Math.max(lastDay[i], epochDay);
        }

        /**
         * Notes the day of a proxy's or outcome's row in its period, per metric, until some period holds rows of two
         * or more days of one metric ({@link #finer}: daily rows in weeks). Rows of two metrics each dated once a week
         * on its own weekday (tokens on Mondays, cycle time on Fridays) are not finer: their last week is whole
         * (helper-173: it was left out as partial, 22 rows, where the same file dated on Sundays kept it).
         */
        private void finer(String metric, long ordinal, long epochDay) {
            if (finer || model.granularity() == Granularity.DAY) {
                return;
            }
            Long day = dayOfPeriod.computeIfAbsent(metric, k -> new HashMap<>()).putIfAbsent(ordinal, epochDay);
            if (day != null && day != epochDay) {
                finer = true;
                dayOfPeriod.clear();
            }
        }

        private static long[] filled(int size, long value) {
            long[] a = new long[size];
            Arrays.fill(a, value);
            return a;
        }

        /** {@code a} moved {@code shift} slots up in an array of {@code size}, the new slots set to {@code empty}. */
        private static long[] shifted(long[] a, int shift, int size, long empty) {
            long[] out = filled(size, empty);
            System.arraycopy(a, 0, out, shift, a.length);
            return out;
        }

        /** The account of the rows so far. */
        public InputAccount account() {
            Map<InputAccount.Reason, Long> counts = new java.util.EnumMap<>(InputAccount.Reason.class);
            Map<InputAccount.Reason, List<Long>> examples = new java.util.EnumMap<>(InputAccount.Reason.class);
            for (InputAccount.Reason r : InputAccount.Reason.values()) {
                counts.put(r, reasonCounts[r.ordinal()]);
                examples.put(r, reasonExamples.get(r.ordinal()));
            }
            // a wide file's lines hold several values each: the account counts values then ("Read 2,130 lines" of a
            // file of 1,181 lines read as duplicated data), its examples still name lines
            return new InputAccount(read, used, counts, examples, !lines ? "row" : read > lineCount ? "value" : "line");
        }

        /** Adds every observation. */
        public Builder addAll(Iterable<Observation> observations) {
            Objects.requireNonNull(observations, "observations");
            for (Observation o : observations) {
                add(o);
            }
            return this;
        }

        /**
         * Builds the frame.
         *
         * @throws IllegalArgumentException if no observation belonged to a metric of the model
         */
        public Frame build() {
            if (spilling) {
                if (spill == null) {
                    throw new IllegalStateException("this spilling builder was built or discarded");
                }
                try {
                    return buildSpilled();
                } catch (RuntimeException | Error e) {
                    discard();
                    throw e;
                }
            }
            if (metricNames.isEmpty()) {
                throw new IllegalArgumentException("no observation belongs to a metric of the model "
                        + model.metrics().keySet() + (skipped > 0 ? " (" + skipped + " observations of other metrics)" : ""));
            }
            if (skipped > 0) {
                LOG.debug("skipped {} observations of metrics the model does not declare", skipped);
            }
            Granularity g = model.granularity();
            if (minOrdinal == Long.MAX_VALUE) {
                throw new IllegalArgumentException("no observation belongs to a proxy or an outcome of the model "
                        + model.metrics().keySet() + ", only to its exposures (a head count sets no calendar)");
            }
            long[] range = bulkRange(true);
            long first = range[0];
            long last = range[1];
            LocalDate start = dateOf(first);
            int periods = Math.toIntExact(last - first + 1);
            List<String> metricsInOrder = new ArrayList<>();
            for (String m : model.metrics().keySet()) {
                if (metricNames.contains(m)) {
                    metricsInOrder.add(m);
                }
            }
            Map<String, double[]> data = new LinkedHashMap<>();
            for (Map.Entry<String, Map<String, Column>> bySegment : cells.entrySet()) {
                for (Map.Entry<String, Column> e : bySegment.getValue().entrySet()) {
                    data.put(key(bySegment.getKey(), e.getKey()), e.getValue().values(first, periods));
                }
            }
            Membership members = members(data, metricsInOrder, first, periods);
            Map<String, Integer> counts = counts(metricsInOrder, m -> data.containsKey(key(Segments.ALL, m)));
            Map<String, OrganisationGaps> gaps = gaps(metricsInOrder, m -> data.containsKey(key(Segments.ALL, m)));
            OrganisationStart summedFrom = declaredStart;
            int split = organisationSplit(model, start, periods);
            for (String metric : metricsInOrder) {
                String orgKey = key(Segments.ALL, metric);
                if (!data.containsKey(orgKey)) {
                    SeriesSum sum = organisation(data, metric, members, periods);
                    double[] values = sum.values(model.metric(metric).aggregation());
                    Arrays.fill(values, 0, members.first(), Double.NaN);
                    data.put(orgKey, values);
                    counts.put(metric, sum.valuedSeries()); // a series of NaN alone gives nothing
                    OrganisationGaps.of(sum, members.first(), split).ifPresent(x -> gaps.put(metric, x));
                    summedFrom = segmentNames.isEmpty() ? declaredStart : members.start();
                }
            }
            return new Frame(g, start, periods, new ArrayList<>(segmentNames), metricsInOrder, data, account(),
                    rowDay(first, last), counts, summedFrom, gaps);
        }

        /**
         * The frame {@link #build()} would return, holding only one segment's series, read while the builder is still
         * filling: the calendar of every row so far (as {@code build()} sets it), the segment's series aggregated as
         * {@code build()} aggregates them, and for {@code "*"} the organisation's series, from every segment in the
         * same order as {@code build()} (unless rows name {@code "*"} themselves). For that segment, {@link
         * Frame#has}, {@link Frame#series}, the calendar and the metrics equal the full frame's, so an examination of
         * it equals one of the full frame; the other segments are not aggregated (a live scorer examines one segment
         * without building the whole frame). Nothing is counted or consumed: the builder goes on filling. The
         * organisation's series are kept from one call to the next and only the periods that received rows since are
         * summed again (a new day costs O(segments), not O(segments x periods)); so, like the rest of the builder, this
         * is not for concurrent use with {@code "*"}; other segments only read the builder.
         *
         * @param segment the segment ({@code "*"} or empty: the organisation)
         * @return the segment's frame; its {@link Frame#segments()} is the segment alone (empty for the organisation)
         * @throws IllegalArgumentException if no observation belonged to a metric of the model
         * @throws IllegalStateException    if the builder spills to disk
         * @throws InvalidDataException     if {@code build()} would refuse a stray date (see {@link
         *                                  #dropOutlyingDates})
         */
        public Frame segmentFrame(String segment) {
            Objects.requireNonNull(segment, "segment");
            if (spilling) {
                throw new IllegalStateException("segmentFrame: not available on a spilling builder (the rows are on disk)");
            }
            if (metricNames.isEmpty()) {
                throw new IllegalArgumentException("no observation belongs to a metric of the model "
                        + model.metrics().keySet());
            }
            String name = Segments.normalise(segment);
            long[] range = bulkRange(false);
            long first = range[0];
            int periods = Math.toIntExact(range[1] - first + 1);
            List<String> metricsInOrder = new ArrayList<>();
            for (String m : model.metrics().keySet()) {
                if (metricNames.contains(m)) {
                    metricsInOrder.add(m);
                }
            }
            Map<String, double[]> data = new LinkedHashMap<>();
            Map<String, Integer> counts = Map.of(); // a segment's frame: the counts are the organisation's frame's
            Map<String, OrganisationGaps> gaps = Map.of();
            Map<String, Column> bySegment = cells.get(name);
            if (bySegment != null) {
                for (Map.Entry<String, Column> e : bySegment.entrySet()) {
                    data.put(key(name, e.getKey()), e.getValue().values(first, periods));
                }
            }
            OrganisationStart summedFrom = null;
            if (Segments.ALL.equals(name)) {
                if (first != organisationFrom) {
                    organisationCache.clear();
                    organisationCountCache.clear();
                    organisationMembers = null;
                    organisationFrom = first;
                }
                // the segments with a proxy's or outcome's value before the split, and the organisation's first period:
                // read again only where they can have changed (a new segment, a new split, a row before the split since
                // the last call)
                int split = organisationSplit(model, dateOf(first), periods);
                if (organisationMembers == null || split != organisationMembersSplit
                        || segmentNames.size() != organisationMembersOf || organisationOutsiderRow
                        || split >= 0 && organisationStale < first + split) {
                    Map<String, int[]> firsts = new LinkedHashMap<>();
                    for (String s : segmentNames) {
                        int[] f = split < 0 ? new int[2] : begunInBaseline(cells.get(s), first, split, periods);
                        if (f[0] >= 0) {
                            firsts.put(s, f);
                        }
                    }
                    Membership members = Membership.of(firsts, split, periods, this::dateOf, first);
                    if (organisationMembers == null || !members.members().equals(organisationMembers.members())
                            || members.first() != organisationMembers.first()) {
                        organisationCache.clear(); // every period is summed again
                        organisationCountCache.clear();
                    }
                    organisationMembers = members;
                    organisationMembersSplit = split;
                    organisationMembersOf = segmentNames.size();
                    organisationMemberSet = new java.util.HashSet<>(members.members());
                    organisationOutsiderRow = false;
                }
                counts = counts(metricsInOrder, m -> data.containsKey(key(Segments.ALL, m)));
                gaps = gaps(metricsInOrder, m -> data.containsKey(key(Segments.ALL, m)));
                summedFrom = declaredStart;
                for (String metric : metricsInOrder) {
                    if (!data.containsKey(key(Segments.ALL, metric))) {
                        data.put(key(Segments.ALL, metric), organisationSeries(metric, first, periods));
                        int n = 0;
                        int[] firsts = new int[periods];
                        for (String s : organisationMembers.members()) {
                            Column c = cells.get(s).get(metric);
                            long at = c == null ? Long.MAX_VALUE : c.firstValueIn(first, first + periods);
                            if (at != Long.MAX_VALUE) {
                                n++;
                                firsts[(int) (at - first)]++;
                            }
                        }
                        counts.put(metric, n);
                        int[] summed = organisationCountCache.get(metric);
                        Optional<OrganisationGaps> fewer = OrganisationGaps.of(t -> summed[t], t -> firsts[t],
                                periods, n, organisationMembers.first(), split);
                        if (fewer.isPresent()) {
                            gaps.put(metric, fewer.get());
                        }
                        summedFrom = segmentNames.isEmpty() ? declaredStart : organisationMembers.start();
                    }
                }
                organisationStale = Long.MAX_VALUE;
            }
            return new Frame(model.granularity(), dateOf(first), periods,
                    Segments.ALL.equals(name) ? List.of() : List.of(name), metricsInOrder, data, account(),
                    rowDay(first, range[1]), counts, summedFrom, gaps);
        }

        /**
         * The first and last period of the calendar {@link #build()} would give the rows so far (its outlying dates and
         * partial edge periods left out), without building anything: a live scorer keys its cached examinations on it,
         * since a period that becomes complete enters the calendar without a new period starting.
         *
         * @return the first and last periods' first days
         * @throws IllegalStateException if no row of a declared metric was added
         * @throws InvalidDataException  if {@code build()} would refuse a stray date (see {@link #dropOutlyingDates})
         */
        public LocalDate[] calendar() {
            if (minOrdinal == Long.MAX_VALUE) {
                throw new IllegalStateException("calendar: no row of a declared metric yet");
            }
            long[] range = bulkRange(false);
            return new LocalDate[] {dateOf(range[0]), dateOf(range[1])};
        }

        /**
         * The {@link Frame#rowDay()} that {@link #build()} would give the rows so far, without building anything: a live
         * scorer keys its cached examinations on it too, since a row on another weekday changes how every segment's
         * week before an intervention is read without moving the calendar.
         *
         * @throws IllegalStateException before the first row of a proxy or an outcome
         */
        public OptionalInt currentRowDay() {
            if (minOrdinal == Long.MAX_VALUE) {
                throw new IllegalStateException("currentRowDay: no row of a declared metric yet");
            }
            long[] range = bulkRange(false);
            int day = rowDay(range[0], range[1]);
            return day < 0 ? OptionalInt.empty() : OptionalInt.of(day);
        }

        /**
         * The organisation's series of one metric on the calendar {@code [first, first + periods)}, as {@link #build()}
         * computes it (each period the exact sum of the segments' values, rounded once; the mean for a mean metric), the
         * periods before {@link #organisationStale} taken from the cache: a period's value depends on that period's
         * rows alone, and its exact sum does not depend on the order of the additions. How many segments each period
         * summed is kept with it ({@link #organisationCountCache}).
         */
        private double[] organisationSeries(String metric, long first, int periods) {
            double[] cached = organisationCache.get(metric);
            int from = cached == null ? 0 : (int) Math.max(0, Math.min(Math.min(cached.length, periods),
                    organisationStale == Long.MIN_VALUE ? 0 : organisationStale - first));
            double[] out = new double[periods];
            int[] summed = new int[periods];
            if (from > 0) {
                System.arraycopy(cached, 0, out, 0, from);
                System.arraycopy(organisationCountCache.get(metric), 0, summed, 0, from);
            }
            int length = periods - from;
            SeriesSum sum = SeriesSum.of(length);
            for (String s : organisationMembers.members()) {
                Column c = cells.get(s).get(metric);
                if (c == null) {
                    continue;
                }
                for (int i = 0; i < length; i++) {
                    sum.add(i, c.valueAt(first + from + i, first));
                }
            }
            double[] fresh = sum.values(model.metric(metric).aggregation());
            System.arraycopy(fresh, 0, out, from, length);
            for (int i = 0; i < length; i++) {
                summed[from + i] = sum.count(i);
            }
            Arrays.fill(out, 0, Math.min(organisationMembers.first(), periods), Double.NaN);
            organisationCache.put(metric, out.clone());
            organisationCountCache.put(metric, summed);
            return out;
        }

        /**
         * {@link Frame#firstBeforeSplit} and {@link Frame#begunBeforeSplit} of a segment's columns on the calendar that
         * begins at ordinal {@code first}, its split {@code split} periods in.
         */
        private int[] begunInBaseline(Map<String, Column> own, long first, int split, int periods) {
            boolean[] valued = new boolean[periods];
            for (Map.Entry<String, Column> e : own.entrySet()) {
                Metric m = model.metrics().get(e.getKey());
                if (m != null && m.role() != Role.EXPOSURE) {
                    e.getValue().markValued(first, valued);
                }
            }
            return Membership.firstAndBegun(valued, split, model.granularity());
        }

        /**
         * The calendar's first and last period: the data's, unless rows lie far outside its bulk. The periods that
         * hold values are cut into clusters wherever more than a year passes without one; the cluster with the most
         * rows is the bulk, and any other cluster holding at most 1% of the rows (at least one) and a tenth of the
         * bulk's is a mistyped date: refused, naming the line of the earliest or latest row, or dropped and counted.
         */
        private long[] bulkRange(boolean account) {
            if (declaredSpan != null) {
                return declaredSpan.clone();
            }
            long total = 0;
            for (long h : histogram) {
                total += h;
            }
            if (total == 0) {
                return new long[] {minOrdinal, maxOrdinal};
            }
            int year = model.granularity() == Granularity.DAY ? 366 : model.granularity() == Granularity.WEEK ? 53 : 12;
            // clusters of periods with values, split at gaps longer than a year
            List<long[]> clusters = new ArrayList<>(); // {from index, to index, rows}
            long[] current = null;
            for (int i = 0; i < histogram.length; i++) {
                if (histogram[i] == 0) {
                    continue;
                }
                if (current == null || i - current[1] > year) {
                    current = new long[] {i, i, 0};
                    clusters.add(current);
                }
                current[1] = i;
                current[2] += histogram[i];
            }
            if (clusters.size() == 1) {
                return withoutPartialEdges(new long[] {Math.min(minOrdinal, histogramBase + current[0]),
                        Math.max(maxOrdinal, histogramBase + current[1])}, account);
            }
            long[] bulk = clusters.get(0);
            for (long[] c : clusters) {
                if (c[2] > bulk[2]) {
                    bulk = c;
                }
            }
            long stray = Math.max(1, total / 100);
            long from = bulk[0];
            long to = bulk[1];
            long dropped = 0;
            for (long[] c : clusters) {
                if (c == bulk) {
                    continue;
                }
                if (c[2] > stray || bulk[2] < 10 * c[2]) {
                    // a real second stretch of data: keep it
                    from = Math.min(from, c[0]);
                    to = Math.max(to, c[1]);
                    continue;
                }
                if (!dropOutlyingDates) {
                    boolean before = c[0] < bulk[0];
                    LocalDate at = dateOf(histogramBase + (before ? c[0] : c[1]));
                    throw new InvalidDataException(source, before ? minLine : maxLine, 0, Text.count(c[2]) + " row"
                            + (c[2] == 1 ? "" : "s") + " dated " + dateOf(histogramBase + c[0])
                            + (c[0] == c[1] ? "" : " to " + at) + (c[2] == 1 ? " lies" : " lie") + " more than a year " + (before ? "before" : "after")
                            + " the bulk of the data (" + Text.count(bulk[2]) + " rows, "
                            + dateOf(histogramBase + bulk[0]) + " to "
                            + dateOf(histogramBase + bulk[1]) + "): a mistyped year? Correct "
                            + (c[2] == 1 ? "it" : "them") + ", or drop and count such rows (--drop-outlying-dates)");
                }
                if (account) {
                    dropped += c[2];
                    count(InputAccount.Reason.OUTSIDE_RANGE, c[0] < bulk[0] ? minLine : maxLine);
                    reasonCounts[InputAccount.Reason.OUTSIDE_RANGE.ordinal()] += c[2] - 1;
                }
            }
            used -= dropped;
            return withoutPartialEdges(new long[] {histogramBase + from, histogramBase + to}, account);
        }

        /**
         * The calendar {@code range} without its first or last period where the data, finer than the model's periods
         * (some period holds rows of two or more days), covers that period only in part: daily rows from a Wednesday
         * make a first week of five days, whose sum of tokens reads as a fall and the next week's as a jump (weekly power
         * halved on an independent generator's organisations, 9.2% to 4.1%, with the partial weeks kept). The rows with
         * a value there are counted as {@link InputAccount.Reason#PARTIAL_PERIOD}. A calendar of one period, data dated
         * once a period (weekly rows on any one weekday, monthly rows on any day) and daily frames are left as they are.
         */
        private long[] withoutPartialEdges(long[] range, boolean account) {
            if (model.granularity() == Granularity.DAY || range[1] <= range[0]) {
                return range;
            }
            if (!finer) {
                return range;
            }
            int f = (int) (range[0] - histogramBase);
            int l = (int) (range[1] - histogramBase);
            if (f < 0 || l >= histogram.length || histogram[f] == 0 || histogram[l] == 0) {
                return range;
            }
            LocalDate[] whole = model.granularity().wholePeriods(LocalDate.ofEpochDay(firstDay[f]),
                    LocalDate.ofEpochDay(lastDay[l]));
            long first = ordinal(whole[0]);
            long last = ordinal(whole[1]);
            if (first > range[0]) {
                drop(histogramValued[f], range[0] == minOrdinal ? minLines : List.of(), minLine, account);
            }
            if (last < range[1]) {
                drop(histogramValued[l], range[1] == maxOrdinal ? maxLines : List.of(), maxLine, account);
            }
            return new long[] {first, last};
        }

        /**
         * Keeps a row's line among the first of its edge period's rows with a value: {@code moved} where the row opens
         * a new earliest (latest) period, {@code in} where it belongs to it.
         */
        private static void edgeLine(List<Long> lines, boolean moved, boolean in, double value, long line) {
            if (moved) {
                lines.clear();
            }
            if (in && !Double.isNaN(value) && lines.size() < InputAccount.EXAMPLES) {
                lines.add(line);
            }
        }

        /**
         * Counts {@code rows} with a value in a partial edge period as skipped (once, when {@code account}), naming the
         * first of them ({@code lines}; else {@code line}, the edge's first row).
         */
        private void drop(long rows, List<Long> lines, long line, boolean account) {
            if (!account || rows == 0) {
                return;
            }
            long named = 0;
            for (long l : lines) {
                if (named < rows) {
                    count(InputAccount.Reason.PARTIAL_PERIOD, l);
                    named++;
                }
            }
            if (named == 0) {
                count(InputAccount.Reason.PARTIAL_PERIOD, line);
                named = 1;
            }
            reasonCounts[InputAccount.Reason.PARTIAL_PERIOD.ordinal()] += rows - named;
            used -= rows;
        }

        /** The exact sum of {@code metric}'s series of the organisation's members. */
        private SeriesSum organisation(Map<String, double[]> data, String metric, Membership members, int periods) {
            SeriesSum sum = SeriesSum.of(periods);
            for (String s : members.members()) {
                double[] v = data.get(key(s, metric));
                if (v != null) {
                    sum.add(v);
                }
            }
            return sum;
        }

        /**
         * The organisation's counts of segments as declared ({@link #organisationCounts}), for the metrics whose
         * organisation series are given ({@code given}) and were declared; the frame
         * adds those it computes.
         */
        private Map<String, Integer> counts(List<String> metrics, java.util.function.Predicate<String> given) {
            return declaredFor(declaredCounts, metrics, given);
        }

        /** The organisation's gaps as declared ({@link #organisationGaps}), as {@link #counts} reads the counts. */
        private Map<String, OrganisationGaps> gaps(List<String> metrics, java.util.function.Predicate<String> given) {
            return declaredFor(declaredGaps, metrics, given);
        }

        /** The entries of {@code declared} for the metrics whose organisation series are given, in their order. */
        private static <V> Map<String, V> declaredFor(Map<String, V> declared, List<String> metrics,
                                                      java.util.function.Predicate<String> given) {
            Map<String, V> out = new LinkedHashMap<>();
            for (String metric : metrics) {
                if (declared.containsKey(metric) && given.test(metric)) {
                    out.put(metric, declared.get(metric));
                }
            }
            return out;
        }

        /**
         * {@link Frame#firstBeforeSplit} and {@link Frame#begunBeforeSplit} of a segment's series ({0, 0} without a
         * split).
         */
        private int[] firstAndBegun(Map<String, double[]> own, int split) {
            return split < 0 ? new int[2] : Membership.firstAndBegun(valued(model, own), split, model.granularity());
        }

        /**
         * The segments of a built frame's series that count in the organisation's, and where it begins ({@link
         * #begunBeforeSplit}, {@link #organisationFirst}, {@link #countsInOrganisation}).
         */
        private Membership members(Map<String, double[]> data, List<String> metrics, long first, int periods) {
            int split = organisationSplit(model, dateOf(first), periods);
            Map<String, int[]> firsts = new LinkedHashMap<>();
            for (String s : segmentNames) {
                Map<String, double[]> own = new LinkedHashMap<>();
                for (String m : metrics) {
                    double[] v = data.get(key(s, m));
                    if (v != null) {
                        own.put(m, v);
                    }
                }
                int[] f = firstAndBegun(own, split);
                if (f[0] >= 0) {
                    firsts.put(s, f);
                }
            }
            return Membership.of(firsts, split, periods, this::dateOf, first);
        }

        /** {@link #build()} of a spilling builder. */
        private Frame buildSpilled() {
            if (metricNames.isEmpty()) {
                throw new IllegalArgumentException("no observation belongs to a metric of the model "
                        + model.metrics().keySet() + (skipped > 0 ? " (" + skipped + " observations of other metrics)" : ""));
            }
            if (minOrdinal == Long.MAX_VALUE) {
                throw new IllegalArgumentException("no observation belongs to a proxy or an outcome of the model "
                        + model.metrics().keySet() + ", only to its exposures (a head count sets no calendar)");
            }
            if (skipped > 0) {
                LOG.debug("skipped {} observations of metrics the model does not declare", skipped);
            }
            spill.flush();
            String[] byId = spill.namesById();
            // the calendar; its error waits: a duplicate or an overflow, refused while reading in memory, comes first
            long[] range = null;
            InvalidDataException calendar = null;
            try {
                range = bulkRange(true);
            } catch (InvalidDataException e) {
                calendar = e;
            }
            List<String> metricsInOrder = new ArrayList<>();
            for (String m : model.metrics().keySet()) {
                if (metricNames.contains(m)) {
                    metricsInOrder.add(m);
                }
            }
            List<String> sorted = new ArrayList<>(byId.length);
            for (String name : byId) {
                if (!Segments.ALL.equals(name)) {
                    sorted.add(name);
                }
            }
            java.util.Collections.sort(sorted);
            ImmutableList<String> segmentList = ImmutableList.copyOf(sorted);
            sorted = null;
            int[] rank = new int[byId.length];
            for (int id = 0; id < byId.length; id++) {
                rank[id] = Segments.ALL.equals(byId[id]) ? -1 : java.util.Collections.binarySearch(segmentList, byId[id]);
            }
            if (calendar != null) {
                Spilled checked = aggregate(byId, null, null, null);
                throw checked.error != null ? checked.error : calendar;
            }
            java.nio.channels.FileChannel channel;
            try {
                channel = Spill.Series.open(spill.seriesFile());
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException("cannot create " + spill.seriesFile(), e);
            }
            try {
                int periods = Math.toIntExact(range[1] - range[0] + 1);
                Spilled done = aggregate(byId, new Layout(range[0], periods, metricsInOrder, rank), channel, segmentList);
                if (done.error != null) {
                    throw done.error;
                }
                reasonCounts[InputAccount.Reason.DUPLICATE.ordinal()] += done.duplicates;
                List<Long> examples = reasonExamples.get(InputAccount.Reason.DUPLICATE.ordinal());
                for (long line : done.duplicateExamples.values()) {
                    if (examples.size() < InputAccount.EXAMPLES) {
                        examples.add(line);
                    }
                }
                spill.deleteBuckets();
                Map<String, double[]> organisation = new LinkedHashMap<>(done.organisation);
                List<String> computed = new ArrayList<>();
                for (String metric : metricsInOrder) {
                    if (!organisation.containsKey(metric)) {
                        computed.add(metric);
                    }
                }
                Map<String, Integer> counts = counts(metricsInOrder, organisation::containsKey);
                Map<String, OrganisationGaps> gaps = gaps(metricsInOrder, organisation::containsKey);
                OrganisationStart summedFrom = declaredStart;
                if (!computed.isEmpty()) {
                    OrganisationStart[] own = new OrganisationStart[1];
                    organisation.putAll(organisation(channel, done.present, segmentList, metricsInOrder,
                            computed, range[0], periods, counts, gaps, own));
                    summedFrom = segmentList.isEmpty() ? declaredStart : own[0];
                }
                Spill.Series series = new Spill.Series(spill, channel, segmentList, metricsInOrder, periods,
                        done.present, organisation);
                spill = null;
                return new Frame(model.granularity(), dateOf(range[0]), periods, segmentList, metricsInOrder, null,
                        account(), series, rowDay(range[0], range[1]), counts, summedFrom, gaps);
            } catch (RuntimeException | Error e) {
                try {
                    channel.close();
                } catch (java.io.IOException ignored) {
                    // deleting anyway
                }
                throw e;
            }
        }

        /**
         * The organisation's series of {@code computed} metrics from the segments' series (exact sums); how many
         * segments each one sums goes to {@code counts}, its periods that sum fewer to {@code gaps}, where it begins to
         * {@code start[0]}. Two passes over the records: each segment's first period before the split, then the
         * members' sums.
         */
        private Map<String, double[]> organisation(java.nio.channels.FileChannel channel, java.util.BitSet present,
                List<String> segments, List<String> metrics, List<String> computed, long first, int periods,
                Map<String, Integer> counts, Map<String, OrganisationGaps> gaps, OrganisationStart[] start) {
            int split = organisationSplit(model, dateOf(first), periods);
            int m = metrics.size();
            Map<String, int[]> firsts = new LinkedHashMap<>();
            int[] begunOf = new int[segments.size()];
            for (int s = 0; s < segments.size(); s++) {
                Map<String, double[]> own = new LinkedHashMap<>();
                for (int j = 0; j < m && split >= 0; j++) {
                    if (present.get(s * m + j) && model.metric(metrics.get(j)).role() != Role.EXPOSURE) {
                        own.put(metrics.get(j), read(channel, s, j, m, periods, periods));
                    }
                }
                int[] f = firstAndBegun(own, split);
                begunOf[s] = f[1];
                if (f[0] >= 0) {
                    firsts.put(segments.get(s), f);
                }
            }
            Membership members = Membership.of(firsts, split, periods, this::dateOf, first);
            start[0] = members.start();
            SeriesSum[] sum = new SeriesSum[computed.size()];
            for (int k = 0; k < sum.length; k++) {
                sum[k] = SeriesSum.of(periods);
            }
            for (int s = 0; s < segments.size(); s++) {
                if (!countsInOrganisation(begunOf[s], members.first())) {
                    continue;
                }
                for (int k = 0; k < computed.size(); k++) {
                    int fm = metrics.indexOf(computed.get(k));
                    if (present.get(s * m + fm)) {
                        sum[k].add(read(channel, s, fm, m, periods, periods));
                    }
                }
            }
            Map<String, double[]> out = new LinkedHashMap<>();
            for (int k = 0; k < computed.size(); k++) {
                double[] values = sum[k].values(model.metric(computed.get(k)).aggregation());
                Arrays.fill(values, 0, members.first(), Double.NaN);
                String metric = computed.get(k);
                out.put(metric, values);
                counts.put(metric, sum[k].valuedSeries()); // a series of NaN alone gives nothing
                OrganisationGaps.of(sum[k], members.first(), split).ifPresent(x -> gaps.put(metric, x));
            }
            return out;
        }

        /** The first {@code length} periods of segment {@code s}'s series of metric {@code j} in the series file. */
        private static double[] read(java.nio.channels.FileChannel channel, int s, int j, int m, int periods,
                                     int length) {
            try {
                return Spill.Series.read(channel, ((long) s * m + j) * periods * Double.BYTES, length);
            } catch (java.nio.channels.ClosedChannelException e) {
                throw new java.io.UncheckedIOException("the series file closed while the frame was built", e);
            }
        }

        /**
         * The segments the organisation's series sums (in the builder's order, by name) and its first period ({@link
         * #organisationFirst}), with what {@link Frame#organisationStart} reports of it.
         */
        private record Membership(List<String> members, int first, OrganisationStart start) {
            /**
             * From each segment's first period with data before the split and the period by which it had begun
             * ({@code firstAndBegun}, in name order; segments without such data are absent; {@link
             * #firstBeforeSplit}, {@link #begunBeforeSplit}).
             */
            static Membership of(Map<String, int[]> firstAndBegun, int split, int periods,
                                 java.util.function.LongFunction<LocalDate> dateOf, long calendarFirst) {
                int[] firsts = new int[Math.max(periods, 1)];
                int[] begun = new int[Math.max(periods, 1)];
                for (int[] f : firstAndBegun.values()) {
                    if (f[1] >= 0) {
                        firsts[f[0]]++;
                        begun[f[1]]++;
                    }
                }
                int from = organisationFirst(firsts, begun, split);
                List<String> members = new ArrayList<>();
                List<String> examples = new ArrayList<>();
                int leftOut = 0;
                int earlier = 0;
                for (Map.Entry<String, int[]> e : firstAndBegun.entrySet()) {
                    if (countsInOrganisation(e.getValue()[1], from)) {
                        members.add(e.getKey());
                        earlier += e.getValue()[0] < from ? 1 : 0;
                    } else {
                        leftOut++;
                        if (examples.size() < OrganisationStart.EXAMPLES) {
                            examples.add(e.getKey());
                        }
                    }
                }
                return new Membership(members, from, new OrganisationStart(dateOf.apply(calendarFirst + from),
                        members.size(), earlier, leftOut, examples));
            }

            /** A segment's first period and the one by which it had begun, from its valued periods before the split. */
            static int[] firstAndBegun(boolean[] valued, int split, Granularity granularity) {
                return new int[] {Frame.first(valued, split), begun(valued, split, granularity)};
            }
        }

        /** Where a spilled frame's series go: its calendar, its metrics and each segment's rank. */
        private record Layout(long first, int periods, List<String> metrics, int[] rank) {
        }

        /** What aggregating the buckets found. */
        private static final class Spilled {
            InvalidDataException error;
            long errorSeq = Long.MAX_VALUE;
            long duplicates;
            /** The first duplicates' lines by their position in the input. */
            final java.util.TreeMap<Long, Long> duplicateExamples = new java.util.TreeMap<>();
            final Map<String, double[]> organisation = new HashMap<>();
            java.util.BitSet present;

            void fail(long seq, InvalidDataException e) {
                if (seq < errorSeq) {
                    errorSeq = seq;
                    error = e;
                }
            }

            void duplicate(long seq, long line) {
                duplicates++;
                duplicateExamples.put(seq, line);
                if (duplicateExamples.size() > InputAccount.EXAMPLES) {
                    duplicateExamples.pollLastEntry();
                }
            }
        }

        /**
         * Replays each cell's rows, bucket by bucket, in input order through the same accumulators as in memory: the
         * duplicates counted (or the earliest refused), overflows refused, and with a layout each series written to
         * the file at its segment's record.
         */
        private Spilled aggregate(String[] byId, Layout layout, java.nio.channels.FileChannel channel,
                                  List<String> segmentList) {
            Spilled out = new Spilled();
            int metrics = modelMetrics.size();
            boolean daily = model.granularity() == Granularity.DAY;
            int frameMetrics = layout == null ? 0 : layout.metrics.size();
            int[] frameIndex = new int[metrics];
            for (int k = 0; k < metrics; k++) {
                frameIndex[k] = layout == null ? -1 : layout.metrics.indexOf(modelMetrics.get(k).name());
            }
            if (layout != null) {
                out.present = new java.util.BitSet(segmentList.size() * frameMetrics);
            }
            java.nio.ByteBuffer buffer = layout == null ? null
                    : java.nio.ByteBuffer.allocate(layout.periods * Double.BYTES);
            for (int b = 0; b < Spill.BUCKETS; b++) {
                Spill.Rows rows = spill.read(b);
                if (rows.size == 0) {
                    continue;
                }
                int[][] cells = rows.byCell(byId.length, metrics);
                int[] start = cells[0];
                int[] order = cells[1];
                for (int c = 0; c + 1 < start.length; c++) {
                    if (start[c] == start[c + 1]) {
                        continue;
                    }
                    int id = (c / metrics) * Spill.BUCKETS + b;
                    Metric metric = modelMetrics.get(c % metrics);
                    Column column = new Column(metric.aggregation(), metric.role() == Role.EXPOSURE);
                    boolean failed = false;
                    for (int k = start[c]; k < start[c + 1] && !failed; k++) {
                        int i = order[k];
                        long epochDay = rows.epochDay[i];
                        LocalDate date = daily ? null : LocalDate.ofEpochDay(epochDay);
                        long ordinal = daily ? epochDay : ordinal(date);
                        int day = daily ? 0 : dayInPeriod(date);
                        double value = rows.value[i];
                        if (Double.isNaN(value)) {
                            mark(column, ordinal, day, rows.timed[i]);
                            continue;
                        }
                        if (!rows.timed[i] && column.seen(ordinal, day)) {
                            if (duplicates == Duplicates.REJECT) {
                                out.fail(rows.seq[i], new InvalidDataException(source, rows.line[i], 0, "a second row for "
                                        + metric.name() + " in segment " + dev.goodhart.internal.Text.clean(byId[id])
                                        + " on " + LocalDate.ofEpochDay(epochDay) + " (a re-export or a join fan-out?); "
                                        + "remove it, or accept duplicates (--duplicates aggregate) to aggregate them as "
                                        + metric.aggregation().name().toLowerCase(java.util.Locale.ROOT)
                                        + " and count them"));
                                failed = true;
                                continue;
                            }
                            out.duplicate(rows.seq[i], rows.line[i]);
                        }
                        if (!column.add(ordinal, epochDay, value, rows.timed[i])) {
                            out.fail(rows.seq[i], new InvalidDataException(source, rows.line[i], 0, "the value " + value
                                    + " makes the sum of " + metric.name() + " for segment "
                                    + dev.goodhart.internal.Text.clean(byId[id]) + " in the period of "
                                    + LocalDate.ofEpochDay(epochDay) + " overflow (beyond 1.8e308)"));
                            failed = true;
                        }
                    }
                    if (layout == null || out.error != null) {
                        continue;
                    }
                    double[] values = column.values(layout.first, layout.periods);
                    int fm = frameIndex[c % metrics];
                    int r = layout.rank[id];
                    if (r < 0) {
                        out.organisation.put(metric.name(), values);
                        continue;
                    }
                    out.present.set(r * frameMetrics + fm);
                    buffer.clear();
                    buffer.asDoubleBuffer().put(values);
                    long position = ((long) r * frameMetrics + fm) * layout.periods * Double.BYTES;
                    try {
                        while (buffer.hasRemaining()) {
                            channel.write(buffer, position + buffer.position());
                        }
                    } catch (java.io.IOException e) {
                        throw new java.io.UncheckedIOException("cannot write the frame's series file", e);
                    }
                }
            }
            return out;
        }

        /**
         * The aggregated value of one cell so far, read while the builder is still filling (a live scorer reads it).
         * An exposure's value is carried forward from its latest period with a row since the calendar's first (as the
         * frame {@link #build()} gives it).
         *
         * @param segment the segment's name
         * @param metric  the metric's name
         * @param ordinal the period's ordinal, from {@link #ordinalOf(LocalDate)}
         * @return the value, NaN when nothing arrived for that cell (for an exposure, none since the calendar's first)
         */
        public double valueAt(String segment, String metric, long ordinal) {
            Objects.requireNonNull(segment, "segment");
            Objects.requireNonNull(metric, "metric");
            if (spilling) {
                throw new IllegalStateException("valueAt: not available on a spilling builder (the rows are on disk)");
            }
            Map<String, Column> bySegment = cells.get(Segments.normalise(segment));
            Column c = bySegment == null ? null : bySegment.get(metric);
            if (c == null) {
                return Double.NaN;
            }
            if (!c.carried || minOrdinal == Long.MAX_VALUE) {
                return c.valueAt(ordinal, Long.MIN_VALUE);
            }
            if (calendarFirstAt != read) {
                // the calendar moves only with a new row: read once per row count, not per cell (a live scorer reads
                // every segment's exposure per closed period)
                calendarFirst = bulkRange(false)[0];
                calendarFirstAt = read;
            }
            return c.valueAt(ordinal, calendarFirst);
        }

        /**
         * The segments seen so far.
         *
         * @return an unmodifiable view of the segment names
         */
        public java.util.Set<String> segmentsSeen() {
            if (spilling) {
                throw new IllegalStateException("segmentsSeen: not available on a spilling builder");
            }
            return java.util.Collections.unmodifiableSet(segmentNames);
        }

        /**
         * The ordinal of the period a date falls in, under the model's granularity (days since the epoch, weeks since
         * the epoch's first Monday, or months since year 0).
         *
         * @param date a date
         * @return the period's ordinal
         */
        public long ordinalOf(LocalDate date) {
            Objects.requireNonNull(date, "date");
            return ordinal(date);
        }

        private long ordinal(LocalDate date) {
            LocalDate p = model.granularity().periodStart(date);
            switch (model.granularity()) {
                case DAY: return p.toEpochDay();
                case WEEK: return Math.floorDiv(p.toEpochDay() + 3, 7); // 1970-01-05 was a Monday
                default: return p.getYear() * 12L + p.getMonthValue() - 1;
            }
        }

        private LocalDate dateOf(long ordinal) {
            switch (model.granularity()) {
                case DAY: return LocalDate.ofEpochDay(ordinal);
                case WEEK: return LocalDate.ofEpochDay(ordinal * 7 - 3);
                default: return LocalDate.of((int) Math.floorDiv(ordinal, 12), (int) Math.floorMod(ordinal, 12) + 1, 1);
            }
        }
    }

    /** Per-cell running aggregate. */
    /**
     * The accumulators of one series, one slot per period from the first period seen, in primitive arrays that grow
     * in either direction: a running sum (NaN until a value arrives), a count for means, the day of the latest value
     * for "last".
     */
    private static final class Column {
        private final Aggregation aggregation;
        private long base;
        private int size;
        private double[] sum = new double[0];
        private int[] count;
        private long[] lastDay;
        private double[] last;
        /**
         * Per period, a bit per day that had a row (duplicates are a second row for the same day): a byte a period while
         * every day index is below 8 (days, weeks), widened to an int a period when a later day of a month arrives.
         */
        private byte[] days = new byte[0];
        private int[] monthDays;
        /**
         * Per period with more than one value, their exact sum (a packed expansion, {@link ExactSums#packed}); null
         * until some period gets a second value. A period's sum is then its exact sum rounded once, whatever the order of
         * its rows: a shuffle (Spark) or a reordered file gives the same frame, bit for bit.
         */
        private double[][] exact;

        /** Whether a period without a row takes the latest earlier period's value (an exposure: a head count). */
        private final boolean carried;
        /** The latest ordinal that had a value ({@link Long#MIN_VALUE} before the first). */
        private long lastValued = Long.MIN_VALUE;

        Column(Aggregation aggregation, boolean carried) {
            this.aggregation = aggregation;
            this.carried = carried;
            if (aggregation == Aggregation.MEAN) {
                count = new int[0];
            }
            if (aggregation == Aggregation.LAST) {
                lastDay = new long[0];
                last = new double[0];
            }
        }

        /** Makes room for the period without marking a day (a row with a time of day). */
        void touch(long ordinal) {
            slot(ordinal);
        }

        /** Marks day {@code day} of the period as having a row; whether it already had one. */
        boolean seen(long ordinal, int day) {
            int i = slot(ordinal);
            int bit = 1 << day;
            if (monthDays == null && day >= Byte.SIZE) {
                monthDays = new int[days.length];
                for (int k = 0; k < days.length; k++) {
                    monthDays[k] = days[k] & 0xFF;
                }
                days = null;
            }
            if (monthDays != null) {
                boolean before = (monthDays[i] & bit) != 0;
                monthDays[i] |= bit;
                return before;
            }
            boolean before = (days[i] & bit) != 0;
            days[i] |= (byte) bit;
            return before;
        }

        /**
         * Adds a value; false when the period's sum would overflow (then the column is spent: the builder refuses the
         * data). A second value of a period makes its sum exact (see {@link #exact}). For a last value, a later day's
         * value replaces an earlier one's, a later sample of the same day ({@code timed}) the earlier one's, and of two
         * dated rows of one day (a duplicate aggregated) the larger stands: read in file order, shuffling the rows
         * changed a team's verdict (helper-173), and a shuffle on a cluster gives no order at all.
         */
        boolean add(long ordinal, long epochDay, double value, boolean timed) {
            lastValued = Math.max(lastValued, ordinal);
            int i = slot(ordinal);
            double next;
            if (Double.isNaN(sum[i])) {
                next = value;
            } else {
                if (Double.isInfinite(sum[i] + value)) {
                    return false;
                }
                if (exact == null) {
                    exact = new double[sum.length][];
                }
                double[] e = exact[i] == null ? ExactSums.packed(sum[i]) : exact[i];
                e = ExactSums.addPacked(e, value);
                if (e == null) {
                    return false;
                }
                exact[i] = e;
                next = ExactSums.roundPacked(e);
                if (Double.isInfinite(next)) {
                    return false;
                }
            }
            sum[i] = next;
            if (count != null) {
                count[i]++;
            }
            if (last != null && (Double.isNaN(last[i]) || epochDay > lastDay[i]
                    || epochDay == lastDay[i] && (timed || value > last[i]))) {
                lastDay[i] = epochDay;
                last[i] = value;
            }
            return true;
        }

        /** The index of {@code ordinal}, growing the arrays (to the left or right, doubling) when needed. */
        private int slot(long ordinal) {
            if (size == 0) {
                base = ordinal;
                resize(0, 8);
                size = 1;
                return 0;
            }
            if (ordinal < base) {
                // grow to the left by at least the capacity it has (leading slots stay NaN), so that rows in
                // descending date order copy the arrays log(n) times rather than doubling them at every row
                int shift = Math.toIntExact(Math.max(base - ordinal, sum.length));
                resize(shift, sum.length + shift);
                base -= shift;
                size += shift;
                return Math.toIntExact(ordinal - base);
            }
            int i = Math.toIntExact(ordinal - base);
            if (i >= sum.length) {
                resize(0, Math.max(sum.length * 2, i + 1));
            }
            size = Math.max(size, i + 1);
            return i;
        }

        private void resize(int shift, int capacity) {
            sum = grow(sum, shift, capacity);
            if (exact != null) {
                double[][] e = new double[capacity][];
                System.arraycopy(exact, 0, e, shift, Math.min(exact.length, capacity - shift));
                exact = e;
            }
            if (monthDays != null) {
                int[] mask = new int[capacity];
                System.arraycopy(monthDays, 0, mask, shift, Math.min(monthDays.length, capacity - shift));
                monthDays = mask;
            } else {
                byte[] mask = new byte[capacity];
                System.arraycopy(days, 0, mask, shift, Math.min(days.length, capacity - shift));
                days = mask;
            }
            if (count != null) {
                int[] c = new int[capacity];
                System.arraycopy(count, 0, c, shift, Math.min(count.length, capacity - shift));
                count = c;
            }
            if (last != null) {
                long[] d = new long[capacity];
                System.arraycopy(lastDay, 0, d, shift, Math.min(lastDay.length, capacity - shift));
                lastDay = d;
                last = grow(last, shift, capacity);
            }
        }

        private static double[] grow(double[] a, int shift, int capacity) {
            double[] out = new double[capacity];
            Arrays.fill(out, Double.NaN);
            System.arraycopy(a, 0, out, shift, Math.min(a.length, capacity - shift));
            return out;
        }

        /** The aggregated value of one period, NaN where nothing arrived. */
        double valueAt(long ordinal, long floor) {
            long i = ordinal - base;
            if (carried && size > 0 && i >= 0) {
                // the latest period at or before this one (and not before the calendar's first) that had a row
                long lowest = floor == Long.MIN_VALUE ? 0 : Math.max(0, floor - base);
                if (lastValued != Long.MIN_VALUE && ordinal >= lastValued) {
                    i = lastValued - base; // the live case, the newest period: the latest value at once
                    if (i < lowest) {
                        return Double.NaN;
                    }
                } else {
                    i = Math.min(i, size - 1);
                    while (i > lowest && Double.isNaN(sum[(int) i])) {
                        i--;
                    }
                }
            }
            if (size == 0 || i < 0 || i >= size || Double.isNaN(sum[(int) i])) {
                return Double.NaN;
            }
            int k = (int) i;
            switch (aggregation) {
                case SUM:
                    return sum[k];
                case MEAN:
                    return sum[k] / count[k];
                default:
                    return last[k];
            }
        }

        /** Sets {@code valued[t]} where ordinal {@code from + t} has a value. */
        void markValued(long from, boolean[] valued) {
            for (long o = Math.max(from, base); o < Math.min(from + valued.length, base + size); o++) {
                if (!Double.isNaN(sum[(int) (o - base)])) {
                    valued[(int) (o - from)] = true;
                }
            }
        }

        /** The first ordinal in {@code [from, to)} with a value, or {@link Long#MAX_VALUE} where none has. */
        long firstValueIn(long from, long to) {
            for (long o = Math.max(from, base); o < Math.min(to, base + size); o++) {
                if (!Double.isNaN(sum[(int) (o - base)])) {
                    return o;
                }
            }
            return Long.MAX_VALUE;
        }

        /**
         * The aggregated values on the frame's calendar, NaN where nothing arrived (a carried column: before its first
         * value on the calendar).
         */
        double[] values(long minOrdinal, int periods) {
            double[] out = aggregated(minOrdinal, periods);
            if (carried) {
                for (int t = 1; t < periods; t++) {
                    if (Double.isNaN(out[t])) {
                        out[t] = out[t - 1];
                    }
                }
            }
            return out;
        }

        private double[] aggregated(long minOrdinal, int periods) {
            double[] out = new double[periods];
            Arrays.fill(out, Double.NaN);
            if (aggregation == Aggregation.SUM) {
                // a period's value is its sum, NaN where nothing arrived: the overlap of the two calendars, copied
                long from = Math.max(base, minOrdinal);
                long to = Math.min(base + size, minOrdinal + periods);
                if (from < to) {
                    System.arraycopy(sum, (int) (from - base), out, (int) (from - minOrdinal), (int) (to - from));
                }
                return out;
            }
            for (int i = 0; i < size; i++) {
                double v = sum[i];
                if (Double.isNaN(v)) {
                    continue;
                }
                long offset = base + i - minOrdinal;
                if (offset < 0 || offset >= periods) {
                    continue; // dropped: far outside the bulk of the data
                }
                int at = (int) offset;
                switch (aggregation) {
                    case SUM:
                        out[at] = v;
                        break;
                    case MEAN:
                        out[at] = v / count[i];
                        break;
                    default:
                        out[at] = last[i];
                        break;
                }
            }
            return out;
        }
    }
}
