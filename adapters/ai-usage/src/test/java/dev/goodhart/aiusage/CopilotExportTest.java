package dev.goodhart.aiusage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.goodhart.model.InvalidDataException;
import dev.goodhart.model.Observation;
import dev.goodhart.activity.ActivityReport;
import dev.goodhart.activity.DailyUsage;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The GitHub Copilot user-level export: the sample file, its numbers, and malformed variants. */
class CopilotExportTest {
    private static final UsageExports TEAMS = UsageExports.builder().actors(Samples.teams()).build();
    private static final UsageExports COPILOT = UsageExports.builder().format(UsageFormat.COPILOT).build();

    private static double value(List<Observation> obs, String date, String segment, String metric) {
        return obs.stream().filter(o -> o.date().equals(LocalDate.parse(date)) && o.segment().equals(segment)
                && o.metric().equals(metric)).mapToDouble(Observation::value).findFirst().orElse(Double.NaN);
    }

    @Test
    void theSampleGivesEveryRecordAndTheSumsOfItsNumbersPerTeamAndDay() throws IOException {
        List<DailyUsage> days = new ArrayList<>();
        UsageRead read = TEAMS.read(Samples.COPILOT, new UsageSink() {
            @Override
            public void day(DailyUsage d) {
                days.add(d);
            }
        });
        List<ExportWriter.CopilotDay> truth = SimulatedExports.copilot(SampleFiles.copilotActors(), 28, 14, 20250901L);
        assertThat(read.format()).isEqualTo(UsageFormat.COPILOT);
        assertThat(read.account().read()).isEqualTo(truth.size()).isEqualTo(Samples.lines(Samples.COPILOT).size());
        assertThat(read.account().skippedCount()).isZero();
        assertThat(days).hasSize(truth.size());
        assertThat(read.metrics()).contains("prompts", "generations", "acceptances", "acceptance_rate",
                "suggested_lines", "accepted_lines", "active_users", "requests", "tokens", "ai_credits");
        Map<String, long[]> sums = new HashMap<>();
        for (ExportWriter.CopilotDay d : truth) {
            String team = d.login().substring(0, d.login().indexOf('-'));
            long[] s = sums.computeIfAbsent(d.day() + team, k -> new long[5]);
            s[0] += d.interactions() + d.cliPrompts();
            s[1] += d.generations();
            s[2] += d.acceptances();
            s[3] += d.addedLines();
            s[4]++;
        }
        for (Map.Entry<String, long[]> e : sums.entrySet()) {
            String date = e.getKey().substring(0, 10);
            String team = e.getKey().substring(10);
            long[] s = e.getValue();
            assertThat(value(read.observations(), date, team, "prompts")).isEqualTo(s[0]);
            assertThat(value(read.observations(), date, team, "generations")).isEqualTo(s[1]);
            assertThat(value(read.observations(), date, team, "accepted_lines")).isEqualTo(s[3]);
            assertThat(value(read.observations(), date, team, "acceptance_rate")).isEqualTo((double) s[2] / s[1]);
            assertThat(value(read.observations(), date, team, "active_users")).isEqualTo(s[4]);
        }
        // the CLI's prompts are the person's but buy no acceptance: they are told apart from the IDE's
        Map<String, ExportWriter.CopilotDay> byUserDay = new HashMap<>();
        truth.forEach(d -> byUserDay.put(d.login() + " " + d.day(), d));
        long cliDays = 0;
        for (DailyUsage d : days) {
            ExportWriter.CopilotDay t = byUserDay.get(d.actor() + " " + d.day());
            assertThat(d.prompts()).isEqualTo(t.interactions() + t.cliPrompts());
            assertThat(d.acceptablePrompts()).isEqualTo(t.interactions());
            assertThat(d.promptsWhereAccepted()).isEqualTo(t.cliPrompts() > 0 ? t.interactions() : -1);
            cliDays += t.cliPrompts() > 0 ? 1 : 0;
        }
        assertThat(cliDays).as("the sample has CLI use").isPositive();
        DailyUsage bot = days.stream().filter(d -> d.actor().equals("web-bot")).findFirst().orElseThrow();
        assertThat(bot.segment()).isEqualTo("web");
        assertThat(bot.acceptances()).isZero();
        assertThat(read.notes()).isEmpty();
    }

    @Test
    void withoutATeamMapEachPersonIsASegment() throws IOException {
        UsageRead read = UsageExports.defaults().read(Samples.COPILOT, UsageSink.NONE);
        assertThat(read.observations()).extracting(Observation::segment).contains("web-bot", "api-dev-3")
                .doesNotContain("web", "api");
        assertThat(read.notes().get(0)).startsWith("No actor map: each actor is its own segment");
    }

