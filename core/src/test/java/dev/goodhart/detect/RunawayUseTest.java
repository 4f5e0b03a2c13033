package dev.goodhart.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.Link;
import dev.goodhart.model.Metric;
import dev.goodhart.sim.zoo.Zoo;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The rule that leaves runaway weeks of use out ({@link RunawayUse}), on log block levels. */
class RunawayUseTest {
    private static final int BEFORE = 15;
    private static final int AFTER = 15;

    /** Log levels of 15 + 15 blocks: 0 with noise of sd 0.05, a step of {@code step} at the split. */
    private static double[] levels(long seed, double step) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] level = new double[BEFORE + AFTER];
        for (int b = 0; b < level.length; b++) {
            level[b] = 0.05 * Zoo.gaussian(r) + (b >= BEFORE ? step : 0);
        }
        return level;
    }

    @Test
    void anIsolatedWeekFarAboveItsLineIsLeftOutOnEitherSide() {
        double[] level = levels(1, 0);
        level[5] += Math.log(3);
        assertThat(RunawayUse.spikes(level, BEFORE)).containsExactly(5);
        level = levels(1, Math.log(2));
        level[22] += Math.log(3);
        assertThat(RunawayUse.spikes(level, BEFORE)).containsExactly(22);
    }

    @Test
    void recurringRunawayWeeksAreLeftOutAlikeBeforeAndAfter() {
        double[] level = levels(2, 0);
        for (int b : new int[] {3, 10, 18, 26}) {
            level[b] += Math.log(4);
        }
        assertThat(RunawayUse.spikes(level, BEFORE)).containsExactly(3, 10, 18, 26);
    }

    @Test
    void aJumpAtTheDateRampsAndNeighbouringHighWeeksAreTheUsesStory() {
        // a doubling at the date: the first week after it is raised against the baseline's line, but so are the rest
        assertThat(RunawayUse.spikes(levels(3, Math.log(2)), BEFORE)).isEmpty();
        // two high weeks side by side (a crunch, a rise that began before the date) are not a spike
        double[] level = levels(3, 0);
        level[7] += Math.log(3);
        level[8] += Math.log(3);
        assertThat(RunawayUse.spikes(level, BEFORE)).isEmpty();
        level = levels(3, 0);
        level[14] += Math.log(3);
        level[15] += Math.log(3);
        assertThat(RunawayUse.spikes(level, BEFORE)).isEmpty();
        // weeks of low use are how the use is
        level = levels(3, 0);
        level[6] -= Math.log(5);
        level[20] -= Math.log(5);
        assertThat(RunawayUse.spikes(level, BEFORE)).isEmpty();
        // a week half again above its line is within what use does
        level = levels(3, 0);
        level[6] += Math.log(1.5);
        assertThat(RunawayUse.spikes(level, BEFORE)).isEmpty();
    }

    @Test
    void burstsThatBeganAfterTheDateAreAPatternOfUseAndNothingIsLeftOut() {
        // a script that runs every third or fourth week since the date, none before: the bursts are the use
        double[] level = levels(4, 0);
        for (int b : new int[] {16, 19, 23, 26, 29}) {
            level[b] += Math.log(3);
        }
        level[4] += Math.log(3);
        assertThat(RunawayUse.spikes(level, BEFORE)).isEmpty();
        // bursts throughout the baseline likewise: none is left out on either side
        level = levels(4, 0);
        for (int b : new int[] {1, 4, 8, 12, 20}) {
            level[b] += Math.log(3);
        }
        assertThat(RunawayUse.spikes(level, BEFORE)).isEmpty();
    }

    @Test
    void aSideKeepsAtLeastSixBlocksAndAShortSideHasNoLine() {
        double[] level = levels(5, 0);
        double[] shortAfter = Arrays.copyOf(level, BEFORE + 5);
        shortAfter[BEFORE + 2] += Math.log(4);
        assertThat(RunawayUse.spikes(shortAfter, BEFORE)).isEmpty();
        double[] sparse = levels(5, 0);
        Arrays.fill(sparse, 0, 8, Double.NaN);
        sparse[10] += Math.log(4);
        // 7 blocks with use: one may go, six remain
        assertThat(RunawayUse.spikes(sparse, BEFORE)).containsExactly(10);
        sparse[8] = Double.NaN;
        assertThat(RunawayUse.spikes(sparse, BEFORE)).isEmpty();
    }

    /**
     * Equivariance: the same blocks are left out whatever the use's scale and whatever trend runs through both sides
     * (the Theil-Sen line moves with it), with any one runaway week of at least three times its line placed anywhere,
     * the edges and the weeks beside the split included.
     */
    @Property(tries = 300)
    void theSameWeeksWhateverTheScaleAndTheTrend(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
                                                 @ForAll @DoubleRange(min = -30, max = 30) double logScale,
                                                 @ForAll @DoubleRange(min = -0.1, max = 0.1) double slope,
                                                 @ForAll @IntRange(min = 0, max = 29) int at,
                                                 @ForAll @DoubleRange(min = 3, max = 50) double runaway) {
        double[] level = levels(seed, 0);
        level[at] += Math.log(runaway);
        List<Integer> plain = RunawayUse.spikes(level, BEFORE);
        double[] moved = new double[level.length];
        for (int b = 0; b < level.length; b++) {
            moved[b] = level[b] + logScale + slope * b;
        }
        assertThat(RunawayUse.spikes(moved, BEFORE)).isEqualTo(plain);
        assertThat(plain).containsExactly(at);
    }

    @Test
    void thePairKeepsItsOutcomeAndLosesOnlyTheRunawayWeeksUse() {
        int days = 210;
        double[] proxy = new double[days];
        double[] outcome = new double[days];
        SplittableRandom r = new SplittableRandom(6);
        for (int t = 0; t < days; t++) {
            proxy[t] = 1000 * (t % 7 >= 5 ? 0.3 : 1.15) * Math.exp(0.1 * Zoo.gaussian(r)) * (t == 40 ? 30 : 1);
            outcome[t] = 5 * Math.exp(0.05 * Zoo.gaussian(r));
        }
        PairSeries s = new PairSeries(Link.of("tokens", "cycle_time"), Metric.proxy("tokens", "tokens"),
                Metric.outcome("cycle_time", Direction.LOWER, "days"), "team", Granularity.DAY,
                LocalDate.of(2025, 1, 6), proxy, outcome, 105, 1, true);
        RunawayUse runaway = RunawayUse.of(s);
        assertThat(runaway.any()).isTrue();
        double[] kept = runaway.series().proxy();
        for (int t = 0; t < days; t++) {
            // the week of day 40 (days 35 to 41, blocks aligned on the split at day 105) is missing, nothing else
            assertThat(Double.isNaN(kept[t])).as("day %d", t).isEqualTo(t >= 35 && t < 42);
        }
        assertThat(runaway.series().outcome()).containsExactly(outcome);
        assertThat(runaway.clause()).isEqualTo("a runaway week of tokens left out as missing (the week of 2025-02-10)");
        assertThat(RunawayUse.of(runaway.series()).any()).isFalse();
    }
}
