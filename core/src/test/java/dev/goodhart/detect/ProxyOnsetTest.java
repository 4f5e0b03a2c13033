package dev.goodhart.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Finding;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.model.Metric;
import dev.goodhart.sim.zoo.Zoo;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntToDoubleFunction;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The search for a proxy rise that began before the declared intervention date. */
class ProxyOnsetTest {
    private static final LocalDate START = LocalDate.of(2024, 1, 1);

    /**
     * Weekly tokens around 1000 with AR(1) log noise (stationary sd {@code sd}, coefficient {@code phi}), times {@code
     * level(t)}.
     */
    private static double[] weekly(SplittableRandom rnd, int n, double sd, double phi, IntToDoubleFunction level) {
        double[] v = new double[n];
        double a = sd * Zoo.gaussian(rnd);
        for (int t = 0; t < n; t++) {
            if (t > 0) {
                a = phi * a + sd * Math.sqrt(1 - phi * phi) * Zoo.gaussian(rnd);
            }
            v[t] = 1000 * level.applyAsDouble(t) * Math.exp(a);
        }
        return v;
    }

    private static PairSeries pair(double[] proxy, double[] outcome, int split, Granularity g) {
        return new PairSeries(Link.of("tokens", "cycle_time"), Metric.proxy("tokens", "tokens"),
                Metric.outcome("cycle_time", Direction.LOWER, "hours"), "team", g, START, proxy, outcome, split, 1,
                true);
    }

    private static double[] flat(int n) {
        double[] v = new double[n];
        java.util.Arrays.fill(v, 40);
        return v;
    }

    /** Tokens 60% higher from 3 weeks before the date, weekly noise 10% (AR(1) 0.3): found 42 times in 50 (measured). */
    @Test
    void aProxyThatJumpsThreeWeeksBeforeTheDeclaredDateHasItsOnsetThere() {
        int split = 30;
        int found = 0;
        int exact = 0;
        for (long seed = 1; seed <= 50; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            double[] proxy = weekly(rnd, 45, 0.1, 0.3, t -> t >= split - 3 ? 1.6 : 1);
            ProxyOnset onset = ProxyOnset.find(pair(proxy, flat(45), split, Granularity.WEEK));
            found += onset.early() ? 1 : 0;
            exact += onset.onset() == split - 3 ? 1 : 0;
        }
        assertThat(found).as("early onsets found, of 50").isGreaterThanOrEqualTo(40);
        assertThat(exact).as("at the true onset, of 50").isGreaterThanOrEqualTo(36);
    }

    @Test
    void dailyDataAreSearchedInWeeksAlignedOnTheDeclaredDate() {
        int split = 182;
        SplittableRandom rnd = new SplittableRandom(3);
        double[] proxy = new double[273];
        for (int t = 0; t < proxy.length; t++) {
            proxy[t] = 20_000 * (t >= split - 21 ? 1.7 : 1) * ((t % 7) >= 5 ? 0.3 : 1.15)
                    * Math.exp(0.15 * Zoo.gaussian(rnd));
        }
        PairSeries s = pair(proxy, flat(273), split, Granularity.DAY);
        ProxyOnset onset = ProxyOnset.find(s);
        assertThat(onset.onset()).isEqualTo(split - 21);
        assertThat(onset.pValue()).isLessThan(1e-4);
        PairSeries cut = onset.baseline(s);
        assertThat(cut.split()).isEqualTo(split);
        assertThat(cut.proxy()[split - 22]).isEqualTo(proxy[split - 22]);
        assertThat(cut.proxy()[split - 21]).isNaN();
        assertThat(cut.outcome()[split - 1]).isNaN();
        assertThat(cut.proxy()[split]).isEqualTo(proxy[split]);
        assertThat(onset.clause(s)).isEqualTo(" (its trend until " + START.plusDays(split - 21)
                + ": from then, 3 weeks before that date, it already ran 70% higher, and those weeks are left out)");
    }

    @Test
    void withNoEarlyRiseTheDeclaredDateIsKept() {
        int split = 30;
        int early = 0;
        for (long seed = 1; seed <= 50; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            // the rise is at the declared date, however large: the recent periods are never read
            double[] proxy = weekly(rnd, 45, 0.1, 0.3, t -> t >= split ? 3 : 1);
            PairSeries s = pair(proxy, flat(45), split, Granularity.WEEK);
            ProxyOnset onset = ProxyOnset.find(s);
            early += onset.early() ? 1 : 0;
            if (!onset.early()) {
                assertThat(onset.onset()).isEqualTo(split);
                assertThat(onset.baseline(s)).isSameAs(s);
                assertThat(onset.clause(s)).isEmpty();
            }
        }
        assertThat(early).as("early onsets, of 50").isLessThanOrEqualTo(2);
    }

