package dev.goodhart.aiusage.internal;

import java.time.Instant;

/**
 * Where some OpenAI results of one read were, to name them in a later message: the start and end of a result's bucket
 * and its place in its page ({@code data[3]}), kept under the result's exact key in {@link Repeats} (its grouping, its
 * period and the period's kind: {@link Repeats#key}), so that a lookup finds the result that key first held and never
 * another bucket of the same line or period. Kept only for the results a later refusal may name (the reader chooses:
 * a whole day bucket's, the first minute or hour bucket of a grouping and UTC day, a minute or hour bucket cut at its
 * start or end); the others are named by their line and their period's times.
 *
 * <p>Memory: an open-addressing table of 16 bytes a slot, between three eighths and three quarters full (21 to 43 bytes
 * a place kept; up to 64 while it doubles). Not thread-safe.
 */
public final class BucketPlaces {
    /** The widest offset and span kept (17 bits: a day is 86,400 seconds), and the largest place in a page (29 bits). */
    private static final long MAX_TIME = (1L << 17) - 1;
    private static final long MAX_INDEX = (1L << 29) - 2;

    private long[] keys = new long[64];
    private long[] values = new long[64];
    private int size;

    /**
     * Keeps the place of the result known by {@code key} ({@link Repeats#key}, never 0): its bucket's {@code start}
     * and {@code end} ({@link Long#MIN_VALUE} without {@code end_time}), within a day of {@code base} (the start of the
     * key's period), and its place in its page ({@code data[3]}; empty for a bucket alone). The first place kept for a
     * key stays; a key of 0, or times too far from {@code base}, keep nothing.
     */
    public void keep(long key, long base, long start, long end, String at) {
        long offset = start - base;
        long span = end == Long.MIN_VALUE ? 0 : end - start;
        if (key == 0 || offset < 0 || offset > MAX_TIME || span < 0 || span > MAX_TIME) {
            return;
        }
        long index = at != null && at.startsWith("data[") && at.endsWith("]")
                ? Long.parseLong(at.substring(5, at.length() - 1)) + 1 : 0;
        if (index > MAX_INDEX + 1) {
            index = 0;
        }
        int i = probe(key);
        if (keys[i] == key) {
            return;
        }
        keys[i] = key;
        values[i] = offset | span << 17 | index << 34;
        if (++size * 4L > keys.length * 3L) {
            grow();
        }
    }

    /** Whether a place was kept for {@code key}. */
    public boolean has(long key) {
        return key != 0 && keys[probe(key)] == key;
    }

    /** The start of the bucket kept for {@code key} ({@link #has}), its period starting at {@code base}. */
    public long start(long key, long base) {
        return base + (values[probe(key)] & MAX_TIME);
    }

    /**
     * The end of the bucket kept for {@code key} ({@link #has}), its period starting at {@code base}; without
     * {@code end_time}, {@code periodEnd}.
     */
    public long end(long key, long base, long periodEnd) {
        long v = values[probe(key)];
        long span = v >>> 17 & MAX_TIME;
        return span == 0 ? periodEnd : base + (v & MAX_TIME) + span;
    }

    /**
     * The bucket of the result first seen on {@code line} and known by {@code key} in words, as messages name it:
     * {@code line 3, data[1], 2025-01-12T17:31:00Z to 2025-01-13T00:00:00Z} ({@code (no end_time)} without one; no
     * place for a bucket alone). Where none was kept, its line and its period's times ({@code from}, {@code to}).
     */
    public String describe(long key, long base, long line, long from, long to) {
        if (!has(key)) {
            return "line " + line + ", " + Instant.ofEpochSecond(from) + " to " + Instant.ofEpochSecond(to);
        }
        long v = values[probe(key)];
        long index = (v >>> 34) - 1;
        long span = v >>> 17 & MAX_TIME;
        long start = base + (v & MAX_TIME);
        return "line " + line + (index < 0 ? "" : ", data[" + index + "]") + ", " + Instant.ofEpochSecond(start)
                + " to " + (span == 0 ? "(no end_time)" : Instant.ofEpochSecond(start + span));
    }

    /** The slot of {@code k}: where it is, or the empty slot where it would go. */
    private int probe(long k) {
        int mask = keys.length - 1;
        int i = (int) Repeats.mix(k) & mask;
        while (keys[i] != 0 && keys[i] != k) {
            i = (i + 1) & mask;
        }
        return i;
    }

    private void grow() {
        long[] k = keys;
        long[] v = values;
        keys = new long[k.length * 2];
        values = new long[k.length * 2];
        for (int j = 0; j < k.length; j++) {
            if (k[j] != 0) {
                int i = probe(k[j]);
                keys[i] = k[j];
                values[i] = v[j];
            }
        }
    }

    /** Places kept. */
    public int size() {
        return size;
    }

    @Override
    public String toString() {
        return "BucketPlaces[" + size + " places]";
    }
}
