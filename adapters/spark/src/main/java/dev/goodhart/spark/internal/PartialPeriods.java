package dev.goodhart.spark.internal;

import dev.goodhart.model.Granularity;
import dev.goodhart.model.InputAccount;
import java.time.LocalDate;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import org.apache.spark.sql.Row;

/**
 * The calendar's partial first and last periods, decided on the driver as one machine's frame decides them
 * ({@code Frame.Builder}): where data finer than the model's periods (some period with rows on two or more days)
 * covers the first or last period only in part, that period is left out and its rows with a value are counted as
 * {@link InputAccount.Reason#PARTIAL_PERIOD}.
 */
public final class PartialPeriods {
    private PartialPeriods() {
    }

    /**
     * The first and last day of the calendar without its partial edge periods, or null when none is left out.
     *
     * @param periods one row per period: its first day (a date), its distinct days, its rows with a value
     */
    public static LocalDate[] trim(Granularity g, LocalDate first, LocalDate last, List<Row> periods) {
        LocalDate firstPeriod = g.periodStart(first);
        LocalDate lastPeriod = g.periodStart(last);
        if (!lastPeriod.isAfter(firstPeriod)) {
            return null;
        }
        boolean finer = false;
        for (Row r : periods) {
            finer |= r.getLong(1) > 1;
        }
        if (!finer) {
            return null;
        }
        LocalDate from = first;
        LocalDate to = last;
        if (first.isAfter(firstPeriod)) {
            from = g.plus(firstPeriod, 1);
        }
        LocalDate lastEnd = g.plus(lastPeriod, 1).minusDays(1);
        if (g.periodStart(from).isBefore(lastPeriod) && last.isBefore(lastEnd)) {
            to = lastPeriod.minusDays(1);
        }
        return from.equals(first) && to.equals(last) ? null : new LocalDate[] {from, to};
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
