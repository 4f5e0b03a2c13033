package dev.goodhart.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goodhart.model.InvalidDataException;
import dev.goodhart.activity.ActivityEvent;
import dev.goodhart.activity.EpochTime;
import dev.goodhart.activity.Fingerprinter;
import java.io.IOException;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;

/**
 * Fuzz of {@link JsonInput#streamEvents}, the JSON Lines event reader. Realistic event lines, damaged the way logs get
 * damaged (fields missing, doubled, of the wrong type, numbers beyond a long, text edits), either read, and then every
 * event is exactly what a strict reading of its line says, or fail with an {@link InvalidDataException} naming the
 * first line that was not delivered, never quoting the request; a single bad value is reported at its line and column.
 */
class JsonLinesFuzzTest {
    private static final String SOURCE = "fuzz.jsonl";
    private static final String SECRET = "SECRET";
    private static final Instant START = Instant.parse("2025-03-03T00:00:00Z");
    /** The strict reading the reader is judged against: no duplicate fields, nothing after the object, exact numbers. */
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_INTEGER_FOR_INTS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS);
    private static final List<String> ACTORS = List.of("ana", "bo", "Zo\u00eb", "\u540D\u524D", "a b", "say \"hi\"",
            "back\\slash");
    private static final List<String> SEGMENTS = List.of("", "checkout", "Search Team", "Z\u00fcrich");
    private static final List<String> REQUESTS = List.of(SECRET + " what is the capital of France?",
            SECRET + " refactor the \"billing\" module\nplease", "0123456789abcdef", "0123456789ABCDEF0123456789ABCDEF",
            " deadbeef:0123456789abcdef0123 ", "");
    private static final List<String> AGENTS = List.of("", "draft-bot", "ci agent");

    /** Raw JSON values that logs contain where they should not. */
    private static final List<String> NASTY = List.of("-1", "1.5", "1e309", "-1e309", "1E400", "18446744073709551617",
            "18446744075451551616", "-18446744073709551616", "9223372036854775807", "9223372036854775808", "NaN",
            "Infinity", "-Infinity", "\"1741000000\"", "true", "false", "null", "{}", "[]", "[1]", "{\"a\":1}",
            "[".repeat(1500) + "]".repeat(1500), "[".repeat(900) + "]".repeat(900), "\"\"", "\"  \"", "\" ana \"",
            "\"a\\u0000b\"", "\"\\ud800\"", "\"" + "x".repeat(100_000) + "\"", "20260105", "20260105093000",
            "1741000000000", "1741000000.0", "1.741e9", "0x10", "017", "+5", "-0", "0", "\"2025-13-01T00:00:00Z\"",
            "\"2025-03-03T09:15:02\"", "\"0026-03-01T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"",
            "\"+10000-01-01T00:00:00Z\"", "\"2025-06-30T23:59:60Z\"", "\"2025-03-03T09:15:02+01:00[Europe/Paris]\"",
            "\"2025-03-03 09:15:02Z\"", "\"2025-03-03T09:15:02z\"", "\"20260105\"", "\"0123456789abcdef\"",
            "'single'", "\"unterminated", "1,", "\"tab\there\"", "\"\\u001b[31m\"", "1" + "0".repeat(1200), "\"*\"",
            "\"line\\nbreak\"", "\"\uFEFF\"", "\"\\uFEFFana\"", "-9223372036854775808", "1741000000", "946684799",
            "4102444800");
    private static final List<String> NAMES = List.of("Timestamp", "ts", "tokens ", "actor\u0000", "", "TOKENS",
            "request", "time stamp", "t\u0131mestamp", "\uFEFFactor");
    private static final List<String> CHARS = List.of("\"", "{", "}", ",", ":", "[", "]", "\\", "\u0000", "\n", "\r",
            "\r\n", "\uFEFF", "\uD800", "\u001b", " ", "'", "0");

    // ---------------------------------------------------------------- valid event lines

    /** One field of an event line: its name and raw JSON value. */
    record Field(String name, String json) {
    }

    /** A valid event line's fields (in the order written) and the event it holds. */
    record Line(List<Field> fields, ActivityEvent expected) {
        Line copy() {
            return new Line(new ArrayList<>(fields), expected);
        }
    }

    record Spec(long second, int form, int actor, long tokens, int segment, int request, int agent, int optional,
                long order) {
    }

    @Provide
    Arbitrary<List<Line>> logs() {
        Arbitrary<Spec> spec = Combinators.combine(Arbitraries.longs().between(0, 30L * 86_400),
                Arbitraries.integers().between(0, 4), Arbitraries.integers().between(0, ACTORS.size() - 1),
                Arbitraries.oneOf(Arbitraries.longs().between(0, 1_000_000_000L), Arbitraries.of(0L, Long.MAX_VALUE)),
                Arbitraries.integers().between(0, SEGMENTS.size() - 1),
                Arbitraries.integers().between(0, REQUESTS.size() - 1), Arbitraries.integers().between(0, AGENTS.size() - 1),
                Arbitraries.integers().between(0, 63)).as((a, b, c, d, e, f, g, h) -> new Spec(a, b, c, d, e, f, g, h, 0));
        return Combinators.combine(spec, Arbitraries.longs()).as((s, order) -> line(new Spec(s.second(), s.form(),
                s.actor(), s.tokens(), s.segment(), s.request(), s.agent(), s.optional(), order))).list().ofMaxSize(8);
    }

    private static Line line(Spec s) {
        Instant at = START.plusSeconds(s.second());
        String time = switch (s.form()) {
            case 0 -> quote(at.toString());
            case 1 -> quote(at.atOffset(ZoneOffset.ofHours(2)).toString());
            case 2 -> Long.toString(at.getEpochSecond());
            case 3 -> {
                at = at.plusMillis(s.second() % 1000);
                yield Long.toString(at.toEpochMilli());
            }
            default -> quote(at.atOffset(ZoneOffset.ofHoursMinutes(-5, -30)).toString());
        };
        List<Field> fields = new ArrayList<>();
        fields.add(new Field("timestamp", time));
        fields.add(new Field("actor", quote(ACTORS.get(s.actor()))));
        fields.add(new Field("tokens", Long.toString(s.tokens())));
        String segment = "";
        String request = "";
        String agent = "";
        int o = s.optional();
        if ((o & 1) != 0) {
            segment = SEGMENTS.get(s.segment());
            fields.add(new Field("segment", (o & 16) != 0 && segment.isEmpty() ? "null" : quote(segment)));
        }
        if ((o & 2) != 0) {
            request = REQUESTS.get(s.request());
            fields.add(new Field("request", quote(request)));
        }
        if ((o & 4) != 0) {
            agent = AGENTS.get(s.agent());
            fields.add(new Field("agent", agent.isEmpty() ? "null" : quote(agent)));
        }
        if ((o & 8) != 0) {
            fields.add(new Field("artifact", "null"));
        }
        if ((o & 32) != 0) {
            fields.add(new Field("model", "{\"name\": \"gpt\", \"tags\": [1, 2.5, null]}")); // ignored
        }
        Collections.shuffle(fields, new Random(s.order()));
        String r = request.strip();
        String fingerprint = r.isEmpty() || Fingerprinter.isFingerprint(r) ? r : Fingerprinter.unkeyed().fingerprint(r);
        return new Line(fields, new ActivityEvent(at, ACTORS.get(s.actor()), s.tokens(), segment, fingerprint, agent, ""));
    }

    /** A JSON string literal; {@code \\u} escapes for some characters, as some writers do. */
    static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> {
                    if (c < 0x20 || (c > 0x7e && i % 2 == 0)) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }

    // ---------------------------------------------------------------- rendering

    record Style(String eol, boolean bom, boolean finalEol, int spacing, int blankLines, long seed) {
        @Override
        public String toString() {
            return "Style[eol=" + printable(eol) + ", bom=" + bom + ", finalEol=" + finalEol + ", spacing=" + spacing
                    + ", blankLines=" + blankLines + ", seed=" + seed + "]";
        }
    }

    @Provide
    Arbitrary<Style> styles() {
        return Combinators.combine(Arbitraries.of("\n", "\r\n", "\r"), Arbitraries.of(false, true),
                Arbitraries.of(true, false), Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 2),
                Arbitraries.longs()).as(Style::new);
    }

    /** A rendered log: its text, the line each event is on and the column of each of its values. */
    record Rendered(String text, int[] lines, List<int[]> valueColumns) {
    }

    static Rendered render(List<Line> log, Style style) {
        Random random = new Random(style.seed());
        StringBuilder sb = new StringBuilder(style.bom() ? "\uFEFF" : "");
        int[] lines = new int[log.size()];
        List<int[]> columns = new ArrayList<>();
        int number = 1;
        for (int e = 0; e < log.size(); e++) {
            for (int b = 0; b < style.blankLines() && random.nextBoolean(); b++) {
                sb.append(random.nextBoolean() ? "" : "  ").append(style.eol());
                number++;
            }
            lines[e] = number;
            String space = switch (style.spacing()) {
                case 0 -> "";
                case 1 -> " ";
                default -> random.nextBoolean() ? "\t" : "  ";
            };
            StringBuilder line = new StringBuilder("{").append(space);
            List<Field> fields = log.get(e).fields();
            int[] at = new int[fields.size()];
            for (int i = 0; i < fields.size(); i++) {
                if (i > 0) {
                    line.append(',').append(space);
                }
                line.append(quote(fields.get(i).name())).append(':').append(space);
                at[i] = line.length() + 1;
                line.append(fields.get(i).json());
            }
            line.append(space).append('}');
            columns.add(at);
            sb.append(line);
            if (e < log.size() - 1 || style.finalEol()) {
                sb.append(style.eol());
            }
            number++;
        }
        return new Rendered(sb.toString(), lines, columns);
    }

    // ---------------------------------------------------------------- damage

    enum Kind { DELETE_FIELD, DUPLICATE_FIELD, SET_VALUE, RENAME_FIELD, DUPLICATE_LINE, DELETE_LINE, SWAP_LINES,
        JOIN_LINES, WRAP_IN_ARRAY, RAW_LINE }

    record Mutation(Kind kind, int a, int b, String value, String name) {
        void apply(List<Line> log) {
            if (log.isEmpty()) {
                return;
            }
            int e = a % log.size();
            Line line = log.get(e);
            List<Field> fields = line.fields();
            int f = fields.isEmpty() ? 0 : b % fields.size();
            switch (kind) {
                case DELETE_FIELD -> {
                    if (!fields.isEmpty()) {
                        fields.remove(f);
                    }
                }
                case DUPLICATE_FIELD -> {
                    if (!fields.isEmpty()) {
                        fields.add(new Field(fields.get(f).name(), value));
                    }
                }
                case SET_VALUE -> {
                    if (!fields.isEmpty()) {
                        fields.set(f, new Field(fields.get(f).name(), value));
                    }
                }
                case RENAME_FIELD -> {
                    if (!fields.isEmpty()) {
                        fields.set(f, new Field(name, fields.get(f).json()));
                    }
                }
                case DUPLICATE_LINE -> log.add(e, line.copy());
                case DELETE_LINE -> log.remove(e);
                case SWAP_LINES -> Collections.swap(log, e, b % log.size());
                case JOIN_LINES -> {
                    // two objects on one line: the second written as a field value would be valid, so write it raw
                    fields.add(new Field("\u0000join", ""));
                }
                case WRAP_IN_ARRAY -> fields.add(new Field("\u0000array", ""));
                case RAW_LINE -> fields.add(new Field("\u0000raw", value));
                default -> throw new AssertionError(kind);
            }
        }

        @Override
        public String toString() {
            return kind + "(" + a + "," + b + ",'" + printable(value) + "','" + printable(name) + "')";
        }
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Mutation> m = Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 1000), Arbitraries.of(NASTY), Arbitraries.of(NAMES)).as(Mutation::new);
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(List.<Mutation>of())),
                Tuple.of(7, m.list().ofMinSize(1).ofMaxSize(4)));
    }

    /** Renders with the markers of line-level mutations resolved. */
    static String renderDamaged(List<Line> log, Style style) {
        List<Line> clean = new ArrayList<>();
        List<String> suffixes = new ArrayList<>();
        List<String> prefixes = new ArrayList<>();
        for (Line l : log) {
            List<Field> fields = new ArrayList<>();
            String prefix = "";
            String suffix = "";
            for (Field f : l.fields()) {
                switch (f.name()) {
                    case "\u0000join" -> suffix += "{\"timestamp\": 1741000000, \"actor\": \"x\", \"tokens\": 1}";
                    case "\u0000array" -> {
                        prefix = "[";
                        suffix += "]";
                    }
                    case "\u0000raw" -> suffix += f.json();
                    default -> fields.add(f);
                }
            }
            clean.add(new Line(fields, l.expected()));
            prefixes.add(prefix);
            suffixes.add(suffix);
        }
        Rendered r = render(clean, style);
        // re-render line by line to add the prefixes and suffixes without disturbing the rest
        String[] parts = r.text().split("(?<=\\r\\n)|(?<=\\n)(?<!\\r\\n)|(?<=\\r)(?!\\n)", -1);
        StringBuilder out = new StringBuilder();
        int event = 0;
        for (String part : parts) {
            String body = part.replaceFirst("[\\r\\n]+$", "");
            String eol = part.substring(body.length());
            String bare = body.startsWith("\uFEFF") ? body.substring(1) : body;
            if (bare.startsWith("{") && event < clean.size()) {
                out.append(body.substring(0, body.length() - bare.length())).append(prefixes.get(event)).append(bare)
                        .append(suffixes.get(event)).append(eol);
                event++;
            } else {
                out.append(part);
            }
        }
        return out.toString();
    }

    enum TextOp { INSERT, DELETE, TRUNCATE }

    record TextEdit(TextOp op, int at, int length, String insert) {
        String apply(String text) {
            int pos = (int) ((long) text.length() * at / 1000);
            return switch (op) {
                case INSERT -> text.substring(0, pos) + insert + text.substring(pos);
                case DELETE -> text.substring(0, pos) + text.substring(Math.min(text.length(), pos + length));
                case TRUNCATE -> text.substring(0, pos);
            };
        }

        @Override
        public String toString() {
            return op + "(" + at + "/1000, " + length + ", '" + printable(insert) + "')";
        }
    }

    @Provide
    Arbitrary<List<TextEdit>> textEdits() {
        Arbitrary<TextEdit> edit = Combinators.combine(Arbitraries.of(TextOp.class), Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(1, 8), Arbitraries.of(CHARS)).as(TextEdit::new);
        return Arbitraries.frequencyOf(Tuple.of(7, Arbitraries.just(List.<TextEdit>of())),
                Tuple.of(3, edit.list().ofMinSize(1).ofMaxSize(3)));
    }

    // ---------------------------------------------------------------- running and judging

    record Outcome(List<ActivityEvent> events, Throwable failure) {
        InvalidDataException invalid() {
            return (InvalidDataException) failure;
        }
    }

    private static final ExecutorService RUNNER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fuzz-reader");
        t.setDaemon(true);
        return t;
    });

    /** Reads with a deadline; the events delivered before a failure are kept. */
    static Outcome read(String text) {
        Future<Outcome> future = RUNNER.submit(() -> {
            List<ActivityEvent> events = new ArrayList<>();
            try {
                JsonInput.streamEvents(new StringReader(text), SOURCE, Fingerprinter.unkeyed(), events::add);
                return new Outcome(events, null);
            } catch (Throwable t) {
                return new Outcome(events, t);
            }
        });
        try {
            return future.get(20, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return fail("the reader hangs");
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /** The physical lines of a text as the reader sees them (a leading byte-order mark dropped). */
    static List<String> lines(String text) {
        String t = text.startsWith("\uFEFF") ? text.substring(1) : text;
        List<String> out = new ArrayList<>(List.of(t.split("\\r\\n|\\r|\\n", -1)));
        if (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) {
            out.remove(out.size() - 1);
        }
        return out;
    }

    /** What a strict reading says the line's event is; throws (any exception) when the line is not a valid event. */
    static ActivityEvent strictly(String line) throws Exception {
        JsonNode node = STRICT.readTree(line);
        if (node == null || !node.isObject()) {
            throw new IllegalArgumentException("not an object");
        }
        JsonNode ts = node.get("timestamp");
        Instant at;
        if (ts != null && ts.isIntegralNumber()) {
            at = EpochTime.of(ts.bigIntegerValue().longValueExact()).orElseThrow();
        } else if (ts != null && ts.isTextual()) {
            at = OffsetDateTime.parse(ts.textValue()).toInstant();
        } else {
            throw new IllegalArgumentException("timestamp");
        }
        JsonNode actor = node.get("actor");
        if (actor == null || !actor.isTextual()) {
            throw new IllegalArgumentException("actor");
        }
        JsonNode tokens = node.get("tokens");
        if (tokens == null || !tokens.isIntegralNumber()) {
            throw new IllegalArgumentException("tokens");
        }
        String request = text(node, "request").strip();
        if (!request.isEmpty() && !Fingerprinter.isFingerprint(request)) {
            request = Fingerprinter.unkeyed().fingerprint(request);
        }
        return new ActivityEvent(at, actor.textValue(), tokens.bigIntegerValue().longValueExact(), text(node, "segment"),
                request, text(node, "agent"), text(node, "artifact"));
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw new IllegalArgumentException(field + " is not a string");
        }
        return v.textValue();
    }

    /** Whether every request-like text on the line is the value of a "request" field (then no message may show it). */
    private static boolean onlyInRequests(String line) {
        int all = line.split(SECRET, -1).length - 1;
        int inRequests = line.split("\"request\"\\s*:[^,}]*?" + SECRET, -1).length - 1;
        return all == inRequests;
    }

    private static void assertDocumentedFailure(Outcome outcome, int lineCount, List<String> lines) {
        Throwable t = outcome.failure();
        if (!(t instanceof InvalidDataException e)) {
            throw new AssertionError("expected success or an InvalidDataException, found " + t, t);
        }
        assertThat(e.source()).isEqualTo(SOURCE);
        assertThat(e.line()).as(e.getMessage()).isBetween(1L, (long) Math.max(1, lineCount));
        assertThat(e.column()).isNotNegative();
        if (e.line() <= lines.size() && onlyInRequests(lines.get((int) e.line() - 1))) {
            assertThat(e.getMessage()).as("the message quotes a request").doesNotContain(SECRET);
        }
        assertThat(e.problem()).isNotBlank().doesNotContain("Exception", "java.");
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            boolean anticipated = cause instanceof JsonProcessingException || cause instanceof DateTimeException
                    || cause instanceof InvalidDataException || cause instanceof IOException
                    || cause instanceof UncheckedIOException;
            if (!anticipated) {
                throw new AssertionError("an InvalidDataException wraps an unexpected " + cause, e);
            }
        }
    }

    @Property(tries = 1000)
    void damagedLogsReadExactlyOrFailAtTheirFirstBadLine(@ForAll("logs") List<Line> log,
                                                          @ForAll("mutations") List<Mutation> mutations,
                                                          @ForAll("styles") Style style,
                                                          @ForAll("textEdits") List<TextEdit> textEdits) {
        List<Line> damaged = new ArrayList<>();
        log.forEach(l -> damaged.add(l.copy()));
        mutations.forEach(m -> m.apply(damaged));
        String text = renderDamaged(damaged, style);
        for (TextEdit e : textEdits) {
            text = e.apply(text);
        }
        Outcome outcome = read(text);
        if (mutations.isEmpty() && textEdits.isEmpty()) {
            assertThat(outcome.failure()).as("an undamaged log must read").isNull();
            assertThat(outcome.events()).isEqualTo(log.stream().map(Line::expected).toList());
        }

        List<String> lines = lines(text);
        int failedAt = outcome.failure() == null ? Integer.MAX_VALUE : (int) outcome.invalid().line();
        if (outcome.failure() != null) {
            assertDocumentedFailure(outcome, lines.size(), lines);
        }
        // every line before the failure (every line, without one) was delivered, and is what a strict reading says
        int delivered = 0;
        for (int i = 0; i < lines.size() && i + 1 < failedAt; i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            ActivityEvent strict;
            try {
                strict = strictly(line);
            } catch (Exception e) {
                throw new AssertionError("line " + (i + 1) + " was accepted, but a strict reading refuses it (" + e
                        + "): " + printable(line), e);
            }
            assertThat(delivered).as("events delivered").isLessThan(outcome.events().size());
            assertThat(outcome.events().get(delivered)).as("line %s: %s", i + 1, printable(line)).isEqualTo(strict);
            delivered++;
        }
        assertThat(outcome.events()).hasSize(delivered);
        if (outcome.failure() != null) {
            assertThat(lines.get(failedAt - 1)).as("the failing line is blank").isNotBlank();
        }
    }

    /** Values that no reading of the contract accepts, per field. */
    private static List<String> badValues(String field) {
        return switch (field) {
            case "timestamp" -> List.of("20260105", "\"20260105\"", "\"0026-03-01T00:00:00Z\"", "1.5", "true", "null", "{}",
                    "[]", "\"2025-03-03T09:15:02\"", "18446744075451551616", "-1", "\"2025-06-30T23:59:60Z\"",
                    "\"+10000-01-01T00:00:00Z\"", "1741000000.0", "\"\"");
            case "actor" -> List.of("\"\"", "\"  \"", "5", "null", "[]", "\" ana\"", "{\"name\": \"ana\"}");
            case "tokens" -> List.of("-1", "1.5", "\"5\"", "18446744073709551621", "1e3", "null", "true", "[]",
                    "-9223372036854775808");
            default -> List.of("{}", "[]", "5", "true", "[\"" + SECRET + "\"]", "{\"text\": \"" + SECRET + "\"}");
        };
    }

    @Property(tries = 1000)
    void aBadValueIsReportedAtItsLineAndColumn(@ForAll("logs") List<Line> log, @ForAll @IntRange(max = 1000) int event,
                                              @ForAll @IntRange(max = 1000) int field,
                                              @ForAll @IntRange(max = 1000) int pick, @ForAll("styles") Style style) {
        if (log.isEmpty()) {
            return;
        }
        List<Line> damaged = new ArrayList<>();
        log.forEach(l -> damaged.add(l.copy()));
        int index = event % damaged.size();
        Line line = damaged.get(index);
        List<Field> fields = line.fields();
        int f = field % fields.size();
        if (fields.get(f).name().equals("model")) {
            f = (f + 1) % fields.size();
        }
        String name = fields.get(f).name();
        List<String> bad = badValues(name);
        String value = bad.get(pick % bad.size());
        fields.set(f, new Field(name, value));
        Rendered rendered = render(damaged, style);

        Outcome outcome = read(rendered.text());
        assertThat(outcome.failure()).as("%s: %s", name, value).isNotNull();
        assertDocumentedFailure(outcome, lines(rendered.text()).size(), lines(rendered.text()));
        InvalidDataException e = outcome.invalid();
        assertThat(new long[] {e.line(), e.column()}).as(e.getMessage())
                .containsExactly(rendered.lines()[index], rendered.valueColumns().get(index)[f]);
        assertThat(outcome.events()).hasSize(index);
    }

    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < s.length() && i < 300; i++) {
            char ch = s.charAt(i);
            if (ch < 0x20 || (ch >= 0x7f && ch < 0xa0) || Character.isSurrogate(ch) || ch == '\uFEFF') {
                sb.append(String.format("\\u%04x", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        return s.length() > 300 ? sb + "...(" + s.length() + " chars)" : sb.toString();
    }
}
