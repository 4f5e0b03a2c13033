package dev.goodhart.sim.alt;

import dev.goodhart.model.Frame;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import dev.goodhart.report.Verdict;
import dev.goodhart.scoring.Scorer;
import dev.goodhart.sim.alt.AltZoo.Kind;
import dev.goodhart.sim.alt.AltZoo.Org;
import dev.goodhart.sim.alt.AltZoo.Outcome;
import dev.goodhart.sim.alt.AltZoo.Proxy;
import dev.goodhart.sim.alt.AltZoo.Structure;
import dev.goodhart.sim.alt.AltZoo.Team;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Scores the organisations of {@link AltZoo} with the library's public API and prints markdown tables: false alarms
 * (honest teams DIVERGING or GAMED) and power (gaming teams with inflation of +40% or more flagged) per cell
 * (granularity x outcome x structure), per factor, per kind, per inflation band, and a summary.
 *
 * <p>{@code java ... dev.goodhart.sim.alt.AltTable [teamsPerKind=3] [orgsPerCell=6] [seed=1]}. Each organisation is
 * generated once and scored twice: on its daily data and on the same data aggregated to weeks. The defaults make 90
 * organisations of 54 teams, 9,720 scored teams (about 20 s on 2 cores).
 */
public final class AltTable {
    /** Inflation from which a gaming team counts toward power. */
    public static final double POWER_INFLATION = 0.4;
    private static final Granularity[] GRANULARITIES = {Granularity.DAY, Granularity.WEEK};

    private AltTable() {
    }

    /**
     * One scored team; {@code significant} names the detectors whose finding had q < 0.05; {@code naive} is the
     * team's {@link #naiveScores naive benchmark statistic} (the same at both granularities); {@code quotaUse} its
     * baseline genuine use on a median working day as a share of its quota.
     */
    public record Row(Granularity granularity, Outcome outcome, Structure structure, Proxy proxy, String org,
            String team, Kind kind, double inflation, int people, boolean walk, double score, Verdict verdict,
            List<String> significant, double naive, double quotaUse) {
        public boolean gaming() {
            return kind.gaming;
        }

        public boolean flagged() {
            return verdict.flagged();
        }

        /** A gaming team inflated enough to count toward power. */
        public boolean target() {
            return kind.gaming && inflation >= POWER_INFLATION;
        }

        public String cell() {
            return String.format(Locale.ROOT, "%-4s %-12s %-11s", granularity.name().toLowerCase(Locale.ROOT),
                    outcome.name().toLowerCase(Locale.ROOT), structure.name().toLowerCase(Locale.ROOT));
        }

        public String sizeBand() {
            return people <= 7 ? "03-07 people" : people <= 17 ? "08-17 people" : "18-40 people";
        }
    }

    /** The organisation's own row ("*"). */
    public record OrgRow(Granularity granularity, Outcome outcome, Structure structure, String org, double score,
            Verdict verdict) {
    }

    /** Everything one run produced. */
    public record Run(int teamsPerKind, int orgsPerCell, long seed, List<Row> rows, List<OrgRow> orgs, long millis) {
    }

    public static void main(String[] args) {
        int teamsPerKind = args.length > 0 ? Integer.parseInt(args[0]) : 3;
        int orgsPerCell = args.length > 1 ? Integer.parseInt(args[1]) : 6;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        Run run = run(teamsPerKind, orgsPerCell, seed);
        System.out.print(render(run));
    }

