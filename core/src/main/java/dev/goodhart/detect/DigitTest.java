package dev.goodhart.detect;

import dev.goodhart.internal.Text;
import dev.goodhart.model.Variant;
import dev.goodhart.model.Finding;
import dev.goodhart.stats.Benford;
import dev.goodhart.stats.BenfordResult;
import java.util.ArrayList;
import java.util.Optional;
import java.util.List;

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
public final class DigitTest implements StagedPortfolioDetector<DigitTest.Digits, Boolean> {
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

    /**
     * A segment's leading-digit counts (digits 1 to 9) of each self-reported metric of the link, proxy first; null for
     * a metric that is not self-reported.
     *
     * @param proxy   the proxy's counts, or null
     * @param outcome the outcome's counts, or null
     */
    public record Digits(long[] proxy, long[] outcome) implements java.io.Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** The link's self-reported metrics, proxy first. */
    private static List<String> selfReported(Context context) {
        List<String> metrics = new ArrayList<>();
        for (String m : List.of(context.link().proxy(), context.link().outcome())) {
            if (context.model().selfReported().contains(m)) {
                metrics.add(m);
            }
        }
        return metrics;
    }

    private static long[] counts(double[] values) {
        long[] counts = new long[9];
        for (double d : values) {
            int digit = Benford.firstDigit(d);
            if (digit > 0) {
                counts[digit - 1]++;
            }
        }
        return counts;
    }

    private static long total(long[] counts) {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    @Override
    public Digits summarize(Context context, PairSeries p) {
        List<String> metrics = selfReported(context);
        if (metrics.isEmpty()) {
            return null;
        }
        // the digits people typed: declared counting changes are not undone here
        return new Digits(metrics.contains(context.link().proxy()) ? counts(p.countedProxyValues()) : null,
                metrics.contains(context.link().outcome()) ? counts(p.countedOutcomeValues()) : null);
    }

    /** Sums the segments' digit counts (18 numbers, whatever the number of segments). */
    @Override
    public Merger<Digits, Boolean> merger(Context context) {
        List<String> metrics = selfReported(context);
        long[] proxy = new long[9];
        long[] outcome = new long[9];
        return new Merger<>() {
            @Override
            public void add(Digits d) {
                for (int i = 0; i < 9; i++) {
                    proxy[i] += d.proxy() == null ? 0 : d.proxy()[i];
                    outcome[i] += d.outcome() == null ? 0 : d.outcome()[i];
                }
            }

            @Override
            public Conclusion<Boolean> conclude(Optional<PairSeries> organisation) {
                if (metrics.isEmpty()) {
                    return Conclusion.skipped("no metric of this link is marked self-reported");
                }
                List<Finding> pooled = new ArrayList<>();
                for (String metric : metrics) {
                    long[] c = metric.equals(context.link().proxy()) ? proxy : outcome;
                    if (total(c) >= MIN_VALUES) {
                        pooled.add(finding(metric, "all segments", c));
                    }
                }
                return new Conclusion<>(Boolean.TRUE, pooled, null);
            }
        };
    }

    @Override
    public List<Finding> findings(Context context, Boolean shared, PairSeries p) {
        List<Finding> out = new ArrayList<>();
        for (String metric : selfReported(context)) {
            long[] own = counts(metric.equals(context.link().proxy()) ? p.countedProxyValues()
                    : p.countedOutcomeValues());
            if (total(own) >= MIN_VALUES) {
                out.add(finding(metric, p.segment(), own));
            }
        }
        return out;
    }

    @Override
    public String noFindingReason(Boolean shared) {
        return "needs at least " + MIN_VALUES + " non-zero values of a self-reported metric";
    }

    private static Finding finding(String metric, String where, long[] counts) {
        BenfordResult r = Benford.ofCounts(counts);
        String msg = "The leading digits of " + metric + " in " + where + " (" + r.n() + " values) "
                + (r.pValue() < 0.05 ? "depart from" : "agree with") + " the pattern of naturally occurring numbers "
                + "(Benford's law).";
        String detail = "chi-square " + dev.goodhart.internal.Text.num(r.chiSquare(), 1) + ", df 8, p "
                + Text.pEquals(r.pValue()) + "; MAD " + dev.goodhart.internal.Text.num(r.mad(), 4) + ", "
                + r.conformity();
        return Finding.of(NAME, r.chiSquare(), r.pValue(), r.mad(), msg, detail);
    }
}
