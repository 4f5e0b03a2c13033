package dev.goodhart.prometheus;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.Observation;
import dev.goodhart.tck.AdapterContractTest;
import dev.goodhart.tck.FixtureOrganisation;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;

/**
 * The adapter contract through a real Prometheus server: {@code .ci/prometheus.sh} backfilled the committed
 * OpenMetrics rendering of the fixture with {@code promtool tsdb create-blocks-from openmetrics}; this test checks that
 * the rendering is exactly the fixture it is handed, then reads all three metrics back with one daily range query.
 */
class PrometheusContractTest extends AdapterContractTest {
    @Override
    protected List<Observation> writeAndRead(List<Observation> fixture, Path dir) throws Exception {
        try (InputStream in = getClass().getResourceAsStream("/" + OpenMetricsFixture.RESOURCE)) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8))
                    .isEqualTo(OpenMetricsFixture.render(fixture));
        }
        PrometheusRange range = PrometheusRange.builder(PrometheusServer.require(),
                        "{__name__=~\"tokens|cycle_time|merged_prs\"}")
                .segmentLabel(OpenMetricsFixture.SEGMENT_LABEL).build();
        return range.source(FixtureOrganisation.START, FixtureOrganisation.START.plusDays(FixtureOrganisation.DAYS - 1))
                .readAll();
    }
}
