package dev.goodhart.sim.seventh;

import dev.goodhart.model.Finding;
import dev.goodhart.model.Frame;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
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
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Predicate;
import java.util.stream.IntStream;

/**
 * Scores organisations of {@link SeventhZoo} through the public API with default settings and prints markdown tables
 * with the helper's definitions (its analyse.py): false alarms are DIVERGING or GAMED among honest teams; power is the
 * same among gaming teams whose inflation (written to three decimals) is 0.4 or more; the AUC is the score's (written
 * to two decimals, ties count half), those gaming teams against the honest ones, both without INSUFFICIENT_DATA,
 * exceptions and missing pairs; the power at a score threshold is that of the honest scores' (1 - rate) quantile as the
 * helper took it. Tables: the summary, the verdicts, per honest kind, per gaming kind, per outcome, coupling, noise,
 * granularity, size, outcome x granularity, calendar flags, waves and organisation-wide improvement, the worst cells
 * (outcome|coupling|noise|granularity|size with at least 10 honest, or gaming, teams) and the known-noise reference for
 * jumps ({@link SeventhZoo#oracleSd}). Percentages are rounded as the helper's Python rounded them (half to even).
 *
 * <p>{@code SeventhTable [seed] [organisations] [first] [--serial] [--csv FILE] [--no-calendar] [--no-gaps]}:
 * organisations {@code first} to {@code first + organisations - 1} of {@code seed} (defaults 1, 1536 and 0);
 * {@code --serial} scores with a single-threaded {@link Scorer} (otherwise {@code parallel()}, as the helper did);
 * {@code --csv} also writes the helper's teams.csv, line for line as its program wrote it; {@code --no-calendar} and
 * {@code --no-gaps} are the helper's ablations ({@link SeventhZoo.Settings}).
 */
public final class SeventhTable {
    private static final double POWER_FLOOR = 0.4 - 1e-9;
    /** The helper's oracle draws per team. */
    private static final int ORACLE_REPS = 60;
    private static final Set<String> NOT_SCORABLE = Set.of("INSUFFICIENT_DATA", "EXCEPTION", "MISSING");

    /** Where a team was: its organisation's draws. */
    record Place(long seed, int org, String outcome, String coupling, String noise, String granularity, int size,
            int waves, boolean weekendsAbsent, boolean exportGap, boolean decDip, boolean quarterCrunch,
            boolean orgImprove, double elasticity, double phi, int preDays, int postDays) {
        /** outcome|coupling|noise|granularity|size. */
        String cell() {
            return outcome + "|" + coupling + "|" + noise + "|" + granularity + "|" + size;
        }
    }

    /**
     * One scored team, as the helper's teams.csv has it: {@code verdict} is the verdict's name, "NAN" for a NaN score,
     * "MISSING" without a pair result and "EXCEPTION" if the organisation could not be scored ({@code error} then
     * says why); the oracle's three values are NaN except for jump and subtle teams; {@code undecided} whether its
     * expected response could not answer ({@link Finding#undecided()}).
     */
    record Row(Place place, SeventhZoo.Team team, double score, String verdict, String error, String topDetector,
            String message, double oracleSd, double owed, double oraclePower, boolean undecided) {
        /** Whether the team is honest. */
        boolean honest() {
            return !team.gaming();
        }

        /** Whether the team games with an inflation (to three decimals) of 0.4 or more. */
        boolean strongGaming() {
            return team.gaming() && written(team.inflation(), 3) >= POWER_FLOOR;
        }

        /** Whether the verdict is DIVERGING or GAMED. */
        boolean flagged() {
            return verdict.equals("DIVERGING") || verdict.equals("GAMED");
        }

        /** Whether the score counts for the AUC and the thresholds. */
        boolean scorable() {
            return !NOT_SCORABLE.contains(verdict);
        }

        /** The score as the helper's CSV wrote it (two decimals). */
        double writtenScore() {
            return written(score, 2);
        }
    }

    private SeventhTable() {
    }

