package dev.goodhart.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.goodhart.model.Finding;
import java.time.Instant;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** Each signature on crafted actors among simulated genuine peers, including the habits that must not flag. */
class ActivitySignaturesTest {
    /** The working days (Monday to Friday) of four weeks from a Monday, as day indices 0 to 25. */
    private static final int[] WORKING_DAYS = java.util.stream.IntStream.range(0, 28).filter(d -> d % 7 < 5).toArray();

    private static ActivityLog peers(int count) {
        ActivityLog log = ActivityLog.create();
        List<ActivitySimulation.Actor> actors = ActivitySimulation.organisation(1, count, 0);
        long seed = 7;
        for (ActivitySimulation.Actor a : actors) {
            ActivitySimulation.events(a, seed++, log);
        }
        return log;
    }

    private static ActorActivity scoreOf(ActivityLog log, String actor) {
        return ActivityScorer.defaults().score(log).actor("team-a", actor).orElseThrow();
    }

    private static Finding signature(ActorActivity a, Signature s) {
        return a.signatures().stream().filter(f -> f.detector().equals(s.detector())).findFirst().orElseThrow();
    }

    /** A genuine-looking person built from the simulation, with one habit changed by {@code tweak}. */
    private static void person(ActivityLog log, String name, long seed, java.util.function.UnaryOperator<ActivityEvent> tweak) {
        ActivitySimulation.events(new ActivitySimulation.Actor("team-a", name, ActivitySimulation.Kind.GENUINE), seed,
                e -> log.accept(tweak.apply(e)));
    }

    @Test
    void aScriptedPingerIsFlaggedWithItsReasons() {
        ActivityLog log = peers(20);
        ActivitySimulation.events(new ActivitySimulation.Actor("team-a", "pinger", ActivitySimulation.Kind.PINGER), 3, log);
        ActorActivity a = scoreOf(log, "pinger");
        assertThat(a.flagged()).isTrue();
        assertThat(a.score()).isGreaterThan(90);
        assertThat(signature(a, Signature.DIVERSITY).effect()).isGreaterThan(6);
        assertThat(signature(a, Signature.DIVERSITY).message()).contains("repeated an earlier one");
        assertThat(signature(a, Signature.CADENCE).effect()).isGreaterThan(6);
        assertThat(signature(a, Signature.SIZE).message()).startsWith("The median request was about");
        assertThat(ActivityScorer.defaults().score(log).toString()).contains("pinger [team-a]");
    }

    /** The size sentence names the size the requests had: "all 40 tokens", never "about 41" from a bin's centre. */
    @Test
    void theSizeSentenceSaysTheSizeTheRequestsHad() {
        ActivityLog log = peers(20);
        person(log, "forty", 31, e -> new ActivityEvent(e.timestamp(), e.actor(), 40, e.segment(),
                e.requestFingerprint(), e.agent(), e.artifact()));
        long[] sizes = {40, 41, 42, 43, 44};
        int[] next = {0};
        person(log, "near-forty", 32, e -> new ActivityEvent(e.timestamp(), e.actor(), sizes[next[0]++ % 5],
                e.segment(), e.requestFingerprint(), e.agent(), e.artifact()));
        ActorActivity forty = scoreOf(log, "forty");
        assertThat(signature(forty, Signature.SIZE).message())
                .startsWith("All " + forty.events() + " requests were 40 tokens each (peers' median");
        assertThat(signature(scoreOf(log, "near-forty"), Signature.SIZE).message())
                .startsWith("The median request was about 42 tokens (peers' median");
    }

    @Test
    void taskSplittingAndDummyAgentsAreFlagged() {
        ActivityLog log = peers(20);
        ActivitySimulation.events(new ActivitySimulation.Actor("team-a", "splitter", ActivitySimulation.Kind.SPLITTER), 4, log);
        ActivitySimulation.events(new ActivitySimulation.Actor("team-a", "owner", ActivitySimulation.Kind.DUMMY_AGENT), 5, log);
        ActorActivity splitter = scoreOf(log, "splitter");
        assertThat(splitter.flagged()).isTrue();
        assertThat(signature(splitter, Signature.SPLITTING).effect()).isGreaterThan(3);
        ActorActivity owner = scoreOf(log, "owner");
        assertThat(owner.flagged()).isTrue();
        assertThat(signature(owner, Signature.YIELD).message()).contains("spent by agents (draft-bot)");
    }

