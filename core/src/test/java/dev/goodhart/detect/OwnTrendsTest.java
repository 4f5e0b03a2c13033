package dev.goodhart.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.goodhart.stats.ErrorsInVariablesSlope;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link ExpectedResponse#ownTrends}: what every baseline shared is taken out before the trends' errors are read, so a
 * calendar all segments share (a quarter-end crunch in their relative levels) leaves the trends, their errors and the
 * errors' covariance exactly as without it, while read as they are its part widens every error and the peers'
 * relation reads a lower reliability than the segments' own noise gives.
 */
class OwnTrendsTest {
    private static final int SEGMENTS = 40;
    private static final int BLOCKS = 26;

    /**
     * Baselines of relative levels (proxy blocks, then outcome blocks): proxy trends of sd 1% a block, the outcome's
     * 0.3 of them, AR-free noise of 4% and 3%; plus, where {@code crunch}, every segment's proxy 0.3 and outcome -0.15
     * higher in the last two blocks of every thirteen.
     */
    private static List<double[]> baselines(boolean crunch) {
        SplittableRandom r = new SplittableRandom(7);
        List<double[]> out = new ArrayList<>();
        for (int i = 0; i < SEGMENTS; i++) {
            double trend = 0.01 * gaussian(r);
            double[] levels = new double[2 * BLOCKS];
            for (int b = 0; b < BLOCKS; b++) {
                boolean quarterEnd = crunch && b % 13 >= 11;
                double centred = b - (BLOCKS - 1) / 2.0;
                levels[b] = 1 + trend * centred + 0.04 * gaussian(r) + (quarterEnd ? 0.3 : 0);
                levels[BLOCKS + b] = 1 + 0.3 * trend * centred + 0.03 * gaussian(r) - (quarterEnd ? 0.15 : 0);
            }
            out.add(levels);
        }
        return out;
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    @Test
    void aCalendarEverySegmentSharesLeavesTheOwnTrendsAsTheyAre() {
        double[][] plain = new double[4][SEGMENTS];
        double[][] crunched = new double[4][SEGMENTS];
        assertThat(ExpectedResponse.ownTrends(baselines(false), -1, plain[0], plain[1], plain[2], plain[3]))
                .isEqualTo(SEGMENTS);
        assertThat(ExpectedResponse.ownTrends(baselines(true), -1, crunched[0], crunched[1], crunched[2],
                crunched[3])).isEqualTo(SEGMENTS);
        for (int k = 0; k < 4; k++) {
            for (int i = 0; i < SEGMENTS; i++) {
                assertThat(crunched[k][i]).as("value %d of segment %d", k, i).isCloseTo(plain[k][i], within(1e-12));
            }
        }
        // the signs multiply the covariance
        double[][] unsigned = new double[4][SEGMENTS];
        ExpectedResponse.ownTrends(baselines(true), 1, unsigned[0], unsigned[1], unsigned[2], unsigned[3]);
        assertThat(unsigned[3][0]).isCloseTo(-crunched[3][0], within(1e-15));
    }

    @Test
    void readAsTheyAreTheSharedPartLowersTheReliability() {
        List<double[]> crunch = baselines(true);
        double[] x = new double[SEGMENTS];
        double[] y = new double[SEGMENTS];
        double[] se = new double[SEGMENTS];
        double[] line = new double[TrendLine.SIZE];
        for (int i = 0; i < SEGMENTS; i++) {
            double[] levels = crunch.get(i);
            // each series as it is, its least-squares line and classical error (the noise here has no autocorrelation)
            TrendLine.into(java.util.Arrays.copyOfRange(levels, 0, BLOCKS), BLOCKS, 1, line);
            x[i] = line[TrendLine.SLOPE];
            se[i] = Math.sqrt(line[TrendLine.RSS] / (line[TrendLine.N] - 2) / line[TrendLine.SXX]);
            TrendLine.into(java.util.Arrays.copyOfRange(levels, BLOCKS, 2 * BLOCKS), BLOCKS, 1, line);
            y[i] = line[TrendLine.SLOPE];
        }
        ErrorsInVariablesSlope asTheyAre = ErrorsInVariablesSlope.of(x, 1, y, 1, se, null, SEGMENTS);
        double[][] own = new double[4][SEGMENTS];
        ExpectedResponse.ownTrends(crunch, 1, own[0], own[1], own[2], own[3]);
        ErrorsInVariablesSlope withoutShared = ErrorsInVariablesSlope.of(own[0], 1, own[1], 1, own[2], null, SEGMENTS);
        System.out.printf("reliability as they are %.3f, without the shared part %.3f; slope %.3f and %.3f (0.3)%n",
                asTheyAre.reliability(), withoutShared.reliability(), asTheyAre.slope(), withoutShared.slope());
        assertThat(withoutShared.reliability()).isGreaterThan(asTheyAre.reliability() + 0.1);
        assertThat(withoutShared.slope()).isCloseTo(0.3, within(0.1));
    }
}
