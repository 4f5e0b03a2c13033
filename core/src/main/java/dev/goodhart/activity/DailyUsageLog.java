package dev.goodhart.activity;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * A day-level usage log (one record per actor and day, as GitHub Copilot's and OpenAI's usage exports give it),
 * accumulated into bounded state per actor: totals, the moments and a histogram of daily counts, a frequent-value
 * summary, activity by weekday and a bitset of active days (one bit per day). Memory grows with the number of actors
 * and the span in days, never with the number of records.
 *
 * <p>Several records for one actor and day (an export grouped by model, project or hour) are summed while the day is
 * open; a day closes for good once a record of that actor at least {@link Builder#reorderDays reorderDays} later
 * arrives. A record for a closed day is <em>late</em>: it counts in the actor's totals but not in the daily
 * statistics, and the report says how many there were. Exports sorted by day, or by actor and day, have none.
 *
 * <p>Thread-safe; {@link DailyActivityScorer#score} reads a consistent snapshot.
 */
public final class DailyUsageLog implements Consumer<DailyUsage>, java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private final int reorderDays;
    private final Map<String, Map<String, DayActorState>> actors = new HashMap<>();
    private long records;
    private long firstDay = Long.MAX_VALUE;
    private long lastDay = Long.MIN_VALUE;
    private int actorCount;

    private DailyUsageLog(Builder b) {
        this.reorderDays = b.reorderDays;
    }

    /** An empty log with the default settings. */
    public static DailyUsageLog create() {
        return builder().build();
    }

    /** A builder with the default settings. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Adds one record. Thread-safe.
     *
     * @throws IllegalArgumentException if one of the actor's totals would overflow a long (the log is unchanged
     *                                  for other actors)
     */
    @Override
    public synchronized void accept(DailyUsage u) {
        Objects.requireNonNull(u, "record");
        Map<String, DayActorState> seg = actors.computeIfAbsent(u.segment(), k -> new HashMap<>());
        DayActorState state = seg.get(u.actor());
        if (state == null) {
            state = new DayActorState(u.segment(), u.actor());
            seg.put(u.actor(), state);
            actorCount++;
        }
        state.add(u, reorderDays);
        records++;
        long d = u.day().toEpochDay();
        firstDay = Math.min(firstDay, d);
        lastDay = Math.max(lastDay, d);
    }

    /** Adds every record and returns this log. */
    public DailyUsageLog addAll(Iterable<? extends DailyUsage> records) {
        for (DailyUsage u : records) {
            accept(u);
        }
        return this;
    }

    /** Records added so far. */
    public synchronized long recordCount() {
        return records;
    }

    /** Distinct (segment, actor) pairs seen so far. */
    public synchronized int actorCount() {
        return actorCount;
    }

    /** The earliest day, empty when the log is empty. */
    public synchronized Optional<LocalDate> firstDay() {
        return records == 0 ? Optional.empty() : Optional.of(LocalDate.ofEpochDay(firstDay));
    }

    /** The latest day, empty when the log is empty. */
    public synchronized Optional<LocalDate> lastDay() {
        return records == 0 ? Optional.empty() : Optional.of(LocalDate.ofEpochDay(lastDay));
    }

    /** Records for a day already closed (see the class comment). */
    public synchronized long lateRecords() {
        long n = 0;
        for (Map<String, DayActorState> m : actors.values()) {
            for (DayActorState s : m.values()) {
                n += s.late;
            }
        }
        return n;
    }

    /**
     * Records summed into a day that already had one (a breakdown by model, project or hour; a day given twice is
     * summed too: the export readers drop a record identical to one read before, this log cannot tell).
     */
    public synchronized long repeatedRecords() {
        long n = 0;
        for (Map<String, DayActorState> m : actors.values()) {
            for (DayActorState s : m.values()) {
                n += s.repeated;
            }
        }
        return n;
    }

    /** How many days later a record must be to close an actor's earlier days. */
    public int reorderDays() {
        return reorderDays;
    }

    /** Approximate bytes of state held now. */
    public synchronized long approximateBytes() {
        long b = 256;
        for (Map.Entry<String, Map<String, DayActorState>> e : actors.entrySet()) {
            b += 64 + 2L * e.getKey().length();
            for (DayActorState s : e.getValue().values()) {
                b += s.bytes() + 64;
            }
        }
        return b;
    }

    /** Consistent copies of every actor's state with all open days closed, for the scorer. */
    synchronized Snapshot snapshot() {
        List<DayActorState> copies = new ArrayList<>(actorCount);
        for (Map<String, DayActorState> m : actors.values()) {
            for (DayActorState s : m.values()) {
                copies.add(s.snapshot());
            }
        }
        return new Snapshot(copies, records, records == 0 ? null : LocalDate.ofEpochDay(firstDay),
                records == 0 ? null : LocalDate.ofEpochDay(lastDay));
    }

    /** What the scorer reads. */
    record Snapshot(List<DayActorState> actors, long records, LocalDate first, LocalDate last) {
    }

    @Override
    public synchronized String toString() {
        return "DailyUsageLog[" + records + " records, " + actorCount + " actors, " + actors.size() + " segments"
                + (records == 0 ? "" : ", " + LocalDate.ofEpochDay(firstDay) + " to " + LocalDate.ofEpochDay(lastDay))
                + "]";
    }

    /** Configures a {@link DailyUsageLog}; validates each setting at once. */
    public static final class Builder {
        private int reorderDays = 3;

        private Builder() {
        }

        /**
         * How many days later a record of an actor must be to close that actor's earlier days (default 3): records
         * up to this much out of day order are summed as if sorted. Memory: a few dozen bytes per open day.
         *
         * @throws IllegalArgumentException if not between 1 and 366
         */
        public Builder reorderDays(int value) {
            if (value < 1 || value > 366) {
                throw new IllegalArgumentException("reorderDays: must be between 1 and 366, found " + value);
            }
            this.reorderDays = value;
            return this;
        }

        /** Builds an empty log. */
        public DailyUsageLog build() {
            return new DailyUsageLog(this);
        }
    }
}
