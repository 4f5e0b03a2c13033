package dev.goodhart.spark.internal;

import dev.goodhart.model.Granularity;
import dev.goodhart.model.InputAccount;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import org.apache.spark.sql.Row;

/**
 * The calendar's partial first and last periods, decided on the driver by the rule one machine's frame applies
 * ({@link Granularity#wholePeriods}): where data finer than the model's periods (some period with rows on two or more days)
 * covers the first or last period only in part, that period is left out and its rows with a value are counted as
 * {@link InputAccount.Reason#PARTIAL_PERIOD}.
 */
public final class PartialPeriods {
    private PartialPeriods() {
    }

    /**
     * Whether data is finer than its periods as one machine's frame reads it: some period holds rows of two or more
     * days of one metric (two metrics each dated once a week on its own weekday are not).
     *
     * @param periods one row per period: its first day, its distinct days, its rows with a value, its first day with a
     *                row, its distinct metric-days, its distinct metrics
     */
    public static boolean finer(List<Row> periods) {
        for (Row r : periods) {
            if (r.getLong(4) > r.getLong(5)) {
                return true;
            }
        }
        return false;
    }

    /**
     * The first and last day of the calendar without its partial edge periods, or null when none is left out.
     *
     * @param finer whether some period holds rows of two or more days of one metric
     */
    public static LocalDate[] trim(Granularity g, LocalDate first, LocalDate last, boolean finer) {
        if (!finer) {
            return null;
        }
        LocalDate[] whole = g.wholePeriods(first, last);
        if (whole[0].equals(g.periodStart(first)) && whole[1].equals(g.periodStart(last))) {
            return null;
        }
        // the first day of the first whole period and the last day of the last one
        return new LocalDate[] {whole[0], g.plus(whole[1], 1).minusDays(1)};
    }

    /**
     * The day of the ISO week on which every row was dated, for weekly data given once a week on one weekday, as one
     * machine's frame reads it ({@link dev.goodhart.model.Frame#rowDay()}: from the weeks of the calendar, a partial edge
     * week left out); empty for other periods, and where some week has rows on two or more days or the weeks' rows fall
     * on different weekdays.
     *
     * @param periods one row per period: its first day (a date), its distinct days, its rows with a value, its first
     *                day with a row (a date)
     * @param first   the calendar's first day, after {@link #trim}
     * @param last    its last day
     */
    public static OptionalInt rowDay(Granularity g, List<Row> periods, LocalDate first, LocalDate last) {
        if (g != Granularity.WEEK) {
            return OptionalInt.empty();
        }
        int day = -1;
        for (Row r : periods) {
            LocalDate p = r.getDate(0).toLocalDate();
            if (p.isBefore(g.periodStart(first)) || p.isAfter(g.periodStart(last))) {
                continue; // a partial edge week, left out of the calendar as one machine's frame leaves it out
            }
            int d = (int) (r.getDate(3).toLocalDate().toEpochDay() - r.getDate(0).toLocalDate().toEpochDay());
            if (r.getLong(1) != 1 || day >= 0 && d != day) {
                return OptionalInt.empty();
            }
            day = d;
        }
        return day < 0 ? OptionalInt.empty() : OptionalInt.of(day);
    }

    /** {@code account} with the rows with a value in the left-out periods counted as skipped. */
    public static InputAccount account(InputAccount account, Granularity g, LocalDate first, LocalDate last,
                                       LocalDate[] trimmed, List<Row> periods) {
        long dropped = 0;
        for (Row r : periods) {
            LocalDate p = r.getDate(0).toLocalDate();
            if (p.isBefore(g.periodStart(trimmed[0])) || p.isAfter(g.periodStart(trimmed[1]))) {
                dropped += r.getLong(2);
            }
        }
        Map<InputAccount.Reason, Long> counts = new EnumMap<>(account.counts());
        counts.put(InputAccount.Reason.PARTIAL_PERIOD, counts.get(InputAccount.Reason.PARTIAL_PERIOD) + dropped);
        return new InputAccount(account.read(), account.used() - dropped, counts, account.examples(),
                account.position());
    }
}
