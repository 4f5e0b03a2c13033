package dev.goodhart.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import dev.goodhart.model.Granularity;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows dated after today are said: the library has no clock and scores them as given, and a reviewer found a mistyped
 * year of the future accepted without a word. The command line has a clock.
 */
class FutureDatesCliTest {
    @TempDir
    Path dir;

    @Test
    void datesAfterTheCurrentPeriodAreNamed() {
        LocalDate today = LocalDate.of(2026, 12, 6); // a Sunday
        Granularity day = Granularity.DAY;
        assertThat(ScoreCommand.datedAfter("tokens", Set.of(today, today.plusDays(1)), today, day))
                .as("tomorrow: a zone ahead of UTC").isNull();
        assertThat(ScoreCommand.datedAfter("tokens", Set.of(today, today.plusDays(2)), today, day)).isEqualTo("tokens "
                + "has rows on 1 date after today (2026-12-06, UTC), 2026-12-08: a mistyped year, or a clock ahead? "
                + "They are scored as given.");
        assertThat(ScoreCommand.datedAfter("tokens", Set.of(LocalDate.of(2027, 1, 18), LocalDate.of(2027, 1, 4),
                today), today, day)).contains("rows on 2 dates after today (2026-12-06, UTC), 2027-01-04 to "
                + "2027-01-18:");
        assertThat(ScoreCommand.datedAfter("tokens", Set.of(), today, day)).isNull();
        // a week dated by the Sunday it ends, a month by its last day: the current period is no slip
        assertThat(ScoreCommand.datedAfter("tokens", Set.of(LocalDate.of(2026, 12, 13)), today, Granularity.WEEK))
                .isNull();
        assertThat(ScoreCommand.datedAfter("tokens", Set.of(LocalDate.of(2026, 12, 20)), today, Granularity.WEEK))
                .isNotNull();
        assertThat(ScoreCommand.datedAfter("tokens", Set.of(LocalDate.of(2026, 12, 31)), today, Granularity.MONTH))
                .isNull();
        assertThat(ScoreCommand.datedAfter("tokens", Set.of(LocalDate.of(2027, 1, 31)), today, Granularity.MONTH))
                .isNotNull();
        assertThat(ScoreCommand.datedAfter("tokens", Set.of(LocalDate.of(2026, 12, 13)), today, null)).isNull();
    }

    /** A usage log's records after tomorrow (UTC) are said too. */
    @Test
    void aUsageLogRunningPastTomorrowIsNamed() {
        java.time.Instant now = java.time.Instant.parse("2026-12-06T10:00:00Z");
        assertThat(ScoreCommand.eventsAfter(java.time.Instant.parse("2026-12-07T23:59:00Z"), now)).isNull();
        assertThat(ScoreCommand.eventsAfter(null, now)).isNull();
        assertThat(ScoreCommand.eventsAfter(java.time.Instant.parse("2027-01-18T09:00:00Z"), now)).isEqualTo("the "
                + "usage log runs to 2027-01-18T09:00:00Z, after today (2026-12-06, UTC): a mistyped year, or a clock "
                + "ahead? Its records are scored as given.");
    }

    @Test
    void theCommandWarnsOfThemAndScores() throws IOException {
        // a year of weekly rows whose last weeks run past today
        LocalDate start = LocalDate.now(ZoneOffset.UTC).minusWeeks(48).with(java.time.DayOfWeek.MONDAY);
        List<String> lines = new ArrayList<>();
        lines.add("date,segment,metric,value");
        for (int team = 0; team < 3; team++) {
            for (int w = 0; w < 52; w++) {
                LocalDate d = start.plusWeeks(w);
                lines.add(d + ",team" + team + ",tokens," + (400 + 37 * ((w * 7 + team) % 11)));
                lines.add(d + ",team" + team + ",cycle_time," + (3 + 0.1 * ((w + team) % 5)));
            }
        }
        Path data = dir.resolve("weeks.csv");
        Files.write(data, lines, StandardCharsets.UTF_8);
        MainTest.Run run = MainTest.run("score", "--data", data.toString(), "--proxy", "tokens", "--outcome",
                "cycle_time:lower");
        assertThat(run.status()).isZero();
        // one line for the two metrics, their dates together
        assertThat(run.err()).contains("goodhart: warning: tokens and cycle_time have rows on ", " dates after today (")
                .doesNotContain("tokens has rows on");
        assertThat(run.out()).contains("Goodhart integrity report");
    }
}
