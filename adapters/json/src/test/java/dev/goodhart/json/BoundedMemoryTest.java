package dev.goodhart.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.goodhart.activity.ActivityReport;
import dev.goodhart.detect.CouplingDecay;
import dev.goodhart.model.Direction;
import dev.goodhart.model.Frame;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.model.Metric;
import dev.goodhart.scoring.Scorer;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Memory that does not grow with the segments: 30,000 segments of 40 days score through a spilled frame and a streamed
 * report in a forked JVM with a 40 MB heap, where the in-memory path (the frame's doubles, the report, the JSON text:
 * about 3 KB a segment here) runs out of memory. One cheap per-segment detector keeps it to seconds: what is measured
 * is the pipeline, not the detectors.
 */
class BoundedMemoryTest {
    static final int SEGMENTS = 30_000;
    static final String HEAP = "-Xmx40m";

    @TempDir
    Path dir;

    @Test
    void aSpilledFrameAndAStreamedReportFitWhereTheInMemoryPathDoesNot() throws Exception {
        Fork spilled = fork("spill");
        assertEquals(0, spilled.status, spilled.output);
        assertTrue(spilled.output.contains("pairs " + (SEGMENTS + 1)), spilled.output);
        Fork memory = fork("memory");
        assertNotEquals(0, memory.status, "the in-memory path fits too, so this test shows nothing: " + memory.output);
        assertTrue(memory.output.contains("OutOfMemoryError"), memory.output);
    }

    private record Fork(int status, String output) {
    }

    private Fork fork(String mode) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                HEAP, "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), Main.class.getName(), mode,
                String.valueOf(SEGMENTS), dir.toString()));
        // the child's output goes to a file, so a child that hangs cannot block the reading: it is stopped instead
        Path log = dir.resolve(mode + ".log");
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("the forked " + mode + " run did not end within 120 s: "
                    + java.nio.file.Files.readString(log, StandardCharsets.UTF_8));
        }
        String out = java.nio.file.Files.readString(log, StandardCharsets.UTF_8);
        java.nio.file.Files.delete(log);
        return new Fork(p.exitValue(), out);
    }

    /** The forked scoring: {@code spill|memory SEGMENTS DIR}; prints "pairs N" on success. */
    public static final class Main {
        public static void main(String[] args) throws IOException {
            boolean spill = args[0].equals("spill");
            int segments = Integer.parseInt(args[1]);
            Path dir = Path.of(args[2]);
            IntegrityModel model = IntegrityModel.builder()
                    .metric(Metric.proxy("tokens", "tokens"))
                    .metric(Metric.outcome("cycle_time", Direction.LOWER, "hours"))
                    .link(Link.of("tokens", "cycle_time"))
                    .build();
            Frame.Builder b = Frame.builder(model);
            if (spill) {
                b.spillTo(dir);
            }
            SplittableRandom r = new SplittableRandom(1);
            LocalDate start = LocalDate.of(2025, 1, 6);
            for (int s = 0; s < segments; s++) {
                String name = "team-" + s;
                for (int d = 0; d < 40; d++) {
                    LocalDate date = start.plusDays(d);
                    b.add(date, name, "tokens", 100 + r.nextInt(50), 0, false);
                    b.add(date, name, "cycle_time", 20 + r.nextInt(5), 0, false);
                }
            }
            Scorer.Builder scorer = Scorer.builder().detectors(List.of(new CouplingDecay()));
            CountingWriter out = new CountingWriter();
            long pairs;
            try (Frame frame = b.build()) {
                if (spill) {
                    int[] count = new int[1];
                    scorer.spillTo(dir).build().score(model, frame, new CountingSink(
                            JsonReport.sink(out, ActivityReport.EMPTY), count));
                    pairs = count[0];
                } else {
                    var report = scorer.build().score(model, frame);
                    out.write(JsonReport.toJson(report));
                    pairs = report.pairs().size();
                }
            }
            System.out.println("pairs " + pairs + ", " + out.chars + " characters of JSON");
        }
    }

    /** Counts the pairs on their way to a sink. */
    private record CountingSink(dev.goodhart.report.ReportSink sink, int[] count)
            implements dev.goodhart.report.ReportSink {
        @Override
        public void start(dev.goodhart.report.ReportHeader header) {
            sink.start(header);
        }

        @Override
        public void pair(dev.goodhart.report.PairResult pair) {
            count[0]++;
            sink.pair(pair);
        }

        @Override
        public void end() {
            sink.end();
        }
    }

    /** A writer that only counts. */
    private static final class CountingWriter extends Writer {
        long chars;

        @Override
        public void write(char[] buf, int off, int len) {
            chars += len;
        }

        @Override
        public void flush() {
        }

        @Override
        public void close() {
        }
    }
}
