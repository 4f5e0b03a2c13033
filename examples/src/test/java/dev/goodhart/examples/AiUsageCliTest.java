package dev.goodhart.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.report.IntegrityReport;
import dev.goodhart.activity.ActivityReport;
import dev.goodhart.json.JsonReport;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command line with AI usage exports: a usage log alone in all three formats, exports as metrics, mistakes. */
class AiUsageCliTest {
    private static final Path SAMPLES = Path.of("..", "adapters", "ai-usage", "samples");
    private static final String COPILOT = SAMPLES.resolve("copilot-user-metrics.ndjson").toString();
    private static final String BEDROCK = SAMPLES.resolve("bedrock-invocations.jsonl").toString();
    private static final String OPENAI = SAMPLES.resolve("openai-usage-completions.json").toString();
    private static final String TEAMS = SAMPLES.resolve("teams.csv").toString();

    @TempDir
    Path dir;

    private static MainTest.Run run(String... args) {
        return MainTest.run(args);
    }

    private static void assertUsageError(MainTest.Run r, String expectedLine) {
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("goodhart: " + expectedLine + System.lineSeparator());
    }

    @Test
    void aUsageExportAloneGivesTextJsonAndHtml() throws IOException {
        MainTest.Run text = run("score", "--events", COPILOT, "--actors", TEAMS);
        assertThat(text.err()).isEmpty();
        assertThat(text.status()).isZero();
        assertThat(text.out()).startsWith("Activity: 283 user-days, 14 actors, 1 flagged (score 50 or more)")
                .contains("Read 283 records of " + COPILOT + ", used 283.").contains("web-bot [web] score ")
                .contains("    - steady-days (z ");

        MainTest.Run json = run("score", "--events", COPILOT, "--actors", TEAMS, "--format", "json");
        assertThat(json.status()).isZero();
        ActivityReport back = JsonReport.readActivity(new StringReader(json.out()), "stdout");
        assertThat(back.basis()).isEqualTo(ActivityReport.Basis.USER_DAYS);
        assertThat(back.flagged()).extracting(a -> a.actor()).containsExactly("web-bot");
        assertThat(back.input().read()).isEqualTo(283);
        assertThat(json.out()).contains("\"kind\" : \"activity\"");

        Path html = dir.resolve("activity.html");
        MainTest.Run page = run("score", "--events", BEDROCK, "--actors", TEAMS, "--format", "html", "--out",
                html.toString());
        assertThat(page.status()).isZero();
        assertThat(Files.readString(html, StandardCharsets.UTF_8)).startsWith("<!DOCTYPE html>")
                .contains("<h1>Goodhart activity report</h1>").contains("platform-pinger")
                .contains("<svg class=\"actor-chart\"");
    }

