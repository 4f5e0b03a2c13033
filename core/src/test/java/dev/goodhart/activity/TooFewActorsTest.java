package dev.goodhart.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;

/**
 * Every actor is compared with at least {@code minPeers} others (8 by default): a log of fewer actors has none
 * examined, and the report says so rather than "0 flagged" without a word (helper-165: a Bedrock account of seven
 * principals, one a pinger of identical requests every five minutes).
 */
class TooFewActorsTest {
    private static ActivityLog log(int people) {
        ActivityLog log = ActivityLog.create();
        Instant start = Instant.parse("2025-03-03T08:00:00Z");
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        for (int a = 0; a < people; a++) {
            long t = start.getEpochSecond() + 97L * a;
            for (int i = 0; i < 40; i++) {
                t += 60 + r.nextInt(3600); // people's own pace
                log.accept(new ActivityEvent(Instant.ofEpochSecond(t), "person-" + a, 300 + r.nextInt(3000),
                        "team", String.format("%08x:%024x", a, i), null, null));
            }
        }
        for (int i = 0; i < 300; i++) {
            log.accept(new ActivityEvent(start.plusSeconds(300L * i), "pinger", 35, "team",
                    "0000abcd:" + "1".repeat(24), null, null));
        }
        return log;
    }

    @Test
    void aLogOfTooFewActorsSaysNoneWasExamined() {
        ActivityReport few = ActivityScorer.defaults().score(log(6));
        assertThat(few.actors()).hasSize(7).allSatisfy(a -> assertThat(a.score()).isZero());
        assertThat(few.notes()).anySatisfy(n -> assertThat(n).startsWith("Only 7 actors: each is compared with at "
                + "least 8 others").contains("none was examined"));
        ActivityReport enough = ActivityScorer.defaults().score(log(8));
        assertThat(enough.notes()).noneSatisfy(n -> assertThat(n).startsWith("Only "));
        assertThat(enough.actor("team", "pinger").orElseThrow().flagged()).isTrue();
        // fewer peers may be asked for
        ActivityReport three = ActivityScorer.builder().minPeers(3).build().score(log(6));
        assertThat(three.notes()).noneSatisfy(n -> assertThat(n).startsWith("Only "));
        assertThat(three.actor("team", "pinger").orElseThrow().score()).isPositive();
    }

    @Test
    void aDayLevelExportOfTooFewUsersSaysSo() {
        DailyUsageLog log = DailyUsageLog.create();
        for (int p = 0; p < 5; p++) {
            for (int d = 0; d < 20; d++) {
                log.accept(DailyUsage.builder(LocalDate.of(2025, 9, 1).plusDays(d), "dev-" + p).segment("web")
                        .prompts(10 + p + d % 3).build());
            }
        }
        ActivityReport report = DailyActivityScorer.defaults().score(log);
        assertThat(report.notes().get(0)).startsWith("Only 5 actors: each is compared with at least 8 others "
                + "(DailyActivityScorer.builder().minPeers(...)");
    }
}
