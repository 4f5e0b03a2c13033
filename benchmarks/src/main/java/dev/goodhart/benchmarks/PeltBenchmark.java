package dev.goodhart.benchmarks;

import dev.goodhart.stats.ChangePointResult;
import dev.goodhart.stats.ChangePoints;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * PELT with MBIC on a normal series with a mean shift every n/10 points (time per call; divide by n for the time
 * per element). R changepoint 2.3 for comparison: {@code cpt.meanvar} about 500 ns per element, {@code cpt.mean} about
 * 200-260 ns per element.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class PeltBenchmark {
    @Param({"1000", "10000", "100000", "1000000"})
    int n;

    double[] series;

    @Setup
    public void generate() {
        SplittableRandom r = new SplittableRandom(42);
        series = new double[n];
        for (int i = 0; i < n; i++) {
            double level = (i / Math.max(1, n / 10)) % 2 == 0 ? 0 : 2;
            series[i] = level + Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
        }
    }

    /** Change in mean ({@code cpt.mean}). */
    @Benchmark
    public ChangePointResult mean() {
        return ChangePoints.pelt(series, ChangePoints.Cost.MEAN);
    }

    /** Change in mean and variance ({@code cpt.meanvar}). */
    @Benchmark
    public ChangePointResult meanVar() {
        return ChangePoints.pelt(series, ChangePoints.Cost.MEAN_VAR);
    }
}
