package dev.goodhart.report;

import dev.goodhart.model.Intervention;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Everything a chart of one pair needs, computed by the scorer and carried in the report, so that every renderer (and
 * a report read back from JSON) draws the same thing without the data or any statistics: the proxy and the outcome per
 * period, the baseline and recent windows, the intervention, the proxy's change points and each window's mean. The
 * dates a finding refers to are on the finding ({@link dev.goodhart.model.Finding#dates()}).
 *
 * <p>Which pairs get one: the organisation's row of every link, and the pairs at {@link Verdict#WATCH} or above, the
 * highest scores first, up to the scorer's chart limit ({@code Scorer.Builder.chartLimit}, 200 by default), so a
 * report of a million mostly-healthy segments stays small. A pair that could not be windowed has none.
 *
 * @param periods            the first day of each period (the report's calendar), in order
 * @param proxy              the proxy per period as measured (declared counting changes undone); NaN where the period
 *                           has no value
 * @param outcome            the outcome per period at its own date; NaN where the period has no value (with a lag of
 *                           {@code k} periods the first {@code k} are NaN: the scorer keeps the outcome the detectors
 *                           saw, {@code k} periods after each proxy value)
 * @param recentFrom         the first day of the recent window; the baseline window is every period before it
 * @param intervention       the intervention that set the windows, or null when the split is the calendar's middle
 * @param proxyChangePoints  the first day of each period from which the proxy's level or spread changed (PELT with
 *                           the mean-and-variance cost and the MBIC penalty, on the observed values), in order
 * @param proxyBaselineMean  the proxy's mean over the baseline window's observed periods, NaN when none
 * @param proxyRecentMean    the proxy's mean over the recent window's observed periods, NaN when none
 * @param outcomeBaselineMean the outcome's mean over the baseline window, NaN when none
 * @param outcomeRecentMean  the outcome's mean over the recent window, NaN when none
 */
public record PairChart(List<LocalDate> periods, double[] proxy, double[] outcome, LocalDate recentFrom,
        Intervention intervention, List<LocalDate> proxyChangePoints, double proxyBaselineMean,
        double proxyRecentMean, double outcomeBaselineMean, double outcomeRecentMean) implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /**
     * Copies the arrays and lists.
     *
     * @throws IllegalArgumentException if the series are not one value per period, a value is infinite, or the recent
     *                                  window does not start at a period after the first
     */
    public PairChart {
        periods = List.copyOf(Objects.requireNonNull(periods, "periods"));
        proxy = Objects.requireNonNull(proxy, "proxy").clone();
        outcome = Objects.requireNonNull(outcome, "outcome").clone();
        Objects.requireNonNull(recentFrom, "recentFrom");
        proxyChangePoints = List.copyOf(Objects.requireNonNull(proxyChangePoints, "proxyChangePoints"));
        if (proxy.length != periods.size() || outcome.length != periods.size()) {
            throw new IllegalArgumentException("a chart needs one value per period: " + periods.size() + " periods, "
                    + proxy.length + " proxy values, " + outcome.length + " outcome values");
        }
        for (int i = 0; i < proxy.length; i++) {
            if (Double.isInfinite(proxy[i]) || Double.isInfinite(outcome[i])) {
                throw new IllegalArgumentException("a chart's values are finite or NaN (missing); period " + i
                        + " is infinite");
            }
        }
        int split = periods.indexOf(recentFrom);
        if (split < 1) {
            throw new IllegalArgumentException("recentFrom " + recentFrom + " must be one of the periods after the first");
        }
        for (LocalDate d : proxyChangePoints) {
            if (!periods.contains(d)) {
                throw new IllegalArgumentException("change point " + d + " is not one of the chart's periods");
            }
        }
    }

    /** Number of periods. */
    public int length() {
        return periods.size();
    }

    /** Index of the first recent period. */
    public int split() {
        return periods.indexOf(recentFrom);
    }

    /** The first day of the baseline window (the first period). */
    public LocalDate baselineFrom() {
        return periods.get(0);
    }

    /** The first day of the last baseline period. */
    public LocalDate baselineTo() {
        return periods.get(split() - 1);
    }

    @Override
    public double[] proxy() {
        return proxy.clone();
    }

    @Override
    public double[] outcome() {
        return outcome.clone();
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PairChart c && periods.equals(c.periods) && Arrays.equals(proxy, c.proxy)
                && Arrays.equals(outcome, c.outcome) && recentFrom.equals(c.recentFrom)
                && Objects.equals(intervention, c.intervention) && proxyChangePoints.equals(c.proxyChangePoints)
                && Double.compare(proxyBaselineMean, c.proxyBaselineMean) == 0
                && Double.compare(proxyRecentMean, c.proxyRecentMean) == 0
                && Double.compare(outcomeBaselineMean, c.outcomeBaselineMean) == 0
                && Double.compare(outcomeRecentMean, c.outcomeRecentMean) == 0;
    }

    @Override
    public int hashCode() {
        return Objects.hash(periods, recentFrom, intervention, proxyChangePoints) * 31 * 31
                + Arrays.hashCode(proxy) * 31 + Arrays.hashCode(outcome);
    }

    @Override
    public String toString() {
        return "PairChart[" + periods.size() + " periods from " + (periods.isEmpty() ? "-" : periods.get(0))
                + ", recent from " + recentFrom + ", " + proxyChangePoints.size() + " proxy change points"
                + (intervention == null ? "" : ", intervention " + intervention.date()) + "]";
    }
}
