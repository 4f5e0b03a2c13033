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
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Tokens exported as a running total (a counter's raw value) beside a weekly outcome, 13 weeks each side: the data is
 * read in weeks, 25 steps, fewer than the scorer's rule for a running total needs, so a reviewer's steady teams read as
 * rising (81 of 84 WATCH) without a word. The command line now reads the rows one by one within each segment (daily:
 * 181 steps) and warns; the same tokens given per day do not warn. Weekly rows, too few steps a segment, are read over
 * all the segments together.
 */
class RunningTotalCliTest {
    private static final LocalDate START = LocalDate.of(2025, 1, 6);

    @TempDir
    Path dir;

    private Path file(boolean cumulative) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("date,segment,metric,value");
        for (int team = 0; team < 6; team++) {
            long total = 0;
            for (int t = 0; t < 182; t++) {
                LocalDate d = START.plusDays(t);
                long use = 300 + 97L * ((t * 5 + team * 3) % 13);
                total += use;
                lines.add(d + ",team" + team + ",tokens," + (cumulative ? total : use));
                if (t % 7 == 0) {
                    lines.add(String.format(Locale.ROOT, "%s,team%d,cycle_time,%.2f", d, team, 3 + 0.1 * (t % 5)));
                }
            }
        }
        Path p = dir.resolve(cumulative ? "total.csv" : "daily.csv");
        Files.write(p, lines, StandardCharsets.UTF_8);
        return p;
    }

    private static MainTest.Run score(Path data) {
        return MainTest.run("score", "--data", data.toString(), "--intervention", "2025-04-07", "--proxy", "tokens",
                "--outcome", "cycle_time:lower");
    }

    /**
     * An exporter that restarts every 5 to 12 days: its raw counter climbs and drops to near 0 again (a reviewer: gaming
     * teams found 32 of 72 with the daily use given, 24 with such a counter, without a word). Daily use with deep
     * weekends (Saturday a twentieth of Friday) is not read so: it also falls by less on other days.
     */
    @Test
    void aCounterThatRestartsOftenIsNamedAndDeepWeekendsAreNot() {
        double[] counter = new double[182];
        double total = 0;
        int next = 5;
        for (int t = 0; t < counter.length; t++) {
            if (t == next) {
                total = 0;
                next += 5 + t % 8;
            }
            total += 300 + 97 * ((t * 5) % 13);
            counter[t] = total;
        }
        assertThat(ScoreCommand.restartedCounter(counter)).isPresent();
        double[] use = new double[182];
        for (int t = 0; t < use.length; t++) {
            use[t] = t % 7 >= 5 ? 20 : 400 + 97 * ((t * 5) % 13);
        }
        assertThat(ScoreCommand.restartedCounter(use)).isEmpty();
    }

    @Test
    void aRunningTotalReadRowByRowIsNamed() throws IOException {
        assertThat(score(file(true)).err()).contains("goodhart: warning: tokens looks like a running total (a "
                + "counter's raw value, a \"to date\" column) in 6 of 6 segments read row by row (segment team")
                .contains(": it does not fall in 181 of 181 steps from one row's date to the next)");
        assertThat(score(file(false)).err()).doesNotContain("running total");
    }

    /** Weekly rows, 13 weeks each side, per team: tokens of each kind, a level cycle time. */
    private Path weekly(String name, java.util.function.IntFunction<String> kindOfTeam, int teams) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("date,segment,metric,value");
        for (int team = 0; team < teams; team++) {
            String kind = kindOfTeam.apply(team);
            double total = 0;
            for (int w = 0; w < 26; w++) {
                LocalDate d = START.plusWeeks(w);
                double use = 7000 * Math.pow(1.04, w) * (1 + 0.1 * Math.sin(w * 2.1 + team));
                // a month-to-date column read each Monday starts again on a Monday in a new month
                boolean newMonth = w > 0 && d.getMonthValue() != d.minusWeeks(1).getMonthValue();
                total = kind.equals("month") && newMonth ? use : total + use;
                double value = kind.equals("use") ? use : total;
                lines.add(String.format(Locale.ROOT, "%s,team%d,tokens,%.1f", d, team, value));
                lines.add(String.format(Locale.ROOT, "%s,team%d,cycle_time,%.2f", d, team, 3 + 0.1 * (w % 5)));
            }
        }
        Path p = dir.resolve(name + ".csv");
        Files.write(p, lines, StandardCharsets.UTF_8);
        return p;
    }

    /**
     * Both metrics weekly, the tokens a counter read each Monday, 13 weeks each side: 25 steps a team, too few for one
     * team alone (a steady adopter may rise throughout), but over 6 teams 150 steps without a fall are a counter; so
     * are month-to-date columns read each Monday (a fall to the new month's first week, one step in four or five),
     * and 6 counters beside one team's use (its falls are not pooled). Weekly use of teams adopting fast (4% a week, a
     * tenth of noise) falls often enough not to be read so, and neither are 3 counters among 7 such teams.
     */
    @Test
    void aShortWeeklyRunningTotalIsNamedOverTheSegmentsTogether() throws IOException {
        assertThat(score(weekly("counters", team -> "total", 6)).err()).contains("goodhart: warning: tokens looks "
                + "like a running total (a counter's raw value, a \"to date\" column) in 6 of 6 segments with 9 rows "
                + "or more, read together (of their 150 steps from one row's date to the next, 150 rose or held and 0 "
                + "fell, 0 of them to half or less as a counter's reset does; too few steps a segment for one alone to "
                + "tell); Goodhart reads the amount used in each period: give the differences", "Use given per period "
                + "that rose in nearly every period of every segment reads so too, and is read as given");
        assertThat(score(weekly("month", team -> "month", 6)).err())
                .contains("tokens looks like a running total", "in 6 of 6 segments with 9 rows or more")
                .containsPattern("150 steps from one row's date to the next, \\d+ rose or held and (\\d+) fell, \\1 of "
                        + "them to half or less");
        assertThat(score(weekly("mixed", team -> team == 6 ? "use" : "total", 7)).err())
                .contains("in 6 of 7 segments with 9 rows or more, read together (of their 150 steps");
        assertThat(score(weekly("use", team -> "use", 6)).err()).doesNotContain("running total");
        assertThat(score(weekly("few", team -> team < 3 ? "total" : "use", 10)).err()).doesNotContain("running total");
    }
}
