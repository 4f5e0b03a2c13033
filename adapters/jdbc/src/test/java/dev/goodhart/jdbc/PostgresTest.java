package dev.goodhart.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.goodhart.model.InvalidDataException;
import dev.goodhart.model.Observation;
import dev.goodhart.source.SourceException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.postgresql.ds.PGSimpleDataSource;

/** {@link JdbcMetrics} against a real PostgreSQL server: column types, streaming, failures by SQLState. */
class PostgresTest {
    private DataSource ds;

    @BeforeEach
    void server() throws Exception {
        ds = PostgresServer.require();
        FixtureTables.exec(ds, "DROP TABLE IF EXISTS pg_types",
                "CREATE TABLE pg_types (d DATE, ts TIMESTAMP, tz TIMESTAMPTZ, team TEXT, metric TEXT, v NUMERIC)",
                "INSERT INTO pg_types VALUES ('2025-01-06', '2025-01-06 23:30', '2025-01-06 23:30+00', 'alpha', 'tokens', 12.25)",
                "INSERT INTO pg_types VALUES ('2025-01-07', '2025-01-07 00:00', '2025-01-07 00:00+00', NULL, 'tokens', NULL)");
    }

    private static JdbcMetrics.Builder query(String dateColumn) {
        return JdbcMetrics.builder("SELECT d, ts, tz, team, metric, v FROM pg_types WHERE " + dateColumn
                        + " >= ? AND " + dateColumn + " < ? ORDER BY d")
                .dateColumn(dateColumn).segmentColumn("team").metricColumn("metric").valueColumn("v");
    }

    @Test
    void readsDateTimestampAndTimestamptzColumns() throws Exception {
        List<Observation> expected = List.of(Observation.of("2025-01-06", "alpha", "tokens", 12.25),
                Observation.of("2025-01-07", "*", "tokens", Double.NaN));
        LocalDate from = LocalDate.parse("2025-01-01");
        LocalDate to = LocalDate.parse("2025-02-01");
        assertThat(query("d").build().read(ds, from, to)).isEqualTo(expected);
        assertThat(query("ts").build().read(ds, from, to)).isEqualTo(expected);
        assertThat(query("tz").build().read(ds, java.time.OffsetDateTime.parse("2025-01-01T00:00Z"),
                java.time.OffsetDateTime.parse("2025-02-01T00:00Z"))).isEqualTo(expected);
        assertThat(query("tz").zone(ZoneId.of("Asia/Tokyo")).build().read(ds, from, to))
                .extracting(Observation::date)
                .containsExactly(LocalDate.parse("2025-01-07"), LocalDate.parse("2025-01-07"));
    }

