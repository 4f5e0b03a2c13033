package dev.goodhart.activity;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Days steadier than counting allows ({@link DailyRate#underdispersion}): a count of independent requests at a constant
 * rate reads so one time in forty, by construction; a schedule's near-constant days far more; a person's clustered
 * days (more varied than counting) never.
 */
class DailyRateTest {
    /** Poisson counts at a constant rate: below the 2.5% point about one time in forty (Wilson-Hilferty's quantile). */
    @Test
    void countsAtAConstantRateReadAsUnderdispersedAboutOneTimeInForty() {
        SplittableRandom r = new SplittableRandom(11);
        for (int days : new int[] {8, 20, 60}) {
            for (double rate : new double[] {6, 40, 400}) {
                int below = 0;
                int actors = 4_000;
                for (int a = 0; a < actors; a++) {
                    DailyRate d = new DailyRate();
                    for (int i = 0; i < days; i++) {
                        d.add(DailyUsageSimulation.poisson(r, rate));
                    }
                    below += d.underdispersion() > 0 ? 1 : 0;
                }
                // 2.5% of 4,000 is 100, its binomial standard error 9.9; the approximation and small rates move it a
                // little (at a rate of 6, counts are far from normal)
                assertThat(below).as("%d days at %.0f a day", days, rate).isBetween(55, 150);
            }
        }
    }

    /**
     * A schedule's days (the same count within a few) read as underdispersed by several powers of two; a person's,
     * varying by 30%, not at all; identical days as finite.
     */
    @Test
    void scheduledDaysReadFarBelowCountingAndPeoplesDaysNot() {
        SplittableRandom r = new SplittableRandom(5);
        DailyRate schedule = new DailyRate();
        DailyRate person = new DailyRate();
        DailyRate identical = new DailyRate();
        for (int i = 0; i < 20; i++) {
            schedule.add(147 + r.nextInt(9) - 4);
            person.add(DailyUsageSimulation.poisson(r, 150 * Math.exp(0.3 * r.nextGaussian())));
            identical.add(100);
        }
        assertThat(schedule.underdispersion()).isGreaterThan(2);
        assertThat(person.underdispersion()).isZero();
        assertThat(identical.underdispersion()).isFinite().isGreaterThan(schedule.underdispersion());
        // the steadiness the steady-days signature reads grows by it
        assertThat(schedule.rateSteadiness()).isGreaterThan(person.rateSteadiness() + 2);
        DailyRate few = new DailyRate();
        for (int i = 0; i < DailyRate.MIN_DISPERSION_DAYS - 1; i++) {
            few.add(100);
        }
        assertThat(few.underdispersion()).isZero();
    }
}