    /**
     * An export in any order scores as the sorted one: newest first (an API dump, a newer export concatenated before
     * an older one) and shuffled, the Copilot sample and the Bedrock sample read twice and flag the same actors with the
     * same scores (a helper's probe: the reversed Copilot sample flagged nobody, every score 0), and say so; from a
     * file and from standard input alike.
     */
    @Test
    void anExportInAnyOrderScoresAsTheSortedOne() throws IOException {
        for (String sample : List.of(COPILOT, BEDROCK)) {
            MainTest.Run sorted = run("score", "--events", sample, "--actors", TEAMS, "--format", "json");
            assertThat(sorted.status()).isZero();
            ActivityReport expected = JsonReport.readActivity(new StringReader(sorted.out()), "sorted");
            assertThat(expected.flagged()).isNotEmpty();
            List<String> lines = Files.readAllLines(Path.of(sample), StandardCharsets.UTF_8);
            List<String> reversed = new java.util.ArrayList<>(lines);
            java.util.Collections.reverse(reversed);
            List<String> shuffled = new java.util.ArrayList<>(lines);
            java.util.Collections.shuffle(shuffled, new java.util.Random(3));
            for (List<String> order : List.of(reversed, shuffled)) {
                Path file = Files.write(dir.resolve("unordered" + Path.of(sample).getFileName()), order,
                        StandardCharsets.UTF_8);
                MainTest.Run fromFile = run("score", "--events", file.toString(), "--actors", TEAMS, "--format",
                        "json");
                // standard input is kept in a temporary file as it is read, and read again from there
                MainTest.Run fromStdin = CommandLineTest.runWith(new java.io.ByteArrayInputStream(
                        Files.readAllBytes(file)), false, 0, "score", "--events", "-", "--actors", TEAMS, "--format",
                        "json");
                for (MainTest.Run r : List.of(fromFile, fromStdin)) {
                    assertThat(r.err()).isEmpty();
                    assertThat(r.status()).isZero();
                    ActivityReport got = JsonReport.readActivity(new StringReader(r.out()), "unordered");
                    assertThat(got.lateEvents()).isZero();
                    assertThat(got.flagged()).extracting(a -> a.actor())
                            .containsExactlyElementsOf(expected.flagged().stream().map(a -> a.actor()).toList());
                    assertThat(got.actors()).extracting(a -> a.actor() + " " + a.score())
                            .containsExactlyInAnyOrderElementsOf(expected.actors().stream()
                                    .map(a -> a.actor() + " " + a.score()).toList());
                    assertThat(got.notes()).anySatisfy(n -> assertThat(n).contains("came after later ones of the "
                            + "same actor").contains(r == fromFile ? "it was read a second time"
                            : "standard input, kept in a temporary file, was read a second time"));
                }
            }
        }
    }

    /**
     * An OpenAI export of one fetch from 17:00 thirty days ago (the cookbook's) in time order: its first, partial day
     * is held to the end of the read in case the whole day comes later, so it arrives after later days; the second
     * read puts it back in place, from a file and from standard input alike (a helper's probe: from standard input
     * each user's first day stayed out of the daily statistics, 30 days of 31).
     */
    @Test
    void anOpenAiFetchWithAPartialFirstDayCountsEveryDayFromStandardInput() throws IOException {
        long start = java.time.Instant.parse("2025-09-05T17:00:00Z").getEpochSecond();
        long day = 86_400;
        StringBuilder data = new StringBuilder();
        long edge = start;
        long end = start + 30 * day;
        while (edge < end) {
            long next = Math.min(end, (edge / day + 1) * day);
            data.append(data.length() == 0 ? "" : ",").append("{\"object\":\"bucket\",\"start_time\":")
                    .append(edge).append(",\"end_time\":").append(next).append(",\"results\":[");
            for (int u = 0; u < 3; u++) {
                data.append(u == 0 ? "" : ",").append("{\"object\":\"organization.usage.completions.result\","
                        + "\"input_tokens\":").append(1000 + u).append(",\"output_tokens\":200,"
                        + "\"num_model_requests\":4,\"user_id\":\"user-").append(u).append("\"}");
            }
            data.append("]}");
            edge = next;
        }
        String page = "{\"object\":\"page\",\"data\":[" + data + "],\"has_more\":false,\"next_page\":null}\n";
        Path file = Files.writeString(dir.resolve("openai-cookbook.json"), page);
        MainTest.Run fromFile = run("score", "--events", file.toString(), "--format", "json");
        MainTest.Run fromStdin = CommandLineTest.runWith(new java.io.ByteArrayInputStream(
                page.getBytes(StandardCharsets.UTF_8)), false, 0, "score", "--events", "-", "--format", "json");
        for (MainTest.Run r : List.of(fromFile, fromStdin)) {
            assertThat(r.status()).as(r.err()).isZero();
            ActivityReport got = JsonReport.readActivity(new StringReader(r.out()), "openai");
            assertThat(got.lateEvents()).isZero();
            assertThat(got.actors()).hasSize(3).allSatisfy(a -> assertThat(a.events()).isEqualTo(31));
            assertThat(got.notes()).noneSatisfy(n -> assertThat(n).contains("stay out of the daily statistics")
                    .contains("not in the daily statistics"));
        }
    }

