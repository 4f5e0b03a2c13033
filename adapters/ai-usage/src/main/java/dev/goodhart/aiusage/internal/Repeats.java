package dev.goodhart.aiusage.internal;

import java.nio.charset.StandardCharsets;

/**
 * The records of one read by identity (a 64-bit hash of what makes a record unique: a user and day, a bucket's start
 * and grouping, a request id), each with a 32-bit hash of the values it counts and the line it was first seen on, to
 * tell a repeat (same identity, same values) from a conflicting record (same identity, other values). An open-addressing
 * table of two longs a slot, at most three quarters full: about 21 bytes a record. Not thread-safe.
 */
public final class Repeats {
    /** {@link #check} of a record not seen before. */
    public static final long NEW = 0;

    private long[] keys = new long[1024];
    private long[] values = new long[1024];
    private int size;

    /**
     * Remembers a record and says whether it was seen: {@link #NEW}; the line it was first seen on when the values are
     * the same (a repeat); minus that line when they differ.
     */
    public long check(long key, int content, long line) {
        long k = key == 0 ? 1 : key;
        int mask = keys.length - 1;
        int i = (int) mix(k) & mask;
        while (keys[i] != 0) {
            if (keys[i] == k) {
                long first = values[i] & 0xFFFF_FFFFL;
                return (int) (values[i] >>> 32) == content ? first : -first;
            }
            i = (i + 1) & mask;
        }
        keys[i] = k;
        values[i] = ((long) content << 32) | (Math.min(line, 0xFFFF_FFFFL) & 0xFFFF_FFFFL);
        if (++size * 4L > keys.length * 3L) {
            grow();
        }
        return NEW;
    }

    private void grow() {
        long[] k = keys;
        long[] v = values;
        keys = new long[k.length * 2];
        values = new long[k.length * 2];
        int mask = keys.length - 1;
        for (int j = 0; j < k.length; j++) {
            if (k[j] != 0) {
                int i = (int) mix(k[j]) & mask;
                while (keys[i] != 0) {
                    i = (i + 1) & mask;
                }
                keys[i] = k[j];
                values[i] = v[j];
            }
        }
    }

    /** Records remembered. */
    public int size() {
        return size;
    }

    /** A 64-bit hash built from parts, each part's boundary marked so that ("ab", "c") and ("a", "bc") differ. */
    public static final class Hash {
        private long h = 0x6A09E667F3BCC908L;

        /** Adds a number. */
        public Hash add(long v) {
            h = mix(h ^ v) + 0x9E3779B97F4A7C15L;
            return this;
        }

        /** Adds a text, or null (which differs from every text). */
        public Hash add(String s) {
            if (s == null) {
                return add(0x5DEECE66DL);
            }
            byte[] b = s.getBytes(StandardCharsets.UTF_8);
            add(b.length);
            for (int i = 0; i < b.length; i += 8) {
                long w = 0;
                for (int j = i; j < Math.min(i + 8, b.length); j++) {
                    w = (w << 8) | (b[j] & 0xFF);
                }
                add(w);
            }
            return this;
        }

        /** The hash. */
        public long value() {
            return mix(h);
        }
    }

    /** MurmurHash3's 64-bit finaliser. */
    static long mix(long x) {
        x ^= x >>> 33;
        x *= 0xFF51AFD7ED558CCDL;
        x ^= x >>> 33;
        x *= 0xC4CEB93FE1A85EC3L;
        x ^= x >>> 33;
        return x;
    }

    @Override
    public String toString() {
        return "Repeats[" + size + " records]";
    }
}
