package dev.goodhart.model;

/** Constants for segment names. A segment is who the numbers belong to: a team, a person, a department. */
public final class Segments {
    /** The whole organisation, in reports and as the segment of rows whose segment is empty in the input. */
    public static final String ALL = "*";

    private Segments() {
    }

    /** The segment name used internally for an input segment: empty or null means {@link #ALL}. */
    public static String normalise(String segment) {
        if (segment == null) {
            return ALL;
        }
        String s = segment.trim();
        return s.isEmpty() ? ALL : s;
    }
}