    /**
     * An hourly OpenAI export in time order is read once: each day's midnight hour (whose width its page's other
     * buckets say) had been held to the end of its page, came after the hours of the days after it, and the file was
     * read a second time with a note blaming its order (helper-169: every hourly export so).
     */
    @Test
    void anHourlyOpenAiExportInTimeOrderIsReadOnce() throws IOException {
        long start = java.time.Instant.parse("2025-10-20T00:00:00Z").getEpochSecond();
        StringBuilder data = new StringBuilder();
        for (int h = 0; h < 24 * 10; h++) {
            long edge = start + 3_600L * h;
            data.append(h == 0 ? "" : ",").append("{\"object\":\"bucket\",\"start_time\":").append(edge)
                    .append(",\"end_time\":").append(edge + 3_600).append(",\"results\":[");
            for (int u = 0; u < 3; u++) {
                data.append(u == 0 ? "" : ",").append("{\"object\":\"organization.usage.completions.result\","
                        + "\"input_tokens\":").append(1000 + u).append(",\"output_tokens\":200,"
                        + "\"num_model_requests\":4,\"user_id\":\"user-").append(u).append("\"}");
            }
            data.append("]}");
        }
        String page = "{\"object\":\"page\",\"data\":[" + data + "],\"has_more\":false,\"next_page\":null}\n";
        Path file = Files.writeString(dir.resolve("openai-hourly.json"), page);
        MainTest.Run r = run("score", "--events", file.toString(), "--format", "json");
        assertThat(r.status()).as(r.err()).isZero();
        ActivityReport got = JsonReport.readActivity(new StringReader(r.out()), "openai");
        assertThat(got.notes()).noneSatisfy(n -> assertThat(n).contains("came after later ones"));
        assertThat(got.actors()).hasSize(3).allSatisfy(a -> assertThat(a.events()).isEqualTo(10));
    }

    /**
     * A pseudonymised report names nobody in its notes either (a reviewer: the note on actors missing from the actor
     * map printed their ids beside "actor-1").
     */
    @Test
    void aPseudonymisedReportsNotesNameNobody() throws IOException {
        Path partial = Files.writeString(dir.resolve("partial.csv"), "actor,segment\nweb-dev-1,web\n");
        MainTest.Run named = run("score", "--events", OPENAI, "--actors", partial.toString());
        MainTest.Run pseudonymised = run("score", "--events", OPENAI, "--actors", partial.toString(),
                "--pseudonymise");
        assertThat(named.status()).as(named.err()).isZero();
        assertThat(pseudonymised.status()).as(pseudonymised.err()).isZero();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("not in the actor map \\S+: ([^,;]+)")
                .matcher(named.out());
        assertThat(m.find()).as(named.out()).isTrue();
        String someone = m.group(1).strip();
        assertThat(pseudonymised.out()).contains("not in the actor map").doesNotContain(someone);
        // without a map an export given to --data makes each person a segment under their own name: the warning says so
        MainTest.Run asData = run("score", "--data", COPILOT, "--events", COPILOT, "--proxy", "prompts", "--outcome",
                "accepted_lines:higher:sum", "--intervention", "2025-09-15", "--pseudonymise");
        assertThat(asData.status()).as(asData.err()).isIn(0, 1);
        assertThat(asData.err()).contains("goodhart: warning: No actor map: each actor is its own segment in the daily "
                + "metrics, under their own name (pseudonyms are the activity section's alone");
    }

