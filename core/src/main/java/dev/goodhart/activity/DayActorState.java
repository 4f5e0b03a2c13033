package dev.goodhart.activity;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.Arrays;

/**
 * Bounded per-actor accumulator of a day-level usage log: totals, the moments and a histogram of the daily counts, a
 * frequent-value summary of them, activity by weekday and a bitset of active days (one bit per day of the actor's
 * span: 46 bytes a year). Records of one day are summed while the day is open; a day closes once a record at least
 * {@code reorderDays} later arrives (or at a snapshot), and only then enters the daily statistics.
 *
 * <p>Not thread-safe: the log guards it.
 */
final class DayActorState implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /** The prompts acceptances answer ({@link DailyUsage#acceptablePrompts()}). */
    private static final int ACCEPTABLE = 7;
    private static final int FIELDS = 8;
    private static final int PROMPTS = 0;
    private static final int REQUESTS = 1;
    private static final int TOKENS = 2;
    private static final int GENERATIONS = 3;
    private static final int ACCEPTANCES = 4;
    private static final int SUGGESTED = 5;
    private static final int ACCEPTED = 6;

    public final String segment;
    public final String actor;

    /** Records read for this actor. */
    public long records;
    /** Records for a day that was still open, summed into it. */
    public long repeated;
    /** Records for a day already closed: counted in the totals, not in the daily statistics. */
    public long late;

    /** Totals of the reported counts; -1 while no record reported the count. */
    public final long[] totals = new long[FIELDS];
    /** Days (closed) with a record, active or not. */
    public long recordDays;
    /** Active days with activity and, where acceptance is reported, nothing accepted. */
    public long unacceptedDays;
    /** Activity per day of the week (Monday first). */
    public final long[] byWeekday = new long[7];
    /** The daily counts of active days (their mean, spread, histogram and most frequent value). */
    public DailyCounts days = new DailyCounts();

    /** Active days: bit {@code d - base} for epoch day {@code d}. */
    private long[] bits = new long[0];
    private long base;
    /** Open days: epoch days and their summed counts (-1 while unreported). */
    private long[] openDay = new long[0];
    private long[][] openSums = new long[0][];
    /** The newest day seen. */
    public long newestDay = Long.MIN_VALUE;
    public long firstDay = Long.MAX_VALUE;
    public long lastDay = Long.MIN_VALUE;

    /** An empty state for one actor of one segment. */
    public DayActorState(String segment, String actor) {
        this.segment = segment;
        this.actor = actor;
        Arrays.fill(totals, -1);
    }

    private DayActorState(DayActorState o) {
        segment = o.segment;
        actor = o.actor;
        records = o.records;
        repeated = o.repeated;
        late = o.late;
        System.arraycopy(o.totals, 0, totals, 0, FIELDS);
        recordDays = o.recordDays;
        days = o.days.copy();
        unacceptedDays = o.unacceptedDays;
        System.arraycopy(o.byWeekday, 0, byWeekday, 0, 7);
        bits = o.bits.clone();
        base = o.base;
        openDay = o.openDay.clone();
        openSums = new long[o.openSums.length][];
        for (int i = 0; i < openSums.length; i++) {
            openSums[i] = o.openSums[i].clone();
        }
        newestDay = o.newestDay;
        firstDay = o.firstDay;
        lastDay = o.lastDay;
    }

    /**
     * Adds one record: summed into its day while the day is open; a record for a closed day counts in the totals
     * only ({@link #late}).
     *
     * @throws IllegalArgumentException if a total would overflow a long
     */
    public void add(DailyUsage u, int reorderDays) {
        try {
            addChecked(u, reorderDays);
        } catch (ArithmeticException e) {
            throw new IllegalArgumentException("the totals of " + actor + " exceed " + Long.MAX_VALUE
                    + " (a count that cannot be real)", e);
        }
    }

    private void addChecked(DailyUsage u, int reorderDays) {
        long day = u.day().toEpochDay();
        long[] counts = {u.prompts(), u.requests(), u.tokens(), u.generations(), u.acceptances(), u.suggestedLines(),
                u.acceptedLines(), u.acceptablePrompts()};
        records++;
        for (int f = 0; f < FIELDS; f++) {
            if (counts[f] >= 0) {
                totals[f] = Math.addExact(Math.max(0, totals[f]), counts[f]);
            }
        }
        firstDay = Math.min(firstDay, day);
        lastDay = Math.max(lastDay, day);
        for (int i = 0; i < openDay.length; i++) {
            if (openDay[i] == day) {
                repeated++;
                long[] s = openSums[i];
                for (int f = 0; f < FIELDS; f++) {
                    if (counts[f] >= 0) {
                        s[f] = Math.addExact(Math.max(0, s[f]), counts[f]);
                    }
                }
                return;
            }
        }
        if (newestDay != Long.MIN_VALUE && day <= newestDay - reorderDays || seen(day)) {
            late++;
            return;
        }
        openDay = Arrays.copyOf(openDay, openDay.length + 1);
        openSums = Arrays.copyOf(openSums, openSums.length + 1);
        openDay[openDay.length - 1] = day;
        openSums[openSums.length - 1] = counts.clone();
        newestDay = Math.max(newestDay, day);
        closeBefore(newestDay - reorderDays + 1);
    }

    /** Closes every open day before {@code day}, oldest first. */
    private void closeBefore(long day) {
        while (true) {
            int oldest = -1;
            for (int i = 0; i < openDay.length; i++) {
                if (openDay[i] < day && (oldest < 0 || openDay[i] < openDay[oldest])) {
                    oldest = i;
                }
            }
            if (oldest < 0) {
                return;
            }
            close(openDay[oldest], openSums[oldest]);
            int last = openDay.length - 1;
            openDay[oldest] = openDay[last];
            openSums[oldest] = openSums[last];
            openDay = Arrays.copyOf(openDay, last);
            openSums = Arrays.copyOf(openSums, last);
        }
    }

    private void close(long day, long[] s) {
        recordDays++;
        boolean active = false;
        for (long v : s) {
            active |= v > 0;
        }
        if (!active) {
            return;
        }
        mark(day);
        long activity = s[PROMPTS] >= 0 ? s[PROMPTS] : Math.max(0, s[REQUESTS]);
        days.add(activity);
        boolean acceptanceReported = s[ACCEPTANCES] >= 0 || s[ACCEPTED] >= 0;
        long acceptable = s[PROMPTS] >= 0 ? Math.max(0, s[ACCEPTABLE]) : activity;
        if (acceptable > 0 && acceptanceReported && s[ACCEPTANCES] <= 0 && s[ACCEPTED] <= 0) {
            unacceptedDays++;
        }
        byWeekday[LocalDate.ofEpochDay(day).getDayOfWeek().getValue() - DayOfWeek.MONDAY.getValue()] += activity;
    }

    /** Whether the actor was active (in a closed day) on epoch day {@code day}. */
    public boolean seen(long day) {
        long i = day - base;
        return i >= 0 && i < 64L * bits.length && (bits[(int) (i >>> 6)] & 1L << (i & 63)) != 0;
    }

    private void mark(long day) {
        if (bits.length == 0) {
            base = Math.floorDiv(day, 64) * 64;
            bits = new long[1];
        }
        if (day < base) {
            int grow = (int) ((base - day + 63) / 64);
            long[] b = new long[bits.length + grow];
            System.arraycopy(bits, 0, b, grow, bits.length);
            bits = b;
            base -= 64L * grow;
        }
        long i = day - base;
        if (i >= 64L * bits.length) {
            bits = Arrays.copyOf(bits, (int) (i / 64) + 1);
        }
        bits[(int) (i >>> 6)] |= 1L << (i & 63);
    }

    /** Calls {@code action} with every active epoch day, in order. */
    public void forEachActiveDay(java.util.function.LongConsumer action) {
        for (int w = 0; w < bits.length; w++) {
            long word = bits[w];
            while (word != 0) {
                int b = Long.numberOfTrailingZeros(word);
                action.accept(base + 64L * w + b);
                word &= word - 1;
            }
        }
    }

    /** Days (closed) with any activity. */
    public long activeDays() {
        return days.activeDays;
    }

    /** A total: -1 when no record reported it. */
    public long prompts() {
        return totals[PROMPTS];
    }

    /** The prompts made where acceptances are counted; -1 when no record reported prompts. */
    public long acceptablePrompts() {
        return totals[ACCEPTABLE];
    }

    /** A total: -1 when no record reported it. */
    public long requests() {
        return totals[REQUESTS];
    }

    /** A total: -1 when no record reported it. */
    public long tokens() {
        return totals[TOKENS];
    }

    /** A total: -1 when no record reported it. */
    public long generations() {
        return totals[GENERATIONS];
    }

    /** A total: -1 when no record reported it. */
    public long acceptances() {
        return totals[ACCEPTANCES];
    }

    /** A total: -1 when no record reported it. */
    public long acceptedLines() {
        return totals[ACCEPTED];
    }

    /** The total activity: prompts when reported, else requests. */
    public long activity() {
        return totals[PROMPTS] >= 0 ? totals[PROMPTS] : Math.max(0, totals[REQUESTS]);
    }

    /** Open days now. */
    public int open() {
        return openDay.length;
    }

    /** An independent copy with every open day closed, for scoring. */
    public DayActorState snapshot() {
        DayActorState c = new DayActorState(this);
        c.closeBefore(Long.MAX_VALUE);
        return c;
    }

    /** Approximate bytes of this state now. */
    public long bytes() {
        return 400 + DailyCounts.bytes() + 8L * (FIELDS + 4 + bits.length)
                + openDay.length * (8L + 16 + 8L * FIELDS) + 2L * actor.length();
    }
}
