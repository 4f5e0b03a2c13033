package dev.goodhart.model;

import dev.goodhart.scoring.Scorer;

import static dev.goodhart.internal.Checks.checkName;

import java.time.LocalDate;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * One piece of evidence from one detector: a test statistic, a one-sided p-value in the direction of concern (small
 * means "the proxy has come loose"), the q-value (false-discovery adjusted, or the p-value itself for a detector
 * calibrated per segment), an effect size, a plain sentence for a reader
 * who is not a statistician, the statistics behind it, and the dates it refers to.
 *
 * @param detector  the detector's name, e.g. {@code coupling-decay}
 * @param statistic the test statistic (its meaning is given by the detector's Javadoc)
 * @param pValue    one-sided p-value in [0, 1] for the concern, or NaN when the detector defines none
 * @param qValue    Benjamini-Hochberg adjusted p-value in [0, 1] within the detector's family across segments (for a
 *                  detector calibrated per segment, such as the expected response, the p-value itself), NaN until the
 *                  {@link Scorer} sets it
 * @param effect    effect size, signed so that positive points towards the concern
 * @param message   what was found, in plain words with the numbers a reader needs (how much which metric moved,
 *                  since when), each direction worded one way ("cycle time shortened 12%")
 * @param detail    the statistics behind the sentence (test statistic, standard errors, p-value), for a reader who
 *                  wants to check; empty when there are none
 * @param dates     the first days of the periods the finding refers to besides the window split (a shift in the proxy,
 *                  the start of a shortfall), in order; possibly empty
 * @param nothingOwed whether the finding says the proxy did not rise materially toward more use by any reading
 *                  (against its earlier trend, any other trend its baseline supports, or its baseline level; a fall
 *                  is not a rise), so that no gain was owed: set by a
 *                  {@linkplain dev.goodhart.detect.Description#clearing clearing} detector (the expected response), it
 *                  clears its pair as a gain beyond what was owed does, since an outcome that moved on its own while
 *                  the proxy stayed where it was is not gaming
 * @param undecided whether the detector could not answer its question on this pair: the expected response's outcome
 *                  fell short of what the proxy's rise would owe, but that rise itself is not established (against the
 *                  proxy's own earlier line, too short or noisy a baseline to tell it from that line's carrying on), so
 *                  its p-value is the rise's; a pair with such a finding is not HEALTHY, whatever the weaker detectors
 *                  found
 */
public record Finding(String detector, double statistic, double pValue, double qValue, double effect, String message,
        String detail, List<LocalDate> dates, boolean nothingOwed, boolean undecided)
        implements java.io.Serializable {
    private static final long serialVersionUID = 4L;


    /** @throws IllegalArgumentException if a p- or q-value is outside [0, 1] or the statistic or effect is not finite */
    public Finding {
        checkName("finding detector", detector);
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(detail, "detail");
        dates = List.copyOf(java.util.Objects.requireNonNull(dates, "dates"));
        checkProbability("pValue", pValue);
        checkProbability("qValue", qValue);
        if (!Double.isFinite(statistic)) {
            throw new IllegalArgumentException(detector + ": statistic must be finite, found " + statistic);
        }
        if (!Double.isFinite(effect)) {
            throw new IllegalArgumentException(detector + ": effect must be finite, found " + effect);
        }
        // a negative zero says nothing a zero does not, and reads as a sign in JSON ("effect" : -0.0)
        statistic += 0.0;
        effect += 0.0;
    }

    /** A finding that answered its question (not {@linkplain #undecided() undecided}). */
    public Finding(String detector, double statistic, double pValue, double qValue, double effect, String message,
                   String detail, List<LocalDate> dates, boolean nothingOwed) {
        this(detector, statistic, pValue, qValue, effect, message, detail, dates, nothingOwed, false);
    }

    /** A finding that does not say that nothing was owed. */
    public Finding(String detector, double statistic, double pValue, double qValue, double effect, String message,
                   String detail, List<LocalDate> dates) {
        this(detector, statistic, pValue, qValue, effect, message, detail, dates, false);
    }

    /** A finding with no separate statistics line and no dates. */
    public Finding(String detector, double statistic, double pValue, double qValue, double effect, String message) {
        this(detector, statistic, pValue, qValue, effect, message, "", List.of());
    }

    /** A finding before false-discovery control (q-value not yet known), its statistics in the sentence. */
    public static Finding of(String detector, double statistic, double pValue, double effect, String message) {
        return new Finding(detector, statistic, pValue, Double.NaN, effect, message);
    }

    /**
     * A finding before false-discovery control: a plain sentence and, apart, the statistics behind it.
     *
     * @param message what was found, in plain words
     * @param detail  the statistics ("Fisher z = 3.04, one-sided p = 0.0012")
     */
    public static Finding of(String detector, double statistic, double pValue, double effect, String message,
            String detail) {
        return new Finding(detector, statistic, pValue, Double.NaN, effect, message, detail, List.of());
    }

    /** This finding with its q-value set. */
    public Finding withQValue(double q) {
        return new Finding(detector, statistic, pValue, q, effect, message, detail, dates, nothingOwed, undecided);
    }

    /** This finding saying that the proxy did not rise, so that nothing was owed (see {@link #nothingOwed()}). */
    public Finding withNothingOwed() {
        return new Finding(detector, statistic, pValue, qValue, effect, message, detail, dates, true, undecided);
    }

    /** This finding saying that it could not answer its question (see {@link #undecided()}). */
    public Finding withUndecided() {
        return new Finding(detector, statistic, pValue, qValue, effect, message, detail, dates, nothingOwed, true);
    }

    /** This finding referring to {@code periods} (first days of periods, in order). */
    public Finding withDates(List<LocalDate> periods) {
        return new Finding(detector, statistic, pValue, qValue, effect, message, detail, periods, nothingOwed,
                undecided);
    }

    /** Whether the q-value (or, before scoring, the p-value) is below {@code alpha}. */
    public boolean significantAt(double alpha) {
        double v = Double.isNaN(qValue) ? pValue : qValue;
        return !Double.isNaN(v) && v < alpha;
    }

    private static void checkProbability(String name, double v) {
        if (!Double.isNaN(v) && !(v >= 0 && v <= 1)) {
            throw new IllegalArgumentException(name + " must be in [0, 1], found " + v);
        }
    }

    /** A q-value as a reader sees it: "= 0.031", "< 0.0001", "n/a"; never "0.00". */
    private static String qText(double q) {
        if (Double.isNaN(q)) {
            return "n/a";
        }
        return q < 1e-4 ? "< 0.0001" : "= " + String.format(Locale.ROOT, "%.2g", q);
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%s: %s (%sq %s%s%s)", detector, message,
                detail.isEmpty() ? "" : detail + "; ", qText(qValue), nothingOwed ? "; nothing owed" : "",
                undecided ? "; undecided" : "");
    }
}
