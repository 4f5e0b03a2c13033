package dev.goodhart.activity;

import dev.goodhart.Finding;
import java.util.List;
import java.util.Objects;

/**
 * One actor's activity verdict.
 *
 * @param actor      the actor as given, or its pseudonym when the report was pseudonymised
 * @param segment    the actor's segment, {@code "*"} when none was given
 * @param events     events seen
 * @param tokens     tokens consumed
 * @param score      0 to 100: how strongly the signatures point to manufactured activity
 * @param flagged    whether the score reached the scorer's flag threshold with at least two signatures counting
 * @param signatures the signatures that were examined, as findings (statistic, p-value against peers, robust z as
 *                   effect, sentence); strongest first
 */
public record ActorActivity(String actor, String segment, long events, long tokens, double score, boolean flagged,
        List<Finding> signatures) {

    /** @throws IllegalArgumentException if the score is outside [0, 100] */
    public ActorActivity {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(segment, "segment");
        if (!(score >= 0 && score <= 100)) {
            throw new IllegalArgumentException("score of " + actor + ": must be in [0, 100], found " + score);
        }
        signatures = List.copyOf(signatures);
    }

    /** The findings whose signature contributed to the score (robust z of at least 3 against the peers). */
    public List<Finding> evidence() {
        return signatures.stream().filter(f -> f.effect() >= ActivityScorer.Z_START).toList();
    }

    /** This result with another actor name (for pseudonymised reports). */
    public ActorActivity withActor(String name) {
        return new ActorActivity(name, segment, events, tokens, score, flagged, signatures);
    }
}
