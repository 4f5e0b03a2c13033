package dev.goodhart.activity;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.Finding;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.Set;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * The arrival order of a usage log does not change its report, within the documented contract of {@link ActivityLog}:
 * every event arrives before any event of its actor more than the reorder window newer, and no actor has more than the
 * reorder buffer's events within one window. Outside it, late events are counted and the report says so.
 */
class ActivityOrderTest {
    /** A scorer that examines every signature even on small logs. */
    private static final ActivityScorer SMALL = ActivityScorer.builder().minPeers(3).minEvents(5).build();
    private static final Instant START = Instant.parse("2025-03-03T06:00:00Z");
    /** Signatures computed from counts and sketches that do not depend on order; late events count in them. */
    /**
     * The signatures that late events leave as they are. Yield and size read episodes since 2026-12-06 (an artifact
     * named once credits its episode's requests; a conversation's requests leave the sizes), and a late event joins
     * none: they depend on order as cadence and splitting do.
     */
    private static final Set<String> ORDER_FREE =
            Set.of(Signature.DIVERSITY.detector(), Signature.OFF_HOURS.detector());

    // ---------------------------------------------------------------------------------------------- properties

    @Property(tries = 150)
    void anyPermutationGivesTheSameReportWhenTheWindowCoversTheLog(
            @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 20, max = 300) int count) {
        List<ActivityEvent> events = smallLog(seed, count);
        ActivityReport inOrder = SMALL.score(ActivityLog.create().addAll(events));
        List<ActivityEvent> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(seed + 1));
        ActivityLog log = ActivityLog.builder().reorderWindow(Duration.ofDays(3)).reorderBuffer(300).build()
                .addAll(shuffled);
        ActivityReport report = SMALL.score(log);
        assertThat(log.lateEvents()).isZero();
        assertThat(report).isEqualTo(inOrder);
        assertThat(report.toString()).isEqualTo(inOrder.toString());
        // no note of late events (a log of too few actors to compare says so in a note of its own)
        assertThat(report.notes()).isEqualTo(inOrder.notes()).noneSatisfy(n -> assertThat(n).contains("out of order"));
    }

    @Property(tries = 150)
    void eventsMinutesOutOfOrderOrSortedByActorGiveTheSameReportWithTheDefaults(
            @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 20, max = 300) int count) {
        List<ActivityEvent> events = smallLog(seed, count);
        ActivityReport inOrder = SMALL.score(ActivityLog.create().addAll(events));
        ActivityLog jittered = ActivityLog.create().addAll(jitter(events, Duration.ofMinutes(5), new Random(seed)));
        assertThat(jittered.lateEvents()).isZero();
        assertThat(SMALL.score(jittered)).isEqualTo(inOrder);
        List<ActivityEvent> byActor = new ArrayList<>(events);
        Collections.shuffle(byActor, new Random(seed + 2));
        byActor.sort(Comparator.comparing(ActivityEvent::segment).thenComparing(ActivityEvent::actor)
                .thenComparing(ActivityEvent::timestamp));
        assertThat(SMALL.score(ActivityLog.create().addAll(byActor))).isEqualTo(inOrder);
    }

    @Property(tries = 150)
    void lateEventsAreCountedAndReportedNeverSilently(
            @ForAll @LongRange(min = 0, max = 1_000_000) long seed,
            @ForAll @IntRange(min = 20, max = 300) int count,
            @ForAll @IntRange(min = 0, max = 120) int windowMinutes) {
        List<ActivityEvent> events = smallLog(seed, count);
        ActivityReport inOrder = SMALL.score(ActivityLog.create().addAll(events));
        List<ActivityEvent> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(seed + 3));
        ActivityLog log = ActivityLog.builder().reorderWindow(Duration.ofMinutes(windowMinutes)).build()
                .addAll(shuffled);
        ActivityReport report = SMALL.score(log);
        assertThat(report.lateEvents()).isEqualTo(log.lateEvents());
        if (log.lateEvents() == 0) {
            assertThat(report).isEqualTo(inOrder);
            return;
        }
        // the late events' note, after the one that a log of too few actors to compare may have
        List<String> late = report.notes().stream().filter(n -> !n.startsWith("Only ")).toList();
        assertThat(late).hasSize(1);
        assertThat(late.get(0)).startsWith(log.lateEvents() + " of " + events.size() + " events (of ")
                .contains("Sort the events by time");
        assertThat(report.toString()).contains("Note: " + log.lateEvents() + " of " + events.size() + " events");
        // late events still count everywhere order does not matter
        assertThat(report.events()).isEqualTo(inOrder.events());
        assertThat(report.first()).isEqualTo(inOrder.first());
        assertThat(report.last()).isEqualTo(inOrder.last());
        assertThat(report.actors()).hasSameSizeAs(inOrder.actors());
        for (ActorActivity want : inOrder.actors()) {
            ActorActivity got = report.actor(want.segment(), want.actor()).orElseThrow();
            assertThat(got.events()).isEqualTo(want.events());
            assertThat(got.tokens()).isEqualTo(want.tokens());
            assertThat(orderFree(got)).isEqualTo(orderFree(want));
        }
    }

    // ---------------------------------------------------------------------------------------------- the issue

    /**
     * Issue 14's symptom: four weeks of a simulated team shuffled. Before, the splitter fell from 69 to 22.5 and the
     * pinger from 95 to 84 (the rapid runs and the regular gaps vanished), and nobody was told.
     */
    @Test
    void aShuffledLogScoresLikeTheSortedOneWhenTheWindowCoversIt() {
        List<ActivityEvent> events = simulatedTeam();
        ActivityReport inOrder = ActivityScorer.defaults().score(ActivityLog.create().addAll(events));
        List<ActivityEvent> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(1));
        ActivityLog log = ActivityLog.builder().reorderWindow(Duration.ofDays(ActivitySimulation.DAYS + 1))
                .reorderBuffer(10_000).build().addAll(shuffled);
        ActivityReport report = ActivityScorer.defaults().score(log);
        assertThat(report).isEqualTo(inOrder);
        assertThat(report.actor("team-a", "team-a-splitter-0").orElseThrow().flagged()).isTrue();
        assertThat(report.flagged()).extracting(ActorActivity::actor)
                .contains("team-a-pinger-0", "team-a-splitter-0");
    }

    @Test
    void eventsAFewMinutesOutOfOrderScoreLikeTheSortedOnesWithTheDefaults() {
        List<ActivityEvent> events = simulatedTeam();
        ActivityReport inOrder = ActivityScorer.defaults().score(ActivityLog.create().addAll(events));
        ActivityLog log = ActivityLog.create().addAll(jitter(events, Duration.ofMinutes(10), new Random(2)));
        assertThat(log.lateEvents()).isZero();
        assertThat(ActivityScorer.defaults().score(log)).isEqualTo(inOrder);
    }

    @Test
    void aShuffledLogBeyondTheWindowSaysSoInPlainWords() {
        List<ActivityEvent> events = simulatedTeam();
        List<ActivityEvent> shuffled = new ArrayList<>(events);
        Collections.shuffle(shuffled, new Random(1));
        ActivityLog log = ActivityLog.create().addAll(shuffled);
        ActivityReport report = ActivityScorer.defaults().score(log);
        assertThat(log.lateEvents()).isPositive().isLessThan(events.size());
        assertThat(report.lateEvents()).isEqualTo(log.lateEvents());
        String note = report.notes().get(0);
        assertThat(note).startsWith(String.format(java.util.Locale.ROOT, "%,d of %,d", log.lateEvents(), events.size())
                + " events (of 25 actors) arrived too "
                + "far out of order to be put back in time order (this log reorders within 1 hour, up to 1,000 waiting "
                + "events per actor); the worst was ")
                .contains("They count everywhere except the gaps between requests, the rapid runs and the episodes")
                .contains("reorderWindow of at least ").endsWith("(the busiest actor's events).");
        assertThat(report.toString()).contains("Note: " + note);
        assertThat(report.pseudonymised().notes()).isEqualTo(report.notes());
        System.out.println(note);
    }

    @Test
    void tiesArePutInOneOrderWhateverTheirArrival() {
        // two requests on different topics at each instant: which run each continues must not depend on arrival
        String a = "0000000a:" + "1".repeat(24);
        String b = "0000000b:" + "2".repeat(24);
        List<ActivityEvent> events = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            events.add(ActivityEvent.of(START.plusSeconds(10L * (i / 2)), "ana", 100, "s", i % 2 == 0 ? a : b));
        }
        List<ActivityEvent> swapped = new ArrayList<>(events);
        for (int i = 0; i + 1 < swapped.size(); i += 4) {
            Collections.swap(swapped, i, i + 1);
        }
        ActivityLog one = ActivityLog.builder().reorderWindow(Duration.ZERO).splitRun(2).build().addAll(events);
        ActivityLog two = ActivityLog.builder().reorderWindow(Duration.ZERO).splitRun(2).build().addAll(swapped);
        assertThat(one.lateEvents()).isZero();
        assertThat(two.lateEvents()).isZero();
        var x = one.snapshot().actors().get(0);
        var y = two.snapshot().actors().get(0);
        assertThat(y.splitEvents).isEqualTo(x.splitEvents);
        assertThat(y.splitRuns).isEqualTo(x.splitRuns);
        assertThat(y.gapHist).isEqualTo(x.gapHist);
    }

    @Test
    void scoringDoesNotDisturbTheEventsStillWaiting() {
        List<ActivityEvent> events = simulatedTeam();
        List<ActivityEvent> jittered = jitter(events, Duration.ofMinutes(10), new Random(3));
        ActivityLog log = ActivityLog.create();
        for (int i = 0; i < jittered.size(); i++) {
            log.accept(jittered.get(i));
            if (i % 5_000 == 4_999) {
                ActivityScorer.defaults().score(log);
            }
        }
        assertThat(log.waitingEvents()).isPositive();
        assertThat(ActivityScorer.defaults().score(log))
                .isEqualTo(ActivityScorer.defaults().score(ActivityLog.create().addAll(events)));
        assertThat(log.lateEvents()).isZero();
    }

    @Test
    void memoryPerActorStaysBoundedByTheBuffer() {
        ActivityLog log = ActivityLog.builder().reorderBuffer(100).build();
        for (int i = 0; i < 10_000; i++) {
            log.accept(ActivityEvent.of(START.plusSeconds(i), "a", 10));
        }
        assertThat(log.waitingEvents()).isEqualTo(100);
        // the waiting events, and the gaps of a long run of requests kept until it is decided (256 of them)
        assertThat(log.maxBytesPerActor()).isEqualTo(ActivityLog.bytesPerActor() + 100 * Pending.BYTES + 5 * 256 * 8);
        assertThat(log.approximateBytes()).isLessThanOrEqualTo(log.maxBytesPerActor() + 512);
        // a few events an hour: only the last hour's wait
        ActivityLog sparse = ActivityLog.create();
        for (int i = 0; i < 1_000; i++) {
            sparse.accept(ActivityEvent.of(START.plusSeconds(600L * i), "b", 10));
        }
        assertThat(sparse.waitingEvents()).isEqualTo(7);
    }

    /**
     * A run's gaps wait until it is decided whether it is a conversation: counted for cadence's spread when it is
     * not, for its period alone when it is; never lost, also where the run length is above the 256 requests after which
     * a long run is decided (a reviewer's run of 280 under a run length of 300 lost its 279 gaps).
     */
    @Test
    void aRunsGapsAreCountedOnceWhateverItIs() {
        for (int splitRun : new int[] {10, 300}) {
            for (boolean grow : new boolean[] {true, false}) {
                ActivityLog log = ActivityLog.builder().splitRun(splitRun).build();
                java.util.Random r = new java.util.Random(3);
                for (int k = 0; k < 280; k++) {
                    long size = grow ? 1000 + 400L * k : 1000 + r.nextInt(5000); // a turn: a message and its reply
                    log.accept(new ActivityEvent(START.plusSeconds(10L * k), "p", size, "s", "", null, null));
                }
                ActorState a = log.snapshot().actors().get(0);
                assertThat(a.gaps).as("run length %d, growing %s", splitRun, grow).isEqualTo(279);
                boolean conversation = grow && splitRun <= 280;
                assertThat(a.conversationEvents).isEqualTo(conversation ? 280 : 0);
                assertThat(a.sessionGaps).isEqualTo(conversation ? 0 : 279);
            }
        }
    }

    @Test
    void theSettingsAreValidated() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ActivityLog.builder().reorderWindow(Duration.ofDays(-1)))
                .hasMessageContaining("reorderWindow");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> ActivityLog.builder().reorderBuffer(0))
                .hasMessageContaining("reorderBuffer");
        assertThat(ActivityLog.create().reorderWindow()).isEqualTo(Duration.ofHours(1));
        assertThat(ActivityLog.create().reorderBuffer()).isEqualTo(1_000);
        assertThat(ActivityScorer.span(90_000, false)).isEqualTo("2 minutes");
        assertThat(ActivityScorer.span(3_600_000, false)).isEqualTo("1 hour");
        assertThat(ActivityScorer.span(2_410_000_000L, true)).isEqualTo("27.9 days");
        assertThat(ActivityScorer.span(0, true)).isEqualTo("0 seconds");
    }

    // ---------------------------------------------------------------------------------------------- logs

    /** Four weeks of a simulated team: 20 genuine people and one of each manufactured kind, in time order. */
    static List<ActivityEvent> simulatedTeam() {
        List<ActivityEvent> all = new ArrayList<>();
        long seed = 100;
        for (ActivitySimulation.Actor a : ActivitySimulation.organisation(1, 20, 1)) {
            ActivitySimulation.events(a, seed++, all::add);
        }
        all.sort(Comparator.comparing(ActivityEvent::timestamp));
        return all;
    }

    /** The events in the order of their time plus a random delay up to {@code most}: none moves by more. */
    static List<ActivityEvent> jitter(List<ActivityEvent> events, Duration most, Random r) {
        record Delayed(long at, int index, ActivityEvent event) {
        }
        List<Delayed> d = new ArrayList<>();
        for (int i = 0; i < events.size(); i++) {
            ActivityEvent e = events.get(i);
            d.add(new Delayed(e.timestamp().toEpochMilli() + (long) (r.nextDouble() * most.toMillis()), i, e));
        }
        d.sort(Comparator.comparingLong(Delayed::at).thenComparingInt(Delayed::index));
        return d.stream().map(Delayed::event).toList();
    }

    /**
     * A small log in time order: a few actors over two days, people in bursty sessions, scripts at regular intervals
     * with canned questions, task splitters in rapid runs on one topic, agents, artifacts, and many ties (timestamps
     * on whole seconds, some repeated).
     */
    static List<ActivityEvent> smallLog(long seed, int count) {
        Random r = new Random(seed);
        int actors = 4 + r.nextInt(5);
        String[] kinds = {"person", "script", "splitter", "person", "agent-owner"};
        String[] topics = {"0000aaaa", "0000bbbb", "0000cccc"};
        String[] agents = {"ci", "draft-bot", "review-bot"};
        List<ActivityEvent> out = new ArrayList<>();
        while (out.size() < count) {
            int who = r.nextInt(actors);
            String actor = "u" + who;
            String segment = who % 3 == 0 ? "s2" : "s1";
            String kind = kinds[who % kinds.length];
            long t = START.toEpochMilli() / 1000 + r.nextInt(2 * 86_400);
            int n = Math.min(count - out.size(), 1 + r.nextInt(kind.equals("person") ? 6 : 25));
            String topic = topics[r.nextInt(topics.length)];
            for (int i = 0; i < n; i++) {
                String fp;
                long tokens;
                String agent = null;
                switch (kind) {
                    case "script":
                        fp = topic + ":" + String.valueOf((char) ('1' + r.nextInt(3))).repeat(24);
                        tokens = 30 + r.nextInt(5);
                        t += 60 + r.nextInt(3);
                        break;
                    case "splitter":
                        fp = topic + ":" + hex24(r);
                        tokens = 100 + r.nextInt(100);
                        t += 5 + r.nextInt(20);
                        break;
                    default:
                        fp = r.nextInt(5) == 0 ? null : topics[r.nextInt(topics.length)] + ":" + hex24(r);
                        tokens = Math.max(0, Math.round(800 * Math.exp(r.nextGaussian())));
                        t += r.nextInt(4) == 0 ? 0 : Math.round(60 * Math.exp(r.nextGaussian()));
                        if (kind.equals("agent-owner") && r.nextBoolean()) {
                            agent = agents[r.nextInt(agents.length)];
                        }
                        break;
                }
                String artifact = r.nextInt(3) == 0 ? "PR-" + r.nextInt(5) : null;
                out.add(new ActivityEvent(Instant.ofEpochSecond(t), actor, tokens, segment, fp, agent, artifact));
                if (r.nextInt(10) == 0 && out.size() < count) {
                    out.add(out.get(out.size() - 1)); // an exact repeat at the same second
                }
            }
        }
        out.sort(Comparator.comparing(ActivityEvent::timestamp));
        return out;
    }

    private static String hex24(Random r) {
        return String.format(Locale.ROOT, "%016x%08x", r.nextLong(), r.nextInt());
    }

    /** The order-free findings of an actor: signature, statistic, p-value and robust z. */
    private static List<List<Object>> orderFree(ActorActivity a) {
        List<List<Object>> out = new ArrayList<>();
        for (Finding f : a.signatures()) {
            if (ORDER_FREE.contains(f.detector())) {
                out.add(List.of(f.detector(), f.statistic(), f.pValue(), f.effect()));
            }
        }
        out.sort(Comparator.comparing(l -> (String) l.get(0)));
        return out;
    }
}
