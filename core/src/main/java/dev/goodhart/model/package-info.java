/**
 * The vocabulary every layer shares, and nothing else: {@link dev.goodhart.model.Metric}s with their role, direction
 * and aggregation, the {@link dev.goodhart.model.Link}s from proxy to outcome, the
 * {@link dev.goodhart.model.IntegrityModel} with its interventions and quotas, {@link dev.goodhart.model.Observation}s,
 * the segment x metric x period {@link dev.goodhart.model.Frame} with its {@link dev.goodhart.model.InputAccount}, and a
 * detector's {@link dev.goodhart.model.Finding}. The bottom layer: it uses no other Goodhart package but the internal
 * helpers.
 */
package dev.goodhart.model;
