package dev.goodhart.internal;

/** Eager argument checks with messages that name the field and the offending value. */
public final class Checks {
    private Checks() {
    }

    /**
     * Checks that {@code value} is a non-blank name without surrounding whitespace.
     *
     * @throws IllegalArgumentException naming {@code field} otherwise
     */
    public static String checkName(String field, String value) {
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException(field + ": must be a non-blank name, found "
                    + (value == null ? "null" : "'" + value + "'"));
        }
        if (!value.equals(value.strip())) {
            throw new IllegalArgumentException(field + ": must not start or end with whitespace, found '" + value + "'");
        }
        return value;
    }
}
