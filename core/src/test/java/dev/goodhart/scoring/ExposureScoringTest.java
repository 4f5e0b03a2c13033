package dev.goodhart.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.goodhart.detect.ExpectedResponse;
import dev.goodhart.model.Direction;
import dev.goodhart.model.Finding;
import dev.goodhart.model.Frame;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.model.Observation;
import dev.goodhart.model.Segments;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Scoring a proxy declared per an exposure (tokens per head): a team that hires is not read as inflating its use, a
 * team that doubles its use per head still is, and the result is the one the per-head series would give as data.
 */
class ExposureScoringTest {
    private static final LocalDate START = LocalDate.of(2025, 1, 6);
    private static final int PRE = 91;
    private static final int DAYS = 182;

    private static IntegrityModel.Builder base() {
        return IntegrityModel.builder().proxy("tokens", "tokens").outcome("cycle_time", Direction.LOWER, "days")
                .exposure("headcount", "people").link(Link.of("tokens", "cycle_time"))
                .intervention(START.plusDays(PRE), "token quota");
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /**
     * One organisation of 24 teams, daily: 8 where nothing happens, 8 that grow by half 1-4 weeks after the quota
     * (use per head and cycle time as before), 8 that double their use per head over three weeks with nothing gained.
     * Tokens per head with a weekday rhythm and AR(1) noise; cycle time with AR(1) 0.5 noise of 5%. The head count is
     * given on the first of each month and on the day a team grows ({@code perHead}: tokens per head instead, no head
     * count: the same teams as data).
     */
    private static List<Observation> organisation(long seed, boolean perHead) {
        List<Observation> out = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String kind = i < 8 ? "steady" : i < 16 ? "hiring" : "gaming";
            String team = kind + "-" + i;
            SplittableRandom r = new SplittableRandom(seed * 1000 + i);
            double perHeadUse = 2000 * Math.exp(0.5 * gaussian(r));
            double heads0 = 5 + r.nextInt(20);
            int grows = PRE + 7 + r.nextInt(22);
            double outcomeBase = 30 + 60 * r.nextDouble();
            double tokenNoise = 0;
            double noise = 0;
            for (int t = 0; t < DAYS; t++) {
                LocalDate day = START.plusDays(t);
                double heads = kind.equals("hiring") && t >= grows ? Math.round(heads0 * 1.5) : heads0;
                double ramp = t < PRE ? 0 : Math.min(1, (t - PRE + 1) / 21.0);
                double inflation = kind.equals("gaming") ? 1 + ramp : 1;
                tokenNoise = 0.3 * tokenNoise + 0.15 * gaussian(r);
                double weekday = t % 7 >= 5 ? 0.3 : 1.15;
                double use = Math.round(perHeadUse * heads * inflation * weekday * Math.exp(tokenNoise));
                noise = 0.5 * noise + 0.05 * Math.sqrt(1 - 0.25) * gaussian(r);
                out.add(new Observation(day, team, "tokens", perHead ? use / heads : use));
                out.add(new Observation(day, team, "cycle_time", outcomeBase * Math.exp(noise)));
                if (!perHead && (day.getDayOfMonth() == 1 || t == 0 || t == grows && kind.equals("hiring"))) {
                    out.add(new Observation(day, team, "headcount", heads));
                }
            }
        }
        return out;
    }

    private static int[] flagged(IntegrityModel model, boolean perHead) {
        int[] flagged = new int[3]; // steady, hiring, gaming
        Scorer scorer = Scorer.builder().build();
        for (long seed = 1; seed <= 6; seed++) {
            IntegrityReport report = scorer.score(model, Frame.of(model, organisation(seed, perHead)));
            for (PairResult p : report.pairs()) {
                if (!p.segment().equals(Segments.ALL) && p.verdict().flagged()) {
                    flagged[p.segment().startsWith("steady") ? 0 : p.segment().startsWith("hiring") ? 1 : 2]++;
                }
            }
        }
        return flagged;
    }

