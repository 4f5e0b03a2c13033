package dev.goodhart.report;

import dev.goodhart.model.Finding;
import dev.goodhart.model.Variant;

import java.time.LocalDate;
import java.util.List;
import java.util.Objects;

/**
 * The score of one (proxy, outcome, segment): score, verdict, Goodhart variants and the findings behind them.
 *
 * @param proxy      proxy metric name
 * @param outcome    outcome metric name
 * @param segment    segment name, {@code "*"} for the whole organisation
 * @param score      0 to 100: how strongly the evidence says the proxy has come loose from the outcome
 * @param verdict    the verdict from the score and the significant findings
 * @param variants   the Goodhart variants the evidence points to, possibly empty
 * @param findings   every finding for this pair, with q-values
 * @param notes      why detectors were skipped, in plain words
 * @param recentFrom the first day of the recent window, or null when no window could be formed
 * @param chart      what a chart of this pair needs (series, windows, intervention, change points), or null when the
 *                   pair gets no chart: see {@link PairChart} for which pairs do
 */
public record PairResult(String proxy, String outcome, String segment, double score, Verdict verdict,
        List<Variant> variants, List<Finding> findings, List<String> notes, LocalDate recentFrom, PairChart chart) implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** @throws IllegalArgumentException if the score is not in [0, 100] */
    public PairResult {
        Objects.requireNonNull(proxy, "proxy");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(verdict, "verdict");
        if (!(score >= 0 && score <= 100)) {
            throw new IllegalArgumentException("score must be in [0, 100], found " + score);
        }
        variants = List.copyOf(Objects.requireNonNull(variants, "variants"));
        findings = List.copyOf(Objects.requireNonNull(findings, "findings"));
        notes = List.copyOf(Objects.requireNonNull(notes, "notes"));
    }

    /** A result without a chart. */
    public PairResult(String proxy, String outcome, String segment, double score, Verdict verdict,
            List<Variant> variants, List<Finding> findings, List<String> notes, LocalDate recentFrom) {
        this(proxy, outcome, segment, score, verdict, variants, findings, notes, recentFrom, null);
    }

    /** This result with {@code value} as its chart (null for none). */
    public PairResult withChart(PairChart value) {
        return new PairResult(proxy, outcome, segment, score, verdict, variants, findings, notes, recentFrom, value);
    }

    /** The finding of the named detector, if it produced one. */
    public java.util.Optional<Finding> finding(String detector) {
        return findings.stream().filter(f -> f.detector().equals(detector)).findFirst();
    }

    @Override
    public String toString() {
        return proxy + " -> " + outcome + " [" + segment + "]: " + verdict + " " + Verdict.scoreText(score)
                + (variants.isEmpty() ? "" : " " + variants);
    }
}
