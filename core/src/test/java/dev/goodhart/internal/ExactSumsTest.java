package dev.goodhart.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.stream.IntStream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * {@link ExactSums} against the reference values of CPython's {@code math.fsum} tests (Lib/test/test_math.py, checked
 * with Python 3 here) and, for random inputs, against the exact sum in {@link BigDecimal}: the result must be the
 * double nearest to it, ties to even, whatever the order of the additions or the merging of partial sums.
 */
class ExactSumsTest {
    private static double sum(double... values) {
        ExactSums s = new ExactSums(1);
        for (double v : values) {
            s.add(0, v);
        }
        return s.sum(0);
    }

    @Test
    void cpythonFsumReferenceValues() {
        assertThat(sum()).isEqualTo(0.0);
        assertThat(sum(0.0)).isEqualTo(0.0);
        assertThat(sum(1e100, 1.0, -1e100, 1e-100, 1e50, -1.0, -1e50)).isEqualTo(1e-100);
        assertThat(sum(0x1p53, -0.5, -0x1p-54)).isEqualTo(0x1p53 - 1.0);
        assertThat(sum(0x1p53, 1.0, 0x1p-100)).isEqualTo(0x1p53 + 2.0);
        assertThat(sum(0x1p53 + 10.0, 1.0, 0x1p-100)).isEqualTo(0x1p53 + 12.0);
        assertThat(sum(0x1p53 - 4.0, 0.5, 0x1p-54)).isEqualTo(0x1p53 - 3.0);
        assertThat(sum(IntStream.rangeClosed(1, 1000).mapToDouble(n -> 1.0 / n).toArray()))
                .isEqualTo(Double.parseDouble("0x1.df11f45f4e61ap+2"));
        assertThat(sum(IntStream.rangeClosed(1, 1000).mapToDouble(n -> (n % 2 == 0 ? 1.0 : -1.0) / n).toArray()))
                .isEqualTo(Double.parseDouble("-0x1.62a2af1bd3624p-1"));
        assertThat(sum(1e16, 1., 1e-16)).isEqualTo(10000000000000002.0);
        assertThat(sum(1e16 - 2., 1. - 0x1p-53, -(1e16 - 2.), -(1. - 0x1p-53))).isEqualTo(0.0);
        // many partials: the expansion grows to hundreds of terms
        List<Double> wide = new ArrayList<>();
        for (int n = -1074; n < 972; n += 2) {
            wide.add(Math.scalb(1.0, n) - Math.scalb(1.0, n + 50) + Math.scalb(1.0, n + 52));
        }
        wide.add(-Math.scalb(1.0, 1022));
        assertThat(sum(wide.stream().mapToDouble(Double::doubleValue).toArray()))
                .isEqualTo(Double.parseDouble("0x1.5555555555555p+970"));
    }

    @Test
    void aNaiveSumLosesWhatTheExactOneKeeps() {
        double[] values = {1e16, 1.0, 1.0, 1.0, 1.0, -1e16};
        double naive = 0;
        for (double v : values) {
            naive += v;
        }
        assertThat(naive).isEqualTo(0.0);
        assertThat(sum(values)).isEqualTo(4.0);
    }

    @Test
    void overflowReadsAsInfinityOfItsSignAndBothSignsAsNaN() {
        assertThat(sum(Double.MAX_VALUE, Double.MAX_VALUE)).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(sum(-Double.MAX_VALUE, -Double.MAX_VALUE, 1.0)).isEqualTo(Double.NEGATIVE_INFINITY);
        ExactSums a = new ExactSums(1);
        a.add(0, Double.MAX_VALUE);
        a.add(0, Double.MAX_VALUE);
        ExactSums b = new ExactSums(1);
        b.add(0, -Double.MAX_VALUE);
        b.add(0, -Double.MAX_VALUE);
        a.addAll(b);
        assertThat(a.sum(0)).isNaN();
        assertThatThrownBy(() -> new ExactSums(1).add(0, Double.NaN)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> new ExactSums(2).addAll(new ExactSums(3)))
                .hasMessageContaining("merging 3 sums into 2");
    }

    /** The result is the double nearest the exact sum (ties to even), for values across the exponent range. */
    @Property(tries = 400)
    void correctlyRounded(@ForAll @LongRange(min = 0, max = 1_000_000) long seed,
                          @ForAll @IntRange(min = 0, max = 300) int count) {
        double[] values = values(new Random(seed), count);
        BigDecimal exact = BigDecimal.ZERO;
        for (double v : values) {
            exact = exact.add(new BigDecimal(v));
        }
        double got = sum(values);
        assertThat(Double.isFinite(got)).isTrue();
        BigDecimal error = new BigDecimal(got).subtract(exact).abs();
        BigDecimal up = new BigDecimal(Math.nextUp(got)).subtract(exact).abs();
        BigDecimal down = new BigDecimal(Math.nextDown(got)).subtract(exact).abs();
        assertThat(error).isLessThanOrEqualTo(up).isLessThanOrEqualTo(down);
        if (error.compareTo(up) == 0 || error.compareTo(down) == 0) {
            assertThat(Double.doubleToLongBits(got) & 1L).as("a tie goes to the even neighbour").isZero();
        }
    }

    /** Shuffled, split into partial sums at random and merged in any order: the same bits. */
    @Property(tries = 300)
    void orderAndMergingDoNotMatter(@ForAll @LongRange(min = 0, max = 1_000_000) long seed,
                                    @ForAll @IntRange(min = 0, max = 300) int count,
                                    @ForAll @IntRange(min = 1, max = 8) int parts) {
        Random r = new Random(seed);
        double[] values = values(r, count);
        double once = sum(values);
        List<Double> shuffled = new ArrayList<>();
        for (double v : values) {
            shuffled.add(v);
        }
        Collections.shuffle(shuffled, r);
        List<ExactSums> partial = new ArrayList<>();
        for (int p = 0; p < parts; p++) {
            partial.add(new ExactSums(2));
        }
        for (double v : shuffled) {
            partial.get(r.nextInt(parts)).add(1, v);
        }
        Collections.shuffle(partial, r);
        ExactSums merged = partial.get(0);
        for (int p = 1; p < parts; p++) {
            merged.addAll(partial.get(p));
        }
        assertThat(Double.doubleToLongBits(merged.sum(1))).isEqualTo(Double.doubleToLongBits(once));
        assertThat(merged.sum(0)).isEqualTo(0.0);
    }

    /** Values with heavy cancellation and exponents from subnormal to 1e300, some repeated with the opposite sign. */
    private static double[] values(Random r, int count) {
        double[] out = new double[count];
        for (int i = 0; i < count; i++) {
            switch (r.nextInt(4)) {
                case 0 -> out[i] = r.nextGaussian() * Math.pow(10, r.nextInt(40) - 20);
                case 1 -> out[i] = Math.scalb(r.nextDouble() - 0.5, r.nextInt(2000) - 1070);
                case 2 -> out[i] = i > 0 ? -out[r.nextInt(i)] : 1.0;
                default -> out[i] = Math.round(r.nextDouble() * 1000) / 8.0;
            }
        }
        return out;
    }
}
