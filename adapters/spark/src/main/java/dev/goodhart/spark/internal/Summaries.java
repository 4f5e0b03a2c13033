package dev.goodhart.spark.internal;

import java.io.Serializable;
import java.util.List;
import java.util.Map;

/**
 * What one segment sends the driver in the fold: its summaries per link (a size independent of the periods) and its
 * aggregated series, which the driver adds into the organisation's and drops.
 *
 * @param summaries per link, each cross-segment detector's summary
 * @param series    metric to aggregated values per period
 * @param organisation the organisation's own rows, from the organisation's group only; empty otherwise
 */
public record Summaries(List<Serializable[]> summaries, Map<String, double[]> series,
                        List<dev.goodhart.model.Observation> organisation) implements Serializable {
    private static final long serialVersionUID = 1L;
}
