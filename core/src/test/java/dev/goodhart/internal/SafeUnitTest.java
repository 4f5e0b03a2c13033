package dev.goodhart.internal;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The power of two a series is summed in: none for ordinary values, the least that keeps a sum from overflowing. */
class SafeUnitTest {
    @Test
    void ordinaryValuesKeepTheirUnit() {
        double[] v = {1, 2.5, Double.NaN, 1e300, -4, Double.POSITIVE_INFINITY};
        assertThat(SafeUnit.shift(v)).isZero();
        assertThat(SafeUnit.divide(v, 0)).isSameAs(v);
        assertThat(SafeUnit.shift(new double[0])).isZero();
        assertThat(SafeUnit.shift(new double[] {Double.MIN_VALUE, 0, Double.NaN})).isZero();
    }

    @Test
    void valuesNearTheLargestDoubleAreShiftedByTheLeastThatKeepsTheirSumSafe() {
        double[] v = new double[200];
        java.util.Arrays.fill(v, Double.MAX_VALUE);
        v[0] = 1e-20;
        v[1] = -3e-300;
        int k = SafeUnit.shift(v);
        double[] d = SafeUnit.divide(v, k);
        double sum = 0;
        for (double x : d) {
            sum += Math.abs(x);
        }
        assertThat(sum).isFinite().isLessThanOrEqualTo(0x1p1000);
        assertThat(sum).as("the least shift: one less would pass 2^1000").isGreaterThan(0x1p999);
        assertThat(k).isBetween(1, 64);
        // small values beside them stay normal numbers, and keep their sign
        assertThat(d[0]).isEqualTo(Math.scalb(1e-20, -k)).isGreaterThanOrEqualTo(Double.MIN_NORMAL);
        assertThat(d[1]).isNegative();
        assertThat(v[0]).as("the input is read only").isEqualTo(1e-20);
    }

    @Test
    void aRangeIsShiftedByItsOwnValuesAndAUnitNearAMagnitudeBringsItToOne() {
        double[] v = {Double.MAX_VALUE, Double.MAX_VALUE, 1, 2, 3};
        assertThat(SafeUnit.shift(v, 2, 5)).isZero();
        assertThat(SafeUnit.shift(v, 0, 2)).isEqualTo(SafeUnit.shift(new double[] {Double.MAX_VALUE, Double.MAX_VALUE}))
                .isPositive();
        assertThat(SafeUnit.unitNear(1e155) * 1e155).isBetween(1.0, 2.0);
        assertThat(SafeUnit.unitNear(3e-160) * 3e-160).isBetween(1.0, 2.0);
        assertThat(SafeUnit.unitNear(1.5)).isEqualTo(1.0);
    }

    /** Dividing by the shift is exact: each value times 2^k is the value again, and the sum is then safe. */
    @Property
    void theChangeOfUnitIsExact(@ForAll @Size(min = 1, max = 50) List<@IntRange(min = -990, max = 1023) Integer>
            exponents, @ForAll @DoubleRange(min = 1, max = 1.99) double mantissa) {
        double[] v = new double[exponents.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = Math.scalb(mantissa, exponents.get(i));
        }
        int k = SafeUnit.shift(v);
        double[] d = SafeUnit.divide(v, k);
        double sum = 0;
        for (int i = 0; i < v.length; i++) {
            assertThat(Math.scalb(d[i], k)).isEqualTo(v[i]);
            sum += d[i];
        }
        assertThat(sum).isFinite().isLessThanOrEqualTo(0x1p1000);
    }
}
