package dev.goodhart.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Finding;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.model.Metric;
import dev.goodhart.sim.Scenario;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

class ChangePointAsymmetryTest extends DetectorContract<ChangePointAsymmetry> {
    @Override
    ChangePointAsymmetry detector() {
        return new ChangePointAsymmetry();
    }

    private static final int N = 104;
    private static final int SPLIT = 52;

    static PairSeries pair(String segment, double[] proxy, double[] outcome, boolean intervention) {
        return new PairSeries(Link.of("tokens", "output"), Metric.proxy("tokens", ""),
                Metric.outcome("output", Direction.HIGHER, ""), segment, Granularity.WEEK, LocalDate.of(2024, 1, 1),
                proxy, outcome, SPLIT, 1, intervention);
    }

    private static Finding finding(double[][] s) {
        DetectorResult r = new ChangePointAsymmetry().detect(pair("x", s[0], s[1], true));
        assertThat(r.ran()).as(r.skipReason()).isTrue();
        return r.findings().get(0);
    }

    @Test
    void aJumpInTokensThatOutputDoesNotFollowIsFoundAndDated() {
        Finding f = finding(Scenario.JUMP_AT_QUOTA.generate(11, N, SPLIT));
        assertThat(f.pValue()).isLessThan(0.001);
        assertThat(f.effect()).isGreaterThan(0.2);
        assertThat(f.message()).contains("with no change in output within 2 weeks: 2024-12-30 (75% higher)")
                .contains("from 2024-12-30 output ran 23% lower than the baseline elasticity, at least 0.38 (two standard errors)");
        // the dates the sentence names are the finding's dates, for the report's charts
        assertThat(f.dates()).containsExactly(java.time.LocalDate.parse("2024-12-30"));
        assertThat(f.detail()).contains("CUSUM b = ", "one-sided p");
    }

    /**
     * A team whose rows begin at the date (created after it) has no baseline to read the elasticity and the noise from:
     * skipped, not judged against its own first weeks after the date (a helper's team so was WATCH on "ran 26% lower
     * than before"); with 8 baseline weeks it is read.
     */
    @Test
    void aTeamWithoutABaselineIsNotJudged() {
        double[][] s = Scenario.JUMP_AT_QUOTA.generate(11, N, SPLIT);
        for (int missing : new int[] {SPLIT, SPLIT - 7}) {
            double[] proxy = s[0].clone();
            double[] outcome = s[1].clone();
            java.util.Arrays.fill(proxy, 0, missing, Double.NaN);
            java.util.Arrays.fill(outcome, 0, missing, Double.NaN);
            DetectorResult r = new ChangePointAsymmetry().detect(pair("new", proxy, outcome, true));
            assertThat(r.ran()).isFalse();
            assertThat(r.skipReason()).isEqualTo("needs at least 8 complete periods before 2024-12-30 to read the "
                    + "baseline's elasticity and noise from, found " + (SPLIT - missing));
        }
        double[] proxy = s[0].clone();
        double[] outcome = s[1].clone();
        java.util.Arrays.fill(proxy, 0, SPLIT - 8, Double.NaN);
        java.util.Arrays.fill(outcome, 0, SPLIT - 8, Double.NaN);
        assertThat(new ChangePointAsymmetry().detect(pair("eight", proxy, outcome, true)).ran()).isTrue();
    }

    @Test
    void aJumpThatTheOutcomeFollowsIsNotEvidence() {
        // genuine work steps up 60% at week 52; both series follow it
        SplittableRandom rnd = new SplittableRandom(5);
        double[] proxy = new double[N];
        double[] outcome = new double[N];
        for (int t = 0; t < N; t++) {
            double work = (t >= SPLIT ? 1.6 : 1.0) * Math.exp(0.05 * gaussian(rnd));
            proxy[t] = 1000 * work * Math.exp(0.03 * gaussian(rnd));
            outcome[t] = 50 * Math.pow(work, 0.6) * Math.exp(0.03 * gaussian(rnd));
        }
        Finding f = finding(new double[][] {proxy, outcome});
        assertThat(f.pValue()).isGreaterThan(0.05);
    }

