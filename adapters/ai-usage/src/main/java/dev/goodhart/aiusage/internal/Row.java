package dev.goodhart.aiusage.internal;

/**
 * One record's values as a parser found them, reused from record to record. Counts are -1 while not reported.
 * Not thread-safe.
 */
public final class Row {
    /** Epoch day of the record (Copilot's {@code day}, a bucket's start, an invocation's time in the zone). */
    public long day;
    /** Epoch milliseconds of a single request (Bedrock) or of a bucket's start (OpenAI); 0 otherwise. */
    public long millis;
    /**
     * What makes the record unique with {@link #slot} (Copilot: the user's id, else login; OpenAI: the result's grouping values; Bedrock:
     * the request id), or null when it has nothing that does.
     */
    public String identity;
    /**
     * The period of {@link #identity}'s record: Copilot's day; an OpenAI bucket's start in units of {@link #period}
     * (its UTC day for a day bucket, its hour or minute otherwise).
     */
    public long slot;
    /** An OpenAI bucket's width in seconds as read ({@code 86400}, {@code 3600} or {@code 60}); 0 otherwise. */
    public long period;
    /** An OpenAI bucket's {@code end_time} in seconds, {@link Long#MIN_VALUE} without one. */
    public long end;
    /** Where an OpenAI bucket is in its page ({@code data[3]}), empty for a bucket alone. */
    public String at;
    /**
     * Whether an OpenAI day bucket covers part of its day only (a fetch's first bucket, from its {@code start_time};
     * its last, to the time of the fetch).
     */
    public boolean shortDay;
    /** The actor's name as the export gives it (login, principal name, user id, key id), null when unknown. */
    public String actor;
    /** Another name the actor may be known by in the actor map (a numeric id, a full ARN), or null. */
    public String alias;
    /** Model id, or null. */
    public String model;
    /** Request text to fingerprint (Bedrock), or null. */
    public String requestText;
    /**
     * Whether the request returns a tool's result to the model (Bedrock: a {@code toolResult} block of the Converse
     * API or a {@code tool_result} block of the Messages API in its last user message): an agent's step.
     */
    public boolean toolStep;
    /** Whether the actor is an API key or project rather than a person (OpenAI). */
    public boolean machine;
    /** A Bedrock invocation whose role session an SDK or a service named: its actor is the role. */
    public boolean roleForSession;
    public long prompts;
    /** The part of {@link #prompts} made outside the IDE (Copilot's CLI and apps), which buys no acceptance; -1. */
    public long promptsOutsideIde;
    public long requests;
    public long inputTokens;
    public long outputTokens;
    public long cachedTokens;
    public long generations;
    public long acceptances;
    public long suggestedLines;
    public long acceptedLines;
    public double credits;

    /** Clears every value for the next record. */
    public void reset() {
        day = Long.MIN_VALUE;
        millis = 0;
        identity = null;
        slot = 0;
        period = 0;
        end = Long.MIN_VALUE;
        at = "";
        shortDay = false;
        actor = null;
        alias = null;
        roleForSession = false;
        model = null;
        requestText = null;
        toolStep = false;
        machine = false;
        prompts = -1;
        promptsOutsideIde = -1;
        requests = -1;
        inputTokens = -1;
        outputTokens = -1;
        cachedTokens = -1;
        generations = -1;
        acceptances = -1;
        suggestedLines = -1;
        acceptedLines = -1;
        credits = Double.NaN;
    }

    /**
     * A hash of the values the record counts, to tell a repeat of a record from a record that differs; not its names
     * (a Copilot login renamed between two reports is the same user's record).
     */
    public int content() {
        long h = new Repeats.Hash().add(prompts).add(promptsOutsideIde).add(requests).add(inputTokens)
                .add(outputTokens).add(cachedTokens)
                .add(generations).add(acceptances).add(suggestedLines).add(acceptedLines)
                .add(Double.doubleToLongBits(credits)).value();
        return (int) (h ^ (h >>> 32));
    }

    /** The prompts made where acceptances are counted, or -1 where that is all of them (or none are reported). */
    public long promptsWhereAccepted() {
        return promptsOutsideIde > 0 && prompts >= 0 ? Math.max(0, prompts - promptsOutsideIde) : -1;
    }

    /** Input and output tokens, -1 when neither is reported. */
    public long tokens() {
        return add(inputTokens, outputTokens);
    }

    /** The sum of two counts, each -1 when not reported: -1 when neither is. */
    public static long add(long a, long b) {
        return a < 0 ? b : b < 0 ? a : Math.addExact(a, b);
    }
}
