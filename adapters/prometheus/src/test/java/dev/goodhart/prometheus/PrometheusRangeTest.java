package dev.goodhart.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.goodhart.model.InvalidDataException;
import dev.goodhart.model.Observation;
import dev.goodhart.source.SourceException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link PrometheusRange} against a stub server (JDK HttpServer): request form, auth, errors, limits, timeouts. */
class PrometheusRangeTest {
    private static final String MATRIX = """
            {"status":"success","data":{"resultType":"matrix","result":[
              {"metric":{"__name__":"tokens","team":"alpha","instance":"a:1"},
               "values":[[1735689600,"1200.5"],[1735776000,"NaN"]]},
              {"metric":{"__name__":"tokens"},"values":[[1735689600.000,"7e3"]]}]}}""";

    private HttpServer server;
    private URI base;
    private volatile int status = 200;
    private volatile String body = MATRIX;
    private volatile long delayMillis;
    private volatile boolean stallAfterHeaders;
    private volatile Map<String, String> lastForm;
    private volatile String lastAuthorization;
    private volatile String lastMethod;
    private final CountDownLatch release = new CountDownLatch(1);

    @BeforeEach
    void start() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/prom/api/v1/query_range", this::handle);
        server.setExecutor(java.util.concurrent.Executors.newFixedThreadPool(2));
        server.start();
        base = URI.create("http://127.0.0.1:" + server.getAddress().getPort() + "/prom/");
    }

    @AfterEach
    void stop() {
        release.countDown();
        server.stop(0);
        ((java.util.concurrent.ExecutorService) server.getExecutor()).shutdownNow();
    }

    private void handle(HttpExchange exchange) throws IOException {
        lastMethod = exchange.getRequestMethod();
        lastAuthorization = exchange.getRequestHeaders().getFirst("Authorization");
        lastForm = form(new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
        if (stallAfterHeaders) {
            byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, bytes.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(bytes, 0, 10);
                out.flush();
                release.await(delayMillis, TimeUnit.MILLISECONDS);
            } catch (IOException | InterruptedException e) {
                // the client gave up
            }
            return;
        }
        if (delayMillis > 0) {
            try {
                release.await(delayMillis, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length == 0 ? -1 : bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        } catch (IOException e) {
            // the client gave up (timeout tests)
        }
    }

    private static Map<String, String> form(String body) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String pair : body.split("&")) {
            int eq = pair.indexOf('=');
            out.put(URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8),
                    URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
        }
        return out;
    }

    private PrometheusRange.Builder range() {
        return PrometheusRange.builder(base, "sum by (team) (increase(tokens_total{job=\"a&b\"}[1d]))")
                .segmentLabel("team");
    }

    @Test
    void postsTheQueryAsAFormAndMapsSeriesToObservations() throws Exception {
        List<Observation> rows = range().build().read(LocalDate.parse("2025-01-01"), LocalDate.parse("2025-01-02"));
        assertThat(rows).containsExactly(
                Observation.of("2025-01-01", "alpha", "tokens", 1200.5),
                Observation.of("2025-01-02", "alpha", "tokens", Double.NaN),
                Observation.of("2025-01-01", "*", "tokens", 7000));
        assertThat(lastMethod).isEqualTo("POST");
        assertThat(lastForm).containsEntry("query", "sum by (team) (increase(tokens_total{job=\"a&b\"}[1d]))")
                .containsEntry("start", "1735689600").containsEntry("end", "1735776000")
                .containsEntry("step", "86400").containsEntry("timeout", "60");
        assertThat(lastAuthorization).isNull();
    }

    @Test
    void asASourceSeriesWithoutTheSegmentLabelAreWarnedAboutAndNoSeriesIsEmpty() throws Exception {
        List<String> warnings = new java.util.ArrayList<>();
        List<String> samples = new java.util.ArrayList<>();
        dev.goodhart.source.ObservationSource source = range().build().source(LocalDate.parse("2025-01-01"),
                LocalDate.parse("2025-01-02"));
        assertThat(source.name()).startsWith(base + "api/v1/query_range (query 'sum by (team)");
        source.read(new dev.goodhart.source.ObservationSink() {
            @Override
            public void accept(Observation o, long line, int column, boolean timed) {
                samples.add(o.segment() + ":" + line + ":" + timed);
            }

            @Override
            public void warning(String message) {
                warnings.add(message);
            }
        });
        assertThat(samples).containsExactly("alpha:0:true", "alpha:0:true", "*:0:true");
        assertThat(warnings).containsExactly(source.name() + ": 1 of 2 series has no label 'team' (their labels: "
                + "__name__); they are the organisation's own series and replace the sum of the segments in its "
                + "row");
        body = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[]}}";
        SourceException empty = catchThrowableOfType(source::readAll, SourceException.class);
        assertThat(empty.reason()).isEqualTo(SourceException.Reason.EMPTY);
        assertThat(empty).hasMessage(source.name() + ": no series from 2025-01-01 to 2025-01-02 (check the query and "
                + "the time range)");
        body = "not json";
        assertThat(catchThrowableOfType(source::readAll, SourceException.class).reason())
                .isEqualTo(SourceException.Reason.MALFORMED);
    }

    @Test
    void aMetricNameReplacesTheNameLabelAndInstantsKeepFractions() throws Exception {
        List<Observation> rows = range().metric("ai_tokens").step(Duration.ofMillis(1500)).build()
                .read(Instant.parse("2025-01-01T00:00:00.250Z"), Instant.parse("2025-01-01T00:00:10Z"));
        assertThat(rows).extracting(Observation::metric).containsOnly("ai_tokens");
        assertThat(lastForm).containsEntry("start", "1735689600.25").containsEntry("step", "1.5");
    }

    @Test
    void sendsBearerTokenOrBasicAuth() throws Exception {
        range().bearerToken("s3cr3t").build().read(LocalDate.parse("2025-01-01"), LocalDate.parse("2025-01-01"));
        assertThat(lastAuthorization).isEqualTo("Bearer s3cr3t");
        range().basicAuth("reader", "pä:ss").build().read(LocalDate.parse("2025-01-01"), LocalDate.parse("2025-01-01"));
        assertThat(lastAuthorization).isEqualTo("Basic "
                + Base64.getEncoder().encodeToString("reader:pä:ss".getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void unauthorizedAndForbiddenAreAuthenticationExceptions() {
        status = 401;
        body = "Unauthorized\n";
        SourceException e = catchThrowableOfType(() -> range().bearerToken("wrong").build()
                .read(LocalDate.parse("2025-01-01"), LocalDate.parse("2025-01-02")), SourceException.class);
        assertThat(e.reason()).isEqualTo(SourceException.Reason.AUTHENTICATION);
        assertThat(e.status()).isEqualTo(401);
        assertThat(e.source()).isEqualTo(base + "api/v1/query_range");
        assertThat(e).hasMessageStartingWith(base + "api/v1/query_range: HTTP 401 Unauthorized")
                .hasMessageNotContaining("wrong");
        status = 403;
        assertThatThrownBy(() -> range().build().read(LocalDate.parse("2025-01-01"), LocalDate.parse("2025-01-02")))
                .isInstanceOf(SourceException.class).hasMessageContaining("HTTP 403 Forbidden");
    }

    @Test
    void prometheusErrorsCarryErrorTypeAndMessage() {
        status = 400;
        body = "{\"status\":\"error\",\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"query\\\": "
                + "1:5: parse error: unexpected <by>\"}";
        SourceException e = catchThrowableOfType(() -> range().build()
                .read(LocalDate.parse("2025-01-01"), LocalDate.parse("2025-01-02")), SourceException.class);
        assertThat(e.reason()).isEqualTo(SourceException.Reason.QUERY);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("bad_data");
        // which of several queries (the command line's --query, one a metric) failed: named
        assertThat(e).hasMessage(base + "api/v1/query_range: HTTP 400, Prometheus error (bad_data) in the query '"
                + "sum by (team) (increase(tokens_total{job=\"a&b\"}[1d]))': invalid parameter \"query\": 1:5: parse "
                + "error: unexpected <by>");
        status = 500;
        body = "<html>proxy exploded</html>";
        assertThatThrownBy(() -> range().build().read(LocalDate.parse("2025-01-01"), LocalDate.parse("2025-01-02")))
                .isInstanceOf(SourceException.class)
                .hasMessageEndingWith("HTTP 500, response: <html>proxy exploded</html>");
        status = 503;
        body = "{\"status\":\"error\",\"errorType\":\"timeout\",\"error\":\"query timed out in expression evaluation\"}";
        assertThatThrownBy(() -> range().build().read(LocalDate.parse("2025-01-01"), LocalDate.parse("2025-01-02")))
                .isInstanceOf(SourceException.class)
                .hasMessageEndingWith("HTTP 503, Prometheus error (timeout) in the query 'sum by (team) "
                        + "(increase(tokens_total{job=\"a&b\"}[1d]))': query timed out in expression evaluation");
    }

    @Test
    void aBodyOverTheLimitIsRefused() {
        body = MATRIX + " ".repeat(2000);
        SourceException e = catchThrowableOfType(() -> range().maxResponseBytes(1000).build()
                .read(LocalDate.parse("2025-01-01"), LocalDate.parse("2025-01-02")),
                SourceException.class);
        assertThat(e.reason()).isEqualTo(SourceException.Reason.TOO_LARGE);
        assertThat(e).hasMessageContaining("over the limit of 1000 bytes");
    }

    @Test
    void aSlowServerTimesOutAsUnavailable() {
        delayMillis = 5000;
        long t0 = System.nanoTime();
        SourceException e = catchThrowableOfType(() -> range().requestTimeout(Duration.ofMillis(300))
                .build().read(LocalDate.parse("2025-01-01"), LocalDate.parse("2025-01-02")),
                SourceException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
        assertThat(e.reason()).isEqualTo(SourceException.Reason.TIMEOUT);
        assertThat(e).hasMessage(base + "api/v1/query_range: no response within 300 ms");
    }

    /** The deadline covers the body too: a server that sends its headers and then stalls does not hang the read. */
    @Test
    void aBodyThatStallsAfterTheHeadersTimesOutAsUnavailable() {
        stallAfterHeaders = true;
        delayMillis = 10_000;
        long t0 = System.nanoTime();
        SourceException e = catchThrowableOfType(() -> range().requestTimeout(Duration.ofMillis(500))
                .build().read(LocalDate.parse("2025-01-01"), LocalDate.parse("2025-01-02")),
                SourceException.class);
        assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
        assertThat(e.reason()).isEqualTo(SourceException.Reason.TIMEOUT);
        assertThat(e).hasMessage(base + "api/v1/query_range: response not complete within 500 ms");
    }

    @Test
    void connectionRefusedIsUnavailableNamingTheUrl() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        URI down = URI.create("http://127.0.0.1:" + port);
        SourceException e = catchThrowableOfType(() -> PrometheusRange.builder(down, "up").build()
                .read(LocalDate.parse("2025-01-01"), LocalDate.parse("2025-01-02")), SourceException.class);
        assertThat(e.reason()).isEqualTo(SourceException.Reason.UNAVAILABLE);
        assertThat(e.source()).isEqualTo(down + "/api/v1/query_range");
        assertThat(e).hasMessageStartingWith(down + "/api/v1/query_range: cannot connect");
    }

    @Test
    void responsesThatAreNotAMatrixAreInvalidData() {
        body = "{\"status\":\"success\",\"data\":{\"resultType\":\"vector\",\"result\":[]}}";
        assertThatThrownBy(() -> range().build().read(LocalDate.parse("2025-01-01"), LocalDate.parse("2025-01-02")))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("found status success and result type vector");
        body = "{\"status\":\"success\",\n \"data\": {";
        InvalidDataException e = catchThrowableOfType(() -> range().build()
                .read(LocalDate.parse("2025-01-01"), LocalDate.parse("2025-01-02")), InvalidDataException.class);
        assertThat(e.source()).isEqualTo(base + "api/v1/query_range (query 'sum by (team) "
                + "(increase(tokens_total{job=\"a&b\"}[1d]))')");
        assertThat(e.line()).isEqualTo(2);
        body = MATRIX.replace("\"7e3\"", "\"+Inf\"");
        assertThatThrownBy(() -> range().build().read(LocalDate.parse("2025-01-01"), LocalDate.parse("2025-01-02")))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("expected a finite value, found +Inf");
        body = MATRIX.replace("\"__name__\":\"tokens\",", "");
        assertThatThrownBy(() -> range().build().read(LocalDate.parse("2025-01-01"), LocalDate.parse("2025-01-02")))
                .isInstanceOf(InvalidDataException.class).hasMessageContaining("has no __name__ label");
    }

    @Test
    void theBuilderValidatesEagerly() {
        assertThatThrownBy(() -> PrometheusRange.builder(URI.create("prometheus:9090"), "up"))
                .hasMessageContaining("baseUrl: expected an absolute http or https URL");
        assertThatThrownBy(() -> PrometheusRange.builder(URI.create("http://u:p@host:9090"), "up"))
                .hasMessageContaining("not in the URL");
        assertThatThrownBy(() -> PrometheusRange.builder(base, " ")).hasMessageContaining("query: expected a PromQL");
        assertThatThrownBy(() -> range().step(Duration.ZERO)).hasMessageContaining("step: expected a positive");
        assertThatThrownBy(() -> range().requestTimeout(Duration.ofSeconds(-1))).hasMessageContaining("requestTimeout");
        assertThatThrownBy(() -> range().maxResponseBytes(0)).hasMessageContaining("maxResponseBytes");
        assertThatThrownBy(() -> range().bearerToken("two words")).hasMessageContaining("bearerToken");
        assertThatThrownBy(() -> range().basicAuth("a:b", "x")).hasMessageContaining("without ':'");
        assertThatThrownBy(() -> range().segmentLabel(" team")).hasMessageContaining("segmentLabel");
        assertThatThrownBy(() -> range().build().read(LocalDate.parse("2025-01-02"), LocalDate.parse("2025-01-01")))
                .hasMessageContaining("is before start");
        assertThat(range().build().endpoint()).isEqualTo(URI.create(base + "api/v1/query_range"));
    }
}