    /** Generates and scores every organisation: outcome x structure x orgsPerCell, each at DAY and WEEK. */
    public static Run run(int teamsPerKind, int orgsPerCell, long seed) {
        long t0 = System.nanoTime();
        Scorer scorer = Scorer.builder().parallel().chartLimit(0).build();
        List<Row> rows = new ArrayList<>();
        List<OrgRow> orgs = new ArrayList<>();
        int done = 0;
        int total = Outcome.values().length * Structure.values().length * orgsPerCell;
        for (Outcome outcome : Outcome.values()) {
            for (Structure structure : Structure.values()) {
                for (int k = 0; k < orgsPerCell; k++) {
                    long orgSeed = mix(seed, outcome.ordinal(), structure.ordinal(), k);
                    Proxy proxy = (k + outcome.ordinal() + structure.ordinal()) % 2 == 0 ? Proxy.TOKENS : Proxy.PROMPTS;
                    String id = outcome.name().toLowerCase(Locale.ROOT) + "/" + structure.name().toLowerCase(Locale.ROOT)
                            + "/" + k;
                    Org org = AltZoo.generate(id, outcome, structure, proxy, teamsPerKind, orgSeed);
                    java.util.Map<String, Double> naive = naiveScores(org);
                    for (Granularity g : GRANULARITIES) {
                        IntegrityModel model = org.model(g);
                        IntegrityReport report = scorer.score(model, Frame.of(model, org.observations(g)));
                        for (PairResult p : report.pairs()) {
                            if (p.segment().equals("*")) {
                                orgs.add(new OrgRow(g, outcome, structure, id, p.score(), p.verdict()));
                                continue;
                            }
                            Team t = org.team(p.segment());
                            List<String> significant = p.findings().stream()
                                    .filter(f -> f.qValue() < 0.05).map(f -> f.detector()).sorted().toList();
                            rows.add(new Row(g, outcome, structure, proxy, id, t.name(), t.kind(), t.inflation(),
                                    t.people(), t.walk(), p.score(), p.verdict(), significant, naive.get(t.name()),
                                    quotaUse(t)));
                        }
                    }
                    done++;
                    if (done % 10 == 0) {
                        System.err.printf(Locale.ROOT, "scored %d of %d organisations, %.0f s%n", done, total,
                                (System.nanoTime() - t0) / 1e9);
                    }
                }
            }
        }
        return new Run(teamsPerKind, orgsPerCell, seed, List.copyOf(rows), List.copyOf(orgs),
                (System.nanoTime() - t0) / 1_000_000);
    }

    /**
     * A deliberately simple benchmark, to tell the information in the data from what the library extracts: from the
     * weekly series, the proxy's log change {@code dP} (post mean over pre mean, split at the team's intervention), the
     * outcome's log gain (sign-adjusted) less the median gain of the organisation's teams whose proxy moved less than
     * 15%, and the shortfall {@code 0.1 * max(dP, 0) - gain} over its naive standard error (the pre-period's week-to-week
     * spread of the log outcome, as if weeks were independent); teams whose proxy rose less than 10% rank below all
     * others. Uses neither the kinds nor the inflation. Only a ranking: its thresholds come from the honest teams.
     */
    public static java.util.Map<String, Double> naiveScores(Org org) {
        String pm = org.proxy().metric;
        String om = org.outcome().metric;
        boolean lower = org.outcome().direction == dev.goodhart.model.Direction.LOWER;
        java.util.Map<String, double[]> proxy = new java.util.HashMap<>();
        java.util.Map<String, double[]> outcome = new java.util.HashMap<>();
        int weeks = org.days() / 7;
        for (Team t : org.teams()) {
            double[] p = new double[weeks];
            double[] o = new double[weeks];
            Arrays.fill(o, Double.NaN);
            proxy.put(t.name(), p);
            outcome.put(t.name(), o);
        }
        for (dev.goodhart.model.Observation x : org.weekly()) {
            int w = (int) java.time.temporal.ChronoUnit.WEEKS.between(AltZoo.START, x.date());
            (x.metric().equals(pm) ? proxy : outcome).get(x.segment())[w] = x.value();
        }
        java.util.Map<String, double[]> parts = new java.util.HashMap<>();   // dP, gain, se
        for (Team t : org.teams()) {
            int split = (int) java.time.temporal.ChronoUnit.WEEKS.between(AltZoo.START, t.intervention());
            double[] p = proxy.get(t.name());
            double[] o = outcome.get(t.name());
            double dP = Math.log(Math.max(1e-9, mean(p, split, weeks)) / Math.max(1e-9, mean(p, 0, split)));
            double pre = Math.max(1e-9, mean(o, 0, split));
            double post = Math.max(1e-9, mean(o, split, weeks));
            double gain = (lower ? -1 : 1) * Math.log(post / pre);
            double ss = 0;
            int n0 = 0;
            for (int w = 0; w < split; w++) {
                if (!Double.isNaN(o[w])) {
                    ss += (o[w] / pre - 1) * (o[w] / pre - 1);
                    n0++;
                }
            }
            int n1 = 0;
            for (int w = split; w < weeks; w++) {
                n1 += Double.isNaN(o[w]) ? 0 : 1;
            }
            double sd = n0 > 1 ? Math.sqrt(ss / (n0 - 1)) : Double.NaN;
            double se = sd * Math.sqrt(1.0 / Math.max(1, n0) + 1.0 / Math.max(1, n1));
            parts.put(t.name(), new double[] {dP, gain, se});
        }
        double[] still = parts.values().stream().filter(v -> Math.abs(v[0]) < Math.log(1.15))
                .mapToDouble(v -> v[1]).toArray();
        double orgGain = still.length >= 3 ? median(still) : 0;
        java.util.Map<String, Double> out = new java.util.HashMap<>();
        parts.forEach((k, v) -> {
            double z = (0.1 * Math.max(0, v[0]) - (v[1] - orgGain)) / v[2];
            z = Double.isFinite(z) ? z : 0;
            // a proxy that rose less than 10% is not a shortfall: ranked below every team whose proxy rose
            out.put(k, v[0] >= Math.log(1.1) ? z : z - 1000);
        });
        return out;
    }

