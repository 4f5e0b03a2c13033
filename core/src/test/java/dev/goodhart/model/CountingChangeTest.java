package dev.goodhart.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.LocalDate;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class CountingChangeTest {
    private static final LocalDate MONDAY = LocalDate.of(2026, 3, 2);

    private static IntegrityModel.Builder base() {
        return IntegrityModel.builder().proxy("tokens", "tokens").outcome("cycle_time", Direction.LOWER, "days")
                .link("tokens", "cycle_time");
    }

    @Test
    void theFactorMustBeAPositiveNumberOtherThanOne() {
        for (double bad : new double[] {0, -1.2, 1, Double.NaN, Double.POSITIVE_INFINITY}) {
            assertThatThrownBy(() -> CountingChange.of("tokens", MONDAY, bad))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessage("counting change of tokens on 2026-03-02: factor must be a finite number above 0 and "
                            + "not 1 (what the same use counts as from then on, e.g. 1.35), found " + bad);
        }
        assertThatThrownBy(() -> CountingChange.of(" ", MONDAY, 1.3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("counting change metric");
        assertThatThrownBy(() -> CountingChange.of("tokens", null, 1.3)).isInstanceOf(NullPointerException.class)
                .hasMessage("counting change date");
        assertThat(new CountingChange("tokens", MONDAY, 0.8, null).label()).isEmpty();
        assertThat(CountingChange.of("tokens", MONDAY, 1.35).factorText()).isEqualTo("1.35");
        assertThat(CountingChange.of("tokens", MONDAY, 1.004).factorText()).isEqualTo("1.004");
        assertThat(CountingChange.of("tokens", MONDAY, 2).factorText()).isEqualTo("2");
        assertThat(CountingChange.of("tokens", MONDAY, 1.23456).factorText()).isEqualTo("1.235");
    }

    @Test
    void theModelRefusesAnUnknownMetricAndTwoChangesOnOneDay() {
        assertThatThrownBy(() -> base().countingChange("tokenz", MONDAY, 1.3))
                .hasMessage("countingChange: unknown metric 'tokenz'; declared metrics are [tokens, cycle_time]");
        assertThatThrownBy(() -> base().countingChange("tokens", MONDAY, 1.3).countingChange("tokens", MONDAY, 1.1))
                .hasMessage("countingChange: two changes of tokens on 2026-03-02 (declare one, with the combined "
                        + "factor)");
    }

    @Test
    void theModelKeepsItsChangesByDateAndComparesThem() {
        IntegrityModel m = base().countingChange("tokens", MONDAY.plusDays(40), 1.2)
                .countingChange("cycle_time", MONDAY.plusDays(5), 0.5).countingChange("tokens", MONDAY, 1.4).build();
        assertThat(m.countingChanges()).extracting(CountingChange::date)
                .containsExactly(MONDAY, MONDAY.plusDays(5), MONDAY.plusDays(40));
        assertThat(m.countingChanges("tokens")).extracting(CountingChange::factor).containsExactly(1.4, 1.2);
        assertThat(m.countingChanges("deploys")).isEmpty();
        assertThat(m.toBuilder().build()).isEqualTo(m).hasSameHashCodeAs(m);
        assertThat(m).isNotEqualTo(base().build());
        assertThat(m.toString()).contains("counting changes");
    }

    @Test
    void theShareOfAPeriodCountedTheNewWay() {
        CountingChange thursday = CountingChange.of("tokens", MONDAY.plusDays(3), 1.5);
        assertThat(thursday.share(Aggregation.SUM, Granularity.DAY, MONDAY.plusDays(2))).isZero();
        assertThat(thursday.share(Aggregation.SUM, Granularity.DAY, MONDAY.plusDays(3))).isEqualTo(1);
        assertThat(thursday.share(Aggregation.SUM, Granularity.WEEK, MONDAY)).isCloseTo(4.0 / 7, within(1e-15));
        assertThat(thursday.share(Aggregation.SUM, Granularity.WEEK, MONDAY.minusWeeks(1))).isZero();
        assertThat(thursday.share(Aggregation.SUM, Granularity.WEEK, MONDAY.plusWeeks(1))).isEqualTo(1);
        // March has 31 days; from the 5th on, 27 of them
        assertThat(thursday.share(Aggregation.SUM, Granularity.MONTH, MONDAY.withDayOfMonth(1)))
                .isCloseTo(27.0 / 31, within(1e-15));
        // a value kept at the period's end (head count, a gauge) is read the new way in the week of the change
        assertThat(thursday.share(Aggregation.LAST, Granularity.WEEK, MONDAY)).isEqualTo(1);
        assertThat(thursday.share(Aggregation.LAST, Granularity.WEEK, MONDAY.minusWeeks(1))).isZero();
        assertThat(thursday.share(Aggregation.MEAN, Granularity.WEEK, MONDAY)).isCloseTo(4.0 / 7, within(1e-15));
    }

    @Test
    void theModelsDivisorsMultiplyItsChangesByPeriod() {
        IntegrityModel m = base().countingChange(CountingChange.of("tokens", MONDAY.plusDays(3), 1.5))
                .countingChange("tokens", MONDAY.plusWeeks(2), 2).build();
        assertThat(m.countingDivisors("tokens", Granularity.WEEK, MONDAY.minusWeeks(1), 5))
                .containsExactly(new double[] {1, 1 + 0.5 * 4 / 7, 1.5, 3, 3}, within(1e-12));
        // a calendar that starts after both changes is divided by both throughout; one that ends before, by nothing
        assertThat(m.countingDivisors("tokens", Granularity.DAY, MONDAY.plusWeeks(3), 2))
                .containsExactly(new double[] {3, 3}, within(1e-12));
        assertThat(m.countingDivisors("tokens", Granularity.DAY, MONDAY.minusDays(10), 3)).isNull();
        assertThat(m.countingDivisors("cycle_time", Granularity.DAY, MONDAY, 30)).isNull();
        assertThat(m.countingDivisors("tokens", Granularity.DAY, MONDAY, 0)).isNull();
        assertThatThrownBy(() -> m.countingDivisors("tokens", Granularity.DAY, MONDAY, -1))
                .hasMessage("countingDivisors: periods must be at least 0, found -1");
        assertThatThrownBy(() -> m.countingDivisors("tokenz", Granularity.DAY, MONDAY, 3))
                .hasMessageContaining("unknown metric 'tokenz'");
    }

    /** The divisor of a period is between 1 and the factor, and moves monotonically from one to the other. */
    @Property
    void divisorsRunMonotonicallyFromOneToTheFactor(@ForAll @IntRange(min = 0, max = 60) int day,
            @ForAll @DoubleRange(min = 0.2, max = 5) double factor, @ForAll("granularities") Granularity g) {
        if (factor == 1) {
            return;
        }
        IntegrityModel m = base().countingChange("tokens", MONDAY.plusDays(day), factor).build();
        double[] d = m.countingDivisors("tokens", g, g.periodStart(MONDAY), 90);
        assertThat(d).isNotNull();
        for (int t = 0; t < d.length; t++) {
            assertThat(d[t]).isBetween(Math.min(1, factor) - 1e-12, Math.max(1, factor) + 1e-12);
            if (t > 0) {
                assertThat((d[t] - d[t - 1]) * (factor - 1)).isGreaterThanOrEqualTo(-1e-12);
            }
        }
        if (g == Granularity.DAY && day > 0) {
            assertThat(d[0]).isEqualTo(1);
        }
        assertThat(d[d.length - 1]).isCloseTo(factor, within(1e-12));
    }

    @Provide
    Arbitrary<Granularity> granularities() {
        return Arbitraries.of(Granularity.values());
    }
}
