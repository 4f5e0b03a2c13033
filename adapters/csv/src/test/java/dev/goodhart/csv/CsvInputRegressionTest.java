package dev.goodhart.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.goodhart.model.InvalidDataException;
import dev.goodhart.model.Observation;
import dev.goodhart.activity.ActivityEvent;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Defects the parsers' fuzz found in the shared CSV input and the events reader, one test each. */
class CsvInputRegressionTest {
    @TempDir
    Path dir;

    private static List<ActivityEvent> events(String csv) throws IOException {
        List<ActivityEvent> out = new ArrayList<>();
        CsvEvents.defaults().stream(new StringReader(csv), "events.csv", out::add);
        return out;
    }

    private static InvalidDataException eventsFailure(String csv) {
        try {
            events(csv);
        } catch (InvalidDataException e) {
            return e;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a failure for " + csv);
    }

    @Test
    void bytesThatAreNotUtf8AreReportedOnTheirLineAndColumnNotTheFirstLineOfTheBuffer() throws IOException {
        // was: "line 1: expected UTF-8 text" for a bad byte on line 4, because the decoder reads ahead
        Path metrics = dir.resolve("latin1.csv");
        Files.write(metrics, "date,segment,metric,value\n2025-01-06,a,tokens,1\n2025-01-07,a,tokens,2\n2025-01-08,Z\u00fcrich,tokens,3\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        assertThatThrownBy(() -> CsvMetrics.defaults().read(metrics))
                .isInstanceOfSatisfying(InvalidDataException.class, e -> {
                    assertThat(e.line()).isEqualTo(4);
                    assertThat(e.column()).isEqualTo(13);
                    assertThat(e.problem()).isEqualTo("expected UTF-8 text, found bytes that are not (0xFC)");
                });

        Path events = dir.resolve("events.csv");
        Files.write(events, "timestamp,actor,tokens\n2025-03-03T09:00:00Z,ana,1\n2025-03-03T09:01:00Z,b\u00f6,2\n"
                .getBytes(StandardCharsets.ISO_8859_1));
        List<ActivityEvent> delivered = new ArrayList<>();
        assertThatThrownBy(() -> CsvEvents.defaults().stream(events, delivered::add))
                .isInstanceOfSatisfying(InvalidDataException.class, e -> {
                    assertThat(e.getMessage()).isEqualTo(events + ", line 3, column 23: expected UTF-8 text, found"
                            + " bytes that are not (0xF6)");
                });
        assertThat(delivered).hasSize(1); // the rows before the bad byte were delivered
    }

    /**
     * A gzip-compressed file reads as the text it holds (helper-164's {@code metrics.csv.gz} was refused as "expected
     * UTF-8 text, found bytes that are not (0x8B)"), told from its first two bytes whatever its name; one cut short is
     * said to be damaged, not taken for bad text.
     */
    @Test
    void aGzipCompressedFileReadsAsItsText() throws IOException {
        StringBuilder csv = new StringBuilder("date,segment,metric,value\n");
        for (int d = 0; d < 2000; d++) {
            csv.append(java.time.LocalDate.of(2025, 1, 6).plusDays(d % 400)).append(",team-").append(d / 400)
                    .append(",tokens,").append(1000 + d).append('\n');
        }
        Path plain = Files.writeString(dir.resolve("metrics.csv"), csv);
        java.io.ByteArrayOutputStream zipped = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream z = new java.util.zip.GZIPOutputStream(zipped)) {
            z.write(csv.toString().getBytes(StandardCharsets.UTF_8));
        }
        Path gz = Files.write(dir.resolve("metrics.data"), zipped.toByteArray());
        List<Observation> expected = CsvMetrics.defaults().read(plain);
        assertThat(expected).hasSize(2000);
        assertThat(CsvMetrics.defaults().read(gz)).isEqualTo(expected);
        byte[] cut = java.util.Arrays.copyOf(zipped.toByteArray(), zipped.size() / 2);
        Path broken = Files.write(dir.resolve("cut.csv.gz"), cut);
        assertThatThrownBy(() -> CsvMetrics.defaults().read(broken)).isInstanceOf(IOException.class)
                .hasMessageContaining("the gzip-compressed data is damaged or cut short");
    }

    @Test
    void aTruncatedCharacterAtTheEndOfAFileIsReportedWhereItStarts() throws IOException {
        Path file = dir.resolve("truncated.csv");
        byte[] bytes = "timestamp,actor,tokens\n2025-03-03T09:00:00Z,\u00e9\u00e9,1".getBytes(StandardCharsets.UTF_8);
        Files.write(file, java.util.Arrays.copyOf(bytes, bytes.length - 3)); // drops ",1" and the last byte of the second é
        assertThatThrownBy(() -> CsvEvents.defaults().read(file))
                .isInstanceOfSatisfying(InvalidDataException.class, e -> {
                    assertThat(e.line()).isEqualTo(2);
                    assertThat(e.column()).isEqualTo(23);
                    assertThat(e.problem()).contains("UTF-8", "0xC3");
                });
    }

    @Test
    void aByteOrderMarkBeforeAQuotedHeaderIsSkipped() throws IOException {
        // was: "unexpected column '"timestamp"'": the mark kept the quote from opening the cell
        List<ActivityEvent> read = events("\uFEFF\"timestamp\",\"actor\",\"tokens\"\r\n\"2025-03-03T09:00:00Z\",\"ana\",\"1\"\r\n");
        assertThat(read).containsExactly(ActivityEvent.of(Instant.parse("2025-03-03T09:00:00Z"), "ana", 1));
        // and a mark on a line of its own is not a header
        assertThat(events("\uFEFF\ntimestamp,actor,tokens\n2025-03-03T09:00:00Z,ana,1\n")).hasSize(1);
    }

    @Test
    void aFileWithAByteOrderMarkBeforeAQuotedHeaderReadsInBothLayouts() throws IOException {
        // the files' reader skips the mark (a reader handed to CsvMetrics.read(Reader, ...) is the caller's)
        Path wide = dir.resolve("wide.csv");
        Files.writeString(wide, "\uFEFF\"tokens\",\"date\"\n1,2025-01-06\n", StandardCharsets.UTF_8);
        assertThat(CsvMetrics.defaults().read(wide)).containsExactly(Observation.of("2025-01-06", "*", "tokens", 1));
        Path longFile = dir.resolve("long.csv");
        Files.writeString(longFile, "\uFEFF\"date\",\"metric\",\"value\"\n2025-01-06,tokens,1\n", StandardCharsets.UTF_8);
        assertThat(CsvMetrics.defaults().read(longFile)).containsExactly(Observation.of("2025-01-06", "*", "tokens", 1));
    }

    @Test
    void aTimestampOutsideTheYears1900To9999NamesItsColumn() {
        // was: column 0 and the event's own message
        InvalidDataException e = eventsFailure("actor,tokens,timestamp\nana,1,0026-03-01T00:00:00Z\n");
        assertThat(e.getMessage()).isEqualTo("events.csv, line 2, column 3: expected a timestamp between the years 1900"
                + " and 9999, found '0026-03-01T00:00:00Z' (a mistyped year?)");
        assertThat(eventsFailure("timestamp,actor,tokens\n+10000-01-01T00:00:00,ana,1\n").column()).isEqualTo(1);
    }

    @Test
    void aReaderThatFailsIsAnIoExceptionNotMalformedCsv() {
        // was: InvalidDataException "malformed CSV: disk gone"
        Reader failing = new Reader() {
            private final Reader text = new StringReader("timestamp,actor,tokens\n2025-03-03T09:00:00Z,");

            @Override
            public int read(char[] buffer, int offset, int length) throws IOException {
                int n = text.read(buffer, offset, length);
                if (n < 0) {
                    throw new IOException("disk gone");
                }
                return n;
            }

            @Override
            public void close() {
            }
        };
        assertThatThrownBy(() -> CsvEvents.defaults().stream(failing, "events.csv", e -> { }))
                .isExactlyInstanceOf(IOException.class).hasMessage("disk gone");
        assertThatThrownBy(() -> CsvMetrics.defaults().read(new Reader() {
            @Override
            public int read(char[] buffer, int offset, int length) throws IOException {
                throw new IOException("disk gone");
            }

            @Override
            public void close() {
            }
        }, "metrics.csv")).isExactlyInstanceOf(IOException.class);
    }

    @Test
    void lineBreaksOfEveryKindInsideOneQuotedFieldAreAllCounted() throws IOException {
        // FastCSV 4.3.1 counts "a\rb\nc" as one line break (the \n after an earlier \r is taken for a \r\n)
        InvalidDataException e = assertThrows(() -> CsvMetrics.defaults().read(new StringReader(
                "date,segment,metric,value\n2025-01-06,\"a\rb\nc\",t,1\n2025-01-07,a,t,x\n"), "metrics.csv"));
        assertThat(e.getMessage()).isEqualTo("metrics.csv, line 5, column 4: expected a decimal number (or NA for"
                + " missing), found 'x'");
        assertThat(eventsFailure("timestamp,actor,tokens,request\n2025-03-03T09:00:00Z,ana,1,\"a\rb\n\"\"c\r\nd\"\r"
                + "2025-03-03T09:00:00Z,,1,d\r").getMessage())
                .isEqualTo("events.csv, line 6, column 2: expected an actor name, found an empty cell");
    }

    @Test
    void whitespaceAfterAClosingQuoteIsMalformedNotIgnored() {
        // RFC 4180 allows nothing between a closing quote and the delimiter; Commons CSV used to drop the spaces
        assertThat(eventsFailure("timestamp,actor,tokens\n2025-03-03T09:00:00Z,\"ana\" ,1\n").getMessage())
                .isEqualTo("events.csv, line 2: malformed CSV: expected the delimiter or the end of the line after a"
                        + " closing quote");
    }

    private static InvalidDataException assertThrows(org.assertj.core.api.ThrowableAssert.ThrowingCallable call) {
        Throwable t = org.assertj.core.api.Assertions.catchThrowable(call);
        assertThat(t).isInstanceOf(InvalidDataException.class);
        return (InvalidDataException) t;
    }

    @Test
    void malformedQuotingSaysWhatWasExpected() {
        assertThat(eventsFailure("timestamp,actor,tokens\n2025-03-03T09:00:00Z,\"ana\"x,1\n").getMessage())
                .isEqualTo("events.csv, line 2: malformed CSV: expected the delimiter or the end of the line after a"
                        + " closing quote");
        assertThat(eventsFailure("timestamp,actor,tokens\n2025-03-03T09:00:00Z,\"ana,1\n\n").getMessage())
                .isEqualTo("events.csv, line 2: malformed CSV: expected a closing quote before the end of the input,"
                        + " for the quoted field that starts on this line");
    }
}
