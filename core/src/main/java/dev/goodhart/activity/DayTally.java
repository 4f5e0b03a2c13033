package dev.goodhart.activity;

/**
 * Requests counted into their local days in time order: the closed days as a {@link DailyRate}, the open day's count
 * apart until a later day's request arrives or the tally is {@linkplain #close closed}. Mutable, not thread-safe.
 */
final class DayTally implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /** The closed days. */
    final DailyRate rate;
    private long day = Long.MIN_VALUE;
    private long count;

    DayTally() {
        rate = new DailyRate();
    }

    private DayTally(DayTally o) {
        rate = o.rate.copy();
        day = o.day;
        count = o.count;
    }

    /** An independent copy. */
    DayTally copy() {
        return new DayTally(this);
    }

    /** Counts one request of local epoch day {@code localDay}; a later day closes the open one. */
    void count(long localDay) {
        if (localDay != day) {
            close();
            day = localDay;
        }
        count++;
    }

    /** Adds the open day, if any, to the closed ones. */
    void close() {
        if (count > 0) {
            rate.add(count);
        }
        count = 0;
    }

    @Override
    public String toString() {
        return "DayTally{rate=" + rate + ";day=" + day + ";count=" + count + "}";
    }

    /** Approximate bytes of this tally. */
    static long bytes() {
        return DailyRate.bytes() + 32;
    }
}
