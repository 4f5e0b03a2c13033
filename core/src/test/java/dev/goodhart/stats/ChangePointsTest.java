package dev.goodhart.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.goodhart.TestData;
import dev.goodhart.stats.ChangePoints.Cost;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * PELT and binary segmentation against R changepoint 2.3 ({@code reference/changepoint/changepoints_expected.csv}):
 * the positions must be equal, the penalty equal to 1e-12 relative.
 */
class ChangePointsTest {
    private static final Map<String, Cost> COSTS = Map.of("cpt.mean", Cost.MEAN, "cpt.var", Cost.VAR,
            "cpt.meanvar", Cost.MEAN_VAR);

    record Case(String series, Cost cost, String method, double penalty, int[] positions) {
        @Override
        public String toString() {
            return series + " " + cost + " " + method;
        }
    }

    static Stream<Case> cases() {
        List<Case> out = new ArrayList<>();
        for (String line : TestData.lines("/reference/changepoint/changepoints_expected.csv")) {
            if (line.startsWith("series,")) {
                continue;
            }
            String[] f = line.split(",", -1);
            int[] cpts = f[5].isBlank() ? new int[0]
                    : Arrays.stream(f[5].trim().split(" ")).mapToInt(Integer::parseInt).toArray();
            out.add(new Case(f[0], COSTS.get(f[1]), f[2], Double.parseDouble(f[4]), cpts));
        }
        assertThat(out).hasSize(54); // 42 + HC1 and wave.c44137 (R's own data sets)
        return out.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void matchesRChangepoint(Case c) {
        double[] data = TestData.column("/reference/changepoint/series_" + c.series() + ".txt");
        ChangePointResult r = c.method().equals("PELT") ? ChangePoints.pelt(data, c.cost())
                : ChangePoints.binarySegmentation(data, c.cost(), 5);
        assertThat(r.penalty()).isCloseTo(c.penalty(), within(1e-12 * c.penalty()));
        assertThat(r.n()).isEqualTo(data.length);
        if (!NOT_R_EXACT.contains(c.toString())) {
            assertThat(r.positions()).as(r.toString()).containsExactly(c.positions());
            return;
        }
        // R computes its sums in its own rounding (cumsum in long double), which decides exact ties and the spread of
        // segments inside runs of identical values; there the bar is the objective, computed here two-pass: Goodhart's
        // segmentation is at least as good as R's (hc1 mean: an exact tie, 7928 against 7927; wave.c44137 mean and
        // variance: 2,805 lower than R's, whose segments inside runs of equal values get a rounding-noise variance)
        assertThat(r.positions()).as("still not R's answer; if now equal, remove it from NOT_R_EXACT")
                .isNotEqualTo(c.positions());
        double ours = objective(data, r.positions(), c.cost(), c.penalty());
        double theirs = objective(data, c.positions(), c.cost(), c.penalty());
        assertThat(ours).as(r.toString()).isLessThanOrEqualTo(theirs + 1e-9 * Math.abs(theirs));
    }

    /** The R cases where the objective is the bar rather than R's positions (see {@link #matchesRChangepoint}). */
    private static final java.util.Set<String> NOT_R_EXACT = java.util.Set.of("hc1 MEAN PELT",
            "wave_c44137 MEAN_VAR PELT");

    /** PELT's objective with the MBIC's log(length) per segment, each segment's cost from a two-pass mean. */
    static double objective(double[] x, int[] positions, Cost cost, double penalty) {
        double total = penalty * positions.length;
        int previous = 0;
        int[] ends = Arrays.copyOf(positions, positions.length + 1);
        ends[positions.length] = x.length;
        for (int end : ends) {
            int n = end - previous;
            double mean = 0;
            for (int i = previous; i < end; i++) {
                mean += x[i];
            }
            mean /= n;
            double ss = 0;
            double raw = 0;
            for (int i = previous; i < end; i++) {
                ss += (x[i] - mean) * (x[i] - mean);
                raw += x[i] * x[i];
            }
            double segment = switch (cost) {
                case MEAN -> ss;
                case MEAN_VAR -> n * (Math.log(2 * Math.PI) + Math.log(ss > 0 ? ss / n : 1e-11) + 1);
                case VAR -> n * (Math.log(2 * Math.PI) + Math.log(raw > 0 ? raw / n : 1e-11) + 1);
            };
            total += segment + Math.log(n);
            previous = end;
        }
        return total;
    }

    @Property(tries = 200)
    void peltIsScaleAndShiftInvariantForMeanAndVariance(@ForAll("seeds") long seed,
            @ForAll @DoubleRange(min = 0.01, max = 1000) double scale, @ForAll @DoubleRange(min = -1e4, max = 1e4) double shift) {
        double[] x = shiftedSeries(seed);
        double[] y = Arrays.stream(x).map(v -> v * scale + shift).toArray();
        // mean-and-variance cost: the likelihood ratio does not depend on location or scale
        assertThat(ChangePoints.pelt(y, Cost.MEAN_VAR).positions())
                .containsExactly(ChangePoints.pelt(x, Cost.MEAN_VAR).positions());
    }

    @Property(tries = 200)
    void positionsAreIncreasingWithinBoundsAndRespectTheMinimumSegment(@ForAll("seeds") long seed,
            @ForAll @IntRange(min = 1, max = 5) int minSeg) {
        double[] x = shiftedSeries(seed);
        for (Cost cost : Cost.values()) {
            int[] p = ChangePoints.pelt(x, cost, ChangePoints.Penalty.mbic(), minSeg).positions();
            int previous = 0;
            for (int v : p) {
                assertThat(v - previous).isGreaterThanOrEqualTo(minSeg);
                previous = v;
            }
            assertThat(x.length - previous).isGreaterThanOrEqualTo(minSeg);
        }
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<Long> seeds() {
        return net.jqwik.api.Arbitraries.longs();
    }

    private static double[] shiftedSeries(long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        int n = 20 + r.nextInt(200);
        double[] x = new double[n];
        int change = r.nextInt(n);
        for (int i = 0; i < n; i++) {
            x[i] = r.nextDouble() + r.nextDouble() + r.nextDouble() + (i >= change ? 2 : 0);
        }
        return x;
    }

    @org.junit.jupiter.api.Test
    void findsAPlantedShiftAndNothingInNoise() {
        double[] x = new double[400];
        SplittableRandom r = new SplittableRandom(3);
        for (int i = 0; i < x.length; i++) {
            x[i] = gaussian(r) + (i >= 250 ? 1.5 : 0);
        }
        assertThat(ChangePoints.pelt(x, Cost.MEAN).positions()).containsExactly(250);
        assertThat(ChangePoints.binarySegmentation(x, Cost.MEAN, 5).positions()).containsExactly(250);
        double[] noise = new double[400];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = gaussian(r);
        }
        assertThat(ChangePoints.pelt(noise, Cost.MEAN_VAR).count()).isZero();
        assertThat(ChangePoints.pelt(noise, Cost.MEAN).toString())
                .isEqualTo("PELT, normal mean cost, penalty 17.97: no change points (n = 400)");
    }

    @org.junit.jupiter.api.Test
    void aManualPenaltyTradesChangesForFit() {
        double[] x = TestData.column("/reference/changepoint/series_nile_scaled.txt");
        int few = ChangePoints.pelt(x, Cost.MEAN, ChangePoints.Penalty.manual(50), 1).count();
        int many = ChangePoints.pelt(x, Cost.MEAN, ChangePoints.Penalty.manual(0.5), 1).count();
        assertThat(many).isGreaterThan(few);
        assertThat(ChangePoints.pelt(x, Cost.MEAN, ChangePoints.Penalty.bic(), 1).penalty())
                .isCloseTo(2 * Math.log(100), within(1e-12));
    }

    @org.junit.jupiter.api.Test
    void badInputIsRejectedWithTheReason() {
        assertThatThrownBy(() -> ChangePoints.pelt(new double[] {1, Double.NaN, 3, 4}, Cost.MEAN))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value 2 is NaN");
        assertThatThrownBy(() -> ChangePoints.pelt(new double[] {1, 2, 3}, Cost.MEAN_VAR))
                .hasMessageContaining("at least 4 values");
        // R's BINSEG refuses Q above n / minseglen + 1 or above n: 11 for ten values with the mean's minimum of 1
        assertThatThrownBy(() -> ChangePoints.binarySegmentation(new double[10], Cost.MEAN, 11))
                .hasMessageContaining("maxChanges: must be in [1, 10] for n = 10");
        assertThatThrownBy(() -> ChangePoints.binarySegmentation(new double[10], Cost.MEAN_VAR, 7))
                .hasMessageContaining("maxChanges: must be in [1, 6] for n = 10");
        assertThatThrownBy(() -> ChangePoints.Penalty.manual(-1)).hasMessageStartingWith("penalty:");
    }

    /**
     * R accepts Q up to n / minseglen + 1: {@code cpts(cpt.mean(c(1, 2, 3, 10, 11, 12), method = "BinSeg", Q = 5))}
     * is 3 in changepoint 2.3, where Q above n / 2 + 1 (4 here) used to be refused for every cost.
     */
    @org.junit.jupiter.api.Test
    void binarySegmentationTakesAsManyChangesAsRDoes() {
        assertThat(ChangePoints.binarySegmentation(new double[] {1, 2, 3, 10, 11, 12}, Cost.MEAN, 5).positions())
                .containsExactly(3);
    }

    @org.junit.jupiter.api.Test
    void aConstantSeriesHasNoChangePoints() {
        double[] x = new double[50];
        Arrays.fill(x, 7);
        for (Cost cost : Cost.values()) {
            assertThat(ChangePoints.pelt(x, cost).count()).as(cost.toString()).isZero();
        }
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }
}
