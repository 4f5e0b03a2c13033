package dev.goodhart.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.detect.ExpectedResponse;
import dev.goodhart.model.Direction;
import dev.goodhart.model.Finding;
import dev.goodhart.model.Frame;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Observation;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import dev.goodhart.report.Verdict;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A HEALTHY verdict cannot rest on an expected response that could not answer: where the outcome fell short of what
 * the proxy's rise would owe but the rise itself is not established against the proxy's own steep, noisy baseline
 * line (seven weekly blocks), and no other detector that reads the intervention could run, the pair is
 * INSUFFICIENT_DATA (a helper's Copilot team whose prompts rose 73% with accepted lines flat read HEALTHY 0 on
 * {@code --period week}).
 */
class UndecidedTest {
    private static final LocalDate START = LocalDate.of(2025, 9, 1);
    private static final int BEFORE = 7;
    private static final int AFTER = 7;

    /**
     * Ten teams of flat prompts and accepted lines gaining 9% at the date, and a team whose prompts climb
     * {@code slope} a week (log) before the date with {@code noise} noise, then run 80% above that baseline's level
     * while its accepted lines stay flat.
     */
    private static PairResult score(double slope, double noise) {
        return report(slope, noise).pairs().stream().filter(p -> p.segment().equals("team")).findFirst()
                .orElseThrow();
    }

    /** The report of {@link #score}'s organisation. */
    private static IntegrityReport report(double slope, double noise) {
        IntegrityModel model = IntegrityModel.builder().proxy("prompts", "prompts")
                .outcome("accepted_lines", Direction.HIGHER, "lines").link("prompts", "accepted_lines")
                .granularity(Granularity.WEEK).intervention(START.plusWeeks(BEFORE), "quota").build();
        SplittableRandom r = new SplittableRandom(5);
        List<Observation> rows = new ArrayList<>();
        for (int s = 0; s < 10; s++) {
            String team = s == 0 ? "team" : "peer-" + s;
            for (int w = 0; w < BEFORE + AFTER; w++) {
                double prompts = s != 0 ? 1000 * (1 + 0.03 * r.nextGaussian())
                        : w < BEFORE ? 1000 * Math.exp(slope * (w - BEFORE / 2.0) + noise * r.nextGaussian())
                        : 1800 * (1 + 0.03 * r.nextGaussian());
                double lines = 5000 * (s != 0 && w >= BEFORE ? 1.09 : 1) * (1 + 0.02 * r.nextGaussian());
                rows.add(new Observation(START.plusWeeks(w), team, "prompts", prompts));
                rows.add(new Observation(START.plusWeeks(w), team, "accepted_lines", lines));
            }
        }
        return Scorer.builder().build().score(model, Frame.of(model, rows));
    }

    private static Finding expectedResponse(PairResult pair) {
        return pair.findings().stream().filter(f -> f.detector().equals(ExpectedResponse.NAME)).findFirst()
                .orElseThrow();
    }

    @Test
    void aRiseItsOwnLineCannotTellIsNotHealthy() {
        PairResult steep = score(0.1, 0.12);
        Finding er = expectedResponse(steep);
        assertThat(er.undecided()).as(er.toString()).isTrue();
        assertThat(steep.verdict()).as(steep.toString()).isEqualTo(Verdict.INSUFFICIENT_DATA);
        assertThat(steep.notes().get(0)).startsWith("the expected response could not answer");
        assertThat(er.toString()).contains("; undecided");
        // the text report shows the finding the note points to, under the evidence, not only the note
        String text = dev.goodhart.report.TextReport.render(report(0.1, 0.12));
        String evidence = text.substring(text.indexOf("\nEvidence:\n"));
        assertThat(evidence).contains("[team] INSUFFICIENT_DATA").contains(er.message())
                .contains("note: the expected response could not answer");
    }

    /**
     * Daily rows of use on about a third of the weekdays, six weeks before the date and seven after: the other
     * detectors of the intervention run, and find nothing in such days, but where the expected response could not
     * answer (the outcome short of what a doubling owes, the rise not established against the use's own line) the
     * verdict is not HEALTHY (a helper's sparse users: 41 of 50 doublings with nothing gained read HEALTHY with six
     * detectors run).
     */
    @Test
    void theWeakerDetectorsDoNotAnswerForTheExpectedResponse() {
        int undecided = 0;
        for (int seed = 0; seed < 20; seed++) {
            PairResult sparse = sparse(seed);
            Finding er = expectedResponse(sparse);
            if (er.undecided()) {
                undecided++;
                assertThat(sparse.verdict()).as(sparse.toString()).isNotEqualTo(Verdict.HEALTHY);
                assertThat(sparse.findings().stream().map(Finding::detector)).as(sparse.toString())
                        .contains("intervention-response", "yield-decay");
            }
        }
        assertThat(undecided).as("doublings of sparse use the expected response could not answer, of 20").isPositive();
    }

    /** Twenty teams using the tool on about a third of the weekdays; the first doubles its use at the date. */
    private static PairResult sparse(int seed) {
        SparseLiveExaminationsTest.Org o = SparseLiveExaminationsTest.sparse(seed, 1);
        IntegrityReport report = Scorer.builder().build().score(o.model(), Frame.of(o.model(), o.rows()));
        return report.pairs().stream().filter(p -> p.segment().equals("team")).findFirst().orElseThrow();
    }

    @Test
    void aRiseOnAQuietFlatBaselineIsDecided() {
        PairResult flat = score(0, 0.03);
        Finding er = expectedResponse(flat);
        assertThat(er.undecided()).as(er.toString()).isFalse();
        assertThat(flat.verdict().flagged()).as(flat.toString()).isTrue();
    }
}
