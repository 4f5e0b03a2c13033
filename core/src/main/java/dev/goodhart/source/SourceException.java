package dev.goodhart.source;

import dev.goodhart.internal.Locations;
import dev.goodhart.model.InvalidDataException;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.util.Objects;

/**
 * A source could not be read: the one exception of every {@link ObservationSource} and {@link EventSource}, whatever
 * the adapter. It says why ({@link #reason()}) and where: the {@link #source()} (a file, a URL, a query; never
 * credentials), and the {@link #line()} and {@link #column()} when the source has lines. {@link #status()} and
 * {@link #code()} carry the source's own words for it where it has them: an HTTP status, a SQLState, Prometheus'
 * {@code errorType}.
 *
 * <p>The message is one line, {@code source[, line L][, column C]: problem}, the same shape as an
 * {@link InvalidDataException}'s, so that a command-line tool can print it as it is.
 */
public final class SourceException extends IOException {
    private static final long serialVersionUID = 1L;

    /** Why a source could not be read. */
    public enum Reason {
        /** The source cannot be reached: connection refused, network down, a server error, an interrupted read. */
        UNAVAILABLE(true),
        /** The file (or other named thing) does not exist. */
        NOT_FOUND(false),
        /** The source refused access: wrong or missing credentials, no permission to read the file. */
        AUTHENTICATION(false),
        /** The source refused the query: bad SQL or PromQL, a read-only violation, a limit of the server. */
        QUERY(false),
        /** The content is not what the source promises: a cell that is not a number, a truncated record. */
        MALFORMED(false),
        /** The answer is larger than the limit set for it. */
        TOO_LARGE(false),
        /** No complete answer within the deadline. */
        TIMEOUT(true),
        /** The source answered with nothing to score: no rows, no series, only a header. */
        EMPTY(false);

        private final boolean retryable;

        Reason(boolean retryable) {
            this.retryable = retryable;
        }

        /** Whether trying again later may succeed without changing anything ({@link #UNAVAILABLE}, {@link #TIMEOUT}). */
        public boolean retryable() {
            return retryable;
        }
    }

    private final Reason reason;
    private final String source;
    private final long line;
    private final int column;
    private final String problem;
    private final int status;
    private final String code;

    /**
     * @param reason  why the source could not be read
     * @param source  the file, URL or query, as it should appear in a message (no credentials)
     * @param problem what went wrong, without the source
     * @param cause   the underlying exception, or {@code null}
     */
    public SourceException(Reason reason, String source, String problem, Throwable cause) {
        this(reason, source, 0, 0, problem, 0, null, cause);
    }

    /**
     * A failure at a place in the source.
     *
     * @param line   1-based line (or row) number, 0 when not known
     * @param column 1-based column, 0 when not known
     */
    public SourceException(Reason reason, String source, long line, int column, String problem, Throwable cause) {
        this(reason, source, line, column, problem, 0, null, cause);
    }

    /**
     * A failure the source reported in its own terms.
     *
     * @param status the HTTP status of the answer, 0 when there was none
     * @param code   the source's code for the failure (a SQLState, Prometheus' {@code errorType}), or {@code null}
     */
    public SourceException(Reason reason, String source, String problem, int status, String code, Throwable cause) {
        this(reason, source, 0, 0, problem, status, code, cause);
    }

    private SourceException(Reason reason, String source, long line, int column, String problem, int status,
                            String code, Throwable cause) {
        super(Locations.format(source, line, column, problem), cause);
        this.reason = Objects.requireNonNull(reason, "reason");
        this.source = Objects.requireNonNull(source, "source");
        this.problem = Objects.requireNonNull(problem, "problem");
        if (line < 0 || column < 0) {
            throw new IllegalArgumentException("line and column: expected 0 (not known) or more, found " + line + ", "
                    + column);
        }
        this.line = line;
        this.column = column;
        this.status = status;
        this.code = code;
    }

    /**
     * The {@link Reason#MALFORMED} exception for content a reader refused, with its source, line, column and problem.
     */
    public static SourceException malformed(InvalidDataException e) {
        Objects.requireNonNull(e, "e");
        return new SourceException(Reason.MALFORMED, String.valueOf(e.source()), e.line(), e.column(), e.problem(), e);
    }

    /**
     * The exception for an I/O failure reading {@code source}: a {@link SourceException} as it is; a missing file
     * {@link Reason#NOT_FOUND} ("no such file"); a file that may not be read {@link Reason#AUTHENTICATION}
     * ("permission denied"); bytes that are not the text's encoding {@link Reason#MALFORMED}; an interrupted read {@link Reason#UNAVAILABLE} (the thread's interrupt flag is set
     * again); anything else {@link Reason#UNAVAILABLE} with the exception's message.
     */
    public static SourceException of(String source, IOException e) {
        Objects.requireNonNull(e, "e");
        if (e instanceof SourceException s) {
            return s;
        }
        if (e instanceof NoSuchFileException missing) {
            return new SourceException(Reason.NOT_FOUND, missing.getFile() != null ? missing.getFile() : source,
                    "no such file", e);
        }
        if (e instanceof AccessDeniedException denied) {
            return new SourceException(Reason.AUTHENTICATION, denied.getFile() != null ? denied.getFile() : source,
                    "permission denied", e);
        }
        if (e instanceof CharacterCodingException) {
            return new SourceException(Reason.MALFORMED, source, "expected UTF-8 text, found bytes that are not", e);
        }
        if (e instanceof InterruptedIOException) {
            Thread.currentThread().interrupt();
            return new SourceException(Reason.UNAVAILABLE, source, "interrupted while reading", e);
        }
        String message = e.getMessage();
        return new SourceException(Reason.UNAVAILABLE, source, message == null || message.isBlank()
                ? e.getClass().getSimpleName() : message, e);
    }

    /** As {@link #of(String, IOException)} for the I/O exception inside an {@link UncheckedIOException}. */
    public static SourceException of(String source, UncheckedIOException e) {
        return of(source, Objects.requireNonNull(e, "e").getCause());
    }

    /** Why the source could not be read. */
    public Reason reason() {
        return reason;
    }

    /** The file, URL or query that was read. */
    public String source() {
        return source;
    }

    /** 1-based line (or row) number, 0 when not known or the source has none. */
    public long line() {
        return line;
    }

    /** 1-based column, 0 when not known. */
    public int column() {
        return column;
    }

    /** What went wrong, without the location. */
    public String problem() {
        return problem;
    }

    /** The HTTP status of the source's answer, 0 when there was none. */
    public int status() {
        return status;
    }

    /** The source's own code for the failure (a SQLState, Prometheus' {@code errorType}), or {@code null}. */
    public String code() {
        return code;
    }
}
