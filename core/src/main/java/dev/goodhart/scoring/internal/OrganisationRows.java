package dev.goodhart.scoring.internal;

import dev.goodhart.internal.Tails;
import dev.goodhart.model.Aggregation;
import dev.goodhart.model.Frame;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.OrganisationGaps;
import dev.goodhart.model.OrganisationStart;
import dev.goodhart.model.Segments;
import dev.goodhart.stats.CosineVariance;
import dev.goodhart.stats.Descriptive;
import java.util.Optional;
import java.util.OptionalInt;

/**
 * Rows given for the organisation itself (an empty segment, {@code "*"}, a null segment in memory) replace the sum of
 * the segments as the organisation's series of that metric. A few such rows (a stray line with an empty segment) then
 * leave the organisation with a few periods where its segments have many, and its row reads as too little data with
 * nothing to say why (a helper's organisation: DIVERGING 60, with one such row INSUFFICIENT_DATA). Said where the
 * organisation's series has values in fewer than half the periods of its fullest segment: the segments' sum has a value
 * wherever a member segment has one, so only rows of its own can leave it so short.
 */
public final class OrganisationRows {
    private OrganisationRows() {
    }

    /**
     * The note for {@code metric}'s organisation series, or empty where it is not short of its segments' (or the
     * frame is spilled, or has no segments: a live scorer's or a partition's frame of the organisation alone).
     */
    public static Optional<String> note(Frame frame, String metric) {
        if (frame.spilled() || frame.segments().isEmpty() || !frame.has(Segments.ALL, metric)
                || frame.organisationCount(metric).isPresent()) {
            // summed from the segments (and, where they began late, from where most had begun): not rows of its own
            return Optional.empty();
        }
        double[] organisation = frame.series(Segments.ALL, metric);
        int own = count(organisation);
        if (2 * own >= organisation.length) {
            return Optional.empty(); // a segment cannot have twice as many periods: the usual case, read at once
        }
        int fullest = 0;
        String example = null;
        for (String s : frame.segments()) {
            if (frame.has(s, metric)) {
                int c = count(frame.series(s, metric));
                if (c > fullest) {
                    fullest = c;
                    example = s;
                }
            }
        }
        if (2 * own >= fullest) {
            return Optional.empty();
        }
        return Optional.of("the organisation's " + metric + " is the rows given for the organisation itself (an empty "
                + "segment or *), values in " + own + (own == 1 ? " period" : " periods") + ", where segment " + example
                + " alone has " + fullest + ": without such rows it is the segments' sum (leave them out, or give "
                + "every period)");
    }

    /**
     * The note for a link's organisation row whose proxy and outcome aggregate different numbers of segments (a team
     * that gives its use and no outcome: its use counts in the organisation's proxy with nothing in its outcome), or
     * empty where the counts agree or are not known ({@link Frame#organisationCount}).
     */
    public static Optional<String> countsNote(Frame frame, String proxy, String outcome) {
        OptionalInt p = frame.organisationCount(proxy);
        OptionalInt o = frame.organisationCount(outcome);
        if (p.isEmpty() || o.isEmpty() || p.getAsInt() == o.getAsInt()) {
            return Optional.empty();
        }
        int more = Math.max(p.getAsInt(), o.getAsInt());
        int fewer = Math.min(p.getAsInt(), o.getAsInt());
        String wider = p.getAsInt() > o.getAsInt() ? proxy : outcome;
        String narrower = p.getAsInt() > o.getAsInt() ? outcome : proxy;
        int missing = more - fewer;
        return Optional.of("the organisation's row reads " + proxy + " over " + p.getAsInt() + segments(p.getAsInt())
                + " and " + outcome + " over " + o.getAsInt() + ", so it compares the two over different teams: at "
                + "least " + missing + (missing == 1 ? " segment gives " : " segments give ") + wider + " without "
                + narrower + " (give both for every segment, or leave out the segments with only one)");
    }

