package dev.goodhart.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.csv.CsvMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Input the way real exports produce it: nothing is silently wrong, every row is accounted for (issue 14). */
class InputIntegrityCliTest {
    @TempDir
    Path dir;
    Path data;
    List<String> lines;

    record Run(int status, String out, String err) {
    }

    static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int status = Main.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @BeforeEach
    void writeDemoData() throws IOException {
        data = dir.resolve("demo.csv");
        try (Writer w = Files.newBufferedWriter(data)) {
            CsvMetrics.defaults().writeLong(DemoOrganisation.observations(), w);
        }
        lines = new ArrayList<>(Files.readAllLines(data));
    }

    private Run score(Path file, String... more) {
        List<String> args = new ArrayList<>(List.of("score", "--data", file.toString(), "--proxy", "tokens",
                "--outcome", "cycle_time:lower", "--intervention", "2025-01-06"));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    private Path write(String name, List<String> content) throws IOException {
        Path p = dir.resolve(name);
        Files.write(p, content);
        return p;
    }

    /** A re-export that repeats rows used to be summed (an honest team GAMED 64); now it names the line. */
    @Test
    void repeatedRowsAreRefusedByLineOrAggregatedAndCountedOnRequest() throws IOException {
        List<String> doubled = new ArrayList<>(lines);
        for (int i = 1; i <= 200; i++) {
            if (lines.get(i).contains(",tokens,")) {
                doubled.add(lines.get(i));
            }
        }
        Path file = write("doubled.csv", doubled);
        Run refused = score(file);
        assertThat(refused.status()).isEqualTo(2);
        assertThat(refused.err()).startsWith("goodhart: " + file + ", line " + (lines.size() + 1) + ", column 4: a second row for tokens");
        assertThat(refused.err()).contains("--duplicates aggregate").hasLineCount(1);
        Run accepted = score(file, "--duplicates", "aggregate");
        assertThat(accepted.status()).isZero();
        long repeated = doubled.size() - lines.size();
        assertThat(accepted.out()).contains(String.format("Read %,d lines, used %,d; %,d lines repeating the day, "
                + "segment and metric of an earlier row (aggregated as declared) (lines %d, %d, %d, %d, %d, ...).",
                doubled.size() - 1, doubled.size() - 1, repeated, lines.size() + 1, lines.size() + 2,
                lines.size() + 3, lines.size() + 4, lines.size() + 5));
    }

    @Test
    void aNegativeTokenCountIsRefusedWithLineAndColumn() throws IOException {
        List<String> bad = new ArrayList<>(lines);
        int at = 0;
        for (int i = 1; i < bad.size(); i++) {
            if (bad.get(i).contains(",tokens,")) {
                at = i;
                break;
            }
        }
        String[] cells = bad.get(at).split(",");
        bad.set(at, cells[0] + "," + cells[1] + ",tokens,-5");
        Run r = score(write("negative.csv", bad));
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("negative.csv, line " + (at + 1) + ", column 4: tokens is declared non-negative "
                + "(a count), found -5 for segment").hasLineCount(1);
    }

    @Test
    void aMistypedYearIsRefusedByLineOrDroppedAndCounted() throws IOException {
        List<String> bad = new ArrayList<>(lines);
        String row = bad.get(5);
        bad.add(row.replaceFirst("^2\\d\\d\\d", "2015"));
        Path file = write("year.csv", bad);
        Run refused = score(file);
        assertThat(refused.status()).isEqualTo(2);
        assertThat(refused.err()).contains("year.csv, line " + bad.size() + ": 1 row dated 2015-")
                .contains("more than a year before the bulk of the data").contains("--drop-outlying-dates");
        Run dropped = score(file, "--drop-outlying-dates");
        assertThat(dropped.status()).isZero();
        assertThat(dropped.out()).contains("skipped 1 dated far outside the bulk of the data (line " + bad.size() + ")");
    }

    @Test
    void undeclaredMetricsAreCountedNotSilentlyDropped() throws IOException {
        List<String> more = new ArrayList<>(lines);
        for (int i = 1; i <= 240; i++) {
            String[] cells = lines.get(i).split(",");
            more.add(cells[0] + "," + cells[1] + ",stars," + i);
        }
        Run r = score(write("more.csv", more));
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains(String.format("Read %,d lines, used %,d; skipped 240 of metrics the model does not "
                + "declare (lines %d, %d, %d, %d, %d, ...)", more.size() - 1, more.size() - 241, lines.size() + 1,
                lines.size() + 2, lines.size() + 3, lines.size() + 4, lines.size() + 5));
        Run json = score(write("more2.csv", more), "--format", "json");
        com.fasterxml.jackson.databind.JsonNode input = new com.fasterxml.jackson.databind.ObjectMapper()
                .readTree(json.out()).path("summary").path("input");
        assertThat(input.path("rowsRead").asLong()).isEqualTo(more.size() - 1);
        assertThat(input.path("rowsUsed").asLong()).isEqualTo(more.size() - 241);
        assertThat(input.path("rowsSkipped").asLong()).isEqualTo(240);
        assertThat(input.path("position").asText()).isEqualTo("line");
        assertThat(input.path("reasons").path("UNDECLARED_METRIC").path("first").toString())
                .isEqualTo("[" + (lines.size() + 1) + "," + (lines.size() + 2) + "," + (lines.size() + 3) + ","
                        + (lines.size() + 4) + "," + (lines.size() + 5) + "]");
    }

    @Test
    void aSegmentNamedStarIsRefusedNotMergedIntoTheOrganisation() throws IOException {
        List<String> bad = new ArrayList<>(lines);
        String[] cells = lines.get(3).split(",");
        bad.add(cells[0] + ",*," + cells[2] + "," + cells[3]);
        Run r = score(write("star.csv", bad));
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.err()).contains("star.csv, line " + bad.size() + ", column 2: the segment name '*' is reserved");
    }

    /** Running out of memory ends with one line saying what to try, not a stack trace. */
    @Test
    void outOfMemoryIsOneLineAndExitOne() throws Exception {
        Path big = dir.resolve("big.csv");
        try (Writer w = Files.newBufferedWriter(big)) {
            w.write("date,segment,metric,value\n");
            java.time.LocalDate start = java.time.LocalDate.of(2024, 1, 1);
            for (int s = 0; s < 4000; s++) {
                for (int d = 0; d < 120; d++) {
                    String day = start.plusDays(d).toString();
                    w.write(day + ",team-" + s + ",tokens," + (1000 + d) + "\n");
                    w.write(day + ",team-" + s + ",cycle_time," + (20 + s % 7) + "\n");
                }
            }
        }
        Process p = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx32m",
                "-cp", System.getProperty("java.class.path"), Main.class.getName(), "score", "--data", big.toString(),
                "--proxy", "tokens", "--outcome", "cycle_time:lower", "--intervention", "2024-03-01")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).isEqualTo(1);
        assertThat(err.lines().filter(l -> !l.startsWith("SLF4J")).toList()).singleElement().asString()
                .startsWith("goodhart: out of memory (").contains("-Xmx4g").doesNotContain("Exception");
    }
}
