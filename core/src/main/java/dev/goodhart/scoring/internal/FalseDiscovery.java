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

    /**
     * The same control on a scoring run's compact arrays: each family's p-values in the order {@code order} gives (the
     * report's pairs, each pair's findings in order), replaced in place by their q-values.
     *
     * @param families number of detectors (family ids {@code 0 .. families - 1})
     * @param order    entry indexes in report order
     * @param family   each entry's family, or a negative value for an entry that is not a finding
     * @param values   each entry's p-value (NaN: none, left as it is), replaced by its q-value
     */
    public static void apply(int families, int[] order, short[] family, double[] values) {
        int[] counts = new int[families];
        for (int e : order) {
            if (family[e] >= 0 && !Double.isNaN(values[e])) {
                counts[family[e]]++;
            }
        }
        int[][] members = new int[families][];
        for (int f = 0; f < families; f++) {
            members[f] = new int[counts[f]];
        }
        int[] filled = new int[families];
        for (int e : order) {
            if (family[e] >= 0 && !Double.isNaN(values[e])) {
                members[family[e]][filled[family[e]]++] = e;
            }
        }
        for (int f = 0; f < families; f++) {
            int[] refs = members[f];
            if (refs.length == 0) {
                continue;
            }
            double[] p = new double[refs.length];
            for (int k = 0; k < p.length; k++) {
                // a p-value a rounding step outside [0, 1] is the bound itself
                p[k] = Math.min(1, Math.max(0, values[refs[k]]));
            }
            double[] q = MultipleTesting.benjaminiHochberg(p);
            for (int k = 0; k < q.length; k++) {
                values[refs[k]] = q[k];
            }
            members[f] = null;
        }
    }
}
