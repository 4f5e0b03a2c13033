package dev.goodhart.prometheus;

import dev.goodhart.model.Observation;
import dev.goodhart.model.Segments;
import dev.goodhart.tck.FixtureOrganisation;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Writes observations as an OpenMetrics text file for {@code promtool tsdb create-blocks-from openmetrics}: one gauge
 * family per metric, the segment as the label {@value #SEGMENT_LABEL} (absent for the whole organisation), each
 * observation at 00:00 UTC of its date, NaN as {@code NaN}. The committed
 * {@code src/test/resources/fixture-organisation.om} is this writer's output for the {@link FixtureOrganisation}
 * ({@link OpenMetricsFixtureTest} checks it); regenerate it with
 * {@code java -cp ... dev.goodhart.prometheus.OpenMetricsFixture adapters/prometheus/src/test/resources/fixture-organisation.om}.
 */
final class OpenMetricsFixture {
    /** The label holding the segment. */
    static final String SEGMENT_LABEL = "segment";
    /** Where the committed file lives, relative to the module. */
    static final String RESOURCE = "fixture-organisation.om";

    private OpenMetricsFixture() {
    }

    /** The OpenMetrics text for {@code observations}, families and series contiguous, time ascending. */
    static String render(List<Observation> observations) {
        List<Observation> sorted = new ArrayList<>(observations);
        sorted.sort(Comparator.comparing(Observation::metric).thenComparing(Observation::segment)
                .thenComparing(Observation::date));
        StringBuilder sb = new StringBuilder();
        String family = null;
        for (Observation o : sorted) {
            if (!o.metric().equals(family)) {
                family = o.metric();
                sb.append("# TYPE ").append(family).append(" gauge\n");
            }
            sb.append(o.metric());
            if (!Segments.ALL.equals(o.segment())) {
                sb.append('{').append(SEGMENT_LABEL).append("=\"").append(escape(o.segment())).append("\"}");
            }
            sb.append(' ').append(Double.isNaN(o.value()) ? "NaN" : Double.toString(o.value()))
                    .append(' ').append(o.date().atStartOfDay(ZoneOffset.UTC).toEpochSecond()).append('\n');
        }
        return sb.append("# EOF\n").toString();
    }

    private static String escape(String labelValue) {
        return labelValue.replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n");
    }

    /** Writes the fixture organisation to the path given as the only argument. */
    public static void main(String[] args) throws IOException {
        if (args.length != 1) {
            throw new IllegalArgumentException("usage: OpenMetricsFixture FILE.om");
        }
        Files.writeString(Path.of(args[0]), render(FixtureOrganisation.observations()), StandardCharsets.UTF_8);
    }
}
