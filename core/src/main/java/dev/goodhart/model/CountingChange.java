package dev.goodhart.model;

import static dev.goodhart.internal.Checks.checkName;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * A change in how a metric is counted, not in what it measures: a new tokenizer or model that counts the same prompts
 * as more (or fewer) tokens, a changed definition of a deployment. From {@code date} on, the metric reads {@code
 * factor} times what the same use read before. Without it, every team's tokens rise together on that day and read as
 * use that bought nothing; with it, the values from the date on are divided by the factor before any detector sees
 * them (a quota on the metric is still compared with the counted values, the digit test still reads the typed ones).
 * It applies to every segment. A period that straddles the date is undone by the share of its calendar days counted the
 * new way ({@link #share}), which assumes use spread evenly over those days (a week of weekday-only use changed on a
 * Thursday is two fifths new, not four sevenths: declare such changes on a Monday, or score daily).
 *
 * @param metric the metric whose counting changed
 * @param date   the first day counted the new way
 * @param factor what the same use counts as from then on, relative to before: finite, positive, not 1 (1.35 for a
 *               tokenizer that counts 35% more tokens)
 * @param label  short description for reports; may be empty (null reads as empty)
 */
public record CountingChange(String metric, LocalDate date, double factor, String label)
        implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * @throws IllegalArgumentException if the metric is blank, or naming the factor when it is not a finite positive
     *                                  number other than 1
     * @throws NullPointerException     if the metric or the date is null
     */
    public CountingChange {
        checkName("counting change metric", metric);
        Objects.requireNonNull(date, "counting change date");
        if (!(factor > 0) || !Double.isFinite(factor) || factor == 1) {
            throw new IllegalArgumentException("counting change of " + metric + " on " + date
                    + ": factor must be a finite number above 0 and not 1 (what the same use counts as from then on, "
                    + "e.g. 1.35), found " + factor);
        }
        label = label == null ? "" : label.trim();
    }

    /** A counting change without a label. */
    public static CountingChange of(String metric, LocalDate date, double factor) {
        return new CountingChange(metric, date, factor, "");
    }

    /** The factor as reports print it: four significant digits, no trailing zeros ("1.35", "1.004"). */
    public String factorText() {
        return new java.math.BigDecimal(factor).round(new java.math.MathContext(4)).stripTrailingZeros()
                .toPlainString();
    }

    /**
     * The share of the period starting at {@code periodStart} that is counted the new way: 0 for a period that ends
     * before the date, 1 for one that starts on or after it; for the period that contains it, the share of its days
     * from the date on for a metric summed or averaged over the period (a week changed on a Thursday: four of its seven
     * days the new way), and 1 for a metric that keeps the period's last value (taken as read at the period's end).
     */
    public double share(Aggregation aggregation, Granularity granularity, LocalDate periodStart) {
        Objects.requireNonNull(aggregation, "aggregation");
        Objects.requireNonNull(granularity, "granularity");
        Objects.requireNonNull(periodStart, "periodStart");
        if (!date.isAfter(periodStart)) {
            return 1;
        }
        LocalDate next = granularity.plus(periodStart, 1);
        if (!date.isBefore(next)) {
            return 0;
        }
        return aggregation == Aggregation.LAST ? 1
                : (double) ChronoUnit.DAYS.between(date, next) / ChronoUnit.DAYS.between(periodStart, next);
    }
}
