package dev.goodhart.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** Each direction worded one way: a duration lengthens or shortens, anything else rises or falls; never a sign. */
class TextWordingTest {
    @Test
    void durationsAreKnownByTheirUnitOrElseTheirName() {
        assertThat(Text.isDuration("cycle_time", "days")).isTrue();
        assertThat(Text.isDuration("review", "h")).isTrue();
        assertThat(Text.isDuration("cycle_time", "")).isTrue();
        assertThat(Text.isDuration("leadTime", "")).isTrue();
        assertThat(Text.isDuration("p95 latency", "")).isTrue();
        assertThat(Text.isDuration("tokens", "")).isFalse();
        assertThat(Text.isDuration("on_time_rate", "%")).as("a unit that is not time wins over the name").isFalse();
        assertThat(Text.isDuration("usage", "")).isFalse();
    }

    /**
     * The rule as regular expressions (how it was written until the hand-written scan replaced them on the scoring
     * path): a unit of time, or else a duration word among the name's words, camelCase split.
     */
    private static boolean isDurationByRegex(String name, String unit) {
        String u = unit == null ? "" : unit.trim().toLowerCase(Locale.ROOT);
        if (Pattern.matches("(ms|milliseconds?|s|secs?|seconds?|mins?|minutes?|h|hrs?|hours?|d|days?|wk|weeks?)", u)) {
            return true;
        }
        if (!u.isEmpty()) {
            return false;
        }
        String n = name == null ? "" : Pattern.compile("([a-z])([A-Z])").matcher(name).replaceAll("$1 $2")
                .toLowerCase(Locale.ROOT);
        Set<String> words = Set.of("time", "duration", "latency", "days", "hours", "minutes", "seconds");
        for (String word : n.split("[^a-z]+")) {
            if (words.contains(word)) {
                return true;
            }
        }
        return false;
    }

    @Property(tries = 20_000)
    void theScanAgreesWithTheRegularExpressions(@ForAll("names") String name, @ForAll("units") String unit) {
        assertThat(Text.isDuration(name, unit)).as("name '%s', unit '%s'", name, unit)
                .isEqualTo(isDurationByRegex(name, unit));
    }

    @Test
    void theScanAgreesWithTheRegularExpressionsOnEdgeCases() {
        String[] names = {null, "", "time", "Time", "TIME", "leadTime", "LeadTime", "lead_time", "leadtime", "aTimeB",
            "xTIME", "timeS", "p95Latency", "\u212Aelvin", "\u0130time", "time\u0130", "daysOff", "DaysOff", "meanTimeToRestore",
            "queueMinutes", "aB", "timeAbc", "daysZ", "_time_", "time2", "2time", "tiMe", "t\u00EFme", "\uD83D\uDE00time"};
        String[] units = {null, "", " ", "d", " D ", "Days", "weeks", "wks", "msec", "%", "\u212A"};
        for (String name : names) {
            for (String unit : units) {
                assertThat(Text.isDuration(name, unit)).as("name '%s', unit '%s'", name, unit)
                        .isEqualTo(isDurationByRegex(name, unit));
            }
        }
    }

    @Provide
    Arbitrary<String> names() {
        Arbitrary<String> word = Arbitraries.of("time", "Time", "TIME", "days", "Hours", "minutes", "seconds",
                "latency", "Latency", "duration", "lead", "cycle", "tokens", "x", "T", "e", "ime");
        Arbitrary<String> glue = Arbitraries.of("", "", "_", " ", "-", "2", "a", "A", "Z", "\u212A", "\u0130", "\u00EF",
                "\uD83D\uDE00");
        return Arbitraries.oneOf(
                Combinators.combine(word, glue, word, glue, word, Arbitraries.integers().between(2, 3))
                        .as((a, g1, b, g2, c, k) -> k == 2 ? a + g1 + b : a + g1 + b + g2 + c),
                Arbitraries.strings().withChars("aAtTiImMeEsS_ 2\u212A\u0130").ofMaxLength(12));
    }

    @Provide
    Arbitrary<String> units() {
        return Arbitraries.oneOf(Arbitraries.of("", " ", "d", "D", " days ", "hrs", "Weeks", "wk", "%", "ms", "msec",
                "minute", "MIN", "\u212A"), Arbitraries.strings().withChars("dDaysSmMiIn ").ofMaxLength(8));
    }