    /**
     * A date written as text is read as a CSV file's date cell, and as the timestamp columns are: a date-time's date as
     * written without an offset (midnight or not: {@code 2025-01-06 00:00:00} was refused as no ISO-8601 date), in the
     * reader's zone with one. PostgreSQL's own text of the fixture's timestamp and timestamptz values gives the dates
     * their columns give; what is no date or date-time is still refused, naming the row and the column.
     */
    @Test
    void datesWrittenAsTextWithATimeAreReadAsTheTimestampColumnsAre() throws Exception {
        LocalDate from = LocalDate.parse("2025-01-01");
        LocalDate to = LocalDate.parse("2025-02-01");
        for (String zone : List.of("UTC", "Asia/Tokyo", "America/Los_Angeles")) {
            for (String column : List.of("ts", "tz")) {
                JdbcMetrics text = JdbcMetrics.builder("SELECT " + column + "::text AS day, team, metric, v "
                                + "FROM pg_types WHERE d >= ? AND d < ? ORDER BY d")
                        .dateColumn("day").segmentColumn("team").metricColumn("metric").valueColumn("v")
                        .zone(ZoneId.of(zone)).build();
                assertThat(text.read(ds, from, to)).as(column + "::text in " + zone)
                        .isEqualTo(query(column).zone(ZoneId.of(zone)).build().read(ds, from, to));
            }
        }
        JdbcMetrics written = JdbcMetrics.builder("SELECT day, 1 AS v FROM (VALUES ('2025-01-06 00:00:00'), "
                + "('2025-01-06T00:00:00'), (' 2025-01-06T00:00:00.000 '), ('2025-01-06 23:59:59'), ('2025-01-06'), "
                + "('2025-01-06T23:30:00Z'), ('2025-01-06 23:30:00+00'), ('2025-01-07T00:30:00+01:00'), "
                + "('2025-01-06T15:30:00-08:00'), ('2025-01-07T00:30:00+01:00[Europe/Berlin]')) AS t(day)")
                .dateColumn("day").wideColumn("v").build();
        assertThat(written.read(ds)).hasSize(10).extracting(Observation::date)
                .containsOnly(LocalDate.parse("2025-01-06"));
        JdbcMetrics tokyo = JdbcMetrics.builder("SELECT day, 1 AS v FROM (VALUES ('2025-01-06 00:00:00'), "
                + "('2025-01-06T23:30:00Z')) AS t(day)").dateColumn("day").wideColumn("v")
                .zone(ZoneId.of("Asia/Tokyo")).build();
        assertThat(tokyo.read(ds)).extracting(Observation::date)
                .containsExactly(LocalDate.parse("2025-01-06"), LocalDate.parse("2025-01-07"));
        for (String bad : List.of("January 6, 2025", "2025-01-06 25:00:00", "2025-01-06 00:00:00 UTC")) {
            InvalidDataException e = catchThrowableOfType(() -> JdbcMetrics.builder("SELECT 1 AS v, day FROM "
                            + "(VALUES ('2025-01-06'), ('" + bad + "')) AS t(day)").name("pg").dateColumn("day")
                    .wideColumn("v").build().read(ds), InvalidDataException.class);
            assertThat(e).as(bad).hasMessage("pg, line 2, column 2: expected an ISO-8601 date (2025-01-06) or "
                    + "date-time (2025-01-06T09:30:00Z) in column 'day', found '" + bad + "'");
        }
        // date-times with an offset all at one time of day other than midnight: another zone's midnights, said so
        List<String> warnings = new java.util.ArrayList<>();
        JdbcMetrics.builder("SELECT day, 1 AS v FROM (VALUES ('2025-01-05 23:00:00+00'), ('2025-01-06 23:00:00+00'))"
                        + " AS t(day)").name("pg").dateColumn("day").wideColumn("v").build().source(ds)
                .read(new dev.goodhart.source.ObservationSink() {
                    @Override
                    public void accept(Observation o, long line, int column, boolean timed) {
                    }

                    @Override
                    public void warning(String message) {
                        warnings.add(message);
                    }
                });
        assertThat(warnings).singleElement().asString()
                .startsWith("pg: every value of the date column 'day' is at 23:00 in Z, not at midnight");
    }

    @Test
    void streamsInsideATransactionWithTheFetchSizeAndRestoresAutoCommit() throws Exception {
        RecordingDataSource recorder = new RecordingDataSource();
        List<Observation> rows = query("d").fetchSize(1).build().read(recorder.wrap(ds), LocalDate.parse("2025-01-01"),
                LocalDate.parse("2025-02-01"));
        assertThat(rows).hasSize(2);
        assertThat(recorder.fetchSize).isEqualTo(1);
        assertThat(recorder.autoCommitAtExecute).as("pgjdbc streams only with auto-commit off").isFalse();
        assertThat(recorder.autoCommitAtClose).isTrue();
        assertThat(recorder.parameters).containsExactly(LocalDate.parse("2025-01-01"), LocalDate.parse("2025-02-01"));
    }

    @Test
    void nullDateIsInvalidDataNamingTheQueryRowAndColumn() throws Exception {
        FixtureTables.exec(ds, "INSERT INTO pg_types VALUES (NULL, NULL, NULL, 'beta', 'tokens', 1)");
        JdbcMetrics metrics = JdbcMetrics.builder("SELECT team, metric, v, d FROM pg_types ORDER BY d NULLS LAST")
                .dateColumn("d").segmentColumn("team").metricColumn("metric").valueColumn("v").build();
        InvalidDataException e = catchThrowableOfType(() -> metrics.read(ds), InvalidDataException.class);
        assertThat(e.source()).isEqualTo("query 'SELECT team, metric, v, d FROM pg_types ORDER BY d NULLS LAST'");
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo(4);
        assertThat(e.problem()).isEqualTo("expected a date in column 'd', found NULL");
    }

