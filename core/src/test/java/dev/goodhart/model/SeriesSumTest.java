package dev.goodhart.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The organisation's series as a mergeable summary: equal to the frame's, bit for bit, however it was split. */
class SeriesSumTest {
    @Test
    void meanAndSumPerPeriodWithMissingValues() {
        SeriesSum s = SeriesSum.of(3).add(new double[] {1.0, Double.NaN, 2.0}).add(new double[] {3.0, Double.NaN, 0.5});
        assertThat(s.values(Aggregation.SUM)).containsExactly(4.0, Double.NaN, 2.5);
        assertThat(s.values(Aggregation.MEAN)).containsExactly(2.0, Double.NaN, 1.25);
        assertThat(s.count(1)).isZero();
        // where each whole series' values begin, and how many have any: a series of NaN alone gives nothing
        s.add(new double[] {Double.NaN, 7.0, Double.NaN}).add(new double[] {Double.NaN, Double.NaN, Double.NaN});
        assertThat(new int[] {s.firsts(0), s.firsts(1), s.firsts(2)}).containsExactly(2, 1, 0);
        assertThat(s.valuedSeries()).isEqualTo(3);
        SeriesSum other = SeriesSum.of(3).add(new double[] {Double.NaN, Double.NaN, 1.0});
        assertThat(other.merge(s).valuedSeries()).isEqualTo(4);
        assertThat(other.firsts(2)).isEqualTo(1);
        assertThatThrownBy(() -> s.add(new double[2])).hasMessageContaining("a series of 2 periods added to a sum of 3");
        assertThatThrownBy(() -> s.merge(SeriesSum.of(4))).hasMessageContaining("4 periods into one of 3");
    }

    /** Segments summed in three parts and merged give the frame's organisation series, bit for bit. */
    @Test
    void mergedPartsEqualTheFramesOrganisationSeries() {
        IntegrityModel model = IntegrityModel.builder()
                .proxy("tokens", "")
                .outcome("cycle", Direction.LOWER, "")
                .metric(new Metric("rate", Role.OUTCOME, Direction.LOWER, "", Aggregation.MEAN))
                .link("tokens", "cycle").build();
        Random r = new Random(7);
        List<Observation> rows = new ArrayList<>();
        LocalDate start = LocalDate.of(2024, 1, 1);
        for (int s = 0; s < 60; s++) {
            for (int d = 0; d < 40; d++) {
                if (r.nextInt(10) == 0) {
                    continue;
                }
                double scale = Math.pow(10, r.nextInt(12) - 4);
                rows.add(new Observation(start.plusDays(d), "s" + s, "tokens", scale * r.nextDouble()));
                rows.add(new Observation(start.plusDays(d), "s" + s, "cycle", r.nextGaussian() * scale));
                rows.add(new Observation(start.plusDays(d), "s" + s, "rate", r.nextDouble() / 3));
            }
        }
        Frame frame = Frame.of(model, rows);
        for (String metric : List.of("tokens", "cycle", "rate")) {
            SeriesSum[] parts = {SeriesSum.of(frame.periodCount()), SeriesSum.of(frame.periodCount()),
                SeriesSum.of(frame.periodCount())};
            List<String> segments = new ArrayList<>(frame.segments());
            java.util.Collections.shuffle(segments, r);
            for (String s : segments) {
                parts[r.nextInt(3)].add(frame.series(s, metric));
            }
            double[] merged = parts[2].merge(parts[0]).merge(parts[1]).values(model.metric(metric).aggregation());
            double[] expected = frame.series(Segments.ALL, metric);
            for (int i = 0; i < expected.length; i++) {
                assertThat(Double.doubleToLongBits(merged[i])).as("%s period %d", metric, i)
                        .isEqualTo(Double.doubleToLongBits(expected[i]));
            }
        }
    }
}
