package dev.goodhart.source;

import dev.goodhart.model.Observation;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A place observations come from: a CSV or JSON file, a SQL query, Prometheus range queries, an AI usage export, or
 * anything an application writes. Everything that is needed to read it (the file, the connection, the time range) is
 * bound when the source is made; {@link #read} then hands every observation to a sink, streaming, in the source's
 * order.
 *
 * <h2>Failures</h2>
 * Everything that goes wrong with the source is a {@link SourceException} with a {@link SourceException.Reason} and
 * the location: a missing file ({@code NOT_FOUND}), a server that cannot be reached ({@code UNAVAILABLE},
 * {@code TIMEOUT}), credentials refused ({@code AUTHENTICATION}), a query refused ({@code QUERY}), content that is not
 * what the source promises ({@code MALFORMED}, with the file, line and column), an answer over its size limit
 * ({@code TOO_LARGE}), and a source with no observation at all ({@code EMPTY}: only a header, no rows, no series). An
 * exception thrown by the sink is the sink's: it passes through unchanged. A read that fails part-way leaves what
 * was already delivered with the sink.
 *
 * <h2>Reading again</h2>
 * A source over a file, a database or a server reads it again on every call. A source over a stream (standard input)
 * can be read once; a second read fails with {@link IllegalStateException}.
 *
 * <h2>Implementing one</h2>
 * {@link #of(String, Reader)} turns a read function into a source: the function may throw the reader's own
 * {@link dev.goodhart.model.InvalidDataException}s and {@link IOException}s, which become {@link SourceException}s
 * ({@link SourceException#malformed}, {@link SourceException#of(String, IOException)}), while the sink's exceptions
 * pass through. Adapters use it; so can an application with its own store. Implementations are thread-safe when
 * what they read is (each read has its own state).
 */
public interface ObservationSource {
    /** How the source is named in messages and reports: the file, the query, the URL (never credentials). */
    String name();

    /**
     * Reads every observation into {@code sink}, in the source's order, and returns how many were delivered.
     *
     * @throws SourceException       if the source cannot be read, is malformed or holds nothing (see the class
     *                               description)
     * @throws IllegalStateException if the source is over a stream that was already read
     */
    long read(ObservationSink sink) throws SourceException;

    /**
     * Reads every observation into a list, only after the whole source was read.
     *
     * @throws SourceException if the source cannot be read (see {@link #read})
     */
    default List<Observation> readAll() throws SourceException {
        List<Observation> out = new ArrayList<>();
        read((o, line, column, timed) -> out.add(o));
        return out;
    }

    /**
     * A source named {@code name} that reads with {@code reader}: its {@link dev.goodhart.model.InvalidDataException}s
     * become {@link SourceException}s of reason {@code MALFORMED} with their location, its {@link IOException}s
     * become {@link SourceException}s by {@link SourceException#of(String, IOException)}, and what the sink throws
     * passes through unchanged.
     */
    static ObservationSource of(String name, Reader reader) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reader, "reader");
        return new ObservationSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public long read(ObservationSink sink) throws SourceException {
                Objects.requireNonNull(sink, "sink");
                ObservationSink guarded = new ObservationSink() {
                    @Override
                    public void accept(Observation observation, long line, int column, boolean timed) {
                        try {
                            sink.accept(observation, line, column, timed);
                        } catch (RuntimeException e) {
                            throw new Guard.SinkFailure(e);
                        }
                    }

                    @Override
                    public void warning(String message) {
                        try {
                            sink.warning(message);
                        } catch (RuntimeException e) {
                            throw new Guard.SinkFailure(e);
                        }
                    }

                    @Override
                    public void acceptAbsentZero(Observation observation) {
                        try {
                            sink.acceptAbsentZero(observation);
                        } catch (RuntimeException e) {
                            throw new Guard.SinkFailure(e);
                        }
                    }
                };
                return Guard.read(name, () -> reader.read(guarded));
            }

            @Override
            public String toString() {
                return "ObservationSource[" + name + "]";
            }
        };
    }

    /**
     * A source over a stream (standard input, a pipe), named {@code name}: {@code reader} reads the stream, which is
     * closed when it is done; the stream can be read once, so a second {@code read} is an {@link IllegalStateException}.
     * Errors as {@link #of(String, Reader)}.
     *
     * @param name   what the stream is, for messages
     * @param in     the stream
     * @param reader reads the stream into the sink and returns how many observations it delivered
     * @return the source
     */
    static ObservationSource ofStream(String name, java.io.InputStream in, StreamReader reader) {
        Objects.requireNonNull(in, "in");
        Objects.requireNonNull(reader, "reader");
        Guard.Once once = new Guard.Once(name);
        return of(name, sink -> {
            once.take();
            try (in) {
                return reader.read(in, sink);
            }
        });
    }

    /** Reads a stream into a sink, for {@link #ofStream(String, java.io.InputStream, StreamReader)}. */
    @FunctionalInterface
    interface StreamReader {
        /**
         * Reads every observation of {@code in} into {@code sink} and returns how many were delivered.
         *
         * @throws IOException                               if the stream cannot be read
         * @throws dev.goodhart.model.InvalidDataException if its content is not valid
         */
        long read(java.io.InputStream in, ObservationSink sink) throws IOException;
    }

    /** Reads a source into a sink, for {@link #of(String, Reader)}. */
    @FunctionalInterface
    interface Reader {
        /**
         * Reads every observation into {@code sink} and returns how many were delivered.
         *
         * @throws IOException                           if the source cannot be read
         * @throws dev.goodhart.model.InvalidDataException     if its content is not valid
         */
        long read(ObservationSink sink) throws IOException;
    }
}
