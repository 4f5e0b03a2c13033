package dev.goodhart.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.goodhart.model.InvalidDataException;
import dev.goodhart.model.Observation;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link PrometheusText}: the text exposition format 0.0.4, from the format's documented example and edge cases. */
class PrometheusTextTest {
    private static final LocalDate SNAPSHOT = LocalDate.parse("2025-03-01");

    /** The example of the format's documentation (prometheus.io, "Exposition formats"), plus a team label. */
    private static final String EXAMPLE = """
            # HELP http_requests_total The total number of HTTP requests.
            # TYPE http_requests_total counter
            http_requests_total{method="post",code="200",team="alpha"} 1027 1395066363000
            http_requests_total{method="post",code="400",team="beta"}    3 1395066363000

            # Escaping in label values:
            msdos_file_access_time_seconds{path="C:\\\\DIR\\\\FILE.TXT",error="Cannot find file:\\n\\"FILE.TXT\\""} 1.458255915e9

            # Minimalistic line:
            metric_without_timestamp_and_labels 12.47

            # A weird metric from before the epoch:
            something_weird{problem="division by zero"} +Inf -3982045

            # A histogram, which has a pretty complex representation in the text format:
            # HELP http_request_duration_seconds A histogram of the request duration.
            # TYPE http_request_duration_seconds histogram
            http_request_duration_seconds_bucket{le="0.05"} 24054
            http_request_duration_seconds_bucket{le="+Inf"} 144320
            http_request_duration_seconds_sum 53423
            http_request_duration_seconds_count 144320
            """;

    @Test
    void parsesTheDocumentedExample() throws Exception {
        List<Observation> rows = PrometheusText.builder().segmentLabel("team")
                .metrics("http_requests_total", "msdos_file_access_time_seconds", "metric_without_timestamp_and_labels",
                        "http_request_duration_seconds_count").build()
                .parse(new StringReader(EXAMPLE), "metrics.txt", SNAPSHOT);
        assertThat(rows).containsExactly(
                Observation.of("2014-03-17", "alpha", "http_requests_total", 1027),
                Observation.of("2014-03-17", "beta", "http_requests_total", 3),
                Observation.of("2025-03-01", "*", "msdos_file_access_time_seconds", 1.458255915e9),
                Observation.of("2025-03-01", "*", "metric_without_timestamp_and_labels", 12.47),
                Observation.of("2025-03-01", "*", "http_request_duration_seconds_count", 144320));
    }

    @Test
    void anInfiniteValueThatIsKeptIsRefusedWithItsLine() {
        InvalidDataException e = catchThrowableOfType(() -> PrometheusText.builder().build()
                .parse(new StringReader(EXAMPLE), "metrics.txt", SNAPSHOT), InvalidDataException.class);
        assertThat(e.line()).isEqualTo(13);
        assertThat(e.column()).isEqualTo(45);
        assertThat(e).hasMessage("metrics.txt, line 13, column 45: expected a finite value for "
                + "something_weird{problem=\"division by zero\"}, found +Inf");
    }

    /** Series beside histograms, with values as Go's ParseFloat writes and reads them ({@code +inf}, {@code nan}). */
    private static final String SPECIAL = """
            # TYPE request_seconds histogram
            request_seconds_bucket{team="alpha",le="0.5"} 3
            request_seconds_bucket{team="alpha",le="+Inf"} 5
            request_seconds_count{team="alpha"} 5
            # TYPE queue_limit gauge
            queue_limit{team="alpha"} +inf
            queue_limit{team="beta"} -Infinity
            queue_limit{team="gamma"} INF
            ratio{team="alpha"} nan
            tokens{team="alpha",job="api"} 7
            tokens{team="beta",job="batch"} +Inf
            """;

