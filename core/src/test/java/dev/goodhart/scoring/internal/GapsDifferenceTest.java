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
 * The difference of the organisation's missing segments before and since ({@link OrganisationRows#differenceP}): its
 * edges, its size on independent periods, its floor, and that neither the scale nor the order of the sides moves it.
 */
class GapsDifferenceTest {
    /** Equal means give 1, a clean step without a floor about 0, fewer than two values on a side NaN. */
    @Test
    void edges() {
        assertThat(OrganisationRows.differenceP(new double[] {1, 0, 1, 0, 1, 0}, 0, 2, 6, 10)).isEqualTo(1);
        assertThat(OrganisationRows.differenceP(new double[] {1, 1, 1, 0, 0, 0}, 0, 3, 6, 0.0)).isLessThan(1e-12);
        assertThat(OrganisationRows.differenceP(new double[] {1, 0, 0}, 0, 1, 3, 10)).isNaN();
    }

    /**
     * A few cosines of a series of mostly 0 can be near 0 by chance: none of 60 segment months missing against 4 of 60
     * (Fisher's exact test: p 0.12) read as p 0.00005 with one set of cosines over both sides, and as about 1e-32 with
     * each side's own; floored at the variance of independent periods, 0.042 (the normal z of two proportions), far
     * above the note's 0.0027.
     */
    @Test
    void sparseCountsAreFlooredAtTheIndependentVariance() {
        double[] months = {0, 0, 0, 0, 0, 0, 1, 0, 1, 1, 0, 1};
        assertThat(OrganisationRows.differenceP(months, 0, 6, 12, 0.0)).isLessThan(0.001);
        assertThat(OrganisationRows.differenceP(months, 0, 6, 12, 10)).isCloseTo(0.042, within(0.001));
    }

    /**
     * On independent normal periods with no difference, without the floor, the t is exact: of 20,000 series of 26 + 26
     * and of 90 + 90 periods, between 4.4% and 5.6% below 0.05 and at most 0.45% below 0.0027 (one set of cosines over
     * both sides, before 2026-12-06: 7.2% and 0.57% at 26 + 26, a reviewer's 100,000 series).
     */
    @Test
    void sizeOnIndependentPeriods() {
        for (int side : new int[] {26, 90}) {
            SplittableRandom rnd = new SplittableRandom(side);
            int below = 0;
            int farBelow = 0;
            for (int k = 0; k < 20_000; k++) {
                double[] v = new double[2 * side];
                for (int i = 0; i < v.length; i++) {
                    v[i] = rnd.nextGaussian();
                }
                double p = OrganisationRows.differenceP(v, 0, side, 2 * side, 0.0);
                below += p < 0.05 ? 1 : 0;
                farBelow += p <= 0.0027 ? 1 : 0;
            }
            assertThat(below / 20_000.0).as("%d + %d at 0.05", side, side).isBetween(0.044, 0.056);
            assertThat(farBelow / 20_000.0).as("%d + %d at 0.0027", side, side).isLessThanOrEqualTo(0.0045);
        }
    }

    /**
     * Counts of missing segments, 10 members each missing a period at random a tenth of the time, 26 + 26 weekly
     * periods: with the floor, at most 5.5% of 20,000 organisations below 0.05.
     */
    @Test
    void sizeOnRandomGapsWithTheFloor() {
        SplittableRandom rnd = new SplittableRandom(3);
        int below = 0;
        for (int k = 0; k < 20_000; k++) {
            double[] v = new double[52];
            for (int i = 0; i < v.length; i++) {
                for (int m = 0; m < 10; m++) {
                    v[i] += rnd.nextDouble() < 0.1 ? 1 : 0;
                }
            }
            below += OrganisationRows.differenceP(v, 0, 26, 52, 10) < 0.05 ? 1 : 0;
        }
        assertThat(below / 20_000.0).isLessThanOrEqualTo(0.055);
    }

    /** Scaling the values (and the floor with their square), or reading the sides the other way, gives the same p. */
    @Property(tries = 200)
    void scaleAndOrderDoNotMoveIt(@ForAll long seed, @ForAll @IntRange(min = 2, max = 60) int a,
                                  @ForAll @IntRange(min = 2, max = 60) int b,
                                  @ForAll @DoubleRange(min = 0.01, max = 100) double scale,
                                  @ForAll @DoubleRange(min = 0, max = 2) double floor) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] v = new double[a + b];
        double[] scaled = new double[a + b];
        for (int i = 0; i < v.length; i++) {
            v[i] = rnd.nextInt(4);
            scaled[i] = v[i] * scale;
        }
        double p = OrganisationRows.differenceP(v, 0, a, a + b, floor);
        assertThat(p).isBetween(0.0, 1.0);
        assertThat(OrganisationRows.differenceP(scaled, 0, a, a + b, floor * scale * scale))
                .isCloseTo(p, within(1e-9));
        double[] reversed = new double[a + b];
        for (int i = 0; i < v.length; i++) {
            reversed[i] = v[v.length - 1 - i];
        }
        // each side's cosines reversed change the sign of the odd ones only: the same sum of squares
        assertThat(OrganisationRows.differenceP(reversed, 0, b, a + b, floor)).isCloseTo(p, within(1e-9));
    }
}
