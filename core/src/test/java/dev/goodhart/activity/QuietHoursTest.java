package dev.goodhart.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Off-hours' quiet hours are read without the person examined, each peer counted up to the median peer's volume. */
class QuietHoursTest {
    /** Requests around the clock, a few minutes apart at random, each unique and of a peer's size. */
    private static void roundTheClock(ActivityLog log, String actor, String segment, double meanGapSeconds,
                                      long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        Instant t = ActivitySimulation.START;
        Instant end = ActivitySimulation.START.plusSeconds(ActivitySimulation.DAYS * 86_400L);
        int k = 0;
        while (t.isBefore(end)) {
            long tokens = Math.round(1_200 * Math.exp(0.6 * ActivitySimulation.gaussian(r)));
            log.accept(ActivityEvent.of(t, actor, Math.max(1, tokens), segment,
                    Fingerprinter.unkeyed().fingerprint(actor + " " + k++)));
            t = t.plusMillis(Math.round(1000 * meanGapSeconds * Math.exp(0.6 * ActivitySimulation.gaussian(r) - 0.18)));
        }
    }

    private static ActivityLog team(int people, String segment, long seed) {
        ActivityLog log = ActivityLog.create();
        long s = seed;
        for (ActivitySimulation.Actor a : ActivitySimulation.organisation(1, people, 0)) {
            ActivitySimulation.events(new ActivitySimulation.Actor(segment, a.name(), a.kind()), s++, log);
        }
        return log;
    }

    private static double offHours(ActivityReport report, String segment, String actor) {
        return report.actor(segment, actor).orElseThrow().signatures().stream()
                .filter(f -> f.detector().equals(Signature.OFF_HOURS.detector())).findFirst().orElseThrow().effect();
    }

    @Test
    void aScriptRunningRoundTheClockDoesNotHideInTheHoursItFills() {
        for (int scripts : new int[] {1, 3}) {
            ActivityLog log = team(20, "team-a", 40);
            for (int k = 0; k < scripts; k++) {
                roundTheClock(log, "clock-" + k, "team-a", 150, 7 + k);
            }
            ActivityReport report = ActivityScorer.defaults().score(log);
            for (int k = 0; k < scripts; k++) {
                assertThat(offHours(report, "team-a", "clock-" + k)).as("%d scripts, script %d", scripts, k)
                        .isGreaterThan(6);
            }
        }
    }

    @Test
    void alsoAgainstTheWholeOrganisationWhereEachPersonIsASegment() {
        // a vendor's export without an actor map: every person is a segment of one, compared with the organisation
        ActivityLog log = ActivityLog.create();
        long s = 90;
        for (ActivitySimulation.Actor a : ActivitySimulation.organisation(1, 40, 0)) {
            ActivitySimulation.events(new ActivitySimulation.Actor(a.name(), a.name(), a.kind()), s++, log);
        }
        roundTheClock(log, "clock-0", "clock-0", 120, 3);
        roundTheClock(log, "clock-1", "clock-1", 200, 4);
        ActivityReport report = ActivityScorer.defaults().score(log);
        assertThat(offHours(report, "clock-0", "clock-0")).isGreaterThan(6);
        assertThat(offHours(report, "clock-1", "clock-1")).isGreaterThan(6);
    }

    @Test
    void partsMergedInAnyOrderReadTheHoursOfTheWhole() {
        ActivityLog whole = team(30, "team-a", 5);
        roundTheClock(whole, "clock-0", "team-a", 150, 1);
        List<ActorState> actors = new ArrayList<>(whole.snapshot().actors());
        QuietHours all = new QuietHours();
        actors.forEach(all::add);
        QuietHours first = new QuietHours();
        QuietHours second = new QuietHours();
        for (int i = 0; i < actors.size(); i++) {
            (i % 3 == 0 ? first : second).add(actors.get(i));
        }
        QuietHours merged = second.merge(first);
        QuietHours.Reading a = all.reading(0.25);
        QuietHours.Reading b = merged.reading(0.25);
        for (ActorState actor : actors) {
            assertThat(b.offHoursShare(actor)).isEqualTo(a.offHoursShare(actor));
        }
    }

    @Test
    void aNightWorkerAmongOfficePeopleStillReadsAsNightWork() {
        // the change must not blunt the habit it reads: a person working twelve hours later than the team
        ActivityLog log = team(20, "team-a", 60);
        ActivitySimulation.events(new ActivitySimulation.Actor("team-a", "owl", ActivitySimulation.Kind.GENUINE), 99,
                e -> log.accept(new ActivityEvent(e.timestamp().plusSeconds(12 * 3600), e.actor(), e.tokens(),
                        e.segment(), e.requestFingerprint(), e.agent(), e.artifact())));
        ActivityReport report = ActivityScorer.defaults().score(log);
        assertThat(offHours(report, "team-a", "owl")).isGreaterThan(6);
    }

