package dev.goodhart.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.Aggregation;
import dev.goodhart.model.Direction;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.Link;
import dev.goodhart.model.Metric;
import dev.goodhart.model.Role;
import java.time.LocalDate;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The pair keeps its series on the log scale for the three detectors that read them (yield decay, intervention
 * response, change-point asymmetry): the values each of them took before, signed, offset where a series has zeros,
 * missing where a value is missing, null where a series cannot be logged, computed again once forgotten, not carried through serialisation.
 */
class PairSeriesLogsTest {
    private static final int SPLIT = 30;

    @Test
    void theLogsAreSignedOffsetAndKept() throws Exception {
        SplittableRandom r = new SplittableRandom(5);
        double[] p = new double[60];
        double[] o = new double[60];
        for (int t = 0; t < 60; t++) {
            p[t] = 100 * Math.exp(0.1 * r.nextGaussian());
            o[t] = t % 9 == 0 ? 0 : 20 * Math.exp(0.1 * r.nextGaussian()); // zeros: offset by half the baseline mean
        }
        p[7] = Double.NaN;
        PairSeries pair = Pairs.of(p, o, SPLIT, Direction.LOWER);
        double[][] logs = pair.signedLogs();
        double co = LogScale.offset(o, SPLIT);
        assertThat(co).isPositive();
        for (int t = 0; t < 60; t++) {
            if (t == 7) {
                assertThat(logs[0][t]).isNaN();
            } else {
                assertThat(logs[0][t]).isEqualTo(Math.log(p[t]));
            }
            assertThat(logs[1][t]).as("lower is better: the outcome's log is negated").isEqualTo(-Math.log(o[t] + co));
        }
        assertThat(pair.signedLogs()).isSameAs(logs);

        pair.forgetDerived();
        double[][] again = pair.signedLogs();
        assertThat(again).isNotSameAs(logs);
        assertThat(again[0]).containsExactly(logs[0]);
        assertThat(again[1]).containsExactly(logs[1]);

        PairSeries back = CommonShocksTest.roundTrip(pair);
        assertThat(back.signedLogs()).isNotSameAs(logs);
        assertThat(back.signedLogs()[0]).containsExactly(logs[0]);
        assertThat(back.signedLogs()[1]).containsExactly(logs[1]);
    }

    /** The proxy's logarithm is signed by its direction times the link's expected sign (both flips tested). */
    @Test
    void theProxysSignIsItsDirectionTimesTheLinksExpectedSign() {
        double[] p = {100, 120, 90, 110, 105, 95, 130, 100, 115, 98};
        double[] o = {20, 21, 19, 22, 20, 21, 23, 20, 22, 19};
        Metric outcome = Metric.outcome("output", Direction.HIGHER, "");
        for (int expectedSign : new int[] {1, -1}) {
            for (Direction direction : Direction.values()) {
                Metric proxy = new Metric("tokens", Role.PROXY, direction, "", Aggregation.SUM);
                PairSeries pair = new PairSeries(new Link("tokens", "output", expectedSign, 0), proxy, outcome, "team",
                        Granularity.WEEK, LocalDate.of(2024, 1, 1), p, o, 5, 7L, true);
                double sign = (direction == Direction.HIGHER ? 1 : -1) * expectedSign;
                for (int t = 0; t < p.length; t++) {
                    assertThat(pair.signedLogs()[0][t]).as("%s, expected sign %d", direction, expectedSign)
                            .isEqualTo(sign * Math.log(p[t]));
                }
            }
        }
    }