    /**
     * A run of requests on one topic in which each request names an artifact of its own (a nightly job filing a ticket
     * per issue) is a batch of tasks, not one task cut apart; the same runs naming one artifact throughout (a tool that
     * credits every request of the task with its document) are still splitting.
     */
    @Test
    void aBatchOfTasksEachWithItsOwnArtifactIsNotSplitting() {
        ActivityLog log = peers(20);
        int[] next = {0};
        ActivitySimulation.events(new ActivitySimulation.Actor("team-a", "batch", ActivitySimulation.Kind.SPLITTER), 4,
                e -> log.accept(new ActivityEvent(e.timestamp(), e.actor(), e.tokens(), e.segment(),
                        e.requestFingerprint(), e.agent(), "TICKET-" + next[0]++)));
        ActivitySimulation.events(new ActivitySimulation.Actor("team-a", "one-doc", ActivitySimulation.Kind.SPLITTER),
                4, e -> log.accept(new ActivityEvent(e.timestamp(), e.actor(), e.tokens(), e.segment(),
                        e.requestFingerprint(), e.agent(), "DOC-1")));
        assertThat(signature(scoreOf(log, "batch"), Signature.SPLITTING).statistic()).isZero();
        ActorActivity oneDoc = scoreOf(log, "one-doc");
        assertThat(signature(oneDoc, Signature.SPLITTING).effect()).isGreaterThan(3);
        assertThat(oneDoc.flagged()).isTrue();
    }

    /**
     * A team none of whose requests names an artifact has no artifacts recorded (its tool leaves the column empty where
     * the others' fill it): its yield is not read, so its dummy agent is not flagged for tokens "with no artifact" that
     * every request there has, while one in a team that records artifacts still is.
     */
    @Test
    void aTeamWithoutArtifactsRecordedHasNoYieldRead() {
        ActivityLog log = peers(20);
        List<ActivitySimulation.Actor> quiet = ActivitySimulation.organisation(1, 12, 0);
        long seed = 70;
        for (ActivitySimulation.Actor a : quiet) {
            ActivitySimulation.events(new ActivitySimulation.Actor("team-b", a.name(), a.kind()), seed++,
                    e -> log.accept(new ActivityEvent(e.timestamp(), e.actor(), e.tokens(), e.segment(),
                            e.requestFingerprint(), e.agent(), "")));
        }
        ActivitySimulation.Kind dummy = ActivitySimulation.Kind.DUMMY_AGENT;
        ActivitySimulation.events(new ActivitySimulation.Actor("team-b", "owner-b", dummy), 5,
                e -> log.accept(new ActivityEvent(e.timestamp(), e.actor(), e.tokens(), e.segment(),
                        e.requestFingerprint(), e.agent(), "")));
        ActivitySimulation.events(new ActivitySimulation.Actor("team-a", "owner", dummy), 5, log);
        ActivityReport report = ActivityScorer.defaults().score(log);
        ActorActivity b = report.actor("team-b", "owner-b").orElseThrow();
        assertThat(b.signatures()).noneMatch(f -> f.detector().equals(Signature.YIELD.detector()));
        assertThat(b.flagged()).isFalse();
        assertThat(report.actor("team-a", "owner").orElseThrow().flagged()).isTrue();
    }

    /**
     * A signature examined without finding anything keeps its facts but not what they would suggest: a helper's JSON
     * said "0% of 455 requests came in rapid runs on one topic, one task cut into many requests" and "machine-like
     * regularity (robust z = 0.0)" of genuine people; and "the most frequent at least 1 time" where no request is known
     * to have repeated (the share then is the distinct count's estimation error).
     */
    @Test
    void whatASignatureSuggestsIsSaidOnlyWhereItCounts() {
        ActivityLog log = peers(20);
        ActivitySimulation.Actor splitter = new ActivitySimulation.Actor("team-a", "splitter",
                ActivitySimulation.Kind.SPLITTER);
        ActivitySimulation.events(splitter, 4, log);
        Instant t = Instant.parse("2025-03-03T09:00:00Z");
        for (int i = 0; i < 3_000; i++) {
            log.accept(ActivityEvent.of(t.plusSeconds(86_400L * (i / 150) + 97L * (i % 150)), "unique", 900,
                    "team-a", Fingerprinter.unkeyed().fingerprint("question " + i)));
        }
        ActivityReport report = ActivityScorer.defaults().score(log);
        int quiet = 0;
        for (ActorActivity a : report.actors()) {
            for (Finding f : a.signatures()) {
                boolean counts = f.effect() > ActivityScorer.Z_START;
                if (f.message().contains("one task cut into many requests")
                        || f.message().contains("machine-like regularity")
                        || f.message().contains("a timer's regularity")) {
                    assertThat(counts).as(a.actor() + ": " + f.message()).isTrue();
                }
                if (!counts && f.detector().equals(Signature.SPLITTING.detector())) {
                    quiet++;
                }
                assertThat(f.message()).as(a.actor()).doesNotContain("at least 1 time");
            }
        }
        assertThat(quiet).as("genuine people's splitting is examined").isGreaterThan(10);
        assertThat(signature(scoreOf(log, "splitter"), Signature.SPLITTING).message())
                .contains("came in rapid runs on one topic, one task cut into many requests");
        assertThat(signature(scoreOf(log, "unique"), Signature.DIVERSITY).message())
                .startsWith("About ").contains("of 3,000 requests repeated an earlier one by the estimate of their "
                        + "distinct count (whose error is 2-3%); none is known to have been sent twice");
    }

