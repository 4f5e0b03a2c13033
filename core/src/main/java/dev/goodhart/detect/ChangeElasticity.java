package dev.goodhart.detect;

import dev.goodhart.internal.Windows;
import dev.goodhart.stats.SimpleFit;

/**
 * The short-run elasticity two detectors expect a proxy's move to buy: the slope of log changes in the baseline, taken
 * at the bound of its two-standard-error interval that expects the least of the move.
 */
final class ChangeElasticity {
    /**
     * The largest rise of the proxy that owes a gain, in logs (log 4: a fourfold rise). An elasticity is read from the
     * rises a baseline shows (a doubling owes {@code e ln 2}); carried to a team that went from a few tokens to fifty
     * times as many it owed {@code 0.1 ln 50}, a third shorter cycle time, and the expected response accused honest
     * teams that adopted from a low base and got 20% shorter. Beyond a fourfold rise more use owes no more: what two
     * doublings owe. The expected response, intervention response, difference-in-differences and change-point
     * asymmetry all owe so.
     */
    static final double MAX_OWED_RISE = Math.log(4);

    /**
     * The rise that owes a gain: {@code min(rise, MAX_OWED_RISE)}.
     *
     * @param rise the rise in logs
     * @return the owed rise, in logs
     */
    static double owedRise(double rise) {
        return Math.min(rise, MAX_OWED_RISE);
    }

    /**
     * How much of a rise's error the gain it owes carries: all of it up to the ceiling, and beyond it {@code
     * 2 Phi((MAX_OWED_RISE - rise) / se)}, the chance that a rise so estimated is truly beyond the ceiling turned into
     * a weight that is 1 at the ceiling and falls to 0 far beyond it, so the owed gain's error shrinks smoothly, never
     * by a jump, as the rise passes the ceiling. The detectors count it only where the shortfall is positive (the
     * outcome got less than was owed): there a smaller error raises the concern as the rise grows, while where the
     * outcome got more than was owed a smaller error would lower it, and more use must never lower the concern.
     *
     * @param rise the rise in logs
     * @param se   its standard error
     * @return a weight in [0, 1]
     */
    static double owedErrorShare(double rise, double se) {
        if (!(rise > MAX_OWED_RISE)) {
            return 1;
        }
        if (!(se > 0)) {
            return 0;
        }
        return Math.min(1, 2 * dev.goodhart.internal.Tails.normal((rise - MAX_OWED_RISE) / se));
    }

    private ChangeElasticity() {
    }

    /**
     * The slope's interval at two (classical) standard errors, each end clipped to [0, 1]; both 0 where nothing is known
     * (fewer than 3 changes, a proxy that does not change, a degenerate fit or an error that is not finite).
     *
     * @param lower the end that expects least of a rise of the proxy
     * @param upper the end that expects least of a fall of the proxy (a smaller fall of the outcome)
     */
    record Bounds(double lower, double upper) {
        static final Bounds NONE = new Bounds(0, 0);

        /** The end that expects least of a proxy move of sign {@code move}: the lower for a rise, the upper otherwise. */
        double forMove(double move) {
            return move > 0 ? lower : upper;
        }
    }

    /**
     * The interval of the least-squares slope of the log outcome's period-over-period changes on the log proxy's in
     * {@code [0, to)}: slope minus and plus two classical standard errors, each clipped to [0, 1].
     *
     * <p>Why the bounds: the slope comes from a baseline's few changes (9 weekly ones in a quarter) and both detectors
     * treat it as known. A slope that is large by luck then expects a large outcome response from every honest team that
     * adopted: an independent generator's honest adopters read "the baseline elasticity 1.00 expects a step 110%
     * higher" from 9 weekly changes, and 212 of 57,964 honest teams were GAMED (72 with the bound). Where the proxy fell,
     * the end that expects least is the upper one (a smaller fall of the outcome). The expected response's estimates
     * follow the same rule.
     */
    static Bounds of(double[] x, double[] y, int to) {
        double[][] changes = Windows.changes(x, y, 0, Math.min(to, x.length));
        if (changes[0].length < 3 || !Windows.varies(changes[0])) {
            return Bounds.NONE;
        }
        try {
            SimpleFit fit = SimpleFit.of(changes[0], changes[1], changes[0].length);
            double slope = fit.slope();
            double se = fit.slopeStandardError();
            if (!Double.isFinite(slope) || !(se >= 0) || Double.isInfinite(se)) {
                return Bounds.NONE;
            }
            return new Bounds(clip(slope - 2 * se), clip(slope + 2 * se));
        } catch (IllegalArgumentException e) {
            return Bounds.NONE;
        }
    }

    /** The lower end of {@link #of}: what a rise of the proxy is expected to buy at least. */
    static double conservative(double[] x, double[] y, int to) {
        return of(x, y, to).lower();
    }

    private static double clip(double b) {
        return Math.max(0, Math.min(1, b));
    }
}
