package dev.goodhart.report;

import dev.goodhart.model.CountingChange;
import dev.goodhart.model.Finding;
import dev.goodhart.model.Intervention;
import dev.goodhart.model.Link;
import dev.goodhart.model.Metric;
import dev.goodhart.model.Segments;

import dev.goodhart.internal.Text;
import java.util.Objects;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The text renderer: an {@link IntegrityReport} as a plain-text table followed by the evidence and notes for the pairs
 * at WATCH or worse, and the notes of the other rows. It reads only the report.
 */
public final class TextReport {
    private TextReport() {
    }

    /**
     * The text form of a report.
     *
     * @param report the report to render
     * @return the table, the evidence and the rows' notes, lines ending in {@code \n}
     */
    public static String render(IntegrityReport report) {
        Objects.requireNonNull(report, "report");
        StringBuilder sb = new StringBuilder();
        sb.append("Goodhart integrity report: ").append(count(report.segmentCount(), "segment")).append(", ")
                .append(report.model().granularity().adjective()).append(" data ").append(report.firstPeriod())
                .append(" to ").append(report.lastPeriod());
        for (Intervention i : report.model().interventions()) {
            sb.append(", intervention ").append(wave(i));
        }
        sb.append('\n');
        if (report.input().known()) {
            sb.append(report.input().sentence()).append('\n');
        }
        String units = units(report);
        if (!units.isEmpty()) {
            sb.append(units).append('\n');
        }
        sb.append('\n');
        for (String sentence : summary(report)) {
            sb.append(Text.clean(sentence)).append('\n');
        }
        sb.append('\n').append(rowsLine(report)).append('\n');
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"proxy", "outcome", "segment", "score", "verdict", "variants", "strongest evidence"});
        for (PairResult p : report.pairs()) {
            rows.add(new String[] {Text.clean(p.proxy()), Text.clean(p.outcome()), Text.clean(p.segment()),
                Verdict.scoreText(p.score()), p.verdict().name(), variants(p),
                Text.clean(strongest(p, report.alpha()))});
        }
        int[] width = new int[rows.get(0).length];
        for (String[] r : rows) {
            for (int c = 0; c < r.length; c++) {
                // display columns, not chars: a CJK name takes two a character
                width[c] = Math.max(width[c], Text.width(r[c]));
            }
        }
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < r.length; c++) {
                boolean right = c == 3;
                String cell = r[c];
                line.append(right ? Text.padLeft(cell, width[c]) : Text.padRight(cell, width[c])).append("  ");
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        Map<Verdict, Integer> counts = report.verdictCounts();
        sb.append('\n').append("Verdicts of the ").append(rows(report.pairs().size())).append(": ")
                .append(counts.entrySet().stream().filter(e -> e.getValue() > 0)
                .map(e -> e.getValue() + " " + e.getKey()).collect(Collectors.joining(", "))).append('\n');
        String skipped = skippedLine(report);
        if (!skipped.isEmpty()) {
            sb.append(skipped).append('\n');
        }
        String tooShort = tooShortLine(report);
        if (!tooShort.isEmpty()) {
            sb.append(tooShort).append('\n');
        }
        String level = alphaLine(report);
        if (!level.isEmpty()) {
            sb.append(level).append('\n');
        }
        // rows at WATCH or above, and rows the expected response could not answer (their finding says why)
        List<PairResult> shown = report.pairs().stream()
                .filter(p -> p.verdict().compareTo(Verdict.WATCH) >= 0 || undecided(p)).toList();
        if (!shown.isEmpty()) {
            sb.append("\nEvidence:\n");
            for (PairResult p : shown) {
                sb.append("  ").append(heading(p)).append('\n');
                int listed = 0;
                for (Finding f : p.findings()) {
                    if (f.significantAt(0.2) || f.undecided()) {
                        listed++;
                        sb.append("    - ").append(Text.clean(f.message())).append('\n');
                        sb.append("      ").append(Text.clean(f.detector())).append(": q ").append(Text.p(f.qValue()))
                                .append(f.detail().isEmpty() ? "" : "; " + Text.clean(f.detail())).append('\n');
                    }
                }
                if (listed == 0) {
                    sb.append("    - No single finding reached q < 0.2; several weaker ones add up to the score.\n");
                }
                notes(sb, p);
            }
        }
        // the other rows' notes (an INSUFFICIENT_DATA row's are all it has to say), as JSON and HTML carry them
        List<PairResult> quiet = report.pairs().stream()
                .filter(p -> p.verdict().compareTo(Verdict.WATCH) < 0 && !undecided(p) && !p.notes().isEmpty())
                .toList();
        if (!quiet.isEmpty()) {
            sb.append(shown.isEmpty() ? "\nNotes:\n" : "\nNotes on the other rows:\n");
            String lastHeading = null;
            for (NoteGroup g : noteGroups(quiet)) {
                List<String> having = g.segments().stream()
                        .map(s -> Segments.ALL.equals(s) ? "*, the organisation" : s).toList();
                String named = having.stream().limit(8).map(Text::clean).collect(Collectors.joining(", "))
                        + (having.size() > 8 ? " and " + (having.size() - 8) + " more" : "");
                String heading = "  " + Text.clean(g.proxy()) + " -> " + Text.clean(g.outcome()) + " [" + named + "] "
                        + g.verdict() + '\n';
                if (!heading.equals(lastHeading)) {
                    // a row's own notes come one after another: its heading once above them
                    sb.append(heading);
                    lastHeading = heading;
                }
                sb.append("    note: ").append(Text.clean(g.note())).append('\n');
            }
        }
        if (!report.activity().isEmpty()) {
            sb.append('\n').append(report.activity());
        }
        return sb.toString();
    }

    /**
     * One note and the rows of one link and verdict that have it.
     *
     * @param proxy    the link's proxy
     * @param outcome  the link's outcome
     * @param verdict  the rows' verdict
     * @param note     the note, as the rows carry it
     * @param segments the rows' segments, in report order ({@code "*"} for the organisation)
     */
    public record NoteGroup(String proxy, String outcome, Verdict verdict, String note, List<String> segments) {
        /** Copies the segments; {@code NullPointerException} naming a null component. */
        public NoteGroup {
            Objects.requireNonNull(proxy, "proxy");
            Objects.requireNonNull(outcome, "outcome");
            Objects.requireNonNull(verdict, "verdict");
            Objects.requireNonNull(note, "note");
            segments = List.copyOf(Objects.requireNonNull(segments, "segments"));
        }
    }

    /**
     * The notes of {@code rows}, each once with the rows (of one link and verdict) that have it, in the order they
     * first occur: an organisation's many healthy teams share a few notes ("nothing owed"), which a row each repeated
     * line for line. The text and HTML reports list the rows without a section of their own so.
     *
     * @param rows the pairs whose notes to group
     * @return the groups, unmodifiable
     * @throws NullPointerException if {@code rows} is null
     */
    public static List<NoteGroup> noteGroups(List<PairResult> rows) {
        Objects.requireNonNull(rows, "rows");
        Map<List<String>, List<String>> byNote = new java.util.LinkedHashMap<>();
        Map<List<String>, Verdict> verdicts = new java.util.HashMap<>();
        for (PairResult p : rows) {
            for (String note : p.notes()) {
                List<String> key = List.of(p.proxy(), p.outcome(), p.verdict().name(), note);
                byNote.computeIfAbsent(key, k -> new ArrayList<>()).add(p.segment());
                verdicts.put(key, p.verdict());
            }
        }
        List<NoteGroup> out = new ArrayList<>();
        byNote.forEach((k, segments) -> out.add(new NoteGroup(k.get(0), k.get(1), verdicts.get(k), k.get(3),
                segments)));
        return List.copyOf(out);
    }

    /** A pair's heading in the evidence: "tokens -> cycle_time [checkout] GAMED 95". */
    private static String heading(PairResult p) {
        return Text.clean(p.proxy()) + " -> " + Text.clean(p.outcome()) + " ["
                + (Segments.ALL.equals(p.segment()) ? "*, the organisation" : Text.clean(p.segment())) + "] "
                + p.verdict() + " " + Verdict.scoreText(p.score());
    }

    /** A pair's notes (detectors that could not run, and why; what was left out), one line each. */
    private static void notes(StringBuilder sb, PairResult p) {
        for (String note : p.notes()) {
            sb.append("    note: ").append(Text.clean(note)).append('\n');
        }
    }

    /**
     * An intervention as the header and the summary name it: its date, its label, and for a rollout's wave the segments
     * it names ("2025-06-02 (second wave; for payments, search)", the first three and how many more).
     */
    private static String wave(Intervention i) {
        List<String> parts = new ArrayList<>();
        if (!i.label().isEmpty()) {
            parts.add(Text.clean(i.label()));
        }
        if (!i.segments().isEmpty()) {
            List<String> names = i.segments().stream().sorted().map(Text::clean).toList();
            parts.add("for " + String.join(", ", names.subList(0, Math.min(3, names.size())))
                    + (names.size() > 3 ? " and " + (names.size() - 3) + " more" : ""));
        }
        return i.date() + (parts.isEmpty() ? "" : " (" + String.join("; ", parts) + ")");
    }

    /**
     * The summary a reader needs first, in sentences: how many segments were scored on what (and which declared
     * counting changes were undone), how many are flagged or
     * worth a look, the organisation's verdict, and the largest divergence in words. The HTML report shows the same
     * sentences. Names are as in the data (a renderer escapes them its way).
     *
     * @param report the report to summarise
     * @return the sentences, each ending in a full stop
     */
    public static List<String> summary(IntegrityReport report) {
        Objects.requireNonNull(report, "report");
        List<String> out = new ArrayList<>();
        List<Link> links = report.model().links();
        StringBuilder scored = new StringBuilder("Goodhart scored ").append(count(report.segmentCount(), "segment"))
                .append(" on whether ");
        if (links.size() == 1) {
            scored.append(links.get(0).proxy()).append(" still tracks ").append(links.get(0).outcome());
        } else {
            scored.append("each proxy still tracks its outcome (").append(links.stream()
                    .map(l -> l.proxy() + " \u2192 " + l.outcome()).collect(Collectors.joining(", "))).append(')');
        }
        scored.append(", ").append(report.model().granularity().adjective()).append(" data from ")
                .append(report.firstPeriod()).append(" to ").append(report.lastPeriod());
        List<Intervention> interventions = report.model().interventions();
        if (!interventions.isEmpty()) {
            scored.append(", before and after ").append(interventions.stream().map(TextReport::wave)
                    .collect(Collectors.joining(" and ")));
        }
        out.add(scored.append('.').toString());
        if (report.model().granularity() == dev.goodhart.model.Granularity.MONTH) {
            for (Intervention i : interventions) {
                // only where some row is read from that month (not for a date outside the data, or a wave of nobody)
                boolean read = report.pairs().stream().anyMatch(p -> i.date().withDayOfMonth(1).equals(p.recentFrom()));
                if (i.date().getDayOfMonth() != 1 && read) {
                    // the findings date the split by its period (a reader saw 2025-07-14 here and 2025-07-01 there)
                    out.add("The intervention of " + i.date() + " falls inside the month from "
                            + i.date().withDayOfMonth(1) + ", which monthly data cannot divide: that month is read "
                            + "after it, and the findings date it " + i.date().withDayOfMonth(1) + ".");
                }
            }
        }
        for (CountingChange c : report.model().countingChanges()) {
            boolean linked = links.stream()
                    .anyMatch(l -> l.proxy().equals(c.metric()) || l.outcome().equals(c.metric()));
            if (linked && !c.date().isAfter(report.lastPeriod())) {
                String factor = c.factorText();
                out.add("From " + c.date() + (c.label().isEmpty() ? "" : " (" + c.label() + ")") + " the same use read "
                        + factor + " times higher in " + c.metric() + "; Goodhart divided the values from then on by "
                        + factor + " before scoring, so that the change is not read as use.");
            }
        }

        for (Map.Entry<String, String> per : report.model().exposures().entrySet()) {
            boolean linked = links.stream()
                    .anyMatch(l -> l.proxy().equals(per.getKey()) || l.outcome().equals(per.getKey()));
            if (linked) {
                out.add(per.getKey() + " is read per " + per.getValue() + ": each period's value divided by the latest "
                        + per.getValue() + " (carried forward), so that a team that grows is not read as using more.");
            }
        }

        // each segment by its most severe verdict over the links
        Map<String, Verdict> worst = new java.util.LinkedHashMap<>();
        for (PairResult p : report.pairs()) {
            if (!Segments.ALL.equals(p.segment())) {
                worst.merge(p.segment(), p.verdict(), (a, b) -> a.compareTo(b) >= 0 ? a : b);
            }
        }
        Map<Verdict, Integer> bySegment = new java.util.EnumMap<>(Verdict.class);
        for (Verdict v : worst.values()) {
            bySegment.merge(v, 1, Integer::sum);
        }
        int gamed = bySegment.getOrDefault(Verdict.GAMED, 0);
        int diverging = bySegment.getOrDefault(Verdict.DIVERGING, 0);
        int watch = bySegment.getOrDefault(Verdict.WATCH, 0);
        int healthy = bySegment.getOrDefault(Verdict.HEALTHY, 0);
        int unknown = bySegment.getOrDefault(Verdict.INSUFFICIENT_DATA, 0);
        if (!worst.isEmpty()) {
            List<String> parts = new ArrayList<>();
            int flagged = gamed + diverging;
            List<String> kinds = new ArrayList<>();
            if (gamed > 0) {
                kinds.add(num(gamed) + " GAMED");
            }
            if (diverging > 0) {
                kinds.add(num(diverging) + " DIVERGING");
            }
            parts.add(flagged == 0 ? "None is flagged"
                    : num(flagged) + " " + (flagged == 1 ? "is" : "are") + " flagged (" + String.join(", ", kinds)
                    + ")");
            if (watch > 0) {
                parts.add(num(watch) + (flagged > 0 ? " more " : " ") + (watch == 1 ? "is" : "are")
                        + " worth a look (WATCH)");
            }
            if (healthy > 0) {
                parts.add(num(healthy) + " " + (healthy == 1 ? "is" : "are") + " HEALTHY");
            }
            if (unknown > 0) {
                parts.add(num(unknown) + " had too little data to judge");
            }
            String sentence = parts.size() == 1 ? parts.get(0)
                    : String.join(", ", parts.subList(0, parts.size() - 1)) + " and " + parts.get(parts.size() - 1);
            out.add(sentence + (links.size() > 1 ? ", each segment counted by its most severe link." : "."));
        }
        for (PairResult p : report.pairs()) {
            if (Segments.ALL.equals(p.segment())) {
                out.add("Taken together, the organisation is " + p.verdict() + " (score "
                        + Verdict.scoreText(p.score()) + ")"
                        + (links.size() > 1 ? " on " + p.proxy() + " \u2192 " + p.outcome() : "") + ".");
            }
        }
        PairResult largest = largestDivergence(report);
        if (largest != null) {
            out.add("The largest divergence is in " + largest.segment() + " (" + largest.verdict() + ", score "
                    + Verdict.scoreText(largest.score()) + "): " + movement(report, largest) + ".");
        } else if (gamed + diverging + watch == 0 && healthy > 0) {
            out.add("No segment's proxy has come loose from its outcome.");
        } else if (gamed + diverging + watch + healthy == 0 && !worst.isEmpty()) {
            out.add("Nothing could be judged: no segment had the data the detectors need (see each row's notes).");
        }
        return out;
    }

    /**
     * The pair whose proxy outgrew its outcome most, among the flagged segments' pairs (or, when none is flagged,
     * those at WATCH) that carry a chart and whose proxy did outgrow its outcome (by at least 1%: a row at WATCH whose
     * use held level while the outcome rose is no divergence, and a newcomer read it named the largest one); null when
     * there is none.
     */
    static PairResult largestDivergence(IntegrityReport report) {
        PairResult best = null;
        double bestGap = Double.NEGATIVE_INFINITY;
        boolean anyFlagged = report.pairs().stream()
                .anyMatch(p -> !Segments.ALL.equals(p.segment()) && p.verdict().flagged() && diverged(report, p));
        for (PairResult p : report.pairs()) {
            Double g = gap(report, p);
            if (Segments.ALL.equals(p.segment()) || !diverged(report, p) || p.verdict().compareTo(Verdict.WATCH) < 0
                    || anyFlagged && !p.verdict().flagged()) {
                continue;
            }
            if (g > bestGap) {
                best = p;
                bestGap = g;
            }
        }
        return best;
    }

    /** Whether the pair's proxy outgrew its outcome's improvement by at least 1%. */
    private static boolean diverged(IntegrityReport report, PairResult p) {
        Double g = gap(report, p);
        return g != null && g >= Math.log(1.01);
    }

    /** How much the proxy outgrew the outcome's improvement (log), from the window means; null without. */
    private static Double gap(IntegrityReport report, PairResult p) {
        WindowMeans m = WindowMeans.of(report, p);
        if (m == null) {
            return null;
        }
        Link link = link(report, p);
        int use = report.model().metric(p.proxy()).direction().sign() * (link == null ? 1 : link.expectedSign());
        int better = report.model().metric(p.outcome()).direction().sign();
        return use * Math.log(m.proxyRecent / m.proxyBaseline) - better * Math.log(m.outcomeRecent / m.outcomeBaseline);
    }

    /**
     * The window means a movement sentence compares: the chart's, or, where some periods carry only one of the two
     * series (the outcome read at the link's lag, as the detectors read it), the means over the periods with both, as
     * growth divergence reads them, so that the headline's rise is the finding's.
     *
     * @param complete the periods with both, or the chart's length where every period has both
     */
    private record WindowMeans(double proxyBaseline, double proxyRecent, double outcomeBaseline, double outcomeRecent,
            int complete, int length) {

        /** The pair's window means; null without a chart or where a mean is not positive and finite. */
        static WindowMeans of(IntegrityReport report, PairResult p) {
            PairChart c = p.chart();
            if (c == null) {
                return null;
            }
            Link link = link(report, p);
            int lag = link == null ? 0 : link.lag();
            double[] proxy = c.proxy();
            double[] outcome = c.outcome();
            int n = proxy.length;
            int split = c.periods().indexOf(c.recentFrom());
            double[] sums = new double[4];
            int[] counts = new int[2];
            for (int i = 0; i < n; i++) {
                double o = i + lag < n ? outcome[i + lag] : Double.NaN;
                if (!Double.isNaN(proxy[i]) && !Double.isNaN(o)) {
                    int w = i < split ? 0 : 1;
                    sums[w] += proxy[i];
                    sums[2 + w] += o;
                    counts[w]++;
                }
            }
            WindowMeans m = counts[0] + counts[1] == n
                    ? new WindowMeans(c.proxyBaselineMean(), c.proxyRecentMean(), c.outcomeBaselineMean(),
                            c.outcomeRecentMean(), n, n)
                    : new WindowMeans(sums[0] / counts[0], sums[1] / counts[1], sums[2] / counts[0],
                            sums[3] / counts[1], counts[0] + counts[1], n);
            for (double v : new double[] {m.proxyBaseline, m.proxyRecent, m.outcomeBaseline, m.outcomeRecent}) {
                if (!(v > 0 && v < Double.POSITIVE_INFINITY)) {
                    return null;
                }
            }
            return m;
        }
    }

    private static Link link(IntegrityReport report, PairResult p) {
        for (Link l : report.model().links()) {
            if (l.proxy().equals(p.proxy()) && l.outcome().equals(p.outcome())) {
                return l;
            }
        }
        return null;
    }

    /**
     * What moved, in words, from the pair's chart: "from before 2025-01-06 to since, tokens rose 50% while
     * cycle_time shortened 7%" (window means; where some periods carry only one of the two series, over those with
     * both, the outcome at the link's lag, as growth divergence reads them: "on the 400 of 410 days with both, ...");
     * empty when the pair has no chart or a window mean is not positive.
     *
     * @param report the report the pair belongs to (for the metrics' units and directions)
     * @param pair   the pair
     * @return the clause, without a capital or a full stop
     */
    public static String movement(IntegrityReport report, PairResult pair) {
        Objects.requireNonNull(report, "report");
        Objects.requireNonNull(pair, "pair");
        WindowMeans m = WindowMeans.of(report, pair);
        if (m == null) {
            return "";
        }
        Metric proxy = report.model().metric(pair.proxy());
        Metric outcome = report.model().metric(pair.outcome());
        double o = Math.log(m.outcomeRecent / m.outcomeBaseline);
        String over = m.complete < m.length ? "on the " + m.complete + " of " + m.length + " "
                + report.model().granularity().name().toLowerCase(Locale.ROOT) + "s with both, " : "";
        return "from before " + pair.chart().recentFrom() + " to since, " + over + report.model().label(pair.proxy())
                + " " + Text.moved(Math.log(m.proxyRecent / m.proxyBaseline), Text.isDuration(proxy.name(),
                        proxy.unit()))
                + " while " + report.model().label(pair.outcome()) + " "
                + Text.moved(o, Text.isDuration(outcome.name(), outcome.unit()));
    }

    /**
     * The metrics read with a declared unit, as read: "Units: tokens (weekly total), cycle_time in days (weekly
     * mean)." (a unit that is the metric's name not repeated); empty where no metric declares one.
     */
    static String units(IntegrityReport report) {
        List<String> parts = new ArrayList<>();
        for (Metric m : report.model().metrics().values()) {
            if (!m.unit().isEmpty()) {
                boolean named = m.unit().equalsIgnoreCase(m.name()); // tokens in tokens
                parts.add(Text.clean(m.name()) + (named ? "" : " in " + Text.clean(m.unit())) + " ("
                        + report.model().granularity().adjective() + switch (m.aggregation()) {
                            case SUM -> " total";
                            case MEAN -> " mean";
                            case LAST -> " last value";
                        } + ")");
            }
        }
        return parts.isEmpty() ? "" : "Units: " + String.join(", ", parts) + ".";
    }

    private static String count(long n, String noun) {
        return num(n) + " " + noun + (n == 1 ? "" : "s");
    }

    /** A count with its thousands grouped ("2,000 segments"), as the input account writes them. */
    private static String num(long n) {
        return Text.count(n);
    }

    /**
     * The line above the table: how many rows it has and what they are, the organisation's row {@code *} explained
     * (all segments together, as each metric aggregates). The HTML report shows the same line above its table.
     *
     * @param report the report whose table it describes
     * @return one sentence
     */
    public static String rowsLine(IntegrityReport report) {
        Objects.requireNonNull(report, "report");
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
            b.append(segments == 1 ? "the 1 segment" : "the " + num(segments) + " segments");
        }
        return b.append('.').toString();
    }

    /**
     * The evidence that the values kept from being computed in judged rows (logarithms of an outcome below 0), per
     * detector with how many rows and the first reason ("yield-decay in 16 of 16 rows (... found nps = -3.0)"), so that
     * a score read without some of its evidence says so in the text report as in each row's notes; empty when none.
     *
     * @param report the report
     * @return one line, or empty
     */
    public static String skippedLine(IntegrityReport report) {
        // the values themselves kept it from running (not a detector that does not apply: no quota declared)
        List<String> parts = skipped(report, " skipped: ", note -> note.contains("logarithms need"), 0);
        return parts.isEmpty() ? ""
                : "Evidence that could not be computed (each row's notes say why): " + String.join("; ", parts) + ".";
    }

    /** Whether an INSUFFICIENT_DATA row rests on a finding that could not answer ({@link Finding#undecided()}). */
    private static boolean undecided(PairResult p) {
        return p.verdict() == Verdict.INSUFFICIENT_DATA && p.findings().stream().anyMatch(Finding::undecided);
    }

    /**
     * The detectors that the windows' few periods kept from running in half the judged rows or more, with how many rows
     * and the first reason ("intervention-response in 10 of 11 judged rows (needs at least 8 complete periods in each
     * window, found 7 before and 7 after 2025-10-20)"): those verdicts rest on the evidence that could run (a helper's
     * 14 weeks read weekly: five of seven detectors skipped in every row, said only in the rows' notes); empty when
     * none.
     *
     * @param report the report
     * @return one line, or empty
     */
    public static String tooShortLine(IntegrityReport report) {
        List<String> parts = skipped(report, " skipped: needs at least ", note -> true, 0.5);
        return parts.isEmpty() ? ""
                : "Too few periods for some evidence, so those verdicts rest on the detectors that could run (a finer "
                        + "period, daily rows read daily, gives more): " + String.join("; ", parts) + ".";
    }

    /**
     * Per detector whose note in judged rows (not INSUFFICIENT_DATA) holds {@code marker} right after its name and
     * passes {@code which}, in at least {@code leastShare} of those rows: "name in n of m judged rows (first reason)",
     * in the order first seen.
     */
    private static List<String> skipped(IntegrityReport report, String marker,
                                        java.util.function.Predicate<String> which, double leastShare) {
        Objects.requireNonNull(report, "report");
        Map<String, Integer> count = new java.util.LinkedHashMap<>();
        Map<String, String> first = new java.util.HashMap<>();
        int judged = 0;
        for (PairResult p : report.pairs()) {
            if (p.verdict() == Verdict.INSUFFICIENT_DATA) {
                continue;
            }
            judged++;
            for (String note : p.notes()) {
                int at = note.indexOf(marker);
                if (at > 0 && note.indexOf(' ') == at && which.test(note)) {
                    String detector = note.substring(0, at);
                    count.merge(detector, 1, Integer::sum);
                    first.putIfAbsent(detector, note.substring(at + " skipped: ".length()));
                }
            }
        }
        int rows = judged;
        return count.entrySet().stream().filter(e -> e.getValue() >= leastShare * rows)
                .map(e -> Text.clean(e.getKey()) + " in " + e.getValue() + " of "
                        + (rows == 1 ? "1 judged row" : num(rows) + " judged rows") + " ("
                        + Text.clean(clip(first.get(e.getKey()))) + ")")
                .toList();
    }

    private static String clip(String s) {
        return s.length() <= 110 ? s : s.substring(0, 107) + "...";
    }

    private static String rows(int n) {
        return n == 1 ? "1 row" : num(n) + " rows";
    }

    private static String variants(PairResult p) {
        return p.variants().stream().map(v -> v.name().toLowerCase(Locale.ROOT)).collect(Collectors.joining(","));
    }

    /**
     * The line saying at which significance level a report was decided, where it is not the {@linkplain
     * IntegrityReport#DEFAULT_ALPHA default}; empty at the default. The HTML report shows the same.
     *
     * @param report the report
     * @return the line, or an empty string
     */
    public static String alphaLine(IntegrityReport report) {
        if (Objects.requireNonNull(report, "report").alpha() == IntegrityReport.DEFAULT_ALPHA) {
            return "";
        }
        return "Decided at alpha " + level(report.alpha()) + " (the default is " + level(IntegrityReport.DEFAULT_ALPHA)
                + "): a finding counts as significant below it, and the expected response alone makes a segment "
                + "DIVERGING there.";
    }

    /**
     * A significance level as written: {@code 0.01}, {@code 0.000001}.
     *
     * @param alpha the level
     * @return its plain decimal text
     */
    public static String level(double alpha) {
        return java.math.BigDecimal.valueOf(alpha).stripTrailingZeros().toPlainString();
    }

    private static String strongest(PairResult p, double alpha) {
        if (p.verdict() == Verdict.INSUFFICIENT_DATA) {
            return p.notes().isEmpty() ? "" : p.notes().get(0);
        }
        // only evidence that counts: a finding whose q-value is below the report's alpha (a HEALTHY row shows none)
        Finding best = null;
        for (Finding f : p.findings()) {
            if (f.significantAt(alpha) && (best == null || f.qValue() < best.qValue())) {
                best = f;
            }
        }
        return best == null ? "-" : best.detector() + " q " + Text.p(best.qValue());
    }

}