    @Test
    void aMoveIsAVerbAndAnUnsignedPercentageOfWhereItStarted() {
        assertThat(Text.moved(Math.log(0.88), true)).isEqualTo("shortened 12%");
        assertThat(Text.moved(Math.log(1.12), true)).isEqualTo("lengthened 12%");
        assertThat(Text.moved(Math.log(1.5), false)).isEqualTo("rose 50%");
        assertThat(Text.moved(Math.log(0.5), false)).isEqualTo("fell 50%");
        assertThat(Text.moved(Math.log(1.004), false)).isEqualTo("held level");
        assertThat(Text.moved(0, true)).isEqualTo("held level");
        // beyond ten trillion percent, a power of ten (the percentage of a rise from near 1e-10 to near 1e305 is no
        // number: "Infinity%")
        assertThat(Text.moved(750, false)).isEqualTo("rose 10^325-fold");
        assertThat(Text.moved(Math.log(2e13), false)).isEqualTo("rose 10^13-fold");
        assertThat(Text.moved(Math.log(1e12), false)).as("below the factor of 1e13: digits grouped")
                .isEqualTo("rose 1,000,000,000,000-fold");
        // from ten times on a factor ("10461%" read as a typo), one decimal below a hundred
        assertThat(Text.moved(Math.log(105.61), false)).isEqualTo("rose 106-fold");
        assertThat(Text.moved(Math.log(12.54), false)).isEqualTo("rose 12.5-fold");
        assertThat(Text.moved(Math.log(9.994), false)).isEqualTo("rose 899%");
        assertThat(Text.comparative(Math.log(1250), true)).isEqualTo("1,250-fold longer");
        assertThat(Text.factor(Math.log(1e15), 2)).as("a whole power of ten read through logs").isEqualTo("10^15");
        assertThat(Text.factor(Math.log(1e13), 2)).isEqualTo("10^13");
        assertThat(Text.factor(Math.log(9e12), 0)).isEqualTo("9000000000000");
        assertThat(Text.factor(Double.POSITIVE_INFINITY, 2)).isEqualTo("over 10^308");
        // NaN stays visible (a reviewer found "10^0-fold" for NaN in a first version)
        assertThat(Text.magnitude(Double.NaN)).contains("NaN");
        assertThat(Text.factor(Double.NaN, 2)).contains("NaN");
        assertThat(Text.moved(Math.log(1e10), false)).isEqualTo("rose 10,000,000,000-fold");
        // a fall short of zero, however far, is not "100%" (only a fall to 0 is)
        assertThat(Text.moved(-800, false)).isEqualTo("fell over 99.9%");
        assertThat(Text.moved(-40, false)).isEqualTo("fell over 99.9%");
        assertThat(Text.moved(Double.NEGATIVE_INFINITY, false)).isEqualTo("fell 100%");
        assertThat(Text.factor(Math.log(1.6), 2)).isEqualTo("1.60");
        assertThat(Text.factor(800, 2)).isEqualTo("10^347");
    }

    @Test
    void aComparisonIsOneWordPerDirection() {
        assertThat(Text.comparative(Math.log(0.91), true)).isEqualTo("9% shorter");
        assertThat(Text.comparative(Math.log(1.09), true)).isEqualTo("9% longer");
        assertThat(Text.comparative(Math.log(2.0), false)).isEqualTo("100% higher");
        assertThat(Text.comparative(Math.log(0.5), false)).isEqualTo("50% lower");
        assertThat(Text.comparative(1e-4, false)).isEqualTo("no different");
        assertThat(Text.comparativePercent(0.35, 2, true)).isEqualTo("0.35% longer");
        assertThat(Text.comparativePercent(-0.35, 2, true)).isEqualTo("0.35% shorter");
        assertThat(Text.comparativePercent(-0.004, 2, false)).isEqualTo("no change");
    }

    @Test
    void betterOrWorseFollowsTheMetricsDirection() {
        assertThat(Text.judged(Math.log(0.9), true)).isEqualTo("better");
        assertThat(Text.judged(Math.log(0.9), false)).isEqualTo("worse");
        assertThat(Text.judged(Math.log(1.1), false)).isEqualTo("better");
    }
}
