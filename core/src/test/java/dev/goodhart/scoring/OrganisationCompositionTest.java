package dev.goodhart.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.Goodhart;
import dev.goodhart.model.Direction;
import dev.goodhart.model.Frame;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.model.Observation;
import dev.goodhart.model.Segments;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Teams created after the intervention have no baseline to rise from: the organisation's row sums (and averages) the
 * segments that have a value before its split, so new teams' tokens are not read as a rise the organisation paid for
 * nothing. Found by a helper's walk through export quirks (6 new teams in 24: the organisation DIVERGING in 6 of 10
 * organisations, 0 without them).
 */
class OrganisationCompositionTest {
    private static final LocalDate START = LocalDate.of(2025, 1, 6);
    private static final int PRE = 91;
    private static final int DAYS = 182;

    @TempDir
    Path dir;

    private static IntegrityModel model() {
        return IntegrityModel.builder().proxy("tokens", "tokens").outcome("cycle_time", Direction.LOWER, "days")
                .exposure("headcount", "people").link(Link.of("tokens", "cycle_time"))
                .intervention(START.plusDays(PRE), "token quota").build();
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /**
     * 24 teams (8 steady, 8 honest adopters doubling their tokens for a gain of the doubling's power 0.3, 8 gaming
     * teams doubling with nothing gained) and {@code created} teams that start 14-45 days after the quota, steady;
     * daily, tokens with a weekday rhythm, cycle time with AR(1) 0.5 noise of 5%; each team's head count on its first
     * day.
     */
    private static List<Observation> organisation(long seed, int created) {
        List<Observation> out = new ArrayList<>();
        for (int i = 0; i < 24 + created; i++) {
            String kind = i < 8 ? "steady" : i < 16 ? "adopter" : i < 24 ? "gaming" : "new";
            SplittableRandom r = new SplittableRandom(seed * 1000 + i);
            double base = 20_000 * Math.exp(0.8 * gaussian(r));
            double level = 30 + 60 * r.nextDouble();
            int from = kind.equals("new") ? PRE + 14 + r.nextInt(32) : 0;
            double tokenNoise = 0;
            double noise = 0;
            for (int t = 0; t < DAYS; t++) {
                double ramp = t < PRE ? 0 : Math.min(1, (t - PRE + 1) / 21.0);
                double use = kind.equals("adopter") || kind.equals("gaming") ? 1 + ramp : 1;
                double gain = kind.equals("adopter") ? Math.pow(use, 0.3) : 1;
                tokenNoise = 0.3 * tokenNoise + 0.15 * gaussian(r);
                noise = 0.5 * noise + 0.05 * Math.sqrt(0.75) * gaussian(r);
                if (t < from) {
                    continue;
                }
                LocalDate day = START.plusDays(t);
                String team = kind + "-" + i;
                out.add(new Observation(day, team, "tokens",
                        Math.round(base * use * (t % 7 >= 5 ? 0.3 : 1.15) * Math.exp(tokenNoise))));
                out.add(new Observation(day, team, "cycle_time", level * Math.exp(noise) / gain));
                // merged pull requests, a count that grows with the team (no draw: the other series are as before)
                out.add(new Observation(day, team, "prs", Math.round(8 * gain * (1.2 + Math.sin(t + i)))));
                if (t == from) {
                    out.add(new Observation(day, team, "headcount", 8));
                }
            }
        }
        return out;
    }

    @Test
    void aTeamCreatedAfterTheDateIsNotInTheOrganisationsSeries() {
        IntegrityModel model = model();
        List<Observation> rows = organisation(1, 6);
        Frame frame = Frame.of(model, rows);
        int split = Frame.organisationSplit(model, frame.period(0), frame.periodCount());
        assertThat(split).isEqualTo(PRE);
        List<Observation> without = new ArrayList<>(rows);
        without.removeIf(o -> o.segment().startsWith("new") && !o.metric().equals("headcount"));
        Frame old = Frame.of(model, without);
        assertThat(frame.series(Segments.ALL, "tokens")).containsExactly(old.series(Segments.ALL, "tokens"));
        assertThat(frame.series(Segments.ALL, "cycle_time")).containsExactly(old.series(Segments.ALL, "cycle_time"));
        // a head count (an exposure, carried forward) sums the same teams, so that a rate per head divides like by like
        assertThat(frame.series(Segments.ALL, "headcount")[DAYS - 1]).isEqualTo(24 * 8);
        // the new teams are still scored, each on its own (with no baseline: insufficient data)
        assertThat(frame.segments()).contains("new-24");
        // a spilled frame and the organisation's live frame, read while the rows arrive, agree
        Frame.Builder spilling = Frame.builder(model).spillTo(dir);
        rows.forEach(spilling::add);
        try (Frame spilled = spilling.build()) {
            for (String metric : List.of("tokens", "cycle_time", "headcount")) {
                assertThat(spilled.series(Segments.ALL, metric)).containsExactly(frame.series(Segments.ALL, metric));
            }
        }
        List<Observation> byDate = new ArrayList<>(rows);
        byDate.sort(Comparator.comparing(Observation::date));
        Frame.Builder live = Frame.builder(model);
        int step = byDate.size() / 7;
        for (int k = 0; k < byDate.size(); k += step) {
            live.addAll(byDate.subList(k, Math.min(byDate.size(), k + step)));
            live.segmentFrame(Segments.ALL);
        }
        for (String metric : List.of("tokens", "cycle_time", "headcount")) {
            assertThat(live.segmentFrame(Segments.ALL).series(Segments.ALL, metric))
                    .containsExactly(frame.series(Segments.ALL, metric));
        }
    }

    /**
     * Ten organisations with 6 new teams each: the organisation's row is flagged no more often than without them.
     * Measured 2026-12-03: with the new teams 0 of 10 flagged (6 before they were left out), without them 0.
     */
    @Test
    void newTeamsDoNotMakeTheOrganisationDiverge() {
        int[] flagged = organisationsFlagged(model());
        System.out.printf("organisation flagged of 10: with 6 new teams %d, without %d%n", flagged[0], flagged[1]);
        assertThat(flagged[0]).isLessThanOrEqualTo(flagged[1] + 1);
    }

    /** Of ten organisations, how many have their own row flagged: {with 6 new teams, without them}. */
    private static int[] organisationsFlagged(IntegrityModel model) {
        Scorer scorer = Scorer.builder().build();
        int[] flagged = new int[2];
        for (long seed = 1; seed <= 10; seed++) {
            flagged[0] += organisationFlagged(scorer.score(model, Frame.of(model, organisation(seed, 6)))) ? 1 : 0;
            flagged[1] += organisationFlagged(scorer.score(model, Frame.of(model, organisation(seed, 0)))) ? 1 : 0;
        }
        return flagged;
    }

    /**
     * The same, read per head: the organisation's head count sums the same teams as its tokens (a reviewer found new
     * teams' heads in the denominator and not their tokens in the numerator: with merged pull requests per head, 10 of
     * 10 organisations DIVERGING). Measured 2026-12-03: 0 of 10 with the new teams, 0 without.
     */
    @Test
    void newTeamsDoNotMoveTheOrganisationsRatesPerHead() {
        IntegrityModel model = model().toBuilder().metric(dev.goodhart.model.Metric.outcome("prs", Direction.HIGHER,
                "pull requests").withAggregation(dev.goodhart.model.Aggregation.SUM)).link("tokens", "prs")
                .per("tokens", "headcount").per("prs", "headcount").build();
        int[] flagged = organisationsFlagged(model);
        System.out.printf("organisation flagged of 10, per head: with 6 new teams %d, without %d%n", flagged[0],
                flagged[1]);
        assertThat(flagged[0]).isLessThanOrEqualTo(flagged[1] + 1);
        Frame frame = Frame.of(model, organisation(2, 6));
        double[] tokens = frame.series(Segments.ALL, "tokens");
        double[] heads = frame.series(Segments.ALL, "headcount");
        assertThat(heads[DAYS - 1]).isEqualTo(heads[0]);
        assertThat(tokens).hasSameSizeAs(heads);
    }

    private static boolean organisationFlagged(IntegrityReport report) {
        return report.pairs().stream().filter(p -> Segments.ALL.equals(p.segment())).anyMatch(p -> p.verdict()
                .flagged());
    }

    /** The stages and the live scorer read the organisation's composition as one machine does. */
    @Test
    void theStagesAndTheLiveScorerAgree() {
        IntegrityModel model = model();
        List<Observation> rows = organisation(3, 6);
        Frame frame = Frame.of(model, rows);
        Scorer scorer = Scorer.builder().chartLimit(5).build();
        IntegrityReport report = scorer.score(model, frame);
        assertThat(StagedScorerTest.staged(scorer, model, frame)).isEqualTo(report.pairs());
        rows.sort(Comparator.comparing(Observation::date));
        LiveScorer live = LiveScorer.of(model, 14).appendAll(rows);
        assertThat(live.report()).isEqualTo(Goodhart.score(model, rows));
        PairResult org = report.pairs().stream().filter(p -> Segments.ALL.equals(p.segment())).findFirst()
                .orElseThrow();
        assertThat(org.verdict()).isNotNull();
    }
}
