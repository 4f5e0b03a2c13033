package dev.goodhart.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.Link;
import dev.goodhart.model.Metric;
import java.time.LocalDate;
import java.util.Arrays;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import org.junit.jupiter.api.Test;

/** Which outcomes are read by what they lack of a ceiling, and how. */
class ShareCeilingTest {
    private static final LocalDate START = LocalDate.of(2025, 1, 6);

    private static PairSeries pair(Metric outcome, double before, double after) {
        double[] proxy = new double[20];
        double[] values = new double[20];
        Arrays.fill(proxy, 100);
        for (int t = 0; t < 20; t++) {
            values[t] = t < 10 ? before : after;
        }
        values[3] = Double.NaN;
        return new PairSeries(Link.of("tokens", outcome.name()), Metric.proxy("tokens", "tokens"), outcome, "team",
                Granularity.WEEK, START, proxy, values, 10, 1, true);
    }

    @Test
    void aHigherIsBetterShareAboveOneHalfIsReadAsItsShortfallFromOne() {
        PairSeries s = pair(Metric.outcome("success", Direction.HIGHER, "share"), 0.95, 0.965);
        PairSeries read = ShareCeiling.read(s);
        assertThat(read.outcomeMetric().name()).isEqualTo("1 - success");
        assertThat(read.outcomeMetric().direction()).isEqualTo(Direction.LOWER);
        assertThat(read.link().outcome()).isEqualTo("1 - success");
        assertThat(read.link().minimumElasticity()).isEqualTo(s.link().minimumElasticity());
        assertThat(read.outcome()[0]).isCloseTo(0.05, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(read.outcome()[15]).isCloseTo(0.035, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(read.outcome()[3]).isNaN();
        assertThat(read.proxy()).containsExactly(s.proxy());
        assertThat(read.split()).isEqualTo(s.split());
        assertThat(ShareCeiling.clause(s)).isEqualTo("success is a share, above one half (95.0% in the baseline): it "
                + "is read by what it lacks of 1, 1 - success, lower better. ");
    }

    @Test
    void aPercentageIsReadAsItsShortfallFromOneHundred() {
        PairSeries s = pair(Metric.outcome("sla_met", Direction.HIGHER, "%"), 97, 98);
        PairSeries read = ShareCeiling.read(s);
        assertThat(read.outcomeMetric().name()).isEqualTo("100 - sla_met");
        assertThat(read.outcome()[0]).isCloseTo(3, org.assertj.core.api.Assertions.within(1e-12));
        assertThat(ShareCeiling.clause(s)).contains("(97.0% in the baseline)", "lacks of 100, 100 - sla_met");
        // the unit is declared in any case, and "ratio", "fraction", "proportion" declare a share of 1
        for (String unit : new String[] {"Percent", "percentage", "pct"}) {
            assertThat(ShareCeiling.read(pair(Metric.outcome("sla_met", Direction.HIGHER, unit), 97, 98))
                    .outcomeMetric().name()).as(unit).isEqualTo("100 - sla_met");
        }
        for (String unit : new String[] {"Ratio", "fraction", "proportion"}) {
            assertThat(ShareCeiling.read(pair(Metric.outcome("success", Direction.HIGHER, unit), 0.9, 0.95))
                    .outcomeMetric().name()).as(unit).isEqualTo("1 - success");
        }
    }

    /**
     * Percent values declared a share are read on a scale of 100 (a share cannot pass 1); fractions declared percent
     * stay as they are (below, {@code fractionsOfPercent}: a conversion rate of 0.9% is a percentage).
     */
    @Test
    void percentValuesDeclaredAShareAreReadAsPercent() {
        PairSeries percentAsShare = pair(Metric.outcome("sla_met", Direction.HIGHER, "share"), 97, 98);
        assertThat(ShareCeiling.read(percentAsShare).outcomeMetric().name()).isEqualTo("100 - sla_met");
        assertThat(ShareCeiling.read(percentAsShare).outcome()[0]).isCloseTo(3, org.assertj.core.api.Assertions.within(1e-12));
        // beyond 100 it is no share on either scale
        PairSeries beyond = pair(Metric.outcome("sla_met", Direction.HIGHER, "share"), 97, 101);
        assertThat(ShareCeiling.read(beyond)).isSameAs(beyond);
    }

    @Test
    void aValueAboveTheCeilingByRoundingIsTheCeiling() {
        PairSeries s = pair(Metric.outcome("success", Direction.HIGHER, "share"), 0.95, 1.0000000001);
        PairSeries read = ShareCeiling.read(s);
        assertThat(read).isNotSameAs(s);
        assertThat(read.outcome()[15]).isZero();
        PairSeries below = pair(Metric.outcome("success", Direction.HIGHER, "share"), 0.95, -1e-12);
        assertThat(ShareCeiling.read(below).outcome()[15]).isEqualTo(1);
        // beyond rounding it is no share
        PairSeries beyond = pair(Metric.outcome("success", Direction.HIGHER, "share"), 0.95, 1.001);
        assertThat(ShareCeiling.read(beyond)).isSameAs(beyond);
    }

    @Test
    void otherOutcomesAreReadAsTheyAre() {
        // lower is better: a failure rate's relative fall has the room
        PairSeries failures = pair(Metric.outcome("failure_rate", Direction.LOWER, "share"), 0.9, 0.8);
        // below one half the share itself has the room (a conversion rate)
        PairSeries conversion = pair(Metric.outcome("conversion", Direction.HIGHER, "share"), 0.04, 0.05);
        // values within [0, 1] but no share declared: 0.8 pull requests per engineer
        PairSeries perEngineer = pair(Metric.outcome("prs_per_engineer", Direction.HIGHER, "items"), 0.8, 0.85);
        PairSeries undeclared = pair(Metric.outcome("success", Direction.HIGHER, ""), 0.95, 0.96);
        // a value above the ceiling: not a share after all
        PairSeries above = pair(Metric.outcome("success", Direction.HIGHER, "share"), 0.9, 1.2);
        // a percentage whose values are fractions sits below one half of 100
        PairSeries fractionsOfPercent = pair(Metric.outcome("sla_met", Direction.HIGHER, "%"), 0.95, 0.97);
        // exactly one half: the share itself
        PairSeries half = pair(Metric.outcome("success", Direction.HIGHER, "share"), 0.5, 0.6);
        for (PairSeries s : new PairSeries[] {failures, conversion, perEngineer, undeclared, above, fractionsOfPercent,
                half}) {
            assertThat(ShareCeiling.read(s)).as(s.outcomeMetric().name()).isSameAs(s);
        }
    }

    /**
     * A declared share is read by its shortfall exactly when its baseline mean is above one half; then the shortfall
     * and the share add up to the ceiling, period by period, and the shortfall is a share too.
     */
    @Property(tries = 300)
    void theShortfallMirrorsTheShare(@ForAll @DoubleRange(min = 0, max = 1) double before,
                                     @ForAll @DoubleRange(min = 0, max = 1) double after) {
        PairSeries s = pair(Metric.outcome("success", Direction.HIGHER, "share"), before, after);
        PairSeries read = ShareCeiling.read(s);
        if (before <= 0.5) {
            assertThat(read).isSameAs(s);
            return;
        }
        for (int t = 0; t < 20; t++) {
            if (!Double.isNaN(s.outcome()[t])) {
                assertThat(read.outcome()[t] + s.outcome()[t]).isCloseTo(1, org.assertj.core.api.Assertions.within(1e-12));
                assertThat(read.outcome()[t]).isBetween(0.0, 1.0);
            }
        }
    }
}
