package dev.goodhart.model;

import dev.goodhart.internal.Locations;
import java.util.Objects;

/**
 * Input data that cannot be read as promised: names the source, the line and column (1-based, 0 when not known)
 * and what was expected there. Thrown by adapters; the command-line tool turns it into one line and exit code 2.
 */
public final class InvalidDataException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    private final String source;
    private final long line;
    private final int column;
    private final String problem;

    /**
     * @param source  file name, URL or query that was read
     * @param line    1-based line (or record) number, 0 when not known
     * @param column  1-based column number, 0 when not known
     * @param problem what was expected and what was found
     */
    public InvalidDataException(String source, long line, int column, String problem) {
        super(Locations.format(Objects.requireNonNull(source, "source"), line, column, Objects.requireNonNull(problem, "problem")));
        this.source = source;
        this.line = line;
        this.column = column;
        this.problem = problem;
    }

    /** As {@link #InvalidDataException(String, long, int, String)}, with the underlying cause. */
    public InvalidDataException(String source, long line, int column, String problem, Throwable cause) {
        this(source, line, column, problem);
        initCause(cause);
    }

    /** The file name, URL or query that was read. */
    public String source() {
        return source;
    }

    /** 1-based line or record number, 0 when not known. */
    public long line() {
        return line;
    }

    /** 1-based column, 0 when not known. */
    public int column() {
        return column;
    }

    /** What was expected and what was found, without the location. */
    public String problem() {
        return problem;
    }
}
