package dev.goodhart.detect;

import dev.goodhart.IntegrityModel;
import dev.goodhart.Link;
import java.util.List;
import java.util.Objects;

/**
 * The input to a {@link PortfolioDetector}: one link, the model it belongs to (quotas, self-reported metrics) and
 * the {@link PairSeries} of every segment that could be windowed (the organisation excluded).
 *
 * @param model    the model being scored
 * @param link     the link
 * @param segments one pair per segment, in segment order
 * @param seed     seed for any resampling, fixed per link
 */
public record Portfolio(IntegrityModel model, Link link, List<PairSeries> segments, long seed) {

    /** Copies the list. */
    public Portfolio {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(link, "link");
        segments = List.copyOf(segments);
    }
}
