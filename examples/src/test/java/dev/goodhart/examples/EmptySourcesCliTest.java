package dev.goodhart.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.sun.net.httpserver.HttpServer;
import dev.goodhart.model.Observation;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.SplittableRandom;
import java.util.function.Function;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sources that answer with nothing to score per segment: a Prometheus query whose segment label matches no series
 * (a warning naming the labels the series have; exit 2 when no segment is left), a Prometheus query without series, a
 * SQL query without rows. Against a stub Prometheus and H2 here, and against the real servers of {@code .ci} when they
 * run (skipped otherwise, failing under CI).
 */
class EmptySourcesCliTest {
    private static final String[] MODEL = {"--proxy", "tokens", "--outcome", "cycle_time:lower"};

    @TempDir
    Path dir;

    /** A stub Prometheus whose series for each query carry the labels {@code labels} gives for the query text. */
    private static HttpServer prometheus(Function<String, String> labels) throws IOException {
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/api/v1/query_range", exchange -> {
            String form = URLDecoder.decode(new String(exchange.getRequestBody().readAllBytes(),
                    StandardCharsets.UTF_8), StandardCharsets.UTF_8);
            boolean tokens = form.contains("ai_tokens");
            String label = labels.apply(form);
            StringBuilder json = new StringBuilder("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\","
                    + "\"result\":[");
            long start = LocalDate.of(2024, 1, 1).atStartOfDay(ZoneOffset.UTC).toEpochSecond();
            SplittableRandom rnd = new SplittableRandom(5);
            String[] teams = label == null ? new String[0] : new String[] {"alpha", "beta", "gamma"};
            for (int s = 0; s < teams.length; s++) {
                json.append(s == 0 ? "" : ",").append("{\"metric\":{\"").append(label).append("\":\"").append(teams[s])
                        .append("\",\"job\":\"ai\"},\"values\":[");
                for (int d = 0; d < 120; d++) {
                    double work = 1 + 0.1 * rnd.nextGaussian();
                    double v = tokens ? 1000 * work : 5 * Math.pow(work, -0.6);
                    json.append(d == 0 ? "" : ",").append('[').append(start + d * 86_400L).append(",\"").append(v)
                            .append("\"]");
                }
                json.append("]}");
            }
            byte[] body = json.append("]}}").toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        return server;
    }

    private static String[] promArgs(String url, String... more) {
        java.util.List<String> args = new java.util.ArrayList<>(java.util.List.of("score", "--prometheus", url,
                "--query", "tokens=sum by (team) (increase(ai_tokens[1d]))", "--query",
                "cycle_time=avg by (team) (cycle_time_days)", "--from", "2024-01-01", "--to", "2024-04-29"));
        args.addAll(java.util.List.of(MODEL));
        args.addAll(java.util.List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void aSegmentLabelThatMatchesNothingFailsNamingTheLabelsTheSeriesHave() throws IOException {
        HttpServer server = prometheus(form -> "service");
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            MainTest.Run r = MainTest.run(promArgs(url));
            assertThat(r.status()).isEqualTo(Main.USAGE);
            assertThat(r.out()).isEmpty();
            assertThat(r.err()).startsWith("goodhart: nothing to score per segment: no series has the label 'team' (")
                    .contains("3 of 3 series have no label 'team' (their labels: job, service)")
                    .endsWith("; --segment-label names the label that holds the segment" + System.lineSeparator())
                    .hasLineCount(1);
            MainTest.Run named = MainTest.run(promArgs(url, "--segment-label", "service"));
            assertThat(named.err()).isEmpty();
            assertThat(named.status()).isZero();
            assertThat(named.out()).contains("alpha").contains("beta").contains("gamma");
        } finally {
            server.stop(0);
        }
    }

    @Test
    void seriesWithoutTheLabelNextToOnesWithItAreAWarning() throws IOException {
        HttpServer server = prometheus(form -> form.contains("ai_tokens") ? "team" : "service");
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            MainTest.Run r = MainTest.run(promArgs(url));
            assertThat(r.status()).isZero();
            assertThat(r.err()).startsWith("goodhart: warning: ").contains("(query 'avg by (team) (cycle_time_days)'): "
                    + "3 of 3 series have no label 'team' (their labels: job, service); they are the organisation's "
                    + "own series and replace the sum of the segments in its row").hasLineCount(1);
            assertThat(r.out()).startsWith("Goodhart integrity report");
            MainTest.Run quiet = MainTest.run(promArgs(url, "--quiet"));
            assertThat(quiet.err()).isEmpty();
        } finally {
            server.stop(0);
        }
    }

