package dev.goodhart.stats;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * Change points found in one series, in R {@code changepoint}'s convention: each position is the 1-based index of
 * the last observation before a change (so a change between the 28th and 29th values is reported as 28), in
 * increasing order, without the series' end.
 *
 * @param method           {@link ChangePoints.Method#PELT} or {@link ChangePoints.Method#BINARY_SEGMENTATION}
 * @param cost             the segment cost that was minimised
 * @param n                the series length
 * @param penalty          the penalty per change point that was used (for MBIC, {@code (p + 2) log n})
 * @param minSegmentLength the shortest segment allowed
 * @param positions        the change points, 1-based, increasing; a copy is kept and returned
 */
public record ChangePointResult(ChangePoints.Method method, ChangePoints.Cost cost, int n, double penalty,
        int minSegmentLength, int[] positions) {

    /** @throws NullPointerException if a component is null */
    public ChangePointResult {
        Objects.requireNonNull(positions, "positions");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(cost, "cost");
        positions = positions.clone();
    }

    /** The change points, 1-based (a copy). */
    @Override
    public int[] positions() {
        return positions.clone();
    }

    /** Number of change points. */
    public int count() {
        return positions.length;
    }

    /** The 0-based index of the first observation after each change, e.g. for slicing arrays. */
    public int[] segmentStarts() {
        return positions.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof ChangePointResult r && method == r.method && cost == r.cost && n == r.n
                && Double.compare(penalty, r.penalty) == 0 && minSegmentLength == r.minSegmentLength
                && Arrays.equals(positions, r.positions);
    }

    @Override
    public int hashCode() {
        return Objects.hash(method, cost, n, penalty, minSegmentLength, Arrays.hashCode(positions));
    }

    @Override
    public String toString() {
        String where = positions.length == 0 ? "no change points"
                : positions.length + " change point" + (positions.length == 1 ? "" : "s") + " at "
                + Arrays.stream(positions).mapToObj(Integer::toString).collect(Collectors.joining(", "));
        return String.format(Locale.ROOT, "%s, %s cost, penalty %.4g: %s (n = %d)", method.label(), cost.label(),
                penalty, where, n);
    }
}
