package dev.goodhart.detect;

import dev.goodhart.internal.Text;
import dev.goodhart.model.Direction;
import dev.goodhart.model.Link;
import dev.goodhart.model.Metric;
import dev.goodhart.stats.Descriptive;
import java.util.Locale;
import java.util.Set;

/**
 * An outcome declared a share, near its ceiling, read by what it lacks of it. A success rate of 95% (higher is better)
 * can rise by at most 5.3%, every failure gone; a gain owed as a share of the outcome itself (a doubling of use should
 * buy 7% better) is out of its reach, and a team that cut its failures by 30% (95% to 96.5%, 1.6% better) would read
 * as having bought too little. Such an outcome is read as its shortfall from the ceiling, {@code 1 - share} (or
 * {@code 100 - share} for a percentage), lower better: 5% to 3.5%, 30% better.
 *
 * <p>It reads so when the metric's unit declares a share ({@value #SHARE_UNITS_TEXT}: ceiling 1; {@value
 * #PERCENT_UNITS_TEXT}: ceiling 100; any case), higher is better, every observed value lies in {@code [0, ceiling]}
 * (a value beyond it by rounding, within a billionth of the ceiling, counts as its end) and the segment's baseline
 * mean (before the declared split) is above half the ceiling. Below one half the share itself has the room (a conversion rate); at one
 * half the two readings move alike for small changes. The choice is made per segment, so segments of one organisation
 * whose shares lie far apart on either side of one half are read on different scales, and their median change (the
 * organisation's reference) mixes them. The values decide nothing without the declared unit: an outcome whose values
 * happen to lie in [0, 1] (0.8 pull requests per engineer) is read as it is, and so is a rescaled one (the detectors'
 * units contract); the command line declares a share an averaged outcome given without a unit whose every value, in
 * every segment, lies in [0, 1], one decision a metric, and says so. A lower-is-better share (a failure rate) is read
 * as it is: its relative fall has the room.
 */
final class ShareCeiling {
    static final String SHARE_UNITS_TEXT = "share, ratio, fraction, proportion";
    static final String PERCENT_UNITS_TEXT = "%, percent, percentage, pct";
    /** Units that declare a share of 1. */
    private static final Set<String> SHARE_UNITS = Set.of("share", "ratio", "fraction", "proportion");
    /** Units that declare a share of 100. */
    private static final Set<String> PERCENT_UNITS = Set.of("%", "percent", "percentage", "pct");
    /** A value beyond the range by at most this share of the ceiling is its end, rounded. */
    private static final double ROUNDING = 1e-9;

    private ShareCeiling() {
    }

    /** The pair with its outcome read as its shortfall from the ceiling where that applies, else the pair itself. */
    static PairSeries read(PairSeries s) {
        double ceiling = ceiling(s);
        if (Double.isNaN(ceiling)) {
            return s;
        }
        double[] v = s.outcome();
        for (int t = 0; t < v.length; t++) {
            v[t] = Math.min(ceiling, Math.max(0, ceiling - v[t]));
        }
        Metric om = s.outcomeMetric();
        String name = name(om, ceiling);
        Metric shortfall = new Metric(name, om.role(), Direction.LOWER, om.unit(), om.aggregation(),
                om.nonNegative());
        Link l = s.link();
        Link link = new Link(l.proxy(), name, l.expectedSign(), l.lag(), l.minimumElasticity());
        return s.describedAs(new PairSeries(link, s.proxyMetric(), shortfall, s.segment(), s.granularity(),
                s.start(), s.proxy(), v, s.split(), s.seed(), s.intervention()));
    }

    /**
     * The sentence that says how {@code original}'s outcome is read, for a pair {@link #read} changed: "success is a
     * share, above one half (95.1% in the baseline): it is read by what it lacks of 1, 1 - success, lower better."
     */
    static String clause(PairSeries original) {
        double ceiling = ceiling(original);
        double mean = Descriptive.meanOfFinite(original.outcome(), 0, original.split());
        Metric om = original.outcomeMetric();
        String level = Text.num(100 * mean / ceiling, 1) + "%";
        return om.name() + " is a share, above one half (" + level + " in the baseline): it is read by what it lacks of "
                + ceilingText(ceiling) + ", " + name(om, ceiling) + ", lower better. ";
    }

    /** The ceiling (1, or 100 for a percentage) where the pair's outcome is read by its shortfall from it, else NaN. */
    static double ceiling(PairSeries s) {
        Metric om = s.outcomeMetric();
        if (om.direction() != Direction.HIGHER) {
            return Double.NaN;
        }
        String unit = om.unit().toLowerCase(Locale.ROOT);
        double ceiling = SHARE_UNITS.contains(unit) ? 1 : PERCENT_UNITS.contains(unit) ? 100 : Double.NaN;
        if (Double.isNaN(ceiling)) {
            return Double.NaN;
        }
        double[] v = s.outcome();
        double highest = Double.NEGATIVE_INFINITY;
        for (double x : v) {
            highest = Double.isNaN(x) ? highest : Math.max(highest, x);
        }
        // percent values declared a share (95-99 as "share") are on a scale of 100: a share cannot pass 1 (they were
        // read as no share at all). Not the reverse: a conversion rate of 0.9% in percent stays a percentage
        if (ceiling == 1 && highest > 1 + ROUNDING && Descriptive.meanOfFinite(v, 0, s.split()) > 1) {
            ceiling = 100;
        }
        for (double x : v) {
            if (x < -ceiling * ROUNDING || x > ceiling * (1 + ROUNDING)) {
                return Double.NaN;
            }
        }
        double mean = Descriptive.meanOfFinite(v, 0, s.split());
        return mean > ceiling / 2 ? ceiling : Double.NaN;
    }

    private static String name(Metric om, double ceiling) {
        return ceilingText(ceiling) + " - " + om.name();
    }

    private static String ceilingText(double ceiling) {
        return ceiling == 1 ? "1" : "100";
    }
}
