package dev.goodhart.aiusage.internal;

import java.time.Instant;
import java.util.Arrays;

/**
 * Where the OpenAI buckets of one read were, to name a result read earlier in a message: the line of each bucket's
 * first result, its place in its page ({@code data[3]}), its start, end and width. Buckets are added in reading order
 * (their lines never fall). Memory: 28 bytes a bucket with results. Not thread-safe.
 */
public final class BucketPlaces {
    /** How far back {@link #find} looks among buckets at or before a line (a page on one line has up to 1,440). */
    private static final int SCAN = 4_096;

    private long[] lines = new long[64];
    private long[] starts = new long[64];
    private long[] ends = new long[64];
    /** Its place in its page plus one (0 for a bucket alone), times 4, plus its width's code ({@link #code}). */
    private int[] meta = new int[64];
    private int size;

    /**
     * Adds a bucket whose first result is on {@code line}: its times ({@code end} {@link Long#MIN_VALUE} without
     * one), its width as read and its place in its page ({@code data[3]}, empty for a bucket alone).
     */
    public void add(long line, long start, long end, long width, String at) {
        if (size == lines.length) {
            int n = size * 2;
            lines = Arrays.copyOf(lines, n);
            starts = Arrays.copyOf(starts, n);
            ends = Arrays.copyOf(ends, n);
            meta = Arrays.copyOf(meta, n);
        }
        int index = at.startsWith("data[") && at.endsWith("]") ? Integer.parseInt(at.substring(5, at.length() - 1))
                + 1 : 0;
        lines[size] = line;
        starts[size] = start;
        ends[size] = end;
        meta[size] = index << 2 | code(width);
        size++;
    }

    /**
     * The bucket of a result on {@code line} of the period {@code slot} (its start in units of {@code width}) and
     * that width: its index here, or -1 when none was added.
     */
    public int find(long line, long slot, long width) {
        int hi = upper(line);
        for (int i = hi; i >= 0 && i > hi - SCAN; i--) {
            if ((meta[i] & 3) == code(width) && Math.floorDiv(starts[i], width) == slot) {
                return i;
            }
        }
        return -1;
    }

    /** The start of bucket {@code i} ({@link #find}), in seconds. */
    public long start(int i) {
        return starts[i];
    }

    /** The end of bucket {@code i}, or without {@code end_time} the end of its period. */
    public long end(int i) {
        if (ends[i] != Long.MIN_VALUE) {
            return ends[i];
        }
        long w = width(meta[i] & 3);
        return (Math.floorDiv(starts[i], w) + 1) * w;
    }

    /**
     * A result's bucket in words, as messages name it: {@code line 3, data[1], 2025-01-12T17:31:00Z to
     * 2025-01-13T00:00:00Z} ({@code (no end_time)} without one; no place for a bucket alone); {@code line 3} alone
     * when the bucket was not added.
     */
    public String describe(long line, long slot, long width) {
        int i = find(line, slot, width);
        if (i < 0) {
            return "line " + line;
        }
        int index = (meta[i] >>> 2) - 1;
        return "line " + line + (index < 0 ? "" : ", data[" + index + "]") + ", " + Instant.ofEpochSecond(starts[i])
                + " to " + (ends[i] == Long.MIN_VALUE ? "(no end_time)" : Instant.ofEpochSecond(ends[i]));
    }

    /** The last bucket whose first result is on or before {@code line}; -1 for none. */
    private int upper(long line) {
        int lo = 0;
        int hi = size - 1;
        int found = -1;
        while (lo <= hi) {
            int mid = (lo + hi) >>> 1;
            if (lines[mid] <= line) {
                found = mid;
                lo = mid + 1;
            } else {
                hi = mid - 1;
            }
        }
        return found;
    }

    private static int code(long width) {
        return width == OpenAiParser.DAY ? 0 : width == OpenAiParser.HOUR ? 1 : 2;
    }

    private static long width(int code) {
        return code == 0 ? OpenAiParser.DAY : code == 1 ? OpenAiParser.HOUR : OpenAiParser.MINUTE;
    }

    /** Buckets added. */
    public int size() {
        return size;
    }

    @Override
    public String toString() {
        return "BucketPlaces[" + size + " buckets]";
    }
}
