package dev.goodhart.stats;

import dev.goodhart.internal.Normal;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegrator;
import org.apache.commons.math3.analysis.integration.gauss.GaussIntegratorFactory;

/**
 * The standard bivariate normal distribution with correlation {@code rho}: its distribution function (Genz's BVND,
 * after Drezner and Wesolowsky 1990: Gauss-Legendre quadrature with 6, 12 or 20 points by the size of {@code rho},
 * double precision), and the multiplicity correction it gives for the smaller of two correlated one-sided p-values.
 */
public final class BivariateNormal {
    private static final double TWO_PI = 2 * Math.PI;
    /** Gauss-Legendre nodes and weights on [-1, 1]: 6, 12 and 20 points. */
    private static final double[][] NODES = new double[3][];
    private static final double[][] WEIGHTS = new double[3][];

    static {
        GaussIntegratorFactory factory = new GaussIntegratorFactory();
        int[] sizes = {6, 12, 20};
        for (int g = 0; g < 3; g++) {
            GaussIntegrator rule = factory.legendre(sizes[g]);
            NODES[g] = new double[sizes[g]];
            WEIGHTS[g] = new double[sizes[g]];
            for (int i = 0; i < sizes[g]; i++) {
                NODES[g][i] = rule.getPoint(i);
                WEIGHTS[g][i] = rule.getWeight(i);
            }
        }
    }

    private BivariateNormal() {
    }

    /**
     * {@code P(Z1 <= h, Z2 <= k)} for standard normals with correlation {@code rho}.
     *
     * @param rho the correlation, in [-1, 1]
     * @throws IllegalArgumentException if {@code rho} is outside [-1, 1] or any argument is NaN
     */
    public static double cdf(double h, double k, double rho) {
        if (Double.isNaN(h) || Double.isNaN(k) || !(rho >= -1 && rho <= 1)) {
            throw new IllegalArgumentException("bivariate normal: h, k must be numbers and rho in [-1, 1], found "
                    + h + ", " + k + ", " + rho);
        }
        return upper(-h, -k, rho);
    }

    /** {@code P(Z1 > h, Z2 > k)}: Genz's BVND. */
    private static double upper(double h, double k, double r) {
        if (h == Double.POSITIVE_INFINITY || k == Double.POSITIVE_INFINITY) {
            return 0;
        }
        if (h == Double.NEGATIVE_INFINITY) {
            return phi(-k);
        }
        if (k == Double.NEGATIVE_INFINITY) {
            return phi(-h);
        }
        int g = Math.abs(r) < 0.3 ? 0 : Math.abs(r) < 0.75 ? 1 : 2;
        double[] x = NODES[g];
        double[] w = WEIGHTS[g];
        double hk = h * k;
        double bvn = 0;
        if (Math.abs(r) < 0.925) {
            double hs = (h * h + k * k) / 2;
            double asr = Math.asin(r);
            for (int i = 0; i < x.length; i++) {
                double sn = Math.sin(asr * (x[i] + 1) / 2);
                bvn += w[i] * Math.exp((sn * hk - hs) / (1 - sn * sn));
            }
            bvn = bvn * asr / (2 * TWO_PI) + phi(-h) * phi(-k);
        } else {
            double kk = k;
            if (r < 0) {
                kk = -k;
                hk = -hk;
            }
            if (Math.abs(r) < 1) {
                double as = (1 - r) * (1 + r);
                double a = Math.sqrt(as);
                double bs = (h - kk) * (h - kk);
                double c = (4 - hk) / 8;
                double d = (12 - hk) / 16;
                bvn = a * Math.exp(-(bs / as + hk) / 2) * (1 - c * (bs - as) * (1 - d * bs / 5) / 3 + c * d * as * as / 5);
                if (hk > -160) {
                    double b = Math.sqrt(bs);
                    bvn -= Math.exp(-hk / 2) * Math.sqrt(TWO_PI) * phi(-b / a) * b * (1 - c * bs * (1 - d * bs / 5) / 3);
                }
                a = a / 2;
                for (int i = 0; i < x.length; i++) {
                    double xs = a * (x[i] + 1);
                    xs = xs * xs;
                    double rs = Math.sqrt(1 - xs);
                    bvn += a * w[i] * (Math.exp(-bs / (2 * xs) - hk / (1 + rs)) / rs
                            - Math.exp(-(bs / xs + hk) / 2) * (1 + c * xs * (1 + d * xs)));
                }
                bvn = -bvn / TWO_PI;
            }
            if (r > 0) {
                bvn += phi(-Math.max(h, kk));
            } else {
                bvn = -bvn;
                if (kk > h) {
                    bvn += h < 0 ? phi(kk) - phi(h) : phi(-h) - phi(-kk);
                }
            }
        }
        return Math.max(0, Math.min(1, bvn));
    }

    private static double phi(double z) {
        return Normal.STANDARD.cumulativeProbability(z);
    }

    /**
     * The p-value of the smaller of two one-sided p-values whose statistics are standard normal under the null with
     * correlation at least {@code rho}: {@code P(max(Z1, Z2) >= c) = 2 min p - P(Z1 >= c, Z2 >= c)} with {@code c} the
     * normal quantile of {@code 1 - min p} (inclusion-exclusion; the joint tail is computed directly, so tiny p-values
     * keep their digits). It lies between {@code min p} (rho = 1) and the Bonferroni bound {@code 2 min p} (rho = 0),
     * and is valid (conservative) when the true correlation is larger than {@code rho}.
     *
     * @param minP the smaller of the two p-values, in [0, 1]
     * @param rho  a lower bound on the statistics' correlation, in [0, 1]
     */
    public static double minOfTwo(double minP, double rho) {
        if (!(minP >= 0 && minP <= 1) || !(rho >= 0 && rho <= 1)) {
            throw new IllegalArgumentException("minOfTwo: p must be in [0, 1] and rho in [0, 1], found " + minP + ", "
                    + rho);
        }
        if (minP == 0 || minP == 1) {
            return minP;
        }
        double c = -Normal.quantile(minP);
        double p = 2 * minP - upper(c, c, rho);
        return Math.min(Math.min(1, 2 * minP), Math.max(minP, p));
    }
}
