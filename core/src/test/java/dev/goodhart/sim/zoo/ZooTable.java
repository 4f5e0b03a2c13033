package dev.goodhart.sim.zoo;

import dev.goodhart.model.Frame;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import dev.goodhart.scoring.Scorer;
import dev.goodhart.model.Segments;
import dev.goodhart.report.Verdict;
import dev.goodhart.model.Finding;
import java.util.ArrayList;
import org.apache.commons.math3.distribution.NormalDistribution;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * Scores the {@link Zoo} and tabulates false alarms (honest teams DIVERGING or GAMED) and power (gaming teams
 * DIVERGING or GAMED) per cell, per factor and per kind, with the AUC of the score.
 *
 * <p>Run the whole factorial from the command line:
 * <pre>./mvnw -q -pl core exec:java -Dexec.mainClass=dev.goodhart.sim.zoo.ZooTable -Dexec.classpathScope=test</pre>
 * Arguments: teams per kind (default 4), organisations per cell (default 1), seed (default 1) and the declared
 * minimum useful elasticity (default 0.1), e.g. {@code -Dexec.args="4 1 1 0.2"}; a negative {@code -m} sets the reference to
 * {@code m} times each organisation's true honest elasticity (an oracle: the ceiling of a perfectly known reference).
 */
public final class ZooTable {

    /** One scored team. */
    public record Row(Zoo.Cell cell, Zoo.Kind kind, double inflation, double score, Verdict verdict,
                      Map<String, Double> qByDetector, Map<String, Double> statistic) {
        boolean flagged() {
            return verdict.flagged();
        }
    }

    private final List<Row> rows = new ArrayList<>();
    /**
     * Per outcome noise and outcome type: the before/after log changes of the outcome's mean of the teams where
     * nothing happens, in organisations without organic adoption, less their organisation's mean (the noise that a
     * team's change carries, measured on the data without any model).
     */
    private final Map<String, List<Double>> nothingChanges = new TreeMap<>();
    /** The organisation-wide change of the cells that have one (the zoo's +15%; negative: a loss). */
    private final double orgChange;

    private ZooTable(double orgChange) {
        this.orgChange = orgChange;
    }

    /** Scores {@code perCell} organisations of every given cell with {@code perKind} teams of each kind. */
    public static ZooTable run(List<Zoo.Cell> cells, int perKind, int perCell, long seed) {
        return run(cells, perKind, perCell, seed, dev.goodhart.model.Link.DEFAULT_MINIMUM_ELASTICITY);
    }

    /** As {@link #run(List, int, int, long)}, with the links' declared minimum useful elasticity. */
    public static ZooTable run(List<Zoo.Cell> cells, int perKind, int perCell, long seed, double minimumElasticity) {
        return run(cells, perKind, perCell, seed, minimumElasticity, Zoo.ORG_GAIN);
    }

    /**
     * As {@link #run(List, int, int, long, double)}, with the organisation-wide change of the cells that have one
     * ({@link Zoo#generate(Zoo.Cell, int, long, double, double)}; negative: a loss).
     */
    public static ZooTable run(List<Zoo.Cell> cells, int perKind, int perCell, long seed, double minimumElasticity,
                               double orgChange) {
        ZooTable table = new ZooTable(orgChange);
        Scorer scorer = Scorer.builder().parallel().build();
        long s = seed;
        for (Zoo.Cell cell : cells) {
            for (int k = 0; k < perCell; k++) {
                Zoo.Organisation org = Zoo.generate(cell, perKind, s++, minimumElasticity, orgChange);
                IntegrityReport report = scorer.score(org.model(), Frame.of(org.model(), org.observations()));
                if (cell.coupling() == Zoo.Coupling.NONE) {
                    table.noiseOfChange(org);
                }
                for (PairResult p : report.pairs()) {
                    if (p.segment().equals(Segments.ALL)) {
                        continue;
                    }
                    Map<String, Double> q = new TreeMap<>();
                    Map<String, Double> z = new TreeMap<>();
                    for (Finding f : p.findings()) {
                        q.merge(f.detector(), Double.isNaN(f.qValue()) ? 1 : f.qValue(), Math::min);
                        z.merge(f.detector(), f.statistic(), Math::max);
                    }
                    table.rows.add(new Row(cell, org.kinds().get(p.segment()), org.inflation().get(p.segment()),
                            p.score(), p.verdict(), q, z));
                }
            }
        }
        // the known-noise column's noise from more teams than the scored organisations hold (16 a row at 4 1 1:
        // its standard deviation then varied by a fifth, and the column read 65% of quiet-count jumps where 160 teams
        // a row read 41%); generated, not scored, from a seed stream of their own
        long calibration = seed ^ CALIBRATION_SEED;
        for (Zoo.Cell cell : cells) {
            if (cell.coupling() != Zoo.Coupling.NONE) {
                continue;
            }
            for (int k = 0; k < CALIBRATION_ORGS; k++) {
                table.noiseOfChange(Zoo.generate(cell, Math.max(perKind, CALIBRATION_PER_KIND), calibration++,
                        minimumElasticity, orgChange));
            }
        }
        return table;
    }

