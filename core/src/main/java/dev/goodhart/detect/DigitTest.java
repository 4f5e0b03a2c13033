package dev.goodhart.detect;

import dev.goodhart.internal.Text;
import dev.goodhart.model.Variant;
import dev.goodhart.model.Finding;
import dev.goodhart.model.Segments;
import dev.goodhart.stats.Benford;
import dev.goodhart.stats.BenfordResult;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Digit test: do self-reported numbers look made up?
 *
 * <p>Method: Benford's first-digit law (Benford 1938; Nigrini 2012), chi-square goodness of fit with 8 degrees of
 * freedom and the mean absolute deviation (MAD) with Nigrini's conformity classes, on the period values of the
 * link's metrics that the model marks {@link dev.goodhart.model.IntegrityModel#selfReported() self-reported}: pooled over
 * all segments (organisation finding) and per segment with at least 50 values. Benford's law holds for amounts that
 * span several orders of magnitude; mark only such metrics. Statistic: chi-square. p-value: its upper tail.
 * Effect: the MAD.
 */
public final class DigitTest implements PortfolioDetector {
    /** The detector's name in reports. */
    public static final String NAME = "digit-test";
    /** Weight 0.4; does not decide a pair alone; supports ADVERSARIAL. */
    static final Description DESCRIPTION = Description.of(0.4, false, "Benford (1938) first-digit test (Nigrini 2012)", Variant.ADVERSARIAL);
    private static final int MIN_VALUES = 50;

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
        List<String> metrics = new ArrayList<>();
        for (String m : List.of(portfolio.link().proxy(), portfolio.link().outcome())) {
            if (portfolio.model().selfReported().contains(m)) {
                metrics.add(m);
            }
        }
        if (metrics.isEmpty()) {
            return PortfolioResult.skipped("no metric of this link is marked self-reported");
        }
        Map<String, List<Finding>> findings = new HashMap<>();
        for (String metric : metrics) {
            boolean isProxy = metric.equals(portfolio.link().proxy());
            List<Double> pooled = new ArrayList<>();
            for (PairSeries p : portfolio.segments()) {
                double[] v = isProxy ? p.proxy() : p.outcome();
                List<Double> own = new ArrayList<>();
                for (double d : v) {
                    if (Benford.firstDigit(d) > 0) {
                        own.add(d);
                    }
                }
                pooled.addAll(own);
                if (own.size() >= MIN_VALUES) {
                    findings.computeIfAbsent(p.segment(), k -> new ArrayList<>()).add(finding(metric, p.segment(), own));
                }
            }
            if (pooled.size() >= MIN_VALUES) {
                findings.computeIfAbsent(Segments.ALL, k -> new ArrayList<>()).add(finding(metric, "all segments", pooled));
            }
        }
        if (findings.isEmpty()) {
            return PortfolioResult.skipped("needs at least " + MIN_VALUES + " non-zero values of a self-reported metric");
        }
        return PortfolioResult.of(findings);
    }

    private static Finding finding(String metric, String where, List<Double> values) {
        BenfordResult r = Benford.firstDigitTest(values.stream().mapToDouble(Double::doubleValue).toArray());
        String msg = "The leading digits of " + metric + " in " + where + " (" + r.n() + " values) "
                + (r.pValue() < 0.05 ? "depart from" : "agree with") + " the pattern of naturally occurring numbers "
                + "(Benford's law).";
        String detail = "chi-square " + dev.goodhart.internal.Text.num(r.chiSquare(), 1) + ", df 8, p "
                + Text.pEquals(r.pValue()) + "; MAD " + dev.goodhart.internal.Text.num(r.mad(), 4) + ", "
                + r.conformity();
        return Finding.of(NAME, r.chiSquare(), r.pValue(), r.mad(), msg, detail);
    }
}
