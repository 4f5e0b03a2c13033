package dev.goodhart.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.goodhart.model.Direction;
import dev.goodhart.stats.CosineVariance;
import dev.goodhart.model.Finding;
import dev.goodhart.TestData;
import dev.goodhart.sim.Scenario;
import dev.goodhart.sim.zoo.Zoo;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class YieldDecayTest extends DetectorContract<YieldDecay> {
    @Override
    YieldDecay detector() {
        return new YieldDecay();
    }

    private final YieldDecay detector = new YieldDecay();

    /**
     * As {@code CouplingDecayTest.aRunawayWeekOfUseDoesNotSetTheCorrelation}: one week of a hundred times a team's
     * tokens set the elasticity of its window, and its changes are left out. Measured on 200 pairs each, p < 0.05:
     * yield held throughout with the week after the date, 200 before the change and 16 with it (13 without
     * the week); yield that fell, with the week in the baseline, 22 before and 194 with it (198 without it). Since the
     * long-run test counts (26 weekly changes a window, 4 degrees of freedom): held throughout 9 with the week after
     * the date and 7 without it; fell 164 with the week in the baseline and 165 without it.
     */
    @Test
    void aRunawayWeekOfUseDoesNotSetTheElasticity() {
        int[] alarms = Pairs.runawayWeekAlarms(detector);
        assertThat(alarms[4]).as("pairs whose detail names the week left out").isGreaterThanOrEqualTo(390);
        assertThat(alarms[1]).as("yield held throughout, a runaway week after the date")
                .isLessThanOrEqualTo(alarms[0] + 10);
        assertThat(alarms[3]).as("yield that fell, a runaway week before the date")
                .isGreaterThanOrEqualTo(alarms[2] - 5);
        assertThat(alarms[2]).as("yield that fell, without the week")
                .isGreaterThan(155);
    }

    /**
     * As above, with the use 0 in four weeks (a review's case): each window's {@code c} (half its mean) was read with
     * the runaway week in it, which squashed every log change of its window. Measured on 200 pairs each, p < 0.05, 25
     * of the pairs that held throughout significant without the week: with it in the baseline 91 before its periods
     * were left out of the mean and 20 now, after the date 6 and 33; yield that fell, 65 found without the week, with it
     * in the baseline 114 before (the squashed baseline read as more decay) and 61 now. Since the long-run test
     * counts: held throughout 11 without the week, 9 with it in the baseline, 15 after the date; fell 37 without the
     * week and 35 with it in the baseline.
     */
    @Test
    void aRunawayWeekOfUseDoesNotSetTheOffsetsOfAUseWithZeros() {
        int[] after = Pairs.runawayWeekAlarms(detector, true, 40);
        int[] before = Pairs.runawayWeekAlarms(detector, true, 12);
        assertThat(before[1]).as("held throughout, the week in the baseline").isLessThanOrEqualTo(before[0] + 15);
        assertThat(after[1]).as("held throughout, the week after the date").isLessThanOrEqualTo(after[0] + 15)
                .isGreaterThanOrEqualTo(after[0] - 10);
        assertThat(after[3]).as("yield that fell, the week in the baseline").isBetween(after[2] - 10, after[2] + 15);
    }

    /** The break test against R's lm(y ~ x + D + x:D) and anova() (reference/yield_break.R). */
    @Test
    void breakTestMatchesR() {
        List<String> rows = TestData.lines("/reference/yield_break_input.csv");
        int nb = (int) rows.stream().skip(1).filter(r -> r.endsWith(",0")).count();
        int nr = rows.size() - 1 - nb;
        // levels whose within-window log changes are exactly R's x and y
        double[] proxy = new double[nb + nr + 2];
        double[] outcome = new double[nb + nr + 2];
        proxy[0] = 100;
        outcome[0] = 50;
        proxy[nb + 1] = 300; // the jump across the split is not a change inside either window
        outcome[nb + 1] = 40;
        for (int i = 0; i < nb + nr; i++) {
            String[] f = rows.get(i + 1).split(",");
            int t = i < nb ? i + 1 : i + 2;
            proxy[t] = proxy[t - 1] * Math.exp(Double.parseDouble(f[0]));
            outcome[t] = outcome[t - 1] * Math.exp(Double.parseDouble(f[1]));
        }
        Finding f = detector.detect(Pairs.of(proxy, outcome, nb + 1, Direction.HIGHER)).findings().get(0);
        Map<String, Double> r = expected();
        // the classical test is R's lm(y ~ x * D)
        double[][] base = new double[2][nb];
        double[][] recent = new double[2][nr];
        for (int i = 0; i < nb + nr; i++) {
            String[] v = rows.get(i + 1).split(",");
            double[][] w = i < nb ? base : recent;
            int k = i < nb ? i : i - nb;
            w[0][k] = Double.parseDouble(v[0]);
            w[1][k] = Double.parseDouble(v[1]);
        }
        YieldDecay.SlopeChange[] tests = YieldDecay.SlopeChange.tests(base, recent,
                dev.goodhart.stats.SimpleFit.of(base[0], base[1], nb),
                dev.goodhart.stats.SimpleFit.of(recent[0], recent[1], nr),
                CosineVariance.Basis.of(nb, CosineVariance.terms(nb)),
                CosineVariance.Basis.of(nr, CosineVariance.terms(nr)));
        assertThat(tests[0].t()).isCloseTo(r.get("slope_change_t"), within(1e-8));
        assertThat(tests[0].pValue()).isCloseTo(r.get("slope_change_p_lower"), within(1e-12));
        assertThat(tests[0].df()).isEqualTo(nb + nr - 4);
        // the long-run test, the one that counts, against a second implementation (reference/yield_break_longrun.py:
        // NumPy least squares per window, SciPy's orthonormal DCT-II, the same terms rule; scipy.stats.t.cdf): t
        // -5.1044855914971885 on 4 degrees of freedom, p 0.0034804119859416834
        assertThat(tests[1].t()).isCloseTo(-5.1044855914971885, within(1e-9));
        assertThat(tests[1].df()).isEqualTo(4);
        assertThat(tests[1].pValue()).isCloseTo(0.0034804119859416834, within(1e-12));
        // the detector reads the same changes from levels (exp, then log again): equal within rounding
        assertThat(f.statistic()).isCloseTo(tests[1].t(), within(1e-12));
        assertThat(f.pValue()).isCloseTo(tests[1].pValue(), within(1e-14));
        assertThat(f.effect()).isCloseTo(-r.get("slope_change"), within(1e-9));
        assertThat(f.message()).contains(String.format("%.2f%% higher output", r.get("baseline_slope")));
        assertThat(f.detail()).contains("Chow F = 15.45").contains("change t = -5.10 on 4 degrees of freedom"
                + " (long-run standard errors), one-sided p = 0.0035; classical t = -5.55 on 71, p < 0.0001");
    }

    /**
     * More dummy use added to the recent window (300 coupled weekly pairs, k = 0..8 times the baseline's mean use,
     * each week's addition lognormal) should not lower the concern: the long-run test's degrees of freedom come from
     * the baseline alone, so they cannot fall as the recent window fills with dummy use (read on the two windows'
     * Welch-Satterthwaite degrees of freedom, p rose along k in 167 of 300 pairs, by up to 3.3 times). Measured: p
     * rose somewhere along k in 6 of the 300 (the classical test: 2), by more than half in 1 (2); multiplying the use,
     * as the contract's property does, leaves every change of its logarithm as it was and could not show this.
     */
    @Test
    void moreDummyUseAddedDoesNotLowerTheConcern() {
        int n = 104;
        int split = 52;
        int rises = 0;
        int large = 0;
        for (long seed = 1; seed <= 300; seed++) {
            double[][] pair = Scenario.COUPLED_STEADY.generate(seed, n, split);
            double mean = 0;
            for (int t = 0; t < split; t++) {
                mean += pair[0][t] / split;
            }
            java.util.SplittableRandom random = new java.util.SplittableRandom(seed * 31);
            double[] added = new double[n];
            for (int t = 0; t < n; t++) {
                added[t] = Math.exp(0.3 * random.nextGaussian());
            }
            double previous = 1;
            boolean rose = false;
            boolean roseByHalf = false;
            for (int k = 0; k <= 8; k++) {
                double[] proxy = pair[0].clone();
                for (int t = split; t < n; t++) {
                    proxy[t] += k * mean * added[t];
                }
                double p = detector.detect(Pairs.of(proxy, pair[1], split, Direction.HIGHER)).findings().get(0)
                        .pValue();
                rose |= p > previous + 1e-9;
                roseByHalf |= p > 1.5 * previous;
                previous = p;
            }
            rises += rose ? 1 : 0;
            large += roseByHalf ? 1 : 0;
        }
        assertThat(rises).as("pairs whose p rose somewhere along k").isLessThanOrEqualTo(12);
        assertThat(large).as("pairs whose p rose by more than half").isLessThanOrEqualTo(4);
    }

    @Test
    void dummyActivityDrivesTheElasticityDown() {
        Finding f = detector.detect(Pairs.of(Scenario.GAMED.generate(4, 104, 52), 52)).findings().get(0);
        assertThat(f.pValue()).isLessThan(0.001);
        Finding lean = detector.detect(Pairs.of(Scenario.LEAN.generate(4, 104, 52), 52)).findings().get(0);
        assertThat(lean.pValue()).isGreaterThan(0.05);
    }

    @Test
    void skipsNegativeValuesAndTakesZeroPeriodsAsData() {
        double[][] s = Scenario.COUPLED_STEADY.generate(2, 40, 20);
        s[0][7] = 0;
        assertThat(detector.detect(Pairs.of(s, 20)).ran()).isTrue();
        s[0][7] = -1;
        DetectorResult r = detector.detect(Pairs.of(s, 20));
        assertThat(r.ran()).isFalse();
        assertThat(r.skipReason()).contains("0 or more", "tokens = -1");
    }

    /**
     * Use and work both stop on the two quiet days of every seven (a usage export's idle weekends, a tracker's closed
     * tickets): the zeros are read as log(v + c). With c fixed at half the baseline's mean, an honest adoption (use
     * doubled on working days, output up by its elasticity) made every swing to a quiet day longer in the proxy than in
     * the outcome and read as the elasticity falling: of 200 such teams 195 were significant at 5% on the build before,
     * 1 now (c half of each window's own mean). Use added on working days that the work does not follow, with the
     * output as before, is still found (123 of 200; 200 before, the artifact included).
     */
    @Test
    void zerosOnTheDaysBothStopDoNotMakeAnAdoptionReadAsDecay() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(55);
        int n = 210;
        int split = 105;
        int honestSignificant = 0;
        int decayFound = 0;
        for (int team = 0; team < 200; team++) {
            double[] tokens = new double[n];
            double[] output = new double[n];
            double[] gamedTokens = new double[n];
            double level = 5 + 10 * r.nextDouble();
            for (int t = 0; t < n; t++) {
                boolean quiet = t % 7 >= 5;
                boolean after = t >= split;
                double work = Math.exp(0.3 * Zoo.gaussian(r));
                double use = quiet ? 0 : 1000 * work * Math.exp(0.1 * Zoo.gaussian(r));
                tokens[t] = after ? 2 * use : use;
                // output follows the day's work (and so its use), 0.3 more for the doubling
                double mean = quiet ? 0 : level * work * (after ? Math.pow(2, 0.3) : 1);
                output[t] = Zoo.poisson(r, mean);
                // the same team gaming instead: twice as much use on working days, of which the work follows none
                gamedTokens[t] = after && !quiet ? use + 1000 * Math.exp(0.6 * Zoo.gaussian(r)) : use;
            }
            honestSignificant += detector.detect(Pairs.of(tokens, output, split, Direction.HIGHER)).findings().get(0)
                    .pValue() < 0.05 ? 1 : 0;
            double[] flatOutput = output.clone();
            for (int t = split; t < n; t++) {
                flatOutput[t] = Zoo.poisson(r, t % 7 >= 5 ? 0 : level * Math.exp(0.3 * Zoo.gaussian(r)));
            }
            decayFound += detector.detect(Pairs.of(gamedTokens, flatOutput, split, Direction.HIGHER)).findings()
                    .get(0).pValue() < 0.05 ? 1 : 0;
        }
        // measured: 1 and 123 of 200 (the build before: 195 and 200)
        assertThat(honestSignificant).isLessThanOrEqualTo(10);
        assertThat(decayFound).isGreaterThanOrEqualTo(100);
    }



    private static Map<String, Double> expected() {
        Map<String, Double> m = new HashMap<>();
        for (String line : TestData.lines("/reference/yield_break_expected.csv").subList(1, 7)) {
            String[] f = line.split(",");
            m.put(f[0], Double.parseDouble(f[1]));
        }
        return m;
    }
}
