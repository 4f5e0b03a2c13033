package dev.goodhart.json;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.Goodhart;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.scoring.PathsAgreeTest;
import java.io.IOException;
import java.io.StringReader;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;

/**
 * On arbitrary organisations (core's {@code PathsAgreeTest} generator: one to fourteen teams, any period, values from
 * zero and missing to 1e-300 and 1e300), a report written as JSON and read back is the same report, and written again
 * the same text: no number loses digits, no sentence changes. 300 organisations passed when it was written; 40 run in
 * every build.
 */
class JsonRoundTripPropertyTest {
    @Property(tries = 40)
    void aReportReadBackIsTheSameReport(@ForAll @LongRange(min = 0, max = 1_000_000_000L) long seed)
            throws IOException {
        PathsAgreeTest.Organisation o = PathsAgreeTest.organisation(seed);
        IntegrityReport report = Goodhart.score(o.model(), o.rows());
        String json = JsonReport.toJson(report);
        IntegrityReport back = JsonReport.read(new StringReader(json), "round trip");
        assertThat(back).isEqualTo(report);
        assertThat(JsonReport.toJson(back)).isEqualTo(json);
    }
}
