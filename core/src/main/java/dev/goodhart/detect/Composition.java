package dev.goodhart.detect;

import dev.goodhart.internal.Text;
import dev.goodhart.model.Frame;
import dev.goodhart.model.IntegrityModel;

/**
 * How the organisation's series weigh its segments, for what its own rise of use owes ({@link ExpectedResponse}). The
 * organisation's use and outcome are sums (or means) of its segments', so each moves with a segment's change as far
 * as that segment holds a share of it: its use with the segments' rises weighted by their use, its outcome with their
 * gains weighted by their outcome. Where the use rose in a few teams that hold most of it while the outcome is spread
 * over many that did not take it up (40 small untouched teams beside 8 honest adopters that doubled their tokens and
 * gained 23%), the total's rise of 71% owes at the declared minimum elasticity far more than the adopters' gain can
 * move the organisation's mean (4%): read against the total, such an organisation was DIVERGING in 11 of 40 with none
 * of its teams short. Weighted by the outcome's shares, the segments' use rose 12%, and that is what the organisation's
 * outcome owes a gain for: {@link #share()} is that rise over the total's, at most 1 (an organisation is never asked
 * for more than its total's rise owes).
 *
 * @param share        the weighted rise over the total's, in {@code [0, 1]}; 1 where not measured
 * @param weightedRise the log rise of the segments' use, each weighted by its share of the outcome before the date
 * @param totalRise    the log rise of their total use
 * @param segments     the segments measured (0 where not measured)
 */
record Composition(double share, double weightedRise, double totalRise, int segments) {
    /** Not measured: the organisation's rise owes as it is. */
    static final Composition WHOLE = new Composition(1, Double.NaN, Double.NaN, 0);

    /** A share this close to 1 is not worth a sentence. */
    private static final double SAID = 0.995;

    /**
     * A segment's part in the organisation's series at the organisation's date (whatever its own): the means of its
     * use before and since, and of its outcome before, as measured; NaN where a window has no value or the calendar
     * has no such date.
     */
    static double[] measure(IntegrityModel model, PairSeries s) {
        int split = Frame.organisationSplit(model, s.start(), s.length());
        if (split < 0) {
            return new double[] {Double.NaN, Double.NaN, Double.NaN};
        }
        double[] use = s.proxy();
        double[] outcome = s.outcome();
        return new double[] {mean(use, 0, split), mean(use, split, use.length), mean(outcome, 0, split)};
    }

    private static double mean(double[] values, int from, int to) {
        double sum = 0;
        int n = 0;
        for (int t = from; t < to; t++) {
            if (!Double.isNaN(values[t])) {
                sum += values[t];
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** The sentence's clause, or empty where the share is 1 (or not measured). */
    String clause(String proxy, String outcome, boolean duration) {
        if (segments == 0 || share >= SAID) {
            return "";
        }
        return " Each of its " + segments + " segments counts in the organisation's " + outcome + " by its share"
                + " before the date: weighted so, their " + proxy + " " + Text.moved(weightedRise, duration)
                + " (the total " + Text.moved(totalRise, duration) + "), and the organisation owes "
                + Text.num(share, 2) + " of what the total's rise would.";
    }

    /**
     * The segments' parts summed in the order they come (the same on one machine and on a cluster's driver): each
     * one whose three means are positive.
     */
    static final class Fold {
        private double outcome;
        private double weighted;
        private double useBefore;
        private double useSince;
        private int segments;

        /** Adds a segment's part ({@link #measure}'s three means). */
        void add(double useBefore, double useSince, double outcomeBefore) {
            if (useBefore > 0 && useSince > 0 && outcomeBefore > 0 && Double.isFinite(useBefore)
                    && Double.isFinite(useSince) && Double.isFinite(outcomeBefore)) {
                outcome += outcomeBefore;
                weighted += outcomeBefore * Math.log(useSince / useBefore);
                this.useBefore += useBefore;
                this.useSince += useSince;
                segments++;
            }
        }

        /**
         * The composition, or {@link #WHOLE} with fewer than two segments measured, a total that did not move, or a
         * link read per an exposure (a rate per head weighs its segments by their heads as well).
         */
        Composition conclude(boolean perExposure) {
            if (perExposure || segments < 2) {
                return WHOLE;
            }
            double total = Math.log(useSince / useBefore);
            double rise = weighted / outcome;
            if (!(Math.abs(total) > 0) || !Double.isFinite(rise)) {
                return WHOLE;
            }
            return new Composition(Math.max(0, Math.min(1, rise / total)), rise, total, segments);
        }
    }
}
