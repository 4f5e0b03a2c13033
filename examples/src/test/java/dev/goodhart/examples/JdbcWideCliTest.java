package dev.goodhart.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.goodhart.model.Observation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Types;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --jdbc} reads a wide result (date, segment, one column per metric) as {@code --data} reads a wide CSV file
 * with {@code --columns} without a metric role: against the real PostgreSQL of {@code .ci/postgres.sh} (skipped when
 * it does not answer, failing under CI).
 */
class JdbcWideCliTest {
    private static final String[] MODEL = {"--proxy", "tokens", "--outcome", "cycle_time:lower", "--intervention",
        "2025-01-06"};
    /** The wide table's row (ordered by day, team) whose cycle_time is NULL; its CSV line is one more (the header). */
    private static final int NULL_ROW = 7;

    @TempDir
    Path dir;

    private String url;
    private Path csv;

    @BeforeEach
    void tableAndFile() throws Exception {
        String base = env("GOODHART_PG_URL", "jdbc:postgresql://127.0.0.1:55432/goodhart");
        url = base + (base.contains("?") ? "&" : "?") + "user=" + env("GOODHART_PG_USER", "goodhart") + "&password="
                + env("GOODHART_PG_PASSWORD", "goodhart") + "&connectTimeout=5";
        try (Connection c = DriverManager.getConnection(url)) {
            c.isValid(1);
        } catch (SQLException e) {
            skipOrFail("PostgreSQL is not reachable at " + base + " (" + e.getMessage() + "); start it with: bash "
                    + ".ci/postgres.sh");
        }
        Map<String, Map<String, Double>> rows = new java.util.TreeMap<>();
        for (Observation o : DemoOrganisation.observations()) {
            rows.computeIfAbsent(o.date() + "," + o.segment(), k -> new LinkedHashMap<>()).put(o.metric(), o.value());
        }
        StringBuilder wide = new StringBuilder("day,team,region,tokens,cycle_time\n");
        try (Connection c = DriverManager.getConnection(url); Statement st = c.createStatement()) {
            st.execute("DROP TABLE IF EXISTS goodhart_cli_wide");
            st.execute("CREATE TABLE goodhart_cli_wide (day DATE, team TEXT, region TEXT, tokens DOUBLE PRECISION, "
                    + "cycle_time DOUBLE PRECISION)");
            try (PreparedStatement ps = c.prepareStatement("INSERT INTO goodhart_cli_wide VALUES (?, ?, ?, ?, ?)")) {
                int row = 0;
                for (Map.Entry<String, Map<String, Double>> e : rows.entrySet()) {
                    row++;
                    String[] key = e.getKey().split(",");
                    ps.setObject(1, java.time.LocalDate.parse(key[0]));
                    ps.setString(2, key[1]);
                    ps.setString(3, "eu");
                    ps.setDouble(4, e.getValue().get("tokens"));
                    if (row == NULL_ROW) {
                        ps.setNull(5, Types.DOUBLE);
                    } else {
                        ps.setDouble(5, e.getValue().get("cycle_time"));
                    }
                    ps.addBatch();
                    // the same row in the file: NA, explicitly missing, as SQL's NULL
                    wide.append(e.getKey()).append(",eu,").append(e.getValue().get("tokens")).append(',')
                            .append(row == NULL_ROW ? "NA" : e.getValue().get("cycle_time")).append('\n');
                }
                ps.executeBatch();
            }
        }
        csv = dir.resolve("wide.csv");
        Files.writeString(csv, wide);
    }

    private String[] score(String... source) {
        java.util.List<String> all = new java.util.ArrayList<>(java.util.List.of("score"));
        all.addAll(java.util.List.of(source));
        all.addAll(java.util.List.of(MODEL));
        return all.toArray(String[]::new);
    }

