package dev.goodhart.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.apache.commons.math3.distribution.TDistribution;
import org.junit.jupiter.api.Test;

/**
 * The equally weighted cosine long-run variance: its projections against SciPy's orthonormal DCT-II
 * ({@code scipy.fft.dct(z, type=2, norm="ortho")}, SciPy 1.17), the t statistic's exact Student's t on independent
 * normal values, and its invariances.
 */
class CosineVarianceTest {

    /** {@code dct(z, 2, norm="ortho")[1:5]} for the ten values below. */
    /**
     * The cosines sum to zero, so the series' mean does not enter the projections, in value or in rounding: a series
     * 1e9 from zero projects as the same series about zero (a helper's comparison: 3.5e-4 of its spread off before,
     * {@code projections(1e9 + {0.5122372, 0.5715134, -1.57307065}, 2)} 1.4745356854 against 1.4745353121); and a
     * constant series has no autocorrelation (0.999 before, from the rounding of its mean).
     */
    @Test
    void theMeanEntersNeitherTheProjectionsNorTheirRounding() {
        double[] near = {0.5122372, 0.5715134, -1.57307065};
        double[] far = new double[3];
        for (int i = 0; i < 3; i++) {
            far[i] = 1e9 + near[i];
        }
        double[] expected = CosineVariance.projections(near, 0, 3, 2);
        double[] projected = CosineVariance.projections(far, 0, 3, 2);
        // 1e9 + near[i] is near[i] to within 6e-8 (the doubles' spacing there): the projections within that
        assertThat(projected[0]).isCloseTo(expected[0], within(2e-7));
        assertThat(projected[1]).isCloseTo(expected[1], within(2e-7));
        SplittableRandom r = new SplittableRandom(3);
        double[] z = new double[2_000];
        double[] shifted = new double[z.length];
        for (int t = 0; t < z.length; t++) {
            z[t] = Math.scalb(Math.floor(r.nextGaussian() * 1024), -10); // exact in both, so the shift is exact
            shifted[t] = z[t] + 1_048_576;
        }
        double[] a = CosineVariance.projections(z, 0, z.length, 12);
        double[] b = CosineVariance.projections(shifted, 0, z.length, 12);
        for (int j = 0; j < 12; j++) {
            assertThat(b[j]).isCloseTo(a[j], within(1e-9));
        }
        double[] constant = new double[5_000];
        java.util.Arrays.fill(constant, 835.1600000000001);
        assertThat(CosineVariance.biasCorrectedLagOne(constant, 0, constant.length)).isNaN();
        assertThat(CosineVariance.biasCorrectedLagOne(new double[] {0.1, 0.1, 0.1}, 0, 3)).isNaN();
    }

    @Test
    void projectionsAreTheOrthonormalDctAtFrequenciesOneToB() {
        double[] z = {3.1, -0.4, 2.7, 1.0, -5.2, 0.3, 4.4, -1.9, 2.2, 0.8};
        double[] expected = {0.3594703583207702, 2.796547554934535, 1.898413801537437, -1.7145898033750313};
        double[] l = CosineVariance.projections(z, 0, z.length, 4);
        for (int j = 0; j < 4; j++) {
            assertThat(l[j]).as("L_" + (j + 1)).isCloseTo(expected[j], within(1e-13));
        }
        // a range of a longer array is read as a series of its own
        double[] padded = new double[14];
        System.arraycopy(z, 0, padded, 3, 10);
        padded[0] = 1e6;
        padded[13] = -1e6;
        assertThat(CosineVariance.projections(padded, 3, 13, 4)).containsExactly(l);
    }

