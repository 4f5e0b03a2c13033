package dev.goodhart.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.model.Metric;
import java.lang.management.ManagementFactory;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Issue 18: the folds' conclusions on a driver allocate nothing that grows with the segments beyond tail divergence's
 * one scratch array (8 bytes a segment); the expected response's works in its fold's own arrays (measured as the same
 * allocation with a quarter of the segments). Measured with the
 * thread's allocation counter (HotSpot) over 200,000 segments (2,000 teams' summaries, each added 100 times).
 */
class StagedConclusionMemoryTest {
    private static final int SEGMENTS = 200_000;

    @Test
    void conclusionsAllocateAFixedSizeAndOneScratchArray() {
        assumeTrue(ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean);
        com.sun.management.ThreadMXBean mx = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(mx.isThreadAllocatedMemorySupported() && mx.isThreadAllocatedMemoryEnabled());
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("output", Direction.HIGHER, "units").link("tokens", "output").granularity(Granularity.WEEK)
                .build();
        Link link = model.links().get(0);
        StagedPortfolioDetector.Context context = new StagedPortfolioDetector.Context(model, link, 1);
        ExpectedResponse expected = new ExpectedResponse();
        TailDivergence tail = new TailDivergence();
        List<ExpectedResponse.Summary> summaries = new ArrayList<>();
        List<TailDivergence.Growth> growths = new ArrayList<>();
        Random random = new Random(18);
        int weeks = 104;
        int split = 52;
        for (int k = 0; k < 2000; k++) {
            double[] p = new double[weeks];
            double[] o = new double[weeks];
            double lift = k % 10 == 0 ? 0 : 0.2 + random.nextDouble();
            double trend = random.nextGaussian() * 0.002;
            for (int t = 0; t < weeks; t++) {
                p[t] = 100 * Math.exp(trend * t + (t >= split ? lift : 0) + 0.1 * random.nextGaussian());
                o[t] = 50 * Math.exp(0.5 * trend * t + (t >= split ? 0.3 * lift : 0) + 0.1 * random.nextGaussian());
            }
            PairSeries pair = new PairSeries(link, Metric.proxy("tokens", ""), Metric.outcome("output", Direction.HIGHER, ""),
                    "s" + k, Granularity.WEEK, LocalDate.of(2024, 1, 1), p, o, split, k, k % 10 != 0);
            summaries.add(expected.summarize(context, pair));
            growths.add(tail.summarize(context, pair));
        }
        long thread = Thread.currentThread().getId();
        long[] expectedBytes = new long[3];
        for (int round = 0; round < 3; round++) { // the first round loads classes; the last has a quarter the segments
            int segments = round == 2 ? SEGMENTS / 4 : SEGMENTS;
            var e = expected.merger(context);
            var g = tail.merger(context);
            e.expect(segments);
            g.expect(segments);
            for (int i = 0; i < segments; i++) {
                e.add(summaries.get(i % summaries.size()));
                g.add(growths.get(i % growths.size()));
            }
            long b0 = mx.getThreadAllocatedBytes(thread);
            var ec = e.conclude(Optional.empty());
            long b1 = mx.getThreadAllocatedBytes(thread);
            var gc = g.conclude(Optional.empty());
            long b2 = mx.getThreadAllocatedBytes(thread);
            assertThat(ec.ran()).isTrue();
            assertThat(gc.organisation()).hasSize(1);
            expectedBytes[round] = b1 - b0;
            if (round == 1) {
                // the reference peers' windows, the shared-calendar test on their baselines and, where it finds one
                // (here: the summaries repeat, so the untouched peers do too and their noise is shared), their
                // profiles read without it: at most 402 peers whatever the number of segments (about 1.8 MB here)
                assertThat(b1 - b0).as("expected response").isLessThan(4L << 20);
                assertThat(b2 - b1).as("tail divergence").isLessThan(8L * SEGMENTS + (1L << 20));
            }
        }
        // nothing that grows with the segments: 150,000 segments fewer change it by far less than 8 bytes each (1.2 MB)
        assertThat(Math.abs(expectedBytes[1] - expectedBytes[2])).as("expected response, 200,000 against 50,000")
                .isLessThan(1L << 18);
    }
}