    /**
     * Organisations generated (not scored) per cell without coupling for the known-noise column's noise, each with at
     * least {@value #CALIBRATION_PER_KIND} teams where nothing happens: with the scored ones, 176 teams a row at {@code
     * 4 1 1}, 704 at {@code 16 1 7}.
     */
    static final int CALIBRATION_ORGS = 10;
    /** The fewest teams of each kind (of them, those where nothing happens count) a calibration organisation has. */
    static final int CALIBRATION_PER_KIND = 4;
    /** Mixed into the run's seed for the calibration organisations, so that they are not the scored ones. */
    private static final long CALIBRATION_SEED = 0x5DEECE66DL;

    /** Adds the before/after outcome changes of the organisation's teams where nothing happens, less their mean. */
    private void noiseOfChange(Zoo.Organisation org) {
        java.time.LocalDate split = org.model().interventions().get(0).date();
        String outcome = org.model().links().get(0).outcome();
        Map<String, double[]> sums = new TreeMap<>(); // team: before sum, count, after sum, count
        for (dev.goodhart.model.Observation o : org.observations()) {
            if (org.kinds().get(o.segment()) != Zoo.Kind.NOTHING || !o.metric().equals(outcome)
                    || Double.isNaN(o.value())) {
                continue;
            }
            double[] t = sums.computeIfAbsent(o.segment(), k -> new double[4]);
            int at = o.date().isBefore(split) ? 0 : 2;
            t[at] += o.value();
            t[at + 1]++;
        }
        List<Double> changes = new ArrayList<>();
        for (double[] t : sums.values()) {
            changes.add(Math.log((t[2] / t[3]) / (t[0] / t[1])));
        }
        if (changes.size() < 2) {
            return; // one team has no spread around its organisation's mean
        }
        double mean = changes.stream().mapToDouble(Double::doubleValue).average().orElse(Double.NaN);
        double scale = Math.sqrt(changes.size() / (changes.size() - 1.0));
        List<Double> out = nothingChanges.computeIfAbsent(difficultyKey(org.cell()), k -> new ArrayList<>());
        for (double c : changes) {
            out.add((c - mean) * scale);
        }
    }

    private static String difficultyKey(Zoo.Cell c) {
        return String.format(Locale.ROOT, "%d %-13s %s", c.noise().ordinal(), c.noise().name().toLowerCase(Locale.ROOT),
                c.outcome().name().toLowerCase(Locale.ROOT));
    }

