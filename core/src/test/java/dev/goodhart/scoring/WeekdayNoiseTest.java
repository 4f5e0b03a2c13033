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
     * 48 teams from {@code start}: 8 steady, 8 honest adopters (tokens x2, cycle time shorter by {@code
     * 2^elasticity}), 8 gaming (tokens x2, nothing gained), each kind twice: with a quiet weekend (about one item closed
     * a weekend day, none on a third of them: no value) and with weekends as busy as weekdays (twelve items; segments
     * named "-busy-"). A day's cycle time is the mean of its items, each with log noise 0.5 about the team's level,
     * which wanders with AR(1) 0.5 noise of 4%; tokens with a weekday rhythm and 15% daily noise.
     */
    static List<Observation> organisation(long seed, double elasticity, LocalDate start) {
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
                LocalDate day = start.plusDays(t);
                boolean weekend = day.getDayOfWeek().getValue() >= 6;
                double use = since && !kind.equals("steady") ? 2 : 1;
                double gain = since && kind.equals("adopter") ? Math.pow(2, -elasticity) : 1;
                noise = 0.5 * noise + 0.04 * Math.sqrt(0.75) * Zoo.gaussian(r);
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
     * the same kinds with a busy one; adopters gaining at {@code elasticity}, the data starting on {@code start}.
     */
    static int[] flagged(double elasticity, LocalDate start) {
        int[] flagged = new int[6];
        for (long offset = 0; offset < 40; offset += 10) {
            long from = offset;
            int[] f = KindTally.flagged(start.plusDays(PRE), seed -> organisation(seed + from, elasticity, start),
                    "-busy-");
            for (int k = 0; k < 6; k++) {
                flagged[k] += f[k];
            }
        }
        System.out.printf("adopters at elasticity %.2f, from %s; quiet weekends, flagged of 320: steady %d, adopters %d,"
                + " gaming %d; busy weekends: steady %d, adopters %d, gaming %d%n", elasticity, start, flagged[0],
                flagged[1], flagged[2], flagged[3], flagged[4], flagged[5]);
        return flagged;
    }

    /**
     * Quiet weekends: gaming teams found 147 of 320 before the change, 181 now (asserted: at least 170); busy weekends
     * (every day alike, weighed only where their weekdays' noise differs by chance, and read beside the quiet teams'
     * weighed trends) 224 and 215 (at least 200). Steady teams and honest adopters none before or now (at most 3).
     */
    @Test
    void aNoisyWeekendNoLongerHidesADoubling() {
        int[] f = flagged(0.3, START);
        assertThat(f[2]).as("gaming teams with quiet weekends flagged").isGreaterThanOrEqualTo(170);
        assertThat(f[5]).as("gaming teams with busy weekends flagged").isGreaterThanOrEqualTo(200);
        for (int k : new int[] {0, 1, 3, 4}) {
            assertThat(f[k]).as("honest teams flagged (kind %d)", k).isLessThanOrEqualTo(3);
        }
    }

    /**
     * Honest adopters at exactly the declared minimum (cycle time shorter by 2^0.1 for doubled tokens), where the size
     * of the test shows: with weights read from the baseline days they weigh, the baseline looked quieter than the weeks
     * after the date and such teams were flagged more often (a reviewer's probe: 131 to 149 of 2,400); read without the
     * weeks they weigh (by folds), 17 of 320 before the change, 16 now (24 with the weights read in sample; asserted: at
     * most 20, a test at 5% flags 16), beside busy weekends 6 and 9 (at most 20); gaming teams with quiet weekends 157
     * and 189 (at least 170). The data starting on a Wednesday, so that the weekdays are read from the first date's.
     */
    @Test
    void honestAdoptersAtTheMinimumAreNotFlaggedMoreOften() {
        int[] f = flagged(0.1, START.plusDays(2));
        assertThat(f[1]).as("honest adopters at the minimum with quiet weekends flagged").isLessThanOrEqualTo(20);
        assertThat(f[4]).as("honest adopters at the minimum with busy weekends flagged").isLessThanOrEqualTo(20);
        assertThat(f[2]).as("gaming teams with quiet weekends flagged").isGreaterThanOrEqualTo(170);
    }
}