    /** A step the outcome follows is described as followed (the outcome's shifts are searched when the proxy rose). */
    @Test
    void aFollowedJumpIsDescribedAsFollowed() {
        SplittableRandom rnd = new SplittableRandom(5);
        double[][] s = new double[2][N];
        for (int t = 0; t < N; t++) {
            double work = (t >= SPLIT ? 1.6 : 1.0) * Math.exp(0.02 * gaussian(rnd));
            s[0][t] = 1000 * work * Math.exp(0.02 * gaussian(rnd));
            s[1][t] = 50 * Math.pow(work, 0.6) * Math.exp(0.02 * gaussian(rnd));
        }
        assertThat(finding(s).message()).contains("tokens shifted up to a new level once, followed by an improvement "
                + "in output within 2 weeks");
    }

    /**
     * A step the outcome answers by getting worse is not described as followed by a change without saying which way
     * (a reviewer read "followed by a change in cycle_time" as the use having bought something).
     */
    @Test
    void aJumpFollowedByAWorseOutcomeSaysSo() {
        SplittableRandom rnd = new SplittableRandom(5);
        double[][] s = new double[2][N];
        for (int t = 0; t < N; t++) {
            double work = Math.exp(0.02 * gaussian(rnd));
            s[0][t] = 1000 * (t >= SPLIT ? 1.6 : 1.0) * work * Math.exp(0.02 * gaussian(rnd));
            s[1][t] = 50 * (t >= SPLIT ? 0.7 : 1.0) * work * Math.exp(0.02 * gaussian(rnd));
        }
        assertThat(finding(s).message()).contains("tokens shifted up to a new level once, followed by a change for the "
                + "worse in output within 2 weeks");
    }

    /**
     * The way a matched shift went is the outcome's level across the proxy's stretches, not any change near it: an
     * outcome up for three weeks at the shift and then a third below where it was is a change for the worse.
     */
    @Test
    void aBriefRiseThatFallsBelowIsAChangeForTheWorse() {
        SplittableRandom rnd = new SplittableRandom(5);
        double[][] s = new double[2][N];
        for (int t = 0; t < N; t++) {
            s[0][t] = 1000 * (t >= SPLIT ? 1.6 : 1.0) * Math.exp(0.02 * gaussian(rnd));
            double level = t < SPLIT ? 1 : t < SPLIT + 3 ? 1.2 : 0.7;
            s[1][t] = 50 * level * Math.exp(0.02 * gaussian(rnd));
        }
        assertThat(finding(s).message()).contains("tokens shifted up to a new level once, followed by a change for the "
                + "worse in output within 2 weeks");
    }

    /**
     * A proxy that only falls never shifted up, whatever the outcome does (its shifts are then not searched: only the
     * proxy's upward shifts are compared with them).
     */
    @Test
    void aProxyThatOnlyFallsNeverShiftedUp() {
        SplittableRandom rnd = new SplittableRandom(6);
        double[][] s = new double[2][N];
        for (int t = 0; t < N; t++) {
            s[0][t] = 1000 * (t >= SPLIT ? 0.5 : 1.0) * Math.exp(0.02 * gaussian(rnd));
            s[1][t] = 50 * (t >= 30 ? 1.4 : 1.0) * Math.exp(0.02 * gaussian(rnd));
        }
        Finding f = finding(s);
        assertThat(f.message()).startsWith("tokens never shifted up to a new level");
        assertThat(f.pValue()).isGreaterThan(0.05);
    }