    /**
     * A script that sends about the same number of one-off requests every working day, at irregular moments inside
     * office hours and of a person's sizes: no timer, no repeat, no night, no run. Its days are alike, as a person's
     * are not: they vary no more than counting alone makes them (helper-162: such dummies in Amazon Bedrock logs found
     * 10 of 30, in the daily exports of the same requests 25 of 30).
     */
    @Test
    void aQuotaSentEveryWorkingDayShowsAsSteadyDays() {
        ActivityLog log = peers(20);
        SplittableRandom r = new SplittableRandom(21);
        Instant start = Instant.parse("2025-03-03T09:00:00Z");
        int k = 0;
        for (int day : WORKING_DAYS) {
            int n = 118 + r.nextInt(7);
            long[] seconds = new long[n];
            for (int i = 0; i < n; i++) {
                seconds[i] = 86_400L * day + r.nextInt(8 * 3600);
            }
            java.util.Arrays.sort(seconds);
            for (int i = 0; i < n; i++) {
                Instant at = start.plusSeconds(seconds[i]);
                long tokens = Math.round(800 * Math.exp(0.8 * ActivitySimulation.gaussian(r)));
                log.accept(ActivityEvent.of(at, "quota", tokens, "team-a",
                        Fingerprinter.unkeyed().fingerprint("question " + k++)));
            }
        }
        ActorActivity quota = scoreOf(log, "quota");
        Finding steady = signature(quota, Signature.STEADY_DAYS);
        assertThat(steady.effect()).as(steady.message()).isGreaterThan(6);
        assertThat(steady.message()).startsWith("Over 20 active days the daily requests (122 on average) varied less "
                + "than counting alone makes them vary").contains("days steadier than people's, like a quota script");
        assertThat(quota.flagged()).isTrue();
        ActivityReport report = ActivityScorer.defaults().score(log);
        assertThat(report.flagged()).containsExactly(quota);
    }

    /**
     * A dummy agent named in the agent column, run at a constant rate round the clock in a log that records no
     * artifacts: its requests are an agent's, so cadence, off-hours and splitting leave them out, and nothing showed
     * (helper-160's generator: such agents scored 0). The agent's own days are read as the person's are: people's
     * agents follow their work (loops on working days, as many as the day needs), this one's days vary no more than
     * counting makes them. An agent that names an artifact on each of its requests is working, however steadily, and
     * its days are not read.
     */
    @Test
    void anAgentRunWhateverTheWorkShowsAsSteadyDays() {
        for (boolean namesWork : new boolean[] {false, true}) {
            List<ActivityEvent> events = new java.util.ArrayList<>();
            SplittableRandom r = new SplittableRandom(33);
            Instant start = Instant.parse("2025-03-03T00:00:00Z");
            for (int p = 0; p < 14; p++) {
                String person = "coder-" + p;
                int k = 0;
                for (int day : WORKING_DAYS) {
                    if (r.nextDouble() < 0.1) {
                        continue;
                    }
                    // loops a day: a gamma-Poisson mixture, as many as the day's work needs
                    double need = -Math.log(r.nextDouble()) * 4;
                    int loops = 1 + (int) Math.round(need * (0.5 + r.nextDouble()));
                    for (int l = 0; l < loops; l++) {
                        long t = 86_400L * day + 9 * 3600 + r.nextInt(9 * 3600);
                        String topic = person + "-task-" + day + "-" + l;
                        String artifact = r.nextDouble() < 0.5 ? "PR-" + person + "-" + day + "-" + l : "";
                        int steps = 6 + r.nextInt(30);
                        events.add(new ActivityEvent(start.plusSeconds(t - 60), person, 600, "team-a",
                                Fingerprinter.unkeyed().fingerprint(topic + " ask"), "", ""));
                        for (int i = 0; i < steps; i++) {
                            t += 3 + r.nextInt(20);
                            events.add(new ActivityEvent(start.plusSeconds(t), person, 4_000 + 300L * i, "team-a",
                                    Fingerprinter.unkeyed().fingerprint(topic + " step " + k++), "claude-code",
                                    namesWork && i == steps - 1 ? artifact : ""));
                        }
                    }
                }
            }
            // the dummy: a request every three minutes on average (Poisson arrivals), day and night, every day
            long t = 0;
            int k = 0;
            while (true) {
                t += Math.max(1, Math.round(-Math.log(r.nextDouble()) * 180));
                if (t >= 86_400L * 28) {
                    break;
                }
                events.add(new ActivityEvent(start.plusSeconds(t), "owner", 5_000, "team-a",
                        Fingerprinter.unkeyed().fingerprint("draft " + k++), "auto-agent",
                        namesWork ? "TICKET-" + k : ""));
            }
            events.sort(java.util.Comparator.comparing(ActivityEvent::timestamp));
            ActivityLog log = ActivityLog.create().addAll(events);
            assertThat(log.lateEvents()).isZero();
            ActivityReport report = ActivityScorer.defaults().score(log);
            ActorActivity owner = report.actor("team-a", "owner").orElseThrow();
            if (!namesWork) {
                Finding steady = signature(owner, Signature.STEADY_DAYS);
                assertThat(steady.effect()).as(steady.message()).isGreaterThan(6);
                assertThat(steady.message()).startsWith("Over 28 active days the daily requests of the person's agent "
                        + "auto-agent (486 on average) varied no more than counting alone makes them")
                        .contains("like an agent run whatever the work, or a scheduled job");
                // a scheduled job run under a person's name is as steady: the agents' days weigh as a habit does,
                // full strength 45, so they corroborate and never flag alone
                assertThat(owner.score()).isEqualTo(100 * ActivityScorer.AGENT_DAYS_WEIGHT);
                assertThat(report.flagged()).isEmpty();
            } else {
                assertThat(owner.signatures()).noneMatch(f -> f.detector().equals(Signature.STEADY_DAYS.detector()));
                assertThat(owner.flagged()).isFalse();
            }
        }
    }

