package dev.goodhart.stats;

import java.util.Locale;
import java.util.Objects;
import dev.goodhart.internal.StudentT;

/**
 * The slope of {@code y} on {@code x} within the units of a panel (units by periods, values missing as NaN): each
 * unit's own mean taken out, then each period's mean across the units, then each unit's mean again (two-way fixed
 * effects), with a standard error robust to any correlation within a unit (clustered by unit). With {@code trail > 0}
 * the regressor of period {@code t} is the mean of {@code x} over periods {@code t - trail} to {@code t} (all present):
 * the slope is then the response of {@code y} to a level of {@code x} held over those periods (a distributed lag with
 * equal weights).
 *
 * <p><b>Definition.</b> An observation {@code (i, t)} is used where {@code t >= trail}, its regressor {@code u_it} (the
 * trailing mean) and {@code y_it} are finite; only units with at least two used observations take part. With {@code
 * a_i} the unit's means, {@code m_t} the period means of {@code u_it - a_i} (and of {@code y}) and {@code c_i} the unit
 * means of {@code u_it - a_i - m_t}, the within values are {@code u~ = u_it - a_i - m_t - c_i} and {@code y~} likewise;
 * the slope is {@code b = sum u~ y~ / sum u~²}. For a balanced panel (every observation used) this is exactly the
 * least-squares coefficient of {@code y ~ u + factor(unit) + factor(period)}; with missing observations it is one and a
 * half passes of the alternating projections toward it (a reviewer's simulation, 30 units by 20 periods with 15% of x
 * missing and unit effects of sd 3: the spread of the estimate as least squares', 0.037, and its bound above the truth
 * 1.8% of the time; the order period means first spread it to 0.13, the bound above the truth 29%).
 *
 * <p><b>Errors.</b> Two, and the larger serves ({@link #standardError()}): the cluster-robust sandwich {@code sqrt(G /
 * (G - 1) sum_i s_i²) / sum u~²} with {@code s_i = sum_t u~ (y~ - b u~)} over the unit's periods and {@code G} the
 * units taking part (R's {@code sandwich::vcovCL(m, cluster = ~unit, type = "HC0")} on that model, balanced); and the
 * delete-one-unit jackknife {@code sqrt((G - 1) / G sum_i (b_(i) - mean b_(.))²)}, {@code b_(i)} the slope without
 * unit {@code i}'s terms (its within values as they are), which the sandwich runs short of with few units or one unit of
 * great leverage (Cameron, Gelbach and Miller 2008). A bound uses Student's t with {@code G - 1} degrees of freedom
 * ({@link #lowerBound}). The slope is NaN where the within values of {@code u} keep less than 1e-10 of its sum of
 * squares about its mean (it has no variation of its own beyond unit and period effects, up to rounding) or fewer than
 * two units take part.
 *
 * @param slope                   the within slope; NaN as above
 * @param clusteredStandardError  its cluster-robust error; NaN with the slope
 * @param jackknifeStandardError  its delete-one-unit jackknife error; NaN with the slope
 * @param units                   the units taking part ({@code G})
 * @param observations            their used observations
 */
