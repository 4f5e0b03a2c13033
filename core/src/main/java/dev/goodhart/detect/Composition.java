package dev.goodhart.detect;

import dev.goodhart.internal.SafeUnit;
import dev.goodhart.internal.Text;
import dev.goodhart.model.Frame;
import dev.goodhart.model.IntegrityModel;
import java.util.Arrays;
import java.util.Map;

/**
 * How the organisation's series weigh its segments, for what its own rise of use owes ({@link ExpectedResponse}). The
 * organisation's use and outcome are sums (or means) of its segments', so each moves with a segment's change as far
 * as that segment holds a share of it: its use with the segments' rises weighted by their use, its outcome with their
 * gains weighted by their outcome. Where the use rose in a few teams that hold most of it while the outcome is spread
 * over many that did not take it up (40 small untouched teams beside 8 honest adopters that doubled their tokens and
 * gained 23%), the total's rise of 71% owes at the declared minimum elasticity far more than the adopters' gain can
 * move the organisation's mean (4%): read against the total, such an organisation was DIVERGING in 11 of 40 with none
 * of its teams short. Weighted by the outcome's shares, the segments' use rose about 10%, and that is what the
 * organisation's outcome owes a gain for: {@link #share()} is that rise over the total's, at most {@value
 * #MAX_SHARE}. Where the segments that hold the outcome rose more than the total (a sixth of the tokens and fifteen
 * sixteenths of the tickets), it is above 1: gaming teams that doubled their tokens there had made the organisation's
 * tokens rise about 15%, which owed little, and were not seen in its row (0 of 20; 11 now).
 *
 * <p>Each segment's rise is its log rise of use (the means of the periods it has before and since the date), as far
 * as it owes ({@link ExpectedResponse#MAX_OWED_RISE} at most, either way; a rise from no use at all owes that much, as
 * the segment's own reading owes it, and use that stopped as much as a fourfold fall); the total's rise owes no more
 * than fourfold either. A segment without an outcome before and since the date (created after it, or gone before its
 * end) is not weighed, but its use counts in the total as it counts in the organisation's sum. An outcome read by what
 * it lacks of a ceiling ({@link ShareCeiling}: a pass rate of 95% read as its 5% of failures) weighs each segment by
 * its shortfall from the ceiling, as the organisation's shortfall is their mean. Where the segments' summed use (a
 * missing period adding nothing) is not the organisation's own (segments in its series that the model leaves out, rows
 * given for the organisation that are not their sum, a use averaged over teams that miss periods), the share is not
 * measured and the organisation owes as its total does; the check bounds, not removes, the error of memberships that
 * differ a little (a segment counted for another link's metric, a weekly row straddling another date).
 *
 * @param share        the weighted rise over the total's, in {@code [0, 4]}; 1 where not measured
 * @param weightedRise the log rise of the segments' use, each weighted by its share of the outcome before the date
 * @param totalRise    the log rise of their total use
 * @param segments     the segments measured (0 where not measured)
 */
record Composition(double share, double weightedRise, double totalRise, int segments) {
    /** Not measured: the organisation's rise owes as it is. */
    static final Composition WHOLE = new Composition(1, Double.NaN, Double.NaN, 0);

    /** A share this close to 1 (within 0.005) is not worth a sentence. */
    private static final double SAID = 0.995;

    /**
     * The largest share: where the segments that hold the outcome raised their use far more than the total rose (a
     * sixth of the tokens, most of the tickets, their tokens doubled), the organisation owes more than its
     * total's rise would, up to four times that (each segment's rise is at most fourfold already; this bounds a total
     * read against its trend far beyond its plain means).
     */
    static final double MAX_SHARE = 4;

    /** How far the segments' total rise may be from the organisation's own: a tenth of it and 0.02 in log points. */
    private static final double AGREE_SHARE = 0.1;
    private static final double AGREE_LOG = 0.02;

    /** The parts {@link #measure} gives, by index. */
    static final int SUM_BEFORE = 0;
    static final int SUM_SINCE = 1;
    static final int MEAN_BEFORE = 2;
    static final int MEAN_SINCE = 3;
    static final int OUTCOME_BEFORE = 4;
    static final int OUTCOME_SINCE = 5;
    static final int COUNT_BEFORE = 6;
    static final int COUNT_SINCE = 7;
    /** 1 where the segment has a value before the organisation's split ({@link Frame#firstBeforeSplit}), else 0. */
    static final int MEMBER = 8;
    /**
     * The power of two the use's sums are in ({@link #SUM_BEFORE}, {@link #SUM_SINCE}): 0 where the plain sums are far
     * from overflow, else the least that keeps them so ({@link SafeUnit}), so that use near the largest double sums.
     */
    static final int USE_EXPONENT = 9;
    /**
     * The first period before the organisation's split with a value of the link's proxy or outcome (the outcome's as
     * measured, before the link's lag shifts it), -1 where none: the organisation's own is where its series begins.
     */
    static final int FIRST = 10;
    /**
     * The period by which the segment had begun ({@link Frame#begunBeforeSplit} of the link's proxy and outcome as
     * measured), -1 where it has no value before the split: the fold weighs a segment only where the organisation's
     * series counts it ({@link Frame#countsInOrganisation}).
     */
    static final int BEGUN = 11;
    private static final int PARTS = 12;
    /** Room for this many segments' outcome means (2^32) in the fold's outcome totals before they could overflow. */
    private static final int OUTCOME_HEADROOM = 32;

