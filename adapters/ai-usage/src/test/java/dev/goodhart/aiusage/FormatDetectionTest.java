package dev.goodhart.aiusage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Formats are told from the content, not the file name. */
class FormatDetectionTest {
    private static Optional<UsageFormat> detect(String text) throws IOException {
        return UsageFormat.detect(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void eachSampleIsRecognised() throws IOException {
        assertThat(UsageFormat.detect(Samples.COPILOT)).contains(UsageFormat.COPILOT);
        assertThat(UsageFormat.detect(Samples.BEDROCK)).contains(UsageFormat.BEDROCK);
        assertThat(UsageFormat.detect(Samples.OPENAI)).contains(UsageFormat.OPENAI);
        assertThat(UsageFormat.detect(new ByteArrayInputStream(Samples.gzip(Samples.lines(Samples.BEDROCK).get(0)))))
                .contains(UsageFormat.BEDROCK);
    }

    @Test
    void variantsOfEachShapeAreRecognised() throws IOException {
        assertThat(detect("[{\"day\":\"2025-10-01\",\"user_login\":\"a\"}]")).contains(UsageFormat.COPILOT);
        assertThat(detect("{\"day_totals\":[]}")).contains(UsageFormat.COPILOT);
        assertThat(detect("{\"identity\":{\"arn\":\"x\"},\"modelId\":\"m\"}")).contains(UsageFormat.BEDROCK);
        assertThat(detect("{\"start_time\":1,\"results\":[]}")).contains(UsageFormat.OPENAI);
        assertThat(detect("[{\"object\":\"page\",\"data\":[]}]")).contains(UsageFormat.OPENAI);
        assertThat(detect("{\"data\":[{\"start_time\":1,\"end_time\":2}],\"has_more\":false}"))
                .contains(UsageFormat.OPENAI);
        // keys sorted (Python's sort_keys) and a first page of no buckets: the page's own fields after its data
        assertThat(detect("{\"data\": [], \"has_more\": true, \"next_page\": \"p2\", \"object\": \"page\"}\n"
                + "{\"data\": [{\"end_time\": 2, \"object\": \"bucket\", \"results\": [], \"start_time\": 1}]}"))
                .contains(UsageFormat.OPENAI);
        // a first record longer than what is looked at is decided on the fields seen so far
        assertThat(detect("{\"schemaType\":\"ModelInvocationLog\",\"input\":{\"inputBodyJson\":\"" + "x".repeat(300_000)))
                .contains(UsageFormat.BEDROCK);
    }

    @Test
    void otherFilesAreNone() throws IOException {
        assertThat(detect("timestamp,actor,tokens\n2025-01-01T00:00:00Z,a,1\n")).isEmpty();
        assertThat(detect("{\"timestamp\":\"2025-01-01T00:00:00Z\",\"actor\":\"a\",\"tokens\":1}")).isEmpty();
        assertThat(detect("")).isEmpty();
        assertThat(detect("{{{")).isEmpty();
        assertThat(UsageFormat.parse("Copilot")).isEqualTo(UsageFormat.COPILOT);
        assertThatThrownBy(() -> UsageFormat.parse("datadog"))
                .hasMessage("usage export format: expected copilot, bedrock or openai, found 'datadog'");
    }
}
