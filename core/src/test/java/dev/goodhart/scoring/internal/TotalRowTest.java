package dev.goodhart.scoring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.Goodhart;
import dev.goodhart.model.Direction;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.model.Observation;
import dev.goodhart.model.Segments;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import dev.goodhart.report.Verdict;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A dashboard's total row ("All teams", the sum of the teams) exported beside the teams is not judged as a team; no
 * team is taken for one.
 */
class TotalRowTest {
    private static final LocalDate START = LocalDate.of(2025, 1, 6);

    private static double[] use(long seed, int n, double level) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int t = 0; t < n; t++) {
            v[t] = Math.round(level * Math.exp(0.3 * (r.nextDouble() - 0.5)) * (t % 7 >= 5 ? 0.3 : 1));
        }
        return v;
    }

    @Test
    void aTotalIsFoundAsTheRestOrAsTheWholeAndNoTeamIs() {
        int n = 120;
        double[][] teams = new double[6][];
        double[] sum = new double[n];
        for (int i = 0; i < teams.length; i++) {
            teams[i] = use(i, n, 1_000 * (i + 1));
            for (int t = 0; t < n; t++) {
                sum[t] += teams[i][t];
            }
        }
        // the organisation computed with the total among its segments, and given as its own rows
        double[] withTotal = new double[n];
        double[] rounded = new double[n];
        for (int t = 0; t < n; t++) {
            withTotal[t] = 2 * sum[t];
            rounded[t] = Math.round(sum[t] / 10) * 10.0; // a dashboard rounding to tens
        }
        assertThat(TotalRow.find(sum, withTotal).get()).containsExactly(n, n); // matched, compared
        // the organisation's own series is not asked: it leaves out teams created after the split, so a large team
        // beside two new ones would equal it (a reviewer's case: a gaming team hidden as a "total row")
        assertThat(TotalRow.find(sum, sum)).isEmpty();
        assertThat(TotalRow.find(teams[5], teams[5])).isEmpty();
        assertThat(TotalRow.find(rounded, withTotal)).isPresent();
        for (double[] team : teams) {
            assertThat(TotalRow.find(team, withTotal)).isEmpty();
            assertThat(TotalRow.find(team, sum)).isEmpty();
        }
        // half the teams' sum is not the total; nor are 7 periods enough to say
        double[] half = new double[n];
        for (int t = 0; t < n; t++) {
            half[t] = teams[0][t] + teams[1][t] + teams[2][t];
        }
        assertThat(TotalRow.find(half, withTotal)).isEmpty();
        assertThat(TotalRow.find(java.util.Arrays.copyOf(sum, 7), java.util.Arrays.copyOf(withTotal, 7))).isEmpty();
    }

    /**
     * Six teams (two doubling their tokens at the quota with nothing gained) and an "All teams" row summing them: the
     * total row was GAMED under a team's name and named by --fail-on; now it is not judged, with a note, and every team's
     * verdict is what it is without the total row.
     */
    @Test
    void aTotalRowIsNotJudgedAndTheTeamsAreAsWithoutIt() {
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "days").link(Link.of("tokens", "cycle_time"))
                .intervention(START.plusDays(91), "token quota").build();
        List<Observation> teams = new ArrayList<>();
        double[] total = new double[182];
        for (int i = 0; i < 6; i++) {
            double[] tokens = use(i, 182, 20_000);
            SplittableRandom r = new SplittableRandom(100 + i);
            double noise = 0;
            for (int t = 0; t < 182; t++) {
                double rise = i < 2 && t >= 91 ? 2 : 1;
                noise = 0.5 * noise + 0.05 * (r.nextDouble() - 0.5);
                teams.add(new Observation(START.plusDays(t), "team-" + i, "tokens", tokens[t] * rise));
                teams.add(new Observation(START.plusDays(t), "team-" + i, "cycle_time", 3 * Math.exp(noise)));
                total[t] += tokens[t] * rise;
            }
        }
        List<Observation> withTotal = new ArrayList<>(teams);
        for (int t = 0; t < 182; t++) {
            withTotal.add(new Observation(START.plusDays(t), "All teams", "tokens", total[t]));
            withTotal.add(new Observation(START.plusDays(t), "All teams", "cycle_time", 3));
        }
        IntegrityReport plain = Goodhart.score(model, teams);
        IntegrityReport report = Goodhart.score(model, withTotal);
        PairResult row = report.pair("tokens", "cycle_time", "All teams").orElseThrow();
        assertThat(row.verdict()).isEqualTo(Verdict.INSUFFICIENT_DATA);
        assertThat(row.notes()).anyMatch(n -> n.startsWith("not judged: the tokens of segment All teams is the sum of "
                + "the other segments' in 182 of 182 periods, a total row"));
        assertThat(plain.pair("tokens", "cycle_time", "team-0").orElseThrow().verdict().flagged()).isTrue();
        for (PairResult p : plain.pairs()) {
            if (!Segments.ALL.equals(p.segment())) {
                assertThat(report.pair("tokens", "cycle_time", p.segment()).orElseThrow().verdict())
                        .as(p.segment()).isEqualTo(p.verdict());
            }
        }
    }
}
