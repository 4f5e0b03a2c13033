package dev.goodhart.scoring.internal;

import java.util.Locale;
import java.util.Optional;

/**
 * A segment that is the total of the others (a dashboard's "All teams" or "Total" row exported beside the teams): its
 * summed proxy equals the organisation's series less itself (the organisation computed from the segments, the total
 * among them). Scored as a team it is the whole organisation's divergence under a team's name, and {@code --fail-on}
 * names it; it is not judged and its note says why. A segment equal to the organisation's series itself is not asked:
 * that series leaves out teams created after the split, so one large team beside two new ones would match it.
 *
 * <p>A period matches when both values are above 0 and the segment's value is within 0.5% of the other segments' sum
 * (rounded exports stay inside). The segment is a total when at least 8 periods compare and 90% of them match: no team's
 * use equals the sum of two or more others' period after period by chance.
 */
public final class TotalRow {
    private static final double TOLERANCE = 0.005;
    private static final int MIN_PERIODS = 8;
    private static final double SHARE = 0.9;

    private TotalRow() {
    }

    /**
     * The periods on which {@code segment} is the total of the others, and the periods compared, if it is one.
     *
     * @param segment      the segment's summed series, NaN where missing
     * @param organisation the organisation's series of the same metric on the same calendar
     * @return {periods that match, periods compared (both values above 0)}, or empty when the segment is not a total
     */
    public static Optional<int[]> find(double[] segment, double[] organisation) {
        int compared = 0;
        int asRest = 0;
        for (int t = 0; t < Math.min(segment.length, organisation.length); t++) {
            double s = segment[t];
            double all = organisation[t];
            if (!(s > 0) || !(all > 0) || !Double.isFinite(s) || !Double.isFinite(all)) {
                continue;
            }
            compared++;
            asRest += Math.abs(all - 2 * s) <= TOLERANCE * s ? 1 : 0;
        }
        return compared >= MIN_PERIODS && asRest >= SHARE * compared ? Optional.of(new int[] {asRest, compared})
                : Optional.empty();
    }

    /** The note of a total row's pair. */
    public static String note(String segment, String metric, int matched, int periods) {
        return String.format(Locale.ROOT, "not judged: the %s of segment %s is the sum of the other segments' in %d of %d "
                + "periods, a total row (\"All teams\")? It is not a team: scored as one it would carry the whole organisation's "
                + "divergence under a team's name. The organisation's row already holds the teams; leave this segment's "
                + "rows out, or give them an empty segment (the organisation's own rows)", metric, segment, matched,
                periods);
    }
}
