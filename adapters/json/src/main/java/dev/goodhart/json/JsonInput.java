package dev.goodhart.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goodhart.InvalidDataException;
import dev.goodhart.Observation;
import dev.goodhart.activity.ActivityEvent;
import dev.goodhart.activity.Fingerprinter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
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
 *       too.</li>
 *   <li><b>Events</b> ({@link #streamEvents}): JSON Lines, one object per line with {@code timestamp} (ISO-8601 with
 *       an offset, or epoch seconds), {@code actor}, {@code tokens} and optionally {@code segment}, {@code request}
 *       (text is fingerprinted on reading with the given {@link Fingerprinter} and never kept), {@code agent},
 *       {@code artifact}. Blank lines are skipped.</li>
 * </ul>
 *
 * <p>Malformed input is an {@link InvalidDataException} with the source, line and column (JSON Lines: the line of the
 * event) and what was expected; an event message never quotes the request. {@link #readSeries} is all-or-nothing;
 * {@link #streamEvents} hands events over as it reads them and stops at the first bad line. Stateless, thread-safe.
 */
public final class JsonInput {
    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonInput() {
    }

    /**
     * Reads observations from a JSON series document or an array of observation objects.
     *
     * @throws IOException          if the reader fails
     * @throws InvalidDataException if the JSON is malformed or does not have the expected shape
     */
    public static List<Observation> readSeries(Reader in, String source) throws IOException {
        Objects.requireNonNull(in, "in");
        List<Observation> out = new ArrayList<>();
        try (JsonParser p = FACTORY.createParser(in)) {
            JsonToken first = p.nextToken();
            if (first == JsonToken.START_ARRAY) {
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    JsonLocation at = p.currentTokenLocation();
                    JsonNode row = MAPPER.readTree(p);
                    out.add(observation(row, source, at));
                }
                expectEnd(p, source);
                return out;
            }
            if (first != JsonToken.START_OBJECT) {
                throw error(source, p.currentTokenLocation(), "expected {\"series\": [...]} or an array of observations");
            }
            boolean seen = false;
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                String field = p.currentName();
                p.nextToken();
                if (!field.equals("series")) {
                    p.skipChildren();
                    continue;
                }
                seen = true;
                if (p.currentToken() != JsonToken.START_ARRAY) {
                    throw error(source, p.currentTokenLocation(), "\"series\" must be an array");
                }
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    series(p, source, out);
                }
            }
            if (!seen) {
                throw error(source, p.currentTokenLocation(), "expected a \"series\" array");
            }
            return out;
        } catch (JsonProcessingException e) {
            throw error(source, e.getLocation(), "not valid JSON: " + e.getOriginalMessage());
        }
    }

    private static void series(JsonParser p, String source, List<Observation> out) throws IOException {
        JsonLocation start = p.currentTokenLocation();
        String segment = null;
        String metric = null;
        List<Object[]> points = new ArrayList<>();
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            JsonToken t = p.nextToken();
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
                    while (p.nextToken() == JsonToken.START_ARRAY) {
                        JsonLocation at = p.currentTokenLocation();
                        JsonToken d = p.nextToken();
                        if (d != JsonToken.VALUE_STRING) {
                            throw error(source, at, "expected a point [\"YYYY-MM-DD\", value]");
                        }
                        LocalDate date = date(p.getText(), source, at);
                        JsonToken v = p.nextToken();
                        double value;
                        if (v == JsonToken.VALUE_NULL) {
                            value = Double.NaN;
                        } else if (v == JsonToken.VALUE_NUMBER_INT || v == JsonToken.VALUE_NUMBER_FLOAT) {
                            value = p.getDoubleValue();
                        } else {
                            throw error(source, p.currentTokenLocation(), "expected a number or null as the point's value");
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
        for (Object[] pt : points) {
            out.add(make(source, (JsonLocation) pt[2], (LocalDate) pt[0], segment, metric, (Double) pt[1]));
        }
    }

    private static Observation observation(JsonNode row, String source, JsonLocation at) {
        if (!row.isObject()) {
            throw error(source, at, "expected an observation object");
        }
        JsonNode date = row.get("date");
        JsonNode metric = row.get("metric");
        JsonNode value = row.get("value");
        if (date == null || !date.isTextual()) {
            throw error(source, at, "an observation needs \"date\" as \"YYYY-MM-DD\"");
        }
        if (metric == null || !metric.isTextual()) {
            throw error(source, at, "an observation needs a \"metric\" name");
        }
        if (value == null || !(value.isNumber() || value.isNull())) {
            throw error(source, at, "an observation needs a numeric \"value\" (or null for missing)");
        }
        JsonNode segment = row.get("segment");
        return make(source, at, date(date.asText(), source, at), segment == null || segment.isNull() ? null
                : segment.asText(), metric.asText(), value.isNull() ? Double.NaN : value.asDouble());
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
        Objects.requireNonNull(fingerprinter, "fingerprinter");
        Objects.requireNonNull(sink, "sink");
        BufferedReader lines = in instanceof BufferedReader b ? b : new BufferedReader(in, 1 << 16);
        long count = 0;
        long number = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            number++;
            if (line.isBlank()) {
                continue;
            }
            JsonNode e;
            try {
                e = MAPPER.readTree(line);
            } catch (JsonProcessingException ex) {
                JsonLocation at = ex.getLocation();
                throw new InvalidDataException(source, number, at == null ? 0 : at.getColumnNr(),
                        "not valid JSON: " + ex.getOriginalMessage(), ex);
            }
            sink.accept(event(e, source, number, fingerprinter));
            count++;
        }
        return count;
    }

    private static ActivityEvent event(JsonNode e, String source, long line, Fingerprinter fingerprinter) {
        if (e == null || !e.isObject()) {
            throw new InvalidDataException(source, line, 1, "expected one JSON object per line");
        }
        JsonNode ts = e.get("timestamp");
        Instant at;
        if (ts != null && ts.isIntegralNumber()) {
            at = dev.goodhart.activity.EpochTime.of(ts.asLong()).orElseThrow(() -> new InvalidDataException(source,
                    line, 0, "timestamp: expected " + dev.goodhart.activity.EpochTime.FORMS + ", found " + ts.asText()
                    + ", which is neither (a compact date? write it as \"2026-01-05T09:30:00Z\")"));
        } else if (ts != null && ts.isTextual()) {
            try {
                at = OffsetDateTime.parse(ts.asText()).toInstant();
            } catch (DateTimeParseException ex) {
                throw new InvalidDataException(source, line, 0, "timestamp: expected ISO-8601 with an offset such as "
                        + "2025-03-03T09:15:02Z, found '" + clip(ts.asText()) + "'");
            }
        } else {
            throw new InvalidDataException(source, line, 0, "expected \"timestamp\" (ISO-8601 or epoch seconds)");
        }
        JsonNode actor = e.get("actor");
        if (actor == null || !actor.isTextual() || actor.asText().isBlank()) {
            throw new InvalidDataException(source, line, 0, "expected a non-empty \"actor\"");
        }
        JsonNode tokens = e.get("tokens");
        if (tokens == null || !tokens.isIntegralNumber() || tokens.asLong() < 0) {
            throw new InvalidDataException(source, line, 0, "expected \"tokens\" as a whole number >= 0, found "
                    + (tokens == null ? "nothing" : clip(tokens.toString())));
        }
        String request = optional(e, "request");
        if (!request.isEmpty() && !Fingerprinter.isFingerprint(request)) {
            request = fingerprinter.fingerprint(request);
        }
        try {
            return new ActivityEvent(at, actor.asText(), tokens.asLong(), optional(e, "segment"), request,
                    optional(e, "agent"), optional(e, "artifact"));
        } catch (IllegalArgumentException ex) {
            throw new InvalidDataException(source, line, 0, ex.getMessage(), ex);
        }
    }

    private static String optional(JsonNode e, String field) {
        JsonNode v = e.get(field);
        return v == null || v.isNull() ? "" : v.asText();
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

    private static void expectEnd(JsonParser p, String source) throws IOException {
        if (p.currentToken() != JsonToken.END_ARRAY) {
            throw error(source, p.currentTokenLocation(), "expected observation objects in the array");
        }
    }

    private static InvalidDataException error(String source, JsonLocation at, String problem) {
        return new InvalidDataException(source, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
                problem);
    }

    private static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }
}
