package dev.goodhart.benchmarks;

import dev.goodhart.model.Aggregation;
import dev.goodhart.model.SeriesSum;
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
 * The organisation's series of one metric from 10,000 segments x 365 days: the exact sum ({@link SeriesSum}, what
 * {@code Frame} does) against the running double sum it replaced. Time per organisation series; divide by 3.65 million
 * for the time per value added.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgs = {"-Xmx2g"})
public class SeriesSumBenchmark {
    private static final int DAYS = 365;

    @Param({"10000"})
    int segments;

    /** "counts": whole numbers (tokens, changes); "durations": values with fractions across three decades. */
    @Param({"counts", "durations"})
    String values;

    double[][] series;

    /** Each segment's series, about one value in twenty missing. */
    @Setup
    public void series() {
        SplittableRandom r = new SplittableRandom(5);
        series = new double[segments][DAYS];
        for (int s = 0; s < segments; s++) {
            double scale = Math.exp(1.5 * r.nextGaussian());
            for (int t = 0; t < DAYS; t++) {
                double v = values.equals("counts") ? Math.floor(1000 * scale * r.nextDouble())
                        : 30 * scale * Math.exp(0.3 * r.nextGaussian());
                series[s][t] = r.nextInt(20) == 0 ? Double.NaN : v;
            }
        }
    }

    /** Exact per-period sums, rounded once. */
    @Benchmark
    public double[] exact() {
        SeriesSum sum = SeriesSum.of(DAYS);
        for (double[] s : series) {
            sum.add(s);
        }
        return sum.values(Aggregation.SUM);
    }

    /** The running double sum in segment order (before). */
    @Benchmark
    public double[] naive() {
        double[] sum = new double[DAYS];
        int[] count = new int[DAYS];
        for (double[] s : series) {
            for (int t = 0; t < DAYS; t++) {
                if (!Double.isNaN(s[t])) {
                    sum[t] += s[t];
                    count[t]++;
                }
            }
        }
        double[] out = new double[DAYS];
        for (int t = 0; t < DAYS; t++) {
            out[t] = count[t] == 0 ? Double.NaN : sum[t];
        }
        return out;
    }
}
