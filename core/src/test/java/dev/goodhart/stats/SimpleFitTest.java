package dev.goodhart.stats;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.goodhart.TestData;
import java.math.BigDecimal;
import java.math.MathContext;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/** The one-predictor line against R 4.2.2's {@code lm} (reference/simple_fit.R) and against {@link Ols#fit}. */
class SimpleFitTest {

    private static double[][] read(String set) {
        List<String> rows = TestData.lines("/reference/simple_fit_" + set + ".csv");
        int n = rows.size() - 1;
        double[][] xy = new double[2][n];
        for (int i = 0; i < n; i++) {
            String[] f = rows.get(i + 1).split(",");
            xy[0][i] = Double.parseDouble(f[0].trim());
            xy[1][i] = Double.parseDouble(f[1].trim());
        }
        return xy;
    }

    private static double[] expected(String set) {
        for (String line : TestData.lines("/reference/simple_fit_expected.csv")) {
            String[] f = line.split(",");
            if (f[0].equals(set)) {
                double[] v = new double[6];
                for (int k = 0; k < 6; k++) {
                    v[k] = Double.parseDouble(f[k + 1].trim());
                }
                return v;
            }
        }
        throw new AssertionError("no reference row " + set);
    }

    /** cars and faithful to 1e-12 relative: R's values are printed with 17 digits and the data are short decimals. */
    @Test
    void matchesRLmOnCarsAndFaithful() {
        for (String set : new String[] {"cars", "faithful"}) {
            double[][] xy = read(set);
            SimpleFit fit = SimpleFit.of(xy[0], xy[1], xy[0].length);
            double[] e = expected(set);
            assertThat(fit.intercept()).as(set).isCloseTo(e[0], within(Math.abs(e[0]) * 1e-12));
            assertThat(fit.slope()).as(set).isCloseTo(e[1], within(Math.abs(e[1]) * 1e-12));
            OlsResult ols = fit.toOlsResult("x");
            assertThat(ols.standardError(0)).as(set).isCloseTo(e[2], within(e[2] * 1e-12));
            assertThat(ols.standardError(1)).as(set).isCloseTo(e[3], within(e[3] * 1e-12));
            assertThat(fit.residualSumOfSquares()).as(set).isCloseTo(e[4], within(e[4] * 1e-12));
            assertThat(fit.rSquared()).as(set).isCloseTo(e[5], within(1e-13));
            assertThat(ols.terms()).containsExactly("(Intercept)", "x");
        }
    }

    /**
     * A predictor around 1e4 with a spread of 2.3 (cars' speed / 10 + 1e4): R's own QR keeps 11-12 digits of the slope
     * and the residual sum of squares here (3.4e-12 and 1.8e-12 from the exact values, which follow from cars'); this
     * fit keeps more. Checked against both.
     */
    @Test
    void keepsItsDigitsFarFromZero() {
        double[][] xy = read("far");
        SimpleFit fit = SimpleFit.of(xy[0], xy[1], xy[0].length);
        double[] r = expected("far");
        assertThat(fit.slope()).isCloseTo(r[1], within(Math.abs(r[1]) * 1e-10));
        assertThat(fit.residualSumOfSquares()).isCloseTo(r[4], within(r[4] * 1e-10));
        double[] cars = expected("cars");
        // exact: the slope is ten times cars', the residuals are cars' (the x values are cars' speed / 10 + 1e4 to
        // within their own rounding, 1e-12 of 10000)
        assertThat(fit.slope()).isCloseTo(10 * cars[1], within(10 * cars[1] * 1e-12));
        assertThat(fit.residualSumOfSquares()).isCloseTo(cars[4], within(cars[4] * 1e-12));
    }

