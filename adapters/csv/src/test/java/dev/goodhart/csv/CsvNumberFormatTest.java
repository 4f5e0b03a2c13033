package dev.goodhart.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.goodhart.csv.CsvMetrics.NumberFormat;
import dev.goodhart.model.Direction;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.InvalidDataException;
import dev.goodhart.model.Observation;
import dev.goodhart.source.SourceException;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Numbers as exports write them: a German export's {@code 21.455} (twenty-one thousand) must not be read as twenty-one,
 * silently; a declared format reads it; plain decimals read as before.
 */
class CsvNumberFormatTest {
    @TempDir
    Path dir;

    private static List<Double> values(CsvMetrics reader, String csv) throws IOException {
        return reader.read(new StringReader(csv), "numbers.csv").stream().map(Observation::value).toList();
    }

    private static InvalidDataException failure(CsvMetrics reader, String csv) {
        return (InvalidDataException) org.assertj.core.api.Assertions.catchThrowable(() -> values(reader, csv));
    }

    private static String longFile(char delimiter, String... values) {
        return metricFile(delimiter, "tokens", values);
    }

    private static String metricFile(char delimiter, String metric, String... values) {
        StringBuilder b = new StringBuilder("date" + delimiter + "segment" + delimiter + "metric" + delimiter + "value\n");
        for (int i = 0; i < values.length; i++) {
            b.append("2025-01-").append(String.format("%02d", i + 1)).append(delimiter).append("a").append(delimiter)
                    .append(metric).append(delimiter).append(values[i]).append('\n');
        }
        return b.toString();
    }

    /** The warnings a source gives while reading {@code csv} (which it must read). */
    private List<String> warnings(CsvMetrics reader, String csv) throws IOException {
        Path file = Files.writeString(dir.resolve("warned.csv"), csv);
        return SourceWarnings.of(reader.source(file));
    }

    @Test
    void aPointGroupingThousandsIsRefusedNamingTheFirstValueNotReadAsDecimals() {
        // a German export of token counts: counts of 1000 or more carry a point, smaller ones none
        CsvMetrics semicolon = CsvMetrics.builder().delimiter(';').build();
        InvalidDataException e = failure(semicolon, longFile(';', "980", "21.455", "1.204", "15.300", "870"));
        assertThat(e).isNotNull();
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo(4);
        assertThat(e.problem()).isEqualTo("metric 'tokens' looks written with a point grouping thousands: '21.455' and "
                + "2 more with one to three digits, a point and exactly three digits, 2 plain values below 1000, and no "
                + "value in the file with a decimal point such a writer would not write (5.61, 0.125, 41949.000); read "
                + "as written, '21.455' would be a thousandth of what it likely is. Declare how the file writes numbers: "
                + "--number-format 1.234,5 (CsvMetrics.Builder.numberFormat) if the point groups thousands, "
                + "--number-format 1234.5 if these are decimals");
        // every count over 1000, in a semicolon file: the delimiter tells it
        assertThat(failure(semicolon, longFile(';', "21.455", "11.204", "15.300"))).isNotNull();
        // a metric under 1000 with a spike: one grouped value beside plain ones is enough in a semicolon file
        assertThat(failure(semicolon, longFile(';', "820", "870", "910", "1.240")).problem())
                .startsWith("metric 'tokens' looks written with a point grouping thousands: '1.240' with one to three "
                        + "digits, a point and exactly three digits, 3 plain values below 1000, and no value");
        // Spanish and Italian writers leave 4-digit values plain and group from 10,000
        assertThat(failure(semicolon, longFile(';', "8750", "12.345", "15.200", "9980", "21.455"))).isNotNull();
        assertThat(failure(semicolon, longFile(';', "8750", "9980", "12.345")).problem())
                .contains("'12.345' with one to three digits, a point and exactly three digits, 2 plain values from "
                        + "1000 to 9999, and no value");
        // a German spreadsheet mixes grouped and plain cells in a column: in a semicolon file a plain 10,000 or a
        // 4-digit value beside a grouped 1.204 does not settle it, and neither do zeros
        assertThat(failure(semicolon, longFile(';', "21455", "18.300", "25010", "19.870", "980", "22.140")))
                .isNotNull();
        assertThat(failure(semicolon, longFile(';', "5120", "1.204", "4870", "1.310", "980"))).isNotNull();
        assertThat(failure(semicolon, longFile(';', "0", "0", "1.204", "0", "2.310", "0"))).isNotNull();
        // a comma-separated file: the plain small counts tell it (two or more, and one in twenty)
        assertThat(failure(CsvMetrics.defaults(), longFile(',', "980", "21.455", "11.204", "15.300", "870")))
                .isNotNull();
        // a wide file too
        assertThat(failure(semicolon, "date;segment;tokens\n2025-01-01;a;980\n2025-01-02;a;21.455\n2025-01-03;a;"
                + "1.204\n2025-01-04;a;15.300\n").problem()).startsWith("metric 'tokens' looks written with a point");
    }

