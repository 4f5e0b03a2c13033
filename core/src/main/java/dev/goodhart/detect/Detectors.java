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
}
