package dev.goodhart.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.tck.FixtureOrganisation;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/** The committed OpenMetrics file that {@code .ci/prometheus.sh} loads into Prometheus is the fixture organisation. */
class OpenMetricsFixtureTest {
    @Test
    void theCommittedFileIsTheFixtureOrganisation() throws Exception {
        String committed;
        try (InputStream in = getClass().getResourceAsStream("/" + OpenMetricsFixture.RESOURCE)) {
            assertThat(in).as("src/test/resources/" + OpenMetricsFixture.RESOURCE).isNotNull();
            committed = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        assertThat(committed)
                .as("regenerate with OpenMetricsFixture.main when the fixture organisation changes")
                .isEqualTo(OpenMetricsFixture.render(FixtureOrganisation.observations()));
    }
}
