package dev.goodhart.detect;

import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The input to a {@link PortfolioDetector}: one link, the model it belongs to (quotas, self-reported metrics), the
 * {@link PairSeries} of every segment that could be windowed (the organisation excluded) and, when it could be
 * windowed, the organisation's own pair (segment {@code "*"}).
 *
 * @param model        the model being scored
 * @param link         the link
 * @param segments     one pair per segment, in segment order
 * @param seed         seed for any resampling, fixed per link
 * @param organisation the whole organisation's pair, if any
 */
public record Portfolio(IntegrityModel model, Link link, List<PairSeries> segments, long seed,
                        Optional<PairSeries> organisation) {

    /** Copies the list. */
    public Portfolio {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(organisation, "organisation");
        segments = List.copyOf(Objects.requireNonNull(segments, "segments"));
    }

    /** A portfolio without the organisation's pair. */
    public Portfolio(IntegrityModel model, Link link, List<PairSeries> segments, long seed) {
        this(model, link, segments, seed, Optional.empty());
    }
}
