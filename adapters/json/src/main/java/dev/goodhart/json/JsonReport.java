package dev.goodhart.json;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.goodhart.model.Aggregation;
import dev.goodhart.model.CountingChange;
import dev.goodhart.model.InputAccount;
import dev.goodhart.model.Direction;
import dev.goodhart.model.Finding;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.model.Intervention;
import dev.goodhart.model.InvalidDataException;
import dev.goodhart.model.Link;
import dev.goodhart.model.Metric;
import dev.goodhart.report.PairChart;
import dev.goodhart.report.PairResult;
import dev.goodhart.report.ReportHeader;
import dev.goodhart.report.ReportSink;
import dev.goodhart.model.Quota;
import dev.goodhart.model.Role;
import dev.goodhart.model.Variant;
import dev.goodhart.report.Verdict;
import dev.goodhart.activity.ActivityProfile;
import dev.goodhart.activity.ActivityReport;
import dev.goodhart.activity.ActorActivity;
import dev.goodhart.activity.EventAccount;
import dev.goodhart.activity.SegmentActivity;
import java.io.IOException;
import java.io.Reader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The JSON report of the design contract, {@code schemaVersion} 1, written and read with Jackson.
 *
 * <p>An object with {@code schemaVersion}, {@code model} (everything needed to rebuild the {@link IntegrityModel}),
 * {@code summary}, {@code pairs} (one entry per proxy, outcome and segment, {@code "*"} for the organisation, with
 * {@code score}, {@code verdict}, {@code variants}, {@code findings} (each with its plain {@code message}, the
 * statistics in {@code detail} and the {@code dates} it refers to) and, for the pairs that have one, {@code chart}:
 * the proxy and outcome per period, the baseline window, the intervention, the proxy's change points and the window
 * means, everything a renderer draws) and, when a usage log was scored,
 * {@code activity} (one entry per actor with {@code actor}, {@code segment}, {@code score}, {@code flagged} and
 * {@code signatures}) and {@code activitySegments}. Numbers that are not defined (a q-value that was never computed)
 * are written as {@code null} and read back as NaN; JSON has no NaN. The JSON Schema is the resource
 * {@code dev/goodhart/json/report-schema-v1.json} ({@link #SCHEMA_RESOURCE}).
 *
 * <p>A usage log scored alone ({@link #write(ActivityReport, Writer)}) is a document of the same schema version with
 * {@code "kind": "activity"}: {@code summary} describes the log (events, actors, flagged actors, the flag threshold,
 * first and last event, late events, notes, and the account of the records read), {@code pairs} is empty and there is
 * no {@code model}; {@code activityLog}, {@code activity} and {@code activitySegments} are as in a full report.
 * {@link #readActivity} reads the activity section of either kind back.
 *
 * <p>{@link #read} gives back a report equal to the one written. Field names are stable; adding fields is fine,
 * renaming is a breaking change recorded in CHANGELOG.md. Fields added after the first release (the activity
 * section's {@code basis}, {@code flagAt}, {@code lateEvents}, {@code notes}, {@code records} and each actor's
 * {@code profile}; each finding's {@code detail} and {@code dates}; each pair's {@code chart}) are optional on reading.
 * The field reference is {@code docs/json-schema.md}. Stateless and thread-safe.
 */
public final class JsonReport {
    /** The schema version this class writes and reads. */
    public static final int SCHEMA_VERSION = 1;
    /** Class-path location of the JSON Schema (draft 2020-12) of the report. */
    public static final String SCHEMA_RESOURCE = "/dev/goodhart/json/report-schema-v1.json";

    private static final JsonFactory FACTORY = new JsonFactory();
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private JsonReport() {
    }

    /** The report as a JSON string, pretty-printed. */
    public static String toJson(IntegrityReport report) {
        StringWriter out = new StringWriter();
        try {
            write(report, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Writes the report as JSON to {@code out} (which is flushed, not closed).
     *
     * @throws IOException if the writer fails
     */
    public static void write(IntegrityReport report, Writer out) throws IOException {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(out, "out");
        ReportSink sink = sink(out, report.activity());
        try {
            sink.start(report.header());
            for (PairResult p : report.pairs()) {
                sink.pair(p);
            }
            sink.end();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * A sink that writes a report streamed by {@code Scorer.score(model, frame, sink)} as JSON to {@code out}, a pair
     * at a time (nothing of the report is held): the same document, byte for byte, as {@link #write(IntegrityReport,
     * Writer)} of the collected report with {@code activity}. The writer is flushed at the end, not closed.
     *
     * @param out      where the JSON goes
     * @param activity the activity section ({@link ActivityReport#EMPTY} for none)
     * @return the sink; a failure of the writer is an {@link UncheckedIOException}
     */
    public static ReportSink sink(Writer out, ActivityReport activity) {
        Objects.requireNonNull(out, "out");
        Objects.requireNonNull(activity, "activity");
        return new ReportSink() {
            private JsonGenerator g;

            @Override
            public void start(ReportHeader header) {
                Objects.requireNonNull(header, "header");
                try {
                    g = FACTORY.createGenerator(out);
                    g.useDefaultPrettyPrinter();
                    g.writeStartObject();
                    g.writeNumberField("schemaVersion", SCHEMA_VERSION);
                    writeModel(g, header.model());
                    writeSummary(g, header, activity);
                    g.writeArrayFieldStart("pairs");
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void pair(PairResult p) {
                Objects.requireNonNull(p, "pair");
                try {
                    writePair(g, p);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }

            @Override
            public void end() {
                try {
                    g.writeEndArray();
                    writeActivity(g, activity, false);
                    g.writeEndObject();
                    g.flush();
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }
        };
    }

    private static void writePair(JsonGenerator g, PairResult p) throws IOException {
        g.writeStartObject();
        g.writeStringField("proxy", p.proxy());
        g.writeStringField("outcome", p.outcome());
        g.writeStringField("segment", p.segment());
        number(g, "score", p.score());
        g.writeStringField("verdict", p.verdict().name());
        g.writeArrayFieldStart("variants");
        for (Variant v : p.variants()) {
            g.writeString(v.name());
        }
        g.writeEndArray();
        findings(g, "findings", p.findings());
        g.writeArrayFieldStart("notes");
        for (String n : p.notes()) {
            g.writeString(n);
        }
        g.writeEndArray();
        if (p.recentFrom() == null) {
            g.writeNullField("recentFrom");
        } else {
            g.writeStringField("recentFrom", p.recentFrom().toString());
        }
        if (p.chart() != null) {
            writeChart(g, p.chart());
        }
        g.writeEndObject();
    }

    /** A usage log scored alone as a JSON string, pretty-printed ({@code "kind": "activity"}). */
    public static String toJson(ActivityReport activity) {
        StringWriter out = new StringWriter();
        try {
            write(activity, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    /**
     * Writes a usage log scored alone to {@code out} (flushed, not closed): schema version 1 with
     * {@code "kind": "activity"}, a {@code summary} of the log and the activity section, no model and no pairs.
     *
     * @throws IOException if the writer fails
     */
    public static void write(ActivityReport activity, Writer out) throws IOException {
        Objects.requireNonNull(activity, "activity");
        JsonGenerator g = FACTORY.createGenerator(out);
        g.useDefaultPrettyPrinter();
        g.writeStartObject();
        g.writeNumberField("schemaVersion", SCHEMA_VERSION);
        g.writeStringField("kind", "activity");
        g.writeObjectFieldStart("summary");
        logFields(g, activity);
        g.writeEndObject();
        g.writeArrayFieldStart("pairs");
        g.writeEndArray();
        writeActivity(g, activity, true);
        g.writeEndObject();
        g.flush();
    }

    /** The fields describing a usage log, shared by an activity-only summary and {@code activityLog}. */
    private static void logFields(JsonGenerator g, ActivityReport a) throws IOException {
        g.writeStringField("basis", a.basis() == ActivityReport.Basis.USER_DAYS ? "userDays" : "events");
        g.writeNumberField("events", a.events());
        g.writeNumberField("actors", a.actors().size());
        g.writeNumberField("flaggedActorCount", a.flagged().size());
        number(g, "flagAt", a.flagAt());
        if (a.first() == null) {
            g.writeNullField("first");
            g.writeNullField("last");
        } else {
            g.writeStringField("first", a.first().toString());
            g.writeStringField("last", a.last().toString());
        }
        g.writeNumberField("lateEvents", a.lateEvents());
        g.writeArrayFieldStart("notes");
        for (String n : a.notes()) {
            g.writeString(n);
        }
        g.writeEndArray();
        EventAccount in = a.input();
        if (in.known()) {
            g.writeObjectFieldStart("records");
            g.writeStringField("source", in.source());
            g.writeStringField("position", in.position());
            g.writeNumberField("read", in.read());
            g.writeNumberField("used", in.used());
            g.writeNumberField("skipped", in.skippedCount());
            g.writeArrayFieldStart("reasons");
            for (Map.Entry<String, Long> e : in.skipped().entrySet()) {
                g.writeStartObject();
                g.writeStringField("reason", e.getKey());
                g.writeNumberField("count", e.getValue());
                g.writeArrayFieldStart("first");
                for (long line : in.examples().get(e.getKey())) {
                    g.writeNumber(line);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeStringField("sentence", in.sentence());
            g.writeEndObject();
        }
    }

    private static void writeModel(JsonGenerator g, IntegrityModel m) throws IOException {
        g.writeObjectFieldStart("model");
        g.writeStringField("granularity", m.granularity().name().toLowerCase(Locale.ROOT));
        g.writeArrayFieldStart("metrics");
        for (Metric metric : m.metrics().values()) {
            g.writeStartObject();
            g.writeStringField("name", metric.name());
            g.writeStringField("role", metric.role().name().toLowerCase(Locale.ROOT));
            g.writeStringField("direction", metric.direction().name().toLowerCase(Locale.ROOT));
            g.writeStringField("unit", metric.unit());
            g.writeStringField("aggregation", metric.aggregation().name().toLowerCase(Locale.ROOT));
            g.writeBooleanField("nonNegative", metric.nonNegative());
            g.writeBooleanField("selfReported", m.selfReported().contains(metric.name()));
            String per = m.exposures().get(metric.name());
            if (per == null) {
                g.writeNullField("per");
            } else {
                g.writeStringField("per", per);
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("links");
        for (Link l : m.links()) {
            g.writeStartObject();
            g.writeStringField("proxy", l.proxy());
            g.writeStringField("outcome", l.outcome());
            g.writeNumberField("expectedSign", l.expectedSign());
            g.writeNumberField("lag", l.lag());
            g.writeNumberField("minimumElasticity", l.minimumElasticity());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("interventions");
        for (Intervention i : m.interventions()) {
            intervention(g, i);
        }
        g.writeEndArray();
        g.writeArrayFieldStart("quotas");
        for (Quota q : m.quotas()) {
            g.writeStartObject();
            g.writeStringField("metric", q.metric());
            g.writeStringField("segment", q.segment());
            number(g, "value", q.value());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("countingChanges");
        for (CountingChange c : m.countingChanges()) {
            g.writeStartObject();
            g.writeStringField("metric", c.metric());
            g.writeStringField("date", c.date().toString());
            number(g, "factor", c.factor());
            g.writeStringField("label", c.label());
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("segments");
        for (String s : m.segments()) {
            g.writeString(s);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void writeSummary(JsonGenerator g, ReportHeader r, ActivityReport activity) throws IOException {
        g.writeObjectFieldStart("summary");
        g.writeStringField("firstPeriod", r.firstPeriod().toString());
        g.writeStringField("lastPeriod", r.lastPeriod().toString());
        g.writeNumberField("segmentCount", r.segmentCount());
        g.writeNumberField("pairCount", r.pairCount());
        g.writeNumberField("flaggedCount", r.flaggedCount());
        g.writeNumberField("alpha", r.alpha());
        g.writeObjectFieldStart("verdicts");
        for (Map.Entry<Verdict, Long> e : r.verdicts().entrySet()) {
            g.writeNumberField(e.getKey().name(), e.getValue());
        }
        g.writeEndObject();
        g.writeNumberField("flaggedActorCount", activity.flagged().size());
        InputAccount in = r.input();
        if (in.known()) {
            g.writeObjectFieldStart("input");
            g.writeNumberField("rowsRead", in.read());
            g.writeNumberField("rowsUsed", in.used());
            g.writeNumberField("rowsSkipped", in.skipped());
            g.writeStringField("position", in.position());
            g.writeObjectFieldStart("reasons");
            for (InputAccount.Reason reason : InputAccount.Reason.values()) {
                g.writeObjectFieldStart(reason.name());
                g.writeNumberField("count", in.count(reason));
                g.writeBooleanField("skipped", reason.skips());
                g.writeArrayFieldStart("first");
                for (long line : in.examples().get(reason)) {
                    g.writeNumber(line);
                }
                g.writeEndArray();
                g.writeEndObject();
            }
            g.writeEndObject();
            g.writeStringField("sentence", in.sentence());
            g.writeEndObject();
        }
        g.writeEndObject();
    }

    private static void writeActivity(JsonGenerator g, ActivityReport a, boolean always) throws IOException {
        if (!always && a.isEmpty() && !a.input().known()) {
            return;
        }
        g.writeObjectFieldStart("activityLog");
        logFields(g, a);
        g.writeEndObject();
        g.writeArrayFieldStart("activity");
        for (ActorActivity actor : a.actors()) {
            g.writeStartObject();
            g.writeStringField("actor", actor.actor());
            g.writeStringField("segment", actor.segment());
            g.writeNumberField("events", actor.events());
            g.writeNumberField("tokens", actor.tokens());
            number(g, "score", actor.score());
            g.writeBooleanField("flagged", actor.flagged());
            findings(g, "signatures", actor.signatures());
            ActivityProfile p = actor.profile();
            if (!p.isEmpty()) {
                g.writeObjectFieldStart("profile");
                longs(g, "byHour", p.byHour());
                longs(g, "tokensByHour", p.tokensByHour());
                longs(g, "byWeekday", p.byWeekday());
                longs(g, "dailyCounts", p.dailyCounts());
                g.writeEndObject();
            }
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeArrayFieldStart("activitySegments");
        for (SegmentActivity s : a.segments()) {
            g.writeStartObject();
            g.writeStringField("segment", s.segment());
            g.writeNumberField("actors", s.actors());
            g.writeNumberField("flagged", s.flagged());
            g.writeNumberField("tokens", s.tokens());
            g.writeNumberField("flaggedTokens", s.flaggedTokens());
            number(g, "meanScore", s.meanScore());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    /** A pair's chart: everything a renderer draws, so a report read back renders as the live one. */
    private static void writeChart(JsonGenerator g, PairChart c) throws IOException {
        g.writeObjectFieldStart("chart");
        dates(g, "periods", c.periods());
        doubles(g, "proxy", c.proxy());
        doubles(g, "outcome", c.outcome());
        g.writeObjectFieldStart("baseline");
        g.writeStringField("from", c.baselineFrom().toString());
        g.writeStringField("to", c.baselineTo().toString());
        g.writeEndObject();
        g.writeStringField("recentFrom", c.recentFrom().toString());
        if (c.intervention() == null) {
            g.writeNullField("intervention");
        } else {
            g.writeFieldName("intervention");
            intervention(g, c.intervention());
        }
        dates(g, "proxyChangePoints", c.proxyChangePoints());
        g.writeObjectFieldStart("means");
        number(g, "proxyBaseline", c.proxyBaselineMean());
        number(g, "proxyRecent", c.proxyRecentMean());
        number(g, "outcomeBaseline", c.outcomeBaselineMean());
        number(g, "outcomeRecent", c.outcomeRecentMean());
        g.writeEndObject();
        g.writeEndObject();
    }

    private static void intervention(JsonGenerator g, Intervention i) throws IOException {
        g.writeStartObject();
        g.writeStringField("date", i.date().toString());
        g.writeStringField("label", i.label());
        g.writeArrayFieldStart("segments");
        for (String s : new TreeSet<>(i.segments())) {
            g.writeString(s);
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void dates(JsonGenerator g, String field, List<LocalDate> values) throws IOException {
        g.writeArrayFieldStart(field);
        for (LocalDate d : values) {
            g.writeString(d.toString());
        }
        g.writeEndArray();
    }

    /** Numbers, null where not finite (missing): JSON has no NaN. */
    private static void doubles(JsonGenerator g, String field, double[] values) throws IOException {
        g.writeArrayFieldStart(field);
        for (double v : values) {
            if (Double.isFinite(v)) {
                g.writeNumber(v);
            } else {
                g.writeNull();
            }
        }
        g.writeEndArray();
    }

    private static void longs(JsonGenerator g, String field, long[] values) throws IOException {
        g.writeArrayFieldStart(field);
        for (long v : values) {
            g.writeNumber(v);
        }
        g.writeEndArray();
    }

    private static void findings(JsonGenerator g, String field, List<Finding> findings) throws IOException {
        g.writeArrayFieldStart(field);
        for (Finding f : findings) {
            g.writeStartObject();
            g.writeStringField("detector", f.detector());
            number(g, "statistic", f.statistic());
            number(g, "pValue", f.pValue());
            number(g, "qValue", f.qValue());
            number(g, "effect", f.effect());
            g.writeStringField("message", f.message());
            g.writeStringField("detail", f.detail());
            dates(g, "dates", f.dates());
            if (f.nothingOwed()) { // added within schema version 1: absent means false
                g.writeBooleanField("nothingOwed", true);
            }
            if (f.undecided()) { // added within schema version 1: absent means false
                g.writeBooleanField("undecided", true);
            }
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void number(JsonGenerator g, String field, double v) throws IOException {
        if (Double.isFinite(v)) {
            g.writeNumberField(field, v);
        } else {
            g.writeNullField(field);
        }
    }

    /**
     * Reads a report written by {@link #write}; {@code source} names the input in errors.
     *
     * @throws IOException          if the reader fails
     * @throws InvalidDataException if the text is not JSON (with line and column), not schema version 1, or a field
     *                              is missing or of the wrong kind (with its path, e.g. {@code pairs[3].score})
     */
    public static IntegrityReport read(Reader in, String source) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new InvalidDataException(source, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
                    "not valid JSON: " + JsonInput.jacksonMessage(e), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidDataException(source, 0, 0, "expected a JSON object with schemaVersion, model and pairs");
        }
        Fields f = new Fields(source);
        int version = (int) f.integer(root, "schemaVersion", "");
        if (version != SCHEMA_VERSION) {
            throw new InvalidDataException(source, 0, 0, "schemaVersion: expected 1, found " + version);
        }
        if ("activity".equals(root.path("kind").asText(""))) {
            throw new InvalidDataException(source, 0, 0, "kind: a usage log scored alone has no model and no pairs; "
                    + "read it with JsonReport.readActivity");
        }
        IntegrityModel model = readModel(f, f.object(root, "model", ""));
        JsonNode summary = f.object(root, "summary", "");
        List<PairResult> pairs = new ArrayList<>();
        JsonNode pairNodes = f.array(root, "pairs", "");
        for (int i = 0; i < pairNodes.size(); i++) {
            String at = "pairs[" + i + "]";
            JsonNode p = pairNodes.get(i);
            List<Variant> variants = new ArrayList<>();
            JsonNode vs = f.array(p, "variants", at);
            for (int k = 0; k < vs.size(); k++) {
                variants.add(f.enumValue(Variant.class, vs.get(k), at + ".variants[" + k + "]"));
            }
            List<String> notes = new ArrayList<>();
            JsonNode ns = f.array(p, "notes", at);
            for (int k = 0; k < ns.size(); k++) {
                notes.add(f.text(ns.get(k), at + ".notes[" + k + "]"));
            }
            JsonNode recent = p.get("recentFrom");
            LocalDate recentFrom = recent == null || recent.isNull() ? null : f.date(recent, at + ".recentFrom");
            // the chart was added to schema version 1 later: absent means no chart
            PairChart chart = p.has("chart") && !p.get("chart").isNull()
                    ? readChart(f, f.object(p, "chart", at), at + ".chart") : null;
            pairs.add(f.wrap(at, () -> new PairResult(f.string(p, "proxy", at), f.string(p, "outcome", at),
                    f.string(p, "segment", at), f.number(p, "score", at),
                    f.enumValue(Verdict.class, f.field(p, "verdict", at), at + ".verdict"), variants,
                    readFindings(f, p, "findings", at), notes, recentFrom, chart)));
        }
        // the level was added to schema version 1 later: absent means the default it was decided at then
        double alpha = summary.has("alpha") ? f.number(summary, "alpha", "summary") : IntegrityReport.DEFAULT_ALPHA;
        IntegrityReport report = f.wrap("summary", () -> new IntegrityReport(model,
                f.date(f.field(summary, "firstPeriod", "summary"), "summary.firstPeriod"),
                f.date(f.field(summary, "lastPeriod", "summary"), "summary.lastPeriod"),
                (int) f.integer(summary, "segmentCount", "summary"), pairs, ActivityReport.EMPTY, InputAccount.NONE,
                alpha));
        if (root.has("activity")) {
            report = report.withActivity(readActivity(f, root));
        }
        if (summary.has("input")) {
            report = report.withInput(readInput(f, summary.get("input")));
        }
        return report;
    }

    private static InputAccount readInput(Fields f, JsonNode in) {
        String at = "summary.input";
        Map<InputAccount.Reason, Long> counts = new java.util.EnumMap<>(InputAccount.Reason.class);
        Map<InputAccount.Reason, List<Long>> first = new java.util.EnumMap<>(InputAccount.Reason.class);
        JsonNode reasons = f.object(in, "reasons", at);
        for (InputAccount.Reason reason : InputAccount.Reason.values()) {
            JsonNode r = reasons.get(reason.name());
            if (r == null) {
                continue;
            }
            String rat = at + ".reasons." + reason.name();
            counts.put(reason, f.integer(r, "count", rat));
            List<Long> lines = new ArrayList<>();
            JsonNode arr = f.array(r, "first", rat);
            for (int k = 0; k < arr.size(); k++) {
                lines.add(arr.get(k).asLong());
            }
            first.put(reason, lines);
        }
        return f.wrap(at, () -> new InputAccount(f.integer(in, "rowsRead", at), f.integer(in, "rowsUsed", at), counts,
                first, f.string(in, "position", at)));
    }

    private static IntegrityModel readModel(Fields f, JsonNode m) {
        return f.wrap("model", () -> {
            IntegrityModel.Builder b = IntegrityModel.builder();
            b.granularity(Granularity.parse(f.string(m, "granularity", "model")));
            JsonNode metrics = f.array(m, "metrics", "model");
            List<String> selfReported = new ArrayList<>();
            List<String[]> per = new ArrayList<>();
            for (int i = 0; i < metrics.size(); i++) {
                String at = "model.metrics[" + i + "]";
                JsonNode x = metrics.get(i);
                b.metric(new Metric(f.string(x, "name", at),
                        f.enumValue(Role.class, f.field(x, "role", at), at + ".role"),
                        f.enumValue(Direction.class, f.field(x, "direction", at), at + ".direction"),
                        f.string(x, "unit", at),
                        f.enumValue(Aggregation.class, f.field(x, "aggregation", at), at + ".aggregation"))
                        .withNonNegative(x.has("nonNegative") ? x.path("nonNegative").asBoolean()
                                : f.enumValue(Role.class, f.field(x, "role", at), at + ".role") == Role.PROXY));
                if (x.path("selfReported").asBoolean(false)) {
                    selfReported.add(f.string(x, "name", at));
                }
                // added after schema version 1 was published: absent or null means none
                if (x.has("per") && !x.get("per").isNull()) {
                    per.add(new String[] {f.string(x, "name", at), f.string(x, "per", at), at + ".per"});
                }
            }
            for (String[] p : per) {
                f.wrap(p[2], () -> b.per(p[0], p[1]));
            }
            JsonNode links = f.array(m, "links", "model");
            for (int i = 0; i < links.size(); i++) {
                String at = "model.links[" + i + "]";
                JsonNode x = links.get(i);
                // minimumElasticity was added after schema version 1 was published: absent means the default
                b.link(new Link(f.string(x, "proxy", at), f.string(x, "outcome", at),
                        (int) f.integer(x, "expectedSign", at), (int) f.integer(x, "lag", at),
                        x.has("minimumElasticity") ? f.number(x, "minimumElasticity", at)
                                : Link.DEFAULT_MINIMUM_ELASTICITY));
            }
            JsonNode interventions = f.array(m, "interventions", "model");
            for (int i = 0; i < interventions.size(); i++) {
                b.intervention(readIntervention(f, interventions.get(i), "model.interventions[" + i + "]"));
            }
            JsonNode quotas = f.array(m, "quotas", "model");
            for (int i = 0; i < quotas.size(); i++) {
                String at = "model.quotas[" + i + "]";
                JsonNode x = quotas.get(i);
                b.quota(new Quota(f.string(x, "metric", at), f.string(x, "segment", at), f.number(x, "value", at)));
            }
            if (m.has("countingChanges")) { // added after schema version 1 was published: absent means none
                JsonNode changes = f.array(m, "countingChanges", "model");
                for (int i = 0; i < changes.size(); i++) {
                    String at = "model.countingChanges[" + i + "]";
                    JsonNode x = changes.get(i);
                    String metric = f.string(x, "metric", at);
                    LocalDate date = f.date(f.field(x, "date", at), at + ".date");
                    double factor = f.number(x, "factor", at);
                    String label = f.string(x, "label", at);
                    b.countingChange(f.wrap(at, () -> new CountingChange(metric, date, factor, label)));
                }
            }
            JsonNode segments = f.array(m, "segments", "model");
            List<String> names = new ArrayList<>();
            for (int i = 0; i < segments.size(); i++) {
                names.add(f.text(segments.get(i), "model.segments[" + i + "]"));
            }
            b.segments(names.toArray(String[]::new));
            b.selfReported(selfReported.toArray(String[]::new));
            return b.build();
        });
    }

    private static PairChart readChart(Fields f, JsonNode c, String at) {
        List<LocalDate> periods = readDates(f, c, "periods", at);
        double[] proxy = readDoubles(f, c, "proxy", at);
        double[] outcome = readDoubles(f, c, "outcome", at);
        LocalDate recentFrom = f.date(f.field(c, "recentFrom", at), at + ".recentFrom");
        JsonNode iv = f.field(c, "intervention", at);
        Intervention intervention = iv.isNull() ? null : readIntervention(f, iv, at + ".intervention");
        List<LocalDate> changes = readDates(f, c, "proxyChangePoints", at);
        JsonNode means = f.object(c, "means", at);
        String mat = at + ".means";
        return f.wrap(at, () -> new PairChart(periods, proxy, outcome, recentFrom, intervention, changes,
                f.number(means, "proxyBaseline", mat), f.number(means, "proxyRecent", mat),
                f.number(means, "outcomeBaseline", mat), f.number(means, "outcomeRecent", mat)));
    }

    private static Intervention readIntervention(Fields f, JsonNode x, String at) {
        if (!x.isObject()) {
            throw f.error(at, "expected an object, found " + x.getNodeType().name().toLowerCase(Locale.ROOT));
        }
        Set<String> segs = new TreeSet<>();
        JsonNode ss = f.array(x, "segments", at);
        for (int k = 0; k < ss.size(); k++) {
            segs.add(f.text(ss.get(k), at + ".segments[" + k + "]"));
        }
        return new Intervention(f.date(f.field(x, "date", at), at + ".date"), f.string(x, "label", at), segs);
    }

    private static List<LocalDate> readDates(Fields f, JsonNode parent, String name, String at) {
        JsonNode arr = f.array(parent, name, at);
        List<LocalDate> out = new ArrayList<>(arr.size());
        for (int i = 0; i < arr.size(); i++) {
            out.add(f.date(arr.get(i), at + "." + name + "[" + i + "]"));
        }
        return out;
    }

    /** Numbers, NaN for null. */
    private static double[] readDoubles(Fields f, JsonNode parent, String name, String at) {
        JsonNode arr = f.array(parent, name, at);
        double[] out = new double[arr.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = arr.get(i);
            if (v.isNull()) {
                out[i] = Double.NaN;
            } else if (v.isNumber()) {
                out[i] = v.asDouble();
            } else {
                throw f.error(at + "." + name + "[" + i + "]", "expected a number or null, found "
                        + v.getNodeType().name().toLowerCase(Locale.ROOT));
            }
        }
        return out;
    }

    private static List<Finding> readFindings(Fields f, JsonNode parent, String field, String at) {
        List<Finding> out = new ArrayList<>();
        JsonNode list = f.array(parent, field, at);
        for (int i = 0; i < list.size(); i++) {
            String here = at + "." + field + "[" + i + "]";
            JsonNode x = list.get(i);
            // detail and dates were added to schema version 1 later: absent means none
            String detail = x.has("detail") ? f.string(x, "detail", here) : "";
            List<LocalDate> dates = x.has("dates") ? readDates(f, x, "dates", here) : List.of();
            boolean nothingOwed = x.has("nothingOwed") && f.bool(x, "nothingOwed", here);
            boolean undecided = x.has("undecided") && f.bool(x, "undecided", here);
            out.add(f.wrap(here, () -> new Finding(f.string(x, "detector", here), f.number(x, "statistic", here),
                    f.number(x, "pValue", here), f.number(x, "qValue", here), f.number(x, "effect", here),
                    f.string(x, "message", here), detail, dates, nothingOwed, undecided)));
        }
        return out;
    }

    /**
     * Reads the activity section of a report written by {@link #write(ActivityReport, Writer)} (a usage log scored
     * alone) or by {@link #write(IntegrityReport, Writer)}; {@code source} names the input in errors.
     *
     * @throws IOException          if the reader fails
     * @throws InvalidDataException if the text is not JSON, not schema version 1, has no activity section, or a
     *                              field is missing or of the wrong kind (with its path)
     */
    public static ActivityReport readActivity(Reader in, String source) throws IOException {
        JsonNode root;
        try {
            root = MAPPER.readTree(in);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw new InvalidDataException(source, at == null ? 0 : at.getLineNr(), at == null ? 0 : at.getColumnNr(),
                    "not valid JSON: " + JsonInput.jacksonMessage(e), e);
        }
        if (root == null || !root.isObject()) {
            throw new InvalidDataException(source, 0, 0, "expected a JSON object with schemaVersion and activity");
        }
        Fields f = new Fields(source);
        int version = (int) f.integer(root, "schemaVersion", "");
        if (version != SCHEMA_VERSION) {
            throw new InvalidDataException(source, 0, 0, "schemaVersion: expected 1, found " + version);
        }
        if (!root.has("activity")) {
            return ActivityReport.EMPTY;
        }
        return readActivity(f, root);
    }

    private static ActivityReport readActivity(Fields f, JsonNode root) {
        JsonNode log = f.object(root, "activityLog", "");
        JsonNode actors = f.array(root, "activity", "");
        List<ActorActivity> list = new ArrayList<>();
        for (int i = 0; i < actors.size(); i++) {
            String at = "activity[" + i + "]";
            JsonNode x = actors.get(i);
            ActivityProfile profile = x.has("profile") ? readProfile(f, f.object(x, "profile", at), at + ".profile")
                    : ActivityProfile.NONE;
            list.add(f.wrap(at, () -> new ActorActivity(f.string(x, "actor", at), f.string(x, "segment", at),
                    f.integer(x, "events", at), f.integer(x, "tokens", at), f.number(x, "score", at),
                    f.field(x, "flagged", at).asBoolean(), readFindings(f, x, "signatures", at), profile)));
        }
        List<SegmentActivity> segments = new ArrayList<>();
        JsonNode segs = f.array(root, "activitySegments", "");
        for (int i = 0; i < segs.size(); i++) {
            String at = "activitySegments[" + i + "]";
            JsonNode x = segs.get(i);
            segments.add(new SegmentActivity(f.string(x, "segment", at), (int) f.integer(x, "actors", at),
                    (int) f.integer(x, "flagged", at), f.integer(x, "tokens", at), f.integer(x, "flaggedTokens", at),
                    f.number(x, "meanScore", at)));
        }
        String at = "activityLog";
        // fields added after schema version 1 was published are optional: absent means the earlier behaviour
        long late = log.has("lateEvents") ? f.integer(log, "lateEvents", at) : 0;
        List<String> notes = new ArrayList<>();
        if (log.has("notes")) {
            JsonNode ns = f.array(log, "notes", at);
            for (int k = 0; k < ns.size(); k++) {
                notes.add(f.text(ns.get(k), at + ".notes[" + k + "]"));
            }
        }
        ActivityReport.Basis basis = ActivityReport.Basis.EVENTS;
        if (log.has("basis")) {
            String b = f.string(log, "basis", at);
            if (!b.equals("events") && !b.equals("userDays")) {
                throw f.error(at + ".basis", "expected events or userDays, found '" + b + "'");
            }
            basis = b.equals("userDays") ? ActivityReport.Basis.USER_DAYS : ActivityReport.Basis.EVENTS;
        }
        double flagAt = log.has("flagAt") ? f.number(log, "flagAt", at) : ActivityReport.DEFAULT_FLAG_AT;
        EventAccount input = log.has("records") ? readRecords(f, f.object(log, "records", at), at + ".records")
                : EventAccount.NONE;
        ActivityReport.Basis b = basis;
        JsonNode first = log.get("first");
        JsonNode last = log.get("last");
        return f.wrap(at, () -> new ActivityReport(f.integer(log, "events", at),
                first == null || first.isNull() ? null : instant(f, first, at + ".first"),
                last == null || last.isNull() ? null : instant(f, last, at + ".last"),
                list, segments, late, notes, b, input, flagAt));
    }

    private static Instant instant(Fields f, JsonNode v, String path) {
        try {
            return Instant.parse(f.text(v, path));
        } catch (java.time.format.DateTimeParseException e) {
            throw f.error(path, "expected an instant such as 2025-03-03T09:00:00Z, found '" + v.asText() + "'");
        }
    }

    private static ActivityProfile readProfile(Fields f, JsonNode p, String at) {
        return f.wrap(at, () -> new ActivityProfile(longs(f, p, "byHour", at), longs(f, p, "tokensByHour", at),
                longs(f, p, "byWeekday", at), longs(f, p, "dailyCounts", at)));
    }

    private static long[] longs(Fields f, JsonNode parent, String name, String at) {
        if (!parent.has(name)) {
            return new long[0];
        }
        JsonNode arr = f.array(parent, name, at);
        long[] out = new long[arr.size()];
        for (int i = 0; i < out.length; i++) {
            JsonNode v = arr.get(i);
            if (!v.isIntegralNumber()) {
                throw f.error(at + "." + name + "[" + i + "]", "expected a whole number, found " + v);
            }
            out[i] = v.asLong();
        }
        return out;
    }

    private static EventAccount readRecords(Fields f, JsonNode r, String at) {
        Map<String, Long> counts = new LinkedHashMap<>();
        Map<String, List<Long>> first = new LinkedHashMap<>();
        JsonNode reasons = f.array(r, "reasons", at);
        for (int i = 0; i < reasons.size(); i++) {
            String rat = at + ".reasons[" + i + "]";
            JsonNode x = reasons.get(i);
            String reason = f.string(x, "reason", rat);
            counts.put(reason, f.integer(x, "count", rat));
            List<Long> lines = new ArrayList<>();
            JsonNode arr = f.array(x, "first", rat);
            for (int k = 0; k < arr.size(); k++) {
                lines.add(arr.get(k).asLong());
            }
            first.put(reason, lines);
        }
        return f.wrap(at, () -> new EventAccount(f.string(r, "source", at), f.string(r, "position", at),
                f.integer(r, "read", at), f.integer(r, "used", at), counts, first));
    }

    /** Typed access to fields with errors that name the path. */
    private static final class Fields {
        private final String source;

        Fields(String source) {
            this.source = source;
        }

        InvalidDataException error(String path, String problem) {
            return new InvalidDataException(source, 0, 0, (path.isEmpty() ? "" : path + ": ") + problem);
        }

        JsonNode field(JsonNode parent, String name, String at) {
            JsonNode v = parent.get(name);
            if (v == null) {
                throw error(at.isEmpty() ? name : at + "." + name, "missing");
            }
            return v;
        }

        JsonNode object(JsonNode parent, String name, String at) {
            JsonNode v = field(parent, name, at);
            if (!v.isObject()) {
                throw error(join(at, name), "expected an object, found " + v.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            return v;
        }

        JsonNode array(JsonNode parent, String name, String at) {
            JsonNode v = field(parent, name, at);
            if (!v.isArray()) {
                throw error(join(at, name), "expected an array, found " + v.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            return v;
        }

        String string(JsonNode parent, String name, String at) {
            return text(field(parent, name, at), join(at, name));
        }

        String text(JsonNode v, String path) {
            if (!v.isTextual()) {
                throw error(path, "expected a string, found " + v.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            return v.asText();
        }

        /** A number, or NaN for null. */
        double number(JsonNode parent, String name, String at) {
            JsonNode v = field(parent, name, at);
            if (v.isNull()) {
                return Double.NaN;
            }
            if (!v.isNumber()) {
                throw error(join(at, name), "expected a number or null, found " + v.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            return v.asDouble();
        }

        boolean bool(JsonNode parent, String name, String at) {
            JsonNode v = field(parent, name, at);
            if (!v.isBoolean()) {
                throw error(join(at, name), "expected true or false, found " + v.getNodeType().name().toLowerCase(Locale.ROOT));
            }
            return v.asBoolean();
        }

        long integer(JsonNode parent, String name, String at) {
            JsonNode v = field(parent, name, at);
            if (!v.isIntegralNumber()) {
                throw error(join(at, name), "expected a whole number, found " + v);
            }
            return v.asLong();
        }

        LocalDate date(JsonNode v, String path) {
            try {
                return LocalDate.parse(text(v, path));
            } catch (java.time.format.DateTimeParseException e) {
                throw error(path, "expected a date as YYYY-MM-DD, found '" + v.asText() + "'");
            }
        }

        <E extends Enum<E>> E enumValue(Class<E> type, JsonNode v, String path) {
            String t = text(v, path);
            try {
                return Enum.valueOf(type, t.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw error(path, "expected one of " + java.util.Arrays.toString(type.getEnumConstants()) + ", found '"
                        + t + "'");
            }
        }

        /** Runs a constructor and turns its validation error into one that names the path. */
        <T> T wrap(String path, java.util.function.Supplier<T> make) {
            try {
                return make.get();
            } catch (InvalidDataException e) {
                throw e;
            } catch (IllegalArgumentException | NullPointerException e) {
                throw error(path, String.valueOf(e.getMessage()));
            }
        }

        private static String join(String at, String name) {
            return at.isEmpty() ? name : at + "." + name;
        }
    }
}
