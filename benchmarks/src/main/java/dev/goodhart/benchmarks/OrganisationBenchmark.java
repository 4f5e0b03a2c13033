package dev.goodhart.benchmarks;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Frame;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.model.Observation;
import dev.goodhart.scoring.Scorer;
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
 * A whole organisation: segments x 365 days, one proxy and one outcome, every detector (per segment and across
 * segments), sequentially and on all cores. Divide the time by segments x 365 x 2 for the time per data point.
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class OrganisationBenchmark {
    private static final LocalDate START = LocalDate.of(2024, 1, 1);
    private static final int DAYS = 365;

    @Param({"10000"})
    int segments;

    /**
     * The outcome's weekdays: {@code alike} in noise, or {@code noisyWeekend} (each weekend day's output with 30% more
     * log noise of its own, as a daily mean of the few items a weekend closes), where the expected response weighs
     * every segment's days by their weekday's noise and reads each baseline week's weights without it.
     */
    @Param({"alike", "noisyWeekend"})
    String weekend;

    IntegrityModel model;
    Frame frame;

    /** Builds the organisation's frame, 10% of segments gamed. */
    @Setup(Level.Trial)
    public void build() {
        model = IntegrityModel.builder().proxy("tokens", "tokens").outcome("output", Direction.HIGHER, "units")
                .link("tokens", "output").intervention(START.plusDays(DAYS / 2), "quota").build();
        Frame.Builder b = Frame.builder(model);
        SplittableRandom r = new SplittableRandom(3);
        for (int s = 0; s < segments; s++) {
            double[][] series = ScoringBenchmark.pairSeries(r, s % 10 == 0);
            if (weekend.equals("noisyWeekend")) {
                for (int t = 0; t < DAYS; t++) {
                    if (START.plusDays(t).getDayOfWeek().getValue() >= 6) {
                        series[1][t] *= Math.exp(0.3 * r.nextGaussian());
                    }
                }
            }
            String name = "team-" + s;
            for (int t = 0; t < DAYS; t++) {
                b.add(new Observation(START.plusDays(t), name, "tokens", series[0][t]));
                b.add(new Observation(START.plusDays(t), name, "output", series[1][t]));
            }
        }
        frame = b.build();
    }

    /** Every segment on the calling thread. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public IntegrityReport sequential() {
        return Scorer.defaults().score(model, frame);
    }

    /** Segments on the common pool (every core). */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public IntegrityReport parallel() {
        return Scorer.builder().parallel().build().score(model, frame);
    }
}
