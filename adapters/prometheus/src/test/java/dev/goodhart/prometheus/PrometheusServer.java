package dev.goodhart.prometheus;

import static org.junit.jupiter.api.Assertions.fail;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;

/**
 * The real Prometheus server the tests query, as {@code .ci/prometheus.sh} starts it with the fixture organisation
 * loaded; its URL from {@code GOODHART_PROMETHEUS_URL} (default {@code http://127.0.0.1:59090}). When it is not ready
 * the tests are skipped with a message, except under CI (environment variable {@code CI} set), where they fail.
 */
final class PrometheusServer {
    static final URI URL = URI.create(env("GOODHART_PROMETHEUS_URL", "http://127.0.0.1:59090"));

    private PrometheusServer() {
    }

    /** The server's base URL, after checking {@code /-/ready}; skips or (under CI) fails when it is not ready. */
    static URI require() {
        String problem;
        try {
            HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
            HttpResponse<String> r = client.send(HttpRequest.newBuilder(URI.create(URL.toString().replaceAll("/+$", "")
                    + "/-/ready")).timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                return URL;
            }
            problem = "HTTP " + r.statusCode() + " from /-/ready";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted";
        } catch (Exception e) {
            problem = e.toString();
        }
        String message = "Prometheus is not ready at " + URL + " (" + problem + "); start it with: bash .ci/prometheus.sh";
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank()) {
            fail("CI is set, so the Prometheus tests must run: " + message);
        }
        Assumptions.abort(message);
        throw new AssertionError("unreachable");
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