    /**
     * Per outcome noise and outcome type, the difficulty beside the result: how much a team's before/after change
     * varies by itself (the standard deviation of that change where nothing happens), the gain a doubling owes at the
     * default minimum elasticity (0.1 x ln 2 = 6.9%) in units of it, the share flagged of each sudden kind, and beside
     * the jumps the share a test knowing the row's noise would flag ({@code knownNoisePower}); the noise read from the
     * scored organisations' teams where nothing happens and those of {@value #CALIBRATION_ORGS} more generated per
     * cell.
     */
    public String difficulty() {
        StringBuilder sb = new StringBuilder("\n| outcome noise | outcome | sd of a team's change by itself | 6.9% owed, in sd "
                + "| false alarms | jump | jump, known-noise test | ramp | late onset | all gaming |\n"
                + "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<String, List<Row>> e : new TreeMap<>(groups(r -> difficultyKey(r.cell()))).entrySet()) {
            List<Double> c = nothingChanges.getOrDefault(e.getKey(), List.of());
            double sd = Math.sqrt(c.stream().mapToDouble(x -> x * x).sum() / c.size());
            List<Row> g = e.getValue();
            String[] key = e.getKey().trim().split(" +");
            sb.append(String.format(Locale.ROOT, "| %s | %s | %.3f | %.1f | %.1f%% | %.0f%% | %.0f%% | %.0f%% | %.0f%% | %.0f%% |%n",
                    key[1], key[2], sd, 0.1 * Math.log(2) / sd,
                    100 * rate(g, r -> !r.kind().gaming()), 100 * rate(g, r -> r.kind() == Zoo.Kind.JUMP),
                    100 * knownNoisePower(g, sd), 100 * rate(g, r -> r.kind() == Zoo.Kind.RAMP),
                    100 * rate(g, r -> r.kind() == Zoo.Kind.LATE_ONSET),
                    100 * rate(g, r -> r.kind().gaming() && r.inflation() >= 0.4)));
        }
        return sb.toString();
    }

    /**
     * The share of the jumps that a test knowing the row's noise exactly would flag at the level at which the expected
     * response alone makes a pair DIVERGING (one-sided p 0.05, the scorer's default alpha; z 1.645): the mean over the
     * row's jumps of {@code Phi(0.1 ln(1 + inflation) / sd - 1.645)}, the gain owed at the default minimum elasticity against a team's
     * outcome that did not move. A reference for the detector's own column, not a bound: the detector may expect more
     * than the minimum where the baseline shows more, and the teams' noise differs around the row's sd.
     */
    private static double knownNoisePower(List<Row> rows, double sd) {
        NormalDistribution normal = new NormalDistribution();
        double critical = normal.inverseCumulativeProbability(1 - 0.05);
        double sum = 0;
        int n = 0;
        for (Row r : rows) {
            if (r.kind() == Zoo.Kind.JUMP) {
                sum += normal.cumulativeProbability(0.1 * Math.log1p(r.inflation()) / sd - critical);
                n++;
            }
        }
        return n == 0 ? Double.NaN : sum / n;
    }

    /** All scored teams. */
    public List<Row> rows() {
        return rows;
    }

    /** Share of honest teams flagged. */
    public double falseAlarmRate() {
        return rate(r -> !r.kind().gaming());
    }

    /** Share of gaming teams with at least {@code minInflation} proxy inflation that are flagged. */
    public double power(double minInflation) {
        return rate(r -> r.kind().gaming() && r.inflation() >= minInflation);
    }

    /**
     * The power the score's ranking alone gives at a false-alarm rate: gaming teams with +40% or more inflation scoring
     * above the honest teams' {@code 1 - falseAlarms} quantile, whatever the verdicts.
     */
    public double powerAt(double falseAlarms) {
        return dev.goodhart.sim.RowGroups.powerAt(rows.stream().filter(r -> !r.kind().gaming()).toList(),
                rows.stream().filter(r -> r.kind().gaming() && r.inflation() >= 0.4).toList(), Row::score,
                falseAlarms);
    }

    /** Share of teams of one kind flagged. */
    public double rate(Zoo.Kind kind) {
        return rate(r -> r.kind() == kind);
    }

    private double rate(java.util.function.Predicate<Row> which) {
        return rate(rows, which);
    }

