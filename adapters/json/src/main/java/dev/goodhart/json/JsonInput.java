package dev.goodhart.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.NullNode;
import dev.goodhart.model.InvalidDataException;
import dev.goodhart.model.Observation;
import dev.goodhart.activity.ActivityEvent;
import dev.goodhart.activity.EpochTime;
import dev.goodhart.activity.EventAccount;
import dev.goodhart.activity.Fingerprinter;
import dev.goodhart.source.EventSource;
import dev.goodhart.source.ObservationSource;
import dev.goodhart.source.SourceException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.PushbackReader;
import java.io.Reader;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * JSON input with Jackson, streamed so that files of any size are read in constant memory.
 *
 * <ul>
 *   <li><b>Series</b> ({@link #readSeries}): an object {@code {"series": [ {"segment": "checkout", "metric": "tokens",
 *       "points": [["2025-01-06", 1200], ["2025-01-13", null], ...]}, ...]}}; {@code segment} may be omitted or empty
 *       (the whole organisation); a {@code null} value is explicitly missing. A top-level array of observation objects
 *       {@code [{"date": "2025-01-06", "segment": "checkout", "metric": "tokens", "value": 1200}, ...]} is read
 *       too. Values are finite numbers or null; a field given twice in an object, an element of the wrong kind in an
 *       array, or anything after the document is an error; a leading byte-order mark is skipped.</li>
 *   <li><b>Events</b> ({@link #streamEvents}): JSON Lines, one object per line with {@code timestamp} (an ISO-8601
 *       string with an offset, years 1900 to 9999, or epoch seconds or milliseconds between 2000 and 2100, see
 *       {@link EpochTime}), {@code actor} (a non-blank string without surrounding whitespace), {@code tokens} (a whole
 *       number, at least 0) and optionally {@code segment}, {@code request} (text is fingerprinted on reading with the
 *       given {@link Fingerprinter} and never kept), {@code agent}, {@code artifact}: strings, or null for none. Other
 *       fields are ignored; a field given twice, or anything after the object on its line, is an error. Blank lines
 *       and a leading byte-order mark are skipped.</li>
 * </ul>
 *
 * <p>Malformed input is an {@link InvalidDataException} with the source, line and column (JSON Lines: the line of the
 * event and the column of the value at fault) and what was expected; an event message never quotes the request. {@link #readSeries} is all-or-nothing;
 * {@link #streamEvents} hands events over as it reads them and stops at the first bad line. Stateless, thread-safe.
 */
public final class JsonInput {
    private static final JsonFactory FACTORY = new JsonFactory();
    /** For series documents: a field given twice in an object is an error, not "the last one wins". */
    private static final JsonFactory STRICT = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION).build();
    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** The range {@link ActivityEvent} accepts, checked here so that the error names the column. */
    private static final Instant EARLIEST = Instant.parse("1900-01-01T00:00:00Z");
    private static final Instant LATEST = Instant.parse("9999-12-31T23:59:59Z");

    private JsonInput() {
    }

    /**
     * A JSON series file (or array of observation objects, see {@link #readSeries}) as an
     * {@link ObservationSource}, read again on every read: malformed content is a {@link SourceException} of reason
     * {@code MALFORMED} with the line and column, a missing file {@code NOT_FOUND}, a document without an
     * observation {@code EMPTY}.
     */
    public static ObservationSource seriesSource(Path file) {
        Objects.requireNonNull(file, "file");
        String name = file.toString();
        return ObservationSource.of(name, sink -> {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                return deliverSeries(reader, name, sink);
            }
        });
    }

    /**
     * The UTF-8 bytes of {@code in} (standard input, a pipe) as a series {@link ObservationSource} named
     * {@code name}, as {@link #seriesSource(Path)}; it can be read once, and closes the stream when it is done.
     */
    public static ObservationSource seriesSource(InputStream in, String name) {
        return ObservationSource.ofStream(name, in, (stream, sink) -> {
            try (Reader reader = new InputStreamReader(stream, StandardCharsets.UTF_8.newDecoder())) {
                return deliverSeries(reader, name, sink);
            }
        });
    }

    private static long deliverSeries(Reader reader, String name, dev.goodhart.source.ObservationSink sink)
            throws IOException {
        List<Located> all = readLocated(reader, name);
        if (all.isEmpty()) {
            throw new SourceException(SourceException.Reason.EMPTY, name, "no observations", null);
        }
        for (Located o : all) {
            // where in the file it was, so that a frame's refusal (a second row, a negative count) names line and
            // column, not "observation 725" (a helper's reading)
            sink.accept(o.observation(), o.line(), o.column(), false);
        }
        return all.size();
    }

    /**
     * A JSON Lines usage log (see {@link #streamEvents}) as an {@link EventSource}, read again on every read, its
     * request text fingerprinted with {@code fingerprinter}: malformed content is a {@link SourceException} of reason
     * {@code MALFORMED} with the line and column, a log without an event {@code EMPTY}. Every line read is used (a
     * bad one is refused, never skipped).
     */
    public static EventSource eventSource(Path file, Fingerprinter fingerprinter) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(fingerprinter, "fingerprinter");
        String name = file.toString();
        return EventSource.of(name, sink -> {
            try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                return deliverEvents(reader, name, fingerprinter, sink);
            }
        });
    }

    /**
     * The UTF-8 bytes of {@code in} as a JSON Lines {@link EventSource} named {@code name}, as
     * {@link #eventSource(Path, Fingerprinter)}; it can be read once, and closes the stream when it is done.
     */
    public static EventSource eventSource(InputStream in, String name, Fingerprinter fingerprinter) {
        Objects.requireNonNull(fingerprinter, "fingerprinter");
        return EventSource.ofStream(name, in, (stream, sink) -> {
            try (Reader reader = new InputStreamReader(stream, StandardCharsets.UTF_8.newDecoder())) {
                return deliverEvents(reader, name, fingerprinter, sink);
            }
        });
    }

    private static EventAccount deliverEvents(Reader reader, String name, Fingerprinter fingerprinter,
                                              dev.goodhart.source.EventSink sink) throws IOException {
        long read = streamEvents(reader, name, fingerprinter, sink::event);
        if (read == 0) {
            throw new SourceException(SourceException.Reason.EMPTY, name, "no events", null);
        }
        return new EventAccount(name, "line", read, read, Map.of(), Map.of());
    }

    /**
     * Reads observations from a JSON series document or an array of observation objects.
     *
     * @throws IOException          if the reader fails
     * @throws InvalidDataException if the JSON is malformed or does not have the expected shape
     */
    public static List<Observation> readSeries(Reader in, String source) throws IOException {
        return readLocated(in, source).stream().map(Located::observation).toList();
    }

    /** An observation read and where it was read: the line and column of its point or object (1-based). */
    private record Located(Observation observation, long line, int column) {
    }

    private static List<Located> readLocated(Reader in, String source) throws IOException {
        Objects.requireNonNull(in, "in");
        List<Located> out = new ArrayList<>();
        try (JsonParser p = STRICT.createParser(withoutBom(in))) {
            try {
                return readSeries(p, source, out);
            } catch (JsonProcessingException e) {
                // a limit (nesting depth, number length) has no location of its own: where the parser stopped
                JsonLocation at = e.getLocation() != null ? e.getLocation() : p.currentLocation();
                throw new InvalidDataException(source, at == null ? 0 : Math.max(0, at.getLineNr()), column(at),
                        "not valid JSON: " + jacksonMessage(e), e);
            }
        }
    }

    private static List<Located> readSeries(JsonParser p, String source, List<Located> out) throws IOException {
        JsonToken first = p.nextToken();
        if (first == JsonToken.START_ARRAY) {
            for (JsonToken t = p.nextToken(); t != JsonToken.END_ARRAY; t = p.nextToken()) {
                JsonLocation at = p.currentTokenLocation();
                if (t != JsonToken.START_OBJECT) {
                    throw error(source, at, "expected observation objects in the array, found " + describe(p));
                }
                out.add(located(observation(p, source, at), at));
            }
        } else if (first == JsonToken.START_OBJECT) {
            boolean seen = false;
            for (JsonToken t = p.nextToken(); t == JsonToken.FIELD_NAME; t = p.nextToken()) {
                String field = p.currentName();
                p.nextToken();
                if (!field.equals("series")) {
                    p.skipChildren();
                    continue;
                }
                seen = true;
                if (p.currentToken() != JsonToken.START_ARRAY) {
                    throw error(source, p.currentTokenLocation(), "\"series\" must be an array, found " + describe(p));
                }
                for (JsonToken s = p.nextToken(); s != JsonToken.END_ARRAY; s = p.nextToken()) {
                    if (s != JsonToken.START_OBJECT) {
                        throw error(source, p.currentTokenLocation(), "expected a series object {\"metric\": ...,"
                                + " \"points\": [...]} in \"series\", found " + describe(p));
                    }
                    series(p, source, out);
                }
            }
            if (!seen) {
                throw error(source, p.currentTokenLocation(), "expected a \"series\" array");
            }
        } else {
            throw error(source, p.currentTokenLocation(), "expected {\"series\": [...]} or an array of observations"
                    + (first == null ? ", found nothing" : ", found " + describe(p)));
        }
        if (p.nextToken() != null) {
            throw error(source, p.currentTokenLocation(), "expected the end of the input after the document, found "
                    + describe(p));
        }
        return out;
    }

    private static void series(JsonParser p, String source, List<Located> out) throws IOException {
        JsonLocation start = p.currentTokenLocation();
        String segment = null;
        String metric = null;
        List<Object[]> points = new ArrayList<>();
        boolean hasPoints = false;
        boolean observationLike = false;
        for (JsonToken f = p.nextToken(); f == JsonToken.FIELD_NAME; f = p.nextToken()) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            hasPoints |= field.equals("points");
            observationLike |= field.equals("date") || field.equals("value");
            switch (field) {
                case "segment":
                    segment = t == JsonToken.VALUE_NULL ? null : text(p, source, "segment");
                    break;
                case "metric":
                    metric = text(p, source, "metric");
                    break;
                case "points":
                    if (t != JsonToken.START_ARRAY) {
                        throw error(source, p.currentTokenLocation(), "\"points\" must be an array of [date, value]");
                    }
                    for (JsonToken q = p.nextToken(); q != JsonToken.END_ARRAY; q = p.nextToken()) {
                        JsonLocation at = p.currentTokenLocation();
                        if (q != JsonToken.START_ARRAY) {
                            throw error(source, at, "expected a point [\"YYYY-MM-DD\", value], found " + describe(p));
                        }
                        JsonToken d = p.nextToken();
                        if (d != JsonToken.VALUE_STRING) {
                            throw error(source, at, "expected a point [\"YYYY-MM-DD\", value], found a first element "
                                    + (d == JsonToken.END_ARRAY ? "missing" : describe(p)));
                        }
                        LocalDate date = date(p.getText(), source, at);
                        JsonToken v = p.nextToken();
                        double value;
                        if (v == JsonToken.VALUE_NULL) {
                            value = Double.NaN;
                        } else if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
                            value = finite(p.getDoubleValue(), p.getText(), source, p.currentTokenLocation());
                        } else {
                            // what was found, and for a number written as a string the fix (helper-173)
                            String found = v == JsonToken.VALUE_STRING
                                    ? "the string \"" + clip(p.getText()) + "\" (a number is written without quotes)"
                                    : describe(p);
                            throw error(source, p.currentTokenLocation(), "expected a number or null as the point's "
                                    + "value, found " + found);
                        }
                        if (p.nextToken() != JsonToken.END_ARRAY) {
                            throw error(source, p.currentTokenLocation(), "a point has two elements: [date, value]");
                        }
                        points.add(new Object[] {date, value, at});
                    }
                    break;
                default:
                    p.skipChildren();
                    break;
            }
        }
        if (metric == null) {
            throw error(source, start, "a series needs a \"metric\"");
        }
        if (!hasPoints) {
            // its values would be lost without a word: an observation object put in "series" reads so
            throw error(source, start, "a series needs \"points\": [[\"YYYY-MM-DD\", value], ...]" + (observationLike
                    ? " (this object has a \"date\" or \"value\" of its own: observations go in a top-level array,"
                            + " [{\"date\": ..., \"segment\": ..., \"metric\": ..., \"value\": ...}, ...])"
                    : ""));
        }
        for (Object[] pt : points) {
            JsonLocation at = (JsonLocation) pt[2];
            out.add(located(make(source, at, (LocalDate) pt[0], segment, metric, (Double) pt[1]), at));
        }
    }

    private static Located located(Observation o, JsonLocation at) {
        return new Located(o, at == null ? 0 : Math.max(0, at.getLineNr()), column(at));
    }

    private static double finite(double value, String text, String source, JsonLocation at) {
        if (Double.isInfinite(value)) {
            throw error(source, at, "expected a finite number, found " + clip(text) + " (out of double range)");
        }
        return value;
    }

    /** The current token, for an error message. */
    private static String describe(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case START_ARRAY -> "an array";
            case START_OBJECT -> "an object";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT, VALUE_NUMBER_FLOAT -> clip(p.getText());
            default -> clip(String.valueOf(p.getText()));
        };
    }

    /** {@code in} without a leading byte-order mark. */
    private static Reader withoutBom(Reader in) throws IOException {
        PushbackReader r = new PushbackReader(in, 1);
        int first = r.read();
        if (first >= 0 && first != '\uFEFF') {
            r.unread(first);
        }
        return r;
    }

    /**
     * An observation object read field by field from {@code p} (at its opening brace), so that a field of the wrong
     * kind is named where it is, not at the object's brace (a helper's string value four lines below it was reported
     * on the brace's line). Unknown fields are skipped; a field given twice is refused by the strict parser.
     */
    private static Observation observation(JsonParser p, String source, JsonLocation at) throws IOException {
        String date = null;
        JsonLocation dateAt = at;
        String segment = null;
        String metric = null;
        double value = Double.NaN;
        boolean hasValue = false;
        for (JsonToken f = p.nextToken(); f == JsonToken.FIELD_NAME; f = p.nextToken()) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
            JsonLocation fieldAt = p.currentTokenLocation();
            switch (field) {
                case "date" -> {
                    if (t != JsonToken.VALUE_STRING) {
                        throw error(source, fieldAt, "an observation needs \"date\" as \"YYYY-MM-DD\", found "
                                + describe(p));
                    }
                    date = p.getText();
                    dateAt = fieldAt;
                }
                case "metric" -> {
                    if (t != JsonToken.VALUE_STRING) {
                        throw error(source, fieldAt, "an observation needs a \"metric\" name, found " + describe(p));
                    }
                    metric = p.getText();
                }
                case "value" -> {
                    if (t == JsonToken.VALUE_NULL) {
                        value = Double.NaN;
                    } else if (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) {
                        value = finite(p.getDoubleValue(), p.getText(), source, fieldAt);
                    } else {
                        throw error(source, fieldAt, "an observation needs a numeric \"value\" (or null for missing),"
                                + " found " + describe(p));
                    }
                    hasValue = true;
                }
                case "segment" -> {
                    if (t == JsonToken.VALUE_NULL) {
                        segment = null;
                    } else if (t == JsonToken.VALUE_STRING) {
                        segment = p.getText();
                    } else {
                        throw error(source, fieldAt, "an observation's \"segment\" must be a string or null, found "
                                + describe(p));
                    }
                }
                default -> p.skipChildren();
            }
        }
        if (date == null) {
            throw error(source, at, "an observation needs \"date\" as \"YYYY-MM-DD\"");
        }
        if (metric == null) {
            throw error(source, at, "an observation needs a \"metric\" name");
        }
        if (!hasValue) {
            throw error(source, at, "an observation needs a numeric \"value\" (or null for missing)");
        }
        return make(source, at, date(date, source, dateAt), segment, metric, value);
    }

    private static Observation make(String source, JsonLocation at, LocalDate date, String segment, String metric,
                                    double value) {
        try {
            return new Observation(date, segment, metric, value);
        } catch (IllegalArgumentException e) {
            throw error(source, at, e.getMessage());
        }
    }

    /**
     * Streams usage events from JSON Lines to {@code sink}; returns how many.
     *
     * @throws IOException          if the reader fails
     * @throws InvalidDataException at the first line that is not a valid event (its line and column)
     */
    public static long streamEvents(Reader in, String source, Fingerprinter fingerprinter,
                                    Consumer<? super ActivityEvent> sink) throws IOException {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(fingerprinter, "fingerprinter");
        Objects.requireNonNull(sink, "sink");
        BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in, 1 << 16);
        long count = 0;
        long number = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            number++;
            if (number == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1); // a byte-order mark
            }
            if (line.isBlank()) {
                continue;
            }
            sink.accept(event(line, source, number, fingerprinter));
            count++;
        }
        return count;
    }

    /** A field of an event line: its value and the column the value starts in. */
    private record Field(JsonNode value, int column) {
    }

    /** The fields of an event line and the column its object starts in. */
    private record Fields(Map<String, Field> byName, int column) {
        Field get(String name) {
            return byName.get(name);
        }
    }

    /** Reads the one object of a line, refusing duplicate fields and anything after the object. */
    private static Fields fields(String line, String source, long number) throws IOException {
        Map<String, Field> fields = new HashMap<>();
        int objectColumn;
        JsonParser p = FACTORY.createParser(line);
        try (p) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                throw new InvalidDataException(source, number, column(p.currentTokenLocation()),
                        "expected one JSON object per line");
            }
            objectColumn = column(p.currentTokenLocation());
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                int nameColumn = column(p.currentTokenLocation());
                p.nextToken();
                int valueColumn = column(p.currentTokenLocation());
                JsonNode value = MAPPER.readTree(p);
                if (fields.put(name, new Field(value == null ? NullNode.getInstance() : value, valueColumn)) != null) {
                    throw new InvalidDataException(source, number, nameColumn, "expected each field once, found \""
                            + clip(name) + "\" twice");
                }
            }
            if (p.nextToken() != null) {
                throw new InvalidDataException(source, number, column(p.currentTokenLocation()),
                        "expected one JSON object per line, found more after it");
            }
        } catch (JsonProcessingException ex) {
            JsonLocation at = ex.getLocation() != null ? ex.getLocation() : p.currentLocation();
            if (String.valueOf(ex.getOriginalMessage()).startsWith("Unexpected end-of-input")) {
                throw new InvalidDataException(source, number, column(at), "expected one JSON object per line (a "
                        + "JSON Lines usage log: timestamp, actor, tokens), found one that does not end on its line (a "
                        + "JSON document written over several lines, a truncated line?)", ex);
            }
            throw new InvalidDataException(source, number, column(at),
                    "not valid JSON: " + withoutTokenText(jacksonMessage(ex)), ex);
        }
        return new Fields(fields, objectColumn);
    }

    private static ActivityEvent event(String line, String source, long number, Fingerprinter fingerprinter)
            throws IOException {
        Fields fields = fields(line, source, number);
        int objectColumn = fields.column();
        Instant at = timestamp(fields.get("timestamp"), source, number, objectColumn);

        Field actor = fields.get("actor");
        if (actor == null || !actor.value().isTextual() || actor.value().asText().isBlank()) {
            throw new InvalidDataException(source, number, actor == null ? objectColumn : actor.column(),
                    "expected a non-empty \"actor\" string, found " + found(actor));
        }
        String name = actor.value().asText();
        if (!name.equals(name.strip())) {
            throw new InvalidDataException(source, number, actor.column(), "expected an \"actor\" without leading or"
                    + " trailing whitespace, found \"" + clip(name) + "\"");
        }

        Field tokens = fields.get("tokens");
        if (tokens == null || !tokens.value().isIntegralNumber() || !tokens.value().canConvertToLong()
                || tokens.value().asLong() < 0) {
            throw new InvalidDataException(source, number, tokens == null ? objectColumn : tokens.column(),
                    "expected \"tokens\" as a whole number >= 0" + (tokens != null && tokens.value().isIntegralNumber()
                    && !tokens.value().canConvertToLong() ? " and at most " + Long.MAX_VALUE : "") + ", found "
                    + found(tokens));
        }

        String request = optional(fields, "request", source, number);
        if (!request.isEmpty() && !Fingerprinter.isFingerprint(request)) {
            request = fingerprinter.fingerprint(request);
        }
        String segment = optional(fields, "segment", source, number);
        String agent = optional(fields, "agent", source, number);
        String artifact = optional(fields, "artifact", source, number);
        try {
            return new ActivityEvent(at, name, tokens.value().asLong(), segment, request, agent, artifact);
        } catch (IllegalArgumentException ex) {
            throw new InvalidDataException(source, number, 0, ex.getMessage(), ex);
        }
    }

    private static Instant timestamp(Field ts, String source, long line, int objectColumn) {
        if (ts == null || ts.value().isNull()) {
            throw new InvalidDataException(source, line, ts == null ? objectColumn : ts.column(),
                    "expected \"timestamp\" (ISO-8601 with an offset, or epoch seconds), found " + found(ts));
        }
        JsonNode value = ts.value();
        Instant at;
        if (value.isIntegralNumber()) {
            at = (value.canConvertToLong() ? EpochTime.of(value.asLong()) : java.util.Optional.<Instant>empty())
                    .orElseThrow(() -> new InvalidDataException(source, line, ts.column(), "timestamp: expected "
                            + EpochTime.FORMS + ", found " + clip(value.asText())
                            + ", which is neither (a compact date? write it as \"2026-01-05T09:30:00Z\")"));
        } else if (value.isTextual()) {
            try {
                at = OffsetDateTime.parse(value.asText()).toInstant();
            } catch (DateTimeParseException ex) {
                throw new InvalidDataException(source, line, ts.column(), "timestamp: expected ISO-8601 with an offset"
                        + " such as 2025-03-03T09:15:02Z, found '" + clip(value.asText()) + "'", ex);
            }
            if (at.isBefore(EARLIEST) || at.isAfter(LATEST)) {
                throw new InvalidDataException(source, line, ts.column(), "timestamp: expected a time between the years"
                        + " 1900 and 9999, found '" + clip(value.asText()) + "' (a mistyped year?)");
            }
        } else {
            throw new InvalidDataException(source, line, ts.column(), "timestamp: expected ISO-8601 text such as "
                    + "\"2025-03-03T09:15:02Z\" or epoch seconds, found " + found(ts));
        }
        return at;
    }

    /** An optional text field: missing or null is empty; anything but a string is an error. */
    private static String optional(Fields fields, String name, String source, long line) {
        Field f = fields.get(name);
        if (f == null || f.value().isNull()) {
            return "";
        }
        if (!f.value().isTextual()) {
            // the request's value is never shown: it could be request text
            throw new InvalidDataException(source, line, f.column(), "expected \"" + name + "\" as a string or null, found "
                    + (name.equals("request") ? kind(f.value()) : found(f)));
        }
        return f.value().asText().strip();
    }

    private static String found(Field f) {
        if (f == null) {
            return "nothing";
        }
        JsonNode v = f.value();
        return v.isValueNode() ? clip(v.toString()) : kind(v);
    }

    private static String kind(JsonNode v) {
        return switch (v.getNodeType()) {
            case ARRAY -> "an array";
            case OBJECT -> "an object";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case STRING -> "a string";
            default -> v.getNodeType().name().toLowerCase(java.util.Locale.ROOT);
        };
    }

    /** Jackson's message without its pointer to its own settings. */
    static String jacksonMessage(JsonProcessingException e) {
        // without its settings and its own locations ([Source: REDACTED ...]: the line and column are given already),
        // nor its advice to the programmer ("enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow")
        return opened(String.valueOf(e.getOriginalMessage()))
                .replaceAll("Non-standard token '([^']*)': enable `[^`]*` to allow",
                        "'$1' is not a JSON number (JSON has no NaN or Infinity)")
                .replaceAll(":? *enable `[^`]*` to allow", "")
                .replaceAll(", from `[^`]*`\\)", ")")
                .replaceAll("\\s*\\(start marker at \\[Source:[^\\]]*\\]\\)", "")
                .replaceAll("\\s*at \\[Source:[^\\]]*\\]", "").replaceAll("\\[Source:[^\\]]*\\]", "");
    }

    private static final java.util.regex.Pattern OPENED = java.util.regex.Pattern.compile(
            "\\(for (Array|Object|root) starting at \\[Source:[^\\]]*?column: (\\d+)\\]\\)");

    /**
     * Jackson's "(for Array starting at [Source: ...; line: 1, column: 26])" in words, "(for the array opened at
     * column 26)": the line is the one the message names already.
     */
    private static String opened(String message) {
        java.util.regex.Matcher m = OPENED.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String what = m.group(1).equals("root") ? "the value" : "the " + m.group(1).toLowerCase(java.util.Locale.ROOT);
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement("(for " + what + " opened at column "
                    + m.group(2) + ")"));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** Jackson quotes an unrecognised token, which could be the start of unquoted request text. */
    private static String withoutTokenText(String message) {
        return String.valueOf(message).replaceAll("Unrecognized token '[^']*'", "unrecognized token (text without quotes?)");
    }

    private static int column(JsonLocation at) {
        return at == null ? 0 : Math.max(0, at.getColumnNr());
    }

    private static String text(JsonParser p, String source, String field) throws IOException {
        if (p.currentToken() != JsonToken.VALUE_STRING) {
            throw error(source, p.currentTokenLocation(), "\"" + field + "\" must be a string");
        }
        return p.getText();
    }

    private static LocalDate date(String text, String source, JsonLocation at) {
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            throw error(source, at, "expected a date as YYYY-MM-DD, found '" + clip(text) + "'");
        }
    }

    private static InvalidDataException error(String source, JsonLocation at, String problem) {
        return new InvalidDataException(source, at == null ? 0 : Math.max(0, at.getLineNr()), column(at), problem);
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