    @Test
    void theBotIsFlaggedOnDayLevelSignaturesAndNoDeveloperIs() throws IOException {
        ActivityReport a = TEAMS.scoreActivity(Samples.COPILOT);
        assertThat(a.basis()).isEqualTo(ActivityReport.Basis.USER_DAYS);
        assertThat(a.flagged()).extracting(x -> x.actor()).containsExactly("web-bot");
        assertThat(a.flagged().get(0).reasons()).anySatisfy(r -> assertThat(r).startsWith("steady-days (z "))
                .anySatisfy(r -> assertThat(r).startsWith("unaccepted (z ").contains("bought no accepted suggestion"));
        assertThat(a.input().sentence()).isEqualTo("Read 283 records of " + Samples.COPILOT + ", used 283.");
    }

    /**
     * A renamed user (a later report under a new login, the same GitHub id) is one actor under the login first read,
     * with a note: helper-165's overlapping reports made two actors and two segments, one ending early and one
     * starting late.
     */
    @Test
    void aRenamedUserIsOneActor() {
        StringBuilder ndjson = new StringBuilder();
        for (int d = 1; d <= 20; d++) {
            String login = d <= 12 ? "alice-gh" : "alice-new";
            ndjson.append(String.format(java.util.Locale.ROOT, "{\"day\":\"2025-09-%02d\",\"user_id\":1001,"
                    + "\"user_login\":\"%s\",\"user_initiated_interaction_count\":%d,"
                    + "\"code_generation_activity_count\":20,\"code_acceptance_activity_count\":5}%n", d, login,
                    10 + d));
        }
        UsageRead read = Samples.read(COPILOT, ndjson.toString());
        assertThat(read.observations()).extracting(Observation::segment).containsOnly("alice-gh");
        assertThat(read.notes()).anySatisfy(n -> assertThat(n).startsWith("8 records were under another login than "
                + "the same GitHub user's first (a renamed user), read as that user's: first alice-new (read as "
                + "alice-gh, the same GitHub user 1001)."));
    }

    /** An id written as a whole number with a point (a tool reading every number as a double) is the same id. */
    @Test
    void aWholeNumberIdWithAPointIsTheSameId() {
        String a = "{\"day\":\"2025-09-01\",\"user_id\":1003,\"code_generation_activity_count\":3}\n";
        UsageRead read = Samples.read(COPILOT, a + a.replace("1003", "1003.0"));
        assertThat(read.account().used()).isEqualTo(1);
        assertThat(read.account().sentence()).contains("skipped 1 identical to an earlier record of the same user");
        assertThat(failure(a.replace("1003", "1003.5")).problem())
                .isEqualTo("field user_id: expected an id (a string, or a whole number), found 1003.5");
    }

    private static String line(int i) {
        return Samples.lines(Samples.COPILOT).get(i);
    }

