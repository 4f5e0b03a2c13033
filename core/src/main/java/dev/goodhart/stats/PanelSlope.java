package dev.goodhart.stats;

import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import org.apache.commons.math3.distribution.TDistribution;

/**
 * The slope of {@code y} on {@code x} within the units of a panel (units by periods, values missing as NaN): each
 * period's mean across the units taken out, then each unit's own mean (two-way fixed effects), with a standard error
 * robust to any correlation within a unit (clustered by unit). With {@code trail > 0} the regressor of period {@code t}
 * is the mean of {@code x} over periods {@code t - trail} to {@code t} (all present): the slope is then the response of
 * {@code y} to a level of {@code x} held over those periods (a distributed lag with equal weights).
 *
 * <p><b>Definition.</b> An observation {@code (i, t)} is used where {@code t >= trail}, its regressor {@code u_it} (the
 * trailing mean) and {@code y_it} are finite. With {@code m_t} the means of the used {@code u} and {@code y} in period
 * {@code t} and {@code a_i} the unit means of {@code u_it - m_t} and {@code y_it - m_t} over the unit's used periods, the
 * within values are {@code u~ = u_it - m_t^u - a_i^u} and {@code y~} likewise; the slope is {@code b = sum u~ y~ /
 * sum u~²}. One pass of the alternating projections: for a balanced panel (every observation used) this is exactly the
 * least-squares coefficient of {@code y ~ u + factor(unit) + factor(period)}; with missing observations it is close to
 * it. The error is the cluster-robust sandwich {@code sqrt(G / (G - 1) sum_i s_i²) / sum u~²} with {@code s_i = sum_t
 * u~ (y~ - b u~)} over the unit's periods and {@code G} the units with at least two used periods (R's {@code
 * sandwich::vcovCL(m, cluster = ~unit, type = "HC0")} on that model, balanced). A bound uses Student's t with {@code G -
 * 1} degrees of freedom ({@link #lowerBound}).
 *
 * @param slope         the within slope; NaN where {@code u~} does not vary or fewer than two units are used
 * @param standardError its cluster-robust error; NaN with the slope
 * @param units         the units with at least two used periods ({@code G})
 * @param observations  the used observations of those units
 */
