package dev.goodhart.spark.internal;

import java.io.Serializable;

/**
 * What one segment sends the driver after its cross-segment findings: the p-values of its findings (every link), by
 * detector, and per link which cross-segment detectors found anything in it.
 *
 * @param detectors each p-value's detector
 * @param values    the p-values
 * @param found     per link, per cross-segment detector, whether it found anything here
 */
public record PValues(String[] detectors, double[] values, boolean[][] found) implements Serializable {
    private static final long serialVersionUID = 1L;
}
