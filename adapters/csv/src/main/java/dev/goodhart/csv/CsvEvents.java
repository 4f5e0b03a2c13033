package dev.goodhart.csv;

import dev.goodhart.model.InvalidDataException;
import dev.goodhart.activity.EpochTime;
import dev.goodhart.activity.ActivityEvent;
import dev.goodhart.activity.ActivityLog;
import dev.goodhart.activity.EventAccount;
import dev.goodhart.activity.Fingerprinter;
import dev.goodhart.source.EventSink;
import dev.goodhart.source.EventSource;
import dev.goodhart.source.SourceException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Reads AI usage events from a CSV file with FastCSV (RFC 4180): the header holds {@code timestamp}, {@code actor} and
 * {@code tokens}, and optionally {@code segment}, {@code request}, {@code agent} and {@code artifact}, in any order
 * and case.
 *
 * <ul>
 *   <li>{@code timestamp}: ISO-8601 with an offset ({@code 2025-03-03T09:15:02Z}, {@code +01:00}), without one (taken
 *       in the reader's zone, UTC by default), or epoch seconds or milliseconds between 2000 and 2100 (see
 *       {@link EpochTime}); years outside 1900 to 9999 are refused;</li>
 *   <li>{@code tokens}: a whole number, at least 0;</li>
 *   <li>{@code request}: the request text or its fingerprint. Text is fingerprinted on reading with the reader's
 *       {@link Fingerprinter} (keyed when the user gives a key) and never kept; a value that already is a fingerprint
 *       (hex, optionally {@code topic:hash}) is taken as it is;</li>
 *   <li>{@code segment}, {@code agent}, {@code artifact}: free text, empty for none.</li>
 * </ul>
 *
 * <p>Files are UTF-8, with or without a byte-order mark. A malformed row fails with an {@link InvalidDataException}
 * naming file, line, column and what was expected (bytes that are not UTF-8: the line and column they are on); the
 * message never quotes a request cell. A reader that fails is an {@link IOException}, not bad data. Events stream to
 * the consumer (usually an {@link ActivityLog}) as they are read, so files of any size are read in constant memory.
 * Immutable and thread-safe.
 */
public final class CsvEvents {
    private static final Pattern DIGITS = Pattern.compile("\\d{1,19}");
    /** The range {@link ActivityEvent} accepts: checked here so that the error names the column. */
    private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");
    private static final List<String> KNOWN = List.of("timestamp", "actor", "tokens", "segment", "request", "agent",
            "artifact");

    private final char delimiter;
    private final ZoneId zone;
    private final Fingerprinter fingerprinter;

    private CsvEvents(Builder b) {
        this.delimiter = b.delimiter;
        this.zone = b.zone;
        this.fingerprinter = b.fingerprinter;
    }

