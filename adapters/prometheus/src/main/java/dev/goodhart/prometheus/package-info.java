/**
 * Metric observations from Prometheus: range queries over the HTTP API ({@link dev.goodhart.prometheus.PrometheusRange},
 * {@code /api/v1/query_range}, JSON read with Jackson) and snapshots in the text exposition format 0.0.4
 * ({@link dev.goodhart.prometheus.PrometheusText}). A range query over days is also an
 * {@link dev.goodhart.source.ObservationSource}. Failures to reach or query the server are
 * {@link dev.goodhart.source.SourceException}s with a reason and the HTTP status; responses that do not hold valid
 * data are {@link dev.goodhart.model.InvalidDataException}s (through the source, {@code SourceException}s of reason
 * {@code MALFORMED}).
 */
package dev.goodhart.prometheus;
