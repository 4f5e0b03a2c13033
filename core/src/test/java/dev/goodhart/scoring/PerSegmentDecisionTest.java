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
import dev.goodhart.model.Granularity;
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
 * The decision on one team is about that team: the expected response's q-value is its own p-value (it is calibrated
 * on the team's placebo dates), so its multiple-testing adjustment does not move with how many other teams gamed; and
 * descriptive evidence (growth divergence) raises a score within its band but never accuses.
 */
class PerSegmentDecisionTest {
    private static final LocalDate START = LocalDate.of(2025, 1, 6);
    private static final int WEEKS = 40;
    private static final int SPLIT = 20;

    private static IntegrityModel model() {
        return IntegrityModel.builder().proxy("tokens", "tokens").outcome("cycle_time", Direction.LOWER, "hours")
                .link("tokens", "cycle_time").granularity(Granularity.WEEK)
                .intervention(START.plusWeeks(SPLIT), "quota").build();
    }

    /** 30 steady teams, the team "doubled" (tokens x2, cycle time flat), and {@code others} more like it. */
    private static List<Observation> organisation(int others) {
        List<Observation> rows = new ArrayList<>();
        for (int s = 0; s < 31 + others; s++) {
            String team = s == 0 ? "doubled" : s <= 30 ? "steady-" + s : "other-" + s;
            SplittableRandom r = new SplittableRandom(1000 + s);
            boolean doubles = s == 0 || s > 30;
            for (int w = 0; w < WEEKS; w++) {
                double tokens = 1000 * (doubles && w >= SPLIT ? 2 : 1) * Math.exp(0.08 * r.nextGaussian());
                double cycle = 30 * Math.exp(0.06 * r.nextGaussian());
                rows.add(new Observation(START.plusWeeks(w), team, "tokens", tokens));
                rows.add(new Observation(START.plusWeeks(w), team, "cycle_time", cycle));
            }
        }
        return rows;
    }

    private static Finding expectedResponse(PairResult p) {
        return p.findings().stream().filter(f -> f.detector().equals(ExpectedResponse.NAME)).findFirst().orElseThrow();
    }

    @Test
    void theExpectedResponsesQValueIsTheSegmentsOwnPValue() {
        for (int others : new int[] {0, 20}) {
            IntegrityReport report = scoreDefault(organisation(others));
            int pooledDiffer = 0;
            for (PairResult p : report.pairs()) {
                for (Finding f : p.findings()) {
                    if (Double.isNaN(f.pValue())) {
                        continue;
                    }
                    double clamped = Math.min(1, Math.max(0, f.pValue()));
                    if (f.detector().equals(ExpectedResponse.NAME)) {
                        assertThat(f.qValue()).as(p.segment() + ", " + others + " others").isEqualTo(clamped);
                    } else if (f.qValue() != clamped) {
                        pooledDiffer++;
                    }
                }
            }
            assertThat(pooledDiffer).as("the other detectors are still controlled across segments").isPositive();
            PairResult doubled = report.pair("tokens", "cycle_time", "doubled").orElseThrow();
            assertThat(expectedResponse(doubled).pValue()).as(expectedResponse(doubled).message()).isLessThan(0.05);
        }
    }

    private static IntegrityReport scoreDefault(List<Observation> rows) {
        return Scorer.builder().build().score(model(), Frame.of(model(), rows));
    }

    /** A test detector whose finding is always very significant. */
    private record Always(String name, double weight, boolean corroborating) implements Detector {
        @Override
        public Description description() {
            Description d = Description.of(weight, true, "a test detector", Variant.REGRESSIONAL);
            return corroborating ? d : d.descriptive();
        }

        @Override
        public DetectorResult detect(PairSeries pair) {
            return DetectorResult.of(Finding.of(name, 6, 1e-9, 1, "always"));
        }
    }

    @Test
    void descriptiveEvidenceRaisesAScoreButNeverAccuses() {
        IntegrityModel model = model();
        List<Observation> rows = organisation(0);
        // corroborating evidence worth 40 alone (WATCH), descriptive evidence worth 100 alone
        IntegrityReport report = Scorer.builder()
                .detectors(List.of(new Always("weak-corroborating", 0.4, true), new Always("descriptive", 1.0, false)))
                .portfolioDetectors(List.of())
                .build().score(model, Frame.of(model, rows));
        PairResult steady = report.pair("tokens", "cycle_time", "steady-1").orElseThrow();
        assertThat(steady.score()).isEqualTo(49.9);
        assertThat(steady.verdict()).isEqualTo(Verdict.WATCH);
        // with the corroborating evidence at DIVERGING on its own, the descriptive evidence lifts the score in its band
        IntegrityReport stronger = Scorer.builder()
                .detectors(List.of(new Always("corroborating", 0.55, true), new Always("descriptive", 1.0, false)))
                .portfolioDetectors(List.of())
                .build().score(model, Frame.of(model, rows));
        PairResult lifted = stronger.pair("tokens", "cycle_time", "steady-1").orElseThrow();
        assertThat(lifted.score()).isEqualTo(59.9);
        assertThat(lifted.verdict()).isEqualTo(Verdict.DIVERGING);
    }