    /**
     * Daily use that drops to a third at weekends: the weekly rhythm is not a regime change (searched day by day as it
     * was, PELT named about one Monday in two as a "shift up"); the quota's doubling is the one shift named, in its
     * week (26 weeks: searched in weekly means) or on its date (10 weeks: day by day less the day-of-week profile).
     */
    @Test
    void aWeeklyRhythmIsNotTakenForRegimeChanges() {
        assertOneShiftAtTheQuota(182, 91, "within 1 week: the week of 2024-04-01", "on weekly means");
        assertOneShiftAtTheQuota(70, 35, "within 2 days: 2024-02-05", "less their day-of-week profile");
    }

    private static void assertOneShiftAtTheQuota(int days, int split, String named, String searched) {
        for (boolean doubled : new boolean[] {true, false}) {
            SplittableRandom rnd = new SplittableRandom(3);
            double[] proxy = new double[days];
            double[] outcome = new double[days];
            for (int t = 0; t < days; t++) {
                double week = t % 7 >= 5 ? 0.35 : 1; // 2024-01-01 is a Monday
                proxy[t] = 1000 * week * (doubled && t >= split ? 2 : 1) * Math.exp(0.03 * gaussian(rnd));
                outcome[t] = 50 * Math.pow(week, 0.6) * Math.exp(0.03 * gaussian(rnd));
            }
            PairSeries pair = dailyPair(proxy, outcome, split);
            Finding f = new ChangePointAsymmetry().detect(pair).findings().get(0);
            if (doubled) {
                assertThat(f.message()).containsPattern("^tokens shifted up to a new level once with no change in "
                        + "output " + java.util.regex.Pattern.quote(named) + " \\(\\d+% higher\\)");
                assertThat(f.pValue()).isLessThan(0.001);
            } else {
                assertThat(f.message()).startsWith("tokens never shifted up to a new level");
            }
            assertThat(f.detail()).contains(searched);
        }
    }

    /**
     * Shifts are matched by calendar distance, not by position among the weeks searched: the proxy doubles at the
     * quota, the outcome only four weeks later, and the proxy is missing for the three weeks between (those weeks are
     * left out of the search). Counted by position, the outcome's change was "within 1 week" in 184 of 200 seeds.
     */
    @Test
    void shiftsAreMatchedByCalendarDistanceNotByPositionAmongTheWeeks() {
        int days = 182;
        int split = 91;
        int named = 0;
        for (long seed = 0; seed < 20; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            double[] proxy = new double[days];
            double[] outcome = new double[days];
            for (int t = 0; t < days; t++) {
                proxy[t] = t >= split + 7 && t < split + 28 ? Double.NaN
                        : 1000 * (t >= split ? 2 : 1) * Math.exp(0.05 * gaussian(rnd));
                outcome[t] = 50 * (t >= split + 28 ? 2 : 1) * Math.exp(0.05 * gaussian(rnd));
            }
            PairSeries pair = dailyPair(proxy, outcome, split);
            Finding f = new ChangePointAsymmetry().detect(pair).findings().get(0);
            // the quota's week is among the shifts named as unmatched (one seed also names a 3% shift in the baseline)
            named += f.message().matches("tokens shifted up .* with no change in output within 1 week: "
                    + "(.*, )?the week of 2024-04-01 \\(\\d+% higher\\).*") ? 1 : 0;
        }
        assertThat(named).isEqualTo(20);
    }

    /**
     * A week's mean does not move with which of its days are present: the proxy's weekend rows stop arriving half-way
     * through the recent window (its weekends run at 0.3 of its weekdays) and nothing else changes. Plain weekly means
     * named a 43% rise in 95 of 100 seeds.
     */
    @Test
    void weekendRowsThatStopArrivingAreNotAShift() {
        int days = 182;
        int split = 91;
        int shifts = 0;
        for (long seed = 0; seed < 20; seed++) {
            SplittableRandom rnd = new SplittableRandom(seed);
            double[] proxy = new double[days];
            double[] outcome = new double[days];
            for (int t = 0; t < days; t++) {
                boolean weekend = t % 7 >= 5; // 2024-01-01 is a Monday
                proxy[t] = weekend && t >= 126 ? Double.NaN
                        : 1000 * (weekend ? 0.3 : 1) * Math.exp(0.05 * gaussian(rnd));
                outcome[t] = 50 * Math.exp(0.05 * gaussian(rnd));
            }
            PairSeries pair = dailyPair(proxy, outcome, split);
            Finding f = new ChangePointAsymmetry().detect(pair).findings().get(0);
            assertThat(f.detail()).contains("on weekly means");
            shifts += f.message().startsWith("tokens never shifted up") ? 0 : 1;
        }
        assertThat(shifts).isLessThanOrEqualTo(1);
    }

