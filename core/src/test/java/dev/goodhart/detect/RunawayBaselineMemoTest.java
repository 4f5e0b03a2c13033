package dev.goodhart.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.Link;
import dev.goodhart.model.Metric;
import java.time.LocalDate;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A live scorer carries a pair's baseline statistics from day to day (BaselineMemo); growth divergence reads the
 * baseline without its runaway weeks of use, which can be left out on one day and kept on the next as the weeks since
 * the date grow (a pattern of spikes after the date keeps them all): every detector on a pair that carried its memo
 * gives what it gives on a fresh pair, whether a runaway week appears or disappears (helper-177's check: without the
 * memo's guard, carried baseline means kept the runaway week).
 */
class RunawayBaselineMemoTest {
    private static final LocalDate START = LocalDate.of(2024, 1, 1);

    private static PairSeries pair(double[] p, double[] o, int split, Granularity g) {
        return new PairSeries(Link.of("tokens", "output"), Metric.proxy("tokens", "tokens"),
                Metric.outcome("output", Direction.HIGHER, "units"), "team", g, START, p, o, split, 7L, true);
    }

    @Test
    void carriedMemoAgreesWithFreshAcrossRunawayComingAndGoing() {
        int[] transitions = new int[2];
        int carriedWithRunaway = 0;
        int carriedWithout = 0;
        for (int chain = 0; chain < 40; chain++) {
            SplittableRandom r = new SplittableRandom(chain);
            Granularity g = chain % 2 == 0 ? Granularity.WEEK : Granularity.DAY;
            int block = g == Granularity.DAY ? 7 : 1;
            int split = 26 * block;
            int total = split + 20 * block;
            double[] p = new double[total];
            double[] o = new double[total];
            for (int t = 0; t < total; t++) {
                p[t] = (t < split ? 1000 : 2000) * Math.exp(0.05 * r.nextGaussian());
                o[t] = 50 * Math.exp(0.05 * r.nextGaussian());
            }
            for (int t = 12 * block; t < 13 * block; t++) {
                p[t] *= 1000; // a runaway week in the baseline
            }
            // spikes after the date from block 9 on (after 9 blocks since, a pattern: then nothing is left out)
            for (int b : new int[] {10, 13, 16}) {
                for (int t = split + b * block; t < split + (b + 1) * block; t++) {
                    p[t] *= 1000;
                }
            }
            PairSeries earlier = null;
            Boolean before = null;
            for (int days = 2 * block; days <= 20 * block; days += block) {
                double[] pp = java.util.Arrays.copyOf(p, split + days);
                double[] oo = java.util.Arrays.copyOf(o, split + days);
                PairSeries pair = pair(pp, oo, split, g);
                boolean took = pair.carryBaseline(earlier == null ? null : earlier.keptBaseline());
                PairSeries fresh = pair(pp.clone(), oo.clone(), split, g);
                boolean runaway = fresh.runawayUse().anyUseBefore();
                if (before != null && before != runaway) {
                    transitions[runaway ? 0 : 1]++;
                }
                before = runaway;
                if (took) {
                    if (runaway) {
                        carriedWithRunaway++;
                    } else {
                        carriedWithout++;
                    }
                }
                for (Detector d : Detectors.defaults()) {
                    assertThat(d.detect(pair)).as("%s, chain %d, days %d, runaway %s", d.name(), chain, days, runaway)
                            .isEqualTo(d.detect(fresh));
                }
                pair.forgetDerived(true);
                earlier = pair;
            }
        }
        System.out.printf("transitions appear %d disappear %d; carried with runaway %d without %d%n", transitions[0],
                transitions[1], carriedWithRunaway, carriedWithout);
        assertThat(transitions[0]).isPositive();
        assertThat(transitions[1]).isPositive();
    }
}
