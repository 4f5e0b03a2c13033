package dev.goodhart.prometheus;

/** The response body is larger than the configured limit ({@link PrometheusRange.Builder#maxResponseBytes}). */
public final class PrometheusResponseTooLargeException extends PrometheusException {
    private static final long serialVersionUID = 1L;

    private final long limit;

    PrometheusResponseTooLargeException(String url, int status, long limit, String message) {
        super(url, status, message, null);
        this.limit = limit;
    }

    /** The limit that was exceeded, in bytes. */
    public long limit() {
        return limit;
    }
}
