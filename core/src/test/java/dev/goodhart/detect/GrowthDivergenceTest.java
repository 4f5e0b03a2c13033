package dev.goodhart.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.goodhart.Direction;
import dev.goodhart.Finding;
import dev.goodhart.sim.Scenario;
import org.junit.jupiter.api.Test;

class GrowthDivergenceTest {
    private final GrowthDivergence detector = new GrowthDivergence();

    @Test
    void statisticIsTheLogRatioOfGrowthFactors() {
        double[] proxy = new double[20];
        double[] outcome = new double[20];
        for (int t = 0; t < 20; t++) {
            proxy[t] = (t < 10 ? 100 : 200) + (t % 3);
            outcome[t] = (t < 10 ? 10 : 11) + 0.1 * (t % 2);
        }
        Finding f = detector.detect(Pairs.of(proxy, outcome, 10, Direction.HIGHER)).findings().get(0);
        double pb = (100 * 10 + (0 + 1 + 2 + 0 + 1 + 2 + 0 + 1 + 2 + 0)) / 10.0;
        double pr = (200 * 10 + (1 + 2 + 0 + 1 + 2 + 0 + 1 + 2 + 0 + 1)) / 10.0;
        double expected = Math.log(pr / pb) - Math.log(11.05 / 10.05);
        assertThat(f.statistic()).isCloseTo(expected, within(1e-12));
        assertThat(f.pValue()).isCloseTo(0.001, within(1e-12)); // every replicate above zero: 1 / (B + 1)
        assertThat(f.message()).contains("tokens changed +99%", "output changed +10%");
    }

    @Test
    void aFallingProxyWithABetterOutcomeIsNoConcern() {
        Finding f = detector.detect(Pairs.of(Scenario.LEAN.generate(8, 104, 52), 52)).findings().get(0);
        assertThat(f.statistic()).isNegative();
        assertThat(f.pValue()).isGreaterThan(0.9);
    }

    @Test
    void lowerIsBetterOutcomeFallingCountsAsGrowth() {
        double[] proxy = new double[20];
        double[] cycle = new double[20];
        for (int t = 0; t < 20; t++) {
            proxy[t] = t < 10 ? 100 + t % 2 : 150 + t % 2;
            cycle[t] = t < 10 ? 10 + 0.1 * (t % 2) : 10 / 1.5 + 0.1 * (t % 2);
        }
        Finding f = detector.detect(Pairs.of(proxy, cycle, 10, Direction.LOWER)).findings().get(0);
        assertThat(f.statistic()).isCloseTo(0, within(0.02));
    }

    @Test
    void sameSeedSameAnswer() {
        PairSeries p = Pairs.of(Scenario.PARTIAL_INFLATION.generate(5, 60, 30), 30);
        assertThat(detector.detect(p)).isEqualTo(detector.detect(p));
    }
}