    private static double mean(double[] x, int from, int to) {
        double s = 0;
        int n = 0;
        for (int i = from; i < to; i++) {
            if (!Double.isNaN(x[i])) {
                s += x[i];
                n++;
            }
        }
        return n == 0 ? Double.NaN : s / n;
    }

    /** The team's genuine use on its median baseline weekday, as a share of its quota per day. */
    static double quotaUse(Team t) {
        int split = (int) java.time.temporal.ChronoUnit.DAYS.between(AltZoo.START, t.intervention());
        double[] x = java.util.stream.IntStream.range(0, split).filter(AltZoo.Calendar::isWeekday)
                .mapToDouble(d -> t.genuine()[d]).toArray();
        return median(x) / t.quotaPerDay();
    }

    static long mix(long... parts) {
        long h = 0x9E3779B97F4A7C15L;
        for (long p : parts) {
            h = (h ^ p) * 0xBF58476D1CE4E5B9L;
            h ^= h >>> 31;
        }
        return h;
    }

    // ---------------------------------------------------------------- statistics

    /** Share of rows flagged. */
    public static double flaggedShare(List<Row> rows) {
        return rows.isEmpty() ? Double.NaN : rows.stream().filter(Row::flagged).count() / (double) rows.size();
    }

    /** AUC of the score, gaming against honest (Mann-Whitney, ties half). */
    public static double auc(List<Row> rows) {
        return auc(rows, Row::score);
    }

    /** AUC of a statistic, gaming against honest. */
    public static double auc(List<Row> rows, java.util.function.ToDoubleFunction<Row> stat) {
        double[] h = rows.stream().filter(r -> !r.gaming()).mapToDouble(stat).sorted().toArray();
        double[] g = rows.stream().filter(Row::gaming).mapToDouble(stat).toArray();
        if (h.length == 0 || g.length == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (double x : g) {
            int below = lowerBound(h, x);
            int upTo = upperBound(h, x);
            sum += below + 0.5 * (upTo - below);
        }
        return sum / ((double) h.length * g.length);
    }

    private static int lowerBound(double[] a, double x) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] < x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    private static int upperBound(double[] a, double x) {
        int lo = 0;
        int hi = a.length;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (a[mid] <= x) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo;
    }

