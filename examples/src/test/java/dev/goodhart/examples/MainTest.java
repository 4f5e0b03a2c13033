package dev.goodhart.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.report.IntegrityReport;
import dev.goodhart.Goodhart;
import dev.goodhart.model.Observation;
import dev.goodhart.report.PairResult;
import dev.goodhart.report.Verdict;
import dev.goodhart.csv.CsvMetrics;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
    @TempDir
    Path dir;
    Path data;

    /** What one run printed and returned. */
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
    }

    /** An outcome's unit after its aggregation reaches the model (a share is declared so). */
    @Test
    void anOutcomesUnitFollowsItsAggregation() {
        Run r = run("score", "--data", data.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower:mean:hours",
                "--format", "json", "--out", "-");
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isIn(0, 1);
        assertThat(r.out()).containsPattern("\"name\"\\s*:\\s*\"cycle_time\"[^}]*\"unit\"\\s*:\\s*\"hours\"");
    }

    @Test
    void demoTellsGamedTeamsFromHealthyOnes() {
        Run r = run("demo");
        assertThat(r.status()).isZero();
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).startsWith("Goodhart integrity report");
        IntegrityReport report = Goodhart.score(DemoOrganisation.model(), DemoOrganisation.observations())
                .withActivity(dev.goodhart.activity.ActivityScorer.defaults().score(DemoUsageLog.log()));
        assertThat(report.activity().flagged()).extracting(a -> a.actor()).containsExactlyInAnyOrder(
                "checkout-quota-script", "growth-quota-script", "internal-tools-quota-script", "sales-ops-quota-script",
                "checkout-dev-1", "growth-dev-1", "internal-tools-dev-1", "sales-ops-dev-1");
        for (String gamed : List.of("checkout", "growth", "internal-tools", "sales-ops")) {
            assertThat(report.segment(gamed).orElseThrow().verdict()).as(gamed).isIn(Verdict.DIVERGING, Verdict.GAMED);
        }
        for (String honest : List.of("search", "mobile", "data-platform", "payments", "support", "security")) {
            assertThat(report.segment(honest).orElseThrow().verdict()).as(honest).isIn(Verdict.HEALTHY, Verdict.WATCH);
        }
        assertThat(r.out()).isEqualTo(report.toText());
    }

    @Test
    void demoWritesReportTxtIntoADirectory() throws IOException {
        Path out = dir.resolve("out/nested");
        Run r = run("demo", "--out", out.toString());
        assertThat(r.status()).isZero();
        assertThat(Files.readString(out.resolve("report.txt"))).startsWith("Goodhart integrity report");
        assertThat(Files.readString(out.resolve("report.json"))).startsWith("{").contains("\"schemaVersion\" : 1")
                .contains("\"activity\"");
        assertThat(Files.readString(out.resolve("report.html"))).startsWith("<!DOCTYPE html>").contains("<svg ");
        try (var files = Files.list(out)) {
            assertThat(files.map(p -> p.getFileName().toString()).collect(Collectors.toList()))
                    .containsExactlyInAnyOrder("report.txt", "report.json", "report.html");
        }
    }

    @Test
    void scoresACsvFileLikeTheLibraryDoes() throws IOException {
        Run r = run("score", "--data", data.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower",
                "--intervention", "2025-01-06", "--quota", "tokens=60000");
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        IntegrityReport library = Goodhart.score(DemoOrganisation.model().toBuilder().build(), DemoOrganisation.observations());
        for (PairResult p : library.pairs()) {
            assertThat(r.out()).contains(p.segment());
        }
        assertThat(r.out()).contains("weekly");
        assertThat(r.out()).contains("checkout").contains("GAMED");
    }

    @Test
    void aDeclaredCountingChangeIsUndoneAndSaidSo() throws IOException {
        Run r = run("score", "--data", data.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower",
                "--intervention", "2025-01-06", "--counting-change", "tokens:2025-03-03:1.35:new tokenizer: v2");
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("From 2025-03-03 (new tokenizer: v2) the same use read 1.35 times higher in "
                + "tokens; Goodhart divided the values from then on by 1.35 before scoring, so that the change is not "
                + "read as use.");
        // a change dated after the data divides nothing, and says so (helper-167: README's own date, ignored)
        Run after = run("score", "--data", data.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower",
                "--intervention", "2025-01-06", "--counting-change", "tokens:2026-03-16:1.35");
        assertThat(after.status()).isIn(0, 1);
        assertThat(after.err()).isEqualTo("goodhart: warning: --counting-change tokens:2026-03-16 falls after the data "
                + "(2024-01-01 to 2025-12-22): no value was divided by it" + System.lineSeparator());
        assertUsageError(run("score", "--data", data.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower",
                "--counting-change", "tokens=1.35"), "--counting-change: expected NAME:YYYY-MM-DD:FACTOR such as "
                + "tokens:2026-03-16:1.35 (from that day the same use counts 1.35 times as many), found 'tokens=1.35'");
        assertUsageError(run("score", "--data", data.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower",
                "--counting-change", "tokens:2025-03-03:1"), "--counting-change: expected a factor from 0.000001 to "
                + "1000000, not 1 (1.35: the same use counts 35% more), found '1'");
        assertUsageError(run("score", "--data", data.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower",
                "--counting-change", "tokenz:2025-03-03:1.3"), "--counting-change: 'tokenz' is not a --proxy or "
                + "--outcome (tokens, cycle_time)");
        assertUsageError(run("score", "--data", data.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower",
                "--counting-change", "tokens:03/03/2025:1.3"), "--counting-change: expected a date as YYYY-MM-DD, "
                + "found '03/03/2025'");
    }

    /** Daily tokens with a cycle time given on Mondays only: {@code --period auto} reads the data as weekly. */
    @Test
    void aWeeklyOutcomeBesideDailyTokensIsWeeklyData() throws IOException {
        List<dev.goodhart.model.Observation> rows = new java.util.ArrayList<>();
        java.time.LocalDate monday = java.time.LocalDate.of(2025, 1, 6);
        for (int t = 0; t < 140; t++) {
            java.time.LocalDate day = monday.plusDays(t);
            for (String team : List.of("a", "b")) {
                // (use that rises and falls: a series that rises every day is a running total, and is warned about)
                rows.add(new dev.goodhart.model.Observation(day, team, "tokens", 1000 + t + (t * 37) % 101));
                if (t % 7 == 0) {
                    rows.add(new dev.goodhart.model.Observation(day, team, "cycle_time", 3));
                }
            }
        }
        Path file = dir.resolve("mixed.csv");
        try (Writer w = Files.newBufferedWriter(file)) {
            CsvMetrics.defaults().writeLong(rows, w);
        }
        Run r = run("score", "--data", file.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower",
                "--intervention", "2025-03-03");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("weekly data");
        assertThat(run("score", "--data", file.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower",
                "--intervention", "2025-03-03", "--period", "day").out()).contains("daily data");
    }

    /**
     * {@code --zone} puts date-times in the days of a zone: rows stamped 23:30 UTC are the next day in Tokyo; a zone
     * that does not exist, or one given with a JSON file, is a usage error.
     */
    @Test
    void dateTimesFallInTheDaysOfTheGivenZone() throws IOException {
        StringBuilder csv = new StringBuilder("date,segment,metric,value\n");
        for (int t = 0; t < 28; t++) {
            String at = java.time.LocalDate.of(2025, 1, 6).plusDays(t) + "T23:30:00Z";
            for (String team : List.of("a", "b")) {
                csv.append(at).append(',').append(team).append(",tokens,").append(1000 + t).append('\n');
                csv.append(at).append(',').append(team).append(",cycle_time,3\n");
            }
        }
        Path file = dir.resolve("stamped.csv");
        Files.writeString(file, csv);
        String[] args = {"score", "--data", file.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower",
                "--period", "day"};
        assertThat(run(args).out()).contains("daily data 2025-01-06 to 2025-02-02");
        String[] tokyo = java.util.Arrays.copyOf(args, args.length + 2);
        tokyo[args.length] = "--zone";
        tokyo[args.length + 1] = "Asia/Tokyo";
        assertThat(run(tokyo).out()).contains("daily data 2025-01-07 to 2025-02-03");
        tokyo[args.length + 1] = "Mars/Base";
        assertUsageError(run(tokyo), "--zone: expected a time zone such as Europe/Berlin, America/New_York, +02:00 or "
                + "UTC, found 'Mars/Base'");
        Path json = dir.resolve("series.json");
        Files.writeString(json, "[]");
        assertUsageError(run("score", "--data", json.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower",
                "--zone", "UTC"), "--zone applies to CSV files, AI usage exports, --jdbc and --prometheus; the dates of a "
                + "JSON file are days as written");
    }

    /** {@code score --help} prints its options without picocli's formatting warnings (an unescaped {@code %}). */
    @Test
    void helpPrintsNoFormattingWarnings() {
        // picocli's tracer writes its warnings to System.err itself
        PrintStream before = System.err;
        ByteArrayOutputStream traced = new ByteArrayOutputStream();
        Run r;
        try {
            System.setErr(new PrintStream(traced, true, StandardCharsets.UTF_8));
            r = run("score", "--help");
        } finally {
            System.setErr(before);
        }
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("--per=METRIC:EXPOSURE").contains("success:higher:mean:share");
        assertThat(r.out() + r.err() + traced.toString(StandardCharsets.UTF_8)).doesNotContain("WARN")
                .doesNotContain("Could not format");
    }

    /** {@code --per tokens:headcount}: the head count is read from the data, said so, and named in the sentences. */
    @Test
    void aProxyReadPerHeadIsSaidSo() throws IOException {
        List<dev.goodhart.model.Observation> rows = new java.util.ArrayList<>(DemoOrganisation.observations());
        java.time.LocalDate first = rows.stream().map(dev.goodhart.model.Observation::date)
                .min(java.util.Comparator.naturalOrder()).orElseThrow();
        rows.stream().map(dev.goodhart.model.Observation::segment).distinct().toList()
                .forEach(segment -> rows.add(new dev.goodhart.model.Observation(first, segment, "headcount", 8)));
        Path withHeads = dir.resolve("heads.csv");
        try (Writer w = Files.newBufferedWriter(withHeads)) {
            CsvMetrics.defaults().writeLong(rows, w);
        }
        Run r = run("score", "--data", withHeads.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower",
                "--intervention", "2025-01-06", "--per", "tokens:headcount");
        assertThat(r.err()).isEmpty();
        assertThat(r.out()).contains("tokens is read per headcount: each period's value divided by the latest "
                + "headcount (carried forward), so that a team that grows is not read as using more.");
        assertThat(r.out()).contains("tokens per headcount rose");
        // a head count given once a week on daily data is carried forward: no day is missing, and no warning says so
        // (a helper's organisations: "six days in seven are read as missing ... give --period week", the verdicts the
        // same as with the head count given every day)
        java.time.LocalDate last = rows.stream().map(dev.goodhart.model.Observation::date)
                .max(java.util.Comparator.naturalOrder()).orElseThrow();
        List<dev.goodhart.model.Observation> weeklyHeads = new java.util.ArrayList<>(DemoOrganisation.observations());
        rows.stream().map(dev.goodhart.model.Observation::segment).distinct().toList().forEach(segment -> {
            for (java.time.LocalDate d = first; !d.isAfter(last); d = d.plusWeeks(1)) {
                weeklyHeads.add(new dev.goodhart.model.Observation(d, segment, "headcount", 8));
            }
        });
        Path withWeeklyHeads = dir.resolve("weekly-heads.csv");
        try (Writer w = Files.newBufferedWriter(withWeeklyHeads)) {
            CsvMetrics.defaults().writeLong(weeklyHeads, w);
        }
        Run weekly = run("score", "--data", withWeeklyHeads.toString(), "--proxy", "tokens", "--outcome",
                "cycle_time:lower", "--intervention", "2025-01-06", "--per", "tokens:headcount");
        assertThat(weekly.status()).isZero();
        assertThat(weekly.err()).isEmpty();
        assertThat(weekly.out()).contains("tokens per headcount rose");
        assertUsageError(run("score", "--data", data.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower",
                "--per", "tokens"), "--per: expected METRIC:EXPOSURE such as tokens:headcount (tokens read per head), "
                + "found 'tokens'");
        assertUsageError(run("score", "--data", data.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower",
                "--per", "tokenz:headcount"), "--per: 'tokenz' is not a --proxy or --outcome (tokens, cycle_time)");
        assertUsageError(run("score", "--data", data.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower",
                "--per", "tokens:cycle_time"), "--per: 'cycle_time' is a --proxy or --outcome; the exposure is a "
                + "metric of its own in the data (a head count)");
        assertUsageError(run("score", "--data", data.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower",
                "--per", "tokens:headcount", "--per", "tokens:seats"), "--per: tokens is given more than once (a "
                + "metric is read per one exposure)");
        assertUsageError(run("score", "--data", data.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower",
                "--per", "tokens:headcount"), "metric 'headcount' not found in " + data + " (it has: cycle_time, "
                + "tokens)");
    }

    @Test
    void writesTheReportToAFile() throws IOException {
        Path out = dir.resolve("report.txt");
        Run r = run("score", "--data", data.toString(), "--proxy", "tokens", "--outcome=cycle_time:lower",
                "--intervention", "2025-01-06", "--out", out.toString());
        assertThat(r.status()).isZero();
        assertThat(Files.readString(out)).startsWith("Goodhart integrity report");
        assertThat(r.out()).isEqualTo("wrote " + out + System.lineSeparator());
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(out)))
                .isEqualTo("rw-r--r--");
    }

    private static void assertUsageError(Run r, String expectedLine) {
        assertThat(r.status()).isEqualTo(2);
        assertThat(r.out()).isEmpty();
        assertThat(r.err()).isEqualTo("goodhart: " + expectedLine + System.lineSeparator());
    }

    @Test
    void userMistakesExitTwoWithOneLine() throws IOException {
        assertUsageError(run(), "no command given; expected 'demo' or 'score' (try 'help')");
        // picocli's parser: a mistyped command or option names the nearest one
        assertUsageError(run("scorez"), "unknown command 'scorez'; did you mean 'score'? (try 'help')");
        assertUsageError(run("score", "--data", data.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower",
                "--colour", "red"), "unknown option '--colour' for score; did you mean '--columns' or '--counting-change'?");
        assertUsageError(run("score", "--prometheus", "http://127.0.0.1:1", "--query", "tokens=up", "--from",
                "2025-01-01", "--to", "2025-01-02", "--proxy", "tokens", "--outcome", "c:lower", "--timeout", "soon"),
                "--timeout: expected a duration such as 30s, 2m or 1h, found 'soon'");
        assertUsageError(run("score", "--data", data.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower",
                "--min-elasticity", "7%"), "--min-elasticity: expected a number from 0 to 1 such as 0.1, found '7%'");
        for (String level : new String[] {"5%", "0.2", "0x1p-3", "0"}) {
            assertUsageError(run("score", "--data", data.toString(), "--proxy", "tokens", "--outcome",
                    "cycle_time:lower", "--alpha", level),
                    "--alpha: expected a level from 0.0000000001 to 0.1 such as 0.05, found '" + level + "'");
        }
        assertUsageError(run("score", "--data", dir.resolve("missing.csv").toString(), "--proxy", "t", "--outcome", "c:lower"),
                dir.resolve("missing.csv") + ": no such file");
        assertUsageError(run("score", "--data", data.toString(), "--proxy", "tokenz", "--outcome", "cycle_time:lower"),
                "metric 'tokenz' not found in " + data + " (it has: cycle_time, tokens); did you mean 'tokens'? names "
                + "match exactly");
        assertUsageError(run("score", "--data", data.toString(), "--proxy", "Tokens", "--outcome", "cycle_time:lower"),
                "metric 'Tokens' not found in " + data + " (it has: cycle_time, tokens); did you mean 'tokens'? names "
                + "match exactly");
        // echoed input reaches the terminal with its control characters escaped
        assertUsageError(run("score", "--data", data.toString(), "--proxy", "tok\u001b[2J\nens", "--outcome",
                "cycle_time:lower"), "metric 'tok\\x1b[2J\\nens' not found in " + data + " (it has: cycle_time, tokens)");
        assertUsageError(run("score", "--data", data.toString(), "--proxy", "tokens", "--outcome", "cycle_time"),
                "--outcome: expected NAME:lower or NAME:higher (which way is better), found 'cycle_time'");
        assertUsageError(run("score", "--data", data.toString(), "--proxy", "tokens", "--outcome", "cycle_time:down"),
                "--outcome: expected 'lower' or 'higher' after 'cycle_time:', found 'down'");
        assertUsageError(run("score", "--data", data.toString(), "--proxy", "tokens", "--outcome",
                "cycle_time:lower:mean:hours:x"), "--outcome: too many ':' parts in 'cycle_time:lower:mean:hours:x'");
        assertUsageError(run("score", "--data", data.toString(), "--proxy", "tokens", "--outcome",
                "cycle_time:lower::hours"), "--outcome: expected sum, mean or last after 'cycle_time:lower:' (before the "
                + "unit), found ''");
        assertUsageError(run("score", "--data", data.toString(), "--proxy", "tokens:summ", "--outcome",
                "cycle_time:lower"), "--proxy: expected sum, mean or last after 'tokens:', found 'summ'");
        assertUsageError(run("score", "--data", data.toString(), "--proxy", "tokens:sum:tokens", "--outcome",
                "cycle_time:lower"), "--proxy: too many ':' parts in 'tokens:sum:tokens'");
        assertUsageError(run("score", "--data", data.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower",
                "--intervention", "06/01/2025"), "--intervention: expected a date as YYYY-MM-DD, or "
                + "YYYY-MM-DD:SEGMENT,SEGMENT for the segments of one wave, found '06/01/2025'");
        assertUsageError(run("score", "--data", data.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower",
                "--period", "fortnight"), "--period: expected auto, day, week or month, found 'fortnight'");
        assertUsageError(run("score", "--data", data.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower",
                "--quota", "tokens"), "--quota: expected NAME=VALUE such as tokens=60000, found 'tokens'");
        assertUsageError(run("score", "--proxy", "tokens", "--outcome", "cycle_time:lower"),
                "missing --data (a CSV file of observations, or --events for a usage log)");
        assertUsageError(run("score", "--data"), "--data: expected a value after it");
        assertUsageError(run("score", "--data", data.toString(), "--proxy", "tokens", "--outcome", "tokens:lower"),
                "metrics: duplicate metric name 'tokens'");
    }

    @Test
    void aMalformedCsvNamesFileLineAndColumn() throws IOException {
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "date,segment,metric,value\n2025-01-06,a,tokens,12\n2025-01-07,a,tokens,twelve\n");
        assertUsageError(run("score", "--data", bad.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower"),
                bad + ", line 3, column 4: expected a decimal number (or NA for missing), found 'twelve'");
    }

    /**
     * A German export: semicolons, a point grouping the thousands of the token counts, a decimal comma in the cycle
     * times. Declared, it scores as the plain file does; undeclared, its first decimal comma is named, and where the
     * cycle times are whole numbers (nothing else tells) the grouped token counts are refused, not read a thousandfold
     * small.
     */
    @Test
    void aGermanExportIsReadAsDeclaredAndRefusedOtherwise() throws IOException {
        java.text.DecimalFormat german = new java.text.DecimalFormat("#,##0.######",
                java.text.DecimalFormatSymbols.getInstance(Locale.GERMANY));
        java.text.DecimalFormat english = new java.text.DecimalFormat("0.######",
                java.text.DecimalFormatSymbols.getInstance(Locale.ROOT));
        Path en = dir.resolve("export-en.csv");
        Path de = dir.resolve("export-de.csv");
        Path whole = dir.resolve("export-de-whole.csv");
        StringBuilder e = new StringBuilder("date,segment,metric,value\n");
        StringBuilder b = new StringBuilder("date;segment;metric;value\n");
        StringBuilder w = new StringBuilder("date;segment;metric;value\n");
        for (Observation o : DemoOrganisation.observations()) {
            String prefix = o.date() + ";" + o.segment() + ";" + o.metric() + ";";
            e.append(prefix.replace(';', ',')).append(english.format(o.value())).append('\n');
            b.append(prefix).append(german.format(o.value())).append('\n');
            w.append(prefix).append(german.format(o.metric().equals("tokens") ? o.value() : Math.rint(o.value())))
                    .append('\n');
        }
        Files.writeString(en, e);
        Files.writeString(de, b);
        Files.writeString(whole, w);
        Run plain = run("score", "--data", en.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower",
                "--intervention", "2025-01-06", "--quota", "tokens=60000");
        Run declared = run("score", "--data", de.toString(), "--delimiter", ";", "--number-format", "1.234,5",
                "--proxy", "tokens", "--outcome", "cycle_time:lower", "--intervention", "2025-01-06", "--quota",
                "tokens=60000");
        assertThat(declared.err()).isEmpty();
        assertThat(declared.status()).isZero();
        assertThat(declared.out().replace(de.toString(), "FILE")).isEqualTo(plain.out().replace(en.toString(), "FILE"));
        assertThat(declared.out()).contains("GAMED");
        Run commas = run("score", "--data", de.toString(), "--delimiter", ";", "--proxy", "tokens", "--outcome",
                "cycle_time:lower");
        assertThat(commas.status()).isEqualTo(2);
        assertThat(commas.err()).contains("expected a decimal number (or NA for missing), found '")
                .contains("--number-format (CsvMetrics.Builder.numberFormat), 1234,5 or 1.234,5 for a decimal comma");
        Run grouped = run("score", "--data", whole.toString(), "--delimiter", ";", "--proxy", "tokens", "--outcome",
                "cycle_time:lower");
        assertThat(grouped.status()).isEqualTo(2);
        assertThat(grouped.out()).isEmpty();
        assertThat(grouped.err()).startsWith("goodhart: " + whole + ", line ")
                .contains(": metric 'tokens' looks written with a point grouping thousands: '")
                .contains("--number-format 1.234,5");
        Path events = dir.resolve("events.csv");
        Files.writeString(events, "timestamp,actor,tokens\n2025-01-06T09:00:00Z,ana,1200\n");
        assertUsageError(run("score", "--events", events.toString(), "--number-format", "1.234,5"),
                "--number-format says how a CSV file given with --data writes numbers; a usage log's tokens are whole "
                        + "numbers");
        assertUsageError(run("score", "--data", data.toString(), "--number-format", "1.234", "--proxy", "tokens",
                "--outcome", "cycle_time:lower"), "--number-format: expected 1234.5 written as the file writes it, "
                + "one of 1234.5, 1234,5, 1,234.5, 1.234,5, 1 234,5, 1'234.5; found '1.234'");
    }

    /**
     * Two sources joined that write a team's name differently ('checkout' in the token export, 'Checkout' in the
     * tracker) make two segments, each with one metric: every row says what it lacks, and a warning names the pair.
     */
    @Test
    void segmentNamesDifferingOnlyInCaseAreNamedInAWarning() throws IOException {
        Path joined = dir.resolve("joined.csv");
        StringBuilder b = new StringBuilder("date,segment,metric,value\n");
        for (Observation o : DemoOrganisation.observations()) {
            String segment = o.metric().equals("tokens") ? o.segment()
                    : o.segment().substring(0, 1).toUpperCase(Locale.ROOT) + o.segment().substring(1);
            b.append(o.date()).append(',').append(segment).append(',').append(o.metric()).append(',')
                    .append(o.value()).append('\n');
        }
        Files.writeString(joined, b);
        Run r = run("score", "--data", joined.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower");
        assertThat(r.status()).isZero();
        assertThat(r.err()).isEqualTo("goodhart: warning: segments whose names differ only in case are scored apart, "
                + "each with its own rows: 'Checkout' and 'checkout' (10 such groups); if they are one team, write its "
                + "name one way in the data" + System.lineSeparator());
        assertThat(r.out()).contains("no data for tokens in segment Checkout");
        // the demo's own names: no warning
        Run plain = run("score", "--data", data.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower");
        assertThat(plain.err()).isEmpty();
        Run quiet = run("score", "--data", joined.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower",
                "-q");
        assertThat(quiet.err()).isEmpty();
    }

    @Test
    void theReportFileIsNotTouchedWhenScoringFails() throws IOException {
        Path out = dir.resolve("report.txt");
        Files.writeString(out, "previous report");
        Path bad = dir.resolve("bad.csv");
        Files.writeString(bad, "date,segment,metric,value\n2025-01-06,a,tokens,x\n");
        Run r = run("score", "--data", bad.toString(), "--proxy", "tokens", "--outcome", "c:lower", "--out", out.toString());
        assertThat(r.status()).isEqualTo(2);
        assertThat(Files.readString(out)).isEqualTo("previous report");
    }

    @Test
    void detectsThePeriodFromTheDates() {
        assertThat(ModelOptions.detectGranularity(List.of(Observation.of("2025-01-06", "a", "t", 1),
                Observation.of("2025-01-13", "a", "t", 1)))).isEqualTo(dev.goodhart.model.Granularity.WEEK);
        assertThat(ModelOptions.detectGranularity(List.of(Observation.of("2025-01-01", "a", "t", 1),
                Observation.of("2025-02-01", "a", "t", 1)))).isEqualTo(dev.goodhart.model.Granularity.MONTH);
        assertThat(ModelOptions.detectGranularity(List.of(Observation.of("2025-01-06", "a", "t", 1),
                Observation.of("2025-01-07", "a", "t", 1)))).isEqualTo(dev.goodhart.model.Granularity.DAY);
    }

    private Path writeDemoEvents() throws IOException {
        Path events = dir.resolve("events.csv");
        StringBuilder sb = new StringBuilder("timestamp,actor,tokens,segment,request,agent,artifact\n");
        for (dev.goodhart.activity.ActivityEvent e : DemoUsageLog.events()) {
            sb.append(e.timestamp()).append(',').append(e.actor()).append(',').append(e.tokens()).append(',')
                    .append(e.segment()).append(',').append(e.requestFingerprint()).append(',').append(e.agent())
                    .append(',').append(e.artifact()).append('\n');
        }
        Files.writeString(events, sb);
        return events;
    }

    @Test
    void scoresAUsageLogAloneOrWithMetrics() throws IOException {
        Path events = writeDemoEvents();
        Run alone = run("score", "--events", events.toString());
        assertThat(alone.err()).isEmpty();
        assertThat(alone.status()).isZero();
        assertThat(alone.out()).startsWith("Activity: ").contains("checkout-quota-script [checkout]")
                .contains("spent by agents (checkout-dummy-agent)");
        assertThat(alone.out()).doesNotContain("search-dev-1 [search]");
        Run both = run("score", "--data", data.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower",
                "--intervention", "2025-01-06", "--events", events.toString(), "--pseudonymise");
        assertThat(both.status()).isZero();
        assertThat(both.out()).startsWith("Goodhart integrity report").contains("Activity: ")
                .doesNotContain("quota-script").contains("actor-");
    }

    @Test
    void usageLogMistakesExitTwoWithOneLine() throws IOException {
        Path bad = dir.resolve("events.csv");
        Files.writeString(bad, "timestamp,actor,tokens,request\n2025-03-03T09:00:00Z,ana,many,what is 2+2\n");
        assertUsageError(run("score", "--events", bad.toString()),
                bad + ", line 2, column 3: expected tokens as a whole number >= 0, found 'many'");
        assertUsageError(run("score", "--data", data.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower",
                "--pseudonymise"), "--pseudonymise needs --events (a usage log)");
        assertUsageError(run("score", "--events", bad.toString(), "--proxy", "tokens"),
                "--proxy needs --data (a CSV file of observations)");
        assertUsageError(run("score", "--events", bad.toString(), "--alpha", "0.01"),
                "--alpha needs --data (a CSV file of observations)");
    }

    @Test
    void writesJsonAndHtml() throws IOException {
        Run json = run("score", "--data", data.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower",
                "--intervention", "2025-01-06", "--format", "json");
        assertThat(json.status()).isZero();
        IntegrityReport back = dev.goodhart.json.JsonReport.read(new java.io.StringReader(json.out()), "stdout");
        assertThat(back.segment("checkout").orElseThrow().verdict()).isIn(Verdict.DIVERGING, Verdict.GAMED);
        assertThat(back.model().links().get(0).minimumElasticity()).isEqualTo(0.1);
        Run declared = run("score", "--data", data.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower",
                "--intervention", "2025-01-06", "--format", "json", "--min-elasticity", "0.25");
        IntegrityReport withMinimum = dev.goodhart.json.JsonReport.read(new java.io.StringReader(declared.out()), "stdout");
        assertThat(withMinimum.model().links().get(0).minimumElasticity()).isEqualTo(0.25);
        // a stricter --alpha never raises a score (fewer findings significant, the expected response weaker) and
        // lowers some
        Run strict = run("score", "--data", data.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower",
                "--intervention", "2025-01-06", "--format", "json", "--alpha", "0.001");
        assertThat(strict.status()).isZero();
        IntegrityReport stricter = dev.goodhart.json.JsonReport.read(new java.io.StringReader(strict.out()), "stdout");
        assertThat(stricter.alpha()).isEqualTo(0.001);
        assertThat(back.alpha()).isEqualTo(0.05);
        Run strictText = run("score", "--data", data.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower",
                "--intervention", "2025-01-06", "--alpha", "0.001");
        assertThat(strictText.out()).contains("Decided at alpha 0.001 (the default is 0.05)");
        boolean lower = false;
        for (dev.goodhart.report.PairResult p : back.pairs()) {
            double strictScore = stricter.segment(p.segment()).orElseThrow().score();
            assertThat(strictScore).as(p.segment()).isLessThanOrEqualTo(p.score());
            lower |= strictScore < p.score();
        }
        assertThat(lower).as("some score lower at --alpha 0.001").isTrue();
        Path html = dir.resolve("report.html");
        Run page = run("score", "--data", data.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower",
                "--intervention", "2025-01-06", "--format", "html", "--out", html.toString());
        assertThat(page.status()).isZero();
        assertThat(Files.readString(html)).startsWith("<!DOCTYPE html>").contains("checkout");
        assertUsageError(run("score", "--data", data.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower",
                "--format", "pdf"), "--format: expected text, json or html, found 'pdf'");
    }

    @Test
    void scoresFromAJdbcQuery() throws Exception {
        String url = "jdbc:h2:file:" + dir.resolve("metrics").toAbsolutePath() + ";USER=sa";
        try (java.sql.Connection c = java.sql.DriverManager.getConnection(url);
             java.sql.Statement st = c.createStatement()) {
            st.execute("CREATE TABLE m (d DATE, team VARCHAR(64), name VARCHAR(64), val DOUBLE PRECISION)");
            try (java.sql.PreparedStatement ps = c.prepareStatement("INSERT INTO m VALUES (?, ?, ?, ?)")) {
                for (dev.goodhart.model.Observation o : DemoOrganisation.observations()) {
                    ps.setObject(1, o.date());
                    ps.setString(2, o.segment());
                    ps.setString(3, o.metric());
                    ps.setDouble(4, o.value());
                    ps.addBatch();
                }
                ps.executeBatch();
            }
        }
        String sql = "SELECT d AS \"date\", team AS \"segment\", name AS \"metric\", val AS \"value\" FROM m "
                + "WHERE d >= ? AND d <= ? ORDER BY d";
        Run r = run("score", "--jdbc", url, "--query", sql, "--from", "2024-01-01", "--to", "2025-12-31",
                "--proxy", "tokens", "--outcome", "cycle_time:lower", "--intervention", "2025-01-06");
        assertThat(r.err()).isEmpty();
        assertThat(r.status()).isZero();
        IntegrityReport fromCsv = Goodhart.score(DemoOrganisation.model(), DemoOrganisation.observations());
        assertThat(r.out()).contains("checkout").contains("GAMED");
        assertThat(r.out().lines().filter(l -> l.startsWith("tokens")).count()).isEqualTo(fromCsv.pairs().size());
        assertUsageError(run("score", "--jdbc", url, "--query", sql, "--proxy", "tokens", "--outcome", "cycle_time:lower"),
                "--query has two ? placeholders: give --from and --to");
        Run bad = run("score", "--jdbc", url, "--query", "SELEC nonsense", "--proxy", "tokens", "--outcome", "c:lower");
        assertThat(bad.status()).isEqualTo(2);
        assertThat(bad.err()).startsWith("goodhart: ").doesNotContain("\tat ").hasLineCount(1);
        assertUsageError(run("score", "--data", data.toString(), "--jdbc", url, "--query", sql, "--proxy", "tokens",
                "--outcome", "c:lower"), "give one source of metrics: --data, --jdbc or --prometheus");
    }

    @Test
    void scoresFromPrometheusRangeQueries() throws Exception {
        com.sun.net.httpserver.HttpServer server = com.sun.net.httpserver.HttpServer.create(
                new java.net.InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/v1/query_range", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            boolean tokens = java.net.URLDecoder.decode(form, StandardCharsets.UTF_8).contains("ai_tokens");
            StringBuilder json = new StringBuilder("{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\",\"result\":[");
            long start = java.time.LocalDate.of(2024, 1, 1).atStartOfDay(java.time.ZoneOffset.UTC).toEpochSecond();
            java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
            String[] teams = {"alpha", "beta", "gamma"};
            for (int s = 0; s < teams.length; s++) {
                json.append(s == 0 ? "" : ",").append("{\"metric\":{\"team\":\"").append(teams[s]).append("\"},\"values\":[");
                for (int d = 0; d < 180; d++) {
                    double work = 1 + 0.1 * rnd.nextGaussian();
                    double v = tokens ? 1000 * work + (s == 0 && d >= 90 ? 900 : 0) : 5 * Math.pow(work, -0.6);
                    json.append(d == 0 ? "" : ",").append('[').append(start + d * 86_400L).append(",\"").append(v).append("\"]");
                }
                json.append("]}");
            }
            json.append("]}}");
            byte[] body = json.toString().getBytes(StandardCharsets.UTF_8);
            exchange.getResponseHeaders().add("Content-Type", "application/json");
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort();
            Run r = run("score", "--prometheus", url, "--query", "tokens=sum by (team) (increase(ai_tokens[1d]))",
                    "--query", "cycle_time=avg by (team) (cycle_time_days)", "--from", "2024-01-01", "--to", "2024-06-28",
                    "--proxy", "tokens", "--outcome", "cycle_time:lower", "--intervention", "2024-03-31");
            assertThat(r.err()).isEmpty();
            assertThat(r.status()).isZero();
            assertThat(r.out()).contains("alpha").contains("beta").contains("gamma").contains("daily data");
            assertUsageError(run("score", "--prometheus", url, "--query", "sum(x)", "--from", "2024-01-01", "--to",
                    "2024-02-01", "--proxy", "tokens", "--outcome", "c:lower"),
                    "--query: expected NAME=PROMQL such as tokens=sum by (team) (ai_tokens), found 'sum(x)'");
        } finally {
            server.stop(0);
        }
        Run down = run("score", "--prometheus", "http://127.0.0.1:1", "--query", "tokens=x", "--from", "2024-01-01",
                "--to", "2024-02-01", "--proxy", "tokens", "--outcome", "c:lower");
        assertThat(down.status()).isEqualTo(2);
        assertThat(down.err()).startsWith("goodhart: ").contains("127.0.0.1:1").hasLineCount(1);
    }

    @Test
    void readsJsonSeriesAndJsonLinesEvents() throws IOException {
        Path json = dir.resolve("metrics.json");
        StringBuilder sb = new StringBuilder("[");
        boolean first = true;
        for (dev.goodhart.model.Observation o : DemoOrganisation.observations()) {
            sb.append(first ? "" : ",").append("{\"date\":\"").append(o.date()).append("\",\"segment\":\"")
                    .append(o.segment()).append("\",\"metric\":\"").append(o.metric()).append("\",\"value\":")
                    .append(o.value()).append('}');
            first = false;
        }
        Files.writeString(json, sb.append(']'));
        Run r = run("score", "--data", json.toString(), "--proxy", "tokens", "--outcome", "cycle_time:lower",
                "--intervention", "2025-01-06");
        assertThat(r.status()).isZero();
        assertThat(r.out()).contains("checkout");
        // the same JSON under a name without .json is read as JSON, by its first character (helper-167: it was read
        // as CSV, "duplicate column")
        Path unnamed = Files.writeString(dir.resolve("metrics-export"), sb);
        Run byContent = run("score", "--data", unnamed.toString(), "--proxy", "tokens", "--outcome",
                "cycle_time:lower", "--intervention", "2025-01-06");
        assertThat(byContent.err()).isEmpty();
        assertThat(byContent.out()).isEqualTo(r.out().replace(json.toString(), unnamed.toString()));
        Path events = dir.resolve("events.jsonl");
        StringBuilder lines = new StringBuilder();
        for (dev.goodhart.activity.ActivityEvent e : DemoUsageLog.events()) {
            lines.append("{\"timestamp\":\"").append(e.timestamp()).append("\",\"actor\":\"").append(e.actor())
                    .append("\",\"tokens\":").append(e.tokens()).append(",\"segment\":\"").append(e.segment())
                    .append("\",\"request\":\"").append(e.requestFingerprint()).append("\",\"agent\":\"")
                    .append(e.agent()).append("\",\"artifact\":\"").append(e.artifact()).append("\"}\n");
        }
        Files.writeString(events, lines);
        Run ev = run("score", "--events", events.toString());
        assertThat(ev.status()).isZero();
        assertThat(ev.out()).contains("checkout-quota-script [checkout]");
    }

    @Test
    void helpPrintsUsage() {
        Run r = run("help");
        assertThat(r.status()).isZero();
        assertThat(r.out()).startsWith("Usage: goodhart [-hV] [COMMAND]").contains("score").contains("demo")
                .contains("Exit status:");
        assertThat(r.err()).isEmpty();
    }

    /**
     * A refusal without a message explains nothing: it is an internal error, traced with --debug, not "goodhart: null"
     * (a helper's --threads 32768 met Java's own message-less refusal).
     */
    @Test
    void aRefusalWithoutAMessageIsAnInternalError() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        PrintStream err = new PrintStream(bytes, true, StandardCharsets.UTF_8);
        assertThat(Main.failure(new IllegalArgumentException(), err, false)).isEqualTo(Main.INTERNAL);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("goodhart: internal error "
                + "(IllegalArgumentException); please report it (--debug shows where)\n").doesNotContain("at ");
        bytes.reset();
        assertThat(Main.failure(new IllegalArgumentException("a mistake"), err, true)).isEqualTo(Main.USAGE);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).contains("java.lang.IllegalArgumentException: a mistake")
                .endsWith("goodhart: a mistake\n");
        bytes.reset();
        assertThat(Main.failure(new UsageException("a usage mistake"), err, true)).isEqualTo(Main.USAGE);
        assertThat(bytes.toString(StandardCharsets.UTF_8)).isEqualTo("goodhart: a usage mistake\n");
    }
}
