/**
 * Goodhart's public API: the {@link dev.goodhart.IntegrityModel} (metrics, links, interventions, quotas), the data
 * {@link dev.goodhart.Frame}, the {@link dev.goodhart.Scorer} and the immutable {@link dev.goodhart.IntegrityReport}.
 * {@code import dev.goodhart.*;} is all a JShell session needs; {@link dev.goodhart.Goodhart#score} is the one-line
 * entry point.
 */
package dev.goodhart;
