package dev.goodhart.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.detect.Description;
import dev.goodhart.detect.Detector;
import dev.goodhart.detect.DetectorResult;
import dev.goodhart.detect.ExpectedResponse;
import dev.goodhart.detect.PairSeries;
import dev.goodhart.model.Direction;
import dev.goodhart.model.Finding;
import dev.goodhart.model.Frame;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Observation;
import dev.goodhart.model.Variant;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import dev.goodhart.report.Verdict;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Clearing: a team whose outcome gained far more than its doubled tokens owed is not accused by weaker evidence of the
 * same question, while evidence of work on the number itself still counts.
 */
class ClearingTest {
    private static final LocalDate START = LocalDate.of(2025, 1, 6);
    private static final int WEEKS = 40;
    private static final int SPLIT = 20;

    /** A detector that always finds what its variant says, very significantly. */
    private record Always(String name, Variant variant) implements Detector {
        @Override
        public Description description() {
            return Description.of(0.6, true, "a test detector", variant);
        }

        @Override
        public DetectorResult detect(PairSeries pair) {
            return DetectorResult.of(Finding.of(name, 6, 1e-9, 1, "always"));
        }
    }

    /** Twenty teams; "adopter" doubles its tokens at the split and its cycle time falls 40%; the others stay. */
    private static IntegrityReport score(Detector extra) {
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "hours").link("tokens", "cycle_time")
                .granularity(dev.goodhart.model.Granularity.WEEK).intervention(START.plusWeeks(SPLIT), "quota").build();
        SplittableRandom r = new SplittableRandom(3);
        List<Observation> rows = new ArrayList<>();
        for (int s = 0; s < 20; s++) {
            String team = s == 0 ? "adopter" : "team-" + s;
            for (int w = 0; w < WEEKS; w++) {
                boolean after = w >= SPLIT;
                double tokens = 1000 * (s == 0 && after ? 2 : 1) * (1 + 0.05 * r.nextGaussian());
                double cycle = 30 * (s == 0 && after ? 0.6 : 1) * (1 + 0.05 * r.nextGaussian());
                rows.add(new Observation(START.plusWeeks(w), team, "tokens", tokens));
                rows.add(new Observation(START.plusWeeks(w), team, "cycle_time", cycle));
            }
        }
        return Scorer.builder().detectors(List.of(extra)).build().score(model, Frame.of(model, rows));
    }

    private static PairResult adopter(IntegrityReport report) {
        return report.pairs().stream().filter(p -> p.segment().equals("adopter")).findFirst().orElseThrow();
    }

    @Test
    void aGainBeyondWhatWasOwedClearsTheShortfallQuestion() {
        PairResult adopter = adopter(score(new Always("always-shortfall", Variant.REGRESSIONAL)));
        Finding er = adopter.findings().stream().filter(f -> f.detector().equals(ExpectedResponse.NAME)).findFirst()
                .orElseThrow();
        assertThat(Description.clears(er.pValue(), er.statistic())).as(er.message()).isTrue();
        assertThat(adopter.verdict()).isIn(Verdict.HEALTHY, Verdict.WATCH);
        assertThat(adopter.score()).isLessThan(15);
        assertThat(adopter.notes().get(0)).startsWith("the outcome gained more than the proxy's rise should have bought");
        // the same detector's finding on a team that was not cleared counts
        PairResult other = score(new Always("always-shortfall", Variant.REGRESSIONAL)).pairs().stream()
                .filter(p -> p.segment().equals("team-3")).findFirst().orElseThrow();
        assertThat(other.score()).isGreaterThan(40);
    }

    @Test
    void workOnTheNumberItselfStillCounts() {
        PairResult adopter = adopter(score(new Always("always-bunching", Variant.ADVERSARIAL)));
        assertThat(adopter.notes().get(0)).startsWith("the outcome gained more");
        assertThat(adopter.score()).isGreaterThan(40);
    }
}