    /**
     * One task cut into many tiny turns of one chat: each turn re-sends the history, so the requests grow, but by a
     * line and its one-line answer (80 tokens a turn). A conversation's turns add a message and a reply (500 here);
     * runs that grow by less than {@link ActorState#MIN_TURN_TOKENS} a request are read as splitting (helper-160's
     * and helper-162's chat splitters: none flagged before).
     */
    @Test
    void aTaskCutIntoTinyTurnsOfOneChatIsSplittingAndAConversationIsNot() {
        ActivityLog log = peers(20);
        SplittableRandom r = new SplittableRandom(41);
        chatRuns(log, "tiny-turns", 80, true, k -> "schema migration turn " + k, r);
        chatRuns(log, "talker", 500, true, k -> "schema migration turn " + k, r);
        ActivityReport report = ActivityScorer.defaults().score(log);
        ActorActivity tiny = report.actor("team-a", "tiny-turns").orElseThrow();
        Finding split = signature(tiny, Signature.SPLITTING);
        assertThat(split.statistic()).isEqualTo(1.0);
        assertThat(split.message()).contains("one task cut into many requests");
        assertThat(tiny.flagged()).isTrue();
        ActorActivity talker = report.actor("team-a", "talker").orElseThrow();
        assertThat(signature(talker, Signature.SPLITTING).statistic()).isZero();
        assertThat(talker.flagged()).as(talker.reasons().toString()).isFalse();
        // the same tiny turns worded as people word fillers ("next", "ok, go on", "and then?"), each its own topic:
        // a turn that re-sends the history grown by less than a turn continues the run whatever its words
        ActivityLog fillers = peers(20);
        String[] filler = {"next", "ok go on", "continue please", "and then", "more", "keep going", "yes", "fine next"};
        chatRuns(fillers, "fillers", 80, false, k -> filler[k % filler.length] + " " + k % 25, r);
        ActorActivity filled = ActivityScorer.defaults().score(fillers).actor("team-a", "fillers").orElseThrow();
        assertThat(signature(filled, Signature.SPLITTING).statistic()).isEqualTo(1.0);
    }

    /**
     * One to six chats a working day of 25 turns each, 10 to 40 seconds apart, each turn re-sending the history grown
     * by {@code perTurn} tokens on average; turn {@code k}'s text is {@code text(k)}; with {@code docs} the last turn
     * of each chat names a document.
     */
    private static void chatRuns(ActivityLog log, String who, int perTurn, boolean docs,
            java.util.function.IntFunction<String> text, SplittableRandom r) {
        Instant start = Instant.parse("2025-03-03T09:00:00Z");
        int k = 0;
        for (int day : WORKING_DAYS) {
            for (int run = 0, runs = 1 + r.nextInt(6); run < runs; run++) {
                long t = 86_400L * day + 7_200L * run + r.nextInt(1_800);
                long size = 600;
                for (int i = 0; i < 25; i++) {
                    String doc = docs && i == 24 ? "DOC-" + who + "-" + day + "-" + run : "";
                    log.accept(new ActivityEvent(start.plusSeconds(t), who, size, "team-a",
                            Fingerprinter.unkeyed().fingerprint(text.apply(k++)), "", doc));
                    size += perTurn / 2 + r.nextInt(perTurn);
                    t += 10 + r.nextInt(30);
                }
            }
        }
    }

