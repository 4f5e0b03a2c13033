package dev.goodhart.sim.fifth;

import dev.goodhart.model.Finding;
import dev.goodhart.model.Frame;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import dev.goodhart.report.Verdict;
import dev.goodhart.scoring.Scorer;
import dev.goodhart.sim.third.ThirdTable;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Predicate;

/**
 * Scores the organisations {@code from} (inclusive) to {@code to} (exclusive) of {@link FifthZoo} through the public
 * API with default settings and prints markdown tables: false alarms (DIVERGING or GAMED on honest teams) per cell, per
 * outcome type, per honest kind and per cell and kind; power per gaming kind on teams whose proxy was inflated by 40%
 * or more; the AUC of the score, gaming (inflation 40% or more) against honest; which detector gives the strongest
 * finding of the false alarms; a few false alarms with their findings; and the tokenizer-all cell again with its
 * counting change declared (the true factor, and 10% off either way).
 *
 * <p>{@code FifthTable [from] [to]}, defaults 0 and 120.
 */
public final class FifthTable {
    private static final double POWER_FLOOR = 0.4;

    /** One scored team. */
    record Row(String cell, String outcome, FifthZoo.Team team, double score, Verdict verdict,
            List<Finding> findings, int org, int countShift, double countFactor) {
        /** Whether the team is honest. */
        boolean honest() {
            return !team.gaming();
        }

        /** Whether the team games with a proxy inflation of 40% or more. */
        boolean strongGaming() {
            return team.gaming() && team.inflation() >= POWER_FLOOR;
        }

        /** Whether the verdict is DIVERGING or GAMED. */
        boolean flagged() {
            return verdict.flagged();
        }
    }

    private FifthTable() {
    }

    /** Prints the tables; arguments: first organisation (default 0), last, exclusive (default 120). */
    public static void main(String[] args) {
        int from = args.length > 0 ? Integer.parseInt(args[0]) : 0;
        int to = args.length > 1 ? Integer.parseInt(args[1]) : 120;
        long t0 = System.nanoTime();
        List<Row> rows = run(from, to);
        double seconds = (System.nanoTime() - t0) / 1e9;
        print(from, to, rows, seconds);
        printDeclared(rows, from, to);
    }

    /** Scores organisations {@code [from, to)}: one row per team. */
    static List<Row> run(int from, int to) {
        return run(from, to, 0);
    }

    /**
     * Scores organisations {@code [from, to)}: one row per team. With {@code declared} above 0, only the tokenizer-all
     * organisations, their counting change declared on its day with the true factor times {@code declared} (a user
     * who read the vendor's note, or guessed 10% off).
     */
    static List<Row> run(int from, int to, double declared) {
        Scorer scorer = Scorer.builder().parallel().build();
        List<Row> rows = new ArrayList<>();
        for (int id = from; id < to; id++) {
            FifthZoo.Org org = FifthZoo.organisation(id);
            IntegrityModel model = org.model();
            if (declared > 0) {
                if (org.countFactor() == 1) {
                    continue;
                }
                model = model.toBuilder().countingChange("tokens", org.intervention().plusDays(org.countShift()),
                        org.countFactor() * declared).build();
            }
            IntegrityReport report = scorer.score(model, Frame.of(model, org.observations()));
            Map<String, FifthZoo.Team> byName = new HashMap<>();
            org.teams().forEach(t -> byName.put(t.name(), t));
            for (PairResult p : report.pairs()) {
                FifthZoo.Team team = byName.get(p.segment());
                if (team != null) {
                    rows.add(new Row(org.cell(), org.outcome(), team, p.score(), p.verdict(), p.findings(), id,
                            org.countShift(), org.countFactor()));
                }
            }
        }
        return rows;
    }