    /**
     * The same fit as the general QR, to rounding, and closer to the exact fit (60-digit arithmetic) than the QR, on
     * random lines with predictors offset up to a thousand times their spread, responses offset up to 1e6 and noise
     * from 1e-6 to 10 times the signal. Where the line is nearly perfect and far from zero the QR's residual sum of
     * squares keeps about 9 digits (1.4e-9 from the exact at a fit with R² 1 - 1e-8, offset 358); this fit's kept 12.
     */
    @Property(tries = 300)
    void equalsTheGeneralFitToRoundingAndTheExactFitMoreClosely(@ForAll @IntRange(min = 3, max = 300) int n,
                                       @ForAll @DoubleRange(min = -1000, max = 1000) double offset,
                                       @ForAll @DoubleRange(min = -3, max = 3) double logScale,
                                       @ForAll @DoubleRange(min = -1e6, max = 1e6) double level,
                                       @ForAll @DoubleRange(min = -6, max = 1) double logNoise,
                                       @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] x = new double[n];
        double[][] design = new double[n][1];
        double[] y = new double[n];
        double noise = Math.pow(10, logNoise);
        double scale = Math.pow(10, logScale);
        for (int i = 0; i < n; i++) {
            x[i] = scale * (offset + random.nextGaussian());
            design[i][0] = x[i];
            y[i] = level + 2.5 * (x[i] / scale - offset) + noise * random.nextGaussian();
        }
        OlsResult general;
        try {
            general = Ols.fit(y, design, "x");
        } catch (IllegalArgumentException e) {
            assertThatThrownBy(() -> SimpleFit.of(x, y, n)).isInstanceOf(IllegalArgumentException.class);
            return;
        }
        SimpleFit fit = SimpleFit.of(x, y, n);
        OlsResult simple = fit.toOlsResult("x");
        // the exact least-squares line of these doubles, to 60 digits
        MathContext mc = new MathContext(60);
        BigDecimal sumX = BigDecimal.ZERO;
        BigDecimal sumY = BigDecimal.ZERO;
        for (int i = 0; i < n; i++) {
            sumX = sumX.add(new BigDecimal(x[i]));
            sumY = sumY.add(new BigDecimal(y[i]));
        }
        BigDecimal meanX = sumX.divide(BigDecimal.valueOf(n), mc);
        BigDecimal meanY = sumY.divide(BigDecimal.valueOf(n), mc);
        BigDecimal sxx = BigDecimal.ZERO;
        BigDecimal sxy = BigDecimal.ZERO;
        for (int i = 0; i < n; i++) {
            BigDecimal u = new BigDecimal(x[i]).subtract(meanX);
            sxx = sxx.add(u.multiply(u));
            sxy = sxy.add(u.multiply(new BigDecimal(y[i]).subtract(meanY)));
        }
        BigDecimal slope = sxy.divide(sxx, mc);
        BigDecimal rss = BigDecimal.ZERO;
        for (int i = 0; i < n; i++) {
            BigDecimal r = new BigDecimal(y[i]).subtract(meanY).subtract(slope.multiply(new BigDecimal(x[i]).subtract(meanX)));
            rss = rss.add(r.multiply(r));
        }
        double exactSlope = slope.doubleValue();
        double exactRss = rss.doubleValue();
        // relative to what the line's own conditioning allows: |offset| + 1 spreads of x
        double condition = Math.abs(offset) + 1;
        assertThat(fit.slope()).isCloseTo(exactSlope, within(1e-13 * condition * Math.abs(exactSlope) + 1e-300));
        // residuals carry rounding of the data's size, m eps per value, so a residual sum of squares computed in
        // doubles is within about 2 sqrt(n rss) m eps of the exact; this fit's within a few of that, the QR's within
        // 64 (its residuals of 1e-9 of the data lose 6 digits of it)
        double m = 0;
        for (int i = 0; i < n; i++) {
            m = Math.max(m, Math.abs(y[i]) + Math.abs(exactSlope * x[i]));
        }
        double rounding = 2 * Math.sqrt(n * exactRss) * m * Math.ulp(1.0);
        assertThat(fit.residualSumOfSquares()).isCloseTo(exactRss, within(1e-12 * exactRss + 4 * rounding + 1e-300));
        double slopeTolerance = 1e-9 * condition * (Math.abs(general.coefficient(1)) + general.standardError(1) + 1e-300);
        assertThat(simple.coefficient(1)).isCloseTo(general.coefficient(1), within(slopeTolerance));
        double interceptTolerance = 1e-9 * condition * (Math.abs(general.coefficient(0)) + Math.abs(level)
                + general.standardError(0) + 1e-300);
        assertThat(simple.coefficient(0)).isCloseTo(general.coefficient(0), within(interceptTolerance));
        assertThat(simple.residualSumOfSquares()).isCloseTo(general.residualSumOfSquares(),
                within(1e-9 * general.residualSumOfSquares() + 64 * rounding + 1e-300));
        if (n > 3) {
            // the standard error goes with the square root of the residual sum of squares: half its relative error
            assertThat(simple.standardError(1)).isCloseTo(general.standardError(1), within(general.standardError(1)
                    * (1e-9 + 64 * rounding / Math.max(exactRss, Double.MIN_NORMAL)) + 1e-300));
        }
    }

    @Test
    void refusesWhatTheGeneralFitRefuses() {
        assertThatThrownBy(() -> SimpleFit.of(new double[] {1, 2}, new double[] {1, 2}, 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("more than 2");
        assertThatThrownBy(() -> SimpleFit.of(new double[] {3, 3, 3, 3}, new double[] {1, 2, 3, 4}, 4))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("does not vary");
        assertThatThrownBy(() -> SimpleFit.of(new double[] {1, 2, Double.NaN}, new double[] {1, 2, 3}, 3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("row 2");
        assertThatThrownBy(() -> SimpleFit.of(new double[] {1, 2, 3}, new double[] {1, 2}, 3))
                .isInstanceOf(IllegalArgumentException.class);
        // a perfect line: no residual at all, as the QR's
        SimpleFit exact = SimpleFit.of(new double[] {1, 2, 3, 4}, new double[] {3, 5, 7, 9}, 4);
        assertThat(exact.slope()).isEqualTo(2.0);
        assertThat(exact.intercept()).isEqualTo(1.0);
        assertThat(exact.residualSumOfSquares()).isEqualTo(0.0);
        assertThat(exact.rSquared()).isEqualTo(1.0);
    }
}
