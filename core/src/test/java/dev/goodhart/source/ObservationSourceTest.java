package dev.goodhart.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Frame;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.InvalidDataException;
import dev.goodhart.model.Observation;
import dev.goodhart.activity.ActivityEvent;
import dev.goodhart.activity.EventAccount;
import java.io.IOException;
import java.net.ConnectException;
import java.nio.file.AccessDeniedException;
import java.nio.file.NoSuchFileException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** One interface for every source: its failures are SourceExceptions with a reason, the sink's pass through. */
class ObservationSourceTest {
    private static final IntegrityModel MODEL = IntegrityModel.builder().proxy("tokens", "tokens")
            .outcome("cycle_time", Direction.LOWER, "days").link("tokens", "cycle_time").build();

    private static ObservationSource lines(List<Observation> rows) {
        return ObservationSource.of("rows.csv", sink -> {
            long line = 1;
            for (Observation o : rows) {
                sink.accept(o, ++line, 4, false);
            }
            return rows.size();
        });
    }

    @Test
    void readsIntoAListOrAFrameWithLines() throws SourceException {
        List<Observation> rows = List.of(Observation.of("2025-01-06", "a", "tokens", 3),
                Observation.of("2025-01-06", "a", "stars", 9));
        ObservationSource source = lines(rows);
        assertThat(source.name()).isEqualTo("rows.csv");
        assertThat(source.readAll()).isEqualTo(rows);
        Frame.Builder frame = Frame.builder(MODEL).source(source.name());
        assertThat(source.read(ObservationSink.into(frame))).isEqualTo(2);
        assertThat(frame.account().position()).isEqualTo("line");
        assertThat(frame.account().read()).isEqualTo(2);
        assertThat(frame.account().examples().get(dev.goodhart.model.InputAccount.Reason.UNDECLARED_METRIC))
                .containsExactly(3L);
    }

    @Test
    void aRowWithoutALineIsNumberedByItsPositionAndATimedOneIsASample() throws SourceException {
        Frame.Builder frame = Frame.builder(MODEL);
        ObservationSource.of("query", sink -> {
            sink.accept(Observation.of("2025-01-06", "a", "tokens", 3), 0, 0, true);
            sink.accept(Observation.of("2025-01-06", "a", "tokens", 4), 0, 0, true);
            return 2;
        }).read(ObservationSink.into(frame.duplicates(Frame.Duplicates.REJECT)));
        assertThat(frame.account().position()).isEqualTo("row");
        assertThat(frame.account().used()).isEqualTo(2);
    }

    @Test
    void theReadersInvalidDataIsMalformedWithItsLocation() {
        SourceException e = catchThrowableOfType(() -> ObservationSource.of("bad.csv", sink -> {
            throw new InvalidDataException("bad.csv", 3, 4, "expected a decimal number, found 'twelve'");
        }).readAll(), SourceException.class);
        assertThat(e.reason()).isEqualTo(SourceException.Reason.MALFORMED);
        assertThat(e).hasMessage("bad.csv, line 3, column 4: expected a decimal number, found 'twelve'")
                .hasCauseInstanceOf(InvalidDataException.class);
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.column()).isEqualTo(4);
        assertThat(e.problem()).isEqualTo("expected a decimal number, found 'twelve'");
        assertThat(e.reason().retryable()).isFalse();
    }

    @Test
    void theSinksRefusalPassesThroughWithTheValuesColumn() {
        Frame.Builder frame = Frame.builder(MODEL).source("rows.csv");
        ObservationSource source = lines(List.of(Observation.of("2025-01-06", "a", "tokens", -5)));
        InvalidDataException e = catchThrowableOfType(() -> source.read(ObservationSink.into(frame)),
                InvalidDataException.class);
        assertThat(e).hasMessageStartingWith("rows.csv, line 2, column 4: tokens is declared non-negative");
        RuntimeException mine = new IllegalStateException("full");
        assertThatThrownBy(() -> source.read((o, line, column, timed) -> {
            throw mine;
        })).isSameAs(mine);
    }

    @Test
    void ioFailuresGetAReason() {
        assertThat(reasonOf(new NoSuchFileException("m.csv"))).isEqualTo(SourceException.Reason.NOT_FOUND);
        assertThat(reasonOf(new AccessDeniedException("m.csv"))).isEqualTo(SourceException.Reason.AUTHENTICATION);
        assertThat(reasonOf(new ConnectException("refused"))).isEqualTo(SourceException.Reason.UNAVAILABLE);
        assertThat(SourceException.Reason.UNAVAILABLE.retryable()).isTrue();
        SourceException missing = catchThrowableOfType(() -> ObservationSource.of("m.csv", sink -> {
            throw new NoSuchFileException("m.csv");
        }).readAll(), SourceException.class);
        assertThat(missing).hasMessage("m.csv: no such file");
        SourceException own = new SourceException(SourceException.Reason.QUERY, "query 'x'", "the query failed", 0,
                "42601", null);
        assertThat(catchThrowableOfType(() -> ObservationSource.of("x", sink -> {
            throw own;
        }).readAll(), SourceException.class)).isSameAs(own);
        assertThat(own.code()).isEqualTo("42601");
        assertThat(own).hasMessage("query 'x': the query failed");
    }

    private static SourceException.Reason reasonOf(IOException e) {
        return SourceException.of("m.csv", e).reason();
    }

    @Test
    void warningsReachTheSink() throws SourceException {
        List<String> warnings = new ArrayList<>();
        ObservationSource.of("prom", sink -> {
            sink.warning("2 of 2 series have no label 'team'");
            return 0;
        }).read(new ObservationSink() {
            @Override
            public void accept(Observation observation, long line, int column, boolean timed) {
            }

            @Override
            public void warning(String message) {
                warnings.add(message);
            }
        });
        assertThat(warnings).containsExactly("2 of 2 series have no label 'team'");
    }

    @Test
    void anEventSourceDeliversEventsAndNotesAndItsAccount() throws SourceException {
        List<Object> seen = new ArrayList<>();
        EventSource source = EventSource.of("events.csv", sink -> {
            sink.event(new ActivityEvent(Instant.parse("2025-03-03T09:00:00Z"), "ana", 12, "web", null, null, null));
            sink.note("No actor map.");
            return new EventAccount("events.csv", "line", 1, 1, Map.of(), Map.of());
        });
        EventAccount account = source.read(new EventSink() {
            @Override
            public void event(ActivityEvent event) {
                seen.add(event.actor());
            }

            @Override
            public void note(String sentence) {
                seen.add(sentence);
            }
        });
        assertThat(seen).containsExactly("ana", "No actor map.");
        assertThat(account.read()).isEqualTo(1);
        SourceException e = catchThrowableOfType(() -> EventSource.of("e.jsonl", sink -> {
            throw new InvalidDataException("e.jsonl", 2, 0, "not valid JSON");
        }).read(new EventSink() {
        }), SourceException.class);
        assertThat(e.reason()).isEqualTo(SourceException.Reason.MALFORMED);
        assertThat(e).hasMessage("e.jsonl, line 2: not valid JSON");
    }
}