    /** Comma-separated, UTC, unkeyed fingerprints. */
    public static CsvEvents defaults() {
        return builder().build();
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads every event of the file into a new {@link ActivityLog}.
     *
     * @throws IOException          if the file cannot be read
     * @throws InvalidDataException if a row is not a valid event
     */
    public ActivityLog read(Path file) throws IOException {
        ActivityLog log = ActivityLog.create(zone);
        stream(file, log);
        return log;
    }

    /**
     * The file as an {@link EventSource}, read again on every {@link EventSource#read}: its events in file order, and
     * an account of its lines (every row read is used: a bad one is refused, never skipped). Malformed content is a
     * {@link SourceException} of reason {@code MALFORMED} with the line and column, a missing file {@code NOT_FOUND},
     * a file without an event (only a header) {@code EMPTY}.
     */
    public EventSource source(Path file) {
        Objects.requireNonNull(file, "file");
        String name = file.toString();
        return EventSource.of(name, sink -> {
            try (Reader reader = CsvInput.utf8(file)) {
                return deliver(reader, name, sink);
            }
        });
    }

    /**
     * The UTF-8 bytes of {@code in} (standard input, a pipe) as an {@link EventSource} named {@code name}, as
     * {@link #source(Path)}; it can be read once, and closes the stream when it is done.
     */
    public EventSource source(InputStream in, String name) {
        return EventSource.ofStream(name, in, (stream, sink) -> {
            try (Reader reader = CsvInput.utf8(stream)) {
                return deliver(reader, name, sink);
            }
        });
    }

    private EventAccount deliver(Reader reader, String name, EventSink sink) throws IOException {
        long read = stream(reader, name, sink::event);
        if (read == 0) {
            throw new SourceException(SourceException.Reason.EMPTY, name, "no events (only a header?)", null);
        }
        return new EventAccount(name, "line", read, read, Map.of(), Map.of());
    }

    /**
     * Streams the events of a file to {@code sink} in file order; returns how many.
     *
     * @throws IOException          if the file cannot be read
     * @throws InvalidDataException at the first row that is not valid; rows before it were already delivered
     */
    public long stream(Path file, Consumer<? super ActivityEvent> sink) throws IOException {
        try (Reader reader = CsvInput.utf8(file)) {
            return stream(reader, file.toString(), sink);
        }
    }

    /**
     * Streams the events read from {@code reader}; {@code source} names it in errors.
     *
     * @throws IOException          if the reader fails
     * @throws InvalidDataException at the first row that is not valid
     */
    public long stream(Reader reader, String source, Consumer<? super ActivityEvent> sink) throws IOException {
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sink, "sink");
        try (CsvInput.Records in = new CsvInput.Records(CsvInput.withoutBom(reader), delimiter, source)) {
            CsvInput.Row header = in.next();
            if (header == null) {
                throw new InvalidDataException(source, 1, 0,
                        "expected a header line with timestamp,actor,tokens, found an empty file");
            }
            Map<String, Integer> col = header(header, source, header.line());
            int width = header.size();
            int timestampColumn = col.get("timestamp");
            int actorColumn = col.get("actor");
            int tokensColumn = col.get("tokens");
            int requestColumn = col.getOrDefault("request", -1);
            int segmentColumn = col.getOrDefault("segment", -1);
            int agentColumn = col.getOrDefault("agent", -1);
            int artifactColumn = col.getOrDefault("artifact", -1);
            CsvInput.Names actors = new CsvInput.Names();
            CsvInput.Names segments = new CsvInput.Names();
            CsvInput.Names agents = new CsvInput.Names();
            CsvInput.Names artifacts = new CsvInput.Names();
            long count = 0;
            for (CsvInput.Row r = in.next(); r != null; r = in.next()) {
                long line = r.line();
                if (r.size() != width) {
                    throw new InvalidDataException(source, line, Math.min(r.size(), width) + 1,
                            "expected " + width + " columns, found " + r.size());
                }
                Instant at = timestamp(r.get(timestampColumn).strip(), source, line, timestampColumn + 1);
                String actor = actors.of(r, actorColumn).strip();
                if (actor.isEmpty()) {
                    throw new InvalidDataException(source, line, actorColumn + 1,
                            "expected an actor name, found an empty cell");
                }
                long tokens = tokens(r, tokensColumn, source, line);
                String request = requestColumn < 0 ? "" : r.get(requestColumn).strip();
                if (!request.isEmpty() && !Fingerprinter.isFingerprint(request)) {
                    request = fingerprinter.fingerprint(request);
                }
                try {
                    sink.accept(new ActivityEvent(at, actor, tokens, optional(r, segments, segmentColumn), request,
                            optional(r, agents, agentColumn), optional(r, artifacts, artifactColumn)));
                } catch (IllegalArgumentException e) {
                    throw new InvalidDataException(source, line, 0, e.getMessage(), e);
                }
                count++;
            }
            return count;
        }
    }

    private static String optional(CsvInput.Row r, CsvInput.Names names, int column) {
        return column < 0 ? "" : names.of(r, column).strip();
    }

    private static Map<String, Integer> header(CsvInput.Row header, String source, long line) {
        Map<String, Integer> col = new LinkedHashMap<>();
        for (int i = 0; i < header.size(); i++) {
            String name = header.get(i);
            if (i == 0 && name.startsWith("\uFEFF")) {
                name = name.substring(1);
            }
            name = name.strip().toLowerCase(Locale.ROOT);
            if (!KNOWN.contains(name)) {
                throw new InvalidDataException(source, line, i + 1, "unexpected column '" + CsvInput.clip(header.get(i).strip())
                        + "' (expected timestamp, actor, tokens and optionally segment, request, agent, artifact)");
            }
            if (col.put(name, i) != null) {
                throw new InvalidDataException(source, line, i + 1, "duplicate column '" + name + "'");
            }
        }
        for (String required : List.of("timestamp", "actor", "tokens")) {
            if (!col.containsKey(required)) {
                throw new InvalidDataException(source, line, 0, "expected a '" + required
                        + "' column in the header (timestamp,actor,tokens[,segment,request,agent,artifact])");
            }
        }
        return col;
    }

