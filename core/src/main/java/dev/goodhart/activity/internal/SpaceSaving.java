package dev.goodhart.activity.internal;

import java.util.Arrays;

/**
 * Heavy hitters of a stream of 64-bit keys with {@code k} counters (Metwally, Agrawal &amp; El Abbadi 2005, "Efficient
 * computation of frequent and top-k elements in data streams"): every key seen more than n/k times is tracked, and a
 * tracked key's true count lies in [count - error, count]. Exact while at most k distinct keys have been seen.
 */
public final class SpaceSaving implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final long[] keys;
    private final long[] counts;
    private final long[] errors;
    private int size;

    /** An empty summary with {@code k} counters. */
    public SpaceSaving(int k) {
        keys = new long[k];
        counts = new long[k];
        errors = new long[k];
    }

    private SpaceSaving(SpaceSaving o) {
        keys = o.keys.clone();
        counts = o.counts.clone();
        errors = o.errors.clone();
        size = o.size;
    }

    /** Counts one occurrence of {@code key}. */
    public void add(long key) {
        for (int i = 0; i < size; i++) {
            if (keys[i] == key) {
                counts[i]++;
                return;
            }
        }
        if (size < keys.length) {
            keys[size] = key;
            counts[size] = 1;
            errors[size] = 0;
            size++;
            return;
        }
        int min = 0;
        for (int i = 1; i < size; i++) {
            if (counts[i] < counts[min]) {
                min = i;
            }
        }
        keys[min] = key;
        errors[min] = counts[min];
        counts[min]++;
    }

    /** Number of tracked keys. */
    public int size() {
        return size;
    }

    /** Guaranteed lower bounds of the tracked keys' counts ({@code count - error}), largest first. */
    public long[] guaranteedCounts() {
        long[] g = new long[size];
        for (int i = 0; i < size; i++) {
            g[i] = counts[i] - errors[i];
        }
        Arrays.sort(g);
        for (int i = 0, j = size - 1; i < j; i++, j--) {
            long t = g[i];
            g[i] = g[j];
            g[j] = t;
        }
        return g;
    }

    /** An independent copy. */
    public SpaceSaving copy() {
        return new SpaceSaving(this);
    }

    /** Bytes of state for {@code k} counters. */
    public static int bytes(int k) {
        return 24 * k + 64;
    }
}
