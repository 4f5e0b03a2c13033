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
 */
public record PeerEvidence(double z, double p, double median) {
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
        return new PeerEvidence(z, (1.0 + beyond) / (1.0 + peers.length), median);
    }

    /** A signature's strength from its z: 0 below {@link #Z_START}, 1 from {@link #Z_FULL}, linear between. */
    public static double strength(double z) {
        return Math.min(1, Math.max(0, (z - Z_START) / (Z_FULL - Z_START)));
    }

    /**
     * The values of the actor's peers: the other members of its group (segment) with the value defined when there are
     * at least {@code minPeers}, else the other actors of the whole organisation; null when even those are too few.
     */
    public static double[] peers(double[] v, int self, List<Integer> group, int minPeers) {
        double[] p = collect(v, self, group);
        if (p.length >= minPeers) {
            return p;
        }
        double[] out = new double[v.length];
        int k = 0;
        for (int j = 0; j < v.length; j++) {
            if (j != self && !Double.isNaN(v[j])) {
                out[k++] = v[j];
            }
        }
        return k >= minPeers ? Arrays.copyOf(out, k) : null;
    }

    /**
     * The values of the actor's peers when the organisation's values are held apart (a distributed run): the other
     * members of its group with the value defined when there are at least {@code minPeers}, else {@code organisation}
     * (every actor's defined value, this actor's included) without one occurrence of this actor's value; null when
     * even those are too few. The same values as {@link #peers(double[], int, List, int)} with the whole organisation
     * in {@code v}.
     */
    public static double[] peers(double[] v, int self, List<Integer> group, int minPeers, double[] organisation) {
        double[] p = collect(v, self, group);
        if (p.length >= minPeers) {
            return p;
        }
        if (organisation == null || organisation.length == 0) {
            throw new IllegalStateException("a segment has too few peers but the organisation's values are missing");
        }
        double[] out = new double[organisation.length - 1];
        int k = 0;
        boolean skipped = false;
        for (double x : organisation) {
            if (!skipped && Double.compare(x, v[self]) == 0) {
                skipped = true;
            } else if (k < out.length) {
                out[k++] = x;
            }
        }
        if (!skipped) {
            throw new IllegalStateException("the organisation's values lack an actor's own value " + v[self]);
        }
        return k >= minPeers ? out : null;
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
