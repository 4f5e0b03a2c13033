package dev.goodhart.source;

import dev.goodhart.model.InvalidDataException;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Runs a source's read function, turning the reader's failures into {@link SourceException}s while the sink's pass
 * through: what the sink throws is wrapped on its way through the reader (which may catch and re-throw exceptions of
 * the same types as its own, such as {@link InvalidDataException}) and unwrapped after it.
 */
final class Guard {
    private Guard() {
    }

    /** A read function. */
    @FunctionalInterface
    interface Read<T> {
        T run() throws IOException;
    }

    /** Runs {@code read} for the source {@code name}. */
    static <T> T read(String name, Read<T> read) throws SourceException {
        try {
            return read.run();
        } catch (SinkFailure f) {
            throw f.unwrap();
        } catch (InvalidDataException e) {
            throw SourceException.malformed(e);
        } catch (IOException e) {
            throw SourceException.of(name, e);
        } catch (UncheckedIOException e) {
            throw SourceException.of(name, e);
        }
    }

    /** A stream's single reading: the second {@link #take()} is refused. */
    static final class Once {
        private final String name;
        private final java.util.concurrent.atomic.AtomicBoolean used = new java.util.concurrent.atomic.AtomicBoolean();

        Once(String name) {
            this.name = java.util.Objects.requireNonNull(name, "name");
        }

        /** Takes the stream's one reading, or throws when it was taken. */
        void take() {
            if (used.getAndSet(true)) {
                throw new IllegalStateException(name + ": a stream can be read once");
            }
        }
    }

    /** A sink's exception on its way through a reader. */
    static final class SinkFailure extends RuntimeException {
        private static final long serialVersionUID = 1L;

        SinkFailure(RuntimeException cause) {
            super(null, cause, false, false);
        }

        RuntimeException unwrap() {
            return (RuntimeException) getCause();
        }
    }
}