    /**
     * A newcomer's mistakes with the usage log's files, each one line naming the option and the file (helper-167: a
     * Latin-1 actor map said "Input length = 1", a directory "Is a directory", a header-only map read as no map, an
     * empty key file gave unkeyed fingerprints without a word, and --spill always with a usage log alone was ignored).
     */
    @Test
    void mistakenActorMapsKeyFilesAndSpillSayWhatIsWrong() throws IOException {
        Path header = Files.writeString(dir.resolve("header.csv"), "actor,segment\n");
        Path latin1 = Files.write(dir.resolve("latin1.csv"), "actor,segment\nJos\u00e9,web\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        Path empty = Files.write(dir.resolve("empty.key"), new byte[0]);
        assertUsageError(run("score", "--events", BEDROCK, "--actors", header.toString()),
                "--actors " + header + ": no actor in it (expected actor,segment rows after the header)");
        assertUsageError(run("score", "--events", BEDROCK, "--actors", latin1.toString()),
                "--actors " + latin1 + ": expected UTF-8 text (actor,segment rows), found bytes that are not");
        assertUsageError(run("score", "--events", BEDROCK, "--actors", dir.toString()),
                "--actors " + dir + ": a directory; expected a file");
        assertUsageError(run("score", "--events", BEDROCK, "--fingerprint-key-file", empty.toString()),
                "--fingerprint-key-file " + empty + ": empty (a key is at least 16 bytes)");
        assertUsageError(run("score", "--events", BEDROCK, "--fingerprint-key-file", dir.toString()),
                "--fingerprint-key-file " + dir + ": a directory; expected a file");
        assertUsageError(run("score", "--events", BEDROCK, "--spill", "always", "--format", "json"),
                "--spill always spills the observations of --data; a usage log alone (--events without --data) is "
                        + "read into bounded per-actor state and never spilled");
    }

    /** A key file of random bytes is a key (it failed with "Input length = 1"); a text key ignores its newline. */
    @Test
    void aKeyFileOfRandomBytesOrOfText() throws IOException {
        byte[] random = new byte[32];
        new java.util.Random(7).nextBytes(random);
        random[0] = (byte) 0xff;  // never UTF-8
        Path binary = Files.write(dir.resolve("key.bin"), random);
        MainTest.Run keyed = run("score", "--events", BEDROCK, "--actors", TEAMS, "--fingerprint-key-file",
                binary.toString());
        assertThat(keyed.err()).isEmpty();
        assertThat(keyed.status()).isZero();
        assertThat(keyed.out()).contains("platform-pinger [platform] score ");

        Path text = Files.writeString(dir.resolve("key.txt"), "correct horse battery staple\n");
        Path bare = Files.writeString(dir.resolve("bare.txt"), "  correct horse battery staple");
        MainTest.Run a = run("score", "--events", BEDROCK, "--fingerprint-key-file", text.toString(), "--format",
                "json");
        MainTest.Run b = run("score", "--events", BEDROCK, "--fingerprint-key-file", bare.toString(), "--format",
                "json");
        assertThat(a.status()).isZero();
        assertThat(a.out()).isEqualTo(b.out());

        Path shortKey = Files.write(dir.resolve("short.bin"), new byte[] {(byte) 0xff, 1, 2});
        assertUsageError(run("score", "--events", BEDROCK, "--fingerprint-key-file", shortKey.toString()),
                "fingerprint key: must be at least 16 bytes, found 3");
    }

    @Test
    void eachExportIsToldFromItsContentOrNamed() {
        MainTest.Run bedrock = run("score", "--events", BEDROCK);
        assertThat(bedrock.status()).isZero();
        assertThat(bedrock.out()).startsWith("Activity: 575 events, 10 actors, 1 flagged")
                .contains("platform-pinger [*] score ").contains("No actor map");
        MainTest.Run openai = run("score", "--events", OPENAI, "--events-format", "openai", "--actors", TEAMS);
        assertThat(openai.status()).isZero();
        assertThat(openai.out()).contains("key:key_research-job [research] score ");
    }

    @Test
    void theUsageLogCsvAloneAlsoGivesJsonAndHtml() throws IOException {
        Path events = dir.resolve("events.csv");
        StringBuilder sb = new StringBuilder("timestamp,actor,tokens,segment,request,agent,artifact\n");
        for (dev.goodhart.activity.ActivityEvent e : DemoUsageLog.events()) {
            sb.append(e.timestamp()).append(',').append(e.actor()).append(',').append(e.tokens()).append(',')
                    .append(e.segment()).append(',').append(e.requestFingerprint()).append(',').append(e.agent())
                    .append(',').append(e.artifact()).append('\n');
        }
        Files.writeString(events, sb);
        MainTest.Run json = run("score", "--events", events.toString(), "--format", "json");
        assertThat(json.status()).isZero();
        ActivityReport back = JsonReport.readActivity(new StringReader(json.out()), "stdout");
        assertThat(back.flagged()).extracting(a -> a.actor()).contains("checkout-quota-script");
        assertThat(back.input().sentence()).startsWith("Read ");
        MainTest.Run html = run("score", "--events", events.toString(), "--format", "html");
        assertThat(html.status()).isZero();
        assertThat(html.out()).contains("checkout-quota-script").contains("<svg class=\"actor-chart\"");
    }

    /**
     * A usage log gzipped (CSV or JSON Lines, a file or standard input) reads as it unzips, as the exports do; before,
     * it was read as text ("expected UTF-8 text, found bytes that are not (0x8B)").
     */
    @Test
    void aGzippedUsageLogReadsAsThePlainOne() throws IOException {
        StringBuilder sb = new StringBuilder("timestamp,actor,tokens,segment\n");
        StringBuilder jsonl = new StringBuilder();
        for (dev.goodhart.activity.ActivityEvent e : DemoUsageLog.events()) {
            sb.append(e.timestamp()).append(',').append(e.actor()).append(',').append(e.tokens()).append(',')
                    .append(e.segment()).append('\n');
            jsonl.append("{\"timestamp\":\"").append(e.timestamp()).append("\",\"actor\":\"").append(e.actor())
                    .append("\",\"tokens\":").append(e.tokens()).append(",\"segment\":\"").append(e.segment())
                    .append("\"}\n");
        }
        Path plain = dir.resolve("log.csv");
        Files.writeString(plain, sb);
        Path zipped = dir.resolve("log.csv.gz");
        Files.write(zipped, gzip(sb.toString()));
        Path json = dir.resolve("log.jsonl.gz");
        Files.write(json, gzip(jsonl.toString()));
        MainTest.Run a = run("score", "--events", plain.toString(), "--format", "json");
        MainTest.Run b = run("score", "--events", zipped.toString(), "--format", "json");
        MainTest.Run c = run("score", "--events", json.toString(), "--format", "json");
        MainTest.Run d = CommandLineTest.runWith(new java.io.ByteArrayInputStream(gzip(sb.toString())), false, 0,
                "score", "--events", "-", "--format", "json");
        assertThat(b.err()).isEmpty();
        assertThat(b.status()).isZero();
        ActivityReport expected = JsonReport.readActivity(new StringReader(a.out()), "a");
        for (MainTest.Run r : List.of(b, c, d)) {
            assertThat(r.status()).as(r.err()).isZero();
            ActivityReport read = JsonReport.readActivity(new StringReader(r.out()), "r");
            assertThat(read.flagged()).isEqualTo(expected.flagged());
            assertThat(read.input().used()).isEqualTo(expected.input().used());
        }
        // a download cut short past the first 256 KB of text that format detection reads: named, with its last line
        StringBuilder big = new StringBuilder("timestamp,actor,tokens\n");
        java.util.SplittableRandom r = new java.util.SplittableRandom(3);
        for (int i = 0; i < 30_000; i++) {
            big.append(java.time.Instant.parse("2025-03-03T00:00:00Z").plusSeconds(30L * i)).append(",a")
                    .append(r.nextInt(50)).append(',').append(10 + r.nextInt(9000)).append('\n');
        }
        byte[] whole = gzip(big.toString());
        Path cut = dir.resolve("cut.csv.gz");
        Files.write(cut, java.util.Arrays.copyOf(whole, whole.length * 7 / 10));
        MainTest.Run broken = run("score", "--events", cut.toString());
        assertThat(broken.status()).isEqualTo(2);
        assertThat(broken.err()).startsWith("goodhart: " + cut + ": the gzip data is truncated or corrupt (an "
                + "incomplete download?): it breaks after line ").contains("of its text (Unexpected end of ZLIB input "
                + "stream)");
    }

    /**
     * What the reader of an export should know reaches {@code score --data} as warnings: a fetch that failed on working
     * days (a Tuesday and a Wednesday), read as days nobody used the tool, and a run too long to be a break (a weekend
     * and the nine days after it), read as missing.
     */
    @Test
    void anExportsNotesReachScoreDataAsWarnings() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (java.time.LocalDate day = java.time.LocalDate.of(2025, 9, 1);
                day.isBefore(java.time.LocalDate.of(2025, 11, 1)); day = day.plusDays(1)) {
            boolean failedFetch = !day.isBefore(java.time.LocalDate.of(2025, 9, 23))
                    && !day.isAfter(java.time.LocalDate.of(2025, 9, 24));
            boolean longGap = !day.isBefore(java.time.LocalDate.of(2025, 10, 6))
                    && !day.isAfter(java.time.LocalDate.of(2025, 10, 14));
            if (day.getDayOfWeek().getValue() >= 6 || failedFetch || longGap) {
                continue;
            }
            for (String user : List.of("alice", "bob")) {
                sb.append("{\"day\":\"").append(day).append("\",\"user_login\":\"").append(user)
                        .append("\",\"user_initiated_interaction_count\":5,\"code_generation_activity_count\":3,")
                        .append("\"code_acceptance_activity_count\":1}\n");
            }
        }
        Path export = dir.resolve("gaps.ndjson");
        Files.writeString(export, sb);
        MainTest.Run r = run("score", "--data", export.toString(), "--proxy", "prompts", "--outcome",
                "acceptances:higher:sum", "--intervention", "2025-10-01");
        assertThat(r.status()).isZero();
        assertThat(r.err()).contains("goodhart: warning: 1 run of up to 4 days with a working day and no record at all "
                + "(from 2025-09-23 to 2025-09-24) read as days nobody used the tool")
                .contains("goodhart: warning: No record at all from 2025-10-04 to 2025-10-14 (11 days): read as missing")
                .contains("goodhart: warning: No actor map");
        assertThat(run("score", "--data", export.toString(), "--proxy", "prompts", "--outcome",
                "acceptances:higher:sum", "--intervention", "2025-10-01", "-q").err()).isEmpty();
    }

