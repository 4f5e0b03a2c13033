package dev.goodhart.scoring.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.goodhart.stats.MultipleTesting;
import org.junit.jupiter.api.Test;

/** Benjamini-Hochberg per detector family, and a detector calibrated per segment kept out of it. */
class FalseDiscoveryTest {

    /**
     * Two families interleaved with notes: family 0 pooled (its q-values are R's {@code p.adjust(p, "BH")} of its own
     * p-values), family 1 calibrated per segment (q = p, clamped), notes and missing p-values left alone.
     */
    @Test
    void pooledFamiliesGetBenjaminiHochbergAndPerSegmentOnesKeepTheirPValues() {
        short[] family = {0, 1, -1, 0, 1, 0, 1, 0};
        double[] values = {0.01, 0.02, 7, 0.04, 1.0000000001, 0.03, Double.NaN, 0.5};
        int[] order = {0, 1, 2, 3, 4, 5, 6, 7};
        FalseDiscovery.apply(2, new boolean[] {false, true}, order, family, values);
        // p.adjust(c(0.01, 0.04, 0.03, 0.5), "BH") = 0.04 0.0533333 0.0533333 0.5
        assertThat(values[0]).isCloseTo(0.04, within(1e-12));
        assertThat(values[3]).isCloseTo(0.16 / 3, within(1e-12));
        assertThat(values[5]).isCloseTo(0.16 / 3, within(1e-12));
        assertThat(values[7]).isCloseTo(0.5, within(1e-12));
        assertThat(values[1]).isEqualTo(0.02);
        assertThat(values[4]).isEqualTo(1.0);
        assertThat(values[6]).isNaN();
        assertThat(values[2]).isEqualTo(7);
        double[] alone = MultipleTesting.benjaminiHochberg(new double[] {0.01, 0.04, 0.03, 0.5});
        assertThat(new double[] {values[0], values[3], values[5], values[7]}).containsExactly(alone);
    }
}
