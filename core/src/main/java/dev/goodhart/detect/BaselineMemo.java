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
 * <p>Not for concurrent use: one segment's pairs are examined one at a time, each day's after the previous day's.
 */
public final class BaselineMemo {
    /** The baseline it was computed from (set when a pair keeps it; see {@link PairSeries#keptBaseline}). */
    private PairSeries.BaselineKey key;

    BaselineMemo() {
    }

    PairSeries.BaselineKey key() {
        return key;
    }

    void key(PairSeries.BaselineKey key) {
        this.key = key;
    }

    /** {@link CommonShocks}: the baseline window's changes of {@code log(|v| + c)}, proxy then outcome (NaN where none). */
    double[][] shockChanges;

    /** {@link CouplingDecay}: whether its entry is set. */
    boolean couplingKnown;
    /** {@link CouplingDecay}: the baseline's common-shock flags its changes left out (null for none). */
    boolean[] couplingFlags;
    /** {@link CouplingDecay}: for those flags, how many baseline changes, whether both series vary in them, their
     * correlation and effective size. */
    int couplingChanges;
    boolean couplingVaries;
    double couplingCorrelation;
    double couplingEffectiveSize;

    /**
     * {@link YieldDecay}: the baseline's log changes (null until kept; read only), the common-shock flags they left out
     * (null for none) and their fit.
     */
    double[][] yieldBase;
    boolean[] yieldFlags;
    dev.goodhart.stats.SimpleFit yieldBefore;

    /** {@link InterventionResponse}: the baseline elasticity of log changes (NaN until computed). */
    double interventionElasticity = Double.NaN;

    /** {@link GrowthDivergence}: the baseline window's count, means and long-run variances, once computed. */
    GrowthDivergence.Baseline growthBaseline;

    /**
     * {@link ChangePointAsymmetry}, for a baseline of 8 periods or more that leaves recent ones: whether its entry is
     * set (both series vary in the baseline), the baseline elasticity, the long-run sds of the log proxy and of the
     * shortfall in the baseline, and the baseline's noise scales of both logs (NaN until used).
     */
    boolean changePointsKnown;
    double changePointsElasticity;
    double changePointsProxySd;
    double changePointsShortfallSd;
    double changePointsNoiseProxy;
    double changePointsNoiseOutcome;

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
