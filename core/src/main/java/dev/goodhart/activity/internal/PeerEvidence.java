package dev.goodhart.activity.internal;

import dev.goodhart.stats.Descriptive;
import java.util.Arrays;
import java.util.List;

/**
 * The peer comparison shared by the activity scorers: a robust z-score of one actor's value against their peers'
 * (median and MAD), the actor's empirical rank among them, and the strength that z gives a signature.
 *
 * @param z      robust z, {@code (v - median) / max(1.4826 MAD, floor)}, or its absolute value when two-sided
 * @param p      the empirical p-value {@code (1 + #peers at or beyond v) / (1 + #peers)}
 * @param median the peers' median
 * @param beyond how many peers are at or beyond {@code v}
 * @param peers  how many peers there are
 */
public record PeerEvidence(double z, double p, double median, int beyond, int peers) {
    /**
     * The peers at or beyond the actor in words, "none of 53 peers at or beyond", "3 of 53 peers (6%) at or beyond":
     * the empirical p-value counts the actor itself and read as a share of the peers it said "6% of peers" of a lone
     * outlier that none of them came near (a newcomer).
     */
    public String beyondPeers() {
        if (beyond == 0) {
            return String.format(java.util.Locale.ROOT, "none of %,d peers at or beyond", peers);
        }
        long percent = Math.round(100.0 * beyond / peers);
        return String.format(java.util.Locale.ROOT, "%,d of %,d peers (%s) at or beyond", beyond, peers,
                percent == 0 ? "under 1%" : percent + "%");
    }

    /** The robust z to one decimal for a sentence, never "-0.0". */
    public String zText() {
        return String.format(java.util.Locale.ROOT, "%.1f", Math.round(z * 10) / 10.0 + 0.0);
    }

    /**
     * This evidence with the actor's own sampling error in its scale: {@code (v - median) / sqrt(scale² + ownError²)},
     * where the peers' scale is the one this z was read on. A statistic read from few observations (a spread of 20
     * gaps against peers' spreads of hundreds) scatters more than the peers do; the p-value, the median and the peers
     * at or beyond are unchanged.
     *
     * @param v        the actor's value this evidence was read for
     * @param ownError the standard error of {@code v} for an actor like the peers, at least 0
     */
    public PeerEvidence widened(double v, double ownError) {
        if (z == 0 || !(ownError > 0)) {
            return this;
        }
        double scale = (v - median) / z;
        return new PeerEvidence((v - median) / Math.sqrt(scale * scale + ownError * ownError), p, median, beyond,
                peers);
    }

    /** Robust z at which a signature starts to count. */
    public static final double Z_START = 3;
    /** Robust z at which a signature is at full strength. */
    public static final double Z_FULL = 6;

    /**
     * Compares {@code v} with {@code peers}.
     *
     * @param floor    the smallest spread the peers are taken to have, in the value's unit (so a group of identical
     *                 peers does not turn a tiny difference into a large z)
     * @param twoSided whether both directions are of concern
     */
    public static PeerEvidence of(double v, double[] peers, double floor, boolean twoSided) {
        double[] sorted = peers.clone();
        Arrays.sort(sorted);
        double median = Descriptive.medianOfSorted(sorted);
        double[] dev = new double[sorted.length];
        for (int i = 0; i < sorted.length; i++) {
            dev[i] = Math.abs(sorted[i] - median);
        }
        Arrays.sort(dev);
        double scale = Math.max(1.4826 * Descriptive.medianOfSorted(dev), floor);
        double z = twoSided ? Math.abs(v - median) / scale : (v - median) / scale;
        int beyond = 0;
        for (double x : peers) {
            if (twoSided ? Math.abs(x - median) >= Math.abs(v - median) : x >= v) {
                beyond++;
            }
        }
        return new PeerEvidence(z, (1.0 + beyond) / (1.0 + peers.length), median, beyond, peers.length);
    }

    /**
     * As {@link #of} with the peers {@code sorted} (ascending, as {@link Arrays#sort(double[])} orders them, {@code v}
     * among them) without one occurrence of {@code v}: the same z, p and median to the last digit, in O(log² n) and
     * without copying, for an actor compared with the whole organisation (each of N actors against N - 1 others was
     * O(N² log N) with copies and sorts). Null when fewer than {@code minPeers} remain.
     *
     * @throws IllegalStateException if {@code v} is not among {@code sorted}
     */
    public static PeerEvidence ofSortedOthers(double v, double[] sorted, int minPeers, double floor, boolean twoSided) {
        int r = Arrays.binarySearch(sorted, v);
        if (r < 0) {
            throw new IllegalStateException("the organisation's values lack an actor's own value " + v);
        }
        int n = sorted.length - 1;
        if (n < minPeers || n == 0) {
            return null;
        }
        Others t = new Others(sorted, r);
        double median = n % 2 == 1 ? t.at(n / 2) : (t.at(n / 2 - 1) + t.at(n / 2)) / 2;
        // deviations |t - median|: non-increasing before the first value at or above the median, non-decreasing after
        int split = t.firstAtLeast(median);
        double mad = n % 2 == 1 ? t.kthDeviation(n / 2, median, split)
                : (t.kthDeviation(n / 2 - 1, median, split) + t.kthDeviation(n / 2, median, split)) / 2;
        double scale = Math.max(1.4826 * mad, floor);
        double z = twoSided ? Math.abs(v - median) / scale : (v - median) / scale;
        // v's own occurrence meets either condition: counted over all the values, then taken away
        int beyond;
        if (twoSided) {
            double d = Math.abs(v - median);
            int at = firstAtLeast(sorted, median);
            int left = countPrefix(0, at, i -> Math.abs(sorted[i] - median) >= d);
            int right = sorted.length - firstTrue(at, sorted.length, i -> Math.abs(sorted[i] - median) >= d);
            beyond = left + right - 1;
        } else {
            beyond = sorted.length - firstTrue(0, sorted.length, i -> sorted[i] >= v) - 1;
        }
        return new PeerEvidence(z, (1.0 + beyond) / (1.0 + n), median, beyond, n);
    }

