package dev.goodhart.source;

import dev.goodhart.model.Observation;
import dev.goodhart.model.Segments;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Days on which a source has no row of a metric, where no row means none happened. A SQL {@code GROUP BY day, team}
 * over a usage table, like many exports, has no row for a day nobody used the tool; read as they are, such days are
 * not observed, so each day's mean is taken over the days with use, and a team whose use spread over more days (a
 * script filling the weekends and the quiet weekdays) reads as using less (a reviewer's light users, on 25-60% of
 * weekdays, doubling with a script: 15 of 144 found with the rows of 0 written, 0 with them left out, every one
 * HEALTHY).
 *
 * <p>{@link #zeroWhenAbsent} reads such metrics as 0 on every day (week, month) without a row from each segment's
 * first row to its last (of any metric; a segment's span is its own, so a team that starts or stops is not filled
 * beyond it); a row with a missing value ({@code NA}) stays missing. Its rows are stepped as the metric's rows are:
 * weekly where every row of the metric falls on one weekday, monthly where every one falls on the first of a month,
 * daily otherwise. The days so read are handed to the sink by {@link ObservationSink#acceptAbsentZero}, which a
 * {@link dev.goodhart.model.Frame.Builder} counts apart from the rows read
 * ({@link dev.goodhart.model.InputAccount.Reason#ABSENT_ZERO}), and the sink is told how many in a
 * {@linkplain ObservationSink#warning warning}.
 *
 * <p>The metrics {@code checked} are only looked at: where one has no row of 0 anywhere and no row on days on which
 * segments that have rows of it have rows of other metrics (at least 10 such days, and 1% of its rows), the sink is
 * warned that absent days are read as not observed (the first 100,000 segments are looked at).
 *
 * <p>The rows are handed on as they arrive; what is kept is a set of days per segment and metric (a bit a day), and the
 * days made are handed on after the source's last row.
 */
public final class AbsentDays {
    /** The most segments the check of undeclared metrics looks at (the declared ones are filled for every segment). */
    static final int CHECKED_SEGMENTS = 100_000;
    /** The fewest days without a row, and the share of a checked metric's rows, that raise the warning. */
    static final int WARN_DAYS = 10;
    static final double WARN_SHARE = 0.01;

    private AbsentDays() {
    }

    /**
     * The source with {@code zero}'s days without a row read as 0 within each segment's span, and {@code checked}'s
     * looked at (see the class description).
     *
     * @param source  the source
     * @param zero    metrics whose absent days are 0 (may be empty)
     * @param checked metrics to warn about where their rows look like it (may be empty)
     * @return a source of the same name that reads {@code source} again on every read
     */
    public static ObservationSource zeroWhenAbsent(ObservationSource source, Collection<String> zero,
                                                   Collection<String> checked) {
        Objects.requireNonNull(source, "source");
        Set<String> zeroSet = Set.copyOf(Objects.requireNonNull(zero, "zero"));
        Set<String> checkedSet = new LinkedHashSet<>(Objects.requireNonNull(checked, "checked"));
        checkedSet.removeAll(zeroSet);
        if (zeroSet.isEmpty() && checkedSet.isEmpty()) {
            return source;
        }
        return new ObservationSource() {
            @Override
            public String name() {
                return source.name();
            }

            @Override
            public long read(ObservationSink sink) throws SourceException {
                Objects.requireNonNull(sink, "sink");
                Tracker tracker = new Tracker(zeroSet, checkedSet, sink);
                long read = source.read(tracker);
                return read + tracker.finish();
            }

            @Override
            public String toString() {
                return "AbsentDays[" + source + ", zero " + zeroSet + "]";
            }
        };
    }

    /** The sink that hands every row on and keeps the days of each segment and metric. */
    private static final class Tracker implements ObservationSink {
        private final Set<String> zero;
        private final Set<String> checked;
        private final ObservationSink sink;
        /** Per segment: its first and last day of any row, and the days of each tracked metric. */
        private final Map<String, SegmentDays> segments = new LinkedHashMap<>();
        /** Per tracked metric: the weekdays and days of the month its rows fell on, its rows, and whether one was 0. */
        private final Map<String, MetricShape> shapes = new HashMap<>();

        Tracker(Set<String> zero, Set<String> checked, ObservationSink sink) {
            this.zero = zero;
            this.checked = checked;
            this.sink = sink;
        }

        @Override
        public void accept(Observation o, long line, int column, boolean timed) {
            sink.accept(o, line, column, timed);
            String segment = o.segment();
            if (Segments.ALL.equals(segment)) {
                return;
            }
            boolean filled = zero.contains(o.metric());
            boolean looked = checked.contains(o.metric());
            SegmentDays days = segments.get(segment);
            if (days == null) {
                if (!filled && segments.size() >= CHECKED_SEGMENTS && zero.isEmpty()) {
                    return;
                }
                days = new SegmentDays();
                segments.put(segment, days);
            }
            long day = o.date().toEpochDay();
            days.first = Math.min(days.first, day);
            days.last = Math.max(days.last, day);
            if (filled || looked) {
                days.of(o.metric()).add(day);
                shapes.computeIfAbsent(o.metric(), m -> new MetricShape()).add(o);
            } else if (!checked.isEmpty()) {
                days.others.add(day);
            }
        }

        @Override
        public void warning(String message) {
            sink.warning(message);
        }

        @Override
        public void acceptAbsentZero(Observation observation) {
            sink.acceptAbsentZero(observation);
        }

        /** Hands on the days made and the warnings; how many days were made. */
        long finish() {
            long made = 0;
            for (String metric : zero) {
                MetricShape shape = shapes.get(metric);
                long n = 0;
                for (Map.Entry<String, SegmentDays> e : segments.entrySet()) {
                    SegmentDays days = e.getValue();
                    DaySet own = days.metrics.get(metric);
                    for (LocalDate d : steps(shape, days.first, days.last)) {
                        if (own == null || !own.contains(d.toEpochDay())) {
                            sink.acceptAbsentZero(new Observation(d, e.getKey(), metric, 0));
                            n++;
                        }
                    }
                }
                if (n > 0) {
                    sink.warning(String.format(Locale.ROOT, "%s: %,d %s without a row read as 0 (declared zero when "
                            + "absent), from each segment's first row to its last", metric, n,
                            unit(shape, n)));
                }
                made += n;
            }
            for (String metric : checked) {
                MetricShape shape = shapes.get(metric);
                if (shape == null || shape.zeros > 0) {
                    continue;
                }
                long absent = 0;
                for (SegmentDays days : segments.values()) {
                    DaySet own = days.metrics.get(metric);
                    if (own != null) {
                        // (a segment without any row of it lacks the metric, which its pairs' notes say)
                        absent += days.others.countNotIn(own);
                    }
                }
                if (absent >= WARN_DAYS && absent >= WARN_SHARE * shape.rows) {
                    sink.warning(String.format(Locale.ROOT, "%s has no row of 0 and none on %,d days on which the same "
                            + "segments have rows of other metrics: if days without it are left out (a SQL GROUP BY "
                            + "over a usage table), they are read as not observed, not as 0, and a segment whose %s "
                            + "spread over more days reads as less; declare it zero when absent (--absent-zero %s) or "
                            + "write the rows of 0", metric, absent, metric, metric));
                }
            }
            return made;
        }

        private static String unit(MetricShape shape, long n) {
            int step = shape == null ? 1 : shape.step();
            String u = step == 7 ? "week" : step == 30 ? "month" : "day";
            return n == 1 ? u : u + "s";
        }

        /** The dates from {@code first} to {@code last} stepped as the metric's rows are. */
        private static List<LocalDate> steps(MetricShape shape, long first, long last) {
            List<LocalDate> out = new ArrayList<>();
            int step = shape == null ? 1 : shape.step();
            LocalDate d = LocalDate.ofEpochDay(first);
            LocalDate end = LocalDate.ofEpochDay(last);
            if (step == 7) {
                while (d.getDayOfWeek() != shape.weekday()) {
                    d = d.plusDays(1);
                }
            } else if (step == 30 && d.getDayOfMonth() != 1) {
                d = d.withDayOfMonth(1).plusMonths(1);
            }
            for (; !d.isAfter(end); d = step == 30 ? d.plusMonths(1) : d.plusDays(step)) {
                out.add(d);
            }
            return out;
        }
    }

    /** A segment's span and its days of each metric. */
    private static final class SegmentDays {
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;
        final Map<String, DaySet> metrics = new HashMap<>(4);
        /** The days of the segment's rows of metrics neither filled nor checked. */
        final DaySet others = new DaySet();

        DaySet of(String metric) {
            return metrics.computeIfAbsent(metric, m -> new DaySet());
        }
    }

    /** How a metric's rows fall on the calendar. */
    private static final class MetricShape {
        /** Bit {@code d} set where a row fell on weekday {@code d} (0 Monday). */
        int weekdays;
        boolean allFirstOfMonth = true;
        long rows;
        long zeros;

        void add(Observation o) {
            weekdays |= 1 << (o.date().getDayOfWeek().getValue() - 1);
            allFirstOfMonth &= o.date().getDayOfMonth() == 1;
            rows++;
            zeros += o.value() == 0 ? 1 : 0;
        }

        /** 7 where every row fell on one weekday, 30 where on the first of a month, 1 otherwise. */
        int step() {
            if (rows < 2) {
                return 1;
            }
            if (allFirstOfMonth) {
                return 30;
            }
            return Integer.bitCount(weekdays) == 1 ? 7 : 1;
        }

        DayOfWeek weekday() {
            return DayOfWeek.of(Integer.numberOfTrailingZeros(weekdays) + 1);
        }
    }

    /** A set of epoch days, a bit each, from its lowest day up (grown either way). */
    static final class DaySet {
        private long base = Long.MIN_VALUE;
        private long[] words = new long[0];

        void add(long day) {
            if (base == Long.MIN_VALUE) {
                base = day - Math.floorMod(day, 64);
            }
            if (day < base) {
                int shift = (int) ((base - day + 63) / 64);
                long[] grown = new long[words.length + shift];
                System.arraycopy(words, 0, grown, shift, words.length);
                words = grown;
                base -= 64L * shift;
            }
            int w = (int) ((day - base) >>> 6);
            if (w >= words.length) {
                words = Arrays.copyOf(words, Math.max(w + 1, words.length * 2));
            }
            words[w] |= 1L << ((day - base) & 63);
        }

        boolean contains(long day) {
            if (base == Long.MIN_VALUE || day < base) {
                return false;
            }
            long w = (day - base) >>> 6;
            return w < words.length && (words[(int) w] & (1L << ((day - base) & 63))) != 0;
        }

        /** How many of this set's days {@code other} (null: empty) does not hold. */
        long countNotIn(DaySet other) {
            long n = 0;
            for (int w = 0; w < words.length; w++) {
                long bits = words[w];
                while (bits != 0) {
                    long day = base + 64L * w + Long.numberOfTrailingZeros(bits);
                    n += other != null && other.contains(day) ? 0 : 1;
                    bits &= bits - 1;
                }
            }
            return n;
        }
    }
}
