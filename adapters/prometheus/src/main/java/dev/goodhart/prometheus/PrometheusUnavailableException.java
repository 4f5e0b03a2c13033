package dev.goodhart.prometheus;

/** Prometheus could not be reached (connection refused, unknown host) or did not answer within the timeout. */
public final class PrometheusUnavailableException extends PrometheusException {
    private static final long serialVersionUID = 1L;

    PrometheusUnavailableException(String url, String message, Throwable cause) {
        super(url, 0, message, cause);
    }
}
