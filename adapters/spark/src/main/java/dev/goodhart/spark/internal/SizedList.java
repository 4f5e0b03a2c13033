package dev.goodhart.spark.internal;

import java.io.Serializable;
import java.util.AbstractList;
import java.util.List;
import java.util.RandomAccess;
import org.apache.spark.util.KnownSizeEstimation;
import org.apache.spark.util.SizeEstimator;

/**
 * An unmodifiable list that tells Spark's block manager its size in memory, estimated once when it is made
 * ({@link KnownSizeEstimation}); see {@link SegmentWork} for why a cached partition's elements should.
 *
 * @param <E> the elements' type
 */
public final class SizedList<E> extends AbstractList<E> implements RandomAccess, Serializable, KnownSizeEstimation {
    private static final long serialVersionUID = 1L;
    /** This list's own shell: a header, a reference and a long, rounded up. */
    private static final long SHELL = 32;
    private final List<E> elements;
    private final long estimatedSize;

    private SizedList(List<E> elements) {
        this.elements = List.copyOf(elements);
        this.estimatedSize = SHELL + SizeEstimator.estimate(this.elements);
    }

    /** The elements (copied, none may be null), with their size estimated once. */
    public static <E> SizedList<E> of(List<E> elements) {
        return new SizedList<>(elements);
    }

    @Override
    public E get(int index) {
        return elements.get(index);
    }

    @Override
    public int size() {
        return elements.size();
    }

    @Override
    public long estimatedSize() {
        return estimatedSize;
    }
}