    /**
     * A daily rhythm whose weekly means are exactly constant (every week the same seven values) has no weekly noise to
     * scale by: the search falls back to the days less their profile instead of dividing by zero.
     */
    @Test
    void weeklyMeansThatDoNotVaryAreSearchedDayByDay() {
        int days = 182;
        double[] proxy = new double[days];
        double[] outcome = new double[days];
        for (int t = 0; t < days; t++) {
            proxy[t] = 1000 * (1 + 0.1 * (t % 7));
            outcome[t] = 50 * (1 + 0.05 * ((t + 3) % 7));
        }
        PairSeries pair = dailyPair(proxy, outcome, 91);
        DetectorResult r = new ChangePointAsymmetry().detect(pair);
        assertThat(r.findings()).hasSize(1);
        assertThat(r.findings().get(0).detail()).contains("less their day-of-week profile");
        assertThat(r.findings().get(0).message()).startsWith("tokens never shifted up to a new level");
    }

    @Test
    void steadyCoupledSeriesRarelyAlarm() {
        int alarms = 0;
        for (int seed = 0; seed < 200; seed++) {
            if (finding(Scenario.COUPLED_STEADY.generate(1000 + seed, N, SPLIT)).pValue() < 0.05) {
                alarms++;
            }
        }
        assertThat(alarms).as("false alarms of 200 at 5%").isLessThanOrEqualTo(14);
    }

    @Test
    void skipsWhatItCannotTest() {
        double[] flat = new double[N];
        java.util.Arrays.fill(flat, 10);
        double[] ok = Scenario.COUPLED_STEADY.generate(3, N, SPLIT)[0];
        assertThat(new ChangePointAsymmetry().detect(pair("x", flat, ok, true)).skipReason()).contains("does not vary");
        double[] negative = ok.clone();
        negative[7] = -1;
        assertThat(new ChangePointAsymmetry().detect(pair("x", negative, ok, true)).skipReason()).contains("0 or more");
        double[] sparse = new double[N];
        java.util.Arrays.fill(sparse, Double.NaN);
        for (int t = 0; t < 20; t++) {
            sparse[t * 5] = 1 + t;
        }
        assertThat(new ChangePointAsymmetry().detect(pair("x", sparse, ok, true)).skipReason())
                .isEqualTo("needs at least 24 complete periods, found 20");
    }

    @Test
    void differenceInDifferencesComparesTreatedWithUntreatedSegments() {
        List<PairSeries> segments = new ArrayList<>();
        for (int s = 0; s < 12; s++) {
            boolean treated = s < 4;
            Scenario scenario = s < 2 ? Scenario.GAMED : Scenario.COUPLED_STEADY;
            double[][] d = scenario.generate(500 + s, N, SPLIT);
            segments.add(pair("team-" + s, d[0], d[1], treated));
        }
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "").outcome("output", Direction.HIGHER, "")
                .link("tokens", "output").build();
        PortfolioResult r = new DifferenceInDifferences().detect(new Portfolio(model, Link.of("tokens", "output"),
                segments, 1));
        assertThat(r.ran()).as(r.skipReason()).isTrue();
        assertThat(r.findings()).containsOnlyKeys("team-0", "team-1", "team-2", "team-3");
        assertThat(r.findings().get("team-0").get(0).pValue()).isLessThan(0.01);
        assertThat(r.findings().get("team-1").get(0).pValue()).isLessThan(0.01);
        assertThat(r.findings().get("team-2").get(0).pValue()).isGreaterThan(0.05);
        assertThat(r.findings().get("team-0").get(0).message()).contains("against 8 segments without the intervention", "tokens ran 108% higher than theirs",
                "output 2% higher than theirs", "the pooled elasticity 0.52 expects 46% higher");

