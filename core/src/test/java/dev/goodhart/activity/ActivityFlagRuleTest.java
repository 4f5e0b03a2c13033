package dev.goodhart.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one flag rule: flagged if and only if the score reaches the threshold; every flagged actor says why. */
class ActivityFlagRuleTest {
    private static ActivityLog organisation(long seed) {
        ActivityLog log = ActivityLog.create();
        long s = seed;
        for (VariedActivitySimulation.Actor a : VariedActivitySimulation.organisation(12, 1, seed)) {
            VariedActivitySimulation.events(a, s++, log);
        }
        return log;
    }

    @Test
    void flaggedIfAndOnlyIfTheScoreReachesTheThreshold() {
        ActivityLog log = organisation(11);
        for (double at : new double[] {20, 35, 50, 70}) {
            ActivityReport report = ActivityScorer.builder().flagAt(at).build().score(log);
            assertThat(report.flagAt()).isEqualTo(at);
            for (ActorActivity a : report.actors()) {
                assertThat(a.flagged()).as(a.actor() + " at " + a.score()).isEqualTo(a.score() >= at);
            }
        }
    }

    @Test
    void aLowerThresholdNeverUnflagsAnyone() {
        ActivityLog log = organisation(12);
        List<ActorActivity> strict = ActivityScorer.builder().flagAt(60).build().score(log).flagged();
        ActivityReport lenient = ActivityScorer.builder().flagAt(40).build().score(log);
        for (ActorActivity a : strict) {
            assertThat(lenient.actor(a.segment(), a.actor()).orElseThrow().flagged()).isTrue();
        }
    }

    @Test
    void everyFlaggedActorNamesTheSignaturesThatFiredWithTheirNumbers() {
        ActivityReport report = ActivityScorer.defaults().score(organisation(13));
        assertThat(report.flagged()).isNotEmpty();
        for (ActorActivity a : report.flagged()) {
            assertThat(a.reasons()).as(a.actor()).isNotEmpty();
            assertThat(a.reasons()).allSatisfy(r -> assertThat(r).matches("[a-z-]+ \\(z \\d+\\.\\d\\): .*\\d.*\\."));
        }
        assertThat(report.toString()).contains("flagged (score 50 or more)").contains("    - splitting (z ");
    }

    @Test
    void aSplitterOfOrdinarySizedRequestsIsFlaggedOnSplitting() {
        ActivityLog log = ActivityLog.create();
        long s = 500;
        List<VariedActivitySimulation.Actor> actors = VariedActivitySimulation.organisation(20, 0, 5);
        for (VariedActivitySimulation.Actor a : actors) {
            VariedActivitySimulation.events(a, s++, log);
        }
        VariedActivitySimulation.events(new VariedActivitySimulation.Actor("team-a", "plain-splitter",
                VariedActivitySimulation.Kind.PLAIN_SPLITTER, 1, 0b0011111), 99, log);
        ActorActivity a = ActivityScorer.defaults().score(log).actor("team-a", "plain-splitter").orElseThrow();
        assertThat(a.evidence().get(0).detector()).isEqualTo("activity-splitting");
        assertThat(a.evidence().get(0).effect()).as("splitting at full strength alone").isGreaterThanOrEqualTo(6);
        assertThat(a.score()).isGreaterThanOrEqualTo(60);
        assertThat(a.flagged()).isTrue();
    }

    @Test
    void aTimerMixedIntoAPersonsWorkShowsItsPeriod() {
        ActivityLog log = ActivityLog.create();
        long s = 700;
        for (VariedActivitySimulation.Actor a : VariedActivitySimulation.organisation(20, 0, 6)) {
            VariedActivitySimulation.events(a, s++, log);
        }
        VariedActivitySimulation.events(new VariedActivitySimulation.Actor("team-a", "timer",
                VariedActivitySimulation.Kind.TIMER, 1, 0b0011111), 98, log);
        ActorActivity a = ActivityScorer.defaults().score(log).actor("team-a", "timer").orElseThrow();
        assertThat(a.flagged()).isTrue();
        assertThat(a.reasons().get(0)).startsWith("cadence (z ").contains("within 10% of one period of about 2 minutes");
    }
}
