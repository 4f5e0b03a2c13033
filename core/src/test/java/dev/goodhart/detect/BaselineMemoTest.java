package dev.goodhart.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.Link;
import dev.goodhart.model.Metric;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A pair that takes over the baseline statistics of an earlier pair with the same baseline (a live scorer's next day)
 * gets from every per-segment detector exactly what a pair computing everything afresh gets: over many days whose
 * recent windows differ (so that the common-shock flags in the baseline come and go with the recent window's spread),
 * holiday weeks in the baseline, zero periods (whose offsets a zero in the recent window alone changes), missing
 * periods, daily and weekly series, baselines of 5 to 60 periods, both outcome directions.
 */
class BaselineMemoTest {
    private static final LocalDate START = LocalDate.of(2024, 1, 1);

    @Test
    void carriedStatisticsGiveWhatFreshOnesGive() {
        SplittableRandom r = new SplittableRandom(2026_12_01L);
        int carried = 0;
        int flagsDiffered = 0;
        for (int chain = 0; chain < 60; chain++) {
            Granularity g = chain % 3 == 0 ? Granularity.WEEK : Granularity.DAY;
            Direction dir = chain % 4 == 1 ? Direction.LOWER : Direction.HIGHER;
            int split = new int[] {5, 9, 20, 60}[chain % 4];
            // links with a lag or an inverse expected relation, and the organisation's segment, now and then
            Link link = chain % 5 == 3 ? new Link("tokens", "output", -1, 0)
                    : chain % 5 == 4 ? new Link("tokens", "output", 1, 2) : Link.of("tokens", "output");
            String segment = chain % 7 == 0 ? "*" : "team";
            double[][] base = baseline(r, split, chain);
            PairSeries earlier = null;
            boolean[] earlierFlags = null;
            for (int day = 0; day < 8; day++) {
                int recent = 10 + day * 3;
                double[][] series = withRecent(r, base, recent, chain, day);
                PairSeries pair = pair(series, split, g, dir, link, segment);
                boolean took = pair.carryBaseline(earlier == null ? null : earlier.keptBaseline());
                // days 3 and 7 have a zero after the split (a different offset), so the days after them differ too
                assertThat(took).as("chain %d day %d", chain, day).isEqualTo(day % 4 == 1 || day % 4 == 2);
                carried += took ? 1 : 0;
                PairSeries fresh = pair(series, split, g, dir, link, segment);
                for (Detector d : Detectors.defaults()) {
                    assertThat(d.detect(pair)).as("%s, chain %d, day %d", d.name(), chain, day)
                            .isEqualTo(d.detect(fresh));
                }
                boolean[] flags = pair.commonShocks();
                if (earlier != null && took && !BaselineMemo.sameFlags(earlierFlags, flags, split)) {
                    flagsDiffered++;
                }
                pair.forgetDerived(true);
                earlier = pair;
                earlierFlags = flags;
            }
        }
        assertThat(carried).as("pairs that took over a baseline").isEqualTo(60 * 4);
        assertThat(flagsDiffered).as("days whose baseline flags differed from the day before's").isGreaterThan(5);
    }

    @Test
    void nothingIsCarriedWhenTheBaselineDiffersInAnyWay() {
        SplittableRandom r = new SplittableRandom(5);
        double[][] base = baseline(r, 30, 0);
        double[][] a = withRecent(r, base, 30, 0, 0);
        PairSeries batch = pair(a, 30, Granularity.DAY, Direction.HIGHER);
        for (Detector d : Detectors.defaults()) {
            d.detect(batch);
        }
        batch.forgetDerived(true);
        assertThat(batch.keptBaseline()).as("a pair never asked to keep statistics keeps none").isNull();
        PairSeries examined = pair(a, 30, Granularity.DAY, Direction.HIGHER);
        assertThat(examined.carryBaseline(null)).isFalse(); // statistics of its own, to keep
        for (Detector d : Detectors.defaults()) {
            d.detect(examined);
        }
        assertThat(examined.keptBaseline()).as("kept only when asked to").isNull();
        examined.forgetDerived(true);
        BaselineMemo earlier = examined.keptBaseline();
        assertThat(pair(a, 30, Granularity.DAY, Direction.HIGHER).carryBaseline(earlier)).isTrue();
        double[][] oneUlp = {a[0].clone(), a[1].clone()};
        oneUlp[1][12] = Math.nextUp(oneUlp[1][12]);
        assertThat(pair(oneUlp, 30, Granularity.DAY, Direction.HIGHER).carryBaseline(earlier)).isFalse();
        double[][] zeroLater = {a[0].clone(), a[1].clone()};
        zeroLater[0][45] = 0; // a zero after the split gives the proxy's logarithms an offset
        assertThat(pair(zeroLater, 30, Granularity.DAY, Direction.HIGHER).carryBaseline(earlier)).isFalse();
        assertThat(pair(a, 31, Granularity.DAY, Direction.HIGHER).carryBaseline(earlier)).isFalse();
        assertThat(pair(a, 30, Granularity.WEEK, Direction.HIGHER).carryBaseline(earlier)).isFalse();
        assertThat(pair(a, 30, Granularity.DAY, Direction.LOWER).carryBaseline(earlier)).isFalse();
        assertThat(pair(a, 30, Granularity.DAY, Direction.HIGHER).carryBaseline(null)).isFalse();
        PairSeries otherSegment = new PairSeries(Link.of("tokens", "output"), Metric.proxy("tokens", "tokens"),
                Metric.outcome("output", Direction.HIGHER, "units"), "another team", Granularity.DAY, START, a[0],
                a[1], 30, 7L, true);
        assertThat(otherSegment.carryBaseline(earlier)).isFalse();
        examined.forgetDerived();
        assertThat(examined.keptBaseline()).as("forgotten: nothing kept").isNull();
    }

    private static PairSeries pair(double[][] s, int split, Granularity g, Direction dir) {
        return pair(s, split, g, dir, Link.of("tokens", "output"), "team");
    }

    private static PairSeries pair(double[][] s, int split, Granularity g, Direction dir, Link link, String segment) {
        return new PairSeries(link, Metric.proxy("tokens", "tokens"), Metric.outcome("output", dir, "units"), segment,
                g, START, s[0], s[1], split, 7L, true);
    }

    /**
     * Detectors run on one pair from two threads at once, and on two pairs that took over one kept memo: every result
     * equals the one-thread result. A smoke test: races are rare. (An entry written field by field let a reader see it
     * half made: a change-point test skipped as "does not vary" 12 times in 45,000 tries of a review's harness; with
     * each entry immutable and published by one volatile write, 0 in 284,000.)
     */
    @Test
    void pairsMayBeExaminedFromSeveralThreads() throws Exception {
        SplittableRandom r = new SplittableRandom(3);
        int split = 400;
        double[][] base = baseline(r, split, 1);
        double[][] s = withRecent(r, base, 30, 0, 0);
        List<Detector> detectors = Detectors.defaults();
        List<DetectorResult> expected = new ArrayList<>();
        for (Detector d : detectors) {
            expected.add(d.detect(pair(s, split, Granularity.WEEK, Direction.HIGHER)));
        }
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            for (int round = 0; round < 300; round++) {
                PairSeries yesterday = pair(s, split, Granularity.WEEK, Direction.HIGHER);
                yesterday.carryBaseline(null);
                new GrowthDivergence().detect(yesterday); // a memo with one entry, the others still to come
                yesterday.forgetDerived(true);
                PairSeries one = pair(s, split, Granularity.WEEK, Direction.HIGHER);
                PairSeries other = pair(s, split, Granularity.WEEK, Direction.HIGHER);
                if (round % 2 == 0) {
                    assertThat(one.carryBaseline(yesterday.keptBaseline())).isTrue();
                    assertThat(other.carryBaseline(yesterday.keptBaseline())).isTrue();
                } else {
                    assertThat(one.carryBaseline(null)).isFalse(); // statistics of its own, empty
                    other = one; // the same pair from both threads
                }
                PairSeries a = one;
                PairSeries b = other;
                for (int i = 0; i < detectors.size(); i++) {
                    Detector d = detectors.get(i);
                    java.util.concurrent.CyclicBarrier start = new java.util.concurrent.CyclicBarrier(2);
                    java.util.concurrent.Future<DetectorResult> fa = pool.submit(() -> {
                        start.await();
                        return d.detect(a);
                    });
                    java.util.concurrent.Future<DetectorResult> fb = pool.submit(() -> {
                        start.await();
                        return d.detect(b);
                    });
                    assertThat(fa.get()).as("%s, round %d", d.name(), round).isEqualTo(expected.get(i));
                    assertThat(fb.get()).as("%s, round %d", d.name(), round).isEqualTo(expected.get(i));
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /** A baseline with a weekly rhythm, a holiday or two where both series collapse, a missing period, zeros. */
    private static double[][] baseline(SplittableRandom r, int n, int chain) {
        double[] p = new double[n];
        double[] o = new double[n];
        for (int t = 0; t < n; t++) {
            double w = Math.exp(0.15 * r.nextGaussian());
            p[t] = 1000 * w * (t % 7 == 5 ? 0.6 : 1);
            o[t] = 40 * Math.pow(w, 0.5) * Math.exp(0.1 * r.nextGaussian());
        }
        if (n >= 9) {
            // a holiday of a size near the screen's threshold, so the recent window's spread decides whether it counts
            double depth = Math.exp(-(0.45 + 0.5 * r.nextDouble()));
            p[n / 2] *= depth;
            o[n / 2] *= depth;
            p[3] = Double.NaN;
        }
        if (chain % 5 == 2) {
            o[1] = 0; // a zero in the baseline: the outcome's logarithms have an offset from the start
        }
        return new double[][] {p, o};
    }

    /** The baseline followed by {@code recent} periods: gamed or not, calm or loud, sometimes with a zero. */
    private static double[][] withRecent(SplittableRandom r, double[][] base, int recent, int chain, int day) {
        int n = base[0].length;
        double[] p = java.util.Arrays.copyOf(base[0], n + recent);
        double[] o = java.util.Arrays.copyOf(base[1], n + recent);
        double spread = day % 2 == 0 ? 0.05 : 0.4; // the recent window's spread moves the screen's scale
        for (int t = n; t < n + recent; t++) {
            double w = Math.exp(spread * r.nextGaussian());
            p[t] = 1000 * w * (chain % 2 == 0 ? 1.8 : 1);
            o[t] = 40 * Math.pow(w, 0.5) * Math.exp(0.1 * r.nextGaussian());
            if (r.nextDouble() < 0.05) {
                o[t] = Double.NaN;
            }
        }
        if (day % 4 == 3) {
            p[n + 1] = 0; // a zero after the split: the proxy's offset changes, nothing may be carried
        }
        return new double[][] {p, o};
    }
}
