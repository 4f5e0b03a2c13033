package dev.goodhart.detect;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.Link;
import dev.goodhart.model.Metric;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Objects;

/**
 * The input to a detector: one proxy and one outcome series for one segment on a common calendar, already lagged
 * (element {@code t} of the outcome is the value {@link Link#lag()} periods after element {@code t} of the proxy),
 * with the split between the baseline window ({@code [0, split)}) and the recent window ({@code [split, length)}).
 * NaN marks a missing period. Arrays are copied in and out.
 *
 * @param link        the link being scored
 * @param proxyMetric the proxy's metric
 * @param outcomeMetric the outcome's metric
 * @param segment     the segment, {@code "*"} for the whole organisation
 * @param granularity the period length
 * @param start       first day of period 0
 * @param proxy       proxy values as measured
 * @param outcome     outcome values as measured (not sign-adjusted)
 * @param split       index of the first recent period, 1 .. length - 1
 * @param seed        seed for any resampling, fixed per segment and link
 * @param intervention whether the split is an intervention date (false: the calendar's half-way point)
 */
public record PairSeries(Link link, Metric proxyMetric, Metric outcomeMetric, String segment, Granularity granularity,
        LocalDate start, double[] proxy, double[] outcome, int split, long seed, boolean intervention)
        implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** @throws IllegalArgumentException if lengths differ, the split is outside the series or a value is infinite */
    public PairSeries {
        Objects.requireNonNull(link, "link");
        Objects.requireNonNull(proxyMetric, "proxyMetric");
        Objects.requireNonNull(outcomeMetric, "outcomeMetric");
        Objects.requireNonNull(segment, "segment");
        Objects.requireNonNull(granularity, "granularity");
        Objects.requireNonNull(start, "start");
        proxy = Objects.requireNonNull(proxy, "proxy").clone();
        outcome = Objects.requireNonNull(outcome, "outcome").clone();
        if (proxy.length != outcome.length) {
            throw new IllegalArgumentException("pair " + link + ": proxy has " + proxy.length
                    + " periods but outcome has " + outcome.length);
        }
        if (split < 1 || split >= proxy.length) {
            throw new IllegalArgumentException("pair " + link + ": split " + split + " outside 1.." + (proxy.length - 1));
        }
        for (int i = 0; i < proxy.length; i++) {
            if (Double.isInfinite(proxy[i]) || Double.isInfinite(outcome[i])) {
                throw new IllegalArgumentException("pair " + link + " in segment " + segment
                        + ": infinite value at period " + i);
            }
        }
    }

    /** Number of periods. */
    public int length() {
        return proxy.length;
    }

    @Override
    public double[] proxy() {
        return proxy.clone();
    }

    @Override
    public double[] outcome() {
        return outcome.clone();
    }

    /**
     * The proxy signed so that up is "more use", times the link's expected sign: a positive co-movement with
     * {@link #betterOutcome()} is what the link expects.
     */
    public double[] signedProxy() {
        double s = proxyMetric.direction().sign() * link.expectedSign();
        double[] out = proxy.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= s;
        }
        return out;
    }

    /** The outcome signed by its direction, so that up is always better. */
    public double[] betterOutcome() {
        double s = outcomeMetric.direction().sign();
        double[] out = outcome.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] *= s;
        }
        return out;
    }

    /** Sign (+1 or -1) that turns a log-change of the proxy into "more use". */
    public int proxySign() {
        return proxyMetric.direction() == Direction.HIGHER ? 1 : -1;
    }

    /** Sign (+1 or -1) that turns a log-change of the outcome into "better". */
    public int outcomeSign() {
        return outcomeMetric.direction().sign();
    }

    /** First day of the first recent period. */
    public LocalDate splitDate() {
        return granularity.plus(start, split);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PairSeries p && link.equals(p.link) && proxyMetric.equals(p.proxyMetric)
                && outcomeMetric.equals(p.outcomeMetric) && segment.equals(p.segment) && granularity == p.granularity
                && start.equals(p.start) && Arrays.equals(proxy, p.proxy) && Arrays.equals(outcome, p.outcome)
                && split == p.split && seed == p.seed && intervention == p.intervention;
    }

    @Override
    public int hashCode() {
        return Objects.hash(link, segment, start, split, seed) * 31 + Arrays.hashCode(proxy);
    }

    @Override
    public String toString() {
        return "PairSeries[" + link + ", segment " + segment + ", " + proxy.length + " " + granularity.adjective()
                + " periods, recent from " + splitDate() + "]";
    }
}
