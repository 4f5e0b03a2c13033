package dev.goodhart.model;

import static dev.goodhart.internal.Checks.checkName;

import java.util.Objects;

/**
 * A measured quantity: its name, whether it is a proxy or an outcome, which way is better (or more use), its unit,
 * and how values within one period aggregate.
 *
 * @param name        unique, non-blank name as it appears in the data
 * @param role        proxy, outcome or exposure
 * @param direction   for an outcome which way is better; for a proxy which way is "more use"
 * @param unit        free-text unit for reports ("tokens", "days"); may be empty (null reads as empty)
 * @param aggregation how observations within one period combine
 * @param nonNegative whether values below zero are impossible (tokens, counts): such a value in the input is an error
 *                    naming its line, not data
 */
public record Metric(String name, Role role, Direction direction, String unit, Aggregation aggregation,
                     boolean nonNegative) implements java.io.Serializable {
    private static final long serialVersionUID = 1L;


    /** @throws IllegalArgumentException if the name is blank or any component is null */
    public Metric {
        checkName("metric name", name);
        Objects.requireNonNull(role, "role");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(aggregation, "aggregation");
        unit = unit == null ? "" : unit.trim();
    }

    /**
     * A metric whose values may be negative only if it is an outcome: proxies (tokens, prompts, agents) are counts and
     * are declared non-negative; use {@link #withNonNegative(boolean)} to say otherwise.
     */
    public Metric(String name, Role role, Direction direction, String unit, Aggregation aggregation) {
        this(name, role, direction, unit, aggregation, role == Role.PROXY);
    }

    /** A proxy where higher means more use, summed per period, non-negative. */
    public static Metric proxy(String name, String unit) {
        return new Metric(name, Role.PROXY, Direction.HIGHER, unit, Aggregation.SUM);
    }

    /** An outcome with the given better direction, averaged per period. */
    public static Metric outcome(String name, Direction direction, String unit) {
        return new Metric(name, Role.OUTCOME, direction, unit, Aggregation.MEAN);
    }

    /**
     * An exposure (head count, seats, active users): its latest value in each period ({@link Aggregation#LAST}),
     * non-negative; the denominator of the proxies and outcomes declared per it ({@link IntegrityModel.Builder#per}).
     */
    public static Metric exposure(String name, String unit) {
        return new Metric(name, Role.EXPOSURE, Direction.HIGHER, unit, Aggregation.LAST, true);
    }

    /** This metric with another aggregation. */
    public Metric withAggregation(Aggregation newAggregation) {
        return new Metric(name, role, direction, unit, newAggregation, nonNegative);
    }

    /** This metric declared non-negative (a negative value is an input error) or not. */
    public Metric withNonNegative(boolean value) {
        return new Metric(name, role, direction, unit, aggregation, value);
    }
}
