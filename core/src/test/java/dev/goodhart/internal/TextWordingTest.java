package dev.goodhart.internal;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Each direction worded one way: a duration lengthens or shortens, anything else rises or falls; never a sign. */
class TextWordingTest {
    @Test
    void durationsAreKnownByTheirUnitOrElseTheirName() {
        assertThat(Text.isDuration("cycle_time", "days")).isTrue();
        assertThat(Text.isDuration("review", "h")).isTrue();
        assertThat(Text.isDuration("cycle_time", "")).isTrue();
        assertThat(Text.isDuration("leadTime", "")).isTrue();
        assertThat(Text.isDuration("p95 latency", "")).isTrue();
        assertThat(Text.isDuration("tokens", "")).isFalse();
        assertThat(Text.isDuration("on_time_rate", "%")).as("a unit that is not time wins over the name").isFalse();
        assertThat(Text.isDuration("usage", "")).isFalse();
    }

    @Test
    void aMoveIsAVerbAndAnUnsignedPercentageOfWhereItStarted() {
        assertThat(Text.moved(Math.log(0.88), true)).isEqualTo("shortened 12%");
        assertThat(Text.moved(Math.log(1.12), true)).isEqualTo("lengthened 12%");
        assertThat(Text.moved(Math.log(1.5), false)).isEqualTo("rose 50%");
        assertThat(Text.moved(Math.log(0.5), false)).isEqualTo("fell 50%");
        assertThat(Text.moved(Math.log(1.004), false)).isEqualTo("held level");
        assertThat(Text.moved(0, true)).isEqualTo("held level");
    }

    @Test
    void aComparisonIsOneWordPerDirection() {
        assertThat(Text.comparative(Math.log(0.91), true)).isEqualTo("9% shorter");
        assertThat(Text.comparative(Math.log(1.09), true)).isEqualTo("9% longer");
        assertThat(Text.comparative(Math.log(2.0), false)).isEqualTo("100% higher");
        assertThat(Text.comparative(Math.log(0.5), false)).isEqualTo("50% lower");
        assertThat(Text.comparative(1e-4, false)).isEqualTo("no different");
        assertThat(Text.comparativePercent(0.35, 2, true)).isEqualTo("0.35% longer");
        assertThat(Text.comparativePercent(-0.35, 2, true)).isEqualTo("0.35% shorter");
        assertThat(Text.comparativePercent(-0.004, 2, false)).isEqualTo("no change");
    }

    @Test
    void betterOrWorseFollowsTheMetricsDirection() {
        assertThat(Text.judged(Math.log(0.9), true)).isEqualTo("better");
        assertThat(Text.judged(Math.log(0.9), false)).isEqualTo("worse");
        assertThat(Text.judged(Math.log(1.1), false)).isEqualTo("better");
    }
}
