package dev.goodhart.detect;

import dev.goodhart.model.Finding;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a portfolio detector returns: findings by segment ({@code "*"} for the organisation), or why it did not run.
 *
 * @param findings   findings keyed by segment name
 * @param skipReason why the detector did not run, empty when it ran
 */
public record PortfolioResult(Map<String, List<Finding>> findings, String skipReason) {

    /** Copies the map. */
    public PortfolioResult {
        findings = Map.copyOf(Objects.requireNonNull(findings, "findings"));
        Objects.requireNonNull(skipReason, "skipReason");
    }

    /** A result with these findings. */
    public static PortfolioResult of(Map<String, List<Finding>> findings) {
        return new PortfolioResult(findings, "");
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
