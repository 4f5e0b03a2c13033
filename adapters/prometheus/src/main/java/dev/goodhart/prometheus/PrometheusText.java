package dev.goodhart.prometheus;

import dev.goodhart.model.InvalidDataException;
import dev.goodhart.model.Observation;
import dev.goodhart.model.Segments;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Parses a snapshot in the Prometheus text exposition format 0.0.4 (what {@code /metrics} endpoints serve as
 * {@code text/plain; version=0.0.4}) into observations: each sample line
 * {@code name{label="value",...} value [timestamp_ms]} becomes one observation with the sample's name as the metric
 * (histogram and summary lines keep their {@code _bucket}, {@code _sum} and {@code _count} names), the value of
 * {@link Builder#segmentLabel(String)} as the segment, and the date of the sample's timestamp in
 * {@link Builder#zone(ZoneId)}, or the snapshot date given to {@link #parse} when the line has no timestamp.
 *
 * <p>The Prometheus Java client libraries write this format but ship no parser for it, so this is a small parser of
 * its own, written to the format's grammar: {@code # HELP} and {@code # TYPE} lines and other comments are skipped;
 * label values take the escapes {@code \\}, {@code \"} and {@code \n}; values are read as Prometheus reads them
 * (Go's {@code ParseFloat} after Prometheus' own check, which refuses hexadecimal floats and underscores), with
 * {@code NaN}, {@code +Inf}, {@code -Inf}, {@code Inf} and {@code Infinity} in any case ({@code nan}, {@code +inf}); a
 * {@code NaN} is an explicitly missing value. A line that does not follow the
 * grammar and a sample of a metric declared twice with the same labels are {@link InvalidDataException}s with the
 * source, line and column. Samples can be filtered by name ({@link Builder#metrics(String...)}) and by label
 * ({@link Builder#require(String, String)}); an infinite value of a sample that is kept is an
 * {@link InvalidDataException} naming the line, the column and the series (name and labels), one of a sample left
 * out is no matter (as the {@code le="+Inf"} label of a histogram's bucket never is).
 *
 * <p>Instances are immutable and thread-safe.
 *
 * <pre>{@code
 * List<Observation> rows = PrometheusText.builder().segmentLabel("team").metrics("ai_tokens_total").build()
 *     .parse(Path.of("metrics.txt"), LocalDate.now());
 * }</pre>
 */
public final class PrometheusText {
    /** 2000-01-01T00:00:00Z in milliseconds: a kept sample's timestamp before it is taken for seconds or a slip. */
    private static final long EARLIEST_MILLIS = 946_684_800_000L;
    /** 2100-01-01T00:00:00Z in milliseconds. */
    private static final long LATEST_MILLIS = 4_102_444_800_000L;

    private static final Pattern NAME = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Pattern LABEL = Pattern.compile("[a-zA-Z_][a-zA-Z0-9_]*");

    private final String segmentLabel;
    private final Set<String> metrics;
    private final Map<String, String> required;
    private final ZoneId zone;

    private PrometheusText(Builder b) {
        this.segmentLabel = b.segmentLabel;
        this.metrics = Set.copyOf(b.metrics);
        this.required = Map.copyOf(b.required);
        this.zone = b.zone;
    }

    /** A builder: no segment label, every metric, UTC. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Parses a UTF-8 file; samples without a timestamp belong to {@code snapshotDate}.
     *
     * @throws IOException          if the file cannot be read or is not UTF-8
     * @throws InvalidDataException if a line is not in the text format (names file, line, column)
     */
    public List<Observation> parse(java.nio.file.Path file, LocalDate snapshotDate) throws IOException {
        Objects.requireNonNull(file, "file");
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            return parse(in, file.toString(), snapshotDate);
        }
    }

    /**
     * Parses UTF-8 bytes from {@code in}; {@code source} names them in errors.
     *
     * @throws IOException          if the stream fails or is not UTF-8
     * @throws InvalidDataException if a line is not in the text format
     */
    public List<Observation> parse(InputStream in, String source, LocalDate snapshotDate) throws IOException {
        Objects.requireNonNull(in, "in");
        return parse(new InputStreamReader(in, StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT)),
                source, snapshotDate);
    }

    /**
     * Parses text from {@code reader}; {@code source} names it in errors. All-or-nothing: nothing is returned when a
     * line fails.
     *
     * @throws IOException          if the reader fails
     * @throws InvalidDataException if a line is not in the text format
     */
    public List<Observation> parse(Reader reader, String source, LocalDate snapshotDate) throws IOException {
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(snapshotDate, "snapshotDate");
        BufferedReader lines = reader instanceof BufferedReader b ? b : new BufferedReader(reader);
        List<Observation> out = new ArrayList<>();
        Map<String, Long> seen = new LinkedHashMap<>();
        long number = 0;
        for (String line = lines.readLine(); line != null; line = lines.readLine()) {
            number++;
            Sample sample = new LineParser(line, source, number).sample();
            if (sample == null) {
                continue;
            }
            String key = sample.name + sample.labels + "@" + sample.timestampMillis;
            Long first = seen.putIfAbsent(key, number);
            if (first != null) {
                throw new InvalidDataException(source, number, 1, "sample " + sample.name + sample.labels
                        + " appears twice (first on line " + first + ")");
            }
            if (!metrics.isEmpty() && !metrics.contains(sample.name)) {
                continue;
            }
            if (!required.entrySet().stream().allMatch(e -> e.getValue().equals(sample.labels.get(e.getKey())))) {
                continue;
            }
            if (Double.isInfinite(sample.value)) {
                // only a kept sample's: one left out by the filters is not read
                throw new InvalidDataException(source, number, sample.valueColumn, "expected a finite value for "
                        + series(sample) + ", found " + (sample.value > 0 ? "+Inf" : "-Inf"));
            }
            Long ms = sample.timestampMillis;
            if (ms != null && (ms < EARLIEST_MILLIS || ms >= LATEST_MILLIS)) {
                // the format's timestamps are milliseconds: seconds (a common slip) read as days of January 1970
                throw new InvalidDataException(source, number, 0, "expected the timestamp of " + sample.name
                        + " in milliseconds since 1970, between the years 2000 and 2100, found " + ms + " ("
                        + Instant.ofEpochMilli(ms) + (ms >= EARLIEST_MILLIS / 1000 && ms < LATEST_MILLIS / 1000
                        ? "; read as seconds it would be " + Instant.ofEpochSecond(ms) : "") + ")");
            }
            LocalDate date = ms == null ? snapshotDate : Instant.ofEpochMilli(ms).atZone(zone).toLocalDate();
            String segment = segmentLabel == null ? Segments.ALL : Segments.normalise(sample.labels.get(segmentLabel));
            out.add(new Observation(date, segment, sample.name, sample.value));
        }
        return out;
    }

    private record Sample(String name, Map<String, String> labels, double value, int valueColumn,
                          Long timestampMillis) {
    }

    /** A sample's series as the format writes it: {@code name{label="value",...}}, the label values escaped. */
    private static String series(Sample sample) {
        if (sample.labels.isEmpty()) {
            return sample.name;
        }
        StringBuilder b = new StringBuilder(sample.name).append('{');
        sample.labels.forEach((label, value) -> b.append(b.charAt(b.length() - 1) == '{' ? "" : ",").append(label)
                .append("=\"").append(value.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n"))
                .append('"'));
        return b.append('}').toString();
    }

    /** One line of the format; columns are 1-based for messages. */
    private static final class LineParser {
        private final String line;
        private final String source;
        private final long number;
        private int pos;

        LineParser(String line, String source, long number) {
            this.line = line;
            this.source = source;
            this.number = number;
        }

        Sample sample() {
            skipBlanks();
            if (pos == line.length() || line.charAt(pos) == '#') {
                if (pos < line.length()) {
                    comment();
                }
                return null;
            }
            String name = token(NAME, "a metric name");
            Map<String, String> labels = new LinkedHashMap<>();
            skipBlanks();
            if (pos < line.length() && line.charAt(pos) == '{') {
                pos++;
                labels(labels);
            }
            skipBlanks();
            int valueColumn = pos + 1;
            double value = value(word("a sample value"));
            skipBlanks();
            Long timestamp = null;
            if (pos < line.length()) {
                int at = pos;
                String ts = word("a timestamp");
                try {
                    timestamp = Long.parseLong(ts);
                } catch (NumberFormatException e) {
                    throw fail(at, "expected a timestamp in milliseconds (an integer), found '" + ts + "'");
                }
                skipBlanks();
                if (pos < line.length()) {
                    throw fail(pos, "expected the end of the line after the timestamp, found '" + line.substring(pos) + "'");
                }
            }
            return new Sample(name, labels, value, valueColumn, timestamp);
        }

        private void comment() {
            // "# HELP name text" and "# TYPE name type" must name a metric; other comments are free text
            pos++;
            skipBlanks();
            int start = pos;
            while (pos < line.length() && !isBlank(line.charAt(pos))) {
                pos++;
            }
            String keyword = line.substring(start, pos);
            if (keyword.equals("HELP") || keyword.equals("TYPE")) {
                skipBlanks();
                token(NAME, "a metric name after # " + keyword);
                if (keyword.equals("TYPE")) {
                    skipBlanks();
                    String type = line.substring(pos).strip();
                    if (!Set.of("counter", "gauge", "histogram", "summary", "untyped").contains(type)) {
                        throw fail(pos, "expected a type (counter, gauge, histogram, summary, untyped), found '"
                                + type + "'");
                    }
                }
            }
        }

        private void labels(Map<String, String> labels) {
            while (true) {
                skipBlanks();
                if (pos < line.length() && line.charAt(pos) == '}') {
                    pos++;
                    return;
                }
                int at = pos;
                String label = token(LABEL, "a label name or '}'");
                skipBlanks();
                expect('=');
                skipBlanks();
                String value = quoted();
                if (labels.put(label, value) != null) {
                    throw fail(at, "label " + label + " appears twice");
                }
                skipBlanks();
                if (pos < line.length() && line.charAt(pos) == ',') {
                    pos++;
                } else if (pos < line.length() && line.charAt(pos) == '}') {
                    pos++;
                    return;
                } else {
                    throw fail(pos, "expected ',' or '}' after a label value, found " + found());
                }
            }
        }

        private String quoted() {
            expect('"');
            StringBuilder sb = new StringBuilder();
            while (pos < line.length()) {
                char c = line.charAt(pos++);
                if (c == '"') {
                    return sb.toString();
                }
                if (c == '\\') {
                    if (pos == line.length()) {
                        break;
                    }
                    char e = line.charAt(pos++);
                    switch (e) {
                        case '\\' -> sb.append('\\');
                        case '"' -> sb.append('"');
                        case 'n' -> sb.append('\n');
                        default -> throw fail(pos - 2, "expected an escape \\\\, \\\" or \\n in a label value, found \\" + e);
                    }
                } else {
                    sb.append(c);
                }
            }
            throw fail(line.length(), "expected a closing '\"' for the label value, found the end of the line");
        }

        private double value(String text) {
            int at = pos - text.length();
            // as Prometheus reads values (Go's ParseFloat after its own check): NaN, Inf and Infinity in any case, Inf
            // signed or not (an exporter's "+inf" or "nan" is a valid value; it refused the whole file, even in a
            // series left out)
            String special = text.toLowerCase(java.util.Locale.ROOT);
            switch (special) {
                case "nan":
                    return Double.NaN;
                case "+inf":
                case "inf":
                case "+infinity":
                case "infinity":
                    return Double.POSITIVE_INFINITY;
                case "-inf":
                case "-infinity":
                    return Double.NEGATIVE_INFINITY;
                default:
                    break;
            }
            if (!text.matches("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?")) {
                throw fail(at, "expected a number, NaN, +Inf or -Inf as the sample value, found '" + text + "'");
            }
            return Double.parseDouble(text);
        }

        private String token(Pattern pattern, String what) {
            int start = pos;
            var m = pattern.matcher(line).region(pos, line.length());
            if (!m.lookingAt()) {
                throw fail(start, "expected " + what + ", found " + found());
            }
            pos = m.end();
            return line.substring(start, pos);
        }

        private String word(String what) {
            int start = pos;
            while (pos < line.length() && !isBlank(line.charAt(pos))) {
                pos++;
            }
            if (start == pos) {
                throw fail(start, "expected " + what + ", found the end of the line");
            }
            return line.substring(start, pos);
        }

        private void expect(char c) {
            if (pos >= line.length() || line.charAt(pos) != c) {
                throw fail(pos, "expected '" + c + "', found " + found());
            }
            pos++;
        }

        private String found() {
            return pos >= line.length() ? "the end of the line" : "'" + line.charAt(pos) + "'";
        }

        private void skipBlanks() {
            while (pos < line.length() && isBlank(line.charAt(pos))) {
                pos++;
            }
        }

        private static boolean isBlank(char c) {
            return c == ' ' || c == '\t';
        }

        private InvalidDataException fail(int index, String problem) {
            return new InvalidDataException(source, number, index + 1, problem);
        }
    }

    /** Configures a {@link PrometheusText}. */
    public static final class Builder {
        private String segmentLabel;
        private final java.util.Set<String> metrics = new java.util.LinkedHashSet<>();
        private final Map<String, String> required = new LinkedHashMap<>();
        private ZoneId zone = ZoneOffset.UTC;

        private Builder() {
        }

        /** The label whose value is the segment; without one every sample belongs to the whole organisation. */
        public Builder segmentLabel(String label) {
            this.segmentLabel = label(label, "segmentLabel");
            return this;
        }

        /** Keeps only samples with these names (e.g. {@code ai_tokens_total}); by default every sample. */
        public Builder metrics(String... names) {
            for (String n : names) {
                if (n == null || !NAME.matcher(n).matches()) {
                    throw new IllegalArgumentException("metrics: expected a metric name ([a-zA-Z_:][a-zA-Z0-9_:]*), found "
                            + (n == null ? "null" : "'" + n + "'"));
                }
                metrics.add(n);
            }
            return this;
        }

        /** Keeps only samples whose label {@code label} has exactly {@code value} (e.g. {@code job="api"}). */
        public Builder require(String label, String value) {
            required.put(label(label, "require"), Objects.requireNonNull(value, "value"));
            return this;
        }

        /** The zone in which sample timestamps become dates (default UTC). */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /** Builds the parser. */
        public PrometheusText build() {
            return new PrometheusText(this);
        }

        private static String label(String label, String what) {
            if (label == null || !LABEL.matcher(label).matches()) {
                throw new IllegalArgumentException(what + ": expected a label name ([a-zA-Z_][a-zA-Z0-9_]*), found "
                        + (label == null ? "null" : "'" + label + "'"));
            }
            return label;
        }
    }
}
