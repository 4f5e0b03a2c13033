package dev.goodhart.prometheus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.goodhart.model.Observation;
import dev.goodhart.source.SourceException;
import dev.goodhart.tck.FixtureOrganisation;
import java.net.URI;
import java.time.Duration;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link PrometheusRange} against the real Prometheus server of {@code .ci/prometheus.sh}: PromQL and its errors. */
class PrometheusLiveTest {
    private URI url;

    @BeforeEach
    void server() {
        url = PrometheusServer.require();
    }

    @Test
    void aggregatesInPromqlAndNamesTheMetric() throws Exception {
        LocalDate day = FixtureOrganisation.START;
        List<Observation> rows = PrometheusRange.builder(url, "sum by (segment) (merged_prs)").metric("prs")
                .segmentLabel("segment").build().read(day, day.plusDays(6));
        List<Observation> expected = FixtureOrganisation.observations().stream()
                .filter(o -> o.metric().equals("merged_prs") && o.date().isBefore(day.plusDays(7)))
                .map(o -> new Observation(o.date(), o.segment(), "prs", o.value())).toList();
        assertThat(rows).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void aSegmentLabelTheSeriesDoNotHaveIsWarnedAboutAndAnEmptyResultRefused() throws Exception {
        LocalDate day = FixtureOrganisation.START;
        List<String> warnings = new java.util.ArrayList<>();
        PrometheusRange.builder(url, "sum by (segment) (merged_prs)").metric("prs").segmentLabel("team").build()
                .source(day, day).read(new dev.goodhart.source.ObservationSink() {
                    @Override
                    public void accept(Observation o, long line, int column, boolean timed) {
                        assertThat(o.segment()).isEqualTo("*");
                    }

                    @Override
                    public void warning(String message) {
                        warnings.add(message);
                    }
                });
        assertThat(warnings).singleElement().asString().contains("series have no label 'team' (their labels: segment)");
        SourceException e = catchThrowableOfType(() -> PrometheusRange.builder(url, "no_such_metric").metric("x")
                .segmentLabel("segment").build().source(day, day).readAll(), SourceException.class);
        assertThat(e.reason()).isEqualTo(SourceException.Reason.EMPTY);
    }

    @Test
    void theWholeOrganisationWhenTheSegmentLabelIsAggregatedAway() throws Exception {
        LocalDate day = FixtureOrganisation.START;
        List<Observation> rows = PrometheusRange.builder(url, "sum(merged_prs)").metric("merged_prs")
                .segmentLabel("segment").build().read(day, day);
        double total = FixtureOrganisation.observations().stream()
                .filter(o -> o.metric().equals("merged_prs") && o.date().equals(day))
                .mapToDouble(Observation::value).sum();
        assertThat(rows).containsExactly(new Observation(day, "*", "merged_prs", total));
    }

    @Test
    void stepsBetweenSamplesFindNothingOutsideTheLookback() throws Exception {
        // at 12:00 the last sample is 12 hours old, beyond Prometheus' five-minute lookback
        List<Observation> rows = PrometheusRange.builder(url, "tokens").segmentLabel("segment")
                .step(Duration.ofDays(1)).build()
                .read(FixtureOrganisation.START.atTime(12, 0).toInstant(java.time.ZoneOffset.UTC),
                        FixtureOrganisation.START.plusDays(3).atTime(12, 0).toInstant(java.time.ZoneOffset.UTC));
        assertThat(rows).isEmpty();
    }

    @Test
    void badPromqlIsAQueryExceptionWithPrometheusMessage() {
        SourceException e = catchThrowableOfType(() -> PrometheusRange.builder(url, "sum by (segment (tokens)")
                .build().read(FixtureOrganisation.START, FixtureOrganisation.START), SourceException.class);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e.code()).isEqualTo("bad_data");
        assertThat(e.reason()).isEqualTo(SourceException.Reason.QUERY);
        assertThat(e).hasMessageContaining("parse error");
        assertThat(e).hasMessageContaining("Prometheus error (bad_data)");
    }

    @Test
    void tooManyPointsPerSeriesIsPrometheusOwnError() {
        SourceException e = catchThrowableOfType(() -> PrometheusRange.builder(url, "tokens")
                .step(Duration.ofSeconds(1)).build().read(FixtureOrganisation.START, FixtureOrganisation.START.plusDays(1)),
                SourceException.class);
        assertThat(e.status()).isEqualTo(400);
        assertThat(e).hasMessageContaining("exceeded maximum resolution of 11,000 points per timeseries");
    }
}
