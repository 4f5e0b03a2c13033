package dev.goodhart.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Frame;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Observation;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import dev.goodhart.report.Verdict;
import dev.goodhart.scoring.Scorer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Honest teams whose tokens grow by a constant percentage a week (compound growth) through an intervention that
 * changes nothing, with a flat outcome: their growth continues its own trend, so it is not a rise beyond it. With the
 * straight-line trend alone, 33 of 80 such teams were DIVERGING or GAMED (1-2% a week); the same growth linear in
 * levels is flagged for none, then and now. The simulation is not the zoo's (whose adoption is linear in levels).
 */
class CompoundGrowthTest {
    @Test
    void compoundGrowthThatContinuesItsTrendIsNotARiseBeyondIt() {
        assertThat(flagged(true)).as("compound growth").isLessThanOrEqualTo(10);
        assertThat(flagged(false)).as("the same growth, linear in levels").isZero();
    }

    /** DIVERGING or GAMED among 80 weekly teams, 52 weeks each side, tokens growing 1-2% a week. */
    private static int flagged(boolean compound) {
        int teams = 80;
        int n = 104;
        LocalDate start = LocalDate.of(2024, 1, 1);
        IntegrityModel model = IntegrityModel.builder().granularity(Granularity.WEEK).proxy("tokens", "tokens")
                .outcome("output", Direction.HIGHER, "").link("tokens", "output")
                .intervention(start.plusWeeks(52), "quota").build();
        SplittableRandom random = new SplittableRandom(8);
        List<Observation> rows = new ArrayList<>();
        for (int s = 0; s < teams; s++) {
            double g = 0.01 + 0.01 * random.nextDouble();
            double end = Math.pow(1 + g, n - 1);
            for (int t = 0; t < n; t++) {
                double level = compound ? Math.pow(1 + g, t) : 1 + (end - 1) * t / (n - 1.0);
                rows.add(new Observation(start.plusWeeks(t), "team-" + s, "tokens",
                        1000 * level * Math.exp(0.1 * random.nextGaussian())));
                rows.add(new Observation(start.plusWeeks(t), "team-" + s, "output",
                        50 * Math.exp(0.05 * random.nextGaussian())));
            }
        }
        IntegrityReport report = Scorer.defaults().score(model, Frame.of(model, rows));
        int flagged = 0;
        for (PairResult row : report.pairs()) {
            if (!row.segment().equals("*")
                    && (row.verdict() == Verdict.DIVERGING || row.verdict() == Verdict.GAMED)) {
                flagged++;
            }
        }
        return flagged;
    }
}
