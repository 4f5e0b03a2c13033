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
     * A change in the better direction, from its signed log (positive is better) and which way the metric improves:
     * {@code "16% better"}, {@code "16% worse"}, never a negative "better"; the percentage is the metric's own relative
     * change (cycle time from 100 to 84 is "16% better", output from 100 to 50 is "50% worse").
     */
    public static String better(double logGain, boolean lowerIsBetter) {
        return magnitude(lowerIsBetter ? -logGain : logGain) + (logGain >= 0 ? " better" : " worse");
    }

    /** The size of a log change as an unsigned percentage of the starting level: {@code log 1.16 -> "16%"}, {@code log 0.5 -> "50%"}. */
    public static String magnitude(double logChange) {
        double relative = logChange >= 0 ? Math.exp(logChange) - 1 : 1 - Math.exp(logChange);
        return String.format(Locale.ROOT, "%.0f%%", relative * 100);
    }

    /** A relative change as a signed percentage: {@code +82%}, {@code -35%}. */
    public static String pct(double ratio) {
        double pct = (ratio - 1) * 100;
        return String.format(Locale.ROOT, "%+.0f%%", pct);
    }
}
