/**
 * Metric observations from any {@link javax.sql.DataSource} through a SQL query the application supplies, long
 * ({@code date, segment, metric, value} columns) or wide (one column per metric), streamed with a fetch size and the
 * time range bound as parameters: {@link dev.goodhart.jdbc.JdbcMetrics}. Failures to reach or query the database are
 * {@link dev.goodhart.jdbc.JdbcSourceException}s; invalid rows are {@link dev.goodhart.model.InvalidDataException}s.
 */
package dev.goodhart.jdbc;
