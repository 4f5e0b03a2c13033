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
}