    @Test
    void aCopilotExportScoresPromptsAgainstAcceptedLines() throws IOException {
        MainTest.Run r = run("score", "--data", COPILOT, "--actors", TEAMS, "--proxy", "prompts", "--outcome",
                "accepted_lines:higher:sum", "--intervention", "2025-09-15", "--format", "json");
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        IntegrityReport report = JsonReport.read(new StringReader(r.out()), "stdout");
        assertThat(report.pairs()).extracting(p -> p.segment()).containsExactly("*", "api", "web");
        assertThat(report.pair("prompts", "accepted_lines", "web").orElseThrow().score())
                .isGreaterThan(report.pair("prompts", "accepted_lines", "api").orElseThrow().score());
        MainTest.Run both = run("score", "--data", COPILOT, "--events", COPILOT, "--actors", TEAMS, "--proxy", "prompts",
                "--outcome", "acceptance_rate:higher", "--intervention", "2025-09-15");
        assertThat(both.status()).isZero();
        assertThat(both.out()).startsWith("Goodhart integrity report").contains("Activity: 283 user-days");
        MainTest.Run perPerson = run("score", "--data", COPILOT, "--proxy", "prompts", "--outcome",
                "accepted_lines:higher:sum");
        assertThat(perPerson.status()).isZero();
        assertThat(perPerson.out()).contains("web-bot");
    }

