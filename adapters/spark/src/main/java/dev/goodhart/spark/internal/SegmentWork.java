package dev.goodhart.spark.internal;

import dev.goodhart.model.Observation;
import dev.goodhart.scoring.Examination;
import java.io.Serializable;
import java.util.List;
import java.util.Map;
import org.apache.spark.util.KnownSizeEstimation;
import org.apache.spark.util.SizeEstimator;

/**
 * One segment's work on an executor, kept there between the stages: its examinations (with their series), its
 * summaries for the cross-segment detectors and its aggregated series (for the organisation's sum).
 *
 * <p>Its size in memory is estimated once, when it is made ({@link #of}), and given to Spark's block manager as is
 * ({@link KnownSizeEstimation}): a cached partition's size is otherwise re-estimated by walking every object graph in
 * it at each of its growing samples, about eleven walks of every segment's work (23% of an executor's time at
 * 10,000 segments, measured with JFR).
 *
 * @param segment       the segment
 * @param examinations  one per link, in model order
 * @param summaries     per link, each cross-segment detector's summary
 * @param series        metric to aggregated values per period
 * @param organisation  the organisation's own rows (segment {@code "*"} or empty), for the organisation's group only;
 *                      empty otherwise
 * @param estimatedSize its size in memory as {@link SizeEstimator} estimates it, in bytes
 * @param summariesSize the part of it that is the summaries (what the fold streams to the driver), in bytes
 */
public record SegmentWork(String segment, List<Examination> examinations, List<Serializable[]> summaries,
                          Map<String, double[]> series, List<Observation> organisation, long estimatedSize,
                          long summariesSize)
        implements Serializable, KnownSizeEstimation {
    private static final long serialVersionUID = 3L;
    /** This record's own shell: a header, five references and two longs, rounded up (uncompressed references too). */
    private static final long SHELL = 80;

    /** The work, with its size estimated once. */
    public static SegmentWork of(String segment, List<Examination> examinations, List<Serializable[]> summaries,
                                 Map<String, double[]> series, List<Observation> organisation) {
        long summariesSize = SizeEstimator.estimate(summaries);
        long size = SHELL + SizeEstimator.estimate(segment) + SizeEstimator.estimate(examinations) + summariesSize
                + SizeEstimator.estimate(series) + SizeEstimator.estimate(organisation);
        return new SegmentWork(segment, examinations, summaries, series, organisation, size, summariesSize);
    }
}
