package dev.goodhart.benchmarks;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Frame;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.csv.CsvMetrics;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Long-CSV ingest through {@link CsvMetrics}: rows per second (one operation = one row). {@code ingest} streams
 * observations from memory; {@code fileRows} streams them with their lines from a UTF-8 file (what the command line
 * does); {@code fileFrame} reads a file straight into a {@link Frame} ({@link CsvMetrics#frame}).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CsvIngestBenchmark {
    private static final int ROWS = 200_000;

    String csv;
    Path file;
    IntegrityModel model;

    @Setup
    public void generate() throws IOException {
        StringBuilder sb = new StringBuilder("date,segment,metric,value\n");
        LocalDate start = LocalDate.of(2024, 1, 1);
        for (int i = 0; i < ROWS; i++) {
            sb.append(start.plusDays(i / 200)).append(",team-").append(i % 100).append(i % 2 == 0 ? ",tokens," : ",output,")
                    .append(1000 + (i * 7919L) % 5000 / 7.0).append('\n');
        }
        csv = sb.toString();
        // the same values, one row per date, segment and metric (a frame refuses duplicates by default)
        StringBuilder distinct = new StringBuilder("date,segment,metric,value\n");
        for (int i = 0; i < ROWS; i++) {
            distinct.append(start.plusDays(i / 200)).append(",team-").append(i % 200 / 2)
                    .append(i % 2 == 0 ? ",tokens," : ",output,").append(1000 + (i * 7919L) % 5000 / 7.0).append('\n');
        }
        file = Files.createTempFile("csv-ingest", ".csv");
        Files.writeString(file, distinct, StandardCharsets.UTF_8);
        model = IntegrityModel.builder().proxy("tokens", "tokens").outcome("output", Direction.HIGHER, "units")
                .link("tokens", "output").build();
    }

    @TearDown
    public void delete() throws IOException {
        Files.deleteIfExists(file);
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long ingest() throws IOException {
        LongAdder sum = new LongAdder();
        return CsvMetrics.defaults().stream(new StringReader(csv), "bench.csv", o -> sum.increment());
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long fileRows() throws IOException {
        long[] lines = {0};
        CsvMetrics.defaults().streamRows(file, (o, line, column, timed) -> lines[0] += line);
        return lines[0];
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public Frame fileFrame() throws IOException {
        return CsvMetrics.defaults().frame(model, file);
    }
}