    @Test
    void aFallBeforeTheDeclaredDateIsNoOnsetAndNeitherIsAPairWithoutIntervention() {
        int split = 30;
        SplittableRandom rnd = new SplittableRandom(8);
        double[] proxy = weekly(rnd, 45, 0.1, 0.3, t -> t >= split - 4 ? 0.5 : 1);
        assertThat(ProxyOnset.find(pair(proxy, flat(45), split, Granularity.WEEK)).early()).isFalse();
        double[] up = weekly(rnd, 45, 0.1, 0.3, t -> t >= split - 4 ? 2 : 1);
        PairSeries none = new PairSeries(Link.of("tokens", "cycle_time"), Metric.proxy("tokens", "tokens"),
                Metric.outcome("cycle_time", Direction.LOWER, "hours"), "team", Granularity.WEEK, START, up, flat(45),
                split, 1, false);
        assertThat(ProxyOnset.find(none).early()).isFalse();
    }

    @Test
    void aShortBaselineIsNotSearched() {
        SplittableRandom rnd = new SplittableRandom(9);
        // 8 weeks before the date: a candidate would leave fewer than 8 blocks for the trend
        double[] proxy = weekly(rnd, 16, 0.1, 0.3, t -> t >= 5 ? 2 : 1);
        ProxyOnset onset = ProxyOnset.find(pair(proxy, flat(16), 8, Granularity.WEEK));
        assertThat(onset.early()).isFalse();
        assertThat(onset.pValue()).isEqualTo(1);
        for (int split = 1; split <= 9; split++) {
            double[] shorter = weekly(rnd, split + 3, 0.1, 0.3, t -> 1);
            assertThat(ProxyOnset.find(pair(shorter, flat(split + 3), split, Granularity.WEEK)).early()).isFalse();
        }
    }

    /**
     * An outcome that moved to a new level three weeks before the declared date (a reorganisation of the team's own),
     * 35% higher or 26% lower (1 / 1.35), weekly noise 5% (AR(1) 0.3): the two-sided search finds it either way, mostly
     * at the true week, and the pair continued from it has the outcome's later values divided by the shift. (Measured
     * over 200
     * such outcomes, a shift two to six weeks before the date: x1.2 found 43-52% of the time, x1.35 86-90%, x1.5
     * 98%; with 10% noise 7-13%, 27-36% and 55-61%. The search is strict, as the proxy's is.)
     */
    @Test
    void anOutcomeThatShiftedLateInTheBaselineIsFoundUpOrDown() {
        int split = 30;
        for (double step : new double[] {1.35, 1 / 1.35}) {
            int found = 0;
            int exact = 0;
            for (long seed = 1; seed <= 50; seed++) {
                SplittableRandom rnd = new SplittableRandom(seed);
                double[] outcome = weekly(rnd, 45, 0.05, 0.3, t -> t >= split - 3 ? step : 1);
                PairSeries s = pair(weekly(rnd, 45, 0.1, 0.3, t -> 1), outcome, split, Granularity.WEEK);
                ProxyOnset.Shift shift = ProxyOnset.outcomeShift(s);
                found += shift.found() ? 1 : 0;
                if (shift.found() && shift.period() == split - 3) {
                    exact++;
                    // the new level is known only as well as its three weeks tell: within four of its standard errors
                    assertThat(shift.logChange()).isCloseTo(Math.log(step),
                            org.assertj.core.data.Offset.offset(4 * shift.se()));
                    PairSeries continued = shift.continued(s);
                    assertThat(continued.outcome()[split - 4]).isEqualTo(outcome[split - 4]);
                    assertThat(continued.outcome()[split + 5])
                            .isCloseTo(outcome[split + 5] / Math.exp(shift.logChange()),
                                    org.assertj.core.data.Offset.offset(1e-9));
                    assertThat(continued.proxy()).containsExactly(s.proxy());
                }
            }
            assertThat(found).as("shifts of x" + step + " found, of 50").isGreaterThanOrEqualTo(40);
            assertThat(exact).as("at the true week, of 50").isGreaterThanOrEqualTo(36);
        }
    }

