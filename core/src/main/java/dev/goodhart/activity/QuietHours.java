package dev.goodhart.activity;

import java.util.Objects;

/**
 * The hours of the week in which a group of people is nearly inactive, read for each person without that person
 * (off-hours' reference).
 *
 * <p>The person examined is left out of the group, and the others count in full up to a few times the group's typical
 * volume: above {@code c}, four times the median person's number of own requests rounded down to a power of two (two
 * to four times the median), a person counts as {@code c} requests spread like their own. Summed as they came and
 * with the person in, one script sending a request every few minutes around the clock outweighed twenty people's
 * office hours together and left no hour quiet, its own included (helper-160's generator: round-the-clock dummies
 * without a named agent read at 0% off-hours in most teams); so capped, about a tenth of a group working round the
 * clock can still fill them. (Capped at the median itself, the evening sessions of a team's few heavy users counted
 * for less than they showed and their evenings read quiet: more of them flagged on the same generator.)
 *
 * <p>Exact and mergeable: the counts are kept per power-of-two bin of the person's volume, raw and as
 * fixed-point shares of the person's own requests (each person's share rounded once), so parts merged in any order
 * give the same hours as the whole. Mutable while adding and merging, not thread-safe.
 */
final class QuietHours implements java.io.Serializable {
    private static final long serialVersionUID = 1L;
    /** Fixed point of a person's hourly share: {@code 2^SHIFT} is the whole of their requests. */
    private static final int SHIFT = 32;
    private static final int BINS = 64;
    /**
     * How many powers of two above the median person's a person's volume counts in full: 2, so up to four times the
     * power of two at or below the median (two to four times the median).
     */
    static final int CAP_STEPS = 2;
    private static final int HOURS = ActorState.HOURS;

    /** Per bin, the raw counts per hour (null where nobody is). */
    private final long[][] raw = new long[BINS][];
    /** Per bin, the fixed-point shares per hour. */
    private final long[][] shares = new long[BINS][];
    private final long[] people = new long[BINS];

    /** Adds a person's own requests per hour of the week. */
    QuietHours add(ActorState a) {
        long e = a.humanEvents;
        if (e <= 0) {
            return this;
        }
        int b = bin(e);
        if (raw[b] == null) {
            raw[b] = new long[HOURS];
            shares[b] = new long[HOURS];
        }
        people[b]++;
        for (int h = 0; h < HOURS; h++) {
            int c = a.humanHourOfWeek[h];
            if (c != 0) {
                raw[b][h] += c;
                shares[b][h] += share(c, e);
            }
        }
        return this;
    }

    /** Adds {@code other}'s people to these; returns this. */
    QuietHours merge(QuietHours other) {
        Objects.requireNonNull(other, "other");
        for (int b = 0; b < BINS; b++) {
            if (other.raw[b] == null) {
                continue;
            }
            if (raw[b] == null) {
                raw[b] = new long[HOURS];
                shares[b] = new long[HOURS];
            }
            for (int h = 0; h < HOURS; h++) {
                raw[b][h] += other.raw[b][h];
                shares[b][h] += other.shares[b][h];
            }
            people[b] += other.people[b];
        }
        return this;
    }

    /** The group's hours, ready to be read for each person. */
    Reading reading(double quietShare) {
        long n = 0;
        for (long p : people) {
            n += p;
        }
        int cap = 0;
        long seen = 0;
        for (int b = 0; b < BINS; b++) {
            seen += people[b];
            if (n > 0 && 2 * seen >= n) {
                cap = b;
                break;
            }
        }
        cap = Math.min(BINS, cap + CAP_STEPS);
        long[] rawBelow = new long[HOURS];
        long[] sharesFrom = new long[HOURS];
        for (int b = 0; b < BINS; b++) {
            if (raw[b] == null) {
                continue;
            }
            for (int h = 0; h < HOURS; h++) {
                if (b < cap) {
                    rawBelow[h] += raw[b][h];
                } else {
                    sharesFrom[h] += shares[b][h];
                }
            }
        }
        return new Reading(cap, rawBelow, sharesFrom, quietShare);
    }

    /** The group's weighted hours for a cap; reads each person's quiet hours without the person. */
    static final class Reading {
        private final int cap;
        private final long[] rawBelow;
        private final long[] sharesFrom;
        private final double quietShare;

        private Reading(int cap, long[] rawBelow, long[] sharesFrom, double quietShare) {
            this.cap = cap;
            this.rawBelow = rawBelow;
            this.sharesFrom = sharesFrom;
            this.quietShare = quietShare;
        }

        /**
         * The share of {@code a}'s own requests in the hours the group without {@code a} made less than the quiet
         * share of a uniform share of its weighted requests; NaN where the rest of the group made none.
         */
        double offHoursShare(ActorState a) {
            long e = a.humanEvents;
            boolean ownBelow = e > 0 && bin(e) < cap;
            double[] w = new double[HOURS];
            double total = 0;
            for (int h = 0; h < HOURS; h++) {
                int c = a.humanHourOfWeek[h];
                long r = rawBelow[h] - (ownBelow && c != 0 ? c : 0);
                long s = sharesFrom[h] - (e > 0 && !ownBelow && c != 0 ? share(c, e) : 0);
                w[h] = r + Math.scalb((double) s, cap - SHIFT);
                total += w[h];
            }
            if (!(total > 0) || e <= 0) {
                return Double.NaN;
            }
            long q = 0;
            double quiet = quietShare * total / HOURS;
            for (int h = 0; h < HOURS; h++) {
                if (w[h] < quiet) {
                    q += a.humanHourOfWeek[h];
                }
            }
            return (double) q / e;
        }
    }

    private static int bin(long e) {
        return 63 - Long.numberOfLeadingZeros(e);
    }

    /** A person's count in an hour as a fixed-point share of their requests, rounded once. */
    private static long share(int count, long events) {
        return Math.round(Math.scalb((double) count / events, SHIFT));
    }
}
