package dev.goodhart.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Finding;
import dev.goodhart.sim.Scenario;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The compatibility kit every {@link Detector} passes (its test extends this class, the way Micrometer's registries
 * extend one kit): it describes itself, gives no NaN and no probability outside [0, 1] on any input (constant, short,
 * missing, zero periods), is deterministic, is invariant to the units of either series, refuses null, and never finds
 * less concern when the recent proxy is inflated more.
 *
 * @param <D> the detector under test
 */
abstract class DetectorContract<D extends Detector> {
    static final int N = 104;
    static final int SPLIT = 52;

    /** The detector under test, with its default settings. */
    abstract D detector();

    /** A realistic honest pair and a gamed one, weekly, 52 periods each side. */
    static List<PairSeries> realistic() {
        List<PairSeries> out = new ArrayList<>();
        for (Scenario s : List.of(Scenario.COUPLED_STEADY, Scenario.HEALTHY_GROWTH, Scenario.GAMED,
                Scenario.AUTOCORRELATED_OUTCOME)) {
            out.add(Pairs.of(s.generate(11, N, SPLIT), SPLIT));
        }
        return out;
    }

    /** Inputs a detector must survive: constant, short, missing values, zeros, huge and tiny magnitudes. */
    static List<PairSeries> awkward() {
        List<PairSeries> out = new ArrayList<>();
        double[][] base = Scenario.COUPLED_STEADY.generate(3, N, SPLIT);
        double[] constant = new double[N];
        java.util.Arrays.fill(constant, 5);
        out.add(Pairs.of(constant, base[1], SPLIT, Direction.HIGHER));
        out.add(Pairs.of(base[0], constant, SPLIT, Direction.LOWER));
        double[] holes = base[0].clone();
        for (int t = 0; t < N; t += 3) {
            holes[t] = Double.NaN;
        }
        out.add(Pairs.of(holes, base[1], SPLIT, Direction.HIGHER));
        double[] zeros = base[1].clone();
        for (int t = 0; t < N; t += 5) {
            zeros[t] = 0;
        }
        out.add(Pairs.of(base[0], zeros, SPLIT, Direction.LOWER));
        out.add(Pairs.of(java.util.Arrays.copyOf(base[0], 6), java.util.Arrays.copyOf(base[1], 6), 3, Direction.HIGHER));
        out.add(Pairs.of(scale(base[0], 1e150), scale(base[1], 1e-150), SPLIT, Direction.HIGHER));
        double[] allMissing = new double[N];
        java.util.Arrays.fill(allMissing, Double.NaN);
        out.add(Pairs.of(allMissing, base[1], SPLIT, Direction.HIGHER));
        return out;
    }

    static double[] scale(double[] v, double factor) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= factor;
        }
        return out;
    }

    private static PairSeries rescaled(PairSeries p, double proxyFactor, double outcomeFactor) {
        return Pairs.of(scale(p.proxy(), proxyFactor), scale(p.outcome(), outcomeFactor), p.split(),
                p.outcomeMetric().direction());
    }

    @Test
    void describesItself() {
        D d = detector();
        assertThat(d.name()).matches("[a-z]+(-[a-z]+)*");
        Description description = d.description();
        assertThat(description).isNotNull();
        assertThat(description.weight()).isBetween(0.0, 1.0).isPositive();
        assertThat(description.reference()).isNotBlank();
        assertThat(d.description()).isEqualTo(description);
    }

    @Test
    void noNaNAndProbabilitiesInRangeOnAnyInput() {
        List<PairSeries> inputs = new ArrayList<>(realistic());
        inputs.addAll(awkward());
        for (PairSeries p : inputs) {
            DetectorResult r = detector().detect(p);
            assertThat(r).isNotNull();
            if (!r.ran()) {
                assertThat(r.skipReason()).isNotBlank();
                continue;
            }
            for (Finding f : r.findings()) {
                assertThat(f.pValue()).as(f.message()).isBetween(0.0, 1.0);
                assertThat(f.statistic()).as(f.message()).isNotNaN();
                assertThat(f.message()).doesNotContain("NaN").doesNotContain("Infinity");
                assertThat(f.detail()).doesNotContain("NaN").doesNotContain("Infinity");
                // one wording per direction: a move is "rose 5%" or "5% shorter", never a signed percentage
                assertThat(f.message()).doesNotContainPattern("[-+]\\d+(\\.\\d+)?%").doesNotContain("% better")
                        .doesNotContain("% worse");
            }
        }
    }

    @Test
    void examinesRealisticPairsDeterministically() {
        for (PairSeries p : realistic()) {
            DetectorResult r = detector().detect(p);
            assertThat(r.ran()).as(String.valueOf(r.skipReason())).isTrue();
            assertThat(detector().detect(p)).isEqualTo(r);
        }
    }

    /**
     * Units far from 1 included: a metric recorded in a unit whose values are near 1e200 or 1e-200 (their squares
     * overflow or vanish) is the same data. Until 2026-12-05 growth divergence read such values' long-run variance as
     * NaN and gave p = 0, and coupling decay's effective size moved (a fuzzed CSV's tokens near 1e-300).
     */
    @ParameterizedTest
    @CsvSource({"1000, 0.01", "1e200, 1e-200", "1e-200, 1e200", "1e-250, 1e-250"})
    void theUnitsOfEitherSeriesDoNotMatter(double proxyUnit, double outcomeUnit) {
        for (PairSeries p : realistic()) {
            DetectorResult a = detector().detect(p);
            DetectorResult b = detector().detect(rescaled(p, proxyUnit, outcomeUnit));
            assertThat(b.ran()).isEqualTo(a.ran());
            if (!a.ran()) {
                continue;
            }
            assertThat(b.findings()).hasSameSizeAs(a.findings());
            for (int i = 0; i < a.findings().size(); i++) {
                Finding fa = a.findings().get(i);
                Finding fb = b.findings().get(i);
                assertThat(fb.pValue()).as(fa.message()).isCloseTo(fa.pValue(), within(1e-9 + 1e-6 * fa.pValue()));
                assertThat(fb.statistic()).as(fa.message())
                        .isCloseTo(fa.statistic(), within(1e-8 * Math.max(1, Math.abs(fa.statistic()))));
            }
        }
    }

    @Test
    void refusesNull() {
        assertThatThrownBy(() -> detector().detect(null)).isInstanceOf(NullPointerException.class);
    }

    /** More inflation of the recent proxy (the outcome unchanged) never lowers the concern: p does not rise. */
    @Test
    void moreInflationNeverLowersTheConcern() {
        for (long seed = 1; seed <= 3; seed++) {
            double[][] honest = Scenario.COUPLED_STEADY.generate(seed, N, SPLIT);
            double previous = 1;
            for (double k : new double[] {0, 0.5, 1, 2, 4}) {
                double[] proxy = honest[0].clone();
                for (int t = SPLIT; t < N; t++) {
                    proxy[t] *= 1 + k;
                }
                DetectorResult r = detector().detect(Pairs.of(proxy, honest[1], SPLIT, Direction.HIGHER));
                if (!r.ran() || r.findings().isEmpty()) {
                    continue;
                }
                double p = r.findings().get(0).pValue();
                assertThat(p).as("seed %d, inflation %s", seed, k).isLessThanOrEqualTo(previous + 1e-9);
                previous = p;
            }
        }
    }
}
