package dev.goodhart.detect;

import java.util.List;

/** The standard detector suites. */
public final class Detectors {
    private Detectors() {
    }

    /** Coupling decay, yield decay, growth divergence and intervention response with their default settings. */
    public static List<Detector> defaults() {
        return List.of(new CouplingDecay(), new YieldDecay(), new GrowthDivergence(), new InterventionResponse());
    }

    /** Tail divergence, threshold bunching and the digit test. */
    public static List<PortfolioDetector> portfolioDefaults() {
        return List.of(new TailDivergence(), new ThresholdBunching(), new DigitTest());
    }
}