        PortfolioResult noControls = new DifferenceInDifferences().detect(new Portfolio(model,
                Link.of("tokens", "output"), segments.subList(0, 5), 1));
        assertThat(noControls.skipReason()).isEqualTo("needs at least 3 segments without the intervention as controls, found 1");
    }

    /** A daily pair of tokens and output from 2024-01-01 (a Monday), split at an intervention. */
    private static PairSeries dailyPair(double[] proxy, double[] outcome, int split) {
        return new PairSeries(Link.of("tokens", "output"), Metric.proxy("tokens", ""),
                Metric.outcome("output", Direction.HIGHER, ""), "x", Granularity.DAY, LocalDate.of(2024, 1, 1),
                proxy, outcome, split, 1, true);
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /**
     * The shortcut for "does this series have a positive noise scale" gives the scale's own answer: on series whose
     * differences are all equal, mostly equal (a zero median absolute deviation), tiny (down to 1e-300), mixed with
     * ties, or ordinary.
     */
    @Property(tries = 1000)
    void theNoiseShortcutAgreesWithTheNoiseScale(@ForAll @IntRange(min = 2, max = 60) int n,
                                                 @ForAll @IntRange(min = 0, max = 5) int kind,
                                                 @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[n];
        double scale = Math.pow(10, -300 + 600 * random.nextDouble());
        for (int i = 0; i < n; i++) {
            v[i] = switch (kind) {
                case 0 -> 3.5; // constant
                case 1 -> 1 + 0.25 * i; // differences all equal
                case 2 -> i % 7 == 0 ? scale * random.nextGaussian() : 0; // mostly equal differences
                case 3 -> 1 + scale * 1e-10 * random.nextGaussian(); // rounding-level wobble
                case 4 -> Math.floor(4 * random.nextDouble()); // ties
                default -> scale * random.nextGaussian();
            };
        }
        assertThat(ChangePointAsymmetry.hasNoise(v)).isEqualTo(ChangePointAsymmetry.noise(v) > 0);
    }

    /**
     * Pins the whole finding on two daily pairs (a weekday rhythm, an honest shift both series follow, a quota and a
     * later rise the outcome does not follow) and two weekly ones: the regime changes named, their dates and sizes, the
     * detail line, the statistic and the p-value. The values equal those of the code before the session's speed-ups
     * (2026-12-01: every word, and the numbers within 1e-13; since 2026-12-02 the daily pairs' shifts are searched in
     * weekly means, which named the same three shifts in their weeks, the statistic and p-value unchanged; since
     * 2026-12-04 the baseline elasticity is taken at its lower bound at two standard errors, which re-pinned the
     * sentences' elasticities and shortfalls and the statistics: 0.61, 0.59, 1.00 and 0.00 became 0.52, 0.51, 0.19 and
     * 0.00, the third pair's CUSUM 4.83 became 0.28: that pair games (a quota the output does not follow, true
     * elasticity 0.6) and is no longer found by this detector, a true positive lost to the bound; a slope not shown above
     * 0 is now said so), so a change to which scale searches which series, or to
     * the medians, shows here: giving either weekly series the other's noise scale changes all eight weekly pairs
     * tried (a review had swapped them and no other test saw it).
     */
    @Test
    void theFindingOnPinnedPairsIsUnchanged() {
        assertPinned(true, 1, "tokens shifted up to a new level 3 times with no change in output within 1 week: the week of 2024-04-01 (29% higher), the week of 2024-07-01 (80% higher), the week of 2024-09-30 (11% higher); from 2024-07-06 output ran 28% lower than the baseline elasticity, at least 0.52 (two standard errors), predicts.",
                "shifts found by PELT on weekly means; shortfall 0.331 log points; CUSUM b = 5.55 on the shortfall, 5.22 on tokens; one-sided p < 0.0001", 5.551175307753439, 1.9925848202272785E-24);
        assertPinned(true, 2, "tokens shifted up to a new level 3 times with no change in output within 1 week: the week of 2024-04-01 (31% higher), the week of 2024-07-01 (81% higher), the week of 2024-09-30 (11% higher); from 2024-07-14 output ran 28% lower than the baseline elasticity, at least 0.51 (two standard errors), predicts.",
                "shifts found by PELT on weekly means; shortfall 0.323 log points; CUSUM b = 5.61 on the shortfall, 5.08 on tokens; one-sided p < 0.0001", 5.608989207438768, 3.907239406944053E-23);
        assertPinned(false, 1, "tokens shifted up to a new level 3 times with no change in output within 2 weeks: 2024-07-01 (28% higher), 2024-12-30 (82% higher), 2025-06-30 (11% higher); from 2025-07-28 output ran 5% lower than the baseline elasticity, at least 0.19 (two standard errors), predicts.",
                "shifts found by PELT; shortfall 0.056 log points; CUSUM b = 0.28 on the shortfall, 3.53 on tokens; one-sided p = 0.86", 0.27932179309236543, 0.8555238323866055);
        assertPinned(false, 2, "tokens shifted up to a new level 4 times with no change in output within 2 weeks: 2024-06-03 (7% higher), 2024-07-01 (22% higher), 2024-12-30 (80% higher) and 1 more; from 2025-09-29 output ran 9% lower than before (the baseline elasticity is not shown above 0, two standard errors).",
                "shifts found by PELT; shortfall 0.095 log points; CUSUM b = 0.31 on the shortfall, 2.25 on tokens; one-sided p = 0.83", 0.306827295307988, 0.8283777752942652);
    }

    private static void assertPinned(boolean daily, long seed, String message, String detail, double statistic,
                                     double pValue) {
        Finding f = pinned(daily, seed);
        assertThat(f.message()).isEqualTo(message);
        assertThat(f.detail()).isEqualTo(detail);
        assertThat(f.statistic()).isCloseTo(statistic, org.assertj.core.api.Assertions.within(Math.abs(statistic) * 1e-12));
        assertThat(f.pValue()).isCloseTo(pValue, org.assertj.core.api.Assertions.within(pValue * 1e-9));
    }

    private static Finding pinned(boolean daily, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        int n = daily ? 364 : 104;
        int split = n / 2;
        double[] proxy = new double[n];
        double[] outcome = new double[n];
        for (int t = 0; t < n; t++) {
            double week = daily && t % 7 >= 5 ? 0.35 : 1;
            double level = t >= n / 4 ? 1.3 : 1; // an honest shift both follow
            double quota = t >= split ? 1.8 : 1; // gaming the outcome does not follow
            double later = t >= 3 * n / 4 ? 1.12 : 1; // a later, smaller rise of the proxy alone
            proxy[t] = 1000 * week * level * quota * later * Math.exp(0.05 * gaussian(rnd));
            outcome[t] = 50 * Math.pow(week * level, 0.6) * Math.exp(0.25 * gaussian(rnd));
        }
        PairSeries pair = new PairSeries(Link.of("tokens", "output"), Metric.proxy("tokens", ""),
                Metric.outcome("output", Direction.HIGHER, ""), "x", daily ? Granularity.DAY : Granularity.WEEK,
                LocalDate.of(2024, 1, 1), proxy, outcome, split, 1, true);
        return new ChangePointAsymmetry().detect(pair).findings().get(0);
    }
}
