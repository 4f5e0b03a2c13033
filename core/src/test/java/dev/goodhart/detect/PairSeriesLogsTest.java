package dev.goodhart.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.Direction;
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
        assertThat(new YieldDecay().detect(pair).skipReason()).contains("output = -1.0");
        assertThat(new ChangePointAsymmetry().detect(pair).skipReason()).contains("change points are found on logarithms");
    }
}
