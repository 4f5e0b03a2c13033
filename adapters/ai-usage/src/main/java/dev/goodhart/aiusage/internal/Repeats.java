package dev.goodhart.aiusage.internal;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The records of one read by identity, to tell a repeat from a new record, with exact keys:
 * <ul>
 *   <li>Copilot and OpenAI ({@link #check}): a number per distinct identity (a user; a grouping) and the record's
 *       period (a day; a bucket's day, hour or minute, and which of them), in one 64-bit key, with a 32-bit hash of the
 *       values the record counts and the line it was first seen on, to tell a repeat (same key, same values) from a
 *       conflicting record (same key, other values). Only the check of the values is a hash: a record with other
 *       values is taken for a repeat when its hash is the same, about once in 2^32 such records.</li>
 *   <li>Bedrock ({@link #firstRequest}): the request ids seen, a UUID (8-4-4-4-12 hex digits, either case) as its 128
 *       bits, any other id as its text. The invocation's counts are not compared.</li>
 * </ul>
 * Memory: open-addressing tables of 16 bytes a slot, between three eighths and three quarters full (21 to 43 bytes a
 * record; up to 64 while a table doubles), plus one map entry per distinct Copilot user or OpenAI grouping (its text,
 * about 100 to 300 bytes). Not thread-safe.
 */
public final class Repeats {
    /** {@link #check} of a record not seen before. */
    public static final long NEW = 0;
    /** The most distinct identities: 2^28 - 1 (the key keeps 35 bits for the period). */
    static final int MAX_IDS = (1 << 28) - 1;
    /** Added to a period so that Copilot's days from 1900 (epoch day -25,567) are not negative. */
    private static final long SLOT_OFFSET = 1 << 15;
    /** The largest period that fits: an OpenAI minute before the year 10000 is below 2^33 - 2^15. */
    private static final long MAX_SLOT = (1L << 33) - SLOT_OFFSET - 1;

    private final Map<String, Integer> ids = new HashMap<>();
    private long[] keys = new long[1024];
    private long[] values = new long[1024];
    private int size;

    private long[] high = new long[1024];
    private long[] low = new long[1024];
    private int uuids;
    private boolean nilUuid;
    private final Set<String> otherIds = new HashSet<>();

    /**
     * Remembers a record known by {@code identity} (a Copilot user, an OpenAI grouping) in {@code slot} (a Copilot
     * day; an OpenAI bucket's UTC day, hour or minute) of {@code kind} (0 to 3: which of them) and says whether it
     * was seen: {@link #NEW}; the line it was first seen on when the values ({@code content}, a hash) are the same (a
     * repeat); minus that line when they differ.
     *
     * @throws IllegalArgumentException for a slot outside the years 1900 to 9999 or more than {@link #MAX_IDS}
     *                                  identities
     */
    public long check(String identity, long slot, int kind, int content, long line) {
        if (slot < -SLOT_OFFSET || slot > MAX_SLOT || kind < 0 || kind > 3) {
            throw new IllegalArgumentException("a period out of range: " + slot);
        }
        Integer known = ids.get(identity);
        int id;
        if (known == null) {
            if (ids.size() >= MAX_IDS) {
                throw new IllegalArgumentException("more than " + MAX_IDS + " distinct users or groupings");
            }
            id = ids.size() + 1;
            ids.put(identity, id);
        } else {
            id = known;
        }
        long k = key(id, slot, kind);
        int i = probe(k);
        if (keys[i] == k) {
            long first = values[i] & 0xFFFF_FFFFL;
            return (int) (values[i] >>> 32) == content ? first : -first;
        }
        keys[i] = k;
        values[i] = ((long) content << 32) | (Math.min(line, 0xFFFF_FFFFL) & 0xFFFF_FFFFL);
        if (++size * 4L > keys.length * 3L) {
            long[][] grown = grow(keys, values);
            keys = grown[0];
            values = grown[1];
        }
        return NEW;
    }

    /**
     * The line a record known by {@code identity} in {@code slot} of {@code kind} was first seen on ({@link #check}),
     * or {@link #NEW} when none was; remembers nothing.
     */
    public long find(String identity, long slot, int kind) {
        // a kept value's line is at least 1, so its low 32 bits are never NEW's
        return kept(identity, slot, kind) & 0xFFFF_FFFFL;
    }

    /**
     * What {@link #check} kept of a record known by {@code identity} in {@code slot} of {@code kind}: the values'
     * hash ({@code content}) in the high 32 bits and the line it was first seen on in the low 32; {@link #NEW} when
     * none was; remembers nothing.
     */
    public long kept(String identity, long slot, int kind) {
        Integer id = ids.get(identity);
        if (id == null || slot < -SLOT_OFFSET || slot > MAX_SLOT) {
            return NEW;
        }
        long k = key(id, slot, kind);
        int i = probe(k);
        return keys[i] == k ? values[i] : NEW;
    }

    /**
     * Adds {@code bits} to the values {@link #check} kept of a record known by {@code identity} in {@code slot} of
     * {@code kind} (its hash, or what a caller keeps there); nothing when none was checked.
     */
    public void addBits(String identity, long slot, int kind, int bits) {
        long k = key(identity, slot, kind);
        if (k == 0) {
            return;
        }
        int i = probe(k);
        if (keys[i] == k) {
            values[i] |= (long) bits << 32;
        }
    }

    /**
     * The exact key under which {@link #check} keeps a record known by {@code identity} in {@code slot} of
     * {@code kind}, to keep more of it elsewhere ({@link BucketPlaces}); 0 when no record of the identity was checked,
     * or for a slot out of range.
     */
    public long key(String identity, long slot, int kind) {
        Integer id = ids.get(identity);
        return id == null || slot < -SLOT_OFFSET || slot > MAX_SLOT || kind < 0 || kind > 3 ? 0 : key(id, slot, kind);
    }

    /** Exact: the identity's number (28 bits, never 0), the period (33 bits) and its kind (2 bits); never 0. */
    private static long key(int id, long slot, int kind) {
        return (long) id << 35 | (slot + SLOT_OFFSET) << 2 | kind;
    }

    /** The slot of {@code k} in {@link #keys}: where it is, or the empty slot where it would go. */
    private int probe(long k) {
        int mask = keys.length - 1;
        int i = (int) mix(k) & mask;
        while (keys[i] != 0 && keys[i] != k) {
            i = (i + 1) & mask;
        }
        return i;
    }

    /** Remembers a Bedrock request id; false when it was seen before. */
    public boolean firstRequest(String requestId) {
        if (!isUuid(requestId)) {
            return otherIds.add(requestId);
        }
        long hi = hex(requestId, 0, 18);
        long lo = hex(requestId, 19, 36);
        if (hi == 0 && lo == 0) {
            boolean first = !nilUuid;
            nilUuid = true;
            return first;
        }
        int mask = high.length - 1;
        int i = (int) mix(hi ^ mix(lo)) & mask;
        while (high[i] != 0 || low[i] != 0) {
            if (high[i] == hi && low[i] == lo) {
                return false;
            }
            i = (i + 1) & mask;
        }
        high[i] = hi;
        low[i] = lo;
        if (++uuids * 4L > high.length * 3L) {
            long[] h = high;
            long[] l = low;
            high = new long[h.length * 2];
            low = new long[h.length * 2];
            int m = high.length - 1;
            for (int j = 0; j < h.length; j++) {
                if (h[j] != 0 || l[j] != 0) {
                    int at = (int) mix(h[j] ^ mix(l[j])) & m;
                    while (high[at] != 0 || low[at] != 0) {
                        at = (at + 1) & m;
                    }
                    high[at] = h[j];
                    low[at] = l[j];
                }
            }
        }
        return true;
    }

    /**
     * Whether {@code s} is a UUID as AWS writes request ids: 8-4-4-4-12 hex digits, in lower or upper case (its 128
     * bits are the same: one id).
     */
    static boolean isUuid(String s) {
        if (s.length() != 36) {
            return false;
        }
        for (int i = 0; i < 36; i++) {
            char c = s.charAt(i);
            if (i == 8 || i == 13 || i == 18 || i == 23) {
                if (c != '-') {
                    return false;
                }
            } else if (!(c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F')) {
                return false;
            }
        }
        return true;
    }

    /** The hexadecimal digits of {@code s[from, to)} as a number, the hyphens skipped (16 digits: 64 bits). */
    private static long hex(String s, int from, int to) {
        long v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c != '-') {
                v = v << 4 | Character.digit(c, 16);
            }
        }
        return v;
    }

    private static long[][] grow(long[] k, long[] v) {
        long[] keys = new long[k.length * 2];
        long[] values = new long[k.length * 2];
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
        return new long[][] {keys, values};
    }

    /** Records remembered. */
    public int size() {
        return size + uuids + (nilUuid ? 1 : 0) + otherIds.size();
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
        x *= 0xC4CEB9FE1A85EC53L;
        x ^= x >>> 33;
        return x;
    }

    @Override
    public String toString() {
        return "Repeats[" + size() + " records]";
    }
}
