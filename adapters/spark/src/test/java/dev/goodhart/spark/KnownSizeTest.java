package dev.goodhart.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.Frame;
import dev.goodhart.model.Granularity;
import dev.goodhart.scoring.Examination;
import dev.goodhart.scoring.Scorer;
import dev.goodhart.scoring.StagedScorer;
import dev.goodhart.sim.zoo.Zoo;
import dev.goodhart.spark.internal.SegmentWork;
import dev.goodhart.spark.internal.SizedList;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.util.SizeEstimator;
import org.junit.jupiter.api.Test;

/**
 * What is cached on the executors tells Spark its size, estimated once: Spark's own sizing of a cached partition walks
 * every element's objects about eleven times (23% of an executor's time at 10,000 segments, JFR). The size given must
 * be what Spark's walk would find for the element alone, and Spark must take it as is.
 */
class KnownSizeTest {
    @Test
    void aSegmentsWorkGivesSparkTheSizeOfItsOwnObjects() {
        Zoo.Organisation org = Zoo.generate(new Zoo.Cell(Granularity.DAY, Zoo.Coupling.LEVEL,
                Zoo.OutcomeType.DURATION, Zoo.Noise.QUIET, false), 1, 5);
        Frame frame = Frame.of(org.model(), org.observations());
        StagedScorer stages = new StagedScorer(Scorer.builder().build());
        String segment = org.kinds().keySet().iterator().next();
        List<Examination> examinations = stages.scorer().examine(org.model(), frame, segment);
        List<Serializable[]> summaries = new ArrayList<>();
        for (Examination e : examinations) {
            summaries.add(stages.summaries(org.model(), e));
        }
        Map<String, double[]> series = new LinkedHashMap<>();
        for (String m : frame.metrics()) {
            series.put(m, frame.series(segment, m));
        }
        SegmentWork work = SegmentWork.of(segment, examinations, summaries, series, List.of());
        long walked = SizeEstimator.estimate(List.of(segment, examinations, summaries, series, List.of()));
        // the parts are estimated one by one, so objects they share (the link, the metrics) count once per part
        assertThat(work.estimatedSize()).isBetween(walked, walked + walked / 2);
        assertThat(SizeEstimator.estimate(work)).isEqualTo(work.estimatedSize());
        // a segment's work at 200-odd days is kilobytes: examinations, findings and series
        assertThat(work.estimatedSize()).isGreaterThan(4_000);

        SizedList<Examination> list = SizedList.of(examinations);
        assertThat(list).containsExactlyElementsOf(examinations);
        // its own shell over the copy of the elements it holds (an unmodifiable list: no spare capacity)
        assertThat(SizeEstimator.estimate(list)).isEqualTo(list.estimatedSize())
                .isGreaterThan(SizeEstimator.estimate(List.copyOf(examinations)));
    }
}