    /** Adds a team of {@code people} genuine people to {@code log}, their requests moved by {@code hours}. */
    private static void shiftedTeam(ActivityLog log, int people, String segment, long seed, int hours) {
        long s = seed;
        for (ActivitySimulation.Actor a : ActivitySimulation.organisation(1, people, 0)) {
            ActivitySimulation.events(new ActivitySimulation.Actor(segment, segment + "-" + a.name(), a.kind()), s++,
                    e -> log.accept(new ActivityEvent(e.timestamp().plusSeconds(hours * 3600L), e.actor(),
                            e.tokens(), e.segment(), e.requestFingerprint(), e.agent(), e.artifact())));
        }
    }

    /**
     * A team of five in Sydney (its office hours ten hours ahead of the organisation's, Monday mornings on Sunday
     * evenings in UTC) is compared with the whole organisation, having too few peers of its own: read against the
     * organisation's hours as they are, its working hours were the organisation's quiet ones (helper-174: off-hours
     * scores 31-35 for normal local hours); against those hours shifted onto the rhythm of the team's other members,
     * they are not. One of them who works London's hours (Sydney's nights), a team of the organisation's own hours,
     * and the London half of a segment whose other half is in Sydney read as before (a reviewer: shifted onto the
     * others' rhythm alone, such London members went from 0 to 35).
     */
    @Test
    void aTeamInAnotherTimeZoneIsReadAgainstTheOrganisationsHoursShiftedOntoItsOwn() {
        ActivityLog log = ActivityLog.create();
        shiftedTeam(log, 20, "london-a", 200, 0);
        shiftedTeam(log, 20, "london-b", 300, 0);
        shiftedTeam(log, 5, "sydney", 400, -10);
        shiftedTeam(log, 5, "small-london", 500, 0);
        ActivitySimulation.events(new ActivitySimulation.Actor("sydney", "sydney-owl",
                ActivitySimulation.Kind.GENUINE), 99, e -> log.accept(new ActivityEvent(
                        e.timestamp().plusSeconds(2 * 3600L), e.actor(), e.tokens(), e.segment(),
                        e.requestFingerprint(), e.agent(), e.artifact())));
        ActivityReport report = ActivityScorer.defaults().score(log);
        // measured: the Sydney team's five 4.5-8.5 (scores 17.7-35.0) against the hours as they are, -0.3 to 0.2 (0)
        // shifted; the small London team -0.4 to 1.0 and -0.3 to 1.1
        for (int k = 0; k < 5; k++) {
            for (String segment : new String[] {"sydney", "small-london"}) {
                String actor = segment + "-team-a-person-" + k;
                assertThat(offHours(report, segment, actor)).as(actor).isLessThan(2);
                assertThat(report.actor(segment, actor).orElseThrow().score()).as(actor).isLessThan(10);
            }
        }
        assertThat(offHours(report, "sydney", "sydney-owl")).isLessThan(2);
    }

    /** The London half of a small segment whose other half works in Sydney keeps the organisation's hours. */
    @Test
    void aMemberWorkingTheOrganisationsHoursAmongOthersWhoDoNotKeepsThem() {
        ActivityLog log = ActivityLog.create();
        shiftedTeam(log, 20, "london-a", 200, 0);
        shiftedTeam(log, 20, "london-b", 300, 0);
        shiftedTeam(log, 2, "mixed", 600, 0);
        long s = 700;
        for (ActivitySimulation.Actor a : ActivitySimulation.organisation(1, 2, 0)) {
            ActivitySimulation.events(new ActivitySimulation.Actor("mixed", "mixed-sydney-" + a.name(), a.kind()), s++,
                    e -> log.accept(new ActivityEvent(e.timestamp().plusSeconds(-10 * 3600L), e.actor(),
                            e.tokens(), e.segment(), e.requestFingerprint(), e.agent(), e.artifact())));
        }
        ActivityReport report = ActivityScorer.defaults().score(log);
        for (int k = 0; k < 2; k++) {
            String actor = "mixed-team-a-person-" + k;
            assertThat(offHours(report, "mixed", actor)).as(actor).isLessThan(2);
            assertThat(report.actor("mixed", actor).orElseThrow().score()).as(actor).isLessThan(10);
        }
    }
}
