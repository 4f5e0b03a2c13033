package dev.goodhart.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A spilled frame equals the in-memory one and survives what a shared frame meets: interrupts, closing. */
class SpilledFrameTest {
    @TempDir
    Path dir;

    private static IntegrityModel model() {
        return IntegrityModel.builder().proxy("tokens", "tokens").outcome("output", Direction.HIGHER, "")
                .link("tokens", "output").build();
    }

    private static List<Observation> rows() {
        List<Observation> out = new ArrayList<>();
        LocalDate start = LocalDate.of(2025, 1, 6);
        for (int s = 0; s < 50; s++) {
            for (int d = 0; d < 60; d++) {
                out.add(new Observation(start.plusDays(d), "team-" + s, "tokens", 1000 + s * 10 + d));
                out.add(new Observation(start.plusDays(d), "team-" + s, "output", 50 + s + d % 7));
            }
        }
        return out;
    }

    @Test
    void aSpilledFrameHasTheSameSeries() {
        Frame memory = Frame.of(model(), rows());
        Frame.Builder b = Frame.builder(model()).spillTo(dir);
        rows().forEach(b::add);
        try (Frame spilled = b.build()) {
            assertThat(spilled.spilled()).isTrue();
            assertThat(spilled.segments()).isEqualTo(memory.segments());
            for (String s : memory.segments()) {
                for (String m : List.of("tokens", "output")) {
                    assertThat(spilled.series(s, m)).isEqualTo(memory.series(s, m));
                }
            }
        }
    }

    /**
     * The last segment in order with only the first of the metrics (tokens, no output): its record in the series file
     * ends before its output's place, and summing the organisation read past the file's end ("the frame's series file
     * is shorter than written", a reviewer's --spill always).
     */
    @Test
    void aLastSegmentWithoutItsLastMetricSpillsAsInMemory() {
        List<Observation> rows = rows();
        for (int d = 0; d < 60; d++) {
            rows.add(new Observation(LocalDate.of(2025, 1, 6).plusDays(d), "zz-tokens-only", "tokens", 5000));
        }
        Frame memory = Frame.of(model(), rows);
        Frame.Builder b = Frame.builder(model()).spillTo(dir);
        rows.forEach(b::add);
        try (Frame spilled = b.build()) {
            assertThat(spilled.segments()).isEqualTo(memory.segments()).last().isEqualTo("zz-tokens-only");
            for (String m : List.of("tokens", "output")) {
                assertThat(spilled.series("*", m)).isEqualTo(memory.series("*", m));
            }
            assertThat(spilled.series("zz-tokens-only", "tokens")).isEqualTo(memory.series("zz-tokens-only", "tokens"));
        }
    }

    /** Review regression: an interrupted reader closed the file channel for every other user of the frame. */
    @Test
    void anInterruptedReaderDoesNotBreakTheFrameForOthers() throws Exception {
        Frame.Builder b = Frame.builder(model()).spillTo(dir);
        rows().forEach(b::add);
        try (Frame spilled = b.build()) {
            double[] expected = spilled.series("team-7", "tokens");
            AtomicReference<Throwable> seen = new AtomicReference<>();
            Thread reader = new Thread(() -> {
                Thread.currentThread().interrupt();
                try {
                    spilled.series("team-3", "output");
                } catch (Throwable t) {
                    seen.set(t);
                }
            });
            reader.start();
            reader.join();
            assertThat(seen.get()).isInstanceOf(UncheckedIOException.class).hasMessageContaining("interrupted");
            assertThat(spilled.series("team-7", "tokens")).isEqualTo(expected);
        }
    }

    @Test
    void aClosedFrameSaysSoAndLeavesNoFile() throws Exception {
        Frame.Builder b = Frame.builder(model()).spillTo(dir);
        rows().forEach(b::add);
        Frame spilled = b.build();
        spilled.close();
        assertThatThrownBy(() -> spilled.series("team-7", "tokens")).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        try (Stream<Path> left = Files.list(dir)) {
            assertThat(left).isEmpty();
        }
    }
}
