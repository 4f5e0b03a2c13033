package dev.goodhart.scoring;

import dev.goodhart.report.IntegrityReport;

import dev.goodhart.model.Frame;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.model.Observation;

import dev.goodhart.internal.CoMoments;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Scoring for platforms that score every day: observations are appended as they arrive, each costing O(1), and the
 * windowed statistic a dashboard shows every day, the <em>rolling coupling</em>, is updated in O(1) per closed period
 * per (link, segment) instead of being recomputed over the whole history.
 *
 * <ul>
 *   <li>{@link #append(Observation)} takes observations of the current period or later; a period closes when the
 *       first observation of a later period arrives. Earlier periods are refused (a late correction means a rebuild
 *       with {@link Frame#of}).</li>
 *   <li>{@link #rollingCoupling(Link, String)}: the Pearson correlation of period-over-period changes in the log proxy
 *       and log outcome over the last {@code window} closed changes (missing or non-positive periods are skipped),
 *       kept as running co-moments (the stable add/remove updates of {@link dev.goodhart.stats.Rolling}); it equals
 *       the direct computation over the same changes.</li>
 *   <li>{@link #report()} runs the full {@link Scorer} on a snapshot of everything appended: equal to scoring a frame
 *       built from all the observations at once. The detectors need the whole history (baseline and recent windows,
 *       bootstrap), so this part costs O(history), as a full re-score does.</li>
 * </ul>
 *
 * <p>Not thread-safe: append from one thread (or synchronise); {@link #report()} returns an immutable report.
 */
public final class LiveScorer {
    private final IntegrityModel model;
    private final Scorer scorer;
    private final int window;
    private final Frame.Builder builder;
    private final Map<String, Coupling> couplings = new HashMap<>();
    private long openOrdinal = Long.MIN_VALUE;

    private LiveScorer(IntegrityModel model, Scorer scorer, int window) {
        this.model = model;
        this.scorer = scorer;
        this.window = window;
        this.builder = Frame.builder(model);
    }

    /**
     * A live scorer with the default scorer and a rolling window of {@code window} changes.
     *
     * @throws IllegalArgumentException if {@code window < 3}
     */
    public static LiveScorer of(IntegrityModel model, int window) {
        return of(model, Scorer.defaults(), window);
    }

    /**
     * A live scorer with the given scorer.
     *
     * @throws IllegalArgumentException if {@code window < 3}
     */
    public static LiveScorer of(IntegrityModel model, Scorer scorer, int window) {
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(scorer, "scorer");
        if (window < 3) {
            throw new IllegalArgumentException("window: must be at least 3 changes, found " + window);
        }
        return new LiveScorer(model, scorer, window);
    }

    /**
     * Appends one observation of the current period or a later one.
     *
     * @throws IllegalArgumentException if it belongs to a period before the current one
     */
    public LiveScorer append(Observation o) {
        long ordinal = builder.ordinalOf(o.date());
        if (openOrdinal != Long.MIN_VALUE && ordinal < openOrdinal) {
            throw new IllegalArgumentException("observation of " + o.metric() + " on " + o.date() + " is before the "
                    + "current period; a live scorer takes new periods only (rebuild with Frame.of for corrections)");
        }
        if (ordinal > openOrdinal) {
            if (openOrdinal != Long.MIN_VALUE) {
                close(openOrdinal);
            }
            openOrdinal = ordinal;
        }
        builder.add(o);
        return this;
    }

    /** Appends every observation, in order. */
    public LiveScorer appendAll(Iterable<Observation> observations) {
        for (Observation o : observations) {
            append(o);
        }
        return this;
    }

    /** Scores everything appended so far; equal to scoring {@code Frame.of(model, allObservations)}. */
    public IntegrityReport report() {
        return scorer.score(model, builder.build());
    }

    /**
     * The rolling coupling of a link in a segment ({@code "*"} is not tracked): the correlation of the last
     * {@code window} closed period-over-period log changes, empty until there are {@code window} of them or when one
     * series did not vary.
     */
    public Optional<Double> rollingCoupling(Link link, String segment) {
        Coupling c = couplings.get(key(link, segment));
        return c == null ? Optional.empty() : c.value();
    }

    /** The history of the rolling coupling, one value per closed change (NaN before the window filled). */
    public double[] rollingCouplingHistory(Link link, String segment) {
        Coupling c = couplings.get(key(link, segment));
        return c == null ? new double[0] : c.history.stream().mapToDouble(Double::doubleValue).toArray();
    }

    private static String key(Link link, String segment) {
        return link.proxy() + '\u0000' + link.outcome() + '\u0000' + segment;
    }

    /** A period closed: feed every (link, segment) its newest change, O(links x segments). */
    private void close(long ordinal) {
        for (String segment : builder.segmentsSeen()) {
            for (Link link : model.links()) {
                double p = builder.valueAt(segment, link.proxy(), ordinal);
                double o = builder.valueAt(segment, link.outcome(), ordinal);
                couplings.computeIfAbsent(key(link, segment), k -> new Coupling(window)).close(p, o);
            }
        }
    }

    /** Running co-moments of the last {@code window} log changes of one pair, in a ring buffer. */
    private static final class Coupling {
        private final int window;
        private final double[] dx;
        private final double[] dy;
        private final List<Double> history = new ArrayList<>();
        private final CoMoments moments = new CoMoments();
        private double lastX = Double.NaN;
        private double lastY = Double.NaN;
        private int head;

        Coupling(int window) {
            this.window = window;
            this.dx = new double[window];
            this.dy = new double[window];
        }

        void close(double proxy, double outcome) {
            double x = proxy > 0 ? Math.log(proxy) : Double.NaN;
            double y = outcome > 0 ? Math.log(outcome) : Double.NaN;
            if (!Double.isNaN(x) && !Double.isNaN(y) && !Double.isNaN(lastX) && !Double.isNaN(lastY)) {
                if (moments.count() == window) {
                    moments.remove(dx[head], dy[head]);
                }
                dx[head] = x - lastX;
                dy[head] = y - lastY;
                head = (head + 1) % window;
                moments.add(x - lastX, y - lastY);
                history.add(value().orElse(Double.NaN));
            }
            lastX = x;
            lastY = y;
        }

        Optional<Double> value() {
            if (moments.count() < window) {
                return Optional.empty();
            }
            if (moments.nearlyConstant()) {
                moments.reset(dx, dy, 0, window); // within rounding of a constant window: re-anchor on the ring
            }
            double r = moments.correlation();
            return Double.isNaN(r) ? Optional.empty() : Optional.of(r);
        }
    }
}
