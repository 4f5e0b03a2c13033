package dev.goodhart.aiusage;

import dev.goodhart.activity.ActivityReport;
import dev.goodhart.aiusage.internal.FormatDetector;
import dev.goodhart.aiusage.internal.JsonRecords;
import dev.goodhart.aiusage.internal.Streams;
import dev.goodhart.model.InvalidDataException;
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
     * @throws IOException          if the file cannot be read
     * @throws InvalidDataException naming the file when it is a directory, or gzip data that breaks before a record
     *                              could be seen
     */
    public static Optional<UsageFormat> detect(Path file) throws IOException {
        byte[] head = head(file);
        Optional<UsageFormat> f = FormatDetector.detect(head);
        if (f.isEmpty()) {
            brokenGzip(file, head);
        }
        return f;
    }

    /**
     * What a file that is none of these formats appears to be, and how to get the export from it, in words: the answer
     * of GitHub's Copilot usage metrics reports API (download the files it links to), GitHub's legacy Copilot metrics
     * API, a CloudWatch Logs wrapper of Bedrock invocation records; empty for an export and for anything it does not
     * recognise.
     *
     * @throws IOException          if the file cannot be read
     * @throws InvalidDataException as {@link #detect(Path)}
     */
    public static Optional<String> explain(Path file) throws IOException {
        return FormatDetector.explain(head(file));
    }

    /** As {@link #explain(Path)}, from the start of a stream (which is read, not closed). */
    public static Optional<String> explain(InputStream in) throws IOException {
        return FormatDetector.explain(JsonRecords.head(JsonRecords.open(in), FormatDetector.HEAD));
    }

    private static byte[] head(Path file) throws IOException {
        if (Files.isDirectory(file)) {
            throw new InvalidDataException(file.toString(), 0, 0, "a directory; expected a file");
        }
        try (InputStream in = Files.newInputStream(file)) {
            return JsonRecords.head(JsonRecords.open(in), FormatDetector.HEAD);
        } catch (Streams.BrokenGzipException e) {
            throw new InvalidDataException(file.toString(), 0, 0, e.getMessage(), e);
        }
    }

    /** Refuses gzip data that broke before its first record. */
    private static void brokenGzip(Path file, byte[] head) throws IOException {
        if (head.length >= FormatDetector.HEAD) {
            return;
        }
        try (InputStream in = Files.newInputStream(file)) {
            InputStream plain = JsonRecords.open(in);
            while (plain.read() >= 0 && plain.skip(1 << 20) >= 0) {
                // read to the end: a broken gzip stream says so
            }
        } catch (Streams.BrokenGzipException e) {
            throw new InvalidDataException(file.toString(), 0, 0, e.getMessage(), e);
        }
    }

    /** As {@link #detect(Path)}, from the start of a stream (which is read, not closed). */
    public static Optional<UsageFormat> detect(InputStream in) throws IOException {
        return FormatDetector.detect(in);
    }

    /**
     * As {@link #detect(Path)}, from the start of a stream (which is read, not closed) named {@code source}: gzip
     * data that breaks before a record could be seen is an {@link InvalidDataException} naming it (standard input
     * that is a corrupt download).
     *
     * @throws IOException          if the stream cannot be read
     * @throws InvalidDataException for gzip data that breaks within the bytes looked at, when no format was seen
     */
    public static Optional<UsageFormat> detect(InputStream in, String source) throws IOException {
        byte[] head = new byte[FormatDetector.HEAD];
        int n = 0;
        Streams.BrokenGzipException broken = null;
        try {
            InputStream plain = JsonRecords.open(in);
            int r;
            while (n < head.length && (r = plain.read(head, n, head.length - n)) > 0) {
                n += r;
            }
        } catch (Streams.BrokenGzipException e) {
            broken = e;
        }
        Optional<UsageFormat> f = FormatDetector.detect(java.util.Arrays.copyOf(head, n));
        if (f.isEmpty() && broken != null) {
            throw new InvalidDataException(source, 0, 0, broken.getMessage(), broken);
        }
        return f;
    }

    @Override
    public String toString() {
        return id.toLowerCase(Locale.ROOT);
    }
}