    /**
     * A row at WATCH whose use held level while the outcome rose is no divergence: the headline does not name it the
     * largest one (a newcomer: "The largest divergence is in research (WATCH, score 16): ... requests held level while
     * tokens rose 3%").
     */
    @Test
    void aUseThatHeldLevelIsNoLargestDivergence() {
        MainTest.Run r = run("score", "--data", OPENAI, "--actors", TEAMS, "--proxy", "requests", "--outcome",
                "tokens:higher");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("1 is worth a look (WATCH)").doesNotContain("The largest divergence");
    }

    @Test
    void badExportsExitTwoWithFileLineAndField() throws IOException {
        List<String> lines = Files.readAllLines(Path.of(COPILOT));
        Path cut = dir.resolve("cut.ndjson");
        Files.writeString(cut, lines.get(0) + "\n" + lines.get(1).substring(0, lines.get(1).indexOf(",\"day\"")) + "\n"
                + lines.get(2) + "\n");
        MainTest.Run truncated = run("score", "--events", cut.toString());
        assertThat(truncated.status()).isEqualTo(2);
        assertThat(truncated.err()).startsWith("goodhart: " + cut + ", line 3, column 1: not valid JSON (the record "
                + "starts on line 2 and does not end before this one: a truncated line?)");
        assertThat(truncated.err().strip()).doesNotContain("\n").doesNotContain("Exception");

        // a file with nothing in it, whatever its name, says so (an empty .json said "expected a header line with
        // timestamp,actor,tokens", an empty array "expected one JSON object per line")
        for (String name : List.of("empty.json", "empty.ndjson", "empty.csv")) {
            Path empty = Files.writeString(dir.resolve(name), "\uFEFF \n");
            assertUsageError(run("score", "--events", empty.toString()), empty + ": the file is empty; expected an AI "
                    + "usage export (Copilot, Bedrock, OpenAI) or a usage log (timestamp,actor,tokens)");
        }
        Path array = Files.writeString(dir.resolve("array.json"), "[ ]\r\n");
        assertUsageError(run("score", "--events", array.toString()), array + ": an empty JSON array, no usage "
                + "records in it");

        Path wrong = dir.resolve("wrong.ndjson");
        Files.writeString(wrong, lines.get(0).replaceFirst("\"loc_added_sum\":(\\d+)", "\"loc_added_sum\":\"$1\""));
        MainTest.Run type = run("score", "--data", wrong.toString(), "--proxy", "prompts", "--outcome",
                "accepted_lines:higher");
        assertThat(type.status()).isEqualTo(2);
        assertThat(type.err()).matches("goodhart: " + java.util.regex.Pattern.quote(wrong.toString())
                + ", line 1, column \\d+: field loc_added_sum: expected a whole number >= 0, found a string "
                + "\\('\\d+'\\)\\R");

        Path unknown = dir.resolve("unknown.jsonl");
        Files.writeString(unknown, "{\"hello\":\"world\"}\n");
        MainTest.Run schema = run("score", "--events", unknown.toString(), "--events-format", "bedrock");
        assertUsageError(schema, unknown + ", line 1: field timestamp: missing (each invocation record has the time "
                + "it was made)");
        assertUsageError(run("score", "--events", COPILOT, "--events-format", "xml"),
                "--events-format: expected auto, csv, jsonl, copilot, bedrock or openai, found 'xml'");
        assertUsageError(run("score", "--actors", TEAMS, "--jdbc", "jdbc:h2:mem:x", "--query", "select 1",
                "--proxy", "p", "--outcome", "o:lower"), "--actors needs --events or --data (an AI usage export)");
        Path badTeams = dir.resolve("teams.csv");
        Files.writeString(badTeams, "actor,segment\nweb-bot\n");
        assertUsageError(run("score", "--events", COPILOT, "--actors", badTeams.toString()),
                badTeams + ", line 2: expected two columns, actor,segment, found 1");
    }

