/**
 * Where data comes from, behind one interface: an {@link dev.goodhart.source.ObservationSource} (a CSV or JSON file,
 * a SQL query, Prometheus range queries, an AI usage export) hands its observations to an
 * {@link dev.goodhart.source.ObservationSink}, usually a {@link dev.goodhart.model.Frame.Builder} through
 * {@link dev.goodhart.source.ObservationSink#into}; an {@link dev.goodhart.source.EventSource} (a usage log, an AI
 * usage export) hands its events, user-days and notes to an {@link dev.goodhart.source.EventSink}.
 *
 * <p>Whatever goes wrong reading a source is one checked exception, {@link dev.goodhart.source.SourceException}, with
 * a {@link dev.goodhart.source.SourceException.Reason} (unavailable, not found, authentication, query, malformed,
 * too large, timeout, empty) and where it happened: the file, line and column, or the URL or query. An exception the
 * sink throws (a frame refusing a negative count or a duplicate row) is the sink's and passes through unchanged.
 *
 * <p>The adapters make sources from their readers, for example {@code CsvMetrics.defaults().source(path)},
 * {@code JdbcMetrics.builder(sql)...build().source(dataSource, from, to)},
 * {@code PrometheusRange.builder(url, promql)...build().source(firstDay, lastDay)}. The package depends on the
 * model ({@link dev.goodhart.model.Observation}, {@link dev.goodhart.model.Frame}) and the usage-log records only, never on
 * scoring or reports.
 *
 * <pre>{@code
 * ObservationSource source = CsvMetrics.defaults().source(Path.of("metrics.csv"));
 * Frame.Builder frame = Frame.builder(model).source(source.name());
 * try {
 *     source.read(ObservationSink.into(frame));
 * } catch (SourceException e) {
 *     if (e.reason().retryable()) { ... }      // UNAVAILABLE, TIMEOUT: try again later
 *     System.err.println(e.getMessage());      // "metrics.csv, line 3, column 4: expected a decimal number ..."
 * }
 * IntegrityReport report = Goodhart.score(model, frame.build());
 * }</pre>
 */
package dev.goodhart.source;
