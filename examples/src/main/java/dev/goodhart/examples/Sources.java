package dev.goodhart.examples;

import dev.goodhart.activity.Fingerprinter;
import dev.goodhart.aiusage.ActorMap;
import dev.goodhart.aiusage.UsageExports;
import dev.goodhart.aiusage.UsageFormat;
import dev.goodhart.csv.CsvEvents;
import dev.goodhart.csv.CsvMetrics;
import dev.goodhart.jdbc.JdbcMetrics;
import dev.goodhart.json.JsonInput;
import dev.goodhart.prometheus.PrometheusRange;
import dev.goodhart.activity.EventAccount;
import dev.goodhart.source.EventSink;
import dev.goodhart.source.EventSource;
import dev.goodhart.source.SourceException;
import dev.goodhart.source.ObservationSource;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one place the command line turns its options into sources: {@code --data} (a CSV or JSON file, an AI usage
 * export, or standard input), {@code --jdbc}, {@code --prometheus} into an {@link ObservationSource};
 * {@code --events} into an {@link EventSource}. Formats are told from the content unless {@code --events-format}
 * names one.
 */
final class Sources {
    /** The file name that means standard input ({@code --data -}) or output ({@code --out -}). */
    static final String STDIN = "-";
    /** How standard input is named in messages. */
    static final String STDIN_NAME = "<stdin>";

    private Sources() {
    }

    /**
     * The source of metrics the options name (one of --data, --jdbc, --prometheus); a wide CSV file's (or query
     * result's) columns are read for {@code metricNames} only.
     */
    static ObservationSource metrics(SourceOptions s, EventOptions e, List<String> metricNames, InputStream stdin)
            throws IOException {
        if (s.data != null) {
            return data(s, e, metricNames, stdin);
        }
        if (s.numberFormat != null) {
            throw new UsageException("--number-format says how a CSV file (--data) writes numbers; "
                    + (s.jdbc != null ? "--jdbc" : "--prometheus") + " gives them as numbers");
        }
        return s.jdbc != null ? jdbc(s, metricNames) : prometheus(s);
    }

    private static ObservationSource data(SourceOptions s, EventOptions e, List<String> metricNames, InputStream stdin)
            throws IOException {
        boolean fromStdin = s.stdin();
        Peek peek = fromStdin ? Peek.of(stdin) : null;
        Path file = fromStdin ? null : Path.of(s.data);
        // --events-format applies to --data when there is no --events, or --events names the same file
        String named = e.format != null && (e.events == null || (!fromStdin && !STDIN.equals(e.events)
                && Path.of(e.events).equals(file))) ? e.format : "auto";
        notADirectory(file);
        UsageFormat export = null;
        if (named.equals("auto")) {
            export = fromStdin ? peek.export : UsageFormat.detect(file).orElse(null);
            if (export == null) {
                nearMiss(fromStdin ? peek.explanation : UsageFormat.explain(file).orElse(null), s.data);
            }
        } else if (!named.equals("csv") && !named.equals("jsonl")) {
            export = UsageFormat.parse(named);
        }
        if (export != null) {
            noCsvOptions(s, "an AI usage export");
            UsageExports.Builder b = UsageExports.builder().format(export).actors(e.actorMap())
                    .namesInNotes(!e.pseudonymise);
            if (s.zone != null) {
                b.zone(s.zone);
            }
            UsageExports exports = b.build();
            return fromStdin ? exports.source(peek.stream, STDIN_NAME) : exports.source(file);
        }
        // JSON by its name or, whatever the name, by its first character (a CSV file never opens with { or [)
        if (fromStdin ? peek.json : s.data.toLowerCase(Locale.ROOT).endsWith(".json") || looksLikeJson(file)) {
            noCsvOptions(s, "a JSON file");
            if (s.zone != null) {
                throw new UsageException("--zone applies to CSV files, AI usage exports, --jdbc and --prometheus; "
                        + "the dates of a JSON file are days as written");
            }
            return fromStdin ? JsonInput.seriesSource(peek.stream, STDIN_NAME) : JsonInput.seriesSource(file);
        }
        CsvMetrics.Builder csv = CsvMetrics.builder();
        if (s.delimiter != null) {
            csv.delimiter(s.delimiter);
        }
        if (s.numberFormat != null) {
            csv.numberFormat(s.numberFormat);
        }
        if (s.zone != null) {
            csv.zone(s.zone);
        }
        // a wide file's columns other than the declared metrics (a region, a label) are left out unread
        csv.metrics(metricNames);
        Map<String, String> c = s.columns == null ? Map.of() : s.columns.byRole();
        c.forEach((role, column) -> {
            switch (role) {
                case "date" -> csv.dateColumn(column);
                case "segment" -> csv.segmentColumn(column);
                case "metric" -> csv.metricColumn(column);
                default -> csv.valueColumn(column);
            }
        });
        CsvMetrics reader;
        try {
            reader = csv.build();
        } catch (IllegalStateException ex) {
            throw new UsageException("--columns: " + ex.getMessage());
        }
        return fromStdin ? reader.source(peek.stream, STDIN_NAME) : reader.source(file);
    }

