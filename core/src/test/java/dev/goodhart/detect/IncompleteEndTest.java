package dev.goodhart.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * {@link ExpectedResponse#incompleteEnd}: how many of a calendar's last blocks every segment's series fell in together
 * (an export taken before the last weeks' events were all recorded), from the segments' levels there against the
 * {@value ExpectedResponse#TAIL_REFERENCE} blocks before.
 */
class IncompleteEndTest {
    private static final int M = ExpectedResponse.TAIL_REFERENCE + ExpectedResponse.TAIL_BLOCKS;

    /**
     * The fold's moments of {@code segments} segments whose log levels in the last blocks are {@code useTail} and
     * {@code outcomeTail} (last block last) above their reference blocks, each block with independent noise of
     * {@code sd}, each segment's levels centred on its reference blocks as the summary centres them.
     */
    private static double[][] moments(int segments, double sd, double[] useTail, double[] outcomeTail, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] m = new double[2 * M][4];
        for (int s = 0; s < segments; s++) {
            double[][] tails = {useTail, outcomeTail};
            for (int k = 0; k < 2; k++) {
                double[] v = new double[M];
                double mean = 0;
                for (int j = 0; j < M; j++) {
                    int fromTail = j - ExpectedResponse.TAIL_REFERENCE;
                    v[j] = (fromTail >= 0 ? tails[k][fromTail] : 0) + sd * gaussian(r);
                    mean += j < ExpectedResponse.TAIL_REFERENCE ? v[j] / ExpectedResponse.TAIL_REFERENCE : 0;
                }
                for (int j = 0; j < M; j++) {
                    double[] c = m[k * M + j];
                    double x = v[j] - mean;
                    c[0]++;
                    double d = x - c[1];
                    c[1] += d / c[0];
                    c[2] += d * (x - c[1]);
                    c[3] += x < 0 ? 1 : 0;
                }
            }
        }
        return m;
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static final double[] NONE = {0, 0, 0};

    @Test
    void aCompleteExportHasNoIncompleteEnd() {
        // eight segments as noisy as a team's weekly counts, and many quiet ones: 2,000 organisations each
        for (long seed = 1; seed <= 2000; seed++) {
            assertThat(ExpectedResponse.incompleteEnd(moments(8, 0.15, NONE, NONE, seed))).as("seed %d", seed)
                    .isZero();
            assertThat(ExpectedResponse.incompleteEnd(moments(100, 0.03, NONE, NONE, seed))).as("seed %d", seed)
                    .isZero();
        }
    }

    @Test
    void theLastTwoWeeksOfCountsNotYetSyncedAreTwoBlocks() {
        double[] lag = {0, Math.log(0.85), Math.log(0.6)};
        assertThat(ExpectedResponse.incompleteEnd(moments(48, 0.15, NONE, lag, 1))).isEqualTo(2);
        // the use's last weekly row a partial week: one block, whatever the outcome did
        assertThat(ExpectedResponse.incompleteEnd(moments(12, 0.1, new double[] {0, 0, Math.log(0.3)}, NONE, 2)))
                .isEqualTo(1);
    }

    @Test
    void aFallNotAtTheEndOrARiseIsNoIncompleteEnd() {
        // the block before the last fell, the last did not: a dip inside the weeks since the date is the data's story
        assertThat(ExpectedResponse.incompleteEnd(moments(48, 0.1, NONE, new double[] {0, Math.log(0.6), 0}, 3)))
                .isZero();
        // every segment's use rose at the end (a late push toward the quota): not an incomplete export
        assertThat(ExpectedResponse.incompleteEnd(moments(48, 0.1, new double[] {0, 0, Math.log(2)}, NONE, 4)))
                .isZero();
    }

    /**
     * A third of the segments whose outcome fell 40% at the end (a late consequence of their own) move the mean as far
     * as an incomplete export does: most segments must have fallen themselves (a reviewer's probe, a third of 48 teams
     * gaming with their outcome 40% lower in the last two weeks: the rule read the mean alone and left those weeks out,
     * and 531 of 640 gaming teams flagged fell to 220).
     */
    @Test
    void aFallOfSomeSegmentsIsTheirsNotTheExports() {
        double[][] m = new double[2 * M][4];
        double[][] fell = moments(16, 0.1, NONE, new double[] {0, Math.log(0.6), Math.log(0.6)}, 8);
        double[][] flat = moments(32, 0.1, NONE, NONE, 9);
        for (int j = 0; j < m.length; j++) {
            ExpectedResponse.mergeMoments(m[j], fell[j]);
            ExpectedResponse.mergeMoments(m[j], flat[j]);
        }
        assertThat(m[2 * M - 1][1]).as("the mean fell").isLessThan(-0.15);
        assertThat(ExpectedResponse.incompleteEnd(m)).isZero();
    }

    @Test
    void aSmallSharedFallOrTooFewSegmentsIsNoIncompleteEnd() {
        // 8% lower together, under the least fall read as incomplete (a tenth)
        assertThat(ExpectedResponse.incompleteEnd(moments(200, 0.05, NONE, new double[] {0, 0, Math.log(0.92)}, 5)))
                .isZero();
        // seven segments cannot tell a shared fall
        assertThat(ExpectedResponse.incompleteEnd(moments(7, 0.05, NONE, new double[] {0, 0, Math.log(0.5)}, 6)))
                .isZero();
        // eight noisy segments: a 20% fall within four of their mean's errors is not read
        assertThat(ExpectedResponse.incompleteEnd(moments(8, 0.6, NONE, new double[] {0, 0, Math.log(0.8)}, 7)))
                .isZero();
    }
}
