package dev.goodhart.benchmarks;

import dev.goodhart.model.Direction;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.scoring.LiveScorer;
import dev.goodhart.model.Observation;
import java.time.LocalDate;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * A platform's daily update: one new day for 10,000 segments (two metrics each) appended to a live scorer that already
 * holds 365 days, which closes the previous day and moves every segment's rolling coupling. Time per appended
 * observation; it does not grow with the history.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class LiveScorerBenchmark {
    private static final int SEGMENTS = 10_000;
    private static final LocalDate START = LocalDate.of(2024, 1, 1);

    LiveScorer live;
    Observation[] day;
    int nextDay;
    SplittableRandom random;

    @Setup(Level.Trial)
    public void history() {
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens").outcome("output", Direction.HIGHER, "")
                .link("tokens", "output").build();
        live = LiveScorer.of(model, 28);
        random = new SplittableRandom(1);
        for (nextDay = 0; nextDay < 365; nextDay++) {
            for (Observation o : dayOf(nextDay)) {
                live.append(o);
            }
        }
    }

    private Observation[] dayOf(int d) {
        Observation[] out = new Observation[2 * SEGMENTS];
        LocalDate date = START.plusDays(d);
        for (int s = 0; s < SEGMENTS; s++) {
            double work = 1 + 0.1 * random.nextGaussian();
            out[2 * s] = new Observation(date, "team-" + s, "tokens", 1000 * work);
            out[2 * s + 1] = new Observation(date, "team-" + s, "output", 50 * Math.pow(work, 0.6));
        }
        return out;
    }

    @Setup(Level.Invocation)
    public void nextDay() {
        day = dayOf(nextDay++);
    }

    /** Appends one day of every segment. */
    @Benchmark
    @OperationsPerInvocation(2 * SEGMENTS)
    public LiveScorer appendDay() {
        for (Observation o : day) {
            live.append(o);
        }
        return live;
    }
}
