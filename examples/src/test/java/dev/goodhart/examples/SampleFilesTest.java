package dev.goodhart.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.csv.CsvMetrics;
import java.io.IOException;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * {@code examples/samples/metrics.csv}, the file README's commands score, is the demo organisation's data
 * ({@link DemoOrganisation}: ten teams, two years of weekly tokens and cycle time, a token quota on 2025-01-06) as a
 * long CSV. Rewritten with {@code -Dgoodhart.samples.update=true}.
 */
class SampleFilesTest {
    static final Path METRICS = Path.of("samples/metrics.csv");

    @Test
    void theSampleIsTheDemoData() throws IOException {
        StringWriter w = new StringWriter();
        CsvMetrics.defaults().writeLong(DemoOrganisation.observations(), w);
        if (Boolean.getBoolean("goodhart.samples.update")) {
            Files.createDirectories(METRICS.getParent());
            Files.writeString(METRICS, w.toString(), StandardCharsets.UTF_8);
        }
        assertThat(Files.readString(METRICS, StandardCharsets.UTF_8))
                .as(METRICS + " (rewrite it with -Dgoodhart.samples.update=true)").isEqualTo(w.toString());
    }
}
