package dev.goodhart.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Episodes ({@link Episode}): an agent's loop that ends in an artifact led to it with all its requests, and a loop
 * whose requests keep growing re-sends its history, so its requests are not drafts. Before 2026-12-06 every genuine
 * coding-agent user of a simulation was flagged (54 of 54, on agents' tokens with no artifact and request size), while
 * dummy agents (drafts day and night, nothing used) must stay flagged.
 */
class AgentEpisodesTest {
    private static final Instant START = Instant.parse("2025-03-03T00:00:00Z"); // a Monday

    /** One agent loop of 30 requests seconds apart on one topic, growing, its pull request named on the last one. */
    @Test
    void aLoopEndingInAnArtifactLedToItWithAllItsRequests() {
        ActivityLog log = ActivityLog.create();
        List<ActivityEvent> loop = new ArrayList<>();
        long t = START.toEpochMilli() + 9 * 3_600_000L;
        for (int q = 0; q < 30; q++) {
            loop.add(new ActivityEvent(Instant.ofEpochMilli(t), "dev", 10_000 + 2_000L * q, "team",
                    fingerprint(7, q), "coding-agent", q == 29 ? "PR-1" : null));
            t += 8_000;
        }
        loop.forEach(log::accept);
        ActorState a = log.snapshot().actors().get(0);
        assertThat(a.noArtifactTokens).isZero();
        assertThat(a.agentNoArtifactTokens()).isZero();
        assertThat(a.idleAgentTokens()).isZero();
        // its requests grew throughout: a conversation, whose sizes leave the size histograms
        assertThat(a.sizedEvents).isZero();
        assertThat(a.events).isEqualTo(30);
    }

    /**
     * The same loop without its pull request: nothing credited, and an agent whose work never led anywhere has all its
     * tokens idle; one that led somewhere for a twentieth of its tokens half of them.
     */
    @Test
    void anAgentThatNeverLedAnywhereIsIdleInFullAndOneThatRarelyDidInPart() {
        ActivityLog log = ActivityLog.create();
        long t = START.toEpochMilli();
        long sum = 0;
        for (int q = 0; q < 40; q++) {
            long tokens = 1_000 + q;
            sum += tokens;
            log.accept(new ActivityEvent(Instant.ofEpochMilli(t), "bot", tokens, "team", fingerprint(q, q),
                    "draft-bot", null));
            t += 3_600_000L; // an hour apart: every request its own episode
        }
        ActorState bot = log.snapshot().actors().get(0);
        assertThat(bot.agentNoArtifactTokens()).isEqualTo(sum);
        assertThat(bot.idleAgentTokens()).isEqualTo((double) sum);

        ActivityLog rare = ActivityLog.create();
        for (int q = 0; q < 20; q++) {
            rare.accept(new ActivityEvent(Instant.ofEpochMilli(START.toEpochMilli() + q * 3_600_000L), "bot", 1_000,
                    "team", fingerprint(q, q), "draft-bot", q == 0 ? "PR-9" : null));
        }
        ActorState r = rare.snapshot().actors().get(0);
        // a twentieth of its tokens led to an artifact: half of the rest count as idle (a tenth or more: none)
        assertThat(r.idleAgentTokens()).isEqualTo(19_000 * 0.5);
    }

    /**
     * The pooled eighth agent slot holds every agent after the first seven: a productive one there must not vouch for
     * the others. A draft bot (100 requests that lead nowhere) beside a CI agent whose requests name a pull request is
     * idle in full, whether or not seven decoy agents were named first (a reviewer's case: 7 idle tokens of 100,000).
     */
    @Test
    void decoyAgentsDoNotHideAnIdleOneInThePool() {
        for (int decoys : new int[] {0, 7}) {
            ActivityLog log = ActivityLog.create();
            long t = START.toEpochMilli();
            for (int i = 0; i < decoys; i++) {
                t += 3_600_000;
                log.accept(new ActivityEvent(Instant.ofEpochMilli(t), "u", 1, null, null, "decoy" + i, null));
            }
            for (int i = 0; i < 100; i++) {
                t += 3_600_000;
                log.accept(new ActivityEvent(Instant.ofEpochMilli(t), "u", 1_000, null, null, "draft-bot", null));
                if (i % 5 == 0) {
                    t += 3_600_000;
                    log.accept(new ActivityEvent(Instant.ofEpochMilli(t), "u", 1_000, null, null, "ci", "PR-" + i));
                }
            }
            ActorState a = log.snapshot().actors().get(0);
            assertThat(a.idleAgentTokens()).as("%d decoys", decoys).isGreaterThanOrEqualTo(100_000);
        }
    }

    /**
     * Two agents run side by side on two topics, their requests interleaved: each loop is its own episode, so both
     * are found conversations and both pull requests credit their loops.
     */
    @Test
    void twoLoopsSideBySideAreTwoEpisodes() {
        ActivityLog log = ActivityLog.create();
        long t = START.toEpochMilli() + 10 * 3_600_000L;
        for (int q = 0; q < 40; q++) {
            for (int topic : new int[] {1, 2}) {
                log.accept(new ActivityEvent(Instant.ofEpochMilli(t), "dev", 20_000 + 1_500L * q, "team",
                        fingerprint(topic, 100 * topic + q), "coding-agent", q == 39 ? "PR-" + topic : null));
                t += 4_000;
            }
        }
        ActorState a = log.snapshot().actors().get(0);
        assertThat(a.agentNoArtifactTokens()).isZero();
        assertThat(a.sizedEvents).isZero();
    }

    /**
     * Six teams: 20 people at their desks, 3 developers whose coding agents run loops of 15 to 120 growing requests
     * (a pull request at the end of 60% of them, chat besides) and 2 dummy agents (drafts every 20 minutes day and
     * night, nothing used) each. The developers are not flagged (54 of 54 were before), the dummy agents all are.
     */
    @Test
    void codingAgentUsersAreNotFlaggedAndDummyAgentsAre() {
        int coders = 0;
        int codersFlagged = 0;
        int dummies = 0;
        int dummiesFlagged = 0;
        for (long seed : new long[] {1, 2}) {
            ActivityLog log = ActivityLog.create();
            List<VariedActivitySimulation.Actor> actors = VariedActivitySimulation.organisation(20, 0, seed);
            long s = seed * 1000;
            for (VariedActivitySimulation.Actor a : actors) {
                VariedActivitySimulation.events(a, s++, log);
            }
            SplittableRandom r = new SplittableRandom(seed);
            List<String[]> names = new ArrayList<>();
            for (int team = 0; team < 6; team++) {
                String segment = "team-" + (char) ('a' + team);
                for (int i = 0; i < 3; i++) {
                    names.add(new String[] {segment, segment + "-coder" + i, "coder"});
                    codingAgentUser(r, segment, segment + "-coder" + i, log);
                }
                for (int i = 0; i < 2; i++) {
                    names.add(new String[] {segment, segment + "-dummy" + i, "dummy"});
                    dummyAgent(r, segment, segment + "-dummy" + i, log);
                }
            }
            ActivityReport report = ActivityScorer.defaults().score(log);
            for (String[] n : names) {
                boolean flagged = report.actor(n[0], n[1]).orElseThrow().flagged();
                if (n[2].equals("coder")) {
                    coders++;
                    codersFlagged += flagged ? 1 : 0;
                } else {
                    dummies++;
                    dummiesFlagged += flagged ? 1 : 0;
                }
            }
        }
        assertThat(coders).isEqualTo(36);
        assertThat(codersFlagged).as("coding-agent users flagged").isLessThanOrEqualTo(1);
        assertThat(dummiesFlagged).as("dummy agents flagged").isEqualTo(dummies);
    }

    /**
     * A nightly CI job as an agent: every night a batch of 20 to 60 reviews of one repository (one topic), 3 to 10
     * seconds apart, a ticket named by about a third of them. Its batches are the agent's workflow, not the person's
     * runs: none of 12 such bots is flagged, and none reads as task splitting (every one did before 2026-12-06: "100%
     * of 1,044 requests came in rapid runs on one topic"). A person who cuts tasks apart is still flagged.
     */
    @Test
    void anAgentsNightlyBatchIsNotTaskSplitting() {
        for (long seed : new long[] {1, 2}) {
            ActivityLog log = ActivityLog.create();
            for (VariedActivitySimulation.Actor a : VariedActivitySimulation.organisation(20, 1, seed)) {
                VariedActivitySimulation.events(a, seed * 1000 + a.name().hashCode(), log);
            }
            SplittableRandom r = new SplittableRandom(seed);
            List<ActivityEvent> out = new ArrayList<>();
            for (int team = 0; team < 6; team++) {
                String segment = "team-" + (char) ('a' + team);
                for (int day = 0; day < 28; day++) {
                    long t = START.toEpochMilli() + day * 86_400_000L + 2 * 3_600_000L + r.nextInt(600_000);
                    for (int q = 20 + r.nextInt(41); q > 0; q--) {
                        out.add(new ActivityEvent(Instant.ofEpochMilli(t), segment + "-ci", 2_000 + r.nextInt(3_000),
                                segment, fingerprint(0xC1000 + team, r.nextInt()), "ci-bot",
                                r.nextDouble() < 0.3 ? "TICKET-" + r.nextInt(1_000_000) : null));
                        t += 3_000 + r.nextInt(7_000);
                    }
                }
            }
            out.sort((x, y) -> x.timestamp().compareTo(y.timestamp()));
            out.forEach(log::accept);
            ActivityReport report = ActivityScorer.defaults().score(log);
            for (int team = 0; team < 6; team++) {
                String segment = "team-" + (char) ('a' + team);
                ActorActivity bot = report.actor(segment, segment + "-ci").orElseThrow();
                assertThat(bot.flagged()).as("%s", bot.reasons()).isFalse();
                // none of its requests in a split run (the share is the finding's effect)
                assertThat(bot.signatures()).filteredOn(f -> f.detector().equals(Signature.SPLITTING.detector()))
                        .singleElement().satisfies(f -> assertThat(f.effect()).isZero());
                assertThat(report.actor(segment, segment + "-plain_splitter-0").orElseThrow().flagged()).isTrue();
            }
        }
    }

    /** Loops of 15 to 120 requests in working hours, the context re-sent and growing, a pull request ending 60%. */
    private static void codingAgentUser(SplittableRandom r, String segment, String name, ActivityLog log) {
        List<ActivityEvent> out = new ArrayList<>();
        for (int day = 0; day < 28; day++) {
            if (day % 7 >= 5) {
                continue;
            }
            for (int session = 2 + r.nextInt(4); session > 0; session--) {
                long t = START.toEpochMilli() + day * 86_400_000L + Math.round((8 + 8.5 * r.nextDouble()) * 3_600_000);
                int steps = 15 + r.nextInt(106);
                int topic = r.nextInt();
                double context = 8_000 + 12_000 * r.nextDouble();
                boolean pullRequest = r.nextDouble() < 0.6;
                for (int q = 0; q < steps; q++) {
                    long output = 200 + r.nextInt(1_800);
                    out.add(new ActivityEvent(Instant.ofEpochMilli(t), name, Math.round(context) + output, segment,
                            fingerprint(topic, r.nextInt()), "coding-agent",
                            pullRequest && q == steps - 1 ? "PR-" + r.nextInt(1_000_000) : null));
                    context += 500 + output + 3_000 * r.nextDouble();
                    if (context > 120_000) {
                        context = 20_000 + 10_000 * r.nextDouble(); // the agent compacts its history
                    }
                    double u = r.nextDouble();
                    double gap = u < 0.03 ? 60 + 540 * r.nextDouble() : u < 0.13 ? 30 + 150 * r.nextDouble()
                            : 6 * Math.exp(0.7 * ActivitySimulation.gaussian(r));
                    t += Math.round(gap * 1000);
                }
            }
        }
        out.sort((x, y) -> x.timestamp().compareTo(y.timestamp()));
        out.forEach(log::accept);
    }

    /** Drafts of about 15,000 tokens every 20 minutes day and night, each on a topic of its own, nothing used. */
    private static void dummyAgent(SplittableRandom r, String segment, String name, ActivityLog log) {
        for (long t = START.toEpochMilli() + r.nextInt(1_200_000); t < START.toEpochMilli() + 28 * 86_400_000L;
                t += 1_200_000) {
            log.accept(new ActivityEvent(Instant.ofEpochMilli(t), name,
                    Math.round(15_000 * Math.exp(0.8 * ActivitySimulation.gaussian(r))), segment,
                    fingerprint(r.nextInt(), r.nextInt()), "draft-bot", null));
        }
    }

    /** A loop of {@code n} agent requests on {@code topic} from {@code t}, 8 s apart, none naming an artifact. */
    private static long loop(ActivityLog log, long t, int topic, int n) {
        for (int q = 0; q < n; q++) {
            log.accept(new ActivityEvent(Instant.ofEpochMilli(t), "dev", 10_000 + 500L * q, "team",
                    fingerprint(topic, q), "coding-agent", null));
            t += 8_000;
        }
        return t - 8_000;
    }

    /**
     * A loop whose pull request is named later (helper-160's generator: 39% of the developers whose PR came in their
     * own follow-up request flagged, 8.5% of those whose agent came back to the topic): the agent on the loop's topic
     * an hour later, past the session gap; the person's own request on another topic, 20 minutes later (the loop's
     * episode still open) or 45 (closed and held). Each credits the loop: nothing idle.
     */
    @Test
    void aPullRequestNamedLaterCreditsTheLoopThatLedToIt() {
        long hour = 3_600_000L;
        for (long after : new long[] {hour, 20 * 60_000L, 45 * 60_000L}) {
            for (boolean own : new boolean[] {false, true}) {
                ActivityLog log = ActivityLog.create();
                long end = loop(log, START.toEpochMilli() + 9 * hour, 7, 20);
                log.accept(new ActivityEvent(Instant.ofEpochMilli(end + after), "dev", 1_500, "team",
                        fingerprint(own ? 99 : 7, 100), own ? null : "coding-agent", "PR-1"));
                ActorState a = log.snapshot().actors().get(0);
                assertThat(a.agentNoArtifactTokens()).as("after %d ms, own %s", after, own).isZero();
                assertThat(a.idleAgentTokens()).isZero();
            }
        }
    }

    /**
     * What a later artifact does not credit: a loop more than twelve hours before it (nor one chained to it by a later
     * loop on its topic); a pooled agent's artifact on another pooled agent's topic; a loop the agent was still in two
     * minutes before the person's own request (not quiet); another topic's loop, by the agent; three hours of drafting
     * on one topic (no loop); and a draft bot's single requests, every 20 minutes all day, however often its owner
     * names documents of their own.
     */
    @Test
    void whatALaterArtifactDoesNotCredit() {
        long hour = 3_600_000L;
        ActivityLog late = ActivityLog.create();
        long end = loop(late, START.toEpochMilli() + 9 * hour, 7, 20);
        late.accept(new ActivityEvent(Instant.ofEpochMilli(end + 13 * hour), "dev", 1_500, "team", fingerprint(7, 100),
                "coding-agent", "PR-1"));
        ActivityLog busy = ActivityLog.create();
        end = loop(busy, START.toEpochMilli() + 9 * hour, 7, 20);
        busy.accept(new ActivityEvent(Instant.ofEpochMilli(end + 120_000), "dev", 1_500, "team", fingerprint(99, 1),
                null, "PR-1"));
        ActivityLog other = ActivityLog.create();
        end = loop(other, START.toEpochMilli() + 9 * hour, 7, 20);
        other.accept(new ActivityEvent(Instant.ofEpochMilli(end + hour), "dev", 1_500, "team", fingerprint(8, 1),
                "coding-agent", "PR-1"));
        for (ActivityLog log : List.of(late, busy, other)) {
            ActorState a = log.snapshot().actors().get(0);
            assertThat(a.agentNoArtifactTokens()).isEqualTo(20 * 10_000 + 500L * (19 * 20 / 2));
        }
        // a reviewer's chain: a loop, another on its topic 30 hours later, then the pull request: the first stays idle
        ActivityLog chain = ActivityLog.create();
        end = loop(chain, START.toEpochMilli() + 9 * hour, 7, 20);
        end = loop(chain, end + 30 * hour, 7, 3);
        chain.accept(new ActivityEvent(Instant.ofEpochMilli(end + hour), "dev", 1_500, "team", fingerprint(7, 100),
                "coding-agent", "PR-1"));
        assertThat(chain.snapshot().actors().get(0).agentNoArtifactTokens())
                .isEqualTo(20 * 10_000 + 500L * (19 * 20 / 2));
        // a pooled agent (after seven others) naming a pull request on a pooled draft bot's topic vouches for nothing
        ActivityLog pool = ActivityLog.create();
        long p0 = START.toEpochMilli();
        for (int k = 0; k < 7; k++) {
            pool.accept(new ActivityEvent(Instant.ofEpochMilli(p0 + k * 1_000L), "dev", 10, "team", fingerprint(500 + k,
                    0), "decoy-" + k, "PR-" + k));
        }
        long pooledDrafts = 0;
        long pt = p0 + 9 * hour;
        for (int q = 0; q < 5; q++) {
            pool.accept(new ActivityEvent(Instant.ofEpochMilli(pt), "dev", 20_000, "team", fingerprint(9, q),
                    "draft-bot", null));
            pooledDrafts += 20_000;
            pt += 8_000;
        }
        pool.accept(new ActivityEvent(Instant.ofEpochMilli(pt + hour), "dev", 1_500, "team", fingerprint(9, 100),
                "ci-agent", "PR-9"));
        assertThat(pool.snapshot().actors().get(0).agentNoArtifactTokens()).isEqualTo(pooledDrafts);

        // a working-hours dummy drafting on one topic, a request every four minutes for three hours: no loop
        ActivityLog day = ActivityLog.create();
        long at = START.toEpochMilli() + 9 * hour;
        long drafted = 0;
        for (int q = 0; q < 45; q++) {
            day.accept(new ActivityEvent(Instant.ofEpochMilli(at), "dev", 9_000, "team", fingerprint(3, q),
                    "auto-agent", null));
            drafted += 9_000;
            at += 4 * 60_000L;
        }
        day.accept(new ActivityEvent(Instant.ofEpochMilli(at + 10 * 60_000L), "dev", 800, "team", fingerprint(77, 1),
                null, "DOC-1"));
        assertThat(day.snapshot().actors().get(0).agentNoArtifactTokens()).isEqualTo(drafted);

        ActivityLog bot = ActivityLog.create();
        long t = START.toEpochMilli();
        long drafts = 0;
        for (int q = 0; q < 72; q++) {
            bot.accept(new ActivityEvent(Instant.ofEpochMilli(t), "dev", 15_000, "team", fingerprint(1_000 + q, q),
                    "draft-bot", null));
            drafts += 15_000;
            if (q % 3 == 1) { // the owner's own document, 10 minutes after a draft
                bot.accept(new ActivityEvent(Instant.ofEpochMilli(t + 600_000), "dev", 800, "team",
                        fingerprint(5_000 + q, q), null, "DOC-" + q));
            }
            t += 20 * 60_000L;
        }
        ActorState b = bot.snapshot().actors().get(0);
        assertThat(b.agentNoArtifactTokens()).isEqualTo(drafts);
        assertThat(b.idleAgentTokens()).isEqualTo((double) drafts);
    }

    private static String fingerprint(int topic, int request) {
        return String.format(Locale.ROOT, "%08x:%016x%08x", topic, (long) request * 0x9E3779B97F4A7C15L, request);
    }
}
