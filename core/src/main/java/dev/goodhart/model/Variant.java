package dev.goodhart.model;

import dev.goodhart.scoring.Scorer;

/**
 * The kinds of Goodhart failure of Manheim &amp; Garrabrant, "Categorizing Variants of Goodhart's Law" (2018).
 * The {@link Scorer} assigns them from which detectors fired, by the rules in its Javadoc.
 */
public enum Variant {
    /** The proxy is the goal plus noise; optimising it selects the noise (the proxy carries more unrelated variation). */
    REGRESSIONAL,
    /** The relation between proxy and goal breaks at extreme values of the proxy. */
    EXTREMAL,
    /** The proxy was correlated with the goal without causing it: pushing the proxy does not move the goal. */
    CAUSAL,
    /** People optimise the proxy itself: manufactured activity, bunching at the quota. */
    ADVERSARIAL
}
