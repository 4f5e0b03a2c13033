package dev.goodhart;

/**
 * One-line entry points for embedders and JShell.
 *
 * <pre>{@code
 * IntegrityReport report = Goodhart.score(model, frame);
 * System.out.println(report);
 * }</pre>
 *
 * Thread-safe; there is no global state.
 */
public final class Goodhart {
    private Goodhart() {
    }

    /**
     * Scores a frame with the default detectors and settings ({@link Scorer#defaults()}).
     *
     * @throws IllegalArgumentException if a linked metric has no data in the frame
     */
    public static IntegrityReport score(IntegrityModel model, Frame frame) {
        return Scorer.defaults().score(model, frame);
    }

    /**
     * Builds the frame from observations with the model's granularity and scores it with the defaults.
     *
     * @throws IllegalArgumentException if no observation belongs to the model's metrics or a linked metric has none
     */
    public static IntegrityReport score(IntegrityModel model, Iterable<Observation> observations) {
        return score(model, Frame.of(model, observations));
    }
}
