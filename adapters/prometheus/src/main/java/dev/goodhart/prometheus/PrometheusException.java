package dev.goodhart.prometheus;

import java.io.IOException;

/**
 * Prometheus could not answer the query: names the URL (never its credentials) and, when there was a response, its
 * HTTP status. The subclasses say why: {@link PrometheusUnavailableException} (no connection, timeout),
 * {@link PrometheusAuthenticationException} (401, 403), {@link PrometheusQueryException} (Prometheus' own error,
 * with its {@code errorType} and {@code error}) and {@link PrometheusResponseTooLargeException}. A response that
 * arrived but does not hold valid data is an {@link dev.goodhart.model.InvalidDataException} instead.
 */
public class PrometheusException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String url;
    private final int status;

    /**
     * @param url     the URL that was requested
     * @param status  the HTTP status, or 0 when no response arrived
     * @param message what went wrong, without the URL
     * @param cause   the underlying exception, or {@code null}
     */
    protected PrometheusException(String url, int status, String message, Throwable cause) {
        super(url + ": " + message, cause);
        this.url = url;
        this.status = status;
    }

    /** The URL that was requested. */
    public String url() {
        return url;
    }

    /** The HTTP status of the response, 0 when none arrived. */
    public int status() {
        return status;
    }
}
