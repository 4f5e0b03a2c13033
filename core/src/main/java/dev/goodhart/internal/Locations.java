package dev.goodhart.internal;

/** The one way an error names where it happened: {@code source[, line L][, column C]: problem}. */
public final class Locations {
    private Locations() {
    }

    /**
     * An error message with its location.
     *
     * @param source  the file, URL or query
     * @param line    1-based line (or record) number, 0 when not known
     * @param column  1-based column, 0 when not known
     * @param problem what went wrong
     * @return {@code source[, line L][, column C]: problem}
     */
    public static String format(String source, long line, int column, String problem) {
        StringBuilder sb = new StringBuilder(String.valueOf(source));
        if (line > 0) {
            sb.append(", line ").append(line);
        }
        if (column > 0) {
            sb.append(", column ").append(column);
        }
        return sb.append(": ").append(problem).toString();
    }
}
