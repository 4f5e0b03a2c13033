package dev.goodhart.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The branch-free selection puts the sorted value at its index, whatever the shape of the values. */
class SelectionTest {
    /**
     * The selection puts the value a sort would put at k, nothing above it before it and
     * nothing below it after it, on arrays of 1 to 500 values with runs of ties (zero weeks), repeated pivots, mixed
     * signs and the shapes of series in time order (a V, a hump, an organ pipe, sorted).
     */
    @Property(tries = 2000)
    void selectionPutsTheSortedValueAtK(@ForAll @IntRange(min = 1, max = 500) int n,
                                        @ForAll @IntRange(min = 0, max = 7) int ties,
                                        @ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            double g = random.nextGaussian();
            double x = n == 1 ? 0 : i / (double) (n - 1);
            v[i] = switch (ties) {
                case 0 -> g;
                case 1 -> Math.floor(3 * g); // a few distinct values
                case 2 -> random.nextInt(4) == 0 ? g : 0; // mostly zeros
                case 3 -> 7; // all equal
                case 4 -> Math.abs(x - 0.5); // a V, in time order
                case 5 -> Math.sin(Math.PI * x) * (1 + 0.005 * g); // a hump with noise
                case 6 -> i < n / 2 ? i : n - i; // organ pipe
                default -> x; // sorted
            };
        }
        double[] sorted = v.clone();
        java.util.Arrays.sort(sorted);
        int k = random.nextInt(n);
        double[] w = v.clone();
        Selection.select(w, 0, n - 1, k);
        assertThat(w[k]).isEqualTo(sorted[k]);
        for (int i = 0; i < n; i++) {
            if (i < k) {
                assertThat(w[i]).isLessThanOrEqualTo(w[k]);
            } else if (i > k) {
                assertThat(w[i]).isGreaterThanOrEqualTo(w[k]);
            }
        }
        double[] sortedCopy = w.clone();
        java.util.Arrays.sort(sortedCopy);
        assertThat(sortedCopy).as("a permutation").containsExactly(sorted);
    }
}
