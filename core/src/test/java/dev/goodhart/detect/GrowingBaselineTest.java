package dev.goodhart.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Frame;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Observation;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import dev.goodhart.scoring.Scorer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Honest teams whose usage was already growing before an intervention that changes nothing, with a flat outcome: their
 * growth continues its own trend, so it is not a rise beyond it. Two shapes a straight line through the baseline
 * under-predicts: compound growth (1.5-2.5% a week) and usage that starts at week 30 of the baseline and then ramps
 * up. Three organisations (seeds 20-22), 72 teams a shape: without {@link ProxyTrends} 57 compounding and 54 ramping
 * teams were DIVERGING or GAMED, with it 10 and 1 (over seeds 20-29, 240 teams a shape: 194 and 174 against 49 and
 * 9). The same teams doubling their tokens at the intervention: 68-69 of 72 flagged (71-72 without; over ten seeds
 * 227-230 of 240 against 238-240). Tokens with 10% noise, outcome with 5%. The simulation is not the zoo's (whose
 * adoption is linear in levels).
 */
class GrowingBaselineTest {
    private enum Shape { LINEAR, COMPOUND, RAMP_FROM_WEEK_30 }

    @Test
    void growthThatContinuesItsOwnTrendIsNotARiseBeyondIt() {
        Map<String, int[]> flagged = new HashMap<>();
        for (long seed = 20; seed < 23; seed++) {
            score(seed).forEach((k, v) -> flagged.merge(k, v, (a, b) -> new int[] {a[0] + b[0], a[1] + b[1]}));
        }
        assertThat(flagged.get("LINEAR honest")[0]).as("linear growth").isZero();
        assertThat(flagged.get("COMPOUND honest")[0]).as("compound growth").isLessThanOrEqualTo(20);
        assertThat(flagged.get("RAMP_FROM_WEEK_30 honest")[0]).as("a ramp from week 30").isLessThanOrEqualTo(8);
        for (Shape shape : Shape.values()) {
            int[] gaming = flagged.get(shape + " gaming");
            assertThat(gaming[0]).as(shape + ", tokens doubled at the intervention")
                    .isGreaterThanOrEqualTo(gaming[1] * 9 / 10);
        }
    }

    /** Per shape and truth: {DIVERGING or GAMED, teams}; weekly, 52 weeks each side, 24 teams a group. */
    static Map<String, int[]> score(long seed) {
        int n = 104;
        LocalDate start = LocalDate.of(2024, 1, 1);
        IntegrityModel model = IntegrityModel.builder().granularity(Granularity.WEEK).proxy("tokens", "tokens")
                .outcome("output", Direction.HIGHER, "").link("tokens", "output")
                .intervention(start.plusWeeks(52), "quota").build();
        SplittableRandom random = new SplittableRandom(seed);
        List<Observation> rows = new ArrayList<>();
        Map<String, String> group = new HashMap<>();
        int id = 0;
        for (Shape shape : Shape.values()) {
            for (boolean gaming : new boolean[] {false, true}) {
                for (int k = 0; k < 24; k++) {
                    String team = "team-" + id++;
                    group.put(team, shape + (gaming ? " gaming" : " honest"));
                    double g = 0.015 + 0.01 * random.nextDouble();
                    for (int t = 0; t < n; t++) {
                        double level = switch (shape) {
                            case LINEAR -> 1 + (Math.pow(1 + g, n - 1) - 1) * t / (n - 1.0);
                            case COMPOUND -> Math.pow(1 + g, t);
                            case RAMP_FROM_WEEK_30 -> t < 30 ? 1 : 1 + 3 * g * (t - 30);
                        };
                        if (gaming && t >= 52) {
                            level *= 2;
                        }
                        rows.add(new Observation(start.plusWeeks(t), team, "tokens",
                                1000 * level * Math.exp(0.1 * random.nextGaussian())));
                        rows.add(new Observation(start.plusWeeks(t), team, "output",
                                50 * Math.exp(0.05 * random.nextGaussian())));
                    }
                }
            }
        }
        for (int k = 0; k < 10; k++) {
            String team = "steady-" + k;
            for (int t = 0; t < n; t++) {
                rows.add(new Observation(start.plusWeeks(t), team, "tokens",
                        1000 * Math.exp(0.1 * random.nextGaussian())));
                rows.add(new Observation(start.plusWeeks(t), team, "output",
                        50 * Math.exp(0.05 * random.nextGaussian())));
            }
        }
        IntegrityReport report = Scorer.defaults().score(model, Frame.of(model, rows));
        Map<String, int[]> flagged = new HashMap<>();
        for (PairResult row : report.pairs()) {
            String g = group.get(row.segment());
            if (g != null) {
                int[] c = flagged.computeIfAbsent(g, x -> new int[2]);
                c[1]++;
                if (row.verdict().flagged()) {
                    c[0]++;
                }
            }
        }
        return flagged;
    }
}
