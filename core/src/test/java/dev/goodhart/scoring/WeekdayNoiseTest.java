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
 * A daily cycle time is the mean of the items closed that day: on a weekend with one item or none it is far noisier
 * than on a weekday with twelve, and a week's plain mean of its days carried the weekend's noise in full. The expected
 * response now weighs each day by its weekday's noise in the baseline where the weekdays differ in it ({@code
 * dev.goodhart.detect.WeekdayWeights}). Measured on 2026-12-05, 40 organisations of 48 teams, flagged of 320 per kind,
 * before the change and after it (each test says).
 */
class WeekdayNoiseTest {
    private static final LocalDate START = LocalDate.of(2025, 1, 6);
    private static final int PRE = 105;
    private static final int DAYS = 210;

    /**
     * 48 teams: 8 steady, 8 honest adopters (tokens x2, cycle time shorter by 2^0.3), 8 gaming (tokens x2, nothing
     * gained), each kind twice: with a quiet weekend (about one item closed a weekend day, none on a third of them: no
     * value) and with weekends as busy as weekdays (twelve items; segments named "-busy-"). A day's cycle time is the
     * mean of its items, each with log noise 0.5 about the team's level, which wanders with AR(1) 0.5 noise of 4%;
     * tokens with a weekday rhythm and 15% daily noise.
     */
    static List<Observation> organisation(long seed) {
        List<Observation> out = new ArrayList<>();
        String[] kinds = {"steady", "adopter", "gaming"};
        for (int i = 0; i < 48; i++) {
            String kind = kinds[i / 16];
            boolean busy = i % 16 >= 8;
            SplittableRandom r = new SplittableRandom(seed * 1000 + i);
            double base = 2000 + 4000 * r.nextDouble();
            double level = 3 + 3 * r.nextDouble();
            double noise = 0;
            String segment = kind + (busy ? "-busy-" : "-") + i;
            for (int t = 0; t < DAYS; t++) {
                boolean since = t >= PRE;
                boolean weekend = t % 7 >= 5;
                double use = since && !kind.equals("steady") ? 2 : 1;
                double gain = since && kind.equals("adopter") ? Math.pow(2, -0.3) : 1;
                noise = 0.5 * noise + 0.04 * Math.sqrt(0.75) * Zoo.gaussian(r);
                LocalDate day = START.plusDays(t);
                out.add(new Observation(day, segment, "tokens",
                        Math.round(base * use * (weekend ? 0.3 : 1.15) * Math.exp(0.15 * Zoo.gaussian(r)))));
                int items = (int) Zoo.poisson(r, weekend && !busy ? 1 : 12);
                if (items == 0) {
                    continue;
                }
                double sum = 0;
                for (int k = 0; k < items; k++) {
                    sum += level * Math.exp(noise + 0.5 * Zoo.gaussian(r)) * gain;
                }
                out.add(new Observation(day, segment, "cycle_time", sum / items));
            }
        }
        return out;
    }

    /**
     * Flagged of 320 each over 40 organisations (seeds 1 to 40): steady, adopters, gaming with a quiet weekend, then
     * the same kinds with a busy one.
     */
    static int[] flagged() {
        int[] flagged = new int[6];
        for (long offset = 0; offset < 40; offset += 10) {
            long from = offset;
            int[] f = KindTally.flagged(START.plusDays(PRE), seed -> organisation(seed + from), "-busy-");
            for (int k = 0; k < 6; k++) {
                flagged[k] += f[k];
            }
        }
        System.out.printf("quiet weekends, flagged of 320: steady %d, adopters %d, gaming %d; busy weekends: steady %d,"
                + " adopters %d, gaming %d%n", flagged[0], flagged[1], flagged[2], flagged[3], flagged[4], flagged[5]);
        return flagged;
    }

    /**
     * Quiet weekends: gaming teams found 147 of 320 before the change, 222 now (asserted: at least 200); busy weekends
     * (every day alike, weighed only where their weekdays' noise differs by chance, and read beside the quiet teams'
     * weighed trends) 224 and 218 (at least 200). Steady teams and honest adopters none before or now (at most 3).
     */
    @Test
    void aNoisyWeekendNoLongerHidesADoubling() {
        int[] f = flagged();
        assertThat(f[2]).as("gaming teams with quiet weekends flagged").isGreaterThanOrEqualTo(200);
        assertThat(f[5]).as("gaming teams with busy weekends flagged").isGreaterThanOrEqualTo(200);
        for (int k : new int[] {0, 1, 3, 4}) {
            assertThat(f[k]).as("honest teams flagged (kind %d)", k).isLessThanOrEqualTo(3);
        }
    }
}
