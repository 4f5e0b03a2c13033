package dev.goodhart.activity;

import java.time.Instant;
import java.util.Optional;

/**
 * Digits-only timestamps read as epoch time only where that is plausible: seconds or milliseconds between 2000-01-01
 * and 2100-01-01 UTC. Anything else (a compact date such as {@code 20260105}, which as epoch seconds is 1970-08-23, or
 * {@code 20260105093000}, which as milliseconds is the year 2612) is refused, so that a reader can name the value and
 * the accepted forms instead of reading it silently wrong.
 */
public final class EpochTime {
    /** 2000-01-01T00:00:00Z in epoch seconds. */
    public static final long FROM_SECONDS = 946_684_800L;
    /** 2100-01-01T00:00:00Z in epoch seconds. */
    public static final long TO_SECONDS = 4_102_444_800L;
    /** The accepted forms, for error messages. */
    public static final String FORMS = "an ISO-8601 timestamp such as 2025-03-03T09:15:02Z, or epoch seconds (10 digits)"
            + " or milliseconds (13 digits) between 2000 and 2100";

    private EpochTime() {
    }

    /**
     * The instant for epoch seconds or milliseconds, whichever puts it between 2000 and 2100; empty when neither does.
     */
    public static Optional<Instant> of(long value) {
        if (value >= FROM_SECONDS && value < TO_SECONDS) {
            return Optional.of(Instant.ofEpochSecond(value));
        }
        if (value >= FROM_SECONDS * 1000 && value < TO_SECONDS * 1000) {
            return Optional.of(Instant.ofEpochMilli(value));
        }
        return Optional.empty();
    }
}
