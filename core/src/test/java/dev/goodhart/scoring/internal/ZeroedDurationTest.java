package dev.goodhart.scoring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.Goodhart;
import dev.goodhart.model.Direction;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Observation;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import dev.goodhart.report.Verdict;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ZeroedDurationTest {
    /**
     * A cycle time exactly 0 on every day since the date, above 0 before, beside tokens doubled: the export stopped
     * filling it. Read as it is, it "shortened 99%" and the team read HEALTHY 0 without a word (helper-173); it is not
     * judged, and its note says why. A failure rate at 0 since the date (no failed change) is data, and a duration
     * with a few zero days is too.
     */
    @Test
    void aDurationAtZeroSinceTheDateIsNotJudged() {
        assertThat(ZeroedDuration.find(new double[] {3, 4, Double.NaN, 5, 0, 0, Double.NaN, 0}, 4)).isTrue();
        assertThat(ZeroedDuration.find(new double[] {3, 4, 5, 0, 0.5, 0}, 3)).isFalse();
        assertThat(ZeroedDuration.find(new double[] {3, 0, 5, 0, 0, 0}, 3)).isFalse();
        assertThat(ZeroedDuration.find(new double[] {3, 4, 5, 0}, 3)).isFalse();

        LocalDate start = LocalDate.of(2025, 9, 1);
        LocalDate date = start.plusDays(70);
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "days").link("tokens", "cycle_time").intervention(date, "quota")
                .build();
        SplittableRandom r = new SplittableRandom(3);
        List<Observation> rows = new ArrayList<>();
        for (int s = 0; s < 12; s++) {
            for (int t = 0; t < 140; t++) {
                LocalDate d = start.plusDays(t);
                boolean zeroed = s == 0 && !d.isBefore(date);
                rows.add(new Observation(d, "team-" + s, "tokens",
                        1000 * (s == 0 && !d.isBefore(date) ? 2 : 1) * (1 + 0.1 * r.nextGaussian())));
                rows.add(new Observation(d, "team-" + s, "cycle_time", zeroed ? 0 : 4 * (1 + 0.1 * r.nextGaussian())));
            }
        }
        IntegrityReport report = Goodhart.score(model, rows);
        PairResult zeroed = report.pair("tokens", "cycle_time", "team-0").orElseThrow();
        assertThat(zeroed.verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
        assertThat(zeroed.notes()).anySatisfy(n -> assertThat(n).startsWith("not judged: cycle_time, a duration, is "
                + "exactly 0 in every period since 2025-11-10"));
        assertThat(report.pair("tokens", "cycle_time", "team-1").orElseThrow().notes())
                .noneSatisfy(n -> assertThat(n).contains("a duration, is exactly 0"));
    }
}
