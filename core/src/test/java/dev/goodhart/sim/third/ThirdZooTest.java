package dev.goodhart.sim.third;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.goodhart.model.Observation;
import dev.goodhart.sim.third.ThirdZoo.Cell;
import dev.goodhart.sim.third.ThirdZoo.Kind;
import dev.goodhart.sim.third.ThirdZoo.Org;
import dev.goodhart.sim.third.ThirdZoo.Team;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The third zoo's generator keeps its own promises (the library's detection is not asserted here). */
class ThirdZooTest {
    private static final int TEAMS_PER_KIND = 2;

    @Test
    void sixteenDistinctCells() {
        assertThat(ThirdZoo.cells()).hasSize(16).doesNotHaveDuplicates();
        assertThat(ThirdZoo.cells().stream().filter(Cell::easy)).hasSize(4);
    }

    @Test
    void teamCountsAndKinds() {
        for (Cell cell : ThirdZoo.cells()) {
            for (int i = 0; i < 4; i++) {
                Org org = ThirdZoo.organisation(cell, i, TEAMS_PER_KIND, 11);
                for (Kind k : Kind.values()) {
                    long n = org.teams().stream().filter(t -> t.kind() == k).count();
                    int expected = k == Kind.G_DEPARTMENT ? (org.spec().department() ? 4 * TEAMS_PER_KIND : 1)
                            : TEAMS_PER_KIND;
                    assertThat(n).as("%s %s", org.spec().id(), k).isEqualTo(expected);
                }
                Set<String> names = new HashSet<>();
                org.teams().forEach(t -> assertThat(names.add(t.name())).isTrue());
                for (Observation o : org.observations()) {
                    assertThat(names).contains(o.segment());
                    assertThat(o.value()).isFinite().isGreaterThanOrEqualTo(0);
                }
                for (Team t : org.teams()) {
                    assertThat(t.gaming()).isEqualTo(t.kind().gaming());
                }
            }
        }
    }

    @Test
    void honestTeamsHaveNoInflation() {
        for (Cell cell : ThirdZoo.cells()) {
            Org org = ThirdZoo.organisation(cell, 1, TEAMS_PER_KIND, 5);
            for (Team t : org.teams()) {
                if (!t.gaming()) {
                    assertThat(t.inflation()).isZero();
                    assertThat(t.targetInflation()).isZero();
                    assertThat(t.secondaryGaming()).isFalse();
                }
            }
        }
    }

    @Test
    void gamingTeamsAreInflatedByAboutTheRecordedShare() {
        for (Cell cell : ThirdZoo.cells()) {
            for (int i = 0; i < 3; i++) {
                Org org = ThirdZoo.organisation(cell, i, TEAMS_PER_KIND, 7);
                for (Team t : org.teams()) {
                    if (!t.gaming()) {
                        continue;
                    }
                    assertThat(t.targetInflation()).isIn(0.15, 0.25, 0.4, 0.55, 0.7);
                    // agents are whole numbers: a small team's few agents move the realised share further
                    double tolerance = org.spec().proxy() == ThirdZoo.ProxyKind.AGENTS ? 0.1 : 0.03;
                    assertThat(t.inflation()).as("%s %s", t.name(), t.kind())
                            .isCloseTo(t.targetInflation(), within(tolerance));
                }
            }
        }
    }

    @Test
    void inflatedProxyRisesMoreThanTheHonestSteadyTeams() {
        // the observed proxy of a padding team rises by about 1 / (1 - inflation) against a team whose use is flat
        Cell cell = new Cell(ThirdZoo.History.LONG, ThirdZoo.Size.LARGE, ThirdZoo.OutcomeKind.CYCLE_TIME);
        Org org = ThirdZoo.organisation(cell, 0, 4, 3);
        List<Team> jumps = org.teams().stream().filter(t -> t.kind() == Kind.G_JUMP).toList();
        for (Team t : jumps) {
            assertThat(t.useRise()).as(t.name()).isGreaterThan(1 / (1 - t.targetInflation()) * 0.8);
        }
        for (Team t : org.teams().stream().filter(t -> t.kind() == Kind.STEADY).toList()) {
            assertThat(t.useRise()).as(t.name()).isBetween(0.8, 1.25);
        }
    }

    @Test
    void deterministic() {
        Cell cell = ThirdZoo.cells().get(5);
        assertThat(ThirdZoo.organisation(cell, 2, 1, 9).observations())
                .isEqualTo(ThirdZoo.organisation(cell, 2, 1, 9).observations());
    }
}
