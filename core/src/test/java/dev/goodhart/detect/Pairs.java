package dev.goodhart.detect;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.Link;
import dev.goodhart.model.Metric;
import java.time.LocalDate;

/** Builds detector inputs for tests. */
final class Pairs {
    private Pairs() {
    }

    static PairSeries of(double[] proxy, double[] outcome, int split, Direction outcomeDirection) {
        return new PairSeries(Link.of("tokens", "output"), Metric.proxy("tokens", "tokens"),
                Metric.outcome("output", outcomeDirection, "units"), "team", Granularity.WEEK,
                LocalDate.of(2024, 1, 1), proxy, outcome, split, 7L, true);
    }

    static PairSeries of(double[][] series, int split) {
        return of(series[0], series[1], split, Direction.HIGHER);
    }

    /**
     * A detector on 200 weekly pairs of 52 weeks whose use and outcome share the work's swings (split at week 26), each
     * also with one week of a hundred times its use: the pairs significant at 5% {coupled throughout without the week,
     * with the week after the date (week 40), coupling that fell at the date without the week, with the week in the
     * baseline (week 12)}, and last how many of the details name the week left out.
     */
    static int[] runawayWeekAlarms(Detector detector) {
        return runawayWeekAlarms(detector, false, 40);
    }

    /**
     * As {@link #runawayWeekAlarms(Detector)}, with {@code zeros} the use 0 in weeks 5, 17, 31 and 45, and the week of
     * the pairs coupled throughout at {@code heldWeek}.
     */
    static int[] runawayWeekAlarms(Detector detector, boolean zeros, int heldWeek) {
        int[] out = new int[5];
        for (int seed = 0; seed < 200; seed++) {
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(seed);
            int n = 52;
            for (boolean fell : new boolean[] {false, true}) {
                double[] tokens = new double[n];
                double[] items = new double[n];
                for (int t = 0; t < n; t++) {
                    double work = 0.2 * rnd.nextGaussian();
                    boolean zero = zeros && (t == 5 || t == 17 || t == 31 || t == 45);
                    tokens[t] = zero ? 0 : 1000 * Math.exp(work + 0.05 * rnd.nextGaussian());
                    boolean coupled = !fell || t < n / 2;
                    items[t] = 50 * Math.exp((coupled ? work : 0.2 * rnd.nextGaussian()) + 0.05 * rnd.nextGaussian());
                }
                for (boolean week : new boolean[] {false, true}) {
                    double[] use = tokens.clone();
                    if (week) {
                        use[fell ? 12 : heldWeek] *= 100;
                    }
                    dev.goodhart.model.Finding f = detector.detect(of(use, items, n / 2, Direction.HIGHER)).findings()
                            .get(0);
                    out[(fell ? 2 : 0) + (week ? 1 : 0)] += f.pValue() < 0.05 ? 1 : 0;
                    out[4] += week && f.detail().contains("a runaway period of tokens left out as missing") ? 1 : 0;
                }
            }
        }
        return out;
    }
}
