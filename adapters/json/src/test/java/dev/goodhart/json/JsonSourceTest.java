package dev.goodhart.json;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.goodhart.model.Observation;
import dev.goodhart.activity.ActivityEvent;
import dev.goodhart.activity.EventAccount;
import dev.goodhart.activity.Fingerprinter;
import dev.goodhart.source.EventSink;
import dev.goodhart.source.ObservationSource;
import dev.goodhart.source.SourceException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** JSON series and JSON Lines events as sources: files, streams read once, failures with a reason. */
class JsonSourceTest {
    @TempDir
    Path dir;

    @Test
    void seriesFromAFileOrAStream() throws IOException {
        String doc = "[{\"date\":\"2025-01-06\",\"segment\":\"web\",\"metric\":\"tokens\",\"value\":12}]";
        Path file = dir.resolve("m.json");
        Files.writeString(file, doc);
        List<Observation> expected = List.of(Observation.of("2025-01-06", "web", "tokens", 12));
        assertThat(JsonInput.seriesSource(file).readAll()).isEqualTo(expected);
        ObservationSource stdin = JsonInput.seriesSource(new ByteArrayInputStream(doc.getBytes(StandardCharsets.UTF_8)),
                "<stdin>");
        assertThat(stdin.readAll()).isEqualTo(expected);
        assertThatThrownBy(stdin::readAll).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void failuresHaveAReason() throws IOException {
        Path bad = dir.resolve("bad.json");
        Files.writeString(bad, "[{\"date\":\"2025-01-06\",\"segment\":\"web\",\"metric\":\"tokens\",\"value\":\"x\"}]");
        SourceException e = catchThrowableOfType(() -> JsonInput.seriesSource(bad).readAll(), SourceException.class);
        assertThat(e.reason()).isEqualTo(SourceException.Reason.MALFORMED);
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.column()).isPositive();
        Path empty = dir.resolve("empty.json");
        Files.writeString(empty, "[]");
        assertThat(catchThrowableOfType(() -> JsonInput.seriesSource(empty).readAll(), SourceException.class)
                .reason()).isEqualTo(SourceException.Reason.EMPTY);
        Path notUtf8 = dir.resolve("latin1.json");
        Files.write(notUtf8, new byte[] {'[', '"', (byte) 0xE9, '"', ']'});
        assertThat(catchThrowableOfType(() -> JsonInput.seriesSource(notUtf8).readAll(), SourceException.class)
                .reason()).isEqualTo(SourceException.Reason.MALFORMED);
    }

    @Test
    void eventsWithTheirAccount() throws IOException {
        Path file = dir.resolve("e.jsonl");
        Files.writeString(file, "{\"timestamp\":\"2025-03-03T09:00:00Z\",\"actor\":\"ana\",\"tokens\":3}\n");
        List<ActivityEvent> events = new ArrayList<>();
        EventAccount account = JsonInput.eventSource(file, Fingerprinter.unkeyed()).read(new EventSink() {
            @Override
            public void event(ActivityEvent event) {
                events.add(event);
            }
        });
        assertThat(events).extracting(ActivityEvent::tokens).containsExactly(3L);
        assertThat(account.used()).isEqualTo(1);
        Files.writeString(file, "{\"timestamp\":\"2025-03-03T09:00:00Z\",\"actor\":\"ana\",\"tokens\":-3}\n");
        SourceException e = catchThrowableOfType(() -> JsonInput.eventSource(file, Fingerprinter.unkeyed())
                .read(new EventSink() {
                }), SourceException.class);
        assertThat(e.reason()).isEqualTo(SourceException.Reason.MALFORMED);
        assertThat(e).hasMessageStartingWith(file + ", line 1, column ");
    }
}
