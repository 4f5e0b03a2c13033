package dev.goodhart.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.goodhart.model.Frame;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.InvalidDataException;
import dev.goodhart.model.Observation;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvMetricsTest {
    @TempDir
    Path dir;

    private static List<Observation> read(String csv) throws IOException {
        return CsvMetrics.defaults().read(new StringReader(csv), "test.csv");
    }

    private static InvalidDataException failure(String csv) {
        try {
            read(csv);
        } catch (InvalidDataException e) {
            return e;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected an InvalidDataException for:\n" + csv);
    }

    @Test
    void readsLongRows() throws IOException {
        List<Observation> rows = read("date,segment,metric,value\n2025-01-06,checkout,tokens,1200\n"
                + "2025-01-06,,tokens,-3.5e2\n2025-01-07,checkout,cycle_time,NA\n");
        assertThat(rows).containsExactly(
                Observation.of("2025-01-06", "checkout", "tokens", 1200),
                Observation.of("2025-01-06", "*", "tokens", -350),
                Observation.of("2025-01-07", "checkout", "cycle_time", Double.NaN));
    }

    /**
     * A long table holds metrics the model does not ask for: their values are not parsed (the frame skips and counts
     * their rows), as a wide file's undeclared columns are not read; the declared metrics' are, and refused when bad.
     * helper-173's store exported long was refused for one 'n/a' of throughput, exported wide it was scored.
     */
    @Test
    void undeclaredMetricsOfALongFileAreNotParsed() throws Exception {
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", dev.goodhart.model.Direction.LOWER, "days").link("tokens", "cycle_time").build();
        Path file = java.nio.file.Files.writeString(dir.resolve("long.csv"), "date,segment,metric,value\n"
                + "2025-01-06,a,tokens,10\n2025-01-06,a,throughput,n/a\n2025-01-06,a,cycle_time,2\n");
        Frame frame = CsvMetrics.defaults().frame(model, file, Frame.Duplicates.REJECT);
        assertThat(frame.inputAccount().count(dev.goodhart.model.InputAccount.Reason.UNDECLARED_METRIC)).isEqualTo(1);
        List<Observation> delivered = new ArrayList<>();
        CsvMetrics.builder().metrics(List.of("tokens", "cycle_time")).build().source(file)
                .read((o, line, column, timed) -> delivered.add(o));
        assertThat(delivered).hasSize(3).anySatisfy(o -> assertThat(o.metric()).isEqualTo("throughput"));
        Path bad = java.nio.file.Files.writeString(dir.resolve("bad.csv"), "date,segment,metric,value\n"
                + "2025-01-06,a,tokens,n/a\n");
        assertThatThrownBy(() -> CsvMetrics.defaults().frame(model, bad, Frame.Duplicates.REJECT))
                .hasMessageContaining("line 2, column 4: expected a decimal number");
    }

    @Test
    void longColumnsMayComeInAnyOrderAndCase() throws IOException {
        assertThat(read("Value,METRIC,Date,Segment\n4,tokens,2025-01-06,a\n"))
                .containsExactly(Observation.of("2025-01-06", "a", "tokens", 4));
    }

    @Test
    void withoutASegmentColumnRowsBelongToTheOrganisation() throws IOException {
        assertThat(read("date,metric,value\n2025-01-06,tokens,4\n"))
                .containsExactly(Observation.of("2025-01-06", "*", "tokens", 4));
    }

    @Test
    void readsWideRowsAndSkipsEmptyCells() throws IOException {
        List<Observation> rows = read("date,segment,tokens,cycle_time\n2025-01-06,a,10,\n2025-01-06,b,,NaN\n");
        assertThat(rows).containsExactly(
                Observation.of("2025-01-06", "a", "tokens", 10),
                Observation.of("2025-01-06", "b", "cycle_time", Double.NaN));
    }

    @Test
    void detectsTheLayoutFromTheHeader() throws IOException {
        Path wide = Files.writeString(dir.resolve("w.csv"), "date,segment,tokens\n");
        Path longFile = Files.writeString(dir.resolve("l.csv"), "date,segment,metric,value\n");
        assertThat(CsvMetrics.defaults().layout(wide)).isEqualTo(CsvMetrics.Layout.WIDE);
        assertThat(CsvMetrics.defaults().layout(longFile)).isEqualTo(CsvMetrics.Layout.LONG);
        assertThat(CsvMetrics.defaults().read(longFile)).isEmpty();
    }

    @Test
    void dateTimesBecomeDatesInTheReadersZone() throws IOException {
        String csv = "date,segment,metric,value\n2025-01-06T23:30:00Z,a,t,1\n2025-01-06T23:30:00-05:00,a,t,2\n"
                + "2025-01-06 23:30:00,a,t,3\n2025-01-06T08:00:00+09:00[Asia/Tokyo],a,t,4\n";
        assertThat(read(csv)).extracting(Observation::date).containsExactly(
                LocalDate.of(2025, 1, 6), LocalDate.of(2025, 1, 7), LocalDate.of(2025, 1, 6), LocalDate.of(2025, 1, 5));
        List<Observation> inBerlin = CsvMetrics.builder().zone(ZoneId.of("Europe/Berlin")).build()
                .read(new StringReader(csv), "test.csv");
        assertThat(inBerlin.get(0).date()).isEqualTo(LocalDate.of(2025, 1, 7));
    }

    /**
     * What a newcomer's exports tripped on: a semicolon file read with commas is named as such; a wide file's label
     * column (a region) is left out when only the declared metrics are read, but a team column under another name is
     * not silently dropped (every row would be the organisation's); without the declared metrics a label's cell says
     * what to do.
     */
    @Test
    void otherExportsShapesAreReadOrNamed() throws IOException {
        assertThat(failure("date;segment;metric;value\n2025-01-06;a;t;1\n").getMessage()).contains(
                "the header is one column (date;segment;metric;value): the file looks separated by ';', not ','; give "
                        + "--delimiter ';'");
        assertThat(failure("date\tsegment\tmetric\tvalue\n2025-01-06\ta\tt\t1\n").getMessage())
                .contains("the file looks separated by tabs, not ','; give --delimiter tab");
        String labelled = "date,segment,region,tokens,cycle_time\n2025-01-06,a,EMEA,100,5\n";
        CsvMetrics declared = CsvMetrics.builder().metrics(List.of("tokens", "Cycle_Time")).build();
        assertThat(declared.read(new StringReader(labelled), "w.csv")).containsExactly(
                Observation.of("2025-01-06", "a", "tokens", 100), Observation.of("2025-01-06", "a", "cycle_time", 5));
        assertThat(failure(labelled).getMessage()).contains("expected a decimal number for metric 'region' (or NA for "
                + "missing), found 'EMEA' (a wide CSV's columns after date and segment are metrics: if 'region' names "
                + "the segments, name it with --columns segment=region");
        String team = "date,Team,tokens,cycle_time\n2025-01-06,a,100,5\n";
        assertThatThrownBy(() -> declared.read(new StringReader(team), "w.csv")).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("line 1, column 2: this wide CSV has no 'segment' column and its column 'Team' "
                        + "looks like one: name it with --columns segment=Team");
        assertThatThrownBy(() -> declared.read(new StringReader("date,segment,stars\n2025-01-06,a,5\n"), "w.csv"))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("none of the metrics to read "
                        + "(cycle_time, tokens) is a column of this wide CSV, found date,segment,stars");
        // each metric to read is a column: one missing is named with the header (the command line had said "metric
        // 'cycle_time' not found (it has: tokens)", the columns it had read)
        assertThatThrownBy(() -> declared.read(new StringReader("date,segment,tokens,cycletime\n2025-01-06,a,5,2\n"),
                "w.csv")).isInstanceOf(InvalidDataException.class).hasMessage("w.csv, line 1: expected a column for "
                        + "each metric to read, found none for Cycle_Time (matched ignoring case) in this wide CSV's "
                        + "header date,segment,tokens,cycletime");
        // named as asked for
        assertThatThrownBy(() -> CsvMetrics.builder().metrics(List.of("tokens", "PRs")).build().read(new StringReader(
                "date,segment,tokens\n2025-01-06,a,5\n"), "w.csv")).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("found none for PRs (matched ignoring case)");
    }

    @Test
    void stripsAByteOrderMarkAndReadsFromAFile() throws IOException {
        Path file = dir.resolve("bom.csv");
        Files.write(file, "\uFEFFdate,segment,metric,value\r\n2025-01-06,a,tokens,1\r\n".getBytes(StandardCharsets.UTF_8));
        assertThat(CsvMetrics.defaults().read(file)).containsExactly(Observation.of("2025-01-06", "a", "tokens", 1));
    }

    @Test
    void quotedFieldsMayHoldDelimitersQuotesAndLineBreaks() throws IOException {
        List<Observation> rows = read("date,segment,metric,value\n2025-01-06,\"a, \"\"b\"\"\",tokens,1\n"
                + "2025-01-06,\"two\nlines\",tokens,2\n2025-01-07,c,tokens,oops\n".replace(",oops", ",3"));
        assertThat(rows).extracting(Observation::segment).containsExactly("a, \"b\"", "two\nlines", "c");
    }

    @Test
    void aBadNumberNamesLineColumnAndWhatWasExpected() {
        InvalidDataException e = failure("date,segment,metric,value\n2025-01-06,a,tokens,1\n\n2025-01-07,a,tokens,12k\n");
        assertThat(e.source()).isEqualTo("test.csv");
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.column()).isEqualTo(4);
        assertThat(e.getMessage()).isEqualTo(
                "test.csv, line 4, column 4: expected a decimal number (or NA for missing), found '12k'");
    }

    @Test
    void lineNumbersCountLinesInsideQuotedFields() {
        InvalidDataException e = failure("date,segment,metric,value\n2025-01-06,\"two\nlines\",tokens,1\n"
                + "2025-13-07,a,tokens,1\n");
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.column()).isEqualTo(1);
        assertThat(e.problem()).startsWith("expected an ISO-8601 date").contains("'2025-13-07'");
    }

    @Test
    void rejectsWhatIsNotAFiniteDecimal() {
        for (String bad : List.of("Infinity", "1e999", "0x10", "1,5", "1d", "", "--1")) {
            String cell = bad.contains(",") ? "\"" + bad + "\"" : bad;
            InvalidDataException e = failure("date,segment,metric,value\n2025-01-06,a,tokens," + cell + "\n");
            assertThat(e.line()).as(bad).isEqualTo(2);
            assertThat(e.column()).as(bad).isEqualTo(4);
        }
        assertThat(failure("date,segment,tokens\n2025-01-06,a,abc\n").problem())
                .isEqualTo("expected a decimal number for metric 'tokens' (or NA for missing), found 'abc' (a wide "
                        + "CSV's columns after date and segment are metrics: if 'tokens' names the segments, name it with "
                        + "--columns segment=tokens; labels are left out by reading the declared metrics only, as the "
                        + "command line does: CsvMetrics.builder().metrics(...))");
        // a decimal comma or a thousands separator is named as such
        assertThat(failure("date,segment,metric,value\n2025-01-06,a,tokens,\"1,234,567\"\n").problem())
                .endsWith("(numbers are read with a decimal point and no thousands separator: declare how the file "
                        + "writes them with --number-format (CsvMetrics.Builder.numberFormat), 1,234.5 where a comma "
                        + "groups thousands, 1234,5 where it is a decimal comma; or export 21,455 as 21455)");
        assertThat(failure("date,segment,metric,value\n2025-01-06,a,tokens,\"21,455\"\n").problem())
                .startsWith("expected a decimal number (or NA for missing), found '21,455' (numbers are read with a "
                        + "decimal point and no thousands separator: declare how the file writes them with "
                        + "--number-format");
        assertThat(failure("date,segment,metric,value\n2025-01-06,a,tokens,\"1,5\"\n").problem())
                .endsWith("1234,5 or 1.234,5 for a decimal comma; or export 1,5 as 1.5)");
    }

    @Test
    void aShortOrLongRowNamesTheExpectedColumns() {
        InvalidDataException e = failure("date,segment,metric,value\n2025-01-06,a,tokens\n");
        assertThat(e.getMessage()).isEqualTo(
                "test.csv, line 2, column 4: expected 4 columns (date,segment,metric,value), found 3");
        assertThat(failure("date,segment,tokens\n2025-01-06,a,1,2\n").problem()).isEqualTo(
                "expected 3 columns (date,segment,tokens), found 4");
    }

    @Test
    void headerProblemsAreNamed() {
        assertThat(failure("").problem()).contains("expected a header line");
        assertThat(failure("segment,metric,value\n").problem()).startsWith("expected a 'date' column");
        assertThat(failure("date,segment,metric\n").problem()).startsWith("a long CSV needs both 'metric' and 'value'");
        assertThat(failure("date,segment,metric,value,extra\n").getMessage())
                .isEqualTo("test.csv, line 1, column 5: unexpected column 'extra' in a long CSV (expected date,segment,metric,value)"
                        + CsvMetrics.COLUMNS_HINT + CsvMetrics.OTHER_COLUMNS_HINT);
        assertThat(failure("date,segment\n").problem()).startsWith("expected metric columns");
        assertThat(failure("date,tokens,Tokens\n").problem()).isEqualTo("duplicate column 'Tokens' (also column 2)");
        assertThat(failure("date,,tokens\n").column()).isEqualTo(2);
    }

    @Test
    void emptyCellsInTheLongLayoutAreErrors() {
        assertThat(failure("date,segment,metric,value\n,a,tokens,1\n").problem()).contains("found an empty cell");
        assertThat(failure("date,segment,metric,value\n2025-01-06,a,,1\n").problem())
                .isEqualTo("expected a metric name, found an empty cell");
    }

    @Test
    void malformedQuotingIsReportedWithItsLine() {
        InvalidDataException e = failure("date,segment,metric,value\n2025-01-06,a,tokens,1\n2025-01-06,\"a\"x,tokens,1\n");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.problem()).startsWith("malformed CSV: ");
    }

    @Test
    void bytesThatAreNotUtf8AreReported() throws IOException {
        Path file = dir.resolve("latin1.csv");
        Files.write(file, "date,segment,metric,value\n2025-01-06,Z\u00fcrich,tokens,1\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> CsvMetrics.defaults().read(file))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("latin1.csv").hasMessageContaining("UTF-8");
    }

    @Test
    void aMissingFileIsAnIoExceptionNamingIt() {
        assertThatThrownBy(() -> CsvMetrics.defaults().read(dir.resolve("nope.csv")))
                .isInstanceOf(NoSuchFileException.class).hasMessageContaining("nope.csv");
    }

    @Test
    void streamingDeliversRowsBeforeTheFirstBadOneAndReadDeliversNothing() throws IOException {
        Path file = Files.writeString(dir.resolve("half.csv"), "date,segment,metric,value\n2025-01-06,a,t,1\n2025-01-07,a,t,x\n");
        List<Observation> sink = new ArrayList<>();
        assertThatThrownBy(() -> CsvMetrics.defaults().stream(file, sink::add)).isInstanceOf(InvalidDataException.class);
        assertThat(sink).hasSize(1);
        List<Observation>[] result = new List[1];
        assertThatThrownBy(() -> result[0] = CsvMetrics.defaults().read(file)).isInstanceOf(InvalidDataException.class);
        assertThat(result[0]).isNull();
    }

    @Test
    void decimalsAreRecognisedAsTheGrammarSays() {
        for (String ok : List.of("0", "-1", "+2.5", ".5", "5.", "1e3", "1.5E-7", "-0.0", "123456789012345678901234567890")) {
            assertThat(CsvMetrics.isDecimal(ok)).as(ok).isTrue();
        }
        for (String bad : List.of("", "+", "-", ".", "e3", "1e", "1e+", "1.2.3", "0x1F", "NaN", "Infinity", "1d", "1f",
                " 1", "1 ", "1,5", "--1", "1e3.5")) {
            assertThat(CsvMetrics.isDecimal(bad)).as(bad).isFalse();
        }
    }

    @Test
    void impossibleDatesAreRejected() {
        assertThat(failure("date,segment,metric,value\n2025-02-30,a,t,1\n").problem()).contains("'2025-02-30'");
        assertThat(failure("date,segment,metric,value\n2025-1-07,a,t,1\n").problem()).contains("'2025-1-07'");
    }

    @Test
    void delimiterIsValidated() {
        assertThatThrownBy(() -> CsvMetrics.builder().delimiter('"')).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("delimiter:");
    }

    @Test
    void writeLongRoundTripsExactDoubles() throws IOException {
        List<Observation> in = List.of(Observation.of("2025-01-06", "*", "t", 0.1 + 0.2),
                Observation.of("2025-01-06", "x,y", "t", Double.NaN), Observation.of("2025-01-06", "x", "t", 1e-300));
        java.io.StringWriter w = new java.io.StringWriter();
        CsvMetrics.defaults().writeLong(in, w);
        assertThat(w.toString()).startsWith("date,segment,metric,value\n2025-01-06,,t,0.30000000000000004\n");
        assertThat(read(w.toString())).containsExactlyElementsOf(in);
    }

    @Test
    void everyAllowedDelimiterWritesAndReadsBack() throws IOException {
        List<Observation> in = List.of(Observation.of("2025-01-06", "*", "t", 1.5),
                Observation.of("2025-01-06", "#a;b|c\td e,f", "t", Double.NaN),
                Observation.of("2025-01-07", "say \"hi\"\nthere", "#t", -2));
        for (char delimiter : new char[] {',', ';', '\t', '|', '#', ' ', '\u0000'}) {
            CsvMetrics csv = CsvMetrics.builder().delimiter(delimiter).build();
            java.io.StringWriter w = new java.io.StringWriter();
            csv.writeLong(in, w);
            assertThat(csv.read(new StringReader(w.toString()), "test.csv")).as("delimiter %d", (int) delimiter)
                    .containsExactlyElementsOf(in);
        }
    }
}