    /**
     * The same report from the query as from the file: the model's metrics read from their columns, the region left
     * out, the NULL an explicitly missing value counted as the file's NA is, named by its row (the file's by its line,
     * one more for the header). Before, the query was refused: it had no 'metric' column.
     */
    @Test
    void aWideResultIsReadAsAWideCsvFileIs() {
        MainTest.Run file = MainTest.run(score("--data", csv.toString(), "--columns", "date=day,segment=team"));
        assertThat(file.err()).isEmpty();
        assertThat(file.status()).isZero();
        String account = "Read 2,080 values, used 2,079; skipped 1 with a missing value (NA, NaN or NULL) (line ";
        assertThat(file.out()).contains(account + (NULL_ROW + 1) + ").");
        String query = "SELECT day, team, region, tokens, cycle_time FROM goodhart_cli_wide WHERE day >= ? AND "
                + "day <= ? ORDER BY day, team";
        MainTest.Run sql = MainTest.run(score("--jdbc", url, "--query", query, "--from", "2024-01-01", "--to",
                "2025-12-31", "--columns", "date=day,segment=team"));
        assertThat(sql.err()).isEmpty();
        assertThat(sql.status()).isZero();
        assertThat(sql.out()).contains("checkout").contains("GAMED")
                .isEqualTo(file.out().replace(account + (NULL_ROW + 1) + ").", account + NULL_ROW + ")."));
        // the columns under their own names, without --columns; a long result still read as long
        MainTest.Run named = MainTest.run(score("--jdbc", url, "--query", "SELECT day AS date, team AS segment, "
                + "tokens, cycle_time, region FROM goodhart_cli_wide ORDER BY day, team"));
        assertThat(named.err()).isEmpty();
        assertThat(named.out()).isEqualTo(sql.out());
        MainTest.Run asLong = MainTest.run(score("--jdbc", url, "--query", "SELECT day AS date, team AS segment, "
                + "'tokens' AS metric, tokens AS value FROM goodhart_cli_wide UNION ALL SELECT day, team, "
                + "'cycle_time', cycle_time FROM goodhart_cli_wide", "--columns", "date=date,segment=segment"));
        assertThat(asLong.err()).isEmpty();
        assertThat(asLong.status()).isZero();
        assertThat(asLong.out()).contains("Read 2,080 rows, used 2,079; skipped 1 with a missing value (NA, NaN or "
                + "NULL)");
    }

    /** What the wide result lacks is said in one line, exit 2: its segment column; the model's metric columns. */
    @Test
    void aWideResultWithoutWhatTheModelReadsIsRefused() {
        MainTest.Run noSegment = MainTest.run(score("--jdbc", url, "--query", "SELECT day, tokens, cycle_time FROM "
                + "goodhart_cli_wide", "--columns", "date=day"));
        assertThat(noSegment.status()).isEqualTo(Main.USAGE);
        assertThat(noSegment.err()).isEqualTo("goodhart: query 'SELECT day, tokens, cycle_time FROM "
                + "goodhart_cli_wide': expected a segment column 'segment' in the query's result, it has: day, tokens, "
                + "cycle_time" + System.lineSeparator());
        // a column named as a segment's is (team) is named in the refusal, as a CSV file's header is (a newcomer)
        MainTest.Run team = MainTest.run(score("--jdbc", url, "--query", "SELECT day, team, tokens, cycle_time FROM "
                + "goodhart_cli_wide", "--columns", "date=day"));
        assertThat(team.status()).isEqualTo(Main.USAGE);
        assertThat(team.err()).endsWith("expected a segment column 'segment' in the query's result, it has: day, team, "
                + "tokens, cycle_time; if 'team' is the segment, name it with --columns segment=team (the builder's "
                + "segmentColumn) or label it AS segment" + System.lineSeparator());
        MainTest.Run noMetric = MainTest.run(score("--jdbc", url, "--query", "SELECT day, team, region FROM "
                + "goodhart_cli_wide", "--columns", "date=day,segment=team"));
        assertThat(noMetric.status()).isEqualTo(Main.USAGE);
        assertThat(noMetric.err()).isEqualTo("goodhart: query 'SELECT day, team, region FROM goodhart_cli_wide': "
                + "none of the metrics to read (cycle_time, tokens) is a column of the query's result, it has: day, "
                + "team, region" + System.lineSeparator());
    }

    private static void skipOrFail(String message) {
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank()) {
            fail("CI is set, so this test must run: " + message);
        }
        Assumptions.abort(message);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
