package dev.goodhart.detect;

import dev.goodhart.model.Variant;
import dev.goodhart.model.Finding;
import dev.goodhart.internal.Text;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Difference-in-differences: when some segments had the intervention and others did not, did the treated segments'
 * proxy rise beyond the untreated ones' without their outcome following?
 *
 * <p>Method (Card &amp; Krueger 1994; Angrist &amp; Pischke 2009, ch. 5): for each segment, the change of the mean log
 * proxy (signed as "more use") and of the mean log outcome (signed so that up is better) from before to after the
 * treated segment's intervention date; the untreated segments are measured over the same dates. A treated segment's
 * shortfall is {@code E = beta (dp - mean dp_C) - (do - mean do_C)}: its proxy rise beyond the controls' times the
 * pooled baseline elasticity {@code beta} (slope of log-outcome changes on log-proxy changes before the split, all
 * segments, clipped to [0, 1]), less its outcome gain beyond the controls'; a rise beyond the controls' of more than
 * fourfold owes what a fourfold rise owes ({@link ChangeElasticity#MAX_OWED_RISE}). Segments are the units, so the test
 * does not depend on autocorrelation within a series: the controls' own {@code E} values give the spread {@code s}, and
 * {@code t = E / (s sqrt(1 + 1/n_C))} has a t distribution with {@code n_C - 1} degrees of freedom.
 *
 * <p>p-value: one-sided (concern: the outcome fell short). Effect: E in log points. A finding for every treated
 * segment. Skipped without at least 3 untreated segments and 1 treated one, or when values are negative (zero periods are data: log(v + c), c half the baseline mean).
 */
public final class DifferenceInDifferences
        implements StagedPortfolioDetector<DifferenceInDifferences.Summary, DifferenceInDifferences.Controls> {
    /** The detector's name in reports. */
    public static final String NAME = "difference-in-differences";
    /** Weight 0.2; decides a pair; supports CAUSAL. */
    static final Description DESCRIPTION = Description.of(0.2, true, "difference in differences against segments without the intervention (Card and Krueger 1994)", Variant.CAUSAL);
    private static final int MIN_CONTROLS = 3;
    private static final int MIN_POINTS = 4;

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public Description description() {
        return DESCRIPTION;
    }

    /**
     * A segment's part: its baseline co-movement (the sums the pooled elasticity adds up) and, for a segment without
     * the intervention, its changes at each intervention date of the model; for a treated segment only the co-movement.
     *
     * @param treated   whether the segment had the intervention
     * @param sxy       its baseline cross-product of centred changes (0 when it has fewer than 3)
     * @param sxx       its baseline sum of squared centred proxy changes (0 when it has fewer than 3)
     * @param calendar  its calendar ({@code start/length})
     * @param splits    for a control, the splits it was measured at (the model's intervention dates)
     * @param changes   for a control, {proxy change, outcome change} at each split, NaN where too thin
     */
    public record Summary(boolean treated, double sxy, double sxx, String calendar, int[] splits, double[] changes)
            implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        /** Checks for nulls. */
        public Summary {
            java.util.Objects.requireNonNull(calendar, "calendar");
            java.util.Objects.requireNonNull(splits, "splits");
            java.util.Objects.requireNonNull(changes, "changes");
        }
    }

    /**
     * What treated segments need: the pooled elasticity and, per calendar and split, the controls' changes (count,
     * means and co-moments, folded in segment order).
     *
     * @param beta     the pooled baseline elasticity
     * @param controls the controls' moments by {@code start/length/split}
     */
    public record Controls(double beta, java.util.Map<String, Moments> controls) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;

        /** Checks for nulls. */
        public Controls {
            java.util.Objects.requireNonNull(controls, "controls");
        }
    }

    /**
     * Running means and co-moments of the controls' {proxy change, outcome change} (Welford's updates).
     *
     * @param n   how many
     * @param mp  mean proxy change
     * @param mo  mean outcome change
     * @param spp sum of squared deviations of the proxy changes
     * @param soo sum of squared deviations of the outcome changes
     * @param spo sum of cross-products of deviations
     */
    public record Moments(int n, double mp, double mo, double spp, double soo, double spo)
            implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
        static final Moments EMPTY = new Moments(0, 0, 0, 0, 0, 0);

        Moments plus(double p, double o) {
            int k = n + 1;
            double dp = p - mp;
            double dO = o - mo;
            double np = mp + dp / k;
            double no = mo + dO / k;
            return new Moments(k, np, no, spp + dp * (p - np), soo + dO * (o - no), spo + dp * (o - no));
        }

        /** The sum of squares of {@code beta (p - mean p) - (o - mean o)}. */
        double shortfallSquares(double beta) {
            return Math.max(0, beta * beta * spp - 2 * beta * spo + soo);
        }
    }

    private static String calendar(PairSeries s) {
        return s.start() + "/" + s.length();
    }

    @Override
    public Summary summarize(Context context, PairSeries s) {
        return summarize(context, s, java.util.Set.of());
    }

    /**
     * The stages on one machine; a control is also measured at the splits of the portfolio's treated pairs, which a
     * portfolio built by hand may have without the model's intervention dates.
     */
    @Override
    public PortfolioResult detect(Portfolio portfolio) {
        java.util.Set<Integer> treatedSplits = new java.util.HashSet<>();
        for (PairSeries s : portfolio.segments()) {
            if (s.intervention()) {
                treatedSplits.add(s.split());
            }
        }
        Context context = Context.of(portfolio);
        return StagedPortfolioDetector.run(this, portfolio, pair -> summarize(context, pair, treatedSplits));
    }

    private Summary summarize(Context context, PairSeries s, java.util.Set<Integer> treatedSplits) {
        double[] co = coMovement(s);
        if (s.intervention()) {
            return new Summary(true, co[0], co[1], calendar(s), new int[0], new double[0]);
        }
        // a control is measured at every intervention date of the model that falls inside its calendar
        java.util.TreeSet<Integer> splits = new java.util.TreeSet<>();
        for (dev.goodhart.model.Intervention i : context.model().interventions()) {
            long split = s.granularity().between(s.start(), s.granularity().periodStart(i.date()));
            if (split >= 1 && split < s.length()) {
                splits.add((int) split);
            }
        }
        for (int split : treatedSplits) {
            if (split >= 1 && split < s.length()) {
                splits.add(split);
            }
        }
        int[] at = splits.stream().mapToInt(Integer::intValue).toArray();
        double[] changes = new double[2 * at.length];
        for (int k = 0; k < at.length; k++) {
            double[] ch = change(s, at[k]);
            changes[2 * k] = ch == null ? Double.NaN : ch[0];
            changes[2 * k + 1] = ch == null ? Double.NaN : ch[1];
        }
        return new Summary(false, co[0], co[1], calendar(s), at, changes);
    }

    /** Folds the pooled elasticity's sums and the controls' moments per calendar and split; a few numbers a date. */
    @Override
    public Merger<Summary, Controls> merger(Context context) {
        return new Merger<>() {
            private double sxy;
            private double sxx;
            private int treated;
            private int controls;
            private final java.util.Map<String, Moments> moments = new java.util.TreeMap<>();

            @Override
            public void add(Summary s) {
                sxy += s.sxy();
                sxx += s.sxx();
                if (s.treated()) {
                    treated++;
                    return;
                }
                controls++;
                for (int k = 0; k < s.splits().length; k++) {
                    double p = s.changes()[2 * k];
                    if (!Double.isNaN(p)) {
                        moments.merge(s.calendar() + "/" + s.splits()[k], Moments.EMPTY.plus(p, s.changes()[2 * k + 1]),
                                (old, one) -> old.plus(one.mp(), one.mo()));
                    }
                }
            }

            @Override
            public Conclusion<Controls> conclude(java.util.Optional<PairSeries> organisation) {
                if (treated == 0) {
                    return Conclusion.skipped("no segment had an intervention");
                }
                if (controls < MIN_CONTROLS) {
                    return Conclusion.skipped("needs at least " + MIN_CONTROLS + " segments without the intervention "
                            + "as controls, found " + controls);
                }
                double beta = sxx > 0 ? Math.max(0, Math.min(1, sxy / sxx)) : 0;
                return new Conclusion<>(new Controls(beta, new java.util.TreeMap<>(moments)), List.of(), null);
            }
        };
    }

    @Override
    public String noFindingReason(Controls shared) {
        return "no treated segment had enough positive data before and after its intervention, "
                + "with enough controls over the same dates";
    }

    @Override
    public List<Finding> findings(Context context, Controls shared, PairSeries s) {
        if (!s.intervention()) {
            return List.of();
        }
        double[] own = change(s, s.split());
        if (own == null) {
            return List.of();
        }
        Moments c = shared.controls().get(calendar(s) + "/" + s.split());
        if (c == null || c.n() < MIN_CONTROLS) {
            return List.of();
        }
        double beta = shared.beta();
        double mp = c.mp();
        double mo = c.mo();
        double sd = Math.sqrt(c.shortfallSquares(beta) / (c.n() - 1));
        if (!(sd > 0)) {
            return List.of();
        }
        // a rise beyond fourfold owes what a fourfold rise owes (ChangeElasticity.MAX_OWED_RISE)
        double owed = ChangeElasticity.owedRise(own[0] - mp);
        double e = beta * owed - (own[1] - mo);
        double t = e / (sd * Math.sqrt(1 + 1.0 / c.n()));
        double p = dev.goodhart.internal.Tails.t(t, c.n() - 1);
        int useSign = s.proxySign() * s.link().expectedSign();
        String msg = "Since " + s.splitDate() + ", against " + c.n() + " segments without the intervention, "
                + s.proxyLabel() + " ran " + InterventionResponse.trend(
                        Text.comparative(useSign * (own[0] - mp), Wording.duration(s.proxyMetric())), "theirs")
                + " and " + s.outcomeLabel() + " " + InterventionResponse.trend(
                        Wording.outcomeComparative(s.outcomeMetric(), own[1] - mo), "theirs")
                + "; the pooled elasticity " + Text.num(beta, 2) + " expects "
                + Wording.outcomeComparative(s.outcomeMetric(), beta * owed)
                + (own[0] - mp > ChangeElasticity.MAX_OWED_RISE
                        ? " (a rise beyond fourfold owes no more)" : "") + ".";
        String detail = "t = " + Text.num(t, 2) + ", " + (c.n() - 1) + " df, one-sided p " + Text.pEquals(p);
        return List.of(Finding.of(NAME, t, p, e, msg, detail));
    }

    /** {mean log proxy after - before, mean log outcome after - before}, signed; null when a window is too thin. */
    private static double[] change(PairSeries s, int split) {
        double[] p = s.proxy();
        double[] o = s.outcome();
        double xs = s.proxySign() * s.link().expectedSign();
        double cp = LogScale.offset(p, split);
        double co = LogScale.offset(o, split);
        if (Double.isNaN(cp) || Double.isNaN(co)) {
            return null;
        }
        double[] sum = new double[4];
        int[] n = new int[2];
        for (int t = 0; t < p.length; t++) {
            if (Double.isNaN(p[t]) || Double.isNaN(o[t])) {
                continue;
            }
            int w = t < split ? 0 : 1;
            sum[2 * w] += xs * Math.log(p[t] + cp);
            sum[2 * w + 1] += s.outcomeSign() * Math.log(o[t] + co);
            n[w]++;
        }
        if (n[0] < MIN_POINTS || n[1] < MIN_POINTS) {
            return null;
        }
        return new double[] {sum[2] / n[1] - sum[0] / n[0], sum[3] / n[1] - sum[1] / n[0]};
    }

    /** {sxy, sxx} of the segment's baseline period-over-period log changes, centred; {0, 0} with fewer than 3. */
    private static double[] coMovement(PairSeries s) {
        double sxy = 0;
        double sxx = 0;
        double[] p = s.proxy();
        double[] o = s.outcome();
        double xs = s.proxySign() * s.link().expectedSign();
        List<double[]> ch = new ArrayList<>();
        for (int t = 1; t < s.split(); t++) {
            if (p[t] > 0 && p[t - 1] > 0 && o[t] > 0 && o[t - 1] > 0) {
                ch.add(new double[] {xs * Math.log(p[t] / p[t - 1]), s.outcomeSign() * Math.log(o[t] / o[t - 1])});
            }
        }
        if (ch.size() < 3) {
            return new double[] {0, 0};
        }
        double mx = 0;
        double my = 0;
        for (double[] c : ch) {
            mx += c[0] / ch.size();
            my += c[1] / ch.size();
        }
        for (double[] c : ch) {
            sxy += (c[0] - mx) * (c[1] - my);
            sxx += (c[0] - mx) * (c[0] - mx);
        }
        return new double[] {sxy, sxx};
    }
}
