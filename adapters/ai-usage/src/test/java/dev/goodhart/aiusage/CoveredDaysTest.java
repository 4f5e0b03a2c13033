package dev.goodhart.aiusage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Frame;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.model.Observation;
import dev.goodhart.model.Segments;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import dev.goodhart.report.Verdict;
import dev.goodhart.scoring.Scorer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Exports list the days with use: a segment without a record on a day the export has records of used nothing that day
 * (0), while a day without any record at all stays missing. Read as missing, a team's quiet days dropped out of its
 * weekly means (a team that used the tool on two or three days a week had too few days a week to be read at all) and a
 * team with no use before the date had no baseline (INSUFFICIENT_DATA whatever it did after).
 */
class CoveredDaysTest {
    private static final UsageExports DEFAULTS = UsageExports.defaults();

    private static double value(List<Observation> obs, String date, String segment, String metric) {
        return obs.stream().filter(o -> o.date().equals(LocalDate.parse(date)) && o.segment().equals(segment)
                && o.metric().equals(metric)).mapToDouble(Observation::value).findFirst().orElse(Double.NaN);
    }

    private static String copilot(String day, String login, int generations) {
        return "{\"day\":\"" + day + "\",\"user_login\":\"" + login + "\",\"code_generation_activity_count\":"
                + generations + ",\"code_acceptance_activity_count\":1}\n";
    }

    private static String bedrock(Instant at, String user, long id, int tokens) {
        return "{\"schemaType\":\"ModelInvocationLog\",\"schemaVersion\":\"1.0\",\"timestamp\":\"" + at + "\","
                + "\"identity\":{\"arn\":\"arn:aws:iam::123456789012:user/" + user + "\"},"
                + "\"requestId\":\"" + String.format("%08d-0000-4000-8000-000000000000", id) + "\","
                + "\"input\":{\"inputTokenCount\":" + tokens + "},\"output\":{\"outputTokenCount\":10}}\n";
    }

    @Test
    void aCopilotUserWithoutARecordOnACoveredDayUsedNothing() {
        String text = copilot("2025-10-01", "alice", 3) + copilot("2025-10-02", "alice", 4)
                + copilot("2025-10-03", "bob", 5) + copilot("2025-10-05", "alice", 6);
        List<Observation> obs = Samples.read(DEFAULTS, text).observations();
        assertThat(value(obs, "2025-10-01", "bob", "generations")).isZero();
        assertThat(value(obs, "2025-10-02", "bob", "generations")).isZero();
        assertThat(value(obs, "2025-10-03", "alice", "generations")).isZero();
        assertThat(value(obs, "2025-10-03", "bob", "generations")).isEqualTo(5);
        assertThat(value(obs, "2025-10-05", "bob", "active_users")).isZero();
        // a day without any record is not in the export: missing for everyone
        assertThat(value(obs, "2025-10-04", "alice", "generations")).isNaN();
        assertThat(value(obs, "2025-10-04", "bob", "generations")).isNaN();
    }

    @Test
    void aBedrockActorWithoutAnInvocationOnACoveredDayUsedNothing() {
        Instant day1 = Instant.parse("2025-09-01T10:00:00Z");
        Instant day2 = day1.plusSeconds(86_400);
        Instant day4 = day1.plusSeconds(3 * 86_400);
        String text = bedrock(day1, "alice", 1, 100) + bedrock(day2, "alice", 2, 200) + bedrock(day2, "bob", 3, 300)
                + bedrock(day4, "bob", 4, 400);
        List<Observation> obs = Samples.read(DEFAULTS, text).observations();
        assertThat(value(obs, "2025-09-01", "bob", "tokens")).isZero();
        assertThat(value(obs, "2025-09-01", "bob", "requests")).isZero();
        assertThat(value(obs, "2025-09-02", "bob", "tokens")).isEqualTo(310);
        assertThat(value(obs, "2025-09-04", "alice", "tokens")).isZero();
        assertThat(value(obs, "2025-09-03", "alice", "tokens")).isNaN();
    }

    /**
     * End to end: a Bedrock log of 12 teams over 15 weeks each side of a quota, read through the readers with an
     * actor map and scored with the teams' cycle time. Teams whose people used nothing before the date and then used it
     * every working day (doubling nothing: cycle time flat) are a rise from none, flagged; the same teams read with
     * their quiet days missing (before this change) had no baseline and were INSUFFICIENT_DATA.
     */
    @Test
    void aTeamThatStartedAfterTheDateIsReadAsARiseFromNone() throws IOException {
        LocalDate start = LocalDate.of(2025, 1, 6);
        int pre = 105;
        int days = 210;
        SplittableRandom r = new SplittableRandom(7);
        StringBuilder log = new StringBuilder();
        Map<String, String> actors = new HashMap<>();
        List<Observation> outcome = new ArrayList<>();
        long id = 0;
        for (int team = 0; team < 12; team++) {
            String name = (team < 4 ? "late-" : "steady-") + team;
            for (int person = 0; person < 3; person++) {
                actors.put(name + "-p" + person, name);
            }
            double level = 3 + 3 * r.nextDouble();
            double noise = 0;
            for (int t = 0; t < days; t++) {
                LocalDate day = start.plusDays(t);
                boolean weekday = t % 7 < 5;
                boolean uses = team >= 4 || t >= pre;
                for (int person = 0; person < 3 && weekday && uses; person++) {
                    if (r.nextDouble() < 0.8) {
                        Instant at = day.atTime(9 + person, 0).toInstant(java.time.ZoneOffset.UTC);
                        log.append(bedrock(at, name + "-p" + person, ++id, 1000 + r.nextInt(2000)));
                    }
                }
                noise = 0.5 * noise + 0.05 * Math.sqrt(0.75) * gaussian(r);
                outcome.add(new Observation(day, name, "cycle_time", level * Math.exp(noise)));
            }
        }
        UsageExports exports = UsageExports.builder().actors(ActorMap.of(actors)).build();
        List<Observation> obs = new ArrayList<>(exports.read(new ByteArrayInputStream(
                log.toString().getBytes(StandardCharsets.UTF_8)), "bedrock.jsonl", UsageSink.NONE).observations());
        assertThat(value(obs, "2025-01-06", "late-0", "tokens")).isZero();
        obs.addAll(outcome);
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "days").link(Link.of("tokens", "cycle_time"))
                .intervention(start.plusDays(pre), "token quota").granularity(Granularity.DAY).build();
        IntegrityReport report = Scorer.builder().build().score(model, Frame.of(model, obs));
        int late = 0;
        int lateFlagged = 0;
        int steadyFlagged = 0;
        for (PairResult p : report.pairs()) {
            if (Segments.ALL.equals(p.segment())) {
                continue;
            }
            if (p.segment().startsWith("late-")) {
                late++;
                assertThat(p.verdict()).as(p.segment()).isNotEqualTo(Verdict.INSUFFICIENT_DATA);
                lateFlagged += p.verdict().flagged() ? 1 : 0;
                assertThat(p.finding("expected-response").orElseThrow().message()).contains("rose from none");
            } else {
                steadyFlagged += p.verdict().flagged() ? 1 : 0;
            }
        }
        assertThat(late).isEqualTo(4);
        assertThat(lateFlagged).isEqualTo(4);
        assertThat(steadyFlagged).isZero();
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
