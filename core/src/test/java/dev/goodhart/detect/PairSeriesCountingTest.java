package dev.goodhart.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.goodhart.model.Aggregation;
import dev.goodhart.model.Direction;
import dev.goodhart.model.Frame;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.model.Metric;
import dev.goodhart.model.Observation;
import dev.goodhart.model.Role;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * {@link PairSeries#of} undoes declared counting changes, exactly where use is spread evenly over a straddling week,
 * and keeps the series as counted (lagged with the outcome) for what is compared with counted numbers.
 */
class PairSeriesCountingTest {
    private static final LocalDate MONDAY = LocalDate.of(2026, 1, 5);
    private static final LocalDate THURSDAY = MONDAY.plusWeeks(6).plusDays(3);

    private static IntegrityModel.Builder model(Granularity g, int lag) {
        return IntegrityModel.builder().metric(Metric.proxy("tokens", "tokens"))
                .metric(Metric.outcome("tickets", Direction.HIGHER, "tickets"))
                .link(new Link("tokens", "tickets", 1, lag)).granularity(g);
    }

    /** 12 weeks of one team: 100 tokens a day (times {@code factor} from the Thursday of week 7), tickets 1, 2, ... */
    private static List<Observation> rows(double factor, boolean recountTickets) {
        List<Observation> out = new ArrayList<>();
        for (int d = 0; d < 84; d++) {
            LocalDate day = MONDAY.plusDays(d);
            boolean after = !day.isBefore(THURSDAY);
            out.add(new Observation(day, "team", "tokens", 100 * (after ? factor : 1)));
            out.add(new Observation(day, "team", "tickets", (d + 1) * (after && recountTickets ? factor : 1)));
        }
        return out;
    }

    private static PairSeries pair(IntegrityModel model, List<Observation> rows) {
        Optional<PairSeries> p = PairSeries.of(model, Frame.of(model, rows), model.links().get(0), "team", 1, w -> { });
        return p.orElseThrow();
    }

    @Test
    void aStraddlingWeekOfEvenUseIsUndoneExactly() {
        PairSeries never = pair(model(Granularity.WEEK, 0).build(), rows(1, false));
        PairSeries undone = pair(model(Granularity.WEEK, 0).countingChange("tokens", THURSDAY, 1.5).build(),
                rows(1.5, false));
        assertThat(undone.proxy()).containsExactly(never.proxy(), within(1e-9));
        // the week of the change was counted 3 x 100 + 4 x 150 = 900, the next ones 1050: kept as counted
        assertThat(undone.countedProxyValues()[6]).isEqualTo(900);
        assertThat(undone.countedProxyValues()[7]).isEqualTo(1050);
        // a pair built directly has nothing undone: as counted is as given
        assertThat(never.countedProxyValues()).isSameAs(never.proxyValues());
    }

    @Test
    void theOutcomeAsCountedIsLaggedWithTheOutcome() {
        int lag = 2;
        IntegrityModel declared = model(Granularity.DAY, lag).countingChange("tickets", THURSDAY, 2).build();
        PairSeries undone = pair(declared, rows(2, true));
        PairSeries never = pair(model(Granularity.DAY, lag).build(), rows(1, false));
        assertThat(undone.outcome()).containsExactly(never.outcome(), within(1e-9));
        double[] counted = undone.countedOutcomeValues();
        int change = (int) java.time.temporal.ChronoUnit.DAYS.between(MONDAY, THURSDAY);
        for (int t = 0; t < counted.length; t++) {
            int day = t + lag; // element t of the outcome is the value lag periods later
            if (day >= 84) {
                assertThat(counted[t]).as("period " + t).isNaN();
            } else {
                assertThat(counted[t]).as("period " + t).isEqualTo((day + 1) * (day >= change ? 2 : 1));
            }
        }
        // the proxy was not recounted: nothing to keep
        assertThat(undone.countedProxyValues()).isSameAs(undone.proxyValues());
    }

    @Test
    void aLevelKeptAtThePeriodsEndIsReadTheNewWayForTheWholePeriod() {
        IntegrityModel model = IntegrityModel.builder()
                .metric(new Metric("seats", Role.PROXY, Direction.HIGHER, "seats", Aggregation.LAST))
                .metric(Metric.outcome("tickets", Direction.HIGHER, "tickets"))
                .link("seats", "tickets").granularity(Granularity.WEEK).countingChange("seats", THURSDAY, 2).build();
        List<Observation> rows = new ArrayList<>();
        for (int d = 0; d < 84; d++) {
            LocalDate day = MONDAY.plusDays(d);
            rows.add(new Observation(day, "team", "seats", day.isBefore(THURSDAY) ? 10 : 20));
            rows.add(new Observation(day, "team", "tickets", 5));
        }
        assertThat(pair(model, rows).proxy()).containsOnly(10);
    }
}
