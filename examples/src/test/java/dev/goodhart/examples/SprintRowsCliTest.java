package dev.goodhart.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An outcome given once a sprint (every 14 days) beside daily tokens: there is no such period, so it is read with the
 * periods between its rows missing and most detectors cannot run. A reviewer found it read so without a word (gaming
 * teams found 32 of 72 with the outcome daily, 7 with it a sprint's); the command now says so, also where the teams'
 * sprints are staggered (the dates of all of them together a week apart).
 */
class SprintRowsCliTest {
    private static final LocalDate START = LocalDate.of(2025, 1, 6);

    @TempDir
    Path dir;

    @Test
    void anOutcomeEveryTwoWeeksIsWarnedAbout() throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("date,segment,metric,value");
        for (int team = 0; team < 6; team++) {
            for (int t = 0; t < 182; t++) {
                LocalDate d = START.plusDays(t);
                lines.add(d + ",team" + team + ",tokens," + (400 + 37 * ((t * 7 + team) % 11)));
                if (t % 14 == (team % 2 == 0 ? 13 : 6)) { // half the teams' sprints end a week later
                    lines.add(String.format(Locale.ROOT, "%s,team%d,cycle_time,%.2f", d, team, 3 + 0.1 * (t % 5)));
                }
            }
        }
        Path data = dir.resolve("sprints.csv");
        Files.write(data, lines, StandardCharsets.UTF_8);
        MainTest.Run run = MainTest.run("score", "--data", data.toString(), "--intervention", "2025-04-07", "--proxy",
                "tokens", "--outcome", "cycle_time:lower");
        assertThat(run.err()).contains("goodhart: warning: cycle_time has a row every 14 days (a sprint's?): there is "
                + "no two-week period, so the periods between its rows are read as missing")
                .doesNotContain("tokens has a row every 14 days");
    }

    @Test
    void weeklyAndDailyDatesAreNotTwoWeekly() {
        Set<LocalDate> weekly = new java.util.HashSet<>();
        Set<LocalDate> biweekly = new java.util.HashSet<>();
        for (int w = 0; w < 20; w++) {
            weekly.add(START.plusWeeks(w));
            biweekly.add(START.plusWeeks(2L * w));
        }
        assertThat(ScoreCommand.twoWeekly("x", List.of(weekly))).isNull();
        assertThat(ScoreCommand.twoWeekly("x", List.of(biweekly))).startsWith("x has a row every 14 days");
        assertThat(ScoreCommand.twoWeekly("x", List.of(biweekly, weekly))).as("half the segments").isNotNull();
        assertThat(ScoreCommand.twoWeekly("x", List.of(biweekly, weekly, weekly))).isNull();
        biweekly.add(START.plusWeeks(38).plusDays(3)); // one stray row: 19 of 20 gaps two weeks
        assertThat(ScoreCommand.twoWeekly("x", List.of(biweekly))).isNotNull();
        biweekly.add(START.plusDays(3));
        biweekly.add(START.plusDays(5)); // two more: 18 of 22
        assertThat(ScoreCommand.twoWeekly("x", List.of(biweekly))).isNull();
    }
}