    /** Refuses the options that only a CSV file can use (--columns, --number-format) for {@code what}. */
    private static void noCsvOptions(SourceOptions s, String what) {
        if (s.columns != null) {
            throw new UsageException("--columns names the columns of a CSV file; " + (s.stdin() ? STDIN_NAME : s.data)
                    + " is " + what);
        }
        if (s.numberFormat != null) {
            throw new UsageException("--number-format says how a CSV file writes numbers; "
                    + (s.stdin() ? STDIN_NAME : s.data) + " is " + what);
        }
    }

    /**
     * The --jdbc query, read as --data reads a CSV file: long (date, segment, metric, value) or wide (date, segment and
     * a column per metric, of which those of {@code metricNames} are read), told from the result unless --columns
     * names the metric or value column (then long).
     */
    private static ObservationSource jdbc(SourceOptions s, List<String> metricNames) {
        if (s.queries.isEmpty()) {
            throw new UsageException("missing --query (the SQL that returns date, segment, metric, value; or date, "
                    + "segment and a column per metric)");
        }
        if (s.queries.size() > 1) {
            throw new UsageException("--query given " + s.queries.size() + " times; expected once");
        }
        Map<String, String> c = s.columns == null ? Map.of() : s.columns.byRole();
        JdbcMetrics metrics;
        try {
            JdbcMetrics.Builder b = JdbcMetrics.builder(s.queries.get(0)).dateColumn(c.getOrDefault("date", "date"))
                    .segmentColumn(c.getOrDefault("segment", "segment"));
            if (c.containsKey("metric") || c.containsKey("value")) {
                // as for a CSV file: naming the metric or the value column says the result is long
                b.metricColumn(c.getOrDefault("metric", "metric")).valueColumn(c.getOrDefault("value", "value"));
            } else {
                // long with metric and value columns, else wide: its columns of the model's metrics read, others not
                b.detectLayout().metrics(metricNames);
            }
            if (s.zone != null) {
                b.zone(s.zone);
            }
            if (s.timeout != null) {
                long seconds = (s.timeout.toMillis() + 999) / 1000;
                b.queryTimeoutSeconds((int) Math.max(1, Math.min(Integer.MAX_VALUE, seconds)));
            }
            metrics = b.build();
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw new UsageException("--query: " + e.getMessage());
        }
        javax.sql.DataSource db = new DriverManagerDataSource(s.jdbc, s.jdbcUser, System.getenv("GOODHART_JDBC_PASSWORD"));
        if (metrics.placeholders() == 2) {
            if (s.from == null || s.to == null) {
                throw new UsageException("--query has two ? placeholders: give --from and --to");
            }
            return metrics.source(db, s.from, s.to);
        }
        if (s.from != null || s.to != null) {
            throw new UsageException("--from and --to need two ? placeholders in the --query");
        }
        return metrics.source(db);
    }

    /** Name of the --prometheus source in messages. */
    static final String PROMETHEUS_NAME = "the --prometheus queries";

