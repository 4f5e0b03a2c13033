package dev.goodhart.aiusage;

import dev.goodhart.activity.ActivityReport;
import dev.goodhart.aiusage.internal.FormatDetector;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Optional;

/** The AI usage exports Goodhart reads, with what each one holds. */
public enum UsageFormat {
    /**
     * GitHub Copilot usage metrics, user-level report: NDJSON (or a JSON array), one object per user and day with
     * {@code day}, {@code user_login}/{@code user_id}, interaction, generation and acceptance counts, lines of code,
     * and per-feature, per-IDE, CLI and app breakdowns. Day-level: scored by the day-level signatures.
     */
    COPILOT("copilot", "GitHub Copilot usage metrics (user-level NDJSON)", ActivityReport.Basis.USER_DAYS),
    /**
     * Amazon Bedrock model invocation logs: JSON Lines (optionally gzipped, as delivered to S3), one object per model
     * invocation with {@code timestamp}, {@code identity.arn}, {@code modelId} and token counts. Per request: scored
     * by the event signatures.
     */
    BEDROCK("bedrock", "Amazon Bedrock model invocation log (JSON Lines)", ActivityReport.Basis.EVENTS),
    /**
     * OpenAI organisation usage API, completions: a page {@code {"object": "page", "data": [buckets]}}, an array of
     * pages or buckets, or NDJSON of either; each bucket has {@code start_time} and {@code results} with tokens and
     * {@code num_model_requests} per user, project, API key or model. Day-level.
     */
    OPENAI("openai", "OpenAI organisation usage API, completions buckets", ActivityReport.Basis.USER_DAYS);

    private final String id;
    private final String description;
    private final ActivityReport.Basis basis;

    UsageFormat(String id, String description, ActivityReport.Basis basis) {
        this.id = id;
        this.description = description;
        this.basis = basis;
    }

    /** The short name used on the command line: {@code copilot}, {@code bedrock}, {@code openai}. */
    public String id() {
        return id;
    }

    /** What the format is, in words. */
    public String description() {
        return description;
    }

    /** Whether the export holds single requests (events) or one record per user and day. */
    public ActivityReport.Basis basis() {
        return basis;
    }

    /**
     * The format with the given short name, case-insensitively.
     *
     * @throws IllegalArgumentException naming the value and the choices when there is none
     */
    public static UsageFormat parse(String name) {
        for (UsageFormat f : values()) {
            if (f.id.equalsIgnoreCase(name.strip()) || f.name().equalsIgnoreCase(name.strip())) {
                return f;
            }
        }
        throw new IllegalArgumentException("usage export format: expected copilot, bedrock or openai, found '" + name
                + "'");
    }

    /**
     * The format of a file, from its first record (gzip is undone first); empty when it is none of these (another
     * JSON shape, CSV, or no record at all).
     *
     * @throws IOException if the file cannot be read
     */
    public static Optional<UsageFormat> detect(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return detect(in);
        }
    }

    /** As {@link #detect(Path)}, from the start of a stream (which is read, not closed). */
    public static Optional<UsageFormat> detect(InputStream in) throws IOException {
        return FormatDetector.detect(in);
    }

    @Override
    public String toString() {
        return id.toLowerCase(Locale.ROOT);
    }
}
