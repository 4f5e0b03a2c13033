package dev.goodhart.sim;

import java.util.SplittableRandom;

/**
 * Simulated proxy/outcome pairs with known ground truth, for calibration and property tests.
 *
 * <p>Genuine work {@code w_t = 1 + a_t}, {@code a_t = 0.5 a_{t-1} + 0.13 e_t}; genuine proxy {@code P w_t (1 + 0.04 u_t)};
 * the outcome (higher is better) {@code O w_t^0.6 (1 + 0.04 v_t)} when coupled. Gaming adds activity unrelated to the
 * work after the split.
 */
public enum Scenario {
    /** Proxy and outcome coupled, nothing changes. */
    COUPLED_STEADY(false),
    /** Proxy and outcome independent noise, nothing changes. */
    INDEPENDENT_NULL(false),
    /** Both trend upwards for unrelated reasons; no coupling. */
    UNRELATED_TRENDS(false),
    /** Genuine work grows 60% after the split; both follow. */
    HEALTHY_GROWTH(false),
    /** Proxy falls 35% while the outcome improves 22% (the second article's client). */
    LEAN(false),
    /** Both follow a shared seasonal cycle of 7 periods (weekly seasonality in daily data), coupled otherwise. */
    SHARED_SEASONALITY(false),
    /** Coupled, with strongly autocorrelated outcome noise (AR(1), phi = 0.9) on top. */
    AUTOCORRELATED_OUTCOME(false),
    /** Dummy agents and scripted queries after the split: proxy roughly doubles, outcome unchanged. */
    GAMED(true),
    /** Partial inflation: +50% proxy from dummy activity plus a small real gain. */
    PARTIAL_INFLATION(true),
    /** Tokens jump by 80% exactly at the quota and stay there; the outcome does not move. */
    JUMP_AT_QUOTA(true),
    /** Dummy activity ramps up linearly from nothing to +100% over the whole recent window. */
    GRADUAL_RAMP(true);

    private final boolean gamed;

    Scenario(boolean gamed) {
        this.gamed = gamed;
    }

    /** Whether the ground truth is gaming. */
    public boolean gamed() {
        return gamed;
    }

    /** Generates {proxy, outcome} of {@code n} periods with the change at {@code split}. */
    public double[][] generate(long seed, int n, int split) {
        return generate(seed, n, split, false);
    }

    /**
     * Generates {proxy, outcome} of {@code n} days starting on a Monday with the change at {@code split}: as
     * {@link #generate(long, int, int)}, and genuine work (so both series) falls to 35% on Saturdays and Sundays.
     */
    public double[][] generateDaily(long seed, int n, int split) {
        return generate(seed, n, split, true);
    }

    private double[][] generate(long seed, int n, int split, boolean daily) {
        SplittableRandom rnd = new SplittableRandom(seed);
        double[] proxy = new double[n];
        double[] outcome = new double[n];
        double a = 0;
        double b = 0;
        double c = 0;
        for (int t = 0; t < n; t++) {
            a = 0.5 * a + 0.13 * gaussian(rnd);
            b = 0.5 * b + 0.13 * gaussian(rnd);
            c = 0.9 * c + 0.03 * gaussian(rnd);
            double work = (1 + a) * (daily && t % 7 >= 5 ? 0.35 : 1);
            boolean after = t >= split;
            double ramp = after ? Math.min(1, (t - split + 1) / (double) Math.max(1, (n - split) / 2)) : 0;
            double proxyLevel = 1;
            double outcomeLevel = 1;
            double dummy = 0;
            double outcomeWork = work;
            switch (this) {
                case INDEPENDENT_NULL:
                    outcomeWork = 1 + b;
                    break;
                case UNRELATED_TRENDS:
                    outcomeWork = 1 + b;
                    proxyLevel = 1 + 0.8 * t / n;
                    outcomeLevel = 1 + 0.5 * t / n;
                    break;
                case HEALTHY_GROWTH:
                    work *= 1 + 0.6 * ramp;
                    outcomeWork = work;
                    break;
                case LEAN:
                    proxyLevel = 1 - 0.35 * ramp;
                    outcomeLevel = 1 + 0.22 * ramp;
                    break;
                case GAMED:
                    dummy = after ? Math.min(1, ramp * 4) * (0.5 + 0.9 * Math.abs(gaussian(rnd))) : 0;
                    break;
                case SHARED_SEASONALITY:
                    work *= 1 + 0.25 * Math.sin(2 * Math.PI * t / 7);
                    outcomeWork = work;
                    break;
                case AUTOCORRELATED_OUTCOME:
                    outcomeLevel = Math.exp(c);
                    break;
                case JUMP_AT_QUOTA:
                    dummy = after ? 0.8 * (1 + 0.1 * gaussian(rnd)) : 0;
                    break;
                case GRADUAL_RAMP:
                    dummy = after ? (t - split + 1) / (double) (n - split) * (0.7 + 0.6 * Math.abs(gaussian(rnd))) : 0;
                    break;
                case PARTIAL_INFLATION:
                    dummy = after ? Math.min(1, ramp * 4) * (0.2 + 0.4 * Math.abs(gaussian(rnd))) : 0;
                    outcomeLevel = 1 + 0.05 * ramp;
                    break;
                default:
                    break;
            }
            proxy[t] = 1000 * (proxyLevel * work * (1 + 0.04 * gaussian(rnd)) + dummy);
            outcome[t] = 50 * outcomeLevel * Math.pow(outcomeWork, 0.6) * (1 + 0.04 * gaussian(rnd));
        }
        return new double[][] {proxy, outcome};
    }

    static double gaussian(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
