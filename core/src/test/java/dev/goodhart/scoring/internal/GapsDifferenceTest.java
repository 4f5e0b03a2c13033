package dev.goodhart.scoring.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The difference of the organisation's missing shares before and since ({@link OrganisationRows#differenceP}): its
 * edges, its size on independent periods, and that neither the scale nor the order of the two sides moves it.
 */
class GapsDifferenceTest {
    /** Equal means give 1, a step with no variation about it 0, fewer than two values on a side NaN. */
    @Test
    void edges() {
        assertThat(OrganisationRows.differenceP(new double[] {1, 0, 1, 0, 1, 0}, 0, 2, 6)).isEqualTo(1);
        assertThat(OrganisationRows.differenceP(new double[] {1, 1, 1, 0, 0, 0}, 0, 3, 6)).isZero();
        assertThat(OrganisationRows.differenceP(new double[] {1, 0, 0}, 0, 1, 3)).isNaN();
    }

    /**
     * On independent normal periods (90 each side) with no difference, the p-value falls below 0.05 in about 5% of
     * 4,000 series (the cosine variance's t is exact for independent normal values): between 4% and 6%.
     */
    @Test
    void sizeOnIndependentPeriods() {
        SplittableRandom rnd = new SplittableRandom(7);
        int below = 0;
        for (int k = 0; k < 4_000; k++) {
            double[] v = new double[180];
            for (int i = 0; i < v.length; i++) {
                v[i] = rnd.nextGaussian();
            }
            below += OrganisationRows.differenceP(v, 0, 90, 180) < 0.05 ? 1 : 0;
        }
        assertThat(below / 4_000.0).isBetween(0.04, 0.06);
    }

    /** Scaling the values, or reading the sides in the other order, gives the same p-value. */
    @Property(tries = 200)
    void scaleAndOrderDoNotMoveIt(@ForAll long seed, @ForAll @IntRange(min = 2, max = 60) int a,
                                  @ForAll @IntRange(min = 2, max = 60) int b,
                                  @ForAll @DoubleRange(min = 0.01, max = 100) double scale) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] v = new double[a + b];
        double[] scaled = new double[a + b];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextInt(4);
            scaled[i] = v[i] * scale;
        }
        double p = OrganisationRows.differenceP(v, 0, a, a + b);
        assertThat(OrganisationRows.differenceP(scaled, 0, a, a + b)).isCloseTo(p, within(1e-9));
        assertThat(p).isBetween(0.0, 1.0);
        // the other order reads the cosines of another series: the same p only where the sides' lengths are equal
        if (a == b) {
            double[] reversed = new double[a + b];
            for (int i = 0; i < v.length; i++) {
                reversed[i] = v[v.length - 1 - i];
            }
            assertThat(OrganisationRows.differenceP(reversed, 0, a, a + b)).isCloseTo(p, within(1e-9));
        }
    }
}
