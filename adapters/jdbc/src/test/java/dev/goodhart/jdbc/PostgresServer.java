package dev.goodhart.jdbc;

import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Assumptions;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The real PostgreSQL server the tests run against, as {@code .ci/postgres.sh} starts it; settings from
 * {@code GOODHART_PG_URL}, {@code GOODHART_PG_USER} and {@code GOODHART_PG_PASSWORD}. When it cannot be reached the
 * tests are skipped with a message, except under CI (environment variable {@code CI} set), where they fail.
 */
final class PostgresServer {
    static final String URL = env("GOODHART_PG_URL", "jdbc:postgresql://127.0.0.1:55432/goodhart");
    static final String USER = env("GOODHART_PG_USER", "goodhart");
    static final String PASSWORD = env("GOODHART_PG_PASSWORD", "goodhart");

    private PostgresServer() {
    }

    /** A data source for the test server, with the given password. */
    static PGSimpleDataSource dataSource(String password) {
        PGSimpleDataSource ds = new PGSimpleDataSource();
        ds.setURL(URL);
        ds.setUser(USER);
        ds.setPassword(password);
        ds.setConnectTimeout(5);
        return ds;
    }

    /** The test server's data source, after checking it answers; skips or (under CI) fails when it does not. */
    static PGSimpleDataSource require() {
        PGSimpleDataSource ds = dataSource(PASSWORD);
        try (Connection c = ds.getConnection()) {
            return ds;
        } catch (SQLException e) {
            String message = "PostgreSQL is not reachable at " + URL + " as " + USER + " (" + e.getMessage()
                    + "); start it with: bash .ci/postgres.sh";
            String ci = System.getenv("CI");
            if (ci != null && !ci.isBlank()) {
                fail("CI is set, so the PostgreSQL tests must run: " + message, e);
            }
            Assumptions.abort(message);
            throw new AssertionError("unreachable");
        }
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }
}
