package dev.goodhart.detect;

import dev.goodhart.stats.Descriptive;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * A calendar every segment shares: the per-block profile that the segments whose proxy did not move have in common
 * (a workload cycle, holidays, planning weeks), and whether their baselines show one at all.
 *
 * <p>The profile is the median, block by block, of the untouched segments' block means relative to their baseline
 * means. Whether it is more than the noise of a median is tested on the baselines alone: each segment's log blocks
 * less its own baseline line, the variance over the baseline blocks of their block-by-block median, against the same
 * with each segment's observed residuals shifted circularly among its observed blocks by its own random offset
 * (which keeps each series' autocorrelation and its missing blocks where they are, and breaks only the shared timing);
 * {@value #PERMUTATIONS} shifts, found at {@value #ALPHA} (at most one shift as large; the shifts stop at the second
 * as large, as none after it can change the answer: most groups share no calendar). A segment listed twice counts
 * once. It detects any movement the segments share in their baselines beyond their lines, not only a repeating cycle:
 * a step every segment took (an organisation's own gain inside the baseline) is one. A trend every segment shares is
 * none (the lines take it out), and neither is a change after the baseline (an organisation's own gain, which the
 * reference subtracts either way). With few segments and few blocks the circular shifts are coarse: its level is
 * then somewhat above nominal (a reviewer measured 2-3% at a nominal 1% with 8 segments and AR(1) 0.9, or 6 blocks,
 * which are no longer read).
 */
final class SharedCalendar {
    /** At least this many distinct untouched segments. */
    static final int MIN_SEGMENTS = 8;
    /** At least this many baseline blocks (a handful of circular shifts cannot tell a calendar from chance). */
    static final int MIN_BLOCKS = 8;
    static final int PERMUTATIONS = 199;
    static final double ALPHA = 0.01;
    /** A block where the shared level fell under this share of its baseline (work stopped) is left out. */
    static final double LOWEST = 0.25;
    /** A shared shock departs from the shared level's line by more than this many robust spreads... */
    static final double SHOCK_SPREADS = 4;
    /** ... and by more than this in logs (log 1.15). */
    static final double SHOCK_LEAST = 0.1398;
    /** A shared shock's run is entered or left by a mean change more than this many standard deviations from 0. */
    static final double TOGETHER = 2;
    /** A shared shock is a run of at most this many blocks (a two-week holiday across three weeks). */
    static final int LONGEST_RUN = 3;
    /** Shocks are looked for in baselines of at least this many blocks (a quarter of weeks). */
    static final int SHOCK_MIN_BLOCKS = 12;
    private static final long SEED = 0x5eedca1e11daL;

    private SharedCalendar() {
    }

    /**
     * The shared profile of {@code relative} (each a segment's block means over its baseline mean, NaN where missing,
     * all of one length, the first {@code before} blocks the baseline), re-based to its baseline mean; NaN in a block
     * where fewer than half the segments were observed. Null where there are fewer than {@value #MIN_SEGMENTS}
     * segments or their baselines show no shared calendar.
     */
    static double[] of(List<double[]> relative, int before) {
        if (relative.size() < MIN_SEGMENTS || before < MIN_BLOCKS) {
            return null;
        }
        int n = relative.get(0).length;
        // a segment listed twice (the same series under two names) would share its own noise with itself
        List<double[]> distinct = new ArrayList<>();
        Map<Integer, List<double[]>> seen = new HashMap<>();
        for (double[] r : relative) {
            if (r.length != n) {
                throw new IllegalArgumentException("segments of one calendar have " + n + " and " + r.length
                        + " blocks");
            }
            List<double[]> same = seen.computeIfAbsent(Arrays.hashCode(r), h -> new ArrayList<>());
            if (same.stream().noneMatch(x -> Arrays.equals(x, r))) {
                same.add(r);
                distinct.add(r);
            }
        }
        int k = distinct.size();
        double[][] residuals = new double[k][];
        int usable = 0;
        for (double[] r : distinct) {
            double[] e = residuals(r, before);
            if (e != null) {
                residuals[usable++] = e;
            }
        }
        if (usable < MIN_SEGMENTS) {
            return null;
        }
        // each segment's observed residuals in order, and where each block's is among them (-1: missing), so that a
        // shift moves the values and keeps the segment's missing blocks where they are
        double[][] values = new double[usable][];
        int[][] slot = new int[usable][before];
        for (int j = 0; j < usable; j++) {
            int m = 0;
            double[] v = new double[before];
            for (int b = 0; b < before; b++) {
                slot[j][b] = Double.isNaN(residuals[j][b]) ? -1 : m;
                if (slot[j][b] >= 0) {
                    v[m++] = residuals[j][b];
                }
            }
            values[j] = Arrays.copyOf(v, m);
        }
        double[] scratch = new double[usable];
        int[] none = new int[usable];
        double observed = medianVariance(values, slot, usable, before, none, scratch);
        if (!(observed > 0)) {
            return null;
        }
        SplittableRandom random = new SplittableRandom(SEED);
        int[] shifts = new int[usable];
        int asLarge = 0;
        for (int p = 0; p < PERMUTATIONS; p++) {
            for (int j = 0; j < usable; j++) {
                shifts[j] = random.nextInt(values[j].length);
            }
            double v = medianVariance(values, slot, usable, before, shifts, scratch);
            if (v >= observed) {
                asLarge++;
                if ((1.0 + asLarge) / (1.0 + PERMUTATIONS) > ALPHA) {
                    // decided: no shift that follows can bring the count back under the level
                    return null;
                }
            }
        }
        if ((1.0 + asLarge) / (1.0 + PERMUTATIONS) > ALPHA) {
            return null;
        }
        double[] profile = new double[n];
        double[] v = new double[k];
        for (int b = 0; b < n; b++) {
            int m = 0;
            for (double[] r : distinct) {
                if (!Double.isNaN(r[b])) {
                    v[m++] = r[b];
                }
            }
            profile[b] = 2 * m >= k ? Descriptive.medianInPlace(v, 0, m) : Double.NaN;
        }
        double total = 0;
        int present = 0;
        for (int b = 0; b < before; b++) {
            if (!Double.isNaN(profile[b])) {
                total += profile[b];
                present++;
            }
        }
        if (present < MIN_BLOCKS || !(total > 0)) {
            return null;
        }
        for (int b = 0; b < n; b++) {
            profile[b] /= total / present;
        }
        return profile;
    }

    /**
     * The baseline blocks of a one-off shock every segment shared, as a holiday is, which the blocks around it do not
     * show: where the segments' shared level of use or of outcome departs from its straight line (Theil-Sen) by more
     * than {@value #SHOCK_SPREADS} robust spreads (1.4826 median absolute deviations of the residuals) and by more than
     * {@value #SHOCK_LEAST} in logs. The shared level is the running sum of the mean block-to-block log change ({@code
     * moments}: per baseline block after the first, {n, mean proxy change, mean outcome change, their sums of squared
     * deviations, ...}); a block no segment saw keeps the level before it. A mean moves with one segment's own story
     * (a team on leave): each run of marked blocks must be entered or left by a change the segments made together (in
     * that series, a mean change more than {@value #TOGETHER} standard deviations of the segments' changes from 0).
     * Null where there is none; where the marked blocks are more than a quarter of the baseline, form more runs than
     * one per 26 blocks (at least one) or a run longer than {@value #LONGEST_RUN} blocks (that is a pattern or a
     * change of level, which a profile reads out); or with fewer than {@value #SHOCK_MIN_BLOCKS} baseline blocks (in a
     * shorter one a week of a recurring rhythm passes for a shock, and leaving a block out costs more).
     */
    static boolean[] shocks(double[][] moments) {
        if (moments == null || moments.length + 1 < SHOCK_MIN_BLOCKS) {
            return null;
        }
        int before = moments.length + 1;
        boolean[][] marked = new boolean[3][before];
        for (int series = 1; series <= 2; series++) {
            double[] level = new double[before];
            for (int b = 1; b < before; b++) {
                double[] c = moments[b - 1];
                level[b] = level[b - 1] + (c[0] > 0 ? c[series] : 0);
            }
            // Theil-Sen: a least-squares line leans toward a shock at either end of the baseline and hides it
            int[] at = new int[before];
            for (int b = 0; b < before; b++) {
                at[b] = b;
            }
            RobustLine line = RobustLine.of(at, level, before);
            double spread = line.scale();
            for (int b = 0; b < before; b++) {
                double d = Math.abs(line.off(b, level[b]));
                marked[series][b] = d > SHOCK_LEAST && d > SHOCK_SPREADS * spread;
                marked[0][b] |= marked[series][b];
            }
        }
        boolean[] shock = marked[0];
        int count = 0;
        int runs = 0;
        for (int b = 0; b < before; b++) {
            if (!shock[b]) {
                continue;
            }
            count++;
            if (b > 0 && shock[b - 1]) {
                continue;
            }
            int end = b;
            while (end + 1 < before && shock[end + 1]) {
                end++;
            }
            runs++;
            if (end - b + 1 > LONGEST_RUN || !together(moments, marked, b, end)) {
                return null;
            }
        }
        return count == 0 || 4 * count > before || runs > Math.max(1, before / 26) ? null : shock;
    }

    /**
     * Whether the run of blocks {@code [from, to]} is entered or left, in a series that marked it, by a mean change
     * more than {@value #TOGETHER} standard deviations of the segments' changes from 0.
     */
    private static boolean together(double[][] moments, boolean[][] marked, int from, int to) {
        for (int series = 1; series <= 2; series++) {
            boolean ran = false;
            for (int b = from; b <= to; b++) {
                ran |= marked[series][b];
            }
            if (!ran) {
                continue;
            }
            // moments[b - 1] is the change into block b: into the run, and out of it into the block after
            for (int into : new int[] {from, to + 1}) {
                if (into < 1 || into > moments.length) {
                    continue;
                }
                double[] c = moments[into - 1];
                double n = c[0];
                double sd = n >= 2 ? Math.sqrt(c[2 + series] / (n - 1)) : Double.NaN;
                if (Math.abs(c[series]) > TOGETHER * sd) {
                    return true;
                }
            }
        }
        return false;
    }

    /**
     * The baseline's log blocks less their least-squares line; NaN where missing; null with fewer than {@value
     * #MIN_BLOCKS} observed.
     */
    private static double[] residuals(double[] r, int before) {
        double[] y = new double[before];
        for (int b = 0; b < before; b++) {
            y[b] = r[b] > 0 ? Math.log(r[b]) : Double.NaN;
        }
        TrendLine line = TrendLine.of(y, before, Double.NaN);
        if (line.n() < MIN_BLOCKS) {
            return null;
        }
        for (int b = 0; b < before; b++) {
            y[b] = y[b] - line.level() - line.slope() * (b - line.mx());
        }
        return y;
    }

    /**
     * The variance over the baseline blocks of the segments' median residual, each segment's observed residuals shifted
     * circularly among its observed blocks.
     */
    private static double medianVariance(double[][] values, int[][] slot, int k, int before, int[] shifts,
                                         double[] scratch) {
        double sum = 0;
        double sum2 = 0;
        int blocks = 0;
        for (int b = 0; b < before; b++) {
            int m = 0;
            for (int j = 0; j < k; j++) {
                if (slot[j][b] >= 0) {
                    scratch[m++] = values[j][(slot[j][b] + shifts[j]) % values[j].length];
                }
            }
            if (2 * m >= k) {
                double median = Descriptive.medianInPlace(scratch, 0, m);
                sum += median;
                sum2 += median * median;
                blocks++;
            }
        }
        if (blocks < 3) {
            return Double.NaN;
        }
        double mean = sum / blocks;
        return (sum2 - blocks * mean * mean) / (blocks - 1);
    }
}
