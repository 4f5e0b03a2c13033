package dev.goodhart.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.InvalidDataException;
import dev.goodhart.model.Observation;
import java.io.IOException;
import java.io.StringReader;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Defects the series fuzz found in {@link JsonInput#readSeries}: each was read silently wrong. */
class JsonSeriesRegressionTest {
    private static final String A = "{\"metric\": \"a\", \"points\": [[\"2025-01-06\", 1]]}";

    private static List<Observation> read(String json) throws IOException {
        return JsonInput.readSeries(new StringReader(json), "in.json");
    }

    private static InvalidDataException failure(String json) {
        try {
            read(json);
        } catch (InvalidDataException e) {
            return e;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a failure for " + json);
    }

    @Test
    void anElementOfSeriesThatIsNotAnObjectIsAnError() {
        // the series after it were dropped
        InvalidDataException e = failure("{\"series\": [" + A + ",\n 5, " + A.replace("\"a\"", "\"b\"") + "]}");
        assertThat(e.getMessage()).isEqualTo("in.json, line 2, column 2: expected a series object {\"metric\": ...,"
                + " \"points\": [...]} in \"series\", found 5");
    }

    @Test
    void anElementOfPointsThatIsNotAPointIsAnError() {
        // every point of the series was dropped
        InvalidDataException e = failure("{\"series\": [{\"metric\": \"a\", \"points\": [5, [\"2025-01-06\", 1]]}]}");
        assertThat(e.column()).isEqualTo(40);
        assertThat(e.problem()).isEqualTo("expected a point [\"YYYY-MM-DD\", value], found 5");
    }

    @Test
    void anythingAfterTheDocumentIsAnError() {
        assertThat(failure("{\"series\": [" + A + "]} [1]").problem())
                .isEqualTo("expected the end of the input after the document, found an array");
        assertThat(failure("[{\"date\": \"2025-01-06\", \"metric\": \"a\", \"value\": 1}] garbage").problem())
                .startsWith("not valid JSON: ");
    }

    @Test
    void aFieldGivenTwiceIsAnError() {
        // the last one won
        assertThat(failure("{\"series\": [{\"metric\": \"a\", \"metric\": \"b\", \"points\": []}]}").problem())
                .startsWith("not valid JSON: Duplicate field 'metric'");
    }

    @Test
    void aSegmentThatIsNotAStringIsAnError() {
        // an object segment was the whole organisation
        assertThat(failure("[{\"date\": \"2025-01-06\", \"segment\": {\"x\": 1}, \"metric\": \"a\", \"value\": 1}]").problem())
                .isEqualTo("an observation's \"segment\" must be a string or null, found an object");
    }

    @Test
    void aValueBeyondADoubleSaysSo() {
        assertThat(failure("{\"series\": [{\"metric\": \"a\", \"points\": [[\"2025-01-06\", 1e309]]}]}").getMessage())
                .isEqualTo("in.json, line 1, column 55: expected a finite number, found 1e309 (out of double range)");
    }

    @Test
    void aDocumentNestedTooDeeplyNamesWhereItStopped() {
        // the parser's limit has no location of its own: the message had no line
        InvalidDataException e = failure("{\"version\":\n" + "[".repeat(1100));
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.problem()).isEqualTo("not valid JSON: Document nesting depth (1001) exceeds the maximum allowed"
                + " (1000)");
    }

    @Test
    void aByteOrderMarkIsSkipped() throws IOException {
        assertThat(read("\uFEFF{\"series\": [" + A + "]}")).containsExactly(Observation.of("2025-01-06", "*", "a", 1));
    }
}