public record PanelSlope(double slope, double standardError, int units, int observations) {
    /** The median absolute deviation of the normal over its standard deviation's: 1 / qnorm(0.75). */
    private static final double MAD_TO_SD = 1.482602218505602;

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
     * @throws IllegalArgumentException if the shapes differ or {@code trail} is negative
     */
    public static PanelSlope of(double[][] x, double[][] y, int trail) {
        Objects.requireNonNull(x, "x");
        Objects.requireNonNull(y, "y");
        if (x.length != y.length) {
            throw new IllegalArgumentException("panel slope: " + x.length + " units of x, " + y.length + " of y");
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
        }, trail);
    }

    /**
     * The slope of {@code panel} (see the class comment); allocates a few arrays of its periods' length, nothing per
     * unit.
     *
     * @param panel the panel
     * @param trail how many periods before each one its regressor's mean reaches back, at least 0
     * @return the estimate
     * @throws IllegalArgumentException if {@code trail} is negative
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
     * deviation from its median times 1.4826; a unit whose values do not vary keeps them all.
     *
     * @param panel the panel
     * @param trail how many periods before each one its regressor's mean reaches back, at least 0
     * @param reach how many robust standard deviations a value may lie from its unit's median, positive (infinite:
     *              every value)
     * @return the estimate
     * @throws IllegalArgumentException if {@code trail} is negative or {@code reach} is not positive
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
        double[] u = new double[periods];
        double[] y = new double[periods];
        double[] scratch = Double.isInfinite(reach) ? null : new double[periods];
        double[] meanU = new double[periods];
        double[] meanY = new double[periods];
        int[] count = new int[periods];
        for (int i = 0; i < n; i++) {
            read(panel, i, trail, reach, scratch, u, y);
            for (int t = 0; t < periods; t++) {
                if (!Double.isNaN(u[t])) {
                    meanU[t] += u[t];
                    meanY[t] += y[t];
                    count[t]++;
                }
            }
        }
        for (int t = 0; t < periods; t++) {
            meanU[t] = count[t] > 0 ? meanU[t] / count[t] : Double.NaN;
            meanY[t] = count[t] > 0 ? meanY[t] / count[t] : Double.NaN;
        }
        double suu = 0;
        double suy = 0;
        // per unit a = sum u~ y~ and c = sum u~²: its score is a - b c, so the sum of squared scores is
        // sum a² - 2 b sum a c + b² sum c², read once b is known
        double aa = 0;
        double ac = 0;
        double cc = 0;
        int units = 0;
        int observations = 0;
        for (int i = 0; i < n; i++) {
            read(panel, i, trail, reach, scratch, u, y);
            int k = 0;
            double su = 0;
            double sy = 0;
            for (int t = 0; t < periods; t++) {
                if (!Double.isNaN(u[t])) {
                    u[t] -= meanU[t];
                    y[t] -= meanY[t];
                    su += u[t];
                    sy += y[t];
                    k++;
                }
            }
            if (k < 2) {
                continue;
            }
            double mu = su / k;
            double my = sy / k;
            double a = 0;
            double c = 0;
            for (int t = 0; t < periods; t++) {
                if (!Double.isNaN(u[t])) {
                    double du = u[t] - mu;
                    a += du * (y[t] - my);
                    c += du * du;
                }
            }
            suy += a;
            suu += c;
            aa += a * a;
            ac += a * c;
            cc += c * c;
            units++;
            observations += k;
        }
        if (units < 2 || !(suu > 0)) {
            return new PanelSlope(Double.NaN, Double.NaN, units, observations);
        }
        double b = suy / suu;
        double scores = Math.max(0, aa - 2 * b * ac + b * b * cc);
        return new PanelSlope(b, Math.sqrt(scores * units / (units - 1.0)) / suu, units, observations);
    }

    /**
     * Unit {@code i}'s regressors (trailing means) and responses into {@code u} and {@code y}, NaN where not used;
     * {@code scratch} (null for an infinite reach) holds its values of x while their median is read.
     */
    private static void read(Panel panel, int i, int trail, double reach, double[] scratch, double[] u, double[] y) {
        int periods = u.length;
        double low = Double.NEGATIVE_INFINITY;
        double high = Double.POSITIVE_INFINITY;
        if (scratch != null) {
            int k = 0;
            for (int t = 0; t < periods; t++) {
                double v = panel.x(i, t);
                if (Double.isFinite(v)) {
                    scratch[k++] = v;
                }
            }
            if (k > 0) {
                Arrays.sort(scratch, 0, k);
                double median = median(scratch, k);
                for (int j = 0; j < k; j++) {
                    scratch[j] = Math.abs(scratch[j] - median);
                }
                Arrays.sort(scratch, 0, k);
                double scale = MAD_TO_SD * median(scratch, k);
                if (scale > 0) {
                    low = median - reach * scale;
                    high = median + reach * scale;
                }
            }
        }
        for (int t = 0; t < periods; t++) {
            double response = panel.y(i, t);
            double sum = 0;
            boolean used = t >= trail && Double.isFinite(response);
            for (int l = 0; l <= trail && used; l++) {
                double v = panel.x(i, t - l);
                used = Double.isFinite(v) && v >= low && v <= high;
                sum += v;
            }
            u[t] = used ? sum / (trail + 1) : Double.NaN;
            y[t] = used ? response : Double.NaN;
        }
    }

    private static double median(double[] sorted, int k) {
        return k % 2 == 1 ? sorted[k / 2] : (sorted[k / 2 - 1] + sorted[k / 2]) / 2;
    }

    /**
     * The one-sided lower confidence bound {@code slope - t standardError} with {@code t} Student's quantile at
     * {@code probability} with {@code units - 1} degrees of freedom; NaN with the slope.
     *
     * @param probability the bound's coverage, in (0.5, 1)
     * @return the bound
     * @throws IllegalArgumentException if {@code probability} is not in (0.5, 1)
     */
    public double lowerBound(double probability) {
        if (!(probability > 0.5 && probability < 1)) {
            throw new IllegalArgumentException("panel slope: bound probability " + probability + " is not in (0.5, 1)");
        }
        if (!Double.isFinite(slope) || !Double.isFinite(standardError)) {
            return Double.NaN;
        }
        return slope - new TDistribution(null, units - 1).inverseCumulativeProbability(probability) * standardError;
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "within slope %.4f (clustered se %.4f; %d units, %d observations)", slope,
                standardError, units, observations);
    }
}
