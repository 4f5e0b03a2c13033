package dev.goodhart.aiusage.internal;

import java.util.BitSet;

/**
 * Where the OpenAI buckets of one read start and end near midnight UTC, to tell the width of a bucket of an hour or
 * less at midnight from the buckets next to it in time, read before or after it ({@code OpenAiParser}): the midnights
 * where a bucket wider than an hour (a day bucket) starts or ends; where one of an hour or less starts (at midnight,
 * 00:01, 01:00) or ends (at 23:00, 23:59, midnight); and whether a day bucket starts at 00:01 or 01:00 on any day.
 * One bit per UTC day and place (the days up to the latest read: about 2.5 kB for each of the eight up to 2026, 365 kB
 * up to the year 9999). Not thread-safe.
 */
final class Midnights {
    private static final long DAY = OpenAiParser.DAY;
    private static final long HOUR = OpenAiParser.HOUR;
    private static final long MINUTE = OpenAiParser.MINUTE;
    /** The last UTC day (epoch day) kept: the day after 31 December 9999 (the latest start the parser reads). */
    private static final long LAST_DAY = 2_932_897;
    /** The times of day where a bucket of an hour or less starts ({@code STARTS}) or ends ({@code ENDS}) that are kept. */
    private static final long[] STARTS = {0, MINUTE, HOUR};
    private static final long[] ENDS = {0, DAY - MINUTE, DAY - HOUR};

    private final BitSet dayStarts = new BitSet();
    private final BitSet dayEnds = new BitSet();
    private final BitSet[] shorterStarts = {new BitSet(), new BitSet(), new BitSet()};
    private final BitSet[] shorterEnds = {new BitSet(), new BitSet(), new BitSet()};
    private boolean dayStartsAtMinute;
    private boolean dayStartsAtHour;

    /** Notes a bucket with an end time; true when it told something not known before. */
    boolean add(long start, long end) {
        boolean news = false;
        if (end - start > HOUR) {
            if (Math.floorMod(start, DAY) == 0) {
                news |= set(dayStarts, start);
            } else if (Math.floorMod(start, DAY) == HOUR && !dayStartsAtHour) {
                dayStartsAtHour = news = true;
            } else if (Math.floorMod(start, DAY) == MINUTE && !dayStartsAtMinute) {
                dayStartsAtMinute = news = true;
            }
            if (Math.floorMod(end, DAY) == 0) {
                news |= set(dayEnds, end);
            }
            return news;
        }
        for (int i = 0; i < STARTS.length; i++) {
            if (Math.floorMod(start, DAY) == STARTS[i]) {
                news |= set(shorterStarts[i], start);
            }
            if (Math.floorMod(end, DAY) == ENDS[i]) {
                news |= set(shorterEnds[i], end);
            }
        }
        return news;
    }

    /** Whether a bucket wider than an hour starts at the midnight {@code t}. */
    boolean dayStartsAt(long t) {
        return get(dayStarts, t);
    }

    /** Whether a bucket wider than an hour ends at the midnight {@code t}. */
    boolean dayEndsAt(long t) {
        return get(dayEnds, t);
    }

    /** Whether a bucket wider than an hour starts, on any day, at the time of day of {@code t} (00:01 or 01:00). */
    boolean dayStartsAtTimeOfDay(long t) {
        long offset = Math.floorMod(t, DAY);
        return offset == HOUR ? dayStartsAtHour : offset == MINUTE && dayStartsAtMinute;
    }

    /** Whether a bucket of an hour or less starts at {@code t} (at midnight, 00:01 or 01:00; false at another time). */
    boolean shorterStartsAt(long t) {
        for (int i = 0; i < STARTS.length; i++) {
            if (Math.floorMod(t, DAY) == STARTS[i]) {
                return get(shorterStarts[i], t);
            }
        }
        return false;
    }

    /** Whether a bucket of an hour or less ends at {@code t} (at 23:00, 23:59 or midnight; false at another time). */
    boolean shorterEndsAt(long t) {
        for (int i = 0; i < ENDS.length; i++) {
            if (Math.floorMod(t, DAY) == ENDS[i]) {
                return get(shorterEnds[i], t);
            }
        }
        return false;
    }

    /** Sets the bit of the UTC day {@code t} falls on; true when it was clear. */
    private static boolean set(BitSet bits, long t) {
        long day = Math.floorDiv(t, DAY);
        if (day < 0 || day > LAST_DAY || bits.get((int) day)) {
            return false;
        }
        bits.set((int) day);
        return true;
    }

    private static boolean get(BitSet bits, long t) {
        long day = Math.floorDiv(t, DAY);
        return day >= 0 && day <= LAST_DAY && bits.get((int) day);
    }

    @Override
    public String toString() {
        return "Midnights[" + dayStarts.cardinality() + " day starts, " + dayEnds.cardinality() + " day ends]";
    }
}
