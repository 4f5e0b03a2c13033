package dev.goodhart.report;

import dev.goodhart.model.Finding;
import dev.goodhart.model.Intervention;
import dev.goodhart.model.Segments;

import dev.goodhart.internal.Text;
import java.util.Objects;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The text renderer: an {@link IntegrityReport} as a plain-text table followed by the evidence for flagged pairs.
 * It reads only the report.
 */
public final class TextReport {
    private TextReport() {
    }

    /**
     * The text form of a report.
     *
     * @param report the report to render
     * @return the table and the evidence, lines ending in {@code \n}
     */
    public static String render(IntegrityReport report) {
        StringBuilder sb = new StringBuilder();
        sb.append("Goodhart integrity report: ").append(report.segmentCount()).append(" segments, ")
                .append(report.model().granularity().adjective()).append(" data ").append(report.firstPeriod())
                .append(" to ").append(report.lastPeriod());
        for (Intervention i : report.model().interventions()) {
            sb.append(", intervention ").append(i.date());
            if (!i.label().isEmpty()) {
                sb.append(" (").append(Text.clean(i.label())).append(')');
            }
        }
        sb.append('\n');
        if (report.input().known()) {
            sb.append(report.input().sentence()).append('\n');
        }
        sb.append(rowsLine(report)).append('\n');
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"proxy", "outcome", "segment", "score", "verdict", "variants", "strongest evidence"});
        for (PairResult p : report.pairs()) {
            rows.add(new String[] {Text.clean(p.proxy()), Text.clean(p.outcome()), Text.clean(p.segment()),
                String.format(Locale.ROOT, "%.0f", p.score()), p.verdict().name(), variants(p), Text.clean(strongest(p))});
        }
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int c = 0; c < r.length; c++) {
                width[c] = Math.max(width[c], r[c].length());
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < r.length; c++) {
                boolean right = c == 3;
                String cell = r[c];
                String pad = " ".repeat(width[c] - cell.length());
                line.append(right ? pad + cell : cell + pad).append("  ");
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        Map<Verdict, Integer> counts = report.verdictCounts();
        sb.append('\n').append("Verdicts of the ").append(rows(report.pairs().size())).append(": ")
                .append(counts.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "))).append('\n');
        List<PairResult> shown = report.pairs().stream()
                .filter(p -> p.verdict().compareTo(Verdict.WATCH) >= 0).toList();
        if (!shown.isEmpty()) {
            sb.append("\nEvidence:\n");
            for (PairResult p : shown) {
                sb.append("  ").append(Text.clean(p.proxy())).append(" -> ").append(Text.clean(p.outcome()))
                        .append(" [").append(Segments.ALL.equals(p.segment()) ? "*, the organisation"
                                : Text.clean(p.segment())).append("] ").append(p.verdict())
                        .append(String.format(Locale.ROOT, " %.0f", p.score())).append('\n');
                int listed = 0;
                for (Finding f : p.findings()) {
                    if (f.significantAt(0.2)) {
                        listed++;
                        sb.append("    - ").append(Text.clean(f.message())).append('\n');
                        sb.append("      ").append(Text.clean(f.detector())).append(": q ").append(Text.p(f.qValue()))
                                .append(f.detail().isEmpty() ? "" : "; " + Text.clean(f.detail())).append('\n');
                    }
                }
                if (listed == 0) {
                    sb.append("    - No single finding reached q < 0.2; several weaker ones add up to the score.\n");
                }
            }
        }
        if (!report.activity().isEmpty()) {
            sb.append('\n').append(report.activity());
        }
        return sb.toString();
    }

    /**
     * The line above the table: how many rows it has and what they are, the organisation's row {@code *} explained
     * (all segments together, as each metric aggregates).
     */
    static String rowsLine(IntegrityReport report) {
        int links = report.model().links().size();
        long segments = report.pairs().stream().filter(p -> !Segments.ALL.equals(p.segment()))
                .map(PairResult::segment).distinct().count();
        boolean organisation = report.pairs().stream().anyMatch(p -> Segments.ALL.equals(p.segment()));
        StringBuilder b = new StringBuilder("The table has ").append(rows(report.pairs().size()));
        b.append(links > 1 ? ", for each of the " + links + " proxy-outcome links: " : ": ");
        if (organisation) {
            b.append("the organisation as a whole (segment *, all segments together)");
            if (segments > 0) {
                b.append(" and ");
            }
        }
        if (segments > 0) {
            b.append(segments == 1 ? "the 1 segment" : "the " + segments + " segments");
        }
        return b.append('.').toString();
    }

    private static String rows(int n) {
        return n == 1 ? "1 row" : n + " rows";
    }

    private static String variants(PairResult p) {
        return p.variants().stream().map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(","));
    }

    private static String strongest(PairResult p) {
        if (p.verdict() == Verdict.INSUFFICIENT_DATA) {
            return p.notes().isEmpty() ? "" : p.notes().get(0);
        }
        // only evidence that counts: a finding whose q-value is below 0.05 (a HEALTHY row shows none)
        Finding best = null;
        for (Finding f : p.findings()) {
            if (f.significantAt(0.05) && (best == null || f.qValue() < best.qValue())) {
                best = f;
            }
        }
        return best == null ? "-" : best.detector() + " q " + Text.p(best.qValue());
    }

}
