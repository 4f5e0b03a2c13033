package dev.goodhart.aiusage;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The committed sample files are what {@link SampleFiles} writes (regenerate with its main method). */
class SampleFilesTest {
    @Test
    void theSamplesAreUpToDate() throws IOException {
        for (Map.Entry<String, String> e : SampleFiles.files().entrySet()) {
            assertThat(Files.readString(SampleFiles.DIR.resolve(e.getKey()), StandardCharsets.UTF_8))
                    .as(e.getKey() + " (run SampleFiles.main to regenerate)").isEqualTo(e.getValue());
        }
    }
}
