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
    private final List<Observation> observations = new ArrayList<>();
    private final List<String> warnings = new ArrayList<>();
    private long[] lines = new long[1024];
    private int[] columns = new int[1024];
    private boolean[] timed = new boolean[1024];

    @Override
    public void accept(Observation observation, long line, int column, boolean isTimed) {
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

    List<Observation> observations() {
        return observations;
    }

    List<String> warnings() {
        return warnings;
    }

    /** The metric names present, sorted. */
    Set<String> metrics() {
        Set<String> present = new TreeSet<>();
        for (Observation o : observations) {
            present.add(o.metric());
        }
        return present;
    }

    /** Whether any observation belongs to a segment (not only to the whole organisation). */
    boolean hasSegments() {
        for (Observation o : observations) {
            if (!Segments.ALL.equals(o.segment())) {
                return true;
            }
        }
        return false;
    }

    /** Hands every observation, as it was delivered, to {@code sink}. */
    void replay(ObservationSink sink) {
        for (int i = 0; i < observations.size(); i++) {
            sink.accept(observations.get(i), lines[i], columns[i], timed[i]);
        }
    }
}
