package dev.goodhart.internal;

import java.util.Locale;

/** Number formatting for sentences and tables (locale-independent). */
public final class Text {
    private Text() {
    }

    /**
     * A name or message made safe for a terminal: control characters are written as escapes ({@code \n},
     * {@code \r}, {@code \t}, {@code \x1b}, ...), so a segment name with a newline cannot print a forged row and
     * an escape sequence cannot reach the terminal. The JSON and HTML reports keep the exact text (escaped their way).
     */
    public static String clean(String s) {
        if (s == null) {
            return "null";
        }
        StringBuilder out = null;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean control = Character.isISOControl(c) || c == '\u2028' || c == '\u2029';
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
        return String.format(Locale.ROOT, "%.2g", p);
    }

    /** A number with {@code decimals} decimals. */
    public static String num(double v, int decimals) {
        return String.format(Locale.ROOT, "%." + decimals + "f", v);
    }

    /**
     * Whether a metric measures a duration, so that it "lengthens" and "shortens" rather than "rises" and "falls": its
     * unit is a unit of time (seconds to weeks), or its name says time, duration, latency or lead time.
     */
    public static boolean isDuration(String name, String unit) {
        String u = unit == null ? "" : unit.trim().toLowerCase(Locale.ROOT);
        if (u.matches("(ms|milliseconds?|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|d|days?|wk|weeks?)")) {
            return true;
        }
        if (!u.isEmpty()) {
            return false;
        }
        String n = name == null ? "" : name.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
        for (String word : n.split("[^a-z]+")) {
            if (DURATION_WORDS.contains(word)) {
                return true;
            }
        }
        return false;
    }

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

    /**
     * A small percentage with its comparative, for elasticities ("each 1% more tokens went with 0.35% shorter cycle
     * time"): {@code signedPercent} 0.35 with decimals 2 is {@code "0.35% higher"}; {@code "no change"} when it rounds
     * to zero.
     */
    public static String comparativePercent(double signedPercent, int decimals, boolean duration) {
        String size = num(Math.abs(signedPercent), decimals);
        if (Double.parseDouble(size) == 0) {
            return "no change";
        }
        return size + "%" + (signedPercent > 0 ? (duration ? " longer" : " higher") : (duration ? " shorter" : " lower"));
    }

    /** Whether a raw log change of a metric is better or worse: {@code "better"}, {@code "worse"}. */
    public static String judged(double logChange, boolean lowerIsBetter) {
        return (logChange < 0) == lowerIsBetter ? "better" : "worse";
    }

    /** The size of a log change as an unsigned percentage of the starting level: {@code log 1.16 -> "16%"}, {@code log 0.5 -> "50%"}. */
    public static String magnitude(double logChange) {
        double relative = logChange >= 0 ? Math.exp(logChange) - 1 : 1 - Math.exp(logChange);
        return String.format(Locale.ROOT, "%.0f%%", relative * 100);
    }
}
