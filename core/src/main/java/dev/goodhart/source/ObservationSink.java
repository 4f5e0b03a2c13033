package dev.goodhart.source;

import dev.goodhart.model.Frame;
import dev.goodhart.model.InvalidDataException;
import dev.goodhart.model.Observation;
import java.util.Objects;

/**
 * Receives the observations an {@link ObservationSource} reads, in the source's order, each with where it was read
 * from. A sink may refuse an observation by throwing (a {@link Frame.Builder} refuses a negative count or a second
 * row for a day with an {@link InvalidDataException}); the source stops there and the exception reaches its caller
 * unchanged.
 */
@FunctionalInterface
public interface ObservationSink {
    /**
     * One observation.
     *
     * @param observation the observation
     * @param line        the 1-based line of the source it was read from, 0 when the source has no lines (a query's
     *                    rows, a server's samples, daily totals of an export)
     * @param column      the 1-based column of its value on that line, 0 when not known
     * @param timed       whether it is a sample at a time of day (its date came from a date-time): several a day are
     *                    expected and aggregated as the metric declares, never duplicates
     */
    void accept(Observation observation, long line, int column, boolean timed);

    /**
     * Something the reader of the result should know that is not an error, as one sentence: for example that series
     * of a Prometheus query lack the segment label and replace the sum of the segments in the organisation's row. Ignored by default.
     */
    default void warning(String message) {
    }

    /**
     * A day (week, month) without a row of a metric that the source reads as 0 ({@link AbsentDays}): a value of 0 it
     * made, not a row it read. Handed on as an observation without a line by default; a frame counts it apart
     * ({@link dev.goodhart.model.InputAccount.Reason#ABSENT_ZERO}).
     */
    default void acceptAbsentZero(Observation observation) {
        accept(observation, 0, 0, false);
    }

    /**
     * A sink that adds every observation to {@code frame}: with its line when it has one (the frame's errors and its
     * {@link dev.goodhart.model.InputAccount} then name lines), as a timed sample when it is one, else numbered by its
     * position. A refusal of the frame that names the observation's line but no column gets the value's column.
     */
    static ObservationSink into(Frame.Builder frame) {
        Objects.requireNonNull(frame, "frame");
        return new ObservationSink() {
            @Override
            public void accept(Observation o, long line, int column, boolean timed) {
                if (line <= 0) {
                    if (timed) {
                        frame.addTimed(o);
                    } else {
                        frame.add(o);
                    }
                    return;
                }
                try {
                    frame.add(o, line, timed);
                } catch (InvalidDataException e) {
                    throw e.line() == line && e.column() == 0 && column > 0
                            ? new InvalidDataException(e.source(), line, column, e.problem(), e) : e;
                }
            }

            @Override
            public void acceptAbsentZero(Observation o) {
                frame.addAbsentZero(o);
            }
        };
    }
}
