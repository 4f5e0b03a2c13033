package dev.goodhart.model;

import dev.goodhart.scoring.LiveScorer;

import com.google.common.collect.ImmutableList;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeSet;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The data, columnar: for every segment and metric one {@code double[]} on a regular calendar of periods (days, weeks
 * or months), each period the aggregate of that metric's observations in it. A period with no observation is
 * {@link Double#NaN} (explicitly missing, never zero).
 *
 * <p>The whole organisation ({@link Segments#ALL}) has a series too: the rows whose segment was empty, when the input
 * has them for that metric; otherwise the per-period aggregate across segments (the sum for summed and last-value
 * metrics, the mean of the segment values for averaged metrics).
 *
 * <p>Immutable and safe to share between threads. Series are copied on the way out.
 */
public final class Frame {
    private static final Logger LOG = LoggerFactory.getLogger(Frame.class);

    private final Granularity granularity;
    private final LocalDate start;
    private final int periods;
    private final ImmutableList<String> segments;
    private final ImmutableList<String> metrics;
    /** key "segment\u0000metric" to values; includes the organisation series under {@link Segments#ALL}. */
    private final Map<String, double[]> data;
    private final InputAccount input;

    private Frame(Granularity granularity, LocalDate start, int periods, List<String> segments, List<String> metrics,
            Map<String, double[]> data, InputAccount input) {
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
        return data.containsKey(key(segment, metric));
    }

    /**
     * A copy of the series for a segment ({@code "*"} for the whole organisation) and metric, one value per period,
     * NaN where missing.
     *
     * @throws IllegalArgumentException naming the segment or metric when the frame has no such series
     */
    public double[] series(String segment, String metric) {
        double[] values = data.get(key(segment, metric));
        if (values == null) {
            if (!metrics.contains(metric)) {
                throw new IllegalArgumentException("unknown metric '" + metric + "'; the data has " + metrics);
            }
            throw new IllegalArgumentException("no data for metric '" + metric + "' in segment '" + segment + "'");
        }
        return values.clone();
    }

    /** Number of values that are present (not missing) across all segment series, organisation excluded. */
    public long presentCount() {
        long n = 0;
        for (String s : segments) {
            for (String m : metrics) {
                double[] v = data.get(key(s, m));
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
                || !segments.equals(f.segments) || !metrics.equals(f.metrics) || !data.keySet().equals(f.data.keySet())) {
            return false;
        }
        for (Map.Entry<String, double[]> e : data.entrySet()) {
            if (!Arrays.equals(e.getValue(), f.data.get(e.getKey()))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public int hashCode() {
        int h = Objects.hash(granularity, start, periods, segments, metrics);
        for (String s : segments) {
            for (String m : metrics) {
                double[] v = data.get(key(s, m));
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
        private long used;
        private final long[] reasonCounts = new long[InputAccount.Reason.values().length];
        private final List<List<Long>> reasonExamples = new ArrayList<>();
        private long minLine;
        private long maxLine;
        /** Rows per period ordinal, from {@link #histogramBase}: the bulk of the data's dates. */
        private long[] histogram = new long[0];
        private long histogramBase;
        /** segment to metric to column of period accumulators: primitive arrays, no per-point objects. */
        private final Map<String, Map<String, Column>> cells = new HashMap<>();
        private final TreeSet<String> segmentNames = new TreeSet<>();
        private final java.util.Set<String> metricNames = new java.util.HashSet<>();
        private long skipped;
        private long minOrdinal = Long.MAX_VALUE;
        private long maxOrdinal = Long.MIN_VALUE;

        private Builder(IntegrityModel model) {
            this.model = Objects.requireNonNull(model, "model");
            this.maxPeriods = MAX_PERIODS.get(model.granularity());
            for (int i = 0; i < reasonCounts.length; i++) {
                reasonExamples.add(new ArrayList<>());
            }
        }

        /** What to do with a second row for the same day, segment and metric; {@link Duplicates#AGGREGATE} by default. */
        public Builder duplicates(Duplicates policy) {
            this.duplicates = Objects.requireNonNull(policy, "policy");
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

        /** Adds a row whose fields are valid (as an {@link Observation}'s): the segment normalised. */
        private Builder add(LocalDate date, String segment, String metricName, double value, long line, boolean isLine,
                            boolean timed) {
            lines |= isLine;
            read++;
            Metric metric = model.metrics().get(metricName);
            if (metric == null) {
                skipped++;
                count(InputAccount.Reason.UNDECLARED_METRIC, line);
                return this;
            }
            if (metric.nonNegative() && value < 0) {
                throw new InvalidDataException(source, line, 0, metricName + " is declared non-negative (a count), found "
                        + value + " for segment " + dev.goodhart.internal.Text.clean(segment) + " on " + date);
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
                throw new InvalidDataException(source, line, 0, "the dates span " + first + " to " + last + " ("
                        + date + " for " + metricName + " in segment "
                        + dev.goodhart.internal.Text.clean(segment) + "); a calendar of more than " + MAX_YEARS
                        + " years is refused: check for a mistyped year");
            }
            if (ordinal < minOrdinal) {
                minLine = line;
            }
            if (ordinal > maxOrdinal) {
                maxLine = line;
            }
            minOrdinal = lo;
            maxOrdinal = hi;
            histogram(ordinal);
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
                column = new Column(metric.aggregation());
                bySegment.put(metricName, column);
                metricNames.add(metricName);
            }
            int day = daily ? 0 : dayInPeriod(date);
            if (Double.isNaN(value)) {
                count(InputAccount.Reason.MISSING_VALUE, line);
                column.seen(ordinal, day);
                return this;
            }
            if (column.seen(ordinal, day) && !timed) {
                if (duplicates == Duplicates.REJECT) {
                    throw new InvalidDataException(source, line, 0, "a second row for " + metricName + " in segment "
                            + dev.goodhart.internal.Text.clean(segment) + " on " + date
                            + " (a re-export or a join fan-out?); remove it, or accept duplicates (--duplicates aggregate) to "
                            + "aggregate them as " + metric.aggregation().name().toLowerCase(java.util.Locale.ROOT)
                            + " and count them");
                }
                count(InputAccount.Reason.DUPLICATE, line);
            }
            if (!column.add(ordinal, epochDay, value)) {
                throw new InvalidDataException(source, line, 0, "the value " + value + " makes the sum of "
                        + metricName + " for segment " + dev.goodhart.internal.Text.clean(segment) + " in the period of "
                        + date + " overflow (beyond 1.8e308)");
            }
            used++;
            return this;
        }

        private void count(InputAccount.Reason reason, long line) {
            reasonCounts[reason.ordinal()]++;
            List<Long> examples = reasonExamples.get(reason.ordinal());
            if (examples.size() < InputAccount.EXAMPLES) {
                examples.add(line);
            }
        }

        /** The day's position inside its period (0 for daily data; 0-6 in a week; 0-30 in a month). */
        private int dayInPeriod(LocalDate date) {
            return (int) (date.toEpochDay() - model.granularity().periodStart(date).toEpochDay());
        }

        private void histogram(long ordinal) {
            if (histogram.length == 0) {
                histogram = new long[16];
                histogramBase = ordinal;
            }
            if (ordinal < histogramBase) {
                int shift = Math.toIntExact(histogramBase - ordinal);
                long[] h = new long[Math.max(histogram.length * 2, histogram.length + shift)];
                System.arraycopy(histogram, 0, h, shift, histogram.length);
                histogram = h;
                histogramBase = ordinal;
            }
            int i = Math.toIntExact(ordinal - histogramBase);
            if (i >= histogram.length) {
                histogram = Arrays.copyOf(histogram, Math.max(histogram.length * 2, i + 1));
            }
            histogram[i]++;
        }

        /** The account of the rows so far. */
        public InputAccount account() {
            Map<InputAccount.Reason, Long> counts = new java.util.EnumMap<>(InputAccount.Reason.class);
            Map<InputAccount.Reason, List<Long>> examples = new java.util.EnumMap<>(InputAccount.Reason.class);
            for (InputAccount.Reason r : InputAccount.Reason.values()) {
                counts.put(r, reasonCounts[r.ordinal()]);
                examples.put(r, reasonExamples.get(r.ordinal()));
            }
            return new InputAccount(read, used, counts, examples, lines ? "line" : "row");
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
            if (metricNames.isEmpty()) {
                throw new IllegalArgumentException("no observation belongs to a metric of the model "
                        + model.metrics().keySet() + (skipped > 0 ? " (" + skipped + " observations of other metrics)" : ""));
            }
            if (skipped > 0) {
                LOG.debug("skipped {} observations of metrics the model does not declare", skipped);
            }
            Granularity g = model.granularity();
            long[] range = bulkRange();
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
            for (String metric : metricsInOrder) {
                String orgKey = key(Segments.ALL, metric);
                if (!data.containsKey(orgKey)) {
                    data.put(orgKey, organisation(data, metric, model.metric(metric).aggregation(), periods));
                }
            }
            return new Frame(g, start, periods, new ArrayList<>(segmentNames), metricsInOrder, data, account());
        }

        /**
         * The calendar's first and last period: the data's, unless rows lie far outside its bulk. The periods that
         * hold values are cut into clusters wherever more than a year passes without one; the cluster with the most
         * rows is the bulk, and any other cluster holding at most 1% of the rows (at least one) and a tenth of the
         * bulk's is a mistyped date: refused, naming the line of the earliest or latest row, or dropped and counted.
         */
        private long[] bulkRange() {
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
                return new long[] {Math.min(minOrdinal, histogramBase + current[0]),
                        Math.max(maxOrdinal, histogramBase + current[1])};
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
                    throw new InvalidDataException(source, before ? minLine : maxLine, 0, c[2] + " row"
                            + (c[2] == 1 ? "" : "s") + " dated " + dateOf(histogramBase + c[0])
                            + (c[0] == c[1] ? "" : " to " + at) + (c[2] == 1 ? " lies" : " lie") + " more than a year " + (before ? "before" : "after")
                            + " the bulk of the data (" + bulk[2] + " rows, " + dateOf(histogramBase + bulk[0]) + " to "
                            + dateOf(histogramBase + bulk[1]) + "): a mistyped year? Correct "
                            + (c[2] == 1 ? "it" : "them") + ", or drop and count such rows (--drop-outlying-dates)");
                }
                dropped += c[2];
                count(InputAccount.Reason.OUTSIDE_RANGE, c[0] < bulk[0] ? minLine : maxLine);
                reasonCounts[InputAccount.Reason.OUTSIDE_RANGE.ordinal()] += c[2] - 1;
            }
            used -= dropped;
            return new long[] {histogramBase + from, histogramBase + to};
        }

        private double[] organisation(Map<String, double[]> data, String metric, Aggregation agg, int periods) {
            double[] sum = new double[periods];
            int[] count = new int[periods];
            for (String s : segmentNames) {
                double[] v = data.get(key(s, metric));
                if (v == null) {
                    continue;
                }
                for (int i = 0; i < periods; i++) {
                    if (!Double.isNaN(v[i])) {
                        sum[i] += v[i];
                        count[i]++;
                    }
                }
            }
            double[] out = new double[periods];
            for (int i = 0; i < periods; i++) {
                out[i] = count[i] == 0 ? Double.NaN : agg == Aggregation.MEAN ? sum[i] / count[i] : sum[i];
            }
            return out;
        }

        /**
         * The aggregated value of one cell so far, read while the builder is still filling (a live scorer reads it).
         *
         * @param segment the segment's name
         * @param metric  the metric's name
         * @param ordinal the period's ordinal, from {@link #ordinalOf(LocalDate)}
         * @return the value, NaN when nothing arrived for that cell
         */
        public double valueAt(String segment, String metric, long ordinal) {
            Objects.requireNonNull(segment, "segment");
            Objects.requireNonNull(metric, "metric");
            Map<String, Column> bySegment = cells.get(Segments.normalise(segment));
            Column c = bySegment == null ? null : bySegment.get(metric);
            return c == null ? Double.NaN : c.valueAt(ordinal);
        }

        /**
         * The segments seen so far.
         *
         * @return an unmodifiable view of the segment names
         */
        public java.util.Set<String> segmentsSeen() {
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
        /** Per period, a bit per day that had a row (duplicates are a second row for the same day). */
        private int[] days = new int[0];

        Column(Aggregation aggregation) {
            this.aggregation = aggregation;
            if (aggregation == Aggregation.MEAN) {
                count = new int[0];
            }
            if (aggregation == Aggregation.LAST) {
                lastDay = new long[0];
                last = new double[0];
            }
        }

        /** Marks day {@code day} of the period as having a row; whether it already had one. */
        boolean seen(long ordinal, int day) {
            int i = slot(ordinal);
            int bit = 1 << day;
            boolean before = (days[i] & bit) != 0;
            days[i] |= bit;
            return before;
        }

        /** Adds a value; false (and nothing added) when the period's sum would overflow. */
        boolean add(long ordinal, long epochDay, double value) {
            int i = slot(ordinal);
            double next = Double.isNaN(sum[i]) ? value : sum[i] + value;
            if (Double.isInfinite(next)) {
                return false;
            }
            sum[i] = next;
            if (count != null) {
                count[i]++;
            }
            if (last != null && (Double.isNaN(last[i]) || epochDay >= lastDay[i])) {
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
                int shift = Math.toIntExact(base - ordinal);
                int capacity = Math.max(sum.length * 2, size + shift);
                resize(shift, capacity);
                base = ordinal;
                size += shift;
                return 0;
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
            int[] mask = new int[capacity];
            System.arraycopy(days, 0, mask, shift, Math.min(days.length, capacity - shift));
            days = mask;
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
        double valueAt(long ordinal) {
            long i = ordinal - base;
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

        /** The aggregated values on the frame's calendar, NaN where nothing arrived. */
        double[] values(long minOrdinal, int periods) {
            double[] out = new double[periods];
            Arrays.fill(out, Double.NaN);
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