    /**
     * Only the series that are read have their values looked at: an infinite value (or a NaN) of a series the filters
     * leave out refuses nothing, a histogram's {@code le="+Inf"} bucket is a label; a kept series' infinite value is
     * refused naming the file, line, column and series, a kept NaN is an explicitly missing value. Values in the
     * spellings of Go's ParseFloat ({@code +inf}, {@code -Infinity}, {@code nan}) are valid: they refused the whole
     * file, even in a series left out.
     */
    @Test
    void onlyTheValuesOfTheSeriesReadAreRefused() throws Exception {
        PrometheusText histogram = PrometheusText.builder().segmentLabel("team")
                .metrics("request_seconds_bucket", "request_seconds_count", "ratio").build();
        assertThat(histogram.parse(new StringReader(SPECIAL), "m.txt", SNAPSHOT)).containsExactly(
                Observation.of("2025-03-01", "alpha", "request_seconds_bucket", 3),
                Observation.of("2025-03-01", "alpha", "request_seconds_bucket", 5),
                Observation.of("2025-03-01", "alpha", "request_seconds_count", 5),
                Observation.of("2025-03-01", "alpha", "ratio", Double.NaN));
        PrometheusText api = PrometheusText.builder().segmentLabel("team").metrics("tokens").require("job", "api")
                .build();
        assertThat(api.parse(new StringReader(SPECIAL), "m.txt", SNAPSHOT))
                .containsExactly(Observation.of("2025-03-01", "alpha", "tokens", 7));
        assertThatThrownBy(() -> PrometheusText.builder().metrics("tokens").build()
                .parse(new StringReader(SPECIAL), "m.txt", SNAPSHOT)).isInstanceOf(InvalidDataException.class)
                .hasMessage("m.txt, line 11, column 33: expected a finite value for "
                        + "tokens{team=\"beta\",job=\"batch\"}, found +Inf");
        assertThatThrownBy(() -> PrometheusText.builder().metrics("queue_limit").require("team", "beta").build()
                .parse(new StringReader(SPECIAL), "m.txt", SNAPSHOT)).isInstanceOf(InvalidDataException.class)
                .hasMessage("m.txt, line 7, column 26: expected a finite value for queue_limit{team=\"beta\"}, "
                        + "found -Inf");
        assertThatThrownBy(() -> PrometheusText.builder().build().parse(new StringReader("up 1\nqueue_limit INF\n"),
                "m.txt", SNAPSHOT)).hasMessage("m.txt, line 2, column 13: expected a finite value for queue_limit, "
                + "found +Inf");
        // what Prometheus refuses is still no value: a signed NaN, a hexadecimal float and digits with underscores
        // (its own check before Go's ParseFloat, which would take the last two)
        PrometheusText all = PrometheusText.builder().metrics("up").build();
        for (String bad : List.of("+NaN", "0x1p3", "1_000", "Infinit", "infinityy")) {
            assertThatThrownBy(() -> all.parse(new StringReader("other " + bad + "\nup 1\n"), "m", SNAPSHOT))
                    .as(bad).hasMessage("m, line 1, column 7: expected a number, NaN, +Inf or -Inf as the sample "
                            + "value, found '" + bad + "'");
        }
    }

    @Test
    void labelValuesAreUnescaped() throws Exception {
        List<Observation> rows = PrometheusText.builder().segmentLabel("path").build().parse(new StringReader(
                "x{path=\"C:\\\\DIR\\\\\\\"Q\\\"\\nZ\",} NaN\n"), "s", SNAPSHOT);
        assertThat(rows).containsExactly(new Observation(SNAPSHOT, "C:\\DIR\\\"Q\"\nZ", "x", Double.NaN));
    }

