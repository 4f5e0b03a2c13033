package dev.goodhart.scoring;

import dev.goodhart.model.Frame;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Observation;
import dev.goodhart.report.IntegrityReport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.sim.Organisations;
import dev.goodhart.sim.Scenario;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Parallel scoring gives exactly the sequential report, on any executor. */
class ParallelScoringTest {
    private static List<Observation> organisation() {
        List<Observation> obs = new ArrayList<>();
        long seed = 9;
        for (Scenario s : Scenario.values()) {
            obs.addAll(Organisations.of(s, 20, seed, 104, 52));
            seed += 1000;
        }
        return obs;
    }

    @Test
    void parallelEqualsSequential() {
        IntegrityModel model = Organisations.model(52);
        Frame frame = Frame.of(model, organisation());
        IntegrityReport sequential = Scorer.defaults().score(model, frame);
        IntegrityReport common = Scorer.builder().parallel().build().score(model, frame);
        assertThat(common).isEqualTo(sequential);
        assertThat(common.toText()).isEqualTo(sequential.toText());

        AtomicInteger tasks = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            IntegrityReport own = Scorer.builder().executor(r -> {
                tasks.incrementAndGet();
                pool.execute(r);
            }).build().score(model, frame);
            assertThat(own).isEqualTo(sequential);
        } finally {
            pool.shutdown();
        }
        assertThat(tasks.get()).as("the user's executor ran the segments").isGreaterThan(1);
    }

    @Test
    void aFailureOnAWorkerReachesTheCaller() {
        IntegrityModel model = Organisations.model(52);
        Frame frame = Frame.of(model, organisation());
        dev.goodhart.detect.Detector broken = new dev.goodhart.detect.Detector() {
            @Override
            public String name() {
                return "broken";
            }

            @Override
            public dev.goodhart.detect.Description description() {
                return dev.goodhart.detect.Description.of(0.5, false, "a test double");
            }

            @Override
            public dev.goodhart.detect.DetectorResult detect(dev.goodhart.detect.PairSeries pair) {
                throw new IllegalStateException("detector bug in " + pair.segment());
            }
        };
        Scorer scorer = Scorer.builder().detectors(List.of(broken)).parallel().build();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> scorer.score(model, frame))
                .isInstanceOf(IllegalStateException.class).hasMessageStartingWith("detector bug in ");
    }
}
