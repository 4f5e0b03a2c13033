package dev.goodhart.detect;

import dev.goodhart.model.Variant;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * What a detector's evidence means to the scorer, declared by the detector itself: a new detector is one class (and
 * its test), with no table elsewhere to update.
 *
 * @param weight        the most the detector can contribute to a score alone, as a fraction of 100, in (0, 1]
 * @param variants      the Goodhart variants its significant finding supports on a flagged pair ({@link
 *                      Variant#CAUSAL} only where the pair has an intervention)
 * @param decisive      whether its evidence is about the proxy-outcome relation itself, so that it having run lets a
 *                      pair be HEALTHY ("looked, and it is fine"); where the pair has an intervention, only a decisive
 *                      detector that also supports {@link Variant#CAUSAL} (one that reads the intervention) does
 * @param corroborating whether its significance counts as corroboration toward DIVERGING and GAMED (a descriptive
 *                      detector, such as growth divergence, does not)
 * @param reference     where the method comes from, for reports and documentation
 * @param clearing      whether a finding of it that {@linkplain #clears clears} the pair, or that says {@linkplain
 *                      dev.goodhart.model.Finding#nothingOwed nothing was owed}, answers the shortfall question: the
 *                      outcome got more than the proxy's rise should have bought, or the proxy did not rise, so the
 *                      weaker detectors of the same question (all but the adversarial ones) are not counted
 * @param calibratedPerSegment whether its p-value is calibrated on each segment's own data and answers that
 *                      segment's own question, so that the segment is its own family: its q-value is its p-value,
 *                      with no false-discovery control across segments (per-segment error control), so the bar a
 *                      segment must clear does not move with how many other segments gamed (the expected response,
 *                      whose error comes from the segment's own placebo dates)
 * @param evidence      the evidence it reads, where other detectors read the same (coupling and yield decay: the
 *                      correlation and the slope of the same period-over-period changes), or {@code null} where it reads
 *                      evidence of its own: detectors that name the same evidence are one line of evidence, so the
 *                      scorer counts only the strongest of them, as one corroboration (two statistics of the same
 *                      changes agree by construction, not as independent witnesses)
 * @param countsWhenCleared whether its finding still counts on a pair that a clearing detector cleared (the outcome
 *                      got the gain owed, or nothing was owed): evidence of work on the number itself that no honest
 *                      story explains (bunching at a quota, made-up digits); by default the {@link
 *                      Variant#ADVERSARIAL} detectors'. Evidence with honest explanations too (a lost weekly rhythm:
 *                      scheduled jobs, weekend work) only corroborates a shortfall and does not count there
 */
public record Description(double weight, Set<Variant> variants, boolean decisive, boolean corroborating,
                          String reference, boolean clearing, boolean calibratedPerSegment, String evidence,
                          boolean countsWhenCleared) {
    /**
     * The {@linkplain #evidence evidence} coupling and yield decay read: the period-over-period changes of proxy and
     * outcome in each window (a correlation and a slope of the same changes).
     */
    public static final String CHANGES = "period-over-period changes of proxy and outcome";

    /** The p-value from which a {@linkplain #clearing clearing} detector's finding can clear a pair. */
    public static final double CLEARS_AT = 0.95;

    /** The statistic at or below which a {@linkplain #clearing clearing} detector's finding clears a pair. */
    public static final double CLEARS_BELOW = -1.6448536269514722;

    /**
     * Whether a clearing detector's finding clears its pair: no shortfall in any window (p at least {@value
     * #CLEARS_AT}) and a gain beyond what was owed at 95% one-sided (statistic at most {@value #CLEARS_BELOW}; the
     * expected response's statistic for this is its last half's, where the gain has arrived, so that more inflation
     * can only undo a clearing).
     */
    public static boolean clears(double pValue, double statistic) {
        return pValue >= CLEARS_AT && statistic <= CLEARS_BELOW;
    }

    /**
     * A description whose findings count on a cleared pair where it supports {@link Variant#ADVERSARIAL} ({@link
     * #countsWhenCleared}).
     */
    public Description(double weight, Set<Variant> variants, boolean decisive, boolean corroborating,
                       String reference, boolean clearing, boolean calibratedPerSegment, String evidence) {
        this(weight, variants, decisive, corroborating, reference, clearing, calibratedPerSegment, evidence,
                variants != null && variants.contains(Variant.ADVERSARIAL));
    }

    /** A description that does not clear a pair. */
    public Description(double weight, Set<Variant> variants, boolean decisive, boolean corroborating,
                       String reference) {
        this(weight, variants, decisive, corroborating, reference, false, false, null);
    }

    /** A description whose findings are one family across segments. */
    public Description(double weight, Set<Variant> variants, boolean decisive, boolean corroborating,
                       String reference, boolean clearing) {
        this(weight, variants, decisive, corroborating, reference, clearing, false, null);
    }

    /** A description reading evidence of its own ({@link #evidence} {@code null}). */
    public Description(double weight, Set<Variant> variants, boolean decisive, boolean corroborating,
                       String reference, boolean clearing, boolean calibratedPerSegment) {
        this(weight, variants, decisive, corroborating, reference, clearing, calibratedPerSegment, null);
    }

    /** Validates and copies. */
    public Description {
        if (!(weight > 0 && weight <= 1)) {
            throw new IllegalArgumentException("weight must be in (0, 1], found " + weight);
        }
        Objects.requireNonNull(variants, "variants");
        Objects.requireNonNull(reference, "reference");
        if (evidence != null && evidence.isBlank()) {
            throw new IllegalArgumentException("evidence must be null (evidence of its own) or name it, found a blank");
        }
        variants = variants.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(variants));
    }

    /** A corroborating description. */
    public static Description of(double weight, boolean decisive, String reference, Variant... variants) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(variants, "variants");
        return new Description(weight, variants.length == 0 ? Set.of() : EnumSet.of(variants[0], variants),
                decisive, true, reference, false, false, null);
    }

    /** This description, not counting as corroboration. */
    public Description descriptive() {
        return new Description(weight, variants, decisive, false, reference, clearing, calibratedPerSegment,
                evidence, countsWhenCleared);
    }

    /** This description, clearing a pair when its finding shows no shortfall at all. */
    public Description asClearing() {
        return new Description(weight, variants, decisive, corroborating, reference, true, calibratedPerSegment,
                evidence, countsWhenCleared);
    }

    /**
     * This description, with each segment its own family ({@link #calibratedPerSegment}): for a detector whose error is
     * measured on the segment's own data, so that its p-value already means what it says for that segment.
     */
    public Description asCalibratedPerSegment() {
        return new Description(weight, variants, decisive, corroborating, reference, clearing, true, evidence,
                countsWhenCleared);
    }

    /**
     * This description, reading {@code evidence} that other detectors read too ({@link #evidence}): the scorer counts
     * only the strongest of the detectors that name it, as one corroboration.
     */
    public Description reading(String evidence) {
        Objects.requireNonNull(evidence, "evidence");
        return new Description(weight, variants, decisive, corroborating, reference, clearing, calibratedPerSegment,
                evidence, countsWhenCleared);
    }

    /**
     * This description, its findings not counted on a cleared pair ({@link #countsWhenCleared} false): for evidence
     * with honest explanations too, which only corroborates a shortfall.
     */
    public Description notCountedWhenCleared() {
        return new Description(weight, variants, decisive, corroborating, reference, clearing, calibratedPerSegment,
                evidence, false);
    }
}
