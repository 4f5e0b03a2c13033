package dev.goodhart.activity;

import static dev.goodhart.internal.Checks.checkName;

import dev.goodhart.model.Segments;
import java.time.LocalDate;
import java.util.Objects;

/**
 * One actor's use of an AI tool on one day, as day-level exports report it (GitHub Copilot's user-level metrics, the
 * OpenAI usage API grouped by user): what a {@link DailyUsageLog} is fed with. Counts the export does not report are
 * {@value #NOT_REPORTED}.
 *
 * @param day            the calendar day (as the export dates it, usually UTC)
 * @param actor          who (a login, a user or API key id); a non-blank name
 * @param segment        the actor's team; {@code "*"} (or empty or null on input) for none
 * @param prompts        prompts or interactions the person started, or -1
 * @param requests       model requests (a prompt can make several), or -1
 * @param tokens         tokens consumed, input and output, or -1
 * @param generations    suggestions or code blocks the tool generated, or -1
 * @param acceptances    suggestions or code blocks the person accepted, or -1
 * @param suggestedLines lines of code the tool suggested, or -1
 * @param acceptedLines  lines of code added to the editor from the tool, or -1
 * @param promptsWhereAccepted the part of {@code prompts} made where acceptances are counted, or -1 where that is
 *                       all of them: GitHub reports a person's Copilot CLI and app use apart from the IDE's, and only
 *                       the IDE's suggestions can be accepted, so prompts there can buy no acceptance
 */
public record DailyUsage(LocalDate day, String actor, String segment, long prompts, long requests, long tokens,
        long generations, long acceptances, long suggestedLines, long acceptedLines, long promptsWhereAccepted) {

    /** The value of a count the export does not report. */
    public static final long NOT_REPORTED = -1;

    /**
     * Normalises the segment and validates the rest.
     *
     * @throws IllegalArgumentException if the actor is blank, a count is below -1, the prompts where acceptances are
     *                                  counted exceed the prompts, or the day is outside the years 1900 to 9999
     */
    public DailyUsage {
        Objects.requireNonNull(day, "day");
        if (day.getYear() < 1900 || day.getYear() > 9999) {
            throw new IllegalArgumentException("day: must be between the years 1900 and 9999, found " + day);
        }
        checkName("actor", actor);
        segment = Segments.normalise(segment);
        check("prompts", prompts, actor);
        check("requests", requests, actor);
        check("tokens", tokens, actor);
        check("generations", generations, actor);
        check("acceptances", acceptances, actor);
        check("suggestedLines", suggestedLines, actor);
        check("acceptedLines", acceptedLines, actor);
        check("promptsWhereAccepted", promptsWhereAccepted, actor);
        if (promptsWhereAccepted > prompts) {
            throw new IllegalArgumentException("promptsWhereAccepted of " + actor + ": must be at most the prompts ("
                    + prompts + "), found " + promptsWhereAccepted);
        }
    }

    /** A day whose every prompt was made where acceptances are counted (as before the IDE's were told apart). */
    public DailyUsage(LocalDate day, String actor, String segment, long prompts, long requests, long tokens,
                      long generations, long acceptances, long suggestedLines, long acceptedLines) {
        this(day, actor, segment, prompts, requests, tokens, generations, acceptances, suggestedLines, acceptedLines,
                NOT_REPORTED);
    }

    /** The prompts that acceptances answer: {@link #promptsWhereAccepted} where reported, else {@link #prompts}. */
    public long acceptablePrompts() {
        return promptsWhereAccepted >= 0 ? promptsWhereAccepted : prompts;
    }

    private static void check(String name, long v, String actor) {
        if (v < NOT_REPORTED) {
            throw new IllegalArgumentException(name + " of " + actor + ": must be >= 0 (or -1 for not reported), found "
                    + v);
        }
    }

    /** A builder for one actor and day, every count not reported until set. */
    public static Builder builder(LocalDate day, String actor) {
        return new Builder(day, actor);
    }

    /** The day's activity in the unit the signatures count: prompts when reported, else requests, else 0. */
    public long activity() {
        return prompts >= 0 ? prompts : Math.max(0, requests);
    }

    /** Whether anything at all happened that day (some reported count above zero). */
    public boolean active() {
        return prompts > 0 || requests > 0 || tokens > 0 || generations > 0 || acceptances > 0 || suggestedLines > 0
                || acceptedLines > 0;
    }

    /** Whether the record reports what was accepted (acceptances or accepted lines). */
    public boolean reportsAcceptance() {
        return acceptances >= 0 || acceptedLines >= 0;
    }

    /** Builds a {@link DailyUsage}; each setter checks its value at once. */
    public static final class Builder {
        private final LocalDate day;
        private final String actor;
        private String segment;
        private long prompts = NOT_REPORTED;
        private long requests = NOT_REPORTED;
        private long tokens = NOT_REPORTED;
        private long generations = NOT_REPORTED;
        private long acceptances = NOT_REPORTED;
        private long suggestedLines = NOT_REPORTED;
        private long acceptedLines = NOT_REPORTED;
        private long promptsWhereAccepted = NOT_REPORTED;

        private Builder(LocalDate day, String actor) {
            this.day = Objects.requireNonNull(day, "day");
            this.actor = checkName("actor", actor);
        }

        /** The actor's team ({@code "*"}, empty or null for none). */
        public Builder segment(String value) {
            this.segment = value;
            return this;
        }

        /** @throws IllegalArgumentException if below -1 */
        public Builder prompts(long value) {
            check("prompts", value, actor);
            this.prompts = value;
            return this;
        }

        /** @throws IllegalArgumentException if below -1 */
        public Builder requests(long value) {
            check("requests", value, actor);
            this.requests = value;
            return this;
        }

        /** @throws IllegalArgumentException if below -1 */
        public Builder tokens(long value) {
            check("tokens", value, actor);
            this.tokens = value;
            return this;
        }

        /** @throws IllegalArgumentException if below -1 */
        public Builder generations(long value) {
            check("generations", value, actor);
            this.generations = value;
            return this;
        }

        /** @throws IllegalArgumentException if below -1 */
        public Builder acceptances(long value) {
            check("acceptances", value, actor);
            this.acceptances = value;
            return this;
        }

        /** @throws IllegalArgumentException if below -1 */
        public Builder suggestedLines(long value) {
            check("suggestedLines", value, actor);
            this.suggestedLines = value;
            return this;
        }

        /** @throws IllegalArgumentException if below -1 */
        public Builder acceptedLines(long value) {
            check("acceptedLines", value, actor);
            this.acceptedLines = value;
            return this;
        }

        /**
         * The part of the prompts made where acceptances are counted (Copilot's IDE, not its CLI or apps).
         *
         * @throws IllegalArgumentException if below -1
         */
        public Builder promptsWhereAccepted(long value) {
            check("promptsWhereAccepted", value, actor);
            this.promptsWhereAccepted = value;
            return this;
        }

        /**
         * The record.
         *
         * @throws IllegalArgumentException if the prompts where acceptances are counted exceed the prompts
         */
        public DailyUsage build() {
            return new DailyUsage(day, actor, segment, prompts, requests, tokens, generations, acceptances,
                    suggestedLines, acceptedLines, promptsWhereAccepted);
        }
    }
}
