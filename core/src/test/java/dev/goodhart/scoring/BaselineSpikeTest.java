package dev.goodhart.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Frame;
import dev.goodhart.model.Granularity;
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
 * One runaway day in the baseline (a misconfigured job, a hackathon: tokens ten or thirty times a day's) set the use's
 * line and noise in the expected response: its week stood far above the rest, the rise after the date read as
 * uncertain, and teams that doubled their tokens with nothing gained were found 19 (tenfold day) and 22 (thirtyfold)
 * times in 80, against 76 without the spike (a probe of this shape, 2026-12-04). Such a week is now left out of the
 * use's baseline as a missing block (see {@code ExpectedResponse.Profile.dropSpikes}). Measured here 2026-12-04 (10
 * organisations): gaming teams with a tenfold day found 45 of 100 before, 91 now (89 of those without a spike); with
 * a thirtyfold day 98 (96); steady teams and honest adopters with a spike 0 both.
 */
class BaselineSpikeTest {
    private static final LocalDate START = LocalDate.of(2025, 1, 6);
    private static final int PRE = 105;
    private static final int DAYS = 210;

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /**
     * 40 teams: 10 steady, 10 honest adopters (tokens x2, cycle time shorter by 2^0.3), 10 gaming (tokens x2, nothing
     * gained), each of those with one baseline day of {@code spike} times its tokens, and 10 gaming without a spike;
     * tokens with a weekday rhythm and 15% daily noise, cycle time with AR(1) 0.5 noise of 6%.
     */
    private static List<Observation> organisation(long seed, double spike) {
        List<Observation> out = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String kind = i < 10 ? "steady" : i < 20 ? "adopter" : i < 30 ? "gaming-spike" : "gaming";
            SplittableRandom r = new SplittableRandom(seed * 1000 + i);
            double base = 2000 + 4000 * r.nextDouble();
            double level = 3 + 3 * r.nextDouble();
            int spikeDay = 10 + r.nextInt(PRE - 20);
            double noise = 0;
            for (int t = 0; t < DAYS; t++) {
                boolean after = t >= PRE;
                double use = after && !kind.equals("steady") ? 2 : 1;
                double gain = after && kind.equals("adopter") ? Math.pow(2, -0.3) : 1;
                double runaway = !kind.equals("gaming") && t == spikeDay ? spike : 1;
                double weekday = t % 7 >= 5 ? 0.3 : 1.15;
                noise = 0.5 * noise + 0.06 * Math.sqrt(0.75) * gaussian(r);
                LocalDate day = START.plusDays(t);
                out.add(new Observation(day, kind + "-" + i, "tokens",
                        Math.round(base * use * weekday * runaway * Math.exp(0.15 * gaussian(r)))));
                out.add(new Observation(day, kind + "-" + i, "cycle_time", level * Math.exp(noise) * gain));
            }
        }
        return out;
    }

    /** Flagged of 100: steady, adopters, gaming with a spike, gaming without. */
    private static int[] flagged(double spike) {
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "days").link(Link.of("tokens", "cycle_time"))
                .intervention(START.plusDays(PRE), "token quota").granularity(Granularity.DAY).build();
        Scorer scorer = Scorer.builder().parallel().build();
        int[] flagged = new int[4];
        for (long seed = 1; seed <= 10; seed++) {
            IntegrityReport report = scorer.score(model, Frame.of(model, organisation(seed, spike)));
            for (PairResult p : report.pairs()) {
                if (Segments.ALL.equals(p.segment()) || !p.verdict().flagged()) {
                    continue;
                }
                String kind = p.segment().substring(0, p.segment().lastIndexOf('-'));
                flagged[switch (kind) {
                    case "steady" -> 0;
                    case "adopter" -> 1;
                    case "gaming-spike" -> 2;
                    default -> 3;
                }]++;
            }
        }
        return flagged;
    }

    @Test
    void aRunawayDayInTheBaselineDoesNotHideADoubling() {
        for (double spike : new double[] {10, 30}) {
            int[] f = flagged(spike);
            System.out.printf("a x%.0f day in the baseline, flagged of 100: steady %d, adopters %d, gaming with the spike"
                    + " %d, gaming without %d%n", spike, f[0], f[1], f[2], f[3]);
            assertThat(f[0]).as("steady teams with a spike flagged").isLessThanOrEqualTo(3);
            assertThat(f[1]).as("honest adopters with a spike flagged").isLessThanOrEqualTo(3);
            assertThat(f[2]).as("gaming teams with a spike flagged").isGreaterThanOrEqualTo(70);
            assertThat(f[3]).as("gaming teams without a spike flagged").isGreaterThanOrEqualTo(85);
        }
    }
}
