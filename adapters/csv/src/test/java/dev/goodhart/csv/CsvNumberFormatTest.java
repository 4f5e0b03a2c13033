package dev.goodhart.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.goodhart.csv.CsvMetrics.NumberFormat;
import dev.goodhart.model.InvalidDataException;
import dev.goodhart.model.Observation;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Numbers as exports write them: a German export's {@code 21.455} (twenty-one thousand) must not be read as twenty-one,
 * silently; a declared format reads it; plain decimals read as before.
 */
class CsvNumberFormatTest {
    private static List<Double> values(CsvMetrics reader, String csv) throws IOException {
        return reader.read(new StringReader(csv), "numbers.csv").stream().map(Observation::value).toList();
    }

    private static InvalidDataException failure(CsvMetrics reader, String csv) {
        return (InvalidDataException) org.assertj.core.api.Assertions.catchThrowable(() -> values(reader, csv));
    }

    private static String longFile(char delimiter, String... values) {
        StringBuilder b = new StringBuilder("date" + delimiter + "segment" + delimiter + "metric" + delimiter + "value\n");
        for (int i = 0; i < values.length; i++) {
            b.append("2025-01-").append(String.format("%02d", i + 1)).append(delimiter).append("a").append(delimiter)
                    .append("tokens").append(delimiter).append(values[i]).append('\n');
        }
        return b.toString();
    }

    @Test
    void aPointGroupingThousandsIsRefusedNamingTheFirstValueNotReadAsDecimals() {
        // a German export of token counts: counts of 1000 or more carry a point, smaller ones none
        String german = longFile(';', "980", "21.455", "1.204", "15.300", "870");
        CsvMetrics semicolon = CsvMetrics.builder().delimiter(';').build();
        InvalidDataException e = failure(semicolon, german);
        assertThat(e).isNotNull();
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo(4);
        assertThat(e.problem()).startsWith("metric 'tokens' looks written with a point grouping thousands: '21.455' and "
                + "2 more have exactly three digits after the point, 2 values below 1000 have none, and no value of "
                + "1000 or more is written without one")
                .contains("--number-format 1.234,5").contains("--number-format 1234.5 if these are decimals");
        // the same in a comma-separated file: the small counts written plainly tell it
        assertThat(failure(CsvMetrics.defaults(), longFile(',', "980", "21.455", "1.204", "15.300", "870")))
                .isNotNull();
        // every count over 1000, in a semicolon file: nothing but the delimiter tells it, and it does
        assertThat(failure(semicolon, longFile(';', "21.455", "11.204", "15.300"))).isNotNull();
        // a wide file too
        assertThat(failure(semicolon, "date;segment;tokens\n2025-01-01;a;980\n2025-01-02;a;21.455\n2025-01-03;a;"
                + "1.204\n2025-01-04;a;15.300\n").problem()).startsWith("metric 'tokens' looks written with a point");
    }

    @Test
    void declaredTheGroupedValuesAreRead() throws IOException {
        CsvMetrics german = CsvMetrics.builder().delimiter(';').numberFormat(NumberFormat.POINT_THOUSANDS).build();
        assertThat(values(german, longFile(';', "980", "21.455", "1.204", "15.300", "870", "1.234,5", "0,25", "-1.000",
                "1.234.567", "NA")))
                .containsExactly(980.0, 21455.0, 1204.0, 15300.0, 870.0, 1234.5, 0.25, -1000.0, 1234567.0, Double.NaN);
        // declared plain: three-decimal values are decimals, no check
        CsvMetrics plain = CsvMetrics.builder().delimiter(';').numberFormat(NumberFormat.PLAIN_POINT).build();
        assertThat(values(plain, longFile(';', "21.455", "11.204", "15.300"))).containsExactly(21.455, 11.204, 15.3);
    }

