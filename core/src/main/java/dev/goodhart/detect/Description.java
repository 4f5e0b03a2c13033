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
 *                      pair be HEALTHY ("looked, and it is fine")
 * @param corroborating whether its significance counts as corroboration toward DIVERGING and GAMED (a descriptive
 *                      detector, such as growth divergence, does not)
 * @param reference     where the method comes from, for reports and documentation
 */
public record Description(double weight, Set<Variant> variants, boolean decisive, boolean corroborating,
                          String reference) {

    /** Validates and copies. */
    public Description {
        if (!(weight > 0 && weight <= 1)) {
            throw new IllegalArgumentException("weight must be in (0, 1], found " + weight);
        }
        Objects.requireNonNull(variants, "variants");
        Objects.requireNonNull(reference, "reference");
        variants = variants.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(variants));
    }

    /** A corroborating description. */
    public static Description of(double weight, boolean decisive, String reference, Variant... variants) {
        Objects.requireNonNull(reference, "reference");
        Objects.requireNonNull(variants, "variants");
        return new Description(weight, variants.length == 0 ? Set.of() : EnumSet.of(variants[0], variants),
                decisive, true, reference);
    }

    /** This description, not counting as corroboration. */
    public Description descriptive() {
        return new Description(weight, variants, decisive, false, reference);
    }
}