    @Test
    void whatNothingTellsIsReadAsDecimalsWithAWarning() throws IOException {
        // fixed three decimals in a tab-separated file: a tab says nothing of the locale
        CsvMetrics tab = CsvMetrics.builder().delimiter('\t').build();
        String fixed = metricFile('\t', "cycle_time", "5.610", "12.500", "8.250", "10.000");
        assertThat(values(tab, fixed)).containsExactly(5.61, 12.5, 8.25, 10.0);
        assertThat(warnings(tab, fixed)).containsExactly("metric 'cycle_time' has '5.610' and 3 more (line 2) with "
                + "exactly three digits after the point, and nothing in the file tells decimals from a point grouping "
                + "thousands; read as decimals. If the point groups thousands, declare --number-format 1.234,5 "
                + "(CsvMetrics.Builder.numberFormat); --number-format 1234.5 says they are decimals");
        // counts group their thousands, as the reports' counts do (helper-173: "'51.605' and 2309 more")
        StringBuilder many = new StringBuilder("date\tsegment\tmetric\tvalue\n");
        for (int i = 0; i < 1501; i++) {
            many.append(java.time.LocalDate.of(2025, 1, 1).plusDays(i % 100)).append("\tteam-").append(i / 100)
                    .append("\tcycle_time\t").append(5 + i % 20).append('.').append(100 + i % 800).append('\n');
        }
        assertThat(warnings(tab, many.toString())).singleElement().asString()
                .startsWith("metric 'cycle_time' has '5.100' and 1,500 more (line 2)");
        // a spike beside plain small values, in a comma-separated file: read, with a warning
        String spike = longFile(',', "820", "870", "910", "1.240", "1.310", "880");
        assertThat(values(CsvMetrics.defaults(), spike)).containsExactly(820.0, 870.0, 910.0, 1.24, 1.31, 880.0);
        assertThat(warnings(CsvMetrics.defaults(), spike)).singleElement().asString()
                .startsWith("metric 'tokens' has '1.240' and 1 more (line 5) with exactly three digits after the "
                        + "point, 4 plain values below 1000, and nothing in the file tells");
        // a zero is no evidence; one exact integer among three-decimal seconds is a coincidence
        assertThat(values(CsvMetrics.defaults(), longFile(',', "0", "2.250", "0", "1.375", "3.125", "0")))
                .containsExactly(0.0, 2.25, 0.0, 1.375, 3.125, 0.0);
        assertThat(values(CsvMetrics.defaults(), longFile(',', "12.345", "7", "13.512", "8.271")))
                .containsExactly(12.345, 7.0, 13.512, 8.271);
        // declared plain: no warning
        CsvMetrics declared = CsvMetrics.builder().delimiter('\t').numberFormat(NumberFormat.PLAIN_POINT).build();
        assertThat(warnings(declared, fixed)).isEmpty();
    }