    /** Prints the tables; arguments: seed, organisations, first (defaults 1 1536 0), and the flags above. */
    public static void main(String[] args) throws IOException {
        List<String> positional = new ArrayList<>();
        boolean parallel = true;
        Path csv = null;
        SeventhZoo.Settings settings = SeventhZoo.Settings.defaults();
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--serial" -> parallel = false;
                case "--csv" -> csv = Path.of(args[++i]);
                case "--no-calendar" -> settings = settings.withCalendar(false);
                case "--no-gaps" -> settings = settings.withGaps(false);
                default -> positional.add(args[i]);
            }
        }
        long seed = positional.size() > 0 ? Long.parseLong(positional.get(0)) : 1;
        int count = positional.size() > 1 ? Integer.parseInt(positional.get(1)) : 1536;
        int first = positional.size() > 2 ? Integer.parseInt(positional.get(2)) : 0;
        long t0 = System.nanoTime();
        List<Row> rows = run(seed, first, count, settings, parallel, true);
        double seconds = (System.nanoTime() - t0) / 1e9;
        System.out.printf(Locale.ROOT, "SeventhZoo seed %d, organisations %d-%d: %d teams scored in %.0f s%n%n", seed,
                first, first + count - 1, rows.size(), seconds);
        if (csv != null) {
            writeCsv(csv, rows);
        }
        print(rows);
    }

    /**
     * Scores organisations {@code first} to {@code first + count - 1} of the seed with the settings; {@code oracle}:
     * with the known-noise reference for jump and subtle teams (60 draws each).
     */
    static List<Row> run(long seed, int first, int count, SeventhZoo.Settings settings, boolean parallel,
            boolean oracle) {
        return run(seed, IntStream.range(first, first + count).boxed().toList(), settings, parallel, oracle);
    }

    /** Scores these organisations of the seed with the settings, in this order; {@code oracle} as above. */
    static List<Row> run(long seed, List<Integer> organisations, SeventhZoo.Settings settings, boolean parallel,
            boolean oracle) {
        Scorer scorer = parallel ? Scorer.builder().parallel().build() : Scorer.builder().build();
        List<Row> rows = new ArrayList<>();
        for (int k : organisations) {
            SeventhZoo.Org o = SeventhZoo.organisation(seed, k, settings);
            Place place = new Place(seed, k, o.outcome(), o.coupling(), o.noise(), o.granularity(), o.size(),
                    o.waves().size(), o.weekendsAbsent(), o.exportGap(), o.decDip(), o.quarterCrunch(),
                    o.orgImprove(), o.elasticity(), o.phi(), o.preDays(), o.postDays());
            IntegrityReport report = null;
            String error = null;
            try (Frame f = Frame.of(o.model(), o.observations())) {
                report = scorer.score(o.model(), f);
            } catch (RuntimeException e) {
                error = e.getClass().getSimpleName() + ": " + e.getMessage();
            }
            for (SeventhZoo.Team t : o.teams()) {
                double score = Double.NaN;
                String verdict = "EXCEPTION";
                String top = "";
                String message = "";
                boolean undecided = false;
                if (report != null) {
                    Optional<PairResult> pr = report.segment(t.name());
                    if (pr.isPresent()) {
                        PairResult p = pr.get();
                        score = p.score();
                        verdict = Double.isNaN(score) ? "NAN" : p.verdict().name();
                        undecided = p.findings().stream().anyMatch(Finding::undecided);
                        Finding best = null;
                        for (Finding fi : p.findings()) {
                            if (best == null || fi.qValue() < best.qValue()) {
                                best = fi;
                            }
                        }
                        if (best != null) {
                            top = best.detector();
                            message = best.message();
                        }
                    } else {
                        verdict = "MISSING";
                    }
                }
                double osd = Double.NaN;
                double owed = Double.NaN;
                double power = Double.NaN;
                if (oracle && (t.kind().equals("jump") || t.kind().equals("subtle"))) {
                    osd = SeventhZoo.oracleSd(o, t, ORACLE_REPS);
                    owed = SeventhZoo.owed(t);
                    power = SeventhZoo.oraclePower(owed, osd);
                }
                rows.add(new Row(place, t, score, verdict, error, top, message, osd, owed, power, undecided));
            }
        }
        return rows;
    }

    private static void print(List<Row> rows) {
        List<Row> honest = RowGroups.filter(rows, Row::honest);
        List<Row> strong = RowGroups.filter(rows, Row::strongGaming);
        List<Row> weak = RowGroups.filter(rows, r -> r.team().gaming() && !r.strongGaming());
        long orgs = rows.stream().mapToInt(r -> r.place().org()).distinct().count();
        System.out.println("### Summary\n");
        System.out.println("| organisations | teams | honest | gaming >=40% | gaming <40% | false alarms | GAMED among"
                + " honest | power | AUC | errors, NaN scores, missing | INSUFFICIENT_DATA |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        System.out.printf(Locale.ROOT, "| %d | %d | %d | %d | %d | %s | %s | %s | %s | %d | %d |%n", orgs,
                rows.size(), honest.size(), strong.size(), weak.size(), rate(honest),
                share(honest, r -> r.verdict().equals("GAMED")), rate(strong), auc(strong, honest),
                rows.stream().filter(r -> Set.of("EXCEPTION", "NAN", "MISSING").contains(r.verdict())).count(),
                rows.stream().filter(r -> r.verdict().equals("INSUFFICIENT_DATA")).count());
        Map<String, Long> verdicts = new TreeMap<>();
        for (Row r : rows) {
            verdicts.merge(r.verdict(), 1L, Long::sum);
        }
        System.out.println("\nverdicts: " + verdicts);

        System.out.println("\n### Power at a score threshold (gaming >=40% against honest, scorable)\n");
        System.out.println("| honest scores' quantile | score above | honest scores above it | power |");
        System.out.println("|---:|---:|---:|---:|");
        for (double fa : new double[] {0.03, 0.05, 0.10}) {
            Threshold t = threshold(strong, honest, fa);
            System.out.printf(Locale.ROOT, "| %.0f%% from the top | %s | %s%% | %s%% |%n", 100 * fa, python(t.score(), 1),
                    python(100 * t.honestAbove(), 1), python(100 * t.power(), 1));
        }

        System.out.println("\n### Per honest kind\n");
        System.out.println("| honest kind | teams | false alarms | GAMED |");
        System.out.println("|---|---:|---:|---:|");
        for (Map.Entry<String, List<Row>> e : RowGroups.sorted(honest, r -> r.team().kind()).entrySet()) {
            List<Row> h = e.getValue();
            System.out.printf(Locale.ROOT, "| %s | %d | %s | %d |%n", e.getKey(), h.size(), rate(h),
                    h.stream().filter(r -> r.verdict().equals("GAMED")).count());
        }

        System.out.println("\n### Per gaming kind (power at >=40%)\n");
        System.out.println("| gaming kind | teams | >=40% | power | GAMED | AUC vs honest |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (Map.Entry<String, List<Row>> e : RowGroups.sorted(RowGroups.filter(rows, r -> r.team().gaming()), r -> r.team().kind())
                .entrySet()) {
            List<Row> g = RowGroups.filter(e.getValue(), Row::strongGaming);
            System.out.printf(Locale.ROOT, "| %s | %d | %d | %s | %d | %s |%n", e.getKey(), e.getValue().size(),
                    g.size(), rate(g), g.stream().filter(r -> r.verdict().equals("GAMED")).count(), auc(g, honest));
        }

        breakdown("Per outcome", "outcome", rows, r -> r.place().outcome());
        breakdown("Per coupling", "coupling", rows, r -> r.place().coupling());
        breakdown("Per noise", "noise", rows, r -> r.place().noise());
        breakdown("Per granularity", "granularity", rows, r -> r.place().granularity());
        breakdown("Per size", "teams", rows, r -> String.format(Locale.ROOT, "%3d", r.place().size()));
        breakdown("Per outcome x granularity", "outcome|granularity", rows,
                r -> r.place().outcome() + "|" + r.place().granularity());
        breakdown("By waves", "waves", rows, r -> r.place().waves() > 1 ? "waves>1" : "waves=1");
        breakdown("By organisation-wide improvement", "improves", rows, r -> String.valueOf(r.place().orgImprove()));
        breakdown("By calendar flags", "weekends absent, export gap, December dip, quarter crunch", rows,
                r -> String.format(Locale.ROOT, "wkndAbs=%s gap=%s dec=%s qtr=%s", flag(r.place().weekendsAbsent()),
                        flag(r.place().exportGap()), flag(r.place().decDip()), flag(r.place().quarterCrunch())));

        worstCells(honest, strong);
        reference(rows);
    }

    /**
     * A score threshold and what lies strictly above it: the share of the scorable honest teams' scores (below the
     * nominal rate where many honest scores tie at the threshold, as at 49.9) and of the gaming teams' (power).
     */
    record Threshold(double score, double honestAbove, double power) {
    }

    /**
     * The helper's score threshold for a nominal false-alarm rate (the honest scores' value at that quantile from the
     * top, as analyse.py reads it) with the shares strictly above it.
     */
    static Threshold threshold(List<Row> strong, List<Row> honest, double falseAlarms) {
        double[] h = RowGroups.filter(honest, Row::scorable).stream().mapToDouble(Row::writtenScore).sorted().toArray();
        List<Row> g = RowGroups.filter(strong, Row::scorable);
        if (h.length == 0 || g.isEmpty()) {
            return new Threshold(Double.NaN, Double.NaN, Double.NaN);
        }
        double thr = h[(int) (h.length * (1 - falseAlarms))];
        long above = g.stream().filter(r -> r.writtenScore() > thr).count();
        long honestAbove = java.util.Arrays.stream(h).filter(x -> x > thr).count();
        return new Threshold(thr, honestAbove / (double) h.length, above / (double) g.size());
    }

    private static void breakdown(String title, String label, List<Row> rows, Function<Row, String> key) {
        System.out.printf(Locale.ROOT, "%n### %s%n%n", title);
        System.out.println("| " + label + " | honest | false alarms | gaming >=40% | power | AUC |");
        System.out.println("|---|---:|---:|---:|---:|---:|");
        for (Map.Entry<String, List<Row>> e : RowGroups.sorted(rows, key).entrySet()) {
            List<Row> h = RowGroups.filter(e.getValue(), Row::honest);
            List<Row> g = RowGroups.filter(e.getValue(), Row::strongGaming);
            System.out.printf(Locale.ROOT, "| %s | %d | %s | %d | %s | %s |%n", e.getKey().trim(), h.size(), rate(h),
                    g.size(), rate(g), auc(g, h));
        }
    }

    /** The worst cells as the helper listed them: rate order, ties in the order the cells first appear. */
    private static void worstCells(List<Row> honest, List<Row> strong) {
        Map<String, List<Row>> h = RowGroups.firstSeen(honest, r -> r.place().cell());
        List<Map.Entry<String, List<Row>>> big = new ArrayList<>(h.entrySet().stream()
                .filter(e -> e.getValue().size() >= 10).toList());
        List<Double> rates = big.stream().map(e -> fraction(e.getValue())).sorted().toList();
        big.sort(Comparator.comparingDouble(e -> -fraction(e.getValue())));
        System.out.printf(Locale.ROOT, "%n### Worst cells, false alarms (outcome|coupling|noise|granularity|size, >=10"
                + " honest teams)%n%n%d cells with 10 or more honest teams; %d above 10%% false alarms, %d above 20%%;"
                + " median cell %s.%n%n", rates.size(), rates.stream().filter(x -> x > .1).count(),
                rates.stream().filter(x -> x > .2).count(), median(rates));
        System.out.println("| cell | honest | false alarms |");
        System.out.println("|---|---:|---:|");
        for (Map.Entry<String, List<Row>> e : big.subList(0, Math.min(15, big.size()))) {
            System.out.printf(Locale.ROOT, "| %s | %d | %s |%n", e.getKey(), e.getValue().size(), rate(e.getValue()));
        }
        Map<String, List<Row>> g = RowGroups.firstSeen(strong, r -> r.place().cell());
        List<Map.Entry<String, List<Row>>> gBig = new ArrayList<>(g.entrySet().stream()
                .filter(e -> e.getValue().size() >= 10).toList());
        List<Double> powers = gBig.stream().map(e -> fraction(e.getValue())).sorted().toList();
        gBig.sort(Comparator.comparingDouble(e -> fraction(e.getValue())));
        System.out.printf(Locale.ROOT, "%n### Worst cells, power (>=10 gaming teams at >=40%%)%n%n%d cells; median cell"
                + " power %s; %d cells below 20%%.%n%n", powers.size(), median(powers),
                powers.stream().filter(x -> x < .2).count());
        System.out.println("| cell | gaming >=40% | power |");
        System.out.println("|---|---:|---:|");
        for (Map.Entry<String, List<Row>> e : gBig.subList(0, Math.min(15, gBig.size()))) {
            System.out.printf(Locale.ROOT, "| %s | %d | %s |%n", e.getKey(), e.getValue().size(), rate(e.getValue()));
        }
    }

    /** The helper's reference: jumps flagged beside a known-noise one-sided 5% test of the gain owed at e = 0.1. */
    private static void reference(List<Row> rows) {
        List<Row> jumps = RowGroups.filter(rows, r -> r.team().kind().equals("jump"));
        System.out.println("\n### Reference: jumps flagged, and the power of a known-noise one-sided 5% test against the"
                + " gain owed at elasticity 0.1\n");
        System.out.println("| outcome|noise | jumps | library flagged | oracle power |");
        System.out.println("|---|---:|---:|---:|");
        for (Map.Entry<String, List<Row>> e : RowGroups.sorted(jumps, r -> r.place().outcome() + "|" + r.place().noise())
                .entrySet()) {
            referenceLine(e.getKey(), e.getValue());
        }
        referenceLine("all", jumps);
        System.out.println("\n| outcome|granularity | jumps | library flagged | oracle power |");
        System.out.println("|---|---:|---:|---:|");
        for (Map.Entry<String, List<Row>> e : RowGroups.sorted(jumps, r -> r.place().outcome() + "|" + r.place().granularity())
                .entrySet()) {
            referenceLine(e.getKey(), e.getValue());
        }
        List<Row> clear = RowGroups.filter(jumps, r -> written(r.oraclePower(), 4) >= 0.9);
        System.out.printf(Locale.ROOT, "%nJumps with oracle power >= 90%%: %d, the library flagged %s.%n", clear.size(),
                rate(clear));
    }

    private static void referenceLine(String key, List<Row> rows) {
        double power = 0;
        for (Row r : rows) {
            power += written(r.oraclePower(), 4);
        }
        long flagged = rows.stream().filter(Row::flagged).count();
        System.out.printf(Locale.ROOT, "| %s | %d | %s%% | %s%% |%n", key, rows.size(),
                python(100.0 * flagged / rows.size(), 1), python(100 * power / rows.size(), 1));
    }

    /** Writes the helper's teams.csv for these rows, line for line as its program wrote it. */
    static void writeCsv(Path path, List<Row> rows) throws IOException {
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(path, StandardCharsets.UTF_8))) {
            w.println("seed,org,team,outcome,coupling,noise,gran,size,waves,weekendsAbsent,exportGap,decDip,"
                    + "quarterCrunch,orgImprove,elasticity,phi,preDays,postDays,kind,gaming,inflation,realMult,score,"
                    + "verdict,oracleSd,owed,oraclePower,topDetector,message");
            for (Row r : rows) {
                Place p = r.place();
                String score = r.verdict().equals("EXCEPTION") || r.verdict().equals("MISSING") ? ""
                        : String.format(Locale.ROOT, "%.2f", r.score());
                w.printf(Locale.ROOT, "%d,%d,%s,%s,%s,%s,%s,%d,%d,%s,%s,%s,%s,%s,%.3f,%.3f,%d,%d,%s,%s,%.3f,%.3f,%s,%s,"
                        + "%.5f,%.5f,%.4f,%s,\"%s\"%n", p.seed(), p.org(), r.team().name(), p.outcome(), p.coupling(),
                        p.noise(), p.granularity(), p.size(), p.waves(), p.weekendsAbsent(), p.exportGap(),
                        p.decDip(), p.quarterCrunch(), p.orgImprove(), p.elasticity(), p.phi(), p.preDays(),
                        p.postDays(), r.team().kind(), r.team().gaming(), r.team().inflation(), r.team().realMult(),
                        score, r.verdict(), r.oracleSd(), r.owed(), r.oraclePower(), r.topDetector(),
                        r.message().replace('"', '\'').replace('\n', ' '));
            }
        }
    }

    /** The value as Java's {@code %.Nf} writes it, read back; NaN stays NaN. */
    static double written(double x, int places) {
        if (Double.isNaN(x) || Double.isInfinite(x)) {
            return x;
        }
        return Double.parseDouble(String.format(Locale.ROOT, "%." + places + "f", x));
    }

    /** The value as Python's {@code %.Nf} writes it (the exact binary value rounded half to even). */
    static String python(double x, int places) {
        if (Double.isNaN(x)) {
            return "nan";
        }
        return new BigDecimal(x).setScale(places, RoundingMode.HALF_EVEN).toPlainString();
    }

    /** The upper median of the sorted rates in percent, as the helper took it ("-" for none). */
    private static String median(List<Double> sorted) {
        return sorted.isEmpty() ? "-" : python(100 * sorted.get(sorted.size() / 2), 1) + "%";
    }

    private static String flag(boolean b) {
        return b ? "t" : "f";
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
        return String.format(Locale.ROOT, "%s%% (%d of %d)", python(100.0 * k / rows.size(), 1), k, rows.size());
    }

    /** The AUC of the written scores, gaming against honest, scorable only ({@link ThirdTable#auc}); NaN for none. */
    static double aucValue(List<Row> gaming, List<Row> honest) {
        return ThirdTable.auc(RowGroups.filter(honest, Row::scorable).stream().mapToDouble(Row::writtenScore).toArray(),
                RowGroups.filter(gaming, Row::scorable).stream().mapToDouble(Row::writtenScore).toArray());
    }

    private static String auc(List<Row> gaming, List<Row> honest) {
        if (gaming.isEmpty() || honest.isEmpty()) {
            return "-";
        }
        return python(aucValue(gaming, honest), 3);
    }
}
