package dev.goodhart.model;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class FindingTest {
    /**
     * A negative zero statistic or effect (a slope of a constant series times -1) reads as a sign in JSON ("effect" :
     * -0.0, helper-173): a finding holds plain zeros.
     */
    @Test
    void negativeZerosArePlainZeros() {
        Finding f = new Finding("yield-decay", -0.0, 0.5, 0.5, -0.0, "no change");
        assertThat(Double.doubleToRawLongBits(f.statistic())).isEqualTo(Double.doubleToRawLongBits(0.0));
        assertThat(Double.doubleToRawLongBits(f.effect())).isEqualTo(Double.doubleToRawLongBits(0.0));
        assertThat(new Finding("d", -1.5, 0.5, 0.5, -2.0, "m").effect()).isEqualTo(-2.0);
    }

    /**
     * A score prints rounded down, so it never reads as the next band's: a capped 49.9 beside WATCH read "50", and
     * 59.9 beside DIVERGING "60" (helper-174).
     */
    @Test
    void scoresPrintRoundedDown() {
        assertThat(dev.goodhart.report.Verdict.scoreText(49.9)).isEqualTo("49");
        assertThat(dev.goodhart.report.Verdict.scoreText(59.9)).isEqualTo("59");
        assertThat(dev.goodhart.report.Verdict.scoreText(60.0)).isEqualTo("60");
        assertThat(dev.goodhart.report.Verdict.scoreText(0.0)).isEqualTo("0");
        assertThat(dev.goodhart.report.Verdict.scoreText(100.0)).isEqualTo("100");
    }
}
