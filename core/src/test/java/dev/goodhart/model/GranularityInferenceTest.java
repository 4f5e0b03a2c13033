package dev.goodhart.model;

import dev.goodhart.Goodhart;

import dev.goodhart.report.IntegrityReport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The library infers the period of the data instead of reading weekly rows as days (issue 17). */
class GranularityInferenceTest {
    private static List<LocalDate> every(LocalDate start, int step, int count) {
        List<LocalDate> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(start.plusDays((long) step * i));
        }
        return out;
    }

    /**
     * Each metric's own period, the coarsest: daily tokens with an outcome given once a week are weekly data, an
     * outcome seen on scattered days is daily, and a head count given monthly (an exposure, carried forward) does not
     * make the scoring monthly.
     */
    @Test
    void theCoarsestMetricSetsThePeriod() {
        List<LocalDate> days = every(LocalDate.of(2026, 1, 5), 1, 120);
        List<LocalDate> mondays = every(LocalDate.of(2026, 1, 5), 7, 17);
        List<LocalDate> scattered = every(LocalDate.of(2026, 1, 5), 3, 40);
        assertThat(Granularity.inferCoarsest(java.util.Map.of("tokens", days, "cycle_time", mondays)))
                .isEqualTo(Granularity.WEEK);
        assertThat(Granularity.inferCoarsest(java.util.Map.of("tokens", days, "cycle_time", scattered)))
                .isEqualTo(Granularity.DAY);
        assertThat(Granularity.inferCoarsest(java.util.Map.of())).isEqualTo(Granularity.DAY);
        List<LocalDate> stray = new ArrayList<>(mondays);
        stray.add(LocalDate.of(2026, 2, 4)); // a Wednesday among 17 Mondays
        // beside daily tokens, all the dates together decide: daily (as before each metric was read on its own)
        assertThat(Granularity.inferCoarsest(java.util.Map.of("tokens", days, "cycle_time", stray)))
                .isEqualTo(Granularity.DAY);
        // alone, or beside a metric that cannot decide either, the stray date is named
        List<LocalDate> otherMondays = every(LocalDate.of(2026, 1, 5), 7, 17);
        assertThatThrownBy(() -> Granularity.inferCoarsest(java.util.Map.of("tokens", otherMondays, "cycle_time", stray)))
                .hasMessageStartingWith("cycle_time: the dates look weekly (17 of 18 fall on a Monday) but 2026-02-04");

        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "days").exposure("headcount", "people")
                .link("tokens", "cycle_time").per("tokens", "headcount").build();
        List<Observation> rows = new ArrayList<>();
        for (LocalDate d : days) {
            rows.add(new Observation(d, "a", "tokens", 100));
            if (d.getDayOfWeek() == java.time.DayOfWeek.MONDAY) {
                rows.add(new Observation(d, "a", "cycle_time", 3));
            }
            if (d.getDayOfMonth() == 1 || d.equals(days.get(0))) {
                rows.add(new Observation(d, "a", "headcount", 8));
            }
        }
        IntegrityReport weekly = Goodhart.score(model, rows);
        assertThat(weekly.model().granularity()).isEqualTo(Granularity.WEEK);
        rows.removeIf(o -> o.metric().equals("cycle_time"));
        for (LocalDate d : days) {
            rows.add(new Observation(d, "a", "cycle_time", 3));
        }
        // every metric daily but the monthly head count: daily
        assertThat(Goodhart.score(model, rows).model().granularity()).isEqualTo(Granularity.DAY);
    }

    /**
     * Weekly rows dated on Mondays in five segments and on Wednesdays in one read as daily when their dates are pooled:
     * refused, naming the weekdays, where the period is not declared (a helper's organisation: its gaming teams went
     * from GAMED to WATCH without a word); with the period declared, scored as weeks.
     */
    @Test
    void weeklyRowsOnDifferentWeekdaysAreNotReadAsDays() {
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "days").link("tokens", "cycle_time")
                .intervention(LocalDate.of(2026, 3, 2), "quota").build();
        List<Observation> rows = new ArrayList<>();
        for (int s = 0; s < 6; s++) {
            LocalDate first = LocalDate.of(2026, 1, 5).plusDays(s == 5 ? 2 : 0);
            for (LocalDate d : every(first, 7, 20)) {
                rows.add(new Observation(d, "team-" + s, "tokens", 100 + s));
                rows.add(new Observation(d, "team-" + s, "cycle_time", 3));
            }
        }
        assertThatThrownBy(() -> Goodhart.score(model, rows)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("tokens has one row a week in 6 of 6 segments (dated Mon in 5, Wed in 1), but the dates "
                        + "together read as daily, where six days in seven would be missing: declare the period "
                        + "(IntegrityModel.Builder.granularity(Granularity.WEEK)), or date every segment's weeks on the "
                        + "same weekday");
        IntegrityReport weekly = Goodhart.score(model.toBuilder().granularity(Granularity.WEEK).build(), rows);
        assertThat(weekly.model().granularity()).isEqualTo(Granularity.WEEK);
        // daily rows in every segment are daily, as before
        List<Observation> daily = new ArrayList<>();
        for (int s = 0; s < 6; s++) {
            for (LocalDate d : every(LocalDate.of(2026, 1, 5), 1, 120)) {
                daily.add(new Observation(d, "team-" + s, "tokens", 100 + s));
                daily.add(new Observation(d, "team-" + s, "cycle_time", 3));
            }
        }
        assertThat(Goodhart.score(model, daily).model().granularity()).isEqualTo(Granularity.DAY);
    }

    @Test
    void infersDaysWeeksAndMonths() {
        assertThat(Granularity.infer(every(LocalDate.of(2026, 1, 5), 1, 90))).isEqualTo(Granularity.DAY);
        assertThat(Granularity.infer(every(LocalDate.of(2026, 1, 5), 7, 30))).isEqualTo(Granularity.WEEK);
        List<LocalDate> months = new ArrayList<>();
        for (int m = 0; m < 24; m++) {
            months.add(LocalDate.of(2025, 1, 1).plusMonths(m));
        }
        assertThat(Granularity.infer(months)).isEqualTo(Granularity.MONTH);
        // month ends (as most exports date a month) and mid-month dates are monthly too; they were read as daily data
        List<LocalDate> ends = new ArrayList<>();
        List<LocalDate> fifteenths = new ArrayList<>();
        for (LocalDate m : months) {
            ends.add(m.withDayOfMonth(m.lengthOfMonth()));
            fifteenths.add(m.withDayOfMonth(15));
        }
        assertThat(Granularity.infer(ends)).isEqualTo(Granularity.MONTH);
        assertThat(Granularity.infer(fifteenths)).isEqualTo(Granularity.MONTH);
        // the last business day of each month (gaps of 27 to 33 days), with a month missing, and a survey on the 15th
        // give or take four days: monthly (a reviewer found them read as daily by a first version)
        List<LocalDate> business = new ArrayList<>();
        List<LocalDate> around = new ArrayList<>();
        java.util.Random jitter = new java.util.Random(2);
        for (LocalDate m : months) {
            LocalDate d = m.withDayOfMonth(m.lengthOfMonth());
            while (d.getDayOfWeek().getValue() > 5) {
                d = d.minusDays(1);
            }
            if (!m.equals(months.get(7))) {
                business.add(d);
            }
            around.add(m.withDayOfMonth(11 + jitter.nextInt(9)));
        }
        assertThat(Granularity.infer(business)).isEqualTo(Granularity.MONTH);
        assertThat(Granularity.infer(around)).isEqualTo(Granularity.MONTH);
        assertThat(Granularity.infer(business.subList(0, 6))).isEqualTo(Granularity.MONTH);
        // two month ends are not enough to say
        assertThat(Granularity.infer(ends.subList(0, 2))).isNotEqualTo(Granularity.MONTH);
        // an outcome seen on scattered days about every 45 days stays daily (a reviewer: read as months 25% of the time)
        java.util.Random random = new java.util.Random(5);
        int asMonths = 0;
        for (int trial = 0; trial < 200; trial++) {
            List<LocalDate> scattered = new ArrayList<>();
            for (int d = 0; d < 182; d++) {
                if (random.nextInt(45) == 0) {
                    scattered.add(LocalDate.of(2025, 1, 1).plusDays(d));
                }
            }
            asMonths += scattered.size() >= 2 && Granularity.infer(scattered) == Granularity.MONTH ? 1 : 0;
        }
        assertThat(asMonths).isLessThanOrEqualTo(4);
        // every 30 days is not one date a month (two fall in one month now and then), every 28 on a Monday is weeks
        assertThat(Granularity.infer(every(LocalDate.of(2025, 1, 1), 30, 24))).isEqualTo(Granularity.DAY);
        assertThat(Granularity.infer(every(LocalDate.of(2026, 1, 5), 28, 24))).isEqualTo(Granularity.WEEK);
        // weekdays only, and daily data with missing days, are still daily
        List<LocalDate> weekdays = new ArrayList<>();
        for (LocalDate d : every(LocalDate.of(2026, 1, 5), 1, 120)) {
            if (d.getDayOfWeek().getValue() <= 5) {
                weekdays.add(d);
            }
        }
        assertThat(Granularity.infer(weekdays)).isEqualTo(Granularity.DAY);
        // fortnightly on one weekday: weeks with every other one missing
        assertThat(Granularity.infer(every(LocalDate.of(2026, 1, 5), 14, 20))).isEqualTo(Granularity.WEEK);
        assertThat(Granularity.infer(List.of(LocalDate.of(2026, 1, 5)))).isEqualTo(Granularity.DAY);
    }

    @Test
    void aMistypedYearIsLeftToTheFrameNotMistakenForAStrayWeekday() {
        List<LocalDate> dates = every(LocalDate.of(2026, 1, 5), 7, 30);
        dates.add(LocalDate.of(2016, 3, 3)); // a Thursday, ten years early
        assertThat(Granularity.infer(dates)).isEqualTo(Granularity.WEEK);
    }

    @Test
    void aWeeklySeriesWithAStrayDateIsAnErrorNamingIt() {
        List<LocalDate> dates = every(LocalDate.of(2026, 1, 5), 7, 30);
        dates.add(LocalDate.of(2026, 3, 4));
        assertThatThrownBy(() -> Granularity.infer(dates)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("the dates look weekly (30 of 31 fall on a Monday) but 2026-03-04 is a Wednesday: declare "
                        + "the period, or correct the date");
    }

    @Test
    void scoringInfersThePeriodUnlessTheModelDeclaresOne() {
        IntegrityModel undeclared = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("output", Direction.HIGHER, "units").link("tokens", "output").build();
        assertThat(undeclared.granularityDeclared()).isFalse();
        List<Observation> weekly = new ArrayList<>();
        for (int w = 0; w < 40; w++) {
            LocalDate d = LocalDate.of(2026, 1, 5).plusWeeks(w);
            weekly.add(new Observation(d, "a", "tokens", 100 + w));
            weekly.add(new Observation(d, "a", "output", 10 + w % 3));
        }
        IntegrityReport inferred = Goodhart.score(undeclared, weekly);
        assertThat(inferred.model().granularity()).isEqualTo(Granularity.WEEK);
        assertThat(inferred.lastPeriod()).isEqualTo(LocalDate.of(2026, 1, 5).plusWeeks(39));
        IntegrityModel daily = undeclared.toBuilder().granularity(Granularity.DAY).build();
        assertThat(Goodhart.score(daily, weekly).model().granularity()).isEqualTo(Granularity.DAY);
    }

    /** The calendar less partial first and last periods: weeks from a Wednesday to a Monday, months, one period. */
    @Test
    void wholePeriodsLeaveOutPartialEdges() {
        LocalDate[] weeks = Granularity.WEEK.wholePeriods(LocalDate.parse("2025-01-08"), LocalDate.parse("2025-02-03"));
        org.assertj.core.api.Assertions.assertThat(weeks)
                .containsExactly(LocalDate.parse("2025-01-13"), LocalDate.parse("2025-01-27"));
        org.assertj.core.api.Assertions.assertThat(Granularity.WEEK.wholePeriods(LocalDate.parse("2025-01-06"),
                LocalDate.parse("2025-01-26"))).containsExactly(LocalDate.parse("2025-01-06"), LocalDate.parse("2025-01-20"));
        org.assertj.core.api.Assertions.assertThat(Granularity.MONTH.wholePeriods(LocalDate.parse("2025-01-15"),
                LocalDate.parse("2025-04-30"))).containsExactly(LocalDate.parse("2025-02-01"), LocalDate.parse("2025-04-01"));
        org.assertj.core.api.Assertions.assertThat(Granularity.WEEK.wholePeriods(LocalDate.parse("2025-01-08"),
                LocalDate.parse("2025-01-10"))).containsExactly(LocalDate.parse("2025-01-06"), LocalDate.parse("2025-01-06"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Granularity.DAY.wholePeriods(
                LocalDate.parse("2025-01-10"), LocalDate.parse("2025-01-08"))).hasMessageContaining("is before first");
    }
}
