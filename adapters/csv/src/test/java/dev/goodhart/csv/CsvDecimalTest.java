package dev.goodhart.csv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.Observation;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Values are read from the row's characters (FastDoubleParser), not through {@link Double#parseDouble}: every plain
 * decimal must still give exactly the double {@code parseDouble} gives, the halfway and range edges included.
 */
class CsvDecimalTest {
    private static double read(String cell) throws IOException {
        List<Observation> rows = CsvMetrics.defaults().read(
                new StringReader("date,metric,value\n2025-01-06,m," + cell + "\n"), "decimals.csv");
        return rows.get(0).value();
    }

    private static void assertReadsAsParseDouble(String text) throws IOException {
        double expected = Double.parseDouble(text);
        if (Double.isInfinite(expected)) {
            return; // refused, as CsvMetricsTest shows
        }
        assertThat(Double.doubleToRawLongBits(read(text))).as(text).isEqualTo(Double.doubleToRawLongBits(expected));
    }

    @Provide
    Arbitrary<String> decimals() {
        Arbitrary<String> digits = Arbitraries.strings().withCharRange('0', '9').ofMinLength(0).ofMaxLength(30);
        Arbitrary<String> sign = Arbitraries.of("", "+", "-");
        Arbitrary<String> exponent = Arbitraries.oneOf(Arbitraries.just(""),
                Combinators.combine(Arbitraries.of("e", "E"), sign, Arbitraries.integers().between(0, 400))
                        .as((e, s, n) -> e + s + n));
        return Combinators.combine(sign, digits, Arbitraries.of(true, false), digits, exponent)
                .as((s, whole, point, fraction, e) -> s + whole + (point ? "." + fraction : "") + e)
                .filter(CsvMetrics::isDecimal);
    }

    @Property(tries = 3000)
    void everyPlainDecimalReadsAsParseDoubleReadsIt(@ForAll("decimals") String text) throws IOException {
        assertReadsAsParseDouble(text);
    }

    @Property(tries = 2000)
    void everyDoubleWrittenByJavaReadsBackExactly(@ForAll double value) throws IOException {
        if (!Double.isFinite(value)) {
            return;
        }
        assertReadsAsParseDouble(Double.toString(value));
        assertReadsAsParseDouble(new java.math.BigDecimal(value).toString());
    }

    @Example
    void edgesOfRoundingAndRange() throws IOException {
        for (String text : List.of("9007199254740993", "9007199254740992.5", "2.2250738585072011e-308",
                "2.2250738585072012e-308", "1.7976931348623157e308", "1.7976931348623158e308", "4.9e-324",
                "2.4703282292062327e-324", "2.4703282292062328e-324", "1e23", "8.41e21", "5e-324", "-0", "-0.0e5",
                "0.1", "1628.5714285714287", "123456789012345678901234567890", "0000000000000000000001",
                ".5", "5.", "1e-400", "7.038531e-26", "0.30000000000000004",
                "1.00000000000000011102230246251565404236316680908203125",
                "1.00000000000000011102230246251565404236316680908203124",
                "1.00000000000000011102230246251565404236316680908203126")) {
            assertReadsAsParseDouble(text);
        }
    }
}
