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
 * An incident week (an outage, a backlog: cycle time two or three times its level for seven days, which straddle two
 * weekly blocks) set the outcome's line and noise in the expected response. In the baseline it hid every doubling with
 * nothing gained; after the date it made honest adopters look as if their gain had not come. Such an episode is now
 * left out of the outcome, by one rule before and after the date ({@code dev.goodhart.detect.RunawayWeeks}). Measured
 * here on 2026-12-04, 10 organisations of 48 teams, flagged of 80 per kind, before the change and after it (each test
 * says).
 */
class IncidentWeekTest {
    private static final LocalDate START = LocalDate.of(2025, 1, 6);
    private static final int PRE = 105;
    private static final int DAYS = 210;

    /**
     * 48 teams: 8 steady, 8 honest adopters (tokens x2, cycle time shorter by 2^0.3), 8 gaming (tokens x2, nothing
     * gained), each kind twice, with and without an incident of cycle time {@code times} its level for {@code days}
     * days, starting on a random day before the date or after it; tokens with a weekday rhythm and 15% daily noise,
     * cycle time with AR(1) 0.5 noise of 6%.
     */
    private static List<Observation> organisation(long seed, double times, int days, boolean after) {
        List<Observation> out = new ArrayList<>();
        String[] kinds = {"steady", "adopter", "gaming"};
        for (int i = 0; i < 48; i++) {
            String kind = kinds[i / 16];
            boolean incident = i % 16 >= 8;
            SplittableRandom r = new SplittableRandom(seed * 1000 + i);
            double base = 2000 + 4000 * r.nextDouble();
            double level = 3 + 3 * r.nextDouble();
            int from = after ? PRE + 10 + r.nextInt(DAYS - PRE - 20 - days) : 10 + r.nextInt(PRE - 20 - days);
            double noise = 0;
            for (int t = 0; t < DAYS; t++) {
                boolean since = t >= PRE;
                double use = since && !kind.equals("steady") ? 2 : 1;
                double gain = since && kind.equals("adopter") ? Math.pow(2, -0.3) : 1;
                double weekday = t % 7 >= 5 ? 0.3 : 1.15;
                noise = 0.5 * noise + 0.06 * Math.sqrt(0.75) * Zoo.gaussian(r);
                LocalDate day = START.plusDays(t);
                String segment = kind + (incident ? "-incident-" : "-") + i;
                out.add(new Observation(day, segment, "tokens",
                        Math.round(base * use * weekday * Math.exp(0.15 * Zoo.gaussian(r)))));
                double episode = incident && t >= from && t < from + days ? times : 1;
                out.add(new Observation(day, segment, "cycle_time", level * Math.exp(noise) * gain * episode));
            }
        }
        return out;
    }

    /** Flagged of 80 each: steady, adopters, gaming (without an incident), then the same kinds with one. */
    private static int[] flagged(double times, int days, boolean after) {
        int[] flagged = KindTally.flagged(START.plusDays(PRE), seed -> organisation(seed, times, days, after),
                "-incident-");
        System.out.printf("cycle time x%.1f for %d days %s the date, flagged of 80: steady %d, adopters %d, gaming %d;"
                + " with the incident: steady %d, adopters %d, gaming %d%n", times, days, after ? "after" : "before",
                flagged[0], flagged[1], flagged[2], flagged[3], flagged[4], flagged[5]);
        return flagged;
    }

    /** A doubled week in the baseline: gaming teams found 0 of 80 before the change, 74 now (78 without it, both). */
    @Test
    void anIncidentWeekInTheBaselineDoesNotHideADoubling() {
        int[] f = flagged(2, 7, false);
        assertThat(f[3]).as("steady teams with an incident flagged").isLessThanOrEqualTo(3);
        assertThat(f[4]).as("honest adopters with an incident flagged").isLessThanOrEqualTo(3);
        assertThat(f[5]).as("gaming teams with an incident flagged").isGreaterThanOrEqualTo(55);
        assertThat(f[2]).as("gaming teams without one flagged").isGreaterThanOrEqualTo(70);
    }

    /** A tripled week after the date: honest adopters flagged 33 of 80 before the change, 1 now; gaming 79 and 75. */
    @Test
    void anIncidentWeekAfterTheDateDoesNotAccuseAnAdopter() {
        int[] f = flagged(3, 7, true);
        assertThat(f[4]).as("honest adopters with an incident flagged").isLessThanOrEqualTo(4);
        assertThat(f[3]).as("steady teams with an incident flagged").isLessThanOrEqualTo(3);
        assertThat(f[5]).as("gaming teams with an incident flagged").isGreaterThanOrEqualTo(55);
    }

    /**
     * Three weeks of doubled cycle time in the baseline (a bad month): gaming found 0 of 80 before the change, 61 now
     * (79 without it, both). Half again its level for three weeks is within six robust errors of the weekly noise and
     * still hides doublings (36 of 80 found now).
     */
    @Test
    void aBadMonthInTheBaselineDoesNotHideADoubling() {
        int[] f = flagged(2, 21, false);
        assertThat(f[3]).as("steady teams with a bad month flagged").isLessThanOrEqualTo(3);
        assertThat(f[4]).as("honest adopters with a bad month flagged").isLessThanOrEqualTo(3);
        assertThat(f[5]).as("gaming teams with a bad month flagged").isGreaterThanOrEqualTo(40);
    }
}
