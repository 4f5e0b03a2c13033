package dev.goodhart;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;

class FrameTest {
    private static final IntegrityModel WEEKLY = IntegrityModel.builder()
            .proxy("tokens", "tokens")
            .metric(new Metric("cycle_time", Role.OUTCOME, Direction.LOWER, "days", Aggregation.MEAN))
            .metric(new Metric("headcount", Role.OUTCOME, Direction.HIGHER, "people", Aggregation.LAST))
            .link("tokens", "cycle_time")
            .granularity(Granularity.WEEK)
            .build();

    /** One mistyped year used to build a two-thousand-year calendar and run out of memory. */
    @Test
    void aMistypedYearIsRefusedNamingTheDatesNotACalendarOfTwoThousandYears() {
        assertThatThrownBy(() -> Frame.of(WEEKLY, List.of(
                Observation.of("2026-01-05", "a", "tokens", 10),
                Observation.of("2026-02-02", "a", "tokens", 10),
                Observation.of("0026-03-02", "b", "tokens", 10))))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0026-03-02").hasMessageContaining("2026-02-02")
                .hasMessageContaining("more than 100 years").hasMessageContaining("mistyped year");
        // a hundred years of weeks is still a calendar
        Frame f = Frame.of(WEEKLY, List.of(Observation.of("1930-01-06", "a", "tokens", 1),
                Observation.of("2025-01-06", "a", "tokens", 2)));
        assertThat(f.periodCount()).isGreaterThan(4900);
    }

    @Test
    void bucketsToWeeksWithEachMetricsAggregation() {
        Frame f = Frame.of(WEEKLY, List.of(
                Observation.of("2025-01-06", "a", "tokens", 10), // Monday
                Observation.of("2025-01-12", "a", "tokens", 5), // Sunday, same ISO week
                Observation.of("2025-01-06", "a", "cycle_time", 2),
                Observation.of("2025-01-08", "a", "cycle_time", 4),
                Observation.of("2025-01-07", "a", "headcount", 7),
                Observation.of("2025-01-09", "a", "headcount", 8),
                Observation.of("2025-01-27", "a", "tokens", 1)));
        assertThat(f.periodCount()).isEqualTo(4);
        assertThat(f.period(0)).isEqualTo(LocalDate.parse("2025-01-06"));
        assertThat(f.series("a", "tokens")).containsExactly(15, Double.NaN, Double.NaN, 1);
        assertThat(f.series("a", "cycle_time")[0]).isEqualTo(3);
        assertThat(f.series("a", "headcount")[0]).isEqualTo(8);
        assertThat(f.indexOf(LocalDate.parse("2025-01-29"))).isEqualTo(3);
    }

    @Test
    void missingPeriodsAreNaNNotZero() {
        Frame f = Frame.of(WEEKLY, List.of(
                Observation.of("2025-01-06", "a", "tokens", 10),
                Observation.of("2025-01-20", "a", "tokens", 30)));
        assertThat(f.series("a", "tokens")).containsExactly(10, Double.NaN, 30);
        assertThat(f.presentCount()).isEqualTo(2);
    }

    @Test
    void organisationSeriesAggregatesSegmentsUnlessGiven() {
        Frame f = Frame.of(WEEKLY, List.of(
                Observation.of("2025-01-06", "a", "tokens", 10),
                Observation.of("2025-01-06", "b", "tokens", 30),
                Observation.of("2025-01-06", "a", "cycle_time", 2),
                Observation.of("2025-01-06", "b", "cycle_time", 4),
                Observation.of("2025-01-13", "b", "cycle_time", 6)));
        assertThat(f.series(Segments.ALL, "tokens")).containsExactly(40, Double.NaN);
        assertThat(f.series(Segments.ALL, "cycle_time")).containsExactly(3, 6);
        Frame given = Frame.of(WEEKLY, List.of(
                Observation.of("2025-01-06", "a", "tokens", 10),
                Observation.of("2025-01-06", "", "tokens", 99)));
        assertThat(given.series(Segments.ALL, "tokens")).containsExactly(99);
        assertThat(given.segments()).containsExactly("a");
    }

    @Test
    void monthlyAndDailyCalendars() {
        IntegrityModel monthly = WEEKLY.toBuilder().granularity(Granularity.MONTH).build();
        Frame f = Frame.of(monthly, List.of(
                Observation.of("2024-11-30", "a", "tokens", 1),
                Observation.of("2025-02-01", "a", "tokens", 2)));
        assertThat(f.periods()).containsExactly(LocalDate.parse("2024-11-01"), LocalDate.parse("2024-12-01"),
                LocalDate.parse("2025-01-01"), LocalDate.parse("2025-02-01"));
        IntegrityModel daily = WEEKLY.toBuilder().granularity(Granularity.DAY).build();
        assertThat(Frame.of(daily, List.of(Observation.of("2024-02-28", "a", "tokens", 1),
                Observation.of("2024-03-01", "a", "tokens", 1))).periodCount()).isEqualTo(3);
    }

    @Test
    void equalFramesFromDifferentOrder() {
        List<Observation> obs = List.of(Observation.of("2025-01-06", "a", "tokens", 10),
                Observation.of("2025-01-13", "b", "tokens", 3), Observation.of("2025-01-06", "a", "cycle_time", 1));
        Frame f1 = Frame.of(WEEKLY, obs);
        Frame f2 = Frame.of(WEEKLY, List.of(obs.get(2), obs.get(1), obs.get(0)));
        assertThat(f1).isEqualTo(f2).hasSameHashCodeAs(f2);
        assertThat(f1.toString()).contains("weekly", "2 segments", "3 values present");
    }

    @Test
    void badInputIsRejected() {
        assertThatThrownBy(() -> Frame.of(WEEKLY, List.of(Observation.of("2025-01-06", "a", "other", 1))))
                .hasMessageContaining("no observation belongs to a metric of the model");
        assertThatThrownBy(() -> Observation.of("2025-01-06", "a", "tokens", Double.POSITIVE_INFINITY))
                .hasMessageContaining("infinite");
        Frame f = Frame.of(WEEKLY, List.of(Observation.of("2025-01-06", "a", "tokens", 1)));
        assertThatThrownBy(() -> f.series("a", "nope")).hasMessageContaining("unknown metric 'nope'");
        assertThatThrownBy(() -> f.series("zz", "tokens")).hasMessageContaining("segment 'zz'");
        double[] copy = f.series("a", "tokens");
        copy[0] = 42;
        assertThat(f.series("a", "tokens")[0]).isEqualTo(1);
    }
}
