package dev.goodhart;

import dev.goodhart.model.Finding;
import dev.goodhart.model.Observation;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.goodhart.sim.Organisations;
import dev.goodhart.sim.Scenario;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import net.jqwik.api.constraints.Scale;

/** Properties of scoring that must hold for any data. */
class PropertiesTest {
    private static final int N = 60;
    private static final int SPLIT = 30;

    private static IntegrityReport score(double[] proxy, double[] outcome) {
        List<Observation> obs = new ArrayList<>();
        Organisations.add(obs, "team", new double[][] {proxy, outcome});
        return Goodhart.score(Organisations.model(SPLIT), obs);
    }

    @Property(tries = 100)
    void multiplyingTheProxyByAPositiveConstantLeavesTheScoreUnchanged(
            @ForAll("scenarios") Scenario scenario, @ForAll @LongRange(min = 1, max = 1_000_000) long seed,
            @ForAll @DoubleRange(min = 1e-3, max = 1e4) @Scale(6) double factor) {
        double[][] s = scenario.generate(seed, N, SPLIT);
        double[] scaled = s[0].clone();
        for (int i = 0; i < scaled.length; i++) {
            scaled[i] *= factor;
        }
        IntegrityReport a = score(s[0], s[1]);
        IntegrityReport b = score(scaled, s[1]);
        for (int i = 0; i < a.pairs().size(); i++) {
            assertThat(b.pairs().get(i).score()).isCloseTo(a.pairs().get(i).score(), within(0.1 + 1e-9));
            assertThat(b.pairs().get(i).verdict()).isEqualTo(a.pairs().get(i).verdict());
        }
    }

    /**
     * Use near the largest double: an organisation whose summed daily tokens come near 1e307 (its cycle time near 1e306) reads as the same data in
     * its usual unit (a power of two apart, an exact change of unit). The organisation's expected response went
     * missing there without a word (its running sums overflowed), and the bar's composition fell back to the total.
     */
    @org.junit.jupiter.api.Test
    void anOrganisationsUseNearTheLargestDoubleReadsAsInItsUsualUnit() {
        List<Observation> rows = new ArrayList<>();
        rows.addAll(Organisations.daily(Scenario.GAMED, 4, 11, 182, 91));
        rows.addAll(Organisations.daily(Scenario.COUPLED_STEADY, 4, 21, 182, 91));
        rows.addAll(Organisations.daily(Scenario.HEALTHY_GROWTH, 4, 31, 182, 91));
        for (int proxyPower : new int[] {1005, -1000, 0}) {
            for (int outcomePower : new int[] {0, 1012}) {
                if (proxyPower == 0 && outcomePower == 0) {
                    continue;
                }
                List<Observation> scaled = new ArrayList<>();
                for (Observation o : rows) {
                    scaled.add(new Observation(o.date(), o.segment(), o.metric(),
                            Math.scalb(o.value(), o.metric().equals("tokens") ? proxyPower : outcomePower)));
                }
                IntegrityReport a = Goodhart.score(Organisations.dailyModel(91), rows);
                IntegrityReport b = Goodhart.score(Organisations.dailyModel(91), scaled);
                assertThat(b.pairs()).hasSameSizeAs(a.pairs());
                for (int i = 0; i < a.pairs().size(); i++) {
                    PairResult pa = a.pairs().get(i);
                    PairResult pb = b.pairs().get(i);
                    String what = "tokens x 2^" + proxyPower + ", output x 2^" + outcomePower + ", " + pa.segment();
                    assertThat(pb.findings()).as(what).hasSameSizeAs(pa.findings());
                    for (int f = 0; f < pa.findings().size(); f++) {
                        Finding fa = pa.findings().get(f);
                        Finding fb = pb.findings().get(f);
                        assertThat(fb.detector()).as(what).isEqualTo(fa.detector());
                        assertThat(fb.pValue()).as(what + ": " + fa.message())
                                .isCloseTo(fa.pValue(), within(1e-9 + 1e-6 * fa.pValue()));
                        assertThat(fb.message()).as(what).isEqualTo(fa.message());
                    }
                    assertThat(pb.score()).as(what).isEqualTo(pa.score());
                    assertThat(pb.notes()).as(what).isEqualTo(pa.notes());
                }
                assertThat(b.segment("*").orElseThrow().findings()).as("the organisation's expected response")
                        .anyMatch(f -> f.detector().equals("expected-response"));
            }
        }
    }

    /**
     * A negative value stops the expected response for that segment whatever the magnitudes beside it (a tiny negative
     * outcome beside values near 1e305, where the sums are read in a power of two): the note names the value as given.
     */
    @org.junit.jupiter.api.Test
    void aTinyNegativeValueBesideHugeOnesIsStillNamed() {
        List<Observation> rows = new ArrayList<>(Organisations.daily(Scenario.COUPLED_STEADY, 6, 21, 182, 91));
        List<Observation> odd = new ArrayList<>();
        for (Observation o : rows) {
            if (o.segment().equals("coupled_steady-0") && o.metric().equals("output")) {
                long day = java.time.temporal.ChronoUnit.DAYS.between(Organisations.START, o.date());
                double v = day == 10 ? -1e-20 : day < 91 ? 1e-10 : 1e305;
                odd.add(new Observation(o.date(), o.segment(), o.metric(), v));
            } else {
                odd.add(o);
            }
        }
        PairResult p = Goodhart.score(Organisations.dailyModel(91), odd).segment("coupled_steady-0").orElseThrow();
        assertThat(p.findings()).noneMatch(f -> f.detector().equals("expected-response"));
        assertThat(p.notes()).anyMatch(n -> n.startsWith("expected-response skipped: negative values (output = -1.0E-20)"));
    }