    /**
     * Three hundred and five thousand values: the rotated cosines keep their digits (SciPy's values at frequencies 1,
     * 2, 7, 20 and 40 of {@code sin(0.37 t) + 0.01 t^1.5 + ((7919 t) mod 101) / 50}, and at 1, 3 and 60 of {@code
     * cos(0.001 t²) + ((31 t) mod 17)}, whose norm is 664.93), within 1e-12 of the series' norm.
     */
    @Test
    void longSeriesKeepTheirDigits() {
        double[] a = new double[300];
        for (int t = 0; t < a.length; t++) {
            a[t] = Math.sin(0.37 * t) + 0.01 * Math.pow(t, 1.5) + ((t * 7919) % 101) / 50.0;
        }
        double[] la = CosineVariance.projections(a, 0, a.length, 40);
        int[] at = {1, 2, 7, 20, 40};
        double[] expectedA = {-265.3516280807813, 36.99290857484541, -4.657820252621894, 1.0072176680256972,
            -1.0682064356689454};
        for (int k = 0; k < at.length; k++) {
            assertThat(la[at[k] - 1]).as("L_" + at[k]).isCloseTo(expectedA[k], within(1e-12 * 300));
        }
        double[] b = new double[5000];
        for (int t = 0; t < b.length; t++) {
            b[t] = Math.cos(0.001 * t * (double) t) + ((t * 31) % 17);
        }
        double[] lb = CosineVariance.projections(b, 0, b.length, 60);
        assertThat(lb[0]).isCloseTo(0.700020280481238, within(1e-12 * 664.93));
        assertThat(lb[2]).isCloseTo(-0.005251775428804228, within(1e-12 * 664.93));
        assertThat(lb[59]).isCloseTo(0.37907463584902856, within(1e-12 * 664.93));
    }

    /**
     * On independent normal values a mean's t statistic on the cosine variance is exactly Student's t on B degrees of
     * freedom: of 20,000 series of 60 values (B = 6), the share beyond t_6's 95% quantile is 5% within 0.6 points (four
     * standard errors of the simulation), and beyond its 99% quantile 1% within 0.3. The normal's quantile would be
     * passed by about 7.5% of them.
     */
    @Test
    void aMeansTStatisticIsStudentsTOnIndependentNormalValues() {
        int n = 60;
        int b = CosineVariance.terms(n);
        assertThat(b).isEqualTo(6);
        double q95 = new TDistribution(null, b).inverseCumulativeProbability(0.95);
        double q99 = new TDistribution(null, b).inverseCumulativeProbability(0.99);
        SplittableRandom random = new SplittableRandom(20261206L);
        int reps = 20_000;
        int beyond95 = 0;
        int beyond99 = 0;
        int beyondNormal = 0;
        for (int r = 0; r < reps; r++) {
            double[] z = new double[n];
            double sum = 0;
            for (int t = 0; t < n; t++) {
                z[t] = 3 + 2 * random.nextGaussian();
                sum += z[t];
            }
            double mean = sum / n;
            double lrv = CosineVariance.longRunVariance(z, 0, n, b);
            double stat = (mean - 3) / Math.sqrt(lrv / n);
            beyond95 += stat > q95 ? 1 : 0;
            beyond99 += stat > q99 ? 1 : 0;
            beyondNormal += stat > 1.6448536269514722 ? 1 : 0;
        }
        assertThat(beyond95 / (double) reps).isCloseTo(0.05, within(0.006));
        assertThat(beyond99 / (double) reps).isCloseTo(0.01, within(0.003));
        assertThat(beyondNormal / (double) reps).isGreaterThan(0.065);
    }

