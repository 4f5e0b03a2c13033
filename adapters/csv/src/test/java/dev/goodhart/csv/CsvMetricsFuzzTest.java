package dev.goodhart.csv;

import static dev.goodhart.csv.CsvFuzz.assertDocumentedFailure;
import static dev.goodhart.csv.CsvFuzz.printable;
import static dev.goodhart.csv.CsvFuzz.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.InvalidDataException;
import dev.goodhart.model.Observation;
import dev.goodhart.csv.CsvFuzz.ByteEdit;
import dev.goodhart.csv.CsvFuzz.Mutation;
import dev.goodhart.csv.CsvFuzz.Outcome;
import dev.goodhart.csv.CsvFuzz.Rendered;
import dev.goodhart.csv.CsvFuzz.Style;
import dev.goodhart.csv.CsvFuzz.TextEdit;
import java.io.ByteArrayInputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Fuzz of {@link CsvMetrics} (long and wide layouts, from text and from bytes decoded as a file's are): realistic
 * files damaged the way exports damage them either read (every value finite or explicitly missing, and a file whose
 * damage does not change its meaning reads exactly as the undamaged one) or fail with an {@link InvalidDataException}
 * naming a line of the input; never another exception, never a hang. A single bad cell is reported at its line and
 * column.
 */
class CsvMetricsFuzzTest {
    private static final String SOURCE = "fuzz.csv";
    private static final LocalDate START = LocalDate.of(2025, 1, 6);
    private static final List<String> SEGMENTS = List.of("", "checkout", "Search Team", "Z\u00fcrich", "\u540D\u524D",
            "team-7", "a,b", "say \"hi\"");
    private static final List<String> METRICS = List.of("tokens", "merged_prs", "Lines Of Code", "\u00e7a_va",
            "\u6307\u6A19", "p95 latency (ms)");
    private static final List<String> DATE_FORMS = List.of("%s", "%sT12:00:00Z", "%s 12:00:00", "%sT12:00:00+05:00",
            "%sT08:30:00-09:30", "%sT12:00", "%sT12:00:00.123456789Z", "%sT12:00:00+01:00[Europe/Paris]",
            "%sT12:00:00Z[UTC]", "%sT12:00:00z", " %s ");
    /** Values for a cell of each role that no reading of the contract accepts. */
    private static final List<String> BAD_DATES = List.of("", "2026-02-30", "20260105", "yesterday", "2026-13-01",
            "06/01/2025", "2025-06-30T23:59:60Z", "2025-01-06T09:30:00Z[Mars/Olympus]", "2025-01-06T25:00:00Z",
            "+999999999-12-31T23:59:59-18:00", "2025-01-06T09:30:00+19:00", "2025-W02-1", "\u0000");
    private static final List<String> BAD_VALUES = List.of("1e309", "-1e309", "0x10", "Infinity", "-Infinity", "1,5",
            "abc", "1.5d", "\u0661\u0662", "1e", "--1", "0x1p3", "1 000", "\uFF11", "1e99999");
    private static final List<String> BAD_METRICS = List.of("", "   ", "\t");


    /** A valid file: its cells, what each header column is, and the observations it holds. */
    record Case(CsvMetrics.Layout layout, List<List<String>> rows, List<String> roles, List<Observation> expected) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(layout + " ");
            rows.forEach(r -> sb.append(printable(String.join("|", r))).append(" / "));
            return sb.toString();
        }
    }

    record Row(int day, int segment, int metric, String value, int dateForm, List<String> wideValues) {
    }

    @Provide
    Arbitrary<Case> files() {
        return Arbitraries.oneOf(longFiles(), wideFiles());
    }

    @Provide
    Arbitrary<Case> filesWithRows() {
        return files().filter(c -> c.rows().size() > 1);
    }

    @Provide
    Arbitrary<List<Mutation>> mutations() {
        return CsvFuzz.mutations();
    }

    @Provide
    Arbitrary<Style> styles() {
        return CsvFuzz.styles();
    }

    @Provide
    Arbitrary<List<TextEdit>> textEdits() {
        return CsvFuzz.textEdits();
    }

    @Provide
    Arbitrary<List<ByteEdit>> byteEdits() {
        return CsvFuzz.byteEdits();
    }

    /** A value cell: plain, decimal, exponent, explicitly missing, sometimes padded. */
    private static Arbitrary<String> values() {
        return Arbitraries.oneOf(
                Arbitraries.longs().between(0, 1_000_000_000_000L).map(String::valueOf),
                Arbitraries.bigDecimals().between(java.math.BigDecimal.ZERO, java.math.BigDecimal.valueOf(1_000_000))
                        .ofScale(3).map(java.math.BigDecimal::toPlainString),
                Arbitraries.doubles().between(0, 1e12).map(d -> Double.toString(d)),
                Arbitraries.of("NA", "NaN", "na", "nan", "0", ".5", "5.", "+3", "1e3", "2.5E-3", "0.0", " 7 ", "1e-300"));
    }

    private static double parse(String text) {
        String t = text.strip();
        return t.equalsIgnoreCase("NA") || t.equalsIgnoreCase("NaN") ? Double.NaN : Double.parseDouble(t);
    }

    private static String caseOf(String name, int style) {
        return switch (style) {
            case 1 -> name.toUpperCase(Locale.ROOT);
            case 2 -> Character.toUpperCase(name.charAt(0)) + name.substring(1);
            default -> name;
        };
    }

    private static Arbitrary<Row> rows(int wideColumns) {
        return Combinators.combine(Arbitraries.integers().between(0, 40), Arbitraries.integers().between(0, SEGMENTS.size() - 1),
                Arbitraries.integers().between(0, METRICS.size() - 1), values(),
                Arbitraries.integers().between(0, DATE_FORMS.size() - 1),
                Arbitraries.oneOf(values(), Arbitraries.just("")).list().ofSize(wideColumns)).as(Row::new);
    }

    private static String date(Row row) {
        return String.format(DATE_FORMS.get(row.dateForm()), START.plusDays(row.day()));
    }

    private Arbitrary<Case> longFiles() {
        Arbitrary<List<String>> order = Arbitraries.shuffle("date", "segment", "metric", "value");
        return Combinators.combine(order, Arbitraries.of(true, false), Arbitraries.integers().between(0, 2),
                rows(0).list().ofMaxSize(8)).as((List<String> columns, Boolean withSegment, Integer headerCase,
                                                  List<Row> specs) -> {
                    List<String> roles = new ArrayList<>(columns);
                    if (!withSegment) {
                        roles.remove("segment");
                    }
                    List<List<String>> rows = new ArrayList<>();
                    rows.add(new ArrayList<>(roles.stream().map(n -> caseOf(n, headerCase)).toList()));
                    List<Observation> expected = new ArrayList<>();
                    Set<String> keys = new HashSet<>();
                    for (Row spec : specs) {
                        String segment = withSegment ? SEGMENTS.get(spec.segment()) : "";
                        String metric = METRICS.get(spec.metric());
                        if (!keys.add(spec.day() + "/" + segment + "/" + metric)) {
                            continue; // one row per date, segment and metric
                        }
                        List<String> cells = new ArrayList<>();
                        for (String role : roles) {
                            cells.add(switch (role) {
                                case "date" -> date(spec);
                                case "segment" -> segment;
                                case "metric" -> metric;
                                default -> spec.value();
                            });
                        }
                        rows.add(cells);
                        expected.add(new Observation(START.plusDays(spec.day()), segment, metric, parse(spec.value())));
                    }
                    return new Case(CsvMetrics.Layout.LONG, rows, roles, expected);
                });
    }

    private Arbitrary<Case> wideFiles() {
        Arbitrary<List<String>> metrics = Arbitraries.of(METRICS).set().ofMinSize(1).ofMaxSize(4)
                .map(set -> new ArrayList<String>(set));
        return metrics.flatMap(names -> {
            List<String> all = new ArrayList<>(names);
            all.add("date");
            all.add("segment");
            return Combinators.combine(Arbitraries.<String>shuffle(all), Arbitraries.of(true, false),
                    Arbitraries.integers().between(0, 2), rows(names.size()).list().ofMaxSize(8))
                    .as((List<String> columns, Boolean withSegment, Integer headerCase, List<Row> specs) -> {
                        List<String> header = new ArrayList<String>(columns);
                        if (!withSegment) {
                            header.remove("segment");
                        }
                        List<String> roles = header.stream()
                                .map(n -> n.equals("date") || n.equals("segment") ? n : "wide").toList();
                        List<List<String>> rows = new ArrayList<>();
                        rows.add(new ArrayList<>(header.stream()
                                .map(n -> roles.get(header.indexOf(n)).equals("wide") ? n : caseOf(n, headerCase))
                                .toList()));
                        List<Observation> expected = new ArrayList<>();
                        Set<String> keys = new HashSet<>();
                        for (Row spec : specs) {
                            String segment = withSegment ? SEGMENTS.get(spec.segment()) : "";
                            if (!keys.add(spec.day() + "/" + segment)) {
                                continue;
                            }
                            List<String> cells = new ArrayList<>();
                            for (int i = 0; i < header.size(); i++) {
                                switch (roles.get(i)) {
                                    case "date" -> cells.add(date(spec));
                                    case "segment" -> cells.add(segment);
                                    default -> {
                                        String v = spec.wideValues().get(names.indexOf(header.get(i)));
                                        cells.add(v);
                                        if (!v.isBlank()) {
                                            expected.add(new Observation(START.plusDays(spec.day()), segment,
                                                    header.get(i), parse(v)));
                                        }
                                    }
                                }
                            }
                            rows.add(cells);
                        }
                        return new Case(CsvMetrics.Layout.WIDE, rows, roles, expected);
                    });
        });
    }

    private static Outcome<List<Observation>> readText(String text) {
        return run(() -> CsvMetrics.defaults().read(new StringReader(text), SOURCE));
    }

    /** Reads bytes the way {@link CsvMetrics#read(Path)} reads a file's (a file per try is slow on a busy disk). */
    private static Outcome<List<Observation>> readBytes(byte[] bytes) {
        return run(() -> {
            try (Reader reader = CsvInput.utf8(new ByteArrayInputStream(bytes))) {
                return CsvMetrics.defaults().read(reader, SOURCE);
            }
        });
    }

    private static void assertValid(List<Observation> observations) {
        for (Observation o : observations) {
            assertThat(o.date()).isNotNull();
            assertThat(Double.isInfinite(o.value())).as("infinite value in %s", o).isFalse();
            assertThat(o.metric()).isNotBlank();
            assertThat(o.segment()).isNotNull();
        }
    }

    @Property(tries = 1000)
    void damagedFilesReadOrFailWithTheirLine(@ForAll("files") Case file, @ForAll("mutations") List<Mutation> mutations,
                                             @ForAll("styles") Style style, @ForAll("textEdits") List<TextEdit> textEdits,
                                             @ForAll("byteEdits") List<ByteEdit> byteEdits) {
        List<List<String>> rows = CsvFuzz.copy(file.rows());
        mutations.forEach(m -> m.apply(rows));
        String text = CsvFuzz.render(rows, style).text();
        for (TextEdit e : textEdits) {
            text = e.apply(text);
        }
        boolean sameMeaning = mutations.isEmpty() && textEdits.isEmpty();

        Outcome<List<Observation>> fromText = readText(text);
        if (sameMeaning) {
            // includes a byte-order mark before a quoted header or a blank first line ("UTF-8, with or without a
            // byte-order mark"): read(Reader, source) must skip the mark as the file readers do (CsvInput.withoutBom)
            assertThat(fromText.failure()).as("an undamaged file must read").isNull();
            assertThat(fromText.value()).containsExactlyInAnyOrderElementsOf(file.expected());
        }
        if (fromText.ok()) {
            assertValid(fromText.value());
        } else {
            assertDocumentedFailure(fromText, SOURCE, text);
        }

        byte[] bytes = CsvFuzz.bytes(text, byteEdits);
        Outcome<List<Observation>> fromBytes = readBytes(bytes);
        int[] malformed = CsvFuzz.firstMalformed(bytes);
        String decoded = CsvFuzz.decode(bytes);
        if (malformed == null) {
            // the same text as bytes and as characters: the same answer
            Outcome<List<Observation>> same = decoded.equals(text) ? fromText : readText(decoded);
            if (same.ok()) {
                assertThat(fromBytes.failure()).as("the bytes fail where the text does not").isNull();
                assertThat(fromBytes.value()).isEqualTo(same.value());
            } else {
                assertDocumentedFailure(fromBytes, SOURCE, decoded);
                assertThat(fromBytes.invalid().line()).as("line of %s", fromBytes).isEqualTo(same.invalid().line());
                assertThat(fromBytes.invalid().problem()).isEqualTo(same.invalid().problem());
            }
            if (sameMeaning && byteEdits.isEmpty()) {
                assertThat(fromBytes.value()).containsExactlyInAnyOrderElementsOf(file.expected());
            }
        } else {
            assertThat(fromBytes.failure()).as("bytes that are not UTF-8 must fail").isNotNull();
            assertDocumentedFailure(fromBytes, SOURCE, new String(bytes, java.nio.charset.StandardCharsets.UTF_8));
            InvalidDataException e = fromBytes.invalid();
            assertThat(e.line()).as("%s, first bad byte on line %s", e.getMessage(), malformed[0])
                    .isLessThanOrEqualTo(malformed[0]);
            if (e.problem().contains("UTF-8")) {
                assertThat(new int[] {(int) e.line(), e.column()}).as("%s: where the first bad byte is", e.getMessage())
                        .containsExactly(malformed);
            }
        }
    }

    @Property(tries = 1000)
    void aBadCellIsReportedAtItsLineAndColumn(@ForAll("filesWithRows") Case file, @ForAll @IntRange(max = 1000) int row,
                                              @ForAll @IntRange(max = 1000) int column,
                                              @ForAll @IntRange(max = 1000) int pick, @ForAll("styles") Style style) {
        List<List<String>> rows = CsvFuzz.copy(file.rows());
        int r = 1 + row % (rows.size() - 1);
        List<Integer> candidates = new ArrayList<>();
        for (int i = 0; i < file.roles().size(); i++) {
            if (!file.roles().get(i).equals("segment")) {
                candidates.add(i);
            }
        }
        int c = candidates.get(column % candidates.size());
        List<String> bad = switch (file.roles().get(c)) {
            case "date" -> BAD_DATES;
            case "metric" -> BAD_METRICS;
            default -> BAD_VALUES;
        };
        rows.get(r).set(c, bad.get(pick % bad.size()));
        Rendered rendered = CsvFuzz.render(rows, style);

        Outcome<List<Observation>> outcome = readText(rendered.text());
        assertThat(outcome.failure()).as("'%s' in column %s", printable(rows.get(r).get(c)), c + 1).isNotNull();
        assertDocumentedFailure(outcome, SOURCE, rendered.text());
        InvalidDataException e = outcome.invalid();
        assertThat(new long[] {e.line(), e.column()}).as(e.getMessage()).containsExactly(rendered.rowLines()[r], c + 1);
    }
}
