package dev.goodhart.aiusage.internal;

import dev.goodhart.model.Observation;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Sums an export's records into one value per segment, day and metric, and counts each segment's active users per
 * day (each actor once a day, whatever the number of its records). Memory: one row of doubles per segment and day,
 * and a day bitset per actor; never per record. Not thread-safe.
 */
public final class DayAggregator {
    /** The metrics, in the order observations are emitted within a segment and day. */
    public static final String[] METRICS = {"prompts", "requests", "tokens", "input_tokens", "output_tokens",
        "cached_tokens", "generations", "acceptances", "acceptance_rate", "suggested_lines", "accepted_lines",
        "ai_credits", "active_users"};
    private static final int PROMPTS = 0;
    private static final int REQUESTS = 1;
    private static final int TOKENS = 2;
    private static final int INPUT = 3;
    private static final int OUTPUT = 4;
    private static final int CACHED = 5;
    private static final int GENERATIONS = 6;
    private static final int ACCEPTANCES = 7;
    private static final int RATE = 8;
    private static final int SUGGESTED = 9;
    private static final int ACCEPTED = 10;
    private static final int CREDITS = 11;
    private static final int ACTIVE = 12;

    private final Map<String, SegmentDays> segments = new HashMap<>();
    private final java.util.TreeSet<Long> covered = new java.util.TreeSet<>();
    private String lastSegment;
    private SegmentDays lastDays;

    /**
     * A day the export covers whole or in part (an OpenAI bucket, results or none): where a segment has no record on
     * it, nothing was used ({@link #fillCovered}).
     */
    public void cover(long day) {
        covered.add(day);
    }

    /**
     * Covers each run of at most {@code maxRun} days without any record that lies between two covered days: an export
     * that lists the days with use has no record on a day nobody used the tool (a weekend, a holiday). A longer run
     * stays uncovered (an export that leaves those days out, read as missing rather than as days without use).
     *
     * @return the runs covered and the longer runs left uncovered, each run as its first and last epoch day, in
     *         calendar order
     */
    public Gaps coverShortGaps(int maxRun) {
        List<long[]> filled = new ArrayList<>();
        List<long[]> longer = new ArrayList<>();
        Long previous = null;
        for (long day : covered) {
            if (previous != null && day - previous > 1) {
                (day - previous - 1 <= maxRun ? filled : longer).add(new long[] {previous + 1, day - 1});
            }
            previous = day;
        }
        for (long[] run : filled) {
            for (long d = run[0]; d <= run[1]; d++) {
                covered.add(d);
            }
        }
        return new Gaps(filled, longer);
    }

    /**
     * Runs of days without any record between covered days.
     *
     * @param filled the runs read as days nobody used the tool
     * @param longer the runs left missing
     */
    public record Gaps(List<long[]> filled, List<long[]> longer) {
    }

    /** Moves a segment's rows to another name (which must have none). */
    public void rename(String from, String to) {
        SegmentDays d = segments.remove(from);
        if (d != null) {
            if (segments.putIfAbsent(to, d) != null) {
                throw new IllegalStateException("segment " + to + " exists");
            }
            lastSegment = null;
            lastDays = null;
        }
    }

    /**
     * On every covered day, a row of zeros for each segment without one (the export's metrics, 0; active users 0 where
     * the segment names actors); when there is no segment at all, for {@code orElse}.
     */
    public void fillCovered(String orElse) {
        if (covered.isEmpty()) {
            return;
        }
        boolean[] reported = new boolean[METRICS.length];
        for (SegmentDays d : segments.values()) {
            for (double[] row : d.rows) {
                if (row != null) {
                    for (int k = 0; k < METRICS.length; k++) {
                        reported[k] |= !Double.isNaN(row[k]);
                    }
                }
            }
        }
        reported[RATE] = false;
        reported[ACTIVE] = false;
        boolean any = false;
        for (boolean b : reported) {
            any |= b;
        }
        if (!any) {
            reported[REQUESTS] = reported[TOKENS] = reported[INPUT] = reported[OUTPUT] = true;
        }
        if (segments.isEmpty()) {
            segments.put(orElse, new SegmentDays());
        }
        for (SegmentDays d : segments.values()) {
            for (long day : covered) {
                boolean absent = d.rows.length == 0 || day < d.base || day - d.base >= d.rows.length
                        || d.rows[(int) (day - d.base)] == null;
                if (absent) {
                    double[] v = d.row(day);
                    for (int k = 0; k < METRICS.length; k++) {
                        if (reported[k]) {
                            v[k] = 0;
                        }
                    }
                    if (d.named) {
                        v[ACTIVE] = 0;
                    }
                }
            }
        }
    }

