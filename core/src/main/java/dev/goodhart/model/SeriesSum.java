package dev.goodhart.model;

import dev.goodhart.internal.ExactSums;
import java.io.Serializable;

/**
 * The organisation's series of a metric as a mergeable summary of its segments' series: per period the exact sum of
 * the segments' values and how many segments had one. {@link Frame} computes the organisation's series with it, so
 * summaries built apart (one per Spark partition, one per thread) and {@linkplain #merge merged} in any order give the
 * organisation's series bit for bit: each period's sum is exact until it is read, then rounded once to the nearest
 * double. Memory: a few doubles per period, whatever the number of segments.
 *
 * <p>Mutable (an accumulator, like a sketch), not thread-safe; serializable, to travel between machines.
 */
public final class SeriesSum implements Serializable {
    private static final long serialVersionUID = 2L;
    private final ExactSums sums;
    private final int[] counts;
    /** How many of the whole series added ({@link #add(double[])}) have their first value in each period. */
    private final int[] firsts;

    private SeriesSum(int periods) {
        sums = new ExactSums(periods);
        counts = new int[periods];
        firsts = new int[periods];
    }

    /** An empty summary of {@code periods} periods. */
    public static SeriesSum of(int periods) {
        if (periods < 0) {
            throw new IllegalArgumentException("periods must be at least 0, not " + periods);
        }
        return new SeriesSum(periods);
    }

    /** The number of periods. */
    public int periods() {
        return counts.length;
    }

    /**
     * Adds one segment's series (one value per period; NaN where the segment has none).
     *
     * @throws IllegalArgumentException if the length is not {@link #periods()} or a value is infinite
     */
    public SeriesSum add(double[] series) {
        if (series.length != counts.length) {
            throw new IllegalArgumentException("a series of " + series.length + " periods added to a sum of "
                    + counts.length);
        }
        int first = -1;
        for (int i = 0; i < series.length; i++) {
            add(i, series[i]);
            if (first < 0 && !Double.isNaN(series[i])) {
                first = i;
            }
        }
        if (first >= 0) {
            firsts[first]++;
        }
        return this;
    }

    /** Adds one segment's value of period {@code period}; NaN (no value) is skipped. */
    public SeriesSum add(int period, double value) {
        if (!Double.isNaN(value)) {
            sums.add(period, value);
            counts[period]++;
        }
        return this;
    }

    /** Adds every segment summed in {@code other} (the same number of periods) to this summary; returns this. */
    public SeriesSum merge(SeriesSum other) {
        if (other.periods() != periods()) {
            throw new IllegalArgumentException("merging a sum of " + other.periods() + " periods into one of "
                    + periods());
        }
        sums.addAll(other.sums);
        for (int i = 0; i < counts.length; i++) {
            counts[i] += other.counts[i];
            firsts[i] += other.firsts[i];
        }
        return this;
    }

    /** How many segments had a value in period {@code period}. */
    public int count(int period) {
        return counts[period];
    }

    /**
     * How many of the whole series added ({@link #add(double[])}, not period by period) have their first value in
     * period {@code period}: a segment whose data begin later is not missing before.
     */
    public int firsts(int period) {
        return firsts[period];
    }

    /**
     * How many of the whole series added ({@link #add(double[])}) have a value in some period: a series of NaN alone
     * (rows without a value) gives the metric nothing.
     */
    public int valuedSeries() {
        int n = 0;
        for (int f : firsts) {
            n += f;
        }
        return n;
    }

    /**
     * The organisation's series: per period NaN where no segment had a value, otherwise the sum rounded once to the
     * nearest double, divided by the count for a {@link Aggregation#MEAN} metric (the mean of the segments' values).
     */
    public double[] values(Aggregation aggregation) {
        double[] out = new double[counts.length];
        for (int i = 0; i < out.length; i++) {
            double sum = sums.sum(i);
            out[i] = counts[i] == 0 ? Double.NaN : aggregation == Aggregation.MEAN ? sum / counts[i] : sum;
        }
        return out;
    }
}
