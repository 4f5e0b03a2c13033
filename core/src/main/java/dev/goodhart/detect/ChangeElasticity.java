package dev.goodhart.detect;

import dev.goodhart.internal.Windows;
import dev.goodhart.stats.SimpleFit;

/**
 * The short-run elasticity two detectors expect a proxy's rise to buy: the slope of log changes in the baseline, taken
 * at its lower bound at two standard errors.
 */
final class ChangeElasticity {
    private ChangeElasticity() {
    }

    /**
     * The least-squares slope of the log outcome's period-over-period changes on the log proxy's in {@code [0, to)},
     * never above its lower bound at two (classical) standard errors, clipped to [0, 1]; 0 with fewer than 3 changes,
     * a proxy that does not change, or a degenerate fit.
     *
     * <p>Why the bound: the slope comes from a baseline's few changes (9 weekly ones in a quarter) and both detectors
     * treat it as known. A slope that is large by luck then expects a large outcome response from every honest team
     * that adopted: an independent generator's honest adopters read "the baseline elasticity 1.00 expects a step 110%
     * higher" from 9 weekly changes, and 212 of 57,964 honest teams were GAMED (72 with the bound). The expected
     * response's estimates follow the same rule.
     */
    static double conservative(double[] x, double[] y, int to) {
        double[][] changes = Windows.changes(x, y, 0, Math.min(to, x.length));
        if (changes[0].length < 3 || !Windows.varies(changes[0])) {
            return 0;
        }
        try {
            SimpleFit fit = SimpleFit.of(changes[0], changes[1], changes[0].length);
            double slope = fit.slope();
            double se = fit.slopeStandardError();
            double bound = Double.isNaN(se) ? slope : slope - 2 * se;
            double b = Math.min(slope, bound);
            return Double.isNaN(b) ? 0 : Math.max(0, Math.min(1, b));
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }
}
