package dev.goodhart.prometheus;

/** Prometheus (or the proxy in front of it) refused the credentials: HTTP 401 or 403. */
public final class PrometheusAuthenticationException extends PrometheusException {
    private static final long serialVersionUID = 1L;

    PrometheusAuthenticationException(String url, int status, String message) {
        super(url, status, message, null);
    }
}
