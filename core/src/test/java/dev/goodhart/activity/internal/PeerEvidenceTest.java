package dev.goodhart.activity.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/**
 * The organisation-wide comparison without copies ({@link PeerEvidence#ofSortedOthers}) gives, to the last bit, what
 * {@link PeerEvidence#of} gives over the organisation without one occurrence of the actor's value: ties, zeros of
 * both signs, one-sided and two-sided.
 */
class PeerEvidenceTest {
    @Provide
    Arbitrary<double[]> values() {
        // few distinct values make ties common; a wide range makes the deviations' order non-trivial
        Arbitrary<Double> value = Arbitraries.oneOf(
                Arbitraries.of(0.0, -0.0, 1.0, 2.0, 2.5, 1e-3, 100.0),
                Arbitraries.doubles().between(-50, 50),
                Arbitraries.doubles().between(0, 1e6));
        return value.array(double[].class).ofMinSize(1).ofMaxSize(60);
    }

    @Property(tries = 3000)
    void equalsTheCopyAndSortOverTheOthers(@ForAll("values") double[] organisation,
                                           @ForAll("indexes") int pick, @ForAll boolean twoSided,
                                           @ForAll("floors") double floor, @ForAll("minPeers") int minPeers) {
        double v = organisation[Math.floorMod(pick, organisation.length)];
        double[] sorted = organisation.clone();
        Arrays.sort(sorted);
        double[] others = new double[organisation.length - 1];
        int k = 0;
        boolean skipped = false;
        for (double x : organisation) {
            if (!skipped && Double.compare(x, v) == 0) {
                skipped = true;
            } else {
                others[k++] = x;
            }
        }
        PeerEvidence fast = PeerEvidence.ofSortedOthers(v, sorted, minPeers, floor, twoSided);
        if (others.length < minPeers || others.length == 0) {
            assertThat(fast).isNull();
            return;
        }
        PeerEvidence slow = PeerEvidence.of(v, others, floor, twoSided);
        assertThat(fast).isNotNull();
        assertThat(Double.doubleToLongBits(fast.median())).isEqualTo(Double.doubleToLongBits(slow.median()));
        assertThat(Double.doubleToLongBits(fast.z())).isEqualTo(Double.doubleToLongBits(slow.z()));
        assertThat(fast.p()).isEqualTo(slow.p());
    }

    @Provide
    Arbitrary<Integer> indexes() {
        return Arbitraries.integers().between(0, 1000);
    }

    @Provide
    Arbitrary<Double> floors() {
        return Arbitraries.of(0.0, 1e-9, 0.05, 3.0);
    }

    @Provide
    Arbitrary<Integer> minPeers() {
        return Arbitraries.integers().between(1, 12);
    }

    @Test
    void aValueMissingFromTheOrganisationIsRefused() {
        assertThatThrownBy(() -> PeerEvidence.ofSortedOthers(7, new double[] {1, 2, 3}, 1, 0, false))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("own value 7.0");
    }

    /** A sentence never says "robust z = -0.0" (a reviewer found one for a coder a hair below the peers). */
    @Test
    void theZIsSaidToOneDecimalWithoutANegativeZero() {
        assertThat(new PeerEvidence(-0.04, 0.5, 1, 3, 9).zText()).isEqualTo("0.0");
        assertThat(new PeerEvidence(-0.0, 0.5, 1, 3, 9).zText()).isEqualTo("0.0");
        assertThat(new PeerEvidence(-0.26, 0.5, 1, 3, 9).zText()).isEqualTo("-0.3");
        assertThat(new PeerEvidence(6.25, 0.01, 1, 0, 9).zText()).isEqualTo("6.3");
    }

    @Test
    void aKnownCase() {
        // others 1, 2, 4, 10: median 3, deviations 1, 1, 2, 7 -> MAD 1.5, scale 2.2239; v = 10: z = 7 / 2.2239
        PeerEvidence e = PeerEvidence.ofSortedOthers(10, new double[] {1, 2, 4, 10, 10}, 1, 0, false);
        assertThat(e.median()).isEqualTo(3.0);
        assertThat(e.z()).isEqualTo(7 / (1.4826 * 1.5));
        assertThat(e.p()).isEqualTo(2.0 / 5); // one other at or beyond 10, of four
        assertThat(e.beyondPeers()).isEqualTo("1 of 4 peers (25%) at or beyond");
    }

    /**
     * A lone outlier has no peer at or beyond it: said so, not as the empirical p (which counts the actor itself: a
     * newcomer read "10% of peers at or beyond" of an actor no peer came near).
     */
    @Test
    void aLoneOutlierHasNoPeerAtOrBeyond() {
        PeerEvidence e = PeerEvidence.of(100, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9}, 0, false);
        assertThat(e.p()).isEqualTo(0.1);
        assertThat(e.beyondPeers()).isEqualTo("none of 9 peers at or beyond");
        assertThat(PeerEvidence.ofSortedOthers(100, new double[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 100}, 1, 0, false)
                .beyondPeers()).isEqualTo("none of 9 peers at or beyond");
        // a share that rounds to nothing, and counts grouped
        double[] many = new double[1250];
        for (int i = 0; i < many.length; i++) {
            many[i] = i < 2 ? 200 : i % 10;
        }
        assertThat(PeerEvidence.of(100, many, 0, false).beyondPeers()).isEqualTo("2 of 1,250 peers (under 1%) at or "
                + "beyond");
    }

    /**
     * The actor's own sampling error widens the scale: peers 1, 2, 3, 4, 5 (median 3, MAD 1, scale 1.4826) and an
     * actor at 9 read z 6 / 1.4826; with an own error of 2, 6 / sqrt(1.4826² + 4); the rank, median and peers stay.
     */
    @Test
    void theActorsOwnErrorWidensTheScale() {
        PeerEvidence ev = PeerEvidence.of(9, new double[] {1, 2, 3, 4, 5}, 0.1, false);
        assertThat(ev.z()).isCloseTo(6 / 1.4826, org.assertj.core.api.Assertions.within(1e-12));
        PeerEvidence wide = ev.widened(9, 2);
        assertThat(wide.z()).isCloseTo(6 / Math.sqrt(1.4826 * 1.4826 + 4),
                org.assertj.core.api.Assertions.within(1e-12));
        assertThat(wide.p()).isEqualTo(ev.p());
        assertThat(wide.median()).isEqualTo(3);
        assertThat(wide.beyond()).isEqualTo(ev.beyond());
        assertThat(ev.widened(9, 0)).isSameAs(ev);
        assertThat(PeerEvidence.of(3, new double[] {1, 2, 3, 4, 5}, 0.1, false).widened(3, 2).z()).isZero();
    }
}