    /**
     * On outcomes without a late shift (AR(1) noise up to 0.6, a trend of their own, 10 to 60 baseline weeks, some
     * weeks missing), the share given a shift stays within four times the search's nominal {@value ProxyOnset#ALPHA}
     * plus three binomial standard errors over 400 pairs (two-sided, about twice the proxy's rates: measured 2.3% with 12
     * weeks and AR(1) 0.6, 3.7% with 16; see {@link ProxyOnset}); where none is found the pair is the same object, and a
     * pair without an intervention date is not searched.
     */
    @Property(tries = 25, seed = "20261202")
    void falseOutcomeShiftsStayWithinFourTimesTheSearchLevel(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
                                                  @ForAll @IntRange(min = 10, max = 60) int baseline,
                                                  @ForAll @DoubleRange(min = 0, max = 0.6) double phi,
                                                  @ForAll @DoubleRange(min = 0.03, max = 0.4) double sd,
                                                  @ForAll @DoubleRange(min = -0.01, max = 0.01) double trend,
                                                  @ForAll @DoubleRange(min = 0, max = 0.1) double missing) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = baseline + 12;
        int pairs = 400;
        int shifted = 0;
        for (int i = 0; i < pairs; i++) {
            PairSeries s = pair(flat(n), trendingWithGaps(rnd, n, sd, phi, trend, missing), baseline, Granularity.WEEK);
            ProxyOnset.Shift shift = ProxyOnset.outcomeShift(s);
            if (shift != null && shift.found()) {
                shifted++;
            } else if (shift != null) {
                assertThat(shift.continued(s)).isSameAs(s);
            }
        }
        assertThat(shifted / (double) pairs).as("false shifts").isLessThanOrEqualTo(limit(4 * ProxyOnset.ALPHA, pairs));
        double[] up = weekly(rnd, n, 0.05, 0.3, t -> t >= baseline - 3 ? 2 : 1);
        PairSeries none = new PairSeries(Link.of("tokens", "cycle_time"), Metric.proxy("tokens", "tokens"),
                Metric.outcome("cycle_time", Direction.LOWER, "hours"), "team", Granularity.WEEK, START, flat(n), up,
                baseline, 1, false);
        assertThat(ProxyOnset.outcomeShift(none)).isNull();
    }

    /**
     * A lagged outcome (cycle time counted two weeks after the work) whose index-time values moved in the last two
     * baseline weeks moved after the declared date: those weeks are left out, so it is no shift of its own. The same
     * move a week earlier, before the date, is found.
     */
    @Test
    void aLaggedOutcomesWeeksAfterTheDateAreNotSearched() {
        int split = 30;
        Link lagged = new Link("tokens", "cycle_time", 1, 2);
        int afterDate = 0;
        int before = 0;
        for (long seed = 1; seed <= 20; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            double[] late = weekly(rnd, 45, 0.03, 0.3, t -> t >= split - 2 ? 1.5 : 1);
            double[] earlier = weekly(rnd, 45, 0.03, 0.3, t -> t >= split - 5 ? 1.5 : 1);
            afterDate += ProxyOnset.outcomeShift(laggedPair(lagged, late, split)).found() ? 1 : 0;
            before += ProxyOnset.outcomeShift(laggedPair(lagged, earlier, split)).found() ? 1 : 0;
        }
        assertThat(afterDate).as("shifts found in weeks measured after the date, of 20").isEqualTo(0);
        assertThat(before).as("shifts found before it, of 20").isGreaterThanOrEqualTo(18);
    }

    private static PairSeries laggedPair(Link link, double[] outcome, int split) {
        return new PairSeries(link, Metric.proxy("tokens", "tokens"), Metric.outcome("cycle_time", Direction.LOWER,
                "hours"), "team", Granularity.WEEK, START, flat(outcome.length), outcome, split, 1, true);
    }

    /**
     * On proxies with no early rise (AR(1) noise up to 0.6, a trend of their own, 10 to 60 baseline weeks, some weeks
     * missing), the share of pairs given an early onset stays near the nominal {@value ProxyOnset#ALPHA} of the search:
     * within twice it, plus three binomial standard errors over 400 pairs (short, strongly autocorrelated baselines
     * reach 2%; see {@link ProxyOnset}). The seed is fixed so that the build does not depend on the draw.
     */
    @Property(tries = 25, seed = "20261130")
    void falseOnsetsStayNearTheNominalRate(@ForAll @LongRange(min = 1, max = 1_000_000) long seed,
                                           @ForAll @IntRange(min = 10, max = 60) int baseline,
                                           @ForAll @DoubleRange(min = 0, max = 0.6) double phi,
                                           @ForAll @DoubleRange(min = 0.03, max = 0.4) double sd,
                                           @ForAll @DoubleRange(min = -0.01, max = 0.01) double trend,
                                           @ForAll @DoubleRange(min = 0, max = 0.1) double missing) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = baseline + 12;
        int pairs = 400;
        int early = 0;
        for (int i = 0; i < pairs; i++) {
            double[] proxy = trendingWithGaps(rnd, n, sd, phi, trend, missing);
            early += ProxyOnset.find(pair(proxy, flat(n), baseline, Granularity.WEEK)).early() ? 1 : 0;
        }
        assertThat(early / (double) pairs).as("false onsets").isLessThanOrEqualTo(limit(2 * ProxyOnset.ALPHA, pairs));
    }

    /** A weekly series with a trend of its own and each week missing with probability {@code missing}. */
    private static double[] trendingWithGaps(SplittableRandom rnd, int n, double sd, double phi, double trend,
                                             double missing) {
        double[] v = weekly(rnd, n, sd, phi, t -> Math.exp(trend * t));
        for (int t = 0; t < n; t++) {
            if (rnd.nextDouble() < missing) {
                v[t] = Double.NaN;
            }
        }
        return v;
    }

    /** A rate {@code nominal} plus three binomial standard errors over {@code pairs}. */
    private static double limit(double nominal, int pairs) {
        return nominal + 3 * Math.sqrt(nominal * (1 - nominal) / pairs);
    }

    /**
     * Gaming that starts four weeks before the declared date (tokens doubled, cycle time flat, a declared minimum
     * elasticity of 0.3), in a team among twelve peers: with the baseline ending at the onset the expected response finds it and says where the baseline ends.
     */
    @Test
    void theExpectedResponseFindsGamingThatBeganBeforeTheDeclaredDate() {
        int split = 26;
        int n = 42;
        SplittableRandom rnd = new SplittableRandom(11);
        // a doubling should buy at least 19% (declared minimum elasticity 0.3)
        Link link = Link.of("tokens", "cycle_time").withMinimumElasticity(0.3);
        List<PairSeries> org = new ArrayList<>();
        for (int i = 0; i <= 12; i++) {
            double[] proxy = weekly(rnd, n, 0.1, 0.3, i == 0 ? t -> t >= split - 4 ? 2 : 1 : t -> 1);
            org.add(new PairSeries(link, Metric.proxy("tokens", "tokens"),
                    Metric.outcome("cycle_time", Direction.LOWER, "hours"), i == 0 ? "team" : "peer-" + i,
                    Granularity.WEEK, START, proxy, outcome(rnd, n), split, i, true));
        }
        assertThat(ProxyOnset.find(org.get(0)).periodsEarly()).isEqualTo(4);
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "hours").link(link)
                .intervention(START.plusWeeks(split), "token quota").granularity(Granularity.WEEK).build();
        PortfolioResult r = new ExpectedResponse().detect(new Portfolio(model, org.get(0).link(), org, 1));
        Finding f = r.findings().get("team").get(0);
        assertThat(f.pValue()).as(f.message()).isLessThan(0.01);
        assertThat(f.message()).contains("(its trend until " + START.plusWeeks(split - 4) + ": from then, 4 weeks before",
                "those weeks are left out)");
    }

    /** A cycle time around 40 with AR(1) 0.5 noise of 5% a week. */
    private static double[] outcome(SplittableRandom rnd, int n) {
        double[] v = new double[n];
        double a = 0;
        for (int t = 0; t < n; t++) {
            a = 0.5 * a + 0.05 * Math.sqrt(0.75) * Zoo.gaussian(rnd);
            v[t] = 40 * Math.exp(a);
        }
        return v;
    }

    /**
     * An outcome's shift too large for a double is not continued: a factor of +Infinity divided every later value to 0,
     * one of 0 turned zeros into NaN, and a division past the largest double was refused as an overflowed input (a
     * reviewer's probe and PathsAgreeTest); the continuation is null and the segment is read as it is.
     */
    @Test
    void aShiftBeyondTheRangeOfADoubleIsNotContinued() {
        double[] proxy = new double[200];
        double[] outcome = new double[200];
        double[] zeros = new double[200];
        for (int t = 0; t < 200; t++) {
            proxy[t] = 100 + t % 7;
            outcome[t] = 30 + t % 5;
            zeros[t] = t >= 100 ? 0 : 30;
        }
        PairSeries s = Pairs.of(proxy, outcome, 150, Direction.LOWER);
        assertThat(new ProxyOnset.Shift(100, 709.8, 0.1, 0).continued(s)).as("a factor of +Infinity").isNull();
        assertThat(new ProxyOnset.Shift(100, -746, 0.1, 0).continued(Pairs.of(proxy, zeros, 150, Direction.LOWER)))
                .as("a factor of 0").isNull();
        double[] huge = outcome.clone();
        huge[120] = 1e300;
        assertThat(new ProxyOnset.Shift(100, -30, 0.1, 0).continued(Pairs.of(proxy, huge, 150, Direction.LOWER)))
                .as("a value divided past the largest double").isNull();
        PairSeries ordinary = new ProxyOnset.Shift(100, Math.log(2), 0.1, 0).continued(s);
        assertThat(ordinary.outcomeValues()[120]).isEqualTo(outcome[120] / 2);
    }
}