    /**
     * Two columns of the result with a label the reader reads ({@code AS value} twice): which one was meant cannot be
     * told, and the first was read without a word. Refused before any row is read (the query returns none here),
     * naming the label and both positions; labels match ignoring case, as columns are found. A label repeated by
     * columns the reader does not read (a join's two ids) is no matter.
     */
    @Test
    void twoColumnsWithALabelTheReaderReadsAreRefusedBeforeAnyRow() throws Exception {
        JdbcMetrics longTwice = JdbcMetrics.builder("SELECT d AS date, team AS segment, metric, v AS value, "
                        + "v * 1000 AS value FROM pg_types WHERE d > DATE '2030-01-01'").name("pg")
                .segmentColumn("segment").metricColumn("metric").valueColumn("value").build();
        InvalidDataException e = catchThrowableOfType(() -> longTwice.read(ds), InvalidDataException.class);
        assertThat(e.line()).isZero();
        assertThat(e.column()).isEqualTo(5);
        assertThat(e).hasMessage("pg, column 5: expected one value column 'value' in the query's result, found 2 "
                + "labelled so (ignoring case): columns 4 and 5; give each its own label (AS)");
        JdbcMetrics wideTwice = JdbcMetrics.builder("SELECT d, team, v AS tokens, ts, 2 * v AS \"TOKENS\", "
                        + "v AS \"Tokens\" FROM pg_types").name("pg").dateColumn("d").segmentColumn("team")
                .wideColumn("tokens").build();
        assertThatThrownBy(() -> wideTwice.read(ds)).isInstanceOf(InvalidDataException.class)
                .hasMessage("pg, column 5: expected one metric column 'tokens' in the query's result, found 3 "
                        + "labelled so (ignoring case): columns 3, 5 and 6; give each its own label (AS)");
        JdbcMetrics dateTwice = JdbcMetrics.builder("SELECT d, ts AS d, v FROM pg_types").name("pg").dateColumn("d")
                .wideColumn("v").build();
        assertThatThrownBy(() -> dateTwice.read(ds)).isInstanceOf(InvalidDataException.class)
                .hasMessage("pg, column 2: expected one date column 'd' in the query's result, found 2 labelled so "
                        + "(ignoring case): columns 1 and 2; give each its own label (AS)");
        List<Observation> unread = JdbcMetrics.builder("SELECT d, team, metric, v, metric AS note, team AS note "
                        + "FROM pg_types ORDER BY d").dateColumn("d").segmentColumn("team").metricColumn("metric")
                .valueColumn("v").build().read(ds);
        assertThat(unread).hasSize(2);
    }

    /**
     * The segment {@code *} is the organisation's own name inside Goodhart: a CSV file's is refused, and a query's was
     * merged into the organisation's row without a word. Refused as the CSV reader refuses it, naming the row and
     * the column; {@code NULL} and blank segments stay the organisation's rows.
     */
    @Test
    void theSegmentStarIsRefusedNamingTheRowAndColumn() throws Exception {
        JdbcMetrics metrics = JdbcMetrics.builder("SELECT metric, v, d, team FROM pg_types ORDER BY d").name("pg")
                .dateColumn("d").segmentColumn("team").metricColumn("metric").valueColumn("v").build();
        FixtureTables.exec(ds, "INSERT INTO pg_types VALUES ('2025-01-08', NULL, NULL, '  ', 'tokens', 3)");
        assertThat(metrics.read(ds)).extracting(Observation::segment).containsExactly("alpha", "*", "*");
        FixtureTables.exec(ds, "INSERT INTO pg_types VALUES ('2025-01-09', NULL, NULL, ' * ', 'tokens', 4)");
        InvalidDataException e = catchThrowableOfType(() -> metrics.read(ds), InvalidDataException.class);
        assertThat(e.line()).isEqualTo(4);
        assertThat(e.column()).isEqualTo(4);
        assertThat(e).hasMessage("pg, line 4, column 4: the segment name '*' in column 'team' is reserved for the "
                + "whole organisation; give NULL (or an empty string) for organisation rows");
    }

    private static final String WIDE = "SELECT day AS date, team AS segment, prs, cycle_time FROM pg_wide "
            + "ORDER BY day, team";