    /**
     * A notebook classifying rows sends each request as the last reply returns, one to three seconds apart: a
     * program's batch, not a task cut apart by hand (helper-160's and helper-169's analysts: 294 of 436 and 97 of 97
     * flagged as task splitters). The same pieces sent by hand, eight to forty seconds apart, still are. What it costs:
     * a script that cuts a task apart and sends the pieces back to back is read as a batch too.
     */
    @Test
    void aProgramsBatchIsNotATaskCutApart() {
        ActivityLog log = peers(20);
        SplittableRandom r = new SplittableRandom(43);
        Instant start = Instant.parse("2025-03-03T10:00:00Z");
        for (String who : new String[] {"notebook", "by-hand"}) {
            int k = 0;
            for (int day = 0; day < 28; day += 2) {
                if (day % 7 >= 5) {
                    continue;
                }
                long t = 86_400L * day + r.nextInt(3_600);
                for (int i = 0, n = 60 + r.nextInt(240); i < n; i++) {
                    String report = i == n - 1 ? "REPORT-" + who + "-" + day : "";
                    log.accept(new ActivityEvent(start.plusSeconds(t), who, 800 + r.nextInt(400), "team-a",
                            Fingerprinter.unkeyed().fingerprint("classify tickets row " + k++), "", report));
                    t += who.equals("notebook") ? 1 + r.nextInt(3) : 8 + r.nextInt(33);
                }
            }
        }
        ActivityReport report = ActivityScorer.defaults().score(log);
        ActorActivity notebook = report.actor("team-a", "notebook").orElseThrow();
        assertThat(signature(notebook, Signature.SPLITTING).statistic()).isZero();
        assertThat(notebook.flagged()).as(notebook.reasons().toString()).isFalse();
        ActorActivity byHand = report.actor("team-a", "by-hand").orElseThrow();
        assertThat(signature(byHand, Signature.SPLITTING).statistic()).isEqualTo(1.0);
        assertThat(byHand.flagged()).isTrue();
    }

    /**
     * A timer firing every three seconds is no program's batch: its gaps do not vary as a model's latency does, so its
     * runs stay splitting and its gaps a timer's (a reviewer's: read as a batch, it had scored 0).
     */
    @Test
    void aFastTimerIsNoBatch() {
        ActivityLog log = peers(20);
        SplittableRandom r = new SplittableRandom(53);
        Instant start = Instant.parse("2025-03-03T10:00:00Z");
        int k = 0;
        for (int day : WORKING_DAYS) {
            long ms = 86_400_000L * day + r.nextInt(3_600_000);
            for (int i = 0; i < 200; i++) {
                log.accept(new ActivityEvent(start.plusMillis(ms), "timer", 800 + r.nextInt(400), "team-a",
                        Fingerprinter.unkeyed().fingerprint("status check " + k++), "", ""));
                ms += 3_000 + r.nextInt(100);
            }
        }
        ActorActivity timer = scoreOf(log, "timer");
        assertThat(timer.flagged()).as(timer.reasons().toString()).isTrue();
        assertThat(signature(timer, Signature.SPLITTING).statistic()).isEqualTo(1.0);
    }

    /**
     * The agents' days weigh less than the person's own: where both are read, the reading that adds more counts, so
     * an agent steadier than a person's own quota script beside it does not lower the script's evidence (a
     * reviewer's: 70 alone, 45 with an agent sending exactly 80 requests a day).
     */
    @Test
    void aSteadierAgentDoesNotHideAPersonsOwnQuota() {
        ActivityLog log = peers(20);
        SplittableRandom r = new SplittableRandom(59);
        Instant start = Instant.parse("2025-03-03T09:00:00Z");
        int k = 0;
        List<ActivityEvent> events = new java.util.ArrayList<>();
        for (int day : WORKING_DAYS) {
            for (int i = 0, n = 118 + r.nextInt(7); i < n; i++) {
                events.add(new ActivityEvent(start.plusSeconds(86_400L * day + r.nextInt(8 * 3600)), "quota",
                        Math.round(800 * Math.exp(0.8 * ActivitySimulation.gaussian(r))), "team-a",
                        Fingerprinter.unkeyed().fingerprint("question " + k++), "", ""));
            }
            for (int i = 0; i < 80; i++) {
                events.add(new ActivityEvent(start.plusSeconds(86_400L * day + 360L * i), "quota", 3_000, "team-a",
                        Fingerprinter.unkeyed().fingerprint("draft " + k++), "helper-bot", ""));
            }
        }
        events.sort(java.util.Comparator.comparing(ActivityEvent::timestamp));
        events.forEach(log);
        ActorActivity quota = scoreOf(log, "quota");
        assertThat(signature(quota, Signature.STEADY_DAYS).message()).startsWith("Over 20 active days the daily "
                + "requests (");
        assertThat(quota.flagged()).as(quota.reasons().toString()).isTrue();
    }

