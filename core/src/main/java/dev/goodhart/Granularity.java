package dev.goodhart;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.time.temporal.TemporalAdjusters;
import java.util.Locale;

/** The length of one period of the regular calendar a {@link Frame} is aligned on. */
public enum Granularity {
    /** Calendar days. */
    DAY,
    /** ISO weeks, starting on Monday. */
    WEEK,
    /** Calendar months. */
    MONTH;

    /** The first day of the period that contains {@code date}. */
    public LocalDate periodStart(LocalDate date) {
        switch (this) {
            case DAY: return date;
            case WEEK: return date.with(TemporalAdjusters.previousOrSame(DayOfWeek.MONDAY));
            default: return date.withDayOfMonth(1);
        }
    }

    /** The start of the period {@code n} periods after the one starting at {@code start}. */
    public LocalDate plus(LocalDate start, long n) {
        switch (this) {
            case DAY: return start.plusDays(n);
            case WEEK: return start.plusWeeks(n);
            default: return start.plusMonths(n);
        }
    }

    /** Whole periods between the period starts {@code from} and {@code to} (both already period starts). */
    public long between(LocalDate from, LocalDate to) {
        switch (this) {
            case DAY: return ChronoUnit.DAYS.between(from, to);
            case WEEK: return ChronoUnit.WEEKS.between(from, to);
            default: return ChronoUnit.MONTHS.between(from, to);
        }
    }

    /** Lower-case adjective for sentences: daily, weekly, monthly. */
    public String adjective() {
        return this == DAY ? "daily" : this == WEEK ? "weekly" : "monthly";
    }

    /**
     * Parses {@code day}, {@code week} or {@code month}, case-insensitively.
     *
     * @throws IllegalArgumentException naming the value when it is none of these
     */
    public static Granularity parse(String text) {
        if (text != null) {
            switch (text.trim().toLowerCase(Locale.ROOT)) {
                case "day": case "daily": return DAY;
                case "week": case "weekly": return WEEK;
                case "month": case "monthly": return MONTH;
                default: break;
            }
        }
        throw new IllegalArgumentException("period: expected 'day', 'week' or 'month', found '" + text + "'");
    }
}
