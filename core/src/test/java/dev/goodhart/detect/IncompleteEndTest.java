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
                    ExpectedResponse.addTailLevel(m[k * M + j], v[j] - mean);
                }
            }
        }
        return m;
    }

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    private static final double[] NONE = {0, 0, 0};

    /**
     * The fold's per-block moments, added one level at a time and merged across the dates of a calendar (Chan, Golub
     * and LeVeque), equal the mean, sum of squared deviations and count below 0 computed directly (to 1e-12), in
     * any split; a missing level (NaN) is not counted.
     */
    @Test
    void theMomentsMergeAcrossDatesAsOnePass() {
        double[] values = {0.31, -0.12, 0.05, -0.4, 1.7, -0.02, 0.0, 0.22, -0.9, 0.13, Double.NaN, 0.08};
        double sum = 0;
        int n = 0;
        int below = 0;
        for (double v : values) {
            if (!Double.isNaN(v)) {
                sum += v;
                n++;
                below += v < 0 ? 1 : 0;
            }
        }
        double mean = sum / n;
        double squares = 0;
        for (double v : values) {
            squares += Double.isNaN(v) ? 0 : (v - mean) * (v - mean);
        }
        for (int cut = 0; cut <= values.length; cut++) {
            double[] first = new double[4];
            double[] second = new double[4];
            for (int i = 0; i < values.length; i++) {
                ExpectedResponse.addTailLevel(i < cut ? first : second, values[i]);
            }
            double[] merged = new double[4];
            ExpectedResponse.mergeMoments(merged, first);
            ExpectedResponse.mergeMoments(merged, second);
            assertThat(merged[0]).as("n, cut %d", cut).isEqualTo(n);
            assertThat(merged[1]).as("mean, cut %d", cut).isCloseTo(mean, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(merged[2]).as("squares, cut %d", cut)
                    .isCloseTo(squares, org.assertj.core.data.Offset.offset(1e-12));
            assertThat(merged[3]).as("below 0, cut %d", cut).isEqualTo(below);
        }
    }

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
