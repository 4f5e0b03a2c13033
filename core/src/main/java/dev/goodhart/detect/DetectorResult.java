package dev.goodhart.detect;

import dev.goodhart.model.Finding;
import java.util.List;
import java.util.Objects;

/**
 * What a detector returns: its findings, or the reason it could not run.
 *
 * @param findings   the evidence, possibly empty
 * @param skipReason why the detector did not run, empty when it ran
 */
public record DetectorResult(List<Finding> findings, String skipReason) {

    /** Copies the findings. */
    public DetectorResult {
        findings = List.copyOf(Objects.requireNonNull(findings, "findings"));
        Objects.requireNonNull(skipReason, "skipReason");
    }

    /** A result with these findings. */
    public static DetectorResult of(Finding... findings) {
        return new DetectorResult(List.of(Objects.requireNonNull(findings, "findings")), "");
    }

    /** A detector that could not run, with the reason in plain words. */
    public static DetectorResult skipped(String reason) {
        return new DetectorResult(List.of(), Objects.requireNonNull(reason, "reason"));
    }

    /** Whether the detector ran. */
    public boolean ran() {
        return skipReason.isEmpty();
    }
}
