package dev.goodhart.spark.internal;

import dev.goodhart.scoring.Examination;
import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * One segment's work on an executor, kept there between the stages: its examinations (with their series), its
 * summaries for the cross-segment detectors and its aggregated series (for the organisation's sum).
 *
 * @param segment      the segment
 * @param examinations one per link, in model order
 * @param summaries    per link, each cross-segment detector's summary
 * @param series       metric to aggregated values per period
 * @param organisation the organisation's own rows (segment {@code "*"} or empty), for the organisation's group only;
 *                     empty otherwise
 */
public record SegmentWork(String segment, List<Examination> examinations, List<Serializable[]> summaries,
                          Map<String, double[]> series, List<dev.goodhart.model.Observation> organisation)
        implements Serializable {
    private static final long serialVersionUID = 1L;
}