    @Test
    void aDecimalPointAnywhereInTheFileSettlesEveryMetric() throws IOException {
        // fixed three decimals (pandas float_format='%.3f') in a semicolon file: 41949.000 is no grouping
        CsvMetrics semicolon = CsvMetrics.builder().delimiter(';').build();
        String fixed = "date;segment;metric;value\n2025-01-01;a;tokens;41949.000\n2025-01-01;a;cycle_time;5.610\n"
                + "2025-01-02;a;cycle_time;12.500\n2025-01-03;a;cycle_time;8.250\n2025-01-04;a;incidents;3\n";
        assertThat(values(semicolon, fixed)).containsExactly(41949.0, 5.61, 12.5, 8.25, 3.0);
        assertThat(warnings(semicolon, fixed)).isEmpty();
        // another metric's 5.61, even one not read, settles the three-decimal 2.125 beside a plain 3
        String other = "date;segment;metric;value\n2025-01-01;a;cycle_time;5.61\n2025-01-01;a;incidents;3\n"
                + "2025-01-02;a;incidents;2.125\n";
        assertThat(values(semicolon, other)).containsExactly(5.61, 3.0, 2.125);
        assertThat(values(CsvMetrics.builder().delimiter(';').metrics(List.of("incidents")).build(), other))
                .containsExactly(5.61, 3.0, 2.125);
    }

