package dev.goodhart.internal;

import java.util.Locale;

/** Number formatting for sentences and tables (locale-independent). */
public final class Text {
    private Text() {
    }

    /** A p- or q-value: three significant digits, "< 0.0001" below that. */
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
