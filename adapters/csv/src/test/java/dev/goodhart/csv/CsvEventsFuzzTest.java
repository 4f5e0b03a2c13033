package dev.goodhart.csv;

import static dev.goodhart.csv.CsvFuzz.assertDocumentedFailure;
import static dev.goodhart.csv.CsvFuzz.printable;
import static dev.goodhart.csv.CsvFuzz.run;
import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.InvalidDataException;
import dev.goodhart.activity.ActivityEvent;
import dev.goodhart.activity.Fingerprinter;
import dev.goodhart.csv.CsvFuzz.ByteEdit;
import dev.goodhart.csv.CsvFuzz.Mutation;
import dev.goodhart.csv.CsvFuzz.Outcome;
import dev.goodhart.csv.CsvFuzz.Rendered;
import dev.goodhart.csv.CsvFuzz.Style;
import dev.goodhart.csv.CsvFuzz.TextEdit;
import java.io.ByteArrayInputStream;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;

/**
 * Fuzz of {@link CsvEvents}, the usage-event CSV reader: damaged event files either read (every event valid, request
 * text fingerprinted, an undamaged file exactly as written) or fail with an {@link InvalidDataException} naming a line
 * (and never quoting a request cell); a single bad cell is reported at its line and column.
 */
class CsvEventsFuzzTest {
    private static final String SOURCE = "fuzz.csv";
    private static final Instant START = Instant.parse("2025-03-03T00:00:00Z");
    private static final String SECRET = "SECRET";
    private static final List<String> ACTORS = List.of("ana", "bo", "Zo\u00eb", "\u540D\u524D", "a b", "o'brien", "x,y",
            "say \"hi\"");
    private static final List<String> SEGMENTS = List.of("", "checkout", "Search Team", "Z\u00fcrich");
    private static final List<String> REQUESTS = List.of("", SECRET + " what is the capital of France?",
            SECRET + " refactor, the \"billing\" module\nplease", "0123456789abcdef", "0123456789ABCDEF0123456789ABCDEF",
            "deadbeef:0123456789abcdef0123");
    private static final List<String> AGENTS = List.of("", "draft-bot", "ci agent");
    private static final List<String> ARTIFACTS = List.of("", "PR-7", "DOC 12");
    private static final List<String> OPTIONAL = List.of("segment", "request", "agent", "artifact");
    private static final List<String> BAD_TIMESTAMPS = List.of("", "20260105", "20260105093000", "2026-02-30T00:00:00Z",
            "0026-03-01T00:00:00Z", "1899-12-31T23:59:59Z", "+10000-01-01T00:00:00Z", "9999-12-31T23:59:60Z",
            "2025-06-30T23:59:60Z", "yesterday", "1e9", "-1741000000", "2025-03-03T09:15:02+25:00", "2025-03-03",
            "17410000000000000000", "0026-03-01T00:00:00", "+999999999-12-31T23:59:59Z", "\u0000");
    private static final List<String> BAD_TOKENS = List.of("", "-1", "1.5", "9223372036854775808", "1e3", "+5",
            "\u0663", "0x10", "NaN", "1 000", "99999999999999999999");
    private static final List<String> BAD_ACTORS = List.of("", "   ", "\t");


