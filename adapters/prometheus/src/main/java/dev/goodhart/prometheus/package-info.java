/**
 * Metric observations from Prometheus: range queries over the HTTP API ({@link dev.goodhart.prometheus.PrometheusRange},
 * {@code /api/v1/query_range}, JSON read with Jackson) and snapshots in the text exposition format 0.0.4
 * ({@link dev.goodhart.prometheus.PrometheusText}). Failures to reach or query the server are
 * {@link dev.goodhart.prometheus.PrometheusException}s; responses that do not hold valid data are
 * {@link dev.goodhart.model.InvalidDataException}s.
 */
package dev.goodhart.prometheus;
