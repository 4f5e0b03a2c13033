package dev.goodhart.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.goodhart.Goodhart;
import dev.goodhart.model.Direction;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Observation;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

/**
 * An outcome with many zero weeks (a failure rate of about two changes a weekday at 5%) whose last weeks are all 0:
 * read at the predicted level, the log change of a fall to near zero was a gain of many errors that the level does not
 * show ("99% lower against its trend", z = -3.5 where the level moved by about one error), and it cleared teams whose
 * tokens doubled with nothing gained. A helper's generator had 4 of 31 such failure-rate teams cleared.
 */
class ZeroWeeksOutcomeTest {
    private static final LocalDate START = LocalDate.of(2025, 1, 6);
    private static final int DAYS = 140;
    private static final int SPLIT = 70;

    /** Counts of [steady, doubled with nothing gained, doubled gaining at elasticity 0.3]: flagged, cleared, teams. */
    private static int[][] sparseOrganisations(int organisations) {
        int[][] count = new int[3][3];
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("failure_rate", Direction.LOWER, "share").link("tokens", "failure_rate")
                .intervention(START.plusDays(SPLIT), "quota").granularity(Granularity.DAY).build();
        for (int o = 0; o < organisations; o++) {
            SplittableRandom r = new SplittableRandom(1000 + o);
            List<Observation> obs = new ArrayList<>();
            for (int s = 0; s < 24; s++) {
                int kind = s < 12 ? 0 : s < 18 ? 1 : 2;
                double base = 20_000 * Math.exp(0.3 * gaussian(r));
                for (int t = 0; t < DAYS; t++) {
                    boolean weekend = t % 7 >= 5;
                    double tokens = base * (t >= SPLIT && kind > 0 ? 2 : 1) * (weekend ? 0.3 : 1.15)
                            * Math.exp(0.2 * gaussian(r));
                    double p = 0.05 * (t >= SPLIT && kind == 2 ? Math.pow(2, -0.3) : 1);
                    int changes = poisson(r, weekend ? 0.4 : 2.4);
                    int failed = 0;
                    for (int c = 0; c < changes; c++) {
                        failed += r.nextDouble() < p ? 1 : 0;
                    }
                    obs.add(new Observation(START.plusDays(t), "t" + s, "tokens", tokens));
                    obs.add(new Observation(START.plusDays(t), "t" + s, "failure_rate",
                            changes == 0 ? Double.NaN : failed / (double) changes));
                }
            }
            IntegrityReport report = Goodhart.score(model, obs);
            for (PairResult p : report.pairs()) {
                if (p.segment().equals("*")) {
                    continue;
                }
                int s = Integer.parseInt(p.segment().substring(1));
                int kind = s < 12 ? 0 : s < 18 ? 1 : 2;
                count[kind][0] += p.verdict().flagged() ? 1 : 0;
                count[kind][1] += p.notes().stream().anyMatch(n -> n.startsWith("the outcome gained more")) ? 1 : 0;
                count[kind][2]++;
            }
        }
        return count;
    }

    /**
     * 20 organisations of 24 teams: of 120 doublers with nothing gained, 1 cleared (17 before the level's scale was
     * read for a series with zero weeks), 10 flagged (10 before); of 120 honest doublers gaining at elasticity 0.3, 2
     * cleared (18) and 2 flagged (1); of 240 steady teams none flagged (measured 2026-12-06).
     */
    @Test
    void aFallToZeroOfASparseOutcomeDoesNotClearADoubler() {
        int[][] c = sparseOrganisations(20);
        assertThat(c[1][2]).isEqualTo(120);
        assertThat(c[1][1]).as("doublers with nothing gained, cleared").isLessThanOrEqualTo(3);
        assertThat(c[1][0]).as("doublers with nothing gained, flagged").isGreaterThanOrEqualTo(6);
        assertThat(c[2][0]).as("honest doublers, flagged").isLessThanOrEqualTo(4);
        assertThat(c[0][0]).as("steady teams, flagged").isZero();
    }

