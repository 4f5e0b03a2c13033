package dev.goodhart.examples;

import dev.goodhart.model.Observation;
import dev.goodhart.model.Segments;
import dev.goodhart.source.ObservationSink;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Observations as a source delivered them, each with its line, value column and whether it was timed, held so that
 * the period can be inferred and the metrics checked before the frame is built; and the source's warnings.
 */
final class Rows implements ObservationSink {
    /** The line held for a period the source made 0 ({@link #acceptAbsentZero}); a source's own lines are 0 or more. */
    private static final long MADE = -1;
    private final List<Observation> observations = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private long[] lines = new long[1024];
    private int[] columns = new int[1024];
    private boolean[] timed = new boolean[1024];
    /** The most rows held; beyond it only what checks the input is kept (dates, metrics) and {@link #overflowed()}. */
    private final long limit;
    private long count;
    private boolean overflowed;
    private final Set<java.time.LocalDate> dates = new java.util.HashSet<>();
    private final java.util.Map<String, Set<java.time.LocalDate>> datesByMetric = new java.util.HashMap<>();
    /** Each metric's smallest and largest value read (NaN left out). */
    private final java.util.Map<String, double[]> ranges = new java.util.HashMap<>();
    private final Set<String> metrics = new TreeSet<>();
    private boolean segments;

    /** Holds every row. */
    Rows() {
        this(Long.MAX_VALUE);
    }

    /** Holds at most {@code limit} rows; beyond, only the distinct dates and metrics. */
    Rows(long limit) {
        this.limit = limit;
    }

    @Override
    public void accept(Observation observation, long line, int column, boolean isTimed) {
        dates.add(observation.date());
        datesByMetric.computeIfAbsent(observation.metric(), m -> new java.util.HashSet<>()).add(observation.date());
        metrics.add(observation.metric());
        double value = observation.value();
        if (!Double.isNaN(value)) {
            double[] range = ranges.computeIfAbsent(observation.metric(), m -> new double[] {value, value});
            range[0] = Math.min(range[0], value);
            range[1] = Math.max(range[1], value);
        }
        segments |= !Segments.ALL.equals(observation.segment());
        hold(observation, line, column, isTimed);
    }

    private void hold(Observation observation, long line, int column, boolean isTimed) {
        count++;
        if (overflowed) {
            return;
        }
        if (count > limit) {
            overflowed = true;
            observations.clear();
            ((ArrayList<Observation>) observations).trimToSize();
            lines = new long[0];
            columns = new int[0];
            timed = new boolean[0];
            return;
        }
        int i = observations.size();
        if (i == lines.length) {
            lines = Arrays.copyOf(lines, i * 2);
            columns = Arrays.copyOf(columns, i * 2);
            timed = Arrays.copyOf(timed, i * 2);
        }
        lines[i] = line;
        columns[i] = column;
        timed[i] = isTimed;
        observations.add(observation);
    }

    @Override
    public void warning(String message) {
        warnings.add(message);
    }

    /**
     * A period the source read as 0 for want of a row: held with line {@value #MADE} and replayed as such; not a row
     * read, so it neither counts for the period's inference nor shows a metric present.
     */
    @Override
    public void acceptAbsentZero(Observation observation) {
        hold(observation, MADE, 0, false);
    }

    List<Observation> observations() {
        return observations;
    }

    /** Whether there were more rows than the limit (and none is held). */
    boolean overflowed() {
        return overflowed;
    }

    /** The number of rows delivered. */
    long count() {
        return count;
    }

    /** The distinct dates of the rows. */
    Set<java.time.LocalDate> dates() {
        return dates;
    }

    /** The distinct dates of each metric's rows. */
    /** Each metric's {smallest, largest} value read, NaN left out (a metric with none has no entry). */
    java.util.Map<String, double[]> ranges() {
        return ranges;
    }

    java.util.Map<String, Set<java.time.LocalDate>> datesByMetric() {
        return datesByMetric;
    }

    List<String> warnings() {
        return warnings;
    }

    /** The metric names present, sorted. */
    Set<String> metrics() {
        return metrics;
    }

    /** Whether any observation belongs to a segment (not only to the whole organisation). */
    boolean hasSegments() {
        return segments;
    }

    /** Hands every observation, as it was delivered, to {@code sink}. */
    void replay(ObservationSink sink) {
        if (overflowed) {
            throw new IllegalStateException("more than " + limit + " rows: none is held");
        }
        for (int i = 0; i < observations.size(); i++) {
            if (lines[i] == MADE) {
                sink.acceptAbsentZero(observations.get(i));
            } else {
                sink.accept(observations.get(i), lines[i], columns[i], timed[i]);
            }
        }
    }
}
