package dev.goodhart.model;

import com.google.common.primitives.ImmutableIntArray;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;

/**
 * How often the organisation's series of a metric, summed from its segments, lacks some of them ({@link
 * Frame#organisationGaps}): a segment without a row in a period adds nothing to that period's sum, whether the row is
 * missing (an export's gap) or there was none (no use). Where segments miss as often before the date as since, the
 * organisation's rise is read as its teams' was; where they miss more in one part (a team missing 13 of its first 20
 * weeks made an organisation's baseline rise as it filled in, and its DIVERGING row read HEALTHY without a word, a
 * newcomer's case) the sums move where no team's use did, and the organisation's row says so. Counted in segment
 * periods: a period with a value that sums {@code k} segments misses those whose data had begun by it less {@code k}
 * (a segment whose data begin a few days after the others' is not missing before they do).
 *
 * @param members       how many segments the series sums that give the metric in some period ({@link
 *                      Frame#organisationCount})
 * @param before        the organisation's periods from its first ({@link OrganisationStart#from}) to its split that
 *                      have a value
 * @param missingBefore the segment periods missing in those
 * @param missingEarly  the segment periods missing in the first half of those ({@code before / 2} periods)
 * @param since         the periods from the split on that have a value
 * @param missingSince  the segment periods missing in those
 * @param fewest        the fewest segments summed in a period with a value
 * @param missing       the segments missing in each of those periods with a value, in order: the first {@code
 *                      before} before the split
 */
public record OrganisationGaps(int members, int before, long missingBefore, long missingEarly, int since,
                               long missingSince, int fewest, ImmutableIntArray missing) {
    /** Checks the counts, and that the periods' are as many as the periods and add up to them. */
    public OrganisationGaps {
        if (members < 0 || before < 0 || since < 0 || missingEarly < 0 || missingEarly > missingBefore
                || missingBefore > (long) members * before || missingSince < 0
                || missingSince > (long) members * since || fewest < 0 || fewest > members) {
            throw new IllegalArgumentException("counts of 0 or more, the missing at most the segment periods (the "
                    + "early at most the missing) and the fewest at most the members: " + members + ", " + before
                    + ", " + missingBefore + ", " + missingEarly + ", " + since + ", " + missingSince + ", " + fewest);
        }
        Objects.requireNonNull(missing, "missing");
        if (missing.length() != before + since || sum(missing, 0, before) != missingBefore
                || sum(missing, 0, before / 2) != missingEarly
                || sum(missing, before, before + since) != missingSince) {
            throw new IllegalArgumentException("the missing segments of " + missing.length() + " periods, not "
                    + "adding up to the counts: " + before + " periods before with " + missingBefore + " ("
                    + missingEarly + " early), " + since + " since with " + missingSince);
        }
    }

    private static long sum(ImmutableIntArray v, int from, int to) {
        long s = 0;
        for (int i = from; i < to; i++) {
            s += v.get(i);
        }
        return s;
    }

    /** The share of the segment periods before the split that are missing (0 without such periods). */
    public double shareBefore() {
        return share(missingBefore, before);
    }

    /** The share of the segment periods in the first half of those before the split that are missing. */
    public double shareEarly() {
        return share(missingEarly, before / 2);
    }

    /** The share of the segment periods in the second half of those before the split that are missing. */
    public double shareLate() {
        return share(missingBefore - missingEarly, before - before / 2);
    }

    /** The share of the segment periods from the split on that are missing (0 without such periods). */
    public double shareSince() {
        return share(missingSince, since);
    }

    private double share(long missing, int periods) {
        return periods == 0 || members == 0 ? 0 : missing / ((double) members * periods);
    }

    /**
     * The gaps of a metric's sum {@code sum} of its segments' whole series ({@link SeriesSum#valuedSeries} of them give
     * the metric) in its periods from {@code from} on, split at
     * {@code split} (the organisation's split, -1 for none: then every period counts as before it); empty where every
     * period with a value sums every segment whose data had begun by it.
     *
     * @param sum   the organisation's sum of the metric over its member segments, each added whole
     * @param from  the organisation's first period ({@link Frame#organisationFirst})
     * @param split the organisation's split ({@link Frame#organisationSplit}), or -1
     * @return the gaps, or empty
     */
    public static Optional<OrganisationGaps> of(SeriesSum sum, int from, int split) {
        Objects.requireNonNull(sum, "sum");
        return of(sum::count, sum::firsts, sum.periods(), sum.valuedSeries(), from, split);
    }

    /**
     * As {@link #of(SeriesSum, int, int)}, from each period's count of segments summed and of segments whose first
     * value it holds, {@code members} of them with a value.
     */
    static Optional<OrganisationGaps> of(java.util.function.IntUnaryOperator count,
                                         java.util.function.IntUnaryOperator firsts, int periods, int members, int from,
                                         int split) {
        int start = Math.max(0, from);
        // a segment is missing from a period only once its data have begun: one that begins a few days after the
        // others (counted with them, Frame#begunBeforeSplit) leaves no gap to speak of before it
        int[] begun = new int[periods];
        int running = 0;
        for (int t = 0; t < periods; t++) {
            running += firsts.applyAsInt(t);
            begun[t] = running;
        }
        int end = split >= 0 ? Math.min(split, periods) : periods;
        int before = 0;
        for (int t = start; t < end; t++) {
            before += count.applyAsInt(t) > 0 ? 1 : 0;
        }
        int seen = 0;
        long missingBefore = 0;
        long missingEarly = 0;
        int since = 0;
        long missingSince = 0;
        int fewest = members;
        // the missing segments of each period with a value, in order: the first `before` before the split
        int[] byPeriod = new int[Math.max(0, periods - start)];
        int valued = 0;
        for (int t = start; t < periods; t++) {
            int n = count.applyAsInt(t);
            if (n == 0) {
                continue; // no value at all: a period not observed, not a sum that reads low
            }
            int missing = Math.max(0, begun[t] - n);
            fewest = Math.min(fewest, n);
            byPeriod[valued++] = missing;
            if (t < end) {
                missingBefore += missing;
                missingEarly += seen++ < before / 2 ? missing : 0;
            } else {
                since++;
                missingSince += missing;
            }
        }
        if (missingBefore + missingSince == 0) {
            return Optional.empty();
        }
        return Optional.of(new OrganisationGaps(members, before, missingBefore, missingEarly, since, missingSince,
                fewest, ImmutableIntArray.copyOf(Arrays.copyOf(byPeriod, valued))));
    }
}