    /** Share of {@code rows} that {@code which} selects and that are flagged; NaN when it selects none. */
    private static double rate(List<Row> rows, java.util.function.Predicate<Row> which) {
        long n = 0;
        long f = 0;
        for (Row r : rows) {
            if (which.test(r)) {
                n++;
                f += r.flagged() ? 1 : 0;
            }
        }
        return n == 0 ? Double.NaN : (double) f / n;
    }

    /** Mann-Whitney AUC of the score, gaming teams against honest ones (ties count half). */
    public double auc() {
        return auc(rows);
    }

    static double auc(List<Row> rows) {
        List<Double> g = new ArrayList<>();
        List<Double> h = new ArrayList<>();
        for (Row r : rows) {
            (r.kind().gaming() ? g : h).add(r.score());
        }
        g.sort(null);
        h.sort(null);
        double wins = 0;
        int lo = 0;
        int hi = 0;
        for (double x : g) {
            while (lo < h.size() && h.get(lo) < x) {
                lo++;
            }
            hi = Math.max(hi, lo);
            while (hi < h.size() && h.get(hi) <= x) {
                hi++;
            }
            wins += lo + 0.5 * (hi - lo);
        }
        return g.isEmpty() || h.isEmpty() ? Double.NaN : wins / ((double) g.size() * h.size());
    }

    /** Worst false-alarm rate over groups of rows by {@code key}. */
    public double worstFalseAlarmRate(Function<Row, String> key) {
        double worst = 0;
        for (List<Row> group : groups(key).values()) {
            long n = group.stream().filter(r -> !r.kind().gaming()).count();
            long f = group.stream().filter(r -> !r.kind().gaming() && r.flagged()).count();
            worst = Math.max(worst, n == 0 ? 0 : (double) f / n);
        }
        return worst;
    }

    private Map<String, List<Row>> groups(Function<Row, String> key) {
        Map<String, List<Row>> out = new LinkedHashMap<>();
        for (Row r : rows) {
            out.computeIfAbsent(key.apply(r), k -> new ArrayList<>()).add(r);
        }
        return out;
    }

    /** Key: granularity, coupling and outcome type (the README's cells). */
    public static String cellKey(Row r) {
        Zoo.Cell c = r.cell();
        return String.format(Locale.ROOT, "%-4s %-9s %-10s", c.granularity().name().toLowerCase(Locale.ROOT),
                c.coupling().name().toLowerCase(Locale.ROOT), c.outcome().name().toLowerCase(Locale.ROOT));
    }

    /** The table as Markdown: per cell, per noise, per organisation gain, per kind, and the totals. */
    public String markdown() {
        StringBuilder sb = new StringBuilder();
        section(sb, "cell (granularity, coupling, outcome)", ZooTable::cellKey);
        section(sb, "outcome noise", r -> r.cell().noise().name().toLowerCase(Locale.ROOT));
        String change = String.format(Locale.ROOT, "%+.0f%%", 100 * orgChange);
        section(sb, "organisation-wide gain", r -> r.cell().orgGain() ? "yes (" + change + " for everyone)" : "no");
        sb.append("\n| kind | truth | teams | flagged | median score |\n|---|---|---:|---:|---:|\n");
        for (Map.Entry<String, List<Row>> e : groups(r -> r.kind().name().toLowerCase(Locale.ROOT)).entrySet()) {
            List<Row> g = e.getValue();
            long f = g.stream().filter(Row::flagged).count();
            double[] scores = g.stream().mapToDouble(Row::score).sorted().toArray();
            sb.append(String.format(Locale.ROOT, "| %s | %s | %d | %.1f%% | %.1f |%n", e.getKey(),
                    g.get(0).kind().gaming() ? "gaming" : "honest", g.size(), 100.0 * f / g.size(),
                    scores[scores.length / 2]));
        }
        sb.append(String.format(Locale.ROOT, "%nAll %d teams: AUC %.3f, false alarms %.1f%% (worst cell %.1f%%), "
                        + "power %.1f%% on gaming teams with +40%% or more inflation%n", rows.size(), auc(),
                100 * falseAlarmRate(), 100 * worstFalseAlarmRate(ZooTable::cellKey), 100 * power(0.4)));
        sb.append(String.format(Locale.ROOT, "ranking alone (the score against the honest teams' quantile, no verdict):"
                + " power %.1f%% at 3%% false alarms, %.1f%% at 5%%%n", 100 * powerAt(0.03), 100 * powerAt(0.05)));
        return sb.toString();
    }