    /** Adds one record of {@code actor} (null when unknown) to {@code segment}'s day. */
    public void add(String segment, String actor, Row r) {
        SegmentDays days;
        if (segment.equals(lastSegment)) {
            days = lastDays;
        } else {
            days = segments.get(segment);
            if (days == null) {
                days = new SegmentDays();
                segments.put(segment, days);
            }
            lastSegment = segment;
            lastDays = days;
        }
        double[] v = days.row(r.day);
        put(v, PROMPTS, r.prompts);
        put(v, REQUESTS, r.requests);
        put(v, TOKENS, r.tokens());
        put(v, INPUT, r.inputTokens);
        put(v, OUTPUT, r.outputTokens);
        put(v, CACHED, r.cachedTokens);
        put(v, GENERATIONS, r.generations);
        put(v, ACCEPTANCES, r.acceptances);
        put(v, SUGGESTED, r.suggestedLines);
        put(v, ACCEPTED, r.acceptedLines);
        if (!Double.isNaN(r.credits)) {
            v[CREDITS] = Double.isNaN(v[CREDITS]) ? r.credits : v[CREDITS] + r.credits;
        }
        boolean activeDay = r.prompts > 0 || r.requests > 0 || r.tokens() > 0 || r.generations > 0
                || r.acceptances > 0 || r.acceptedLines > 0 || r.suggestedLines > 0 || r.credits > 0;
        if (actor != null) {
            days.named = true;
            if (Double.isNaN(v[ACTIVE])) {
                v[ACTIVE] = 0;
            }
        }
        if (actor != null && activeDay) {
            DaySet seen = days.active.get(actor);
            if (seen == null) {
                seen = new DaySet();
                days.active.put(actor, seen);
            }
            if (seen.add(r.day)) {
                v[ACTIVE]++;
            }
        }
    }

    private static void put(double[] v, int k, long count) {
        if (count >= 0) {
            v[k] = Double.isNaN(v[k]) ? count : v[k] + count;
        }
    }

    /**
     * One observation per segment, day and reported metric, by date, segment and metric; {@code acceptance_rate}
     * (acceptances / generations) where generations were reported and above zero; {@code active_users} only where
     * the export names the segment's actors.
     */
    public List<Observation> observations() {
        List<Observation> out = new ArrayList<>();
        TreeMap<Long, TreeMap<String, double[]>> byDay = new TreeMap<>();
        for (Map.Entry<String, SegmentDays> e : segments.entrySet()) {
            SegmentDays s = e.getValue();
            for (int i = 0; i < s.rows.length; i++) {
                if (s.rows[i] != null) {
                    byDay.computeIfAbsent(s.base + i, k -> new TreeMap<>()).put(e.getKey(), s.rows[i]);
                }
            }
        }
        for (Map.Entry<Long, TreeMap<String, double[]>> d : byDay.entrySet()) {
            LocalDate date = LocalDate.ofEpochDay(d.getKey());
            for (Map.Entry<String, double[]> s : d.getValue().entrySet()) {
                double[] v = s.getValue().clone();
                v[RATE] = v[GENERATIONS] > 0 && !Double.isNaN(v[ACCEPTANCES]) ? v[ACCEPTANCES] / v[GENERATIONS]
                        : Double.NaN;
                for (int k = 0; k < METRICS.length; k++) {
                    if (!Double.isNaN(v[k])) {
                        out.add(new Observation(date, s.getKey(), METRICS[k], v[k]));
                    }
                }
            }
        }
        return out;
    }

    /** One segment's days: a row of metric values per day of its span, NaN where nothing was reported. */
    private static final class SegmentDays {
        long base;
        double[][] rows = new double[0][];
        /** Whether a record of the segment named its actor. */
        boolean named;
        final Map<String, DaySet> active = new HashMap<>();

        double[] row(long day) {
            if (rows.length > 0 && (base - day > 36_600 || day - base > 36_600)) {
                throw new IllegalArgumentException("a day " + LocalDate.ofEpochDay(day) + " more than 100 years from "
                        + LocalDate.ofEpochDay(base) + ", the first of this segment");
            }
            if (rows.length == 0) {
                base = day;
                rows = new double[1][];
            }
            if (day < base) {
                int grow = Math.toIntExact(base - day);
                double[][] r = new double[rows.length + grow][];
                System.arraycopy(rows, 0, r, grow, rows.length);
                rows = r;
                base = day;
            }
            int i = Math.toIntExact(day - base);
            if (i >= rows.length) {
                rows = Arrays.copyOf(rows, Math.max(i + 1, rows.length * 2));
            }
            if (rows[i] == null) {
                rows[i] = new double[METRICS.length];
                Arrays.fill(rows[i], Double.NaN);
            }
            return rows[i];
        }
    }
}
