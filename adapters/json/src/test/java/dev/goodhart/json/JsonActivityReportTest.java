package dev.goodhart.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.goodhart.model.InvalidDataException;
import dev.goodhart.activity.ActivityEvent;
import dev.goodhart.activity.ActivityLog;
import dev.goodhart.activity.ActivityReport;
import dev.goodhart.activity.ActivityScorer;
import dev.goodhart.activity.DailyActivityScorer;
import dev.goodhart.activity.DailyUsage;
import dev.goodhart.activity.DailyUsageLog;
import dev.goodhart.activity.EventAccount;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A usage log scored alone as JSON: schema version 1 with {@code "kind": "activity"}, written and read back. */
class JsonActivityReportTest {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    /** Twelve people and one script, some events late, with an account of the records read. */
    static ActivityReport eventReport() {
        ActivityLog log = ActivityLog.builder().reorderWindow(Duration.ofMinutes(1)).build();
        SplittableRandom r = new SplittableRandom(5);
        Instant start = Instant.parse("2025-03-03T08:00:00Z");
        for (int a = 0; a < 12; a++) {
            long t = start.toEpochMilli();
            for (int i = 0; i < 80; i++) {
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
        log.accept(ActivityEvent.of(start, "person-0", 10, "alpha", null)); // late: days behind
        EventAccount.Tally tally = new EventAccount.Tally("bedrock.jsonl", "line");
        for (int i = 0; i < 1261; i++) {
            tally.used();
        }
        tally.skipped("without identity.arn", 17);
        return ActivityScorer.defaults().score(log).withInput(tally.account());
    }

    /** A day-level log: 12 people and a bot account. */
    static ActivityReport dayReport() {
        DailyUsageLog log = DailyUsageLog.create();
        SplittableRandom r = new SplittableRandom(6);
        LocalDate start = LocalDate.of(2025, 9, 1);
        for (int d = 0; d < 28; d++) {
            for (int p = 0; p < 12; p++) {
                if (d % 7 < 5) {
                    long prompts = 1 + r.nextInt(40);
                    log.accept(DailyUsage.builder(start.plusDays(d), "dev-" + p).segment("web").prompts(prompts)
                            .acceptances(r.nextInt((int) prompts + 1)).generations(prompts + 3).acceptedLines(20)
                            .build());
                }
            }
            log.accept(DailyUsage.builder(start.plusDays(d), "bot").segment("web").prompts(200).acceptances(0)
                    .generations(200).acceptedLines(0).build());
        }
        return DailyActivityScorer.defaults().score(log);
    }

    private static JsonSchema schema() throws IOException {
        try (InputStream in = JsonReport.class.getResourceAsStream(JsonReport.SCHEMA_RESOURCE)) {
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
    }

    @Test
    void aUsageLogAloneIsWrittenAndReadBackEqual() throws IOException {
        for (ActivityReport original : List.of(eventReport(), dayReport(), ActivityReport.EMPTY)) {
            String json = JsonReport.toJson(original);
            ActivityReport back = JsonReport.readActivity(new StringReader(json), "activity.json");
            assertThat(back).isEqualTo(original);
            assertThat(JsonReport.toJson(back)).isEqualTo(json);
        }
        ActivityReport events = eventReport();
        assertThat(events.lateEvents()).isPositive();
        assertThat(events.notes()).isNotEmpty();
        assertThat(dayReport().flagged()).extracting(a -> a.actor()).containsExactly("bot");
    }

    @Test
    void theSummaryDescribesTheLog() throws IOException {
        ActivityReport a = eventReport();
        JsonNode node = MAPPER.readTree(JsonReport.toJson(a));
        assertThat(node.get("schemaVersion").asInt()).isEqualTo(1);
        assertThat(node.get("kind").asText()).isEqualTo("activity");
        assertThat(node.has("model")).isFalse();
        assertThat(node.get("pairs").size()).isZero();
        JsonNode s = node.get("summary");
        assertThat(s.get("basis").asText()).isEqualTo("events");
        assertThat(s.get("events").asLong()).isEqualTo(a.events());
        assertThat(s.get("actors").asInt()).isEqualTo(13);
        assertThat(s.get("flaggedActorCount").asInt()).isEqualTo(a.flagged().size());
        assertThat(s.get("flagAt").asDouble()).isEqualTo(50);
        assertThat(s.get("first").asText()).isEqualTo(a.first().toString());
        assertThat(s.get("lastEvents") == null && s.get("last").asText().equals(a.last().toString())).isTrue();
        assertThat(s.get("lateEvents").asLong()).isEqualTo(1);
        assertThat(s.get("notes").get(0).asText()).startsWith("1 of ");
        JsonNode rec = s.get("records");
        assertThat(rec.get("read").asLong()).isEqualTo(1262);
        assertThat(rec.get("skipped").asLong()).isEqualTo(1);
        assertThat(rec.get("reasons").get(0).get("reason").asText()).isEqualTo("without identity.arn");
        assertThat(rec.get("reasons").get(0).get("first").get(0).asLong()).isEqualTo(17);
        assertThat(rec.get("sentence").asText()).isEqualTo("Read 1,262 records of bedrock.jsonl, used 1,261; skipped 1 "
                + "without identity.arn (line 17).");
        JsonNode script = node.get("activity").get(0);
        assertThat(script.get("actor").asText()).isEqualTo("script <b>\"x\" & y</b>");
        assertThat(script.get("profile").get("byHour").size()).isEqualTo(24);
        assertThat(MAPPER.readTree(JsonReport.toJson(dayReport())).get("summary").get("basis").asText())
                .isEqualTo("userDays");
    }

    @Test
    void activityOnlyDocumentsValidateAgainstTheSchemaAndBrokenOnesDoNot() throws IOException {
        JsonSchema schema = schema();
        for (ActivityReport a : List.of(eventReport(), dayReport(), ActivityReport.EMPTY)) {
            assertThat(schema.validate(MAPPER.readTree(JsonReport.toJson(a)))).isEmpty();
        }
        ObjectNode node = (ObjectNode) MAPPER.readTree(JsonReport.toJson(eventReport()));
        node.remove("activity");
        ((ObjectNode) node.get("summary")).put("flagAt", 0);
        ((ObjectNode) node.get("summary")).remove("lateEvents");
        node.putArray("pairs").addObject().put("proxy", "p");
        assertThat(schema.validate(node)).hasSizeGreaterThanOrEqualTo(4);
        // a full report without a model is no longer either kind
        ObjectNode full = (ObjectNode) MAPPER.readTree(JsonReport.toJson(JsonReportTest.report()));
        assertThat(schema.validate(full)).isEmpty();
        full.remove("model");
        assertThat(schema.validate(full)).isNotEmpty();
    }

    @Test
    void documentsWrittenBeforeTheNewFieldsStillRead() throws IOException {
        ObjectNode node = (ObjectNode) MAPPER.readTree(JsonReport.toJson(JsonReportTest.report()));
        ObjectNode log = (ObjectNode) node.get("activityLog");
        for (String f : new String[] {"basis", "actors", "flaggedActorCount", "flagAt", "lateEvents", "notes"}) {
            log.remove(f);
        }
        for (JsonNode actor : node.get("activity")) {
            ((ObjectNode) actor).remove("profile");
        }
        ActivityReport a = JsonReport.readActivity(new StringReader(node.toString()), "old.json");
        assertThat(a.basis()).isEqualTo(ActivityReport.Basis.EVENTS);
        assertThat(a.lateEvents()).isZero();
        assertThat(a.notes()).isEmpty();
        assertThat(a.flagAt()).isEqualTo(50);
        assertThat(a.actors()).allSatisfy(x -> assertThat(x.profile().isEmpty()).isTrue());
        assertThat(JsonReport.read(new StringReader(node.toString()), "old.json").activity().actors())
                .hasSameSizeAs(a.actors());
    }

    @Test
    void readingTheWrongKindOrBrokenFieldsNamesThePath() {
        String alone = JsonReport.toJson(eventReport());
        assertThatThrownBy(() -> JsonReport.read(new StringReader(alone), "a.json"))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage("a.json: kind: a usage log scored alone has no model and no pairs; read it with "
                        + "JsonReport.readActivity");
        assertThatThrownBy(() -> JsonReport.readActivity(new StringReader(alone.replace("\"basis\" : \"events\"",
                "\"basis\" : \"hours\"")), "a.json")).hasMessage("a.json: activityLog.basis: expected events or userDays, "
                + "found 'hours'");
        assertThatThrownBy(() -> JsonReport.readActivity(new StringReader(alone.replaceFirst("\"byWeekday\" : \\[ \\d+",
                "\"byWeekday\" : [ \"x\"")), "a.json")).hasMessageStartingWith("a.json: activity[0].profile.byWeekday[0]: "
                + "expected a whole number");
        assertThatThrownBy(() -> JsonReport.readActivity(new StringReader(alone.replace("\"read\" : 1262",
                "\"read\" : 5")), "a.json")).hasMessageContaining("activityLog.records: records read 5, used 1261 and skipped 1 do not add up");
    }

    @Test
    void aReportWithoutAUsageLogReadsAsEmptyActivity() throws IOException {
        String json = JsonReport.toJson(JsonReportTest.report().withActivity(ActivityReport.EMPTY));
        assertThat(JsonReport.readActivity(new StringReader(json), "r.json")).isEqualTo(ActivityReport.EMPTY);
    }
}
