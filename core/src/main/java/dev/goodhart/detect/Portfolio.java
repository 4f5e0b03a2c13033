package dev.goodhart.detect;

import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import java.util.AbstractList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.RandomAccess;
import java.util.function.IntFunction;

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

    /** Copies the list (a list made by {@link #onDemand} is kept: it holds no pairs). */
    public Portfolio {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(organisation, "organisation");
        Objects.requireNonNull(segments, "segments");
        segments = segments instanceof OnDemand ? segments : List.copyOf(segments);
    }

    /**
     * A portfolio whose segments' pairs are built each time a detector asks for one ({@code segments().get(i)} calls
     * {@code pairs.apply(i)}), so that a million segments' series need not be on the heap at once. The pairs must be
     * the same on every call (a frame's series); the list is unmodifiable and holds no null.
     *
     * @param model        the model being scored
     * @param link         the link
     * @param count        how many segments' pairs
     * @param pairs        the pair of segment {@code i}, {@code 0 <= i < count}, in segment order
     * @param seed         seed for any resampling, fixed per link
     * @param organisation the whole organisation's pair, if any
     * @return the portfolio
     * @throws IllegalArgumentException if {@code count} is negative
     */
    public static Portfolio onDemand(IntegrityModel model, Link link, int count, IntFunction<PairSeries> pairs,
                                     long seed, Optional<PairSeries> organisation) {
        Objects.requireNonNull(pairs, "pairs");
        if (count < 0) {
            throw new IllegalArgumentException("count must be 0 or more, found " + count);
        }
        return new Portfolio(model, link, new OnDemand(count, pairs), seed, organisation);
    }

    /** The segments' pairs built on each access. */
    private static final class OnDemand extends AbstractList<PairSeries> implements RandomAccess {
        private final int size;
        private final IntFunction<PairSeries> pairs;

        OnDemand(int size, IntFunction<PairSeries> pairs) {
            this.size = size;
            this.pairs = pairs;
        }

        @Override
        public PairSeries get(int index) {
            Objects.checkIndex(index, size);
            return Objects.requireNonNull(pairs.apply(index), "pair");
        }

        @Override
        public int size() {
            return size;
        }
    }

    /** A portfolio without the organisation's pair. */
    public Portfolio(IntegrityModel model, Link link, List<PairSeries> segments, long seed) {
        this(model, link, segments, seed, Optional.empty());
    }
}
