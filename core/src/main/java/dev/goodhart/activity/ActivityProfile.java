package dev.goodhart.activity;

import java.util.Arrays;
import java.util.Objects;

/**
 * When and how much one actor worked, for the charts of a report: small fixed-size histograms, never the events.
 * An array is empty when the log could not fill it (a day-level export has no hours; an event log has no daily
 * counts).
 *
 * @param byHour       events per hour of the day (24 bins, hour 0 first, in the log's zone), or empty
 * @param tokensByHour tokens per hour of the day (24 bins), or empty
 * @param byWeekday    activity per day of the week (7 bins, Monday first): events for an event log, prompts (or
 *                     requests) for a day-level export
 * @param dailyCounts  for a day-level export, how many active days had each daily count, in quarter-octave bins:
 *                     bin {@code b >= 1} holds counts from {@code 2^((b-1)/4)} up to the next bin's start (see
 *                     {@link #dailyCountBin}), bin 0 days with activity counted as zero; empty for an event log
 */
public record ActivityProfile(long[] byHour, long[] tokensByHour, long[] byWeekday, long[] dailyCounts)
        implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** The most daily-count bins: counts up to about 2^24 (16.7 million). */
    public static final int DAILY_BINS = 98;

    /** A profile with nothing in it (reports read back from a file that had none). */
    public static final ActivityProfile NONE = new ActivityProfile(new long[0], new long[0], new long[0], new long[0]);

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if an array has the wrong length (24, 24, 7, at most {@link #DAILY_BINS}, or
     *                                  0) or a negative count
     */
    public ActivityProfile {
        byHour = check("byHour", byHour, 24);
        tokensByHour = check("tokensByHour", tokensByHour, 24);
        byWeekday = check("byWeekday", byWeekday, 7);
        Objects.requireNonNull(dailyCounts, "dailyCounts");
        if (dailyCounts.length > DAILY_BINS) {
            throw new IllegalArgumentException("dailyCounts: at most " + DAILY_BINS + " bins, found " + dailyCounts.length);
        }
        dailyCounts = check("dailyCounts", dailyCounts, dailyCounts.length);
    }

    private static long[] check(String name, long[] v, int length) {
        Objects.requireNonNull(v, name);
        if (v.length != 0 && v.length != length) {
            throw new IllegalArgumentException(name + ": expected " + length + " bins or none, found " + v.length);
        }
        for (long x : v) {
            if (x < 0) {
                throw new IllegalArgumentException(name + ": counts must be >= 0, found " + x);
            }
        }
        return v.clone();
    }

    /** The daily-count bin of a day with {@code count} units of activity. */
    public static int dailyCountBin(long count) {
        if (count <= 0) {
            return 0;
        }
        return (int) Math.min(DAILY_BINS - 1, 1 + Math.floor(4 * Math.log(count) / Math.log(2) + 1e-9));
    }

    /** The smallest count in daily-count bin {@code b} (0 for bin 0). */
    public static long dailyCountBinLow(int b) {
        return b == 0 ? 0 : (long) Math.ceil(Math.pow(2, (b - 1) / 4.0) - 1e-9);
    }

    /** Whether the profile holds nothing. */
    public boolean isEmpty() {
        return byHour.length == 0 && tokensByHour.length == 0 && byWeekday.length == 0 && dailyCounts.length == 0;
    }

    @Override
    public long[] byHour() {
        return byHour.clone();
    }

    @Override
    public long[] tokensByHour() {
        return tokensByHour.clone();
    }

    @Override
    public long[] byWeekday() {
        return byWeekday.clone();
    }

    @Override
    public long[] dailyCounts() {
        return dailyCounts.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ActivityProfile p && Arrays.equals(byHour, p.byHour)
                && Arrays.equals(tokensByHour, p.tokensByHour) && Arrays.equals(byWeekday, p.byWeekday)
                && Arrays.equals(dailyCounts, p.dailyCounts);
    }

    @Override
    public int hashCode() {
        return Objects.hash(Arrays.hashCode(byHour), Arrays.hashCode(tokensByHour), Arrays.hashCode(byWeekday),
                Arrays.hashCode(dailyCounts));
    }

    @Override
    public String toString() {
        return "ActivityProfile[byHour=" + Arrays.toString(byHour) + ", tokensByHour=" + Arrays.toString(tokensByHour)
                + ", byWeekday=" + Arrays.toString(byWeekday) + ", dailyCounts=" + Arrays.toString(dailyCounts) + "]";
    }
}
