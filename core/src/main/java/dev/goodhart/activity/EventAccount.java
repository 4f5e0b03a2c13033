package dev.goodhart.activity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * What became of the records of a usage log or export: how many were read, how many were used (became events or
 * user-days), and how many were skipped, by reason, with the first few line numbers of each. The counterpart of
 * {@link dev.goodhart.model.InputAccount} for usage logs: a record that was read is either used or skipped, never lost.
 *
 * @param source   the file (or other source) that was read, as named in errors
 * @param position what the numbers count: {@code "line"} for a file's lines, {@code "record"} for records in the
 *                 order they were read
 * @param read     records read
 * @param used     records used
 * @param skipped  records skipped, per reason (a plain phrase such as {@code "without identity.arn"}), in the order
 *                 the reasons first occurred
 * @param examples the first {@value #EXAMPLES} line (or record) numbers per reason
 */
public record EventAccount(String source, String position, long read, long used, Map<String, Long> skipped,
        Map<String, List<Long>> examples) implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** How many line numbers are kept per reason. */
    public static final int EXAMPLES = 5;

    /** An account of nothing: for logs built in memory, or reports read back from files that had none. */
    public static final EventAccount NONE = new EventAccount("", "record", 0, 0, Map.of(), Map.of());

    /**
     * Validates and copies.
     *
     * @throws IllegalArgumentException if the counts do not add up (read = used + skipped) or one is negative
     */
    public EventAccount {
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(position, "position");
        Objects.requireNonNull(skipped, "skipped");
        Objects.requireNonNull(examples, "examples");
        Map<String, Long> s = new LinkedHashMap<>();
        Map<String, List<Long>> e = new LinkedHashMap<>();
        long total = 0;
        for (Map.Entry<String, Long> r : skipped.entrySet()) {
            long n = Objects.requireNonNull(r.getValue(), "count");
            if (n < 0) {
                throw new IllegalArgumentException("negative count of records " + r.getKey() + ": " + n);
            }
            s.put(Objects.requireNonNull(r.getKey(), "reason"), n);
            e.put(r.getKey(), List.copyOf(examples.getOrDefault(r.getKey(), List.of())));
            total += n;
        }
        if (read < 0 || used < 0 || used + total != read) {
            throw new IllegalArgumentException("records read " + read + ", used " + used + " and skipped " + total
                    + " do not add up");
        }
        skipped = Collections.unmodifiableMap(s);
        examples = Collections.unmodifiableMap(e);
    }

    /** Records read but not used. */
    public long skippedCount() {
        return read - used;
    }

    /** Whether this account describes real input (not {@link #NONE}). */
    public boolean known() {
        return read > 0 || !source.isEmpty();
    }

    /**
     * One sentence: "Read 1,204 lines of bedrock.jsonl, used 1,200; skipped 4 without identity.arn (lines 5, 9, 12,
     * 40)." Empty for {@link #NONE}.
     */
    public String sentence() {
        if (!known()) {
            return "";
        }
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "Read %,d %s%s%s, used %,d", read,
                read == 1 ? "record" : "records", source.isEmpty() ? "" : " of ", source, used));
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, Long> r : skipped.entrySet()) {
            if (r.getValue() == 0) {
                continue;
            }
            StringBuilder p = new StringBuilder(String.format(Locale.ROOT, "skipped %,d %s", r.getValue(), r.getKey()));
            // records on one line (a JSON page, an array) share its number: each number once
            p.append(dev.goodhart.internal.Text.positions(position, examples.get(r.getKey()), r.getValue()));
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

    /** A mutable tally for readers, turned into an {@link EventAccount} at the end. Not thread-safe. */
    public static final class Tally {
        private final String source;
        private final String position;
        private long read;
        private long used;
        private final Map<String, Long> skipped = new LinkedHashMap<>();
        private final Map<String, List<Long>> examples = new LinkedHashMap<>();

        /**
         * A tally for {@code source}, counting {@code position}s ({@code "line"} or {@code "record"}).
         *
         * @throws NullPointerException if an argument is null
         */
        public Tally(String source, String position) {
            this.source = Objects.requireNonNull(source, "source");
            this.position = Objects.requireNonNull(position, "position");
        }

        /** Counts one record that was read and used. */
        public void used() {
            read++;
            used++;
        }

        /** Counts one record that was read and skipped for {@code reason}, at line (or record) {@code at}. */
        public void skipped(String reason, long at) {
            read++;
            skipped.merge(reason, 1L, Long::sum);
            List<Long> first = examples.computeIfAbsent(reason, k -> new ArrayList<>());
            if (first.size() < EXAMPLES) {
                first.add(at);
            }
        }

        /** Records read so far. */
        public long read() {
            return read;
        }

        /** The account of what was counted so far. */
        public EventAccount account() {
            return new EventAccount(source, position, read, used, skipped, examples);
        }
    }
}