    /**
     * Two agents' tool loops side by side, their steps naming no topic (Bedrock's tool steps carry no text of the
     * person's): each step re-sends its own loop's history, so it continues the open episode whose last request is
     * nearest its size (within a factor of two; else, as any request, the most recent). Taken in turn as one episode
     * their sizes alternated, no conversation was seen, and their contexts of tens of thousands of tokens were read as
     * huge drafts (helper-169: 61 of 85 such developers flagged).
     */
    @Test
    void twoToolLoopsSideBySideAreEachAConversation() {
        ActivityLog log = ActivityLog.create();
        Instant start = Instant.parse("2025-03-03T10:00:00Z");
        long t = 0;
        for (int loop = 0; loop < 20; loop++) {
            // each loop starts with the person's prompt (its text names its topic); its steps name none
            log.accept(new ActivityEvent(start.plusSeconds(t), "dev", 18_000, "team-a",
                    Fingerprinter.unkeyed().fingerprint("parser refactor " + loop), "", ""));
            log.accept(new ActivityEvent(start.plusSeconds(t + 1), "dev", 58_000, "team-a",
                    Fingerprinter.unkeyed().fingerprint("billing tests " + loop), "", ""));
            t += 5;
            for (int i = 0; i < 30; i++) {
                log.accept(new ActivityEvent(start.plusSeconds(t), "dev", 20_000 + 1_500L * i, "team-a", "",
                        "tool-loop", ""));
                log.accept(new ActivityEvent(start.plusSeconds(t + 3), "dev", 60_000 + 1_500L * i, "team-a", "",
                        "tool-loop", ""));
                t += 8;
            }
            t += 3_600;
        }
        ActorState dev = log.snapshot().actors().get(0);
        assertThat(dev.events).isEqualTo(1_240);
        assertThat(dev.sizedEvents).as("requests left in the size histograms").isZero();
    }

    /**
     * An agent's steps logged with what they send, a tool's output ("pytest -q -> 12 passed", "ls src/"), name a new
     * topic each step: each still continues its own loop, the open episode whose last request was this agent's and
     * which it extends by up to a factor of two (helper-171: with tool outputs in the request column, 21 of 22 agent
     * developers were flagged, their loops cut into one-step episodes that never grew).
     */
    @Test
    void anAgentsStepsNamingTheirToolsOutputStayOneLoop() {
        ActivityLog log = ActivityLog.create();
        Instant start = Instant.parse("2025-03-03T10:00:00Z");
        SplittableRandom r = new SplittableRandom(61);
        long t = 0;
        for (int loop = 0; loop < 20; loop++) {
            log.accept(new ActivityEvent(start.plusSeconds(t), "dev", 15_000, "team-a",
                    Fingerprinter.unkeyed().fingerprint("parser refactor " + loop), "", ""));
            long size = 16_000;
            for (int i = 0; i < 30; i++) {
                t += 5 + r.nextInt(20);
                String output = "tool" + r.nextInt(1_000_000) + " output" + r.nextInt(1_000_000) + " exit 0";
                log.accept(new ActivityEvent(start.plusSeconds(t), "dev", size, "team-a",
                        Fingerprinter.unkeyed().fingerprint(output), "claude-code", i == 29 ? "PR-" + loop : ""));
                size += 300 + r.nextInt(2_700);
            }
            t += 3_600;
        }
        ActorState dev = log.snapshot().actors().get(0);
        assertThat(dev.sizedEvents).as("requests left in the size histograms").isZero();
        assertThat(dev.noArtifactTokens).as("tokens that led to no pull request").isZero();
    }

