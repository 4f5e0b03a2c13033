package dev.goodhart.scoring.internal;

import dev.goodhart.stats.MultipleTesting;

/**
 * Benjamini-Hochberg within each detector's family: the findings of one detector across all segments and links of a
 * report. Each detector asks one question of every segment; pooling all families into one procedure would let the
 * number of other questions dilute each one. A detector calibrated on each segment's own data ({@link
 * dev.goodhart.detect.Description#calibratedPerSegment()}) is not pooled: its q-value is its p-value.
 */
public final class FalseDiscovery {
    private FalseDiscovery() {
    }

    /**
     * Applies the control to a scoring run's compact arrays: each family's p-values in the order {@code order} gives
     * (the report's pairs, each pair's findings in order), replaced in place by their q-values. A detector calibrated
     * per segment ({@code perSegment}) is a family per segment: its q-value is its p-value (clamped to [0, 1]).
     *
     * @param families   number of detectors (family ids {@code 0 .. families - 1})
     * @param perSegment for each family id, whether the detector is calibrated per segment
     * @param order      entry indexes in report order
     * @param family     each entry's family, or a negative value for an entry that is not a finding
     * @param values     each entry's p-value (NaN: none, left as it is), replaced by its q-value
     */
    public static void apply(int families, boolean[] perSegment, int[] order, short[] family, double[] values) {
        int[] counts = new int[families];
        for (int e : order) {
            if (family[e] >= 0 && !Double.isNaN(values[e]) && perSegment[family[e]]) {
                values[e] = Math.min(1, Math.max(0, values[e]));
            } else if (family[e] >= 0 && !Double.isNaN(values[e])) {
                counts[family[e]]++;
            }
        }
        int[][] members = new int[families][];
        for (int f = 0; f < families; f++) {
            members[f] = new int[counts[f]];
        }
        int[] filled = new int[families];
        for (int e : order) {
            if (family[e] >= 0 && !Double.isNaN(values[e]) && !perSegment[family[e]]) {
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
