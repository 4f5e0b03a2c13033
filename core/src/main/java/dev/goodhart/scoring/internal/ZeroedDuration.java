package dev.goodhart.scoring.internal;

import java.time.LocalDate;
import java.util.Locale;

/**
 * A duration outcome (cycle time, lead time) that is exactly 0 in every period since the date where it was above 0
 * before: a mean of durations is never 0; an export that stopped filling the column (a join that lost its match, a
 * default written for missing) is. Read as it is, the outcome "shortened 99%": a team that doubled its tokens read
 * HEALTHY 0 without a word (helper-173). The pair is not judged and its note says why.
 */
public final class ZeroedDuration {
    /** The fewest periods since the date that must all be 0. */
    private static final int MIN_ZERO_PERIODS = 2;

    private ZeroedDuration() {
    }

    /**
     * Whether {@code values} are above 0 in every observed period before {@code split} (at least one) and exactly 0
     * in every observed period from it (at least {@value #MIN_ZERO_PERIODS}).
     */
    public static boolean find(double[] values, int split) {
        int before = 0;
        int zeros = 0;
        for (int t = 0; t < values.length; t++) {
            double v = values[t];
            if (Double.isNaN(v)) {
                continue;
            }
            if (t < split) {
                if (!(v > 0)) {
                    return false;
                }
                before++;
            } else {
                if (v != 0) {
                    return false;
                }
                zeros++;
            }
        }
        return before > 0 && zeros >= MIN_ZERO_PERIODS;
    }

    /** The note of a pair whose duration outcome is 0 since the date. */
    public static String note(String outcome, LocalDate since) {
        return String.format(Locale.ROOT, "not judged: %s, a duration, is exactly 0 in every period since %s, where it "
                + "was above 0 before: no work takes no time, so the export has stopped filling it (a lost join, a "
                + "default for missing)? Give its values, or leave those periods out", outcome, since);
    }
}
