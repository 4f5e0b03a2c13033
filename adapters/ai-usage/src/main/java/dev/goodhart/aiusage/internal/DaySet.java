package dev.goodhart.aiusage.internal;

import java.util.Arrays;

/** A set of epoch days as a bitset over the span seen: 46 bytes a year. Not thread-safe. */
public final class DaySet {
    private long[] bits = new long[0];
    private long base;

    /** Adds a day; true when it was not in the set. */
    public boolean add(long day) {
        if (bits.length == 0) {
            base = Math.floorDiv(day, 64) * 64;
            bits = new long[1];
        }
        if (day < base) {
            long grow = (base - day + 63) / 64;
            if (grow + bits.length > 1_000_000) {
                throw new IllegalArgumentException("days more than 170,000 years apart");
            }
            long[] b = new long[bits.length + (int) grow];
            System.arraycopy(bits, 0, b, (int) grow, bits.length);
            bits = b;
            base -= 64 * grow;
        }
        long i = day - base;
        if (i >= 64L * bits.length) {
            if (i / 64 + 1 > 1_000_000) {
                throw new IllegalArgumentException("days more than 170,000 years apart");
            }
            bits = Arrays.copyOf(bits, (int) (i / 64) + 1);
        }
        long mask = 1L << (i & 63);
        int w = (int) (i >>> 6);
        if ((bits[w] & mask) != 0) {
            return false;
        }
        bits[w] |= mask;
        return true;
    }
}
