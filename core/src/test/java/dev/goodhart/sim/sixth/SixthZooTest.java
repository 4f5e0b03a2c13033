package dev.goodhart.sim.sixth;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.goodhart.model.Observation;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sixth zoo's draws stay the helper's: organisation 0 of seed 1 as {@code SixthZoo} drew it on 2026-12-04, when
 * its every team's kind, inflation, verdict and score matched the helper's own program for organisations 0-199 (README,
 * "The sixth zoo"). A change to the generator that moves any draw changes these.
 */
class SixthZooTest {
    @Test
    void organisationZeroOfSeedOneIsAsDrawn() {
        SixthZoo.Org org = SixthZoo.organisation(1, 0);
        assertThat(org.cell()).isEqualTo("incidents|WEEKdaily|low|S8-20|waves");
        assertThat(org.teams()).hasSize(17);
        assertThat(org.pre()).isEqualTo(81);
        assertThat(org.post()).isEqualTo(167);
        assertThat(org.waves()).containsExactly(LocalDate.of(2026, 8, 21), LocalDate.of(2026, 9, 18));
        List<SixthZoo.Team> teams = org.teams();
        assertThat(teams.get(0).kind()).isEqualTo("regime");
        assertThat(teams.get(0).gaming()).isFalse();
        assertThat(teams.get(1).kind()).isEqualTo("split");
        assertThat(teams.get(1).inflation()).isEqualTo(2.832292130706594);
        assertThat(teams.get(1).realisedInflation()).isEqualTo(2.767039077527174);
        assertThat(teams.get(2).kind()).isEqualTo("ramp");
        assertThat(teams.get(2).inflation()).isEqualTo(1.798323246588058);
        assertThat(org.observations()).hasSize(9044);
        double sum = org.observations().stream().mapToDouble(Observation::value).sum();
        assertThat(sum).isCloseTo(1.684364192E9, within(1.0));
    }

    @Test
    void theSameSeedAndIndexDrawTheSameOrganisation() {
        SixthZoo.Org a = SixthZoo.organisation(2, 17);
        SixthZoo.Org b = SixthZoo.organisation(2, 17);
        assertThat(b.observations()).isEqualTo(a.observations());
        assertThat(b.teams()).isEqualTo(a.teams());
    }
}
