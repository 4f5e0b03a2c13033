package dev.goodhart.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.goodhart.model.InvalidDataException;
import dev.goodhart.model.Observation;
import dev.goodhart.model.Segments;
import dev.goodhart.source.SourceException;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link JdbcMetrics} against an embedded H2 database: layouts, types, missing values, failures. */
class JdbcMetricsTest {
    private JdbcDataSource ds;

    @BeforeEach
    void database() throws Exception {
        ds = new JdbcDataSource();
        ds.setURL("jdbc:h2:mem:" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1");
        ds.setUser("sa");
        ds.setPassword("secret");
        FixtureTables.exec(ds,
                "CREATE TABLE m (d DATE, team VARCHAR(50), metric VARCHAR(50), v NUMERIC(12,3))",
                "INSERT INTO m VALUES (DATE '2025-01-06', 'alpha', 'tokens', 1200.5)",
                "INSERT INTO m VALUES (DATE '2025-01-06', 'alpha', 'cycle_time', NULL)",
                "INSERT INTO m VALUES (DATE '2025-01-07', NULL, 'tokens', 7)",
                "INSERT INTO m VALUES (DATE '2025-01-08', '  ', 'tokens', 8)",
                "INSERT INTO m VALUES (DATE '2025-02-01', 'beta', 'tokens', 9)");
    }

    private static JdbcMetrics.Builder longLayout(String sql) {
        return JdbcMetrics.builder(sql).dateColumn("d").segmentColumn("team").metricColumn("metric").valueColumn("v");
    }

    @Test
    void asASourceAQueryWithoutRowsIsEmptyAndABadRowMalformed() throws Exception {
        JdbcMetrics metrics = longLayout("SELECT d, team, metric, v FROM m WHERE d >= ? AND d < ? ORDER BY d").build();
        assertThat(metrics.source(ds, LocalDate.parse("2025-01-07"), LocalDate.parse("2025-02-01")).readAll())
                .extracting(Observation::value).containsExactly(7.0, 8.0);
        SourceException empty = catchThrowableOfType(() -> metrics.source(ds, LocalDate.parse("2030-01-01"),
                LocalDate.parse("2030-02-01")).readAll(), SourceException.class);
        assertThat(empty.reason()).isEqualTo(SourceException.Reason.EMPTY);
        assertThat(empty).hasMessage(metrics.source() + ": the query returned no rows from 2030-01-01 to 2030-02-01 "
                + "(check the query and the time range)");
        assertThat(metrics.source(ds, LocalDate.parse("2025-01-07"), LocalDate.parse("2025-02-01")).name())
                .isEqualTo(metrics.source());
        SourceException malformed = catchThrowableOfType(() -> JdbcMetrics.builder("SELECT d, metric AS v FROM m")
                .dateColumn("d").wideColumn("v").build().source(ds).readAll(), SourceException.class);
        assertThat(malformed.reason()).isEqualTo(SourceException.Reason.MALFORMED);
        assertThat(malformed.line()).isEqualTo(1);
        assertThat(malformed.column()).isEqualTo(2);
        assertThatThrownBy(() -> metrics.source(ds)).isInstanceOf(IllegalStateException.class);
    }

    /**
     * A missing password (PostgreSQL's driver: SQLState 08004) is a refusal of credentials, not a database that cannot
     * be reached; a URL no driver accepts is not one either (both were UNAVAILABLE, which says "retry").
     */
    @Test
    void failuresSayWhatWentWrong() {
        SourceException noPassword = JdbcMetrics.failure("db", new java.sql.SQLException("The server requested "
                + "SCRAM-based authentication, but no password was provided.", "08004"));
        assertThat(noPassword.reason()).isEqualTo(SourceException.Reason.AUTHENTICATION);
        assertThat(noPassword.reason().retryable()).isFalse();
        SourceException noDriver = JdbcMetrics.failure("db", new java.sql.SQLException("No suitable driver found for "
                + "jdbc:postgres://localhost/db", "08001"));
        assertThat(noDriver.reason()).isEqualTo(SourceException.Reason.NOT_FOUND);
        assertThat(noDriver).hasMessageContaining("no JDBC driver accepts this URL");
        SourceException refused = JdbcMetrics.failure("db", new java.sql.SQLException("Connection to localhost:1 "
                + "refused.", "08001"));
        assertThat(refused.reason()).isEqualTo(SourceException.Reason.UNAVAILABLE);
        SourceException rejected = JdbcMetrics.failure("db", new java.sql.SQLException("too many clients", "08004"));
        assertThat(rejected.reason()).isEqualTo(SourceException.Reason.UNAVAILABLE);
        // the driver's lines on one line (a terminal shows a line break as \n)
        SourceException hint = JdbcMetrics.failure("db", new java.sql.SQLException("ERROR: operator does not exist: "
                + "text >= date\n  Hint: No operator matches the given name and argument types.\n  Position: 42",
                "42883"));
        assertThat(hint).hasMessageContaining("operator does not exist: text >= date; Hint: No operator matches the "
                + "given name and argument types.; Position: 42 (SQLState 42883)").hasMessageNotContaining("\n");
    }

    @Test
    void onlyOneStatementIsAccepted() {
        for (String one : List.of("SELECT 1", "SELECT 1;", "SELECT 1;  -- done", "SELECT ';' AS x FROM t",
                "SELECT $$a;b$$ AS x", "SELECT 1 /* ; */", "SELECT E'it\\'s; fine' AS x", "SELECT e'a\\\\' AS x;",
                "SELECT name AS x FROM t WHERE name = 'E'")) {
            assertThat(JdbcMetrics.singleStatement(one)).as(one).isTrue();
        }
        for (String two : List.of("SELECT 1; DROP TABLE victim", "select 1;drop table t; commit",
                "SELECT 1; 'x'", "SELECT 1 ; UPDATE t SET x = 1",
                // a helper's: E'\'' is one quote, so the ; after it separates (the insert had committed)
                "SELECT E'\\'' AS x; COMMIT; INSERT INTO audit_log(note) VALUES ('pwned'); SELECT ''",
                "SELECT e'\\\\'; DELETE FROM t")) {
            assertThat(JdbcMetrics.singleStatement(two)).as(two).isFalse();
            assertThatThrownBy(() -> JdbcMetrics.builder(two)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("expected one SELECT statement");
        }
    }

    @Test
    void readsLongRowsWithNullValueAsMissingAndNullSegmentAsWholeOrganisation() throws Exception {
        List<Observation> rows = longLayout("SELECT d, team, metric, v FROM m ORDER BY d, metric").build().read(ds);
        assertThat(rows).containsExactly(
                Observation.of("2025-01-06", "alpha", "cycle_time", Double.NaN),
                Observation.of("2025-01-06", "alpha", "tokens", 1200.5),
                Observation.of("2025-01-07", Segments.ALL, "tokens", 7),
                Observation.of("2025-01-08", Segments.ALL, "tokens", 8),
                Observation.of("2025-02-01", "beta", "tokens", 9));
    }

    @Test
    void bindsTheTimeRangeAsParametersAndStreamsWithTheFetchSize() throws Exception {
        RecordingDataSource recorder = new RecordingDataSource();
        JdbcMetrics metrics = longLayout("SELECT d, team, metric, v FROM m WHERE d >= ? AND d < ? ORDER BY d, metric")
                .fetchSize(2).build();
        List<Observation> rows = metrics.read(recorder.wrap(ds), LocalDate.parse("2025-01-07"),
                LocalDate.parse("2025-02-01"));
        assertThat(rows).extracting(Observation::date).containsExactly(LocalDate.parse("2025-01-07"),
                LocalDate.parse("2025-01-08"));
        assertThat(recorder.parameters).containsExactly(LocalDate.parse("2025-01-07"), LocalDate.parse("2025-02-01"));
        assertThat(recorder.preparedSql).isEqualTo(metrics.sql());
        assertThat(recorder.fetchSize).isEqualTo(2);
        assertThat(recorder.autoCommitAtExecute).isFalse();
        assertThat(recorder.autoCommitAtClose).isTrue();
    }

    @Test
    void aValueThatLooksLikeSqlIsBoundNotExecuted() throws Exception {
        JdbcMetrics metrics = longLayout("SELECT d, team, metric, v FROM m WHERE d >= ? AND d < ?").build();
        // OffsetDateTime parameters are bound too; the table survives whatever the values are
        metrics.read(ds, java.time.OffsetDateTime.parse("2025-01-01T00:00:00Z"),
                java.time.OffsetDateTime.parse("2025-12-31T00:00:00Z"));
        assertThat(longLayout("SELECT d, team, metric, v FROM m").build().read(ds)).hasSize(5);
    }

    @Test
    void readsTheWideLayoutWithRenamedColumns() throws Exception {
        FixtureTables.exec(ds, "CREATE TABLE w (d DATE, team VARCHAR(50), tok BIGINT, ct DOUBLE PRECISION)",
                "INSERT INTO w VALUES (DATE '2025-01-06', 'alpha', 100, 2.5)",
                "INSERT INTO w VALUES (DATE '2025-01-06', 'beta', 200, NULL)");
        List<Observation> rows = JdbcMetrics.builder("SELECT * FROM w ORDER BY team").dateColumn("D")
                .segmentColumn("Team").wideColumn("tok", "tokens").wideColumn("ct", "cycle_time").build().read(ds);
        assertThat(rows).containsExactly(
                Observation.of("2025-01-06", "alpha", "tokens", 100),
                Observation.of("2025-01-06", "alpha", "cycle_time", 2.5),
                Observation.of("2025-01-06", "beta", "tokens", 200),
                Observation.of("2025-01-06", "beta", "cycle_time", Double.NaN));
    }

    /**
     * H2 folds unquoted labels to upper case: a wide result's columns told from the result carry them so
     * ({@code TOKENS}), and {@code metrics} reads them as the metrics it names ({@code tokens}); a column matching two
     * of its names only ignoring case is refused, naming them.
     */
    @Test
    void aWideResultsFoldedLabelsAreReadAsTheMetricsNamed() throws Exception {
        FixtureTables.exec(ds, "CREATE TABLE w (d DATE, team VARCHAR(50), tokens BIGINT, ct DOUBLE PRECISION)",
                "INSERT INTO w VALUES (DATE '2025-01-06', 'alpha', 100, 2.5)");
        assertThat(JdbcMetrics.builder("SELECT d, team, tokens, ct AS cycle_time FROM w").dateColumn("d")
                .segmentColumn("team").wide().build().read(ds))
                .containsExactly(Observation.of("2025-01-06", "alpha", "TOKENS", 100),
                        Observation.of("2025-01-06", "alpha", "CYCLE_TIME", 2.5));
        assertThat(JdbcMetrics.builder("SELECT d, team, tokens, ct AS cycle_time FROM w").dateColumn("d")
                .segmentColumn("team").wide().metrics(List.of("cycle_time", "tokens")).build().read(ds))
                .containsExactly(Observation.of("2025-01-06", "alpha", "tokens", 100),
                        Observation.of("2025-01-06", "alpha", "cycle_time", 2.5));
        assertThatThrownBy(() -> JdbcMetrics.builder("SELECT d, team, tokens FROM w").name("h2").dateColumn("d")
                .segmentColumn("team").wide().metrics(List.of("Tokens", "tokens")).build().read(ds))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage("h2, column 3: the column 'TOKENS' matches the metrics Tokens and tokens ignoring case; "
                        + "label it as one of them, exactly (AS \"Tokens\")");
        assertThat(JdbcMetrics.builder("SELECT 1").wide().metrics(List.of("a")).build())
                .hasToString("JdbcMetrics[query 'SELECT 1', wide [a]]");
        // each metric to read is a column: one missing is named with the result's columns
        assertThatThrownBy(() -> JdbcMetrics.builder("SELECT d, team, tokens FROM w").name("h2").dateColumn("d")
                .segmentColumn("team").wide().metrics(List.of("tokens", "cycle_time")).build().read(ds))
                .isInstanceOf(InvalidDataException.class)
                .hasMessage("h2: expected a column for each metric to read, found none for cycle_time (matched "
                        + "ignoring case) in the query's result, it has: d, team, tokens");
    }

    @Test
    void theWideAndDetectedLayoutsAreValidatedEagerly() {
        assertThatThrownBy(() -> JdbcMetrics.builder("SELECT 1").wide().wideColumn("x").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("choose one layout: wideColumn (wide), wide() were given");
        assertThatThrownBy(() -> JdbcMetrics.builder("SELECT 1").detectLayout().metricColumn("m").valueColumn("v")
                .build()).hasMessage("choose one layout: metricColumn/valueColumn (long), detectLayout() were given");
        assertThatThrownBy(() -> JdbcMetrics.builder("SELECT 1").metricColumn("m").valueColumn("v")
                .metrics(List.of("x")).build()).isInstanceOf(IllegalStateException.class)
                .hasMessage("metrics(...) picks the metric columns of wide() or detectLayout(); a long layout reads "
                        + "every row's metric");
        assertThatThrownBy(() -> JdbcMetrics.builder("SELECT 1").metrics(List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessage("metrics: expected at least one name");
        assertThatThrownBy(() -> JdbcMetrics.builder("SELECT 1").metrics(List.of("a", " ")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("metrics: expected a name");
        assertThatThrownBy(() -> JdbcMetrics.builder("SELECT 1").dateColumn("value").detectLayout().build())
                .hasMessage("column 'value' is mapped to two roles");
    }

    @Test
    void readsTimestampAndTimestampWithTimeZoneColumns() throws Exception {
        FixtureTables.exec(ds, "CREATE TABLE t (ts TIMESTAMP, tz TIMESTAMP WITH TIME ZONE, v INT)",
                "INSERT INTO t VALUES (TIMESTAMP '2025-01-06 23:30:00', TIMESTAMP WITH TIME ZONE '2025-01-06 23:30:00+00', 1)");
        JdbcMetrics local = JdbcMetrics.builder("SELECT ts, v FROM t").dateColumn("ts").wideColumn("v", "x").build();
        assertThat(local.read(ds)).containsExactly(Observation.of("2025-01-06", "*", "x", 1));
        JdbcMetrics utc = JdbcMetrics.builder("SELECT tz, v FROM t").dateColumn("tz").wideColumn("v", "x").build();
        assertThat(utc.read(ds)).containsExactly(Observation.of("2025-01-06", "*", "x", 1));
        JdbcMetrics tokyo = JdbcMetrics.builder("SELECT tz, v FROM t").dateColumn("tz").wideColumn("v", "x")
                .zone(ZoneId.of("Asia/Tokyo")).build();
        assertThat(tokyo.read(ds)).containsExactly(Observation.of("2025-01-07", "*", "x", 1));
    }

    /**
     * A zoned date column whose every value is one time other than midnight in the reader's zone (Berlin's midnights,
     * 23:00 UTC in winter: a session on a Berlin JVM truncating to days) is read as the days those instants fall on,
     * with a warning that says what happened and how to give the zone; midnights, or times that vary, give none.
     */
    @Test
    void anotherZonesMidnightsAreAWarning() throws Exception {
        FixtureTables.exec(ds, "CREATE TABLE z (tz TIMESTAMP WITH TIME ZONE, v INT)",
                "INSERT INTO z VALUES (TIMESTAMP WITH TIME ZONE '2025-01-05 23:00:00+00', 1)",
                "INSERT INTO z VALUES (TIMESTAMP WITH TIME ZONE '2025-01-06 23:00:00+00', 2)");
        JdbcMetrics utc = JdbcMetrics.builder("SELECT tz, v FROM z").name("usage").dateColumn("tz")
                .wideColumn("v", "x").build();
        List<String> warnings = new java.util.ArrayList<>();
        List<Observation> rows = new java.util.ArrayList<>();
        utc.source(ds).read(new dev.goodhart.source.ObservationSink() {
            @Override
            public void accept(Observation o, long line, int column, boolean timed) {
                rows.add(o);
            }

            @Override
            public void warning(String message) {
                warnings.add(message);
            }
        });
        assertThat(rows).containsExactly(Observation.of("2025-01-05", "*", "x", 1), Observation.of("2025-01-06", "*",
                "x", 2));
        assertThat(warnings).containsExactly("usage: every value of the date column 'tz' is at 23:00 in Z, not at "
                + "midnight: they look like another zone's midnights (a session on the JVM's zone, date_trunc('day', "
                + "...) in it), and each is read as the day it falls on in Z; give the zone (--zone, "
                + "JdbcMetrics.Builder.zone) or truncate in Z");
        assertThat(warnings(JdbcMetrics.builder("SELECT tz, v FROM z").dateColumn("tz").wideColumn("v", "x")
                .zone(ZoneId.of("Europe/Berlin")).build())).isEmpty();
    }

    /**
     * A year of Berlin's midnights read in UTC are at 23:00 in winter and 22:00 in summer: one time alone did not catch
     * them, and a newcomer's Monday rows were read on the Sundays before without a word.
     */
    @Test
    void anotherZonesMidnightsWithDaylightSavingTimeAreAWarning() throws Exception {
        FixtureTables.exec(ds, "CREATE TABLE dst (tz TIMESTAMP WITH TIME ZONE, v INT)",
                "INSERT INTO dst VALUES (TIMESTAMP WITH TIME ZONE '2025-03-23 23:00:00+00', 1)",
                "INSERT INTO dst VALUES (TIMESTAMP WITH TIME ZONE '2025-03-30 22:00:00+00', 2)",
                "INSERT INTO dst VALUES (TIMESTAMP WITH TIME ZONE '2025-04-06 22:00:00+00', 3)");
        assertThat(warnings(JdbcMetrics.builder("SELECT tz, v FROM dst").name("usage").dateColumn("tz")
                .wideColumn("v", "x").build())).containsExactly("usage: every value of the date column 'tz' is at "
                + "22:00 or 23:00 (an hour apart: daylight saving time) in Z, not at midnight: they look like another "
                + "zone's midnights (a session on the JVM's zone, date_trunc('day', ...) in it), and each is read as "
                + "the day it falls on in Z; give the zone (--zone, JdbcMetrics.Builder.zone) or truncate in Z");
        // London's midnights: 00:00 in winter, 23:00 in summer (half of them read a day early)
        FixtureTables.exec(ds, "CREATE TABLE london (tz TIMESTAMP WITH TIME ZONE, v INT)",
                "INSERT INTO london VALUES (TIMESTAMP WITH TIME ZONE '2025-03-24 00:00:00+00', 1)",
                "INSERT INTO london VALUES (TIMESTAMP WITH TIME ZONE '2025-03-30 23:00:00+00', 2)");
        assertThat(warnings(JdbcMetrics.builder("SELECT tz, v FROM london").name("usage").dateColumn("tz")
                .wideColumn("v", "x").build())).singleElement().asString()
                .startsWith("usage: every value of the date column 'tz' is at 00:00 or 23:00 (an hour apart: daylight "
                        + "saving time) in Z");
        // a zone west of UTC's: 00:00 and 01:00 fall on their own days
        FixtureTables.exec(ds, "CREATE TABLE west (tz TIMESTAMP WITH TIME ZONE, v INT)",
                "INSERT INTO west VALUES (TIMESTAMP WITH TIME ZONE '2025-03-24 01:00:00+00', 1)",
                "INSERT INTO west VALUES (TIMESTAMP WITH TIME ZONE '2025-03-31 00:00:00+00', 2)");
        assertThat(warnings(JdbcMetrics.builder("SELECT tz, v FROM west").dateColumn("tz").wideColumn("v", "x")
                .build())).isEmpty();
        // two times not an hour apart are no zone's midnights: nothing said
        FixtureTables.exec(ds, "INSERT INTO dst VALUES (TIMESTAMP WITH TIME ZONE '2025-04-13 15:00:00+00', 4)");
        assertThat(warnings(JdbcMetrics.builder("SELECT tz, v FROM dst").dateColumn("tz").wideColumn("v", "x")
                .build())).isEmpty();
    }

    /** The warnings a read of {@code metrics} gives (its rows dropped). */
    private List<String> warnings(JdbcMetrics metrics) throws dev.goodhart.source.SourceException {
        List<String> out = new java.util.ArrayList<>();
        metrics.source(ds).read(new dev.goodhart.source.ObservationSink() {
            @Override
            public void accept(Observation o, long line, int column, boolean timed) {
            }

            @Override
            public void warning(String message) {
                out.add(message);
            }
        });
        return out;
    }

    @Test
    void nullDateNamesTheSourceRowAndColumn() throws Exception {
        FixtureTables.exec(ds, "INSERT INTO m VALUES (NULL, 'beta', 'tokens', 10)");
        JdbcMetrics metrics = longLayout("SELECT metric, v, team, d FROM m ORDER BY d NULLS LAST").name("warehouse.m")
                .build();
        InvalidDataException e = catchThrowableOfType(() -> metrics.read(ds), InvalidDataException.class);
        assertThat(e.source()).isEqualTo("warehouse.m");
        assertThat(e.line()).isEqualTo(6);
        assertThat(e.column()).isEqualTo(4);
        assertThat(e).hasMessage("warehouse.m, line 6, column 4: expected a date in column 'd', found NULL");
    }

    @Test
    void theDefaultSourceIsTheQuery() {
        JdbcMetrics metrics = longLayout("SELECT d, team, metric, v\n  FROM m\n WHERE d IS NULL OR d IS NOT NULL").build();
        assertThat(metrics.source()).isEqualTo("query 'SELECT d, team, metric, v FROM m WHERE d IS NULL OR d IS NOT NULL'");
    }

    @Test
    void textInTheValueColumnAndNullMetricAreInvalidData() throws Exception {
        FixtureTables.exec(ds, "CREATE TABLE s (d DATE, metric VARCHAR(10), v VARCHAR(10))",
                "INSERT INTO s VALUES (DATE '2025-01-06', 'tokens', 'twelve')");
        assertThatThrownBy(() -> JdbcMetrics.builder("SELECT d, metric, v FROM s").dateColumn("d").metricColumn("metric")
                .valueColumn("v").build().read(ds))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageEndingWith("line 1, column 3: expected a number in column 'v', found String 'twelve'");
        FixtureTables.exec(ds, "UPDATE s SET metric = NULL, v = NULL");
        assertThatThrownBy(() -> JdbcMetrics.builder("SELECT d, metric, v FROM s").dateColumn("d").metricColumn("metric")
                .valueColumn("v").build().read(ds))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageEndingWith("line 1, column 2: expected a metric name in column 'metric', found NULL");
    }

    @Test
    void aMissingColumnListsTheColumnsTheQueryHas() {
        assertThatThrownBy(() -> JdbcMetrics.builder("SELECT d, team FROM m").dateColumn("d").wideColumn("tokens")
                .build().read(ds))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("expected a metric column 'tokens' in the query's result, it has: d, team");
        // a column named as a date's or a segment's is, where the named one is missing: said how to name it
        assertThatThrownBy(() -> JdbcMetrics.builder("SELECT d AS ds, team FROM m").wideColumn("tokens").build()
                .read(ds))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageEndingWith("expected a date column 'date' in the query's result, it has: ds, team; if 'ds' "
                        + "is the date, name it with --columns date=ds (the builder's dateColumn) or label it AS date");
        assertThatThrownBy(() -> JdbcMetrics.builder("SELECT d, team FROM m").dateColumn("d").segmentColumn("segment")
                .wideColumn("tokens").build().read(ds))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("if 'team' is the segment, name it with --columns segment=team");
    }

    @Test
    void aDateColumnOfAnotherTypeIsRefused() {
        assertThatThrownBy(() -> JdbcMetrics.builder("SELECT v AS d, v FROM m").dateColumn("d").wideColumn("v")
                .build().read(ds))
                .isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("expected the date column 'd' to be of type DATE, TIMESTAMP or TIMESTAMP WITH TIME ZONE");
    }

    @Test
    void badSqlIsAQueryExceptionWithTheSqlState() {
        SourceException e = catchThrowableOfType(() -> longLayout("SELECT d, team, metric, v FROM no_such_table")
                .build().read(ds), SourceException.class);
        assertThat(e.reason()).isEqualTo(SourceException.Reason.QUERY);
        assertThat(e.code()).startsWith("42");
        assertThat(e.source()).isEqualTo("query 'SELECT d, team, metric, v FROM no_such_table'");
        assertThat(e).hasMessageStartingWith("query 'SELECT d, team, metric, v FROM no_such_table': the query failed:");
    }

    @Test
    void aWrongPasswordIsAnAuthenticationException() {
        JdbcDataSource wrong = new JdbcDataSource();
        wrong.setURL(ds.getURL());
        wrong.setUser("sa");
        wrong.setPassword("not the password");
        SourceException e = catchThrowableOfType(
                () -> longLayout("SELECT d, team, metric, v FROM m").name("h2").build().read(wrong),
                SourceException.class);
        assertThat(e.reason()).isEqualTo(SourceException.Reason.AUTHENTICATION);
        assertThat(e.code()).startsWith("28");
        assertThat(e).hasMessageStartingWith("h2: the database refused the credentials");
    }

    @Test
    void aServerThatIsDownIsUnavailable() throws Exception {
        JdbcDataSource down = new JdbcDataSource();
        down.setURL("jdbc:h2:tcp://127.0.0.1:" + FixtureTables.closedPort() + "/mem:nothing");
        SourceException e = catchThrowableOfType(
                () -> longLayout("SELECT d, team, metric, v FROM m").name("h2 server").build().read(down),
                SourceException.class);
        assertThat(e.reason()).isEqualTo(SourceException.Reason.UNAVAILABLE);
        assertThat(e.reason().retryable()).isTrue();
        assertThat(e).hasMessageStartingWith("h2 server: cannot reach the database");
    }

    @Test
    void aFailurePartWayReturnsNothing() {
        // the division fails on the last row only, after earlier rows were read
        JdbcMetrics metrics = longLayout(
                "SELECT d, team, metric, 1 / (CASE WHEN d = DATE '2025-02-01' THEN 0 ELSE 1 END) AS v FROM m ORDER BY d")
                .fetchSize(1).build();
        List<Observation> seen = new ArrayList<>();
        assertThatThrownBy(() -> metrics.stream(ds, null, null, seen::add)).isInstanceOf(SourceException.class)
                .extracting(e -> ((SourceException) e).reason()).isEqualTo(SourceException.Reason.QUERY);
        assertThatThrownBy(() -> metrics.read(ds)).isInstanceOf(SourceException.class);
    }

    @Test
    void placeholdersAreCountedOutsideLiteralsAndComments() {
        assertThat(JdbcMetrics.countPlaceholders("SELECT 1")).isZero();
        assertThat(JdbcMetrics.countPlaceholders("SELECT * FROM t WHERE d >= ? AND d < ?")).isEqualTo(2);
        assertThat(JdbcMetrics.countPlaceholders("SELECT '?', \"a?\" FROM t -- ?\n WHERE /* ? */ d = ?")).isEqualTo(1);
        assertThat(JdbcMetrics.countPlaceholders("SELECT 'it''s ?' FROM t WHERE x ?? 'k' AND d > ?")).isEqualTo(1);
        assertThat(JdbcMetrics.countPlaceholders("SELECT $$ ? $$, $q$ ? $q$ FROM t WHERE a = ? AND b = ?")).isEqualTo(2);
    }

    @Test
    void theBuilderValidatesEagerly() {
        assertThatThrownBy(() -> JdbcMetrics.builder(" ")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sql: expected a SELECT query");
        assertThatThrownBy(() -> JdbcMetrics.builder("SELECT * FROM t WHERE d = ?"))
                .hasMessageContaining("expected no ? placeholder or exactly two (from, to), found 1");
        assertThatThrownBy(() -> JdbcMetrics.builder("SELECT 1").fetchSize(0)).hasMessageContaining("fetchSize");
        assertThatThrownBy(() -> JdbcMetrics.builder("SELECT 1").dateColumn("")).hasMessageContaining("dateColumn");
        assertThatThrownBy(() -> JdbcMetrics.builder("SELECT 1").build()).hasMessageContaining("no layout");
        assertThatThrownBy(() -> JdbcMetrics.builder("SELECT 1").metricColumn("m").build())
                .hasMessageContaining("long layout needs both metricColumn and valueColumn");
        assertThatThrownBy(() -> JdbcMetrics.builder("SELECT 1").metricColumn("m").valueColumn("v").wideColumn("x")
                .build()).hasMessageContaining("choose one layout");
        assertThatThrownBy(() -> JdbcMetrics.builder("SELECT 1").wideColumn("a", "x").wideColumn("b", "x"))
                .hasMessageContaining("metric 'x' is mapped twice");
        assertThatThrownBy(() -> JdbcMetrics.builder("SELECT 1").dateColumn("d").wideColumn("D").build())
                .hasMessageContaining("column 'd' is mapped to two roles");
        JdbcMetrics ranged = longLayout("SELECT d, team, metric, v FROM m WHERE d >= ? AND d < ?").build();
        assertThatThrownBy(() -> ranged.read(ds)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("read it with a time range");
        assertThatThrownBy(() -> ranged.read(ds, LocalDate.parse("2025-02-01"), LocalDate.parse("2025-01-01")))
                .hasMessageContaining("to (2025-01-01) is before from (2025-02-01)");
        JdbcMetrics plain = longLayout("SELECT d, team, metric, v FROM m").build();
        assertThatThrownBy(() -> plain.read(ds, LocalDate.parse("2025-01-01"), LocalDate.parse("2025-02-01")))
                .hasMessageContaining("read it without a time range");
    }
}
