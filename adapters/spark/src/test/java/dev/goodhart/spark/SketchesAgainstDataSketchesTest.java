package dev.goodhart.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.activity.internal.HyperLogLog;
import dev.goodhart.activity.internal.SpaceSaving;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.datasketches.frequencies.ErrorType;
import org.apache.datasketches.frequencies.LongsSketch;
import org.apache.datasketches.hll.HllSketch;
import org.apache.datasketches.hll.TgtHllType;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The usage-log state's hand-written sketches (core may depend on Guava, Commons Math and SLF4J only, so it cannot use
 * Apache DataSketches) against DataSketches 3.3.0, the version Spark ships, on the same streams and about the same
 * memory: HyperLogLog with 1,024 registers against {@code HllSketch} with lgK = 10 (HLL_8, 1 KB), and Space-Saving
 * with the 32 counters an actor keeps against a {@code LongsSketch} of 64 slots. Core reads its registers only
 * (Ertl's estimator: the same events in any order give the same estimate), so it is compared with DataSketches'
 * estimator from the registers ({@code getCompositeEstimate}, what a merged sketch gives), and its error must be
 * DataSketches' within the sampling error of 1,000 streams (about 3% for a ratio of two such errors; allowed 10%).
 * DataSketches' historic-inverse-probability estimate of a stream ({@code getEstimate}) is printed beside it: more
 * precise, but it depends on the order of the stream. The heaviest request's guaranteed count must fall short of the
 * truth by no more than DataSketches' lower bound does.
 */
class SketchesAgainstDataSketchesTest {
    private static final int TRIALS = 1000;

    @ParameterizedTest
    @ValueSource(ints = {300, 1000, 2600, 5000, 20_000, 100_000})
    void distinctCountsAsPreciseAsDataSketches(int n) {
        SplittableRandom r = new SplittableRandom(31L * n);
        double ours = 0;
        double theirs = 0;
        double theirsHip = 0;
        for (int trial = 0; trial < TRIALS; trial++) {
            HyperLogLog h = new HyperLogLog();
            HllSketch d = new HllSketch(10, TgtHllType.HLL_8);
            for (int i = 0; i < n; i++) {
                long x = r.nextLong();
                h.add(x);
                d.update(x);
            }
            ours += Math.pow(h.estimate() / n - 1, 2);
            theirs += Math.pow(d.getCompositeEstimate() / n - 1, 2);
            theirsHip += Math.pow(d.getEstimate() / n - 1, 2);
        }
        double oursRmse = Math.sqrt(ours / TRIALS);
        double theirsRmse = Math.sqrt(theirs / TRIALS);
        System.out.printf(Locale.ROOT, "distinct n=%d: relative RMSE core %.4f, DataSketches from the registers %.4f, "
                + "by historic inverse probability %.4f%n", n, oursRmse, theirsRmse, Math.sqrt(theirsHip / TRIALS));
        assertThat(oursRmse).isLessThanOrEqualTo(1.1 * theirsRmse);
    }

    @ParameterizedTest
    @ValueSource(ints = {500, 5_000})
    void heaviestRequestAtLeastAsCloseAsDataSketches(int distinct) {
        SplittableRandom r = new SplittableRandom(distinct);
        long oursError = 0;
        long theirsError = 0;
        for (int trial = 0; trial < 50; trial++) {
            int n = 5_000 + r.nextInt(20_000);
            SpaceSaving s = new SpaceSaving(32);
            LongsSketch d = new LongsSketch(64);
            Map<Long, Long> truth = new HashMap<>();
            for (int i = 0; i < n; i++) {
                long key = ((long) Math.floor(Math.pow(distinct + 1.0, r.nextDouble())) - 1) * 0x9E3779B97F4A7C15L;
                s.add(key);
                d.update(key);
                truth.merge(key, 1L, Long::sum);
            }
            long top = truth.values().stream().mapToLong(Long::longValue).max().orElseThrow();
            LongsSketch.Row[] rows = d.getFrequentItems(ErrorType.NO_FALSE_NEGATIVES);
            long theirsTop = 0;
            for (LongsSketch.Row row : rows) {
                theirsTop = Math.max(theirsTop, row.getLowerBound());
            }
            oursError += top - s.guaranteedCounts()[0];
            theirsError += top - theirsTop;
        }
        System.out.printf(Locale.ROOT, "heaviest of %d: mean shortfall of the guaranteed count core %.1f, "
                + "DataSketches %.1f%n", distinct, oursError / 50.0, theirsError / 50.0);
        assertThat(oursError).isLessThanOrEqualTo(theirsError);
    }
}