    @Test
    void onlyTheMetricsReadAreChecked() throws IOException {
        String file = "date;segment;metric;value\n2025-01-01;a;tokens;12000\n2025-01-01;a;latency;1.250\n"
                + "2025-01-02;a;latency;2.125\n2025-01-03;a;latency;3.500\n";
        CsvMetrics all = CsvMetrics.builder().delimiter(';').build();
        assertThat(failure(all, file).problem()).startsWith("metric 'latency' looks written");
        CsvMetrics tokensOnly = CsvMetrics.builder().delimiter(';').metrics(List.of("tokens")).build();
        Path path = Files.writeString(dir.resolve("extra.csv"), file);
        assertThat(tokensOnly.source(path).read((o, line, column, timed) -> { })).isEqualTo(4);
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "hours").link("tokens", "cycle_time").build();
        assertThat(all.frame(model, path).inputAccount().read()).isEqualTo(4);
    }

    @Test
    void everyReadingPathRefusesIt() throws IOException {
        CsvMetrics semicolon = CsvMetrics.builder().delimiter(';').build();
        Path german = Files.writeString(dir.resolve("de.csv"), longFile(';', "980", "21.455", "1.204", "15.300"));
        assertThatThrownBy(() -> semicolon.read(german)).isInstanceOf(InvalidDataException.class);
        assertThatThrownBy(() -> semicolon.frame(IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("c", Direction.LOWER, "hours").link("tokens", "c").build(), german))
                .isInstanceOf(InvalidDataException.class);
        List<Observation> streamed = new ArrayList<>();
        assertThatThrownBy(() -> semicolon.stream(german, streamed::add)).isInstanceOf(InvalidDataException.class);
        assertThat(streamed).hasSize(4); // handed over as read: the caller drops them
        assertThatThrownBy(() -> semicolon.source(german).read((o, line, column, timed) -> { }))
                .isInstanceOf(SourceException.class).hasMessageContaining("line 3, column 4")
                .hasMessageContaining("point grouping thousands");
    }

    @Test
    void declaredTheGroupedValuesAreRead() throws IOException {
        CsvMetrics german = CsvMetrics.builder().delimiter(';').numberFormat(NumberFormat.POINT_THOUSANDS).build();
        assertThat(values(german, longFile(';', "980", "21.455", "1.204", "15.300", "870", "1.234,5", "0,25", "-1.000",
                "1.234.567", "NA", "-0,5", "1234")))
                .containsExactly(980.0, 21455.0, 1204.0, 15300.0, 870.0, 1234.5, 0.25, -1000.0, 1234567.0, Double.NaN,
                        -0.5, 1234.0);
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
        // a no-break or narrow no-break space groups as a space does; Java's Swiss apostrophe (U+2019) as one
        CsvMetrics french = CsvMetrics.builder().delimiter(';').numberFormat(NumberFormat.SPACE_THOUSANDS).build();
        assertThat(values(french, longFile(';', "1\u00a0234,5", "1\u202f234\u202f567"))).containsExactly(1234.5,
                1234567.0);
        CsvMetrics swiss = CsvMetrics.builder().delimiter(';').numberFormat(NumberFormat.APOSTROPHE_THOUSANDS).build();
        assertThat(values(swiss, longFile(';', "1\u2019234.5"))).containsExactly(1234.5);
        // CLDR's minus sign (Swedish, Norwegian, Finnish writers)
        assertThat(values(french, longFile(';', "\u22121 234,5"))).containsExactly(-1234.5);
        assertThatThrownBy(() -> NumberFormat.of("1234"))
                .hasMessage("number format: expected 1234.5 written as the file writes it, one of 1234.5, 1234,5, "
                        + "1,234.5, 1.234,5, 1 234,5, 1'234.5; found '1234'");
    }

    @Test
    void aValueNotInTheDeclaredFormatIsRefusedNamingIt() {
        CsvMetrics german = CsvMetrics.builder().delimiter(';').numberFormat(NumberFormat.POINT_THOUSANDS).build();
        // wrong groups, a point after the decimals, a first group starting with 0 (a plain decimal declared wrongly),
        // grouping with an exponent
        for (String bad : List.of("1.5", "12.34", "1.2345", "1234.567", "1.234.5", "1,234.567", "1,2,3", ".234",
                "1.,5", "1.234e", "abc", "", "1 234", "0.500", "-0.500", "00.500", "0.000.001", "1.234e3")) {
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
        assertThat(failure(us, longFile(',', "\"0,123\""))).isNotNull();
    }

    @Test
    void decimalsWithAPointAreReadAsBefore() throws IOException {
        // another decimal among them: the point is a decimal point
        assertThat(values(CsvMetrics.defaults(), longFile(',', "12.5", "3.125", "7", "21.455", "1.204")))
                .containsExactly(12.5, 3.125, 7.0, 21.455, 1.204);
        // outside a semicolon file, a plain value of 10,000 or more, or of 1000 or more beside a grouped 1.204: no
        // point groups thousands
        assertThat(values(CsvMetrics.defaults(), longFile(',', "15000", "21.455", "15.300", "7", "8", "11.250")))
                .containsExactly(15000.0, 21.455, 15.3, 7.0, 8.0, 11.25);
        assertThat(values(CsvMetrics.defaults(), longFile(',', "1500", "21.455", "1.204", "7", "8")))
                .containsExactly(1500.0, 21.455, 1.204, 7.0, 8.0);
        // three-decimal values below one, or fixed three decimals in a comma file with no plain integer
        assertThat(values(CsvMetrics.defaults(), longFile(',', "0.125", "0.250", "0.375", "0.500")))
                .containsExactly(0.125, 0.25, 0.375, 0.5);
        assertThat(values(CsvMetrics.defaults(), longFile(',', "1.250", "3.125", "12.000")))
                .containsExactly(1.25, 3.125, 12.0);
        // two three-decimal values in a comma file are a coincidence, not a pattern
        assertThat(values(CsvMetrics.defaults(), longFile(',', "7", "8", "21.455", "1.204")))
                .containsExactly(7.0, 8.0, 21.455, 1.204);
        // one metric's shape does not decide another's
        assertThat(values(CsvMetrics.defaults(), "date,segment,metric,value\n2025-01-01,a,tokens,1500\n"
                + "2025-01-01,a,hours,2.5\n2025-01-02,a,hours,1.250\n")).containsExactly(1500.0, 2.5, 1.25);
    }

    @Test
    void aSeparatorInACellThatCannotBeADecimalIsNamed() {
        assertThat(failure(CsvMetrics.defaults(), longFile(',', "1.234.567")).problem())
                .endsWith("1.234,5 where a point groups thousands, or export 1.234.567 as 1234567)");
        assertThat(failure(CsvMetrics.builder().delimiter(';').build(), longFile(';', "1.234,5")).problem())
                .endsWith("1.234,5 where a point groups thousands, or export 1.234,5 as 1234.5)");
        assertThat(failure(CsvMetrics.builder().delimiter(';').build(), longFile(';', "1 234,5")).problem())
                .endsWith("1 234,5 where a space groups thousands; or export 21 455 as 21455)");
        assertThat(failure(CsvMetrics.defaults(), longFile(',', "1'234.5")).problem())
                .endsWith("1'234.5 where an apostrophe groups thousands; or export 21'455 as 21455)");
        assertThat(failure(CsvMetrics.defaults(), longFile(',', "1\u2019234.5")).problem())
                .endsWith("1'234.5 where an apostrophe groups thousands; or export 21'455 as 21455)");
    }
}
