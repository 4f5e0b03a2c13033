package dev.goodhart.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.goodhart.model.InvalidDataException;
import dev.goodhart.activity.ActivityEvent;
import dev.goodhart.activity.Fingerprinter;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CsvEventsTest {
    @TempDir
    Path dir;

    private static List<ActivityEvent> read(CsvEvents reader, String csv) throws IOException {
        List<ActivityEvent> out = new ArrayList<>();
        reader.stream(new StringReader(csv), "events.csv", out::add);
        return out;
    }

    private static InvalidDataException failure(String csv) {
        try {
            read(CsvEvents.defaults(), csv);
        } catch (InvalidDataException e) {
            return e;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a failure for " + csv);
    }

    @Test
    void readsEventsAndFingerprintsRequestTextOnReading() throws IOException {
        Fingerprinter keyed = Fingerprinter.keyed("a-secret-key-of-32-characters!!!");
        List<ActivityEvent> events = read(CsvEvents.builder().fingerprinter(keyed).build(),
                "Timestamp,actor,tokens,segment,request,agent,artifact\n"
                        + "2025-03-03T09:15:02Z,ana,1200,checkout,what is the capital of France?,,\n"
                        + "1741000000,ana,35,checkout,,draft-bot,PR-7\n"
                        + "2025-03-03 10:00:00,bo,0,,0123456789abcdef,,\n");
        assertThat(events).hasSize(3);
        ActivityEvent first = events.get(0);
        assertThat(first.timestamp()).isEqualTo(Instant.parse("2025-03-03T09:15:02Z"));
        assertThat(first.requestFingerprint()).isEqualTo(keyed.fingerprint("what is the capital of France?"))
                .doesNotContain("France");
        assertThat(events.get(1).timestamp()).isEqualTo(Instant.ofEpochSecond(1741000000));
        assertThat(events.get(1).byAgent()).isTrue();
        assertThat(events.get(1).hasArtifact()).isTrue();
        assertThat(events.get(2).segment()).isEqualTo("*");
        assertThat(events.get(2).requestFingerprint()).isEqualTo("0123456789abcdef");
    }

    @Test
    void timestampsWithoutOffsetAreTakenInTheReadersZone() throws IOException {
        List<ActivityEvent> e = read(CsvEvents.builder().zone(ZoneId.of("Europe/Paris")).build(),
                "timestamp,actor,tokens\n2025-03-03T10:00:00,a,1\n");
        assertThat(e.get(0).timestamp()).isEqualTo(Instant.parse("2025-03-03T09:00:00Z"));
    }

    @Test
    void badRowsNameLineColumnAndNeverQuoteTheRequest() {
        InvalidDataException e = failure("timestamp,actor,tokens,request\n2025-03-03T09:00:00Z,a,1,hello\n"
                + "2025-03-03T09:01:00Z,a,-5,secret plans\n");
        assertThat(e.getMessage()).isEqualTo(
                "events.csv, line 3, column 3: expected tokens as a whole number >= 0, found '-5'");
        assertThat(failure("timestamp,actor,tokens\nyesterday,a,1\n").getMessage())
                .startsWith("events.csv, line 2, column 1: expected an ISO-8601 timestamp");
        assertThat(failure("timestamp,actor,tokens\n2025-03-03T09:00:00Z,,1\n").problem())
                .isEqualTo("expected an actor name, found an empty cell");
        assertThat(failure("timestamp,actor\n").problem()).startsWith("expected a 'tokens' column");
        assertThat(failure("timestamp,actor,tokens,prompt\n").problem()).startsWith("unexpected column 'prompt'");
        assertThat(failure("timestamp,actor,tokens\n2025-03-03T09:00:00Z,a\n").problem())
                .isEqualTo("expected 3 columns, found 2");
    }

    @Test
    void digitsAreEpochTimeOnlyWhereThatIsPlausible() throws IOException {
        List<ActivityEvent> ok = read(CsvEvents.defaults(),
                "timestamp,actor,tokens\n1741000000,a,1\n1741000000123,a,1\n");
        assertThat(ok.get(0).timestamp()).isEqualTo(Instant.ofEpochSecond(1741000000L));
        assertThat(ok.get(1).timestamp()).isEqualTo(Instant.ofEpochMilli(1741000000123L));
        // a compact date was 1970-08-23 and a compact date-time the year 2612; both are refused with the forms
        assertThat(failure("timestamp,actor,tokens\n20260105,a,1\n").getMessage())
                .startsWith("events.csv, line 2, column 1: expected an ISO-8601 timestamp")
                .contains("between 2000 and 2100", "found '20260105'", "compact date");
        assertThat(failure("timestamp,actor,tokens\n2025-03-03T09:00:00Z,a,1\n20260105093000,a,1\n").getMessage())
                .startsWith("events.csv, line 3, column 1:").contains("found '20260105093000'");
    }

    @Test
    void readsAFileIntoAnActivityLog() throws IOException {
        Path file = Files.writeString(dir.resolve("events.csv"),
                "timestamp,actor,tokens\n2025-03-03T09:00:00Z,a,1\n2025-03-03T09:01:00Z,b,2\n");
        var log = CsvEvents.defaults().read(file);
        assertThat(log.eventCount()).isEqualTo(2);
        assertThat(log.actorCount()).isEqualTo(2);
        assertThatThrownBy(() -> CsvEvents.defaults().read(dir.resolve("none.csv")))
                .isInstanceOf(java.nio.file.NoSuchFileException.class);
    }
}
