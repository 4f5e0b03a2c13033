package dev.goodhart.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.Goodhart;
import dev.goodhart.model.Direction;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Observation;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import dev.goodhart.report.Verdict;
import dev.goodhart.sim.zoo.Zoo;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A quota announced four or five weeks after the data begin: the expected response reads a baseline of four weekly
 * blocks (as many as it needs after the date). It needed six, and without it no team could reach DIVERGING whatever
 * the other detectors found (three of them at weight 0.2 give at most 48.8): a helper's teams that tripled their
 * tokens while cycle time got 15% worse read WATCH 47 to 50 on five weeks and GAMED 100 on six.
 */
class ShortBaselineTest {
    private static final LocalDate START = LocalDate.of(2025, 1, 6);

    /**
     * {@code NoisyUseTest}'s organisations (48 teams: steady, honest adopters, doublings with nothing gained; half with
     * daily log noise of use 0.5, half 0.15), 28 or 35 days before the date and 70 after, flagged of 80 per kind and
     * noise. Measured 2026-12-06, before (six blocks needed) and now: 28 days, quiet use, steady 0 and 0, adopters 0
     * and 1, gaming 0 and 38; noisy use 0 and 1, 0 and 1, 0 and 9; 35 days, quiet, 0 and 1, 0 and 0, 0 and 27; noisy
     * 0, 0, 0 and 17. (42 days, read before as now: 0, 2, 40; 0, 0, 37.)
     */
    @Test
    void fourOrFiveWeeksBeforeTheDateAreRead() {
        for (int pre : new int[] {28, 35}) {
            int[] f = KindTally.flagged(START.plusDays(pre),
                    seed -> NoisyUseTest.organisation(seed, 0.5, pre, pre + 70), "-loud-");
            String at = pre + " days before: ";
            assertThat(f[0] + f[1]).as(at + "steady teams and adopters flagged, quiet use").isLessThanOrEqualTo(3);
            assertThat(f[3] + f[4]).as(at + "steady teams and adopters flagged, noisy use").isLessThanOrEqualTo(3);
            assertThat(f[2]).as(at + "doublings found, quiet use").isGreaterThanOrEqualTo(20);
            assertThat(f[5]).as(at + "doublings found, noisy use").isGreaterThanOrEqualTo(5);
        }
    }

