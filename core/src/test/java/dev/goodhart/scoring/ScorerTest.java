package dev.goodhart.scoring;

import dev.goodhart.Goodhart;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Finding;
import dev.goodhart.model.Frame;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.model.Observation;
import dev.goodhart.model.Variant;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import dev.goodhart.report.Verdict;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.goodhart.sim.Organisations;
import dev.goodhart.sim.Scenario;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

class ScorerTest {
    /**
     * A new detector is one class: the scorer takes its weight, its variants and whether it decides from its own
     * description, with no table to update.
     */
    @Test
    void aNewDetectorIsOneClassTheScorerReadsItsDescription() {
        dev.goodhart.detect.Detector extremes = new dev.goodhart.detect.Detector() {
            @Override
            public String name() {
                return "extremes";
            }

            @Override
            public dev.goodhart.detect.Description description() {
                return dev.goodhart.detect.Description.of(0.9, true, "a test detector", Variant.EXTREMAL);
            }

            @Override
            public dev.goodhart.detect.DetectorResult detect(dev.goodhart.detect.PairSeries pair) {
                double p = pair.segment().startsWith("gamed") ? 1e-9 : 0.5;
                return dev.goodhart.detect.DetectorResult.of(Finding.of("extremes", 1, p, 1, "extremes: p " + p));
            }
        };
        List<Observation> obs = new ArrayList<>(Organisations.of(Scenario.GAMED, 10, 1, 104, 52));
        obs.addAll(Organisations.of(Scenario.COUPLED_STEADY, 10, 2, 104, 52));
        Scorer alone = Scorer.builder().detectors(List.of(extremes)).portfolioDetectors(List.of()).build();
        IntegrityReport r = alone.score(Organisations.model(52), Frame.of(Organisations.model(52), obs));
        PairResult gamed = r.pairs().stream().filter(p -> p.segment().startsWith("gamed")).findFirst().orElseThrow();
        // one finding at full strength with weight 0.9: 90, capped at 59.9 without a second corroborating detector
        assertThat(gamed.score()).isEqualTo(59.9);
        assertThat(gamed.variants()).containsExactly(Variant.EXTREMAL);
        PairResult honest = r.pairs().stream().filter(p -> p.segment().startsWith("coupled")).findFirst().orElseThrow();
        // it is decisive, but the pair has an intervention it does not read (it supports no causal variant): having
        // run, it does not let an honest pair be HEALTHY (INSUFFICIENT_DATA, its note saying why); without an
        // intervention it does
        assertThat(honest.verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
        assertThat(honest.notes().get(0)).startsWith("no detector that reads the intervention could run");
        IntegrityModel noIntervention = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("output", Direction.HIGHER, "units").link("tokens", "output").granularity(Granularity.WEEK)
                .build();
        PairResult plain = alone.score(noIntervention, Frame.of(noIntervention, obs)).pairs().stream()
                .filter(p -> p.segment().startsWith("coupled")).findFirst().orElseThrow();
        assertThat(plain.verdict()).isEqualTo(Verdict.HEALTHY);
        // the builder's weight overrides the description's
        IntegrityReport lighter = Scorer.builder().detectors(List.of(extremes)).portfolioDetectors(List.of())
                .weight("extremes", 0.3).build().score(Organisations.model(52), Frame.of(Organisations.model(52), obs));
        assertThat(lighter.pairs().stream().filter(p -> p.segment().startsWith("gamed")).findFirst().orElseThrow()
                .score()).isEqualTo(30.0);
    }


    @Test
    void scoresEverySegmentAndTheOrganisation() {
        List<Observation> obs = new ArrayList<>();
        Organisations.add(obs, "honest", Scenario.COUPLED_STEADY.generate(1, 104, 52));
        Organisations.add(obs, "gamer", Scenario.GAMED.generate(2, 104, 52));
        IntegrityReport report = Goodhart.score(Organisations.model(52), obs);
        assertThat(report.pairs()).extracting(PairResult::segment).containsExactly("*", "gamer", "honest");
        PairResult gamer = report.segment("gamer").orElseThrow();
        assertThat(gamer.verdict()).isEqualTo(Verdict.GAMED);
        assertThat(gamer.variants()).contains(Variant.REGRESSIONAL, Variant.CAUSAL);
        assertThat(gamer.recentFrom()).isEqualTo(LocalDate.of(2024, 12, 30));
        assertThat(gamer.findings()).allSatisfy(f -> assertThat(f.qValue()).isBetween(f.pValue(), 1.0));
        assertThat(report.segment("honest").orElseThrow().verdict()).isIn(Verdict.HEALTHY, Verdict.WATCH);
        assertThat(report.flagged()).extracting(PairResult::segment).contains("gamer").doesNotContain("honest");
        String text = report.toString();
        assertThat(text).startsWith("Goodhart integrity report: 2 segments, weekly data 2024-01-01 to 2025-12-22")
                .contains("tokens  output   gamer", "GAMED", "Evidence:", "Fisher z");
    }

    @Test
    void withoutAnInterventionTheFirstHalfIsTheBaseline() {
        List<Observation> obs = new ArrayList<>();
        Organisations.add(obs, "a", Scenario.COUPLED_STEADY.generate(1, 40, 20));
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "t").outcome("output", Direction.HIGHER, "u")
                .link("tokens", "output").granularity(Granularity.WEEK).build();
        PairResult r = Goodhart.score(model, obs).segment("a").orElseThrow();
        assertThat(r.recentFrom()).isEqualTo(Organisations.START.plusWeeks(20));
        assertThat(r.verdict()).isNotEqualTo(Verdict.INSUFFICIENT_DATA);
    }