    /**
     * What {@link CosineVariance#terms(int, double)} promises of an AR(1) series: the estimator's exact expectation
     * ({@code E L_j² = c_j' Sigma c_j}, Sigma the AR(1) autocovariances) over the long-run variance {@code 1 / (1 -
     * rho)²}, on the terms it gives, is at least 0.84 where its floor of 2 does not bind (n = 120 and 365, rho 0.2 to
     * 0.8: 0.985, 0.932, 0.871, 0.850 and 0.994, 0.973, 0.915, 0.889 by a NumPy computation), and where it binds the
     * bias it documents (n = 120: 0.751 at rho 0.9 and 0.500 at 0.95).
     */
    @Test
    void fewerTermsKeepMostOfAPersistentSeriesLongRunVariance() {
        double[][] cases = {{120, 0.2, 0.9851}, {120, 0.5, 0.9317}, {120, 0.7, 0.8713}, {120, 0.8, 0.8495},
            {365, 0.2, 0.9944}, {365, 0.5, 0.9725}, {365, 0.7, 0.9147}, {365, 0.8, 0.8888}, {120, 0.9, 0.7512},
            {120, 0.95, 0.5003}};
        for (double[] c : cases) {
            int n = (int) c[0];
            double rho = c[1];
            int b = CosineVariance.terms(n, rho);
            double expectation = 0;
            for (int j = 1; j <= b; j++) {
                double[] cos = new double[n];
                for (int t = 0; t < n; t++) {
                    cos[t] = Math.sqrt(2.0 / n) * Math.cos(Math.PI * j * (t + 0.5) / n);
                }
                for (int s = 0; s < n; s++) {
                    for (int t = 0; t < n; t++) {
                        expectation += cos[s] * cos[t] * Math.pow(rho, Math.abs(s - t)) / (1 - rho * rho);
                    }
                }
            }
            double ratio = expectation / b * (1 - rho) * (1 - rho);
            assertThat(ratio).as("n %d, rho %s, %d terms", n, rho, b).isCloseTo(c[2], within(1e-3));
            if (b > 2) {
                assertThat(ratio).isGreaterThanOrEqualTo(0.84);
            }
        }
    }

    /** A kept basis gives the projections {@link CosineVariance#projections} gives, to the last bit. */
    @Property
    void aKeptBasisGivesTheSameProjections(@ForAll @IntRange(min = 2, max = 3000) int n, @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        int b = CosineVariance.terms(n);
        CosineVariance.Basis basis = CosineVariance.Basis.of(n, b);
        double[] z = new double[n + 3];
        for (int t = 0; t < z.length; t++) {
            z[t] = random.nextGaussian() * 1e3;
        }
        for (int k = 1; k <= b; k++) {
            assertThat(basis.projections(z, 3, k)).containsExactly(
                    java.util.Arrays.copyOf(CosineVariance.projections(z, 3, n + 3, b), k));
        }
        assertThat(basis.values()).isEqualTo(n);
        assertThat(basis.terms()).isEqualTo(b);
    }

    @Test
    void theTermsFollowTheRuleOfLazarusEtAl() {
        assertThat(CosineVariance.terms(2)).isEqualTo(1);
        assertThat(CosineVariance.terms(8)).isEqualTo(2); // 0.4 * 4 = 1.6
        assertThat(CosineVariance.terms(100)).isEqualTo(9); // 0.4 * 21.54 = 8.6
        assertThat(CosineVariance.terms(1000)).isEqualTo(40);
        assertThat(CosineVariance.terms(120, 0)).isEqualTo(CosineVariance.terms(120));
        assertThat(CosineVariance.terms(120, -0.4)).isEqualTo(CosineVariance.terms(120));
        assertThat(CosineVariance.terms(120, Double.NaN)).isEqualTo(CosineVariance.terms(120));
        // AR(1) at 0.9 over 120 values: floor(120 * 0.1 / pi * sqrt(1/3)) = 2; at 0.5: 14.8, above the rule's 10
        assertThat(CosineVariance.terms(120, 0.9)).isEqualTo(2);
        assertThat(CosineVariance.terms(120, 0.5)).isEqualTo(10);
        assertThat(CosineVariance.terms(120, 0.7)).isEqualTo(7); // 120 * 0.3 / pi * sqrt(3/7) = 7.50
        assertThatThrownBy(() -> CosineVariance.terms(1)).isInstanceOf(IllegalArgumentException.class);
        assertThat(CosineVariance.terms(2, 0.5)).isEqualTo(1);
        assertThatThrownBy(() -> CosineVariance.terms(1, 0.5)).isInstanceOf(IllegalArgumentException.class);
    }

    @Property
    void moreAutocorrelationNeverGivesMoreTerms(@ForAll @IntRange(min = 2, max = 5000) int n,
                                                @ForAll @DoubleRange(min = -1, max = 1) double rho,
                                                @ForAll @DoubleRange(min = 0, max = 0.5) double more) {
        int fewer = CosineVariance.terms(n, Math.min(1, rho + more));
        int at = CosineVariance.terms(n, rho);
        assertThat(fewer).isLessThanOrEqualTo(at);
        assertThat(at).isBetween(Math.min(2, CosineVariance.terms(n)), CosineVariance.terms(n));
    }

