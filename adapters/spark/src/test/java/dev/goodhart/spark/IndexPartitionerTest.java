package dev.goodhart.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.goodhart.spark.internal.IndexPartitioner;
import org.junit.jupiter.api.Test;

/** The partitioner that sends q-values to the partition where a segment's work is cached. */
class IndexPartitionerTest {
    @Test
    void aKeyIsItsPartition() {
        IndexPartitioner p = new IndexPartitioner(5);
        assertThat(p.numPartitions()).isEqualTo(5);
        for (int i = 0; i < 5; i++) {
            assertThat(p.getPartition(i)).isEqualTo(i);
        }
        assertThat(p).isEqualTo(new IndexPartitioner(5)).hasSameHashCodeAs(new IndexPartitioner(5))
                .isNotEqualTo(new IndexPartitioner(4));
    }

    @Test
    void aKeyThatIsNoPartitionIsRefused() {
        IndexPartitioner p = new IndexPartitioner(3);
        assertThatThrownBy(() -> p.getPartition(3)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("not a partition index below 3: 3");
        assertThatThrownBy(() -> p.getPartition(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> p.getPartition("0")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new IndexPartitioner(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("partitions must be positive, found 0");
    }
}
