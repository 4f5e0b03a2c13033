package dev.goodhart.source;

import dev.goodhart.model.Observation;
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
 * <p>{@link #zeroWhenAbsent} reads such a metric as 0 on every day (week, month) without a row of it, within each
 * segment's rows (its first to its last row of any metric, so a team that starts or stops is not filled beyond them)
 * and within the metric's own (its first to its last row in any segment, so an export that begins later than the
 * outcome's history says nothing of the days before it); the organisation's own rows (an empty segment) are a segment
 * here too. A segment without any row of the metric is not filled (it lacks the metric, which its pairs' notes say:
 * a name written otherwise in another export must not read as a team that never used the tool), and a row with a
 * missing value ({@code NA}) stays missing. The metric's rows must be stepped plainly: daily (on three or more weekdays,
 * a segment's rows a day apart somewhere, up to 6 for light use), weekly (all on one weekday, a week apart somewhere)
 * or monthly (all on the first of a month); otherwise (a sprint's rows every two weeks, weekly rows on mixed weekdays, month ends) nothing is
 * read as 0 and the sink is told why. The days so read are handed to the sink by {@link
 * ObservationSink#acceptAbsentZero}, which a {@link dev.goodhart.model.Frame.Builder} takes for a summed metric only
 * and counts apart from the rows read ({@link dev.goodhart.model.InputAccount.Reason#ABSENT_ZERO}), and the sink is
 * told how many in a {@linkplain ObservationSink#warning warning}. They come after the source's last row, for days
 * already past: for a whole source read at once, not a live stream.
 *
 * <p>The metrics {@code checked} are only looked at: where one has no row of 0 anywhere and no row on days on which
 * segments that have rows of it have rows of other metrics (at least 10 such days, and 1% of its rows; a metric given
 * once a week or month is looked at period by period: at least 3 of its weeks or months without a row in which the
 * segment has rows of other metrics), the sink is warned that absent days are read as not observed (the first 100,000
 * segments are looked at).
 *
 * <p>The rows are handed on as they arrive; what is kept is a set of days per segment and metric (a bit a day; about
 * 300 bytes a segment), and the days made are handed on after the source's last row.
 */
public final class AbsentDays {
    /** The most segments the check of undeclared metrics looks at (the declared ones are filled for every segment). */
    static final int CHECKED_SEGMENTS = 100_000;
    /** The fewest days without a row, and the share of a checked metric's rows, that raise the warning. */
    static final int WARN_DAYS = 10;
    /** As {@link #WARN_DAYS}, for a metric given once a week or month: the fewest such periods. */
    static final int WARN_PERIODS = 3;
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
            String segment = o.segment(); // the organisation's own rows ("*") are a segment here too
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
                if (shape == null) {
                    continue; // no row of it at all: the command line and the frame say the metric is missing
                }
                int step = step(shape, metric, true);
                if (step == 0) {
                    continue;
                }
                long n = 0;
                for (Map.Entry<String, SegmentDays> e : segments.entrySet()) {
                    SegmentDays days = e.getValue();
                    DaySet own = days.metrics.get(metric);
                    if (own == null) {
                        // a segment without any row of it lacks the metric (a name written otherwise in another
                        // export?), which its pairs' notes say: not read as never used
                        continue;
                    }
                    // within the segment's rows and the metric's own (an export that begins later than the outcome's
                    // history says nothing of the days before it)
                    long from = Math.max(days.first, shape.first);
                    long to = Math.min(days.last, shape.last);
                    for (LocalDate d = firstStep(step, shape, from); d.toEpochDay() <= to;
                            d = step == MONTHLY ? d.plusMonths(1) : d.plusDays(step)) {
                        if (!own.contains(d.toEpochDay())) {
                            sink.acceptAbsentZero(new Observation(d, e.getKey(), metric, 0));
                            n++;
                        }
                    }
                }
                if (n > 0) {
                    sink.warning(String.format(Locale.ROOT, "%s: %,d %s without a row read as 0 (declared zero when "
                            + "absent), within each segment's rows and the metric's", metric, n,
                            unit(step, n)));
                }
                made += n;
            }
            for (String metric : checked) {
                MetricShape shape = shapes.get(metric);
                if (shape == null || shape.zeros > 0) {
                    continue;
                }
                // a metric given once a week (or month) is looked at week by week: the other metrics' days between
                // its rows are not days without it (weekly token totals beside daily cycle times had read as 480
                // days left out, and declaring it zero when absent changed nothing)
                int step = step(shape, metric, false);
                boolean periodic = step == WEEKLY || step == MONTHLY;
                long absent = 0;
                for (SegmentDays days : segments.values()) {
                    DaySet own = days.metrics.get(metric);
                    if (own == null) {
                        continue; // a segment without any row of it lacks the metric, which its pairs' notes say
                    }
                    if (!periodic) {
                        absent += days.others.countNotIn(own);
                        continue;
                    }
                    long to = Math.min(days.last, shape.last);
                    for (LocalDate d = firstStep(step, shape, Math.max(days.first, shape.first)); d.toEpochDay() <= to;
                            d = step == MONTHLY ? d.plusMonths(1) : d.plusDays(step)) {
                        LocalDate next = step == MONTHLY ? d.plusMonths(1) : d.plusDays(step);
                        // a period without it where the segment has rows of other metrics (an outage of every metric
                        // is no day without use, and declaring it zero would invent weeks of none)
                        absent += !own.contains(d.toEpochDay())
                                && days.others.anyIn(d.toEpochDay(), next.toEpochDay()) ? 1 : 0;
                    }
                }
                if (absent >= (periodic ? WARN_PERIODS : WARN_DAYS) && absent >= WARN_SHARE * shape.rows) {
                    String unit = unit(periodic ? step : DAILY, 2);
                    String at = periodic ? "in" : "on";
                    sink.warning(String.format(Locale.ROOT, "%s has no row of 0 and none %s %,d %s %s which the same "
                            + "segments have rows of other metrics: if %s without it are left out (a SQL GROUP BY "
                            + "over a usage table), they are read as not observed, not as 0, and a segment whose %s "
                            + "spread over more %s reads as less; declare it zero when absent (--absent-zero %s) or "
                            + "write the rows of 0", metric, at, absent, unit, at, unit, metric, unit, metric));
                }
            }
            return made;
        }

        private static String unit(int step, long n) {
            String u = step == WEEKLY ? "week" : step == MONTHLY ? "month" : "day";
            return n == 1 ? u : u + "s";
        }

        /**
         * How the metric's rows are stepped, from the weekdays they fall on and each segment's smallest gap between
         * two of its rows (the median over segments): {@link #DAILY} on three or more weekdays with rows a day apart
         * somewhere in a segment (up to 6 days: light use), {@link #WEEKLY} on one weekday with rows a week apart,
         * {@link #MONTHLY} on the first of months a month apart; otherwise 0 (nothing is read as 0, and for a metric
         * {@code declared} zero when absent the sink is told why: a sprint's
         * rows every two weeks, weekly rows on mixed weekdays, month ends), which the period's inference or the
         * declaration must settle first.
         */
        private int step(MetricShape shape, String metric, boolean declared) {
            List<Integer> smallest = new ArrayList<>();
            for (SegmentDays days : segments.values()) {
                DaySet own = days.metrics.get(metric);
                int g = own == null ? -1 : own.smallestGap();
                if (g > 0) {
                    smallest.add(g);
                }
            }
            java.util.Collections.sort(smallest);
            int gap = smallest.isEmpty() ? 1 : smallest.get((smallest.size() - 1) / 2);
            int weekdays = Integer.bitCount(shape.weekdays);
            if (shape.allFirstOfMonth && shape.rows >= 2 && gap >= 28 && gap <= 31) {
                return MONTHLY;
            }
            if (weekdays == 1 && shape.rows >= 2 && gap == 7) {
                return WEEKLY;
            }
            if (weekdays >= 3 && gap <= 6 || shape.rows < 2) {
                return DAILY;
            }
            if (!declared) {
                return 0;
            }
            sink.warning(String.format(Locale.ROOT, "%s is declared zero when absent, but its rows are neither daily "
                    + "nor weekly on one weekday nor monthly on the first (on %d weekday%s, a segment's rows at least "
                    + "%d days apart): no day was read as 0", metric, weekdays, weekdays == 1 ? "" : "s", gap));
            return 0;
        }

        /** The first day from {@code first} on that the metric's step falls on (its weekday; the first of a month). */
        private static LocalDate firstStep(int step, MetricShape shape, long first) {
            LocalDate d = LocalDate.ofEpochDay(first);
            if (step == WEEKLY) {
                while (d.getDayOfWeek() != shape.weekday()) {
                    d = d.plusDays(1);
                }
            } else if (step == MONTHLY && d.getDayOfMonth() != 1) {
                d = d.withDayOfMonth(1).plusMonths(1);
            }
            return d;
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

    private static final int DAILY = 1;
    private static final int WEEKLY = 7;
    private static final int MONTHLY = 30;

    /** How a metric's rows fall on the calendar. */
    private static final class MetricShape {
        /** Bit {@code d} set where a row fell on weekday {@code d} (0 Monday). */
        int weekdays;
        boolean allFirstOfMonth = true;
        long rows;
        long zeros;
        /** The first and last day of any row of the metric. */
        long first = Long.MAX_VALUE;
        long last = Long.MIN_VALUE;

        void add(Observation o) {
            first = Math.min(first, o.date().toEpochDay());
            last = Math.max(last, o.date().toEpochDay());
            weekdays |= 1 << (o.date().getDayOfWeek().getValue() - 1);
            allFirstOfMonth &= o.date().getDayOfMonth() == 1;
            rows++;
            zeros += o.value() == 0 ? 1 : 0;
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

        /** Whether a day of {@code [from, to)} is in the set. */
        boolean anyIn(long from, long to) {
            for (long d = from; d < to; d++) {
                if (contains(d)) {
                    return true;
                }
            }
            return false;
        }

        /** The smallest gap in days between two days of the set; -1 with fewer than two days. */
        int smallestGap() {
            long smallest = Long.MAX_VALUE;
            long previous = Long.MIN_VALUE;
            for (int w = 0; w < words.length; w++) {
                long bits = words[w];
                while (bits != 0) {
                    long day = base + 64L * w + Long.numberOfTrailingZeros(bits);
                    if (previous != Long.MIN_VALUE) {
                        smallest = Math.min(smallest, day - previous);
                    }
                    previous = day;
                    bits &= bits - 1;
                }
            }
            return smallest == Long.MAX_VALUE ? -1 : (int) Math.min(Integer.MAX_VALUE, smallest);
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
