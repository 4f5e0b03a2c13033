package dev.goodhart.detect;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Finding;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/**
 * Intervention response keeps the last factorised design for the next pair on the same calendar. Whatever it kept,
 * every finding equals that of a new detector, with pairs of different lengths, splits and missing periods in any
 * order and from several threads at once.
 */
class InterventionResponseSharedDesignTest {
    @Test
    void aKeptDesignNeverChangesAFinding() throws Exception {
        List<PairSeries> pairs = pairs();
        List<String> fresh = new ArrayList<>();
        for (PairSeries p : pairs) {
            fresh.add(text(new InterventionResponse().detect(p)));
        }
        InterventionResponse shared = new InterventionResponse();
        for (int round = 0; round < 2; round++) {
            for (int i = 0; i < pairs.size(); i++) {
                assertThat(text(shared.detect(pairs.get(i)))).as("pair %d, round %d", i, round).isEqualTo(fresh.get(i));
            }
        }
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            List<Future<String>> futures = new ArrayList<>();
            for (int k = 0; k < 400; k++) {
                PairSeries p = pairs.get((k * 7) % pairs.size());
                futures.add(pool.submit(() -> text(shared.detect(p))));
            }
            for (int k = 0; k < futures.size(); k++) {
                assertThat(futures.get(k).get()).isEqualTo(fresh.get((k * 7) % pairs.size()));
            }
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Pairs of two lengths and two splits, some with a missing period (as many complete periods, at different ones),
     * interleaved so that the kept design changes.
     */
    private static List<PairSeries> pairs() {
        SplittableRandom r = new SplittableRandom(11);
        List<PairSeries> out = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            int n = i % 3 == 0 ? 60 : 80;
            int split = i % 4 < 2 ? 30 : 40;
            double[] p = new double[n];
            double[] o = new double[n];
            for (int t = 0; t < n; t++) {
                double w = Math.exp(0.1 * r.nextGaussian());
                p[t] = 100 * w * (t >= split && i % 2 == 0 ? 1.8 : 1);
                o[t] = 20 * Math.pow(w, 0.5) * Math.exp(0.05 * r.nextGaussian());
            }
            if (i % 5 == 0) {
                p[7] = Double.NaN;
            } else if (i % 5 == 1) {
                o[n - 5] = Double.NaN; // as many complete periods as a pair missing period 7, at other periods
            }
            out.add(Pairs.of(p, o, split, Direction.HIGHER));
        }
        return out;
    }

    private static String text(DetectorResult result) {
        if (!result.ran()) {
            return "skipped: " + result.skipReason();
        }
        Finding f = result.findings().get(0);
        return f.statistic() + " " + f.pValue() + " " + f.effect() + " " + f.message() + " " + f.detail();
    }
}