    private void section(StringBuilder sb, String title, Function<Row, String> key) {
        sb.append("\n| ").append(title).append(" | honest teams | false alarms | gaming teams | power | AUC |\n")
                .append("|---|---:|---:|---:|---:|---:|\n");
        for (Map.Entry<String, List<Row>> e : groups(key).entrySet()) {
            List<Row> g = e.getValue();
            long h = g.stream().filter(r -> !r.kind().gaming()).count();
            long fa = g.stream().filter(r -> !r.kind().gaming() && r.flagged()).count();
            long gm = g.size() - h;
            long pw = g.stream().filter(r -> r.kind().gaming() && r.flagged()).count();
            sb.append(String.format(Locale.ROOT, "| %s | %d | %.1f%% | %d | %.1f%% | %.3f |%n", e.getKey().trim(), h,
                    100.0 * fa / h, gm, 100.0 * pw / gm, auc(g)));
        }
    }

    /** Per detector: share of honest and gaming teams where it was significant (q below 0.05). */
    public String detectorRates() {
        Map<String, long[]> counts = new TreeMap<>(); // honest significant, gaming significant
        long honest = rows.stream().filter(r -> !r.kind().gaming()).count();
        long gaming = rows.size() - honest;
        for (Row r : rows) {
            for (Map.Entry<String, Double> e : r.qByDetector().entrySet()) {
                if (e.getValue() < 0.05) {
                    counts.computeIfAbsent(e.getKey(), k -> new long[2])[r.kind().gaming() ? 1 : 0]++;
                }
            }
        }
        StringBuilder sb = new StringBuilder("\n| detector | significant on honest | on gaming | AUC of its statistic |\n"
                + "|---|---:|---:|---:|\n");
        counts.forEach((d, c) -> sb.append(String.format(Locale.ROOT, "| %s | %.1f%% | %.1f%% | %.3f |%n", d,
                100.0 * c[0] / honest, 100.0 * c[1] / gaming, statisticAuc(d))));
        return sb.toString();
    }

    /** AUC of one detector's statistic (teams where it did not report count as its lowest value). */
    double statisticAuc(String detector) {
        List<Row> scored = new ArrayList<>();
        for (Row r : rows) {
            Double z = r.statistic().get(detector);
            scored.add(new Row(r.cell(), r.kind(), r.inflation(), z == null ? -1e9 : z, r.verdict(), r.qByDetector(),
                    r.statistic()));
        }
        return auc(scored);
    }

    /**
     * Prints the table.
     *
     * @param args teams per kind (default 4), organisations per cell (default 1), seed (default 1), declared minimum
     *             useful elasticity (default 0.1), the organisation-wide change of the cells that have one (default
     *             0.15; -0.13 makes it a 13% loss)
     */
    public static void main(String[] args) {
        int perKind = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        int perCell = args.length > 1 ? Integer.parseInt(args[1]) : 1;
        long seed = args.length > 2 ? Long.parseLong(args[2]) : 1;
        double minimum = args.length > 3 ? Double.parseDouble(args[3]) : dev.goodhart.model.Link.DEFAULT_MINIMUM_ELASTICITY;
        long t0 = System.nanoTime();
        double orgChange = args.length > 4 ? Double.parseDouble(args[4]) : Zoo.ORG_GAIN;
        ZooTable table = run(Zoo.cells(), perKind, perCell, seed, minimum, orgChange);
        System.out.print(table.markdown());
        System.out.print(table.detectorRates());
        System.out.print(table.difficulty());
        System.out.printf(Locale.ROOT, "%nscored in %.1f s%n", (System.nanoTime() - t0) / 1e9);
    }
}
