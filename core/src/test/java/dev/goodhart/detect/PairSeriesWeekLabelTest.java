package dev.goodhart.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Frame;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.model.Observation;
import java.nio.file.Path;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Weekly rows all dated on one weekday ({@link Frame#rowDay()}) and the week that may straddle the intervention: a row
 * dated one to six days before it is read as missing in both series, in every way a frame is built.
 */
class PairSeriesWeekLabelTest {
    /** A Monday. */
    private static final LocalDate QUOTA = LocalDate.of(2025, 4, 21);

    @TempDir
    Path dir;

    private static IntegrityModel model(Granularity g, LocalDate intervention) {
        return IntegrityModel.builder().proxy("tokens", "tokens").outcome("cycle_time", Direction.LOWER, "days")
                .link(Link.of("tokens", "cycle_time")).intervention(intervention, "quota").granularity(g).build();
    }

    /** 20 weekly rows of two teams, the first dated {@code first}, then every 7 days; tokens 100 + week. */
    private static List<Observation> weekly(LocalDate first) {
        List<Observation> out = new ArrayList<>();
        for (int w = 0; w < 20; w++) {
            for (String team : List.of("a", "b")) {
                out.add(new Observation(first.plusWeeks(w), team, "tokens", 100 + w));
                out.add(new Observation(first.plusWeeks(w), team, "cycle_time", 5));
            }
        }
        return out;
    }

    private static PairSeries pair(IntegrityModel model, Frame frame) {
        return PairSeries.of(model, frame, model.links().get(0), "a", 1, why -> { }).orElseThrow();
    }

    @Test
    void theRowsWeekdayIsKnownOnlyForWeeklyRowsOnOneDay() {
        IntegrityModel weekly = model(Granularity.WEEK, QUOTA);
        LocalDate sunday = QUOTA.minusDays(71);
        assertThat(sunday.getDayOfWeek()).isEqualTo(DayOfWeek.SUNDAY);
        assertThat(Frame.of(weekly, weekly(sunday)).rowDay()).hasValue(6);
        assertThat(Frame.of(weekly, weekly(sunday.plusDays(1))).rowDay()).hasValue(0);
        assertThat(Frame.of(weekly, weekly(sunday.plusDays(3))).rowDay()).hasValue(2);
        // a row of team b moved to a Monday: two weekdays
        List<Observation> mixed = new ArrayList<>(weekly(sunday));
        Observation moved = mixed.remove(mixed.size() - 1);
        mixed.add(new Observation(moved.date().plusDays(1), moved.segment(), moved.metric(), moved.value()));
        assertThat(Frame.of(weekly, mixed).rowDay()).isEmpty();
        // daily rows in weekly periods, and any daily frame
        List<Observation> daily = new ArrayList<>();
        for (int d = 0; d < 70; d++) {
            daily.add(new Observation(sunday.plusDays(d + 1), "a", "tokens", 1));
            daily.add(new Observation(sunday.plusDays(d + 1), "a", "cycle_time", 1));
        }
        assertThat(Frame.of(weekly, daily).rowDay()).isEmpty();
        assertThat(Frame.of(model(Granularity.DAY, QUOTA), weekly(sunday)).rowDay()).isEmpty();
        // read from the weeks of the calendar: daily rows after the last Sunday (a partial week, left out) do not count,
        // nor do head counts on Wednesdays (an exposure sets no calendar); a row with no value is a row
        List<Observation> edge = new ArrayList<>(weekly(sunday));
        LocalDate lastSunday = sunday.plusWeeks(19);
        edge.add(new Observation(lastSunday.plusDays(1), "a", "tokens", 1));
        edge.add(new Observation(lastSunday.plusDays(2), "a", "tokens", 1));
        IntegrityModel perHead = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "days").exposure("heads", "people").per("tokens", "heads")
                .link(Link.of("tokens", "cycle_time")).intervention(QUOTA, "quota").granularity(Granularity.WEEK)
                .build();
        for (int w = 0; w < 20; w++) {
            edge.add(new Observation(sunday.plusWeeks(w).plusDays(3), "a", "heads", 5));
            edge.add(new Observation(sunday.plusWeeks(w).plusDays(3), "b", "heads", 5));
        }
        Frame trimmed = Frame.of(perHead, edge);
        assertThat(trimmed.inputAccount().count(dev.goodhart.model.InputAccount.Reason.PARTIAL_PERIOD)).isPositive();
        assertThat(trimmed.rowDay()).hasValue(6);
        List<Observation> blank = new ArrayList<>(weekly(sunday));
        blank.add(new Observation(sunday.plusWeeks(5).plusDays(1), "a", "tokens", Double.NaN));
        assertThat(Frame.of(weekly, blank).rowDay()).isEmpty();
        // declared for a builder that reads part of the data, checked eagerly
        Frame.Builder b = Frame.builder(weekly).rowDay(OptionalInt.of(3));
        weekly(sunday).forEach(b::add);
        assertThat(b.build().rowDay()).hasValue(3);
        assertThatThrownBy(() -> Frame.builder(weekly).rowDay(OptionalInt.of(7)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0-6");
        assertThatThrownBy(() -> Frame.builder(model(Granularity.DAY, QUOTA)).rowDay(OptionalInt.of(0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not weekly");
    }

    @Test
    void aSundayRowTheDayBeforeAMondayQuotaIsReadInNeitherWindow() throws Exception {
        IntegrityModel model = model(Granularity.WEEK, QUOTA);
        // Sundays from ten weeks before: the row of 2025-04-20 holds 04-20 to 04-26 if labelled by its first day
        List<Observation> rows = weekly(QUOTA.minusDays(71));
        Frame.Builder spilling = Frame.builder(model).spillTo(dir);
        rows.forEach(spilling::add);
        try (Frame spilled = spilling.build()) {
            for (Frame frame : List.of(Frame.of(model, rows), spilled)) {
                PairSeries p = pair(model, frame);
                int k = frame.indexOf(QUOTA.minusDays(1));
                assertThat(k).isEqualTo(p.split() - 1);
                assertThat(p.proxy()[k]).isNaN();
                assertThat(p.outcome()[k]).isNaN();
                assertThat(p.proxy()[k - 1]).isEqualTo(100 + 9);
                assertThat(p.proxy()[k + 1]).isEqualTo(100 + 11);
                assertThat(p.straddlingClause()).contains("2025-04-20").contains("2025-04-21")
                        .contains("read in neither window");
                // a pair a detector derives from it (other values) says it too
                PairSeries derived = p.describedAs(new PairSeries(p.link(), p.proxyMetric(), p.outcomeMetric(),
                        p.segment(), p.granularity(), p.start(), p.outcome(), p.proxy(), p.split(), p.seed(),
                        p.intervention()));
                assertThat(derived.straddlingClause()).isEqualTo(p.straddlingClause());
                assertThat(derived.proxy()).containsExactly(p.outcome());
            }
        }
        // the organisation's pair likewise, and a frame a live scorer reads one segment from
        Frame frame = Frame.of(model, rows);
        PairSeries org = PairSeries.of(model, frame, model.links().get(0), "*", 1, why -> { }).orElseThrow();
        assertThat(org.proxy()[org.split() - 1]).isNaN();
        Frame.Builder live = Frame.builder(model);
        rows.forEach(live::add);
        assertThat(pair(model, live.segmentFrame("a")).proxy()[org.split() - 1]).isNaN();
    }

    @Test
    void aLaggedOutcomeLosesTheWeekThatAnswersTheStraddlingWeeksUse() {
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "days").link(new Link("tokens", "cycle_time", 1, 2))
                .intervention(QUOTA, "quota").granularity(Granularity.WEEK).build();
        Frame frame = Frame.of(model, weekly(QUOTA.minusDays(71)));
        PairSeries p = pair(model, frame);
        int k = frame.indexOf(QUOTA.minusDays(1));
        assertThat(p.proxy()[k]).isNaN();
        // element k of the outcome is the value two weeks after the straddling week's use
        assertThat(p.outcome()[k]).isNaN();
        assertThat(p.outcome()[k - 1]).isEqualTo(5);
        assertThat(p.outcome()[k + 1]).isEqualTo(5);
    }

    @Test
    void aRowDatedOnTheQuotaOrAWeekBeforeItIsReadAsItIs() {
        // Mondays: the quota's own row begins the recent window, the row before is the baseline's
        IntegrityModel model = model(Granularity.WEEK, QUOTA);
        PairSeries monday = pair(model, Frame.of(model, weekly(QUOTA.minusWeeks(10))));
        for (double v : monday.proxy()) {
            assertThat(v).isNotNaN();
        }
        assertThat(monday.straddlingClause()).isEmpty();
        // Sundays with the quota on a Sunday
        LocalDate sundayQuota = QUOTA.minusDays(1);
        IntegrityModel onSunday = model(Granularity.WEEK, sundayQuota);
        PairSeries sunday = pair(onSunday, Frame.of(onSunday, weekly(sundayQuota.minusWeeks(10))));
        for (double v : sunday.proxy()) {
            assertThat(v).isNotNaN();
        }
        // daily rows summed into weeks show their days: the week that holds a mid-week date is read after it
        IntegrityModel daily = model(Granularity.WEEK, QUOTA.plusDays(2));
        List<Observation> days = new ArrayList<>();
        for (int d = 0; d < 140; d++) {
            days.add(new Observation(QUOTA.minusWeeks(10).plusDays(d), "a", "tokens", 1));
            days.add(new Observation(QUOTA.minusWeeks(10).plusDays(d), "a", "cycle_time", 1));
        }
        for (double v : pair(daily, Frame.of(daily, days)).proxy()) {
            assertThat(v).isNotNaN();
        }
    }

    @Test
    void aMondayRowTwoDaysBeforeAWednesdayQuotaIsReadInNeitherWindow() {
        // ISO weeks dated on their Monday, the quota on a Wednesday: the quota's week holds two days before it
        LocalDate wednesday = QUOTA.plusDays(2);
        IntegrityModel model = model(Granularity.WEEK, wednesday);
        Frame frame = Frame.of(model, weekly(QUOTA.minusWeeks(10)));
        PairSeries p = pair(model, frame);
        assertThat(p.split()).isEqualTo(frame.indexOf(QUOTA));
        assertThat(p.proxy()[p.split()]).isNaN();
        assertThat(p.proxy()[p.split() - 1]).isNotNaN();
        assertThat(p.proxy()[p.split() + 1]).isNotNaN();
    }
}
