package dev.goodhart.benchmarks;

import dev.goodhart.Direction;
import dev.goodhart.Frame;
import dev.goodhart.Granularity;
import dev.goodhart.IntegrityModel;
import dev.goodhart.IntegrityReport;
import dev.goodhart.Link;
import dev.goodhart.Metric;
import dev.goodhart.Observation;
import dev.goodhart.Scorer;
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
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Scoring: each detector on one 365-day pair, and a whole organisation (segments x 365 days, one proxy and one outcome,
 * every detector) sequentially and on all cores. Divide the organisation time by segments x 365 x 2 for the time per
 * data point.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class ScoringBenchmark {
    private static final LocalDate START = LocalDate.of(2024, 1, 1);
    private static final int DAYS = 365;

    @Param({"coupling-decay", "yield-decay", "growth-divergence", "intervention-response", "change-point-asymmetry"})
    String detector;

    Detector chosen;
    PairSeries pair;

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

    /** A whole organisation, 10 % of segments gamed. */
    @State(Scope.Benchmark)
    public static class Organisation {
        @Param({"10000"})
        int segments;

        IntegrityModel model;
        Frame frame;

        @Setup(Level.Trial)
        public void build() {
            model = IntegrityModel.builder().proxy("tokens", "tokens").outcome("output", Direction.HIGHER, "units")
                    .link("tokens", "output").intervention(START.plusDays(DAYS / 2), "quota").build();
            Frame.Builder b = Frame.builder(model);
            SplittableRandom r = new SplittableRandom(3);
            for (int s = 0; s < segments; s++) {
                double[][] series = pairSeries(r, s % 10 == 0);
                String name = "team-" + s;
                for (int t = 0; t < DAYS; t++) {
                    b.add(new Observation(START.plusDays(t), name, "tokens", series[0][t]));
                    b.add(new Observation(START.plusDays(t), name, "output", series[1][t]));
                }
            }
            frame = b.build();
        }
    }

    /** Every segment on the calling thread. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public IntegrityReport organisationSequential(Organisation o) {
        return Scorer.defaults().score(o.model, o.frame);
    }

    /** Segments on the common pool (every core). */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public IntegrityReport organisationParallel(Organisation o) {
        return Scorer.builder().parallel().build().score(o.model, o.frame);
    }
}
