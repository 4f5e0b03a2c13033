package dev.goodhart.activity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The share of a segment's tokens its flagged actors used, as a reader sees it. */
class SegmentActivityTest {
    private static String percent(long tokens, long flagged) {
        return new SegmentActivity("web", 3, 1, tokens, flagged, 40).flaggedTokenPercent();
    }

    /**
     * An export without token counts says "n/a", not "0%" beside a flagged actor; a small share keeps a decimal
     * (a pinger's 2,412 of 717,000 read "0%", as a segment with nothing flagged).
     */
    @Test
    void aShareReadsAsWhatItIs() {
        assertThat(percent(0, 0)).isEqualTo("n/a");
        assertThat(percent(717_000, 0)).isEqualTo("0%");
        assertThat(percent(717_000, 2_412)).isEqualTo("0.3%");
        assertThat(percent(1_000_000, 1)).isEqualTo("0.1%");
        assertThat(percent(1_000, 10)).isEqualTo("1%");
        assertThat(percent(1_000, 994)).isEqualTo("99%");
        assertThat(percent(1_000, 1_000)).isEqualTo("100%");
    }
}