    /**
     * OpenAI's default export (grouped by nothing) says how to fetch one that names actors (it said "no usage to score
     * (Read 1 record ..., used 1.)"); with --data its usage is the organisation's, and no active_users of 0.
     */
    @Test
    void anOpenAiExportGroupedByNothingSaysHowToFetchOneThatNamesActors() throws IOException {
        Path docs = Files.writeString(dir.resolve("usage.json"), "{\"object\":\"page\",\"data\":[{\"object\":"
                + "\"bucket\",\"start_time\":1730419200,\"end_time\":1730505600,\"results\":[{\"object\":"
                + "\"organization.usage.completions.result\",\"input_tokens\":1000,\"output_tokens\":500,"
                + "\"input_cached_tokens\":800,\"num_model_requests\":5,\"project_id\":null,\"user_id\":null,"
                + "\"api_key_id\":null,\"model\":null,\"batch\":null}]}],\"has_more\":false,\"next_page\":null}");
        assertUsageError(run("score", "--events", docs.toString()), docs + ": no actor to score: the export names no "
                + "user, API key or project (it was fetched without group_by, OpenAI's default, or grouped by model "
                + "alone); fetch it again with group_by=user_id (or api_key_id, or project_id), or read it with "
                + "--data for the organisation's daily totals (1 result read)");
    }