    /**
     * Descriptive evidence still adds within the GAMED band: corroborating evidence of 84 alone (two lines of it, each
     * worth 60), plus growth.
     */
    @Test
    void descriptiveEvidenceAddsWithinTheTopBand() {
        Scorer scorer = Scorer.builder().build();
        String[] detectors = {"coupling-decay", "threshold-bunching", "growth-divergence"};
        Scorer.Outcome without = scorer.evaluate(1, new String[] {"coupling-decay", "threshold-bunching"},
                new double[] {1e-4, 1e-4}, 2, true, false, false);
        Scorer.Outcome with = scorer.evaluate(1, detectors, new double[] {1e-4, 1e-4, 1e-4}, 3, true, false, false);
        assertThat(without.score()).isEqualTo(84.0);
        assertThat(with.score()).isGreaterThan(without.score()).isEqualTo(87.2);
        assertThat(with.verdict()).isEqualTo(Verdict.GAMED);
    }

    /**
     * Coupling and yield decay read the same period-over-period changes (a correlation and a slope of them): one line
     * of evidence, the stronger of the two counted once. Both at q = 1e-4 were 84, GAMED, from one question asked
     * twice; they are now what the stronger gives alone (60, held at 59.9 below GAMED with one corroboration), and
     * GAMED needs a second line (the expected response, bunching, ...).
     */
    @Test
    void couplingAndYieldDecayAreOneLineOfEvidence() {
        Scorer scorer = Scorer.builder().build();
        String[] both = {"coupling-decay", "yield-decay"};
        Scorer.Outcome twice = scorer.evaluate(1, both, new double[] {1e-4, 1e-4}, 2, true, false, false);
        Scorer.Outcome once = scorer.evaluate(1, new String[] {"coupling-decay"}, new double[] {1e-4}, 1, true, false,
                false);
        assertThat(twice.score()).isEqualTo(once.score()).isEqualTo(59.9);
        assertThat(twice.verdict()).isEqualTo(Verdict.DIVERGING);
        assertThat(twice.variants()).as("each significant detector still names its variant")
                .containsExactlyInAnyOrder(Variant.REGRESSIONAL, Variant.CAUSAL);
        // the stronger of the two counts: q 0.01 and 1e-4 give what 1e-4 gives alone, whichever detector has it
        Scorer.Outcome weakerCoupling = scorer.evaluate(1, both, new double[] {0.01, 1e-4}, 2, true, false, false);
        Scorer.Outcome yieldAlone = scorer.evaluate(1, new String[] {"yield-decay"}, new double[] {1e-4}, 1, true,
                false, false);
        assertThat(weakerCoupling.score()).isEqualTo(yieldAlone.score());
        // both at q = 0.02 were 56.4 (DIVERGING, noisy-OR of 0.6 x 0.566 twice); one line of it is 34.0, WATCH
        Scorer.Outcome moderate = scorer.evaluate(1, both, new double[] {0.02, 0.02}, 2, true, false, false);
        assertThat(moderate.score()).isEqualTo(34.0);
        assertThat(moderate.verdict()).isEqualTo(Verdict.WATCH);
        // a second line of evidence still makes it GAMED: the expected response significant beside them
        Scorer.Outcome corroborated = scorer.evaluate(1,
                new String[] {"coupling-decay", "yield-decay", ExpectedResponse.NAME},
                new double[] {1e-4, 1e-4, 0.01}, 3, true, false, false);
        assertThat(corroborated.verdict()).isEqualTo(Verdict.GAMED);
    }

