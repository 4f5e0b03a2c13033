package dev.goodhart.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.goodhart.Goodhart;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairChart;
import dev.goodhart.report.PairResult;
import dev.goodhart.report.Verdict;
import dev.goodhart.model.CountingChange;
import dev.goodhart.model.Finding;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.InvalidDataException;
import dev.goodhart.activity.ActivityEvent;
import dev.goodhart.activity.ActivityLog;
import dev.goodhart.activity.ActivityScorer;
import dev.goodhart.tck.FixtureOrganisation;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class JsonReportTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** The fixture organisation's report with an activity section from a small usage log with one script. */
    static IntegrityReport report() {
        ActivityLog log = ActivityLog.create();
        SplittableRandom r = new SplittableRandom(3);
        Instant start = Instant.parse("2024-07-01T08:00:00Z");
        for (int a = 0; a < 12; a++) {
            long t = start.toEpochMilli();
            for (int i = 0; i < 60; i++) {
                t += 60_000L * (1 + r.nextInt(240));
                log.accept(new ActivityEvent(Instant.ofEpochMilli(t), "person-" + a, 200 + r.nextInt(2000), "alpha",
                        String.format(Locale.ROOT, "%08x:%016x%08x", r.nextInt(), r.nextLong(), r.nextInt()), null,
                        r.nextBoolean() ? "PR-" + i : null));
            }
        }
        for (int i = 0; i < 300; i++) {
            log.accept(new ActivityEvent(start.plusSeconds(300L * i), "script <b>\"x\" & y</b>", 35, "alpha",
                    "0000abcd:" + "1".repeat(24), null, null));
        }
        return Goodhart.score(FixtureOrganisation.model(), FixtureOrganisation.observations())
                .withActivity(ActivityScorer.defaults().score(log));
    }

    @Test
    void aReportWrittenAndReadBackIsEqual() throws IOException {
        IntegrityReport original = report();
        assertThat(original.activity().flagged()).isNotEmpty();
        String json = JsonReport.toJson(original);
        IntegrityReport back = JsonReport.read(new StringReader(json), "report.json");
        assertThat(back.model()).isEqualTo(original.model());
        assertThat(back.pairs()).isEqualTo(original.pairs());
        assertThat(back.activity()).isEqualTo(original.activity());
        assertThat(back).isEqualTo(original);
        assertThat(JsonReport.toJson(back)).isEqualTo(json);
        // the chart data comes back with the report: the organisation's rows and the pairs at WATCH or above
        List<PairChart> charts = original.pairs().stream().map(PairResult::chart).filter(c -> c != null).toList();
        assertThat(charts).hasSizeGreaterThanOrEqualTo(original.model().links().size());
        assertThat(back.pairs().stream().map(PairResult::chart).filter(c -> c != null).toList()).isEqualTo(charts);
        assertThat(original.pairs()).filteredOn(p -> p.segment().equals("*")).allSatisfy(p -> assertThat(p.chart()).isNotNull());
        assertThat(original.pairs()).filteredOn(p -> p.verdict().compareTo(Verdict.WATCH) < 0 && !p.segment().equals("*"))
                .allSatisfy(p -> assertThat(p.chart()).isNull());
    }

    /** Missing periods (NaN) and undefined means are null in JSON and NaN again when read back; nothing else changes. */
    @Test
    void chartsWithMissingValuesComeBackEqual() throws IOException {
        IntegrityReport live = report();
        PairResult first = live.pairs().get(0);
        PairChart chart = first.chart();
        double[] proxy = chart.proxy();
        double[] outcome = chart.outcome();
        proxy[3] = Double.NaN;
        java.util.Arrays.fill(outcome, chart.split(), outcome.length, Double.NaN);
        PairChart gappy = new PairChart(chart.periods(), proxy, outcome, chart.recentFrom(), chart.intervention(),
                chart.proxyChangePoints(), chart.proxyBaselineMean(), chart.proxyRecentMean(), 1.5, Double.NaN);
        List<PairResult> pairs = new java.util.ArrayList<>(live.pairs());
        pairs.set(0, first.withChart(gappy));
        IntegrityReport edited = new IntegrityReport(live.model(), live.firstPeriod(), live.lastPeriod(),
                live.segmentCount(), pairs, live.activity(), live.input());
        String json = JsonReport.toJson(edited);
        JsonNode node = MAPPER.readTree(json).get("pairs").get(0).get("chart");
        assertThat(node.get("proxy").get(3).isNull()).isTrue();
        assertThat(node.get("outcome").get(chart.length() - 1).isNull()).isTrue();
        assertThat(node.get("means").get("outcomeRecent").isNull()).isTrue();
        assertThat(node.get("baseline").get("to").asText()).isEqualTo(chart.baselineTo().toString());
        IntegrityReport back = JsonReport.read(new StringReader(json), "report.json");
        assertThat(back).isEqualTo(edited);
        assertThat(back.pairs().get(0).chart().outcome()[chart.length() - 1]).isNaN();
        assertThat(back.pairs().get(0).chart().outcomeRecentMean()).isNaN();
    }

    /** A report written before charts, finding details and dates existed still reads: those fields are optional. */
    @Test
    void aReportWithoutTheAddedFieldsStillReads() throws IOException {
        com.fasterxml.jackson.databind.node.ObjectNode node = (com.fasterxml.jackson.databind.node.ObjectNode)
                MAPPER.readTree(JsonReport.toJson(report()));
        for (JsonNode pair : node.get("pairs")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) pair).remove("chart");
            for (JsonNode f : pair.get("findings")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) f).remove(List.of("detail", "dates"));
            }
        }
        IntegrityReport back = JsonReport.read(new StringReader(node.toString()), "old.json");
        assertThat(back.pairs()).allSatisfy(p -> {
            assertThat(p.chart()).isNull();
            assertThat(p.findings()).allSatisfy(f -> assertThat(f.detail()).isEmpty());
        });
    }

    /**
     * The significance level a report was decided at is written in its summary, read back equal (a stricter level's
     * text and HTML say so), refused outside its range with the field named, and 0.05 in reports written before it.
     */
    @Test
    void theLevelComesBackAndOlderReportsHaveTheDefault() throws IOException {
        IntegrityReport strict = dev.goodhart.scoring.Scorer.builder().alpha(0.01).build()
                .score(FixtureOrganisation.model(), dev.goodhart.model.Frame.of(FixtureOrganisation.model(),
                        FixtureOrganisation.observations()));
        assertThat(strict.alpha()).isEqualTo(0.01);
        String json = JsonReport.toJson(strict);
        assertThat(MAPPER.readTree(json).get("summary").get("alpha").asDouble()).isEqualTo(0.01);
        IntegrityReport back = JsonReport.read(new StringReader(json), "strict.json");
        assertThat(back).isEqualTo(strict);
        assertThat(dev.goodhart.report.TextReport.render(back)).contains("Decided at alpha 0.01 (the default is 0.05)");
        assertThat(dev.goodhart.report.TextReport.render(report())).doesNotContain("Decided at alpha");
        assertThat(dev.goodhart.html.HtmlReport.render(back))
                .contains("below 0.01 counts. ")
                .contains("Decided at alpha 0.01");
        com.fasterxml.jackson.databind.node.ObjectNode node = (com.fasterxml.jackson.databind.node.ObjectNode)
                MAPPER.readTree(json);
        ((com.fasterxml.jackson.databind.node.ObjectNode) node.get("summary")).remove("alpha");
        assertThat(JsonReport.read(new StringReader(node.toString()), "old.json").alpha()).isEqualTo(0.05);
        ((com.fasterxml.jackson.databind.node.ObjectNode) node.get("summary")).put("alpha", 0.5);
        assertThatThrownBy(() -> JsonReport.read(new StringReader(node.toString()), "bad.json"))
                .isInstanceOf(dev.goodhart.model.InvalidDataException.class)
                .hasMessageContaining("summary").hasMessageContaining("alpha: must be from 1.0E-10 to 0.1, found 0.5");
    }

    /** A declared counting change is part of the model: written, read back equal, and absent in older reports. */
    @Test
    void aDeclaredCountingChangeComesBackAndOlderReportsHaveNone() throws IOException {
        IntegrityReport live = report();
        String proxy = live.model().links().get(0).proxy();
        IntegrityModel model = live.model().toBuilder().countingChange(new CountingChange(proxy,
                live.firstPeriod().plusDays(30), 1.35, "new tokenizer")).build();
        IntegrityReport declared = new IntegrityReport(model, live.firstPeriod(), live.lastPeriod(),
                live.segmentCount(), live.pairs(), live.activity(), live.input());
        String json = JsonReport.toJson(declared);
        JsonNode change = MAPPER.readTree(json).get("model").get("countingChanges").get(0);
        assertThat(change.get("factor").asDouble()).isEqualTo(1.35);
        assertThat(change.get("label").asText()).isEqualTo("new tokenizer");
        IntegrityReport back = JsonReport.read(new StringReader(json), "report.json");
        assertThat(back.model().countingChanges()).isEqualTo(model.countingChanges());
        assertThat(back).isEqualTo(declared);
        try (InputStream in = JsonReport.class.getResourceAsStream(JsonReport.SCHEMA_RESOURCE)) {
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
            assertThat(schema.validate(MAPPER.readTree(json))).isEmpty();
        }

        com.fasterxml.jackson.databind.node.ObjectNode node = (com.fasterxml.jackson.databind.node.ObjectNode)
                MAPPER.readTree(json);
        ((com.fasterxml.jackson.databind.node.ObjectNode) node.get("model")).remove("countingChanges");
        assertThat(JsonReport.read(new StringReader(node.toString()), "old.json").model().countingChanges()).isEmpty();

        com.fasterxml.jackson.databind.node.ObjectNode broken = (com.fasterxml.jackson.databind.node.ObjectNode)
                MAPPER.readTree(json);
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken.get("model").get("countingChanges").get(0))
                .put("factor", -2);
        assertThatThrownBy(() -> JsonReport.read(new StringReader(broken.toString()), "bad.json"))
                .hasMessageContaining("model.countingChanges").hasMessageContaining("factor must be a finite number above 0");
    }

    /**
     * A metric read per an exposure: the exposure's role and the metric's {@code per} come back, the document validates,
     * an older report without {@code per} reads as none, and an exposure that is not one names where it is.
     */
    @Test
    void anExposureComesBackAndOlderReportsHaveNone() throws IOException {
        IntegrityReport live = report();
        String proxy = live.model().links().get(0).proxy();
        IntegrityModel model = live.model().toBuilder().exposure("headcount", "people").per(proxy, "headcount").build();
        IntegrityReport declared = new IntegrityReport(model, live.firstPeriod(), live.lastPeriod(),
                live.segmentCount(), live.pairs(), live.activity(), live.input());
        String json = JsonReport.toJson(declared);
        JsonNode metrics = MAPPER.readTree(json).get("model").get("metrics");
        JsonNode heads = null;
        for (JsonNode m : metrics) {
            if (m.get("name").asText().equals("headcount")) {
                heads = m;
            }
            if (m.get("name").asText().equals(proxy)) {
                assertThat(m.get("per").asText()).isEqualTo("headcount");
            } else {
                assertThat(m.get("per").isNull()).as(m.get("name").asText()).isTrue();
            }
        }
        assertThat(heads).isNotNull();
        assertThat(heads.get("role").asText()).isEqualTo("exposure");
        IntegrityReport back = JsonReport.read(new StringReader(json), "report.json");
        assertThat(back.model().exposures()).containsExactly(java.util.Map.entry(proxy, "headcount"));
        assertThat(back).isEqualTo(declared);
        try (InputStream in = JsonReport.class.getResourceAsStream(JsonReport.SCHEMA_RESOURCE)) {
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
            assertThat(schema.validate(MAPPER.readTree(json))).isEmpty();
        }
        com.fasterxml.jackson.databind.node.ObjectNode old = (com.fasterxml.jackson.databind.node.ObjectNode)
                MAPPER.readTree(JsonReport.toJson(live));
        for (JsonNode m : old.get("model").get("metrics")) {
            ((com.fasterxml.jackson.databind.node.ObjectNode) m).remove("per");
        }
        assertThat(JsonReport.read(new StringReader(old.toString()), "old.json").model().exposures()).isEmpty();
        String wrong = json.replace("\"per\" : \"headcount\"", "\"per\" : \"" + proxy + "\"");
        assertThat(wrong).isNotEqualTo(json);
        assertThatThrownBy(() -> JsonReport.read(new StringReader(wrong), "bad.json"))
                .hasMessageContaining("model.metrics[").hasMessageContaining("per")
                .hasMessageContaining("expected exposure");
    }

    /**
     * A finding that says nothing was owed (the proxy did not rise) carries {@code "nothingOwed": true}, comes back so,
     * validates; the field is absent (false) elsewhere and in older reports, and a wrong type names where it is.
     */
    @Test
    void nothingOwedComesBackAndIsOptional() throws IOException {
        IntegrityReport live = report();
        List<Finding> marked = live.pairs().stream().flatMap(p -> p.findings().stream()).filter(Finding::nothingOwed)
                .toList();
        assertThat(marked).as("the fixture has teams whose tokens did not move").isNotEmpty();
        String json = JsonReport.toJson(live);
        JsonNode root = MAPPER.readTree(json);
        int withField = 0;
        for (JsonNode pair : root.get("pairs")) {
            for (JsonNode f : pair.get("findings")) {
                if (f.has("nothingOwed")) {
                    assertThat(f.get("nothingOwed").asBoolean()).isTrue();
                    withField++;
                }
            }
        }
        assertThat(withField).isEqualTo(marked.size());
        assertThat(JsonReport.read(new StringReader(json), "report.json")).isEqualTo(live);
        try (InputStream in = JsonReport.class.getResourceAsStream(JsonReport.SCHEMA_RESOURCE)) {
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
            assertThat(schema.validate(root)).isEmpty();
        }

        com.fasterxml.jackson.databind.node.ObjectNode old = (com.fasterxml.jackson.databind.node.ObjectNode) MAPPER.readTree(json);
        for (JsonNode pair : old.get("pairs")) {
            for (JsonNode f : pair.get("findings")) {
                ((com.fasterxml.jackson.databind.node.ObjectNode) f).remove("nothingOwed");
            }
        }
        assertThat(JsonReport.read(new StringReader(old.toString()), "old.json").pairs().stream()
                .flatMap(p -> p.findings().stream())).noneMatch(Finding::nothingOwed);

        com.fasterxml.jackson.databind.node.ObjectNode broken = (com.fasterxml.jackson.databind.node.ObjectNode) MAPPER.readTree(json);
        ((com.fasterxml.jackson.databind.node.ObjectNode) broken.get("pairs").get(0).get("findings").get(0))
                .put("nothingOwed", "yes");
        assertThatThrownBy(() -> JsonReport.read(new StringReader(broken.toString()), "bad.json"))
                .hasMessageContaining("nothingOwed").hasMessageContaining("expected true or false");
    }

    /**
     * A finding that could not answer its question carries {@code "undecided": true}, comes back so and validates; the
     * field is absent (false) on the others.
     */
    @Test
    void undecidedComesBackAndValidates() throws IOException {
        IntegrityReport live = report();
        PairResult first = live.pairs().get(0);
        List<Finding> findings = new java.util.ArrayList<>(first.findings());
        findings.add(new Finding("expected-response", 2.6, 1, 1, 0.36, "prompts rose 80% beyond its earlier trend",
                "shortfall z = 2.59", List.of()).withUndecided());
        List<PairResult> pairs = new java.util.ArrayList<>(live.pairs());
        pairs.set(0, new PairResult(first.proxy(), first.outcome(), first.segment(), first.score(), first.verdict(),
                first.variants(), findings, first.notes(), first.recentFrom(), first.chart()));
        IntegrityReport marked = new IntegrityReport(live.model(), live.firstPeriod(), live.lastPeriod(),
                live.segmentCount(), pairs, live.activity(), live.input(), live.alpha());
        String json = JsonReport.toJson(marked);
        JsonNode root = MAPPER.readTree(json);
        long withField = 0;
        for (JsonNode pair : root.get("pairs")) {
            for (JsonNode f : pair.get("findings")) {
                withField += f.has("undecided") ? 1 : 0;
            }
        }
        assertThat(withField).isEqualTo(marked.pairs().stream().flatMap(p -> p.findings().stream())
                .filter(Finding::undecided).count()).isPositive();
        IntegrityReport back = JsonReport.read(new StringReader(json), "report.json");
        assertThat(back).isEqualTo(marked);
        assertThat(back.pairs().get(0).findings().get(findings.size() - 1).undecided()).isTrue();
        try (InputStream in = JsonReport.class.getResourceAsStream(JsonReport.SCHEMA_RESOURCE)) {
            JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
            assertThat(schema.validate(root)).isEmpty();
        }
    }

    @Test
    void realOutputValidatesAgainstTheSchema() throws IOException {
        JsonSchema schema;
        try (InputStream in = JsonReport.class.getResourceAsStream(JsonReport.SCHEMA_RESOURCE)) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        JsonNode node = MAPPER.readTree(JsonReport.toJson(report()));
        Set<ValidationMessage> errors = schema.validate(node);
        assertThat(errors).isEmpty();

        // the schema is not a rubber stamp: a broken report fails it
        ((com.fasterxml.jackson.databind.node.ObjectNode) node.get("pairs").get(0)).put("score", 140);
        ((com.fasterxml.jackson.databind.node.ObjectNode) node.get("pairs").get(1)).put("verdict", "FINE");
        ((com.fasterxml.jackson.databind.node.ObjectNode) node).remove("summary");
        assertThat(schema.validate(node)).hasSizeGreaterThanOrEqualTo(3);
    }

    @Test
    void theContractFieldsAreThere() throws IOException {
        JsonNode node = MAPPER.readTree(JsonReport.toJson(report()));
        assertThat(node.get("schemaVersion").asInt()).isEqualTo(1);
        JsonNode pair = node.get("pairs").get(0);
        assertThat(pair.get("segment").asText()).isEqualTo("*");
        for (String field : new String[] {"proxy", "outcome", "segment", "score", "verdict", "variants", "findings"}) {
            assertThat(pair.has(field)).as(field).isTrue();
        }
        JsonNode finding = pair.get("findings").get(0);
        for (String field : new String[] {"detector", "statistic", "pValue", "qValue", "effect", "message"}) {
            assertThat(finding.has(field)).as(field).isTrue();
        }
        JsonNode actor = node.get("activity").get(0);
        assertThat(actor.get("actor").asText()).isEqualTo("script <b>\"x\" & y</b>");
        assertThat(actor.get("flagged").asBoolean()).isTrue();
        assertThat(actor.get("signatures").isArray()).isTrue();
    }

    @Test
    void badInputNamesWhereItIsWrong() {
        InvalidDataException syntax = failure("{\n  \"schemaVersion\": 1,\n  \"model\": {,\n}");
        assertThat(syntax.line()).isEqualTo(3);
        assertThat(syntax.problem()).startsWith("not valid JSON");
        assertThat(failure("{\"schemaVersion\": 2}").problem()).isEqualTo("schemaVersion: expected 1, found 2");
        assertThat(failure("[]").problem()).startsWith("expected a JSON object");
        String json = JsonReport.toJson(report()).replaceFirst("\"score\" : [0-9.]+", "\"score\" : \"high\"");
        assertThat(failure(json).problem()).isEqualTo("pairs[0].score: expected a number or null, found string");
        String chart = JsonReport.toJson(report()).replaceFirst("(\"proxy\" : \\[ )[^,]+,", "$1\"many\",");
        assertThat(failure(chart).problem()).isEqualTo("pairs[0].chart.proxy[0]: expected a number or null, found string");
        assertThatThrownBy(() -> JsonReport.read(new StringReader(JsonReport.toJson(report())
                .replaceFirst("\"verdict\" : \"[A-Z_]+\"", "\"verdict\" : \"FINE\"")), "r.json"))
                .hasMessageContaining("pairs[0].verdict: expected one of");
    }

    private static InvalidDataException failure(String json) {
        try {
            JsonReport.read(new StringReader(json), "report.json");
        } catch (InvalidDataException e) {
            return e;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a failure");
    }
}