    /**
     * A segment's part in the organisation's series at the organisation's date (whatever its own), as measured: the
     * sums of its use before and since (a missing period adds nothing, as to the organisation's sum), the means of its
     * use and of its outcome before and since (NaN where a window has no value), and how many periods of use each
     * window has. All NaN where the calendar has no such date.
     */
    static double[] measure(IntegrityModel model, PairSeries s) {
        double[] m = new double[PARTS];
        int split = Frame.organisationSplit(model, s.start(), s.length());
        if (split < 0) {
            Arrays.fill(m, Double.NaN);
            return m;
        }
        // each series read in place (the summary of every segment measures it), in a power of two near its values
        // where their plain sum would overflow (an exact change of unit: the means are put back in the values' own)
        double[] use = s.proxyValues();
        double[] outcome = s.outcomeValues();
        int useExponent = SafeUnit.shift(use);
        double useUnit = Math.scalb(1.0, -useExponent);
        for (int t = 0; t < use.length; t++) {
            if (!Double.isNaN(use[t])) {
                m[t < split ? SUM_BEFORE : SUM_SINCE] += use[t] * useUnit;
                m[t < split ? COUNT_BEFORE : COUNT_SINCE]++;
            }
        }
        m[USE_EXPONENT] = useExponent;
        m[MEAN_BEFORE] = m[COUNT_BEFORE] > 0 ? Math.scalb(m[SUM_BEFORE] / m[COUNT_BEFORE], useExponent) : Double.NaN;
        m[MEAN_SINCE] = m[COUNT_SINCE] > 0 ? Math.scalb(m[SUM_SINCE] / m[COUNT_SINCE], useExponent) : Double.NaN;
        // a member as the frame counts one: a value before the date, of the outcome as measured (the pair's outcome is
        // shifted back by the link's lag, so its values before the date are those up to split - lag here)
        int unlagged = split - s.link().lag();
        boolean outcomeSeen = false;
        double[] outcomeSum = new double[2];
        int[] outcomeCount = new int[2];
        int outcomeExponent = SafeUnit.shift(outcome);
        double outcomeUnit = Math.scalb(1.0, -outcomeExponent);
        for (int t = 0; t < outcome.length; t++) {
            if (!Double.isNaN(outcome[t])) {
                int w = t < split ? 0 : 1;
                outcomeSum[w] += outcome[t] * outcomeUnit;
                outcomeCount[w]++;
                outcomeSeen |= t < unlagged;
            }
        }
        m[OUTCOME_BEFORE] = outcomeCount[0] > 0 ? Math.scalb(outcomeSum[0] / outcomeCount[0], outcomeExponent)
                : Double.NaN;
        m[OUTCOME_SINCE] = outcomeCount[1] > 0 ? Math.scalb(outcomeSum[1] / outcomeCount[1], outcomeExponent)
                : Double.NaN;
        m[MEMBER] = m[COUNT_BEFORE] > 0 || outcomeSeen ? 1 : 0;
        // the outcome as measured: the pair's is shifted back by the link's lag
        int lag = s.link().lag();
        double[] measured = new double[Math.min(split, outcome.length + lag)];
        Arrays.fill(measured, Double.NaN);
        for (int t = 0; t + lag < measured.length; t++) {
            measured[t + lag] = outcome[t];
        }
        Map<String, double[]> own = new java.util.LinkedHashMap<>();
        own.put(s.link().proxy(), use);
        own.put(s.link().outcome(), measured);
        int first = -1;
        for (double[] v : own.values()) {
            for (int t = 0; t < Math.min(split, v.length) && (first < 0 || t < first); t++) {
                if (!Double.isNaN(v[t])) {
                    first = t;
                    break;
                }
            }
        }
        m[BEGUN] = Frame.begunBeforeSplit(model, own, split);
        m[FIRST] = first;
        return m;
    }

    /** Whether the share is far enough from 1 to be said (its percentage does not round to 100%). */
    boolean said() {
        return segments > 0 && !percent().equals("100%");
    }

