package dev.goodhart.stats.internal;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

class FastLogTest {
    /** The bound: 2 units in the last place of the result, or 2.3e-16 absolute near log(x) = 0. */
    private static double bound(double x) {
        return Math.max(2.3e-16, 2 * Math.ulp(Math.log(x)));
    }

    /** Within the bound of Math.log over the range PELT's variances take, and far beyond it. */
    @Property(tries = 20_000)
    void agreesWithMathLog(@ForAll @DoubleRange(min = -300, max = 300) double exponent,
                           @ForAll @DoubleRange(min = 1, max = 10) double mantissa) {
        double x = mantissa * Math.pow(10, exponent);
        assertThat(Math.abs(FastLog.log(x) - Math.log(x))).as("x = %s", x)
                .isLessThanOrEqualTo(bound(x));
    }

    @Test
    void everyTableCellAndItsEdges() {
        for (int k = 0; k < 1024; k++) {
            for (double f : new double[] {0, 0.25, 0.5, 0.75, 0.999999}) {
                double m = 1 + (k + f) / 1024;
                for (double scale : new double[] {1, 0.5, 1e-11, 3.7e5}) {
                    double x = m * scale;
                    assertThat(Math.abs(FastLog.log(x) - Math.log(x))).as("x = %s", x).isLessThanOrEqualTo(bound(x));
                }
            }
        }
        assertThat(FastLog.log(1)).isZero();
        assertThat(FastLog.log(2)).isEqualTo(Math.log(2));
    }

    @Test
    void outsideNormalNumbersItIsMathLog() {
        for (double x : new double[] {0, -0.0, -1, Double.MIN_VALUE, 1e-310, Double.POSITIVE_INFINITY, Double.NaN,
                Double.NEGATIVE_INFINITY}) {
            assertThat(Double.compare(FastLog.log(x), Math.log(x))).as("x = %s", x).isZero();
        }
    }
}
