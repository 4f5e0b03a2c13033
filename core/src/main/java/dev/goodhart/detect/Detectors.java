package dev.goodhart.detect;

import java.util.List;

/** The standard detector suites. */
public final class Detectors {
    private Detectors() {
    }

    /**
     * Coupling decay, yield decay, growth divergence, intervention response, change-point asymmetry and the weekly
     * rhythm with their default settings.
     */
    public static List<Detector> defaults() {
        return List.of(new CouplingDecay(), new YieldDecay(), new GrowthDivergence(), new InterventionResponse(),
                new ChangePointAsymmetry(), new WeeklyRhythm());
    }

    /** Expected response, tail divergence, threshold bunching, the digit test and difference-in-differences. */
    public static List<PortfolioDetector> portfolioDefaults() {
        return List.of(new ExpectedResponse(), new TailDivergence(), new ThresholdBunching(), new DigitTest(),
                new DifferenceInDifferences());
    }
}