    /**
     * Six organisations, 48 teams of each kind. Measured 2026-12-03: read as totals, 30 of the 48 teams that hired
     * were flagged; read per head, none; gaming teams 45 and 44 of 48; steady teams none either way.
     */
    @Test
    void aTeamThatHiresIsNotReadAsInflatingItsUse() {
        int[] totals = flagged(base().build(), false);
        int[] perHead = flagged(base().per("tokens", "headcount").build(), false);
        assertThat(totals[1]).as("hiring teams flagged, tokens as totals").isGreaterThanOrEqualTo(20);
        assertThat(perHead[1]).as("hiring teams flagged, tokens per head").isLessThanOrEqualTo(1);
        assertThat(perHead[2]).as("gaming teams flagged, tokens per head").isGreaterThanOrEqualTo(38);
        assertThat(perHead[0]).as("steady teams flagged, tokens per head").isLessThanOrEqualTo(1);
    }

    /** Declared per head, each team's expected response is the one its per-head series would give as data. */
    @Test
    void perHeadIsThePerHeadSeriesAsData() {
        IntegrityModel declared = base().per("tokens", "headcount").build();
        IntegrityModel plain = base().build();
        Scorer scorer = Scorer.builder().build();
        IntegrityReport a = scorer.score(declared, Frame.of(declared, organisation(3, false)));
        IntegrityReport b = scorer.score(plain, Frame.of(plain, organisation(3, true)));
        int compared = 0;
        for (PairResult p : a.pairs()) {
            if (p.segment().equals(Segments.ALL)) {
                continue;
            }
            PairResult q = b.pairs().stream().filter(x -> x.segment().equals(p.segment())).findFirst().orElseThrow();
            Finding f = p.finding(ExpectedResponse.NAME).orElseThrow();
            Finding g = q.finding(ExpectedResponse.NAME).orElseThrow();
            assertThat(f.pValue()).as(p.segment()).isCloseTo(g.pValue(), within(1e-9));
            assertThat(f.statistic()).as(p.segment()).isCloseTo(g.statistic(), within(1e-9));
            assertThat(f.message()).isEqualTo(g.message().replace("tokens", "tokens per headcount"));
            compared++;
        }
        assertThat(compared).isEqualTo(24);
    }

    /** The stages (one machine per segment, then the driver) read an exposure as one machine does. */
    @Test
    void theStagesReadAnExposureAsOneMachineDoes() {
        IntegrityModel model = base().per("tokens", "headcount").build();
        Frame frame = Frame.of(model, organisation(2, false));
        Scorer scorer = Scorer.builder().chartLimit(5).build();
        assertThat(StagedScorerTest.staged(scorer, model, frame)).isEqualTo(scorer.score(model, frame).pairs());
    }

    /** The live scorer's rolling coupling reads tokens per head, as the per-head data would give it. */
    @Test
    void theRollingCouplingReadsTokensPerHead() {
        IntegrityModel declared = base().per("tokens", "headcount").build();
        IntegrityModel plain = base().build();
        List<Observation> rows = organisation(4, false);
        rows.sort(java.util.Comparator.comparing(Observation::date));
        List<Observation> perHead = organisation(4, true);
        perHead.sort(java.util.Comparator.comparing(Observation::date));
        LiveScorer a = LiveScorer.of(declared, 14).appendAll(rows);
        LiveScorer b = LiveScorer.of(plain, 14).appendAll(perHead);
        LiveScorer totals = LiveScorer.of(plain, 14).appendAll(rows);
        Link link = declared.links().get(0);
        for (String team : List.of("hiring-8", "hiring-9", "gaming-16")) {
            double[] x = a.rollingCouplingHistory(link, team);
            double[] y = b.rollingCouplingHistory(link, team);
            assertThat(x).hasSameSizeAs(y).hasSizeGreaterThan(100);
            for (int i = 0; i < x.length; i++) {
                if (Double.isNaN(y[i])) {
                    assertThat(x[i]).isNaN();
                } else {
                    assertThat(x[i]).as(team + " change " + i).isCloseTo(y[i], within(1e-9));
                }
            }
        }
        // read as totals, the day a team grew is a jump of tokens alone
        assertThat(totals.rollingCouplingHistory(link, "hiring-8")).isNotEqualTo(b.rollingCouplingHistory(link,
                "hiring-8"));
        assertThat(a.report()).isEqualTo(scorerReport(declared, rows));
    }

    private static IntegrityReport scorerReport(IntegrityModel model, List<Observation> rows) {
        return dev.goodhart.Goodhart.score(model, rows);
    }
}