    @Property(tries = 300)
    void moreInjectedInflationNeverLowersTheScore(
            @ForAll("scenarios") Scenario scenario, @ForAll @LongRange(min = 1, max = 1_000_000) long seed,
            @ForAll @DoubleRange(min = 0, max = 3) double inflation, @ForAll @DoubleRange(min = 0, max = 3) double more) {
        double[][] s = scenario.generate(seed, N, SPLIT);
        IntegrityReport less = score(inflate(s[0], inflation), s[1]);
        IntegrityReport most = score(inflate(s[0], inflation + more), s[1]);
        for (int i = 0; i < less.pairs().size(); i++) {
            assertThat(most.pairs().get(i).score()).isGreaterThanOrEqualTo(less.pairs().get(i).score());
            assertThat(most.pairs().get(i).verdict()).isGreaterThanOrEqualTo(less.pairs().get(i).verdict());
        }
    }

    /**
     * The case jqwik found (2026-11-30): a pair WATCH 25.3 at 29% inflation was cleared (HEALTHY 0) at 31%, because the
     * expected response's clearing read the deciding window's z, which jumped when the other window came to decide.
     */
    @net.jqwik.api.Example
    void clearingIsNotWonByMoreInflation() {
        scoresNeverFall(Scenario.UNRELATED_TRENDS, 289, 0.21, 0.25, 0.29, 0.31, 0.36, 0.6);
    }

    /**
     * The case jqwik found (2026-12-04): GAMED 83.9 at 47% inflation, 83.6 at 48%. The expected response's rise test
     * took the other trend the baseline supports (a break) only where its z was below the straight line's, and that
     * trend's p, at its fewer degrees of freedom, was the larger: at 48% its z fell below the line's and the p rose.
     */
    @net.jqwik.api.Example
    void anotherTrendsRiseCountsWhicheverZIsLower() {
        scoresNeverFall(Scenario.AUTOCORRELATED_OUTCOME, 3831, 0.45, 0.46, 0.47, 0.48, 0.49, 0.5);
    }

    /** The scenario's pair of {@code seed} scores no lower at each larger inflation (given in increasing order). */
    private static void scoresNeverFall(Scenario scenario, long seed, double... inflations) {
        double[][] s = scenario.generate(seed, N, SPLIT);
        double previous = -1;
        for (double inflation : inflations) {
            double score = score(inflate(s[0], inflation), s[1]).pairs().get(0).score();
            assertThat(score).as("inflation %s", inflation).isGreaterThanOrEqualTo(previous);
            previous = score;
        }
    }

    /** Inflation: every recent-window proxy value multiplied by 1 + k (tokens burned on top of the real work). */
    private static double[] inflate(double[] proxy, double k) {
        double[] out = proxy.clone();
        for (int t = SPLIT; t < out.length; t++) {
            out[t] *= 1 + k;
        }
        return out;
    }

    @Property(tries = 200)
    void arbitraryFiniteInputGivesABoundedScoreOrADocumentedException(
            @ForAll("series") double[] proxy, @ForAll("series") double[] outcome,
            @ForAll @IntRange(min = 0, max = 70) int interventionWeek) {
        int n = Math.min(proxy.length, outcome.length);
        List<Observation> obs = new ArrayList<>();
        for (int t = 0; t < n; t++) {
            LocalDate d = Organisations.START.plusWeeks(t);
            obs.add(new Observation(d, "team", "tokens", proxy[t]));
            obs.add(new Observation(d, "team", "output", outcome[t]));
        }
        IntegrityReport r;
        try {
            r = Goodhart.score(Organisations.model(interventionWeek), obs);
        } catch (IllegalArgumentException documented) {
            // only for data with no value at all for a linked metric, or a refused row: a negative count, an overflow
            assertThat(documented.getMessage()).containsAnyOf("has no data", "no observation", "declared non-negative",
                    "overflow");
            return;
        }
        for (PairResult p : r.pairs()) {
            assertThat(p.score()).isBetween(0.0, 100.0).isNotNaN();
            for (Finding f : p.findings()) {
                assertThat(f.pValue()).isBetween(0.0, 1.0);
                assertThat(f.qValue()).isBetween(0.0, 1.0);
            }
        }
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        return Arbitraries.of(Scenario.class);
    }

    @Provide
    Arbitrary<double[]> series() {
        Arbitrary<Double> value = Arbitraries.oneOf(
                Arbitraries.doubles().between(-1e6, 1e6),
                Arbitraries.doubles().between(0, 100),
                Arbitraries.of(0.0, 1.0, Double.NaN, 1e300, -1e300, Double.MIN_VALUE));
        return value.array(double[].class).ofMinSize(0).ofMaxSize(70);
    }
}
