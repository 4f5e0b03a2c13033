package dev.goodhart.benchmarks;

import dev.goodhart.stats.Correlations;
import dev.goodhart.stats.Rolling;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * Rolling correlations, window 30, over 100,000 points: time per element (per window position). The {@code naive}
 * variants copy each window and compute it from scratch, as one would with Commons Math (reference: about 200 ns per
 * element for Pearson).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class RollingBenchmark {
    private static final int N = 100_000;
    private static final int WINDOW = 30;

    double[] x;
    double[] y;

    @Setup
    public void generate() {
        SplittableRandom r = new SplittableRandom(5);
        x = new double[N];
        y = new double[N];
        for (int i = 0; i < N; i++) {
            x[i] = 1000 + r.nextGaussian();
            y[i] = 0.5 * x[i] + r.nextGaussian();
        }
    }

    /** O(1) per step. */
    @Benchmark
    @OperationsPerInvocation(N)
    public double[] pearson() {
        return Rolling.pearson(x, y, WINDOW);
    }

    /** Incremental mid-ranks, O(window) per step. */
    @Benchmark
    @OperationsPerInvocation(N)
    public double[] spearman() {
        return Rolling.spearman(x, y, WINDOW);
    }

    /** Each window copied and computed from scratch. */
    @Benchmark
    @OperationsPerInvocation(N)
    public void pearsonNaive(Blackhole bh) {
        for (int i = WINDOW - 1; i < N; i++) {
            bh.consume(Correlations.pearsonEstimate(Arrays.copyOfRange(x, i - WINDOW + 1, i + 1),
                    Arrays.copyOfRange(y, i - WINDOW + 1, i + 1)));
        }
    }

    /** Each window copied, ranked (sorted) and computed from scratch. */
    @Benchmark
    @OperationsPerInvocation(N)
    public void spearmanNaive(Blackhole bh) {
        for (int i = WINDOW - 1; i < N; i++) {
            bh.consume(Correlations.spearman(Arrays.copyOfRange(x, i - WINDOW + 1, i + 1),
                    Arrays.copyOfRange(y, i - WINDOW + 1, i + 1)).estimate());
        }
    }
}
