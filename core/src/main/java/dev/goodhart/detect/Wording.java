package dev.goodhart.detect;

import dev.goodhart.internal.Text;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.Metric;
import java.util.Locale;

/**
 * The words the detectors' sentences share, so that every sentence says a metric's move one way: a duration
 * lengthens or shortens, anything else rises or falls, always with an unsigned percentage ("cycle_time shortened 12%",
 * never "changed -12%" in one sentence and "got 12% better" in the next).
 */
final class Wording {
    /** Degrees of freedom as printed: a whole number as it is ("71"), otherwise to one decimal ("7.7"). */
    static String degrees(double df) {
        return df == Math.rint(df) ? Long.toString((long) df) : Text.num(df, 1);
    }

    private Wording() {
    }

    /** Whether the metric is a duration (it lengthens and shortens). */
    static boolean duration(Metric m) {
        return Text.isDuration(m.name(), m.unit());
    }

    /**
     * The outcome's move from a change in the better direction (log, positive is better): "cycle_time shortened 4%"
     * for a lower-is-better duration that improved.
     */
    static String outcomeMoved(Metric outcome, double betterLog) {
        return outcome.name() + " " + Text.moved(raw(outcome, betterLog), duration(outcome));
    }

    /** The outcome compared from a change in the better direction: "4% shorter", "2% higher". */
    static String outcomeComparative(Metric outcome, double betterLog) {
        return Text.comparative(raw(outcome, betterLog), duration(outcome));
    }

    /** ", better" or ", worse" for a change in the better direction; empty when it rounds to 0%. */
    static String judgement(double betterLog) {
        return Text.magnitude(betterLog).equals("0%") ? "" : betterLog > 0 ? " (better)" : " (worse)";
    }

    /** The metric's own log change from a change in the better direction. */
    static double raw(Metric outcome, double betterLog) {
        return outcome.direction().sign() * betterLog;
    }

    /** "week", "day", "month". */
    static String period(Granularity g) {
        return g.name().toLowerCase(Locale.ROOT);
    }

    /** "2 weeks", "1 day". */
    static String periods(Granularity g, int n) {
        return n + " " + period(g) + (n == 1 ? "" : "s");
    }
}