    private static void print(int from, int to, List<Row> rows, double seconds) {
        System.out.printf(Locale.ROOT, "FifthZoo organisations %d-%d: %d teams scored in %.0f s%n%n", from, to - 1,
                rows.size(), seconds);

        System.out.println("### Per cell\n");
        System.out.println("| cell | orgs | honest | false alarms | of which GAMED | WATCH or worse | gaming >=40% | power | AUC |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (String cell : FifthZoo.CELLS) {
            summary(cell, rows, r -> r.cell().equals(cell));
        }
        summary("all", rows, r -> true);

        System.out.println("\n### Per outcome type\n");
        System.out.println("| outcome | orgs | honest | false alarms | of which GAMED | WATCH or worse | gaming >=40% | power | AUC |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (String o : FifthZoo.OUTCOMES) {
            summary(o, rows, r -> r.outcome().equals(o));
        }

        System.out.println("\n### Per honest kind\n");
        System.out.println("| honest kind | teams | false alarms | WATCH or worse | AUC vs gaming >=40% |");
        System.out.println("|---|---|---|---|---|");
        for (String kind : FifthZoo.HONEST) {
            List<Row> h = filter(rows, r -> r.honest() && r.team().kind().equals(kind));
            List<Row> g = filter(rows, Row::strongGaming);
            System.out.printf(Locale.ROOT, "| %s | %d | %s | %s | %s |%n", kind, h.size(), pct(h, Row::flagged),
                    pct(h, r -> r.verdict().compareTo(Verdict.WATCH) >= 0), auc(g, h));
        }

        System.out.println("\n### False alarms per cell and honest kind (flagged / honest teams)\n");
        StringBuilder head = new StringBuilder("| cell |");
        StringBuilder rule = new StringBuilder("|---|");
        for (String kind : FifthZoo.HONEST) {
            head.append(' ').append(kind).append(" |");
            rule.append("---|");
        }
        System.out.println(head);
        System.out.println(rule);
        for (String cell : FifthZoo.CELLS) {
            StringBuilder line = new StringBuilder("| " + cell + " |");
            for (String kind : FifthZoo.HONEST) {
                List<Row> h = filter(rows, r -> r.honest() && r.cell().equals(cell) && r.team().kind().equals(kind));
                long f = h.stream().filter(Row::flagged).count();
                line.append(' ').append(f).append('/').append(h.size()).append(" |");
            }
            System.out.println(line);
        }

        System.out.println("\n### False alarms by the outcome's slow drift (honest teams; adopting = adoption, gradual-gain,"
                + " saturating)\n");
        System.out.println("| drift sd | drift phi | honest | false alarms | adopting | false alarms |");
        System.out.println("|---|---|---|---|---|---|");
        double[][] sds = {{0.05, 0.0833}, {0.0833, 0.1167}, {0.1167, 0.15}};
        double[][] phis = {{0.9, 0.935}, {0.935, 0.97}};
        List<String> adopting = List.of("adoption", "gradual-gain", "saturating");
        for (double[] sd : sds) {
            for (double[] phi : phis) {
                List<Row> h = filter(rows, r -> r.honest() && r.team().driftSd() >= sd[0] && r.team().driftSd() < sd[1]
                        && r.team().driftPhi() >= phi[0] && r.team().driftPhi() < phi[1]);
                List<Row> a = filter(h, r -> adopting.contains(r.team().kind()));
                System.out.printf(Locale.ROOT, "| %.3f-%.3f | %.3f-%.3f | %d | %s | %d | %s |%n", sd[0], sd[1], phi[0],
                        phi[1], h.size(), pct(h, Row::flagged), a.size(), pct(a, Row::flagged));
            }
        }

        System.out.println("\n### tokenizer-all: false alarms by when and how much every team's count changed\n");
        System.out.println("| change (days after the quota) | factor | orgs | honest | false alarms |");
        System.out.println("|---|---|---|---|---|");
        int[][] whens = {{-14, 0}, {0, 21}, {21, 43}};
        double[][] factors = {{1.2, 1.4}, {1.4, 1.6}};
        for (int[] w : whens) {
            for (double[] f : factors) {
                List<Row> h = filter(rows, r -> r.honest() && r.cell().equals("tokenizer-all") && r.countShift() >= w[0]
                        && r.countShift() < w[1] && r.countFactor() >= f[0] && r.countFactor() < f[1]);
                System.out.printf(Locale.ROOT, "| %d to %d | %.1f-%.1f | %d | %d | %s |%n", w[0], w[1] - 1, f[0], f[1],
                        h.stream().mapToInt(Row::org).distinct().count(), h.size(), pct(h, Row::flagged));
            }
        }

        System.out.println("\n### Per gaming kind (power on teams inflated 40% or more)\n");
        System.out.println("| gaming kind | teams | inflated >=40% | power | GAMED | AUC vs honest |");
        System.out.println("|---|---|---|---|---|---|");
        List<Row> honest = filter(rows, Row::honest);
        for (String kind : FifthZoo.GAMING) {
            List<Row> all = filter(rows, r -> r.team().kind().equals(kind));
            List<Row> g = filter(all, Row::strongGaming);
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %s | %s | %s |%n", kind, all.size(), g.size(),
                    pct(g, Row::flagged), pct(g, r -> r.verdict() == Verdict.GAMED), auc(g, honest));
        }

        System.out.println("\n### Strongest finding (lowest p) of the false alarms, by detector\n");
        Map<String, Integer> strongest = new TreeMap<>();
        Map<String, Integer> anySignificant = new TreeMap<>();
        List<Row> alarms = filter(honest, Row::flagged);
        for (Row r : alarms) {
            top(r.findings(), 1).forEach(f -> strongest.merge(f.detector(), 1, Integer::sum));
            r.findings().stream().filter(f -> f.significantAt(0.05)).map(Finding::detector).distinct()
                    .forEach(d -> anySignificant.merge(d, 1, Integer::sum));
        }
        System.out.println("| detector | strongest in | significant (q < 0.05) in |");
        System.out.println("|---|---|---|");
        Set<String> detectors = new TreeSet<>(strongest.keySet());
        detectors.addAll(anySignificant.keySet());
        for (String d : detectors) {
            System.out.printf(Locale.ROOT, "| %s | %d of %d | %d of %d |%n", d, strongest.getOrDefault(d, 0),
                    alarms.size(), anySignificant.getOrDefault(d, 0), alarms.size());
        }

