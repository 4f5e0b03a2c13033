package dev.goodhart.detect;

/**
 * One statistical question about one proxy/outcome pair in one segment ("did they stop moving together?").
 *
 * <p>Implementations are stateless and thread-safe; any randomness comes from {@link PairSeries#seed()} so that
 * results do not depend on threads or call order.
 */
public interface Detector {

    /** Short, stable, kebab-case name used in reports, e.g. {@code coupling-decay}. */
    String name();

    /** What its evidence means to the scorer: weight, supported variants, whether it decides and corroborates. */
    Description description();

    /**
     * Examines one pair. Never throws for finite or missing (NaN) input: a series that is too short, constant or
     * negative where logarithms are needed (zero periods are data) gives {@link DetectorResult#skipped(String)} with the reason.
     */
    DetectorResult detect(PairSeries pair);

    /**
     * Whether this detector asks its question of {@code pair} at all: {@code false} where the data's shape has nothing
     * for it to read (a rhythm within the week in weekly data), so that the scorer neither runs it nor notes a skip on
     * every such pair. A pair it applies to but cannot read is still {@linkplain DetectorResult#skipped skipped} with
     * the reason. Default: every pair.
     */
    default boolean appliesTo(PairSeries pair) {
        return true;
    }
}
