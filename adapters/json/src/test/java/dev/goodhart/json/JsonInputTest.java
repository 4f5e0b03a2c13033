package dev.goodhart.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.InvalidDataException;
import dev.goodhart.model.Observation;
import dev.goodhart.activity.ActivityEvent;
import dev.goodhart.activity.Fingerprinter;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class JsonInputTest {
    private static InvalidDataException seriesFailure(String json) {
        try {
            JsonInput.readSeries(new StringReader(json), "in.json");
        } catch (InvalidDataException e) {
            return e;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a failure");
    }

    private static InvalidDataException eventsFailure(String lines) {
        try {
            JsonInput.streamEvents(new StringReader(lines), "events.jsonl", Fingerprinter.unkeyed(), e -> { });
        } catch (InvalidDataException e) {
            return e;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    void readsSeriesAndObservationArrays() throws IOException {
        List<Observation> series = JsonInput.readSeries(new StringReader("{\"version\": 3, \"series\": ["
                + "{\"segment\": \"a\", \"metric\": \"tokens\", \"points\": [[\"2025-01-06\", 12], [\"2025-01-13\", null]]},"
                + "{\"metric\": \"tokens\", \"points\": [[\"2025-01-06\", 1.5e3]]}]}"), "in.json");
        assertThat(series).containsExactly(Observation.of("2025-01-06", "a", "tokens", 12),
                Observation.of("2025-01-13", "a", "tokens", Double.NaN), Observation.of("2025-01-06", "*", "tokens", 1500));
        List<Observation> rows = JsonInput.readSeries(new StringReader("[{\"date\": \"2025-01-06\", \"segment\": \"b\","
                + " \"metric\": \"output\", \"value\": 3}]"), "in.json");
        assertThat(rows).containsExactly(Observation.of("2025-01-06", "b", "output", 3));
    }

    /**
     * A row the frame refuses (a second value for one day) is named by its line and column in the JSON file, as a CSV
     * file's are: it was "in.json, observation 3" (helper-164), a place in no file.
     */
    @Test
    void aRowTheFrameRefusesIsNamedByItsLineAndColumn() {
        dev.goodhart.model.IntegrityModel model = dev.goodhart.model.IntegrityModel.builder().proxy("tokens", "")
                .outcome("output", dev.goodhart.model.Direction.HIGHER, "").link("tokens", "output").build();
        String json = "{\"series\": [\n {\"segment\": \"a\", \"metric\": \"tokens\", \"points\": [\n"
                + "  [\"2025-01-06\", 1],\n  [\"2025-01-07\", 2],\n  [\"2025-01-06\", 3]]}]}";
        dev.goodhart.model.Frame.Builder frame = dev.goodhart.model.Frame.builder(model).source("in.json")
                .duplicates(dev.goodhart.model.Frame.Duplicates.REJECT);
        Throwable thrown = org.assertj.core.api.Assertions.catchThrowable(() -> {
            JsonInput.seriesSource(new java.io.ByteArrayInputStream(json.getBytes(
                    java.nio.charset.StandardCharsets.UTF_8)), "in.json").read(
                    dev.goodhart.source.ObservationSink.into(frame));
            frame.build();
        });
        assertThat(thrown).isInstanceOf(InvalidDataException.class);
        InvalidDataException e = (InvalidDataException) thrown;
        assertThat(e.line()).isEqualTo(5);
        assertThat(e.column()).isEqualTo(3);
        assertThat(e.getMessage()).startsWith("in.json, line 5, column 3: a second row for tokens");
    }

    @Test
    void malformedSeriesNameLineAndColumn() {
        InvalidDataException syntax = seriesFailure("{\"series\": [\n  {\"metric\": \"t\", \"points\": [[\"2025-01-06\", 1],]}\n]}");
        assertThat(syntax.line()).isEqualTo(2);
        assertThat(syntax.problem()).startsWith("not valid JSON");
        InvalidDataException date = seriesFailure("{\"series\": [\n{\"metric\": \"t\", \"points\": [[\"06/01/2025\", 1]]}]}");
        assertThat(date.line()).isEqualTo(2);
        assertThat(date.problem()).isEqualTo("expected a date as YYYY-MM-DD, found '06/01/2025'");
        assertThat(seriesFailure("{\"series\": [{\"points\": []}]}").problem()).isEqualTo("a series needs a \"metric\"");
        assertThat(seriesFailure("{\"data\": []}").problem()).isEqualTo("expected a \"series\" array");
        assertThat(seriesFailure("{\"series\": [{\"metric\": \"t\", \"points\": [[\"2025-01-06\", \"x\"]]}]}").problem())
                .isEqualTo("expected a number or null as the point's value, found the string \"x\" (a number is "
                        + "written without quotes)");
        assertThat(seriesFailure("{\"series\": [{\"metric\": \"t\", \"points\": [[\"2025-01-06\", true]]}]}").problem())
                .isEqualTo("expected a number or null as the point's value, found true");
        assertThat(seriesFailure("{\"series\": [{\"metric\": \"t\", \"points\": [[20250106, 1]]}]}").problem())
                .isEqualTo("expected a point [\"YYYY-MM-DD\", value], found a first element 20250106");
        assertThat(seriesFailure("[{\"date\": \"2025-01-06\", \"metric\": \"t\"}]").problem())
                .startsWith("an observation needs a numeric \"value\"");
        // a field of the wrong kind is named where it is, not at its object's brace (helper-164: four lines apart)
        InvalidDataException value = seriesFailure("[\n {\n  \"date\": \"2025-01-06\",\n  \"metric\": \"t\",\n"
                + "  \"value\": \"12\"\n }\n]");
        assertThat(value.line()).isEqualTo(5);
        assertThat(value.column()).isEqualTo(12);
        assertThat(value.problem()).isEqualTo("an observation needs a numeric \"value\" (or null for missing), found "
                + "a string");
    }

    /**
     * A series without "points" was read as empty: its values lost without a word, as where observation objects are
     * put in "series" (a fuzzed file read "no observations"). Refused, saying where observations go.
     */
    @Test
    void aSeriesWithoutPointsIsRefusedNotReadAsEmpty() {
        InvalidDataException observation = seriesFailure("{\"series\": [{\"date\": \"2025-01-06\", \"segment\": \"a\","
                + " \"metric\": \"tokens\", \"value\": 3}]}");
        assertThat(observation.problem()).startsWith("a series needs \"points\"")
                .contains("observations go in a top-level array");
        assertThat(seriesFailure("{\"series\": [{\"metric\": \"t\", \"point\": [[\"2025-01-06\", 1]]}]}").problem())
                .isEqualTo("a series needs \"points\": [[\"YYYY-MM-DD\", value], ...]");
    }

    /** JSON has no Infinity or NaN numbers: said so, without Jackson's advice to enable a parser feature. */
    @Test
    void aNonNumericNumberIsNamedWithoutTheParsersAdvice() {
        String problem = seriesFailure("[{\"date\": \"2025-01-06\", \"metric\": \"t\", \"value\": Infinity}]").problem();
        assertThat(problem).startsWith("not valid JSON: 'Infinity' is not a JSON number (JSON has no NaN or Infinity")
                .doesNotContain("JsonReadFeature").doesNotContain("enable");
    }

    @Test
    void readsJsonLinesEventsAndFingerprintsRequests() throws IOException {
        Fingerprinter keyed = Fingerprinter.keyed("a-secret-key-of-32-characters!!!");
        List<ActivityEvent> events = new ArrayList<>();
        long n = JsonInput.streamEvents(new StringReader(
                "{\"timestamp\": \"2025-03-03T09:15:02Z\", \"actor\": \"ana\", \"tokens\": 1200, \"segment\": \"checkout\","
                        + " \"request\": \"what is the capital of France?\"}\n\n"
                        + "{\"timestamp\": 1741000000, \"actor\": \"bot\", \"tokens\": 35, \"agent\": \"draft-bot\","
                        + " \"artifact\": null}\n"), "events.jsonl", keyed, events::add);
        assertThat(n).isEqualTo(2);
        assertThat(events.get(0).requestFingerprint()).isEqualTo(keyed.fingerprint("what is the capital of France?"));
        assertThat(events.get(1).timestamp()).isEqualTo(Instant.ofEpochSecond(1741000000));
        assertThat(events.get(1).byAgent()).isTrue();
        assertThat(events.get(1).hasArtifact()).isFalse();
    }

    @Test
    void badEventLinesNameTheirLineAndNeverQuoteTheRequest() {
        InvalidDataException e = eventsFailure("{\"timestamp\": 1741000000, \"actor\": \"a\", \"tokens\": 1}\n"
                + "{\"timestamp\": 1741000001, \"actor\": \"a\", \"tokens\": -4, \"request\": \"secret merger plans\"}\n");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.getMessage()).doesNotContain("secret").contains("tokens");
        assertThat(eventsFailure("{\"timestamp\": 1, \"actor\": \"a\"\n").line()).isEqualTo(1);
        assertThat(eventsFailure("[1, 2]\n").problem()).isEqualTo("expected one JSON object per line");
        assertThat(eventsFailure("{\"timestamp\": \"yesterday\", \"actor\": \"a\", \"tokens\": 1}").problem())
                .startsWith("timestamp: expected ISO-8601");
        // a JSON document written over several lines: no Jackson internals, what a line should hold
        InvalidDataException pretty = eventsFailure("{\n  \"hello\": \"world\",\n  \"n\": 1\n}\n");
        assertThat(pretty.line()).isEqualTo(1);
        assertThat(pretty.problem()).startsWith("expected one JSON object per line (a JSON Lines usage log: timestamp, "
                + "actor, tokens), found one that does not end on its line").doesNotContain("Source", "REDACTED");
        assertThat(eventsFailure("{\"timestamp\": 1, \"actor\": [\"a\"}\n").problem()).doesNotContain("Source",
                "REDACTED", "starting").endsWith("(for the array opened at column 27)");
        // the library does not look for an AI usage export: the command line, which does, says so
        assertThat(pretty.problem()).doesNotContain("usage export");
        // a compact date is not epoch time (it was read as 1970-08-23)
        assertThat(eventsFailure("{\"timestamp\": 20260105, \"actor\": \"a\", \"tokens\": 1}").problem())
                .contains("between 2000 and 2100", "found 20260105", "compact date");
    }
}