    private Instant timestamp(String text, String source, long line, int column) {
        if (text.isEmpty()) {
            throw new InvalidDataException(source, line, column, "expected a timestamp, found an empty cell");
        }
        Instant at;
        try {
            at = utc(text);
            if (at == null) {
                if (DIGITS.matcher(text).matches()) {
                    return EpochTime.of(Long.parseLong(text)).orElseThrow(() -> new InvalidDataException(source, line,
                            column, "expected " + EpochTime.FORMS + "; found '" + CsvInput.clip(text)
                            + "', which is neither (a compact date? write it as 2026-01-05 or 2026-01-05T09:30:00)"));
                }
                String t = text.length() > 10 && text.charAt(10) == ' ' ? text.substring(0, 10) + 'T' + text.substring(11) : text;
                char last = t.charAt(t.length() - 1);
                if (last == 'Z' || last == 'z' || t.lastIndexOf('+') > 10 || t.lastIndexOf('-') > 10) {
                    at = OffsetDateTime.parse(t.replace('z', 'Z')).toInstant();
                } else {
                    at = LocalDateTime.parse(t).atZone(zone).toInstant();
                }
            }
        } catch (NumberFormatException | java.time.DateTimeException e) {
            throw new InvalidDataException(source, line, column, "expected " + EpochTime.FORMS + ", found '"
                    + CsvInput.clip(text) + "'", e);
        }
        if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
            throw new InvalidDataException(source, line, column, "expected a timestamp between the years 1900 and 9999,"
                    + " found '" + CsvInput.clip(text) + "' (a mistyped year?)");
        }
        return at;
    }

    /**
     * The most common form, {@code 2025-03-03T09:15:02Z}, without a formatter (the same instant, and the same
     * {@link java.time.DateTimeException} for a field out of range); null for any other form.
     */
    private static Instant utc(String t) {
        if (t.length() != 20 || t.charAt(4) != '-' || t.charAt(7) != '-' || t.charAt(10) != 'T' || t.charAt(13) != ':'
                || t.charAt(16) != ':' || t.charAt(19) != 'Z') {
            return null;
        }
        int year = digits(t, 0, 4);
        int month = digits(t, 5, 7);
        int day = digits(t, 8, 10);
        int hour = digits(t, 11, 13);
        int minute = digits(t, 14, 16);
        int second = digits(t, 17, 19);
        if ((year | month | day | hour | minute | second) < 0) {
            return null;
        }
        return LocalDateTime.of(year, month, day, hour, minute, second).toInstant(ZoneOffset.UTC);
    }

    /** The number written by the digits in [from, to), or -1 if one is not a digit. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** Tokens: one to 19 digits ({@code \d{1,19}}), at most {@link Long#MAX_VALUE}, read from the row's characters. */
    private static long tokens(CsvInput.Row r, int index, String source, long line) {
        char[] c = r.chars();
        int from = r.start(index);
        int to = r.end(index);
        while (from < to && CsvInput.isWhitespace(c[from])) {
            from++;
        }
        while (to > from && CsvInput.isWhitespace(c[to - 1])) {
            to--;
        }
        int column = index + 1;
        long v = 0;
        boolean overflow = false;
        for (int i = from; i < to; i++) {
            char d = c[i];
            if (d < '0' || d > '9' || to - from > 19) {
                String text = new String(c, from, to - from);
                throw new InvalidDataException(source, line, column, "expected tokens as a whole number >= 0, found "
                        + (text.isEmpty() ? "an empty cell" : "'" + CsvInput.clip(text) + "'"));
            }
            long next = v * 10 + (d - '0');
            overflow |= next < 0;
            v = next;
        }
        if (from == to) {
            throw new InvalidDataException(source, line, column,
                    "expected tokens as a whole number >= 0, found an empty cell");
        }
        if (overflow) {
            String text = new String(c, from, to - from);
            try {
                return Long.parseLong(text); // throws: beyond Long.MAX_VALUE
            } catch (NumberFormatException e) {
                throw new InvalidDataException(source, line, column, "tokens out of range: '" + CsvInput.clip(text) + "'", e);
            }
        }
        return v;
    }

    /** Settings for a {@link CsvEvents} reader. */
    public static final class Builder {
        private char delimiter = ',';
        private ZoneId zone = ZoneOffset.UTC;
        private Fingerprinter fingerprinter = Fingerprinter.unkeyed();

        private Builder() {
        }

        /** The field delimiter, {@code ','} by default. */
        public Builder delimiter(char value) {
            CsvMetrics.builder().delimiter(value);
            this.delimiter = value;
            return this;
        }

        /** The zone for timestamps without an offset, UTC by default; also the log's zone for hours of the day. */
        public Builder zone(ZoneId value) {
            this.zone = Objects.requireNonNull(value, "zone");
            return this;
        }

        /** How request text is fingerprinted; {@link Fingerprinter#keyed(String)} for real logs. */
        public Builder fingerprinter(Fingerprinter value) {
            this.fingerprinter = Objects.requireNonNull(value, "fingerprinter");
            return this;
        }

        /** Builds the reader. */
        public CsvEvents build() {
            return new CsvEvents(this);
        }
    }
}
