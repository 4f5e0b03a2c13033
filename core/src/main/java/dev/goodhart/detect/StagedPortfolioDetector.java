package dev.goodhart.detect;

import dev.goodhart.model.Finding;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.model.Segments;
import java.io.Serializable;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A {@link PortfolioDetector} that runs in stages, so that a distributed engine can keep every segment's series where
 * the data is and bring together only summaries of fixed size:
 *
 * <ol>
 *   <li>{@link #summarize}: one segment's pair to a summary of a bounded size (on an executor): the default
 *       detectors' summaries do not grow with the periods, except the expected response's for a segment whose proxy
 *       did not move (its baseline in weekly blocks, kept for at most 402 such segments per calendar and rollout
 *       date) and difference in differences' for a control (two numbers per intervention date of the model);</li>
 *   <li>{@link #merger}: the summaries folded in segment order into what every segment needs to know about the others
 *       (on the driver, one summary at a time), concluded into a {@link Conclusion}: the state shared with every
 *       segment, the organisation's findings, or why the detector cannot run;</li>
 *   <li>{@link #findings}: one segment's findings from its own pair and the shared state (on an executor).</li>
 * </ol>
 *
 * <p>{@link #detect} runs the three stages on one machine, so a distributed run that folds the summaries in the same
 * (segment) order gives exactly the same findings. Implementations are stateless and thread-safe; the merger is not.
 *
 * @param <S> a segment's summary
 * @param <M> the state shared with every segment after the merge
 */
public interface StagedPortfolioDetector<S extends Serializable, M extends Serializable> extends PortfolioDetector {

    /**
     * What every stage knows besides the pairs: the model, the link and the seed of the portfolio.
     *
     * @param model the model being scored
     * @param link  the link
     * @param seed  seed for any resampling, fixed per link
     */
    record Context(IntegrityModel model, Link link, long seed) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** Checks for nulls. */
        public Context {
            Objects.requireNonNull(model, "model");
            Objects.requireNonNull(link, "link");
        }

        /** The context of a portfolio. */
        public static Context of(Portfolio portfolio) {
            Objects.requireNonNull(portfolio, "portfolio");
            return new Context(portfolio.model(), portfolio.link(), portfolio.seed());
        }
    }

    /**
     * The end of the merge.
     *
     * @param shared       what {@link #findings} needs from the other segments (null when skipped)
     * @param organisation the organisation's findings (may be empty)
     * @param skipReason   why the detector does not apply to this portfolio at all, or null
     * @param <M>          the shared state
     */
    record Conclusion<M>(M shared, List<Finding> organisation, String skipReason) {
        /** Copies the list. */
        public Conclusion {
            organisation = List.copyOf(Objects.requireNonNull(organisation, "organisation"));
        }

        /** A conclusion that the detector does not apply. */
        public static <M> Conclusion<M> skipped(String reason) {
            return new Conclusion<>(null, List.of(), Objects.requireNonNull(reason, "reason"));
        }

        /** Whether the detector applies. */
        public boolean ran() {
            return skipReason == null;
        }
    }

    /**
     * Folds the summaries of one link's segments, in segment order; not thread-safe.
     *
     * @param <S> a segment's summary
     * @param <M> the shared state
     */
    interface Merger<S, M> {
        /** Adds the summary of the next segment (in segment order). */
        void add(S summary);

        /**
         * A hint that about {@code segments} summaries will be added, so that per-segment state can be sized once
         * instead of grown (a driver at millions of segments); the default ignores it.
         */
        default void expect(long segments) {
        }

        /**
         * Concludes once every segment is added.
         *
         * @param organisation the organisation's pair, if it could be windowed
         */
        Conclusion<M> conclude(Optional<PairSeries> organisation);
    }

    /** One segment's summary, of a bounded size (see the class comment); null when it contributes nothing. */
    S summarize(Context context, PairSeries pair);

    /** A new fold for one portfolio. */
    Merger<S, M> merger(Context context);

    /** One segment's findings (possibly none) from its own pair and the shared state of a conclusion that ran. */
    List<Finding> findings(Context context, M shared, PairSeries pair);

    /**
     * Why {@link #findings} has none for this segment where the detector asked its question of it but could not read
     * its data (too few blocks since the intervention, values it cannot average), in plain words for the segment's
     * notes; null (the default) where it read the segment or had nothing to ask of it. Called only for a segment
     * without findings, so it may redo the reading.
     */
    default String unread(Context context, M shared, PairSeries pair) {
        return null;
    }

    /**
     * Why no segment or organisation finding came out although the conclusion ran: the detector is then reported as
     * skipped with this reason; null (the default) reports it as run without findings.
     */
    default String noFindingReason(M shared) {
        return null;
    }

    /** The three stages on one machine, segments in portfolio order. */
    @Override
    default PortfolioResult detect(Portfolio portfolio) {
        Context context = Context.of(portfolio);
        return run(this, portfolio, pair -> summarize(context, pair));
    }

    /**
     * The three stages of {@code detector} on one machine, segments in portfolio order, each summarised by
     * {@code summary}.
     *
     * @param <S> a segment's summary
     * @param <M> the shared state
     * @return the findings by segment, or why the detector was skipped
     */
    static <S extends Serializable, M extends Serializable> PortfolioResult run(
            StagedPortfolioDetector<S, M> detector, Portfolio portfolio,
            java.util.function.Function<PairSeries, S> summary) {
        Objects.requireNonNull(detector, "detector");
        Objects.requireNonNull(summary, "summary");
        Objects.requireNonNull(portfolio, "portfolio");
        Context context = Context.of(portfolio);
        Merger<S, M> merger = detector.merger(context);
        for (PairSeries pair : portfolio.segments()) {
            S s = summary.apply(pair);
            if (s != null) {
                merger.add(s);
            }
        }
        Conclusion<M> c = merger.conclude(portfolio.organisation());
        if (!c.ran()) {
            return PortfolioResult.skipped(c.skipReason());
        }
        Map<String, List<Finding>> out = new LinkedHashMap<>();
        Map<String, List<String>> notes = new LinkedHashMap<>();
        for (PairSeries pair : portfolio.segments()) {
            List<Finding> f = detector.findings(context, c.shared(), pair);
            if (!f.isEmpty()) {
                out.put(pair.segment(), f);
            } else {
                String unread = detector.unread(context, c.shared(), pair);
                if (unread != null) {
                    notes.put(pair.segment(), List.of(detector.name() + " skipped: " + unread));
                }
            }
        }
        if (!c.organisation().isEmpty()) {
            out.put(Segments.ALL, c.organisation());
        }
        String none = out.isEmpty() ? detector.noFindingReason(c.shared()) : null;
        if (none != null) {
            // no finding anywhere: the organisation's row says why; each segment it could not read still says so, as
            // in stages (StagedScorer.complete)
            return new PortfolioResult(Map.of(), none, notes);
        }
        return PortfolioResult.of(out, notes);
    }
}