    /**
     * The note for a link's organisation row where its series, summed from segments, leaves out segments whose data
     * begin during its baseline, later than most, or leaves out the periods before most segments had begun ({@link
     * Frame#organisationStart}); empty otherwise, and where neither of the link's metrics is summed from segments
     * (rows given for the organisation itself).
     */
    public static Optional<String> startNote(Frame frame, String proxy, String outcome) {
        Optional<OrganisationStart> found = frame.organisationStart();
        if (found.isEmpty() || frame.organisationCount(proxy).isEmpty() && frame.organisationCount(outcome).isEmpty()) {
            return Optional.empty();
        }
        OrganisationStart start = found.get();
        if (start.leftOut() == 0 && start.earlier() == 0) {
            return Optional.empty();
        }
        StringBuilder b = new StringBuilder("the organisation's row sums the ").append(start.members())
                .append(segments(start.members())).append(" whose data begin by ").append(start.from())
                .append(" (or as soon after as their missing periods explain)");
        if (start.earlier() > 0) {
            b.append(", from that date on (").append(start.earlier()).append(" had begun before it, and their sum "
                    + "would rise as the others began)");
        }
        if (start.leftOut() > 0) {
            b.append(start.earlier() > 0 ? "; it leaves out " : ", and leaves out ").append(start.leftOut())
                    .append(start.leftOut() == 1 ? " segment whose data begin" : " segments whose data begin")
                    .append(" later, during its baseline, or end before the date (").append(String.join(", ",
                            start.examples())).append(start.leftOut() > start.examples().size() ? ", ..." : "")
                    .append("): their rows would enter or leave its sums there, a step that no team made (each is "
                            + "still read as a segment)");
        }
        return Optional.of(b.toString());
    }

    /** How far apart two parts' shares of missing segment periods must be for a note: two points. */
    private static final double GAPS_APART = 0.02;
    /**
     * And further apart than chance leaves them: a two-sided p-value of at most 0.0027, a normal z of 3 ({@link
     * #differenceP} of the periods' missing segments with their autocorrelation: rows missing in runs, an export's
     * outage of a week, a team away for a fortnight, make them autocorrelated, so that one or two runs more on one
     * side are not taken for a difference that independent periods would make significant).
     */
    private static final double GAPS_P = 0.0027;

    /**
     * The note for {@code metric}'s organisation series, summed from its segments, where its segments miss rows more
     * often in one part of its calendar than another ({@link Frame#organisationGaps}): the shares of missing segment
     * periods before the date and since, or in the first and second halves of the baseline, at least {@value
     * #GAPS_APART} apart and beyond chance (at most {@value #GAPS_P}; segments that miss as often throughout, a weekend
     * some teams skip, an outage of a week here and there, move no rise); empty otherwise, and for a metric read as
     * its mean (a missing segment moves a mean by its difference from the others, not by its whole value).
     */
    public static Optional<String> gapsNote(IntegrityModel model, Frame frame, String metric) {
        Optional<OrganisationGaps> found = frame.organisationGaps(metric);
        if (found.isEmpty() || model.metric(metric).aggregation() == Aggregation.MEAN) {
            return Optional.empty();
        }
        OrganisationGaps g = found.get();
        double[] missing = new double[g.missing().length()];
        for (int i = 0; i < missing.length; i++) {
            missing[i] = g.missing().get(i);
        }
        boolean apart = g.since() > 0 && apart(g.shareBefore(), g.shareSince(),
                differenceP(missing, 0, g.before(), g.before() + g.since(), g.members()));
        boolean halves = g.before() >= 4 && apart(g.shareEarly(), g.shareLate(),
                differenceP(missing, 0, g.before() / 2, g.before(), g.members()));
        if (!apart && !halves) {
            return Optional.empty();
        }
        String unit = switch (frame.granularity()) {
            case DAY -> "day";
            case WEEK -> "week";
            case MONTH -> "month";
        };
        String date = model.interventionFor(dev.goodhart.model.Segments.ALL).isPresent() ? "the date"
                : "the calendar's middle";
        StringBuilder b = new StringBuilder("the organisation's ").append(metric).append(" is the sum of ")
                .append(g.members()).append(segments(g.members())).append(", and some have no row in some ")
                .append(unit).append("s: ").append(percent(g.shareBefore())).append(" of the segments' ").append(unit)
                .append('s');
        if (g.since() > 0) {
            b.append(" before ").append(date);
        }
        b.append(" (").append(percent(g.shareEarly())).append(" in the first half of those, ")
                .append(percent(g.shareLate())).append(" in the second)");
        if (g.since() > 0) {
            b.append(" and ").append(percent(g.shareSince())).append(" since");
        }
        return Optional.of(b.append(", as few as ").append(g.fewest()).append(" of the ").append(g.members())
                .append(" in one ").append(unit).append(": a segment without a row adds nothing to that ").append(unit)
                .append("'s sum, so where its rows are missing the sum moves where no team's use did; where no row "
                        + "means none (no use), the sum is right, and declaring it so (the command line's "
                        + "--absent-zero) reads each segment's own rows so too").toString());
    }

