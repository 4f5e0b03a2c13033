package dev.goodhart.scoring.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class SegmentRunnerTest {
    private static List<String> segments(int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add("s" + i);
        }
        return out;
    }

    @Test
    void resultsAreInSegmentOrderOnEveryPath() throws Exception {
        List<String> in = segments(1000);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            for (java.util.concurrent.Executor e : new java.util.concurrent.Executor[] {null, pool,
                    ForkJoinPool.commonPool()}) {
                AtomicInteger done = new AtomicInteger();
                List<String> out = SegmentRunner.map(in, s -> s + "!", e, done::incrementAndGet);
                assertEquals(1000, out.size());
                for (int i = 0; i < 1000; i++) {
                    assertEquals("s" + i + "!", out.get(i));
                }
                assertEquals(1000, done.get());
            }
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void aFailureOnAnExecutorStopsTheOtherChunksAndIsRethrownAsItIs() {
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            AtomicInteger calls = new AtomicInteger();
            IllegalStateException boom = new IllegalStateException("boom");
            // every other segment waits until the first has failed: a loaded machine may start the first chunk's
            // thread after the other thread has raced through the queue (4,783 of 5,000 once in CI without this)
            java.util.concurrent.CountDownLatch failing = new java.util.concurrent.CountDownLatch(1);
            IllegalStateException thrown = assertThrows(IllegalStateException.class, () -> SegmentRunner.map(
                    segments(5000), s -> {
                        calls.incrementAndGet();
                        if (s.equals("s0")) {
                            failing.countDown();
                            throw boom;
                        }
                        try {
                            failing.await(10, java.util.concurrent.TimeUnit.SECONDS);
                        } catch (InterruptedException e) {
                            Thread.currentThread().interrupt();
                        }
                        return s;
                    }, pool, () -> { }));
            assertSame(boom, thrown);
            // without stopping, all 5000 segments would be worked on; with it, at most the chunks already running
            assertTrue(calls.get() < 500, "worked on " + calls.get() + " of 5000 segments after the first failed");
        } finally {
            pool.shutdownNow();
        }
    }
}
