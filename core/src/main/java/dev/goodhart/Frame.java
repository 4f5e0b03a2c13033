package dev.goodhart;

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

    private Frame(Granularity granularity, LocalDate start, int periods, List<String> segments, List<String> metrics,
            Map<String, double[]> data) {
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

    /**
     * Streams observations into per-period aggregates. Not thread-safe. Refuses a calendar longer than
     * {@value #MAX_YEARS} years (a mistyped year would make every series that long) with an
     * {@link IllegalArgumentException} naming the dates.
     */
    public static final class Builder {
        private final IntegrityModel model;
        /** segment to metric to column of period accumulators: primitive arrays, no per-point objects. */
        private final Map<String, Map<String, Column>> cells = new HashMap<>();
        private final TreeSet<String> segmentNames = new TreeSet<>();
        private final java.util.Set<String> metricNames = new java.util.HashSet<>();
        private long skipped;
        private long minOrdinal = Long.MAX_VALUE;
        private long maxOrdinal = Long.MIN_VALUE;

        private Builder(IntegrityModel model) {
            this.model = Objects.requireNonNull(model, "model");
        }

        /** Adds one observation; NaN values mark the period as seen but missing. */
        public Builder add(Observation o) {
            Metric metric = model.metrics().get(o.metric());
            if (metric == null) {
                skipped++;
                return this;
            }
            long ordinal = ordinal(o.date());
            long lo = Math.min(minOrdinal, ordinal);
            long hi = Math.max(maxOrdinal, ordinal);
            if (hi - lo + 1 > MAX_PERIODS.get(model.granularity())) {
                // a mistyped year (0026 for 2026) would make every series span two thousand years of periods
                LocalDate first = ordinal < minOrdinal ? o.date() : dateOf(minOrdinal);
                LocalDate last = ordinal > maxOrdinal ? o.date() : dateOf(maxOrdinal);
                throw new IllegalArgumentException("the dates span " + first + " to " + last + " (" + o.date()
                        + " for " + o.metric() + " in segment " + dev.goodhart.internal.Text.clean(o.segment())
                        + "); a calendar of more than " + MAX_YEARS + " years is refused: check for a mistyped year");
            }
            minOrdinal = lo;
            maxOrdinal = hi;
            if (!Segments.ALL.equals(o.segment())) {
                segmentNames.add(o.segment());
            }
            metricNames.add(o.metric());
            Column column = cells.computeIfAbsent(o.segment(), k -> new HashMap<>())
                    .computeIfAbsent(o.metric(), k -> new Column(metric.aggregation()));
            if (!Double.isNaN(o.value())) {
                column.add(ordinal, o.date().toEpochDay(), o.value());
            }
            return this;
        }

        /** Adds every observation. */
        public Builder addAll(Iterable<Observation> observations) {
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
            LocalDate start = dateOf(minOrdinal);
            int periods = Math.toIntExact(maxOrdinal - minOrdinal + 1);
            List<String> metricsInOrder = new ArrayList<>();
            for (String m : model.metrics().keySet()) {
                if (metricNames.contains(m)) {
                    metricsInOrder.add(m);
                }
            }
            Map<String, double[]> data = new LinkedHashMap<>();
            for (Map.Entry<String, Map<String, Column>> bySegment : cells.entrySet()) {
                for (Map.Entry<String, Column> e : bySegment.getValue().entrySet()) {
                    data.put(key(bySegment.getKey(), e.getKey()), e.getValue().values(minOrdinal, periods));
                }
            }
            for (String metric : metricsInOrder) {
                String orgKey = key(Segments.ALL, metric);
                if (!data.containsKey(orgKey)) {
                    data.put(orgKey, organisation(data, metric, model.metric(metric).aggregation(), periods));
                }
            }
            return new Frame(g, start, periods, new ArrayList<>(segmentNames), metricsInOrder, data);
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

        /** The aggregated value of one cell so far, NaN when nothing arrived (for {@link LiveScorer}). */
        double valueAt(String segment, String metric, long ordinal) {
            Map<String, Column> bySegment = cells.get(Segments.normalise(segment));
            Column c = bySegment == null ? null : bySegment.get(metric);
            return c == null ? Double.NaN : c.valueAt(ordinal);
        }

        /** The segments seen so far (for {@link LiveScorer}). */
        java.util.Set<String> segmentsSeen() {
            return java.util.Collections.unmodifiableSet(segmentNames);
        }

        /** The period ordinal of a date under the model's granularity (for {@link LiveScorer}). */
        long ordinalOf(LocalDate date) {
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

        void add(long ordinal, long epochDay, double value) {
            int i = slot(ordinal);
            sum[i] = Double.isNaN(sum[i]) ? value : sum[i] + value;
            if (count != null) {
                count[i]++;
            }
            if (last != null && (Double.isNaN(last[i]) || epochDay >= lastDay[i])) {
                lastDay[i] = epochDay;
                last[i] = value;
            }
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
                int at = (int) (base + i - minOrdinal);
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