    /**
     * Three weeks each side: below what any detector reads (the expected response reads four weekly blocks each side
     * since 2026-12-06; five each side, this test's data before, are now read).
     */
    @Test
    void tooLittleDataIsSaidPlainly() {
        List<Observation> obs = new ArrayList<>();
        Organisations.add(obs, "a", Scenario.COUPLED_STEADY.generate(1, 6, 3));
        PairResult r = Goodhart.score(Organisations.model(3), obs).segment("a").orElseThrow();
        assertThat(r.verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
        assertThat(r.score()).isZero();
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).contains("coupling-decay skipped: needs at least 8"));

        PairResult outside = Goodhart.score(Organisations.model(500), obs).segment("a").orElseThrow();
        assertThat(outside.verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
        assertThat(outside.notes().get(0)).contains("is outside the data");
    }

    @Test
    void declaredSegmentsWithoutDataAreReported() {
        List<Observation> obs = new ArrayList<>();
        Organisations.add(obs, "a", Scenario.COUPLED_STEADY.generate(1, 40, 20));
        IntegrityModel model = Organisations.model(20).toBuilder().segments("a", "ghost").build();
        PairResult ghost = Goodhart.score(model, obs).segment("ghost").orElseThrow();
        assertThat(ghost.verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
        assertThat(ghost.notes()).containsExactly("no data for tokens in segment ghost");
    }

    @Test
    void lagPairsTheProxyWithALaterOutcome() {
        double[][] s = Scenario.COUPLED_STEADY.generate(3, 80, 40);
        double[] delayed = new double[80];
        for (int t = 0; t < 80; t++) {
            delayed[t] = t >= 2 ? s[1][t - 2] : s[1][0];
        }
        List<Observation> obs = new ArrayList<>();
        Organisations.add(obs, "a", new double[][] {s[0], delayed});
        IntegrityModel lagged = IntegrityModel.builder().proxy("tokens", "t").outcome("output", Direction.HIGHER, "u")
                .link(new Link("tokens", "output", 1, 2)).granularity(Granularity.WEEK).build();
        IntegrityModel unlagged = IntegrityModel.builder().proxy("tokens", "t").outcome("output", Direction.HIGHER, "u")
                .link("tokens", "output").granularity(Granularity.WEEK).build();
        double withLag = baselineR(Goodhart.score(lagged, obs));
        double without = baselineR(Goodhart.score(unlagged, obs));
        assertThat(withLag).isGreaterThan(0.6);
        assertThat(without).isLessThan(withLag - 0.4);
    }

    private static double baselineR(IntegrityReport report) {
        String msg = report.segment("a").orElseThrow().finding("coupling-decay").orElseThrow().detail();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("r = (-?[0-9.]+) before").matcher(msg);
        assertThat(m.find()).as(msg).isTrue();
        return Double.parseDouble(m.group(1));
    }

    @Test
    void unknownMetricAndMismatchedFrameAreRejected() {
        List<Observation> obs = new ArrayList<>();
        Organisations.add(obs, "a", Scenario.COUPLED_STEADY.generate(1, 40, 20));
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "t").outcome("output", Direction.HIGHER, "u")
                .outcome("nps", Direction.HIGHER, "").link("tokens", "output").link("tokens", "nps")
                .granularity(Granularity.WEEK).build();
        assertThatThrownBy(() -> Goodhart.score(model, obs))
                .hasMessageContaining("metric 'nps' of link tokens -> nps has no data; the data has [tokens, output]");
        Frame daily = Frame.of(model.toBuilder().granularity(Granularity.DAY).build(), obs);
        assertThatThrownBy(() -> Goodhart.score(model, daily)).hasMessageContaining("frame is daily but the model is weekly");
        assertThatThrownBy(() -> Scorer.builder().alpha(0)).hasMessageContaining("alpha: must be from 1.0E-10 to 0.1");
        assertThatThrownBy(() -> Scorer.builder().alpha(0.2)).hasMessageContaining("alpha: must be from 1.0E-10 to 0.1, found 0.2");
        assertThatThrownBy(() -> Scorer.builder().alpha(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> Scorer.builder().weight("x", -1)).hasMessageContaining("weight of x");
        // a mistyped detector name changed nothing, without a word
        assertThatThrownBy(() -> Scorer.builder().weight("coupling_decay", 0.1).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("weight of coupling_decay: no such detector; the scorer's detectors are ")
                .hasMessageContaining("coupling-decay");
        assertThat(Scorer.builder().weight("coupling-decay", 0.1).build()).isNotNull();
        assertThatThrownBy(() -> Scorer.builder().detectors(List.of())).hasMessageContaining("at least one detector");
    }

    /**
     * A report, its pairs and a usage log's section survive Java serialization equal (to cache it or send it to another
     * worker: it was the one result type that could not be).
     */
    @Test
    void aReportSerializesAndReadsBackEqual() throws Exception {
        List<Observation> obs = Organisations.of(Scenario.PARTIAL_INFLATION, 6, 5, 104, 52);
        IntegrityReport report = Goodhart.score(Organisations.model(52), obs);
        dev.goodhart.activity.ActivityLog log = dev.goodhart.activity.ActivityLog.create();
        for (int i = 0; i < 200; i++) {
            log.accept(new dev.goodhart.activity.ActivityEvent(java.time.Instant.parse("2025-01-06T09:00:00Z")
                    .plusSeconds(600L * i), "a" + (i % 3), 100 + i, "web", null, null, null));
        }
        IntegrityReport withActivity = report.withActivity(dev.goodhart.activity.ActivityScorer.defaults().score(log));
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.ObjectOutputStream out = new java.io.ObjectOutputStream(bytes)) {
            out.writeObject(withActivity);
        }
        try (java.io.ObjectInputStream in = new java.io.ObjectInputStream(
                new java.io.ByteArrayInputStream(bytes.toByteArray()))) {
            assertThat(in.readObject()).isEqualTo(withActivity);
        }
    }

    @Test
    void scoringIsDeterministicAndThreadSafe() throws Exception {
        List<Observation> obs = Organisations.of(Scenario.PARTIAL_INFLATION, 20, 5, 104, 52);
        IntegrityModel model = Organisations.model(52);
        Frame frame = Frame.of(model, obs);
        IntegrityReport sequential = Goodhart.score(model, frame);
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<IntegrityReport>> futures = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                futures.add(pool.submit(() -> Goodhart.score(model, frame)));
            }
            for (Future<IntegrityReport> f : futures) {
                assertThat(f.get()).isEqualTo(sequential);
            }
        } finally {
            pool.shutdown();
        }
        IntegrityReport otherSeed = Scorer.builder().seed(99).build().score(model, frame);
        assertThat(otherSeed.pairs().get(1).finding("growth-divergence").orElseThrow().pValue())
                .isCloseTo(sequential.pairs().get(1).finding("growth-divergence").orElseThrow().pValue(), within(0.05));
    }

    /** An intervention outside the data is still the examination's intervention; the note says why nothing ran. */
    @Test
    void anInterventionOutsideTheDataIsKeptOnTheExamination() {
        List<Observation> obs = new ArrayList<>();
        Organisations.add(obs, "team", Scenario.COUPLED_STEADY.generate(1, 104, 52));
        dev.goodhart.model.IntegrityModel late = dev.goodhart.model.IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("output", dev.goodhart.model.Direction.HIGHER, "units").link("tokens", "output")
                .intervention(LocalDate.of(2040, 1, 2), "quota").granularity(dev.goodhart.model.Granularity.WEEK)
                .build();
        Examination e = Scorer.defaults().examine(late, Frame.of(late, obs), "team").get(0);
        assertThat(e.intervention()).isNotNull();
        assertThat(e.intervention().date()).isEqualTo(LocalDate.of(2040, 1, 2));
        assertThat(e.notes().get(0)).contains("is outside the data");
        IntegrityReport report = Goodhart.score(late, obs);
        assertThat(report.pairs()).allMatch(p -> p.verdict() == Verdict.INSUFFICIENT_DATA);
        assertThat(dev.goodhart.report.TextReport.summary(report)).anyMatch(l -> l.startsWith("Nothing could be judged"));
    }
}
