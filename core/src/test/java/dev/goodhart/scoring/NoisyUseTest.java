package dev.goodhart.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.Observation;
import dev.goodhart.sim.zoo.Zoo;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A team's use is noisy where real token counts are (a few heavy days of agent runs, quiet days between: daily log
 * noise of 0.9 against 0.15 in the zoos), and a baseline can be short (six weeks before a quota, twenty after). Read
 * against the team's own baseline line carried over months, such use could not show a doubling "beyond its own trend":
 * the line's slope is mostly noise and its error, carried that far, swamps the rise. The use's line is now pulled
 * toward its peers' lines (as the outcome's was), each with the share its own evidence earns, and the rise must reach
 * one error of the team's own line too. Measured here on 2026-12-04, 10 organisations of 48 teams, flagged of 80 per
 * kind, before the change and after it (each test says).
 */
class NoisyUseTest {
    private static final LocalDate START = LocalDate.of(2025, 1, 6);

    /**
     * 48 teams: 8 steady, 8 honest adopters (tokens x1.8 to x2.2 over two weeks, cycle time shorter by that to the
     * 0.3), 8 gaming (tokens x2, nothing gained), each kind twice: with daily token noise of {@code noisy} (log sd) and
     * of 0.15; tokens drift 0-2% a week of their own and have a weekday rhythm; cycle time has AR(1) 0.6 noise of 7%.
     */
    static List<Observation> organisation(long seed, double noisy, int pre, int days) {
        List<Observation> out = new ArrayList<>();
        String[] kinds = {"steady", "adopter", "gaming"};
        for (int i = 0; i < 48; i++) {
            String kind = kinds[i / 16];
            boolean loud = i % 16 >= 8;
            SplittableRandom r = new SplittableRandom(seed * 7919 + i);
            double base = 500 * Math.exp(2 * r.nextDouble());
            double level = 2 + 4 * r.nextDouble();
            double drift = 0.02 * r.nextDouble() / 7;
            double rise = 1.8 + 0.4 * r.nextDouble();
            double sd = loud ? noisy : 0.15;
            double noise = 0;
            for (int t = 0; t < days; t++) {
                double since = Math.max(0, Math.min(1, (t - pre) / 14.0));
                double use = kind.equals("gaming") ? (t >= pre ? 2 : 1)
                        : kind.equals("adopter") ? 1 + (rise - 1) * since : 1;
                double gain = kind.equals("adopter") ? Math.pow(use, -0.3) : 1;
                double weekday = t % 7 >= 5 ? 0.25 : 1.2;
                noise = 0.6 * noise + 0.07 * Math.sqrt(1 - 0.36) * Zoo.gaussian(r);
                LocalDate day = START.plusDays(t);
                String segment = kind + (loud ? "-loud-" : "-") + i;
                // a log-normal day with its mean kept at the level (heavy days above, quiet days below)
                out.add(new Observation(day, segment, "tokens", Math.round(base * use * weekday * Math.exp(drift * t)
                        * Math.exp(sd * Zoo.gaussian(r) - sd * sd / 2))));
                out.add(new Observation(day, segment, "cycle_time", level * Math.exp(noise) * gain));
            }
        }
        return out;
    }

    /** Flagged of 80 each: steady, adopters, gaming (quiet use), then the same kinds with noisy use. */
    private static int[] flagged(double noisy, int pre, int days) {
        int[] flagged = KindTally.flagged(START.plusDays(pre), seed -> organisation(seed, noisy, pre, days), "-loud-");
        System.out.printf("noise %.2f, %d days before and %d after, flagged of 80: steady %d, adopters %d, gaming %d;"
                + " noisy use: steady %d, adopters %d, gaming %d%n", noisy, pre, days - pre, flagged[0], flagged[1],
                flagged[2], flagged[3], flagged[4], flagged[5]);
        return flagged;
    }

