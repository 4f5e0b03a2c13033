package dev.goodhart.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/**
 * The sentences' numbers are formatted without {@link java.util.Formatter} (a fifth of a live day's time) and must read
 * exactly as {@code String.format(Locale.ROOT, ...)} reads them, on whichever JDK runs: the Formatter is the oracle.
 */
class TextFormatTest {
    @Property(tries = 20_000)
    void fixedDecimalsReadAsTheFormatter(@ForAll("numbers") double v, @ForAll @IntRange(min = 0, max = 6) int decimals) {
        assertThat(Text.fixed(v, decimals)).isEqualTo(String.format(Locale.ROOT, "%." + decimals + "f", v));
    }

    @Property(tries = 20_000)
    void twoSignificantDigitsReadAsTheFormatter(@ForAll("probabilities") double p) {
        assertThat(Text.twoSignificant(p)).isEqualTo(String.format(Locale.ROOT, "%.2g", p));
    }

    @Test
    void edgesReadAsTheFormatter() {
        double[] edges = {0.0, -0.0, -0.001, 0.005, 0.015, 0.125, 1.005, 2.675, 0.5, 1.5, 2.5, -2.5, 9.995, 9.9951,
            99.5, 1e-4, 9.9e-5, 0.00995, 0.0995, 0.995, 9.95, 9.949999, 10, 1e15 + 0.5, 123456789.125, Double.MIN_VALUE,
            Double.MAX_VALUE, -Double.MAX_VALUE, Double.NaN, Double.POSITIVE_INFINITY, Double.NEGATIVE_INFINITY};
        for (double v : edges) {
            for (int d = 0; d <= 4; d++) {
                assertThat(Text.fixed(v, d)).as("%s to %d decimals", v, d)
                        .isEqualTo(String.format(Locale.ROOT, "%." + d + "f", v));
            }
            assertThat(Text.twoSignificant(v)).as("%s to two digits", v).isEqualTo(String.format(Locale.ROOT, "%.2g", v));
        }
        assertThat(Text.fixed(-0.001, 2)).isEqualTo("-0.00");
        // in a sentence a value that prints as zero has no sign
        assertThat(Text.num(-0.001, 2)).isEqualTo("0.00");
        assertThat(Text.num(-0.04, 1)).isEqualTo("0.0");
        assertThat(Text.num(-0.0, 0)).isEqualTo("0");
        assertThat(Text.num(-0.06, 1)).isEqualTo("-0.1");
        assertThat(Text.num(-0.004, 0)).isEqualTo("0");
        assertThat(Text.num(-1e300, 1)).startsWith("-1");
        assertThat(Text.num(Double.NEGATIVE_INFINITY, 1)).isEqualTo("-Infinity");
        assertThat(Text.p(0.05)).isEqualTo("0.050");
        assertThat(Text.p(0.00995)).isEqualTo("0.010");
        assertThat(Text.magnitude(Math.log(1.5))).isEqualTo("50%");
        // a fall short of zero never reads "100%" (a bound of "100% shorter cycle time" is a cycle time of zero)
        assertThat(Text.magnitude(Math.log(0.006))).isEqualTo("99%");
        assertThat(Text.magnitude(Math.log(0.004))).isEqualTo("99.6%");
        assertThat(Text.magnitude(Math.log(0.0001))).isEqualTo("over 99.9%");
        assertThat(Text.magnitude(Double.NEGATIVE_INFINITY)).isEqualTo("100%");
        assertThat(Text.comparative(Math.log(0.004), true)).isEqualTo("99.6% shorter");
        // a small positive elasticity is not printed as 0.00
        assertThat(Text.coefficient(0.25)).isEqualTo("0.25");
        assertThat(Text.coefficient(0.0031)).isEqualTo("0.003");
        assertThat(Text.coefficient(0.0049)).isEqualTo("0.005");
        assertThat(Text.coefficient(0.00096)).isEqualTo("0.001");
        assertThat(Text.coefficient(0.00009)).isEqualTo("under 0.0001");
        assertThat(Text.coefficient(0)).isEqualTo("0.00");
        assertThat(Text.coefficient(-0.003)).isEqualTo("-0.003");
    }

    @Provide
    Arbitrary<Double> numbers() {
        return Arbitraries.oneOf(
                Arbitraries.doubles(),
                Arbitraries.doubles().between(-1e6, 1e6),
                Arbitraries.doubles().between(-2, 2).ofScale(12),
                // about the fast path's limit of 1e7 units of the last decimal, and ties near it
                Arbitraries.doubles().between(0.5e7, 2e7).ofScale(9).flatMap(x -> Arbitraries.integers().between(0, 6)
                        .map(k -> x / Math.pow(10, k))),
                Arbitraries.integers().between(4_000_000, 12_000_000).flatMap(i -> Arbitraries.integers()
                        .between(0, 6).map(k -> (i + 0.5) / Math.pow(10, k))),
                // halves at the last kept decimal: the ties the rounding rule decides
                Arbitraries.integers().between(-2_000_000, 2_000_000).flatMap(i -> Arbitraries.integers().between(0, 6)
                        .map(k -> (i + 0.5) / Math.pow(10, k))),
                Arbitraries.longs().map(Double::longBitsToDouble));
    }

    @Provide
    Arbitrary<Double> probabilities() {
        return Arbitraries.oneOf(
                Arbitraries.doubles().between(0, 12).ofScale(12),
                Arbitraries.doubles().between(0, 0.001).ofScale(12),
                Arbitraries.integers().between(0, 2000).flatMap(i -> Arbitraries.integers().between(1, 5)
                        .map(k -> (i + 0.5) / Math.pow(10, k))));
    }

    /** A value in a message about the data reads as written, and a computed one without its binary rounding. */
    @Test
    void aValueReadsAsWritten() {
        assertThat(Text.value(-5.0)).isEqualTo("-5");
        assertThat(Text.value(-49269.0)).isEqualTo("-49269");
        assertThat(Text.value(-6.31)).isEqualTo("-6.31");
        assertThat(Text.value(-6.3100000000000005)).isEqualTo("-6.31");
        assertThat(Text.value(0.1 + 0.2)).isEqualTo("0.3");
        assertThat(Text.value(1.5e-7)).isEqualTo("0.00000015");
        assertThat(Text.value(1e20)).isEqualTo("1E+20");
        assertThat(Text.value(123456789012345678.0)).isEqualTo("1.23456789012346E+17");
        assertThat(Text.value(0.0)).isEqualTo("0");
        assertThat(Text.value(Double.NaN)).isEqualTo("NaN");
        assertThat(Text.value(Double.NEGATIVE_INFINITY)).isEqualTo("-Infinity");
    }

    /** A number written with at most 15 significant digits reads back as the same double. */
    @Property(tries = 5_000)
    void aValueOfFifteenDigitsReadsBackAsItself(@ForAll("numbers") double v,
                                                @ForAll @IntRange(min = 1, max = 15) int digits) {
        net.jqwik.api.Assume.that(Double.isFinite(v)); // NaN and the infinities are no number written in digits
        double written = Double.parseDouble(String.format(Locale.ROOT, "%." + (digits - 1) + "e", v));
        assertThat(Double.parseDouble(Text.value(written))).isEqualTo(written);
    }
}
