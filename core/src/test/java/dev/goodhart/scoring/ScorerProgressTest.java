package dev.goodhart.scoring;

import dev.goodhart.model.Frame;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.report.IntegrityReport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.sim.Organisations;
import dev.goodhart.sim.Scenario;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;

/** The optional progress listener: told of every examined pair, and the report does not depend on it. */
class ScorerProgressTest {
    @Test
    void countsEveryPairUpToTheTotalAndChangesNothing() {
        IntegrityModel model = Organisations.model(52);
        Frame frame = Frame.of(model, Organisations.of(Scenario.COUPLED_STEADY, 12, 3, 104, 52));
        ConcurrentLinkedQueue<long[]> calls = new ConcurrentLinkedQueue<>();
        IntegrityReport withProgress = Scorer.builder().progress((done, total) -> calls.add(new long[] {done, total}))
                .build().score(model, frame);
        long pairs = (long) model.links().size() * (frame.segments().size() + 1);
        assertThat(calls).hasSize((int) pairs);
        assertThat(calls).allSatisfy(c -> assertThat(c[1]).isEqualTo(pairs));
        assertThat(calls.stream().mapToLong(c -> c[0]).sorted().toArray())
                .containsExactly(java.util.stream.LongStream.rangeClosed(1, pairs).toArray());
        assertThat(withProgress).isEqualTo(Scorer.defaults().score(model, frame));

        ConcurrentLinkedQueue<Long> parallel = new ConcurrentLinkedQueue<>();
        Scorer.builder().parallel().progress((done, total) -> parallel.add(done)).build().score(model, frame);
        assertThat(List.copyOf(parallel)).hasSize((int) pairs).contains(pairs);
    }
}
