package dev.goodhart.benchmarks;

import dev.goodhart.activity.ActivityEvent;
import dev.goodhart.activity.ActivityLog;
import dev.goodhart.activity.ActivityReport;
import dev.goodhart.activity.ActivityScorer;
import java.time.Instant;
import java.util.Locale;
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

/**
 * Usage-log ingest and scoring: events per second into an {@link ActivityLog} (10,000 actors in 20 segments, events
 * pre-built so that generation is not measured), and one pass of 10 million events streamed through a log, scored at
 * the end, in the state of 10,000 actors (bounded memory: no event is kept).
 */
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgs = {"-Xmx1g"})
public class ActivityLogBenchmark {
    private static final int ACTORS = 10_000;
    private static final int BATCH = 1_000_000;

    ActivityEvent[] events;

    @Setup
    public void generate() {
        events = new ActivityEvent[BATCH];
        SplittableRandom r = new SplittableRandom(1);
        long t = Instant.parse("2025-03-03T00:00:00Z").toEpochMilli();
        for (int i = 0; i < BATCH; i++) {
            int actor = r.nextInt(ACTORS);
            t += r.nextInt(500);
            events[i] = new ActivityEvent(Instant.ofEpochMilli(t), "actor-" + actor, 1 + r.nextInt(4000),
                    "team-" + actor % 20, String.format(Locale.ROOT, "%08x:%016x%08x", r.nextInt(64), r.nextLong(),
                    r.nextInt()), null, r.nextInt(3) == 0 ? "PR-" + i : null);
        }
    }

    /** Events per second into a fresh log (throughput per operation = per event). */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 2, time = 2)
    @Measurement(iterations = 5, time = 2)
    @OperationsPerInvocation(BATCH)
    public ActivityLog ingest() {
        ActivityLog log = ActivityLog.create();
        for (ActivityEvent e : events) {
            log.accept(e);
        }
        return log;
    }

    /** Ten million events (the batch ten times, timestamps shifted) into one log, then scored. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 1)
    @Measurement(iterations = 3)
    public ActivityReport tenMillionEventsScored() {
        ActivityLog log = ActivityLog.create();
        long span = events[BATCH - 1].timestamp().toEpochMilli() - events[0].timestamp().toEpochMilli() + 1;
        for (int round = 0; round < 10; round++) {
            for (ActivityEvent e : events) {
                log.accept(round == 0 ? e : new ActivityEvent(e.timestamp().plusMillis(round * span), e.actor(),
                        e.tokens(), e.segment(), e.requestFingerprint(), e.agent(), e.artifact()));
            }
        }
        return ActivityScorer.defaults().score(log);
    }
}
