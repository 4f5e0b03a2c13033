package dev.goodhart.benchmarks;

import dev.goodhart.model.Direction;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.model.Observation;
import dev.goodhart.scoring.Examination;
import dev.goodhart.scoring.LiveScorer;
import java.time.LocalDate;
import java.util.List;
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
 * A platform's daily update with up-to-date per-segment results: one new day for 10,000 segments (two metrics each,
 * one link) appended to a live scorer holding a year of history (365 days), then {@link LiveScorer#examinations()}
 * (every segment's and the organisation's examination, equal to {@code Scorer.examine} on the full frame). Time per
 * day, one thread. {@code lateRows}: rows of the still open day for 100 of the segments, then the examinations: only
 * those segments and the organisation are examined again. With and without an intervention (which fixes the baseline).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 4)
@Fork(value = 1, jvmArgs = {"-Xmx4g"})
public class LiveScorerDayBenchmark {
    private static final int SEGMENTS = 10_000;
    private static final int HISTORY = 365;
    private static final LocalDate START = LocalDate.of(2024, 1, 1);

    @Param({"true", "false"})
    boolean intervention;

    LiveScorer live;
    Observation[] day;
    Observation[] late;
    int nextDay;
    SplittableRandom random;

    @Setup(Level.Trial)
    public void history() {
        IntegrityModel.Builder b = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("output", Direction.HIGHER, "").link("tokens", "output");
        if (intervention) {
            b.intervention(START.plusDays(HISTORY / 2), "quota");
        }
        live = LiveScorer.of(b.build(), 28);
        random = new SplittableRandom(1);
        for (nextDay = 0; nextDay < HISTORY; nextDay++) {
            for (Observation o : dayOf(nextDay)) {
                live.append(o);
            }
        }
        live.examinations();
    }

    private Observation[] dayOf(int d) {
        Observation[] out = new Observation[2 * SEGMENTS];
        LocalDate date = START.plusDays(d);
        for (int s = 0; s < SEGMENTS; s++) {
            double work = 1 + 0.1 * random.nextGaussian();
            double quota = intervention && d >= HISTORY / 2 && s % 10 == 0 ? 1.5 : 1;
            out[2 * s] = new Observation(date, "team-" + s, "tokens", 1000 * work * quota);
            out[2 * s + 1] = new Observation(date, "team-" + s, "output", 50 * Math.pow(work, 0.6));
        }
        return out;
    }

    @Setup(Level.Invocation)
    public void nextDay() {
        day = dayOf(nextDay++);
        LocalDate open = START.plusDays(HISTORY - 1); // lateRows appends no day: the history's last day is open
        late = new Observation[100];
        for (int s = 0; s < late.length; s++) {
            late[s] = new Observation(open, "team-" + (s * 97), "tokens", 1);
        }
    }

    /** Appends one day of every segment and brings every examination up to date. */
    @Benchmark
    public List<Examination> appendDayAndExamine() {
        for (Observation o : day) {
            live.append(o);
        }
        return live.examinations();
    }

    /** Late rows of the open day for 100 segments, then the examinations (101 examined again, the rest cached). */
    @Benchmark
    public List<Examination> lateRowsAndExamine() {
        for (Observation o : late) {
            live.append(o);
        }
        return live.examinations();
    }

    /**
     * The organisation's examination alone after a day: its series sums every segment's, kept from the day before with
     * only the new periods summed ({@code Frame.Builder.segmentFrame}).
     */
    @Benchmark
    public Object appendDayAndExamineOrganisation() {
        for (Observation o : day) {
            live.append(o);
        }
        return live.examination(Link.of("tokens", "output"), "*");
    }
}
