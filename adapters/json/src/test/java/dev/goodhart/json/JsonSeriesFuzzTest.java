package dev.goodhart.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ContainerNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.goodhart.model.InvalidDataException;
import dev.goodhart.model.Observation;
import java.io.IOException;
import java.io.StringReader;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * Fuzz of {@link JsonInput#readSeries}: series documents and observation arrays, damaged in their structure (fields
 * removed or of the wrong kind, elements that are not objects or points, numbers beyond a double) and in their text,
 * either read exactly what a strict reading of the document says, or fail with an {@link InvalidDataException} naming
 * a line; never another exception.
 */
class JsonSeriesFuzzTest {
    private static final String SOURCE = "fuzz.json";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final ObjectMapper STRICT = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final List<String> SEGMENTS = List.of("", "checkout", "Search Team", "Z\u00fcrich");
    private static final List<String> METRICS = List.of("tokens", "merged_prs", "Lines Of Code", "\u6307\u6A19");
    private static final List<String> NASTY = List.of("1e309", "-1e309", "1" + "0".repeat(400), "18446744073709551617",
            "1.5", "-3", "0", "null", "true", "\"12\"", "{}", "[]", "[\"2025-01-06\"]", "[\"2025-01-06\", 1, 2]",
            "[\"2026-02-30\", 1]", "[\"0026-03-01\", 1]", "[\"20260105\", 1]", "[1, \"2025-01-06\"]", "\"\"", "\" a\"",
            "\"2025-01-06\"", "\"2025-13-01\"", "\"+10000-01-01\"", "{\"metric\": \"x\"}", "[[\"2025-01-06\", 1]]",
            "\"*\"", "\"a\\u0000b\"", "[".repeat(400) + "]".repeat(400));
    private static final List<String> FIELDS = List.of("series", "segment", "metric", "points", "date", "value",
            "version");
    private static final List<String> CHARS = List.of("\"", "{", "}", ",", ":", "[", "]", "\\", "\u0000", "\n",
            "\uFEFF", "\uD800", " x", "null", "1e999", ",]", "[".repeat(1100), "{\"a\":".repeat(1100));

    record Point(int day, String value) {
    }

    record Series(int segment, int metric, List<Point> points) {
    }

    /** A valid document, in the series form or as an array of observations. */
    record Doc(boolean array, List<Series> series) {
        JsonNode tree() throws IOException {
            if (array) {
                ArrayNode rows = MAPPER.createArrayNode();
                for (Series s : series) {
                    for (Point p : s.points()) {
                        ObjectNode row = rows.addObject();
                        row.put("date", LocalDate.of(2025, 1, 6).plusDays(p.day()).toString());
                        if (!SEGMENTS.get(s.segment()).isEmpty()) {
                            row.put("segment", SEGMENTS.get(s.segment()));
                        }
                        row.put("metric", METRICS.get(s.metric()));
                        row.set("value", MAPPER.readTree(p.value()));
                    }
                }
                return rows;
            }
            ObjectNode doc = MAPPER.createObjectNode();
            doc.put("version", 3);
            ArrayNode list = doc.putArray("series");
            for (Series s : series) {
                ObjectNode node = list.addObject();
                if (!SEGMENTS.get(s.segment()).isEmpty()) {
                    node.put("segment", SEGMENTS.get(s.segment()));
                }
                node.put("metric", METRICS.get(s.metric()));
                ArrayNode points = node.putArray("points");
                for (Point p : s.points()) {
                    points.addArray().add(LocalDate.of(2025, 1, 6).plusDays(p.day()).toString())
                            .add(MAPPER.readTree(p.value()));
                }
            }
            return doc;
        }

        List<Observation> expected() {
            List<Observation> out = new ArrayList<>();
            for (Series s : series) {
                for (Point p : s.points()) {
                    out.add(new Observation(LocalDate.of(2025, 1, 6).plusDays(p.day()), SEGMENTS.get(s.segment()),
                            METRICS.get(s.metric()), p.value().equals("null") ? Double.NaN : Double.parseDouble(p.value())));
                }
            }
            return out;
        }
    }