    @Test
    void filtersByRequiredLabelsAndDatesInTheZone() throws Exception {
        String text = "tokens{team=\"a\",job=\"api\"} 5 1735689599000\ntokens{team=\"b\",job=\"batch\"} 6\n";
        List<Observation> rows = PrometheusText.builder().segmentLabel("team").require("job", "api")
                .zone(ZoneId.of("Europe/Zurich")).build()
                .parse(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), "s", SNAPSHOT);
        assertThat(rows).containsExactly(Observation.of("2025-01-01", "a", "tokens", 5));
    }

    @Test
    void malformedLinesNameLineAndColumn() {
        PrometheusText p = PrometheusText.builder().build();
        assertThatThrownBy(() -> p.parse(new StringReader("ok 1\n9bad 1\n"), "m", SNAPSHOT))
                .hasMessage("m, line 2, column 1: expected a metric name, found '9'");
        assertThatThrownBy(() -> p.parse(new StringReader("x{a=\"1\" b=\"2\"} 1\n"), "m", SNAPSHOT))
                .hasMessage("m, line 1, column 9: expected ',' or '}' after a label value, found 'b'");
        assertThatThrownBy(() -> p.parse(new StringReader("x{a=\"1} 1\n"), "m", SNAPSHOT))
                .hasMessageContaining("expected a closing '\"' for the label value");
        assertThatThrownBy(() -> p.parse(new StringReader("x{a=\"\\t\"} 1\n"), "m", SNAPSHOT))
                .hasMessageContaining("column 6: expected an escape");
        assertThatThrownBy(() -> p.parse(new StringReader("x twelve\n"), "m", SNAPSHOT))
                .hasMessage("m, line 1, column 3: expected a number, NaN, +Inf or -Inf as the sample value, found 'twelve'");
        assertThatThrownBy(() -> p.parse(new StringReader("x 1 12.5\n"), "m", SNAPSHOT))
                .hasMessageContaining("column 5: expected a timestamp in milliseconds");
        assertThatThrownBy(() -> p.parse(new StringReader("x 1 12 13\n"), "m", SNAPSHOT))
                .hasMessageContaining("expected the end of the line after the timestamp");
        // a timestamp in seconds, a common slip, read as 21 January 1970: refused, saying what seconds would give
        assertThatThrownBy(() -> p.parse(new StringReader("tokens{team=\"a\"} 5 1735689599\n"), "m", SNAPSHOT))
                .hasMessage("m, line 1: expected the timestamp of tokens in milliseconds since 1970, between the "
                        + "years 2000 and 2100, found 1735689599 (1970-01-21T02:08:09.599Z; read as seconds it would be "
                        + "2024-12-31T23:59:59Z)");
        assertThatThrownBy(() -> p.parse(new StringReader("x\n"), "m", SNAPSHOT))
                .hasMessageContaining("expected a sample value, found the end of the line");
        assertThatThrownBy(() -> p.parse(new StringReader("# TYPE x gaug\n"), "m", SNAPSHOT))
                .hasMessageContaining("expected a type (counter, gauge, histogram, summary, untyped), found 'gaug'");
        assertThatThrownBy(() -> p.parse(new StringReader("x{a=\"1\",a=\"2\"} 1\n"), "m", SNAPSHOT))
                .hasMessageContaining("label a appears twice");
        assertThatThrownBy(() -> p.parse(new StringReader("x{a=\"1\"} 1\nx{a=\"1\"} 2\n"), "m", SNAPSHOT))
                .hasMessage("m, line 2, column 1: sample x{a=1} appears twice (first on line 1)");
        assertThatThrownBy(() -> p.parse(new ByteArrayInputStream(new byte[] {'x', ' ', (byte) 0xff, '\n'}), "m",
                SNAPSHOT)).isInstanceOf(java.nio.charset.CharacterCodingException.class);
    }

    @Test
    void theBuilderValidatesEagerly() {
        assertThatThrownBy(() -> PrometheusText.builder().segmentLabel("te-am")).hasMessageContaining("segmentLabel");
        assertThatThrownBy(() -> PrometheusText.builder().metrics("a b")).hasMessageContaining("metrics");
        assertThatThrownBy(() -> PrometheusText.builder().require("job", null)).isInstanceOf(NullPointerException.class);
    }
}
