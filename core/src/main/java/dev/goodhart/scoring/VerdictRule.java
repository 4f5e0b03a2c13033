package dev.goodhart.scoring;

import dev.goodhart.report.Verdict;

/**
 * The one rule from a score to a verdict, monotone in the score, and the corroboration caps that keep a single line
 * of evidence below an accusation. {@link #DEFAULT}: WATCH from 15, DIVERGING from 50, GAMED from 60; a pair with no
 * significant corroborating line of evidence stays below DIVERGING, with one below GAMED (detectors that read the same
 * evidence, such as coupling and yield decay, are one line).
 *
 * @param watchAt     score from which a pair is {@link Verdict#WATCH}
 * @param divergingAt score from which a pair is {@link Verdict#DIVERGING}
 * @param gamedAt     score from which a pair is {@link Verdict#GAMED}
 */
public record VerdictRule(double watchAt, double divergingAt, double gamedAt) {
    /** WATCH from 15, DIVERGING from 50, GAMED from 60. */
    public static final VerdictRule DEFAULT = new VerdictRule(15, 50, 60);

    /** How far below a threshold a capped score is kept (scores are rounded to one decimal). */
    static final double CAP_STEP = 0.1;

    /** Checks {@code 0 < watchAt < divergingAt < gamedAt <= 100}. */
    public VerdictRule {
        if (!(watchAt > 0 && watchAt < divergingAt && divergingAt < gamedAt && gamedAt <= 100)) {
            throw new IllegalArgumentException("verdict thresholds must satisfy 0 < watch < diverging < gamed <= 100, "
                    + "found " + watchAt + ", " + divergingAt + ", " + gamedAt);
        }
    }

    /**
     * The verdict for a score: GAMED from {@code gamedAt}, DIVERGING from {@code divergingAt}, WATCH from
     * {@code watchAt}, HEALTHY below.
     *
     * @param score a score from 0 to 100
     * @return the verdict
     */
    public Verdict verdict(double score) {
        if (score >= gamedAt) {
            return Verdict.GAMED;
        }
        if (score >= divergingAt) {
            return Verdict.DIVERGING;
        }
        return score >= watchAt ? Verdict.WATCH : Verdict.HEALTHY;
    }

    /**
     * The score capped by corroboration: {@value #CAP_STEP} below {@code gamedAt} with fewer than two significant
     * corroborating lines of evidence, below {@code divergingAt} with none (never below the threshold beneath, however close
     * the thresholds), so the verdict stays a function of the score alone.
     *
     * @param score           the combined score, 0 to 100
     * @param corroborations  how many corroborating lines of evidence were significant (a detector, or the detectors
     *                        that read the same evidence, counted once)
     * @return the capped score
     */
    public double cap(double score, int corroborations) {
        double capped = score;
        if (corroborations < 2) {
            capped = Math.min(capped, Math.max(divergingAt, gamedAt - CAP_STEP));
        }
        if (corroborations < 1) {
            capped = Math.min(capped, Math.max(watchAt, divergingAt - CAP_STEP));
        }
        return capped;
    }

    /**
     * The score capped so that descriptive evidence never lifts a pair over DIVERGING or GAMED: at most {@value
     * #CAP_STEP} below the first threshold (from DIVERGING up) that the corroborating evidence alone does not reach.
     *
     * @param score         the score of all the evidence, 0 to 100
     * @param corroborating the score of the corroborating detectors' evidence alone, 0 to 100
     * @return the capped score
     */
    public double capToBand(double score, double corroborating) {
        double capped = score;
        if (corroborating < gamedAt) {
            capped = Math.min(capped, Math.max(divergingAt, gamedAt - CAP_STEP));
        }
        if (corroborating < divergingAt) {
            capped = Math.min(capped, Math.max(watchAt, divergingAt - CAP_STEP));
        }
        return capped;
    }
}
