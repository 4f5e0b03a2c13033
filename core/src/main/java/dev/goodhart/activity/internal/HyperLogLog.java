package dev.goodhart.activity.internal;

import java.util.Arrays;

/**
 * Distinct-count sketch (Flajolet, Fusy, Gandouet &amp; Meunier 2007, "HyperLogLog: the analysis of a near-optimal
 * cardinality estimation algorithm") with 1024 one-byte registers (standard error about 3.2%) and linear counting
 * below 2.5 m (Heule, Nunkesser &amp; Hall 2013), which is nearly exact for small counts. Takes well-mixed 64-bit hashes.
 */
public final class HyperLogLog implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    private static final int P = 10;
    private static final int M = 1 << P;
    private static final double ALPHA = 0.7213 / (1 + 1.079 / M);

    private final byte[] registers;

    /** An empty sketch. */
    public HyperLogLog() {
        registers = new byte[M];
    }

    private HyperLogLog(byte[] registers) {
        this.registers = registers;
    }

    /** Adds one well-mixed 64-bit hash. */
    public void add(long hash) {
        int index = (int) (hash >>> (64 - P));
        long w = (hash << P) | (1L << (P - 1));
        int rank = Long.numberOfLeadingZeros(w) + 1;
        if (rank > registers[index]) {
            registers[index] = (byte) rank;
        }
    }

    /** Estimated number of distinct hashes added. */
    public double estimate() {
        double sum = 0;
        int zeros = 0;
        for (byte r : registers) {
            sum += Math.scalb(1.0, -r);
            if (r == 0) {
                zeros++;
            }
        }
        double e = ALPHA * M * M / sum;
        if (e <= 2.5 * M && zeros > 0) {
            return M * Math.log((double) M / zeros);
        }
        return e;
    }

    /** An independent copy. */
    public HyperLogLog copy() {
        return new HyperLogLog(Arrays.copyOf(registers, M));
    }

    /** Bytes of state. */
    public static int bytes() {
        return M + 16;
    }
}
