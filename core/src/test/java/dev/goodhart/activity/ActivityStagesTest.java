package dev.goodhart.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/**
 * The staged scoring of a log cut into parts (whole segments each), as a distributed run does it: totals merged,
 * which signatures need the organisation's peers, those values merged, each part scored, the report assembled. It
 * must equal scoring the whole log in one piece, exactly, with segments too small to be their own peers (the
 * organisation's values then) and segments large enough.
 */
class ActivityStagesTest {
    @Property(tries = 40)
    void partsScoredApartEqualTheWholeLog(@ForAll @LongRange(min = 0, max = 100_000) long seed,
                                          @ForAll @IntRange(min = 1, max = 5) int parts) {
        Random r = new Random(seed);
        Map<String, List<ActivityEvent>> bySegment = new TreeMap<>();
        int segments = 1 + r.nextInt(12);
        for (int s = 0; s < segments; s++) {
            String segment = "team-" + s;
            int actors = 1 + r.nextInt(r.nextBoolean() ? 6 : 20); // some below the 8 peers a segment needs
            List<ActivityEvent> events = new ArrayList<>();
            for (int a = 0; a < actors; a++) {
                boolean script = r.nextInt(12) == 0;
                long t = Instant.parse("2025-03-03T00:00:00Z").getEpochSecond() + r.nextInt(86_400);
                int n = 10 + r.nextInt(120);
                for (int k = 0; k < n; k++) {
                    t += script ? 300 : 60 + (long) (3600 * -Math.log(1 - r.nextDouble()) / 4);
                    String request = script ? "0000abcd:" + "1".repeat(24)
                            : String.format(Locale.ROOT, "%08x:%024x", r.nextInt(1 << 20), r.nextLong() & Long.MAX_VALUE);
                    String artifact = !script && r.nextInt(3) == 0 ? "PR-" + k : null;
                    String agent = r.nextInt(10) == 0 ? "agent-" + a : null;
                    events.add(new ActivityEvent(Instant.ofEpochSecond(t), "p" + s + "-" + a,
                            script ? 40 : 100 + r.nextInt(3000), segment, request, agent, artifact));
                }
            }
            bySegment.put(segment, events);
        }
        ActivityLog whole = ActivityLog.create();
        List<ActivityLog> pieces = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            pieces.add(ActivityLog.create());
        }
        for (List<ActivityEvent> events : bySegment.values()) {
            ActivityLog piece = pieces.get(r.nextInt(parts));
            for (ActivityEvent e : events) {
                whole.accept(e);
                piece.accept(e);
            }
        }
        ActivityScorer scorer = ActivityScorer.builder().monthlyReporting(r.nextBoolean()).build();
        ActivityReport expected = scorer.score(whole);

        ActivityScorer.Totals totals = ActivityScorer.Totals.empty();
        for (ActivityLog piece : pieces) {
            totals.merge(scorer.totals(piece));
        }
        ActivityScorer.PeerValues needs = ActivityScorer.PeerValues.empty();
        for (ActivityLog piece : pieces) {
            needs.merge(scorer.part(piece, totals).needs());
        }
        ActivityScorer.PeerValues organisation = ActivityScorer.PeerValues.empty();
        for (ActivityLog piece : pieces) {
            organisation.merge(scorer.part(piece, totals).values(needs));
        }
        List<ActorActivity> actors = new ArrayList<>();
        for (ActivityLog piece : pieces) {
            actors.addAll(scorer.part(piece, totals).score(organisation));
        }
        ActivityReport staged = scorer.report(totals, actors);
        assertThat(staged).isEqualTo(expected);
        assertThat(totals.actors()).isEqualTo(expected.actors().size());
    }

    /** Segments of 30 busy people each: every signature has its peers in the segment, nothing crosses from others. */
    @net.jqwik.api.Example
    void largeSegmentsNeedNothingFromTheOrganisation() {
        Random r = new Random(3);
        List<ActivityLog> pieces = List.of(ActivityLog.create(), ActivityLog.create());
        for (int s = 0; s < 4; s++) {
            for (int a = 0; a < 30; a++) {
                long t = Instant.parse("2025-03-03T08:00:00Z").getEpochSecond();
                for (int k = 0; k < 200; k++) {
                    t += 30 + (long) (1800 * -Math.log(1 - r.nextDouble()));
                    pieces.get(s % 2).accept(new ActivityEvent(Instant.ofEpochSecond(t), "p" + s + "-" + a,
                            100 + r.nextInt(3000), "team-" + s,
                            String.format(Locale.ROOT, "%08x:%024x", r.nextInt(1 << 20), r.nextLong() & Long.MAX_VALUE),
                            null, r.nextBoolean() ? "PR-" + k : null));
                }
            }
        }
        ActivityScorer scorer = ActivityScorer.defaults();
        ActivityScorer.Totals totals = ActivityScorer.Totals.empty();
        pieces.forEach(p -> totals.merge(scorer.totals(p)));
        ActivityScorer.PeerValues needs = ActivityScorer.PeerValues.empty();
        pieces.forEach(p -> needs.merge(scorer.part(p, totals).needs()));
        assertThat(totals.actors()).isEqualTo(120);
        assertThat(needs.signatures()).isEmpty();
        assertThat(needs.size()).isZero();
    }
}
