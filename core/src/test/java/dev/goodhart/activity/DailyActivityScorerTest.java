package dev.goodhart.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The day-level signatures on crafted actors among simulated people, and the day-level log's bookkeeping. */
class DailyActivityScorerTest {
    private static final LocalDate START = LocalDate.of(2025, 9, 1);

    /** Twenty people with ordinary swings, weekends off. */
    private static List<DailyUsage> people(long seed) {
        List<DailyUsage> out = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(seed);
        for (int p = 0; p < 20; p++) {
            double level = 10 + 30 * r.nextDouble();
            for (int d = 0; d < 28; d++) {
                if (d % 7 >= 5) {
                    continue;
                }
                long prompts = Math.max(1, Math.round(level * DailyUsageSimulation.gamma(r, 2) / 2));
                out.add(DailyUsage.builder(START.plusDays(d), "dev-" + p).segment("web").prompts(prompts)
                        .acceptances(Math.round(prompts * (0.3 + 0.5 * r.nextDouble()))).generations(prompts * 2)
                        .acceptedLines(prompts * 3).build());
            }
        }
        return out;
    }

    private static DailyUsage bot(int day, long prompts) {
        return DailyUsage.builder(START.plusDays(day), "bot").segment("web").prompts(prompts).acceptances(0)
                .generations(prompts).acceptedLines(0).build();
    }

    /**
     * The steady-days sentence names the histogram band only where the days in it differ; where every one had the same
     * count it says that count ("between 256 and 362, 14 of them exactly 362" read as if some were not).
     */
    @Test
    void steadyDaysNameTheBandOnlyWhereTheDaysDiffer() {
        DailyUsageLog log = DailyUsageLog.create().addAll(people(1));
        for (int d = 0; d < 28; d++) {
            log.accept(bot(d, d % 4 == 0 ? 246 : 240));
        }
        ActorActivity bot = DailyActivityScorer.defaults().score(log).actor("web", "bot").orElseThrow();
        assertThat(bot.reasons()).anySatisfy(r -> assertThat(r).startsWith("steady-days (z ")
                .containsPattern("On 28 of 28 active days the daily prompts fell in one band, [0-9,]+ to [0-9,]+, "
                        + "21 of them exactly 240 \\(coefficient of variation"));
    }

    @Test
    void aBotAccountIsFlaggedWithEachSignatureInOneSentence() {
        DailyUsageLog log = DailyUsageLog.create().addAll(people(1));
        for (int d = 0; d < 28; d++) {
            log.accept(bot(d, 240));
        }
        ActivityReport report = DailyActivityScorer.defaults().score(log);
        ActorActivity bot = report.actor("web", "bot").orElseThrow();
        assertThat(bot.flagged()).isTrue();
        assertThat(report.flagged()).containsExactly(bot);
        assertThat(bot.reasons()).hasSize(3);
        assertThat(bot.reasons()).anySatisfy(r -> assertThat(r).startsWith("steady-days (z ")
                .contains("On 28 of 28 active days the daily prompts were exactly 240 (coefficient of variation"));
        assertThat(bot.reasons()).anySatisfy(r -> assertThat(r).startsWith("unaccepted (z ")
                .contains("6,720 prompts over 28 active days bought no accepted suggestion at all"));
        assertThat(bot.reasons()).anySatisfy(r -> assertThat(r).startsWith("quiet-days (z ")
                .contains("8 of the 28 active days were days on which fewer than a quarter"));
        assertThat(bot.profile().byWeekday()).containsOnly(960);
        assertThat(report.basis()).isEqualTo(ActivityReport.Basis.USER_DAYS);
        assertThat(report.toString()).contains("bot [web] score ").contains("28 active days");
    }

