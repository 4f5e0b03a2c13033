package dev.goodhart.model;

import java.util.Objects;
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

    /**
     * The first and last periods (their first days) of the calendar from {@code first} to {@code last}, less a first or
     * last period those days cover only in part: a first day after its period's start, a last day before its period's
     * end (daily rows from a Wednesday, or to a Saturday, in weeks). A calendar of one period is kept; for days
     * (one-day periods) nothing is partial. Callers apply it to data finer than the periods; data dated once a period
     * (weekly rows on any one weekday) covers each period it has.
     *
     * @param first the data's first day
     * @param last  the data's last day, not before {@code first}
     * @return {first period start, last period start}, the last not before the first
     * @throws IllegalArgumentException if {@code last} is before {@code first}
     */
    public LocalDate[] wholePeriods(LocalDate first, LocalDate last) {
        if (last.isBefore(first)) {
            throw new IllegalArgumentException("wholePeriods: last " + last + " is before first " + first);
        }
        LocalDate firstPeriod = periodStart(first);
        LocalDate lastPeriod = periodStart(last);
        if (!lastPeriod.isAfter(firstPeriod)) {
            return new LocalDate[] {firstPeriod, lastPeriod};
        }
        LocalDate from = first.isAfter(firstPeriod) ? plus(firstPeriod, 1) : firstPeriod;
        LocalDate to = from.isBefore(lastPeriod) && last.isBefore(plus(lastPeriod, 1).minusDays(1))
                ? plus(lastPeriod, -1) : lastPeriod;
        return new LocalDate[] {from, to};
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
     * The period of data from its dates: {@link #MONTH} when every date is the first of a month, {@link #WEEK} when
     * every date falls on one weekday and consecutive dates are a week or more apart, {@link #MONTH} when three or more
     * dates fall one a month on a monthly rhythm (all month ends, all on one day of the month, or, from four dates, 70%
     * of the gaps 20 to 42 days with most months of their span there: the last business day, the 15th give or take a
     * few days), {@link #DAY} otherwise (daily data with gaps, weekdays only, scattered days). Fewer than two distinct
     * dates give {@link #DAY}. Only the bulk of the dates counts: dates more than a year away from it (a mistyped year)
     * are left to the frame, which names their line.
     *
     * @throws IllegalArgumentException naming a date when the dates are almost all on one weekday (or almost all on
     *                                  the first of a month) but not all, so that the period cannot be inferred: a
     *                                  weekly series with a stray date would otherwise be read as daily
     */
    public static Granularity infer(Iterable<LocalDate> dates) {
        Objects.requireNonNull(dates, "dates");
        java.util.TreeSet<LocalDate> distinct = new java.util.TreeSet<>();
        for (LocalDate d : dates) {
            distinct.add(java.util.Objects.requireNonNull(d, "date"));
        }
        // the bulk of the dates: a date more than a year from the rest (a mistyped year) is the frame's to report, by line
        java.util.List<java.util.List<LocalDate>> clusters = new java.util.ArrayList<>();
        LocalDate last = null;
        for (LocalDate d : distinct) {
            if (last == null || ChronoUnit.DAYS.between(last, d) > 366) {
                clusters.add(new java.util.ArrayList<>());
            }
            clusters.get(clusters.size() - 1).add(d);
            last = d;
        }
        java.util.List<LocalDate> bulk = clusters.get(0);
        for (java.util.List<LocalDate> c : clusters) {
            if (c.size() > bulk.size()) {
                bulk = c;
            }
        }
        distinct = new java.util.TreeSet<>(bulk);
        if (distinct.size() < 2) {
            return DAY;
        }
        int firsts = 0;
        int[] weekdays = new int[7];
        LocalDate notFirst = null;
        for (LocalDate d : distinct) {
            if (d.getDayOfMonth() == 1) {
                firsts++;
            } else if (notFirst == null) {
                notFirst = d;
            }
            weekdays[d.getDayOfWeek().getValue() - 1]++;
        }
        int n = distinct.size();
        if (firsts == n) {
            return MONTH;
        }
        int top = 0;
        for (int w = 1; w < 7; w++) {
            if (weekdays[w] > weekdays[top]) {
                top = w;
            }
        }
        long[] gaps = new long[n - 1];
        LocalDate previous = null;
        int i = 0;
        for (LocalDate d : distinct) {
            if (previous != null) {
                gaps[i++] = ChronoUnit.DAYS.between(previous, d);
            }
            previous = d;
        }
        java.util.Arrays.sort(gaps);
        long medianGap = gaps[gaps.length / 2];
        if (weekdays[top] == n && medianGap >= 7) {
            return WEEK;
        }
        // one date a month on a monthly rhythm (month ends, as most exports date a month, or the 15th): monthly; an
        // outcome seen on scattered days a month or more apart is not (a reviewer: one day in 45 at random read as
        // months a quarter of the time when only one date a month was asked)
        java.util.Set<java.time.YearMonth> months = new java.util.HashSet<>();
        java.util.Set<Integer> daysOfMonth = new java.util.HashSet<>();
        boolean monthEnds = true;
        for (LocalDate d : distinct) {
            months.add(java.time.YearMonth.from(d));
            daysOfMonth.add(d.getDayOfMonth());
            monthEnds &= d.getDayOfMonth() == d.lengthOfMonth();
        }
        int monthly = 0;
        for (long g : gaps) {
            monthly += g >= 20 && g <= 42 ? 1 : 0;
        }
        java.time.YearMonth firstMonth = java.time.YearMonth.from(distinct.first());
        long span = ChronoUnit.MONTHS.between(firstMonth, java.time.YearMonth.from(distinct.last())) + 1;
        // (a day that moves a little, the last business day or the 15th give or take a few, is a monthly rhythm too:
        // gaps of 20 to 42 days, the months mostly all there)
        if (months.size() == n && n >= 3 && (monthEnds || daysOfMonth.size() == 1
                || n >= 4 && monthly >= 0.7 * gaps.length && span <= 1.25 * n)) {
            return MONTH;
        }
        if (n >= 10 && firsts >= 0.9 * n) {
            throw new IllegalArgumentException("the dates look monthly (" + firsts + " of " + n + " are the first of a "
                    + "month) but " + notFirst + " is not: declare the period, or correct the date");
        }
        if (n >= 10 && weekdays[top] >= 0.9 * n && medianGap >= 7) {
            DayOfWeek day = DayOfWeek.of(top + 1);
            LocalDate stray = null;
            for (LocalDate d : distinct) {
                if (d.getDayOfWeek() != day) {
                    stray = d;
                    break;
                }
            }
            throw new IllegalArgumentException("the dates look weekly (" + weekdays[top] + " of " + n + " fall on a "
                    + day.getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH) + ") but " + stray + " is a "
                    + stray.getDayOfWeek().getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH)
                    + ": declare the period, or correct the date");
        }
        return DAY;
    }

    /**
     * The period at which every metric has values: each metric's period ({@link #infer(Iterable)} of its own dates), the
     * coarsest of them. Daily tokens with an outcome given once a week are weekly data (read as days, the outcome
     * would be missing six days in seven); an outcome seen on scattered days stays daily.
     *
     * @param datesByMetric each metric's dates (a metric read only as a denominator, a head count given monthly, is
     *                      best left out: it is carried forward, not read per period)
     * @throws IllegalArgumentException naming the metric and a stray date when one metric's period cannot be inferred
     *                                  and the dates of every metric together cannot decide either (then they decide)
     */
    public static Granularity inferCoarsest(java.util.Map<String, ? extends Iterable<LocalDate>> datesByMetric) {
        Objects.requireNonNull(datesByMetric, "datesByMetric");
        Granularity coarsest = DAY;
        IllegalArgumentException unclear = null;
        for (java.util.Map.Entry<String, ? extends Iterable<LocalDate>> e : datesByMetric.entrySet()) {
            try {
                Granularity g = infer(e.getValue());
                if (g.ordinal() > coarsest.ordinal()) {
                    coarsest = g;
                }
            } catch (IllegalArgumentException ex) {
                if (unclear == null) {
                    unclear = new IllegalArgumentException(e.getKey() + ": " + ex.getMessage(), ex);
                }
            }
        }
        if (unclear != null) {
            // a metric whose own period is unclear (a weekly review moved once to a Tuesday): the dates of every metric
            // together decide, as before each metric was read on its own; refused only if they cannot either
            java.util.List<LocalDate> all = new java.util.ArrayList<>();
            datesByMetric.values().forEach(d -> d.forEach(all::add));
            try {
                return infer(all);
            } catch (IllegalArgumentException ex) {
                throw unclear;
            }
        }
        return coarsest;
    }

    /**
     * Whether a metric's rows come one a week in most segments: in at least half the segments with 6 rows of it or
     * more, nine tenths of the gaps between a segment's dates are 7 days. Read as days (weeks dated on other weekdays
     * in some segments make the dates together look daily), six days in seven would be missing.
     *
     * @param datesBySegment each segment's dates of the metric, read once in order (they may be made one at a time)
     * @return "one row a week in 6 of 6 segments (dated Mon in 5, Wed in 1)", each weekday by the segments' last date;
     *         empty where fewer than half the segments read are weekly, or none has 6 rows
     */
    public static java.util.Optional<String> weeklyInMostSegments(
            Iterable<? extends java.util.Collection<LocalDate>> datesBySegment) {
        Objects.requireNonNull(datesBySegment, "datesBySegment");
        int read = 0;
        int weekly = 0;
        java.util.Map<DayOfWeek, Integer> weekdays = new java.util.EnumMap<>(DayOfWeek.class);
        for (java.util.Collection<LocalDate> dates : datesBySegment) {
            if (dates == null || new java.util.HashSet<>(dates).size() < 6) {
                continue;
            }
            read++;
            java.util.List<LocalDate> sorted = new java.util.ArrayList<>(new java.util.TreeSet<>(dates));
            int regular = 0;
            for (int i = 1; i < sorted.size(); i++) {
                regular += ChronoUnit.DAYS.between(sorted.get(i - 1), sorted.get(i)) == 7 ? 1 : 0;
            }
            if (regular >= 0.9 * (sorted.size() - 1)) {
                weekly++;
                weekdays.merge(sorted.get(sorted.size() - 1).getDayOfWeek(), 1, Integer::sum);
            }
        }
        if (read == 0 || 2 * weekly < read) {
            return java.util.Optional.empty();
        }
        java.util.List<String> days = new java.util.ArrayList<>();
        weekdays.forEach((d, n) -> days.add(d.getDisplayName(java.time.format.TextStyle.SHORT, Locale.ROOT) + " in "
                + n));
        return java.util.Optional.of("one row a week in " + weekly + " of " + read + " segments (dated "
                + String.join(", ", days) + ")");
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