    private void wideTable() throws Exception {
        FixtureTables.exec(ds, "DROP TABLE IF EXISTS pg_wide",
                "CREATE TABLE pg_wide (day DATE, team TEXT, region TEXT, prs INT, cycle_time NUMERIC)",
                "INSERT INTO pg_wide VALUES ('2025-01-06', 'alpha', 'eu', 3, 2.5)",
                "INSERT INTO pg_wide VALUES ('2025-01-06', 'beta', 'us', NULL, 4)",
                "INSERT INTO pg_wide VALUES ('2025-01-07', NULL, 'eu', 5, NULL)");
    }

    private static final List<Observation> WIDE_ROWS = List.of(Observation.of("2025-01-06", "alpha", "prs", 3),
            Observation.of("2025-01-06", "alpha", "cycle_time", 2.5),
            Observation.of("2025-01-06", "beta", "prs", Double.NaN),
            Observation.of("2025-01-06", "beta", "cycle_time", 4),
            Observation.of("2025-01-07", "*", "prs", 5),
            Observation.of("2025-01-07", "*", "cycle_time", Double.NaN));

    /**
     * A wide result whose metric columns are told from the result, as a wide CSV file's are from its header: every
     * column but the date and the segment, or those {@code metrics} picks (the others left out unread), matched to
     * the labels ignoring case and read as the metrics named there; {@code detectLayout} reads a result without
     * metric and value columns so, and one with them as long.
     */
    @Test
    void aWideResultsMetricColumnsAreToldFromTheResult() throws Exception {
        wideTable();
        assertThat(JdbcMetrics.builder(WIDE).segmentColumn("segment").wide().build().read(ds)).isEqualTo(WIDE_ROWS);
        String withRegion = "SELECT day AS date, region, team AS segment, prs AS \"PRS\", cycle_time FROM pg_wide "
                + "ORDER BY day, team";
        assertThat(JdbcMetrics.builder(withRegion).segmentColumn("segment").wide()
                .metrics(List.of("prs", "cycle_time")).build().read(ds)).isEqualTo(WIDE_ROWS);
        // a metric to read that is no column is refused, naming the result's columns
        assertThatThrownBy(() -> JdbcMetrics.builder(withRegion).name("pg").segmentColumn("segment").wide()
                .metrics(List.of("prs", "cycle_time", "tokens")).build().read(ds))
                .isInstanceOf(InvalidDataException.class).hasMessage("pg: expected a column for each metric to read, "
                        + "found none for tokens (matched ignoring case) in the query's result, it has: date, region, "
                        + "segment, prs, cycle_time");
        assertThat(JdbcMetrics.builder(withRegion).segmentColumn("segment").detectLayout()
                .metrics(List.of("prs", "cycle_time")).build().read(ds)).isEqualTo(WIDE_ROWS);
        assertThat(JdbcMetrics.builder("SELECT d AS date, team AS segment, metric, v AS value FROM pg_types ORDER BY d")
                .segmentColumn("segment").detectLayout().metrics(List.of("prs")).build().read(ds))
                .containsExactly(Observation.of("2025-01-06", "alpha", "tokens", 12.25),
                        Observation.of("2025-01-07", "*", "tokens", Double.NaN));
    }