    /**
     * Where agents send most of an actor's requests, the person's own requests mostly start and steer their loops, as
     * many a day as the loops' run time allows: those days are the agents' pace, not a quota's, and are not read for
     * steady days (helper-162's coding-agent users, once their tool steps were read as agents': 13 of 253 flagged on
     * steady prompts and request size).
     */
    @Test
    void aPersonDrivingAgentsIsNotReadForSteadyPrompts() {
        ActivityLog log = peers(20);
        SplittableRandom r = new SplittableRandom(47);
        Instant start = Instant.parse("2025-03-03T09:00:00Z");
        int k = 0;
        for (int day : WORKING_DAYS) {
            long t = 86_400L * day;
            for (int loop = 0; loop < 40; loop++) {
                t += 60 + (long) (-Math.log(r.nextDouble()) * 600);
                log.accept(new ActivityEvent(start.plusSeconds(t), "driver", 2_000, "team-a",
                        Fingerprinter.unkeyed().fingerprint("loop task " + k++), "", ""));
                int steps = 6 + r.nextInt(11);
                for (int i = 0; i < steps; i++) {
                    String pr = i == steps - 1 && loop % 2 == 0 ? "PR-" + day + "-" + loop : "";
                    log.accept(new ActivityEvent(start.plusSeconds(t + 10 + 12L * i), "driver", 3_000 + 900L * i,
                            "team-a", "", "claude-code", pr));
                }
            }
        }
        ActorActivity driver = scoreOf(log, "driver");
        // forty prompts every working day: read, they would be days no counting makes (underdispersed)
        assertThat(driver.signatures())
                .noneMatch(f -> f.message().startsWith("Over 20 active days the daily requests ("));
    }

    /**
     * An occasional user's few follow-ups, a minute or two apart, have a low spread by chance and by their few
     * number: read against peers whose spread comes from hundreds of gaps they looked machine-like (helper-162:
     * occasional users flagged at 70 to 80, robust z 6.6 to 8.3 on 20 to 35 gaps), and a few of them in one window
     * looked like a timer's period. Each statistic's own sampling error is in the scale now; a pinger's hundreds of
     * gaps keep their evidence.
     */
    @Test
    void aFewGapsAreNotAScriptsRegularity() {
        ActivityLog log = peers(20);
        SplittableRandom r = new SplittableRandom(17);
        Instant start = Instant.parse("2025-03-03T10:00:00Z");
        int k = 0;
        for (int day = 0; day < 28; day += 2) {
            if (day % 7 >= 5) {
                continue;
            }
            Instant t = start.plusSeconds(86_400L * day + r.nextInt(6 * 3600));
            int asks = 3 + r.nextInt(2);
            for (int i = 0; i < asks; i++) {
                log.accept(ActivityEvent.of(t, "occasional", 600 + r.nextInt(900), "team-a",
                        Fingerprinter.unkeyed().fingerprint("ask " + k++)));
                t = t.plusSeconds(Math.round(90 * Math.exp(0.5 * ActivitySimulation.gaussian(r))));
            }
        }
        ActorActivity occasional = scoreOf(log, "occasional");
        // the stronger of cadence's two statistics is reported: the spread of the gaps and the share in one period
        // (23% of its 35 gaps in a two-minute window against the peers' 8%: z 3.0 without that share's own error)
        Finding cadence = signature(occasional, Signature.CADENCE);
        assertThat(cadence.effect()).as(cadence.message()).isLessThan(ActivityScorer.Z_START);
        assertThat(occasional.evidence()).noneSatisfy(f -> assertThat(f.detector())
                .isEqualTo(Signature.CADENCE.detector()));
        ActivitySimulation.events(new ActivitySimulation.Actor("team-a", "pinger", ActivitySimulation.Kind.PINGER), 3,
                log);
        assertThat(signature(scoreOf(log, "pinger"), Signature.CADENCE).effect()).isGreaterThan(6);
    }

    @Test
    void legitimateRepeatsAloneDoNotFlag() {
        ActivityLog log = peers(20);
        String runTheTests = Fingerprinter.unkeyed().fingerprint("run the tests");
        SplittableRandom r = new SplittableRandom(9);
        person(log, "tester", 11, e -> r.nextDouble() < 0.5
                ? new ActivityEvent(e.timestamp(), e.actor(), e.tokens(), e.segment(), runTheTests, e.agent(), e.artifact())
                : e);
        ActorActivity a = scoreOf(log, "tester");
        assertThat(signature(a, Signature.DIVERSITY).effect()).as("the repeats are visible").isGreaterThan(3);
        assertThat(a.flagged()).as("but one habit is not an accusation").isFalse();
    }

    @Test
    void nightWorkAndHeavyProductiveUseDoNotFlag() {
        ActivityLog log = peers(20);
        person(log, "night-owl", 12, e -> new ActivityEvent(e.timestamp().plusSeconds(12 * 3600), e.actor(), e.tokens(),
                e.segment(), e.requestFingerprint(), e.agent(), e.artifact()));
        for (int copy = 0; copy < 4; copy++) {
            int shift = copy;
            person(log, "heavy", 13 + copy, e -> new ActivityEvent(e.timestamp().plusSeconds(shift * 7),
                    e.actor(), e.tokens(), e.segment(), e.requestFingerprint(), e.agent(), "PR-" + shift));
        }
        ActorActivity night = scoreOf(log, "night-owl");
        assertThat(signature(night, Signature.OFF_HOURS).effect()).isGreaterThan(3);
        assertThat(night.flagged()).isFalse();
        assertThat(scoreOf(log, "heavy").flagged()).isFalse();
    }

