package dev.goodhart.sim.fourth;

import dev.goodhart.model.Frame;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import dev.goodhart.scoring.Scorer;
import dev.goodhart.sim.third.ThirdTable;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Scores the {@link FourthZoo} and tabulates false alarms (honest teams DIVERGING or GAMED), power on gaming teams
 * whose proxy inflation is +40% or more, and the AUC of the score, overall and by outcome, coupling, AR(1) of the
 * outcome and kind, with the power the score's ranking alone gives at 3% and 5% false alarms.
 *
 * <p>{@code java -cp ... dev.goodhart.sim.fourth.FourthTable [from] [to] [DAY|WEEK] [outcomeNoise]} (default
 * organisations 0 to 360, both granularities, the outcomes' noise as written; the helper's evaluation was 0 to 360).
 */
public final class FourthTable {

    /** One scored team. */
    public record Row(FourthZoo.Org org, FourthZoo.Team team, Granularity granularity, double score, boolean flagged) {
        /** A gaming team whose proxy inflation is +40% or more. */
        public boolean strong() {
            return team.gaming && team.inflation >= 0.4;
        }
    }

    private FourthTable() {
    }

    /** Scores organisations {@code [from, to)} at each granularity given. */
    public static List<Row> run(int from, int to, List<Granularity> granularities) {
        return run(from, to, granularities, 1);
    }

    /** As above, the outcomes' noise multiplied by {@code outcomeNoise} ({@link FourthZoo#organisation(int, double)}). */
    public static List<Row> run(int from, int to, List<Granularity> granularities, double outcomeNoise) {
        Scorer scorer = Scorer.builder().parallel().build();
        List<Row> rows = new ArrayList<>();
        for (int id = from; id < to; id++) {
            FourthZoo.Org o = FourthZoo.organisation(id, outcomeNoise);
            for (Granularity g : granularities) {
                IntegrityModel model = FourthZoo.model(o, g);
                IntegrityReport report = scorer.score(model, Frame.of(model, o.obs));
                Map<String, PairResult> bySegment = new HashMap<>();
                for (PairResult p : report.pairs()) {
                    bySegment.put(p.segment(), p);
                }
                for (FourthZoo.Team t : o.teams) {
                    PairResult p = bySegment.get(t.name);
                    rows.add(new Row(o, t, g, p == null ? 0 : p.score(), p != null && p.verdict().flagged()));
                }
            }
        }
        return rows;
    }

    /** The share of {@code rows} that {@code which} holds for; NaN for none. */
    public static double share(List<Row> rows, Predicate<Row> which) {
        return rows.isEmpty() ? Double.NaN : rows.stream().filter(which).count() / (double) rows.size();
    }

    /** The AUC of the score, strong gaming teams against honest ones (ties count half; {@link ThirdTable#auc}). */
    public static double auc(List<Row> rows) {
        return ThirdTable.auc(rows.stream().filter(r -> !r.team().gaming).mapToDouble(Row::score).toArray(),
                rows.stream().filter(Row::strong).mapToDouble(Row::score).toArray());
    }

    /** Power of the score's ranking alone at a false-alarm rate: the share of strong gaming teams above the threshold. */
    public static double powerAt(List<Row> rows, double falseAlarms) {
        return dev.goodhart.sim.RowGroups.powerAt(rows.stream().filter(r -> !r.team().gaming).toList(),
                rows.stream().filter(Row::strong).toList(), Row::score, falseAlarms);
    }

    private static String line(String label, List<Row> rows) {
        List<Row> honest = rows.stream().filter(r -> !r.team().gaming).toList();
        List<Row> strong = rows.stream().filter(Row::strong).toList();
        return String.format(Locale.ROOT, "| %s | %d | %s | %d | %s | %s |", label, honest.size(),
                percent(share(honest, Row::flagged)), strong.size(), percent(share(strong, Row::flagged)),
                Double.isNaN(auc(rows)) ? "-" : String.format(Locale.ROOT, "%.3f", auc(rows)));
    }

    private static String percent(double share) {
        return Double.isNaN(share) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * share);
    }

    private static void by(String title, List<Row> rows, Function<Row, String> key) {
        by(title, rows, key, List.of());
    }

    /** As above; a group without honest teams (a gaming kind) takes its AUC against {@code honest}. */
    private static void by(String title, List<Row> rows, Function<Row, String> key, List<Row> honest) {
        System.out.println("\n| " + title + " | honest teams | false alarms | gaming teams (+40%) | power | AUC |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        Map<String, List<Row>> groups = new TreeMap<>();
        for (Row r : rows) {
            groups.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r);
        }
        groups.forEach((k, v) -> {
            boolean anyHonest = v.stream().anyMatch(r -> !r.team().gaming);
            List<Row> withHonest = new ArrayList<>(v);
            if (!anyHonest) {
                withHonest.addAll(honest);
            }
            String l = line(k, v);
            System.out.println(anyHonest ? l : l.substring(0, l.lastIndexOf("| ", l.length() - 2))
                    + String.format(Locale.ROOT, "| %.3f |", auc(withHonest)));
        });
    }

    /**
     * Prints the tables; arguments: first organisation, last (exclusive), granularity (DAY, WEEK; both by default), the
     * factor on the outcomes' noise (1 by default: the generator as written).
     */
    public static void main(String[] args) {
        int from = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        int to = args.length > 1 ? Integer.parseInt(args[1]) : 360;
        List<Granularity> gs = args.length > 2 ? List.of(Granularity.valueOf(args[2])) : List.of(Granularity.DAY,
                Granularity.WEEK);
        double outcomeNoise = args.length > 3 ? Double.parseDouble(args[3]) : 1;
        long t0 = System.nanoTime();
        List<Row> rows = run(from, to, gs, outcomeNoise);
        System.out.printf(Locale.ROOT, "FourthZoo: organisations %d to %d, outcome noise x%s, %d team-scorings, %.1f s%n",
                from, to, outcomeNoise, rows.size(), (System.nanoTime() - t0) / 1e9);
        for (Granularity g : gs) {
            List<Row> sub = rows.stream().filter(r -> r.granularity() == g).toList();
            System.out.println("\n## " + g);
            System.out.println("\n| | honest teams | false alarms | gaming teams (+40%) | power | AUC |");
            System.out.println("|---|---:|---:|---:|---:|---:|");
            System.out.println(line("all", sub));
            System.out.printf(Locale.ROOT, "%nranking alone: power %.1f%% at 3%% false alarms, %.1f%% at 5%%%n",
                    100 * powerAt(sub, 0.03), 100 * powerAt(sub, 0.05));
            by("outcome", sub, r -> r.org().otype);
            by("coupling", sub, r -> r.org().coupling);
            by("outcome AR(1)", sub, r -> String.valueOf(r.org().phi));
            by("kind", sub, r -> r.team().kind, sub.stream().filter(r -> !r.team().gaming).toList());
        }
    }
}
