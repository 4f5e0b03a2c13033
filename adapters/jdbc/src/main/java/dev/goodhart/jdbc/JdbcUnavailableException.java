package dev.goodhart.jdbc;

/**
 * The database could not be reached (connection refused, host unknown, connection lost: SQLState class 08 or a
 * connection exception from the driver) or the query timed out.
 */
public final class JdbcUnavailableException extends JdbcSourceException {
    private static final long serialVersionUID = 1L;

    JdbcUnavailableException(String source, String sqlState, String message, Throwable cause) {
        super(source, sqlState, message, cause);
    }
}
