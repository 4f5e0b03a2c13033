package dev.goodhart.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** {@link Growth}: a history re-sent and growing, compacted now and then, against sizes that do not trend. */
class GrowthTest {
    /** A conversation: every request a turn larger than the one before. */
    @Test
    void aGrowingHistoryGrows() {
        Growth g = new Growth();
        for (int i = 0; i < 12; i++) {
            g.add(1_000 + 800L * i);
        }
        assertThat(g.grows()).isTrue();
    }

    /**
     * A tool that compacts its history every 10 requests (back to a third of it) and grows again: each reset and the
     * four requests after it are not counted, so the loop grows; counted as they were before 2026-12-06 (every request
     * from the sixth on against the three three to five before it) it fell under the share.
     */
    @Test
    void aHistoryCompactedEveryTenRequestsStillGrows() {
        Growth g = new Growth();
        long[] sizes = new long[50];
        long context = 20_000;
        for (int i = 0; i < sizes.length; i++) {
            if (i > 0 && i % 10 == 0) {
                context /= 3;
            }
            context += 2_500;
            sizes[i] = context;
            g.add(context);
        }
        assertThat(g.grows()).isTrue();
        int larger = 0;
        for (int i = 5; i < sizes.length; i++) {
            larger += sizes[i] > Math.max(sizes[i - 5], Math.max(sizes[i - 4], sizes[i - 3])) ? 1 : 0;
        }
        assertThat((double) larger / (sizes.length - 5)).isLessThan(ActorState.CONVERSATION_SHARE);
    }

    /**
     * Sizes that do not trend (log-normal, a factor 2.2 for one standard deviation, as the pieces of a task sent on
     * their own): of 20,000 runs of 20 requests, at most 0.1% read as growing.
     */
    @Test
    void sizesWithoutATrendRarelyGrow() {
        SplittableRandom r = new SplittableRandom(5);
        int grows = 0;
        for (int run = 0; run < 20_000; run++) {
            Growth g = new Growth();
            for (int i = 0; i < 20; i++) {
                g.add(Math.round(800 * Math.exp(0.8 * ActivitySimulation.gaussian(r))));
            }
            grows += g.grows() ? 1 : 0;
        }
        assertThat(grows / 20_000.0).isLessThanOrEqualTo(0.001);
    }

    /** A copy is independent, and clearing starts again. */
    @Test
    void copiesAreIndependent() {
        Growth g = new Growth();
        for (int i = 0; i < 10; i++) {
            g.add(100 + 50L * i);
        }
        Growth c = g.copy();
        for (int i = 0; i < 10; i++) {
            g.add(10);
        }
        assertThat(c.grows()).isTrue();
        assertThat(g.grows()).isFalse();
        g.clear();
        assertThat(g.grows()).isFalse();
    }
}
