package dev.goodhart.sim;

import java.util.Random;

/**
 * Draws on {@link java.util.Random} that the sixth and seventh zoos' generators share, written as the helpers' programs
 * drew them (their organisations depend on the exact sequence of uniforms each draw consumes). The other zoos draw on
 * {@link java.util.SplittableRandom} with their own algorithms and keep them.
 */
public final class RandomDraws {
    private RandomDraws() {
    }

    /**
     * A Poisson count: Knuth's product of uniforms for a mean up to 40, a rounded normal (at least 0) above; 0 for a
     * mean that is not positive.
     */
    public static int poisson(Random r, double lambda) {
        if (lambda <= 0) {
            return 0;
        }
        if (lambda > 40) {
            return Math.max(0, (int) Math.round(lambda + Math.sqrt(lambda) * r.nextGaussian()));
        }
        double limit = Math.exp(-lambda);
        double p = 1;
        int k = 0;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > limit);
        return k - 1;
    }

    /** A binomial count of {@code n} trials at probability {@code p}, one uniform a trial. */
    public static int binomial(Random r, int n, double p) {
        int k = 0;
        for (int i = 0; i < n; i++) {
            if (r.nextDouble() < p) {
                k++;
            }
        }
        return k;
    }
}
