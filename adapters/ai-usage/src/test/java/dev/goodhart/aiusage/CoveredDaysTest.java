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
 * (0), and so does everyone on a day without any record at all between two with records, up to four such days in a
 * row (a weekend, a holiday); a longer run stays missing (an export that leaves those days out). Read as missing, a
 * team's quiet days dropped out of its weekly means (a team that used the tool on two or three days a week had too few
 * days a week to be read at all), a team with no use before the date had no baseline (INSUFFICIENT_DATA whatever it did
 * after), and where nobody used the tool on weekends before the date and a script did after it, every team's daily use
 * read as falling by two sevenths.
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
        // a day without any record between two with records (a Saturday nobody worked): nobody used it
        assertThat(value(obs, "2025-10-04", "alice", "generations")).isZero();
        assertThat(value(obs, "2025-10-04", "bob", "generations")).isZero();
        // before the first record and after the last, the export says nothing
        assertThat(value(obs, "2025-09-30", "alice", "generations")).isNaN();
        assertThat(value(obs, "2025-10-06", "bob", "generations")).isNaN();
    }

    @Test
    void runsOfUpToFourDaysWithoutAnyRecordAreDaysNobodyUsedTheToolLongerOnesAreLeftOut() {
        String text = copilot("2025-10-01", "alice", 3) + copilot("2025-10-06", "bob", 4)
                + copilot("2025-10-12", "alice", 5) + copilot("2025-10-20", "bob", 6)
                + copilot("2025-10-31", "alice", 7);
        UsageRead read = Samples.read(DEFAULTS, text);
        List<Observation> obs = read.observations();
        for (String day : List.of("2025-10-02", "2025-10-05")) {
            assertThat(value(obs, day, "alice", "generations")).as(day).isZero();
            assertThat(value(obs, day, "bob", "generations")).as(day).isZero();
        }
        for (String day : List.of("2025-10-07", "2025-10-11", "2025-10-13", "2025-10-19", "2025-10-21", "2025-10-30")) {
            assertThat(value(obs, day, "alice", "generations")).as(day).isNaN();
            assertThat(value(obs, day, "bob", "generations")).as(day).isNaN();
        }
        assertThat(value(obs, "2025-10-12", "bob", "generations")).isZero();
        assertThat(read.notes()).contains("3 runs of more than 4 days without any record (the longest from 2025-10-21 to "
                + "2025-10-30, 10 days): read as missing for every segment in the daily metrics, since the export cannot "
                + "tell a break nobody used the tool in from days it leaves out (up to 4 days without any record between "
                + "days with records, a weekend or a holiday, are read as days nobody used it: 0).");
        // 2 to 5 October (Thursday to Sunday) holds working days: named, in case a fetch failed
        assertThat(read.notes()).contains("1 run of up to 4 days with a working day and no record at all (from "
                + "2025-10-02 to 2025-10-05) read as days nobody used the tool, 0 for every segment in the daily metrics: "
                + "a holiday, or days the export leaves out (a daily fetch or a delivery that failed); if so, give the "
                + "export of those days.");
        UsageRead one = Samples.read(DEFAULTS, copilot("2025-10-01", "alice", 3) + copilot("2025-10-07", "bob", 4));
        assertThat(one.notes()).anyMatch(n -> n.startsWith("No record at all from 2025-10-02 to 2025-10-06 (5 days): "));
        assertThat(value(one.observations(), "2025-10-04", "bob", "generations")).isNaN();
        // a weekend without a record is ordinary: no note
        UsageRead weekend = Samples.read(DEFAULTS, copilot("2025-10-03", "alice", 3) + copilot("2025-10-06", "bob", 4));
        assertThat(weekend.notes()).noneMatch(n -> n.contains("no record"));
        assertThat(value(weekend.observations(), "2025-10-05", "alice", "generations")).isZero();
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
        assertThat(value(obs, "2025-09-03", "alice", "tokens")).isZero();
        assertThat(value(obs, "2025-09-05", "alice", "tokens")).isNaN();
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
                noise = 0.5 * noise + 0.05 * Math.sqrt(0.75) * SimulatedExports.gaussian(r);
                outcome.add(new Observation(day, name, "cycle_time", level * Math.exp(noise)));
            }
        }
        List<Observation> read = bedrockLog(log, actors);
        assertThat(value(read, "2025-01-06", "late-0", "tokens")).isZero();
        IntegrityReport report = score(read, outcome, start.plusDays(pre));
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

    /**
     * End to end: a Bedrock log of 16 teams of three people who use the tool on working days only, 15 weeks each side of
     * a quota; after it, four teams run a script that invokes the model every day of the week (doubling their tokens,
     * cycle time flat). Nobody used the tool on a weekend before the date, so the export has no record on those
     * weekends: read as missing (before this change), every steady team's daily use read as falling by two sevenths
     * (weeks of five days before, of seven after), and the scripts' weekends had no quiet day to be compared with.
     */
    @Test
    void weekendsNobodyUsedTheToolOnAreZeroSoAScriptsWeekendsShow() throws IOException {
        LocalDate start = LocalDate.of(2025, 1, 6);
        int pre = 105;
        int days = 210;
        SplittableRandom r = new SplittableRandom(11);
        StringBuilder log = new StringBuilder();
        Map<String, String> actors = new HashMap<>();
        List<Observation> outcome = new ArrayList<>();
        long id = 0;
        for (int team = 0; team < 16; team++) {
            String name = (team < 4 ? "script-" : "steady-") + team;
            actors.put(name + "-bot", name);
            for (int person = 0; person < 3; person++) {
                actors.put(name + "-p" + person, name);
            }
            double level = 3 + 3 * r.nextDouble();
            double noise = 0;
            for (int t = 0; t < days; t++) {
                LocalDate day = start.plusDays(t);
                boolean weekday = t % 7 < 5;
                for (int person = 0; person < 3 && weekday; person++) {
                    for (int call = 0; call < 4; call++) {
                        Instant at = day.atTime(9 + person, call).toInstant(java.time.ZoneOffset.UTC);
                        log.append(bedrock(at, name + "-p" + person, ++id, 500 + r.nextInt(1000)));
                    }
                }
                if (team < 4 && t >= pre) {
                    // 12 calls of about 1,000 tokens a working day, 60 a week, spread over 7 days
                    for (int call = 0; call < 9; call++) {
                        Instant at = day.atTime(2, call).toInstant(java.time.ZoneOffset.UTC);
                        log.append(bedrock(at, name + "-bot", ++id, 900 + r.nextInt(200)));
                    }
                }
                noise = 0.5 * noise + 0.05 * Math.sqrt(0.75) * SimulatedExports.gaussian(r);
                if (weekday) {
                    outcome.add(new Observation(day, name, "cycle_time", level * Math.exp(noise)));
                }
            }
        }
        List<Observation> read = bedrockLog(log, actors);
        LocalDate date = start.plusDays(pre);
        assertThat(value(read, "2025-01-11", "steady-4", "tokens")).isZero();
        // the same export with the weekends before the date missing, as it was read before
        List<Observation> missing = read.stream().filter(o -> !o.date().isBefore(date)
                || o.date().getDayOfWeek().getValue() < 6).toList();
        for (List<Observation> tokens : List.of(read, missing)) {
            IntegrityReport report = score(tokens, outcome, date);
            int scriptFlagged = 0;
            int rhythmLost = 0;
            int steadyFell = 0;
            int steadyFlagged = 0;
            for (PairResult p : report.pairs()) {
                if (Segments.ALL.equals(p.segment())) {
                    continue;
                }
                String er = p.finding("expected-response").orElseThrow().message();
                if (p.segment().startsWith("script-")) {
                    scriptFlagged += p.verdict().flagged() ? 1 : 0;
                    rhythmLost += p.finding("weekly-rhythm").filter(f -> f.pValue() < 0.001).isPresent() ? 1 : 0;
                } else {
                    steadyFlagged += p.verdict().flagged() ? 1 : 0;
                    steadyFell += er.matches(".*tokens fell [23][0-9]% .*") ? 1 : 0;
                }
            }
            assertThat(steadyFlagged).isZero();
            if (tokens == read) {
                assertThat(steadyFell).isZero();
                assertThat(rhythmLost).isEqualTo(4);
                assertThat(scriptFlagged).isEqualTo(4);
            } else {
                // measured on this seed: 12 of 12 steady teams read as falling 20-39%, no rhythm read, 3 scripts flagged
                assertThat(steadyFell).isEqualTo(12);
                assertThat(rhythmLost).isZero();
            }
        }
    }

    /** The daily observations of a Bedrock log whose actors {@code actors} maps to teams. */
    private static List<Observation> bedrockLog(StringBuilder log, Map<String, String> actors) throws IOException {
        return UsageExports.builder().actors(ActorMap.of(actors)).build().read(new ByteArrayInputStream(
                log.toString().getBytes(StandardCharsets.UTF_8)), "bedrock.jsonl", UsageSink.NONE).observations();
    }

    /** The report of the teams' tokens against their cycle time, a token quota on {@code date}. */
    private static IntegrityReport score(List<Observation> tokens, List<Observation> outcome, LocalDate date) {
        List<Observation> obs = new ArrayList<>(tokens);
        obs.addAll(outcome);
        IntegrityModel model = quota(date);
        return Scorer.builder().build().score(model, Frame.of(model, obs));
    }

    /** Daily tokens against cycle time, a token quota on {@code date}. */
    private static IntegrityModel quota(LocalDate date) {
        return IntegrityModel.builder().proxy("tokens", "tokens").outcome("cycle_time", Direction.LOWER, "days")
                .link(Link.of("tokens", "cycle_time")).intervention(date, "token quota").granularity(Granularity.DAY)
                .build();
    }
}
