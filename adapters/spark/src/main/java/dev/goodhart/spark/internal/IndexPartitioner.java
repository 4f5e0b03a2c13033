package dev.goodhart.spark.internal;

import org.apache.spark.Partitioner;

/** Sends a record to the partition its key names: keys are partition indices, from 0 to {@code partitions - 1}. */
public final class IndexPartitioner extends Partitioner {
    private static final long serialVersionUID = 1L;
    private final int partitions;

    /** @throws IllegalArgumentException if {@code partitions} is not positive */
    public IndexPartitioner(int partitions) {
        if (partitions < 1) {
            throw new IllegalArgumentException("partitions must be positive, found " + partitions);
        }
        this.partitions = partitions;
    }

    @Override
    public int numPartitions() {
        return partitions;
    }

    /** @throws IllegalArgumentException if the key is not an index of a partition */
    @Override
    public int getPartition(Object key) {
        if (!(key instanceof Integer i) || i < 0 || i >= partitions) {
            throw new IllegalArgumentException("not a partition index below " + partitions + ": " + key);
        }
        return i;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof IndexPartitioner p && p.partitions == partitions;
    }

    @Override
    public int hashCode() {
        return Integer.hashCode(partitions);
    }
}