public record PanelSlope(double slope, double clusteredStandardError, double jackknifeStandardError, int units,
                         int observations) {
    /** The median absolute deviation of the normal over its standard deviation's: 1 / qnorm(0.75). */
    private static final double MAD_TO_SD = 1.482602218505602;
    /** The mean absolute deviation of the normal over its standard deviation's: sqrt(pi / 2). */
    private static final double MEAN_AD_TO_SD = 1.2533141373155003;
    /** The share of its sum of squares the regressor's within values must keep. */
    private static final double DEGENERATE = 1e-10;

    /** A panel read value by value, so that a caller need not copy its data into arrays. */
    public interface Panel {
        /** The number of units (rows). */
        int units();

        /** The number of periods (columns); the same for every unit. */
        int periods();

        /** The regressor of {@code unit} in {@code period}; NaN where missing. */
        double x(int unit, int period);

        /** The response of {@code unit} in {@code period}; NaN where missing. */
        double y(int unit, int period);
    }

    /** Checks the counts. */
    public PanelSlope {
        if (units < 0 || observations < 0) {
            throw new IllegalArgumentException("panel slope: units " + units + ", observations " + observations);
        }
    }

    /**
     * The slope of the panel given as arrays, one row a unit (see the class comment).
     *
     * @param x     the regressor, {@code x[unit][period]}, NaN where missing
     * @param y     the response, the same shape
     * @param trail how many periods before each one its regressor's mean reaches back, at least 0
     * @return the estimate
     * @throws NullPointerException     if an array or a row is null
     * @throws IllegalArgumentException if the shapes differ or {@code trail} is negative
     */
    public static PanelSlope of(double[][] x, double[][] y, int trail) {
        return of(x, y, trail, Double.POSITIVE_INFINITY);
    }

    /**
     * The slope of the panel given as arrays with the values of x beyond {@code reach} left out (see {@link
     * #of(Panel, int, double)}).
     *
     * @param x     the regressor, {@code x[unit][period]}, NaN where missing
     * @param y     the response, the same shape
     * @param trail how many periods before each one its regressor's mean reaches back, at least 0
     * @param reach how many robust standard deviations a value may lie from its unit's median, positive
     * @return the estimate
     * @throws NullPointerException     if an array or a row is null
     * @throws IllegalArgumentException if the shapes differ, {@code trail} is negative or {@code reach} not positive
     */
    public static PanelSlope of(double[][] x, double[][] y, int trail, double reach) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.length != y.length) {
            throw new IllegalArgumentException("panel slope: " + x.length + " units of x, " + y.length + " of y");
        }
        for (int i = 0; i < x.length; i++) {
            Objects.requireNonNull(x[i], "x[" + i + "]");
            Objects.requireNonNull(y[i], "y[" + i + "]");
        }
        int periods = x.length == 0 ? 0 : x[0].length;
        for (int i = 0; i < x.length; i++) {
            if (x[i].length != periods || y[i].length != periods) {
                throw new IllegalArgumentException("panel slope: unit " + i + " has " + x[i].length + " and "
                        + y[i].length + " periods, the first unit " + periods);
            }
        }
        return of(new Panel() {
            @Override
            public int units() {
                return x.length;
            }

            @Override
            public int periods() {
                return periods;
            }

            @Override
            public double x(int unit, int period) {
                return x[unit][period];
            }

            @Override
            public double y(int unit, int period) {
                return y[unit][period];
            }
        }, trail, reach);
    }

    /**
     * The slope of {@code panel} (see the class comment), every value of x kept; allocates a few arrays of its periods'
     * length, nothing per unit.
     *
     * @param panel the panel
     * @param trail how many periods before each one its regressor's mean reaches back, at least 0
     * @return the estimate
     * @throws IllegalArgumentException if {@code trail} or the panel's periods are negative
     */
    public static PanelSlope of(Panel panel, int trail) {
        Objects.requireNonNull(panel, "panel");
        return of(panel, trail, Double.POSITIVE_INFINITY);
    }

    /**
     * The slope of {@code panel} (see the class comment) with the values of {@code x} farther than {@code reach}
     * robust standard deviations from their unit's median left out, as if missing (so are the trailing means that
     * hold them): a week whose use collapsed or spiked far beyond the unit's usual variation (a holiday some units
     * took, an outage) moves its work as well as its use. The robust standard deviation is the unit's median absolute
     * deviation from its median times 1.4826; where that is 0 (half its values or more equal), its mean absolute
     * deviation from the median times 1.2533; a unit whose values are all equal keeps them.
     *
     * @param panel the panel
     * @param trail how many periods before each one its regressor's mean reaches back, at least 0
     * @param reach how many robust standard deviations a value may lie from its unit's median, positive (infinite:
     *              every value)
     * @return the estimate
     * @throws IllegalArgumentException if {@code trail} or the panel's periods are negative or {@code reach} is not
     *                                  positive
     */
    public static PanelSlope of(Panel panel, int trail, double reach) {
        Objects.requireNonNull(panel, "panel");
        if (trail < 0) {
            throw new IllegalArgumentException("panel slope: trail " + trail + " is negative");
        }
        if (!(reach > 0)) {
            throw new IllegalArgumentException("panel slope: reach " + reach + " is not positive");
        }
        int n = panel.units();
        int periods = panel.periods();
        if (periods < 0 || n < 0) {
            throw new IllegalArgumentException("panel slope: " + n + " units, " + periods + " periods");
        }
        Reader r = new Reader(panel, periods, trail, reach);
        // the period means of the values less their unit's means, over the units that take part, and the mean of u
        double[] meanU = new double[periods];
        double[] meanY = new double[periods];
        int[] count = new int[periods];
        double grand = 0;
        int units = 0;
        int observations = 0;
        for (int i = 0; i < n; i++) {
            int k = r.read(i);
            if (k < 2) {
                continue;
            }
            units++;
            observations += k;
            for (int t = 0; t < periods; t++) {
                if (!Double.isNaN(r.u[t])) {
                    meanU[t] += r.u[t] - r.unitU;
                    meanY[t] += r.y[t] - r.unitY;
                    count[t]++;
                    grand += r.u[t];
                }
            }
        }
        for (int t = 0; t < periods; t++) {
            meanU[t] = count[t] > 0 ? meanU[t] / count[t] : 0;
            meanY[t] = count[t] > 0 ? meanY[t] / count[t] : 0;
        }
        grand = observations > 0 ? grand / observations : 0;
        // the within sums, and the regressor's sum of squares about its mean (what the within values must keep)
        double suu = 0;
        double suy = 0;
        double total = 0;
        for (int i = 0; i < n; i++) {
            if (r.read(i) < 2) {
                continue;
            }
            for (int t = 0; t < periods; t++) {
                if (!Double.isNaN(r.u[t])) {
                    double d = r.u[t] - grand;
                    total += d * d;
                }
            }
            r.within(meanU, meanY);
            suu += r.c;
            suy += r.a;
        }
        if (units < 2 || !(suu > DEGENERATE * total) || !(suu > 0)) {
            return new PanelSlope(Double.NaN, Double.NaN, Double.NaN, units, observations);
        }
        double b = suy / suu;
        // each unit's score and its delete-one slope, read again (a sum of squared scores, no cancellation)
        double scores = 0;
        double jackMean = 0;
        double jackSquares = 0;
        int jack = 0;
        for (int i = 0; i < n; i++) {
            if (r.read(i) < 2) {
                continue;
            }
            r.within(meanU, meanY);
            double s = r.a - b * r.c;
            scores += s * s;
            double rest = suu - r.c;
            double without = rest > DEGENERATE * total ? (suy - r.a) / rest : Double.NaN;
            jack++;
            double delta = without - jackMean;
            jackMean += delta / jack;
            jackSquares += delta * (without - jackMean);
        }
        double clustered = Math.sqrt(scores * units / (units - 1.0)) / suu;
        double jackknife = Math.sqrt(jackSquares * (units - 1.0) / units);
        return new PanelSlope(b, clustered, jackknife, units, observations);
    }

    /** Reads one unit at a time into arrays of the periods' length: its regressors, responses and their means. */
    private static final class Reader {
        final Panel panel;
        final int trail;
        final double reach;
        /** The unit's values of x while their median is read; null for an infinite reach. */
        final double[] scratch;
        final double[] u;
        final double[] y;
        /** The unit's values of x, NaN where missing, not finite or beyond the reach. */
        final double[] x;
        double unitU;
        double unitY;
        /** After {@link #within}: sum u~ y~ and sum u~² over the unit's used periods. */
        double a;
        double c;

        Reader(Panel panel, int periods, int trail, double reach) {
            this.panel = panel;
            this.trail = trail;
            this.reach = reach;
            this.scratch = Double.isInfinite(reach) ? null : new double[periods];
            this.x = new double[periods];
            this.u = new double[periods];
            this.y = new double[periods];
        }

        /** Unit {@code i}'s regressors (trailing means) and responses, NaN where not used, their means; how many. */
        int read(int i) {
            int periods = u.length;
            // each value of x read once: those not finite, or beyond the unit's band, as missing
            for (int t = 0; t < periods; t++) {
                double v = panel.x(i, t);
                x[t] = Double.isFinite(v) ? v : Double.NaN;
            }
            if (scratch != null) {
                leaveOutBeyondReach();
            }
            int k = 0;
            double su = 0;
            double sy = 0;
            for (int t = 0; t < periods; t++) {
                double response = panel.y(i, t);
                double sum = 0;
                boolean used = t >= trail && Double.isFinite(response);
                for (int l = 0; l <= trail && used; l++) {
                    used = !Double.isNaN(x[t - l]);
                    sum += x[t - l];
                }
                double mean = sum / (trail + 1);
                used = used && Double.isFinite(mean);
                u[t] = used ? mean : Double.NaN;
                y[t] = used ? response : Double.NaN;
                if (used) {
                    k++;
                    su += mean;
                    sy += response;
                }
            }
            unitU = k > 0 ? su / k : 0;
            unitY = k > 0 ? sy / k : 0;
            return k;
        }

        /** The unit's values of x farther than {@code reach} robust deviations from their median, as missing. */
        private void leaveOutBeyondReach() {
            int k = 0;
            for (double v : x) {
                if (!Double.isNaN(v)) {
                    scratch[k++] = v;
                }
            }
            if (k == 0) {
                return;
            }
            double median = Descriptive.medianInPlace(scratch, 0, k);
            double meanDeviation = 0;
            for (int j = 0; j < k; j++) {
                scratch[j] = Math.abs(scratch[j] - median);
                meanDeviation += scratch[j];
            }
            double scale = MAD_TO_SD * Descriptive.medianInPlace(scratch, 0, k);
            if (!(scale > 0)) {
                scale = MEAN_AD_TO_SD * meanDeviation / k;
            }
            if (scale > 0) {
                for (int t = 0; t < x.length; t++) {
                    if (Math.abs(x[t] - median) > reach * scale) {
                        x[t] = Double.NaN;
                    }
                }
            }
        }

        /**
         * The unit just read, less its means, the period means {@code meanU} and {@code meanY} and its means again
         * (in place), and its sums {@link #a} and {@link #c}.
         */
        void within(double[] meanU, double[] meanY) {
            int k = 0;
            double su = 0;
            double sy = 0;
            for (int t = 0; t < u.length; t++) {
                if (!Double.isNaN(u[t])) {
                    // the unit's mean first: added to the period's mean before, at 1e9 from zero it rounded away
                    // the period mean's digits (slopes 1e-7 to 4e-6 off)
                    u[t] = (u[t] - unitU) - meanU[t];
                    y[t] = (y[t] - unitY) - meanY[t];
                    su += u[t];
                    sy += y[t];
                    k++;
                }
            }
            double mu = su / k;
            double my = sy / k;
            a = 0;
            c = 0;
            for (int t = 0; t < u.length; t++) {
                if (!Double.isNaN(u[t])) {
                    double du = u[t] - mu;
                    a += du * (y[t] - my);
                    c += du * du;
                }
            }
        }
    }

    /** The larger of the two errors: a bound on the slope should carry both (NaN with the slope). */
    public double standardError() {
        return Math.max(clusteredStandardError, jackknifeStandardError);
    }

    /**
     * The one-sided lower confidence bound {@code slope - t standardError()} with {@code t} Student's quantile at
     * {@code probability} with {@code units - 1} degrees of freedom; NaN with the slope or with fewer than two units.
     *
     * @param probability the bound's coverage, in (0.5, 1)
     * @return the bound
     * @throws IllegalArgumentException if {@code probability} is not in (0.5, 1)
     */
    public double lowerBound(double probability) {
        if (!(probability > 0.5 && probability < 1)) {
            throw new IllegalArgumentException("panel slope: bound probability " + probability + " is not in (0.5, 1)");
        }
        if (units < 2 || !Double.isFinite(slope) || !Double.isFinite(standardError())) {
            return Double.NaN;
        }
        return slope - StudentT.quantile(units - 1, probability) * standardError();
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "within slope %.4f (se %.4f clustered, %.4f jackknife; %d units, %d "
                + "observations)", slope, clusteredStandardError, jackknifeStandardError, units, observations);
    }
}
