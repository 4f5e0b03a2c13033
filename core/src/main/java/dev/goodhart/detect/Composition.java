package dev.goodhart.detect;

import dev.goodhart.internal.Text;
import dev.goodhart.model.Frame;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.stats.Descriptive;

/**
 * How the organisation's series weigh its segments, for what its own rise of use owes ({@link ExpectedResponse}). The
 * organisation's use and outcome are sums (or means) of its segments', so each moves with a segment's change as far
 * as that segment holds a share of it: its use with the segments' rises weighted by their use, its outcome with their
 * gains weighted by their outcome. Where the use rose in a few teams that hold most of it while the outcome is spread
 * over many that did not take it up (40 small untouched teams beside 8 honest adopters that doubled their tokens and
 * gained 23%), the total's rise of 71% owes at the declared minimum elasticity far more than the adopters' gain can
 * move the organisation's mean (4%): read against the total, such an organisation was DIVERGING in 11 of 40 with none
 * of its teams short. Weighted by the outcome's shares, the segments' use rose about 10%, and that is what the
 * organisation's outcome owes a gain for: {@link #share()} is that rise over the total's, at most 1 (an organisation
 * is never asked for more than its total's rise owes).
 *
 * <p>Each segment's rise is its log rise of use, as far as it owes ({@link ExpectedResponse#MAX_OWED_RISE} at most,
 * either way; a rise from no use at all owes that much, as the segment's own reading owes). An outcome read by what it
 * lacks of a ceiling ({@link ShareCeiling}: a pass rate of 95% read as its 5% of failures) weighs each segment by its
 * shortfall from the ceiling, as the organisation's shortfall is their mean. Where the segments' total rise differs
 * from the organisation's own (segments left out of the model but in the organisation's series), the share is not
 * measured.
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

    /** How far the segments' total rise may be from the organisation's own: a tenth of it and 0.02 in log points. */
    private static final double AGREE_SHARE = 0.1;
    private static final double AGREE_LOG = 0.02;

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
        return new double[] {Descriptive.meanOfFinite(use, 0, split), Descriptive.meanOfFinite(use, split, use.length),
                Descriptive.meanOfFinite(outcome, 0, split)};
    }

    /** The log rise of the organisation's own use, its means before and since its date; NaN where not measured. */
    static double ownRise(IntegrityModel model, PairSeries org) {
        double[] own = measure(model, org);
        return Math.log(own[1] / own[0]);
    }

    /** Whether the share is below 1 enough to be said (and to scale the bar visibly). */
    boolean said() {
        return segments > 0 && share < SAID;
    }

    /**
     * The sentence that says where the bar's rise came from, or empty where the share is not {@linkplain #said()
     * said}, after the bar's "on 0.20 of that rise": "The 0.20 of that rise: each segment's rise counted by its part
     * in the organisation's tickets before the date, the segments' rises come to 0.20 of the organisation's (as means
     * before and since the date, the segments' use rose 12% so counted, the total rose 80%).""
     */
    String clause(String outcome) {
        if (!said()) {
            return "";
        }
        String part = Text.num(share, 2);
        return " The " + part + " of that rise: each segment's rise counted by its part in the"
                + " organisation's " + outcome + " before the date, the segments' rises come to " + part + " of the"
                + " organisation's (as means before and since the date, the segments' use " + Text.moved(weightedRise,
                false) + " so counted, the total " + Text.moved(totalRise, false) + ").";
    }

    /**
     * The segments' parts summed in the order they come (the same on one machine and on a cluster's driver): each
     * one whose use before and since and outcome before have a value, not negative.
     */
    static final class Fold {
        private double outcome;
        private double weighted;
        private double rises;
        private double useBefore;
        private double useSince;
        private int segments;

        /** Adds a segment's part ({@link #measure}'s three means). */
        void add(double useBefore, double useSince, double outcomeBefore) {
            if (!(useBefore >= 0 && useSince >= 0 && outcomeBefore >= 0) || !Double.isFinite(useBefore)
                    || !Double.isFinite(useSince) || !Double.isFinite(outcomeBefore)
                    || useBefore == 0 && useSince == 0) {
                return;
            }
            double max = ExpectedResponse.MAX_OWED_RISE;
            double rise = useBefore == 0 ? max : useSince == 0 ? -max
                    : Math.max(-max, Math.min(max, Math.log(useSince / useBefore)));
            outcome += outcomeBefore;
            weighted += outcomeBefore * rise;
            rises += rise;
            this.useBefore += useBefore;
            this.useSince += useSince;
            segments++;
        }

        /**
         * The composition for the organisation, or {@link #WHOLE}: with fewer than two segments measured, a total that
         * did not move, segments whose total rise is not the organisation's own, or a link read per an exposure ({@code
         * perExposure}: a rate per head weighs its segments by their heads as well).
         *
         * @param ownTotal the log rise of the organisation's own use, its means before and since its date ({@link
         *                 #ownRise})
         * @param ceiling  the ceiling the organisation's outcome is read by its shortfall from ({@link ShareCeiling}),
         *                 or NaN
         */
        Composition conclude(double ownTotal, boolean perExposure, double ceiling) {
            if (perExposure || segments < 2 || !(useBefore > 0 && useSince > 0)) {
                return WHOLE;
            }
            double total = Math.log(useSince / useBefore);
            if (!(Math.abs(total - ownTotal) <= AGREE_SHARE * Math.abs(ownTotal) + AGREE_LOG)) {
                return WHOLE;
            }
            // a shortfall from the ceiling weighs each segment by what it lacks of it: (c - o) summed over segments
            double weight = Double.isNaN(ceiling) ? outcome : segments * ceiling - outcome;
            double sum = Double.isNaN(ceiling) ? weighted : ceiling * rises - weighted;
            double rise = sum / weight;
            if (!(Math.abs(total) > 0) || !(weight > 0) || !Double.isFinite(rise)) {
                return WHOLE;
            }
            return new Composition(Math.max(0, Math.min(1, rise / total)), rise, total, segments);
        }
    }
}
