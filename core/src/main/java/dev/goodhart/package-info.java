/**
 * Goodhart's entry point: {@link dev.goodhart.Goodhart#score} scores observations under an integrity model in one
 * call. The vocabulary is in {@link dev.goodhart.model} (metrics, links, interventions, quotas, the data
 * {@link dev.goodhart.model.Frame}), the scorer in {@link dev.goodhart.scoring}, the result and its text form in
 * {@link dev.goodhart.report}. In JShell, {@code import dev.goodhart.*; import dev.goodhart.model.*;
 * import dev.goodhart.report.*;} is all a session needs.
 */
package dev.goodhart;
