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
 * segments, clipped to [0, 1]), less its outcome gain beyond the controls'. Segments are the units, so the test does
 * not depend on autocorrelation within a series: the controls' own {@code E} values give the spread {@code s}, and
 * {@code t = E / (s sqrt(1 + 1/n_C))} has a t distribution with {@code n_C - 1} degrees of freedom.
 *
 * <p>p-value: one-sided (concern: the outcome fell short). Effect: E in log points. A finding for every treated
 * segment. Skipped without at least 3 untreated segments and 1 treated one, or when values are negative (zero periods are data: log(v + c), c half the baseline mean).
 */
public final class DifferenceInDifferences implements PortfolioDetector {
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

    @Override
    public PortfolioResult detect(Portfolio portfolio) {
        // by index: views that get each pair from the portfolio when needed (it may build them on demand)
        List<PairSeries> all = portfolio.segments();
        List<Integer> treatedAt = new ArrayList<>();
        List<Integer> controlsAt = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            (all.get(i).intervention() ? treatedAt : controlsAt).add(i);
        }
        List<PairSeries> treated = com.google.common.collect.Lists.transform(treatedAt, all::get);
        List<PairSeries> controls = com.google.common.collect.Lists.transform(controlsAt, all::get);
        if (treated.isEmpty()) {
            return PortfolioResult.skipped("no segment had an intervention");
        }
        if (controls.size() < MIN_CONTROLS) {
            return PortfolioResult.skipped("needs at least " + MIN_CONTROLS + " segments without the intervention as "
                    + "controls, found " + controls.size());
        }
        double beta = pooledElasticity(portfolio.segments());
        Map<String, List<Finding>> out = new LinkedHashMap<>();
        // the controls' changes depend only on the calendar and the date: computed once per rollout wave, so that a
        // staggered rollout costs (waves x controls), not (treated x controls), pair builds
        Map<String, List<double[]>> byDate = new java.util.HashMap<>();
        for (PairSeries s : treated) {
            double[] own = change(s, s.split());
            if (own == null) {
                continue;
            }
            List<double[]> c = byDate.computeIfAbsent(s.start() + "/" + s.length() + "/" + s.split(), key -> {
                List<double[]> changes = new ArrayList<>();
                for (PairSeries k : controls) {
                    if (k.length() == s.length() && k.start().equals(s.start())) {
                        double[] ch = change(k, s.split());
                        if (ch != null) {
                            changes.add(ch);
                        }
                    }
                }
                return changes;
            });
            if (c.size() < MIN_CONTROLS) {
                continue;
            }
            double mp = 0;
            double mo = 0;
            for (double[] ch : c) {
                mp += ch[0] / c.size();
                mo += ch[1] / c.size();
            }
            double ss = 0;
            for (double[] ch : c) {
                double e = beta * (ch[0] - mp) - (ch[1] - mo);
                ss += e * e;
            }
            double sd = Math.sqrt(ss / (c.size() - 1));
            if (!(sd > 0)) {
                continue;
            }
            double e = beta * (own[0] - mp) - (own[1] - mo);
            double t = e / (sd * Math.sqrt(1 + 1.0 / c.size()));
            double p = dev.goodhart.internal.Tails.t(t, c.size() - 1);
            int useSign = s.proxySign() * s.link().expectedSign();
            String msg = "Since " + s.splitDate() + ", against " + c.size() + " segments without the intervention, "
                    + s.link().proxy() + " ran " + InterventionResponse.trend(
                            Text.comparative(useSign * (own[0] - mp), Wording.duration(s.proxyMetric())), "theirs")
                    + " and " + s.link().outcome() + " " + InterventionResponse.trend(
                            Wording.outcomeComparative(s.outcomeMetric(), own[1] - mo), "theirs")
                    + "; the pooled elasticity " + Text.num(beta, 2) + " expects "
                    + Wording.outcomeComparative(s.outcomeMetric(), beta * (own[0] - mp)) + ".";
            String detail = "t = " + Text.num(t, 2) + ", " + (c.size() - 1) + " df, one-sided p " + Text.pEquals(p);
            out.put(s.segment(), List.of(Finding.of(NAME, t, p, e, msg, detail)));
        }
        if (out.isEmpty()) {
            return PortfolioResult.skipped("no treated segment had enough positive data before and after its intervention, "
                    + "with enough controls over the same dates");
        }
        return PortfolioResult.of(out);
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

    private static double pooledElasticity(List<PairSeries> segments) {
        double sxy = 0;
        double sxx = 0;
        for (PairSeries s : segments) {
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
                continue;
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
        }
        return sxx > 0 ? Math.max(0, Math.min(1, sxy / sxx)) : 0;
    }
}
