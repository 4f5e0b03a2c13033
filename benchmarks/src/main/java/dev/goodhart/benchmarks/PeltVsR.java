package dev.goodhart.benchmarks;

import dev.goodhart.stats.ChangePoints;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The same-run comparison of PELT with R changepoint's {@code cpt.mean} and {@code cpt.meanvar} ({@code
 * benchmarks/compare-pelt-with-r.sh}): the series of {@link PeltBenchmark}, CPU time per element (best of several
 * runs after a warm-up, this thread's CPU for Goodhart, user plus system for R), R and Goodhart interleaved per size,
 * and a check that the positions are identical. Usage: {@code PeltVsR RSCRIPT PELT_R WORKDIR}.
 */
public final class PeltVsR {
    private PeltVsR() {
    }

    /** Runs the comparison and prints a Markdown table. */
    public static void main(String[] args) throws IOException, InterruptedException {
        String rscript = args[0];
        Path script = Path.of(args[1]);
        Path dir = Path.of(args[2]);
        ThreadMXBean bean = ManagementFactory.getThreadMXBean();
        System.out.println("| cost | n | Goodhart ns per element (CPU) | R ns per element (CPU) | R / Goodhart | positions |");
        System.out.println("|---|---:|---:|---:|---:|---|");
        for (int n : new int[] {10_000, 100_000, 1_000_000}) {
            double[] series = series(n);
            Path file = dir.resolve("series-" + n + ".txt");
            List<String> lines = new ArrayList<>(n);
            for (double v : series) {
                lines.add(Double.toString(v));
            }
            Files.write(file, lines, StandardCharsets.UTF_8);
            for (ChangePoints.Cost cost : new ChangePoints.Cost[] {ChangePoints.Cost.MEAN, ChangePoints.Cost.MEAN_VAR}) {
                // batches of at least 0.2 s of CPU, after 2 s of warm-up (the JIT compiles the loop); best batch
                int[] ours = ChangePoints.pelt(series, cost).positions();
                long start = bean.getCurrentThreadCpuTime();
                int perBatch = 1;
                while (bean.getCurrentThreadCpuTime() - start < 2_000_000_000L) {
                    long c0 = bean.getCurrentThreadCpuTime();
                    ours = ChangePoints.pelt(series, cost).positions();
                    perBatch = (int) Math.max(1, Math.min(1000, 200_000_000L / Math.max(1, bean.getCurrentThreadCpuTime() - c0)));
                }
                double best = Double.MAX_VALUE;
                for (int b = 0; b < 5; b++) {
                    long c0 = bean.getCurrentThreadCpuTime();
                    for (int i = 0; i < perBatch; i++) {
                        ours = ChangePoints.pelt(series, cost).positions();
                    }
                    best = Math.min(best, (bean.getCurrentThreadCpuTime() - c0) / (double) perBatch);
                }
                int reps = perBatch;
                Path out = dir.resolve("r-" + n + "-" + cost + ".txt");
                Process p = new ProcessBuilder(rscript, script.toString(), file.toString(),
                        cost == ChangePoints.Cost.MEAN ? "mean" : "meanvar", Integer.toString(reps), out.toString())
                        .redirectError(ProcessBuilder.Redirect.DISCARD).start();
                String rOut = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
                if (p.waitFor() != 0) {
                    throw new IllegalStateException("Rscript failed for n = " + n + " " + cost + ": " + rOut);
                }
                double rNs = Double.parseDouble(rOut.lines().reduce((a, b) -> b).orElseThrow());
                int[] theirs = Files.readAllLines(out).stream().filter(s -> !s.isBlank())
                        .mapToInt(Integer::parseInt).toArray();
                double ourNs = best / n;
                System.out.printf(Locale.ROOT, "| %s | %,d | %.0f | %.0f | %.1fx | %s |%n", cost == ChangePoints.Cost.MEAN
                        ? "mean" : "mean and variance", n, ourNs, rNs, rNs / ourNs,
                        Arrays.equals(ours, theirs) ? "identical (" + ours.length + " changes)"
                                : "DIFFERENT: Goodhart " + ours.length + ", R " + theirs.length);
            }
        }
    }

    /** {@link PeltBenchmark}'s series: ten alternating mean levels 0 and 2, unit normal noise, seed 42. */
    static double[] series(int n) {
        SplittableRandom r = new SplittableRandom(42);
        double[] series = new double[n];
        for (int i = 0; i < n; i++) {
            double level = (i / Math.max(1, n / 10)) % 2 == 0 ? 0 : 2;
            series[i] = level + Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
        }
        return series;
    }
}
