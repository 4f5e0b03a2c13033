package dev.goodhart.jdbc;

/** The database was reached but the query failed: bad SQL (SQLState class 42), a missing table, a runtime error. */
public final class JdbcQueryException extends JdbcSourceException {
    private static final long serialVersionUID = 1L;

    JdbcQueryException(String source, String sqlState, String message, Throwable cause) {
        super(source, sqlState, message, cause);
    }
}
