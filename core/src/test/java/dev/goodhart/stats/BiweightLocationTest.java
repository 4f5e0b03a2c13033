package dev.goodhart.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.goodhart.TestData;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * The biweight location against R 4.2.2 with robustbase 0.95-0 (reference/biweight_location.R: {@code
 * lmrob..M..fit} at a fixed scale from the median, the sandwich error with robustbase's {@code Mpsi}), and its
 * properties.
 */
class BiweightLocationTest {

    private static Map<String, double[]> samples() {
        Map<String, List<Double>> m = new LinkedHashMap<>();
        List<String> rows = TestData.lines("/reference/biweight_location_input.csv");
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            m.computeIfAbsent(f[0], k -> new ArrayList<>()).add(Double.parseDouble(f[1]));
        }
        Map<String, double[]> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v.stream().mapToDouble(Double::doubleValue).toArray()));
        return out;
    }

    /**
     * Six samples (clean normal, half the values changing regime, a one-sided minority, Student t with 3 df at tuning
     * 3, five values, and peers seen in a zoo organisation): the location to 1e-9 scales (R's iteration stops at a
     * relative change of 1e-12 of the residual scale), the error and the inliers exactly to 1e-9 relative.
     */
    @Test
    void matchesRobustbase() {
        Map<String, double[]> samples = samples();
        List<String> rows = TestData.lines("/reference/biweight_location_expected.csv");
        assertThat(rows).hasSize(7);
        for (String row : rows.subList(1, rows.size())) {
            String[] f = row.split(",");
            double[] v = samples.get(f[0]);
            double scale = Double.parseDouble(f[1]);
            double tuning = Double.parseDouble(f[2]);
            BiweightLocation b = BiweightLocation.of(v, scale, tuning);
            assertThat(b.location()).as(f[0]).isCloseTo(Double.parseDouble(f[3]), within(1e-9 * scale));
            double se = Double.parseDouble(f[4]);
            assertThat(b.standardError()).as(f[0]).isCloseTo(se, within(1e-9 * se));
            assertThat(b.inliers()).as(f[0]).isEqualTo(Integer.parseInt(f[5]));
        }
    }

    /** Half the values far off on both sides: the location is the bulk's, not pulled as the mean is. */
    @Test
    void aMinorityFarOffGetsNoWeight() {
        double[] v = samples().get("one_sided12");
        BiweightLocation b = BiweightLocation.of(v, 0.02);
        double bulk = Descriptive.mean(Arrays.copyOf(v, 8));
        assertThat(b.inliers()).isEqualTo(8);
        assertThat(b.location()).isCloseTo(bulk, within(0.005));
        assertThat(Descriptive.mean(v)).isGreaterThan(bulk + 0.05);
    }

    /** On clean normal samples its error is about the mean's over 0.95 (its efficiency), the median's about 1.25. */
    @Test
    void keepsMostOfTheMeansEfficiencyOnCleanData() {
        SplittableRandom r = new SplittableRandom(11);
        int n = 40;
        int reps = 4000;
        double sum2 = 0;
        double seSum = 0;
        for (int k = 0; k < reps; k++) {
            double[] v = new double[n];
            for (int i = 0; i < n; i++) {
                v[i] = r.nextGaussian();
            }
            BiweightLocation b = BiweightLocation.of(v, 1);
            sum2 += b.location() * b.location();
            seSum += b.standardError();
        }
        double empirical = Math.sqrt(sum2 / reps);
        double mean = 1 / Math.sqrt(n);
        assertThat(empirical / mean).isBetween(1.0, 1.06);
        // the sandwich error is honest on average (within 5%)
        assertThat(seSum / reps / empirical).isBetween(0.95, 1.05);
    }

    /** No value within reach of the median: the median, no inliers, no error. */
    @Test
    void nothingNearTheMedianGivesTheMedianWithoutAnError() {
        BiweightLocation b = BiweightLocation.of(new double[] {0, 10, 20}, 0.1);
        assertThat(b.location()).isEqualTo(10);
        assertThat(b.inliers()).isEqualTo(1);
        BiweightLocation none = BiweightLocation.of(new double[] {0, 10, 20, 30}, 0.1);
        assertThat(none.location()).isEqualTo(15);
        assertThat(none.inliers()).isZero();
        assertThat(none.standardError()).isNaN();
    }

    /**
     * Values near 1e12 that differ by units: the location moves by less than a unit in its last place long before
     * 1e-12 scales, and stops there (a reviewer's case ran all 200 steps).
     */
    @Test
    void stopsAtTheLastPlaceOfALargeLocation() {
        double[] v = {1e12 - 1, 1e12, 1e12 + 1, 1e12 + 2, 1e12 - 2, 1e12 + 0.5};
        BiweightLocation b = BiweightLocation.of(v, 1);
        assertThat(b.converged()).isTrue();
        assertThat(b.iterations()).isLessThan(50);
        assertThat(b.location()).isCloseTo(1e12 + 0.08, within(0.2));
        BiweightLocation none = BiweightLocation.of(new double[] {0, 10, 20, 30}, 0.1);
        assertThat(none.converged()).isFalse();
    }

    @Test
    void rejectsBadInput() {
        assertThatThrownBy(() -> BiweightLocation.of(new double[0], 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("no values");
        assertThatThrownBy(() -> BiweightLocation.of(new double[] {1, Double.NaN}, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("value 1 is not finite");
        assertThatThrownBy(() -> BiweightLocation.of(new double[] {1, 2}, 0))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("scale");
        assertThatThrownBy(() -> BiweightLocation.of(new double[] {1, 2}, 1, Double.POSITIVE_INFINITY))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("tuning");
    }

    /** Shifting every value and scaling every value with the scale move the location alike; negating negates it. */
    @Property(tries = 200)
    void isEquivariant(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
                       @ForAll @IntRange(min = 3, max = 40) int n,
                       @ForAll @DoubleRange(min = -100, max = 100) double shift,
                       @ForAll @DoubleRange(min = 0.01, max = 100) double factor) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = r.nextDouble() < 0.2 ? 10 * r.nextGaussian() : r.nextGaussian();
        }
        BiweightLocation b = BiweightLocation.of(v, 1);
        if (b.inliers() == 0) {
            return;
        }
        double[] shifted = v.clone();
        double[] scaled = v.clone();
        double[] negated = v.clone();
        for (int i = 0; i < n; i++) {
            shifted[i] += shift;
            scaled[i] *= factor;
            negated[i] = -negated[i];
        }
        double tol = 1e-8 * (1 + Math.abs(shift));
        assertThat(BiweightLocation.of(shifted, 1).location()).isCloseTo(b.location() + shift, within(tol));
        BiweightLocation s = BiweightLocation.of(scaled, factor);
        assertThat(s.location()).isCloseTo(b.location() * factor, within(1e-8 * factor));
        if (Double.isFinite(b.standardError())) {
            assertThat(s.standardError()).isCloseTo(b.standardError() * factor, within(1e-8 * factor));
        }
        assertThat(BiweightLocation.of(negated, 1).location()).isCloseTo(-b.location(), within(1e-8));
    }

    /** The location stays within the values' range, and moving a rejected value further off does not move it. */
    @Property(tries = 200)
    void isBoundedAndRedescends(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
                                @ForAll @IntRange(min = 5, max = 40) int n,
                                @ForAll @DoubleRange(min = 10, max = 1e6) double further) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n - 1; i++) {
            v[i] = r.nextGaussian();
        }
        v[n - 1] = 50;
        BiweightLocation b = BiweightLocation.of(v, 1);
        double[] sorted = v.clone();
        Arrays.sort(sorted);
        assertThat(b.location()).isBetween(sorted[0], sorted[n - 1]);
        double[] moved = v.clone();
        moved[n - 1] = 50 + further;
        assertThat(BiweightLocation.of(moved, 1).location()).isEqualTo(b.location());
    }
}