    /** The share as a percentage: "22%", "160%". */
    private String percent() {
        return Text.num(100 * share, 0) + "%";
    }

    /**
     * The share as the sentence counts the rise: "counting 22% of that rise", "counting 160% of that rise"; at the
     * bounds "counting none of that rise" and "counting 400% of that rise, the most it counts".
     */
    String counting() {
        return share <= 0 ? "counting none of that rise"
                : "counting " + percent() + " of that rise" + (share >= MAX_SHARE ? ", the most it counts" : "");
    }

    /**
     * The sentence that says why the bar counts only part of the rise (or more than it), or empty where the share is
     * not {@linkplain #said() said}: " A segment's rise moves the organisation's tickets only by the part the segment
     * holds: each weighed by that part before the date, the segments' rises come to 22% of the organisation's."
     *
     * @param outcome the organisation's outcome as the sentence reads it ("the organisation's tickets", "what the
     *                organisation's pass lacks of 1")
     */
    String clause(String outcome) {
        if (!said()) {
            return "";
        }
        return " A segment's rise moves " + outcome + " only by the part the segment holds: each weighed by that part"
                + " before the date, the segments' rises come to " + (share <= 0 ? "nothing against"
                        : share >= MAX_SHARE ? "at least " + Text.num(100 * MAX_SHARE, 0) + "% of"
                        : Text.num(100 * share, 0) + "% of") + " the organisation's.";
    }

    /**
     * The segments' parts summed in the order they come (the same on one machine and on a cluster's driver). Every
     * segment with a value before the date adds its use to the totals; those with an outcome before and since, not
     * negative, add their rise weighted by it.
     */
    static final class Fold {
        private double outcome;
        private double weighted;
        private double rises;
        private double sumBefore;
        private double sumSince;
        private int segments;
        /**
         * The power of two the use's totals are in: the largest of the members' ({@link #USE_EXPONENT}), the totals so
         * far rescaled when a larger one comes, so that the result does not depend on the order of the segments.
         */
        private int useExponent;
        /**
         * The power of two the outcome's totals ({@code outcome}, {@code weighted}) are in: 0 where they are far from
         * overflow, else the largest a member's outcome needed ({@link SafeUnit}); only ratios of them are read.
         */
        private int outcomeExponent;

        /**
         * The parts added so far, by the period by which their segments had begun ({@link #BEGUN}): the
         * organisation's series counts only the segments that began by its own first period, known at the end.
         */
        private final java.util.TreeMap<Integer, Fold> byFirst = new java.util.TreeMap<>();

        /** Adds a segment's part ({@link #measure}). */
        void add(double[] m) {
            if (m[MEMBER] != 1 || !(m[BEGUN] >= 0)) {
                // no value from the date on (it stopped before it): the organisation's series leaves it out too
                return;
            }
            byFirst.computeIfAbsent((int) m[BEGUN], k -> new Fold()).addPart(m);
        }

        /** Adds {@code other}'s totals to these, in the larger of the two powers of two. */
        private void merge(Fold other) {
            if (other.useExponent > useExponent) {
                sumBefore = Math.scalb(sumBefore, useExponent - other.useExponent);
                sumSince = Math.scalb(sumSince, useExponent - other.useExponent);
                useExponent = other.useExponent;
            }
            sumBefore += Math.scalb(other.sumBefore, other.useExponent - useExponent);
            sumSince += Math.scalb(other.sumSince, other.useExponent - useExponent);
            if (other.outcomeExponent > outcomeExponent) {
                outcome = Math.scalb(outcome, outcomeExponent - other.outcomeExponent);
                weighted = Math.scalb(weighted, outcomeExponent - other.outcomeExponent);
                outcomeExponent = other.outcomeExponent;
            }
            outcome += Math.scalb(other.outcome, other.outcomeExponent - outcomeExponent);
            weighted += Math.scalb(other.weighted, other.outcomeExponent - outcomeExponent);
            rises += other.rises;
            segments += other.segments;
        }