    @Test
    void stateStaysBoundedWhateverTheNumberOfEvents() {
        ActivityLog log = ActivityLog.create();
        Instant t = Instant.parse("2025-01-01T00:00:00Z");
        SplittableRandom r = new SplittableRandom(1);
        for (int i = 0; i < 1_000; i++) {
            log.accept(ActivityEvent.of(t.plusSeconds(i), "a", 10, "s", Fingerprinter.unkeyed().fingerprint("q" + i)));
        }
        long after1k = log.approximateBytes();
        for (int i = 1_000; i < 200_000; i++) {
            log.accept(ActivityEvent.of(t.plusSeconds(i), "a", 1 + r.nextInt(5000), "s",
                    String.format("%08x:%016x%08x", r.nextInt(), r.nextLong(), r.nextInt())));
        }
        assertThat(log.eventCount()).isEqualTo(200_000);
        // the same, but for the four open episodes' size buffers, which hold at most 256 sizes each until decided
        assertThat(log.approximateBytes()).isBetween(after1k, after1k + 4 * 256 * 8);
    }

    @Test
    void requestTextIsNeverKeptOrEchoed() {
        String secret = "quarterly numbers for ACME merger";
        String fp = Fingerprinter.keyed("a-secret-key-of-32-characters!!!").fingerprint(secret);
        assertThat(fp).doesNotContain("ACME").matches("[0-9a-f]{8}:[0-9a-f]{24}");
        assertThat(Fingerprinter.keyed("another-secret-key-32-characters").fingerprint(secret)).isNotEqualTo(fp);
        assertThatThrownBy(() -> ActivityEvent.of(Instant.EPOCH, "a", 1, "s", secret))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("ACME");
    }

    /** An exact timer's period is said as it is: 15 minutes, 30, an hour (helper-167: "about 14", "29", "57"). */
    @Test
    void anExactTimersPeriodIsSaidAsItIs() {
        for (long minutes : new long[] {15, 30, 60}) {
            ActivityLog log = ActivityLog.create();
            long t = Instant.parse("2025-03-03T08:00:00Z").toEpochMilli();
            for (int i = 0; i < 200; i++) {
                log.accept(new ActivityEvent(Instant.ofEpochMilli(t), "timer", 50, "s", null, null, null));
                t += minutes * 60_000;
            }
            ActorState a = log.snapshot().actors().get(0);
            assertThat(ActivityScorer.span(Math.round(ActivityScorer.periodicShare(a)[1] * 1000), false))
                    .isEqualTo(minutes == 60 ? "1 hour" : minutes + " minutes");
        }
    }

    @Test
    void pseudonymisedReportsNameNobody() {
        ActivityLog log = peers(10);
        ActivityReport report = ActivityScorer.defaults().score(log).pseudonymised();
        assertThat(report.toString()).doesNotContain("person");
        assertThat(report.actors()).allSatisfy(a -> assertThat(a.actor()).matches("actor-\\d+"));
    }

    /**
     * An actor's name in a note is pseudonymised too (a reviewer: the note naming actors missing from the actor map
     * printed them beside "actor-1"), where it stands as a name: "user-1" in "user-10" is not, nor is an alias put in.
     */
    @Test
    void pseudonymisedNotesNameNobody() {
        List<String> names = List.of("user-10", "user-1", "actor");
        java.util.Map<String, String> alias = java.util.Map.of("user-10", "actor-2", "user-1", "actor-1", "actor",
                "actor-3");
        assertThat(ActivityReport.renameIn("2 actors are not in the map: user-1, user-10 (actor).", names, alias))
                .isEqualTo("2 actors are not in the map: actor-1, actor-2 (actor-3).");
        assertThat(ActivityReport.renameIn("user-100 and xuser-1 and user-1_b", names, alias))
                .isEqualTo("user-100 and xuser-1 and user-1_b");
        ActivityLog log = peers(10);
        ActivityReport plain = ActivityScorer.defaults().score(log);
        String someone = plain.actors().get(0).actor();
        ActivityReport noted = plain.withNotes(List.of("Read as " + someone + "'s own."));
        assertThat(noted.pseudonymised().notes()).noneSatisfy(n -> assertThat(n).contains(someone))
                .anySatisfy(n -> assertThat(n).matches("Read as actor-\\d+'s own\\."));
    }
}
