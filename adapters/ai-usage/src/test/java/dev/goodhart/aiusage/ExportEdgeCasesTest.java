package dev.goodhart.aiusage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.goodhart.activity.ActivityEvent;
import dev.goodhart.activity.DailyUsage;
import dev.goodhart.model.Direction;
import dev.goodhart.model.Frame;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.InvalidDataException;
import dev.goodhart.model.Observation;
import dev.goodhart.model.Segments;
import dev.goodhart.source.EventSink;
import dev.goodhart.source.SourceException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * What a review of the readers against the vendors' documented shapes found: exports grouped by nothing, results
 * without an actor, overlapping exports, Bedrock's cache tokens and failed invocations, empty buckets, daily buckets
 * and a zone, files that are no export, broken gzip, byte-order marks mid-file. Fixtures in {@code review/}.
 */
class ExportEdgeCasesTest {
    private static final UsageExports DEFAULTS = UsageExports.defaults();

    private static Path fixture(String name) {
        try {
            return Path.of(ExportEdgeCasesTest.class.getResource("review/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double value(List<Observation> obs, String date, String segment, String metric) {
        return obs.stream().filter(o -> o.date().equals(LocalDate.parse(date)) && o.segment().equals(segment)
                && o.metric().equals(metric)).mapToDouble(Observation::value).findFirst().orElse(Double.NaN);
    }

    private static InvalidDataException failure(UsageExports exports, byte[] bytes, String name) {
        try {
            exports.read(new ByteArrayInputStream(bytes), name, UsageSink.NONE);
        } catch (InvalidDataException e) {
            return e;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        throw new AssertionError("expected a failure");
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String bucket(long start, long end, String results) {
        return "{\"object\":\"bucket\",\"start_time\":" + start + ",\"end_time\":" + end + ",\"results\":[" + results
                + "]}\n";
    }

    private static String result(String user, long input, long requests) {
        return "{\"object\":\"organization.usage.completions.result\",\"input_tokens\":" + input
                + ",\"output_tokens\":0,\"num_model_requests\":" + requests + ",\"user_id\":"
                + (user == null ? "null" : "\"" + user + "\"") + ",\"api_key_id\":null,\"project_id\":null}";
    }

    // 1. OpenAI's default export, grouped by nothing: no actor, and the message says how to get one

    @Test
    void anExportGroupedByNothingSaysHowToFetchOneThatNamesActors() throws IOException {
        Path docs = fixture("openai-docs-example.json");
        UsageRead read = DEFAULTS.read(docs, UsageSink.NONE);
        assertThat(read.observations()).extracting(Observation::segment).containsOnly("*");
        assertThat(read.metrics()).doesNotContain("active_users");
        assertThat(value(read.observations(), "2024-11-01", "*", "tokens")).isEqualTo(1500);
        assertThat(read.notes()).anySatisfy(n -> assertThat(n).startsWith("The export names no user, API key or "
                + "project (1 result; it was fetched without group_by").contains("group_by=user_id"));
        assertThatThrownBy(() -> DEFAULTS.eventSource(docs).read(new EventSink() {
        })).isInstanceOf(SourceException.class).hasMessage(docs + ": no actor to score: the export names no user, "
                + "API key or project (it was fetched without group_by, OpenAI's default, or grouped by model "
                + "alone); fetch it again with group_by=user_id (or api_key_id, or project_id), or read it with --data "
                + "for the organisation's "
                + "daily totals (1 result read)");
    }

    /** An export grouped by model alone names no actor either, and the note says which grouping it had. */
    @Test
    void anExportGroupedByModelAloneSaysSo() throws IOException {
        String modelOnly = "{\"object\":\"organization.usage.completions.result\",\"input_tokens\":900,"
                + "\"output_tokens\":0,\"num_model_requests\":3,\"user_id\":null,\"model\":\"gpt-4o-mini\"}";
        UsageRead read = DEFAULTS.read(new ByteArrayInputStream(utf8(bucket(1730419200, 1730505600, modelOnly))),
                "by-model.json", UsageSink.NONE);
        assertThat(read.notes()).anySatisfy(n -> assertThat(n).startsWith("The export names no user, API key or "
                + "project (1 result; it was fetched grouped by model alone)").contains("model beside it"));
    }

    /** Actors missing from the actor map are named (the first five), so that the map can be mended. */
    @Test
    void actorsMissingFromTheMapAreNamed() throws IOException {
        UsageExports mapped = UsageExports.builder().actors(ActorMap.of(java.util.Map.of("user-a", "web"))).build();
        String results = String.join(",", result("user-a", 10, 1), result("user-c", 10, 1), result("user-b", 10, 1));
        UsageRead read = mapped.read(new ByteArrayInputStream(utf8(bucket(1730419200, 1730505600, results))),
                "mapped.json", UsageSink.NONE);
        assertThat(read.notes()).contains("2 actors are not in the actor map: user-b, user-c; they were counted in "
                + "the segment '" + UsageExports.UNASSIGNED + "'.");
        // a pseudonymised report's reader names nobody
        UsageRead quiet = UsageExports.builder().actors(ActorMap.of(java.util.Map.of("user-a", "web")))
                .namesInNotes(false).build().read(new ByteArrayInputStream(utf8(bucket(1730419200, 1730505600,
                        results))), "mapped.json", UsageSink.NONE);
        assertThat(quiet.notes()).contains("2 actors are not in the actor map; they were counted in the segment '"
                + UsageExports.UNASSIGNED + "'.");
    }

    // 2. results without an actor in an export grouped by user: never the organisation's own series

    @Test
    void resultsWithoutAUserInAUserGroupedExportAreTheirOwnSegmentNotTheOrganisation() throws IOException {
        UsageRead read = DEFAULTS.read(fixture("openai-userid-with-null-user.json"), UsageSink.NONE);
        assertThat(read.observations()).extracting(Observation::segment).doesNotContain("*")
                .contains(UsageExports.UNATTRIBUTED, "user-a", "user-b");
        assertThat(value(read.observations(), "2025-10-01", UsageExports.UNATTRIBUTED, "tokens")).isEqualTo(5);
        assertThat(value(read.observations(), "2025-10-01", UsageExports.UNATTRIBUTED, "active_users")).isNaN();
        assertThat(value(read.observations(), "2025-10-01", "user-a", "active_users")).isEqualTo(1);
        assertThat(read.notes()).anySatisfy(n -> assertThat(n).isEqualTo("6 results name no user, API key or "
                + "project while the others do: counted in the segment '(unattributed)' (and so in the "
                + "organisation's totals), not scored per actor."));
        // the frame's organisation series is everyone's tokens: the unattributed results' 5 and the users' 3,000 (with
        // those results written as "*", the frame read them as the organisation's own series: 5)
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("requests", Direction.HIGHER, "requests").link("tokens", "requests")
                .granularity(Granularity.DAY).build();
        try (Frame frame = Frame.of(model, read.observations())) {
            double[] organisation = frame.series(Segments.ALL, "tokens");
            assertThat(organisation[frame.indexOf(LocalDate.parse("2025-10-01"))]).isEqualTo(3005);
        }
    }

    @Test
    void aCopilotRecordWithABlankLoginIsKnownByItsIdOrSkipped() {
        UsageRead read = Samples.read(DEFAULTS, "{\"day\":\"2025-10-01\",\"user_login\":\" \",\"user_id\":7,"
                + "\"code_generation_activity_count\":3}\n{\"day\":\"2025-10-01\",\"user_login\":\"\",\"user_id\":\"\","
                + "\"code_generation_activity_count\":4}\n");
        assertThat(read.observations()).extracting(Observation::segment).containsOnly("7");
        assertThat(read.account().sentence()).contains("skipped 1 without user_login or user_id (line 2)");
    }

    // 3. overlapping exports: a repeat is counted once, a record that differs is refused

    @Test
    void twoOverlappingCopilotReportsCountEachUserDayOnce() {
        List<String> lines = Samples.lines(Samples.COPILOT);
        String once = String.join("\n", lines) + "\n";
        // a second report, a week later: its first three weeks are the first report's last three
        String overlapping = once + String.join("\n", lines.subList(lines.size() / 4, lines.size())) + "\n";
        UsageRead first = Samples.read(DEFAULTS, once);
        UsageRead both = Samples.read(DEFAULTS, overlapping);
        assertThat(both.observations()).isEqualTo(first.observations());
        long repeats = lines.size() - lines.size() / 4;
        assertThat(both.account().used()).isEqualTo(lines.size());
        assertThat(both.account().sentence()).contains("skipped " + String.format("%,d", repeats)
                + " identical to an earlier record of the same user and day (lines " + (lines.size() + 1) + ", ");
        assertThat(both.notes()).anySatisfy(n -> assertThat(n).startsWith(String.format("%,d", repeats)
                + " records repeat an earlier one (the same user and day, the same counts; overlapping exports?)"));
    }

    /**
     * Two Copilot reports downloaded a week apart, read oldest first from a file: the older one's last three days were
     * not yet final (GitHub's data finalises within three full UTC days), so the newer one restates them with other
     * counts. The later record of each such user and day is kept (a first pass over the file finds them), the others
     * are counted as replaced and a note says so; the same records from standard input, read once, are refused.
     */
    @Test
    void aRestatedCopilotDayKeepsTheLaterReportsRecord(@org.junit.jupiter.api.io.TempDir Path dir) throws IOException {
        String a1 = "{\"day\":\"2025-10-01\",\"user_login\":\"alice\",\"code_generation_activity_count\":3}\n";
        String a2 = "{\"day\":\"2025-10-02\",\"user_login\":\"alice\",\"code_generation_activity_count\":5}\n";
        String b2 = "{\"day\":\"2025-10-02\",\"user_login\":\"bob\",\"code_generation_activity_count\":2}\n";
        String older = a1 + a2 + b2;
        // the newer report: alice's 2 October restated (5 to 9), bob's the same, a new day
        String a3 = "{\"day\":\"2025-10-03\",\"user_login\":\"alice\",\"code_generation_activity_count\":1}\n";
        String newer = a2.replace(":5", ":9") + b2 + a3;
        Path file = dir.resolve("reports.ndjson");
        java.nio.file.Files.writeString(file, older + newer);
        UsageRead read = DEFAULTS.read(file, UsageSink.NONE);
        Path expected = dir.resolve("final.ndjson");
        java.nio.file.Files.writeString(expected, a1 + b2 + a2.replace(":5", ":9") + a3);
        assertThat(read.observations()).containsExactlyInAnyOrderElementsOf(
                DEFAULTS.read(expected, UsageSink.NONE).observations());
        assertThat(read.account().sentence()).contains("skipped 1 replaced by a later record of the same user and day "
                + "with other counts (line 2)").contains("skipped 1 identical to an earlier record");
        assertThat(read.notes()).anySatisfy(n -> assertThat(n).startsWith("1 record was replaced by a later record of "
                + "the same user and day with other counts (overlapping reports, the earlier one's last days not yet "
                + "final: the later one in the read is kept; first at line 2)."));
        InvalidDataException once = failure(DEFAULTS, utf8(older + newer), "-");
        assertThat(once.problem()).contains("or read the reports, oldest first, from a file: the later record is then "
                + "kept");
    }

    @Test
    void aCopilotUserDayWithOtherCountsIsRefusedNamingBothLines() {
        String a = "{\"day\":\"2025-10-01\",\"user_login\":\"alice\",\"code_generation_activity_count\":3}\n";
        String b = "{\"day\":\"2025-10-02\",\"user_login\":\"alice\",\"code_generation_activity_count\":3}\n";
        InvalidDataException e = failure(DEFAULTS, utf8(a + b + a.replace(":3", ":4")), "two.ndjson");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.problem()).startsWith("a second record of alice on 2025-10-01, with other counts than the first "
                + "(line 1): two overlapping exports of different dates, or two organisations' reports?");
        // an organisation's report holds its members' whole use: the same user in two organisations' reports is one
        String org2 = a.replace("{", "{\"organization_id\":\"88\",");
        UsageRead two = Samples.read(DEFAULTS, a.replace("{", "{\"organization_id\":\"77\",") + org2);
        assertThat(two.account().used()).isEqualTo(1);
        assertThat(two.account().sentence()).contains("skipped 1 identical to an earlier record of the same user and "
                + "day (line 2)");
    }

    @Test
    void aCopilotUserIsKnownByIdNotByLogin() {
        String a = "{\"day\":\"2025-10-0%d\",\"user_id\":1001,\"user_login\":\"%s\","
                + "\"code_generation_activity_count\":%d}\n";
        String first = String.format(a, 1, "alice", 3) + String.format(a, 2, "alice", 4);
        // a week later the login was renamed: the overlapping day is the same user's (it was counted twice)
        String renamed = String.format(a, 2, "alice-renamed", 4) + String.format(a, 3, "alice-renamed", 5);
        UsageRead read = Samples.read(DEFAULTS, first + renamed);
        assertThat(read.account().used()).isEqualTo(3);
        assertThat(read.account().sentence()).contains("skipped 1 identical to an earlier record of the same user and "
                + "day (line 3)");
        assertThat(value(read.observations(), "2025-10-02", "alice", "generations")).isEqualTo(4);
        // the renamed login's record of that day was the same one, skipped; its next day is the same user's too, read
        // under the login first read (it had been a segment of its own, one user as two: helper-165)
        assertThat(value(read.observations(), "2025-10-03", "alice", "generations")).isEqualTo(5);
        assertThat(read.observations()).extracting(Observation::segment).containsOnly("alice");
        assertThat(read.notes()).anySatisfy(n -> assertThat(n).contains("first alice-renamed (read as alice"));
        // a report with user_id only: the same user's days
        String idOnly = String.format(a, 2, "alice", 4).replace(",\"user_login\":\"alice\"", "");
        assertThat(Samples.read(DEFAULTS, first + idOnly).account().used()).isEqualTo(2);
        // without an id, the login tells users apart; a login like another's id is another user
        String noId = "{\"day\":\"2025-10-01\",\"user_login\":\"1001\",\"code_generation_activity_count\":7}\n";
        assertThat(Samples.read(DEFAULTS, first + noId).account().used()).isEqualTo(3);
    }

    // 3b. repeats are known exactly: two users, or two request ids, are never taken for one

    @Test
    void twoUsersOnADayAreNeverTakenForOne() {
        // "alice" and this login had the same 64-bit key (the hash's steps inverted): the second was refused
        String twin = "bob-slcbFudTX'+-";
        String text = "{\"day\":\"2025-10-01\",\"user_login\":\"alice\",\"code_generation_activity_count\":3}\n"
                + "{\"day\":\"2025-10-01\",\"user_login\":\"" + twin + "\",\"code_generation_activity_count\":5}\n";
        UsageRead read = Samples.read(DEFAULTS, text);
        assertThat(read.account().used()).isEqualTo(2);
        assertThat(value(read.observations(), "2025-10-01", twin, "generations")).isEqualTo(5);
        assertThat(value(read.observations(), "2025-10-01", "alice", "generations")).isEqualTo(3);
    }

    @Test
    void twoRequestIdsAreNeverTakenForOne() {
        List<String> lines = Samples.lines(Samples.BEDROCK);
        String id = lines.get(0).replaceAll(".*\"requestId\": ?\"([^\"]+)\".*", "$1");
        // "req-0001" and "req-ebph#=Kh_Ee[" had the same 64-bit key: the second invocation was dropped
        String text = lines.get(0).replace(id, "req-0001") + "\n" + lines.get(1).replace(
                lines.get(1).replaceAll(".*\"requestId\": ?\"([^\"]+)\".*", "$1"), "req-ebph#=Kh_Ee[") + "\n"
                + lines.get(0) + "\n" + lines.get(0).replace(id, id.toUpperCase(java.util.Locale.ROOT)) + "\n"
                + lines.get(0) + "\n";
        UsageRead read = Samples.read(DEFAULTS, text);
        // the two crafted ids and the sample's UUID are three; its upper-case spelling (the same 128 bits) and its repeat
        // are two repeats
        assertThat(read.account().used()).isEqualTo(3);
        assertThat(read.account().sentence()).contains("skipped 2 with the requestId of an earlier invocation (lines 4, "
                + "5)");
    }

    @Test
    void anOpenAiBucketRepeatedIsCountedOnceAndOneThatDiffersIsRefused() {
        String b1 = bucket(1759276800L, 1759363200L, result("u", 10, 1) + "," + result("v", 20, 2));
        String b2 = bucket(1759363200L, 1759449600L, result("u", 30, 3));
        UsageRead once = Samples.read(DEFAULTS, b1 + b2);
        UsageRead twice = Samples.read(DEFAULTS, b1 + b2 + b1);
        assertThat(twice.observations()).isEqualTo(once.observations());
        assertThat(twice.account().sentence()).contains("skipped 2 identical to an earlier result of the same day "
                + "and grouping");
        // the same user in another grouping (a model) is another result
        String byModel = bucket(1759276800L, 1759363200L, result("u", 10, 1).replace("}", ",\"model\":\"a\"}") + ","
                + result("u", 10, 1).replace("}", ",\"model\":\"b\"}"));
        assertThat(Samples.read(DEFAULTS, byModel).account().used()).isEqualTo(2);
        InvalidDataException e = failure(DEFAULTS, utf8(b1 + b2 + b1.replace("\"input_tokens\":10", "\"input_tokens\":11")),
                "pages.json");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.problem()).isEqualTo("a second whole bucket of the day 2025-10-01 (UTC) with the same grouping "
                + "(object=organization.usage.completions.result, user_id=u), with other counts than the first (line 1, "
                + "2025-10-01T00:00:00Z to 2025-10-02T00:00:00Z): this one is line 3, 2025-10-01T00:00:00Z to "
                + "2025-10-02T00:00:00Z. Two fetches of the day with other counts (OpenAI may still add late usage to a "
                + "finished day)? Goodhart neither adds them up nor picks one: keep the bucket of the newer fetch and "
                + "drop the other");
    }

    @Test
    void aBedrockRequestIdSeenTwiceIsOneInvocation() {
        List<String> lines = Samples.lines(Samples.BEDROCK);
        String text = String.join("\n", lines) + "\n" + lines.get(0) + "\n" + lines.get(1) + "\n";
        UsageRead read = Samples.read(DEFAULTS, text);
        assertThat(read.account().used()).isEqualTo(lines.size());
        assertThat(read.account().sentence()).contains("skipped 2 with the requestId of an earlier invocation (lines "
                + (lines.size() + 1) + ", " + (lines.size() + 2) + ")");
        assertThat(read.observations()).isEqualTo(Samples.read(DEFAULTS, String.join("\n", lines)).observations());
    }

    // 4 and 5. Bedrock: cache tokens count, failed invocations do not

    @Test
    void bedrockCountsCacheTokensAndSkipsFailedInvocations() throws IOException {
        List<ActivityEvent> events = new ArrayList<>();
        UsageRead read = DEFAULTS.read(fixture("bedrock-cache-and-failures.jsonl"), new UsageSink() {
            @Override
            public void event(ActivityEvent e) {
                events.add(e);
            }
        });
        double[] total = new double[5];
        List<String> metrics = List.of("requests", "input_tokens", "output_tokens", "tokens", "cached_tokens");
        for (Observation o : read.observations()) {
            if (metrics.contains(o.metric()) && !o.segment().equals("*")) {
                total[metrics.indexOf(o.metric())] += o.value();
            }
        }
        // input: inputTokenCount + cacheReadInputTokenCount + cacheWriteInputTokenCount
        assertThat(total).containsExactly(3, 4803 + 946 + 1024 + 4312 + 1404 + 1024 + 2531 + 909 + 1024,
                333 + 343 + 245, 17977 + 921, 946 + 1404 + 909);
        assertThat(events).extracting(ActivityEvent::tokens).containsExactly(4803L + 946 + 1024 + 333,
                4312L + 1404 + 1024 + 343, 2531L + 909 + 1024 + 245);
        assertThat(read.account().sentence()).endsWith("used 3; skipped 2 failed with an errorCode or status Failure "
                + "(lines 3, 5).");
        assertThat(read.notes()).contains("2 invocations failed (an errorCode such as ThrottlingException, or status "
                + "Failure): not counted as requests or tokens.");
    }

    // 6. an empty bucket is a period without use, not missing data

    @Test
    void emptyBucketsAndUsersWithoutAResultInABucketAreZeros() {
        long d = 86_400;
        long t0 = 1759276800L;
        String text = bucket(t0, t0 + d, result("u", 10, 1) + "," + result("v", 20, 2))
                + bucket(t0 + d, t0 + 2 * d, "")
                + bucket(t0 + 2 * d, t0 + 3 * d, result("u", 30, 3));
        List<Observation> obs = Samples.read(DEFAULTS, text).observations();
        assertThat(value(obs, "2025-10-02", "u", "tokens")).isZero();
        assertThat(value(obs, "2025-10-02", "v", "requests")).isZero();
        assertThat(value(obs, "2025-10-02", "v", "active_users")).isZero();
        assertThat(value(obs, "2025-10-03", "v", "tokens")).isZero();
        assertThat(value(obs, "2025-10-03", "u", "tokens")).isEqualTo(30);
        // grouped by nothing: the organisation's empty day is zero
        String org = bucket(t0, t0 + d, result(null, 10, 1)) + bucket(t0 + d, t0 + 2 * d, "");
        List<Observation> orgObs = Samples.read(DEFAULTS, org).observations();
        assertThat(value(orgObs, "2025-10-02", "*", "tokens")).isZero();
        assertThat(orgObs).extracting(Observation::metric).doesNotContain("active_users");
    }

    // 7. a daily bucket keeps its date in any zone; hour buckets are zoned

    @Test
    void aDailyBucketKeepsItsDateInAnyZone() {
        UsageExports newYork = UsageExports.builder().zone(ZoneId.of("America/New_York")).build();
        long t0 = 1759276800L; // 2025-10-01T00:00Z
        UsageRead daily = Samples.read(newYork, bucket(t0, t0 + 86_400, result("u", 10, 1)));
        assertThat(daily.observations()).extracting(Observation::date).containsOnly(LocalDate.of(2025, 10, 1));
        assertThat(daily.notes()).contains("1 bucket of a day keeps its own date (OpenAI's days, from midnight UTC); "
                + "the zone America/New_York applies to minute and hour buckets only.");
        UsageRead hourly = Samples.read(newYork, bucket(t0, t0 + 3600, result("u", 10, 1)));
        assertThat(hourly.observations()).extracting(Observation::date).containsOnly(LocalDate.of(2025, 9, 30));
        assertThat(Samples.read(DEFAULTS, bucket(t0, t0 + 86_400, result("u", 10, 1))).notes())
                .noneSatisfy(n -> assertThat(n).contains("own date"));
    }

    // 7b. OpenAI's first day bucket is short (the cookbook's start_time 1736616660 = 17:31Z to midnight): still a day

    private static String page(String... buckets) {
        return "{\"object\":\"page\",\"data\":[" + String.join(",", buckets) + "],\"has_more\":false}\n";
    }

    private static String pageBucket(long start, long end, String results) {
        return bucket(start, end, results).strip();
    }

    @Test
    void aShortFirstDayBucketKeepsItsDateUnderAZoneEastOfUtc() {
        UsageExports tokyo = UsageExports.builder().zone(ZoneId.of("Asia/Tokyo")).build();
        // the shape of OpenAI's cookbook (completions_usage_api.ipynb): the first bucket starts at the asked start_time
        String cookbook = page(pageBucket(1736616660L, 1736640000L, result("user-a", 47000, 470)),
                pageBucket(1736640000L, 1736726400L, result("user-a", 15000, 150)),
                pageBucket(1736726400L, 1736812800L, result("user-a", 305300, 3053)));
        for (UsageExports exports : List.of(DEFAULTS, tokyo)) {
            UsageRead read = Samples.read(exports, cookbook);
            List<Observation> obs = read.observations();
            assertThat(value(obs, "2025-01-11", "user-a", "requests")).isEqualTo(470);
            assertThat(value(obs, "2025-01-12", "user-a", "requests")).isEqualTo(150);
            assertThat(value(obs, "2025-01-13", "user-a", "requests")).isEqualTo(3053);
        }
        assertThat(Samples.read(tokyo, cookbook).notes()).contains("3 buckets of a day keep their own dates (OpenAI's "
                + "days, from midnight UTC); the zone Asia/Tokyo applies to minute and hour buckets only.");
        // alone, a short bucket that ends at midnight UTC is the first of a day too
        assertThat(Samples.read(tokyo, bucket(1736638200L, 1736640000L, result("u", 1, 1))).observations())
                .extracting(Observation::date).containsOnly(LocalDate.of(2025, 1, 11));
        // in a page of hour buckets, a short first hour before midnight and the hour from midnight are hours, zoned
        String hours = page(pageBucket(1736638260L, 1736640000L, result("u", 1, 1)),
                pageBucket(1736640000L, 1736643600L, result("u", 2, 2)),
                pageBucket(1736643600L, 1736647200L, result("u", 4, 4)));
        List<Observation> hourly = Samples.read(tokyo, hours).observations();
        assertThat(value(hourly, "2025-01-12", "u", "requests")).isEqualTo(7);
        assertThat(hourly).extracting(Observation::date).containsOnly(LocalDate.of(2025, 1, 12));
        UsageExports newYork = UsageExports.builder().zone(ZoneId.of("America/New_York")).build();
        assertThat(value(Samples.read(newYork, hours).observations(), "2025-01-11", "u", "requests")).isEqualTo(7);
    }

    @Test
    void aShortDayBucketAndAWholeOneOfTheSameDayOverlap() {
        // two fetches a day apart: the second's first bucket is the short end of a day the first has whole
        String first = page(pageBucket(1736616660L, 1736640000L, result("user-a", 47000, 470)),
                pageBucket(1736640000L, 1736726400L, result("user-a", 15000, 150)),
                pageBucket(1736726400L, 1736812800L, result("user-a", 30000, 300)));
        String second = page(pageBucket(1736703060L, 1736726400L, result("user-a", 4000, 40)),
                pageBucket(1736726400L, 1736812800L, result("user-a", 30000, 300)),
                pageBucket(1736812800L, 1736899200L, result("user-a", 20000, 200)));
        // the short bucket lies inside the whole one: dropped, with a note (it was refused)
        UsageRead both = Samples.read(DEFAULTS, first + second);
        assertThat(value(both.observations(), "2025-01-11", "user-a", "requests")).isEqualTo(470);
        assertThat(value(both.observations(), "2025-01-12", "user-a", "requests")).isEqualTo(150);
        assertThat(value(both.observations(), "2025-01-13", "user-a", "requests")).isEqualTo(300);
        assertThat(value(both.observations(), "2025-01-14", "user-a", "requests")).isEqualTo(200);
        assertThat(both.account().sentence()).contains("skipped 1 in a short day bucket inside the whole bucket of the "
                + "same day and grouping (line 2)").contains("skipped 1 identical to an earlier result of the same day "
                + "and grouping (line 2)");
        assertThat(both.notes()).contains("1 result of a short day bucket (a fetch's first, from its start_time, or its "
                + "last, to the time of the fetch) was dropped: a whole bucket of the same day and grouping was read "
                + "(line 1), or a wider short one, and holds it.");
        // read the other way round, the same
        assertThat(Samples.read(DEFAULTS, second + first).observations()).isEqualTo(both.observations());
        // the daily workflow: each fetch ends with today so far (00:00Z to now); the next fetch has that day whole
        long d1 = 1759276800L;
        String today = page(pageBucket(d1, d1 + 86_400, result("user-a", 100, 10)),
                pageBucket(d1 + 86_400, d1 + 86_400 + 36_000, result("user-a", 40, 4)));
        String tomorrow = page(pageBucket(d1 + 86_400, d1 + 2 * 86_400, result("user-a", 90, 9)));
        UsageRead daily = Samples.read(DEFAULTS, today + tomorrow);
        assertThat(value(daily.observations(), "2025-10-01", "user-a", "requests")).isEqualTo(10);
        assertThat(value(daily.observations(), "2025-10-02", "user-a", "requests")).isEqualTo(9);
        // two fetches on one day, no whole day yet: the wider part holds the narrower
        String later = page(pageBucket(d1 + 86_400, d1 + 86_400 + 50_400, result("user-a", 60, 6)));
        assertThat(value(Samples.read(DEFAULTS, today + later).observations(), "2025-10-02", "user-a", "requests"))
                .isEqualTo(6);
        // parts that overlap in part (a daily fetch from a local midnight west of UTC, see below): the wider is kept,
        // the other dropped, counted and noted (they were refused, and that workflow could not be read)
        String evening = page(pageBucket(d1 + 86_400 + 30_000, d1 + 2 * 86_400, result("user-a", 70, 7)));
        for (String text : List.of(today + evening, evening + today)) {
            UsageRead parts = Samples.read(DEFAULTS, text);
            assertThat(value(parts.observations(), "2025-10-02", "user-a", "requests")).isEqualTo(7);
            assertThat(parts.account().sentence()).contains("skipped 1 in a short day bucket that a wider one of the "
                    + "same day and grouping overlaps in part (line " + (text.startsWith(today) ? 1 : 2) + ")");
        }
        assertThat(Samples.read(DEFAULTS, today + evening).notes()).contains("1 result of a short day bucket was "
                + "dropped where a wider short bucket of the same day and grouping overlaps it in part (first at line 1, "
                + "the wider one at line 2): its use outside it is not counted. Daily fetches from a local midnight west "
                + "of UTC do this (one fetch's today so far, from midnight UTC, and the next fetch's first bucket, from "
                + "that local midnight, share part of a UTC day): fetch from midnight UTC (a start_time that is a "
                + "multiple of 86400) to read whole days.");
        // the same part with other counts: refused, naming both
        String again = page(pageBucket(d1 + 86_400 + 30_000, d1 + 2 * 86_400, result("user-a", 80, 8)));
        InvalidDataException e = failure(DEFAULTS, utf8(evening + again), "parts.json");
        assertThat(e.problem()).isEqualTo("two short buckets of the day 2025-10-02 (UTC) with the same grouping (object="
                + "organization.usage.completions.result, user_id=user-a) overlap with other counts: line 1, data[0], "
                + "2025-10-02T08:20:00Z to 2025-10-03T00:00:00Z, and line 2, data[0], 2025-10-02T08:20:00Z to "
                + "2025-10-03T00:00:00Z. Goodhart neither adds them up nor picks one: keep the bucket of the newer fetch, "
                + "or fetch the day again whole");
    }

    @Test
    void aDailyFetchFromALocalMidnightWestOfUtcIsRead() {
        // New York (UTC-4): a cron at 09:00 (13:00Z) each day fetches from local midnight yesterday (04:00Z), without
        // end_time: 04:00Z to midnight, and today so far (midnight to 13:00Z). Each UTC day but the first and last is
        // in two fetches, in two parts that overlap (04:00 to 13:00): it was always refused
        long d1 = 1759276800L; // 2025-10-01T00:00Z
        long[][] counts = {{1, 2}, {4, 8}, {16, 32}};
        List<String> fetches = new java.util.ArrayList<>();
        for (int k = 0; k < 3; k++) {
            long from = d1 + k * 86_400L + 4 * 3600;
            long midnight = d1 + (k + 1) * 86_400L;
            fetches.add(page(pageBucket(from, midnight, result("u", counts[k][0] * 10, counts[k][0])),
                    pageBucket(midnight, midnight + 13 * 3600, result("u", counts[k][1] * 10, counts[k][1]))));
        }
        UsageExports newYork = UsageExports.builder().zone(ZoneId.of("America/New_York")).build();
        UsageRead read = Samples.read(newYork, String.join("", fetches));
        List<Observation> obs = read.observations();
        // of each day's two parts, the wider (the next fetch's, 20 hours) is kept; the first and last days have one
        assertThat(value(obs, "2025-10-01", "u", "requests")).isEqualTo(1);
        assertThat(value(obs, "2025-10-02", "u", "requests")).isEqualTo(4);
        assertThat(value(obs, "2025-10-03", "u", "requests")).isEqualTo(16);
        assertThat(value(obs, "2025-10-04", "u", "requests")).isEqualTo(32);
        assertThat(read.account().sentence()).contains("skipped 2 in a short day bucket that a wider one of the same "
                + "day and grouping overlaps in part (lines 1, 2)");
        assertThat(read.notes()).anySatisfy(n -> assertThat(n).startsWith("2 results of a short day bucket were dropped "
                + "where a wider short bucket of the same day and grouping overlaps them in part (first at line 1, the "
                + "wider one at line 2): their use outside it is not counted."));
        // in any order
        List<String> reversed = new java.util.ArrayList<>(fetches);
        java.util.Collections.reverse(reversed);
        assertThat(Samples.read(newYork, String.join("", reversed)).observations()).isEqualTo(obs);
        // two whole day buckets with other counts are still refused
        String whole = page(pageBucket(d1 + 86_400, d1 + 2 * 86_400, result("u", 50, 5)));
        String other = page(pageBucket(d1 + 86_400, d1 + 2 * 86_400, result("u", 60, 6)));
        assertThat(failure(newYork, utf8(String.join("", fetches) + whole + other), "days.json").problem())
                .startsWith("a second whole bucket of the day 2025-10-02 (UTC)");
    }

    @Test
    void aResultIsKnownByItsGroupingNotByItsDescriptiveText() {
        String named = result("u", 10, 1).replace("}", ",\"project_name\":\"%s\",\"model\":\"gpt-4o\"}");
        String a = bucket(1759276800L, 1759363200L, String.format(named, "Alpha"));
        String renamed = bucket(1759276800L, 1759363200L, String.format(named, "Alpha (renamed)"));
        UsageRead read = Samples.read(DEFAULTS, a + renamed);
        assertThat(read.account().used()).isEqualTo(1);
        assertThat(value(read.observations(), "2025-10-01", "u", "requests")).isEqualTo(1);
        // a grouping OpenAI documents, or an id it may add, tells results apart
        String tier = result("u", 10, 1).replace("}", ",\"service_tier\":\"%s\"}");
        assertThat(Samples.read(DEFAULTS, bucket(1759276800L, 1759363200L, String.format(tier, "default") + ","
                + String.format(tier, "flex"))).account().used()).isEqualTo(2);
        String region = result("u", 10, 1).replace("}", ",\"region_id\":\"%s\"}");
        assertThat(Samples.read(DEFAULTS, bucket(1759276800L, 1759363200L, String.format(region, "eu") + ","
                + String.format(region, "us"))).account().used()).isEqualTo(2);
    }

    @Test
    void everyTextOfAResultIsItsGroupingButItsNames() {
        long t0 = 1759276800L;
        // a grouping field Goodhart does not know (region): two results, summed (one was dropped as a repeat)
        String region = result("user-a", 30, 3).replace("}", ",\"region\":\"%s\"}");
        UsageRead two = Samples.read(DEFAULTS, bucket(t0, t0 + 86_400, String.format(region, "us") + ","
                + String.format(region, "eu")));
        assertThat(two.account().used()).isEqualTo(2);
        assertThat(value(two.observations(), "2025-10-01", "user-a", "requests")).isEqualTo(6);
        // with other counts: two results too (they were refused as one result counted twice)
        String priority = result("user-a", 30, 3).replace("}", ",\"priority\":\"flex\",\"cached\":true}") + ","
                + result("user-a", 50, 5).replace("}", ",\"priority\":\"default\",\"cached\":true}");
        assertThat(value(Samples.read(DEFAULTS, bucket(t0, t0 + 86_400, priority)).observations(), "2025-10-01",
                "user-a", "requests")).isEqualTo(8);
        // completions and embeddings of the same day and grouping are two results, whatever their counts
        String embeddings = result(null, 20, 2).replace("completions", "embeddings");
        UsageRead both = Samples.read(DEFAULTS, page(pageBucket(t0, t0 + 86_400, result(null, 50, 5)))
                + page(pageBucket(t0, t0 + 86_400, embeddings)));
        assertThat(value(both.observations(), "2025-10-01", "*", "requests")).isEqualTo(7);
        UsageRead sameCounts = Samples.read(DEFAULTS, page(pageBucket(t0, t0 + 86_400, result(null, 50, 5)))
                + page(pageBucket(t0, t0 + 86_400, result(null, 50, 5).replace("completions", "embeddings"))));
        assertThat(value(sameCounts.observations(), "2025-10-01", "*", "requests")).isEqualTo(10);
        assertThat(sameCounts.account().sentence()).doesNotContain("skipped");
        // a name is descriptive: renamed, the same result (a repeat), and a number that is no id is a count
        String named = result("u", 10, 1).replace("}", ",\"api_key_name\":\"%s\"}");
        assertThat(Samples.read(DEFAULTS, bucket(t0, t0 + 86_400, String.format(named, "a")) + bucket(t0,
                t0 + 86_400, String.format(named, "b"))).account().used()).isEqualTo(1);
    }

    // 8. files that are no export say what they are and how to get the export

    @Test
    void filesThatAreNoExportSayWhatTheyAreAndHowToGetOne() throws IOException {
        assertThat(UsageFormat.explain(fixture("copilot-download-links-response.json")).orElseThrow())
                .contains("Copilot usage metrics reports API").contains("download the NDJSON files");
        assertThat(UsageFormat.explain(fixture("copilot-legacy-metrics-api.json")).orElseThrow())
                .startsWith("GitHub's legacy Copilot metrics API");
        assertThat(UsageFormat.explain(fixture("bedrock-cloudwatch-filter-log-events.json")).orElseThrow())
                .startsWith("CloudWatch Logs output (filter-log-events or get-log-events)").contains("jq -r");
        assertThat(UsageFormat.explain(fixture("bedrock-cloudwatch-export-task.txt")).orElseThrow())
                .startsWith("CloudWatch Logs exported to S3").contains("cut -d' ' -f2-");
        // a subscription filter's delivery (to Firehose: gzipped, as it comes), which a helper's probe met as "expected
        // UTF-8 text"
        assertThat(UsageFormat.explain(fixture("bedrock-cloudwatch-subscription.json.gz")).orElseThrow())
                .startsWith("CloudWatch Logs subscription data")
                .contains("jq -r 'select(.messageType == \"DATA_MESSAGE\") | .logEvents[].message'");
        assertThat(UsageFormat.explain(fixture("random.json"))).isEmpty();
        assertThat(UsageFormat.explain(Samples.COPILOT)).isEmpty();
        InvalidDataException e = failure(DEFAULTS, Files.readAllBytes(fixture("copilot-download-links-response.json")),
                "links.json");
        assertThat(e.problem()).startsWith("not a usage export: the answer of GitHub's Copilot usage metrics reports "
                + "API");
        InvalidDataException random = failure(DEFAULTS, Files.readAllBytes(fixture("random.json")), "random.json");
        assertThat(random.problem()).startsWith("not a usage export Goodhart knows: expected GitHub Copilot")
                .doesNotContain("Source").doesNotContain("REDACTED");
    }

    @Test
    void jacksonsOwnWordsAreNotShown() {
        UsageExports copilot = UsageExports.builder().format(UsageFormat.COPILOT).build();
        InvalidDataException digits = failure(copilot, utf8("{\"day\":\"2025-10-01\",\"user_login\":\"a\","
                + "\"loc_added_sum\":" + "9".repeat(1500) + "}\n"), "long.ndjson");
        assertThat(digits.problem()).contains("a number of 1500 digits").doesNotContain("StreamReadConstraints");
        InvalidDataException deep = failure(copilot, utf8("{\"day\":\"2025-10-01\",\"x\":" + "[".repeat(1500)
                + "]".repeat(1500) + "}\n"), "deep.ndjson");
        assertThat(deep.problem()).contains("nested more than 1000 deep").doesNotContain("StreamReadConstraints");
        InvalidDataException cut = failure(copilot, utf8("{\"day\":\"2025-10-01\",\"user_login\":\"a\"}\n{\"day\":"
                + "\"2025-10-02\", \"user_login\" \"b\"}\n"), "bad.ndjson");
        assertThat(cut.getMessage()).doesNotContain("Source").doesNotContain("REDACTED");
        // where the array or object that a bracket should close was opened, in words
        InvalidDataException array = failure(copilot, utf8("{\"day\":\"2025-10-01\",\n\"x\":[\"a\"}\n"),
                "array.ndjson");
        assertThat(array.problem()).endsWith("(for the array opened at line 2, column 5)")
                .doesNotContain("starting").doesNotContain("Source");
    }

    // 9. broken gzip and directories are named

    @Test
    void brokenGzipIsNamedWithTheLineItBrokeAfter(@TempDir Path dir) throws IOException {
        List<String> lines = Samples.lines(Samples.BEDROCK);
        byte[] gz = Samples.gzip(String.join("\n", lines) + "\n");
        Path truncated = dir.resolve("truncated.jsonl.gz");
        Files.write(truncated, Arrays.copyOf(gz, gz.length * 2 / 3));
        assertThatThrownBy(() -> DEFAULTS.read(truncated, UsageSink.NONE)).isInstanceOf(InvalidDataException.class)
                .hasMessageStartingWith(truncated + ": the gzip data is truncated or corrupt (an incomplete "
                        + "download?) after line ");
        Path badCrc = dir.resolve("crc.jsonl.gz");
        byte[] crc = gz.clone();
        crc[crc.length - 6] ^= 0x55;
        Files.write(badCrc, crc);
        assertThatThrownBy(() -> DEFAULTS.read(badCrc, UsageSink.NONE)).isInstanceOf(InvalidDataException.class)
                .hasMessage(badCrc + ": the gzip data is truncated or corrupt (an incomplete download?) after line "
                        + lines.size());
        Path corrupt = dir.resolve("corrupt.jsonl.gz");
        byte[] bad = gz.clone();
        for (int i = 40; i < 60; i++) {
            bad[i] ^= (byte) 0xA5;
        }
        Files.write(corrupt, bad);
        assertThatThrownBy(() -> UsageFormat.detect(corrupt)).isInstanceOf(InvalidDataException.class)
                .hasMessage(corrupt + ": the gzip data is truncated or corrupt (an incomplete download?) before the end "
                        + "of its first line");
        // from a stream (standard input) too: it was read on as text
        assertThatThrownBy(() -> UsageFormat.detect(new ByteArrayInputStream(bad), "<stdin>"))
                .isInstanceOf(InvalidDataException.class).hasMessage("<stdin>: the gzip data is truncated or corrupt "
                        + "(an incomplete download?) before the end of its first line");
        assertThat(UsageFormat.detect(new ByteArrayInputStream(gz), "<stdin>")).contains(UsageFormat.BEDROCK);
        assertThatThrownBy(() -> UsageFormat.detect(dir)).isInstanceOf(InvalidDataException.class)
                .hasMessage(dir + ": a directory; expected a file");
        assertThatThrownBy(() -> DEFAULTS.read(dir, UsageSink.NONE)).hasMessage(dir + ": a directory; expected a file");
    }

    // 10. a byte-order mark at the start of a record mid-file (two files concatenated)

    @Test
    void aByteOrderMarkStartingALineMidFileIsSkipped() {
        List<String> lines = Samples.lines(Samples.COPILOT);
        String first = String.join("\n", lines.subList(0, 10)) + "\n";
        String second = String.join("\r\n", lines.subList(10, 20)) + "\r\n";
        UsageRead joined = Samples.read(DEFAULTS, "\uFEFF" + first + "\uFEFF" + second);
        UsageRead plain = Samples.read(DEFAULTS, first + second);
        assertThat(joined.observations()).isEqualTo(plain.observations());
        assertThat(joined.account().used()).isEqualTo(20);
        // a mark inside a string is text, kept
        List<DailyUsage> days = new ArrayList<>();
        Samples.read(DEFAULTS, "{\"day\":\"2025-10-01\",\"user_login\":\"\uFEFFa\",\"code_generation_activity_count\":1}",
                "x.ndjson", new UsageSink() {
                    @Override
                    public void day(DailyUsage d) {
                        days.add(d);
                    }
                });
        assertThat(days).extracting(DailyUsage::actor).containsExactly("\uFEFFa");
    }

    // 11. small words

    @Test
    void aWholeNumberTooLargeSaysTheLimit() {
        UsageExports copilot = UsageExports.builder().format(UsageFormat.COPILOT).build();
        String record = "{\"day\":\"2025-10-01\",\"user_login\":\"a\",\"loc_added_sum\":%s}\n";
        assertThat(failure(copilot, utf8(String.format(record, "1e+20")), "x").problem())
                .isEqualTo("field loc_added_sum: expected a count up to 10^15, found 1e+20, which no export counts");
        assertThat(failure(copilot, utf8(String.format(record, "123456789012345678901234567890")), "x").problem())
                .isEqualTo("field loc_added_sum: expected a count up to 10^15, found 123456789012345678901234567890, "
                        + "which no export counts");
        assertThat(failure(copilot, utf8(String.format(record, "2.5")), "x").problem())
                .isEqualTo("field loc_added_sum: expected a whole number >= 0, found 2.5");
        assertThat(failure(copilot, utf8(String.format(record, "-1e3")), "x").problem())
                .isEqualTo("field loc_added_sum: expected a whole number >= 0, found -1e3");
    }
}
