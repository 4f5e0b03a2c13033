package dev.goodhart.examples;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --spill always} writes the same JSON, byte for byte, as the in-memory path, and leaves no file behind; so
 * does every {@code --threads}.
 */
class SpillCliTest {
    @TempDir
    Path dir;

    /** 200 teams x 120 days: duplicates, missing values, an undeclared metric, gamed teams after the intervention. */
    private Path data() throws IOException {
        Path csv = dir.resolve("teams.csv");
        Random r = new Random(3);
        LocalDate start = LocalDate.of(2025, 1, 6);
        try (Writer w = Files.newBufferedWriter(csv)) {
            w.write("date,segment,metric,value\n");
            for (int s = 0; s < 200; s++) {
                boolean gamed = s % 9 == 0;
                double level = 300 + r.nextInt(900);
                for (int d = 0; d < 120; d++) {
                    String date = start.plusDays(d).toString();
                    long tokens = Math.round(level * (gamed && d >= 70 ? 2 : 1) * (1 + 0.1 * r.nextGaussian()));
                    w.write(date + ",team-" + s + ",tokens," + Math.max(0, tokens) + "\n");
                    String cycle = r.nextDouble() < 0.03 ? "NA" : String.valueOf(Math.round((25 - (gamed ? 0 : 0.02 * d)
                            + 2 * r.nextGaussian()) * 10) / 10.0);
                    w.write(date + ",team-" + s + ",cycle_time," + cycle + "\n");
                    if (r.nextDouble() < 0.01) {
                        w.write(date + ",team-" + s + ",tokens,5\n");
                    }
                    if (r.nextDouble() < 0.02) {
                        w.write(date + ",team-" + s + ",slides,3\n");
                    }
                }
            }
        }
        return csv;
    }

    @Test
    void theSpilledRunWritesTheSameJson() throws IOException {
        Path csv = data();
        Path temp = dir.resolve("tmp");
        String[] common = {"score", "--data", csv.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower",
            "--intervention", "2025-03-17", "--duplicates", "aggregate", "--format", "json", "--fail-on", "GAMED",
            "--temp-dir", temp.toString(), "--quiet"};
        MainTest.Run memory = MainTest.run(concat(common, "--spill", "never", "--out", dir.resolve("a.json").toString()));
        MainTest.Run spilled = MainTest.run(concat(common, "--spill", "always", "--out", dir.resolve("b.json").toString()));
        assertThat(memory.status()).as(memory.err()).isEqualTo(Main.FAILED);
        assertThat(spilled.status()).isEqualTo(memory.status());
        assertThat(spilled.err()).isEqualTo(memory.err());
        String expected = Files.readString(dir.resolve("a.json"));
        assertThat(expected).containsPattern("\"DUPLICATE\" : \\{\\s+\"count\" : [1-9]").contains("\"flaggedCount\" : ");
        assertThat(Files.readString(dir.resolve("b.json"))).isEqualTo(expected);
        // to standard output as well
        MainTest.Run stdout = MainTest.run(concat(common, "--spill", "always"));
        assertThat(stdout.out()).isEqualTo(expected + "\n");
        try (Stream<Path> left = Files.list(temp)) {
            assertThat(left).as("temporary files are deleted").isEmpty();
        }
    }

    @Test
    void everyNumberOfThreadsWritesTheSameReport() throws IOException {
        Path csv = data();
        String[] common = {"score", "--data", csv.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower",
            "--intervention", "2025-03-17", "--duplicates", "aggregate", "--format", "json", "--quiet",
            "--temp-dir", dir.resolve("tmp").toString()};
        MainTest.Run one = MainTest.run(concat(common, "--threads", "1", "--out", dir.resolve("1.json").toString()));
        assertThat(one.status()).as(one.err()).isEqualTo(0);
        String expected = Files.readString(dir.resolve("1.json"));
        assertThat(expected).contains("\"flaggedCount\" : ");
        for (String[] way : new String[][] {{"--threads", "3"}, {"--threads", "3", "--spill", "always"}, {}}) {
            Path out = dir.resolve(String.join("", way) + ".json");
            MainTest.Run r = MainTest.run(concat(concat(common, way), "--out", out.toString()));
            assertThat(r.status()).as(String.join(" ", way) + ": " + r.err()).isEqualTo(0);
            assertThat(Files.readString(out)).as(String.join(" ", way)).isEqualTo(expected);
        }
    }

    @Test
    void fewerThanOneOrMoreThanAPoolTakesIsAUsageError() throws IOException {
        MainTest.Run r = MainTest.run("score", "--data", data().toString(), "--proxy", "tokens", "--outcome",
                "cycle_time:lower", "--duplicates", "aggregate", "--threads", "0");
        assertThat(r.status()).isEqualTo(Main.USAGE);
        assertThat(r.err()).isEqualTo("goodhart: --threads must be at least 1, found 0\n");
        // a fork-join pool takes at most 32,767 threads: its own refusal had no message ("goodhart: null")
        MainTest.Run many = MainTest.run("score", "--data", data().toString(), "--proxy", "tokens", "--outcome",
                "cycle_time:lower", "--duplicates", "aggregate", "--threads", "32768");
        assertThat(many.status()).isEqualTo(Main.USAGE);
        assertThat(many.err()).isEqualTo("goodhart: --threads must be at most 32767 (a fork-join pool's limit), found "
                + "32768\n");
    }

    @Test
    void aSpilledReportIsJsonOnly() throws IOException {
        MainTest.Run r = MainTest.run("score", "--data", data().toString(), "--proxy", "tokens", "--outcome",
                "cycle_time:lower", "--duplicates", "aggregate", "--spill", "always");
        assertThat(r.status()).isEqualTo(Main.USAGE);
        assertThat(r.err()).contains("--format json").doesNotContain("Exception");
        // the reason is the option, not a row count the file does not have (it said "more than 5,000,000 rows")
        assertThat(r.err()).startsWith("goodhart: --spill always: the report is written a pair at a time, in JSON only")
                .doesNotContain("5,000,000");
    }

    @Test
    void aTemporaryDirectoryThatCannotBeMadeIsAUsageError() throws IOException {
        Path file = Files.writeString(dir.resolve("not-a-directory"), "x");
        MainTest.Run r = MainTest.run("score", "--data", data().toString(), "--proxy", "tokens", "--outcome",
                "cycle_time:lower", "--duplicates", "aggregate", "--format", "json", "--spill", "always", "--temp-dir",
                file.resolve("sub").toString());
        assertThat(r.status()).as(r.err()).isEqualTo(Main.USAGE);
        assertThat(r.err()).startsWith("goodhart: --temp-dir " + file.resolve("sub") + ": cannot create a temporary "
                + "directory there").doesNotContain("internal error");
    }

    private static String[] concat(String[] a, String... b) {
        return Stream.concat(Stream.of(a), Stream.of(b)).toArray(String[]::new);
    }
}
