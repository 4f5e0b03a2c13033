package dev.goodhart.detect;

import dev.goodhart.internal.Windows;
import dev.goodhart.stats.SimpleFit;

/** The short-run elasticity two detectors expect a proxy's rise to buy: the slope of log changes in the baseline. */
final class ChangeElasticity {
    private ChangeElasticity() {
    }

    /**
     * The least-squares slope of the log outcome's period-over-period changes on the log proxy's in {@code [0, to)},
     * clipped to [0, 1]; 0 with fewer than 3 changes, a proxy that does not change, or a degenerate fit.
     */
    static double clipped(double[] x, double[] y, int to) {
        double[][] changes = Windows.changes(x, y, 0, Math.min(to, x.length));
        if (changes[0].length < 3 || !Windows.varies(changes[0])) {
            return 0;
        }
        try {
            return Math.max(0, Math.min(1, SimpleFit.of(changes[0], changes[1], changes[0].length).slope()));
        } catch (IllegalArgumentException e) {
            return 0;
        }
    }
}
