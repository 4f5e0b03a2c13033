package dev.goodhart.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Finding;
import dev.goodhart.TestData;
import dev.goodhart.sim.Scenario;
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
        assertThat(f.statistic()).isCloseTo(r.get("slope_change_t"), within(1e-8));
        assertThat(f.pValue()).isCloseTo(r.get("slope_change_p_lower"), within(1e-12));
        assertThat(f.effect()).isCloseTo(-r.get("slope_change"), within(1e-9));
        assertThat(f.message()).contains(String.format("%.2f%% higher output", r.get("baseline_slope")));
        assertThat(f.detail()).contains("Chow F = 15.45");
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
        assertThat(r.skipReason()).contains("0 or more", "tokens = -1.0");
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