    public static double median(double[] x) {
        if (x.length == 0) {
            return Double.NaN;
        }
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    /**
     * The score threshold from which honest teams are flagged at most {@code rate} of the time (flag when score is
     * strictly above it).
     */
    public static double thresholdFor(List<Row> rows, double rate, java.util.function.ToDoubleFunction<Row> stat) {
        double[] h = rows.stream().filter(r -> !r.gaming()).mapToDouble(stat).sorted().toArray();
        int allowed = (int) Math.floor(rate * h.length);
        return h[h.length - 1 - allowed];
    }

    private static List<Row> filter(List<Row> rows, Predicate<Row> p) {
        return rows.stream().filter(p).toList();
    }

    // ---------------------------------------------------------------- rendering

    /** All the tables of a run. */
    public static String render(Run run) {
        List<Row> rows = run.rows();
        StringBuilder out = new StringBuilder();
        long honest = rows.stream().filter(r -> !r.gaming()).count();
        out.append(String.format(Locale.ROOT,
                "AltZoo: %d teams scored (%d honest, %d gaming, %d gaming at +40%% or more) in %d organisation-scorings,"
                        + " teams per kind %d, organisations per cell %d, seed %d, %.1f s%n%n",
                rows.size(), honest, rows.size() - honest, rows.stream().filter(Row::target).count(),
                run.orgs().size(), run.teamsPerKind(), run.orgsPerCell(), run.seed(), run.millis() / 1000.0));

        out.append(marginTable("cell (granularity, outcome, structure)", rows, Row::cell));
        out.append(marginTable("granularity", rows, r -> r.granularity().name().toLowerCase(Locale.ROOT)));
        out.append(marginTable("outcome", rows, r -> r.outcome().name().toLowerCase(Locale.ROOT)));
        out.append(marginTable("structure", rows, r -> r.structure().name().toLowerCase(Locale.ROOT)));
        out.append(marginTable("proxy", rows, r -> r.proxy().name().toLowerCase(Locale.ROOT)));
        out.append(marginTable("team size", rows, Row::sizeBand));
        out.append(marginTable("team's baseline use as a share of its quota", rows, r -> r.quotaUse() < 0.6
                ? "0.00-0.60" : r.quotaUse() < 0.75 ? "0.60-0.75" : r.quotaUse() < 0.9 ? "0.75-0.90" : "0.90 or more"));
        out.append(marginTable("random_walk organisations: team's outcome", filter(rows,
                r -> r.structure() == Structure.RANDOM_WALK), r -> r.walk() ? "integrated" : "stationary"));

        out.append(kindTable(rows));
        out.append(kindByCellTable(rows));
        out.append(inflationTable(rows));
        out.append(evidenceTable(rows));
        out.append(summary(run));
        return out.toString();
    }

    private static String marginTable(String title, List<Row> rows, Function<Row, String> key) {
        List<String> keys = rows.stream().map(key).distinct().sorted().toList();
        StringBuilder s = new StringBuilder();
        s.append("| ").append(title).append(" | honest teams | false alarms | gaming teams >= +40% | power | AUC |\n");
        s.append("|---|---:|---:|---:|---:|---:|\n");
        for (String k : keys) {
            List<Row> in = filter(rows, r -> key.apply(r).equals(k));
            List<Row> h = filter(in, r -> !r.gaming());
            List<Row> g = filter(in, Row::target);
            s.append(String.format(Locale.ROOT, "| %s | %d | %s | %d | %s | %s |%n", k.strip(), h.size(),
                    pct(flaggedShare(h)), g.size(), pct(flaggedShare(g)), num(auc(in))));
        }
        return s.append('\n').toString();
    }

    private static String kindTable(List<Row> rows) {
        StringBuilder s = new StringBuilder();
        List<Row> once = filter(rows, r -> r.granularity() == Granularity.WEEK);
        double n3 = thresholdFor(once, 0.03, Row::naive);
        s.append("| kind | truth | teams | flagged | flagged daily | flagged weekly | WATCH or worse | median score"
                + " | median inflation | insufficient data | naive benchmark at 3% false alarms |\n");
        s.append("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Kind k : Kind.values()) {
            List<Row> in = filter(rows, r -> r.kind() == k);
            if (in.isEmpty()) {
                continue;
            }
            s.append(String.format(Locale.ROOT, "| %s | %s | %d | %s | %s | %s | %s | %s | %s | %d | %s |%n",
                    k.name().toLowerCase(Locale.ROOT), k.gaming ? "gaming (" + k.shape + ")" : "honest", in.size(),
                    pct(flaggedShare(in)),
                    pct(flaggedShare(filter(in, r -> r.granularity() == Granularity.DAY))),
                    pct(flaggedShare(filter(in, r -> r.granularity() == Granularity.WEEK))),
                    pct(in.stream().filter(r -> r.verdict().compareTo(Verdict.WATCH) >= 0).count()
                            / (double) in.size()),
                    num1(median(in.stream().mapToDouble(Row::score).toArray())),
                    k.gaming ? num(median(in.stream().mapToDouble(Row::inflation).toArray())) : "0",
                    in.stream().filter(r -> r.verdict() == Verdict.INSUFFICIENT_DATA).count(),
                    shareAbove(filter(once, r -> r.kind() == k), n3)));
        }
        return s.append('\n').toString();
    }

    private static String kindByCellTable(List<Row> rows) {
        StringBuilder s = new StringBuilder("| kind, share flagged |");
        StringBuilder rule = new StringBuilder("|---|");
        List<String> cols = new ArrayList<>();
        for (Granularity g : GRANULARITIES) {
            for (Outcome o : Outcome.values()) {
                String c = g.name().toLowerCase(Locale.ROOT) + " " + o.name().toLowerCase(Locale.ROOT);
                cols.add(c);
                s.append(' ').append(c).append(" |");
                rule.append("---:|");
            }
        }
        s.append('\n').append(rule).append('\n');
        for (Kind k : Kind.values()) {
            s.append("| ").append(k.name().toLowerCase(Locale.ROOT)).append(k.gaming ? " (gaming)" : "").append(" |");
            for (Granularity g : GRANULARITIES) {
                for (Outcome o : Outcome.values()) {
                    List<Row> in = filter(rows, r -> r.kind() == k && r.granularity() == g && r.outcome() == o);
                    s.append(' ').append(pct(flaggedShare(in))).append(" |");
                }
            }
            s.append('\n');
        }
        return s.append('\n').toString();
    }

    private static String inflationTable(List<Row> rows) {
        double[] edges = {0, 0.2, 0.4, 0.7, 1.0, Double.POSITIVE_INFINITY};
        StringBuilder s = new StringBuilder("| gaming teams, inflation | teams | flagged daily | flagged weekly"
                + " | median score | teams other than bunching | flagged | median score |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---:|\n");
        for (int b = 0; b + 1 < edges.length; b++) {
            double lo = edges[b];
            double hi = edges[b + 1];
            List<Row> in = filter(rows, r -> r.gaming() && r.inflation() >= lo && r.inflation() < hi);
            String label = hi == Double.POSITIVE_INFINITY ? String.format(Locale.ROOT, "+%.0f%% or more", 100 * lo)
                    : String.format(Locale.ROOT, "+%.0f%% to +%.0f%%", 100 * lo, 100 * hi);
            List<Row> other = filter(in, r -> r.kind() != Kind.BUNCHING);
            s.append(String.format(Locale.ROOT, "| %s | %d | %s | %s | %s | %d | %s | %s |%n", label, in.size(),
                    pct(flaggedShare(filter(in, r -> r.granularity() == Granularity.DAY))),
                    pct(flaggedShare(filter(in, r -> r.granularity() == Granularity.WEEK))),
                    num1(median(in.stream().mapToDouble(Row::score).toArray())), other.size(),
                    pct(flaggedShare(other)), num1(median(other.stream().mapToDouble(Row::score).toArray()))));
        }
        return s.append('\n').toString();
    }

    /** For each kind, the share of its teams in which each detector was significant (q < 0.05). */
    private static String evidenceTable(List<Row> rows) {
        List<String> detectors = rows.stream().flatMap(r -> r.significant().stream()).distinct().sorted().toList();
        StringBuilder s = new StringBuilder("| kind, share of teams with the detector at q < 0.05 | flagged |");
        StringBuilder rule = new StringBuilder("|---|---:|");
        for (String d : detectors) {
            s.append(' ').append(d).append(" |");
            rule.append("---:|");
        }
        s.append('\n').append(rule).append('\n');
        for (Kind k : Kind.values()) {
            List<Row> in = filter(rows, r -> r.kind() == k);
            s.append("| ").append(k.name().toLowerCase(Locale.ROOT)).append(k.gaming ? " (gaming)" : "").append(" | ")
                    .append(pct(flaggedShare(in))).append(" |");
            for (String d : detectors) {
                s.append(' ').append(pct(in.stream().filter(r -> r.significant().contains(d)).count()
                        / (double) in.size())).append(" |");
            }
            s.append('\n');
        }
        return s.append('\n').toString();
    }

    private static String summary(Run run) {
        List<Row> rows = run.rows();
        List<Row> honest = filter(rows, r -> !r.gaming());
        List<Row> target = filter(rows, Row::target);
        String worstCell = null;
        double worst = -1;
        for (String c : rows.stream().map(Row::cell).distinct().sorted().toList()) {
            double fa = flaggedShare(filter(honest, r -> r.cell().equals(c)));
            if (fa > worst) {
                worst = fa;
                worstCell = c.replaceAll("\\s+", " ").strip();
            }
        }
        double t3 = thresholdFor(rows, 0.03, Row::score);
        List<Row> once = filter(rows, r -> r.granularity() == Granularity.WEEK);   // the naive statistic is per team
        double n3 = thresholdFor(once, 0.03, Row::naive);
        List<Row> onceTarget = filter(once, Row::target);
        double fa3 = honest.stream().filter(r -> r.score() > t3).count() / (double) honest.size();
        double pw3 = target.stream().filter(r -> r.score() > t3).count() / (double) target.size();
        long orgFlagged = run.orgs().stream().filter(o -> o.verdict().flagged()).count();
        StringBuilder s = new StringBuilder("| summary | value |\n|---|---:|\n");
        s.append(line("AUC of the score, gaming against honest (all teams)", num(auc(rows))));
        s.append(line("false alarms overall (honest teams flagged)", pct(flaggedShare(honest))
                + " of " + honest.size()));
        s.append(line("worst cell's false alarms (" + worstCell + ")", pct(worst)));
        s.append(line("power, inflation +40% or more", pct(flaggedShare(target)) + " of " + target.size()));
        s.append(line("power, inflation +40% or more, bunching teams left out",
                pct(flaggedShare(filter(target, r -> r.kind() != Kind.BUNCHING)))));
        s.append(line("power, jump-like (dummy agents, task splitting, subtle), +40% or more",
                pct(flaggedShare(filter(target, r -> r.kind().shape.equals("jump"))))));
        s.append(line("power, ramp, +40% or more", pct(flaggedShare(filter(target, r -> r.kind() == Kind.RAMP)))));
        s.append(line("power, late onset, +40% or more",
                pct(flaggedShare(filter(target, r -> r.kind() == Kind.LATE_ONSET)))));
        s.append(line("power, jump-like / ramp / late onset, every inflation",
                pct(flaggedShare(filter(rows, r -> r.kind().shape.equals("jump")))) + " / "
                        + pct(flaggedShare(filter(rows, r -> r.kind() == Kind.RAMP))) + " / "
                        + pct(flaggedShare(filter(rows, r -> r.kind() == Kind.LATE_ONSET)))));
        s.append(line(String.format(Locale.ROOT, "ranking alone: score above %.1f gives false alarms", t3),
                pct(fa3)));
        s.append(line("ranking alone: power at that threshold, +40% or more", pct(pw3)));
        s.append(line("naive benchmark (weekly means, no model; see naiveScores): AUC", num(auc(once, Row::naive))));
        s.append(line("naive benchmark: power at 3% false alarms (threshold from the honest teams), +40% or more",
                pct(onceTarget.stream().filter(r -> r.naive() > n3).count() / (double) onceTarget.size())));
        s.append(line("naive benchmark at 3% false alarms: jump-like / ramp / late onset, +40% or more",
                shareAbove(filter(onceTarget, r -> r.kind().shape.equals("jump")), n3) + " / "
                        + shareAbove(filter(onceTarget, r -> r.kind() == Kind.RAMP), n3) + " / "
                        + shareAbove(filter(onceTarget, r -> r.kind() == Kind.LATE_ONSET), n3)));
        s.append(line("organisation rows (*) flagged", orgFlagged + " of " + run.orgs().size()));
        s.append(line("insufficient data (teams)",
                String.valueOf(rows.stream().filter(r -> r.verdict() == Verdict.INSUFFICIENT_DATA).count())));
        return s.append('\n').toString();
    }

    private static String shareAbove(List<Row> rows, double naiveThreshold) {
        return pct(rows.isEmpty() ? Double.NaN
                : rows.stream().filter(r -> r.naive() > naiveThreshold).count() / (double) rows.size());
    }

    private static String line(String k, String v) {
        return "| " + k + " | " + v + " |\n";
    }

    private static String pct(double x) {
        return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.1f%%", 100 * x);
    }

    private static String num(double x) {
        return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.3f", x);
    }

    private static String num1(double x) {
        return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%.1f", x);
    }
}