    /** A detector names the evidence it shares, or none; a blank name is refused; the other components are kept. */
    @Test
    void aDescriptionNamesTheEvidenceItShares() {
        Description own = Description.of(0.6, true, "a test detector", Variant.CAUSAL);
        assertThat(own.evidence()).isNull();
        Description shared = own.asClearing().reading("the changes");
        assertThat(shared.evidence()).isEqualTo("the changes");
        assertThat(shared.clearing()).isTrue();
        assertThat(shared.descriptive().evidence()).isEqualTo("the changes");
        assertThat(shared.asCalibratedPerSegment().evidence()).isEqualTo("the changes");
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> own.reading(" "))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("evidence");
    }

    /**
     * Without descriptive evidence the band cap changes nothing: coupling decay alone at q = 0.00317 scores 49.98
     * before rounding (weight 0.6 times 2.499 / 3), which rounds to 50.0 and is DIVERGING (the band is judged on the
     * rounded score).
     */
    @Test
    void theBandIsJudgedOnTheRoundedScore() {
        Scorer scorer = Scorer.builder().build();
        Scorer.Outcome o = scorer.evaluate(1, new String[] {"coupling-decay"}, new double[] {0.00317}, 1, true, false,
                false);
        assertThat(o.score()).isEqualTo(50.0);
        assertThat(o.verdict()).isEqualTo(Verdict.DIVERGING);
    }

    /**
     * The expected response, calibrated per segment, makes a pair DIVERGING by itself exactly where it is significant
     * at the report's alpha: half strength at alpha, full at alpha squared; a stricter alpha accuses less.
     */
    @Test
    void theExpectedResponseAloneIsDivergingWhereItIsSignificantAtAlpha() {
        Scorer lenient = Scorer.builder().build();
        assertThat(lenient.alpha()).isEqualTo(0.05);
        String[] er = {ExpectedResponse.NAME};
        Scorer.Outcome justSignificant = lenient.evaluate(1, er, new double[] {0.0499}, 1, true, false, false);
        assertThat(justSignificant.score()).isEqualTo(50.0);
        assertThat(justSignificant.verdict()).isEqualTo(Verdict.DIVERGING);
        Scorer.Outcome justNot = lenient.evaluate(1, er, new double[] {0.0501}, 1, true, false, false);
        assertThat(justNot.score()).isEqualTo(49.9);
        assertThat(justNot.verdict()).isEqualTo(Verdict.WATCH);
        // full strength at alpha squared; one detector alone stays below GAMED (corroboration)
        assertThat(lenient.strength(0.0025, true)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        assertThat(lenient.evaluate(1, er, new double[] {0.0025}, 1, true, false, false).score()).isEqualTo(59.9);
        // other detectors keep -log10(q) / 3 whatever alpha is
        assertThat(lenient.strength(0.001, false)).isCloseTo(1.0, org.assertj.core.data.Offset.offset(1e-12));
        Scorer strict = Scorer.builder().alpha(0.01).build();
        assertThat(strict.strength(0.001, false)).isEqualTo(lenient.strength(0.001, false));
        Scorer.Outcome atFourPercent = strict.evaluate(1, er, new double[] {0.04}, 1, true, false, false);
        assertThat(atFourPercent.verdict()).isEqualTo(Verdict.WATCH);
        assertThat(atFourPercent.score()).isCloseTo(100 * Math.log10(0.04) / (2 * Math.log10(0.01)),
                org.assertj.core.data.Offset.offset(0.051));
        assertThat(strict.evaluate(1, er, new double[] {0.0099}, 1, true, false, false).verdict())
                .isEqualTo(Verdict.DIVERGING);
    }

    /**
     * The score never falls when one finding gets stronger, with clearing, corroboration caps, the band cap, repeated
     * detectors and descriptive evidence all in play (20,000 random cases at each of five alphas from 1e-10 to 0.1, q
     * at the levels' edges too; after the reviews' probes); and a stricter alpha never raises a score.
     */
    @Test
    void theScoreNeverFallsWhenAFindingGetsStronger() {
        String[] names = {ExpectedResponse.NAME, "coupling-decay", "yield-decay", "growth-divergence",
            "threshold-bunching", "digit-test", "intervention-response", "growth-divergence", ExpectedResponse.NAME};
        for (double alpha : new double[] {1e-10, 0.001, 0.01, 0.05, 0.1}) {
            Scorer scorer = Scorer.builder().alpha(alpha).build();
            Scorer stricter = alpha > 1e-10 ? Scorer.builder().alpha(alpha / 10).build() : null;
            SplittableRandom r = new SplittableRandom(7);
            for (int t = 0; t < 20_000; t++) {
                int n = 1 + r.nextInt(names.length);
                String[] d = new String[n];
                double[] q = new double[n];
                for (int i = 0; i < n; i++) {
                    d[i] = names[r.nextInt(names.length)];
                    // q at the levels' edges too: alpha itself, alpha squared, just below alpha
                    int edge = r.nextInt(10);
                    q[i] = edge == 0 ? alpha : edge == 1 ? alpha * alpha : edge == 2 ? Math.nextDown(alpha)
                            : Math.pow(10, -12 * r.nextDouble());
                }
                boolean cleared = r.nextInt(4) == 0;
                boolean intervention = r.nextBoolean();
                Scorer.Outcome before = scorer.evaluate(1, d, q, n, intervention, cleared, false);
                double[] stronger = q.clone();
                int j = r.nextInt(n);
                stronger[j] = q[j] * r.nextDouble();
                Scorer.Outcome after = scorer.evaluate(1, d, stronger, n, intervention, cleared, false);
                String what = "alpha " + alpha + ": " + java.util.Arrays.toString(d) + " "
                        + java.util.Arrays.toString(q) + " -> " + java.util.Arrays.toString(stronger);
                assertThat(after.score()).as(what).isGreaterThanOrEqualTo(before.score());
                assertThat(after.verdict().compareTo(before.verdict())).as(what).isGreaterThanOrEqualTo(
                        before.verdict() == Verdict.INSUFFICIENT_DATA ? -1 : 0);
                if (stricter != null) {
                    // a stricter level never raises a score
                    assertThat(stricter.evaluate(1, d, q, n, intervention, cleared, false).score()).as(what)
                            .isLessThanOrEqualTo(before.score());
                }
            }
        }
    }
}