    /** The lag-1 autocorrelation as R's {@code acf} defines it (here from NumPy), then the bias correction. */
    @Test
    void lagOneAutocorrelationIsAcfsWithTheCorrection() {
        double[] y = {1, 2, 3, 4, 5, 6, 5, 4, 3, 2, 1, 2};
        double r = 0.712546816479401;
        assertThat(CosineVariance.biasCorrectedLagOne(y, 0, y.length))
                .isCloseTo(r + (1 + 3 * r) / 12, within(1e-14));
        double[] z = {3.1, -0.4, 2.7, 1.0, -5.2, 0.3, 4.4, -1.9, 2.2, 0.8};
        double rz = -0.2691300552807681; // above -1/3: corrected, and continuous there
        assertThat(CosineVariance.biasCorrectedLagOne(z, 0, z.length)).isCloseTo(rz + (1 + 3 * rz) / 10,
                within(1e-14));
        assertThat(CosineVariance.biasCorrected(r, 12)).isCloseTo(r + (1 + 3 * r) / 12, within(1e-15));
        assertThat(CosineVariance.biasCorrected(-0.5, 12)).isEqualTo(-0.5);
        assertThat(CosineVariance.biasCorrected(0.99, 12)).isEqualTo(0.999);
        assertThat(CosineVariance.biasCorrected(Double.NaN, 12)).isNaN();
        assertThatThrownBy(() -> CosineVariance.biasCorrected(0.5, 1)).isInstanceOf(IllegalArgumentException.class);
        double[] alternating = {1, -1, 1, -1, 1, -1, 1, -1};
        assertThat(CosineVariance.biasCorrectedLagOne(alternating, 0, 8)).isCloseTo(-7.0 / 8, within(1e-14));
        double[] up = new double[400];
        for (int t = 0; t < up.length; t++) {
            up[t] = t;
        }
        assertThat(CosineVariance.biasCorrectedLagOne(up, 0, up.length)).isEqualTo(0.999);
        assertThat(CosineVariance.biasCorrectedLagOne(new double[] {2, 2, 2}, 0, 3)).isNaN();
    }

    @Property
    void projectionsIgnoreAConstantAndScaleWithTheSeries(@ForAll @IntRange(min = 3, max = 400) int n,
                                                         @ForAll @DoubleRange(min = -1e6, max = 1e6) double shift,
                                                         @ForAll @DoubleRange(min = 0.01, max = 1e3) double scale,
                                                         @ForAll long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] z = new double[n];
        double[] moved = new double[n];
        double norm = 0;
        for (int t = 0; t < n; t++) {
            z[t] = random.nextGaussian();
            moved[t] = scale * z[t] + shift;
            norm += z[t] * z[t];
        }
        int b = CosineVariance.terms(n);
        double[] l = CosineVariance.projections(z, 0, n, b);
        double[] m = CosineVariance.projections(moved, 0, n, b);
        // the shift cancels only up to the rounding of its n terms
        double tolerance = 1e-12 * (scale * Math.sqrt(norm) + Math.abs(shift) * n);
        for (int j = 0; j < b; j++) {
            assertThat(m[j]).isCloseTo(scale * l[j], within(tolerance));
        }
        assertThat(CosineVariance.fromProjections(l)).isGreaterThanOrEqualTo(0);
    }

    @Test
    void badRangesAndTermsAreRefused() {
        double[] z = {1, 2, 3, 4};
        assertThatThrownBy(() -> CosineVariance.projections(z, 0, 4, 4)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("between 1 and 3 terms");
        assertThatThrownBy(() -> CosineVariance.projections(z, 0, 4, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CosineVariance.projections(z, 3, 4, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CosineVariance.projections(z, 0, 5, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CosineVariance.fromProjections(new double[0]))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CosineVariance.Basis.of(10, 3).projections(z, 0, 3))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> CosineVariance.Basis.of(4, 2).projections(z, 0, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("between 1 and 2 terms");
    }
}
