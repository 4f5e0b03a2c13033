package dev.goodhart.sim.third;

import dev.goodhart.model.Finding;
import dev.goodhart.model.Frame;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import dev.goodhart.report.Verdict;
import dev.goodhart.scoring.Scorer;
import dev.goodhart.sim.third.ThirdZoo.Cell;
import dev.goodhart.sim.third.ThirdZoo.Kind;
import dev.goodhart.sim.third.ThirdZoo.Org;
import dev.goodhart.sim.third.ThirdZoo.OrgSpec;
import dev.goodhart.sim.third.ThirdZoo.Team;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.Collectors;

/**
 * Scores the third zoo's organisations with the public API and prints markdown tables: false alarms and power per
 * cell, per kind, per organisation factor, the overall AUC, and a few flagged and unflagged teams with their findings.
 *
 * <p>{@code java ... dev.goodhart.sim.third.ThirdTable [teamsPerKind] [orgsPerCell] [seed] [samples]}
 */
public final class ThirdTable {
    private ThirdTable() {
    }

    /** Inflation at and above which a gaming team counts towards power. */
    public static final double POWER_INFLATION = 0.4;

    /**
     * One team's result on the primary link and, when the model has one, the second link.
     *
     * @param findings the primary link's findings as "detector q: message"
     */
    public record Row(OrgSpec org, Team team, double score, Verdict verdict, List<String> findings, String secondLink,
            double secondScore, Verdict secondVerdict, List<String> secondFindings, Map<String, Double> q,
            double naive) {
        /** Whether the primary link was flagged (DIVERGING or GAMED). */
        public boolean flagged() {
            return verdict.flagged();
        }

        /** A gaming team with inflation of at least {@link #POWER_INFLATION}. */
        public boolean strong() {
            return team.gaming() && team.targetInflation() >= POWER_INFLATION - 1e-9;
        }
    }

    /** The organisation row ("*") of the primary link. */
    public record OrgRow(OrgSpec org, double score, Verdict verdict, int teams, int gamingTeams) {
    }

    /** Everything a run produced. */
    public record Result(List<Row> rows, List<OrgRow> orgs, double seconds) {
    }

    /** Generates and scores {@code orgsPerCell} organisations in every cell. */
    public static Result run(int teamsPerKind, int orgsPerCell, long seed) {
        return run(teamsPerKind, orgsPerCell, seed, false);
    }

    /**
     * As {@link #run(int, int, long)}; {@code headcount}: every organisation with its teams' head counts in the data
     * and its proxies and defect counts read per head ({@link ThirdZoo.Org#withHeadcount()}).
     */
    public static Result run(int teamsPerKind, int orgsPerCell, long seed, boolean headcount) {
        Scorer scorer = Scorer.builder().parallel().chartLimit(0).build();
        List<Row> rows = new ArrayList<>();
        List<OrgRow> orgs = new ArrayList<>();
        long t0 = System.nanoTime();
        for (Cell cell : ThirdZoo.cells()) {
            for (int i = 0; i < orgsPerCell; i++) {
                Org generated = ThirdZoo.organisation(cell, i, teamsPerKind, seed);
                Org org = headcount ? generated.withHeadcount() : generated;
                IntegrityReport report = scorer.score(org.model(), Frame.of(org.model(), org.observations()));
                Map<String, Double> naive = naiveShortfall(org);
                int gaming = 0;
                for (Team team : org.teams()) {
                    PairResult p = report.pair(org.proxy(), org.outcome(), team.name()).orElseThrow();
                    PairResult s = null;
                    String second = null;
                    if (org.secondOutcome() != null) {
                        second = org.proxy() + "->" + org.secondOutcome();
                        s = report.pair(org.proxy(), org.secondOutcome(), team.name()).orElseThrow();
                    } else if (org.secondProxy() != null) {
                        second = org.secondProxy() + "->" + org.outcome();
                        s = report.pair(org.secondProxy(), org.outcome(), team.name()).orElseThrow();
                    }
                    Map<String, Double> q = new LinkedHashMap<>();
                    p.findings().forEach(f -> q.put(f.detector(), f.qValue()));
                    rows.add(new Row(org.spec(), team, p.score(), p.verdict(), describe(p), second,
                            s == null ? Double.NaN : s.score(), s == null ? null : s.verdict(),
                            s == null ? List.of() : describe(s), q, naive.getOrDefault(team.name(), Double.NaN)));
                    gaming += team.gaming() ? 1 : 0;
                }
                PairResult whole = report.pair(org.proxy(), org.outcome(), "*").orElseThrow();
                orgs.add(new OrgRow(org.spec(), whole.score(), whole.verdict(), org.teams().size(), gaming));
            }
        }
        return new Result(rows, orgs, (System.nanoTime() - t0) / 1e9);
    }

