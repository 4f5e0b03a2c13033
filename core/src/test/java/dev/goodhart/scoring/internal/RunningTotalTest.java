package dev.goodhart.scoring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.Goodhart;
import dev.goodhart.model.Direction;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.model.Observation;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import dev.goodhart.report.Verdict;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** A proxy exported as a running total is not judged; use that rises by itself, however steadily, is. */
class RunningTotalTest {
    private static final LocalDate START = LocalDate.of(2025, 1, 6);

    /** Daily use with a weekday rhythm, noise and a growth of {@code growth} over the series. */
    private static double[] use(long seed, int n, double growth, double noise) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int t = 0; t < n; t++) {
            v[t] = 1_000 * Math.pow(growth, t / (double) n) * Math.exp(noise * (r.nextDouble() - 0.5))
                    * (t % 7 >= 5 ? 0.3 : 1);
        }
        return v;
    }

    private static double[] cumulative(double[] v, int resetAt) {
        double[] out = new double[v.length];
        double total = 0;
        for (int t = 0; t < v.length; t++) {
            total = t == resetAt ? v[t] : total + v[t];
            out[t] = total;
        }
        return out;
    }

    @Test
    void aRunningTotalIsFoundWithOrWithoutAResetAndUseIsNot() {
        int found = 0;
        int missed = 0;
        for (int seed = 0; seed < 200; seed++) {
            double[] daily = use(seed, 182, 1 + 3 * (seed % 5) / 4.0, 0.1 + (seed % 4) * 0.2);
            // weekly use growing up to fourfold in 40 weeks (3.5% a week), its week-to-week noise 8% to 20%
            SplittableRandom r = new SplittableRandom(seed);
            double[] weekly = new double[40];
            for (int w = 0; w < weekly.length; w++) {
                double z = r.nextDouble() + r.nextDouble() + r.nextDouble() - 1.5; // sd 0.5
                weekly[w] = 5_000 * Math.pow(1 + 3 * (seed % 5) / 4.0, w / 40.0) * Math.exp((0.16 + 0.08 * (seed % 4)) * z);
            }
            found += RunningTotal.find(daily).isPresent() ? 1 : 0;
            found += RunningTotal.find(weekly).isPresent() ? 1 : 0;
            missed += RunningTotal.find(cumulative(daily, -1)).isPresent() ? 0 : 1;
            missed += RunningTotal.find(cumulative(daily, 90)).isPresent() ? 0 : 1;
            missed += RunningTotal.find(cumulative(weekly, 20)).isPresent() ? 0 : 1;
        }
        // use that quadruples over half a year still falls now and then
        assertThat(found).isZero();
        assertThat(missed).isZero();
        double[] zeros = new double[100]; // a count with many zero days
        SplittableRandom r = new SplittableRandom(1);
        for (int t = 0; t < zeros.length; t++) {
            zeros[t] = r.nextDouble() < 0.7 ? 0 : 1 + r.nextInt(3);
        }
        assertThat(RunningTotal.find(zeros)).isEmpty();
        // the same sparse count as a running total holds on its zero days (rises on about 3 days in 10): found; a
        // small weekly count that steps up now and then and never falls (1, 1, 2, 2, 2, 3, ...) is not
        assertThat(RunningTotal.find(cumulative(zeros, -1))).isPresent();
        double[] stepping = new double[40];
        for (int t = 0; t < stepping.length; t++) {
            stepping[t] = 1 + t / 6;
        }
        assertThat(RunningTotal.find(stepping)).isEmpty();
        double[] steady = new double[26]; // 25 steps: too short to tell from a team adopting steadily
        for (int t = 0; t < steady.length; t++) {
            steady[t] = t + 1;
        }
        assertThat(RunningTotal.find(steady)).isEmpty();
        double[] longer = new double[27];
        for (int t = 0; t < longer.length; t++) {
            longer[t] = t + 1;
        }
        assertThat(RunningTotal.find(longer)).isPresent();
        assertThat(RunningTotal.find(cumulative(use(3, 60, 1, 0.2), -1)).get()).containsExactly(59, 59);
        // a stock given by its last value (agents in existence) may only grow: the scorer does not ask
    }

    /**
     * A sum of 200 teams' weekly use growing 5% a week (20% noise each) never falls; as the organisation's row it is no
     * running total unless it was reset or rose fivefold (a total started with the data rises about thirtyfold).
     */
    @Test
    void theOrganisationsSumOfGrowingTeamsIsNotOne() {
        SplittableRandom r = new SplittableRandom(9);
        int asTeams = 0;
        int flagged = 0;
        for (int trial = 0; trial < 50; trial++) {
            double[] sum = new double[30];
            for (int team = 0; team < 200; team++) {
                for (int w = 0; w < 30; w++) {
                    sum[w] += 1_000 * Math.pow(1.05, w) * Math.exp(0.2 * 2 * (r.nextDouble() + r.nextDouble()
                            + r.nextDouble() - 1.5));
                }
            }
            asTeams += RunningTotal.find(sum).isPresent() ? 1 : 0;
            flagged += RunningTotal.find(sum, true).isPresent() ? 1 : 0;
        }
        assertThat(asTeams).as("read as a team's series").isPositive(); // why the organisation's row asks more
        assertThat(flagged).isZero();
        assertThat(RunningTotal.find(cumulative(use(1, 182, 1, 0.2), -1), true)).isPresent();
        assertThat(RunningTotal.find(cumulative(use(1, 182, 1, 0.2), 90), true)).isPresent();
    }

    /** Twelve teams whose tokens are exported as a running total: every pair not judged, with the note. */
    @Test
    void aPairWhoseProxyIsARunningTotalIsNotJudged() {
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "days").link(Link.of("tokens", "cycle_time"))
                .intervention(START.plusDays(91), "token quota").build();
        List<Observation> rows = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            double[] total = cumulative(use(i, 182, 2, 0.3), -1);
            for (int t = 0; t < 182; t++) {
                rows.add(new Observation(START.plusDays(t), "team-" + i, "tokens", total[t]));
                rows.add(new Observation(START.plusDays(t), "team-" + i, "cycle_time", 3 + (t % 5) * 0.1));
            }
        }
        IntegrityReport report = Goodhart.score(model, rows);
        for (PairResult p : report.pairs()) {
            assertThat(p.verdict()).as(p.segment()).isEqualTo(Verdict.INSUFFICIENT_DATA);
            assertThat(p.notes()).as(p.segment()).anyMatch(n -> n.startsWith("not judged: tokens does not fall in "
                    + "181 of 181 steps from one period to the next, a running total"));
        }
    }
}