        private void addPart(double[] m) {
            if (m[MEMBER] != 1 || !(m[SUM_BEFORE] >= 0 && m[SUM_SINCE] >= 0) || !Double.isFinite(m[SUM_BEFORE])
                    || !Double.isFinite(m[SUM_SINCE])) {
                return;
            }
            int exponent = (int) m[USE_EXPONENT];
            if (exponent > useExponent) {
                sumBefore = Math.scalb(sumBefore, useExponent - exponent);
                sumSince = Math.scalb(sumSince, useExponent - exponent);
                useExponent = exponent;
            }
            sumBefore += Math.scalb(m[SUM_BEFORE], exponent - useExponent);
            sumSince += Math.scalb(m[SUM_SINCE], exponent - useExponent);
            double o = m[OUTCOME_BEFORE];
            if (!(o >= 0) || Double.isNaN(m[OUTCOME_SINCE])) {
                return;
            }
            // the least power of two in which 2^32 such means still sum to at most 2^1000
            int needed = o > 0 ? Math.max(0, Math.getExponent(o) + 1 + OUTCOME_HEADROOM - 1000) : 0;
            if (needed > outcomeExponent) {
                outcome = Math.scalb(outcome, outcomeExponent - needed);
                weighted = Math.scalb(weighted, outcomeExponent - needed);
                outcomeExponent = needed;
            }
            o = Math.scalb(o, -outcomeExponent);
            // no use in a window is none: a rise from none owes what a fourfold rise owes, as the segment's own
            // reading owes it, and use that stopped a fourfold fall; no rise counts beyond fourfold either way
            double before = Double.isNaN(m[MEAN_BEFORE]) ? 0 : m[MEAN_BEFORE];
            double since = Double.isNaN(m[MEAN_SINCE]) ? 0 : m[MEAN_SINCE];
            double max = ExpectedResponse.MAX_OWED_RISE;
            double rise = before <= 0 && since <= 0 ? 0 : before <= 0 ? max : since <= 0 ? -max
                    : Math.max(-max, Math.min(max, Math.log(since / before)));
            outcome += o;
            weighted += o * rise;
            rises += rise;
            segments++;
        }

        /**
         * The composition for the organisation whose own part is {@code own} ({@link #measure} of its pair), or
         * {@link #WHOLE}: with fewer than two segments weighed, a total that did not move, segments whose summed use
         * is not the organisation's own (segments in its series that the model leaves out, rows given for the
         * organisation that are not its segments' sum), or a link read per an exposure ({@code perExposure}: a rate
         * per head weighs its segments by their heads as well). Only the segments the organisation's series counts are
         * weighed: those whose data began by its own first period ({@link Frame#countsInOrganisation}).
         *
         * @param ceiling the ceiling the organisation's outcome is read by its shortfall from ({@link ShareCeiling}),
         *                or NaN
         */
        Composition conclude(double[] own, boolean perExposure, double ceiling) {
            return members(own[FIRST] >= 0 ? (int) own[FIRST] : 0).concludeMerged(
                    Math.log(own[MEAN_SINCE] / own[MEAN_BEFORE]), own[COUNT_BEFORE], own[COUNT_SINCE], perExposure,
                    ceiling);
        }

        /**
         * The parts of the segments the organisation's series counts where it begins in period {@code first} ({@link
         * Frame#countsInOrganisation}), merged in the order of the periods they begin.
         */
        private Fold members(int first) {
            Fold out = new Fold();
            byFirst.forEach((begun, part) -> {
                if (Frame.countsInOrganisation(begun, first)) {
                    out.merge(part);
                }
            });
            return out;
        }

        /**
         * As {@link #conclude(double[], boolean, double)} with every segment added weighed, from the
         * organisation's own log rise of use and how many periods of use its windows have (the segments' sums over
         * those are its means).
         */
        Composition conclude(double ownTotal, double countBefore, double countSince, boolean perExposure,
                             double ceiling) {
            Fold every = new Fold();
            byFirst.values().forEach(every::merge);
            return every.concludeMerged(ownTotal, countBefore, countSince, perExposure, ceiling);
        }

        private Composition concludeMerged(double ownTotal, double countBefore, double countSince, boolean perExposure,
                                           double ceiling) {
            if (perExposure || segments < 2 || !(sumBefore > 0 && sumSince > 0 && countBefore > 0 && countSince > 0)) {
                return WHOLE;
            }
            if (!Double.isNaN(ceiling) && outcomeExponent != 0) {
                // outcomes near the largest double are no shares: their shortfall from the ceiling is not a weight
                return WHOLE;
            }
            double total = Math.log((sumSince / countSince) / (sumBefore / countBefore));
            if (!(Math.abs(total - ownTotal) <= AGREE_SHARE * Math.abs(ownTotal) + AGREE_LOG)) {
                return WHOLE;
            }
            // a shortfall from the ceiling weighs each segment by what it lacks of it: (c - o) summed over segments
            double weight = Double.isNaN(ceiling) ? outcome : segments * ceiling - outcome;
            double sum = Double.isNaN(ceiling) ? weighted : ceiling * rises - weighted;
            double rise = sum / weight;
            // the total as far as it owes: beyond fourfold it owes no more, as no segment's rise does
            double owed = Math.signum(total) * Math.min(Math.abs(total), ExpectedResponse.MAX_OWED_RISE);
            if (!(Math.abs(owed) > 0) || !(weight > 0) || !Double.isFinite(rise)) {
                return WHOLE;
            }
            return new Composition(Math.max(0, Math.min(MAX_SHARE, rise / owed)), rise, total, segments);
        }
    }
}
