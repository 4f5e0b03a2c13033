package dev.goodhart.scoring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.Goodhart;
import dev.goodhart.model.Direction;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Intervention;
import dev.goodhart.model.Observation;
import dev.goodhart.model.Segments;
import dev.goodhart.report.PairResult;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * An intervention naming only segments the data does not have (a different case) applies to nobody: the
 * organisation's notes say so, naming them and the data's segments; one naming any of the data's own says nothing.
 */
class InterventionSegmentsTest {
    private static final LocalDate START = LocalDate.of(2025, 1, 6);

    private static PairResult organisation(Set<String> named) {
        SplittableRandom r = new SplittableRandom(5);
        List<Observation> rows = new ArrayList<>();
        for (int s = 0; s < 4; s++) {
            for (int w = 0; w < 30; w++) {
                LocalDate d = START.plusWeeks(w);
                rows.add(new Observation(d, "team-" + s, "tokens", 1000 * (1 + 0.1 * r.nextGaussian())));
                rows.add(new Observation(d, "team-" + s, "cycle_time", 3 * (1 + 0.1 * r.nextGaussian())));
            }
        }
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "days").link("tokens", "cycle_time")
                .granularity(Granularity.WEEK).intervention(new Intervention(START.plusWeeks(15), "quota", named))
                .build();
        return Goodhart.score(model, rows).pairs().stream().filter(p -> p.segment().equals(Segments.ALL)).findFirst()
                .orElseThrow();
    }

    @Test
    void anInterventionNamingNoSegmentOfTheDataIsSaid() {
        assertThat(organisation(Set.of("Team-0", "Team-1")).notes()).contains("the intervention on 2025-04-21 (quota) "
                + "names 2 segments, none with rows in the data: Team-0, Team-1 (names match exactly, case included; "
                + "the data's segments are team-0, team-1, team-2, team-3)");
        // one of them right: the intervention reaches that one, nothing said
        assertThat(organisation(Set.of("Team-0", "team-1")).notes()).noneSatisfy(n -> assertThat(n)
                .contains("with rows in the data"));
        assertThat(organisation(Set.of("team-0", "team-1")).notes()).noneSatisfy(n -> assertThat(n)
                .contains("with rows in the data"));
        // an intervention for every segment names none: nothing said
        assertThat(organisation(Set.of()).notes()).noneSatisfy(n -> assertThat(n).contains("with rows in the data"));
    }
}
