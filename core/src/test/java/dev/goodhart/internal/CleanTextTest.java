package dev.goodhart.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.Direction;
import dev.goodhart.Goodhart;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.model.Observation;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Names and messages reach a terminal without control characters: no forged rows, no escape sequences. */
class CleanTextTest {

    @Test
    void controlCharactersAreWrittenAsEscapes() {
        assertThat(Text.clean("plain name")).isEqualTo("plain name");
        assertThat(Text.clean("a\nb\rc\td")).isEqualTo("a\\nb\\rc\\td");
        assertThat(Text.clean("\u001b[31mred\u001b[0m")).isEqualTo("\\x1b[31mred\\x1b[0m");
        assertThat(Text.clean("x\u2028y\u0085")).isEqualTo("x\\u2028y\\x85");
        assertThat(Text.clean(null)).isEqualTo("null");
        // a bidirectional override reverses the rest of a terminal's row; zero-width characters hide in a name
        assertThat(Text.clean("team\u202eXYZ 60 DIVERGING")).isEqualTo("team\\u202eXYZ 60 DIVERGING");
        assertThat(Text.clean("team\u200b04")).isEqualTo("team\\u200b04");
        assertThat(Text.clean("\ufeffteam\u2066a\u2069")).isEqualTo("\\ufeffteam\\u2066a\\u2069");
        // letters of any script, and the joiner-free emoji, stay as they are
        assertThat(Text.clean("équipe-東京 ✓")).isEqualTo("équipe-東京 ✓");
    }

    @Test
    void aSegmentNameWithANewlineCannotForgeARowInTheTextReport() {
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "h").link("tokens", "cycle_time")
                .granularity(Granularity.WEEK).build();
        List<Observation> obs = new ArrayList<>();
        String forged = "team\nfake  99  GAMED \u001b[2J";
        for (int t = 0; t < 40; t++) {
            LocalDate d = LocalDate.of(2025, 1, 6).plusWeeks(t);
            obs.add(new Observation(d, forged, "tokens", 100 + t % 3));
            obs.add(new Observation(d, forged, "cycle_time", 10 + t % 2));
        }
        IntegrityReport report = Goodhart.score(model, obs);
        String text = report.toString();
        assertThat(text).contains("team\\nfake  99  GAMED \\x1b[2J").doesNotContain("\u001b");
        assertThat(text.lines()).noneMatch(l -> l.startsWith("fake"));
        // the report itself keeps the exact name
        assertThat(report.pairs().get(1).segment()).isEqualTo(forged);
    }
}