    @Test
    void aQueryWithoutSeriesFails() throws IOException {
        HttpServer server = prometheus(form -> null);
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            MainTest.Run r = MainTest.run(promArgs(url));
            assertThat(r.status()).isEqualTo(Main.USAGE);
            assertThat(r.err()).isEqualTo("goodhart: " + url + "/api/v1/query_range (query 'sum by (team) "
                    + "(increase(ai_tokens[1d]))'): no series from 2024-01-01 to 2024-04-29 (check the query and the "
                    + "time range)" + System.lineSeparator());
        } finally {
            server.stop(0);
        }
    }

    private static void fill(String url) throws SQLException {
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS goodhart_cli_m");
            st.execute("CREATE TABLE goodhart_cli_m (d DATE, team VARCHAR(64), name VARCHAR(64), val DOUBLE PRECISION)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO goodhart_cli_m VALUES (?, ?, ?, ?)")) {
                for (Observation o : DemoOrganisation.observations()) {
                    ps.setObject(1, o.date());
                    ps.setString(2, o.segment());
                    ps.setString(3, o.metric());
                    ps.setDouble(4, o.value());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
    }

    private static final String SQL = "SELECT d, team, name, val FROM goodhart_cli_m WHERE d >= ? AND d <= ?";

    @Test
    void aSqlQueryWithoutRowsFailsAndColumnsMapTheResult() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("metrics").toAbsolutePath() + ";USER=sa";
        fill(url);
        String[] columns = {"--columns", "date=d,segment=team,metric=name,value=val"};
        MainTest.Run r = MainTest.run(args("score", "--jdbc", url, "--query", SQL, "--from", "2024-01-01", "--to",
                "2025-12-31", "--intervention", "2025-01-06", columns[0], columns[1]));
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("checkout").contains("GAMED");
        MainTest.Run empty = MainTest.run(args("score", "--jdbc", url, "--query", SQL, "--from", "2030-01-01", "--to",
                "2030-12-31", columns[0], columns[1]));
        assertThat(empty.status()).isEqualTo(Main.USAGE);
        assertThat(empty.out()).isEmpty();
        assertThat(empty.err()).isEqualTo("goodhart: query '" + SQL + "': the query returned no rows from 2030-01-01 "
                + "to 2030-12-31 (check the query and the time range)" + System.lineSeparator());
    }

    private static String[] args(String... first) {
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of(first));
        all.addAll(java.util.List.of(MODEL));
        return all.toArray(String[]::new);
    }

    /** The real PostgreSQL of {@code .ci/postgres.sh}: a query without rows fails with exit 2. */
    @Test
    void aPostgresQueryWithoutRowsFails() throws Exception {
        String url = env("GOODHART_PG_URL", "jdbc:postgresql://127.0.0.1:55432/goodhart");
        String user = env("GOODHART_PG_USER", "goodhart");
        String password = env("GOODHART_PG_PASSWORD", "goodhart");
        String withUser = url + (url.contains("?") ? "&" : "?") + "user=" + user + "&password=" + password
                + "&connectTimeout=5";
        try (Connection c = DriverManager.getConnection(withUser)) {
            c.isValid(1);
        } catch (SQLException e) {
            skipOrFail("PostgreSQL is not reachable at " + url + " (" + e.getMessage() + "); start it with: bash "
                    + ".ci/postgres.sh");
        }
        fill(withUser);
        // the password from the environment variable the tool reads is not set here: it rides in the URL
        MainTest.Run empty = MainTest.run(args("score", "--jdbc", withUser, "--query", SQL, "--from", "2030-01-01",
                "--to", "2030-12-31", "--columns", "date=d,segment=team,metric=name,value=val"));
        assertThat(empty.status()).isEqualTo(Main.USAGE);
        assertThat(empty.err()).endsWith(": the query returned no rows from 2030-01-01 to 2030-12-31 (check the query "
                + "and the time range)" + System.lineSeparator()).hasLineCount(1);
    }

    /**
     * The real Prometheus of {@code .ci/prometheus.sh}: its fixture's series hold the segment in the label
     * {@code segment}, so the default label {@code team} matches nothing.
     */
    @Test
    void aRealPrometheusWhoseSeriesLackTheLabel() {
        String url = env("GOODHART_PROMETHEUS_URL", "http://127.0.0.1:59090");
        try {
            HttpResponse<String> ready = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build().send(
                    HttpRequest.newBuilder(URI.create(url.replaceAll("/+$", "") + "/-/ready"))
                            .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (ready.statusCode() != 200) {
                skipOrFail("Prometheus is not ready at " + url + " (HTTP " + ready.statusCode() + ")");
            }
        } catch (IOException | InterruptedException e) {
            skipOrFail("Prometheus is not ready at " + url + " (" + e + "); start it with: bash .ci/prometheus.sh");
        }
        // the fixture organisation of core's contract kit: 364 days from 2024-01-01
        LocalDate start = LocalDate.of(2024, 1, 1);
        String last = start.plusDays(363).toString();
        MainTest.Run r = MainTest.run("score", "--prometheus", url, "--query", "tokens=sum by (segment) (tokens)",
                "--query", "cycle_time=avg by (segment) (cycle_time)", "--from", start.toString(), "--to",
                last, "--proxy", "tokens",
                "--outcome", "cycle_time:lower");
        assertThat(r.status()).isEqualTo(Main.USAGE);
        assertThat(r.err()).startsWith("goodhart: nothing to score per segment: no series has the label 'team' (")
                .contains("(their labels: segment)").hasLineCount(1);
        MainTest.Run named = MainTest.run("score", "--prometheus", url, "--query", "tokens=sum by (segment) (tokens)",
                "--query", "cycle_time=avg by (segment) (cycle_time)", "--from", start.toString(), "--to",
                last, "--proxy", "tokens",
                "--outcome", "cycle_time:lower", "--segment-label", "segment");
        assertThat(named.status()).isZero();
        // the organisation's own series have no segment label: a warning, not an error
        assertThat(named.err()).doesNotContain("nothing to score");
    }

    private static void skipOrFail(String message) {
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank()) {
            fail("CI is set, so this test must run: " + message);
        }
        Assumptions.abort(message);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
