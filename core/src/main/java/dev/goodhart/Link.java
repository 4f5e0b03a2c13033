package dev.goodhart;

import static dev.goodhart.internal.Checks.checkName;

/**
 * "This proxy is supposed to improve this outcome": the pair Goodhart scores.
 *
 * @param proxy        name of a {@link Role#PROXY} metric
 * @param outcome      name of an {@link Role#OUTCOME} metric
 * @param expectedSign +1 when more proxy is expected to make the outcome better, -1 when worse
 * @param lag          periods by which the outcome is expected to trail the proxy, 0 or more
 */
public record Link(String proxy, String outcome, int expectedSign, int lag) implements java.io.Serializable {
    private static final long serialVersionUID = 1L;


    /** @throws IllegalArgumentException naming the field when a name is blank, the sign is not ±1 or the lag negative */
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
    }

    /** A link where more proxy should make the outcome better, with no lag. */
    public static Link of(String proxy, String outcome) {
        return new Link(proxy, outcome, 1, 0);
    }

    @Override
    public String toString() {
        return proxy + " -> " + outcome + (lag > 0 ? " (lag " + lag + ")" : "") + (expectedSign < 0 ? " (inverse)" : "");
    }
}