    @Test
    void everyFormatReadsItsOwnExample() throws IOException {
        for (NumberFormat f : NumberFormat.values()) {
            assertThat(NumberFormat.of(f.example())).isEqualTo(f);
            CsvMetrics reader = CsvMetrics.builder().delimiter(';').numberFormat(f).build();
            assertThat(values(reader, longFile(';', f.example(), "-" + f.example(), "7")))
                    .as(f.name()).containsExactly(1234.5, -1234.5, 7.0);
        }
        // a no-break or narrow no-break space groups as a space does
        CsvMetrics french = CsvMetrics.builder().delimiter(';').numberFormat(NumberFormat.SPACE_THOUSANDS).build();
        assertThat(values(french, longFile(';', "1\u00a0234,5", "1\u202f234\u202f567"))).containsExactly(1234.5,
                1234567.0);
        assertThatThrownBy(() -> NumberFormat.of("1234"))
                .hasMessage("number format: expected 1234.5 written as the file writes it, one of 1234.5, 1234,5, "
                        + "1,234.5, 1.234,5, 1 234,5, 1'234.5; found '1234'");
    }

    @Test
    void aValueNotInTheDeclaredFormatIsRefusedNamingIt() {
        CsvMetrics german = CsvMetrics.builder().delimiter(';').numberFormat(NumberFormat.POINT_THOUSANDS).build();
        for (String bad : List.of("1.5", "12.34", "1.2345", "1234.567", "1.234.5", "1,234.567", "1,2,3", ".234",
                "1.,5", "1.234e", "abc", "", "1 234")) {
            InvalidDataException e = failure(german, longFile(';', "7", bad));
            assertThat(e).as(bad).isNotNull();
            assertThat(e.line()).as(bad).isEqualTo(3);
            assertThat(e.column()).as(bad).isEqualTo(4);
            assertThat(e.problem()).as(bad).startsWith("expected a number written as 1.234,5 (or NA for missing), "
                    + "found ");
        }
        CsvMetrics us = CsvMetrics.builder().numberFormat(NumberFormat.COMMA_THOUSANDS).build();
        assertThat(failure(us, longFile(',', "\"21,45\"")).problem())
                .isEqualTo("expected a number written as 1,234.5 (or NA for missing), found '21,45'");
    }

    @Test
    void decimalsWithAPointAreReadAsBefore() throws IOException {
        // another decimal among them: the point is a decimal point
        assertThat(values(CsvMetrics.defaults(), longFile(',', "12.5", "3.125", "7", "21.455", "1.204")))
                .containsExactly(12.5, 3.125, 7.0, 21.455, 1.204);
        // a plain value of 1000 or more: no point groups thousands
        assertThat(values(CsvMetrics.defaults(), longFile(',', "1500", "21.455", "1.204", "15.300")))
                .containsExactly(1500.0, 21.455, 1.204, 15.3);
        // three-decimal values below one, or fixed three decimals in a comma file with no plain integer
        assertThat(values(CsvMetrics.defaults(), longFile(',', "0.125", "0.250", "0.375", "0.500")))
                .containsExactly(0.125, 0.25, 0.375, 0.5);
        assertThat(values(CsvMetrics.defaults(), longFile(',', "1.250", "3.125", "12.000")))
                .containsExactly(1.25, 3.125, 12.0);
        // two three-decimal values are a coincidence, not a pattern
        assertThat(values(CsvMetrics.defaults(), longFile(',', "7", "21.455", "1.204")))
                .containsExactly(7.0, 21.455, 1.204);
        // one metric's shape does not decide another's
        assertThat(values(CsvMetrics.defaults(), "date,segment,metric,value\n2025-01-01,a,tokens,1500\n"
                + "2025-01-01,a,hours,2.5\n2025-01-02,a,hours,1.250\n")).containsExactly(1500.0, 2.5, 1.25);
    }

    @Test
    void aPointGroupingThousandsInACellThatCannotBeADecimalIsNamed() {
        assertThat(failure(CsvMetrics.defaults(), longFile(',', "1.234.567")).problem())
                .endsWith("1.234,5 where a point groups thousands, or export 1.234,5 as 1234.5)");
        assertThat(failure(CsvMetrics.builder().delimiter(';').build(), longFile(';', "1.234,5")).problem())
                .endsWith("1.234,5 where a point groups thousands, or export 1.234,5 as 1234.5)");
        assertThat(failure(CsvMetrics.builder().delimiter(';').build(), longFile(';', "1 234,5")).problem())
                .endsWith("1 234,5 where a space groups thousands; or export 21 455 as 21455)");
        assertThat(failure(CsvMetrics.defaults(), longFile(',', "1'234.5")).problem())
                .endsWith("1'234.5 where an apostrophe groups thousands; or export 21'455 as 21455)");
    }
}
