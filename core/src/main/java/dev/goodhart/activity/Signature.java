package dev.goodhart.activity;

import java.util.Locale;

/**
 * The signatures of manufactured activity. Each is one question about one actor, answered by comparing the actor
 * with their peers; its {@link #detector()} name is the {@code detector} of the {@link dev.goodhart.model.Finding} it
 * produces. The formulas are in {@link ActivityScorer}.
 *
 * <p>The default weights follow one rule: a signature that a genuine person can show alone (many repeats of one
 * question, night work, unusual request sizes, month-end crunch) weighs less than half of the flag threshold, so it
 * can never flag an actor alone; a signature that is itself the manufacturing (a timer's regularity, a task cut into
 * many requests, an agent's tokens that lead nowhere) weighs more, and flags alone at full strength.
 */
public enum Signature {
    /** Few distinct requests: low entropy of request fingerprints, many exact repeats (scripts, canned questions). */
    DIVERSITY("activity-diversity", 0.45),
    /**
     * Machine-like timing: regular inter-arrival times (a low coefficient of variation, or most gaps within one
     * period).
     */
    CADENCE("activity-cadence", 0.7),
    /** Activity at hours of the week when the actor's peers are nearly inactive. */
    OFF_HOURS("activity-off-hours", 0.35),
    /** Tokens that led to no artifact (pull request, document, ticket) downstream, by the actor or their agents. */
    YIELD("activity-yield", 0.6),
    /** Task splitting: long runs of small requests on one topic, seconds apart. */
    SPLITTING("activity-splitting", 0.6),
    /** Request sizes far from the peers': many tiny pings, or most tokens in a few huge drafts. */
    SIZE("activity-size", 0.45),
    /** Tokens concentrated just before the ends of reporting periods. */
    DEADLINE("activity-deadline", 0.45),
    /**
     * Near-identical numbers of the person's own requests day after day (a script sending its quota each working day,
     * or requests at a constant rate): a daily rate that varies no more than counting alone makes it; or of the
     * requests of the person's agents (a dummy agent run round the clock whatever the work).
     */
    STEADY_DAYS("activity-steady-days", 0.7);

    private final String detector;
    private final double defaultWeight;

    Signature(String detector, double defaultWeight) {
        this.detector = detector;
        this.defaultWeight = defaultWeight;
    }

    /** The finding's detector name, e.g. {@code activity-cadence}. */
    public String detector() {
        return detector;
    }

    /** The default weight: the most this signature can contribute to an actor's score alone, as a fraction of 100. */
    public double defaultWeight() {
        return defaultWeight;
    }

    /** Short lower-case label for tables: {@code diversity}, {@code off-hours}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /**
     * The signature with the given detector name or label, case-insensitively.
     *
     * @throws IllegalArgumentException naming the value and the choices when there is none
     */
    public static Signature parse(String name) {
        for (Signature s : values()) {
            if (s.detector.equalsIgnoreCase(name) || s.label().equalsIgnoreCase(name) || s.name().equalsIgnoreCase(name)) {
                return s;
            }
        }
        throw new IllegalArgumentException("signature: expected one of diversity, cadence, off-hours, yield, splitting,"
                + " size, deadline, steady-days, found '" + name + "'");
    }
}
