package dev.goodhart.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.json.JsonReport;
import dev.goodhart.model.InputAccount;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --absent-zero}: a usage table grouped by day and team has no row for a day without use. Read as it is, each
 * day's mean is taken over the days with use; declared, those days are 0 and the report is the report of the same
 * file with its rows of 0 written. Undeclared, the command warns where a summed proxy looks like it.
 */
class AbsentZeroCliTest {
    private static final LocalDate START = LocalDate.of(2025, 1, 6);

    @TempDir
    Path dir;

    /**
     * Twelve teams, daily, 13 weeks each side of 2025-04-07: tokens on 30-60% of weekdays; three teams add a script
     * from the date that runs every day; cycle time unchanged. {@code zeros}: the days without use written as 0.
     */
    private Path file(String name, boolean zeros) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("date,segment,metric,value");
        SplittableRandom r = new SplittableRandom(7);
        for (int team = 0; team < 12; team++) {
            double share = 0.3 + 0.3 * r.nextDouble();
            double base = 300 + 200 * r.nextDouble();
            double noise = 0;
            for (int t = 0; t < 182; t++) {
                LocalDate d = START.plusDays(t);
                long use = t % 7 < 5 && r.nextDouble() < share ? Math.round(base * (0.7 + 0.6 * r.nextDouble())) : 0;
                if (team < 3 && t >= 91) {
                    use += Math.round(base);
                }
                noise = 0.6 * noise + 0.05 * r.nextGaussian();
                lines.add(String.format(Locale.ROOT, "%s,team%02d,cycle_time,%.3f", d, team, 3 * Math.exp(noise)));
                if (use > 0 || zeros) {
                    lines.add(d + ",team" + String.format(Locale.ROOT, "%02d", team) + ",tokens," + use);
                }
            }
        }
        Path p = dir.resolve(name);
        Files.write(p, lines, StandardCharsets.UTF_8);
        return p;
    }

    private static MainTest.Run score(Path data, String... more) {
        List<String> args = new ArrayList<>(List.of("score", "--data", data.toString(), "--intervention",
                "2025-04-07", "--proxy", "tokens", "--outcome", "cycle_time:lower", "--format", "json"));
        args.addAll(List.of(more));
        return MainTest.run(args.toArray(String[]::new));
    }

    private static IntegrityReport report(MainTest.Run run) throws IOException {
        assertThat(run.status()).as(run.err()).isBetween(0, 1);
        return JsonReport.read(new StringReader(run.out()), "stdout");
    }

    @Test
    void daysWithoutARowReadAsZeroGiveTheReportOfTheRowsOfZero() throws IOException {
        Path written = file("written.csv", true);
        Path absent = file("absent.csv", false);
        MainTest.Run plain = score(written);
        MainTest.Run left = score(absent);
        MainTest.Run declared = score(absent, "--absent-zero", "tokens");
        IntegrityReport p = report(plain);
        IntegrityReport l = report(left);
        IntegrityReport d = report(declared);
        assertThat(plain.err()).doesNotContain("--absent-zero");
        assertThat(left.err()).contains("goodhart: warning: tokens has no row of 0 and none on ")
                .contains("declare it zero when absent (--absent-zero tokens) or write the rows of 0");
        assertThat(declared.err()).contains("goodhart: warning: tokens: ").contains(" days without a row read as 0 "
                + "(declared zero when absent), within each segment's rows and the metric's")
                .doesNotContain("has no row of 0");
        for (int i = 0; i < p.pairs().size(); i++) {
            PairResult a = p.pairs().get(i);
            PairResult b = d.pairs().get(i);
            assertThat(b.segment()).isEqualTo(a.segment());
            assertThat(b.score()).as(a.segment()).isEqualTo(a.score());
            assertThat(b.verdict()).as(a.segment()).isEqualTo(a.verdict());
        }
        // the account: the rows read are the file's; the days made are counted apart
        long made = d.input().count(InputAccount.Reason.ABSENT_ZERO);
        assertThat(d.input().read()).isEqualTo(l.input().read());
        assertThat(d.input().read() + made).isEqualTo(p.input().read());
        assertThat(d.input().sentence()).contains(String.format(Locale.ROOT,
                "; %,d zeros made for days (weeks, months) without a row of a metric declared zero when absent.",
                made));
        // the scripts: what the rows of 0 show, and what their absence hid
        assertThat(scripts(l)).isLessThan(scripts(p));
    }

    private static double scripts(IntegrityReport r) {
        double total = 0;
        for (PairResult p : r.pairs()) {
            if (p.segment().compareTo("team03") < 0) {
                total += p.score();
            }
        }
        return total;
    }

    @Test
    void onlyASummedProxyOrOutcomeIsZeroWhenAbsent() throws IOException {
        Path absent = file("absent.csv", false);
        MainTest.Run mean = score(absent, "--absent-zero", "cycle_time");
        assertThat(mean.status()).isEqualTo(2);
        assertThat(mean.err()).isEqualTo("goodhart: --absent-zero: cycle_time is read as its mean per period, so a day"
                + " without its rows has no value, not 0; only a summed metric (a count: cycle_time:sum) is 0 where it"
                + " has no row" + System.lineSeparator());
        MainTest.Run unknown = score(absent, "--absent-zero", "prompts");
        assertThat(unknown.status()).isEqualTo(2);
        assertThat(unknown.err()).isEqualTo("goodhart: --absent-zero: 'prompts' is not a --proxy or --outcome (tokens,"
                + " cycle_time)" + System.lineSeparator());
    }
}