    /**
     * GitHub reports a person's Copilot CLI and app use apart from the IDE's, and only the IDE's suggestions can be
     * accepted: a developer who works mostly through the CLI asks many prompts that can buy no acceptance. Counted
     * against the IDE's acceptances (as before 2026-12-06), 30 of a helper's 122 such developers read as asking many
     * prompts for nothing (z 3 or more) and 2 were flagged; their CI bot in 11 of 16 organisations.
     */
    @Test
    void promptsThatCanBuyNoAcceptanceAreNotCountedAgainstThem() {
        SplittableRandom r = new SplittableRandom(5);
        List<DailyUsage> cli = new ArrayList<>();
        List<DailyUsage> lumped = new ArrayList<>();
        for (int d = 0; d < 28; d++) {
            if (d % 7 >= 5) {
                continue;
            }
            long ide = 10 + r.nextInt(20);
            long outside = 150 + r.nextInt(100);
            long accepted = Math.round(ide * (0.3 + 0.5 * r.nextDouble()));
            cli.add(DailyUsage.builder(START.plusDays(d), "cli-dev").segment("web").prompts(ide + outside)
                    .promptsWhereAccepted(ide).acceptances(accepted).generations(ide * 2).acceptedLines(ide * 3)
                    .build());
            lumped.add(DailyUsage.builder(START.plusDays(d), "cli-dev").segment("web").prompts(ide + outside)
                    .acceptances(accepted).generations(ide * 2).acceptedLines(ide * 3).build());
        }
        ActorActivity told = DailyActivityScorer.defaults().score(DailyUsageLog.create().addAll(people(1)).addAll(cli))
                .actor("web", "cli-dev").orElseThrow();
        ActorActivity notTold = DailyActivityScorer.defaults()
                .score(DailyUsageLog.create().addAll(people(1)).addAll(lumped)).actor("web", "cli-dev").orElseThrow();
        assertThat(notTold.reasons()).as("lumped together, the CLI's prompts read as bought nothing")
                .anySatisfy(x -> assertThat(x).startsWith("unaccepted (z "));
        assertThat(told.reasons()).noneSatisfy(x -> assertThat(x).startsWith("unaccepted (z "));
        assertThat(told.profile().toString()).isEqualTo(notTold.profile().toString());
        assertThatThrownBy(() -> DailyUsage.builder(START, "x").prompts(3).promptsWhereAccepted(4).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("promptsWhereAccepted of x: must be at most the prompts (3), found 4");
    }

    @Test
    void oneHabitAloneDoesNotFlagTwoDo() {
        DailyUsageLog log = DailyUsageLog.create().addAll(people(2));
        SplittableRandom r = new SplittableRandom(3);
        for (int d = 0; d < 28; d++) {
            long prompts = 20 + r.nextInt(60);
            if (d % 7 < 5) { // a questioner: many prompts, few acceptances, weekdays only
                log.accept(DailyUsage.builder(START.plusDays(d), "questioner").segment("web").prompts(prompts)
                        .acceptances(r.nextInt(3)).generations(prompts).acceptedLines(1).build());
            }
            // a weekend worker who accepts as much as anyone
            log.accept(DailyUsage.builder(START.plusDays(d), "weekender").segment("web").prompts(prompts)
                    .acceptances(prompts / 2).generations(prompts).acceptedLines(prompts).build());
            // both habits at once: the documented case where two habits add up to a flag
            log.accept(DailyUsage.builder(START.plusDays(d), "both").segment("web").prompts(prompts)
                    .acceptances(r.nextInt(3)).generations(prompts).acceptedLines(1).build());
        }
        ActivityReport report = DailyActivityScorer.defaults().score(log);
        ActorActivity q = report.actor("web", "questioner").orElseThrow();
        assertThat(q.evidence()).extracting(f -> f.detector()).containsExactly("activity-unaccepted");
        assertThat(q.score()).isLessThan(50);
        ActorActivity w = report.actor("web", "weekender").orElseThrow();
        assertThat(w.evidence()).extracting(f -> f.detector()).containsExactly("activity-quiet-days");
        assertThat(w.score()).isLessThan(50);
        ActorActivity both = report.actor("web", "both").orElseThrow();
        assertThat(both.evidence()).extracting(f -> f.detector())
                .containsExactlyInAnyOrder("activity-unaccepted", "activity-quiet-days");
        assertThat(both.flagged()).isTrue();
        assertThat(report.flagged()).containsExactly(both);
    }

    @Test
    void aBreakdownByModelOrHourIsSummedIntoItsDay() {
        List<DailyUsage> whole = people(4);
        List<DailyUsage> split = new ArrayList<>();
        for (DailyUsage u : whole) {
            long half = u.prompts() / 2;
            split.add(new DailyUsage(u.day(), u.actor(), u.segment(), half, -1, -1, u.generations(), u.acceptances(),
                    -1, u.acceptedLines()));
            split.add(new DailyUsage(u.day(), u.actor(), u.segment(), u.prompts() - half, -1, -1, -1, -1, -1, -1));
        }
        DailyUsageLog a = DailyUsageLog.create().addAll(whole);
        DailyUsageLog b = DailyUsageLog.create().addAll(split);
        assertThat(b.repeatedRecords()).isEqualTo(whole.size());
        ActivityReport ra = DailyActivityScorer.defaults().score(a);
        ActivityReport rb = DailyActivityScorer.defaults().score(b);
        assertThat(rb.actors()).extracting(ActorActivity::score).isEqualTo(ra.actors().stream()
                .map(ActorActivity::score).toList());
        assertThat(rb.notes()).anySatisfy(n -> assertThat(n).startsWith(whole.size() + " records repeated an actor "
                + "and day already read"));
        assertThat(rb.events()).as("user-days, not records").isEqualTo(ra.events()).isEqualTo(whole.size());
    }

    @Test
    void recordsForAClosedDayAreLateCountedAndNoted() {
        DailyUsageLog log = DailyUsageLog.builder().reorderDays(2).build().addAll(people(5));
        log.accept(DailyUsage.builder(START, "dev-1").segment("web").prompts(3).build());
        assertThat(log.lateRecords()).isEqualTo(1);
        ActivityReport r = DailyActivityScorer.defaults().score(log);
        assertThat(r.lateEvents()).isEqualTo(1);
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).startsWith("1 records of 1 actor came more than 2 days "
                + "after a later day of the same actor"));
    }

    @Test
    void stateGrowsWithActorsAndDaysNeverWithRecords() {
        DailyUsageLog log = DailyUsageLog.create();
        for (int d = 0; d < 28; d++) {
            log.accept(bot(d, 5));
        }
        long bytes = log.approximateBytes();
        for (int k = 0; k < 100_000; k++) {
            log.accept(bot(27, 1)); // the same open day, again and again
        }
        assertThat(log.approximateBytes()).isEqualTo(bytes);
    }

    @Test
    void recordsAreValidatedAndAnEmptyLogIsAnEmptyReport() {
        assertThatThrownBy(() -> DailyUsage.builder(START, "a").prompts(-2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("prompts of a: must be >= 0 (or -1 for not reported), found -2");
        assertThatThrownBy(() -> DailyUsage.builder(START, " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DailyUsageLog.builder().reorderDays(0)).isInstanceOf(IllegalArgumentException.class);
        ActivityReport empty = DailyActivityScorer.defaults().score(DailyUsageLog.create());
        assertThat(empty.isEmpty()).isTrue();
        assertThat(empty.basis()).isEqualTo(ActivityReport.Basis.USER_DAYS);
        DailyUsage u = DailyUsage.builder(START, "a").requests(4).build();
        assertThat(u.activity()).isEqualTo(4);
        assertThat(u.reportsAcceptance()).isFalse();
    }

    @Test
    void flaggedIfAndOnlyIfTheScoreReachesTheThreshold() {
        DailyUsageLog log = DailyUsageLog.create().addAll(people(6));
        for (int d = 0; d < 28; d++) {
            log.accept(bot(d, 100 + d % 3));
        }
        for (double at : new double[] {10, 40, 80}) {
            for (ActorActivity a : DailyActivityScorer.builder().flagAt(at).build().score(log).actors()) {
                assertThat(a.flagged()).isEqualTo(a.score() >= at);
            }
        }
    }
    /**
     * A team of five in Sydney among an organisation's weekday teams, read against the organisation (too few peers of
     * its own): its Monday mornings are Sunday evenings in UTC, so a sixth of its days fell on the organisation's quiet
     * Sundays (helper-174: quiet-days scores up to 24.8). A day is quiet for a small segment's member only where its
     * other members were quiet too: the team's Sundays are theirs; a member who also works Saturdays still shows it.
     */
    @Test
    void aSmallTeamsOwnDaysAreNotQuietForItsMembers() {
        DailyUsageLog log = DailyUsageLog.create().addAll(people(4));
        SplittableRandom r = new SplittableRandom(17);
        for (int d = 0; d < 28; d++) {
            for (int p = 0; p < 6; p++) {
                boolean weekender = p == 5;
                if (d % 7 == 5 && !weekender) {
                    continue; // Saturday in UTC: Sydney's weekend
                }
                long prompts = 20 + r.nextInt(40);
                String who = weekender ? "sydney-weekender" : "sydney-" + p;
                log.accept(DailyUsage.builder(START.plusDays(d), who).segment("sydney").prompts(prompts)
                        .acceptances(prompts / 3).generations(prompts).acceptedLines(prompts).build());
            }
        }
        ActivityReport report = DailyActivityScorer.defaults().score(log);
        for (int p = 0; p < 5; p++) {
            ActorActivity a = report.actor("sydney", "sydney-" + p).orElseThrow();
            assertThat(a.evidence()).as(a.reasons().toString()).extracting(f -> f.detector())
                    .doesNotContain("activity-quiet-days");
        }
        ActorActivity w = report.actor("sydney", "sydney-weekender").orElseThrow();
        assertThat(w.evidence()).extracting(f -> f.detector()).contains("activity-quiet-days");
    }
    /**
     * Scripts that run every day, three of them in a small segment of their own, do not excuse each other's weekends:
     * the segment's own days count only where it has days of rest of its own (a reviewer: their quiet-days evidence
     * fell from 9.5 to 0 when any other member's activity excused a day).
     */
    @Test
    void scriptsActiveEveryDayDoNotExcuseEachOthersWeekends() {
        DailyActivityScorer scorer = DailyActivityScorer.defaults();
        DailyUsageLog log = DailyUsageLog.create().addAll(people(5));
        SplittableRandom r = new SplittableRandom(23);
        for (int d = 0; d < 28; d++) {
            for (int b = 0; b < 3; b++) {
                long prompts = 40 + r.nextInt(20);
                log.accept(DailyUsage.builder(START.plusDays(d), "bot-" + b).segment("robots").prompts(prompts)
                        .acceptances(prompts / 3).generations(prompts).acceptedLines(prompts).build());
            }
        }
        ActivityReport report = scorer.score(log);
        for (int b = 0; b < 3; b++) {
            assertThat(report.actor("robots", "bot-" + b).orElseThrow().evidence()).extracting(f -> f.detector())
                    .contains("activity-quiet-days");
        }
    }
}
