package dev.goodhart.sim.sixth;

import dev.goodhart.detect.ExpectedResponse;
import dev.goodhart.model.Frame;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import dev.goodhart.report.Verdict;
import dev.goodhart.scoring.Scorer;
import dev.goodhart.sim.RowGroups;
import dev.goodhart.sim.third.ThirdTable;

import java.io.IOException;
import java.io.PrintWriter;
import java.math.BigDecimal;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Scores organisations of {@link SixthZoo} through the public API with default settings and prints markdown tables
 * with the helper's definitions (its analyze.py): false alarms are DIVERGING or GAMED among honest teams; power is the
 * same among gaming teams whose realised inflation (counted over real tokens after the quota, written to three
 * decimals) is 1.4 or more; the AUC is the score's (written to two decimals, ties count half), those gaming teams
 * against the honest ones. Tables: the summary, per honest kind, per gaming kind, per outcome, granularity, noise,
 * S-curve, head count declared, rollout and organisation-wide improvement, how often the expected response owed
 * nothing to gaming teams (with and without S-curves), honest kind by elasticity band and by head count, hiring teams
 * by outcome and head count, gaming kind by S-curve, the worst cells
 * (outcome x granularity x noise x size band x rollout with at least 20 honest teams) and the clear-case probes.
 *
 * <p>{@code SixthTable [first] [count] [seed] [--probes] [--serial] [--csv FILE]}: organisations {@code first} to
 * {@code first + count - 1} of {@code seed} (defaults 0, 1200 and 1); {@code --probes} prints the probes only;
 * {@code --serial} scores with a single-threaded {@link Scorer} (otherwise {@code parallel()}, as FifthTable does);
 * {@code --csv} also writes one line per team (seed, organisation, team, kind, gaming, inflation, realised inflation,
 * verdict, score) formatted as the helper's generator wrote them.
 */
public final class SixthTable {
    private static final double POWER_FLOOR = 1.4;
    /** The probes' seed and organisations, as the helper ran them. */
    private static final long PROBE_SEED = 7;
    private static final int PROBE_ORGANISATIONS = 20;

    /** Where a team was: its organisation's draws. */
    record Place(long seed, int org, String outcome, String granularity, String noise, String size, String rollout,
            boolean orgImprove, boolean headCount, String cell) {
    }

    /**
     * One scored team; {@code verdict} is null and {@code error} set if its organisation could not be scored;
     * {@code notMaterialRise} is whether the expected response said "not a material rise" (against some trend; the pair
     * may still owe), {@code wordingAgrees} whether its sentence says "so no gain was owed" exactly where its finding is
     * marked as owing nothing, {@code undecided} whether its expected response could not answer
     * ({@link dev.goodhart.model.Finding#undecided()}).
     */
    record Row(Place place, SixthZoo.Team team, double score, Verdict verdict, String error, boolean notMaterialRise,
            boolean wordingAgrees, boolean undecided) {
        /** Whether the team is honest. */
        boolean honest() {
            return !team.gaming();
        }

        /** Whether the team games with a realised inflation (to three decimals) of 1.4 or more. */
        boolean strongGaming() {
            return team.gaming() && written(team.realisedInflation(), 3) >= POWER_FLOOR;
        }

        /** Whether the verdict is DIVERGING or GAMED. */
        boolean flagged() {
            return verdict != null && verdict.flagged();
        }

        /** The score as the helper's CSV wrote it (two decimals). */
        double writtenScore() {
            return written(score, 2);
        }

        /** The elasticity band: e<0.05, e0.1-0.3 or e0.3-0.5. */
        String elasticityBand() {
            double e = written(team.elasticity(), 3);
            return e < 0.05 ? "e<0.05" : e < 0.3 ? "e0.1-0.3" : "e0.3-0.5";
        }
    }

    private SixthTable() {
    }

