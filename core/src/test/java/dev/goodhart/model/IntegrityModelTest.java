package dev.goodhart.model;


import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class IntegrityModelTest {

    private static IntegrityModel.Builder base() {
        return IntegrityModel.builder().proxy("tokens", "tokens").outcome("cycle_time", Direction.LOWER, "days");
    }

    @Test
    void buildsAnImmutableModel() {
        IntegrityModel m = base().link("tokens", "cycle_time")
                .intervention(LocalDate.parse("2025-07-01"), "quota")
                .intervention(LocalDate.parse("2025-01-01"), "dashboard")
                .quota("tokens", 1000).granularity(Granularity.WEEK).build();
        assertThat(m.links()).containsExactly(Link.of("tokens", "cycle_time"));
        assertThat(m.interventions()).extracting(Intervention::label).containsExactly("dashboard", "quota");
        assertThat(m.interventionFor("team-a")).map(Intervention::label).contains("dashboard");
        // a wave naming a segment wins over a date for every segment, earlier or not (a rollout: the teams of the
        // wave from its date, the others from the organisation's)
        IntegrityModel waves = base().link("tokens", "cycle_time")
                .intervention(LocalDate.parse("2025-01-06"), "quota")
                .intervention(new Intervention(LocalDate.parse("2025-02-03"), "second wave",
                        java.util.Set.of("team-b")))
                .build();
        assertThat(waves.interventionFor("team-b")).map(Intervention::label).contains("second wave");
        assertThat(waves.interventionFor("team-a")).map(Intervention::label).contains("quota");
        assertThat(waves.interventionFor("*")).map(Intervention::label).contains("quota");
        assertThat(m.quotaFor("tokens", "team-a")).map(Quota::value).contains(1000.0);
        assertThat(m.metric("cycle_time").direction()).isEqualTo(Direction.LOWER);
        assertThat(m.toBuilder().build()).isEqualTo(m).hasSameHashCodeAs(m);
        assertThatThrownBy(() -> m.links().add(Link.of("a", "b"))).isInstanceOf(UnsupportedOperationException.class);
        assertThat(m.toString()).contains("weekly", "tokens -> cycle_time", "2025-07-01 (quota)");
    }

    @Test
    void messagesNameTheFieldAndTheValue() {
        assertThatThrownBy(() -> base().link("tokenz", "cycle_time"))
                .hasMessage("link proxy: unknown metric 'tokenz'; declared metrics are [tokens, cycle_time]");
        assertThatThrownBy(() -> base().link("cycle_time", "tokens"))
                .hasMessage("link proxy: metric 'cycle_time' is declared as outcome, expected proxy");
        assertThatThrownBy(() -> base().link("tokens", "tokens"))
                .hasMessage("link outcome: metric 'tokens' is declared as proxy, expected outcome");
        assertThatThrownBy(() -> base().proxy("tokens", "x"))
                .hasMessage("metrics: duplicate metric name 'tokens'");
        assertThatThrownBy(() -> base().link("tokens", "cycle_time").link("tokens", "cycle_time"))
                .hasMessage("links: duplicate link tokens -> cycle_time");
        assertThatThrownBy(() -> base().quota("cycle_time", 3))
                .hasMessage("quota metric: metric 'cycle_time' is declared as outcome, expected proxy");
        assertThatThrownBy(() -> base().quota("tokens", Double.NaN))
                .hasMessage("quota tokens: value must be a finite number above 0 (the proxy's target), found NaN");
        // a target of use: a negative or zero one was accepted and only noted by threshold bunching
        assertThatThrownBy(() -> base().quota("tokens", -5))
                .hasMessage("quota tokens: value must be a finite number above 0 (the proxy's target), found -5.0");
        assertThatThrownBy(() -> base().quota("tokens", 0))
                .hasMessage("quota tokens: value must be a finite number above 0 (the proxy's target), found 0.0");
        assertThatThrownBy(() -> base().proxy(" ", "x"))
                .hasMessage("metric name: must be a non-blank name, found ' '");
        assertThatThrownBy(() -> base().segments("a", "a")).hasMessage("segments: duplicate segment 'a'");
        assertThatThrownBy(() -> new Link("tokens", "cycle_time", 0, 0))
                .hasMessageContaining("expectedSign must be +1 or -1, found 0");
        assertThatThrownBy(() -> new Link("tokens", "cycle_time", 1, -2)).hasMessageContaining("lag must be 0 or more");
        assertThatThrownBy(() -> base().build()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("at least one proxy -> outcome link");
    }

    @Test
    void parsesOptionValues() {
        assertThat(Direction.parse("Lower")).isEqualTo(Direction.LOWER);
        assertThat(Granularity.parse("week")).isEqualTo(Granularity.WEEK);
        assertThat(Aggregation.parse("LAST")).isEqualTo(Aggregation.LAST);
        assertThatThrownBy(() -> Direction.parse("down")).hasMessage("direction: expected 'higher' or 'lower', found 'down'");
        assertThatThrownBy(() -> Granularity.parse("year")).hasMessageContaining("found 'year'");
    }

    @Test
    void segmentSpecificQuotaWins() {
        IntegrityModel m = base().link("tokens", "cycle_time").quota("tokens", 1000)
                .quota(new Quota("tokens", "team-a", 500)).build();
        assertThat(m.quotaFor("tokens", "team-a")).map(Quota::value).contains(500.0);
        assertThat(m.quotaFor("tokens", "team-b")).map(Quota::value).contains(1000.0);
    }

    /**
     * An intervention's segment names are trimmed as an observation's are, so that " team-0" applies to the segment
     * team-0 (it applied to nobody: a helper's team lost its date); a blank one is refused.
     */
    @Test
    void interventionSegmentsAreTrimmedAndNeverBlank() {
        LocalDate d = LocalDate.of(2025, 1, 6);
        Intervention i = new Intervention(d, "q", java.util.Set.of(" team-0", "team-1 "));
        assertThat(i.segments()).containsExactlyInAnyOrder("team-0", "team-1");
        assertThat(i.appliesTo(new Observation(d, " team-0 ", "tokens", 1).segment())).isTrue();
        assertThat(i.appliesTo("team-2")).isFalse();
        assertThatThrownBy(() -> new Intervention(d, "q", java.util.Set.of("team-0", " ")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("intervention on 2025-01-06: a blank segment name (an intervention for every segment "
                        + "names no segment)");
        assertThat(new Intervention(d, "q", null).segments()).isEmpty();
    }
}