        System.out.println("\n### Some false alarms (first two per cell), strongest three findings\n");
        for (String cell : FifthZoo.CELLS) {
            alarms.stream().filter(r -> r.cell().equals(cell)).limit(2).forEach(FifthTable::describe);
        }
        System.out.println("\n### False alarms on teams where nothing happened (kind none; first five)\n");
        alarms.stream().filter(r -> r.team().kind().equals("none")).limit(5).forEach(FifthTable::describe);
    }

    /** The tokenizer-all cell again, its counting change declared: exactly, and with the factor 10% off. */
    private static void printDeclared(List<Row> undeclared, int from, int to) {
        System.out.println("\n### tokenizer-all with the counting change declared (IntegrityModel.countingChange)\n");
        System.out.println("| declared factor | change 21-42 days after the quota, x1.4-1.6: false alarms | all tokenizer-all:"
                + " false alarms | power | AUC |");
        System.out.println("|---|---|---|---|---|");
        Predicate<Row> worst = r -> r.countShift() >= 21 && r.countShift() < 43 && r.countFactor() >= 1.4
                && r.countFactor() < 1.6;
        Predicate<Row> tokenizer = r -> r.cell().equals("tokenizer-all");
        for (double k : new double[] {0, 1, 0.9, 1.1}) {
            List<Row> rows = k == 0 ? filter(undeclared, tokenizer) : run(from, to, k);
            List<Row> h = filter(rows, Row::honest);
            List<Row> g = filter(rows, Row::strongGaming);
            System.out.printf(Locale.ROOT, "| %s | %s | %s | %s | %s |%n", k == 0 ? "none (as above)"
                    : k == 1 ? "the true factor" : String.format(Locale.ROOT, "true x %.1f", k),
                    pct(filter(h, worst), Row::flagged), pct(h, Row::flagged), pct(g, Row::flagged), auc(g, h));
        }
    }

    private static void describe(Row r) {
        System.out.printf(Locale.ROOT, "- org %d %s %s, %s honest %s: score %.1f, %s%n", r.org(), r.cell(),
                r.outcome(), r.team().name(), r.team().kind(), r.score(), r.verdict());
        for (Finding f : top(r.findings(), 3)) {
            System.out.printf(Locale.ROOT, "    - %s p=%.3g q=%.3g: %s%n", f.detector(), f.pValue(), f.qValue(),
                    f.message());
        }
    }

    private static void summary(String label, List<Row> rows, Predicate<Row> in) {
        List<Row> sel = filter(rows, in);
        List<Row> h = filter(sel, Row::honest);
        List<Row> g = filter(sel, Row::strongGaming);
        long orgs = sel.stream().mapToInt(Row::org).distinct().count();
        System.out.printf(Locale.ROOT, "| %s | %d | %d | %s | %d | %s | %d | %s | %s |%n", label, orgs, h.size(),
                pct(h, Row::flagged), h.stream().filter(r -> r.verdict() == Verdict.GAMED).count(),
                pct(h, r -> r.verdict().compareTo(Verdict.WATCH) >= 0), g.size(),
                pct(g, Row::flagged), auc(g, h));
    }

    private static List<Finding> top(List<Finding> findings, int n) {
        return findings.stream().filter(f -> !Double.isNaN(f.pValue()))
                .sorted(Comparator.comparingDouble(Finding::pValue)).limit(n).toList();
    }

    private static List<Row> filter(List<Row> rows, Predicate<Row> p) {
        return rows.stream().filter(p).toList();
    }

    private static String pct(List<Row> rows, Predicate<Row> p) {
        if (rows.isEmpty()) {
            return "-";
        }
        long k = rows.stream().filter(p).count();
        return String.format(Locale.ROOT, "%.1f%% (%d)", 100.0 * k / rows.size(), k);
    }

    /** The AUC of the score, gaming teams against honest ones ({@link ThirdTable#auc}, ties count half); "-" for none. */
    private static String auc(List<Row> gaming, List<Row> honest) {
        if (gaming.isEmpty() || honest.isEmpty()) {
            return "-";
        }
        return String.format(Locale.ROOT, "%.3f", ThirdTable.auc(honest.stream().mapToDouble(Row::score).toArray(),
                gaming.stream().mapToDouble(Row::score).toArray()));
    }
}
