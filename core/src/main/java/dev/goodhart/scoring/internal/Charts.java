package dev.goodhart.scoring.internal;

import dev.goodhart.internal.SafeUnit;
import dev.goodhart.detect.PairSeries;
import dev.goodhart.model.Intervention;
import dev.goodhart.report.PairChart;
import dev.goodhart.stats.ChangePoints;
import dev.goodhart.stats.Descriptive;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds the chart data of a report from the pairs the detectors saw, so that renderers read only the report; the
 * calendar's dates are built once per report. Not thread-safe: one per report.
 */
public final class Charts {
    private final Map<String, List<LocalDate>> calendars = new LinkedHashMap<>();

    /**
     * What a chart of one pair needs.
     *
     * @param pair         the pair as the detectors saw it (outcome shifted by the link's lag)
     * @param lag          the link's outcome lag in periods: the chart shows the outcome at its own date
     * @param intervention the intervention that split the pair, or null
     * @return the chart data
     */
    public PairChart of(PairSeries pair, int lag, Intervention intervention) {
        int n = pair.length();
        List<LocalDate> periods = calendars.computeIfAbsent(pair.granularity() + " " + pair.start() + " " + n, k -> {
            List<LocalDate> list = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                list.add(pair.granularity().plus(pair.start(), i));
            }
            return List.copyOf(list);
        });
        double[] proxy = pair.proxy();
        double[] lagged = pair.outcome();
        int shift = Math.min(n, lag);
        double[] outcome = new double[n];
        Arrays.fill(outcome, Double.NaN);
        System.arraycopy(lagged, 0, outcome, shift, n - shift);
        int split = pair.split();
        List<LocalDate> changes = new ArrayList<>();
        for (int cp : changePoints(proxy)) {
            changes.add(periods.get(cp));
        }
        return new PairChart(periods, proxy, outcome, periods.get(split), intervention, changes,
                Descriptive.meanOfFinite(proxy, 0, split), Descriptive.meanOfFinite(proxy, split, n),
                Descriptive.meanOfFinite(outcome, 0, split), Descriptive.meanOfFinite(outcome, split, n));
    }

    /** Change points of the observed values (PELT, mean and variance, MBIC), as indexes of the first period after. */
    private static List<Integer> changePoints(double[] series) {
        int[] at = new int[series.length];
        double[] values = new double[series.length];
        int k = 0;
        for (int i = 0; i < series.length; i++) {
            if (Double.isFinite(series[i])) {
                at[k] = i;
                values[k++] = series[i];
            }
        }
        List<Integer> out = new ArrayList<>();
        if (k < 8) {
            return out;
        }
        // values far from 1 (near 1e155 or 1e-160, whose squares overflow or vanish) in a unit of a power of two near
        // the largest, an exact change of unit; at ordinary magnitudes the values as they are (the cost's floor for a
        // constant segment is absolute, as R's, so a change of unit there could move a change point)
        double largest = 0;
        for (int i = 0; i < k; i++) {
            largest = Math.max(largest, Math.abs(values[i]));
        }
        if (largest > 0 && (largest > 0x1p400 || largest < 0x1p-400)) {
            double unit = SafeUnit.unitNear(largest);
            for (int i = 0; i < k; i++) {
                values[i] *= unit;
            }
        }
        for (int cp : ChangePoints.pelt(Arrays.copyOf(values, k), ChangePoints.Cost.MEAN_VAR).positions()) {
            out.add(at[cp]);
        }
        return out;
    }
}
