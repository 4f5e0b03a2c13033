package dev.goodhart.benchmarks;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.Link;
import dev.goodhart.model.Metric;
import dev.goodhart.detect.Detector;
import dev.goodhart.detect.DetectorResult;
import dev.goodhart.detect.Detectors;
import dev.goodhart.detect.PairSeries;
import java.time.LocalDate;
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
 * Each detector on one 365-day pair (daily, weekends, gamed from the middle); see {@link OrganisationBenchmark} for
 * a whole organisation.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class ScoringBenchmark {
    private static final LocalDate START = LocalDate.of(2024, 1, 1);
    private static final int DAYS = 365;

    @Param({"coupling-decay", "yield-decay", "growth-divergence", "intervention-response", "change-point-asymmetry",
        "weekly-rhythm"})
    String detector;

    Detector chosen;
    PairSeries pair;

    /** A daily proxy and outcome with weekends; gamed adds 800 tokens a day from the middle. */
    static double[][] pairSeries(SplittableRandom r, boolean gamed) {
        double[] p = new double[DAYS];
        double[] o = new double[DAYS];
        double a = 0;
        for (int t = 0; t < DAYS; t++) {
            a = 0.5 * a + 0.13 * r.nextGaussian();
            double work = (1 + a) * (t % 7 >= 5 ? 0.35 : 1);
            p[t] = 1000 * work * (1 + 0.04 * r.nextGaussian()) + (gamed && t >= DAYS / 2 ? 800 : 0);
            o[t] = 50 * Math.pow(work, 0.6) * (1 + 0.04 * r.nextGaussian());
        }
        return new double[][] {p, o};
    }

    @Setup
    public void one() {
        chosen = Detectors.defaults().stream().filter(d -> d.name().equals(detector)).findFirst().orElseThrow();
        double[][] s = pairSeries(new SplittableRandom(1), true);
        pair = new PairSeries(Link.of("tokens", "output"), Metric.proxy("tokens", ""),
                Metric.outcome("output", Direction.HIGHER, ""), "team", Granularity.DAY, START, s[0], s[1], DAYS / 2,
                7, true);
    }

    /** One detector on one 365-day pair. */
    @Benchmark
    @BenchmarkMode(Mode.AverageTime)
    @OutputTimeUnit(TimeUnit.MICROSECONDS)
    @Warmup(iterations = 3, time = 1)
    @Measurement(iterations = 5, time = 1)
    public DetectorResult detector() {
        return chosen.detect(pair);
    }
}