    /**
     * A naive reference statistic that needs no model of the detectors: per team, the rise of the mean log proxy from
     * the baseline to the recent window ({@code dP}) and the sign-adjusted change of the mean log outcome
     * ({@code dO}) minus the median {@code dO} of the teams whose proxy moved less than 10%; the statistic is
     * {@code 0.3 dP - (dO - a)}: the shortfall against an elasticity of 0.3. No trends, no noise model: it shows how
     * much of the truth the raw data carry.
     */
    static Map<String, Double> naiveShortfall(Org org) {
        java.time.LocalDate split = org.spec().intervention();
        Map<String, double[]> acc = new LinkedHashMap<>(); // proxy pre sum, n, post sum, n; outcome the same
        for (dev.goodhart.model.Observation o : org.observations()) {
            boolean isProxy = o.metric().equals(org.proxy());
            if (!isProxy && !o.metric().equals(org.outcome())) {
                continue;
            }
            double[] a = acc.computeIfAbsent(o.segment(), k -> new double[8]);
            int base = (isProxy ? 0 : 4) + (o.date().isBefore(split) ? 0 : 2);
            a[base] += Math.log(Math.max(o.value(), 0) + (isProxy ? 0.5 : 1e-3));
            a[base + 1]++;
        }
        int sign = org.spec().cell().outcome() == ThirdZoo.OutcomeKind.CONVERSION ? 1 : -1;
        Map<String, double[]> d = new LinkedHashMap<>();
        List<Double> still = new ArrayList<>();
        for (Map.Entry<String, double[]> e : acc.entrySet()) {
            double[] a = e.getValue();
            double dp = a[2] / a[3] - a[0] / a[1];
            double dO = sign * (a[6] / a[7] - a[4] / a[5]);
            d.put(e.getKey(), new double[] {dp, dO});
            if (Math.abs(dp) < 0.1) {
                still.add(dO);
            }
        }
        double a0 = still.isEmpty() ? 0 : median(still.stream().mapToDouble(Double::doubleValue).toArray());
        Map<String, Double> out = new LinkedHashMap<>();
        d.forEach((k, v) -> out.put(k, 0.3 * v[0] - (v[1] - a0)));
        return out;
    }

    private static List<String> describe(PairResult p) {
        List<String> out = new ArrayList<>();
        for (Finding f : p.findings()) {
            out.add(String.format(Locale.ROOT, "%s (q %s): %s", f.detector(),
                    Double.isNaN(f.qValue()) ? "n/a" : String.format(Locale.ROOT, "%.3g", f.qValue()), f.message()));
        }
        for (String note : p.notes()) {
            out.add("note: " + note);
        }
        return out;
    }

    // --- statistics ---------------------------------------------------------------------------------------------

    /** Share of {@code rows} matching {@code p}; NaN when empty. */
    static double share(List<Row> rows, Predicate<Row> p) {
        return rows.isEmpty() ? Double.NaN : rows.stream().filter(p).count() / (double) rows.size();
    }