    /**
     * The two-sided p-value of the difference between the mean missing segments of the periods {@code v[from..mid)}
     * and {@code v[mid..to)}, of {@code members} segments, read with their autocorrelation: {@link
     * #differenceP(double[], int, int, int, double)} with the variance independent periods would have, {@code members
     * p (1 - p)} for the pooled share {@code p}, as the floor (a few cosines of a series of mostly 0 can be near 0 by
     * chance: none of 60 segment months missing against 4 of 60 read as p 0.00005, where Fisher's exact test says
     * 0.12). Measured (2026-12-06, 200 organisations a case, scratch programs of this session and its reviewer): daily,
     * 90 days each side, every team's rows missing in outages of 5 to 10 days, a tenth of its days, alike on both
     * sides: 2 notes (independent periods: 77); two tenths of the teams without a row since the date: 196 (200). The
     * weekly and monthly cases are in README.
     */
    static double differenceP(double[] v, int from, int mid, int to, int members) {
        double pooled = members <= 0 ? 0 : Descriptive.mean(v, from, to) / members;
        pooled = Math.max(0, Math.min(1, pooled));
        return differenceP(v, from, mid, to, members * pooled * (1 - pooled));
    }

    /**
     * The two-sided p-value of the difference between the means of {@code v[from..mid)} and {@code v[mid..to)}: each
     * side's values about its own mean projected on its own first {@link CosineVariance#terms(int)} cosines (Lazarus,
     * Lewis, Stock and Watson's rule; a side's cosines are orthogonal to its mean, so the difference between the sides
     * does not enter them), the long-run variance the mean of the squared projections of both, at least {@code
     * floorVariance}, read on Student's t with as many degrees of freedom as projections (exact for independent normal
     * values without the floor: one set of cosines over both sides took most of the step between them out of its
     * first, and read p 0.0057 where 0.0027 was meant), or on the normal where the floor, a variance known rather than
     * estimated, is the larger; 1 where the means are equal (up to their sums' rounding), NaN with fewer than two
     * values on a side, 0 where they differ with neither variance.
     */
    static double differenceP(double[] v, int from, int mid, int to, double floorVariance) {
        int a = mid - from;
        int b = to - mid;
        if (a < 2 || b < 2) {
            return Double.NaN;
        }
        double meanA = Descriptive.mean(v, from, mid);
        double meanB = Descriptive.mean(v, mid, to);
        double difference = meanB - meanA;
        if (Math.abs(difference) <= 1e-12 * Math.max(Math.abs(meanA), Math.abs(meanB))) {
            return 1; // equal means, up to the rounding of their sums
        }
        int termsA = CosineVariance.terms(a);
        int termsB = CosineVariance.terms(b);
        double sum = 0;
        for (double l : CosineVariance.projections(v, from, mid, termsA)) {
            sum += l * l;
        }
        for (double l : CosineVariance.projections(v, mid, to, termsB)) {
            sum += l * l;
        }
        double estimated = sum / (termsA + termsB);
        double variance = Math.max(estimated, floorVariance);
        double se = Math.sqrt(variance * (1.0 / a + 1.0 / b));
        if (!(se > 0)) {
            return 0;
        }
        double t = Math.abs(difference) / se;
        // the floor is a variance known from the counts, not estimated from a few projections: the normal's tail
        return Math.min(1, 2 * Tails.t(t, estimated >= floorVariance ? termsA + termsB : Double.POSITIVE_INFINITY));
    }

    /** Whether two shares are at least {@value #GAPS_APART} apart with a p-value of at most {@value #GAPS_P}. */
    private static boolean apart(double first, double second, double p) {
        return Math.abs(first - second) >= GAPS_APART && p <= GAPS_P;
    }

    private static String percent(double share) {
        return String.format(java.util.Locale.ROOT, "%.1f%%", 100 * share);
    }

    private static String segments(int n) {
        return n == 1 ? " segment" : " segments";
    }

    private static int count(double[] v) {
        int n = 0;
        for (double x : v) {
            n += Double.isNaN(x) ? 0 : 1;
        }
        return n;
    }
}