    /** The first index in [from, to) where a predicate that is false then true holds; {@code to} if none. */
    private static int firstTrue(int from, int to, java.util.function.IntPredicate holds) {
        int lo = from;
        int hi = to;
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (holds.test(mid)) {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        return lo;
    }

    /** How many indexes of [from, to) hold a predicate that is true then false. */
    private static int countPrefix(int from, int to, java.util.function.IntPredicate holds) {
        return firstTrue(from, to, holds.negate()) - from;
    }

    private static int firstAtLeast(double[] sorted, double x) {
        return firstTrue(0, sorted.length, i -> sorted[i] >= x);
    }

    /** {@code sorted} without the value at index {@code removed}, by index, without a copy. */
    private record Others(double[] sorted, int removed) {
        int size() {
            return sorted.length - 1;
        }

        double at(int k) {
            return sorted[k < removed ? k : k + 1];
        }

        int firstAtLeast(double x) {
            return firstTrue(0, size(), k -> at(k) >= x);
        }

        /** How many deviations from {@code median} are at most {@code d}. */
        int countDeviationsAtMost(double d, double median, int split) {
            // left run (indexes below split): deviation non-increasing with the index, so a suffix qualifies
            int left = split - firstTrue(0, split, k -> Math.abs(at(k) - median) <= d);
            int right = firstTrue(split, size(), k -> Math.abs(at(k) - median) > d) - split;
            return left + right;
        }

        /** The k-th smallest (from 0) deviation from the median: the smallest with more than k at most it. */
        double kthDeviation(int k, double median, int split) {
            double best = Double.POSITIVE_INFINITY;
            // the left run's deviations in increasing order as the index falls from split - 1
            int i = firstTrue(0, split,
                    j -> countDeviationsAtMost(Math.abs(at(split - 1 - j) - median), median, split) > k);
            if (i < split) {
                best = Math.abs(at(split - 1 - i) - median);
            }
            int j = firstTrue(split, size(), x -> countDeviationsAtMost(Math.abs(at(x) - median), median, split) > k);
            if (j < size()) {
                best = Math.min(best, Math.abs(at(j) - median));
            }
            return best;
        }
    }

    /** A signature's strength from its z: 0 below {@link #Z_START}, 1 from {@link #Z_FULL}, linear between. */
    public static double strength(double z) {
        return Math.min(1, Math.max(0, (z - Z_START) / (Z_FULL - Z_START)));
    }

    /** The defined (not NaN) values of {@code v}, sorted ascending: the organisation for {@link #against}. */
    public static double[] sortedDefined(double[] v) {
        double[] out = new double[v.length];
        int k = 0;
        for (double x : v) {
            if (!Double.isNaN(x)) {
                out[k++] = x;
            }
        }
        out = Arrays.copyOf(out, k);
        Arrays.sort(out);
        return out;
    }

    /**
     * The actor's evidence against the other members of its group with the value defined when there are at least
     * {@code minPeers}, else against the organisation's other actors ({@code sortedOrganisation}: every actor's defined
     * value, this actor's included, sorted ascending); null when even those are too few. The same evidence as {@link
     * #of} over those values, without copying the organisation for each actor.
     *
     * @throws IllegalStateException if the group is too small and the organisation's values are missing or lack the
     *                               actor's own value
     */
    public static PeerEvidence against(double[] v, int self, List<Integer> group, int minPeers,
                                       double[] sortedOrganisation, double floor, boolean twoSided) {
        double[] p = collect(v, self, group);
        if (p.length >= minPeers) {
            return of(v[self], p, floor, twoSided);
        }
        if (sortedOrganisation == null || sortedOrganisation.length == 0) {
            throw new IllegalStateException("a segment has too few peers but the organisation's values are missing");
        }
        return ofSortedOthers(v[self], sortedOrganisation, minPeers, floor, twoSided);
    }

    /** How many other members of the group have the value defined. */
    public static int groupSize(double[] v, int self, List<Integer> group) {
        int k = 0;
        for (int j : group) {
            if (j != self && !Double.isNaN(v[j])) {
                k++;
            }
        }
        return k;
    }

    private static double[] collect(double[] v, int self, List<Integer> group) {
        double[] out = new double[group.size()];
        int k = 0;
        for (int j : group) {
            if (j != self && !Double.isNaN(v[j])) {
                out[k++] = v[j];
            }
        }
        return Arrays.copyOf(out, k);
    }
}
