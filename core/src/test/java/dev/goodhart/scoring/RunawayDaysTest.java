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
 * A runaway day of use (a misconfigured job, a hackathon: tokens ten or thirty times a day's) is read alike on both
 * sides of the date ({@code dev.goodhart.detect.RunawayWeeks}). Read as it was, one such day in the baseline set the
 * use's line and noise, so that doublings with nothing gained went unfound; one after the date made a steady team's use
 * look risen; runaway days that recur on both sides hid every doubling. Left out of the baseline only (a version tried
 * and reverted on 2026-12-04), recurring ones read as a rise. Measured here on 2026-12-04, 10 organisations of 48
 * teams, flagged of 80 per kind, before the change and after it (each test says).
 */
class RunawayDaysTest {
    private static final LocalDate START = LocalDate.of(2025, 1, 6);
    private static final int PRE = 105;
    private static final int DAYS = 210;

    /** Where a team's runaway days fall. */
    private enum Runaway {
        NONE, BEFORE, AFTER, BOTH_SIDES
    }

    /**
     * 48 teams: 8 steady, 8 honest adopters (tokens x2, cycle time shorter by 2^0.3), 8 gaming (tokens x2, nothing
     * gained), each kind twice, with and without runaway days of {@code spike} times a day's tokens placed as {@code
     * where} says (both sides: one every 40 to 60 days throughout); tokens with a weekday rhythm and 15% daily noise,
     * cycle time with AR(1) 0.5 noise of 6%.
     */
    private static List<Observation> organisation(long seed, double spike, Runaway where) {
        List<Observation> out = new ArrayList<>();
        String[] kinds = {"steady", "adopter", "gaming"};
        for (int i = 0; i < 48; i++) {
            String kind = kinds[i / 16];
            boolean spiky = i % 16 >= 8;
            SplittableRandom r = new SplittableRandom(seed * 1000 + i);
            double base = 2000 + 4000 * r.nextDouble();
            double level = 3 + 3 * r.nextDouble();
            boolean[] runaway = new boolean[DAYS];
            if (spiky) {
                switch (where) {
                    case BEFORE -> runaway[10 + r.nextInt(PRE - 20)] = true;
                    case AFTER -> runaway[PRE + 10 + r.nextInt(DAYS - PRE - 20)] = true;
                    case BOTH_SIDES -> {
                        for (int t = r.nextInt(40); t < DAYS; t += 40 + r.nextInt(21)) {
                            runaway[t] = true;
                        }
                    }
                    default -> { }
                }
            }
            double noise = 0;
            for (int t = 0; t < DAYS; t++) {
                boolean after = t >= PRE;
                double use = after && !kind.equals("steady") ? 2 : 1;
                double gain = after && kind.equals("adopter") ? Math.pow(2, -0.3) : 1;
                double weekday = t % 7 >= 5 ? 0.3 : 1.15;
                noise = 0.5 * noise + 0.06 * Math.sqrt(0.75) * Zoo.gaussian(r);
                LocalDate day = START.plusDays(t);
                String segment = kind + (spiky ? "-runaway-" : "-") + i;
                out.add(new Observation(day, segment, "tokens", Math.round(base * use * weekday
                        * (runaway[t] ? spike : 1) * Math.exp(0.15 * Zoo.gaussian(r)))));
                out.add(new Observation(day, segment, "cycle_time", level * Math.exp(noise) * gain));
            }
        }
        return out;
    }

    /** Flagged of 80 each: steady, adopters, gaming (without runaway days), then the same kinds with them. */
    private static int[] flagged(double spike, Runaway where) {
        int[] flagged = KindTally.flagged(START.plusDays(PRE), seed -> organisation(seed, spike, where), "-runaway-");
        System.out.printf("x%.0f %s, flagged of 80: steady %d, adopters %d, gaming %d; with runaway days: steady %d,"
                + " adopters %d, gaming %d%n", spike, where, flagged[0], flagged[1], flagged[2], flagged[3], flagged[4],
                flagged[5]);
        return flagged;
    }

    /** Gaming with a tenfold baseline day: 23 of 80 found before the change, 75 now; thirtyfold 15, 74 (79 without). */
    @Test
    void aRunawayDayInTheBaselineDoesNotHideADoubling() {
        for (double spike : new double[] {10, 30}) {
            int[] f = flagged(spike, Runaway.BEFORE);
            assertThat(f[3]).as("steady teams with a runaway day flagged").isLessThanOrEqualTo(3);
            assertThat(f[4]).as("honest adopters with a runaway day flagged").isLessThanOrEqualTo(3);
            assertThat(f[5]).as("gaming teams with a runaway day flagged").isGreaterThanOrEqualTo(60);
            assertThat(f[2]).as("gaming teams without one flagged").isGreaterThanOrEqualTo(70);
        }
    }

    /** Steady teams with a thirtyfold day after the date: 29 of 80 flagged before the change, 0 now (gaming 78, 74). */
    @Test
    void aRunawayDayAfterTheDateIsNoRise() {
        int[] f = flagged(30, Runaway.AFTER);
        assertThat(f[3]).as("steady teams with a runaway day after the date flagged").isLessThanOrEqualTo(3);
        assertThat(f[4]).as("honest adopters with one flagged").isLessThanOrEqualTo(3);
        assertThat(f[5]).as("gaming teams with one flagged").isGreaterThanOrEqualTo(60);
    }

    /**
     * Thirtyfold days every 40 to 60 days on both sides of the date: steady teams 0 of 80 flagged before the change, 2
     * now; gaming teams 0 before (the days hid every doubling), 46 now (79 without such days): where the weeks since
     * the date have more such days than the baseline had, in proportion, they are read as a pattern and nothing is left
     * out (a first version allowing one more found 62, and let two weeks of scripted bursts after one baseline spike go
     * unseen).
     */
    @Test
    void runawayDaysOnBothSidesReadAlike() {
        int[] f = flagged(30, Runaway.BOTH_SIDES);
        assertThat(f[3]).as("steady teams with recurring runaway days flagged").isLessThanOrEqualTo(3);
        assertThat(f[4]).as("honest adopters with them flagged").isLessThanOrEqualTo(3);
        assertThat(f[5]).as("gaming teams with them flagged").isGreaterThanOrEqualTo(40);
    }
}
