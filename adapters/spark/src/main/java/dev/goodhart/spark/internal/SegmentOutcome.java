package dev.goodhart.spark.internal;

import dev.goodhart.scoring.Examination;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What an executor returns for one segment: the examinations of every link and the segment's aggregated series per
 * metric on the whole calendar (public only because Spark's encoders require it; not part of the API).
 *
 * @param segment      the segment
 * @param examinations one per link
 * @param series       metric to aggregated values per period
 */
public record SegmentOutcome(String segment, List<Examination> examinations, Map<String, double[]> series)
        implements Serializable {
    private static final long serialVersionUID = 1L;
}
