package dev.goodhart.model;

import static dev.goodhart.internal.Checks.checkName;

/**
 * "This proxy is supposed to improve this outcome": the pair Goodhart scores.
 *
 * @param proxy             name of a {@link Role#PROXY} metric
 * @param outcome           name of an {@link Role#OUTCOME} metric
 * @param expectedSign      +1 when more proxy is expected to make the outcome better, -1 when worse
 * @param lag               periods by which the outcome is expected to trail the proxy, 0 or more
 * @param minimumElasticity the smallest gain worth paying for, as an elasticity: a rise of the proxy by a factor
 *                          {@code k} should make the outcome better by at least a factor {@code k^e} (the default
 *                          {@value #DEFAULT_MINIMUM_ELASTICITY}: a doubling should buy at least 7%); the floor of the
 *                          outcome response the expected-response detector expects, in [0, 1]
 */
public record Link(String proxy, String outcome, int expectedSign, int lag, double minimumElasticity)
        implements java.io.Serializable {
    private static final long serialVersionUID = 2L;

    /** The minimum useful elasticity when none is declared: a doubling of the proxy should buy at least 7%. */
    public static final double DEFAULT_MINIMUM_ELASTICITY = 0.1;

    /**
     * @throws IllegalArgumentException naming the field when a name is blank, the sign is not ±1, the lag negative or
     *                                  the minimum elasticity outside [0, 1]
     */
    public Link {
        checkName("link proxy", proxy);
        checkName("link outcome", outcome);
        if (expectedSign != 1 && expectedSign != -1) {
            throw new IllegalArgumentException("link " + proxy + " -> " + outcome
                    + ": expectedSign must be +1 or -1, found " + expectedSign);
        }
        if (lag < 0) {
            throw new IllegalArgumentException("link " + proxy + " -> " + outcome
                    + ": lag must be 0 or more periods, found " + lag);
        }
        if (!(minimumElasticity >= 0 && minimumElasticity <= 1)) {
            throw new IllegalArgumentException("link " + proxy + " -> " + outcome
                    + ": minimumElasticity must be in [0, 1], found " + minimumElasticity);
        }
    }

    /** A link with the default minimum useful elasticity. */
    public Link(String proxy, String outcome, int expectedSign, int lag) {
        this(proxy, outcome, expectedSign, lag, DEFAULT_MINIMUM_ELASTICITY);
    }

    /** A link where more proxy should make the outcome better, with no lag. */
    public static Link of(String proxy, String outcome) {
        return new Link(proxy, outcome, 1, 0);
    }

    /**
     * This link with another minimum useful elasticity (0.2: a doubling of the proxy should buy at least 15%).
     *
     * @throws IllegalArgumentException if the value is outside [0, 1]
     */
    public Link withMinimumElasticity(double value) {
        return new Link(proxy, outcome, expectedSign, lag, value);
    }

    @Override
    public String toString() {
        return proxy + " -> " + outcome + (lag > 0 ? " (lag " + lag + ")" : "") + (expectedSign < 0 ? " (inverse)" : "");
    }
}
