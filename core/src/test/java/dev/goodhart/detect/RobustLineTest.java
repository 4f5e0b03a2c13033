package dev.goodhart.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** The robust line shared by the runaway weeks and the shared shocks ({@link RobustLine}). */
class RobustLineTest {
    @Test
    void anOutlierAtTheEndDoesNotMoveTheLine() {
        // pairwise slopes 1 (six times), 2.5, 3, 4, 7: median 1; residuals 0, 0, 0, 0, 6: intercept 0, scale 0
        RobustLine line = RobustLine.of(new int[] {0, 1, 2, 3, 4}, new double[] {0, 1, 2, 3, 10}, 5);
        assertThat(line.slope()).isEqualTo(1);
        assertThat(line.intercept()).isEqualTo(0);
        assertThat(line.scale()).isEqualTo(0);
        assertThat(line.off(4, 10)).isEqualTo(6);
    }

    @Test
    void pointsWithGapsAreReadAtTheirPositions() {
        // y = 1 + 0.5 x at x = 0, 3, 4, 9 and an outlier at x = 6
        RobustLine line = RobustLine.of(new int[] {0, 3, 4, 6, 9}, new double[] {1, 2.5, 3, 9, 5.5}, 5);
        assertThat(line.slope()).isCloseTo(0.5, within(1e-12));
        assertThat(line.intercept()).isCloseTo(1, within(1e-12));
        assertThat(line.off(6, 9)).isCloseTo(5, within(1e-12));
    }

    /** Beyond 400 points (hourly data) the pairs half the points apart: an exact line is still found exactly. */
    @Property(tries = 50)
    void anExactLineIsFoundWithAllPairsOrWithHalfApartPairs(@ForAll @IntRange(min = 3, max = 900) int n,
                                                           @ForAll @DoubleRange(min = -5, max = 5) double slope,
                                                           @ForAll @DoubleRange(min = -100, max = 100) double intercept) {
        int[] x = new int[n];
        double[] y = new double[n];
        for (int k = 0; k < n; k++) {
            x[k] = 2 * k + (k % 3 == 0 ? 1 : 0);
            y[k] = intercept + slope * x[k];
        }
        y[n / 3] += 1000;
        RobustLine line = RobustLine.of(x, y, n);
        assertThat(line.slope()).isCloseTo(slope, within(1e-9));
        assertThat(line.intercept()).isCloseTo(intercept, within(1e-6));
        assertThat(line.scale()).isCloseTo(0, within(1e-6));
    }
}
