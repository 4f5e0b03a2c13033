package dev.goodhart.benchmarks;

import dev.goodhart.csv.CsvMetrics;
import java.io.IOException;
import java.io.StringReader;
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
import org.openjdk.jmh.annotations.Warmup;

/** Long-CSV ingest through {@link CsvMetrics}: rows per second (one operation = one row), from memory. */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class CsvIngestBenchmark {
    private static final int ROWS = 200_000;

    String csv;

    @Setup
    public void generate() {
        StringBuilder sb = new StringBuilder("date,segment,metric,value\n");
        LocalDate start = LocalDate.of(2024, 1, 1);
        for (int i = 0; i < ROWS; i++) {
            sb.append(start.plusDays(i / 200)).append(",team-").append(i % 100).append(i % 2 == 0 ? ",tokens," : ",output,")
                    .append(1000 + (i * 7919L) % 5000 / 7.0).append('\n');
        }
        csv = sb.toString();
    }

    @Benchmark
    @OperationsPerInvocation(ROWS)
    public long ingest() throws IOException {
        LongAdder sum = new LongAdder();
        return CsvMetrics.defaults().stream(new StringReader(csv), "bench.csv", o -> sum.increment());
    }
}
