package dev.goodhart.jdbc;

import java.io.IOException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransientConnectionException;

/**
 * The database could not be read: names the source (the query or the name given to
 * {@link JdbcMetrics.Builder#name(String)}) and carries the driver's SQLState. The subclasses say why:
 * {@link JdbcUnavailableException} (no connection, SQLState class 08, or a timeout),
 * {@link JdbcAuthenticationException} (SQLState class 28) and {@link JdbcQueryException} (anything else, such as
 * bad SQL, class 42). Data that was read but is not valid is an {@link dev.goodhart.model.InvalidDataException} instead.
 */
public class JdbcSourceException extends IOException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final String sqlState;

    /**
     * @param source   the query or the configured name of the source
     * @param sqlState the SQLState reported by the driver, or {@code null}
     * @param message  what went wrong, without the source
     * @param cause    the driver's exception
     */
    protected JdbcSourceException(String source, String sqlState, String message, Throwable cause) {
        super(source + ": " + message, cause);
        this.source = source;
        this.sqlState = sqlState;
    }

    /** The query or the configured name of the source that failed. */
    public String source() {
        return source;
    }

    /** The five-character SQLState the driver reported, or {@code null} when it gave none. */
    public String sqlState() {
        return sqlState;
    }

    /**
     * Classifies a driver exception by its SQLState (28 authentication, 08 connection) and type (connection and
     * timeout exceptions), the first state found along the chain of causes and next exceptions.
     *
     * @param source what was being read, for the message
     * @param e      the driver's exception
     * @return the specific exception, never {@code null}
     */
    static JdbcSourceException of(String source, SQLException e) {
        String state = stateOf(e);
        String detail = String.valueOf(e.getMessage()).strip();
        String withState = state == null ? detail : detail + " (SQLState " + state + ")";
        if (state != null && state.startsWith("28")) {
            return new JdbcAuthenticationException(source, state, "the database refused the credentials: " + withState, e);
        }
        if ((state != null && state.startsWith("08")) || e instanceof SQLNonTransientConnectionException
                || e instanceof SQLTransientConnectionException) {
            return new JdbcUnavailableException(source, state, "cannot reach the database: " + withState, e);
        }
        if (e instanceof SQLTimeoutException || "57014".equals(state)) {
            return new JdbcUnavailableException(source, state, "the query timed out: " + withState, e);
        }
        return new JdbcQueryException(source, state, "the query failed: " + withState, e);
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
}
