package dev.goodhart.jdbc;

import dev.goodhart.model.Frame;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.InvalidDataException;
import dev.goodhart.model.Observation;
import dev.goodhart.model.Segments;
import dev.goodhart.source.ObservationSink;
import dev.goodhart.source.ObservationSource;
import dev.goodhart.source.SourceException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;
import java.sql.Types;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads metric observations from any {@link DataSource} through a SQL query the application supplies, with the
 * result columns mapped explicitly:
 *
 * <ul>
 *   <li><b>Long</b>: a date column, an optional segment column, a metric-name column and a value column, one
 *       observation per row ({@link Builder#metricColumn}, {@link Builder#valueColumn}).</li>
 *   <li><b>Wide</b>: a date column, an optional segment column and one column per metric, named
 *       ({@link Builder#wideColumn(String)}, {@link Builder#wideColumn(String, String)}) or told from the result as
 *       a wide CSV file's from its header: every other column ({@link Builder#wide()}), or those of them
 *       {@link Builder#metrics} picks. Each row's values come with the row's number as their line.</li>
 * </ul>
 *
 * <p>{@link Builder#detectLayout()} tells the layout from the result instead, as a CSV file's is told from its
 * header: long when it has the columns {@code metric} and {@code value}, wide when it has neither.
 *
 * <p>The query has either no parameter or exactly two {@code ?} placeholders, bound in order to the start and the
 * end of the time range ({@link #read(DataSource, LocalDate, LocalDate)} binds {@link LocalDate}s,
 * {@link #read(DataSource, OffsetDateTime, OffsetDateTime)} binds {@link OffsetDateTime}s); what the bounds mean
 * (inclusive, exclusive) is up to the query. Values are only ever bound, never concatenated into the SQL.
 *
 * <p>The result set is streamed: the statement is forward-only and read-only with {@link Builder#fetchSize(int)},
 * and the connection's auto-commit is switched off for the read (PostgreSQL only streams inside a transaction) and
 * switched back on afterwards, after rolling back the transaction the read opened (a connection that already had
 * auto-commit off is left in the caller's transaction). The connection is read-only for the read
 * ({@link Connection#setReadOnly}; PostgreSQL then refuses any write in the transaction, including one a function
 * makes) where the read opens its own transaction; in a caller's transaction (auto-commit already off) the read-only
 * mode cannot be set, a writing query's changes are the caller's to commit or roll back, and only the one-statement
 * check below stands. The SQL must be a single statement: {@code select ...; drop table t} is refused when the builder is
 * made, before anything reaches the database.
 *
 * <p>The date column may be of SQL type {@code DATE}, {@code TIMESTAMP} (its date as written) or
 * {@code TIMESTAMP WITH TIME ZONE} (the date in {@link Builder#zone(ZoneId)}, UTC by default); a character column is
 * read as a CSV file's date cell: an ISO-8601 date ({@code 2025-01-06}) or date-time, {@code T} or a space before the
 * time, whose date is taken as written without an offset ({@code 2025-01-06 00:00:00}, as a {@code TIMESTAMP}'s) and
 * in {@link Builder#zone(ZoneId)} with one ({@code 2025-01-06T09:30:00Z}, {@code 2025-01-06 09:30:00+01}, as a
 * {@code TIMESTAMP WITH TIME ZONE}'s). A {@code NULL} value is an explicitly missing value ({@code NaN}); a
 * {@code NULL} (or blank) segment is the whole organisation; a {@code NULL} date or metric name, a value that is not
 * a number, an infinite value and the segment {@code *} (the organisation's own name, reserved as in a CSV file) are
 * {@link InvalidDataException}s naming the source, the row number (as the line) and the 1-based column of the
 * result set. Columns are found by their labels ignoring case; a label the reader reads that several columns of the
 * result have (two {@code ... AS value}) is refused before any row is read, naming the label and their positions.
 *
 * <p>{@link #read} and {@link #frame} are all-or-nothing: they return only after the whole result was read. Failures
 * of the database are {@link SourceException}s naming the source (the query, or {@link Builder#name}), with the
 * driver's SQLState as their {@link SourceException#code()} and a reason: {@code AUTHENTICATION} (SQLState class
 * 28), {@code UNAVAILABLE} (class 08, a connection exception), {@code TIMEOUT} (a query timeout, 57014) or
 * {@code QUERY} (anything else, such as bad SQL, class 42). {@link #source} makes the query with its data source and
 * time range an {@link ObservationSource}. Instances are immutable and thread-safe.
 *
 * <pre>{@code
 * JdbcMetrics metrics = JdbcMetrics.builder(
 *         "SELECT day, team, metric, value FROM metrics WHERE day >= ? AND day < ?")
 *     .dateColumn("day").segmentColumn("team").metricColumn("metric").valueColumn("value")
 *     .build();
 * List<Observation> rows = metrics.read(dataSource, LocalDate.parse("2025-01-01"), LocalDate.parse("2025-07-01"));
 * }</pre>
 */
public final class JdbcMetrics {
    private static final Logger LOG = LoggerFactory.getLogger(JdbcMetrics.class);
    private static final int SOURCE_LENGTH = 160;
    /** The labels of the metric-name and value columns that make a result long ({@link Builder#detectLayout()}). */
    private static final String DETECTED_METRIC = "metric";
    private static final String DETECTED_VALUE = "value";
    /**
     * Labels of a segment's column (letters only, lower case), as {@code CsvMetrics} knows them: such a column of a
     * wide result without a segment column is refused, not read as a metric or left out (every row would be the
     * organisation's).
     */
    private static final java.util.Set<String> SEGMENT_LIKE = java.util.Set.of("team", "teams", "teamname", "squad",
            "group", "department", "dept", "unit", "orgunit", "businessunit", "tribe", "division", "project", "org",
            "organisation", "organization", "segment", "segments");
    /** Labels that name a date column under another name (a day, a week's start), for a hint. */
    private static final java.util.Set<String> DATE_LIKE = java.util.Set.of("day", "dt", "ds", "week", "weekstart",
            "period", "timestamp", "ts", "time", "datetime", "createdat", "occurredat");

    /** How the metrics are laid out in the result. */
    private enum Layout {
        /** A metric-name and a value column. */
        LONG,
        /** The columns {@link Builder#wideColumn} named. */
        NAMED_WIDE,
        /** Every column but date and segment ({@link Builder#wide()}). */
        WIDE,
        /** Long or wide, told from the result ({@link Builder#detectLayout()}). */
        DETECT
    }

    private final String sql;
    private final String source;
    private final int placeholders;
    private final String dateColumn;
    private final String segmentColumn;
    private final String metricColumn;
    private final String valueColumn;
    private final Map<String, String> wideColumns;
    private final List<String> orderedWide;
    private final Layout layout;
    /** The metrics {@link Builder#metrics} picks, by lower-case name (names differing in case share one), or null. */
    private final Map<String, List<String>> wideMetrics;
    private final int fetchSize;
    private final int queryTimeoutSeconds;
    private final ZoneId zone;

    private JdbcMetrics(Builder b) {
        this.sql = b.sql;
        this.source = b.name != null ? b.name : describe(b.sql);
        this.placeholders = b.placeholders;
        this.dateColumn = b.dateColumn;
        this.segmentColumn = b.segmentColumn;
        this.layout = b.layout();
        this.metricColumn = layout == Layout.DETECT ? DETECTED_METRIC : b.metricColumn;
        this.valueColumn = layout == Layout.DETECT ? DETECTED_VALUE : b.valueColumn;
        this.wideColumns = Map.copyOf(b.wideColumns);
        this.wideMetrics = b.wideMetrics == null ? null : Map.copyOf(b.wideMetrics);
        this.fetchSize = b.fetchSize;
        this.queryTimeoutSeconds = b.queryTimeoutSeconds;
        this.zone = b.zone;
        this.orderedWide = List.copyOf(b.wideColumns.keySet());
    }

    /**
     * Starts a reader for {@code sql}, a single {@code SELECT} with no {@code ?} placeholder or exactly two (start and
     * end of the time range).
     *
     * @throws IllegalArgumentException if the query is blank or has another number of placeholders
     */
    public static Builder builder(String sql) {
        return new Builder(sql);
    }

    /** The query this reader runs. */
    public String sql() {
        return sql;
    }

    /** How this reader names its source in exceptions: the configured name, or the query (shortened). */
    public String source() {
        return source;
    }

    /** The number of {@code ?} placeholders in the query: 0 or 2. */
    public int placeholders() {
        return placeholders;
    }

    /**
     * The query, run against {@code dataSource}, as an {@link ObservationSource} named as this reader's
     * {@link #source()}: read again (the query run again) on every {@link ObservationSource#read}. A result without a
     * row is a {@link SourceException} of reason {@code EMPTY}; an invalid row {@code MALFORMED} with its row number
     * as the line and its column.
     *
     * @throws IllegalStateException if the query has placeholders (give the time range)
     */
    public ObservationSource source(DataSource dataSource) {
        Objects.requireNonNull(dataSource, "dataSource");
        requirePlaceholders(0);
        return ObservationSource.of(source, sink -> deliver(dataSource, null, null, sink,
                "the query returned no rows"));
    }

    /**
     * As {@link #source(DataSource)} for a query with its two placeholders bound to {@code from} and {@code to} (as
     * SQL {@code DATE}s).
     *
     * @throws IllegalArgumentException if {@code to} is before {@code from}
     * @throws IllegalStateException    if the query does not have two placeholders
     */
    public ObservationSource source(DataSource dataSource, LocalDate from, LocalDate to) {
        Objects.requireNonNull(dataSource, "dataSource");
        checkRange(from, to, from != null && to != null && to.isBefore(from));
        return ObservationSource.of(source, sink -> deliver(dataSource, from, to, sink,
                "the query returned no rows from " + from + " to " + to));
    }

    private long deliver(DataSource dataSource, Object from, Object to, ObservationSink sink, String empty)
            throws SourceException {
        // a long result's rows have no lines: the frame numbers them by position, as the row numbers of the errors; a
        // wide row's values come with its row number as their line (a wide CSV file's line holds several too)
        long delivered = run(dataSource, from, to, (o, row, column) -> sink.accept(o, row, column, false),
                sink::warning);
        if (delivered == 0) {
            throw new SourceException(SourceException.Reason.EMPTY, source, empty
                    + " (check the query and the time range)", null);
        }
        return delivered;
    }

    /**
     * Runs a query without placeholders and returns every observation, only after the whole result was read.
     *
     * @throws SourceException   if the database cannot be reached or the query fails
     * @throws InvalidDataException  if a row is not valid (names source, row and column)
     * @throws IllegalStateException if the query has placeholders (use a read with a time range)
     */
    public List<Observation> read(DataSource dataSource) throws SourceException {
        requirePlaceholders(0);
        List<Observation> out = new ArrayList<>();
        run(dataSource, null, null, (o, row, column) -> out.add(o), JdbcMetrics::logWarning);
        return out;
    }

    /**
     * Runs the query with its two placeholders bound to {@code from} and {@code to} (as SQL {@code DATE}s) and
     * returns every observation, only after the whole result was read.
     *
     * @throws SourceException      if the database cannot be reached or the query fails
     * @throws InvalidDataException     if a row is not valid
     * @throws IllegalArgumentException if {@code to} is before {@code from}
     * @throws IllegalStateException    if the query does not have two placeholders
     */
    public List<Observation> read(DataSource dataSource, LocalDate from, LocalDate to) throws SourceException {
        checkRange(from, to, from != null && to != null && to.isBefore(from));
        List<Observation> out = new ArrayList<>();
        run(dataSource, from, to, (o, row, column) -> out.add(o), JdbcMetrics::logWarning);
        return out;
    }

    /**
     * Runs the query with its two placeholders bound to {@code from} and {@code to} (as SQL
     * {@code TIMESTAMP WITH TIME ZONE}s) and returns every observation, only after the whole result was read.
     *
     * @throws SourceException      if the database cannot be reached or the query fails
     * @throws InvalidDataException     if a row is not valid
     * @throws IllegalArgumentException if {@code to} is before {@code from}
     * @throws IllegalStateException    if the query does not have two placeholders
     */
    public List<Observation> read(DataSource dataSource, OffsetDateTime from, OffsetDateTime to)
            throws SourceException {
        checkRange(from, to, from != null && to != null && to.isBefore(from));
        List<Observation> out = new ArrayList<>();
        run(dataSource, from, to, (o, row, column) -> out.add(o), JdbcMetrics::logWarning);
        return out;
    }

    /**
     * Reads the query's result (bound to {@code from} and {@code to} when it has placeholders; pass {@code null}s
     * when it has none) straight into a {@link Frame} for {@code model}; rows of metrics the model does not declare
     * are skipped by the frame. Nothing is returned when the read fails part-way.
     *
     * @throws SourceException      if the database cannot be reached or the query fails
     * @throws InvalidDataException     if a row is not valid
     * @throws IllegalArgumentException if no row belongs to a metric of the model
     */
    public Frame frame(IntegrityModel model, DataSource dataSource, LocalDate from, LocalDate to)
            throws SourceException {
        Objects.requireNonNull(model, "model");
        Frame.Builder builder = Frame.builder(model).source(source);
        if (from == null && to == null) {
            requirePlaceholders(0);
        } else {
            checkRange(from, to, to != null && from != null && to.isBefore(from));
        }
        run(dataSource, from, to, (o, row, column) -> {
            if (row > 0) {
                builder.add(o, row, false);
            } else {
                builder.add(o);
            }
        }, JdbcMetrics::logWarning);
        return builder.build();
    }

    /**
     * Streams the observations to {@code sink} as the rows arrive and returns how many were delivered; for results
     * larger than memory. Bind {@code from} and {@code to} when the query has placeholders, else pass {@code null}s.
     * A failure part-way leaves what was already delivered with the caller.
     *
     * @throws SourceException  if the database cannot be reached or the query fails
     * @throws InvalidDataException at the first row that is not valid
     */
    public long stream(DataSource dataSource, LocalDate from, LocalDate to, Consumer<? super Observation> sink)
            throws SourceException {
        Objects.requireNonNull(sink, "sink");
        if (from == null && to == null) {
            requirePlaceholders(0);
        } else {
            checkRange(from, to, to != null && from != null && to.isBefore(from));
        }
        return run(dataSource, from, to, (o, row, column) -> sink.accept(o), JdbcMetrics::logWarning);
    }

    private void checkRange(Object from, Object to, boolean reversed) {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        requirePlaceholders(2);
        if (reversed) {
            throw new IllegalArgumentException("time range: to (" + to + ") is before from (" + from + ")");
        }
    }

    private void requirePlaceholders(int wanted) {
        if (placeholders != wanted) {
            throw new IllegalStateException(placeholders == 0
                    ? "the query has no ? placeholders: read it without a time range"
                    : "the query has two ? placeholders (from, to): read it with a time range");
        }
    }

    /** A warning of a read that returns its rows (no sink to warn): logged. */
    private static void logWarning(String warning) {
        LOG.warn("{}", warning);
    }

    /**
     * Receives each observation with the row it was read from and the column of its value: a wide result's, whose
     * rows hold several; 0 and 0 for a long result's (one a row, numbered by their position: their row number).
     */
    @FunctionalInterface
    private interface RowSink {
        void accept(Observation observation, long row, int column);
    }

    private long run(DataSource dataSource, Object from, Object to, RowSink sink,
                     Consumer<String> warnings) throws SourceException {
        Objects.requireNonNull(dataSource, "dataSource");
        try (Connection connection = dataSource.getConnection()) {
            boolean autoCommit = connection.getAutoCommit();
            boolean readOnly = connection.isReadOnly();
            if (autoCommit) {
                // read-only before the transaction starts: PostgreSQL then begins it READ ONLY and refuses writes
                connection.setReadOnly(true);
                connection.setAutoCommit(false);
            }
            try {
                return query(connection, from, to, sink, warnings);
            } finally {
                try {
                    if (autoCommit) {
                        // only the transaction this read opened; a caller's own transaction is left alone
                        connection.rollback();
                        connection.setAutoCommit(true);
                        connection.setReadOnly(readOnly);
                    }
                } catch (SQLException e) {
                    LOG.debug("{}: could not end the read-only transaction", source, e);
                }
            }
        } catch (SQLException e) {
            throw failure(source, e);
        }
    }

    private long query(Connection connection, Object from, Object to, RowSink sink,
                       Consumer<String> warnings) throws SQLException {
        try (PreparedStatement statement = connection.prepareStatement(sql, ResultSet.TYPE_FORWARD_ONLY,
                ResultSet.CONCUR_READ_ONLY)) {
            statement.setFetchSize(fetchSize);
            if (queryTimeoutSeconds > 0) {
                statement.setQueryTimeout(queryTimeoutSeconds);
            }
            if (placeholders == 2) {
                statement.setObject(1, from);
                statement.setObject(2, to);
            }
            try (ResultSet rs = statement.executeQuery()) {
                Columns columns = columns(rs.getMetaData());
                TimesOfDay times = new TimesOfDay();
                long row = 0;
                long delivered = 0;
                while (rs.next()) {
                    row++;
                    LocalDate date = date(rs, columns, row, times);
                    String segment = columns.segment == 0 ? Segments.ALL : segment(rs, columns.segment, row);
                    if (columns.metric > 0) {
                        String metric = rs.getString(columns.metric);
                        if (metric == null || metric.isBlank()) {
                            throw new InvalidDataException(source, row, columns.metric,
                                    "expected a metric name in column '" + metricColumn + "', found "
                                            + (metric == null ? "NULL" : "an empty string"));
                        }
                        sink.accept(new Observation(date, segment, metric.strip(),
                                value(rs, columns.value, valueColumn, row)), 0, 0);
                        delivered++;
                    } else {
                        for (int i = 0; i < columns.wide.length; i++) {
                            sink.accept(new Observation(date, segment, columns.wideMetrics[i],
                                    value(rs, columns.wide[i], columns.wideLabels[i], row)), row, columns.wide[i]);
                            delivered++;
                        }
                    }
                }
                LOG.debug("{}: {} rows, {} observations", source, row, delivered);
                times.warning(source, dateColumn, zone).ifPresent(warnings);
                return delivered;
            }
        }
    }

    /**
     * Result-set column indexes (1-based; 0 when absent), the date column's kind, and a wide result's metric columns
     * with their labels and the metrics they hold.
     */
    private record Columns(int date, DateKind dateKind, int segment, int metric, int value, int[] wide,
                           String[] wideLabels, String[] wideMetrics) {
    }

    private enum DateKind { DATE, LOCAL_TIMESTAMP, ZONED_TIMESTAMP, TEXT }

    private Columns columns(ResultSetMetaData meta) throws SQLException {
        // every position of each label: a label the reader reads may be there once only
        Map<String, List<Integer>> byName = new LinkedHashMap<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            byName.computeIfAbsent(meta.getColumnLabel(i).toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(i);
        }
        int date = index(byName, dateColumn, "date");
        DateKind kind = dateKind(meta, date);
        int segment = segmentColumn == null ? 0 : index(byName, segmentColumn, "segment");
        boolean isLong = layout == Layout.LONG;
        if (layout == Layout.DETECT) {
            boolean metric = byName.containsKey(metricColumn);
            boolean value = byName.containsKey(valueColumn);
            if (metric != value) {
                throw new InvalidDataException(source, 0, 0, "a long result needs both '" + metricColumn + "' and '"
                        + valueColumn + "' columns (a wide one neither), it has: "
                        + String.join(", ", byName.keySet()));
            }
            isLong = metric;
        }
        if (isLong) {
            return new Columns(date, kind, segment, index(byName, metricColumn, "metric"),
                    index(byName, valueColumn, "value"), new int[0], new String[0], new String[0]);
        }
        if (layout == Layout.NAMED_WIDE) {
            int[] wide = new int[orderedWide.size()];
            String[] metrics = new String[wide.length];
            for (int i = 0; i < wide.length; i++) {
                wide[i] = index(byName, orderedWide.get(i), "metric");
                metrics[i] = wideColumns.get(orderedWide.get(i));
            }
            return new Columns(date, kind, segment, 0, 0, wide, orderedWide.toArray(String[]::new), metrics);
        }
        return everyOtherColumn(meta, byName, date, kind, segment);
    }

    /**
     * A wide result's metric columns told from the result ({@link Builder#wide()}): every column but the date and
     * the segment, or those of them {@link Builder#metrics} picks; each label once.
     */
    private Columns everyOtherColumn(ResultSetMetaData meta, Map<String, List<Integer>> byName, int date,
                                     DateKind kind, int segment) throws SQLException {
        List<Integer> wide = new ArrayList<>();
        List<String> labels = new ArrayList<>();
        List<String> metrics = new ArrayList<>();
        for (int i = 1; i <= meta.getColumnCount(); i++) {
            if (i == date || i == segment) {
                continue;
            }
            String label = meta.getColumnLabel(i).strip();
            String lower = label.toLowerCase(Locale.ROOT);
            List<String> picked = wideMetrics == null ? null : wideMetrics.get(lower);
            if (segment == 0 && picked == null && SEGMENT_LIKE.contains(lower.replaceAll("[^a-z]", ""))) {
                throw new InvalidDataException(source, 0, i, "this wide result has no segment column and its column '"
                        + label + "' looks like one: name it with the builder's segmentColumn (--columns segment="
                        + label + ")");
            }
            if (wideMetrics != null && picked == null) {
                continue; // not a metric to read: a region, a label
            }
            if (label.isEmpty()) {
                throw new InvalidDataException(source, 0, i, "expected the label of a metric column, found a blank "
                        + "one: give the column a name (AS)");
            }
            once(label, byName.get(meta.getColumnLabel(i).toLowerCase(Locale.ROOT)), "metric");
            wide.add(i);
            labels.add(label);
            metrics.add(picked == null ? label : metricNamed(label, picked, i));
        }
        if (!wide.isEmpty() && wideMetrics != null) {
            // each metric to read is a column: one missing was read as absent without a word
            java.util.Set<String> missing = new java.util.TreeSet<>(wideMetrics.keySet());
            for (String label : labels) {
                missing.remove(label.toLowerCase(Locale.ROOT));
            }
            if (!missing.isEmpty()) {
                // named as they were asked for (the first of the names that differ in case)
                throw new InvalidDataException(source, 0, 0, "expected a column for each metric to read, found none "
                        + "for " + missing.stream().map(k -> wideMetrics.get(k).get(0))
                        .collect(java.util.stream.Collectors.joining(", ")) + " (matched ignoring case) in the query's "
                        + "result, it has: " + String.join(", ", byName.keySet()));
            }
        }
        if (wide.isEmpty()) {
            String has = String.join(", ", byName.keySet());
            throw new InvalidDataException(source, 0, 0, wideMetrics != null
                    ? "none of the metrics to read (" + String.join(", ", new java.util.TreeSet<>(wideMetrics.keySet()))
                            + ") is a column of the query's result, it has: " + has
                    : "expected metric columns besides " + dateColumn + (segmentColumn == null ? "" : ", "
                            + segmentColumn) + " (a wide result) in the query's result, it has: " + has);
        }
        return new Columns(date, kind, segment, 0, 0, wide.stream().mapToInt(Integer::intValue).toArray(),
                labels.toArray(String[]::new), metrics.toArray(String[]::new));
    }

    /**
     * The metric a column labelled {@code label} holds, of the names {@link Builder#metrics} gave that match it
     * ignoring case (a database folds unquoted labels: H2's {@code TOKENS} is the metric {@code tokens}): the one
     * spelled as the label, else the only one.
     */
    private String metricNamed(String label, List<String> picked, int column) {
        if (picked.contains(label)) {
            return label;
        }
        if (picked.size() > 1) {
            throw new InvalidDataException(source, 0, column, "the column '" + label + "' matches the metrics "
                    + String.join(" and ", picked) + " ignoring case; label it as one of them, exactly (AS \""
                    + picked.get(0) + "\")");
        }
        return picked.get(0);
    }

    private int index(Map<String, List<Integer>> byName, String column, String role) {
        List<Integer> at = byName.get(column.toLowerCase(Locale.ROOT));
        if (at == null) {
            // a column named as such columns are (team, day) is named, as a CSV file's header is
            String like = null;
            for (String name : byName.keySet()) {
                String letters = name.replaceAll("[^a-z]", "");
                if (role.equals("segment") ? SEGMENT_LIKE.contains(letters)
                        : role.equals("date") && DATE_LIKE.contains(letters)) {
                    like = name;
                    break;
                }
            }
            throw new InvalidDataException(source, 0, 0, "expected a " + role + " column '" + column
                    + "' in the query's result, it has: " + String.join(", ", byName.keySet())
                    + (like == null ? "" : "; if '" + like + "' is the " + role + ", name it with --columns " + role
                    + "=" + like + " (the builder's " + role + "Column) or label it AS " + column));
        }
        once(column, at, role);
        return at.get(0);
    }

    /**
     * Refuses a label the reader reads that several columns of the result have (two {@code AS value}s: which one was
     * meant cannot be told, and the first was read without a word), naming the label and their positions; at the
     * second, before any row is read.
     */
    private void once(String label, List<Integer> at, String role) {
        if (at.size() > 1) {
            StringBuilder positions = new StringBuilder();
            for (int i = 0; i < at.size(); i++) {
                positions.append(i == 0 ? "" : i == at.size() - 1 ? " and " : ", ").append(at.get(i));
            }
            throw new InvalidDataException(source, 0, at.get(1), "expected one " + role + " column '" + label
                    + "' in the query's result, found " + at.size() + " labelled so (ignoring case): columns "
                    + positions + "; give each its own label (AS)");
        }
    }

    private DateKind dateKind(ResultSetMetaData meta, int column) throws SQLException {
        int type = meta.getColumnType(column);
        String typeName = String.valueOf(meta.getColumnTypeName(column)).toLowerCase(Locale.ROOT);
        switch (type) {
            case Types.DATE:
                return DateKind.DATE;
            case Types.TIMESTAMP_WITH_TIMEZONE:
                return DateKind.ZONED_TIMESTAMP;
            case Types.TIMESTAMP:
                // PostgreSQL reports timestamptz as Types.TIMESTAMP with the type name "timestamptz"
                return typeName.contains("tz") || typeName.contains("time zone")
                        ? DateKind.ZONED_TIMESTAMP : DateKind.LOCAL_TIMESTAMP;
            case Types.CHAR:
            case Types.VARCHAR:
            case Types.LONGVARCHAR:
            case Types.NCHAR:
            case Types.NVARCHAR:
                return DateKind.TEXT;
            default:
                throw new InvalidDataException(source, 0, column, "expected the date column '" + dateColumn
                        + "' to be of type DATE, TIMESTAMP or TIMESTAMP WITH TIME ZONE (or text holding ISO-8601 "
                        + "dates), found " + typeName);
        }
    }

    /**
     * The times of day of a zoned date column's values in the reader's zone: where every one is the same time other
     * than midnight (23:00 or 22:00 for Berlin's midnights read in UTC), the days are another zone's midnights (a
     * session on another zone's clock: PostgreSQL's driver takes the JVM's, so {@code date_trunc('day', ts)} gave
     * Berlin's midnights on a Berlin JVM and every day was read as the one before, without a word).
     */
    private static final class TimesOfDay {
        private java.time.LocalTime first;
        private java.time.LocalTime second;
        private boolean varied;
        private long count;

        void add(java.time.LocalTime t) {
            count++;
            if (first == null) {
                first = t;
            } else if (!t.equals(first)) {
                if (second == null) {
                    second = t;
                } else if (!t.equals(second)) {
                    varied = true;
                }
            }
        }

        /**
         * The warning where every value is at one time other than midnight, or at two an hour apart that are not
         * midnight and 01:00 (the midnights of a zone with daylight saving time: a year of Berlin's are at 23:00 and
         * 22:00 in UTC, which one time alone did not catch, and a Monday's rows were read on the Sunday before without
         * a word; London's at 00:00 in winter and 23:00 in summer, half of them a day early; 00:00 and 01:00, a zone
         * west of UTC's, fall on their own days).
         */
        java.util.Optional<String> warning(String source, String column, ZoneId zone) {
            java.time.LocalTime midnight = java.time.LocalTime.MIDNIGHT;
            boolean pair = second != null;
            if (count < 2 || varied || first == null || !pair && first.equals(midnight)
                    || pair && (!anHourApart(first, second) || (first.equals(midnight) || second.equals(midnight))
                    && !(first.getHour() == 23 || second.getHour() == 23))) {
                return java.util.Optional.empty();
            }
            java.time.LocalTime early = second == null || first.isBefore(second) ? first : second;
            java.time.LocalTime late = second == null ? null : early == first ? second : first;
            return java.util.Optional.of(source + ": every value of the date column '" + column + "' is at " + early
                    + (late == null ? "" : " or " + late + " (an hour apart: daylight saving time)") + " in " + zone
                    + (early.equals(midnight) ? ", not all at midnight" : ", not at midnight")
                    + ": they look like another zone's midnights (a session on the JVM's zone, "
                    + "date_trunc('day', ...) in it), and each is read as the day it falls on in " + zone
                    + "; give the zone (--zone, JdbcMetrics.Builder.zone) or truncate in " + zone);
        }

        private static boolean anHourApart(java.time.LocalTime a, java.time.LocalTime b) {
            int d = Math.abs(a.toSecondOfDay() - b.toSecondOfDay());
            return d == 3600 || d == 86_400 - 3600;
        }
    }

    private LocalDate date(ResultSet rs, Columns columns, long row, TimesOfDay times) throws SQLException {
        int c = columns.date;
        LocalDate date;
        switch (columns.dateKind) {
            case DATE -> date = rs.getObject(c, LocalDate.class);
            case LOCAL_TIMESTAMP -> {
                LocalDateTime t = rs.getObject(c, LocalDateTime.class);
                date = t == null ? null : t.toLocalDate();
            }
            case ZONED_TIMESTAMP -> {
                OffsetDateTime t = rs.getObject(c, OffsetDateTime.class);
                java.time.ZonedDateTime at = t == null ? null : t.atZoneSameInstant(zone);
                date = at == null ? null : at.toLocalDate();
                if (at != null) {
                    times.add(at.toLocalTime());
                }
            }
            default -> {
                String text = rs.getString(c);
                try {
                    date = text == null ? null : textDate(text.strip(), times);
                } catch (DateTimeException e) {
                    throw new InvalidDataException(source, row, c, "expected an ISO-8601 date (2025-01-06) or "
                            + "date-time (2025-01-06T09:30:00Z) in column '" + dateColumn + "', found '" + text + "'",
                            e);
                }
            }
        }
        if (date == null) {
            throw new InvalidDataException(source, row, c, "expected a date in column '" + dateColumn
                    + "', found NULL");
        }
        return date;
    }

    /**
     * A date written as text, read as {@code CsvMetrics} reads a date cell: an ISO-8601 date ({@code 2025-01-06}), or
     * a date-time ({@code T} or a space between date and time) whose date is taken as written without an offset
     * ({@code 2025-01-06 00:00:00}, as a {@code TIMESTAMP} column's), in the reader's zone with one
     * ({@code 2025-01-06T23:30:00Z}, {@code ...+01}, {@code ...[Europe/Berlin]}, as a
     * {@code TIMESTAMP WITH TIME ZONE} column's, its time of day then looked at as theirs are).
     */
    private LocalDate textDate(String text, TimesOfDay times) {
        if (text.length() <= 10) {
            return LocalDate.parse(text);
        }
        String t = text.indexOf('T') < 0 && text.indexOf(' ') == 10 ? text.substring(0, 10) + 'T' + text.substring(11)
                : text;
        char last = t.charAt(t.length() - 1);
        boolean offset = last == 'Z' || last == 'z' || t.lastIndexOf('+') > 10 || t.lastIndexOf('-') > 10
                || t.endsWith("]");
        if (!offset) {
            return LocalDateTime.parse(t).toLocalDate();
        }
        java.time.ZonedDateTime at = t.endsWith("]") ? java.time.ZonedDateTime.parse(t).withZoneSameInstant(zone)
                : OffsetDateTime.parse(t.replace('z', 'Z')).atZoneSameInstant(zone);
        times.add(at.toLocalTime());
        return at.toLocalDate();
    }

    /**
     * The segment of a row: {@code NULL} or blank is the whole organisation; {@code *}, the organisation's own name
     * inside Goodhart, is refused as a CSV file's is (it merged a team so named into the organisation's row).
     */
    private String segment(ResultSet rs, int column, long row) throws SQLException {
        String text = rs.getString(column);
        if (text != null && Segments.ALL.equals(text.strip())) {
            throw new InvalidDataException(source, row, column, "the segment name '" + Segments.ALL + "' in column '"
                    + segmentColumn + "' is reserved for the whole organisation; give NULL (or an empty string) for "
                    + "organisation rows");
        }
        return Segments.normalise(text);
    }

    private double value(ResultSet rs, int column, String name, long row) throws SQLException {
        Object v = rs.getObject(column);
        if (v == null) {
            return Double.NaN;
        }
        if (!(v instanceof Number n)) {
            throw new InvalidDataException(source, row, column, "expected a number in column '" + name
                    + "', found " + v.getClass().getSimpleName() + " '" + v + "'");
        }
        double d = n.doubleValue();
        if (Double.isInfinite(d)) {
            throw new InvalidDataException(source, row, column, "expected a finite number in column '" + name
                    + "', found " + v);
        }
        return d;
    }

    /**
     * Classifies a driver exception by its SQLState (28 authentication, 08 connection, 57014 cancelled by the
     * timeout) and type (connection and timeout exceptions), the first state found along the chain of causes and next
     * exceptions.
     */
    static SourceException failure(String source, SQLException e) {
        String state = stateOf(e);
        // the driver's lines ("...\n  Hint: ...", "\n  Position: 42") on one line: a terminal shows a message's line
        // breaks as \n, and a newcomer read "text >= date\n  Hint:"
        String detail = String.valueOf(e.getMessage()).strip().replaceAll("\\s*\\R\\s*", "; ");
        String withState = state == null ? detail : detail + " (SQLState " + state + ")";
        String lower = detail.toLowerCase(java.util.Locale.ROOT);
        if (state != null && state.startsWith("28")
                || "08004".equals(state) && (lower.contains("password") || lower.contains("authentication"))) {
            // 08004 too where it says why: PostgreSQL's driver, asked for a password it was not given
            return new SourceException(SourceException.Reason.AUTHENTICATION, source,
                    "the database refused the credentials: " + withState, 0, state, e);
        }
        if (lower.startsWith("no suitable driver")) {
            // a URL no driver on the class path accepts (jdbc:postgres:// for jdbc:postgresql://): not a server that is
            // down, and retrying will not help
            return new SourceException(SourceException.Reason.NOT_FOUND, source, "no JDBC driver accepts this URL "
                    + "(a mistyped scheme, or a database whose driver is not on the class path): " + withState, 0,
                    state, e);
        }
        if ((state != null && state.startsWith("08")) || e instanceof SQLNonTransientConnectionException
                || e instanceof SQLTransientConnectionException) {
            return new SourceException(SourceException.Reason.UNAVAILABLE, source,
                    "cannot reach the database: " + withState, 0, state, e);
        }
        if (e instanceof SQLTimeoutException || "57014".equals(state)) {
            return new SourceException(SourceException.Reason.TIMEOUT, source, "the query timed out: " + withState, 0,
                    state, e);
        }
        return new SourceException(SourceException.Reason.QUERY, source, "the query failed: " + withState, 0, state,
                e);
    }

    private static String stateOf(SQLException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException s && s.getSQLState() != null) {
                return s.getSQLState();
            }
        }
        for (SQLException next = e.getNextException(); next != null; next = next.getNextException()) {
            if (next.getSQLState() != null) {
                return next.getSQLState();
            }
        }
        return null;
    }

    private static String describe(String sql) {
        String s = sql.strip().replaceAll("\\s+", " ");
        return "query '" + (s.length() <= SOURCE_LENGTH ? s : s.substring(0, SOURCE_LENGTH - 3) + "...") + "'";
    }

    /**
     * Counts the {@code ?} parameter markers outside string literals, quoted identifiers, comments and PostgreSQL
     * dollar-quoted strings; {@code ??} (PostgreSQL's escape for a literal question mark) is not a marker.
     */
    static int countPlaceholders(String sql) {
        return scan(sql)[0];
    }

    /**
     * Whether the SQL is one statement: a {@code ;} outside quotes, dollar quotes and comments may only end it
     * ({@code select 1; drop table t} is two statements and is refused).
     */
    static boolean singleStatement(String sql) {
        return scan(sql)[1] == 0;
    }

    /**
     * Whether the quote at {@code i} opens an escape string, {@code E'...'} (PostgreSQL): an {@code E} or {@code e}
     * right before it that is not the end of a longer name.
     */
    private static boolean escapeString(String sql, int i) {
        if (i == 0 || Character.toUpperCase(sql.charAt(i - 1)) != 'E') {
            return false;
        }
        if (i == 1) {
            return true;
        }
        char before = sql.charAt(i - 2);
        return !(Character.isLetterOrDigit(before) || before == '_' || before == '$');
    }

    /** {placeholders, 1 when something other than white space follows a statement separator}. */
    private static int[] scan(String sql) {
        int count = 0;
        boolean separated = false;
        boolean more = false;
        int n = sql.length();
        for (int i = 0; i < n; i++) {
            char c = sql.charAt(i);
            if (separated && (c == '\'' || c == '"' || c == '$')) {
                more = true;
            }
            if (c == '\'' && escapeString(sql, i)) {
                // PostgreSQL's E'...': a backslash escapes the next character (E'\'' is one quote, not an end), so
                // "SELECT E'\''; COMMIT; INSERT ..." was read as one statement and the insert committed
                int j = i + 1;
                while (j < n) {
                    char d = sql.charAt(j);
                    if (d == '\\') {
                        j += 2;
                    } else if (d == '\'' && j + 1 < n && sql.charAt(j + 1) == '\'') {
                        j += 2;
                    } else if (d == '\'') {
                        break;
                    } else {
                        j++;
                    }
                }
                i = Math.min(j, n);
            } else if (c == '\'' || c == '"') {
                int end = sql.indexOf(c, i + 1);
                while (end >= 0 && end + 1 < n && sql.charAt(end + 1) == c) {
                    end = sql.indexOf(c, end + 2);
                }
                i = end < 0 ? n : end;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                int end = sql.indexOf('\n', i);
                i = end < 0 ? n : end;
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int end = sql.indexOf("*/", i + 2);
                i = end < 0 ? n : end + 1;
            } else if (c == '$') {
                int close = sql.indexOf('$', i + 1);
                String tag = close < 0 ? null : sql.substring(i, close + 1);
                if (tag != null && tag.substring(1, tag.length() - 1).matches("[A-Za-z_]?[A-Za-z_0-9]*")
                        && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1)))) {
                    int end = sql.indexOf(tag, close + 1);
                    i = end < 0 ? n : end + tag.length() - 1;
                }
            } else if (c == '?') {
                if (i + 1 < n && sql.charAt(i + 1) == '?') {
                    i++;
                } else {
                    count++;
                }
            }
            if (c == ';') {
                separated = true;
            } else if (separated && !Character.isWhitespace(c) && !(c == '-' || c == '/')) {
                more = true;
            }
        }
        return new int[] {count, more ? 1 : 0};
    }

    @Override
    public String toString() {
        return "JdbcMetrics[" + source + ", " + switch (layout) {
            case LONG -> "long";
            case NAMED_WIDE -> "wide " + orderedWide;
            case WIDE -> "wide" + (wideMetrics == null ? "" : " " + new java.util.TreeSet<>(wideMetrics.keySet()));
            case DETECT -> "long or wide" + (wideMetrics == null ? "" : " " + new java.util.TreeSet<>(
                    wideMetrics.keySet()));
        } + "]";
    }

    /** Configures a {@link JdbcMetrics}; every setter validates its argument at once. */
    public static final class Builder {
        private final String sql;
        private final int placeholders;
        private String name;
        private String dateColumn = "date";
        private String segmentColumn;
        private String metricColumn;
        private String valueColumn;
        private final Map<String, String> wideColumns = new LinkedHashMap<>();
        private boolean wide;
        private boolean detect;
        private Map<String, List<String>> wideMetrics;
        private int fetchSize = 1000;
        private int queryTimeoutSeconds;
        private ZoneId zone = ZoneOffset.UTC;

        private Builder(String sql) {
            if (sql == null || sql.isBlank()) {
                throw new IllegalArgumentException("sql: expected a SELECT query, found "
                        + (sql == null ? "null" : "a blank string"));
            }
            this.sql = sql;
            if (!singleStatement(sql)) {
                throw new IllegalArgumentException("sql: expected one SELECT statement, found more than one (a ; followed"
                        + " by more SQL): " + sql);
            }
            this.placeholders = countPlaceholders(sql);
            if (placeholders != 0 && placeholders != 2) {
                throw new IllegalArgumentException("sql: expected no ? placeholder or exactly two (from, to), found "
                        + placeholders + " in: " + sql);
            }
        }

        /** Names the source in exception messages (e.g. {@code "warehouse.metrics"}); by default the query itself. */
        public Builder name(String name) {
            this.name = requireColumn("name", name);
            return this;
        }

        /**
         * The column holding the date ({@code DATE}, {@code TIMESTAMP}, {@code TIMESTAMP WITH TIME ZONE}, or text
         * holding an ISO-8601 date or date-time); default {@code date}.
         */
        public Builder dateColumn(String column) {
            this.dateColumn = requireColumn("dateColumn", column);
            return this;
        }

        /** The column holding the segment; without one every row belongs to the whole organisation. */
        public Builder segmentColumn(String column) {
            this.segmentColumn = requireColumn("segmentColumn", column);
            return this;
        }

        /** Long layout: the column holding the metric name. Set together with {@link #valueColumn}. */
        public Builder metricColumn(String column) {
            this.metricColumn = requireColumn("metricColumn", column);
            return this;
        }

        /** Long layout: the column holding the value (any numeric type; {@code NULL} is explicitly missing). */
        public Builder valueColumn(String column) {
            this.valueColumn = requireColumn("valueColumn", column);
            return this;
        }

        /** Wide layout: a column holding the values of the metric of the same name. */
        public Builder wideColumn(String column) {
            return wideColumn(column, column);
        }

        /** Wide layout: a column holding the values of {@code metric}. */
        public Builder wideColumn(String column, String metric) {
            requireColumn("wideColumn", column);
            requireColumn("metric", metric);
            if (wideColumns.keySet().stream().anyMatch(c -> c.equalsIgnoreCase(column))) {
                throw new IllegalArgumentException("wideColumn: column '" + column + "' is mapped twice");
            }
            if (wideColumns.containsValue(metric)) {
                throw new IllegalArgumentException("wideColumn: metric '" + metric + "' is mapped twice");
            }
            wideColumns.put(column, metric);
            return this;
        }

        /** Wide layout: several columns, each holding the metric of the same name. */
        public Builder wideColumns(String... columns) {
            for (String c : columns) {
                wideColumn(c);
            }
            return this;
        }

        /**
         * Wide layout with its metric columns told from the query's result, as a wide CSV file's are from its header:
         * every column other than the date and the segment column holds the metric its label names
         * ({@code SELECT day AS date, team AS segment, prs, cycle_time ...} gives the metrics {@code prs} and
         * {@code cycle_time}), or only the columns {@link #metrics} picks. Labels are taken as the driver reports them
         * (PostgreSQL folds unquoted names to lower case, H2 to upper case; {@link #metrics} names the metrics as
         * given there). A {@code NULL} is an explicitly missing value, as in a long result, and each row's values
         * come with the row's number as their line ({@link #source(DataSource)}, {@link #frame}). A label two of
         * these columns have, and, without a segment column, a column labelled as a segment's usually is
         * ({@code team}, {@code department}, ...), are refused before any row is read.
         */
        public Builder wide() {
            this.wide = true;
            return this;
        }

        /**
         * The layout told from the query's result, as {@code CsvMetrics} tells it from a header: long when the result
         * has a column labelled {@code metric} and one labelled {@code value} (other columns are left out), wide as
         * {@link #wide()} when it has neither; a result with only one of the two is refused. For a query that may
         * return either, as the command line's {@code --jdbc}; name the columns ({@link #metricColumn},
         * {@link #valueColumn}, {@link #wideColumn}) or call {@link #wide()} to fix the layout instead.
         */
        public Builder detectLayout() {
            this.detect = true;
            return this;
        }

        /**
         * Reads only these columns of a wide result ({@link #wide()}, or {@link #detectLayout()} when the result is
         * wide) as metrics, matched to the labels ignoring case and read as the metric of the name given here, each of
         * which must be a column of the result (refused, naming its columns, where one is not); the
         * result's other columns (a region, a label) are left out unread, where without this every column is read as
         * a number. A long result's rows are read whatever their metric.
         *
         * @throws IllegalArgumentException if {@code names} is empty or holds a blank name
         */
        public Builder metrics(java.util.Collection<String> names) {
            Objects.requireNonNull(names, "names");
            if (names.isEmpty()) {
                throw new IllegalArgumentException("metrics: expected at least one name");
            }
            Map<String, List<String>> byLower = new LinkedHashMap<>();
            for (String n : names) {
                String name = requireColumn("metrics", n);
                List<String> same = byLower.computeIfAbsent(name.toLowerCase(Locale.ROOT), k -> new ArrayList<>());
                if (!same.contains(name)) {
                    same.add(name);
                }
            }
            byLower.replaceAll((k, v) -> List.copyOf(v));
            this.wideMetrics = byLower;
            return this;
        }

        /** Rows fetched per round trip (default 1000); must be positive. */
        public Builder fetchSize(int rows) {
            if (rows <= 0) {
                throw new IllegalArgumentException("fetchSize: expected a positive number of rows, found " + rows);
            }
            this.fetchSize = rows;
            return this;
        }

        /** Cancels the query after this many seconds (0, the default, waits as long as the driver does). */
        public Builder queryTimeoutSeconds(int seconds) {
            if (seconds < 0) {
                throw new IllegalArgumentException("queryTimeoutSeconds: expected 0 or more, found " + seconds);
            }
            this.queryTimeoutSeconds = seconds;
            return this;
        }

        /**
         * The zone in which a {@code TIMESTAMP WITH TIME ZONE}, or a date-time written as text with an offset, becomes
         * a date; UTC by default.
         */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /** The layout configured; {@link #build()} checked there is one. */
        private Layout layout() {
            return metricColumn != null || valueColumn != null ? Layout.LONG : !wideColumns.isEmpty()
                    ? Layout.NAMED_WIDE : wide ? Layout.WIDE : Layout.DETECT;
        }

        /**
         * Builds the reader.
         *
         * @throws IllegalStateException if no layout or several are configured, or a long layout lacks its
         *                               metric or value column, or a column is mapped to two roles, or
         *                               {@link #metrics} is given without {@link #wide()} or {@link #detectLayout()}
         */
        public JdbcMetrics build() {
            boolean longLayout = metricColumn != null || valueColumn != null;
            List<String> layouts = new ArrayList<>();
            if (longLayout) {
                layouts.add("metricColumn/valueColumn (long)");
            }
            if (!wideColumns.isEmpty()) {
                layouts.add("wideColumn (wide)");
            }
            if (wide) {
                layouts.add("wide()");
            }
            if (detect) {
                layouts.add("detectLayout()");
            }
            if (layouts.size() > 1) {
                throw new IllegalStateException("choose one layout: " + String.join(", ", layouts) + " were given");
            }
            if (layouts.isEmpty()) {
                throw new IllegalStateException("no layout: set metricColumn and valueColumn (long), wideColumn or "
                        + "wide() (wide), or detectLayout()");
            }
            if (wideMetrics != null && !wide && !detect) {
                throw new IllegalStateException("metrics(...) picks the metric columns of wide() or detectLayout(); "
                        + (longLayout ? "a long layout reads every row's metric" : "wideColumn names them already"));
            }
            if (longLayout && (metricColumn == null || valueColumn == null)) {
                throw new IllegalStateException("long layout needs both metricColumn and valueColumn, found only "
                        + (metricColumn == null ? "valueColumn '" + valueColumn + "'" : "metricColumn '" + metricColumn + "'"));
            }
            List<String> roles = new ArrayList<>();
            roles.add(dateColumn);
            if (segmentColumn != null) {
                roles.add(segmentColumn);
            }
            if (longLayout) {
                roles.add(metricColumn);
                roles.add(valueColumn);
            } else if (detect) {
                roles.add(DETECTED_METRIC);
                roles.add(DETECTED_VALUE);
            } else {
                roles.addAll(wideColumns.keySet());
            }
            for (int i = 0; i < roles.size(); i++) {
                for (int j = i + 1; j < roles.size(); j++) {
                    if (roles.get(i).equalsIgnoreCase(roles.get(j))) {
                        throw new IllegalStateException("column '" + roles.get(i) + "' is mapped to two roles");
                    }
                }
            }
            return new JdbcMetrics(this);
        }

        private static String requireColumn(String what, String column) {
            if (column == null || column.isBlank()) {
                throw new IllegalArgumentException(what + ": expected a name, found "
                        + (column == null ? "null" : "a blank string"));
            }
            return column.strip();
        }
    }
}
