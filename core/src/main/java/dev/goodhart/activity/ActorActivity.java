package dev.goodhart.activity;

import dev.goodhart.model.Finding;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One actor's activity verdict.
 *
 * @param actor      the actor as given, or its pseudonym when the report was pseudonymised
 * @param segment    the actor's segment, {@code "*"} when none was given
 * @param events     events seen (for a day-level export: active days)
 * @param tokens     tokens consumed (0 when the export does not report tokens)
 * @param score      0 to 100: how strongly the signatures point to manufactured activity
 * @param flagged    whether the score reached the scorer's flag threshold ({@code score >= flagAt}: the one rule;
 *                   see {@link ActivityScorer})
 * @param signatures the signatures that were examined, as findings (statistic, p-value against peers, robust z as
 *                   effect, sentence); strongest first
 * @param profile    when the actor worked and how much, for charts; {@link ActivityProfile#NONE} when not kept
 */
public record ActorActivity(String actor, String segment, long events, long tokens, double score, boolean flagged,
        List<Finding> signatures, ActivityProfile profile) implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** @throws IllegalArgumentException if the score is outside [0, 100] or a count is negative */
    public ActorActivity {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(profile, "profile");
        if (!(score >= 0 && score <= 100)) {
            throw new IllegalArgumentException("score of " + actor + ": must be in [0, 100], found " + score);
        }
        if (events < 0 || tokens < 0) {
            throw new IllegalArgumentException("events and tokens of " + actor + ": must be >= 0, found " + events
                    + " and " + tokens);
        }
        signatures = List.copyOf(Objects.requireNonNull(signatures, "signatures"));
    }

    /** A result without a profile. */
    public ActorActivity(String actor, String segment, long events, long tokens, double score, boolean flagged,
            List<Finding> signatures) {
        this(actor, segment, events, tokens, score, flagged, signatures, ActivityProfile.NONE);
    }

    /** The findings whose signature contributed to the score (robust z of at least 3 against the peers). */
    public List<Finding> evidence() {
        return signatures.stream().filter(f -> f.effect() >= ActivityScorer.Z_START).toList();
    }

    /**
     * Why the actor scored what it did, one line per signature that fired: its label, robust z and sentence, e.g.
     * {@code "splitting (z 8.1): 62% of 1830 requests came in rapid runs on one topic, ..."}; empty when none fired.
     */
    public List<String> reasons() {
        return evidence().stream().map(f -> String.format(Locale.ROOT, "%s (z %.1f): %s", label(f.detector()),
                f.effect(), f.message())).toList();
    }

    /** A signature's short label from its finding's detector name: {@code activity-splitting} is {@code splitting}. */
    public static String label(String detector) {
        Objects.requireNonNull(detector, "detector");
        return detector.startsWith("activity-") ? detector.substring("activity-".length()) : detector;
    }

    /** This result with another actor name (for pseudonymised reports). */
    public ActorActivity withActor(String name) {
        return new ActorActivity(name, segment, events, tokens, score, flagged, signatures, profile);
    }
}
