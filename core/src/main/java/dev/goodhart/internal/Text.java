package dev.goodhart.internal;

import java.util.Locale;

/** Number formatting for sentences and tables (locale-independent). */
public final class Text {
    private Text() {
    }

    /**
     * A name or message made safe for a terminal: control characters are written as escapes ({@code \n},
     * {@code \r}, {@code \t}, {@code \x1b}, ...), so a segment name with a newline cannot print a forged row and
     * an escape sequence cannot reach the terminal; so are bidirectional overrides and zero-width characters (U+202E,
     * U+200B), which reverse or hide what follows them. The JSON and HTML reports keep the exact text (escaped their
     * way).
     */
    public static String clean(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = Character.isISOControl(c) || c == '\u2028' || c == '\u2029' || invisible(c);
            if (control && out == null) {
                out = new StringBuilder(s.length() + 8).append(s, 0, i);
            }
            if (out != null) {
                if (!control) {
                    out.append(c);
                } else if (c == '\n') {
                    out.append("\\n");
                } else if (c == '\r') {
                    out.append("\\r");
                } else if (c == '\t') {
                    out.append("\\t");
                } else {
                    out.append(String.format(Locale.ROOT, c < 0x100 ? "\\x%02x" : "\\u%04x", (int) c));
                }
            }
        }
        return out == null ? s : out.toString();
    }

    /**
     * Characters that change how a terminal shows the text around them or show as nothing: bidirectional overrides,
     * embeddings and isolates (U+202A-202E, U+2066-2069: a U+202E in a team's name printed the rest of its row
     * reversed), the directional marks and zero-width characters (U+200B-200F: "team04" with a U+200B after "team"
     * looked like "team04"), the invisible operators U+2060-2064 and the byte order mark.
     */
    private static boolean invisible(char c) {
        return c >= '\u200b' && c <= '\u200f' || c >= '\u202a' && c <= '\u202e' || c >= '\u2060' && c <= '\u2064'
                || c >= '\u2066' && c <= '\u2069' || c == '\ufeff';
    }

    /** A p-value after its name: {@code "= 0.0123"}, or {@code "< 0.0001"} below that, as in "p = 0.0123". */
    public static String pEquals(double p) {
        String s = p(p);
        return s.startsWith("<") ? s : "= " + s;
    }

    /** A p- or q-value: three significant digits, {@code "< 0.0001"} below that. */
    public static String p(double p) {
        if (Double.isNaN(p)) {
            return "n/a";
        }
        if (p < 1e-4) {
            return "< 0.0001";
        }
        return twoSignificant(p);
    }

    /**
     * {@code String.format(Locale.ROOT, "%.2g", v)} without the Formatter (which costs about a microsecond a call, a
     * fifth of a live day's examinations): from 1e-4 up to 10, {@link #fixed} with the decimals that leave two
     * significant digits (one fewer where the rounding reaches the next decade); outside that range, and where it
     * rounds to 10, the Formatter itself.
     */
    static String twoSignificant(double v) {
        if (!(v >= 1e-4 && v < 10)) {
            return String.format(Locale.ROOT, "%.2g", v);
        }
        // the decimal exponent of the shortest decimal: it is at least 10^e exactly when the double is at least the
        // double nearest 10^e (rounding to doubles keeps the order)
        int exponent = -4;
        while (exponent < 0 && v >= DECADES[exponent + 5]) {
            exponent++;
        }
        String digits = fixed(v, 1 - exponent);
        if (significantDigits(digits) == 2) {
            return digits;
        }
        if (exponent < 0) {
            return fixed(v, -exponent); // rounded up to the next decade (0.0996 to "0.10"): one decimal fewer
        }
        return String.format(Locale.ROOT, "%.2g", v); // rounded up to 10
    }

    /** The doubles nearest 1e-4, 1e-3, 1e-2, 1e-1 and 1. */
    private static final double[] DECADES = {1e-4, 1e-3, 1e-2, 1e-1, 1};

    /** The significant digits of a plain decimal without a sign ("0.050" has 2, "0.100" 3, "1.0" 2). */
    private static int significantDigits(String plain) {
        int count = 0;
        boolean leading = true;
        for (int i = 0; i < plain.length(); i++) {
            char c = plain.charAt(i);
            if (c == '.' || (leading && c == '0')) {
                continue;
            }
            leading = false;
            count++;
        }
        return count;
    }

    /**
     * {@code String.format(Locale.ROOT, "%.<decimals>f", v)}, without the Formatter where that is safe: the Formatter
     * rounds the decimal digits that name the double half up, and far from a tie (in units of the last decimal kept,
     * below 1e7 and more than 1e-6 from one half) those digits and the double itself round alike, so the double is
     * rounded directly, with its sign ("-0.00" for -0.001 and for -0.0). Near a tie, for larger numbers, NaN and the
     * infinities, the Formatter itself.
     */
    static String fixed(double v, int decimals) {
        double scaled = Double.isFinite(v) && decimals >= 0 && decimals < POWERS.length
                ? Math.abs(v) * POWERS[decimals] : Double.POSITIVE_INFINITY;
        // far from a tie, the double and its decimal digits round alike: in units of the last decimal kept, the digits
        // are within half an ulp of the double (below 1e7 x 1.2e-16) and the product within half an ulp of the exact
        // one (below 1e-9), so only a fraction within 1e-6 of one half can tell them apart
        if (scaled < 1e7 && Math.abs(scaled - Math.floor(scaled) - 0.5) > 1e-6) {
            String digits = withPoint(Long.toString((long) Math.floor(scaled + 0.5)), decimals);
            return Double.compare(v, 0.0) < 0 ? "-" + digits : digits;
        }
        // near a tie or large: the Formatter itself, whose digits are the JDK's own (Double.toString's digits and the
        // Formatter's differ on JDK 19 and 20, so no copy of its rule can be exact on every JDK)
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    private static final double[] POWERS = {1, 10, 100, 1e3, 1e4, 1e5, 1e6};

    /** The integer {@code units} (in units of 10^-decimals) written with its decimal point: "1234", 2 gives "12.34". */
    private static String withPoint(String units, int decimals) {
        if (decimals == 0) {
            return units;
        }
        StringBuilder out = new StringBuilder(units.length() + decimals + 2);
        for (int i = units.length(); i <= decimals; i++) {
            out.append('0'); // "5" with 3 decimals is 0.005
        }
        out.append(units);
        out.insert(out.length() - decimals, '.');
        return out.toString();
    }

    /**
     * The columns {@code s} takes in a terminal's fixed-width font: two for a wide or full-width character (CJK
     * ideographs, kana, Hangul, full-width forms, most emoji), none for a combining mark or a format character, one
     * otherwise (Markus Kuhn's wcwidth ranges). A table padded by {@code length()} shifted its columns after a name
     * such as "团队 三" (a helper's report).
     */
    public static int width(String s) {
        int columns = 0;
        for (int i = 0; i < s.length(); ) {
            int c = s.codePointAt(i);
            i += Character.charCount(c);
            int type = Character.getType(c);
            if (type == Character.NON_SPACING_MARK || type == Character.ENCLOSING_MARK || type == Character.FORMAT) {
                continue;
            }
            columns += wide(c) ? 2 : 1;
        }
        return columns;
    }

    /** Whether code point {@code c} is East Asian wide or full-width (two columns). */
    private static boolean wide(int c) {
        return c >= 0x1100 && (c <= 0x115F || c == 0x2329 || c == 0x232A
                || (c >= 0x2E80 && c <= 0xA4CF && c != 0x303F) || (c >= 0xAC00 && c <= 0xD7A3)
                || (c >= 0xF900 && c <= 0xFAFF) || (c >= 0xFE10 && c <= 0xFE19) || (c >= 0xFE30 && c <= 0xFE6F)
                || (c >= 0xFF00 && c <= 0xFF60) || (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x1F300 && c <= 0x1F64F)
                || (c >= 0x1F900 && c <= 0x1F9FF) || (c >= 0x20000 && c <= 0x2FFFD) || (c >= 0x30000 && c <= 0x3FFFD));
    }

    /** A count with its thousands grouped, as the reports print counts ("4,618"). */
    public static String count(long n) {
        return String.format(Locale.ROOT, "%,d", n);
    }

    /** {@code s} followed by spaces to {@code columns} display columns ({@link #width}); as it is if wider. */
    public static String padRight(String s, int columns) {
        return s + " ".repeat(Math.max(0, columns - width(s)));
    }

    /** Spaces to {@code columns} display columns ({@link #width}), then {@code s}; as it is if wider. */
    public static String padLeft(String s, int columns) {
        return " ".repeat(Math.max(0, columns - width(s))) + s;
    }

    /**
     * A score (0 to 100) as reports print it, a whole number rounded down: 49.9 reads "49", never "50" beside a band
     * or a flag line that begins at 50 (see {@code Verdict.scoreText}).
     */
    public static String score(double score) {
        return Long.toString((long) Math.floor(score + 1e-9));
    }

    /**
     * A value quoted in a message about the data: to fifteen significant digits, so that a value read from a file
     * reads as it was written ("-5", "-6.31") and one computed from such values without the last bits of binary
     * rounding ("-6.31", not -6.3100000000000005); plain up to 15 digits before the point, in scientific notation
     * beyond ("1E+20"); NaN and the infinities as Java writes them.
     */
    public static String value(double v) {
        if (!Double.isFinite(v)) {
            return Double.toString(v);
        }
        java.math.BigDecimal d = new java.math.BigDecimal(v).round(new java.math.MathContext(15)).stripTrailingZeros();
        return d.precision() - d.scale() <= 15 ? d.toPlainString() : d.toString();
    }

    /**
     * A number with {@code decimals} decimals, as {@link #fixed}, but without a sign where it prints as zero: "0.0" for
     * -0.04 to one decimal, never "-0.0" (a reader takes a minus for a fall).
     */
    public static String num(double v, int decimals) {
        String s = fixed(v, decimals);
        if (!s.startsWith("-")) {
            return s;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '0' && c != '.') {
                return s;
            }
        }
        return s.substring(1);
    }

    /**
     * A coefficient (an elasticity) with two decimals, as {@link #num}, but one that is not 0 and would print as "0.00"
     * with its first significant digit ("0.003"), from 0.0001 down as {@code "under 0.0001"}: "the baseline
     * elasticity, at least 0.00" read as a bound of nothing where the bound was a small positive number.
     */
    public static String coefficient(double v) {
        String s = num(v, 2);
        if (v == 0 || !Double.isFinite(v) || Double.parseDouble(s) != 0) {
            return s;
        }
        if (Math.abs(v) < 1e-4) {
            return (v < 0 ? "above -" : "under ") + "0.0001";
        }
        return new java.math.BigDecimal(v).round(new java.math.MathContext(1)).toPlainString();
    }

    /**
     * Whether a metric measures a duration, so that it "lengthens" and "shortens" rather than "rises" and "falls": its
     * unit is a unit of time (seconds to weeks), or its name says time, duration, latency or lead time.
     */
    public static boolean isDuration(String name, String unit) {
        String u = unit == null ? "" : unit.trim().toLowerCase(Locale.ROOT);
        if (TIME_UNITS.contains(u)) {
            return true;
        }
        if (!u.isEmpty() || name == null) {
            return false;
        }
        // the name's words: a space between a lower-case and an upper-case ASCII letter (leadTime), then lower case,
        // then the runs of a to z (no regular expression: matching them on every sentence was 1.6% of a live day)
        StringBuilder spaced = new StringBuilder(name.length() + 4);
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (i > 0 && c >= 'A' && c <= 'Z' && isLowerAscii(name.charAt(i - 1))) {
                spaced.append(' ');
            }
            spaced.append(c);
        }
        String n = spaced.toString().toLowerCase(Locale.ROOT);
        int i = 0;
        while (i < n.length()) {
            while (i < n.length() && !isLowerAscii(n.charAt(i))) {
                i++;
            }
            int start = i;
            while (i < n.length() && isLowerAscii(n.charAt(i))) {
                i++;
            }
            if (i > start && DURATION_WORDS.contains(n.substring(start, i))) {
                return true;
            }
        }
        return false;
    }

    private static boolean isLowerAscii(char c) {
        return c >= 'a' && c <= 'z';
    }

    /** The units of time a duration's unit may name, in lower case. */
    private static final java.util.Set<String> TIME_UNITS = java.util.Set.of("ms", "millisecond", "milliseconds", "s",
            "sec", "secs", "second", "seconds", "min", "mins", "minute", "minutes", "h", "hr", "hrs", "hour", "hours",
            "d", "day", "days", "wk", "week", "weeks");

    /** The words that make a metric's name a duration's. */
    private static final java.util.Set<String> DURATION_WORDS = java.util.Set.of("time", "duration", "latency", "days",
            "hours", "minutes", "seconds");

    /**
     * A metric's move, in one wording whichever way it went: from a log change (log of after / before) of the metric as
     * measured, {@code "rose 50%"} or {@code "fell 7%"}, for a duration {@code "lengthened 3%"} or
     * {@code "shortened 12%"}; {@code "held level"} when it rounds to 0%. The percentage is always the metric's own
     * relative change from where it started, never signed.
     */
    public static String moved(double logChange, boolean duration) {
        String size = magnitude(logChange);
        if (size.equals("0%")) {
            return "held level";
        }
        return (logChange > 0 ? (duration ? "lengthened " : "rose ") : (duration ? "shortened " : "fell ")) + size;
    }

    /**
     * A comparison in one wording: {@code "50% higher"} or {@code "7% lower"}, for a duration {@code "3% longer"} or
     * {@code "12% shorter"}; {@code "no different"} when it rounds to 0%.
     */
    public static String comparative(double logChange, boolean duration) {
        String size = magnitude(logChange);
        if (size.equals("0%")) {
            return "no different";
        }
        return size + (logChange > 0 ? (duration ? " longer" : " higher") : (duration ? " shorter" : " lower"));
    }

    /** What {@link #comparativePercent} says of a percentage that rounds to zero. */
    public static final String NO_CHANGE = "no change";

    /**
     * A small percentage with its comparative, for elasticities ("each 1% more tokens went with 0.35% shorter cycle
     * time"): {@code signedPercent} 0.35 with decimals 2 is {@code "0.35% higher"}; {@code "no change"} when it rounds
     * to zero.
     */
    public static String comparativePercent(double signedPercent, int decimals, boolean duration) {
        String size = num(Math.abs(signedPercent), decimals);
        if (Double.parseDouble(size) == 0) {
            return NO_CHANGE;
        }
        return size + "%" + (signedPercent > 0 ? (duration ? " longer" : " higher") : (duration ? " shorter" : " lower"));
    }

    /** Whether a raw log change of a metric is better or worse: {@code "better"}, {@code "worse"}. */
    public static String judged(double logChange, boolean lowerIsBetter) {
        return (logChange < 0) == lowerIsBetter ? "better" : "worse";
    }

    /**
     * A factor from its logarithm with {@code decimals} decimals, {@code log 1.6 -> "1.60"}; from ten trillion on as a
     * power of ten, {@code "10^315"} (where the factor itself would print as "Infinity"), and beyond the largest double
     * {@code "over 10^308"}. NaN stays visible ("NaN").
     */
    public static String factor(double logFactor, int decimals) {
        String power = powerOfTen(logFactor);
        return power != null ? power : num(Math.exp(logFactor), decimals);
    }

    /**
     * The size of a log change as an unsigned percentage of the starting level: {@code log 1.16 -> "16%"}, {@code log
     * 0.5 -> "50%"}; a fall that would round to 100% short of zero with a decimal, {@code "99.6%"}, or as {@code
     * "over 99.9%"}; a rise of ten times or more as a factor, {@code "12.5-fold"}, from a hundred times digits grouped,
     * {@code "1,250-fold"}; of ten trillion times or more as a power of ten, {@code "10^424-fold"} (a series that rose
     * from near the smallest double to an ordinary level: its percentage would be "Infinity%"), the same threshold as
     * {@link #factor}. NaN stays visible ("NaN%").
     */
    public static String magnitude(double logChange) {
        String power = powerOfTen(logChange);
        if (power != null) {
            return power + "-fold";
        }
        if (logChange >= TENFOLD) {
            // "10461%" reads as a typo: from ten times on, how many times, digits grouped ("105-fold", "1,250-fold")
            double times = Math.exp(logChange);
            return (times < 100 ? fixed(times, 1) : String.format(Locale.ROOT, "%,d", Math.round(times))) + "-fold";
        }
        double relative = logChange >= 0 ? Math.exp(logChange) - 1 : 1 - Math.exp(logChange);
        if (logChange < 0 && logChange > Double.NEGATIVE_INFINITY && relative >= 0.995) {
            // a fall short of zero is not "100%" (a bound of "100% shorter cycle time" read as a cycle time of zero),
            // even where the level left is beyond what a double tells from zero (log -800); only a fall to 0 is
            return relative < 0.9995 ? fixed(relative * 100, 1) + "%" : "over 99.9%";
        }
        return fixed(relative * 100, 0) + "%";
    }

    /** The log factor from which a rise is written as a factor ("12.5-fold") rather than a percentage. */
    private static final double TENFOLD = Math.log(10);

    /** The factor this log stands for from which it is written as a power of ten. */
    private static final double POWER_WORDING = 1e13;

    /**
     * {@code "10^k"} for a log factor of {@link #POWER_WORDING} or more ({@code k} its whole power of ten, read
     * exactly at whole powers: log 1e15 is 10^15, not 10^14), {@code "over 10^308"} for an infinite one, else null
     * (NaN included).
     */
    private static String powerOfTen(double logFactor) {
        if (logFactor == Double.POSITIVE_INFINITY) {
            return "over 10^308";
        }
        if (!(logFactor >= Math.log(POWER_WORDING))) {
            return null;
        }
        double tens = logFactor / Math.log(10);
        long k = (long) Math.floor(tens);
        // a whole power of ten computed through logs may fall a hair below its integer
        if (tens - k > 1 - 1e-9) {
            k++;
        }
        return "10^" + k;
    }

    /**
     * Where an input account's skipped records were, for its sentence: {@code " (lines 5, 9, ...)"}, each number once
     * (records of one line, an OpenAI page or a wide file's values, share its number: "lines 1, 1, 1" said nothing
     * more than "line 1"), {@code " (all on line 1)"} where every one of several is on one line, {@code ", ..."} where
     * there were more than the examples kept; empty without examples. A file's lines are numbered as an editor shows
     * them; any other position (the rows a program handed over, a query's samples, an export's records) with a
     * {@code #}, so that the 2,024th row does not read as a year: {@code " (rows #2024, #2389, ...)"}.
     *
     * @param position what the numbers count, singular ({@code "line"}, {@code "row"})
     * @param examples the first numbers kept, in order
     * @param count    how many records there were
     */
    public static String positions(String position, java.util.List<Long> examples, long count) {
        java.util.List<Long> at = examples.stream().distinct().toList();
        if (at.isEmpty()) {
            return "";
        }
        boolean all = count == examples.size();
        StringBuilder p = new StringBuilder(" (").append(at.size() == 1 && all && examples.size() > 1 ? "all on " : "")
                .append(position).append(at.size() > 1 ? "s " : " ");
        String mark = position.equals("line") ? "" : "#";
        for (int i = 0; i < at.size(); i++) {
            p.append(i == 0 ? "" : ", ").append(mark).append(at.get(i));
        }
        return p.append(all ? ")" : ", ...)").toString();
    }
}
