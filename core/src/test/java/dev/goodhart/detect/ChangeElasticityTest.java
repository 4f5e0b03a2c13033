package dev.goodhart.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ChangeElasticityTest {
    @Test
    void isTheSlopeOfChangesAtItsLowerBoundAtTwoStandardErrors() {
        // changes dx = 1, 0, 2, -1, 2 and dy = 0.5, 0.1, 0.8, -0.2, 1.2; by hand (as R's lm(dy ~ dx)): slope
        // Sxy / Sxx = 0.408823529..., its standard error sqrt(RSS / 3 / Sxx) = 0.066961573..., bound 0.274900381...
        double[] x = {0, 1, 1, 3, 2, 4};
        double[] y = {0, 0.5, 0.6, 1.4, 1.2, 2.4};
        assertThat(ChangeElasticity.conservative(x, y, 6)).isCloseTo(0.2749003818311437, within(1e-12));
        // the interval's upper end, what a fall of the proxy is expected to cost at most: 0.408823... + 2 x 0.066961...
        ChangeElasticity.Bounds bounds = ChangeElasticity.of(x, y, 6);
        assertThat(bounds.upper()).isCloseTo(0.4088235294117647 + 2 * 0.06696157379031051, within(1e-12));
        assertThat(bounds.forMove(0.3)).isEqualTo(bounds.lower());
        assertThat(bounds.forMove(-0.3)).isEqualTo(bounds.upper());
        // only the periods before `to` count: the first four changes alone, slope 0.34, error 0.014142..., bound
        // 0.34 - 2 sqrt(0.0002)
        assertThat(ChangeElasticity.conservative(x, y, 5)).isCloseTo(0.34 - 2 * Math.sqrt(0.0002), within(1e-12));
    }

    @Test
    void aSlopeLargeByLuckInAFewNoisyChangesExpectsLittle() {
        // nine weekly changes whose outcome does not follow the proxy at all: the point slope of some seeds is large,
        // its lower bound is 0 nearly always (Student's t with 7 degrees of freedom exceeds 2 in 4.3% of seeds: 17 of
        // 400 expected; 24 here)
        int large = 0;
        int bounded = 0;
        for (long seed = 0; seed < 400; seed++) {
            SplittableRandom r = new SplittableRandom(seed);
            double[] x = new double[10];
            double[] y = new double[10];
            for (int t = 0; t < 10; t++) {
                x[t] = 0.2 * r.nextDouble();
                y[t] = 0.2 * r.nextDouble();
            }
            double[][] c = dev.goodhart.internal.Windows.changes(x, y, 0, 10);
            double point = dev.goodhart.stats.SimpleFit.of(c[0], c[1], c[0].length).slope();
            large += point > 0.5 ? 1 : 0;
            bounded += ChangeElasticity.conservative(x, y, 10) > 0 ? 1 : 0;
        }
        assertThat(large).isGreaterThan(20);
        assertThat(bounded).isLessThanOrEqualTo(30);
    }

    @Test
    void isClippedToTheUnitIntervalAndZeroWithoutEnoughChanges() {
        // changes 1, 2, 1, 3, 1 with outcome changes about 3 times theirs (bound 3.05), or their negatives
        double[] x = {0, 1, 3, 4, 7, 8};
        double[] steep = {0, 3.05, 9.16, 12.21, 21.36, 24.41};
        double[] falling = new double[6];
        for (int t = 0; t < 6; t++) {
            falling[t] = -steep[t];
        }
        assertThat(ChangeElasticity.conservative(x, steep, 6)).isEqualTo(1);
        assertThat(ChangeElasticity.conservative(x, falling, 6)).isEqualTo(0);
        assertThat(ChangeElasticity.conservative(x, steep, 3)).isEqualTo(0);
        assertThat(ChangeElasticity.of(x, steep, 3)).isEqualTo(ChangeElasticity.Bounds.NONE);
        assertThat(ChangeElasticity.of(x, falling, 6).upper()).isEqualTo(0);
        assertThat(ChangeElasticity.conservative(new double[] {1, 1, 1, 1}, steep, 4)).isEqualTo(0);
    }
}
