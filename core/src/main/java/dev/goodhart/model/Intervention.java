package dev.goodhart.model;

import java.time.LocalDate;
import java.util.Objects;
import java.util.Set;

/**
 * A dated event that made a proxy a target: a quota announced, a dashboard launched, a leaderboard.
 *
 * <p>Detectors compare the baseline window (before the date) with the recent window (from the date on).
 *
 * @param date     the first day the target applied
 * @param label    short description for reports; may be empty (null reads as empty)
 * @param segments the segments it applied to; empty (or null) means every segment
 */
public record Intervention(LocalDate date, String label, Set<String> segments) implements java.io.Serializable {
    private static final long serialVersionUID = 1L;


    /**
     * Trims the segment names as {@link Observation} trims a row's (so that {@code " team-0"} names the segment
     * {@code team-0}); a name must match the data's segment exactly otherwise, case included.
     *
     * @throws NullPointerException     if the date or a segment name is null
     * @throws IllegalArgumentException if a segment name is blank (an intervention for every segment names none)
     */
    public Intervention {
        Objects.requireNonNull(date, "intervention date");
        label = label == null ? "" : label.trim();
        if (segments == null) {
            segments = Set.of();
        } else {
            java.util.Set<String> trimmed = new java.util.LinkedHashSet<>();
            for (String s : segments) {
                String t = Objects.requireNonNull(s, "intervention segment").trim();
                if (t.isEmpty()) {
                    throw new IllegalArgumentException("intervention on " + date + ": a blank segment name (an "
                            + "intervention for every segment names no segment)");
                }
                trimmed.add(t);
            }
            segments = Set.copyOf(trimmed);
        }
    }

    /** An intervention that applied to every segment. */
    public static Intervention of(LocalDate date, String label) {
        return new Intervention(date, label, Set.of());
    }

    /** Whether this intervention applied to {@code segment} ({@code "*"} is the whole organisation). */
    public boolean appliesTo(String segment) {
        return segments.isEmpty() || segments.contains(segment) || Segments.ALL.equals(segment);
    }
}
