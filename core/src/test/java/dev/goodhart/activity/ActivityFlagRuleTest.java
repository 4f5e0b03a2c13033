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

    /**
     * A person who codes with an agent: sessions of 20 to 90 requests 3 to 40 seconds apart on one task, each
     * re-sending the conversation so far (its history grows by 200 to 3,000 tokens a step), against the same requests
     * with their sizes shuffled within each session (pieces of a task sent on their own). A helper's Bedrock log
     * flagged two such heavy agentic users at 78 ("100% rapid runs on one topic"); the growing history is what a task
     * cut into pieces does not show, so such a run is a conversation, not splitting. What else this coder shows is a
     * person's habits, not the manufacturing: its log names no artifact where its peers' do (yield), and its sessions,
     * started from 08:00 to 18:00 UTC and run one after another, reach into hours its peers do not work (off-hours;
     * until 2026-12-06 its own 4,800 requests filled those hours and hid them, see {@link QuietHours}). Together the
     * two score about 51, at the flag: the assertion is that nothing but those habits is found.
     */
    @Test
    void anAgentsToolLoopIsNoTaskCutIntoPieces() {
        ActivityLog log = ActivityLog.create();
        ActivityLog shuffled = ActivityLog.create();
        long s = 900;
        for (VariedActivitySimulation.Actor a : VariedActivitySimulation.organisation(20, 0, 7)) {
            VariedActivitySimulation.events(a, s, log);
            VariedActivitySimulation.events(a, s++, shuffled);
        }
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        java.time.Instant start = java.time.Instant.parse("2025-03-03T08:00:00Z");
        long last = 0;
        for (int day = 0; day < 28; day++) {
            if (day % 7 >= 5) {
                continue;
            }
            int sessions = 3 + r.nextInt(5);
            long[] starts = new long[sessions];
            for (int k = 0; k < sessions; k++) {
                starts[k] = start.toEpochMilli() + day * 86_400_000L + (long) (36_000_000 * r.nextDouble());
            }
            java.util.Arrays.sort(starts);
            for (int session = 0; session < sessions; session++) {
                long t = Math.max(starts[session], last + 600_000);
                String topic = String.format(java.util.Locale.ROOT, "%08x", r.nextInt());
                int n = 20 + r.nextInt(71);
                long history = 2_000 + r.nextInt(6_000);
                List<Long> sizes = new java.util.ArrayList<>();
                List<Long> times = new java.util.ArrayList<>();
                for (int k = 0; k < n; k++) {
                    t += 3_000 + r.nextInt(37_000);
                    history += 200 + r.nextInt(2_800);
                    sizes.add(history + 50 + r.nextInt(1_450));
                    times.add(t);
                }
                List<Long> pieces = new java.util.ArrayList<>(sizes);
                java.util.Collections.shuffle(pieces, new java.util.Random(r.nextLong()));
                for (int k = 0; k < n; k++) {
                    String request = topic + ":" + String.format(java.util.Locale.ROOT, "%024x", r.nextLong());
                    java.time.Instant at = java.time.Instant.ofEpochMilli(times.get(k));
                    log.add(new ActivityEvent(at, "agentic-coder", sizes.get(k), "team-a", request, null, null));
                    shuffled.add(new ActivityEvent(at, "agentic-coder", pieces.get(k), "team-a", request, null, null));
                }
                last = t;
            }
        }
        ActorActivity coder = ActivityScorer.defaults().score(log).actor("team-a", "agentic-coder").orElseThrow();
        assertThat(coder.evidence()).noneSatisfy(f -> assertThat(f.detector()).isEqualTo("activity-splitting"));
        assertThat(coder.evidence()).as(coder.reasons().toString()).allSatisfy(f -> assertThat(f.detector())
                .isIn(Signature.OFF_HOURS.detector(), Signature.YIELD.detector()));
        ActorActivity pieces = ActivityScorer.defaults().score(shuffled).actor("team-a", "agentic-coder")
                .orElseThrow();
        assertThat(pieces.evidence()).anySatisfy(f -> assertThat(f.detector()).isEqualTo("activity-splitting"));
        assertThat(pieces.flagged()).isTrue();
    }

    /**
     * A script that re-sends a growing context on a timer (a request every 15 seconds, eight loops of 40 a day): its
     * loops are conversations, not task splitting, but a conversation's gaps still count for cadence's period, and it
     * keeps one (a reviewer's script scored 45 when they counted for nothing).
     */
    @Test
    void aTimerReSendingAGrowingContextKeepsItsPeriod() {
        ActivityLog log = ActivityLog.create();
        long s = 900;
        for (VariedActivitySimulation.Actor a : VariedActivitySimulation.organisation(20, 0, 7)) {
            VariedActivitySimulation.events(a, s++, log);
        }
        java.util.Random r = new java.util.Random(5);
        long t0 = java.time.Instant.parse("2025-03-03T09:00:00Z").toEpochMilli();
        for (int day = 0; day < 28; day++) {
            if (day % 7 >= 5) {
                continue;
            }
            for (int loop = 0; loop < 8; loop++) {
                long t = t0 + day * 86_400_000L + loop * 3_600_000L;
                String topic = String.format(java.util.Locale.ROOT, "%08x", r.nextInt());
                for (int k = 0; k < 40; k++) {
                    log.accept(new ActivityEvent(java.time.Instant.ofEpochMilli(t + 15_000L * k), "bot",
                            2000 + 500L * k,
                            "team-a", topic + ":" + String.format(java.util.Locale.ROOT, "%024x", r.nextLong()), null,
                            null));
                }
            }
        }
        ActorActivity bot = ActivityScorer.defaults().score(log).actor("team-a", "bot").orElseThrow();
        assertThat(bot.evidence()).noneSatisfy(f -> assertThat(f.detector()).isEqualTo("activity-splitting"));
        assertThat(bot.evidence()).anySatisfy(f -> assertThat(f.detector()).isEqualTo("activity-cadence"));
        assertThat(bot.flagged()).isTrue();
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
