package dev.goodhart.aiusage.internal;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.goodhart.model.InvalidDataException;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.Locale;

/**
 * The state of one read: the source's name and the line of the record being read, and typed access to the current
 * value with errors that name the file, line, column and field. Not thread-safe: one per read.
 */
public final class Ctx {
    private final String source;
    private long line;

    /** A context for reading {@code source}. */
    public Ctx(String source) {
        this.source = source;
    }

    /** The source's name. */
    public String source() {
        return source;
    }

    /** The line on which the current record starts. */
    public long line() {
        return line;
    }

    /** Sets the line on which the current record starts. */
    public void line(long value) {
        this.line = value;
    }

    /** An error at the parser's current token, in {@code field}. */
    public InvalidDataException error(JsonParser p, String field, String problem) {
        JsonLocation at = p.currentTokenLocation();
        long l = at.getLineNr() > 0 ? at.getLineNr() : line;
        int column = l == line || at.getLineNr() > 0 ? Math.max(0, at.getColumnNr()) : 0;
        return new InvalidDataException(source, l, column, (field == null ? "" : "field " + field + ": ") + problem);
    }

    /** An error about the record as a whole, at its first line. */
    public InvalidDataException recordError(String problem) {
        return new InvalidDataException(source, line, 0, problem);
    }

    /** The largest count accepted: no export counts a quadrillion of anything in one record. */
    public static final long MAX_COUNT = 1_000_000_000_000_000L;

    /**
     * The current value as a count the export's schema requires (OpenAI's {@code input_tokens}, {@code output_tokens},
     * {@code num_model_requests}): as {@link #count}, and {@code null} is refused as a damaged record.
     *
     * @throws InvalidDataException for {@code null} and for anything {@link #count} refuses
     */
    public long requiredCount(JsonParser p, String field) throws IOException {
        if (p.currentToken() == JsonToken.VALUE_NULL) {
            throw error(p, field, "expected a whole number >= 0, found null (the export's schema requires this count)");
        }
        return count(p, field);
    }

