/**
 * Metric observations from any {@link javax.sql.DataSource} through a SQL query the application supplies, long
 * ({@code date, segment, metric, value} columns) or wide (one column per metric), streamed with a fetch size and the
 * time range bound as parameters: {@link dev.goodhart.jdbc.JdbcMetrics}, also as an
 * {@link dev.goodhart.source.ObservationSource}. Failures to reach or query the database are
 * {@link dev.goodhart.source.SourceException}s with a reason and the SQLState; invalid rows are
 * {@link dev.goodhart.model.InvalidDataException}s (through the source, {@code SourceException}s of reason
 * {@code MALFORMED}).
 */
package dev.goodhart.jdbc;
