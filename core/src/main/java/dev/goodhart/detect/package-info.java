/**
 * Detectors: each answers one statistical question about one proxy/outcome pair in one segment and returns
 * {@link dev.goodhart.model.Finding}s. {@link dev.goodhart.detect.Detectors#defaults()} is the standard suite.
 */
package dev.goodhart.detect;
