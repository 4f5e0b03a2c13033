package dev.goodhart.sim;

import dev.goodhart.detect.Detector;
import dev.goodhart.detect.DetectorResult;
import dev.goodhart.detect.Detectors;
import dev.goodhart.detect.PairSeries;
import dev.goodhart.model.Direction;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.Link;
import dev.goodhart.model.Metric;
import java.util.Locale;

/** Prints each detector's raw rejection rate (one-sided p < 0.05) per scenario: its size under honest scenarios. */
public final class DetectorRates {
    private DetectorRates() {
    }

    /** Runs {@code args[0]} (default 400) simulated pairs per scenario. */
    public static void main(String[] args) {
        int reps = args.length > 0 ? Integer.parseInt(args[0]) : 400;
        System.out.printf(Locale.ROOT, "%-19s", "scenario");
        for (Detector d : Detectors.defaults()) {
            System.out.printf(Locale.ROOT, " %22s", d.name());
        }
        System.out.println();
        for (Scenario s : Scenario.values()) {
            System.out.printf(Locale.ROOT, "%-19s", s);
            for (Detector d : Detectors.defaults()) {
                int hit = 0;
                int ran = 0;
                for (int i = 0; i < reps; i++) {
                    double[][] g = s.generate(1000L * i + 17, 104, 52);
                    PairSeries p = new PairSeries(Link.of("tokens", "output"), Metric.proxy("tokens", ""),
                            Metric.outcome("output", Direction.HIGHER, ""), "x", Granularity.WEEK,
                            Organisations.START, g[0], g[1], 52, i, true);
                    DetectorResult r = d.detect(p);
                    if (r.ran()) {
                        ran++;
                        if (r.findings().get(0).pValue() < 0.05) {
                            hit++;
                        }
                    }
                }
                System.out.printf(Locale.ROOT, " %21.1f%%", 100.0 * hit / Math.max(1, ran));
            }
            System.out.println();
        }
    }
}
