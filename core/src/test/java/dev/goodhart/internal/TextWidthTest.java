package dev.goodhart.internal;

import static org.assertj.core.api.Assertions.assertThat;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import org.junit.jupiter.api.Test;

/** Display columns in a terminal's fixed-width font, so that text tables line up whatever the names' scripts. */
class TextWidthTest {
    @Test
    void wideScriptsTakeTwoColumnsAndMarksNone() {
        assertThat(Text.width("team-7")).isEqualTo(6);
        assertThat(Text.width("团队 三")).isEqualTo(7);
        assertThat(Text.width("チーム")).isEqualTo(6);
        assertThat(Text.width("팀")).isEqualTo(2);
        assertThat(Text.width("ＡＢ")).isEqualTo(4);
        assertThat(Text.width("e\u0301quipe")).isEqualTo(6);
        assertThat(Text.width("équipe α")).isEqualTo(8);
        assertThat(Text.width("\uD83D\uDE00")).isEqualTo(2);
        assertThat(Text.width("")).isZero();
    }

    @Property(tries = 2_000)
    void paddingReachesTheColumnsAndKeepsTheText(@ForAll String s, @ForAll @IntRange(max = 40) int columns) {
        String right = Text.padRight(s, columns);
        String left = Text.padLeft(s, columns);
        assertThat(right).startsWith(s);
        assertThat(left).endsWith(s);
        assertThat(Text.width(right)).isEqualTo(Math.max(columns, Text.width(s)));
        assertThat(Text.width(left)).isEqualTo(Math.max(columns, Text.width(s)));
    }

    @Property(tries = 2_000)
    void asciiIsOneColumnAChar(@ForAll("ascii") String s) {
        assertThat(Text.width(s)).isEqualTo(s.length());
    }

    @net.jqwik.api.Provide
    net.jqwik.api.Arbitrary<String> ascii() {
        return net.jqwik.api.Arbitraries.strings().withCharRange(' ', '~').ofMaxLength(30);
    }
}
