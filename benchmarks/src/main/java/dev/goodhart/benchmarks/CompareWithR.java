package dev.goodhart.benchmarks;

import dev.goodhart.model.Direction;
import dev.goodhart.detect.Detectors;
import dev.goodhart.model.Frame;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Observation;
import dev.goodhart.scoring.Scorer;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The Goodhart half of {@code benchmarks/compare-with-r.sh}: generates the organisation of {@link OrganisationBenchmark}
 * (segments x 365 days, 10% gamed from the middle), writes it as a long CSV for the R script, and times a sequential
 * and a parallel score (best of three after one warm-up). Usage: {@code CompareWithR SEGMENTS CSV}.
 */
public final class CompareWithR {
    private CompareWithR() {
    }

    /** Runs the comparison's Java side. */
    public static void main(String[] args) throws IOException {
        int segments = args.length > 0 ? Integer.parseInt(args[0]) : 10_000;
        Path csv = Path.of(args.length > 1 ? args[1] : "organisation.csv");
        LocalDate start = LocalDate.of(2024, 1, 1);
        int days = 365;
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens").outcome("output", Direction.HIGHER, "units")
                .link("tokens", "output").intervention(start.plusDays(days / 2), "quota").build();
        Frame.Builder b = Frame.builder(model);
        SplittableRandom r = new SplittableRandom(3);
        try (BufferedWriter w = Files.newBufferedWriter(csv)) {
            w.write("date,segment,metric,value\n");
            for (int s = 0; s < segments; s++) {
                double[][] series = ScoringBenchmark.pairSeries(r, s % 10 == 0);
                String name = "team-" + s;
                for (int t = 0; t < days; t++) {
                    LocalDate d = start.plusDays(t);
                    b.add(new Observation(d, name, "tokens", series[0][t]));
                    b.add(new Observation(d, name, "output", series[1][t]));
                    w.write(d + "," + name + ",tokens," + series[0][t] + "\n");
                    w.write(d + "," + name + ",output," + series[1][t] + "\n");
                }
            }
        }
        Frame frame = b.build();
        long points = 2L * segments * days;
        // the R script's work: the five pair detectors it repeats (not the weekly rhythm, which it does not), no
        // portfolio detectors, on the calling thread
        List<dev.goodhart.detect.Detector> five = Detectors.defaults().stream()
                .filter(d -> !d.name().equals(dev.goodhart.detect.WeeklyRhythm.NAME)).toList();
        Scorer same = Scorer.builder().detectors(five).portfolioDetectors(List.of()).build();
        double sameCpu = bestCpu(() -> same.score(model, frame));
        double allCpu = bestCpu(() -> Scorer.defaults().score(model, frame));
        double par = best(() -> Scorer.builder().parallel().build().score(model, frame));
        System.out.printf(Locale.ROOT, "goodhart: %d segments x %d days; the R script's work (five pair detectors) CPU "
                + "%.2f s (%.0f ns per data point); all eleven detectors CPU %.2f s (%.0f ns per data point); all eleven in "
                + "parallel on %d cores %.2f s wall%n", segments, days, sameCpu, sameCpu * 1e9 / points, allCpu,
                allCpu * 1e9 / points, Runtime.getRuntime().availableProcessors(), par);
    }

    /** Best of five CPU times of the calling thread, in seconds, after two warm-ups. */
    private static double bestCpu(Runnable run) {
        java.lang.management.ThreadMXBean bean = java.lang.management.ManagementFactory.getThreadMXBean();
        run.run(); // warm-up
        run.run();
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 5; i++) {
            long t0 = bean.getCurrentThreadCpuTime();
            run.run();
            best = Math.min(best, (bean.getCurrentThreadCpuTime() - t0) / 1e9);
        }
        return best;
    }

    private static double best(Runnable run) {
        run.run(); // warm-up
        double best = Double.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            long t0 = System.nanoTime();
            run.run();
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best;
    }
}
