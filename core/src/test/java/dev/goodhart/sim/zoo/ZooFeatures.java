package dev.goodhart.sim.zoo;

import dev.goodhart.model.Frame;
import dev.goodhart.model.Observation;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import dev.goodhart.scoring.Scorer;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes one CSV row per zoo team: its cell, kind, inflation, the library's score and verdict, and simple window
 * features of the raw series (log proxy and signed log outcome means before and after the intervention, their late
 * halves, the baseline's weekly noise and trend), for measuring what a classifier trained on the true labels can reach
 * on the same data (a ceiling for any method). Arguments: output file, teams per kind, organisations per cell, seed.
 */
public final class ZooFeatures {
    private ZooFeatures() {
    }

    public static void main(String[] args) throws Exception {
        Path out = Path.of(args[0]);
        int perKind = Integer.parseInt(args[1]);
        int perCell = Integer.parseInt(args[2]);
        long seed = Long.parseLong(args[3]);
        Scorer scorer = Scorer.builder().parallel().build();
        try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
            w.println("org,gran,coupling,outcome,noise,orggain,kind,gaming,inflation,score,flagged,pre,post,"
                    + "p_pre,p_post,p_late,y_pre,y_post,y_late,y_sd,y_slope,p_slope,y_early_pre,y_late_pre");
            long s = seed;
            int orgId = 0;
            for (Zoo.Cell cell : Zoo.cells()) {
                for (int k = 0; k < perCell; k++) {
                    Zoo.Organisation org = Zoo.generate(cell, perKind, s++);
                    IntegrityReport report = scorer.score(org.model(), Frame.of(org.model(), org.observations()));
                    String outcome = org.model().links().get(0).outcome();
                    int sign = org.model().metric(outcome).direction() == dev.goodhart.model.Direction.HIGHER ? 1 : -1;
                    int pre = (int) ChronoUnit.DAYS.between(Zoo.START, org.model().interventions().get(0).date());
                    Map<String, double[][]> series = new HashMap<>();
                    int days = 0;
                    for (Observation o : org.observations()) {
                        days = Math.max(days, (int) ChronoUnit.DAYS.between(Zoo.START, o.date()) + 1);
                    }
                    for (Observation o : org.observations()) {
                        double[][] v = series.computeIfAbsent(o.segment(), x -> new double[2][]);
                        int i = o.metric().equals("tokens") ? 0 : 1;
                        if (v[i] == null) {
                            v[i] = new double[days];
                            java.util.Arrays.fill(v[i], Double.NaN);
                        }
                        v[i][(int) ChronoUnit.DAYS.between(Zoo.START, o.date())] = o.value();
                    }
                    for (PairResult p : report.pairs()) {
                        if (p.segment().equals("*")) {
                            continue;
                        }
                        double[][] v = series.get(p.segment());
                        int post = days - pre;
                        double pPre = logMean(v[0], 0, pre), pPost = logMean(v[0], pre, days), pLate = logMean(v[0], pre + post / 2, days);
                        double yPre = sign * logMean(v[1], 0, pre), yPost = sign * logMean(v[1], pre, days),
                                yLate = sign * logMean(v[1], pre + post / 2, days);
                        double yEarlyPre = sign * logMean(v[1], 0, pre / 2), yLatePre = sign * logMean(v[1], pre / 2, pre);
                        // weekly log outcome in the baseline: sd of week-to-week, slope per week
                        int weeks = pre / 7;
                        double[] wy = new double[weeks];
                        double[] wp = new double[weeks];
                        for (int wk = 0; wk < weeks; wk++) {
                            wy[wk] = sign * logMean(v[1], wk * 7, wk * 7 + 7);
                            wp[wk] = logMean(v[0], wk * 7, wk * 7 + 7);
                        }
                        double ySlope = slope(wy), pSlope = slope(wp);
                        double ss = 0;
                        int n = 0;
                        for (int wk = 0; wk < weeks; wk++) {
                            double r = wy[wk] - (mean(wy) + ySlope * (wk - (weeks - 1) / 2.0));
                            if (!Double.isNaN(r)) {
                                ss += r * r;
                                n++;
                            }
                        }
                        Zoo.Cell c = org.cell();
                        w.printf(Locale.ROOT, "%d,%s,%s,%s,%s,%b,%s,%b,%.4f,%.2f,%b,%d,%d,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f,%.6f%n",
                                orgId, c.granularity(), c.coupling(), c.outcome(), c.noise(), c.orgGain(),
                                org.kinds().get(p.segment()), org.kinds().get(p.segment()).gaming(),
                                org.inflation().get(p.segment()), p.score(), p.verdict().flagged(), pre, post,
                                pPre, pPost, pLate, yPre, yPost, yLate, Math.sqrt(ss / Math.max(1, n - 2)), ySlope, pSlope,
                                yEarlyPre, yLatePre);
                    }
                    orgId++;
                }
            }
        }
    }

    private static double logMean(double[] v, int from, int to) {
        double s = 0;
        int n = 0;
        for (int i = from; i < to; i++) {
            if (!Double.isNaN(v[i])) {
                s += v[i];
                n++;
            }
        }
        return n == 0 || s <= 0 ? Double.NaN : Math.log(s / n);
    }

    private static double mean(double[] v) {
        double s = 0;
        int n = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                s += x;
                n++;
            }
        }
        return s / n;
    }

    private static double slope(double[] v) {
        double m = mean(v);
        double c = (v.length - 1) / 2.0;
        double sxy = 0, sxx = 0;
        for (int i = 0; i < v.length; i++) {
            if (!Double.isNaN(v[i])) {
                sxy += (i - c) * (v[i] - m);
                sxx += (i - c) * (i - c);
            }
        }
        return sxy / sxx;
    }
}
