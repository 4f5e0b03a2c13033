package dev.goodhart.examples;

import dev.goodhart.scoring.Scorer;
import java.util.concurrent.ForkJoinPool;

/**
 * The threads that examine the segments for one command ({@code --threads}): a pool of its own, shut down when the
 * command ends, or none where one thread is asked for or the machine has one core (the scorer then runs on the
 * calling thread). The library starts no threads; the command line, an application, uses the cores it is given.
 */
final class Workers implements AutoCloseable {
    /** The most threads a {@link ForkJoinPool} takes. */
    static final int MAX = 32_767;

    private final ForkJoinPool pool;

    private Workers(ForkJoinPool pool) {
        this.pool = pool;
    }

    /**
     * Refuses a number of threads below 1 or above what a pool takes, before any data is read.
     *
     * @throws UsageException if {@code threads} is below 1 or above {@value #MAX}
     */
    static void check(Integer threads) {
        if (threads != null && threads < 1) {
            throw new UsageException("--threads must be at least 1, found " + threads);
        }
        if (threads != null && threads > MAX) {
            throw new UsageException("--threads must be at most " + MAX + " (a fork-join pool's limit), found "
                    + threads);
        }
    }

    /**
     * @param threads how many threads, or null for every core the JVM sees
     * @throws UsageException if {@code threads} is below 1 or above {@value #MAX}
     */
    static Workers of(Integer threads) {
        check(threads);
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        return new Workers(n > 1 ? new ForkJoinPool(n) : null);
    }

    /** The scorer's builder with this pool as its executor, where there is one. */
    Scorer.Builder on(Scorer.Builder builder) {
        return pool == null ? builder : builder.executor(pool);
    }

    @Override
    public void close() {
        if (pool != null) {
            pool.shutdown();
        }
    }
}