    record Case(List<List<String>> rows, List<String> roles, List<ActivityEvent> expected) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder();
            rows.forEach(r -> sb.append(printable(String.join("|", r))).append(" / "));
            return sb.toString();
        }
    }

    record Row(long second, int form, int actor, long tokens, int segment, int request, int agent, int artifact) {
    }

    @Provide
    Arbitrary<Case> files() {
        Arbitrary<Row> row = Combinators.combine(Arbitraries.longs().between(0, 30L * 86_400),
                Arbitraries.integers().between(0, 8), Arbitraries.integers().between(0, ACTORS.size() - 1),
                Arbitraries.oneOf(Arbitraries.longs().between(0, 1_000_000_000L), Arbitraries.of(0L, Long.MAX_VALUE)),
                Arbitraries.integers().between(0, SEGMENTS.size() - 1),
                Arbitraries.integers().between(0, REQUESTS.size() - 1),
                Arbitraries.integers().between(0, AGENTS.size() - 1),
                Arbitraries.integers().between(0, ARTIFACTS.size() - 1)).as(Row::new);
        return Combinators.combine(Arbitraries.subsetOf(OPTIONAL), Arbitraries.longs(), Arbitraries.integers().between(0, 2),
                row.list().ofMaxSize(8)).as((java.util.Set<String> optional, Long order, Integer headerCase,
                                               List<Row> specs) -> {
                    List<String> roles = new ArrayList<>(List.of("timestamp", "actor", "tokens"));
                    roles.addAll(optional);
                    java.util.Collections.shuffle(roles, new java.util.Random(order));
                    List<List<String>> rows = new ArrayList<>();
                    rows.add(new ArrayList<>(roles.stream().map(n -> switch (headerCase) {
                        case 1 -> n.toUpperCase(Locale.ROOT);
                        case 2 -> Character.toUpperCase(n.charAt(0)) + n.substring(1);
                        default -> n;
                    }).toList()));
                    List<ActivityEvent> expected = new ArrayList<>();
                    for (Row spec : specs) {
                        Instant at = START.plusSeconds(spec.second());
                        String time = switch (spec.form()) {
                            case 0 -> at.toString();
                            case 1 -> at.atOffset(ZoneOffset.ofHours(1)).toString();
                            case 2 -> LocalDateTime.ofInstant(at, ZoneOffset.UTC).toString();
                            case 3 -> LocalDateTime.ofInstant(at, ZoneOffset.UTC).toString().replace('T', ' ');
                            case 4 -> Long.toString(at.getEpochSecond());
                            case 5 -> Long.toString(at.toEpochMilli() + spec.second() % 1000);
                            case 6 -> at.toString().replace('Z', 'z');
                            case 7 -> at.atOffset(ZoneOffset.ofHoursMinutes(-5, -30)).toString();
                            default -> " " + at + " ";
                        };
                        if (spec.form() == 5) {
                            at = at.plusMillis(spec.second() % 1000);
                        }
                        String segment = optional.contains("segment") ? SEGMENTS.get(spec.segment()) : "";
                        String request = optional.contains("request") ? REQUESTS.get(spec.request()) : "";
                        String agent = optional.contains("agent") ? AGENTS.get(spec.agent()) : "";
                        String artifact = optional.contains("artifact") ? ARTIFACTS.get(spec.artifact()) : "";
                        List<String> cells = new ArrayList<>();
                        for (String role : roles) {
                            cells.add(switch (role) {
                                case "timestamp" -> time;
                                case "actor" -> ACTORS.get(spec.actor());
                                case "tokens" -> Long.toString(spec.tokens());
                                case "segment" -> segment;
                                case "request" -> request;
                                case "agent" -> agent;
                                default -> artifact;
                            });
                        }
                        rows.add(cells);
                        String fingerprint = request.isEmpty() || Fingerprinter.isFingerprint(request) ? request
                                : Fingerprinter.unkeyed().fingerprint(request);
                        expected.add(new ActivityEvent(at, ACTORS.get(spec.actor()), spec.tokens(), segment, fingerprint,
                                agent, artifact));
                    }
                    return new Case(rows, roles, expected);
                });
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

    private static Outcome<List<ActivityEvent>> readText(String text) {
        return run(() -> {
            List<ActivityEvent> out = new ArrayList<>();
            CsvEvents.defaults().stream(new StringReader(text), SOURCE, out::add);
            return out;
        });
    }

    /** Reads bytes the way {@link CsvEvents#stream(Path, java.util.function.Consumer)} reads a file's. */
    private static Outcome<List<ActivityEvent>> readBytes(byte[] bytes) {
        return run(() -> {
            List<ActivityEvent> out = new ArrayList<>();
            try (Reader reader = CsvInput.utf8(new ByteArrayInputStream(bytes))) {
                CsvEvents.defaults().stream(reader, SOURCE, out::add);
            }
            return out;
        });
    }

    private static void assertValid(List<ActivityEvent> events) {
        for (ActivityEvent e : events) {
            assertThat(e.timestamp()).isBetween(Instant.parse("1900-01-01T00:00:00Z"), Instant.parse("9999-12-31T23:59:59Z"));
            assertThat(e.tokens()).isNotNegative();
            assertThat(e.actor()).isNotBlank().isEqualTo(e.actor().strip());
            assertThat(e.requestFingerprint()).as("request text is never kept")
                    .satisfiesAnyOf(f -> assertThat(f).isEmpty(), f -> assertThat(Fingerprinter.isFingerprint(f)).isTrue());
        }
    }

    /** The message must not quote request text: a row-level message never, a cell-level one not for the request column. */
    private static void assertRequestNotQuoted(InvalidDataException e, List<String> header) {
        int requestColumn = -1;
        for (int i = 0; i < header.size(); i++) {
            if (header.get(i).strip().toLowerCase(Locale.ROOT).replace("\uFEFF", "").equals("request")) {
                requestColumn = i + 1;
            }
        }
        if (e.column() == 0 || e.column() == requestColumn) {
            assertThat(e.getMessage()).as("the message quotes a request").doesNotContain(SECRET);
        }
    }

    @Property(tries = 1000)
    void damagedEventFilesReadOrFailWithTheirLine(@ForAll("files") Case file, @ForAll("mutations") List<Mutation> mutations,
                                                  @ForAll("styles") Style style,
                                                  @ForAll("textEdits") List<TextEdit> textEdits,
                                                  @ForAll("byteEdits") List<ByteEdit> byteEdits) {
        List<List<String>> rows = CsvFuzz.copy(file.rows());
        mutations.forEach(m -> m.apply(rows));
        String text = CsvFuzz.render(rows, style).text();
        for (TextEdit e : textEdits) {
            text = e.apply(text);
        }
        boolean sameMeaning = mutations.isEmpty() && textEdits.isEmpty();
        List<String> header = rows.isEmpty() ? List.of() : rows.get(0);

        Outcome<List<ActivityEvent>> fromText = readText(text);
        if (sameMeaning) {
            assertThat(fromText.failure()).as("an undamaged file must read").isNull();
            assertThat(fromText.value()).isEqualTo(file.expected());
        }
        if (fromText.ok()) {
            assertValid(fromText.value());
        } else {
            assertDocumentedFailure(fromText, SOURCE, text);
            assertRequestNotQuoted(fromText.invalid(), header);
        }

        byte[] bytes = CsvFuzz.bytes(text, byteEdits);
        Outcome<List<ActivityEvent>> fromBytes = readBytes(bytes);
        int[] malformed = CsvFuzz.firstMalformed(bytes);
        String decoded = CsvFuzz.decode(bytes);
        if (malformed == null) {
            Outcome<List<ActivityEvent>> same = decoded.equals(text) ? fromText : readText(decoded);
            if (same.ok()) {
                assertThat(fromBytes.failure()).as("the bytes fail where the text does not").isNull();
                assertThat(fromBytes.value()).isEqualTo(same.value());
            } else {
                assertDocumentedFailure(fromBytes, SOURCE, decoded);
                assertThat(fromBytes.invalid().line()).as("line of %s", fromBytes).isEqualTo(same.invalid().line());
                assertThat(fromBytes.invalid().problem()).isEqualTo(same.invalid().problem());
            }
        } else {
            assertThat(fromBytes.failure()).as("bytes that are not UTF-8 must fail").isNotNull();
            assertDocumentedFailure(fromBytes, SOURCE, new String(bytes, StandardCharsets.UTF_8));
            InvalidDataException e = fromBytes.invalid();
            assertRequestNotQuoted(e, header);
            assertThat(e.line()).as("%s, first bad byte on line %s", e.getMessage(), malformed[0])
                    .isLessThanOrEqualTo(malformed[0]);
            if (e.problem().contains("UTF-8")) {
                assertThat(new int[] {(int) e.line(), e.column()}).as("%s: where the first bad byte is", e.getMessage())
                        .containsExactly(malformed);
            }
        }
    }

    @Property(tries = 1000)
    void aBadEventCellIsReportedAtItsLineAndColumn(@ForAll("filesWithRows") Case file,
                                                   @ForAll @IntRange(max = 1000) int row,
                                                   @ForAll @IntRange(max = 1000) int column,
                                                   @ForAll @IntRange(max = 1000) int pick, @ForAll("styles") Style style) {
        List<List<String>> rows = CsvFuzz.copy(file.rows());
        int r = 1 + row % (rows.size() - 1);
        List<String> roles = List.of("timestamp", "tokens", "actor");
        String role = roles.get(column % roles.size());
        int c = file.roles().indexOf(role);
        List<String> bad = switch (role) {
            case "timestamp" -> BAD_TIMESTAMPS;
            case "tokens" -> BAD_TOKENS;
            default -> BAD_ACTORS;
        };
        rows.get(r).set(c, bad.get(pick % bad.size()));
        Rendered rendered = CsvFuzz.render(rows, style);

        Outcome<List<ActivityEvent>> outcome = readText(rendered.text());
        assertThat(outcome.failure()).as("'%s' as %s", printable(rows.get(r).get(c)), role).isNotNull();
        assertDocumentedFailure(outcome, SOURCE, rendered.text());
        InvalidDataException e = outcome.invalid();
        assertThat(new long[] {e.line(), e.column()}).as(e.getMessage()).containsExactly(rendered.rowLines()[r], c + 1);
        assertThat(outcome.value()).isNull();
    }
}
