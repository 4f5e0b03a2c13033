package dev.goodhart.detect;

/**
 * A statistical question about one link across all segments at once ("are the proxy leaders also the outcome
 * leaders?", "do segments pile up just above the quota?"). Findings attach to segments or to the organisation.
 *
 * <p>Implementations are stateless and thread-safe; randomness comes from {@link Portfolio#seed()}.
 */
public interface PortfolioDetector {

    /** Short, stable, kebab-case name used in reports. */
    String name();

    /** What its evidence means to the scorer: weight, supported variants, whether it decides and corroborates. */
    Description description();

    /**
     * Examines the portfolio. Never throws for finite or missing (NaN) input: when the question does not apply (too
     * few segments, no quota), the result is {@link PortfolioResult#skipped(String)} with the reason.
     */
    PortfolioResult detect(Portfolio portfolio);
}