    @Provide
    Arbitrary<Doc> docs() {
        Arbitrary<String> value = Arbitraries.oneOf(Arbitraries.longs().between(0, 1_000_000_000L).map(String::valueOf),
                Arbitraries.doubles().between(0, 1e9).map(String::valueOf), Arbitraries.of("null", "1.5e3", "0", "-0.25"));
        Arbitrary<Point> point = Combinators.combine(Arbitraries.integers().between(0, 60), value).as(Point::new);
        Arbitrary<Series> series = Combinators.combine(Arbitraries.integers().between(0, SEGMENTS.size() - 1),
                Arbitraries.integers().between(0, METRICS.size() - 1), point.list().ofMaxSize(5)).as(Series::new);
        return Combinators.combine(Arbitraries.of(false, true), series.list().ofMaxSize(4)).as(Doc::new);
    }

    enum Kind { DELETE, SET, ADD_ELEMENT, RENAME }

    /** A change at the n-th container (in document order) of the tree. */
    record Mutation(Kind kind, int at, int index, String value, String name) {
        void apply(JsonNode root) throws IOException {
            List<ContainerNode<?>> containers = new ArrayList<>();
            collect(root, containers);
            ContainerNode<?> c = containers.get(at % containers.size());
            JsonNode v = MAPPER.readTree(value);
            if (c instanceof ObjectNode o) {
                List<String> names = new ArrayList<>();
                o.fieldNames().forEachRemaining(names::add);
                String field = names.isEmpty() ? name : names.get(index % names.size());
                switch (kind) {
                    case DELETE -> o.remove(field);
                    case SET -> o.set(field, v);
                    case ADD_ELEMENT -> o.set(name, v);
                    case RENAME -> {
                        JsonNode old = o.remove(field);
                        if (old != null) {
                            o.set(name, old);
                        }
                    }
                }
            } else if (c instanceof ArrayNode a) {
                int i = a.isEmpty() ? 0 : index % a.size();
                switch (kind) {
                    case DELETE -> {
                        if (!a.isEmpty()) {
                            a.remove(i);
                        }
                    }
                    case SET -> {
                        if (!a.isEmpty()) {
                            a.set(i, v);
                        }
                    }
                    default -> a.insert(i, v);
                }
            }
        }

        private static void collect(JsonNode node, List<ContainerNode<?>> out) {
            if (node instanceof ContainerNode<?> c) {
                out.add(c);
                node.elements().forEachRemaining(child -> collect(child, out));
            }
        }

