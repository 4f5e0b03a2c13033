package dev.goodhart.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.goodhart.detect.PairSeries;
import dev.goodhart.detect.Portfolio;
import dev.goodhart.detect.PortfolioDetector;
import dev.goodhart.detect.PortfolioResult;
import dev.goodhart.detect.Description;
import dev.goodhart.detect.ThresholdBunching;
import dev.goodhart.model.Direction;
import dev.goodhart.model.Frame;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Intervention;
import dev.goodhart.model.Link;
import dev.goodhart.model.Metric;
import dev.goodhart.model.Observation;
import dev.goodhart.model.Segments;
import dev.goodhart.model.Variant;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import dev.goodhart.report.Verdict;
import java.io.ByteArrayOutputStream;
import java.io.ObjectOutputStream;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * The stages a distributed engine runs ({@link StagedScorer}), run here one after another as a driver and its
 * executors would, give exactly the report {@link Scorer#score} gives: every cross-segment detector (expected response
 * with its reference peers, difference in differences with two rollout dates, bunching at a quota, the digit test,
 * tail divergence), false-discovery control, the verdicts and the charts.
 */
public class StagedScorerTest {
    static final LocalDate START = LocalDate.of(2025, 1, 6);
    static final int DAYS = 150;
    static final int SEGMENTS = 180;

    static String name(int s) {
        return String.format("team-%03d", s);
    }

    public static IntegrityModel model() {
        Set<String> early = new TreeSet<>();
        Set<String> late = new TreeSet<>();
        for (int s = 0; s < SEGMENTS / 2; s++) {
            (s % 3 == 0 ? late : early).add(name(s));
        }
        return IntegrityModel.builder()
                .metric(Metric.proxy("tokens", "tokens"))
                .metric(Metric.proxy("prompts", "prompts"))
                .metric(Metric.outcome("cycle_time", Direction.LOWER, "hours"))
                .metric(Metric.outcome("closed", Direction.HIGHER, "items"))
                .link(Link.of("tokens", "cycle_time"))
                .link(Link.of("prompts", "closed"))
                .intervention(new Intervention(START.plusDays(84), "quota", early))
                .intervention(new Intervention(START.plusDays(98), "second wave", late))
                .quota("tokens", 1000)
                .selfReported("closed")
                .build();
    }

    public static List<Observation> rows(long seed) {
        Random r = new Random(seed);
        List<Observation> out = new ArrayList<>();
        for (int s = 0; s < SEGMENTS; s++) {
            boolean treated = s < SEGMENTS / 2;
            boolean gamed = treated && s % 5 == 0;
            boolean bunching = treated && s % 11 == 0;
            int from = s % 3 == 0 ? 98 : 84;
            double level = 600 + r.nextInt(600);
            double ar = 0;
            for (int d = 0; d < DAYS; d++) {
                boolean after = treated && d >= from;
                ar = 0.6 * ar + r.nextGaussian();
                double tokens = level * (1 + 0.001 * d) * (gamed && after ? 1.9 : after ? 1.3 : 1) + 60 * r.nextGaussian();
                if (bunching && after) {
                    tokens = 1000 + 40 * r.nextDouble();
                }
                double gain = after && !gamed ? 0.9 : 1;
                double cycle = (30 + 2 * ar) * gain;
                out.add(new Observation(START.plusDays(d), name(s), "tokens", Math.max(0, tokens)));
                out.add(new Observation(START.plusDays(d), name(s), "prompts", Math.round(tokens / 40)));
                if (r.nextDouble() > 0.03) {
                    out.add(new Observation(START.plusDays(d), name(s), "cycle_time", cycle));
                }
                out.add(new Observation(START.plusDays(d), name(s), "closed",
                        Math.round(Math.exp(2 + 1.5 * r.nextDouble()) * (after && !gamed ? 1.1 : 1))));
            }
        }
        return out;
    }