    /**
     * The current value as a count: a whole number from 0 to {@link #MAX_COUNT}; -1 for {@code null}.
     *
     * @throws InvalidDataException for anything else (a string, a fraction, a negative or too large number)
     */
    public long count(JsonParser p, String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return -1;
        }
        BigDecimal d;
        if (t == JsonToken.VALUE_NUMBER_INT) {
            if (p.getNumberType() != JsonParser.NumberType.BIG_INTEGER) {
                long v = p.getLongValue();
                if (v >= 0 && v <= MAX_COUNT) {
                    return v;
                }
            }
            d = new BigDecimal(p.getBigIntegerValue());
        } else if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            d = p.getDecimalValue();
        } else {
            throw error(p, field, "expected a whole number >= 0, found " + describe(p));
        }
        if (d.signum() < 0 || d.stripTrailingZeros().scale() > 0) {
            throw error(p, field, "expected a whole number >= 0, found " + p.getText());
        }
        if (d.compareTo(BigDecimal.valueOf(MAX_COUNT)) > 0) {
            // whole, but more than any export counts (1e+20 is whole)
            throw error(p, field, "expected a count up to 10^15, found " + p.getText() + ", which no export counts");
        }
        return d.longValueExact();
    }

    /**
     * The current value as a finite number {@code >= 0}; NaN for {@code null}.
     *
     * @throws InvalidDataException for anything else
     */
    public double amount(JsonParser p, String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return Double.NaN;
        }
        if (t != JsonToken.VALUE_NUMBER_INT && t != JsonToken.VALUE_NUMBER_FLOAT) {
            throw error(p, field, "expected a number >= 0, found " + describe(p));
        }
        double v = p.getDoubleValue();
        if (!Double.isFinite(v) || v < 0 || v > MAX_COUNT) {
            throw error(p, field, "expected a number from 0 to 10^15, found " + p.getText());
        }
        return v;
    }

    /**
     * The current value as text; null for {@code null}.
     *
     * @throws InvalidDataException for anything else
     */
    public String text(JsonParser p, String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return null;
        }
        if (t != JsonToken.VALUE_STRING) {
            throw error(p, field, "expected a string, found " + describe(p));
        }
        return p.getText();
    }

    /**
     * The current value as an identifier: a string or a whole number, as text; null for {@code null}.
     *
     * @throws InvalidDataException for anything else
     */
    public String id(JsonParser p, String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NUMBER_INT) {
            return p.getText();
        }
        if (t == JsonToken.VALUE_NUMBER_FLOAT) {
            // a whole number written with a point (1003.0: a tool that reads every number as a double) is the same
            // id; anything else is said as what it is, not as "expected a string" beside ids written as numbers
            java.math.BigDecimal v = p.getDecimalValue();
            if (v.signum() >= 0 && v.stripTrailingZeros().scale() <= 0) {
                return v.toBigIntegerExact().toString();
            }
            throw error(p, field, "expected an id (a string, or a whole number), found " + p.getText());
        }
        return text(p, field);
    }

    /**
     * Inside an object: advances to the next field's value and returns the field's name, or null at the end of the
     * object.
     *
     * @throws InvalidDataException naming {@code field} when the next token is not a field name
     */
    public String nextField(JsonParser p, String field) throws IOException {
        JsonToken t = p.nextToken();
        if (t == JsonToken.END_OBJECT) {
            return null;
        }
        if (t != JsonToken.FIELD_NAME) {
            throw error(p, field, "expected a field name, found " + describe(p));
        }
        String name = p.currentName();
        p.nextToken();
        return name;
    }

    /**
     * Checks that the current token starts an object (or is null, answering false).
     *
     * @throws InvalidDataException for anything else
     */
    public boolean object(JsonParser p, String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return false;
        }
        if (t != JsonToken.START_OBJECT) {
            throw error(p, field, "expected an object, found " + describe(p));
        }
        return true;
    }

    /**
     * Checks that the current token starts an array (or is null, answering false).
     *
     * @throws InvalidDataException for anything else
     */
    public boolean array(JsonParser p, String field) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_NULL) {
            return false;
        }
        if (t != JsonToken.START_ARRAY) {
            throw error(p, field, "expected an array, found " + describe(p));
        }
        return true;
    }

    /**
     * The epoch day of an ISO date {@code YYYY-MM-DD}, or {@link Long#MIN_VALUE} when the text is not one (a
     * calendar check included: {@code 2025-02-30} is not a date).
     */
    public static long epochDay(String s) {
        if (s.length() != 10 || s.charAt(4) != '-' || s.charAt(7) != '-') {
            return Long.MIN_VALUE;
        }
        int y = digits(s, 0, 4);
        int m = digits(s, 5, 7);
        int d = digits(s, 8, 10);
        if (y < 0 || m < 1 || m > 12 || d < 1 || d > java.time.YearMonth.of(y, m).lengthOfMonth()) {
            return Long.MIN_VALUE;
        }
        return java.time.LocalDate.of(y, m, d).toEpochDay();
    }

    /**
     * Epoch milliseconds of an instant written {@code YYYY-MM-DDTHH:MM:SS[.fraction]Z}, or {@link Long#MIN_VALUE}
     * for any other form (which the caller then parses in full).
     */
    public static long epochMillisUtc(String s) {
        int n = s.length();
        if (n < 20 || s.charAt(n - 1) != 'Z' || s.charAt(10) != 'T' || s.charAt(13) != ':' || s.charAt(16) != ':') {
            return Long.MIN_VALUE;
        }
        long day = epochDay(s.substring(0, 10));
        int h = digits(s, 11, 13);
        int mi = digits(s, 14, 16);
        int sec = digits(s, 17, 19);
        if (day == Long.MIN_VALUE || h < 0 || h > 23 || mi < 0 || mi > 59 || sec < 0 || sec > 59) {
            return Long.MIN_VALUE;
        }
        int millis = 0;
        if (n > 20) {
            if (s.charAt(19) != '.' || n - 21 < 1 || n - 21 > 9) {
                return Long.MIN_VALUE;
            }
            int f = digits(s, 20, n - 1);
            if (f < 0) {
                return Long.MIN_VALUE;
            }
            int width = n - 21;
            millis = width >= 3 ? (int) (f / (long) Math.pow(10, width - 3)) : f * (int) Math.pow(10, 3 - width);
        } else if (s.charAt(19) != 'Z') {
            return Long.MIN_VALUE;
        }
        return ((day * 24 + h) * 60 + mi) * 60_000L + sec * 1000L + millis;
    }

    /** The decimal number in {@code s[from, to)}, or -1 when a character is not a digit. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    /** The current token in words, with a short excerpt of its text: {@code a string ('eight')}. */
    public static String describe(JsonParser p) throws IOException {
        JsonToken t = p.currentToken();
        if (t == null) {
            return "the end of the input";
        }
        switch (t) {
            case VALUE_STRING: {
                String s = p.getText();
                return "a string ('" + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "')";
            }
            case VALUE_NUMBER_INT:
            case VALUE_NUMBER_FLOAT:
                return "a number (" + p.getText() + ")";
            case VALUE_TRUE:
            case VALUE_FALSE:
                return "a boolean";
            case VALUE_NULL:
                return "null";
            case START_OBJECT:
                return "an object";
            case START_ARRAY:
                return "an array";
            default:
                return t.name().toLowerCase(Locale.ROOT).replace('_', ' ');
        }
    }
}
