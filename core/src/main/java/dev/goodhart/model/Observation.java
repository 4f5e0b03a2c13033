package dev.goodhart.model;

import static dev.goodhart.internal.Checks.checkName;

import java.time.LocalDate;
import java.util.Objects;

/**
 * One measured value: what adapters produce and a {@link Frame} is built from.
 *
 * @param date    the day the value belongs to
 * @param segment who it belongs to; {@code "*"} (or empty on input) is the whole organisation
 * @param metric  metric name
 * @param value   the value, finite; NaN is allowed and means "explicitly missing"
 */
public record Observation(LocalDate date, String segment, String metric, double value) implements java.io.Serializable {
    private static final long serialVersionUID = 1L;


    /** @throws IllegalArgumentException when the metric is blank or the value infinite */
    public Observation {
        Objects.requireNonNull(date, "date");
        segment = Segments.normalise(segment);
        checkName("metric", metric);
        if (Double.isInfinite(value)) {
            throw new IllegalArgumentException("observation " + metric + " on " + date + ": value is infinite");
        }
    }

    /** Shorthand for {@code new Observation(LocalDate.parse(date), segment, metric, value)}. */
    public static Observation of(String date, String segment, String metric, double value) {
        return new Observation(LocalDate.parse(Objects.requireNonNull(date, "date")), segment, metric, value);
    }
}
