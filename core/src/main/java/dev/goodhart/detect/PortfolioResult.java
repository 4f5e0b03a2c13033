package dev.goodhart.detect;

import dev.goodhart.model.Finding;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a portfolio detector returns: findings by segment ({@code "*"} for the organisation), or why it did not run,
 * and for the segments it asked its question of but could not read, a note saying why.
 *
 * @param findings   findings keyed by segment name
 * @param skipReason why the detector did not run, empty when it ran
 * @param notes      notes keyed by segment name ("expected-response skipped: fewer than 4 observed blocks since the
 *                   intervention"), for segments without findings
 */
public record PortfolioResult(Map<String, List<Finding>> findings, String skipReason,
                              Map<String, List<String>> notes) {

    /** Copies the maps (the notes' in their order). */
    public PortfolioResult {
        findings = Map.copyOf(Objects.requireNonNull(findings, "findings"));
        Objects.requireNonNull(skipReason, "skipReason");
        Map<String, List<String>> copy = new LinkedHashMap<>();
        Objects.requireNonNull(notes, "notes").forEach((segment, n) -> copy.put(Objects.requireNonNull(segment,
                "segment"), List.copyOf(n)));
        notes = java.util.Collections.unmodifiableMap(copy);
    }

    /** Findings or a skip reason, without notes. */
    public PortfolioResult(Map<String, List<Finding>> findings, String skipReason) {
        this(findings, skipReason, Map.of());
    }

    /** A result with these findings. */
    public static PortfolioResult of(Map<String, List<Finding>> findings) {
        return new PortfolioResult(findings, "");
    }

    /** A result with these findings and notes on the segments it could not read. */
    public static PortfolioResult of(Map<String, List<Finding>> findings, Map<String, List<String>> notes) {
        return new PortfolioResult(findings, "", notes);
    }

    /** A detector that did not run, with the reason in plain words. */
    public static PortfolioResult skipped(String reason) {
        return new PortfolioResult(Map.of(), Objects.requireNonNull(reason, "reason"));
    }

    /** Whether the detector ran. */
    public boolean ran() {
        return skipReason.isEmpty();
    }
}