    /** The stages, in the order a driver runs them, with the segments' work done "on executors" one at a time. */
    static List<PairResult> staged(Scorer scorer, IntegrityModel model, Frame frame) {
        StagedScorer stages = new StagedScorer(scorer);
        List<PairResult> out = new ArrayList<>();
        List<Examination> organisations = new ArrayList<>();
        List<List<StagedScorer.Completed>> completed = new ArrayList<>();
        List<StagedScorer.PortfolioState> states = new ArrayList<>();
        StagedScorer.QValues.Builder q = StagedScorer.QValues.builder();
        for (int l = 0; l < model.links().size(); l++) {
            Link link = model.links().get(l);
            // executors: examine and summarise; the driver folds the summaries in segment order
            StagedScorer.Fold fold = stages.fold(model, link);
            List<Examination> examined = new ArrayList<>();
            for (String segment : frame.segments()) {
                Examination e = scorer.examine(model, frame, segment).get(l);
                examined.add(e);
                Serializable[] summaries = stages.summaries(model, e);
                fold.add(roundTrip(summaries));
            }
            Examination organisation = scorer.examine(model, frame, Segments.ALL).get(l);
            StagedScorer.PortfolioState state = roundTrip(fold.conclude(Optional.ofNullable(organisation.pair())));
            states.add(state);
            // executors: the cross-segment findings; the driver collects p-values and which detectors found anything
            List<StagedScorer.Completed> done = new ArrayList<>();
            boolean[] found = new boolean[scorer.portfolioDetectors().size()];
            for (Examination e : examined) {
                StagedScorer.Completed c = stages.complete(model, e, state);
                done.add(c);
                for (int k = 0; k < found.length; k++) {
                    found[k] |= c.found()[k];
                }
                q.addAll(c.examination().findings());
            }
            Examination org = stages.completeOrganisation(organisation, state, found);
            q.addAll(org.findings());
            organisations.add(org);
            completed.add(done);
        }
        StagedScorer.QValues qValues = roundTrip(q.build());
        // scores for the charts: organisation rows that could be windowed, then the top WATCH-or-above pairs
        List<double[]> candidates = new ArrayList<>(); // {score, report position}
        int position = 0;
        for (int l = 0; l < model.links().size(); l++) {
            position++;
            for (StagedScorer.Completed c : completed.get(l)) {
                StagedScorer.Score s = stages.score(c.examination(), qValues);
                if (c.examination().pair() != null && s.verdict().compareTo(Verdict.WATCH) >= 0) {
                    candidates.add(new double[] {s.score(), position});
                }
                position++;
            }
        }
        candidates.sort(Comparator.comparingDouble((double[] c) -> -c[0]).thenComparingDouble(c -> c[1]));
        Set<Integer> charted = new TreeSet<>();
        for (double[] c : candidates.subList(0, Math.min(5, candidates.size()))) {
            charted.add((int) c[1]);
        }
        position = 0;
        for (int l = 0; l < model.links().size(); l++) {
            Examination org = organisations.get(l);
            out.add(stages.result(org, qValues, org.pair() != null));
            position++;
            for (StagedScorer.Completed c : completed.get(l)) {
                out.add(stages.result(c.examination(), qValues, charted.contains(position)));
                position++;
            }
        }
        return out;
    }

