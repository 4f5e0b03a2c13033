package dev.goodhart.model;

import static dev.goodhart.internal.Checks.checkName;

import java.util.Objects;

/**
 * A per-period target on a proxy, for one segment or for all of them.
 *
 * @param metric  name of the proxy metric the target is set on
 * @param segment the segment it applies to, or {@code "*"} for every segment
 * @param value   the target per period, finite, in the metric's unit
 */
public record Quota(String metric, String segment, double value) implements java.io.Serializable {
    private static final long serialVersionUID = 1L;


    /**
     * @throws IllegalArgumentException naming the value when it is not a finite number above 0 (a target of use; a
     *                                  negative one was accepted and only noted as "no positive quota"), or the metric
     *                                  is blank
     */
    public Quota {
        checkName("quota metric", metric);
        Objects.requireNonNull(segment, "quota segment");
        if (!Double.isFinite(value) || !(value > 0)) {
            throw new IllegalArgumentException("quota " + metric + ": value must be a finite number above 0 (the "
                    + "proxy's target), found " + value);
        }
    }

    /** A quota that applies to every segment. */
    public static Quota of(String metric, double value) {
        return new Quota(metric, Segments.ALL, value);
    }
}
