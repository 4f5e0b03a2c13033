package dev.goodhart.prometheus;

/**
 * Prometheus answered with an error: HTTP 4xx or 5xx (400 bad parameters, 422 a query that cannot be executed,
 * 503 a query that timed out or was aborted), or {@code "status": "error"}. Carries Prometheus' {@code errorType}
 * and {@code error} when the response had them.
 */
public final class PrometheusQueryException extends PrometheusException {
    private static final long serialVersionUID = 1L;

    private final String errorType;
    private final String error;

    PrometheusQueryException(String url, int status, String errorType, String error, String message) {
        super(url, status, message, null);
        this.errorType = errorType;
        this.error = error;
    }

    /** Prometheus' {@code errorType} (e.g. {@code bad_data}, {@code execution}, {@code timeout}), or {@code null}. */
    public String errorType() {
        return errorType;
    }

    /** Prometheus' {@code error} message, or {@code null} when the response had none. */
    public String error() {
        return error;
    }
}