    /** Where the level fell, the log change read at this level has the level change's z; where it rose, as before. */
    @Property
    void aLogChangeHasTheLevelsZWhereTheLevelFell(@ForAll @DoubleRange(min = 0.2, max = 5) double predicted,
                                                 @ForAll @DoubleRange(min = 0.0, max = 3) double fraction) {
        double mean = fraction * predicted;
        double at = ExpectedResponse.linearisedAt(mean, predicted);
        if (fraction >= 1) {
            assertThat(at).isEqualTo(predicted);
            return;
        }
        double m = Math.max(mean, 0.01 * predicted);
        // between the two levels, and the z of the change on either scale the same for any level error
        assertThat(at).isBetween(m * (1 - 1e-12), predicted * (1 + 1e-12));
        if (Math.log(predicted / m) >= 1e-9) {
            assertThat(at * Math.log(m / predicted)).isCloseTo(m - predicted, within(1e-9 * predicted));
        }
    }

    /**
     * A use with weeks of 0 (a fifth of them: holidays, a tool unused) keeps the rule that more inflation never weakens
     * the evidence: a reviewer found the p of 12 of 40 such teams rising with more recent use while the proxy's windows
     * were read on the level's scale too (all at p above 0.95); the proxy's rise is read at its predicted level.
     */
    @Test
    void aUseWithWeeksOfZeroKeepsMoreInflationFromWeakeningTheEvidence() {
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "hours").link("tokens", "cycle_time")
                .intervention(START.plusDays(91), "quota").granularity(Granularity.DAY).build();
        int days = 182;
        int split = 91;
        for (long seed = 1; seed <= 40; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            double[] use = new double[days];
            double[] outcome = new double[days];
            double a = 0;
            java.util.Set<Integer> idle = new java.util.HashSet<>();
            for (int w = 0; w < days / 7; w++) {
                if (rnd.nextDouble() < 0.2) {
                    idle.add(w);
                }
            }
            for (int t = 0; t < days; t++) {
                use[t] = idle.contains(t / 7) ? 0 : 20_000 * (t >= split ? 0.5 : 1) * (t % 7 >= 5 ? 0.3 : 1.15)
                        * Math.exp(0.3 * gaussian(rnd));
                a = 0.5 * a + 0.1 * Math.sqrt(0.75) * gaussian(rnd);
                outcome[t] = 40 * (t >= split ? 0.8 : 1) * Math.exp(a);
            }
            double previous = -1;
            for (int step = 0; step <= 10; step++) {
                double[] inflated = use.clone();
                for (int t = split; t < days; t++) {
                    inflated[t] *= 1 + step / 10.0;
                }
                PairSeries pair = new PairSeries(dev.goodhart.model.Link.of("tokens", "cycle_time"),
                        dev.goodhart.model.Metric.proxy("tokens", "tokens"),
                        dev.goodhart.model.Metric.outcome("cycle_time", Direction.LOWER, "hours"), "t0",
                        Granularity.DAY, START, inflated, outcome, split, 3, true);
                PortfolioResult r = new ExpectedResponse().detect(new Portfolio(model, pair.link(), List.of(pair), 1,
                        java.util.Optional.empty()));
                List<dev.goodhart.model.Finding> f = r.findings().get("t0");
                if (f == null || f.isEmpty()) {
                    continue;
                }
                double p = f.get(0).pValue();
                assertThat(p).as("seed " + seed + ", recent use x" + (1 + step / 10.0)).isLessThanOrEqualTo(
                        previous < 0 ? 1 : previous + 1e-12);
                previous = p;
            }
        }
    }

    /** The zoo's Poisson draw (the same uniforms and count as Knuth's product for these means). */
    private static int poisson(SplittableRandom r, double mean) {
        return (int) dev.goodhart.sim.zoo.Zoo.poisson(r, mean);
    }

    private static double gaussian(SplittableRandom r) {
        return dev.goodhart.sim.zoo.Zoo.gaussian(r);
    }
}