    private static InvalidDataException failure(String text) {
        try {
            Samples.read(COPILOT, text);
        } catch (InvalidDataException e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    void aTruncatedLineIsNamed() {
        String cut = line(1).substring(0, line(1).indexOf(",\"", line(1).length() / 2));
        InvalidDataException e = failure(line(0) + "\n" + cut + "\n" + line(2) + "\n");
        assertThat(e.source()).isEqualTo("export.json");
        assertThat(e.getMessage()).startsWith("export.json, line 3, column 1: not valid JSON (the record starts on "
                + "line 2 and does not end before this one: a truncated line?)");
        String inString = line(1).substring(0, line(1).indexOf("\"day\":\"") + 10);
        assertThat(failure(line(0) + "\n" + inString + "\n" + line(2)).getMessage()).startsWith("export.json, line 2, "
                + "column ").contains("not valid JSON (the line ends inside a string: a truncated line?), in field day");
        InvalidDataException end = failure(line(0) + "\n" + cut);
        assertThat(end.getMessage()).startsWith("export.json, line 2: the input ends inside the record that starts "
                + "on this line (a truncated line or file?)");
    }

    /** JSON has no Infinity or NaN numbers: said so, without Jackson's advice to enable a parser feature. */
    @Test
    void aNonNumericNumberIsNamedWithoutTheParsersAdvice() {
        String infinite = line(1).replaceFirst("\"loc_added_sum\":(\\d+)", "\"loc_added_sum\":Infinity");
        InvalidDataException e = failure(line(0) + "\n" + infinite + "\n");
        assertThat(e.getMessage()).startsWith("export.json, line 2, column ")
                .contains("not valid JSON, in field loc_added_sum: 'Infinity' is not a JSON number")
                .doesNotContain("JsonReadFeature").doesNotContain("enable");
    }

    @Test
    void aFieldOfTheWrongTypeIsNamedWithItsLine() {
        String wrong = line(2).replaceFirst("\"loc_added_sum\":(\\d+)", "\"loc_added_sum\":\"$1\"");
        InvalidDataException e = failure(line(0) + "\n" + line(1) + "\n" + wrong + "\n");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isPositive();
        assertThat(e.problem()).matches("field loc_added_sum: expected a whole number >= 0, found a string \\('\\d+'\\)");
        assertThat(failure(line(0).replaceFirst("\"code_generation_activity_count\":\\d+",
                "\"code_generation_activity_count\":2.5")).problem())
                .isEqualTo("field code_generation_activity_count: expected a whole number >= 0, found 2.5");
        assertThat(failure(line(0).replaceFirst("\"code_generation_activity_count\":\\d+",
                "\"code_generation_activity_count\":-4")).problem())
                .isEqualTo("field code_generation_activity_count: expected a whole number >= 0, found -4");
        assertThat(failure(line(0).replaceFirst("\"day\":\"[^\"]+\"", "\"day\":\"2025-13-01\"")).problem())
                .isEqualTo("field day: expected a date as YYYY-MM-DD, found '2025-13-01'");
        assertThat(failure(line(0).replaceFirst("\"totals_by_ide\":\\[", "\"totals_by_ide\":[7,")).problem())
                .isEqualTo("field totals_by_ide[0]: expected an object, found a number (7)");
        // found by the fuzz test: counts that would overflow a sum are refused, not summed
        assertThat(failure("{\"day\":\"2025-10-01\",\"user_id\":7,\"totals_by_ide\":[{\"loc_added_sum\":"
                + "9223372036854775807},{\"loc_added_sum\":9223372036854775807}]}").problem())
                .isEqualTo("field totals_by_ide[0].loc_added_sum: expected a count up to 10^15, found "
                        + "9223372036854775807, which no export counts");
    }

    @Test
    void anotherSchemaIsRefusedWithWhatItIs() {
        String enterprise = "{\"day_totals\":[{\"day\":\"2025-10-01\",\"daily_active_users\":2}],\"enterprise_id\":\"1\","
                + "\"report_start_day\":\"2025-09-04\",\"report_end_day\":\"2025-10-01\"}";
        assertThat(failure(enterprise).getMessage()).isEqualTo("export.json, line 1: an enterprise- or "
                + "organization-level record (it has day_totals): Goodhart reads the user-level report, one record per "
                + "user and day");
        assertThat(failure("{\"user_login\":\"a\",\"loc_added_sum\":3}").problem())
                .isEqualTo("field day: missing (each record of the user-level report is one user's day)");
        assertThatThrownBy(() -> Samples.read(UsageExports.defaults(), "{\"hello\":\"world\"}\n"))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageStartingWith("export.json, line 1: not a usage export Goodhart knows");
        assertThat(failure("[1, 2]").problem()).isEqualTo("expected an object in the array of records, found a number (1)");
    }

    @Test
    void unknownFieldsAreIgnoredAndMissingOnesAreNotReported() {
        String extra = line(0).replaceFirst("^\\{", "{\"new_metric_2026\":{\"x\":[1,2,{\"y\":null}]},\"z\":\"w\",");
        UsageRead base = Samples.read(COPILOT, line(0));
        assertThat(Samples.read(COPILOT, extra).observations()).isEqualTo(base.observations());
        UsageRead bare = Samples.read(COPILOT, "{\"day\":\"2025-10-01\",\"user_login\":\"a\",\"loc_added_sum\":8,"
                + "\"user_initiated_interaction_count\":3,\"prompt_count\":null}");
        assertThat(bare.metrics()).containsExactly("prompts", "accepted_lines", "active_users");
        // the IDE breakdown stands in for missing top-level counts
        UsageRead ide = Samples.read(COPILOT, "{\"day\":\"2025-10-01\",\"user_id\":7,\"totals_by_ide\":[{\"ide\":\"vscode\","
                + "\"code_generation_activity_count\":4,\"code_acceptance_activity_count\":1},{\"ide\":\"intellij\","
                + "\"code_generation_activity_count\":6,\"code_acceptance_activity_count\":2}]}");
        assertThat(value(ide.observations(), "2025-10-01", "7", "generations")).isEqualTo(10);
        assertThat(value(ide.observations(), "2025-10-01", "7", "acceptance_rate")).isEqualTo(0.3);
    }

    @Test
    void aRecordWithoutAUserIsSkippedAndCounted() {
        String noUser = line(1).replaceFirst(",\"user_id\":\\d+", "").replaceFirst(",\"user_login\":\"[^\"]+\"", "");
        UsageRead r = Samples.read(COPILOT, line(0) + "\n" + noUser + "\n" + line(2) + "\n");
        assertThat(r.account().read()).isEqualTo(3);
        assertThat(r.account().used()).isEqualTo(2);
        assertThat(r.account().sentence()).isEqualTo("Read 3 records of export.json, used 2; skipped 1 without "
                + "user_login or user_id (line 2).");
    }

    @Test
    void anArrayGzipAndWindowsLineEndingsReadTheSame() throws IOException {
        String ndjson = line(0) + "\n" + line(1) + "\n\n" + line(2) + "\n";
        UsageRead base = Samples.read(COPILOT, ndjson);
        assertThat(Samples.read(UsageExports.defaults(), "[" + line(0) + ",\n" + line(1) + ",\n" + line(2) + "]")
                .observations()).isEqualTo(base.observations());
        assertThat(Samples.read(COPILOT, ndjson.replace("\n", "\r\n")).observations()).isEqualTo(base.observations());
        assertThat(UsageExports.defaults().read(new ByteArrayInputStream(Samples.gzip(ndjson)), "x.ndjson.gz",
                UsageSink.NONE).observations()).isEqualTo(base.observations());
    }

    /**
     * Work through third-party agents run from GitHub (Claude, Codex: {@code totals_by_3rd_party_agent}) is use: its
     * interactions are prompts made outside the IDE, and a user with only those, or with only AI credits spent, is an
     * active user of the day (a helper's user read 0 prompts and no activity; a team spent credits with nobody
     * active).
     */
    @Test
    void thirdPartyAgentsAndCreditsAreUse() {
        String agents = "{\"day\":\"2025-10-01\",\"user_id\":1,\"user_login\":\"carol\","
                + "\"user_initiated_interaction_count\":0,\"code_generation_activity_count\":0,"
                + "\"code_acceptance_activity_count\":0,\"totals_by_3rd_party_agent\":[{\"agent_id\":\"2246796\","
                + "\"agent_name\":\"Claude (Anthropic)\",\"user_initiated_interaction_count\":6},{\"agent_id\":"
                + "\"2248422\",\"agent_name\":\"Codex (OpenAI)\",\"user_initiated_interaction_count\":2}]}\n"
                + "{\"day\":\"2025-10-01\",\"user_id\":2,\"user_login\":\"dave\",\"ai_credits_used\":3.0,"
                + "\"user_initiated_interaction_count\":0}\n"
                + "{\"day\":\"2025-10-01\",\"user_id\":3,\"user_login\":\"erin\","
                + "\"user_initiated_interaction_count\":0,\"used_copilot_code_review_passive\":true}\n";
        List<Observation> obs = Samples.read(COPILOT, agents).observations();
        assertThat(value(obs, "2025-10-01", "carol", "prompts")).isEqualTo(8.0);
        assertThat(value(obs, "2025-10-01", "carol", "active_users")).isEqualTo(1.0);
        assertThat(value(obs, "2025-10-01", "dave", "active_users")).isEqualTo(1.0);
        assertThat(value(obs, "2025-10-01", "erin", "active_users")).isEqualTo(0.0);
        // the agents' prompts buy no IDE acceptance: they are not asked to
        List<dev.goodhart.activity.DailyUsage> days = new java.util.ArrayList<>();
        Samples.read(COPILOT, agents, "copilot.ndjson", new UsageSink() {
            @Override
            public void day(dev.goodhart.activity.DailyUsage d) {
                days.add(d);
            }
        });
        assertThat(days).filteredOn(d -> d.actor().equals("carol")).singleElement()
                .satisfies(d -> assertThat(d.acceptablePrompts()).isZero());
    }

    /** A zone does not move Copilot's days (GitHub dates them, in UTC): the notes say so rather than nothing. */
    @Test
    void aZoneGivenForCopilotDaysIsSaidToMoveNothing() {
        String day = "{\"day\":\"2025-10-01\",\"user_login\":\"carol\",\"user_initiated_interaction_count\":3}\n";
        UsageExports berlin = UsageExports.builder().format(UsageFormat.COPILOT)
                .zone(java.time.ZoneId.of("Europe/Berlin")).build();
        assertThat(Samples.read(berlin, day).notes()).contains("GitHub Copilot's records are dated by day (GitHub's "
                + "day, in UTC), not by time: the zone Europe/Berlin does not move them.");
        assertThat(Samples.read(COPILOT, day).notes()).noneSatisfy(n -> assertThat(n).contains("does not move"));
    }
}