    /**
     * Noisy use (daily log noise 0.9), 15 weeks each side: gaming teams found 26 of 80 before the change, 49 now (with
     * quiet use 69 and 71); steady teams and honest adopters 0 and 0.
     */
    @Test
    void aDoublingOfNoisyUseIsFound() {
        int[] f = flagged(0.9, 105, 210);
        assertThat(f[3]).as("steady teams with noisy use flagged").isLessThanOrEqualTo(3);
        assertThat(f[4]).as("honest adopters with noisy use flagged").isLessThanOrEqualTo(3);
        assertThat(f[0] + f[1]).as("steady teams and adopters with quiet use flagged").isLessThanOrEqualTo(3);
        assertThat(f[5]).as("gaming teams with noisy use flagged").isGreaterThanOrEqualTo(45);
        assertThat(f[2]).as("gaming teams with quiet use flagged").isGreaterThanOrEqualTo(60);
    }

    /**
     * Six weeks before the date and twenty after, half the teams' use with daily log noise 0.45: gaming teams with it
     * found 2 of 80 before the change, 23 now (the others 38 and 46); steady teams 0 and 0 of 160, honest adopters 2
     * and 2: a line through six noisy weeks, carried twenty weeks on, took any rise for its trend (44 with the pulled
     * line alone; the rise must also reach one error of the team's own line, which six weeks hardly know).
     */
    @Test
    void aShortBaselineStillShowsADoubling() {
        int[] f = flagged(0.45, 42, 182);
        assertThat(f[0] + f[3]).as("steady teams flagged, of 160").isLessThanOrEqualTo(4);
        assertThat(f[1] + f[4]).as("honest adopters flagged, of 160").isLessThanOrEqualTo(4);
        assertThat(f[5]).as("gaming teams with noisy use flagged").isGreaterThanOrEqualTo(18);
        assertThat(f[2]).as("gaming teams with quiet use flagged").isGreaterThanOrEqualTo(35);
    }

    /**
     * Where the team's own line cannot see the rise, the detail says how wide one of its errors is, as a factor: six
     * weeks of noisy use carried twenty weeks on hardly know a doubling from none. Where that decides (p = 1), the
     * sentence says that this reading owes no gain, not what the bar would have given.
     */
    @Test
    void theOwnLinesErrorIsGivenWhereItCannotSeeTheRise() {
        dev.goodhart.model.IntegrityModel model = dev.goodhart.model.IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", dev.goodhart.model.Direction.LOWER, "days")
                .link(dev.goodhart.model.Link.of("tokens", "cycle_time"))
                .intervention(START.plusDays(42), "token quota").build();
        dev.goodhart.report.IntegrityReport report = Scorer.builder().build()
                .score(model, dev.goodhart.model.Frame.of(model, organisation(1, 0.45, 42, 182)));
        java.util.regex.Pattern clause = java.util.regex.Pattern.compile(
                "against its own line alone it (rose|fell) [0-9.]+%, under one of that line's errors \\(a factor of "
                        + "([0-9.]+)\\) beyond the material rise, so this reading owes no gain");
        int found = 0;
        int owesNothing = 0;
        for (dev.goodhart.report.PairResult p : report.pairs()) {
            for (dev.goodhart.model.Finding f : p.findings()) {
                java.util.regex.Matcher m = clause.matcher(f.detail());
                if (m.find()) {
                    found++;
                    assertThat(Double.parseDouble(m.group(2))).as(p.segment()).isGreaterThan(1);
                    // where the deciding reading owes nothing, the sentence says so, not what the bar would give
                    if (f.pValue() == 1) {
                        assertThat(f.message()).as(p.segment())
                                .containsPattern("so (this reading owes no gain|no gain was owed)")
                                .doesNotContain("would give").doesNotContain("that bought");
                        owesNothing += f.message().matches(".* as its peers' lines read its trend; against its own "
                                + "line alone it (rose|fell) [0-9.]+%, under one of that line's errors beyond the "
                                + "material rise \\(10%\\), so this reading owes no gain; cycle_time .*") ? 1 : 0;
                    }
                }
            }
        }
        assertThat(found).as("teams whose own line could not see the rise").isPositive();
        assertThat(owesNothing).as("sentences that say the own line decided").isPositive();
    }
}
