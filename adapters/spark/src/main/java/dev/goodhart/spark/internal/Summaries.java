package dev.goodhart.spark.internal;

import java.io.Serializable;
import java.util.List;

/**
 * What one segment sends the driver in the fold: its summaries per link (growing at most with the
 * baseline's weekly blocks, not with the periods' rows; the segment's series stay on the executors, which send exact
 * partial sums of them).
 *
 * @param summaries per link, each cross-segment detector's summary
 * @param organisation the organisation's own rows, from the organisation's group only; empty otherwise
 */
public record Summaries(List<Serializable[]> summaries, List<dev.goodhart.model.Observation> organisation) implements Serializable {
    private static final long serialVersionUID = 1L;
}