    /** Prints the tables; arguments: first organisation, count, seed (defaults 0 1200 1), and the flags above. */
    public static void main(String[] args) throws IOException {
        List<String> positional = new ArrayList<>();
        boolean probesOnly = false;
        boolean parallel = true;
        Path csv = null;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--probes" -> probesOnly = true;
                case "--serial" -> parallel = false;
                case "--csv" -> csv = Path.of(args[++i]);
                default -> positional.add(args[i]);
            }
        }
        int first = positional.size() > 0 ? Integer.parseInt(positional.get(0)) : 0;
        int count = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 1200;
        long seed = positional.size() > 2 ? Long.parseLong(positional.get(2)) : 1;
        if (!probesOnly) {
            long t0 = System.nanoTime();
            List<Row> rows = run(seed, first, count, SixthZoo.Settings.defaults(), parallel);
            double seconds = (System.nanoTime() - t0) / 1e9;
            System.out.printf(Locale.ROOT, "SixthZoo seed %d, organisations %d-%d: %d teams scored in %.0f s%n%n", seed,
                    first, first + count - 1, rows.size(), seconds);
            print(rows);
            if (csv != null) {
                writeCsv(csv, rows);
            }
        }
        printProbes(parallel);
    }

    /** Scores organisations {@code first} to {@code first + count - 1} of the seed with the settings. */
    static List<Row> run(long seed, int first, int count, SixthZoo.Settings settings, boolean parallel) {
        Scorer scorer = parallel ? Scorer.builder().parallel().build() : Scorer.builder().build();
        List<Row> rows = new ArrayList<>();
        for (int i = first; i < first + count; i++) {
            SixthZoo.Org org = SixthZoo.organisation(seed, i, settings);
            Place place = new Place(seed, i, org.outcome(), org.granularity(), org.noise(), org.sizeBand(),
                    org.rollout(), org.orgImprove(), org.headCount(), org.cell());
            Map<String, PairResult> results = new HashMap<>();
            String error = null;
            try {
                IntegrityReport report = scorer.score(org.model(), Frame.of(org.model(), org.observations()));
                for (PairResult p : report.pairs()) {
                    results.put(p.segment(), p);
                }
            } catch (RuntimeException e) {
                error = e.toString();
            }
            for (SixthZoo.Team team : org.teams()) {
                PairResult p = results.get(team.name());
                if (p == null) {
                    rows.add(new Row(place, team, Double.NaN, null, error == null ? "no result" : error, false, true,
                            false));
                } else {
                    boolean notMaterialRise = p.findings().stream().anyMatch(f -> f.detector()
                            .equals(ExpectedResponse.NAME) && f.message().contains("not a material rise"));
                    boolean wordingAgrees = p.findings().stream().filter(f -> f.detector().equals(ExpectedResponse.NAME))
                            .allMatch(f -> f.message().contains("so no gain was owed") == f.nothingOwed());
                    boolean undecided = p.findings().stream().anyMatch(f -> f.detector().equals(ExpectedResponse.NAME)
                            && f.undecided());
                    rows.add(new Row(place, team, p.score(), p.verdict(), null, notMaterialRise, wordingAgrees,
                            undecided));
                }
            }
        }
        return rows;
    }

    /** The clear-case probe (seed 7, organisations 0-19 of {@link SixthZoo.Settings#clearCase()}) with these. */
    static List<Row> probe(String outcome, String granularity, double volume, boolean sCurve, int pre,
            boolean parallel) {
        SixthZoo.Settings s = SixthZoo.Settings.clearCase().withOutcome(outcome).withGranularity(granularity)
                .withVolume(volume).withSCurve(sCurve);
        if (pre > 0) {
            s = s.withPre(pre);
        }
        return run(PROBE_SEED, 0, PROBE_ORGANISATIONS, s, parallel);
    }

    private static void print(List<Row> rows) {
        List<Row> honest = RowGroups.filter(rows, Row::honest);
        List<Row> gaming = RowGroups.filter(rows, r -> r.team().gaming());
        List<Row> strong = RowGroups.filter(rows, Row::strongGaming);
        long orgs = rows.stream().mapToInt(r -> r.place().org()).distinct().count();
        System.out.println("### Summary\n");
        System.out.println("| organisations | teams | honest | gaming | gaming >=1.4x | false alarms | power | AUC |"
                + " errors | NaN scores | INSUFFICIENT_DATA |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        System.out.printf(Locale.ROOT, "| %d | %d | %d | %d | %d | %s | %s | %s | %d | %d | %d |%n", orgs, rows.size(),
                honest.size(), gaming.size(), strong.size(), rate(honest), rate(strong), auc(strong, honest),
                rows.stream().filter(r -> r.error() != null).count(),
                rows.stream().filter(r -> Double.isNaN(r.score())).count(),
                rows.stream().filter(r -> r.verdict() == Verdict.INSUFFICIENT_DATA).count());
        Map<String, Long> verdicts = new LinkedHashMap<>();
        for (Verdict v : Verdict.values()) {
            verdicts.put(v.name(), rows.stream().filter(r -> r.verdict() == v).count());
        }
        System.out.println("\nverdicts: " + verdicts);

        System.out.println("\n### Per honest kind\n");
        System.out.println("| honest kind | teams | false alarms | GAMED | INSUFFICIENT_DATA |");
        System.out.println("|---|---:|---:|---:|---:|");
        for (Map.Entry<String, List<Row>> e : RowGroups.sorted(honest, r -> r.team().kind()).entrySet()) {
            List<Row> h = e.getValue();
            System.out.printf(Locale.ROOT, "| %s | %d | %s | %d | %d |%n", e.getKey(), h.size(), rate(h),
                    h.stream().filter(r -> r.verdict() == Verdict.GAMED).count(),
                    h.stream().filter(r -> r.verdict() == Verdict.INSUFFICIENT_DATA).count());
        }

        System.out.println("\n### Per gaming kind (power on realised inflation >=1.4x)\n");
        System.out.println("| gaming kind | teams | >=1.4x | power | GAMED | AUC vs honest |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (Map.Entry<String, List<Row>> e : RowGroups.sorted(gaming, r -> r.team().kind()).entrySet()) {
            List<Row> g = RowGroups.filter(e.getValue(), Row::strongGaming);
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %s | %d | %s |%n", e.getKey(), e.getValue().size(),
                    g.size(), rate(g), g.stream().filter(r -> r.verdict() == Verdict.GAMED).count(), auc(g, honest));
        }

        breakdown("Per outcome", "outcome", rows, r -> r.place().outcome());
        breakdown("Per granularity", "granularity", rows, r -> r.place().granularity());
        breakdown("Per noise", "noise", rows, r -> r.place().noise());
        breakdown("Per size band", "size", rows, r -> r.place().size());
        breakdown("By S-curve baseline adoption", "S-curve", rows, r -> r.team().sCurve() ? "yes" : "no");
        breakdown("By head count declared", "head count", rows, r -> r.place().headCount() ? "yes" : "no");
        breakdown("By rollout", "rollout", rows, r -> r.place().rollout());
        breakdown("By organisation-wide improvement", "improves", rows, r -> r.place().orgImprove() ? "yes" : "no");

        System.out.println("\n### Expected response \"not a material rise\" (against some trend; the pair may still owe)"
                + " on gaming teams >=1.4x\n");
        System.out.println("| S-curve | gaming >=1.4x | \"not a material rise\" | power |");
        System.out.println("|---|---:|---:|---:|");
        for (Map.Entry<String, List<Row>> e : RowGroups.sorted(strong, r -> r.team().sCurve() ? "yes" : "no").entrySet()) {
            List<Row> g = e.getValue();
            System.out.printf(Locale.ROOT, "| %s | %d | %s | %s |%n", e.getKey(), g.size(),
                    share(g, Row::notMaterialRise), rate(g));
        }

        System.out.println("\n### False alarms: honest kind x elasticity band\n");
        crossTable(honest, r -> r.team().kind(), Row::elasticityBand);
        System.out.println("\n### False alarms: honest kind x head count declared\n");
        crossTable(honest, r -> r.team().kind(), r -> r.place().headCount() ? "declared" : "not declared");
        System.out.println("\n### False alarms of hiring teams: outcome x head count declared\n");
        crossTable(RowGroups.filter(honest, r -> r.team().kind().equals("hiring")), r -> r.place().outcome(),
                r -> r.place().headCount() ? "declared" : "not declared");
        System.out.println("\n### Power: gaming kind x S-curve (>=1.4x)\n");
        crossTable(strong, r -> r.team().kind(), r -> r.team().sCurve() ? "S-curve" : "no S-curve");

        Map<String, List<Row>> cells = new LinkedHashMap<>();
        for (Row r : honest) {
            cells.computeIfAbsent(r.place().cell(), k -> new ArrayList<>()).add(r);
        }
        List<Map.Entry<String, List<Row>>> big = new ArrayList<>(cells.entrySet().stream()
                .filter(e -> e.getValue().size() >= 20).toList());
        big.sort(Comparator.comparingDouble(e -> -fraction(e.getValue())));
        System.out.printf(Locale.ROOT, "%n### Worst cells (outcome|granularity|noise|size|rollout, >=20 honest teams)%n%n"
                + "%d cells with honest teams, %d with 20 or more, %d of them above 10%% false alarms.%n%n",
                cells.size(), big.size(), big.stream().filter(e -> fraction(e.getValue()) > 0.10).count());
        System.out.println("| cell | honest | false alarms |");
        System.out.println("|---|---:|---:|");
        for (Map.Entry<String, List<Row>> e : big.subList(0, Math.min(8, big.size()))) {
            System.out.printf(Locale.ROOT, "| %s | %d | %s |%n", e.getKey(), e.getValue().size(), rate(e.getValue()));
        }
    }

    /** The clear-case probes as the helper ran them: 20 organisations x 20 teams, nothing against x2.5 jumps. */
    private static void printProbes(boolean parallel) {
        System.out.println("\n### Clear case: x2.5 jumps against nothing, flat outcome, low noise (seed 7, 20 x 20 teams,"
                + " 120 + 120 days)\n");
        System.out.println("| outcome | granularity | item volume | jumps flagged | honest flagged |");
        System.out.println("|---|---|---:|---:|---:|");
        for (String outcome : SixthZoo.OUTCOMES) {
            for (String gran : SixthZoo.GRANULARITIES) {
                for (double volume : new double[] {1, 20}) {
                    List<Row> rows = probe(outcome, gran, volume, false, 0, parallel);
                    System.out.printf(Locale.ROOT, "| %s | %s | %.0fx | %s | %s |%n", outcome, gran, volume,
                            rate(RowGroups.filter(rows, r -> r.team().gaming())), rate(RowGroups.filter(rows, Row::honest)));
                }
            }
        }
        System.out.println("\n### Clear case with and without S-curves (cycle, WEEKrows, item volume 20x)\n");
        System.out.println("| baseline days | S-curve | jumps flagged | honest flagged | jumps: \"not a material rise\" |");
        System.out.println("|---:|---|---:|---:|---:|");
        for (int pre : new int[] {84, 180}) {
            for (boolean sCurve : new boolean[] {true, false}) {
                List<Row> rows = probe("cycle", "WEEKrows", 20, sCurve, pre, parallel);
                List<Row> jumps = RowGroups.filter(rows, r -> r.team().gaming());
                System.out.printf(Locale.ROOT, "| %d | %s | %s | %s | %s |%n", pre, sCurve ? "yes" : "no", rate(jumps),
                        rate(RowGroups.filter(rows, Row::honest)), share(jumps, Row::notMaterialRise));
            }
        }
    }

    private static void breakdown(String title, String label, List<Row> rows, Function<Row, String> key) {
        System.out.printf(Locale.ROOT, "%n### %s%n%n", title);
        System.out.println("| " + label + " | honest | false alarms | gaming >=1.4x | power | AUC | INSUFFICIENT_DATA |");
        System.out.println("|---|---:|---:|---:|---:|---:|---:|");
        for (Map.Entry<String, List<Row>> e : RowGroups.sorted(rows, key).entrySet()) {
            List<Row> h = RowGroups.filter(e.getValue(), Row::honest);
            List<Row> g = RowGroups.filter(e.getValue(), Row::strongGaming);
            System.out.printf(Locale.ROOT, "| %s | %d | %s | %d | %s | %s | %d |%n", e.getKey(), h.size(), rate(h),
                    g.size(), rate(g), auc(g, h),
                    e.getValue().stream().filter(r -> r.verdict() == Verdict.INSUFFICIENT_DATA).count());
        }
    }

    private static void crossTable(List<Row> rows, Function<Row, String> line, Function<Row, String> column) {
        List<String> columns = new ArrayList<>(RowGroups.sorted(rows, column).keySet());
        StringBuilder head = new StringBuilder("| |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String c : columns) {
            head.append(' ').append(c).append(" |");
            rule.append("---:|");
        }
        System.out.println(head);
        System.out.println(rule);
        for (Map.Entry<String, List<Row>> e : RowGroups.sorted(rows, line).entrySet()) {
            StringBuilder b = new StringBuilder("| " + e.getKey() + " |");
            for (String c : columns) {
                b.append(' ').append(rate(RowGroups.filter(e.getValue(), r -> column.apply(r).equals(c)))).append(" |");
            }
            System.out.println(b);
        }
    }

    private static void writeCsv(Path path, List<Row> rows) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8))) {
            w.println("seed,org,team,kind,gaming,inflation,realizedInfl,verdict,score");
            for (Row r : rows) {
                w.printf(Locale.ROOT, "%d,%d,%s,%s,%b,%.3f,%.3f,%s,%.2f%n", r.place().seed(), r.place().org(),
                        r.team().name(), r.team().kind(), r.team().gaming(), r.team().inflation(),
                        r.team().realisedInflation(), r.verdict() == null ? "MISSING" : r.verdict().name(), r.score());
            }
        }
    }

    /** The value as written with this many decimals (HALF_UP, as {@code %.Nf}), read back; NaN stays NaN. */
    static double written(double x, int places) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return x;
        }
        return new BigDecimal(x).setScale(places, RoundingMode.HALF_UP).doubleValue();
    }



    /** The share of the rows flagged. */
    static double fraction(List<Row> rows) {
        return RowGroups.fraction(rows, Row::flagged);
    }

    private static String rate(List<Row> rows) {
        return share(rows, Row::flagged);
    }

    private static String share(List<Row> rows, Predicate<Row> p) {
        if (rows.isEmpty()) {
            return "-";
        }
        long k = RowGroups.count(rows, p);
        return String.format(Locale.ROOT, "%.1f%% (%d of %d)", 100.0 * k / rows.size(), k, rows.size());
    }

    /** The AUC of the written scores, gaming against honest ({@link ThirdTable#auc}); NaN for none. */
    static double aucValue(List<Row> gaming, List<Row> honest) {
        return ThirdTable.auc(honest.stream().mapToDouble(Row::writtenScore).toArray(),
                gaming.stream().mapToDouble(Row::writtenScore).toArray());
    }

    private static String auc(List<Row> gaming, List<Row> honest) {
        if (gaming.isEmpty() || honest.isEmpty()) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.3f", aucValue(gaming, honest));
    }
}
