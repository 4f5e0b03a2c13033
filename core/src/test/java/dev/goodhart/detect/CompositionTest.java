package dev.goodhart.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import java.time.LocalDate;
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
 * properties it must have: in [0, 4], 1 where every segment rose alike, unchanged by the units of use and of outcome.
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
            add(fold, 100, 200, 10);
        }
        for (int i = 0; i < 40; i++) {
            add(fold, 5, 5, 10);
        }
        Composition c = fold.conclude(Math.log(1.8), 1, 1, false, Double.NaN);
        assertThat(c.segments()).isEqualTo(48);
        assertThat(c.weightedRise()).isCloseTo(Math.log(2) / 6, within(1e-15));
        assertThat(c.totalRise()).isCloseTo(Math.log(1.8), within(1e-15));
        assertThat(c.share()).isCloseTo(Math.log(2) / 6 / Math.log(1.8), within(1e-14));
        assertThat(c.counting()).isEqualTo("counting 20% of that rise");
        assertThat(c.clause("the organisation's tickets")).isEqualTo(" A segment's rise moves the organisation's tickets"
                + " only by the part the segment holds: each weighed by that part before the date, the segments' rises"
                + " come to 20% of the organisation's.");
        // the organisation's own rise must be the segments' (not a segment filter's part of it)
        assertThat(fold.conclude(Math.log(1.8) * 1.2, 1, 1, false, Double.NaN)).isSameAs(Composition.WHOLE);
        assertThat(fold.conclude(Math.log(1.8) * 1.05, 1, 1, false, Double.NaN).share()).isEqualTo(c.share());
    }

    /**
     * Segments that hold most of the outcome rising more than the total: the organisation owes more than its total's
     * rise would, up to four times that; segments that hold it cutting their use while the total rose: nothing.
     */
    @Test
    void theShareIsAtMostFourAndAtLeastZero() {
        Composition.Fold above = new Composition.Fold();
        add(above, 100, 200, 10);
        add(above, 1000, 1100, 1);
        double weighted = (10 * Math.log(2) + Math.log(1.1)) / 11;
        assertThat(above.conclude(Math.log(1300 / 1100.0), 1, 1, false, Double.NaN).share())
                .isCloseTo(weighted / Math.log(1300 / 1100.0), within(1e-12)).isBetween(3.8, 3.9);
        Composition.Fold more = new Composition.Fold();
        add(more, 10, 40, 100);
        add(more, 1000, 1000, 1);
        assertThat(more.conclude(Math.log(1040 / 1010.0), 1, 1, false, Double.NaN).share())
                .isEqualTo(Composition.MAX_SHARE);
        Composition.Fold fewer = new Composition.Fold();
        add(fewer, 10, 5, 100);
        add(fewer, 1000, 2000, 1);
        assertThat(fewer.conclude(Math.log(2005 / 1010.0), 1, 1, false, Double.NaN).share()).isZero();
    }

    /**
     * Not measured (the organisation's rise owes as it is): fewer than two segments weighed, a total that did not
     * move, a link read per head. A segment without use in either window is weighed (its outcome counts, its rise is
     * none); one without an outcome before adds its use to the total only.
     */
    @Test
    void whereItCannotBeMeasuredTheWholeRiseOwes() {
        Composition.Fold one = new Composition.Fold();
        add(one, 100, 200, 10);
        // created after the date: not in the organisation's series, not in its total
        one.add(new double[] {0, 50, Double.NaN, 50, Double.NaN, 10, 0, 1, 0});
        add(one, 100, 200, -1);
        assertThat(one.conclude(Math.log(400 / 200.0), 1, 1, false, Double.NaN)).isSameAs(Composition.WHOLE);
        add(one, 0, 0, 10);
        Composition two = one.conclude(Math.log(400 / 200.0), 1, 1, false, Double.NaN);
        assertThat(two.segments()).isEqualTo(2);
        assertThat(two.weightedRise()).isCloseTo(Math.log(2) / 2, within(1e-15));
        Composition.Fold flat = new Composition.Fold();
        add(flat, 100, 100, 10);
        add(flat, 50, 50, 3);
        assertThat(flat.conclude(0, 1, 1, false, Double.NaN)).isSameAs(Composition.WHOLE);
        Composition.Fold perHead = new Composition.Fold();
        add(perHead, 100, 200, 10);
        add(perHead, 5, 5, 10);
        assertThat(perHead.conclude(Math.log(205 / 105.0), 1, 1, true, Double.NaN)).isSameAs(Composition.WHOLE);
        assertThat(Composition.WHOLE.clause("the organisation's tickets")).isEmpty();
    }

    /**
     * A segment's part as the organisation's sum sees it: its use summed with a missing period adding nothing, its
     * means over the periods it has; with none before, a mean of NaN and a rise from none (fourfold). The segments'
     * summed use over the organisation's own periods is its mean, so the total agrees with its own rise.
     */
    @Test
    void aSegmentsPartIsWhatTheOrganisationsSumSees() {
        IntegrityModel model = ticketsModel();
        LocalDate start = LocalDate.of(2025, 1, 1);
        PairSeries adopter = pair(model, "a", start, new double[] {10, Double.NaN, 20, 40, 40, 40},
                new double[] {5, 5, 5, 5, 5, 5});
        PairSeries fromNone = pair(model, "b", start, new double[] {Double.NaN, Double.NaN, Double.NaN, 30, 30, 30},
                new double[] {1, 1, 1, 1, 1, 1});
        double[] a = Composition.measure(model, adopter);
        assertThat(a).containsExactly(30, 120, 15, 40, 5, 5, 2, 3, 1, 0, 0, 0);
        double[] b = Composition.measure(model, fromNone);
        assertThat(b[Composition.SUM_BEFORE]).isZero();
        assertThat(b[Composition.MEAN_BEFORE]).isNaN();
        assertThat(b[Composition.MEMBER]).isEqualTo(1);
        assertThat(b[Composition.FIRST]).isZero(); // its outcome from the first day
        assertThat(b[Composition.BEGUN]).isZero();
        Composition.Fold fold = new Composition.Fold();
        fold.add(a);
        fold.add(b);
        // the organisation's series: 10, 0 + nothing (a period with one value), 20, 70, 70, 70 over 3 and 3 periods
        PairSeries org = pair(model, "*", start, new double[] {10, Double.NaN, 20, 70, 70, 70},
                new double[] {3, 3, 3, 3, 3, 3});
        double[] own = Composition.measure(model, org);
        Composition c = fold.conclude(own, false, Double.NaN);
        assertThat(c.totalRise()).isCloseTo(Math.log(70 / 15.0), within(1e-12));
        assertThat(c.weightedRise()).isCloseTo((5 * Math.log(40 / 15.0) + Math.log(4)) / 6, within(1e-12));
    }

    /**
     * A lagged link's outcome is shifted back by its lag: a segment whose first outcome value is on the date (element
     * split - lag of the pair) and that has no use before it was not in the organisation's series before the date.
     */
    @Test
    void membershipReadsTheOutcomeUnlagged() {
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("tickets", Direction.HIGHER, "tickets").link(new Link("tokens", "tickets", 1, 2))
                .intervention(LocalDate.of(2025, 1, 4), "quota").build();
        LocalDate start = LocalDate.of(2025, 1, 1);
        double n = Double.NaN;
        PairSeries created = pair(model, "c", start, new double[] {n, n, n, 30, 30, 30},
                new double[] {n, 1, 1, 1, n, n});
        assertThat(Composition.measure(model, created)[Composition.MEMBER]).isZero();
        PairSeries before = pair(model, "d", start, new double[] {n, n, n, 30, 30, 30},
                new double[] {1, 1, 1, 1, n, n});
        assertThat(Composition.measure(model, before)[Composition.MEMBER]).isEqualTo(1);
    }

    /**
     * A segment whose data begin after the organisation's series does (a team that joined late in the baseline, which
     * the organisation's series leaves out) is not weighed either: the segments' total is then the organisation's own
     * and the share is measured, where weighing it had made the totals disagree and the organisation read whole.
     */
    @Test
    void aSegmentTheOrganisationLeavesOutIsNotWeighed() {
        Composition.Fold fold = new Composition.Fold();
        add(fold, 100, 200, 10);
        add(fold, 100, 100, 10);
        // begun by week 4 (its first value in week 5); the organisation's series from week 0 leaves it out
        double[] late = {40, 100, 40, 100, 10, 10, 1, 1, 1, 0, 5, 4};
        fold.add(late);
        double[] own = {200, 300, 200, 300, 10, 10, 1, 1, 1, 0, 0, 0};
        Composition fromStart = fold.conclude(own, false, Double.NaN);
        assertThat(fromStart.segments()).isEqualTo(2);
        assertThat(fromStart.totalRise()).isCloseTo(Math.log(300 / 200.0), within(1e-12));
        // an organisation whose series begins in week 4 counts it: its total is the three's
        double[] fromFour = {240, 400, 240, 400, 10, 10, 1, 1, 1, 0, 4, 3};
        Composition all = fold.conclude(fromFour, false, Double.NaN);
        assertThat(all.segments()).isEqualTo(3);
        assertThat(all.totalRise()).isCloseTo(Math.log(400 / 240.0), within(1e-12));
    }

    private static PairSeries pair(IntegrityModel model, String segment, LocalDate start, double[] use,
                                   double[] outcome) {
        return new PairSeries(model.links().get(0), model.metric("tokens"), model.metric("tickets"), segment,
                Granularity.DAY, start, use, outcome, 3, 1, true);
    }

    /**
     * A segment with no use before the date owes what a fourfold rise owes (as its own reading does), one whose use
     * stopped a fourfold fall, and a rise beyond fourfold no more than fourfold: each counts in the total as it is, and
     * the total owes no more than fourfold either.
     */
    @Test
    void aRiseFromNoneOwesAFourfoldRise() {
        Composition.Fold fold = new Composition.Fold();
        add(fold, 0, 300, 10);
        add(fold, 100, 0, 20);
        add(fold, 10, 1000, 30);
        add(fold, 100, 100, 40);
        double total = Math.log(1400 / 210.0);
        Composition c = fold.conclude(total, 1, 1, false, Double.NaN);
        double l4 = Math.log(4);
        assertThat(c.segments()).isEqualTo(4);
        assertThat(c.weightedRise()).isCloseTo((10 * l4 - 20 * l4 + 30 * l4) / 100, within(1e-15));
        // the total rose beyond fourfold: it owes what a fourfold rise owes, as each segment's rise does
        assertThat(c.share()).isCloseTo(c.weightedRise() / l4, within(1e-15));
    }

    /**
     * A pass rate read by what it lacks of 1 (ShareCeiling): the organisation's shortfall is the mean of the segments',
     * so each weighs by its own shortfall, not its rate. Adopters at 98% that doubled their use beside teams at 80%
     * that did not: the organisation's failures move with the adopters' part of them, 0.02 / 0.22 of the failures.
     */
    @Test
    void anOutcomeReadByItsShortfallWeighsEachSegmentByIt() {
        Composition.Fold fold = new Composition.Fold();
        add(fold, 100, 200, 0.98);
        add(fold, 10, 10, 0.80);
        double total = Math.log(210 / 110.0);
        Composition c = fold.conclude(total, 1, 1, false, 1);
        assertThat(c.weightedRise()).isCloseTo(0.02 * Math.log(2) / 0.22, within(1e-12));
        assertThat(fold.conclude(total, 1, 1, false, Double.NaN).weightedRise())
                .isCloseTo(0.98 * Math.log(2) / 1.78, within(1e-12));
    }

    /**
     * Use and outcome near the largest double (a summed organisation of tokens near 1e307): a segment's sums are kept
     * in a power of two near its values, its means in its own unit, and the organisation's composition is the same as
     * in the usual unit (its sums had overflowed, the segment was left out and the organisation owed its total's rise).
     */
    @Test
    void aSegmentsPartNearTheLargestDoubleIsTheSameAsInItsUsualUnit() {
        IntegrityModel model = ticketsModel();
        LocalDate start = LocalDate.of(2025, 1, 1);
        double[][] use = {{10, Double.NaN, 20, 40, 40, 40}, {30, 30, 30, 30, 31, 29}, {5, 6, 7, 20, 21, 22}};
        double[][] outcome = {{5, 5, 5, 5, 5, 5}, {9, 8, 9, 10, 9, 9}, {1, 2, 1, 2, 1, 2}};
        Composition.Fold plain = new Composition.Fold();
        Composition.Fold large = new Composition.Fold();
        double[] orgPlain = new double[6];
        double[] orgLarge = new double[6];
        for (int i = 0; i < use.length; i++) {
            double[] u = use[i].clone();
            double[] o = outcome[i].clone();
            plain.add(Composition.measure(model, pair(model, "s" + i, start, u, o)));
            for (int t = 0; t < 6; t++) {
                orgPlain[t] += Double.isNaN(u[t]) ? 0 : u[t];
                u[t] = Math.scalb(u[t], 1014);
                o[t] = Math.scalb(o[t], 1014);
                orgLarge[t] += Double.isNaN(u[t]) ? 0 : u[t];
            }
            double[] m = Composition.measure(model, pair(model, "s" + i, start, u, o));
            assertThat(m[Composition.MEAN_BEFORE]).as("segment " + i).isFinite().isPositive();
            assertThat(m[Composition.USE_EXPONENT]).as("segment " + i).isPositive();
            large.add(m);
        }
        double[] flat = {3, 3, 3, 3, 3, 3};
        double[] flatLarge = flat.clone();
        for (int t = 0; t < 6; t++) {
            flatLarge[t] = Math.scalb(flat[t], 1014);
        }
        Composition a = plain.conclude(Composition.measure(model, pair(model, "*", start, orgPlain, flat)), false,
                Double.NaN);
        Composition b = large.conclude(Composition.measure(model, pair(model, "*", start, orgLarge, flatLarge)), false,
                Double.NaN);
        assertThat(a).isNotEqualTo(Composition.WHOLE);
        assertThat(b).isEqualTo(a);
    }

    /**
     * Segments of very different magnitudes (one near the largest double, one of ordinary size, in either order): the
     * composition does not depend on which comes first, and is the one of the same data a power of two apart (a
     * reviewer's probe: with the small segment first the large ones' sums overflowed in its unit and the organisation
     * owed its total's rise; with a small outcome first, the shares read as none).
     */
    @Test
    void theOrderOfSegmentsOfVeryDifferentMagnitudesDoesNotMatter() {
        IntegrityModel model = ticketsModel();
        LocalDate start = LocalDate.of(2025, 1, 1);
        double[][] use = {{10, 12, 11, 30, 31, 29}, {20, 20, 21, 22, 21, 20}, {5, 6, 7, 20, 21, 22}};
        double[][] outcome = {{5, 5, 5, 5, 5, 5}, {9, 8, 9, 10, 9, 9}, {1, 2, 1, 2, 1, 2}};
        int[][] powers = {{0, 1018, 1018}, {0, 0, 1018}, {1018, 0, 0}};
        for (int[] p : powers) {
            double[][] parts = new double[3][];
            double[][] plainParts = new double[3][];
            for (int i = 0; i < 3; i++) {
                double[] u = new double[6];
                double[] o = new double[6];
                for (int t = 0; t < 6; t++) {
                    u[t] = Math.scalb(use[i][t], p[i]);
                    o[t] = Math.scalb(outcome[i][t], p[i]);
                }
                parts[i] = Composition.measure(model, pair(model, "s" + i, start, u, o));
                plainParts[i] = Composition.measure(model, pair(model, "s" + i, start, use[i], outcome[i]));
            }
            Composition forward = fold(parts, new int[] {0, 1, 2});
            Composition backward = fold(parts, new int[] {2, 1, 0});
            assertThat(forward).as(java.util.Arrays.toString(p)).isNotEqualTo(Composition.WHOLE);
            assertThat(backward.share()).as(java.util.Arrays.toString(p))
                    .isCloseTo(forward.share(), within(1e-12));
            assertThat(backward.totalRise()).isCloseTo(forward.totalRise(), within(1e-12));
        }
    }

    /** Folds the parts in this order and concludes against the total their sums give. */
    private static Composition fold(double[][] parts, int[] order) {
        Composition.Fold fold = new Composition.Fold();
        for (int i : order) {
            fold.add(parts[i]);
        }
        // the organisation's own rise: the same totals, from the parts (each in its own power of two)
        double before = 0;
        double since = 0;
        int top = 0;
        for (double[] m : parts) {
            top = Math.max(top, (int) m[Composition.USE_EXPONENT]);
        }
        for (double[] m : parts) {
            before += Math.scalb(m[Composition.SUM_BEFORE], (int) m[Composition.USE_EXPONENT] - top);
            since += Math.scalb(m[Composition.SUM_SINCE], (int) m[Composition.USE_EXPONENT] - top);
        }
        return fold.conclude(Math.log((since / 3) / (before / 3)), 3, 3, false, Double.NaN);
    }

    /** Segments that rose alike (by any factor, from any level, whatever their outcome): the share is 1. */
    @Property
    void segmentsThatRoseAlikeOweTheWholeRise(@ForAll @Size(min = 2, max = 30) List<@DoubleRange(min = 0.01,
            max = 1e6) Double> levels, @ForAll @DoubleRange(min = 1.05, max = 20) double factor) {
        Composition.Fold fold = new Composition.Fold();
        double before = 0;
        double since = 0;
        for (int i = 0; i < levels.size(); i++) {
            add(fold, levels.get(i), levels.get(i) * factor, levels.get(levels.size() - 1 - i));
            before += levels.get(i);
            since += levels.get(i) * factor;
        }
        assertThat(fold.conclude(Math.log(since / before), 1, 1, false, Double.NaN).share()).isCloseTo(1,
                within(1e-9));
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
        double b = 0;
        double a = 0;
        for (int i = 0; i < n; i++) {
            double outcome = 1 + i % 7;
            add(fold, before.get(i), since.get(i), outcome);
            add(scaled, before.get(i) * useUnit, since.get(i) * useUnit, outcome * outcomeUnit);
            b += before.get(i);
            a += since.get(i);
        }
        Composition c = fold.conclude(Math.log(a / b), 1, 1, false, Double.NaN);
        Composition s = scaled.conclude(Math.log(a / b), 1, 1, false, Double.NaN);
        assertThat(c.share()).isBetween(0.0, Composition.MAX_SHARE);
        if (c != Composition.WHOLE && s != Composition.WHOLE) {
            assertThat(s.share()).isCloseTo(c.share(), within(1e-6));
        }
    }

    /** Adds a segment's part whose every period has a value (one period each side, a member). */
    private static void add(Composition.Fold fold, double useBefore, double useSince, double outcomeBefore) {
        fold.add(new double[] {useBefore, useSince, useBefore, useSince, outcomeBefore, outcomeBefore, 1, 1, 1, 0, 0,
            0});
    }

    /** Tokens and tickets (higher is better), the intervention on 2025-01-04. */
    private static IntegrityModel ticketsModel() {
        return IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("tickets", Direction.HIGHER, "tickets").link(Link.of("tokens", "tickets"))
                .intervention(LocalDate.of(2025, 1, 4), "quota").build();
    }
}