    /**
     * The helper's organisation: 12 teams, daily, weekends at 15% of a weekday's use; six triple their tokens at the
     * date while their cycle time gets 15% longer (3% daily noise), six change nothing; 35 days before, 70 after.
     */
    @Test
    void tripledUseWithAWorseOutcomeOnFiveWeeksIsFlagged() {
        SplittableRandom rnd = new SplittableRandom(5);
        LocalDate date = START.plusDays(35);
        List<Observation> rows = new ArrayList<>();
        for (int k = 0; k < 12; k++) {
            boolean gaming = k < 6;
            for (int d = 0; d < 105; d++) {
                LocalDate day = START.plusDays(d);
                boolean after = !day.isBefore(date);
                double tokens = 20_000 * (gaming && after ? 3 : 1) * (d % 7 >= 5 ? 0.15 : 1)
                        * Math.exp(0.2 * Zoo.gaussian(rnd));
                double cycle = 4 * (gaming && after ? 1.15 : 1) * Math.exp(0.03 * Zoo.gaussian(rnd));
                rows.add(new Observation(day, "t" + k, "tokens", Math.round(tokens)));
                rows.add(new Observation(day, "t" + k, "cycle_time", cycle));
            }
        }
        for (int d = 35; d < 105; d++) { // a team created at the date: no baseline to read, and said so
            rows.add(new Observation(START.plusDays(d), "created", "tokens", 20_000));
            rows.add(new Observation(START.plusDays(d), "created", "cycle_time", 4));
        }
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "days").link("tokens", "cycle_time")
                .granularity(Granularity.DAY).intervention(date, "quota").build();
        IntegrityReport report = Goodhart.score(model, rows);
        assertThat(report.segment("created").orElseThrow().notes()).contains("expected-response skipped: tokens has 0 "
                + "observed blocks before the intervention, fewer than 4 (blocks of 7 periods)");
        for (PairResult p : report.pairs()) {
            if (p.segment().equals("*") || p.segment().equals("created")) {
                continue;
            }
            int k = Integer.parseInt(p.segment().substring(1));
            if (k < 6) {
                assertThat(p.verdict()).as(p.segment() + " " + p.score()).isIn(Verdict.DIVERGING, Verdict.GAMED);
                assertThat(p.findings()).as(p.segment()).anySatisfy(f -> assertThat(f.message())
                        .contains("that bought"));
            } else {
                assertThat(p.verdict()).as(p.segment() + " " + p.score()).isNotIn(Verdict.DIVERGING, Verdict.GAMED);
            }
        }
    }

    /**
     * One team renamed six weeks before the date (its rows under a new name from there) in a calendar of 30 weeks
     * before: its six-point trends are mostly noise and, far from the others, set the peers' relation alone (a helper's
     * organisation: the bar at elasticity 0.66 instead of the declared 0.10, two of ten honest adopters DIVERGING). A
     * team's trends are a peer's evidence only from half the calendar's baseline blocks; the team itself is still read.
     */
    @Test
    void aTeamWithAShortHistoryDoesNotSetTheBar() {
        SplittableRandom rnd = new SplittableRandom(17);
        LocalDate date = START.plusWeeks(30);
        List<Observation> rows = new ArrayList<>();
        for (int k = 0; k < 24; k++) {
            boolean adopter = k < 10;
            for (int w = 0; w < 56; w++) {
                boolean after = w >= 30;
                double tokens = 170_000 * (adopter && after ? 2 : 1) * Math.exp(0.2 * Zoo.gaussian(rnd));
                double failing = 0.035 * (adopter && after ? Math.pow(2, -0.3) : 1) * Math.exp(0.3 * Zoo.gaussian(rnd));
                rows.add(new Observation(START.plusWeeks(w), "team" + k, "tokens", Math.round(tokens)));
                rows.add(new Observation(START.plusWeeks(w), "team" + k, "success_rate", 1 - failing));
            }
        }
        for (int w = 24; w < 56; w++) {
            // the renamed team: its use rising and its failures falling over its six baseline weeks, level after
            double step = Math.min(w - 24, 6);
            rows.add(new Observation(START.plusWeeks(w), "renamed", "tokens", Math.round(50_000 * (1 + 0.09 * step))));
            rows.add(new Observation(START.plusWeeks(w), "renamed", "success_rate", 0.94 + 0.004 * step));
        }
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("success_rate", Direction.HIGHER, "share").link("tokens", "success_rate")
                .granularity(Granularity.WEEK).intervention(date, "quota").build();
        IntegrityReport report = Goodhart.score(model, rows);
        for (PairResult p : report.pairs()) {
            if (p.segment().startsWith("team") && Integer.parseInt(p.segment().substring(4)) < 10) {
                assertThat(p.verdict()).as(p.segment() + " " + p.score()).isNotIn(Verdict.DIVERGING, Verdict.GAMED);
                assertThat(p.findings()).as(p.segment()).anySatisfy(f -> assertThat(f.message())
                        .contains("declared minimum"));
            }
        }
        assertThat(report.segment("renamed")).isPresent();
    }

    /**
     * One legacy team with 100 weeks before the date beside teams with 10: the peers' rule is not relative to the
     * calendar alone (half of it, 50 weeks, left the others no peers, and a doubling's noisy ten-week use trend,
     * carried on, explained it away: doublings found 0 of 80 against 8 with every team a peer, a reviewer measured).
     * Teams with 8 blocks or more are peers whatever the calendar. Measured here 2026-12-06 (20 organisations): gaming
     * found 1 of 80 with half the calendar, 28 with this rule, 28 with every team a peer; honest teams flagged 0 of 380
     * in each.
     */
    @Test
    void oneLongHistoryLeavesTheOthersTheirPeers() {
        int found = 0;
        int honest = 0;
        for (long seed = 1; seed <= 20; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            LocalDate date = START.plusWeeks(100);
            List<Observation> rows = new ArrayList<>();
            for (int k = 0; k < 24; k++) {
                int from = k == 0 ? 0 : 90;
                boolean gaming = k >= 20;
                boolean adopter = k >= 1 && k <= 8;
                for (int w = from; w < 126; w++) {
                    boolean after = w >= 100;
                    double tokens = 100_000 * (after && (gaming || adopter) ? 2 : 1)
                            * Math.exp(0.2 * Zoo.gaussian(rnd));
                    double cycle = 5 * (after && adopter ? Math.pow(2, -0.3) : 1) * Math.exp(0.08 * Zoo.gaussian(rnd));
                    rows.add(new Observation(START.plusWeeks(w), "team" + k, "tokens", Math.round(tokens)));
                    rows.add(new Observation(START.plusWeeks(w), "team" + k, "cycle_time", cycle));
                }
            }
            IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                    .outcome("cycle_time", Direction.LOWER, "days").link("tokens", "cycle_time")
                    .granularity(Granularity.WEEK).intervention(date, "quota").build();
            for (PairResult p : Goodhart.score(model, rows).pairs()) {
                if (p.segment().equals("*")) {
                    continue;
                }
                int k = Integer.parseInt(p.segment().substring(4));
                boolean flagged = p.verdict() == Verdict.DIVERGING || p.verdict() == Verdict.GAMED;
                found += k >= 20 && flagged ? 1 : 0;
                honest += k < 20 && flagged ? 1 : 0;
            }
        }
        assertThat(found).as("doublings found, of 80").isGreaterThanOrEqualTo(20);
        assertThat(honest).as("honest teams flagged, of 380").isLessThanOrEqualTo(2);
    }
}
