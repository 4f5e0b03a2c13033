package dev.goodhart.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Finding;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.model.Metric;
import dev.goodhart.model.Segments;
import dev.goodhart.sim.Scenario;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PortfolioDetectorsTest {
    private static final int N = 104;
    private static final int SPLIT = 52;

    private static IntegrityModel model(boolean quota, boolean selfReported) {
        IntegrityModel.Builder b = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("output", Direction.HIGHER, "units").link("tokens", "output").granularity(Granularity.WEEK);
        if (quota) {
            b.quota("tokens", 1000);
        }
        if (selfReported) {
            b.selfReported("output");
        }
        return b.build();
    }

    private static PairSeries pair(String segment, double[] proxy, double[] outcome) {
        return new PairSeries(Link.of("tokens", "output"), Metric.proxy("tokens", ""),
                Metric.outcome("output", Direction.HIGHER, ""), segment, Granularity.WEEK, LocalDate.of(2024, 1, 1),
                proxy, outcome, SPLIT, 1, true);
    }

    /** Ratios to the quota: log-normal around 1 with 20% spread; gamers lift the values just below it above it. */
    private static List<PairSeries> quotaPortfolio(long seed, int gamers) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<PairSeries> out = new ArrayList<>();
        for (int s = 0; s < 30; s++) {
            double[] proxy = new double[N];
            double[] outcome = new double[N];
            for (int t = 0; t < N; t++) {
                double ratio = Math.exp(0.2 * gaussian(rnd));
                if (s < gamers && t >= SPLIT && ratio >= 0.75 && ratio < 1.0) {
                    ratio = 1.0 + 0.04 * rnd.nextDouble(); // top up to just above the quota
                }
                proxy[t] = 1000 * ratio;
                outcome[t] = 50 + rnd.nextDouble();
            }
            out.add(pair("team-" + s, proxy, outcome));
        }
        return out;
    }

    @Test
    void bunchingJustAboveTheQuotaIsFoundAndAttributed() {
        PortfolioResult r = new ThresholdBunching().detect(new Portfolio(model(true, false), Link.of("tokens", "output"),
                quotaPortfolio(1, 5), 9));
        Finding org = r.findings().get(Segments.ALL).get(0);
        assertThat(org.pValue()).isLessThan(0.001);
        assertThat(org.effect()).isGreaterThan(0.2); // about 160 of 600 values shifted across the quota: b = 0.27
        assertThat(org.message()).contains("within 10% above the quota", "a smooth distribution fitted around it");
        assertThat(org.detail()).contains("excess mass just above the quota", "bootstrap se");
        for (int s = 0; s < 5; s++) {
            assertThat(r.findings().get("team-" + s).get(0).pValue()).as("gamer " + s).isLessThan(0.001);
        }
        long honestFlagged = r.findings().entrySet().stream()
                .filter(e -> e.getKey().startsWith("team-") && Integer.parseInt(e.getKey().substring(5)) >= 5)
                .filter(e -> e.getValue().get(0).pValue() < 0.01).count();
        assertThat(honestFlagged).isLessThanOrEqualTo(1);
    }

    /**
     * Regression (second zoo): a team whose own use always sat just above its quota was flagged for bunching against
     * peers that sit lower; its own history is the counterfactual. A team that moved there after the quota is not
     * excused by it.
     */
    @Test
    void aTeamThatAlwaysSatJustAboveTheQuotaIsJudgedByItsOwnHistory() {
        SplittableRandom rnd = new SplittableRandom(5);
        List<PairSeries> segments = new ArrayList<>();
        for (int s = 0; s < 30; s++) {
            double[] proxy = new double[N];
            double[] outcome = new double[N];
            for (int t = 0; t < N; t++) {
                double ratio = Math.exp(0.2 * gaussian(rnd)) * 0.8; // the peers sit below the quota
                if (s == 0) {
                    ratio = 1.0 + 0.08 * rnd.nextDouble(); // always there, before and since
                } else if (s == 1 && t >= SPLIT) {
                    ratio = 1.0 + 0.08 * rnd.nextDouble(); // moved there when the quota came
                }
                proxy[t] = 1000 * ratio;
                outcome[t] = 50 + rnd.nextDouble();
            }
            segments.add(pair("team-" + s, proxy, outcome));
        }
        PortfolioResult r = new ThresholdBunching().detect(new Portfolio(model(true, false),
                Link.of("tokens", "output"), segments, 3));
        Finding always = r.findings().get("team-0").get(0);
        Finding moved = r.findings().get("team-1").get(0);
        assertThat(always.pValue()).as(always.detail()).isGreaterThan(0.3);
        assertThat(always.message()).contains("landed within 10% above the quota in 52 of its 52 periods since the "
                + "quota, 52 of the 52 within 50% of it (the other segments: ",
                "and in 52 of its own 52 periods before the quota.");
        assertThat(moved.pValue()).as(moved.detail()).isLessThan(1e-6);
        assertThat(moved.detail()).contains("against its own 52 periods before the quota (", "since, 52 and 0 of 52)");
    }

    @Test
    void smoothDistributionsRarelyLookBunched() {
        int alarms = 0;
        for (int seed = 100; seed < 140; seed++) {
            PortfolioResult r = new ThresholdBunching().detect(new Portfolio(model(true, false),
                    Link.of("tokens", "output"), quotaPortfolio(seed, 0), seed));
            if (r.findings().get(Segments.ALL).get(0).pValue() < 0.05) {
                alarms++;
            }
        }
        assertThat(alarms).as("false alarms in 40 honest organisations at 5%").isLessThanOrEqualTo(5);
    }

    @Test
    void bunchingNeedsAQuota() {
        PortfolioResult r = new ThresholdBunching().detect(new Portfolio(model(false, false), Link.of("tokens", "output"),
                quotaPortfolio(1, 5), 9));
        assertThat(r.ran()).isFalse();
        assertThat(r.skipReason()).contains("no positive quota on tokens");
    }

    @Test
    void tailDivergenceFindsLeadersWhoDoNotImprove() {
        List<PairSeries> segments = new ArrayList<>();
        for (int s = 0; s < 30; s++) {
            Scenario kind = s < 3 ? Scenario.GAMED : Scenario.HEALTHY_GROWTH;
            double[][] g = kind.generate(s + 1, N, SPLIT);
            if (kind == Scenario.GAMED) {
                for (int t = SPLIT; t < N; t++) {
                    g[0][t] *= 2; // the leaders' tokens grew most
                }
            }
            segments.add(pair("team-" + s, g[0], g[1]));
        }
        PortfolioResult r = new TailDivergence().detect(new Portfolio(model(false, false), Link.of("tokens", "output"),
                segments, 1));
        Finding f = r.findings().get(Segments.ALL).get(0);
        assertThat(f.pValue()).isLessThan(0.01);
        assertThat(f.effect()).isPositive();
        assertThat(f.message()).contains("In the 3 segments whose tokens grew most (median: rose 321%), output fell 1% "
                + "(median); in the other 27 it rose 25%.");
    }

    /** Regression: the Mann-Whitney variance overflowed int arithmetic at 10,000 segments (found by the benchmark). */
    @Test
    void tailDivergenceHandlesTenThousandSegments() {
        List<PairSeries> segments = new ArrayList<>();
        java.util.SplittableRandom r = new java.util.SplittableRandom(4);
        for (int s = 0; s < 10_000; s++) {
            double[] proxy = new double[N];
            double[] outcome = new double[N];
            for (int t = 0; t < N; t++) {
                proxy[t] = 1000 * (1 + 0.1 * r.nextDouble());
                outcome[t] = 50 * (1 + 0.1 * r.nextDouble());
            }
            segments.add(pair("team-" + s, proxy, outcome));
        }
        PortfolioResult res = new TailDivergence().detect(new Portfolio(model(false, false), Link.of("tokens", "output"),
                segments, 1));
        Finding f = res.findings().get(Segments.ALL).get(0);
        assertThat(f.statistic()).isFinite();
        assertThat(f.pValue()).isGreaterThan(0.01);
        assertThat(f.message()).contains("In the 1000 segments whose tokens grew most");
    }

    @Test
    void tailDivergenceIsQuietWhenLeadersAlsoLead() {
        List<PairSeries> segments = new ArrayList<>();
        for (int s = 0; s < 20; s++) {
            double[][] g = Scenario.HEALTHY_GROWTH.generate(s + 50, N, SPLIT);
            double boost = 1 + s * 0.05; // more real work, more tokens, better outcome
            for (int t = SPLIT; t < N; t++) {
                g[0][t] *= boost;
                g[1][t] *= Math.pow(boost, 0.6);
            }
            segments.add(pair("team-" + s, g[0], g[1]));
        }
        Finding f = new TailDivergence().detect(new Portfolio(model(false, false), Link.of("tokens", "output"),
                segments, 1)).findings().get(Segments.ALL).get(0);
        assertThat(f.pValue()).isGreaterThan(0.5);
        assertThat(new TailDivergence().detect(new Portfolio(model(false, false), Link.of("tokens", "output"),
                segments.subList(0, 5), 1)).skipReason()).contains("at least 10 segments");
    }

    @Test
    void digitTestChecksSelfReportedMetricsOnly() {
        SplittableRandom rnd = new SplittableRandom(4);
        List<PairSeries> segments = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            double[] proxy = new double[N];
            double[] outcome = new double[N];
            for (int t = 0; t < N; t++) {
                proxy[t] = 1000 + t;
                outcome[t] = s == 0 ? 40 + rnd.nextInt(60) : Math.pow(10, rnd.nextDouble() * 4);
            }
            segments.add(pair("team-" + s, proxy, outcome));
        }
        PortfolioResult r = new DigitTest().detect(new Portfolio(model(false, true), Link.of("tokens", "output"),
                segments, 1));
        assertThat(r.findings().get("team-0").get(0).pValue()).isLessThan(1e-6);
        assertThat(r.findings().get("team-1").get(0).pValue()).isGreaterThan(0.001);
        assertThat(r.findings().get("team-0").get(0).message()).contains("depart from the pattern of naturally occurring numbers (Benford's law)");
        assertThat(new DigitTest().detect(new Portfolio(model(false, false), Link.of("tokens", "output"), segments, 1))
                .skipReason()).contains("self-reported");
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
