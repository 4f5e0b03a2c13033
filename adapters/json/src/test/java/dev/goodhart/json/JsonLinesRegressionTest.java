package dev.goodhart.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.InvalidDataException;
import dev.goodhart.activity.ActivityEvent;
import dev.goodhart.activity.Fingerprinter;
import java.io.IOException;
import java.io.StringReader;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Defects the JSON Lines fuzz found in {@link JsonInput#streamEvents}, one test each. */
class JsonLinesRegressionTest {
    private static final String OK = "{\"timestamp\": 1741000000, \"actor\": \"ana\", \"tokens\": 1}\n";

    private static List<ActivityEvent> read(String lines) throws IOException {
        List<ActivityEvent> out = new ArrayList<>();
        JsonInput.streamEvents(new StringReader(lines), "events.jsonl", Fingerprinter.unkeyed(), out::add);
        return out;
    }

    private static InvalidDataException failure(String lines) {
        try {
            read(lines);
        } catch (InvalidDataException e) {
            return e;
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        throw new AssertionError("expected a failure for " + lines);
    }

    @Test
    void numbersBeyondALongAreRefusedNotTruncated() {
        // 2^64 + 5 tokens were read as 5; 2^64 + 1741000000 as a timestamp in 2025
        InvalidDataException tokens = failure(OK
                + "{\"timestamp\": 1741000000, \"actor\": \"ana\", \"tokens\": 18446744073709551621}\n");
        assertThat(tokens.getMessage()).isEqualTo("events.jsonl, line 2, column 53: expected \"tokens\" as a whole"
                + " number >= 0 and at most 9223372036854775807, found 18446744073709551621");
        InvalidDataException timestamp = failure("{\"timestamp\": 18446744075451551616, \"actor\": \"ana\", \"tokens\": 1}");
        assertThat(timestamp.line()).isEqualTo(1);
        assertThat(timestamp.column()).isEqualTo(15);
        assertThat(timestamp.problem()).startsWith("timestamp: expected an ISO-8601 timestamp")
                .contains("found 18446744075451551616");
    }

    @Test
    void anythingAfterTheObjectOnItsLineIsAnError() {
        // a second object on the line was dropped without a word
        InvalidDataException e = failure(OK.strip() + " {\"timestamp\": 1741000001, \"actor\": \"bo\", \"tokens\": 9}\n");
        assertThat(e.getMessage()).isEqualTo("events.jsonl, line 1, column 56: expected one JSON object per line,"
                + " found more after it");
        assertThat(failure(OK.strip() + " x").problem()).startsWith("not valid JSON: ");
    }

    @Test
    void aFieldGivenTwiceIsAnError() {
        // the last one won
        InvalidDataException e = failure("{\"timestamp\": 1741000000, \"actor\": \"ana\", \"tokens\": 1, \"tokens\": 900000}");
        assertThat(e.getMessage()).isEqualTo("events.jsonl, line 1, column 56: expected each field once, found"
                + " \"tokens\" twice");
    }

    @Test
    void optionalFieldsThatAreNotStringsAreErrors() {
        // an object segment was the whole organisation, an array request no request at all
        InvalidDataException segment = failure("{\"timestamp\": 1741000000, \"actor\": \"ana\", \"tokens\": 1,"
                + " \"segment\": {\"name\": \"checkout\"}}");
        assertThat(segment.getMessage()).isEqualTo("events.jsonl, line 1, column 67: expected \"segment\" as a string or"
                + " null, found an object");
        InvalidDataException request = failure("{\"timestamp\": 1741000000, \"actor\": \"ana\", \"tokens\": 1,"
                + " \"request\": [\"secret merger plans\"]}");
        assertThat(request.getMessage()).doesNotContain("secret").endsWith("expected \"request\" as a string or null,"
                + " found an array");
        assertThat(failure("{\"timestamp\": 1741000000, \"actor\": \"ana\", \"tokens\": 1, \"agent\": 7}").problem())
                .isEqualTo("expected \"agent\" as a string or null, found 7");
    }

    @Test
    void errorsNameTheColumnOfTheValueAtFault() {
        // every error but a syntax error had column 0
        InvalidDataException tokens = failure("{\"timestamp\": 1741000000, \"actor\": \"ana\", \"tokens\": -4}");
        assertThat(tokens.column()).isEqualTo(53);
        InvalidDataException year = failure("{\"actor\": \"ana\", \"tokens\": 1, \"timestamp\": \"0026-03-01T00:00:00Z\"}");
        assertThat(year.getMessage()).isEqualTo("events.jsonl, line 1, column 44: timestamp: expected a time between"
                + " the years 1900 and 9999, found '0026-03-01T00:00:00Z' (a mistyped year?)");
        InvalidDataException actor = failure("{\"timestamp\": 1741000000, \"actor\": \" ana\", \"tokens\": 1}");
        assertThat(actor.column()).isEqualTo(36);
        assertThat(actor.problem()).isEqualTo("expected an \"actor\" without leading or trailing whitespace, found \" ana\"");
        InvalidDataException missing = failure("  {\"timestamp\": 1741000000, \"tokens\": 1}");
        assertThat(missing.column()).isEqualTo(3);
        assertThat(missing.problem()).isEqualTo("expected a non-empty \"actor\" string, found nothing");
    }

    @Test
    void aFingerprintWithSurroundingSpacesIsTakenAsAFingerprintAsInTheCsvReader() throws IOException {
        // it was fingerprinted again as if it were request text
        List<ActivityEvent> e = read("{\"timestamp\": 1741000000, \"actor\": \"ana\", \"tokens\": 1,"
                + " \"request\": \" 0123456789ABCDEF \"}");
        assertThat(e.get(0).requestFingerprint()).isEqualTo("0123456789abcdef");
    }

    @Test
    void aByteOrderMarkIsSkipped() throws IOException {
        // was: not valid JSON: Unexpected character ('\uFEFF' (code 65279 / 0xfeff))
        assertThat(read("\uFEFF" + OK)).containsExactly(ActivityEvent.of(Instant.ofEpochSecond(1741000000), "ana", 1));
    }

    @Test
    void requestTextWithoutQuotesIsNotQuotedInTheSyntaxError() {
        // Jackson's message quoted the token: "Unrecognized token 'secret'"
        InvalidDataException e = failure("{\"timestamp\": 1741000000, \"actor\": \"ana\", \"tokens\": 1,"
                + " \"request\": secret merger plans}");
        assertThat(e.getMessage()).doesNotContain("secret").contains("line 1, column 73", "not valid JSON");
    }
}
