package dev.goodhart.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BenfordTest {

    /**
     * R 4.2.2: {@code chisq.test(c(40, 15, 12, 10, 7, 5, 4, 4, 3), p = log10(1 + 1/(1:9)))} gives X-squared
     * 5.5492534349977571, p 0.6975772306201119; {@code mean(abs(x/sum(x) - p))} 0.022679998072880531.
     */
    @Test
    void matchesRChisqTest() {
        long[] counts = {40, 15, 12, 10, 7, 5, 4, 4, 3};
        List<Double> values = new ArrayList<>();
        for (int d = 1; d <= 9; d++) {
            for (int i = 0; i < counts[d - 1]; i++) {
                values.add((d + 0.37) * Math.pow(10, i % 7 - 3)); // leading digit d at many magnitudes
            }
        }
        BenfordResult r = Benford.firstDigitTest(values.stream().mapToDouble(Double::doubleValue).toArray());
        assertThat(r.counts()).containsExactly(counts);
        assertThat(r.chiSquare()).isCloseTo(5.5492534349977571, within(1e-12));
        assertThat(r.pValue()).isCloseTo(0.6975772306201119, within(1e-12));
        assertThat(r.mad()).isCloseTo(0.022679998072880531, within(1e-15));
        assertThat(r.conformity()).isEqualTo("nonconformity");
    }

    @Test
    void firstDigits() {
        assertThat(Benford.firstDigit(0.000345)).isEqualTo(3);
        assertThat(Benford.firstDigit(-9.99e12)).isEqualTo(9);
        assertThat(Benford.firstDigit(1000)).isEqualTo(1);
        assertThat(Benford.firstDigit(0)).isZero();
        assertThat(Benford.firstDigit(Double.NaN)).isZero();
        assertThat(Benford.firstDigit(Double.MIN_VALUE)).isEqualTo(5); // 4.9e-324 exactly, written 5e-324
    }

    /**
     * The digit of the number as written (the shortest decimal that reads back as it): formatting with {@code %.14e}
     * rounded to 15 significant digits and made 999999.9999999999 and 0.9999999999999999 a 1 and 8.999999999999999 a 9;
     * 1e-16, stored just below a power of ten, is a 1.
     */
    @Test
    void firstDigitsNextToAPowerOfTenAreTheWrittenOnes() {
        assertThat(Benford.firstDigit(999999.9999999999)).isEqualTo(9);
        assertThat(Benford.firstDigit(0.9999999999999999)).isEqualTo(9);
        assertThat(Benford.firstDigit(8.999999999999999)).isEqualTo(8);
        assertThat(Benford.firstDigit(1e-16)).isEqualTo(1);
        assertThat(Benford.firstDigit(123456789012345.0)).isEqualTo(1);
        // Java 17 prints these as 9.999999999999999E22, 1.9999999999999998E23, ...: not the shortest decimal
        assertThat(Benford.firstDigit(1e23)).isEqualTo(1);
        assertThat(Benford.firstDigit(2e23)).isEqualTo(2);
        assertThat(Benford.firstDigit(8e23)).isEqualTo(8);
        assertThat(Benford.firstDigit(5e22)).isEqualTo(5);
        assertThat(Benford.firstDigit(0.1)).isEqualTo(1);
        assertThat(Benford.firstDigit(0.3)).isEqualTo(3);
        assertThat(Benford.firstDigit(2.9999999999999996)).isEqualTo(2);
        assertThat(Benford.firstDigit(9007199254740994.0)).isEqualTo(9); // above 2^53: read from its decimal
        double[] nines = new double[20];
        java.util.Arrays.fill(nines, 0.9999999999999999);
        assertThat(Benford.firstDigitTest(nines).counts()[8]).isEqualTo(20);
    }

    @Test
    void benfordDataConformsAndInventedNumbersDoNot() {
        SplittableRandom rnd = new SplittableRandom(3);
        double[] natural = new double[5000];
        double[] invented = new double[5000];
        for (int i = 0; i < natural.length; i++) {
            natural[i] = Math.pow(10, rnd.nextDouble() * 5); // log-uniform: exactly Benford
            invented[i] = 40 + rnd.nextInt(60); // people typing "plausible" numbers between 40 and 99
        }
        BenfordResult ok = Benford.firstDigitTest(natural);
        assertThat(ok.pValue()).isGreaterThan(0.01);
        assertThat(ok.conformity()).isIn("close", "acceptable");
        assertThat(Benford.firstDigitTest(invented).pValue()).isLessThan(1e-10);
        assertThat(ok.toString()).startsWith("Benford first digit: n = 5000");
    }

    @Test
    void rejectsTooFewValues() {
        assertThatThrownBy(() -> Benford.firstDigitTest(new double[] {1, 2, 0, Double.NaN}))
                .hasMessageContaining("at least 10 non-zero finite values, found 2");
        assertThatThrownBy(() -> Benford.ofCounts(new long[] {1, 2})).hasMessageContaining("9 digit counts");
    }
}