    private static ObservationSource prometheus(SourceOptions s) {
        if (s.queries.isEmpty()) {
            throw new UsageException("missing --query NAME=PROMQL (one per metric)");
        }
        if (s.from == null || s.to == null) {
            throw new UsageException("--prometheus needs --from and --to (YYYY-MM-DD)");
        }
        String token = System.getenv("GOODHART_PROMETHEUS_TOKEN");
        List<ObservationSource> queries = new ArrayList<>();
        for (String q : s.queries) {
            int eq = q.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--query: expected NAME=PROMQL such as tokens=sum by (team) (ai_tokens), found '"
                        + q + "'");
            }
            try {
                PrometheusRange.Builder b = PrometheusRange.builder(URI.create(s.prometheus), q.substring(eq + 1))
                        .metric(q.substring(0, eq).strip()).segmentLabel(segmentLabel(s));
                if (s.step != null) {
                    b.step(s.step);
                }
                if (s.zone != null) {
                    b.zone(s.zone);
                }
                if (s.timeout != null) {
                    b.requestTimeout(s.timeout);
                }
                if (token != null && !token.isEmpty()) {
                    b.bearerToken(token);
                }
                queries.add(b.build().source(s.from, s.to));
            } catch (IllegalArgumentException e) {
                throw new UsageException("--prometheus: " + e.getMessage());
            }
        }
        return ObservationSource.of(PROMETHEUS_NAME, sink -> {
            long n = 0;
            for (ObservationSource query : queries) {
                n += query.read(sink);
            }
            return n;
        });
    }

    /** The Prometheus label that holds the segment. */
    static String segmentLabel(SourceOptions s) {
        return s.segmentLabel == null ? "team" : s.segmentLabel;
    }

    /** The usage log or export of --events, its request text fingerprinted with {@code fingerprinter}. */
    static EventSource events(EventOptions e, Fingerprinter fingerprinter, java.time.ZoneId zone, InputStream stdin)
            throws IOException {
        boolean fromStdin = STDIN.equals(e.events);
        Peek peek = fromStdin ? Peek.of(stdin) : null;
        Path file = fromStdin ? null : Path.of(e.events);
        String kind = e.format == null ? "auto" : e.format;
        // detected (no --events-format, or auto): the file was looked at and is no export
        boolean detected = kind.equals("auto");
        notADirectory(file);
        if (file != null) {
            nothingInIt(file);
        }
        UsageFormat export = null;
        if (kind.equals("auto")) {
            export = fromStdin ? peek.export : UsageFormat.detect(file).orElse(null);
            if (export == null) {
                nearMiss(fromStdin ? peek.explanation : UsageFormat.explain(file).orElse(null), e.events);
                String lower = e.events.toLowerCase(Locale.ROOT);
                kind = (fromStdin ? peek.json : looksLikeJson(file)) || lower.endsWith(".jsonl")
                        || lower.endsWith(".ndjson") ? "jsonl" : "csv";
            }
        } else if (!kind.equals("csv") && !kind.equals("jsonl")) {
            export = UsageFormat.parse(kind);
        }
        if (export != null) {
            UsageExports.Builder b = UsageExports.builder().format(export).actors(e.actorMap())
                    .fingerprinter(fingerprinter).namesInNotes(!e.pseudonymise);
            if (zone != null) {
                b.zone(zone);
            }
            UsageExports exports = b.build();
            return fromStdin ? exports.eventSource(peek.stream, STDIN_NAME) : exports.eventSource(file);
        }
        if (kind.equals("jsonl") && zone != null) {
            throw new UsageException("--zone applies to CSV usage logs and AI usage exports; a JSON Lines usage "
                    + "log's timestamps fall in days in UTC");
        }
        // a usage log gzipped (log.csv.gz): read as it unzips, its lines as they come out (an export is unzipped by
        // its reader; before, such a log was read as text: "expected UTF-8 text, found bytes that are not (0x8B)")
        InputStream unzipped = fromStdin ? gunzipped(peek.stream) : gzipped(file)
                ? gunzipped(new BufferedInputStream(Files.newInputStream(file), 1 << 16)) : null;
        String name = fromStdin ? STDIN_NAME : e.events;
        if (unzipped != null && detected && !kind.equals("jsonl")) {
            BufferedInputStream b = new BufferedInputStream(unzipped, 1 << 16);
            b.mark(1 << 16);
            kind = opensJson(b) ? "jsonl" : "csv";
            b.reset();
            unzipped = b;
        }
        InputStream stream = unzipped != null ? unzipped : fromStdin ? peek.stream : null;
        if (kind.equals("jsonl")) {
            if (zone != null) {
                throw new UsageException("--zone applies to CSV usage logs and AI usage exports; a JSON Lines usage "
                        + "log's timestamps fall in days in UTC");
            }
            EventSource log = stream != null ? JsonInput.eventSource(stream, name, fingerprinter)
                    : JsonInput.eventSource(file, fingerprinter);
            return detected ? noExportEither(log) : log;
        }
        CsvEvents.Builder csvEvents = CsvEvents.builder().fingerprinter(fingerprinter);
        if (zone != null) {
            csvEvents.zone(zone);
        }
        CsvEvents csv = csvEvents.build();
        return stream != null ? csv.source(stream, name) : csv.source(file);
    }

    /**
     * A JSON Lines usage log read because the detector found no export in the file: where a line is no object of its
     * own (a JSON document written over several lines), the refusal says that the file is no export either.
     */
    private static EventSource noExportEither(EventSource log) {
        return new EventSource() {
            @Override
            public String name() {
                return log.name();
            }

            @Override
            public EventAccount read(EventSink sink) throws SourceException {
                try {
                    return log.read(sink);
                } catch (SourceException ex) {
                    if (ex.problem().startsWith("expected one JSON object per line")) {
                        throw new SourceException(ex.reason(), ex.source(), ex.line(), ex.column(), ex.problem()
                                + "; nor is the file an AI usage export Goodhart knows (GitHub Copilot user-level "
                                + "metrics, Amazon Bedrock invocation log, OpenAI usage buckets)", ex.getCause());
                    }
                    throw ex;
                }
            }
        };
    }

    /** Refuses a directory where a file is expected (null: standard input). */
    private static void notADirectory(Path file) {
        notADirectory(String.valueOf(file), file);
    }

    /** Refuses a directory where a file is expected, {@code named} as the line names it ("--actors teams"). */
    static void notADirectory(String named, Path file) {
        if (file != null && Files.isDirectory(file)) {
            throw new UsageException(named + ": a directory; expected a file");
        }
    }

    /**
     * Refuses a file that is no export but the wrapper of one, or its predecessor (the Copilot reports API's download
     * links, the legacy Copilot metrics API, CloudWatch Logs output), saying how to get the export.
     */
    private static void nearMiss(String explanation, String name) {
        if (explanation != null) {
            throw new UsageException((STDIN.equals(name) ? STDIN_NAME : name) + ": not an AI usage export: "
                    + explanation);
        }
    }

    /** Whether the file's first non-blank character opens a JSON object or array. */
    /**
     * Refuses a usage-log file that holds nothing (no byte but white space and a byte-order mark) or only an empty JSON
     * array, saying so: read as whatever its name suggested, the first said "expected a header line with
     * timestamp,actor,tokens" of a .json file and the second "expected one JSON object per line".
     */
    private static void nothingInIt(Path file) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) > 4096) {
            return;
        }
        String text = new String(Files.readAllBytes(file), java.nio.charset.StandardCharsets.UTF_8)
                .replace("\uFEFF", "").strip();
        if (text.isEmpty()) {
            throw new UsageException(file + ": the file is empty; expected an AI usage export (Copilot, Bedrock, "
                    + "OpenAI) or a usage log (timestamp,actor,tokens)");
        }
        if (text.replaceAll("\\s", "").equals("[]")) {
            throw new UsageException(file + ": an empty JSON array, no usage records in it");
        }
    }

    /** Whether a file begins with gzip's magic bytes. */
    private static boolean gzipped(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    /**
     * The stream unzipped where it begins with gzip's magic bytes (and its concatenated members read on), else null;
     * {@code in} must support mark.
     */
    private static InputStream gunzipped(InputStream in) throws IOException {
        in.mark(2);
        boolean gzip = in.read() == 0x1f && in.read() == 0x8b;
        in.reset();
        return gzip ? new Gunzipped(in) : null;
    }

    /**
     * Gzip data unzipped, a failure named as such with the lines of text that came out before it (zlib's own message,
     * "Unexpected end of ZLIB input stream", said little of a download cut short).
     */
    private static final class Gunzipped extends java.io.FilterInputStream {
        private long lines;

        Gunzipped(InputStream in) throws IOException {
            super(null);
            try {
                this.in = new java.util.zip.GZIPInputStream(in, 1 << 16);
            } catch (IOException e) {
                throw broken(e);
            }
        }

        @Override
        public int read() throws IOException {
            try {
                int b = in.read();
                lines += b == '\n' ? 1 : 0;
                return b;
            } catch (IOException e) {
                throw broken(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                int n = in.read(b, off, len);
                for (int i = off; i < off + n; i++) {
                    lines += b[i] == '\n' ? 1 : 0;
                }
                return n;
            } catch (IOException e) {
                throw broken(e);
            }
        }

        private IOException broken(IOException e) {
            return new IOException("the gzip data is truncated or corrupt (an incomplete download?): it breaks after "
                    + "line " + lines + " of its text (" + e.getMessage() + ")", e);
        }
    }

    private static boolean looksLikeJson(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return opensJson(in);
        }
    }

    private static boolean opensJson(InputStream in) throws IOException {
        int c;
        while ((c = in.read()) != -1) {
            if (c == '{' || c == '[') {
                return true;
            }
            if (!Character.isWhitespace(c) && c != 0xEF && c != 0xBB && c != 0xBF) {
                return false;
            }
        }
        return false;
    }

    /**
     * Standard input, looked at before it is read: whether it is an AI usage export, or JSON. The stream is buffered
     * and reset, so the source reads it from its first byte.
     */
    private record Peek(InputStream stream, UsageFormat export, boolean json, String explanation) {
        /** How far ahead the format may be looked for (the detector reads 256 KB, gzip undone). */
        private static final int LOOK_AHEAD = 64 << 20;

        static Peek of(InputStream in) throws IOException {
            BufferedInputStream b = new BufferedInputStream(in, 1 << 16);
            b.mark(LOOK_AHEAD);
            // gzip data that breaks is named, as for a file (it was read on as text: "expected UTF-8 text")
            UsageFormat export = UsageFormat.detect(b, STDIN_NAME).orElse(null);
            b.reset();
            b.mark(LOOK_AHEAD);
            String explanation = export != null ? null : UsageFormat.explain(b).orElse(null);
            b.reset();
            b.mark(LOOK_AHEAD);
            boolean json = opensJson(b);
            b.reset();
            return new Peek(b, export, json, explanation);
        }
    }
}
