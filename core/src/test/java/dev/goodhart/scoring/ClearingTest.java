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

    /**
     * Twenty teams; "adopter" doubles its tokens at the split and its cycle time falls 40%; "regime" keeps its tokens
     * and its cycle time rises 40% at the split (a reorganisation of its own); "trending" grows its tokens by a straight line
     * throughout with a flat cycle time (beyond its trend nothing rose, but its level did); the others stay.
     */
    private static IntegrityReport score(Detector extra) {
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "hours").link("tokens", "cycle_time")
                .granularity(dev.goodhart.model.Granularity.WEEK).intervention(START.plusWeeks(SPLIT), "quota").build();
        SplittableRandom r = new SplittableRandom(3);
        List<Observation> rows = new ArrayList<>();
        for (int s = 0; s < 20; s++) {
            String team = s == 0 ? "adopter" : s == 1 ? "regime" : s == 2 ? "trending" : "team-" + s;
            for (int w = 0; w < WEEKS; w++) {
                boolean after = w >= SPLIT;
                double tokens = (s == 2 ? 600 + 20 * w : 1000 * (s == 0 && after ? 2 : 1)) * (1 + 0.05 * r.nextGaussian());
                double cycle = 30 * (s == 0 && after ? 0.6 : 1) * (s == 1 && after ? 1.4 : 1)
                        * (1 + 0.05 * r.nextGaussian());
                rows.add(new Observation(START.plusWeeks(w), team, "tokens", tokens));
                rows.add(new Observation(START.plusWeeks(w), team, "cycle_time", cycle));
            }
        }
        return Scorer.builder().detectors(List.of(extra)).build().score(model, Frame.of(model, rows));
    }

    private static PairResult adopter(IntegrityReport report) {
        return team(report, "adopter");
    }

    private static PairResult team(IntegrityReport report, String name) {
        return report.pairs().stream().filter(p -> p.segment().equals(name)).findFirst().orElseThrow();
    }

    private static Finding expectedResponse(PairResult pair) {
        return pair.findings().stream().filter(f -> f.detector().equals(ExpectedResponse.NAME)).findFirst()
                .orElseThrow();
    }

    @Test
    void anOutcomeThatMovedWhileTheProxyStayedIsNotGaming() {
        PairResult regime = team(score(new Always("always-shortfall", Variant.REGRESSIONAL)), "regime");
        assertThat(expectedResponse(regime).nothingOwed()).as(expectedResponse(regime).message()).isTrue();
        assertThat(regime.score()).isLessThan(15);
        assertThat(regime.verdict()).isEqualTo(Verdict.HEALTHY);
        assertThat(regime.notes().get(0)).startsWith("tokens did not rise materially");
        // the finding is listed, not counted
        assertThat(regime.findings()).extracting(Finding::detector).contains("always-shortfall");
    }

    @Test
    void aProxyWhoseLevelRoseOwesAGainEvenWhereItsTrendPredictedTheRise() {
        PairResult trending = team(score(new Always("always-shortfall", Variant.REGRESSIONAL)), "trending");
        // 2% a week: the recent mean is far above the baseline's, though on its earlier line
        assertThat(expectedResponse(trending).nothingOwed()).as(expectedResponse(trending).message()).isFalse();
        assertThat(trending.notes()).noneMatch(n -> n.startsWith("tokens did not rise materially"));
        assertThat(trending.score()).isGreaterThan(40);
    }

    @Test
    void workOnTheNumberCountsWhereNothingWasOwed() {
        PairResult regime = team(score(new Always("always-bunching", Variant.ADVERSARIAL)), "regime");
        assertThat(regime.notes().get(0)).startsWith("tokens did not rise materially");
        assertThat(regime.score()).isGreaterThan(40);
    }

    @Test
    void aGainBeyondWhatWasOwedClearsTheShortfallQuestion() {
        PairResult adopter = adopter(score(new Always("always-shortfall", Variant.REGRESSIONAL)));
        Finding er = expectedResponse(adopter);
        assertThat(Description.clears(er.pValue(), er.statistic())).as(er.message()).isTrue();
        assertThat(er.nothingOwed()).isFalse();
        assertThat(adopter.verdict()).isIn(Verdict.HEALTHY, Verdict.WATCH);
        assertThat(adopter.score()).isLessThan(15);
        assertThat(adopter.notes().get(0)).startsWith("the outcome gained more than the proxy's rise should have bought");
        // the same detector's finding on a team that was not cleared counts (its tokens rose: a gain was owed)
        PairResult other = team(score(new Always("always-shortfall", Variant.REGRESSIONAL)), "trending");
        assertThat(other.score()).isGreaterThan(40);
    }

    @Test
    void workOnTheNumberItselfStillCounts() {
        PairResult adopter = adopter(score(new Always("always-bunching", Variant.ADVERSARIAL)));
        assertThat(adopter.notes().get(0)).startsWith("the outcome gained more");
        assertThat(adopter.score()).isGreaterThan(40);
    }

    /**
     * Three teams, five weekly baseline blocks in which every team's accepted lines fell a tenth a week, then held
     * level while each team doubled its prompts: against the lines carried on the outcome "gained" far more than a
     * doubling owes, against its baseline level it lost. A trend can withhold a clearing, never make one alone
     * (helper-176: an organisation whose every team doubled its prompts was cleared on "observed 187% higher against
     * its trend; as it is, 10% higher than its baseline's mean").
     */
    @Test
    void aGainOnlyAgainstAShortLineCarriedOnDoesNotClear() {
        IntegrityModel model = IntegrityModel.builder().proxy("prompts", "prompts")
                .outcome("accepted_lines", Direction.HIGHER, "lines").link("prompts", "accepted_lines")
                .granularity(dev.goodhart.model.Granularity.WEEK).intervention(START.plusWeeks(5), "quota").build();
        SplittableRandom r = new SplittableRandom(10);
        List<Observation> rows = new ArrayList<>();
        for (int s = 0; s < 3; s++) {
            for (int w = 0; w < 12; w++) {
                double prompts = (w >= 5 ? 2000 : 1000) * (1 + 0.05 * r.nextGaussian());
                double lines = 5000 * Math.exp(-0.1 * Math.min(w, 4)) * (1 + 0.03 * r.nextGaussian());
                rows.add(new Observation(START.plusWeeks(w), "team-" + s, "prompts", prompts));
                rows.add(new Observation(START.plusWeeks(w), "team-" + s, "accepted_lines", lines));
            }
        }
        IntegrityReport report = Scorer.builder().build().score(model, Frame.of(model, rows));
        for (PairResult p : report.pairs()) {
            Finding er = expectedResponse(p);
            assertThat(Description.clears(er.pValue(), er.statistic())).as(p.toString()).isFalse();
            assertThat(p.notes()).as(p.toString()).noneMatch(n -> n.startsWith("the outcome gained more"));
        }
    }
}
