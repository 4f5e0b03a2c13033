package dev.goodhart.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Collections;
import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

class MultipleTestingTest {

    /** R 4.2.2 {@code p.adjust(p, "BH")} on the 15 p-values of Benjamini &amp; Hochberg (1995), section 4. */
    @Test
    void benjaminiHochbergMatchesR() {
        double[] p = {0.0001, 0.0004, 0.0019, 0.0095, 0.0201, 0.0278, 0.0298, 0.0344, 0.0459, 0.3240, 0.4262, 0.5719,
            0.6528, 0.7590, 1.0000};
        double[] r = {0.0015, 0.0030000000000000001, 0.0094999999999999998, 0.0356249999999999969,
            0.0602999999999999994, 0.0638571428571428623, 0.0638571428571428623, 0.0645000000000000018,
            0.0765000000000000124, 0.4859999999999999876, 0.5811818181818181328, 0.7148749999999999272,
            0.7532307692307692593, 0.8132142857142856673, 1.0};
        double[] shuffled = {p[14], p[3], p[0], p[9], p[5], p[1], p[13], p[2], p[4], p[6], p[7], p[8], p[10], p[11], p[12]};
        int[] index = {14, 3, 0, 9, 5, 1, 13, 2, 4, 6, 7, 8, 10, 11, 12};
        double[] q = MultipleTesting.benjaminiHochberg(shuffled);
        for (int i = 0; i < q.length; i++) {
            assertThat(q[i]).isCloseTo(r[index[i]], within(1e-15));
        }
    }

    /** R 4.2.2: {@code p.adjust(c(0.01, 0.01, 0.04, 0.5), "BH")} is 0.02, 0.02, 0.05333333, 0.5 (ties share q). */
    @Test
    void tiedPValuesShareTheirAdjustedValue() {
        double[] q = MultipleTesting.benjaminiHochberg(new double[] {0.01, 0.04, 0.01, 0.5});
        assertThat(q[0]).isCloseTo(0.02, within(1e-15));
        assertThat(q[2]).isCloseTo(0.02, within(1e-15));
        assertThat(q[1]).isCloseTo(0.04 * 4 / 3, within(1e-15));
        assertThat(q[3]).isCloseTo(0.5, within(1e-15));
    }

    @Test
    void refusesWhatIsNotAPValue() {
        assertThatThrownBy(() -> MultipleTesting.benjaminiHochberg(new double[] {0.1, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("p-value 1 is NaN");
        assertThatThrownBy(() -> MultipleTesting.benjaminiHochberg(new double[] {1.5}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("[0, 1]");
        assertThatThrownBy(() -> MultipleTesting.benjaminiHochberg(null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("p");
        assertThat(MultipleTesting.benjaminiHochberg(new double[0])).isEmpty();
    }

    /** q is at least p, at most 1, and orders the tests as p does. */
    @Property(tries = 300)
    void adjustedValuesAreBoundedAndKeepTheOrder(
            @ForAll @Size(min = 1, max = 40) List<@DoubleRange(min = 0, max = 1) Double> values) {
        double[] p = values.stream().mapToDouble(Double::doubleValue).toArray();
        double[] q = MultipleTesting.benjaminiHochberg(p);
        for (int i = 0; i < p.length; i++) {
            assertThat(q[i]).isBetween(p[i], 1.0);
            for (int j = 0; j < p.length; j++) {
                if (p[i] <= p[j]) {
                    assertThat(q[i]).isLessThanOrEqualTo(q[j]);
                }
            }
        }
    }

    /** The adjustment does not depend on the order the tests are listed in. */
    @Property(tries = 200)
    void permutationInvariant(@ForAll @Size(min = 1, max = 30) List<@DoubleRange(min = 0, max = 1) Double> values) {
        double[] p = values.stream().mapToDouble(Double::doubleValue).toArray();
        double[] q = MultipleTesting.benjaminiHochberg(p);
        List<Double> reversed = new java.util.ArrayList<>(values);
        Collections.reverse(reversed);
        double[] qr = MultipleTesting.benjaminiHochberg(reversed.stream().mapToDouble(Double::doubleValue).toArray());
        for (int i = 0; i < p.length; i++) {
            assertThat(qr[p.length - 1 - i]).isEqualTo(q[i]);
        }
    }
}