        @Override
        public String toString() {
            return kind + "(" + at + "," + index + ",'" + JsonLinesFuzzTest.printable(value) + "','" + name + "')";
        }
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        Arbitrary<Mutation> m = Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 1000), Arbitraries.of(NASTY), Arbitraries.of(FIELDS)).as(Mutation::new);
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(List.<Mutation>of())),
                Tuple.of(7, m.list().ofMinSize(1).ofMaxSize(3)));
    }

    record TextEdit(int at, String insert, int delete, boolean truncate) {
        String apply(String text) {
            int pos = (int) ((long) text.length() * at / 1000);
            if (truncate) {
                return text.substring(0, pos);
            }
            return text.substring(0, pos) + insert + text.substring(Math.min(text.length(), pos + delete));
        }

        @Override
        public String toString() {
            return "TextEdit(" + at + "/1000, '" + JsonLinesFuzzTest.printable(insert) + "', -" + delete
                    + (truncate ? ", truncate" : "") + ")";
        }
    }

    @Provide
    Arbitrary<List<TextEdit>> textEdits() {
        Arbitrary<TextEdit> edit = Combinators.combine(Arbitraries.integers().between(0, 1000), Arbitraries.of(CHARS),
                Arbitraries.integers().between(0, 4), Arbitraries.of(false, false, false, true)).as(TextEdit::new);
        return Arbitraries.frequencyOf(Tuple.of(7, Arbitraries.just(List.<TextEdit>of())),
                Tuple.of(3, edit.list().ofMinSize(1).ofMaxSize(2)));
    }

    /** What a strict reading of the document holds, by the documented shape; throws when it is not one. */
    static List<Observation> strictly(String text) throws Exception {
        JsonNode root = STRICT.readTree(text.startsWith("\uFEFF") ? text.substring(1) : text);
        List<Observation> out = new ArrayList<>();
        if (root != null && root.isArray()) {
            for (JsonNode row : root) {
                if (!row.isObject() || !row.path("date").isTextual() || !row.path("metric").isTextual()
                        || !(row.path("value").isNumber() || row.path("value").isNull())) {
                    throw new IllegalArgumentException("row");
                }
                out.add(new Observation(LocalDate.parse(row.get("date").textValue()), segment(row),
                        row.get("metric").textValue(), number(row.get("value"))));
            }
            return out;
        }
        if (root == null || !root.isObject() || !root.path("series").isArray()) {
            throw new IllegalArgumentException("shape");
        }
        for (JsonNode s : root.get("series")) {
            if (!s.isObject() || !s.path("metric").isTextual()) {
                throw new IllegalArgumentException("series");
            }
            JsonNode points = s.get("points");
            if (points != null && !points.isArray()) {
                throw new IllegalArgumentException("points");
            }
            for (JsonNode p : points == null ? MAPPER.createArrayNode() : points) {
                if (!p.isArray() || p.size() != 2 || !p.get(0).isTextual()
                        || !(p.get(1).isNumber() || p.get(1).isNull())) {
                    throw new IllegalArgumentException("point");
                }
                out.add(new Observation(LocalDate.parse(p.get(0).textValue()), segment(s), s.get("metric").textValue(),
                        number(p.get(1))));
            }
        }
        return out;
    }

    private static String segment(JsonNode node) {
        JsonNode s = node.get("segment");
        if (s == null || s.isNull()) {
            return null;
        }
        if (!s.isTextual()) {
            throw new IllegalArgumentException("segment");
        }
        return s.textValue();
    }

    private static double number(JsonNode v) {
        return v.isNull() ? Double.NaN : v.doubleValue();
    }

    @Property(tries = 1000)
    void damagedSeriesReadExactlyOrFailWithALine(@ForAll("docs") Doc doc, @ForAll("mutations") List<Mutation> mutations,
                                                 @ForAll("textEdits") List<TextEdit> textEdits,
                                                 @ForAll boolean pretty, @ForAll boolean bom) throws Exception {
        JsonNode tree = doc.tree();
        for (Mutation m : mutations) {
            m.apply(tree);
        }
        String text = (bom ? "\uFEFF" : "") + (pretty ? MAPPER.writerWithDefaultPrettyPrinter().writeValueAsString(tree)
                : MAPPER.writeValueAsString(tree));
        for (TextEdit e : textEdits) {
            text = e.apply(text);
        }
        List<Observation> read = null;
        Throwable failure = null;
        try {
            read = JsonInput.readSeries(new StringReader(text), SOURCE);
        } catch (Throwable t) {
            failure = t;
        }
        if (mutations.isEmpty() && textEdits.isEmpty()) {
            assertThat(failure).as("an undamaged document must read").isNull();
            assertThat(read).isEqualTo(doc.expected());
        }
        if (failure == null) {
            List<Observation> strict;
            try {
                strict = strictly(text);
            } catch (Exception e) {
                throw new AssertionError("read, but a strict reading refuses it: " + e, e);
            }
            assertThat(read).isEqualTo(strict);
            return;
        }
        if (!(failure instanceof InvalidDataException e)) {
            throw new AssertionError("expected success or an InvalidDataException, found " + failure, failure);
        }
        long lines = text.lines().count() + 1;
        assertThat(e.source()).isEqualTo(SOURCE);
        assertThat(e.line()).as(e.getMessage()).isBetween(1L, lines);
        assertThat(e.problem()).isNotBlank().doesNotContain("Exception", "java.");
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            if (!(cause instanceof JsonProcessingException || cause instanceof DateTimeException
                    || cause instanceof IOException || cause instanceof InvalidDataException)) {
                throw new AssertionError("an InvalidDataException wraps an unexpected " + cause, e);
            }
        }
    }
}
