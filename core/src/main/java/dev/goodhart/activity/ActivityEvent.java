package dev.goodhart.activity;

import static dev.goodhart.internal.Checks.checkName;

import dev.goodhart.model.Segments;
import java.time.Instant;
import java.util.Locale;
import java.util.Objects;

/**
 * One use of an AI tool: what an {@link ActivityLog} is fed with. Holds no request text: only its fingerprint.
 *
 * @param timestamp          when the request was made
 * @param actor              who made it (a person, or the owner of the agent that made it); a non-blank name
 * @param tokens             tokens consumed, {@code >= 0}
 * @param segment            the actor's team or department; {@code "*"} (or empty or null on input) for none
 * @param requestFingerprint the request's fingerprint from a {@link Fingerprinter} (or another system's hex hash);
 *                           empty (or null on input) when unknown; stored in lower case
 * @param agent              the agent or automation that sent the request; empty (or null on input) for a person
 * @param artifact           what the request contributed to downstream (a pull request, document, ticket); empty (or
 *                           null on input) for nothing
 */
public record ActivityEvent(Instant timestamp, String actor, long tokens, String segment, String requestFingerprint,
        String agent, String artifact) {

    private static final Instant MIN = Instant.parse("1900-01-01T00:00:00Z");
    private static final Instant MAX = Instant.parse("9999-12-31T23:59:59Z");

    /**
     * Normalises the optional fields and validates the rest.
     *
     * @throws IllegalArgumentException if the actor is blank, the tokens negative, the timestamp outside the years
     *                                  1900 to 9999, or the fingerprint is not one (the message never repeats its
     *                                  value, which could be request text)
     */
    public ActivityEvent {
        Objects.requireNonNull(timestamp, "timestamp");
        if (timestamp.isBefore(MIN) || timestamp.isAfter(MAX)) {
            throw new IllegalArgumentException("timestamp: must be between the years 1900 and 9999, found " + timestamp);
        }
        checkName("actor", actor);
        if (tokens < 0) {
            throw new IllegalArgumentException("tokens of " + actor + ": must be >= 0, found " + tokens);
        }
        segment = Segments.normalise(segment);
        requestFingerprint = requestFingerprint == null ? "" : requestFingerprint.strip();
        if (!requestFingerprint.isEmpty()) {
            if (!Fingerprinter.isFingerprint(requestFingerprint)) {
                throw new IllegalArgumentException("requestFingerprint of " + actor + " at " + timestamp
                        + ": expected a fingerprint (16 to 128 hex digits, optionally after 'tttttttt:'), found "
                        + requestFingerprint.length() + " characters that are not one; fingerprint request text with "
                        + "Fingerprinter first");
            }
            requestFingerprint = requestFingerprint.toLowerCase(Locale.ROOT);
        }
        agent = agent == null ? "" : agent.strip();
        artifact = artifact == null ? "" : artifact.strip();
    }

    /** An event by a person, with no segment, request, agent or artifact. */
    public static ActivityEvent of(Instant timestamp, String actor, long tokens) {
        return new ActivityEvent(timestamp, actor, tokens, null, null, null, null);
    }

    /** An event by a person with a segment and a request fingerprint, no agent and no artifact. */
    public static ActivityEvent of(Instant timestamp, String actor, long tokens, String segment,
            String requestFingerprint) {
        return new ActivityEvent(timestamp, actor, tokens, segment, requestFingerprint, null, null);
    }

    /** This event with its artifact set. */
    public ActivityEvent withArtifact(String value) {
        return new ActivityEvent(timestamp, actor, tokens, segment, requestFingerprint, agent, value);
    }

    /** This event with its agent set. */
    public ActivityEvent withAgent(String value) {
        return new ActivityEvent(timestamp, actor, tokens, segment, requestFingerprint, value, artifact);
    }

    /** Whether an agent (not a person) sent the request. */
    public boolean byAgent() {
        return !agent.isEmpty();
    }

    /** Whether the request contributed to an artifact. */
    public boolean hasArtifact() {
        return !artifact.isEmpty();
    }
}
