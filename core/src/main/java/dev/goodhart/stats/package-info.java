/**
 * A small statistics toolkit usable on its own (from JShell too): correlations with confidence intervals and
 * ordinary least squares, with results as immutable objects whose {@code toString()} reads well. Numbers are pinned
 * to R and NIST StRD reference values in the tests.
 */
package dev.goodhart.stats;