    @SuppressWarnings("unchecked")
    static <T> T roundTrip(T value) {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(value);
            }
            try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                    new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
                return (T) in.readObject();
            }
        } catch (java.io.IOException | ClassNotFoundException e) {
            throw new AssertionError("not serializable: " + value, e);
        }
    }

    @Test
    void theStagesGiveExactlyTheReportOfOneMachine() {
        IntegrityModel model = model();
        Frame frame = Frame.of(model, rows(7));
        Scorer scorer = Scorer.builder().chartLimit(5).build();
        IntegrityReport report = scorer.score(model, frame);
        List<PairResult> staged = staged(scorer, model, frame);
        assertThat(staged).hasSize(report.pairs().size());
        for (int i = 0; i < staged.size(); i++) {
            assertThat(staged.get(i)).as(report.pairs().get(i).segment() + " " + report.pairs().get(i).outcome())
                    .isEqualTo(report.pairs().get(i));
        }
        // every cross-segment detector had something to say, or this test would not test its stages
        Set<String> detectors = new TreeSet<>();
        report.pairs().forEach(p -> p.findings().forEach(f -> detectors.add(f.detector())));
        assertThat(detectors).contains("expected-response", "difference-in-differences", "threshold-bunching",
                "digit-test", "tail-divergence");
        assertThat(report.pairs()).anyMatch(p -> p.verdict().flagged());
    }

    /**
     * A segment whose outcome was seen on two days since its intervention: the expected response asked its question of
     * it but could not read it, and its row says so ("expected-response skipped: ..."), on one machine and in stages
     * alike. Before, the decisive detector was silently absent from such a row.
     */
    @Test
    void aSegmentTheExpectedResponseCannotReadSaysWhyOnOneMachineAndInStages() {
        IntegrityModel model = model();
        List<Observation> rows = new ArrayList<>();
        for (Observation o : rows(7)) {
            long day = o.date().toEpochDay() - START.toEpochDay();
            if (o.segment().equals(name(1)) && o.metric().equals("cycle_time") && day >= 84 && day != 90 && day != 97) {
                continue;
            }
            rows.add(o);
        }
        Frame frame = Frame.of(model, rows);
        Scorer scorer = Scorer.builder().chartLimit(5).build();
        IntegrityReport report = scorer.score(model, frame);
        PairResult sparse = report.pairs().stream()
                .filter(p -> p.segment().equals(name(1)) && p.outcome().equals("cycle_time")).findFirst().orElseThrow();
        assertThat(sparse.findings()).noneMatch(f -> f.detector().equals("expected-response"));
        assertThat(sparse.notes()).anyMatch(n -> n.startsWith("expected-response skipped: "));
        assertThat(report.pairs().stream().filter(p -> !p.segment().equals(name(1)))
                .flatMap(p -> p.notes().stream())).noneMatch(n -> n.startsWith("expected-response skipped: "));
        List<PairResult> staged = staged(scorer, model, frame);
        for (int i = 0; i < staged.size(); i++) {
            assertThat(staged.get(i)).as(report.pairs().get(i).segment()).isEqualTo(report.pairs().get(i));
        }
    }

    /** With a declared counting change (tokens counted 1.4 times from a Thursday after the quota), the same. */
    @Test
    void theStagesUndoADeclaredCountingChangeAsOneMachineDoes() {
        LocalDate thursday = START.plusDays(109);
        IntegrityModel model = model().toBuilder().countingChange("tokens", thursday, 1.4).build();
        List<Observation> recounted = new ArrayList<>();
        for (Observation o : rows(11)) {
            boolean after = o.metric().equals("tokens") && !o.date().isBefore(thursday);
            recounted.add(after ? new Observation(o.date(), o.segment(), o.metric(), o.value() * 1.4) : o);
        }
        Frame frame = Frame.of(model, recounted);
        Scorer scorer = Scorer.builder().chartLimit(5).build();
        IntegrityReport report = scorer.score(model, frame);
        assertThat(staged(scorer, model, frame)).isEqualTo(report.pairs());
        // and the quota still met the numbers as counted: bunching found what it finds without the change declared
        IntegrityReport undeclared = scorer.score(model(), Frame.of(model(), recounted));
        for (int i = 0; i < report.pairs().size(); i++) {
            assertThat(report.pairs().get(i).finding(ThresholdBunching.NAME))
                    .isEqualTo(undeclared.pairs().get(i).finding(ThresholdBunching.NAME));
        }
        assertThat(report.pairs()).anyMatch(p -> p.finding(ThresholdBunching.NAME).isPresent());
    }

    @Test
    void aCrossSegmentDetectorThatDoesNotRunInStagesIsRefused() {
        PortfolioDetector plain = new PortfolioDetector() {
            @Override
            public String name() {
                return "plain";
            }

            @Override
            public Description description() {
                return Description.of(0.1, false, "test", Variant.EXTREMAL);
            }

            @Override
            public PortfolioResult detect(Portfolio portfolio) {
                return PortfolioResult.skipped("never");
            }
        };
        Scorer scorer = Scorer.builder().portfolioDetectors(List.of(plain)).build();
        assertThatThrownBy(() -> new StagedScorer(scorer)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'plain'");
    }

    @Test
    void aQValueIsBenjaminiHochbergsWhateverTheOrder() {
        double[] p = {0.01, 0.04, 0.03, 0.04, 0.2, 0.0001, 1.0, 0.5};
        double[] expected = dev.goodhart.stats.MultipleTesting.benjaminiHochberg(p);
        StagedScorer.QValues.Builder b = StagedScorer.QValues.builder();
        for (int i = p.length - 1; i >= 0; i--) {
            b.add("d", p[i]);
        }
        StagedScorer.QValues q = b.build();
        for (int i = 0; i < p.length; i++) {
            assertThat(q.of("d", p[i])).isEqualTo(expected[i]);
        }
        assertThat(q.of("d", Double.NaN)).isNaN();
        assertThatThrownBy(() -> q.of("d", 0.3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("was not added");
        // the same q-values handed over from elsewhere (a distributed run), in any order
        StagedScorer.QValues given = StagedScorer.QValues.of(List.of("d", "d", "d"), new double[] {0.04, 0.01, 0.04},
                new double[] {expected[1], expected[0], expected[1]});
        assertThat(given.of("d", 0.04)).isEqualTo(expected[1]);
        assertThatThrownBy(() -> StagedScorer.QValues.of(List.of("d", "d"), new double[] {0.04, 0.04},
                new double[] {0.1, 0.2})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("two q-values");
        assertThatThrownBy(() -> StagedScorer.QValues.of(List.of("d"), new double[] {0.04, 0.01},
                new double[] {0.1, 0.2})).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("one detector and one q-value per p-value");
    }

    /**
     * Where the expected response finds nothing in any segment, the segments it could not read say why in both paths
     * (a fuzzed organisation whose every team's tokens went from near 1e-300 to near 1e305: one machine put the note on
     * the organisation's row only, the stages on every team's as well).
     */
    @Test
    void segmentsTheExpectedResponseCouldNotReadSayWhyWhereItFoundNothing() {
        List<Observation> rows = new ArrayList<>();
        for (Observation o : dev.goodhart.sim.Organisations.daily(dev.goodhart.sim.Scenario.COUPLED_STEADY, 6, 21, 182,
                91)) {
            boolean before = o.date().isBefore(dev.goodhart.sim.Organisations.START.plusDays(91));
            rows.add(o.metric().equals("tokens")
                    ? new Observation(o.date(), o.segment(), o.metric(), o.value() * (before ? 1e-303 : 1e302)) : o);
        }
        IntegrityModel model = dev.goodhart.sim.Organisations.dailyModel(91);
        Scorer scorer = Scorer.builder().build();
        try (Frame frame = Frame.of(model, rows)) {
            IntegrityReport one = scorer.score(model, frame);
            List<PairResult> stages = staged(scorer, model, frame);
            assertThat(stages).hasSameSizeAs(one.pairs());
            int said = 0;
            for (int i = 0; i < stages.size(); i++) {
                PairResult a = one.pairs().get(i);
                assertThat(stages.get(i).notes()).as(a.segment()).isEqualTo(a.notes());
                assertThat(stages.get(i).score()).as(a.segment()).isEqualTo(a.score());
                if (!a.segment().equals("*") && a.notes().stream().anyMatch(n -> n.startsWith(
                        "expected-response skipped: values too far apart to read as a change"))) {
                    said++;
                }
            }
            assertThat(said).as("teams whose note says why").isEqualTo(6);
        }
    }

    /**
     * Small organisations (one to six teams: too few peers to pull any line, so each keeps its own) with noisy use
     * score the same in stages, whose state is serialised between them, as on one machine: the "no shrinkage" marker
     * came back from the stream as a copy that the detector took for a shrinkage, and read the use's own line as pulled
     * (a fuzzed comparison: 254 pairs of 600 organisations differed, nearly all with fewer than eight teams; a team's
     * p 0.76 on one machine and 1.0 in stages).
     */
    @Test
    void smallOrganisationsScoreTheSameInStages() {
        int compared = 0;
        for (int org = 0; org < 20; org++) {
            SmallOrganisation small = smallOrganisation(org);
            Scorer scorer = Scorer.builder().build();
            try (Frame frame = Frame.of(small.model(), small.rows())) {
                IntegrityReport one = scorer.score(small.model(), frame);
                List<PairResult> stages = staged(scorer, small.model(), frame);
                assertThat(stages).hasSameSizeAs(one.pairs());
                for (int i = 0; i < stages.size(); i++) {
                    PairResult a = one.pairs().get(i);
                    PairResult b = stages.get(i);
                    String what = "organisation " + org + ", " + a.segment();
                    assertThat(b.score()).as(what).isEqualTo(a.score());
                    assertThat(b.notes()).as(what).isEqualTo(a.notes());
                    assertThat(b.findings()).as(what).hasSameSizeAs(a.findings());
                    for (int k = 0; k < a.findings().size(); k++) {
                        assertThat(b.findings().get(k).pValue()).as(what + " " + a.findings().get(k).detector())
                                .isEqualTo(a.findings().get(k).pValue());
                        assertThat(b.findings().get(k).message()).isEqualTo(a.findings().get(k).message());
                    }
                    compared++;
                }
            }
        }
        assertThat(compared).isGreaterThan(40);
    }

    /** A small organisation's model and rows ({@link #smallOrganisation}). */
    public record SmallOrganisation(IntegrityModel model, List<Observation> rows) {
    }

    /**
     * Small organisation {@code org} (seeded): one to six teams, daily or weekly, some doubling their use, noisy use
     * with days of none, an outcome that gains nothing; too few teams for any line to be pulled toward its peers'.
     */
    public static SmallOrganisation smallOrganisation(int org) {
        Random r = new Random(500 + org);
        int teams = 1 + r.nextInt(6);
        boolean daily = r.nextBoolean();
        int n = daily ? 120 : 40;
        int split = n / 2 + r.nextInt(n / 4);
        IntegrityModel model = daily ? dev.goodhart.sim.Organisations.dailyModel(split)
                : dev.goodhart.sim.Organisations.model(split);
        List<Observation> rows = new ArrayList<>();
        for (int s = 0; s < teams; s++) {
            double rise = r.nextBoolean() ? 1 + 2 * r.nextDouble() : 1;
            for (int t = 0; t < n; t++) {
                LocalDate d = daily ? dev.goodhart.sim.Organisations.START.plusDays(t)
                        : dev.goodhart.sim.Organisations.START.plusWeeks(t);
                double use = r.nextInt(8) == 0 ? 0 : 100 * Math.exp(0.8 * r.nextGaussian()) * (t >= split ? rise : 1);
                rows.add(new Observation(d, "team-" + s, "tokens", use));
                rows.add(new Observation(d, "team-" + s, "output", 20 * Math.exp(0.5 * r.nextGaussian())));
            }
        }
        return new SmallOrganisation(model, rows);
    }
}
