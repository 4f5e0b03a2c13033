package dev.goodhart.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What became of the input rows: how many were read, how many were used, and how many were skipped or merged, by
 * reason, with the first few line (or row) numbers of each, so that a platform can assert on it and a reader can find
 * them. A row that was read is either used or skipped; {@link Reason#DUPLICATE} rows are used (aggregated as the metric
 * declares) and counted apart.
 *
 * @param read      rows offered to the frame
 * @param used      rows whose value entered a series (duplicates included)
 * @param counts    rows per reason; every reason present (zero when none)
 * @param examples  the first {@value #EXAMPLES} line (or row) numbers per reason, ascending as they arrived
 * @param position  what the numbers count: {@code "line"} for a file's lines, {@code "value"} for the values of a file
 *                  whose lines hold several (a wide file; the examples are line numbers), {@code "row"} for rows in the
 *                  order they were added
 */
public record InputAccount(long read, long used, Map<Reason, Long> counts, Map<Reason, List<Long>> examples,
                           String position) implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** How many line numbers are kept per reason. */
    public static final int EXAMPLES = 5;

    /** An account of nothing: for reports built without a frame (read back from an older JSON file). */
    public static final InputAccount NONE = new InputAccount(0, 0, Map.of(), Map.of(), "row");

    /** Why a row was skipped, or merged with another. */
    public enum Reason {
        /** Its metric is not declared by the model. Skipped. */
        UNDECLARED_METRIC(true, "of metrics the model does not declare"),
        /** Its value was explicitly missing ({@code NA}, {@code NaN}). Skipped; the period counts as seen. */
        MISSING_VALUE(true, "with a missing value (NA, NaN or NULL)"),
        /** Dated far outside the bulk of the data (a mistyped year) and dropped on request. Skipped. */
        OUTSIDE_RANGE(true, "dated far outside the bulk of the data"),
        /**
         * In the first or last period of the calendar where the data, finer than the model's periods, covers it only in
         * part (daily rows from a Wednesday in weekly periods): a partial week's sum would read as a fall. Skipped.
         */
        PARTIAL_PERIOD(true, "in a first or last period the data covers only in part"),
        /**
         * A second row for the same day, segment and metric (a re-export, a join fan-out), aggregated as the metric
         * declares because the caller accepted duplicates. Used.
         */
        DUPLICATE(false, "repeating the day, segment and metric of an earlier row (aggregated as declared)"),
        /**
         * Not a row: a 0 made for a day (week, month) without a row of a metric the source reads as zero when absent
         * ({@link dev.goodhart.source.AbsentDays}): used in the series where it falls in the calendar, counted neither
         * as read nor as used.
         */
        ABSENT_ZERO(false, "made for days (weeks, months) without a row of a metric declared zero when absent"),
        /**
         * Given for the organisation itself (an empty, null or {@code *} segment; a SQL {@code NULL} team, a
         * Prometheus series without the segment label): the organisation's series of its metric is such rows, not the
         * sum (or mean) of its segments. Used; counted so that the summary says so (a stray such row, unmapped users'
         * use in a {@code GROUP BY team}, had replaced the teams' sum without a word).
         */
        ORGANISATION_ROW(false, "given for the organisation itself (an empty, NULL or * segment), which replace the "
                + "sum of the segments as the organisation's series of their metric");

        private final boolean skips;
        private final String description;

        Reason(boolean skips, String description) {
            this.skips = skips;
            this.description = description;
        }

        /** Whether rows of this reason were left out of the series. */
        public boolean skips() {
            return skips;
        }

        /** What the rows were, for a sentence: "240 rows of metrics the model does not declare". */
        public String description() {
            return description;
        }
    }

    /** Validates and copies; every reason present in {@code counts}, absent examples empty. */
    public InputAccount {
        Objects.requireNonNull(counts, "counts");
        Objects.requireNonNull(examples, "examples");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(position, "position");
        if (read < 0 || used < 0 || used > read) {
            throw new IllegalArgumentException("rows read " + read + " and used " + used + " do not add up");
        }
        Map<Reason, Long> c = new EnumMap<>(Reason.class);
        Map<Reason, List<Long>> e = new EnumMap<>(Reason.class);
        for (Reason r : Reason.values()) {
            long n = counts.getOrDefault(r, 0L);
            if (n < 0) {
                throw new IllegalArgumentException("negative count for " + r + ": " + n);
            }
            c.put(r, n);
            e.put(r, List.copyOf(examples.getOrDefault(r, List.of())));
        }
        counts = Collections.unmodifiableMap(c);
        examples = Collections.unmodifiableMap(e);
    }

    /** Rows read but not used. */
    public long skipped() {
        return read - used;
    }

    /** Rows of one reason. */
    public long count(Reason reason) {
        return counts.get(reason);
    }

    /** Whether this account describes real input (not {@link #NONE}). */
    public boolean known() {
        return read > 0;
    }

    /**
     * One sentence: "Read 720 rows, used 480; skipped 240 of metrics the model does not declare (lines 2, 5, 8, 11,
     * 14, ...)." Empty for {@link #NONE}.
     */
    public String sentence() {
        if (!known()) {
            return "";
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "Read %,d %ss, used %,d", read, position, used));
        List<String> parts = new ArrayList<>();
        for (Reason r : Reason.values()) {
            long n = counts.get(r);
            if (n == 0) {
                continue;
            }
            StringBuilder p = new StringBuilder();
            if (r == Reason.ABSENT_ZERO) {
                // zeros made, not rows read (a zero made outside the calendar is counted too, and not used)
                parts.add(String.format(Locale.ROOT, "%,d zero%s ", n, n == 1 ? "" : "s") + r.description());
                continue;
            }
            p.append(r.skips() ? "skipped " : "").append(String.format(Locale.ROOT, "%,d", n)).append(' ')
                    .append(r.skips() ? "" : position + (n == 1 ? " " : "s ")).append(r.description());
            // the values of one line of a wide file share its number: each number once
            p.append(dev.goodhart.internal.Text.positions(position.equals("value") ? "line" : position,
                    examples.get(r), n));
            parts.add(p.toString());
        }
        if (!parts.isEmpty()) {
            b.append("; ").append(String.join("; ", parts));
        }
        return b.append('.').toString();
    }

    @Override
    public String toString() {
        return sentence();
    }
}