    /**
     * Values whose logarithms would be infinite are refused with a reason, not scored: a baseline of zeros and
     * subnormal values, whose half mean (the zeros' offset) underflows to 0 (PELT threw on the -inf logarithms and
     * the whole scoring call with it), and values near the largest double, which overflow with the offset.
     */
    @Test
    void logarithmsThatWouldBeInfiniteAreRefusedWithAReason() {
        double m = Double.MIN_VALUE;
        double[] tiny = {m, 0, 0, m, 0, m, m, m, 0, 0, 0, 0, m, 0, 5, 6, 7, 5, 6, 5, 7, 5, 7, 7, 6, 6, 6, 7, 7};
        double[] outcome = new double[tiny.length];
        for (int t = 0; t < outcome.length; t++) {
            outcome[t] = 20 + (7 * t) % 5;
        }
        PairSeries underflow = Pairs.of(tiny, outcome, 14, Direction.HIGHER);
        assertThat(underflow.signedLogs()).isNull();
        for (Detector d : Detectors.defaults()) {
            DetectorResult r = d.detect(underflow);
            // coupling and growth read the values, the weekly rhythm the days' shares (and daily data only): no logarithms
            if (!(d instanceof CouplingDecay) && !(d instanceof GrowthDivergence) && !(d instanceof WeeklyRhythm)) {
                assertThat(r.skipReason()).as(d.name()).contains("half the baseline mean of tokens underflows to 0");
            }
        }
        // a baseline of zeros with use after it: the reason is the zero baseline, not an underflow (an independent
        // tester's teams starting from nothing read "underflows to 0 (values of about 4.9E-324)")
        double[] fromNothing = tiny.clone();
        java.util.Arrays.fill(fromNothing, 0, 14, 0);
        PairSeries noBaseline = Pairs.of(fromNothing, outcome, 14, Direction.HIGHER);
        assertThat(noBaseline.signedLogs()).isNull();
        assertThat(new InterventionResponse().detect(noBaseline).skipReason())
                .contains("tokens is 0 throughout the baseline").doesNotContain("underflow");
        // no baseline at all (a team created at the date) is not a baseline of zeros (a helper's new team read "0
        // throughout the baseline")
        double[] created = tiny.clone();
        java.util.Arrays.fill(created, 0, 14, Double.NaN);
        created[20] = 0;
        PairSeries newTeam = Pairs.of(created, outcome, 14, Direction.HIGHER);
        assertThat(newTeam.signedLogs()).isNull();
        assertThat(LogScale.reason(newTeam)).contains("tokens has no observed period before the date")
                .doesNotContain("0 throughout");
        double[] huge = new double[29];
        for (int t = 0; t < huge.length; t++) {
            huge[t] = t % 3 == 0 ? 0 : Double.MAX_VALUE / 2;
        }
        PairSeries overflow = Pairs.of(huge, outcome, 14, Direction.HIGHER);
        assertThat(overflow.signedLogs()).isNull();
        assertThat(new ChangePointAsymmetry().detect(overflow).skipReason()).contains("logarithms overflow");
        assertThat(new InterventionResponse().detect(overflow).skipReason()).contains("logarithms overflow");
    }

    @Test
    void aSeriesThatCannotBeLoggedHasNone() {
        double[] p = new double[40];
        double[] o = new double[40];
        java.util.Arrays.fill(p, 5);
        java.util.Arrays.fill(o, 2);
        o[35] = -1;
        PairSeries pair = Pairs.of(p, o, 20, Direction.HIGHER);
        assertThat(pair.signedLogs()).isNull();
        assertThat(pair.signedLogs()).isNull();
        assertThat(new InterventionResponse().detect(pair).skipReason()).contains("logarithms need values of 0 or more");
        assertThat(new YieldDecay().detect(pair).skipReason()).contains("output = -1").doesNotContain("-1.0");
        assertThat(new ChangePointAsymmetry().detect(pair).skipReason()).contains("change points are found on logarithms");
    }

    /**
     * A value beyond the largest double can only be a sum that overflowed (values read are finite): refused naming
     * the metric and the period's date, with what to do.
     */
    @Test
    void anOverflowedSumIsRefusedNamingTheMetricAndThePeriod() {
        double[] proxy = {1, 2, Double.POSITIVE_INFINITY, 4, 5, 6};
        double[] outcome = {1, 1, 1, 1, 1, 1};
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> Pairs.of(proxy, outcome, 3, Direction.LOWER))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tokens of the period from 2024-01-15 is beyond the largest number a double holds")
                .hasMessageContaining("give it in a larger unit");
    }
}
