package dev.goodhart.scoring.internal;

import dev.goodhart.model.Finding;
import dev.goodhart.stats.MultipleTesting;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Benjamini-Hochberg within each detector's family: the findings of one detector across all segments and links of a
 * report. Each detector asks one question of every segment; pooling all families into one procedure would let the
 * number of other questions dilute each one.
 */
public final class FalseDiscovery {
    private FalseDiscovery() {
    }

    /**
     * Sets every finding's q-value, in place.
     *
     * @param findings the findings of each pair (mutable lists); findings without a p-value keep a NaN q-value
     */
    public static void apply(List<List<Finding>> findings) {
        Map<String, List<int[]>> families = new LinkedHashMap<>(); // detector -> {pair index, finding index}
        for (int i = 0; i < findings.size(); i++) {
            List<Finding> fs = findings.get(i);
            for (int j = 0; j < fs.size(); j++) {
                if (!Double.isNaN(fs.get(j).pValue())) {
                    families.computeIfAbsent(fs.get(j).detector(), k -> new ArrayList<>()).add(new int[] {i, j});
                }
            }
        }
        for (List<int[]> refs : families.values()) {
            double[] p = new double[refs.size()];
            for (int k = 0; k < p.length; k++) {
                // a p-value a rounding step outside [0, 1] is the bound itself
                p[k] = Math.min(1, Math.max(0, findings.get(refs.get(k)[0]).get(refs.get(k)[1]).pValue()));
            }
            double[] q = MultipleTesting.benjaminiHochberg(p);
            for (int k = 0; k < q.length; k++) {
                int[] ref = refs.get(k);
                List<Finding> fs = findings.get(ref[0]);
                fs.set(ref[1], fs.get(ref[1]).withQValue(q[k]));
            }
        }
    }
}
