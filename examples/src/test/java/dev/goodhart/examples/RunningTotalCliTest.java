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

    /**
     * Both metrics weekly, the tokens a counter read each Monday, 13 weeks each side: 25 steps a team, too few for one
     * team alone (a steady adopter may rise throughout), but over 6 teams 150 steps without a fall are a counter. Weekly
     * use of teams adopting fast (4% a week, a tenth of noise) falls often enough not to be read so.
     */
    @Test
    void aShortWeeklyRunningTotalIsNamedOverTheSegmentsTogether() throws IOException {
        for (boolean cumulative : new boolean[] {true, false}) {
            List<String> lines = new ArrayList<>();
            lines.add("date,segment,metric,value");
            for (int team = 0; team < 6; team++) {
                double total = 0;
                for (int w = 0; w < 26; w++) {
                    LocalDate d = START.plusWeeks(w);
                    double use = 7000 * Math.pow(1.04, w) * (1 + 0.1 * Math.sin(w * 2.1 + team));
                    total += use;
                    lines.add(String.format(Locale.ROOT, "%s,team%d,tokens,%.1f", d, team, cumulative ? total : use));
                    lines.add(String.format(Locale.ROOT, "%s,team%d,cycle_time,%.2f", d, team, 3 + 0.1 * (w % 5)));
                }
            }
            Path p = dir.resolve("weekly-" + cumulative + ".csv");
            Files.write(p, lines, StandardCharsets.UTF_8);
            String err = score(p).err();
            if (cumulative) {
                assertThat(err).contains("goodhart: warning: tokens looks like a running total (a counter's raw value, "
                        + "a \"to date\" column) in 6 of 6 segments read row by row (it does not fall in 150 of 150 "
                        + "steps from one row's date to the next, over 6 segments, too few steps each for one segment "
                        + "alone to tell)");
            } else {
                assertThat(err).doesNotContain("running total");
            }
        }
    }
}
