package dev.goodhart.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.goodhart.report.Verdict;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

class VerdictRuleTest {
    private static final VerdictRule RULE = VerdictRule.DEFAULT;

    @Test
    void theDefaultThresholds() {
        assertThat(RULE.verdict(14.9)).isEqualTo(Verdict.HEALTHY);
        assertThat(RULE.verdict(15)).isEqualTo(Verdict.WATCH);
        assertThat(RULE.verdict(49.9)).isEqualTo(Verdict.WATCH);
        assertThat(RULE.verdict(50)).isEqualTo(Verdict.DIVERGING);
        assertThat(RULE.verdict(60)).isEqualTo(Verdict.GAMED);
        assertThat(RULE.cap(90, 0)).isEqualTo(49.9);
        assertThat(RULE.cap(90, 1)).isEqualTo(59.9);
        assertThat(RULE.cap(90, 2)).isEqualTo(90);
    }

    @Test
    void refusesThresholdsOutOfOrder() {
        assertThatThrownBy(() -> new VerdictRule(50, 40, 60)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("0 < watch < diverging < gamed <= 100");
        assertThatThrownBy(() -> new VerdictRule(0, 40, 60)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new VerdictRule(10, 40, 101)).isInstanceOf(IllegalArgumentException.class);
        // thresholds closer than the cap's step: strong uncorroborated evidence stays WATCH, never HEALTHY
        assertThat(new VerdictRule(49.95, 50, 60).verdict(new VerdictRule(49.95, 50, 60).cap(90, 0)))
                .isEqualTo(Verdict.WATCH);
    }

    /** On any valid rule, strong evidence capped for want of corroboration is never called HEALTHY. */
    @Property(tries = 500)
    void aCappedScoreKeepsTheVerdictBelowTheCap(@ForAll @DoubleRange(min = 0.1, max = 30) double watch,
                                                @ForAll @DoubleRange(min = 0.01, max = 30) double gap1,
                                                @ForAll @DoubleRange(min = 0.01, max = 30) double gap2,
                                                @ForAll @IntRange(min = 0, max = 3) int k) {
        VerdictRule rule = new VerdictRule(watch, watch + gap1, watch + gap1 + gap2);
        Verdict capped = rule.verdict(rule.cap(100, k));
        assertThat(capped).isEqualTo(k >= 2 ? Verdict.GAMED : k == 1 ? Verdict.DIVERGING : Verdict.WATCH);
    }

    /** A higher score never gets a milder verdict, and a capped score never rises or gets a harsher verdict. */
    @Property(tries = 500)
    void monotoneInTheScoreAndTheCorroboration(@ForAll @DoubleRange(min = 0, max = 100) double a,
                                               @ForAll @DoubleRange(min = 0, max = 100) double b,
                                               @ForAll @IntRange(min = 0, max = 5) int k) {
        double low = Math.min(a, b);
        double high = Math.max(a, b);
        assertThat(RULE.verdict(low).compareTo(RULE.verdict(high))).isLessThanOrEqualTo(0);
        assertThat(RULE.cap(high, k)).isLessThanOrEqualTo(high);
        assertThat(RULE.cap(high, k)).isGreaterThanOrEqualTo(RULE.cap(low, k));
        assertThat(RULE.cap(high, k)).isLessThanOrEqualTo(RULE.cap(high, k + 1));
    }

    /** Descriptive evidence raises a score within the band the corroborating evidence reached, never over it. */
    @Test
    void descriptiveEvidenceStaysInTheCorroboratingBand() {
        assertThat(RULE.capToBand(60, 45)).isEqualTo(49.9);
        assertThat(RULE.capToBand(48, 45)).isEqualTo(48);
        assertThat(RULE.capToBand(70, 55)).isEqualTo(59.9);
        assertThat(RULE.capToBand(70, 65)).isEqualTo(70);
        assertThat(RULE.capToBand(20, 0)).as("WATCH from descriptive evidence alone").isEqualTo(20);
    }

    /**
     * The band cap is monotone in both arguments and never lifts the verdict above the corroborating evidence's own
     * (from DIVERGING up).
     */
    @Property(tries = 500)
    void theBandCapIsMonotoneAndBounded(@ForAll @DoubleRange(min = 0, max = 100) double all,
                                        @ForAll @DoubleRange(min = 0, max = 100) double more,
                                        @ForAll @DoubleRange(min = 0, max = 100) double corroborating,
                                        @ForAll @DoubleRange(min = 0, max = 100) double moreCorroborating) {
        double c = Math.min(corroborating, all);
        double c2 = Math.max(c, Math.min(moreCorroborating, Math.max(all, more)));
        double a2 = Math.max(all, more);
        double capped = RULE.capToBand(all, c);
        assertThat(capped).isLessThanOrEqualTo(all);
        assertThat(RULE.capToBand(a2, c)).isGreaterThanOrEqualTo(capped);
        assertThat(RULE.capToBand(a2, c2)).isGreaterThanOrEqualTo(capped);
        Verdict own = RULE.verdict(c);
        Verdict verdict = RULE.verdict(capped);
        if (verdict.flagged()) {
            assertThat(verdict.compareTo(own)).isLessThanOrEqualTo(0);
        }
    }
}