    static double median(double[] v) {
        if (v.length == 0) {
            return Double.NaN;
        }
        double[] s = v.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /** Probability that a random positive scores above a random negative, ties counting half. */
    public static double auc(double[] negatives, double[] positives) {
        if (negatives.length == 0 || positives.length == 0) {
            return Double.NaN;
        }
        double[] neg = negatives.clone();
        Arrays.sort(neg);
        double sum = 0;
        for (double p : positives) {
            int below = lowerBound(neg, p);
            int notAbove = upperBound(neg, p);
            sum += below + 0.5 * (notAbove - below);
        }
        return sum / ((double) neg.length * positives.length);
    }

    private static int lowerBound(double[] a, double x) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int m = (lo + hi) >>> 1;
            if (a[m] < x) {
                lo = m + 1;
            } else {
                hi = m;
            }
        }
        return lo;
    }

    private static int upperBound(double[] a, double x) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int m = (lo + hi) >>> 1;
            if (a[m] <= x) {
                lo = m + 1;
            } else {
                hi = m;
            }
        }
        return lo;
    }

    /** The smallest score threshold whose share of honest scores strictly above it is at most {@code rate}. */
    public static double thresholdFor(double[] honest, double rate) {
        double[] s = honest.clone();
        Arrays.sort(s);
        int allowed = (int) Math.floor(rate * s.length);
        // the value with 'allowed' scores above it (ties push the threshold up, never the rate)
        int idx = s.length - 1 - allowed;
        return idx < 0 ? Double.NEGATIVE_INFINITY : s[idx];
    }

    static double[] naive(List<Row> rows) {
        return rows.stream().mapToDouble(Row::naive).filter(v -> !Double.isNaN(v)).toArray();
    }

    static double[] scores(List<Row> rows) {
        return rows.stream().mapToDouble(Row::score).toArray();
    }

    private static String pct(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * v);
    }

    private static String num(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.1f", v);
    }

    private static String f3(double v) {
        return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%.3f", v);
    }

    // --- tables -------------------------------------------------------------------------------------------------

    /** All the tables, in markdown. */
    public static String tables(Result result) {
        List<Row> rows = result.rows();
        StringBuilder out = new StringBuilder();
        List<Row> honest = rows.stream().filter(r -> !r.team().gaming()).toList();
        List<Row> gaming = rows.stream().filter(r -> r.team().gaming()).toList();
        List<Row> strong = rows.stream().filter(Row::strong).toList();
        out.append(String.format(Locale.ROOT, "%d organisations, %d teams (%d honest, %d gaming, %d gaming at +%.0f%% "
                + "or more), scored in %.1f s%n%n", result.orgs().size(), rows.size(), honest.size(), gaming.size(),
                strong.size(), 100 * POWER_INFLATION, result.seconds()));

        // summary
        double auc = auc(scores(honest), scores(gaming));
        double thr = thresholdFor(scores(honest), 0.03);
        Map<String, List<Row>> byCell = group(rows, r -> r.org().cell().name());
        String worstCell = null;
        double worst = -1;
        for (Map.Entry<String, List<Row>> e : byCell.entrySet()) {
            double fa = share(e.getValue().stream().filter(r -> !r.team().gaming()).toList(), Row::flagged);
            if (fa > worst) {
                worst = fa;
                worstCell = e.getKey();
            }
        }
        List<Row> honestCore = honest.stream()
                .filter(r -> r.team().kind() != Kind.ADOPT_SMALL && r.team().kind() != Kind.HEADCOUNT).toList();
        out.append("## Summary\n\n| measure | value |\n|---|---:|\n");
        line(out, "AUC of the score, gaming vs honest teams", f3(auc));
        line(out, "AUC, gaming at +40% or more vs honest", f3(auc(scores(honest), scores(strong))));
        line(out, "reference: AUC of a naive shortfall (0.3 dP - dO, no model), gaming vs honest",
                f3(auc(naive(honest), naive(gaming))));
        line(out, "reference: AUC of the naive shortfall, gaming vs honest adopters (ADOPT_BIG, LAGGED_GAIN)",
                f3(auc(naive(honest.stream().filter(r -> r.team().kind() == Kind.ADOPT_BIG
                        || r.team().kind() == Kind.LAGGED_GAIN).toList()), naive(gaming))));
        line(out, "AUC of the score, gaming vs honest adopters (ADOPT_BIG, LAGGED_GAIN)", f3(auc(scores(honest.stream()
                .filter(r -> r.team().kind() == Kind.ADOPT_BIG || r.team().kind() == Kind.LAGGED_GAIN).toList()),
                scores(gaming))));
        line(out, "false alarms, all honest teams (DIVERGING or GAMED)", pct(share(honest, Row::flagged))
                + " (" + honest.stream().filter(Row::flagged).count() + "/" + honest.size() + ")");
        line(out, "false alarms, honest without ADOPT_SMALL and HEADCOUNT", pct(share(honestCore, Row::flagged)));
        line(out, "WATCH or worse, honest teams", pct(share(honest, r -> r.verdict().compareTo(Verdict.WATCH) >= 0)));
        line(out, "worst cell's false alarms", pct(worst) + " (" + worstCell + ")");
        line(out, "power, gaming at +40% or more", pct(share(strong, Row::flagged)));
        line(out, "power, all gaming teams", pct(share(gaming, Row::flagged)));
        for (Kind k : new Kind[] {Kind.G_JUMP, Kind.G_RAMP, Kind.G_LATE}) {
            line(out, "power at +40% or more, " + k.name(),
                    pct(share(strong.stream().filter(r -> r.team().kind() == k).toList(), Row::flagged)));
        }
        line(out, String.format(Locale.ROOT, "power at +40%% at the 3%%-false-alarm score threshold (score > %.1f)", thr),
                pct(share(strong, r -> r.score() > thr)));
        line(out, "  same threshold, all gaming teams", pct(share(gaming, r -> r.score() > thr)));
        List<Row> easy = rows.stream().filter(r -> r.org().cell().easy()).toList();
        line(out, "easy cells (long history, large teams): false alarms",
                pct(share(easy.stream().filter(r -> !r.team().gaming()).toList(), Row::flagged)));
        line(out, "easy cells: false alarms without ADOPT_SMALL and HEADCOUNT",
                pct(share(easy.stream().filter(r -> !r.team().gaming() && r.team().kind() != Kind.ADOPT_SMALL
                        && r.team().kind() != Kind.HEADCOUNT).toList(), Row::flagged)));
        line(out, "easy cells: power at +40% or more", pct(share(easy.stream().filter(Row::strong).toList(),
                Row::flagged)));
        for (boolean d : new boolean[] {true, false}) {
            List<Row> ed = easy.stream().filter(r -> r.org().declaredMinimum() == d).toList();
            line(out, "easy cells, min elasticity " + (d ? "declared 0.2" : "default 0.1") + ": false alarms / power at +40%",
                    pct(share(ed.stream().filter(r -> !r.team().gaming()).toList(), Row::flagged)) + " / "
                    + pct(share(ed.stream().filter(Row::strong).toList(), Row::flagged)));
        }
        line(out, "easy cells: AUC", f3(auc(scores(easy.stream().filter(r -> !r.team().gaming()).toList()),
                scores(easy.stream().filter(r -> r.team().gaming()).toList()))));
        line(out, "easy cells: AUC of the naive shortfall", f3(auc(naive(easy.stream().filter(r -> !r.team().gaming())
                .toList()), naive(easy.stream().filter(r -> r.team().gaming()).toList()))));
        out.append('\n');

        // per cell
        out.append("## Per cell\n\n| cell | easy | honest | false alarms | FA w/o ADOPT_SMALL,HEADCOUNT | gaming >=+40% "
                + "| power | AUC |\n|---|---|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<String, List<Row>> e : byCell.entrySet()) {
            List<Row> rs = e.getValue();
            List<Row> h = rs.stream().filter(r -> !r.team().gaming()).toList();
            List<Row> hc = h.stream().filter(r -> r.team().kind() != Kind.ADOPT_SMALL
                    && r.team().kind() != Kind.HEADCOUNT).toList();
            List<Row> s = rs.stream().filter(Row::strong).toList();
            out.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %d | %s | %s |%n", e.getKey(),
                    rs.get(0).org().cell().easy() ? "yes" : "", h.size(), pct(share(h, Row::flagged)),
                    pct(share(hc, Row::flagged)), s.size(), pct(share(s, Row::flagged)),
                    f3(auc(scores(h), scores(rs.stream().filter(r -> r.team().gaming()).toList())))));
        }
        out.append('\n');

        // per kind
        out.append("## Per kind\n\n| kind | gaming | teams | flagged | WATCH or worse | median score | "
                + "flagged at +40% or more | flagged, easy cells | expected-response q < 0.05 | median naive "
                + "shortfall |\n|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Kind k : Kind.values()) {
            List<Row> rs = rows.stream().filter(r -> r.team().kind() == k).toList();
            out.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s | %s | %s | %s |%n", k.name(),
                    k.gaming() ? "yes" : "no", rs.size(), pct(share(rs, Row::flagged)),
                    pct(share(rs, r -> r.verdict().compareTo(Verdict.WATCH) >= 0)), num(median(scores(rs))),
                    k.gaming() ? pct(share(rs.stream().filter(Row::strong).toList(), Row::flagged)) : "",
                    pct(share(rs.stream().filter(r -> r.org().cell().easy()).toList(), Row::flagged)),
                    pct(share(rs, r -> r.q().getOrDefault("expected-response", 1.0) < 0.05)),
                    f3(median(naive(rs)))));
        }
        out.append('\n');

        // per kind x history x size (flagged share)
        out.append("## Flagged share per kind, by history and size\n\n| kind | long/large | long/small | short/large "
                + "| short/small |\n|---|---:|---:|---:|---:|\n");
        for (Kind k : Kind.values()) {
            out.append("| ").append(k.name());
            for (ThirdZoo.History h : ThirdZoo.History.values()) {
                for (ThirdZoo.Size sz : ThirdZoo.Size.values()) {
                    List<Row> rs = rows.stream().filter(r -> r.team().kind() == k && r.org().cell().history() == h
                            && r.org().cell().size() == sz && (!k.gaming() || r.strong())).toList();
                    out.append(" | ").append(pct(share(rs, Row::flagged)));
                }
            }
            out.append(" |\n");
        }
        out.append("\n(gaming kinds: teams at +40% or more only)\n\n");

        // per outcome x kind group
        out.append("## Per outcome\n\n| outcome | false alarms | power at +40% | AUC |\n|---|---:|---:|---:|\n");
        for (ThirdZoo.OutcomeKind o : ThirdZoo.OutcomeKind.values()) {
            List<Row> rs = rows.stream().filter(r -> r.org().cell().outcome() == o).toList();
            List<Row> h = rs.stream().filter(r -> !r.team().gaming()).toList();
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", o.metric(), pct(share(h, Row::flagged)),
                    pct(share(rs.stream().filter(Row::strong).toList(), Row::flagged)),
                    f3(auc(scores(h), scores(rs.stream().filter(r -> r.team().gaming()).toList())))));
        }
        out.append('\n');

        // inflation
        out.append("## Power by inflation\n\n| inflation | gaming teams | flagged | median score |\n|---:|---:|---:|---:|\n");
        for (double inf : ThirdZoo.INFLATIONS) {
            List<Row> rs = gaming.stream().filter(r -> Math.abs(r.team().targetInflation() - inf) < 1e-9).toList();
            out.append(String.format(Locale.ROOT, "| %.2f | %d | %s | %s |%n", inf, rs.size(),
                    pct(share(rs, Row::flagged)), num(median(scores(rs)))));
        }
        out.append('\n');

        // factors
        out.append("## Per organisation factor\n\n| factor | level | false alarms | power at +40% |\n|---|---|---:|---:|\n");
        factor(out, rows, "proxy", r -> r.org().proxy().name());
        factor(out, rows, "links", r -> r.org().links().name());
        factor(out, rows, "seasonal", r -> String.valueOf(r.org().seasonal()));
        factor(out, rows, "declared min elasticity 0.2", r -> String.valueOf(r.org().declaredMinimum()));
        factor(out, rows, "org-wide tool change", r -> String.valueOf(r.org().toolChange()));
        factor(out, rows, "department gaming", r -> String.valueOf(r.org().department()));
        factor(out, rows, "seasonal, December in the recent window", r -> String.valueOf(decemberAfter(r.org())));
        factor(out, rows, "seasonal, December in the baseline only", r -> String.valueOf(decemberBefore(r.org())
                && !decemberAfter(r.org())));
        out.append('\n');
        out.append("Department gaming vs a single team (G_DEPARTMENT only, +40% or more):\n\n| department | teams | "
                + "flagged |\n|---|---:|---:|\n");
        for (boolean d : new boolean[] {true, false}) {
            List<Row> rs = strong.stream().filter(r -> r.team().kind() == Kind.G_DEPARTMENT
                    && r.org().department() == d).toList();
            out.append(String.format(Locale.ROOT, "| %s | %d | %s |%n", d ? "many teams, one script" : "one team",
                    rs.size(), pct(share(rs, Row::flagged))));
        }
        out.append('\n');

        // which detectors drive the verdicts
        String[] detectors = {"expected-response", "coupling-decay", "yield-decay", "growth-divergence",
            "intervention-response", "change-point-asymmetry", "difference-in-differences", "tail-divergence"};
        out.append("## Detectors significant (q < 0.05) among flagged teams\n\n| group | teams |");
        for (String d : detectors) {
            out.append(' ').append(d).append(" |");
        }
        out.append("\n|---|---:|").append("---:|".repeat(detectors.length)).append('\n');
        Map<String, List<Row>> groups = new LinkedHashMap<>();
        groups.put("honest, flagged", honest.stream().filter(Row::flagged).toList());
        groups.put("gaming, flagged", gaming.stream().filter(Row::flagged).toList());
        groups.put("gaming +40%, not flagged", strong.stream().filter(r -> !r.flagged()).toList());
        groups.put("honest, not flagged", honest.stream().filter(r -> !r.flagged()).toList());
        for (Map.Entry<String, List<Row>> e : groups.entrySet()) {
            out.append("| ").append(e.getKey()).append(" | ").append(e.getValue().size()).append(" |");
            for (String d : detectors) {
                out.append(' ').append(pct(share(e.getValue(), r -> r.q().getOrDefault(d, 1.0) < 0.05))).append(" |");
            }
            out.append('\n');
        }
        out.append('\n');

        // second links
        List<Row> sec = rows.stream().filter(r -> r.secondVerdict() != null).toList();
        out.append("## Second links\n\n| second link | truth | pairs | flagged |\n|---|---|---:|---:|\n");
        for (ThirdZoo.Links l : new ThirdZoo.Links[] {ThirdZoo.Links.TWO_OUTCOMES, ThirdZoo.Links.TWO_PROXIES}) {
            for (boolean g : new boolean[] {false, true}) {
                List<Row> rs = sec.stream().filter(r -> r.org().links() == l && r.team().gaming() == g).toList();
                String truth = l == ThirdZoo.Links.TWO_PROXIES
                        ? (g ? "team games the primary proxy; this proxy is clean" : "honest")
                        : (g ? "gaming (strong only: " + pct(share(rs.stream().filter(Row::strong).toList(),
                        r -> r.secondVerdict().flagged())) + ")" : "honest");
                out.append(String.format(Locale.ROOT, "| %s | %s | %d | %s |%n", l.name(), truth, rs.size(),
                        pct(share(rs, r -> r.secondVerdict().flagged()))));
            }
        }
        out.append('\n');

        // organisations
        out.append("## Organisation rows (\"*\")\n\n| department gaming | organisations | flagged | median score |\n"
                + "|---|---:|---:|---:|\n");
        for (boolean d : new boolean[] {true, false}) {
            List<OrgRow> os = result.orgs().stream().filter(o -> o.org().department() == d).toList();
            out.append(String.format(Locale.ROOT, "| %s | %d | %s | %s |%n", d, os.size(),
                    pct(os.isEmpty() ? Double.NaN : os.stream().filter(o -> o.verdict().flagged()).count()
                            / (double) os.size()),
                    num(median(os.stream().mapToDouble(OrgRow::score).toArray()))));
        }
        out.append('\n');
        return out.toString();
    }

    /** Whether a seasonal organisation's recent window holds December's slow weeks (18 December to 3 January). */
    static boolean decemberAfter(OrgSpec o) {
        return o.seasonal() && holdsDecember(o.intervention(), o.intervention().plusWeeks(o.postWeeks()));
    }

    /** Whether a seasonal organisation's baseline holds December's slow weeks. */
    static boolean decemberBefore(OrgSpec o) {
        return o.seasonal() && holdsDecember(o.intervention().minusWeeks(o.preWeeks()), o.intervention());
    }

    private static boolean holdsDecember(java.time.LocalDate from, java.time.LocalDate to) {
        for (java.time.LocalDate d = from; d.isBefore(to); d = d.plusWeeks(1)) {
            if ((d.getMonthValue() == 12 && d.getDayOfMonth() >= 18) || (d.getMonthValue() == 1 && d.getDayOfMonth() <= 3)) {
                return true;
            }
        }
        return false;
    }

    private static void line(StringBuilder out, String name, String value) {
        out.append("| ").append(name).append(" | ").append(value).append(" |\n");
    }

    private static void factor(StringBuilder out, List<Row> rows, String name, Function<Row, String> level) {
        Map<String, List<Row>> g = group(rows, level);
        for (Map.Entry<String, List<Row>> e : g.entrySet()) {
            out.append(String.format(Locale.ROOT, "| %s | %s | %s | %s |%n", name, e.getKey(),
                    pct(share(e.getValue().stream().filter(r -> !r.team().gaming()).toList(), Row::flagged)),
                    pct(share(e.getValue().stream().filter(Row::strong).toList(), Row::flagged))));
        }
    }

    private static Map<String, List<Row>> group(List<Row> rows, Function<Row, String> key) {
        return rows.stream().collect(Collectors.groupingBy(key, LinkedHashMap::new, Collectors.toList()));
    }

    /** A few honest teams flagged and gaming teams missed (and one of each caught / cleared), with findings. */
    public static String samples(Result result, int perGroup) {
        StringBuilder out = new StringBuilder("## Sample teams\n\n");
        List<Row> rows = result.rows();
        sample(out, "Honest teams flagged (highest scores)", rows.stream()
                .filter(r -> !r.team().gaming() && r.flagged()).sorted(Comparator.comparingDouble(Row::score)
                        .reversed()).toList(), perGroup);
        sample(out, "Gaming teams at +55% or more not flagged (lowest scores)", rows.stream()
                .filter(r -> r.team().gaming() && r.team().targetInflation() >= 0.55 && !r.flagged())
                .sorted(Comparator.comparingDouble(Row::score)).toList(), perGroup);
        sample(out, "Easy cells: gaming teams at +55% or more not flagged (lowest scores)", rows.stream()
                .filter(r -> r.org().cell().easy() && r.team().gaming() && r.team().targetInflation() >= 0.55
                        && !r.flagged()).sorted(Comparator.comparingDouble(Row::score)).toList(), perGroup);
        sample(out, "Gaming teams flagged GAMED", rows.stream().filter(r -> r.team().gaming()
                && r.verdict() == Verdict.GAMED).toList(), 2);
        sample(out, "Honest adopters (ADOPT_BIG) not flagged", rows.stream().filter(r -> r.team().kind()
                == Kind.ADOPT_BIG && r.verdict() == Verdict.HEALTHY).toList(), 1);
        return out.toString();
    }

    private static void sample(StringBuilder out, String title, List<Row> rows, int n) {
        out.append("### ").append(title).append(" (").append(rows.size()).append(")\n\n");
        // spread the picks over kinds
        Map<Kind, Integer> seen = new LinkedHashMap<>();
        int shown = 0;
        for (Row r : rows) {
            if (shown >= n) {
                break;
            }
            if (seen.merge(r.team().kind(), 1, Integer::sum) > Math.max(1, n / 4)) {
                continue;
            }
            shown++;
            OrgSpec o = r.org();
            out.append(String.format(Locale.ROOT, "- **%s** %s %s, inflation %.2f (realised %.2f), elasticity %.2f, "
                    + "proxy rose x%.2f; cell %s, %s, pre %d / post %d weeks, seasonal %s, tool change %s, "
                    + "min elasticity %s: **%s %.1f**%n", r.team().name(), r.team().kind(),
                    r.team().gaming() ? "gaming" : "honest", r.team().targetInflation(), r.team().inflation(),
                    r.team().elasticity(), r.team().useRise(), o.cell().name(), o.proxy().metric(), o.preWeeks(),
                    o.postWeeks(), o.seasonal(), o.toolChange(), o.declaredMinimum() ? "0.2" : "default",
                    r.verdict(), r.score()));
            for (String f : r.findings()) {
                out.append("  - ").append(f).append('\n');
            }
        }
        out.append('\n');
    }

    /** {@code [teamsPerKind] [orgsPerCell] [seed] [samples]}. */
    public static void main(String[] args) {
        int teamsPerKind = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int orgsPerCell = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 3;
        int samples = args.length > 3 ? Integer.parseInt(args[3]) : 6;
        boolean headcount = args.length > 4 && args[4].equals("headcount");
        Result result = run(teamsPerKind, orgsPerCell, seed, headcount);
        System.out.println(tables(result));
        if (samples > 0) {
            System.out.println(samples(result, samples));
        }
    }
}