    /**
     * What a wide result told from its columns cannot read is refused before any row, naming the column: a label two
     * metric columns have, a segment's column where no segment column is named, no metric to read, a long result
     * with only one of its two columns; a text column read as a metric is refused at its first row.
     */
    @Test
    void aWideResultThatCannotBeReadIsRefusedNamingTheColumn() throws Exception {
        wideTable();
        assertThatThrownBy(() -> JdbcMetrics.builder("SELECT day AS date, team AS segment, prs, cycle_time AS "
                        + "\"PRS\" FROM pg_wide").name("pg").segmentColumn("segment").wide().build().read(ds))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage("pg, column 4: expected one metric column 'prs' in the query's result, found 2 labelled so "
                        + "(ignoring case): columns 3 and 4; give each its own label (AS)");
        assertThatThrownBy(() -> JdbcMetrics.builder("SELECT day AS date, team, prs FROM pg_wide").name("pg").wide()
                .metrics(List.of("prs")).build().read(ds))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage("pg, column 2: this wide result has no segment column and its column 'team' looks like "
                        + "one: name it with the builder's segmentColumn (--columns segment=team)");
        assertThatThrownBy(() -> JdbcMetrics.builder(WIDE).name("pg").segmentColumn("segment").wide()
                .metrics(List.of("tokens", "quality")).build().read(ds))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage("pg: none of the metrics to read (quality, tokens) is a column of the query's result, it "
                        + "has: date, segment, prs, cycle_time");
        assertThatThrownBy(() -> JdbcMetrics.builder("SELECT day AS date, team AS segment FROM pg_wide").name("pg")
                .segmentColumn("segment").wide().build().read(ds))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage("pg: expected metric columns besides date, segment (a wide result) in the query's "
                        + "result, it has: date, segment");
        assertThatThrownBy(() -> JdbcMetrics.builder("SELECT day AS date, team AS segment, prs AS value FROM pg_wide")
                .name("pg").segmentColumn("segment").detectLayout().build().read(ds))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage("pg: a long result needs both 'metric' and 'value' columns (a wide one neither), it has: "
                        + "date, segment, value");
        assertThatThrownBy(() -> JdbcMetrics.builder("SELECT day AS date, team AS segment, region, prs FROM pg_wide "
                        + "ORDER BY day").name("pg").segmentColumn("segment").wide().build().read(ds))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage("pg, line 1, column 3: expected a number in column 'region', found String 'eu'");
    }

    /**
     * A wide result's NULLs are explicitly missing values, counted in the frame's input account as a long result's
     * are, and named by their rows: each row's values come with its number as their line, where the account named
     * their position among the values (the third value, not the second row) and counted values as rows.
     */
    @Test
    void aWideResultsNullsAreCountedAsALongResultsAreNamingTheirRows() throws Exception {
        wideTable();
        dev.goodhart.model.IntegrityModel model = dev.goodhart.model.IntegrityModel.builder().proxy("prs", "prs")
                .outcome("cycle_time", dev.goodhart.model.Direction.LOWER, "hours").link("prs", "cycle_time").build();
        dev.goodhart.model.InputAccount wide = account(model, JdbcMetrics.builder(WIDE).segmentColumn("segment")
                .wide().build());
        dev.goodhart.model.InputAccount asLong = account(model, JdbcMetrics.builder("SELECT day AS date, "
                + "team AS segment, 'prs' AS metric, prs AS value FROM pg_wide UNION ALL SELECT day, team, "
                + "'cycle_time', cycle_time FROM pg_wide").segmentColumn("segment").detectLayout().build());
        assertThat(wide.counts()).isEqualTo(asLong.counts());
        assertThat(wide.count(dev.goodhart.model.InputAccount.Reason.MISSING_VALUE)).isEqualTo(2);
        assertThat(wide.read()).isEqualTo(6);
        assertThat(wide.position()).isEqualTo("value");
        assertThat(wide.examples().get(dev.goodhart.model.InputAccount.Reason.MISSING_VALUE)).containsExactly(2L, 3L);
        assertThat(wide.sentence()).isEqualTo("Read 6 values, used 4; skipped 2 with a missing value (NA, NaN or NULL) "
                + "(lines 2, 3); 1 value given for the organisation itself (an empty, NULL or * segment), which "
                + "replace the sum of the segments as the organisation's series of their metric (line 3).");
        assertThat(account(model, JdbcMetrics.builder(WIDE).segmentColumn("segment").wideColumns("prs", "cycle_time")
                .build())).isEqualTo(wide);
        assertThat(JdbcMetrics.builder(WIDE).segmentColumn("segment").wide().build().frame(model, ds, null, null)
                .inputAccount()).isEqualTo(wide);
    }

    private dev.goodhart.model.InputAccount account(dev.goodhart.model.IntegrityModel model, JdbcMetrics metrics)
            throws Exception {
        dev.goodhart.model.Frame.Builder frame = dev.goodhart.model.Frame.builder(model).source("pg");
        metrics.source(ds).read(dev.goodhart.source.ObservationSink.into(frame));
        return frame.build().inputAccount();
    }

