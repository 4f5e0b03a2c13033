package dev.goodhart.source;

import dev.goodhart.activity.ActivityEvent;
import dev.goodhart.activity.DailyUsage;
import dev.goodhart.activity.EventAccount;
import java.io.IOException;
import java.util.Objects;

/**
 * A place usage records come from, for the activity scorers: a usage log (CSV, JSON Lines) or an AI usage export.
 * The counterpart of {@link ObservationSource} for {@link ActivityEvent}s and {@link DailyUsage} records, with the
 * same failures ({@link SourceException} with a reason and the location; the sink's exceptions pass through) and the
 * same rule for streams (read once).
 */
public interface EventSource {
    /** How the source is named in messages and reports: the file (never credentials). */
    String name();

    /**
     * Reads every record into {@code sink} (events or user-days, then the notes) and returns the account of the
     * records: how many were read, used, and skipped by reason with their first lines.
     *
     * @throws SourceException       if the source cannot be read or is malformed
     * @throws IllegalStateException if the source is over a stream that was already read
     */
    EventAccount read(EventSink sink) throws SourceException;

    /** A source named {@code name} that reads with {@code reader}, with failures as {@link ObservationSource#of}. */
    static EventSource of(String name, Reader reader) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(reader, "reader");
        return new EventSource() {
            @Override
            public String name() {
                return name;
            }

            @Override
            public EventAccount read(EventSink sink) throws SourceException {
                Objects.requireNonNull(sink, "sink");
                EventSink guarded = new EventSink() {
                    @Override
                    public void event(ActivityEvent event) {
                        try {
                            sink.event(event);
                        } catch (RuntimeException e) {
                            throw new Guard.SinkFailure(e);
                        }
                    }

                    @Override
                    public void day(DailyUsage day) {
                        try {
                            sink.day(day);
                        } catch (RuntimeException e) {
                            throw new Guard.SinkFailure(e);
                        }
                    }

                    @Override
                    public void note(String sentence) {
                        try {
                            sink.note(sentence);
                        } catch (RuntimeException e) {
                            throw new Guard.SinkFailure(e);
                        }
                    }
                };
                return Guard.read(name, () -> reader.read(guarded));
            }

            @Override
            public String toString() {
                return "EventSource[" + name + "]";
            }
        };
    }

    /**
     * A source of events over a stream (standard input, a pipe), named {@code name}: {@code reader} reads the stream,
     * which is closed when it is done; the stream can be read once, so a second {@code read} is an
     * {@link IllegalStateException}. Errors as {@link #of(String, Reader)}.
     *
     * @param name   what the stream is, for messages
     * @param in     the stream
     * @param reader reads the stream into the sink and returns the account of its records
     * @return the source
     */
    static EventSource ofStream(String name, java.io.InputStream in, StreamReader reader) {
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
         * Reads every record of {@code in} into {@code sink} and returns the account of the records.
         *
         * @throws IOException                               if the stream cannot be read
         * @throws dev.goodhart.model.InvalidDataException if its content is not valid
         */
        EventAccount read(java.io.InputStream in, EventSink sink) throws IOException;
    }

    /** Reads a source into a sink, for {@link #of(String, Reader)}. */
    @FunctionalInterface
    interface Reader {
        /**
         * Reads every record into {@code sink} and returns their account.
         *
         * @throws IOException                       if the source cannot be read
         * @throws dev.goodhart.model.InvalidDataException if its content is not valid
         */
        EventAccount read(EventSink sink) throws IOException;
    }
}
