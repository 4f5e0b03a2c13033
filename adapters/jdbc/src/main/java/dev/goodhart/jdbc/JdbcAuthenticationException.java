package dev.goodhart.jdbc;

/** The database refused the user name or password (SQLState class 28, e.g. PostgreSQL's 28P01). */
public final class JdbcAuthenticationException extends JdbcSourceException {
    private static final long serialVersionUID = 1L;

    JdbcAuthenticationException(String source, String sqlState, String message, Throwable cause) {
        super(source, sqlState, message, cause);
    }
}
