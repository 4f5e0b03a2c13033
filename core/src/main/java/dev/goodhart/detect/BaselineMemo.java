package dev.goodhart.detect;

/**
 * What the detectors computed from a pair's baseline alone, kept so that the next day's pair of the same segment need
 * not compute it again: a live scorer examines every segment each day, and with an intervention the baseline does not
 * change from one day to the next. Opaque: a caller only hands it from one pair ({@link PairSeries#keptBaseline}) to
 * the next ({@link PairSeries#carryBaseline}). It is taken over only by a pair whose baseline is the one it was
 * computed from to the last bit (the same link, metrics, segment, period length, calendar start and split, the same
 * proxy and outcome values before the split, which it keeps a copy of, and the same offsets for their logarithms); an
 * entry that also depends on something beyond the baseline's values (the common-shock flags, which use both windows)
 * keeps that input and is used only where it matches. So every result is the one computing it afresh gives.
 *
 * <p>Safe to share between threads: every entry is immutable and published whole.
 */
public final class BaselineMemo {
    /** The baseline it was computed from (set when a pair keeps it; see {@link PairSeries#keptBaseline}). */
    private volatile PairSeries.BaselineKey key;

    BaselineMemo() {
    }

    PairSeries.BaselineKey key() {
        return key;
    }

    void key(PairSeries.BaselineKey key) {
        this.key = key;
    }

    // Each entry is one immutable value (its arrays never written after it is made) published by one volatile write:
    // detectors may run on one pair from several threads, and two pairs may share a memo, so a reader sees an entry
    // whole or not at all; two threads that both compute an entry write the same value.

    /** {@link CommonShocks}: the baseline window's changes of {@code log(|v| + c)} of the proxy (NaN where none). */
    volatile double[] shockChangesProxy;
    /** {@link CommonShocks}: the same of the outcome. */
    volatile double[] shockChangesOutcome;

    /**
     * {@link CouplingDecay}'s baseline for the common-shock flags it left out (null for none): how many changes, their
     * correlation and effective size (both series varied in them).
     */
    record Coupling(boolean[] flags, int changes, double correlation, double effectiveSize) {
    }

    volatile Coupling coupling;

    /**
     * {@link InterventionResponse}: the baseline elasticity of log changes, its interval's ends, with the {@link #key}
     * of the baseline logs it was read from (null until computed): a sparse daily pair's weekly means are logged with
     * an offset that a week without use after the date changes (helper-177: a live day reused yesterday's elasticity,
     * at most 0.17 against 0.29 examined afresh).
     */
    record Elasticity(long key, ChangeElasticity.Bounds bounds) {
    }

    volatile Elasticity interventionElasticity;

    /** {@link GrowthDivergence}: the baseline window's count, means and long-run variances, once computed. */
    volatile GrowthDivergence.Baseline growthBaseline;

    /**
     * {@link ChangePointAsymmetry}'s baseline (8 periods or more, leaving recent ones; both series vary in it): the
     * baseline elasticity and the long-run sds of the log proxy and of the shortfall.
     */
    record ChangePoints(double elasticity, double proxySd, double shortfallSd) {
    }

    volatile ChangePoints changePoints;
    /** {@link ChangePointAsymmetry}: the baseline's noise scales of both logs (NaN until used). */
    volatile double changePointsNoiseProxy = Double.NaN;
    volatile double changePointsNoiseOutcome = Double.NaN;
    /**
     * {@link ChangePointAsymmetry}: the noise scales of the baseline's weekly means of both logs, with the {@link #key}
     * of the logs they were read from (null until used; logged with an offset later weeks can change).
     */
    record WeeklyNoise(long key, double proxy, double outcome) {
    }

    volatile WeeklyNoise weeklyNoise;

    /** A hash of the first {@code n} values of {@code x} and {@code y} (FNV-1a over their bits) and {@code salt}. */
    static long key(double[] x, double[] y, int n, long salt) {
        long h = 0xcbf29ce484222325L ^ salt;
        for (int i = 0; i < n; i++) {
            h = (h ^ Double.doubleToLongBits(x[i])) * 0x100000001b3L;
            h = (h ^ Double.doubleToLongBits(y[i])) * 0x100000001b3L;
        }
        return h;
    }

    /**
     * Whether the baseline flags an entry was computed for equal the current ones on {@code [1, split)}, null meaning
     * no period flagged (a change at 0 is never taken).
     */
    static boolean sameFlags(boolean[] kept, boolean[] current, int split) {
        for (int t = 1; t < split; t++) {
            boolean a = kept != null && kept[t];
            boolean b = current != null && current[t];
            if (a != b) {
                return false;
            }
        }
        return true;
    }

    /** The flags on {@code [0, split)} to keep with an entry: null when none is set there. */
    static boolean[] baselineFlags(boolean[] flags, int split) {
        if (flags == null) {
            return null;
        }
        for (int t = 1; t < split; t++) {
            if (flags[t]) {
                return java.util.Arrays.copyOf(flags, split);
            }
        }
        return null;
    }
}