    /** Gzip data that breaks on standard input is named as in a file (it was read on as text, "not UTF-8"). */
    @Test
    void aCorruptGzipOnStandardInputIsNamed() {
        byte[] gz = java.util.Arrays.copyOf(gzip(String.join("\n", lines(BEDROCK)) + "\n"), 4096);
        for (int i = 40; i < 60; i++) {
            gz[i] ^= (byte) 0xA5;
        }
        MainTest.Run r = CommandLineTest.runWith(new java.io.ByteArrayInputStream(gz), false, 0, "score", "--events",
                "-");
        assertUsageError(r, "<stdin>: the gzip data is truncated or corrupt (an incomplete download?) before the end "
                + "of its first line");
    }

    private static byte[] gzip(String text) {
        java.io.ByteArrayOutputStream b = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(b)) {
            z.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return b.toByteArray();
    }

    private static List<String> lines(String file) {
        try {
            return Files.readAllLines(Path.of(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /** Files that wrap an export, or came before it, say how to get the export; a directory is named. */
    @Test
    void filesThatAreNoExportSayHowToGetOne() throws IOException {
        Path links = Files.writeString(dir.resolve("links.json"), "{\n  \"download_links\": [\n    "
                + "\"https://example.com/x.ndjson\"\n  ],\n  \"report_start_day\": \"2025-10-10\",\n  "
                + "\"report_end_day\": \"2025-11-06\"\n}\n");
        MainTest.Run r = run("score", "--events", links.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).startsWith("goodhart: " + links + ": not an AI usage export: the answer of GitHub's "
                + "Copilot usage metrics reports API (download_links, report_start_day, report_end_day), not the "
                + "report: download the NDJSON files").doesNotContain("REDACTED");
        Path cloudWatch = Files.writeString(dir.resolve("events.json"), "{\"events\":[{\"logStreamName\":\"s\","
                + "\"timestamp\":1759300000000,\"message\":\"{\\\"schemaType\\\":\\\"ModelInvocationLog\\\"}\","
                + "\"ingestionTime\":1759300000001,\"eventId\":\"1\"}],\"searchedLogStreams\":[]}");
        MainTest.Run cw = run("score", "--data", cloudWatch.toString(), "--proxy", "tokens", "--outcome",
                "requests:higher");
        assertThat(cw.err()).startsWith("goodhart: " + cloudWatch + ": not an AI usage export: CloudWatch Logs output");
        Path pretty = Files.writeString(dir.resolve("random.json"), "{\n  \"hello\": \"world\",\n  \"n\": 1\n}\n");
        MainTest.Run random = run("score", "--events", pretty.toString());
        assertThat(random.status()).isEqualTo(2);
        assertThat(random.err()).startsWith("goodhart: " + pretty + ", line 1, column 2: expected one JSON object per "
                + "line").doesNotContain("REDACTED").doesNotContain("StreamRead")
                .contains("; nor is the file an AI usage export Goodhart knows (GitHub Copilot");
        // --events-format auto detects as well: the same words (the clause was left out)
        MainTest.Run auto = run("score", "--events", pretty.toString(), "--events-format", "auto");
        assertThat(auto.err()).isEqualTo(random.err());
        // named a JSON Lines usage log, the file is not said to be no export: nobody looked
        assertThat(run("score", "--events", pretty.toString(), "--events-format", "jsonl").err())
                .doesNotContain("usage export");
        // a bracket that closes the wrong thing: where the array opened, in words
        Path arr = Files.writeString(dir.resolve("arr.jsonl"), "{\"timestamp\": 1, \"actor\": [\"a\"}\n");
        assertThat(run("score", "--events", arr.toString()).err()).contains("(for the array opened at column 27)")
                .doesNotContain("starting");
        assertUsageError(run("score", "--events", dir.toString()), dir + ": a directory; expected a file");
        assertUsageError(run("score", "--events", dir.toString(), "--events-format", "csv"),
                dir + ": a directory; expected a file");
    }
}
