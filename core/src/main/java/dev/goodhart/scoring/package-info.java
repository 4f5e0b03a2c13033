/**
 * Scoring: the {@link dev.goodhart.scoring.Scorer} runs the detectors on every pair of a
 * {@link dev.goodhart.model.Frame}, controls false discoveries per detector (except a detector calibrated per segment,
 * whose q-value is its p-value), combines the evidence by each detector's
 * declared weight and decides the verdicts; the {@link dev.goodhart.scoring.LiveScorer} does the same on a stream of
 * observations. Both produce a {@link dev.goodhart.report.IntegrityReport}.
 */
package dev.goodhart.scoring;
