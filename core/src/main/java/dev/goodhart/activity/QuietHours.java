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
    /**
     * The most hours a segment's rhythm is read as running apart from the organisation's: 26, as far apart as two time
     * zones are (UTC-12 and UTC+14); a Sydney team in an organisation on Los Angeles' hours is 18 ahead.
     */
    static final int MAX_SHIFT = 26;
    /**
     * The fewest members a small segment needs for its own rhythm to be read (off-hours' shift, quiet days' own days):
     * the person and two others, so that no one other member's habit sets the person's hours.
     */
    static final int MIN_OWN_RHYTHM = 3;
    /** How much better (cosine) a shifted organisation's hours must match a segment's than as they are. */
    static final double SHIFT_MARGIN = 0.2;

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
            return offHoursShare(a, null);
        }

        /**
         * As {@link #offHoursShare(ActorState)}, the group's hours first shifted onto the rhythm of {@code others}
         * (the hourly shares of the person's own segment without the person, each member's requests summing to 1;
         * null: none): where the group is the whole organisation and the segment works its hours some hours apart (a
         * Sydney team in an organisation whose hours are London's), its working hours are not the organisation's quiet
         * ones. The shift is the whole number of hours, at most {@value #MAX_SHIFT} either way, whose shifted group
         * hours best match {@code others} (cosine), taken only where it matches them by {@value #SHIFT_MARGIN} more
         * than the hours as they are and the person's own hours match it at least as well as the hours as they are
         * (a member working the organisation's hours among others who do not keeps them: a reviewer's London members
         * of a segment half in Sydney had scored 0 before the shift and 35 with it); the person's own requests are
         * read against the shifted quiet hours.
         */
        double offHoursShare(ActorState a, double[] others) {
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
            int shift = others == null ? 0 : shift(w, others);
            if (shift != 0 && !ownHoursAgree(w, a, shift)) {
                shift = 0;
            }
            long q = 0;
            double quiet = quietShare * total / HOURS;
            for (int h = 0; h < HOURS; h++) {
                if (w[Math.floorMod(h - shift, HOURS)] < quiet) {
                    q += a.humanHourOfWeek[h];
                }
            }
            return (double) q / e;
        }

        /**
         * The hours by which {@code others}' rhythm runs ahead of {@code group}'s: the shift {@code s} in
         * [-{@value #MAX_SHIFT}, {@value #MAX_SHIFT}] maximising the cosine of {@code others[h]} and {@code group[h -
         * s]} over the hours of the week, where it beats no shift by {@value #SHIFT_MARGIN}; else 0 (also where either
         * is empty).
         */
        static int shift(double[] group, double[] others) {
            double best = cosine(group, others, 0);
            double atZero = best;
            int bestShift = 0;
            if (Double.isNaN(best)) {
                return 0;
            }
            for (int s = -MAX_SHIFT; s <= MAX_SHIFT; s++) {
                double c = s == 0 ? atZero : cosine(group, others, s);
                if (c > best) {
                    best = c;
                    bestShift = s;
                }
            }
            return best - atZero >= SHIFT_MARGIN ? bestShift : 0;
        }

        /**
         * Whether the person's own hours match the group's shifted by {@code shift} at least as well (cosine) as the
         * group's as they are: a member who works the organisation's hours in a segment whose others work elsewhere (a
         * London member among Sydney's, a person beside two night scripts) keeps the hours as they are.
         */
        private static boolean ownHoursAgree(double[] group, ActorState a, int shift) {
            double[] own = new double[HOURS];
            for (int h = 0; h < HOURS; h++) {
                own[h] = a.humanHourOfWeek[h];
            }
            double shifted = cosine(group, own, shift);
            double asTheyAre = cosine(group, own, 0);
            return !(shifted < asTheyAre);
        }

        private static double cosine(double[] group, double[] others, int shift) {
            double dot = 0;
            double gg = 0;
            double oo = 0;
            for (int h = 0; h < HOURS; h++) {
                double g = group[Math.floorMod(h - shift, HOURS)];
                dot += g * others[h];
                gg += g * g;
                oo += others[h] * others[h];
            }
            return gg > 0 && oo > 0 ? dot / Math.sqrt(gg * oo) : Double.NaN;
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
