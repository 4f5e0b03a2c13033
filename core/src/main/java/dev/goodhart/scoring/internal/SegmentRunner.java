package dev.goodhart.scoring.internal;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import java.util.stream.IntStream;

/**
 * Runs one piece of work per segment: on the calling thread, or on an executor in chunks so that a task is worth
 * scheduling. The result is in the segments' order and does not depend on which thread ran what; an exception thrown
 * by the work is rethrown as it is.
 */
public final class SegmentRunner {
    private SegmentRunner() {
    }

    /**
     * The work applied to every segment.
     *
     * @param segments the segments, in the order of the result
     * @param work     what to do for one segment
     * @param executor where to run, or null for the calling thread
     * @param done     called after each segment (progress), from the thread that did it
     * @param <T>      the result per segment
     * @return one result per segment, in order
     */
    @SuppressWarnings("unchecked")
    public static <T> List<T> map(List<String> segments, Function<String, T> work, Executor executor, Runnable done) {
        int n = segments.size();
        Object[] out = new Object[n];
        if (executor == null || n < 2) {
            for (int i = 0; i < n; i++) {
                out[i] = work.apply(segments.get(i));
                done.run();
            }
            return (List<T>) Arrays.asList(out);
        }
        if (executor == ForkJoinPool.commonPool()) {
            // a parallel stream lets the calling thread work too: the common pool alone has only cores - 1 workers;
            // exceptions are caught where they happen and rethrown as they are: a parallel stream would wrap them
            AtomicReference<RuntimeException> failure = new AtomicReference<>();
            IntStream.range(0, n).parallel().forEach(i -> {
                if (failure.get() == null) {
                    try {
                        out[i] = work.apply(segments.get(i));
                        done.run();
                    } catch (RuntimeException e) {
                        failure.compareAndSet(null, e);
                    }
                }
            });
            if (failure.get() != null) {
                throw failure.get();
            }
            return (List<T>) Arrays.asList(out);
        }
        int chunk = Math.max(1, Math.min(64, n / (4 * Runtime.getRuntime().availableProcessors()) + 1));
        List<CompletableFuture<Void>> tasks = new ArrayList<>();
        // after one segment fails the others stop at their next segment: the result is thrown away anyway
        AtomicBoolean failed = new AtomicBoolean();
        for (int from = 0; from < n; from += chunk) {
            int start = from;
            int end = Math.min(n, from + chunk);
            tasks.add(CompletableFuture.runAsync(() -> {
                for (int i = start; i < end && !failed.get(); i++) {
                    try {
                        out[i] = work.apply(segments.get(i));
                    } catch (RuntimeException | Error e) {
                        failed.set(true);
                        throw e;
                    }
                    done.run();
                }
            }, executor));
        }
        try {
            CompletableFuture.allOf(tasks.toArray(new CompletableFuture[0])).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RuntimeException re) {
                throw re;
            }
            if (cause instanceof Error err) {
                throw err;
            }
            throw e;
        }
        return (List<T>) Arrays.asList(out);
    }
}
