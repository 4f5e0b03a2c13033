package dev.goodhart.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.Scale;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/**
 * The organisation's share of its total rise that its outcome owes a gain for: the segments' log rises weighted by
 * their outcome before the date, over the log rise of their summed use. Checked against the closed form, and for the
 * properties it must have: in [0, 1], 1 where every segment rose alike, unchanged by the units of use and of outcome.
 */
class CompositionTest {

    /**
     * 8 segments whose use doubled from 100 and 40 at 5 that did not move, all with outcome 10: the weighted rise is
     * ln 2 / 6, the total's ln(1800 / 1000), the share their ratio.
     */
    @Test
    void theShareIsTheWeightedRiseOverTheTotals() {
        Composition.Fold fold = new Composition.Fold();
        for (int i = 0; i < 8; i++) {
            fold.add(100, 200, 10);
        }
        for (int i = 0; i < 40; i++) {
            fold.add(5, 5, 10);
        }
        Composition c = fold.conclude(false);
        assertThat(c.segments()).isEqualTo(48);
        assertThat(c.weightedRise()).isCloseTo(Math.log(2) / 6, within(1e-15));
        assertThat(c.totalRise()).isCloseTo(Math.log(1.8), within(1e-15));
        assertThat(c.share()).isCloseTo(Math.log(2) / 6 / Math.log(1.8), within(1e-14));
        assertThat(c.clause("tokens", "tickets", false)).isEqualTo(" Each of its 48 segments counts in the"
                + " organisation's tickets by its share before the date: weighted so, their tokens rose 12% (the total"
                + " rose 80%), and the organisation owes 0.20 of what the total's rise would.");
    }

    /** Segments whose outcome holds most of it rising more than the total: never more than the total's rise owes. */
    @Test
    void theShareIsAtMostOneAndAtLeastZero() {
        Composition.Fold more = new Composition.Fold();
        more.add(10, 40, 100);
        more.add(1000, 1000, 1);
        assertThat(more.conclude(false).share()).isEqualTo(1);
        Composition.Fold fewer = new Composition.Fold();
        fewer.add(10, 5, 100);
        fewer.add(1000, 2000, 1);
        assertThat(fewer.conclude(false).share()).isZero();
    }

    /**
     * Not measured (the organisation's rise owes as it is): fewer than two segments with positive means, a total that
     * did not move, a link read per head.
     */
    @Test
    void whereItCannotBeMeasuredTheWholeRiseOwes() {
        Composition.Fold one = new Composition.Fold();
        one.add(100, 200, 10);
        one.add(Double.NaN, 200, 10);
        one.add(0, 200, 10);
        one.add(100, 200, 0);
        assertThat(one.conclude(false)).isSameAs(Composition.WHOLE);
        Composition.Fold flat = new Composition.Fold();
        flat.add(100, 100, 10);
        flat.add(50, 50, 3);
        assertThat(flat.conclude(false)).isSameAs(Composition.WHOLE);
        Composition.Fold perHead = new Composition.Fold();
        perHead.add(100, 200, 10);
        perHead.add(5, 5, 10);
        assertThat(perHead.conclude(true)).isSameAs(Composition.WHOLE);
        assertThat(Composition.WHOLE.clause("tokens", "tickets", false)).isEmpty();
    }

    /** Segments that rose alike (by any factor, from any level, whatever their outcome): the share is 1. */
    @Property
    void segmentsThatRoseAlikeOweTheWholeRise(@ForAll @Size(min = 2, max = 30) List<@DoubleRange(min = 0.01,
            max = 1e6) Double> levels, @ForAll @DoubleRange(min = 1.05, max = 20) double factor) {
        Composition.Fold fold = new Composition.Fold();
        for (int i = 0; i < levels.size(); i++) {
            fold.add(levels.get(i), levels.get(i) * factor, levels.get(levels.size() - 1 - i));
        }
        assertThat(fold.conclude(false).share()).isCloseTo(1, within(1e-9));
    }

    /**
     * In [0, 1], and unchanged when every segment's use is counted in other units (tokens in thousands) or its outcome
     * (hours for days).
     */
    @Property
    void theShareIsBoundedAndFreeOfUnits(@ForAll @Size(min = 2, max = 30) List<@DoubleRange(min = 0.01,
            max = 1e4) Double> before, @ForAll @Size(min = 2, max = 30) List<@DoubleRange(min = 0.01,
            max = 1e4) Double> since, @ForAll @DoubleRange(min = 1e-3, max = 1e3) @Scale(4) double useUnit,
                                          @ForAll @DoubleRange(min = 1e-3, max = 1e3) @Scale(4) double outcomeUnit) {
        int n = Math.min(before.size(), since.size());
        Composition.Fold fold = new Composition.Fold();
        Composition.Fold scaled = new Composition.Fold();
        for (int i = 0; i < n; i++) {
            double outcome = 1 + i % 7;
            fold.add(before.get(i), since.get(i), outcome);
            scaled.add(before.get(i) * useUnit, since.get(i) * useUnit, outcome * outcomeUnit);
        }
        Composition c = fold.conclude(false);
        Composition s = scaled.conclude(false);
        assertThat(c.share()).isBetween(0.0, 1.0);
        if (c != Composition.WHOLE && s != Composition.WHOLE) {
            assertThat(s.share()).isCloseTo(c.share(), within(1e-6));
        }
    }
}