    @Test
    void badSqlIsAQueryExceptionWithSqlState42() {
        SourceException e = catchThrowableOfType(() -> JdbcMetrics.builder("SELECT d, v FROM pg_types WHERE")
                .dateColumn("d").wideColumn("v").build().read(ds), SourceException.class);
        assertThat(e.code()).isEqualTo("42601");
        assertThat(e.reason()).isEqualTo(SourceException.Reason.QUERY);
        assertThat(e).hasMessageContaining("the query failed").hasMessageContaining("SQLState 42601");
        SourceException missing = catchThrowableOfType(() -> JdbcMetrics.builder("SELECT d, v FROM no_such_table")
                .dateColumn("d").wideColumn("v").build().read(ds), SourceException.class);
        assertThat(missing.code()).isEqualTo("42P01");
    }

    @Test
    void aWrongPasswordIsAnAuthenticationExceptionWithSqlState28() {
        PGSimpleDataSource wrong = PostgresServer.dataSource(PostgresServer.PASSWORD + "-wrong");
        SourceException e = catchThrowableOfType(() -> query("d").name("pg").build()
                .read(wrong, LocalDate.parse("2025-01-01"), LocalDate.parse("2025-02-01")),
                SourceException.class);
        assertThat(e.code()).isEqualTo("28P01");
        assertThat(e.reason()).isEqualTo(SourceException.Reason.AUTHENTICATION);
        assertThat(e.source()).isEqualTo("pg");
        assertThat(e).hasMessageContaining("password authentication failed");
    }

    @Test
    void aServerThatIsDownIsUnavailableWithSqlState08() throws Exception {
        PGSimpleDataSource down = new PGSimpleDataSource();
        down.setURL("jdbc:postgresql://127.0.0.1:" + FixtureTables.closedPort() + "/goodhart");
        down.setUser(PostgresServer.USER);
        down.setPassword(PostgresServer.PASSWORD);
        SourceException e = catchThrowableOfType(() -> query("d").name("pg down").build()
                .read(down, LocalDate.parse("2025-01-01"), LocalDate.parse("2025-02-01")),
                SourceException.class);
        assertThat(e.code()).startsWith("08");
        assertThat(e.reason()).isEqualTo(SourceException.Reason.UNAVAILABLE);
        assertThat(e).hasMessageStartingWith("pg down: cannot reach the database");
    }

    @Test
    void aQueryWithoutRowsIsAnEmptySource() {
        SourceException e = catchThrowableOfType(() -> query("d").name("pg").build()
                .source(ds, LocalDate.parse("2030-01-01"), LocalDate.parse("2030-02-01")).readAll(),
                SourceException.class);
        assertThat(e.reason()).isEqualTo(SourceException.Reason.EMPTY);
        assertThat(e).hasMessage("pg: the query returned no rows from 2030-01-01 to 2030-02-01 (check the query and "
                + "the time range)");
    }

    /**
     * The read is read-only at the database: a query that would write (here through a function, since a second
     * statement is refused before it reaches the server) fails, and the table survives.
     */
    @Test
    void theReadIsReadOnlyAndAWriteThroughAFunctionIsRefused() throws Exception {
        FixtureTables.exec(ds, "DROP TABLE IF EXISTS victim", "CREATE TABLE victim (x INT)",
                "INSERT INTO victim VALUES (1), (2)",
                "CREATE OR REPLACE FUNCTION wipe() RETURNS NUMERIC AS $$ DELETE FROM victim; SELECT 1::numeric $$ "
                        + "LANGUAGE sql");
        SourceException e = catchThrowableOfType(() -> JdbcMetrics.builder(
                        "SELECT DATE '2025-01-06' AS d, wipe() AS v").dateColumn("d").wideColumn("v").build().read(ds),
                SourceException.class);
        assertThat(e.code()).isEqualTo("25006"); // read_only_sql_transaction
        assertThatThrownBy(() -> JdbcMetrics.builder("SELECT d, v FROM pg_types; DROP TABLE victim; COMMIT"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("one SELECT statement");
        try (java.sql.Connection c = ds.getConnection(); java.sql.Statement st = c.createStatement();
             java.sql.ResultSet rs = st.executeQuery("SELECT count(*) FROM victim")) {
            rs.next();
            assertThat(rs.getInt(1)).as("the table survived, with its rows").isEqualTo(2);
            assertThat(c.isReadOnly()).isFalse();
        }
    }
}
