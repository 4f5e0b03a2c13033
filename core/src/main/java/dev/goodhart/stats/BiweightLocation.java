package dev.goodhart.stats;

import java.util.Objects;

/**
 * Tukey's biweight (bisquare) M-estimate of location at a given scale, with its asymptotic standard error
 * (Huber 1981, section 3.2; the estimate of R robustbase's {@code lmrob..M..fit} with psi {@code "bisquare"}, started
 * at the median with the scale held at {@code scale}). Values further than {@code tuning x scale} from the location get no weight at all, so
 * a minority with stories of their own (a team whose outcome changed regime) does not move it, while on clean normal
 * data it keeps 95% of the mean's efficiency at the default tuning (the median keeps 64%).
 *
 * <p>Iteratively reweighted means from the median, with weights {@code (1 - u²)²} for {@code |u| < 1},
 * {@code u = (x - T) / (tuning scale)}, until the location moves less than {@code 1e-12} scales or four units in the
 * last place of the location (at most 200 steps; {@link #converged()} says whether it stopped so). The standard error
 * is the sandwich {@code scale sqrt(sum psi(r)²) / sum psi'(r)}, {@code r = (x - T) / scale}, {@code psi(r) = r (1 -
 * (r / c)²)²} inside {@code c} and 0 outside. Where the values near the location sit on the shoulders of psi (two
 * groups about two scales either side), {@code sum psi'} is near 0 and the error is large: a caller that has another
 * estimate should compare their errors.
 *
 * @param location      the M-estimate
 * @param standardError its asymptotic standard error at the given scale; NaN where the weighted slope {@code sum
 *                      psi'} is not positive (too few values near the location to tell)
 * @param inliers       how many values are within {@code tuning x scale} of the location (have any weight)
 * @param iterations    the reweighting steps taken
 * @param converged     whether the location stopped moving within the step cap (false also where no value was in
 *                      reach of the median)
 */
public record BiweightLocation(double location, double standardError, int inliers, int iterations,
                               boolean converged) {

    /** The tuning constant that gives 95% efficiency at the normal: 4.685. */
    public static final double DEFAULT_TUNING = 4.685;

    private static final int MAX_ITERATIONS = 200;

    /** As {@link #of(double[], double, double)} at {@link #DEFAULT_TUNING}. */
    public static BiweightLocation of(double[] v, double scale) {
        return of(v, scale, DEFAULT_TUNING);
    }

    /**
     * The biweight location of {@code v} at {@code scale}.
     *
     * @param v      the values, at least one, all finite
     * @param scale  the scale of the bulk's noise, positive and finite
     * @param tuning the rejection point in scales, positive and finite
     * @return the estimate; where no value is within {@code tuning x scale} of the median, the median itself with no
     *         inliers and a NaN standard error
     * @throws IllegalArgumentException if {@code v} is empty or has a value that is not finite, or the scale or tuning
     *                                  is not positive and finite
     */
    public static BiweightLocation of(double[] v, double scale, double tuning) {
        Objects.requireNonNull(v, "v");
        if (v.length == 0) {
            throw new IllegalArgumentException("biweight: no values");
        }
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) {
                throw new IllegalArgumentException("biweight: value " + i + " is not finite (" + v[i] + ")");
            }
        }
        if (!(scale > 0) || !Double.isFinite(scale)) {
            throw new IllegalArgumentException("biweight: scale must be positive and finite, was " + scale);
        }
        if (!(tuning > 0) || !Double.isFinite(tuning)) {
            throw new IllegalArgumentException("biweight: tuning must be positive and finite, was " + tuning);
        }
        double reach = tuning * scale;
        double t = Descriptive.median(v);
        int steps = 0;
        boolean converged = false;
        while (steps < MAX_ITERATIONS) {
            double sw = 0;
            double swx = 0;
            for (double x : v) {
                double u = (x - t) / reach;
                if (Math.abs(u) < 1) {
                    double w = (1 - u * u) * (1 - u * u);
                    sw += w;
                    swx += w * (x - t);
                }
            }
            if (!(sw > 0)) {
                break;
            }
            steps++;
            double move = swx / sw;
            t += move;
            if (Math.abs(move) <= Math.max(1e-12 * scale, 4 * Math.ulp(t))) {
                converged = true;
                break;
            }
        }
        double psi2 = 0;
        double slope = 0;
        int inliers = 0;
        for (double x : v) {
            double r = (x - t) / scale;
            double u = r / tuning;
            if (Math.abs(u) < 1) {
                double a = 1 - u * u;
                psi2 += r * a * a * r * a * a;
                slope += a * (1 - 5 * u * u);
                inliers++;
            }
        }
        double se = slope > 0 ? scale * Math.sqrt(psi2) / slope : Double.NaN;
        return new BiweightLocation(t, se, inliers, steps, converged);
    }
}
