package dev.goodhart.csv;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import de.siegmar.fastcsv.reader.CsvParseException;
import dev.goodhart.model.InvalidDataException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

/**
 * Realistic CSV files and the damage real exports do to them, for the parsers' fuzz properties: cell- and row-level
 * mutations of a valid table, a rendering that does not change its meaning (quoting, line ends, byte-order mark),
 * edits of the rendered text (stray quotes, control characters, truncation) and of its bytes (not UTF-8, Latin-1,
 * UTF-16).
 */
final class CsvFuzz {
    private CsvFuzz() {
    }

    // ---------------------------------------------------------------- nasty values

    /** Values that real exports put in cells: every column gets any of them. */
    static final List<String> NASTY = List.of(
            // numbers
            "1e309", "-1e309", "1e308", "-1e308", "4.9e-324", "1e-400", "NaN", "nan", "NA", "-NaN", "Infinity",
            "-Infinity", "+Infinity", "inf", "0x10", "0x1p3", "1_000", "1,5", "1.5d", "1.5f", "1e", "e5", ".", "+", "-",
            "--1", "-0", "-1", "-3.5", "1.", ".5", "9223372036854775807", "9223372036854775808", "-9223372036854775809",
            "99999999999999999999", "18446744073709551617", "\u0661\u0662", "\uFF11\uFF12", "12 ", " 12", "1 000",
            "1e+5", "1E-5", "0000000000000000000001",
            // dates and times
            "0026-03-01", "9999-12-31", "0000-01-01", "+10000-01-01", "-0001-01-01", "20260105", "20260105093000",
            "2026-02-30", "2026-02-29", "2024-02-29", "2026-13-01", "2026-1-5", "06/01/2025", "2025-01-06T09:30:00Z",
            "2025-01-06T09:30:00+02:00", "2025-01-06T23:30:00-18:00", "2025-01-06T09:30:00+19:00",
            "2025-06-30T23:59:60Z", "2025-01-06T09:30:00[Europe/Paris]", "2025-01-06T09:30:00+01:00[Europe/Paris]",
            "2025-01-06T09:30:00Z[Mars/Olympus]", "2025-01-06 09:30:00", "2025-01-06T24:00:00", "2025-01-06t09:30:00z",
            "2025-01-06T09:30", "2025-01-06T09:30:00.123456789123Z", "+999999999-12-31T23:59:59Z",
            "-999999999-01-01T00:00:00Z", "+999999999-12-31T23:59:59-18:00", "2025-W02-1", "2025-006",
            "9999-12-31T23:59:59Z", "9999-12-31T23:59:59.999Z", "1899-12-31T23:59:59Z", "0026-03-01T00:00:00Z",
            "1741000000", "1741000000000", "1741000000000000", "17410000000000000000", "946684799", "-1741000000",
            "2025-03-03T09:15:02+01", "2025-03-03T09:15:02 +01:00", "2025-03-03T09:15:02GMT", "T", "Z", "-",
            "2025-03-03T09:15:02-", "2025-03-03 ", "2025-03-30T02:30:00",
            // names and text
            "", " ", "\t", "*", "date", "DATE", "segment", "metric", "value", "timestamp", "actor", "tokens",
            "request", "a\u0000b", "\u0000", "\u001b[31mred\u001b[0m", "line\nbreak", "cr\rhere", "tab\there",
            "\u2028", "\u0085", "\u00a0", "\u200b", "\uFEFF", "\uFEFFdate", "\uD800", "\uDC00x", "\uFFFD",
            "\uD83D\uDE00", "\u540D\u524D", "caf\u00e9", "cafe\u0301", "\u0130stanbul", "fake 99 GAMED",
            "\"", "\"\"", "a\"b", "\"quoted\"", ",", ";", "a,b", "\\", "'", "=cmd|' /C calc'!A0",
            "0123456789abcdef", "0123456789ABCDEF0123", "deadbeef:0123456789abcdef", "SECRET plan to merge");

    /** Characters to drop into a cell or the text. */
    static final List<String> CHARS = List.of("\u0000", "\u0001", "\u001b", "\u007f", "\u0085", "\u2028", "\"", ",",
            "\n", "\r", "\r\n", "\uFEFF", "\uD800", "\uFFFD", "\t", ";", "\\", "\"\"", "\u00a0");

    // ---------------------------------------------------------------- cell and row mutations

    enum Kind {
        DELETE_COLUMN, DUPLICATE_COLUMN, SWAP_COLUMNS, SWAP_HEADER_CELLS, RENAME_HEADER, EXTRA_HEADER, DELETE_CELL,
        EXTRA_CELL, SET_CELL, EMPTY_CELL, INSERT_CHAR, LONG_FIELD, DUPLICATE_ROW, DELETE_ROW, SWAP_ROWS, BLANK_ROW
    }

    /** One change to a table; indices are taken modulo the table's sizes. */
    record Mutation(Kind kind, int a, int b, int c, String value) {
        void apply(List<List<String>> rows) {
            if (rows.isEmpty()) {
                return;
            }
            List<String> header = rows.get(0);
            int width = Math.max(1, header.size());
            int r = a % rows.size();
            int col = b % width;
            int col2 = c % width;
            switch (kind) {
                case DELETE_COLUMN -> rows.forEach(row -> {
                    if (col < row.size() && row.size() > 1) {
                        row.remove(col);
                    }
                });
                case DUPLICATE_COLUMN -> rows.forEach(row -> {
                    if (col < row.size()) {
                        row.add(col, row.get(col));
                    }
                });
                case SWAP_COLUMNS -> rows.forEach(row -> {
                    if (col < row.size() && col2 < row.size()) {
                        Collections.swap(row, col, col2);
                    }
                });
                case SWAP_HEADER_CELLS -> {
                    if (col < header.size() && col2 < header.size()) {
                        Collections.swap(header, col, col2);
                    }
                }
                case RENAME_HEADER -> {
                    if (col < header.size()) {
                        header.set(col, value);
                    }
                }
                case EXTRA_HEADER -> header.add(Math.min(col, header.size()), value);
                case DELETE_CELL -> {
                    List<String> row = rows.get(r);
                    if (!row.isEmpty()) {
                        row.remove(col % row.size());
                    }
                }
                case EXTRA_CELL -> rows.get(r).add(Math.min(col, rows.get(r).size()), value);
                case SET_CELL -> set(rows.get(r), col, value);
                case EMPTY_CELL -> set(rows.get(r), col, "");
                case INSERT_CHAR -> {
                    List<String> row = rows.get(r);
                    if (!row.isEmpty()) {
                        int i = col % row.size();
                        String cell = row.get(i);
                        int at = cell.isEmpty() ? 0 : c % (cell.length() + 1);
                        row.set(i, cell.substring(0, at) + CHARS.get(Math.floorMod(value.hashCode(), CHARS.size()))
                                + cell.substring(at));
                    }
                }
                case LONG_FIELD -> {
                    int length = new int[] {1_000, 20_000, 70_000, 100_000}[c % 4];
                    String unit = new String[] {"9", "a", "\u00e9", " ", "\"\""}[a % 5];
                    String body = unit.repeat(length / unit.length());
                    set(rows.get(r), col, (c % 3 == 0 ? "0." : "") + body);
                }
                case DUPLICATE_ROW -> rows.add(r + 1, new ArrayList<>(rows.get(r)));
                case DELETE_ROW -> rows.remove(r);
                case SWAP_ROWS -> Collections.swap(rows, r, c % rows.size());
                case BLANK_ROW -> rows.add(r, new ArrayList<>(List.of(c % 2 == 0 ? "" : "   ")));
                default -> throw new AssertionError(kind);
            }
        }

        private static void set(List<String> row, int column, String value) {
            if (!row.isEmpty()) {
                row.set(column % row.size(), value);
            }
        }

        @Override
        public String toString() {
            return kind + "(" + a + "," + b + "," + c + (value.isEmpty() ? "" : ",'" + printable(value) + "'") + ")";
        }
    }

    static Arbitrary<Mutation> mutation() {
        return Combinators.combine(Arbitraries.of(Kind.class), Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(0, 1000), Arbitraries.integers().between(0, 1000),
                Arbitraries.of(NASTY)).as(Mutation::new);
    }

    static Arbitrary<List<Mutation>> mutations() {
        return Arbitraries.frequencyOf(Tuple.of(3, Arbitraries.just(List.<Mutation>of())),
                Tuple.of(7, mutation().list().ofMinSize(1).ofMaxSize(4)));
    }

    // ---------------------------------------------------------------- rendering

    /** How a table is written: none of it changes what the file means. */
    record Style(String eol, boolean bom, boolean finalEol, int quoting, int leadingBlankLines, long seed) {
        @Override
        public String toString() {
            return "Style[eol=" + printable(eol) + ", bom=" + bom + ", finalEol=" + finalEol + ", quoting=" + quoting
                    + ", leadingBlankLines=" + leadingBlankLines + ", seed=" + seed + "]";
        }
    }

    static Arbitrary<Style> styles() {
        return Combinators.combine(Arbitraries.of("\n", "\r\n", "\r"), Arbitraries.of(false, true),
                Arbitraries.of(true, false), Arbitraries.integers().between(0, 2), Arbitraries.integers().between(0, 2),
                Arbitraries.longs()).as(Style::new);
    }

    /** A rendered table: the text and the 1-based line on which each row starts. */
    record Rendered(String text, int[] rowLines) {
    }

    static Rendered render(List<List<String>> rows, Style style) {
        Random random = new Random(style.seed());
        StringBuilder sb = new StringBuilder();
        if (style.bom()) {
            sb.append('\uFEFF');
        }
        int line = 1;
        for (int i = 0; i < style.leadingBlankLines(); i++) {
            sb.append(style.eol());
            line++;
        }
        int[] starts = new int[rows.size()];
        for (int r = 0; r < rows.size(); r++) {
            starts[r] = line;
            List<String> row = rows.get(r);
            for (int i = 0; i < row.size(); i++) {
                if (i > 0) {
                    sb.append(',');
                }
                String cell = row.get(i);
                boolean quote = needsQuotes(cell) || style.quoting() == 1 || (style.quoting() == 2 && random.nextBoolean());
                if (quote) {
                    sb.append('"').append(cell.replace("\"", "\"\"")).append('"');
                } else {
                    sb.append(cell);
                }
                line += lineBreaks(cell);
            }
            if (r < rows.size() - 1 || style.finalEol()) {
                sb.append(style.eol());
                line++;
            }
        }
        return new Rendered(sb.toString(), starts);
    }

    private static boolean needsQuotes(String cell) {
        return cell.indexOf(',') >= 0 || cell.indexOf('"') >= 0 || cell.indexOf('\n') >= 0 || cell.indexOf('\r') >= 0;
    }

    /** Line breaks the way the CSV parser counts them: {@code \r\n}, {@code \r} and {@code \n} each end one line. */
    static int lineBreaks(CharSequence s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            if (ch == '\r' || (ch == '\n' && (i == 0 || s.charAt(i - 1) != '\r'))) {
                n++;
            }
        }
        return n;
    }

    // ---------------------------------------------------------------- text and byte edits

    enum TextOp { INSERT, DELETE, TRUNCATE, DUPLICATE_SPAN }

    /** An edit of the rendered text at a position given in thousandths of its length. */
    record TextEdit(TextOp op, int at, int length, String insert) {
        String apply(String text) {
            int pos = (int) ((long) text.length() * at / 1000);
            return switch (op) {
                case INSERT -> text.substring(0, pos) + insert + text.substring(pos);
                case DELETE -> text.substring(0, pos) + text.substring(Math.min(text.length(), pos + length));
                case TRUNCATE -> text.substring(0, pos);
                case DUPLICATE_SPAN -> text.substring(0, Math.min(text.length(), pos + length)) + text.substring(pos);
            };
        }

        @Override
        public String toString() {
            return op + "(" + at + "/1000, " + length + (op == TextOp.INSERT ? ", '" + printable(insert) + "'" : "") + ")";
        }
    }

    static Arbitrary<List<TextEdit>> textEdits() {
        Arbitrary<TextEdit> edit = Combinators.combine(Arbitraries.of(TextOp.class), Arbitraries.integers().between(0, 1000),
                Arbitraries.integers().between(1, 12), Arbitraries.of(CHARS)).as(TextEdit::new);
        return Arbitraries.frequencyOf(Tuple.of(7, Arbitraries.just(List.<TextEdit>of())),
                Tuple.of(3, edit.list().ofMinSize(1).ofMaxSize(3)));
    }

    /** Invalid (and some valid but unexpected) UTF-8 byte sequences. */
    static final List<String> BYTES = List.of("ff", "80", "c3", "c328", "eda080", "c080", "f4908080", "e282", "fe",
            "efbbbf", "00", "f0", "e2", "c0af");

    enum ByteOp { INSERT, LATIN1, UTF16, DROP_LAST }

    record ByteEdit(ByteOp op, int at, String hex) {
        byte[] apply(byte[] bytes, String text) {
            return switch (op) {
                case INSERT -> {
                    int pos = (int) ((long) bytes.length * at / 1000);
                    byte[] insert = HexFormat.of().parseHex(hex);
                    byte[] out = new byte[bytes.length + insert.length];
                    System.arraycopy(bytes, 0, out, 0, pos);
                    System.arraycopy(insert, 0, out, pos, insert.length);
                    System.arraycopy(bytes, pos, out, pos + insert.length, bytes.length - pos);
                    yield out;
                }
                case LATIN1 -> text.getBytes(StandardCharsets.ISO_8859_1);
                case UTF16 -> text.getBytes(StandardCharsets.UTF_16);
                case DROP_LAST -> bytes.length == 0 ? bytes : java.util.Arrays.copyOf(bytes, bytes.length - 1);
            };
        }

        @Override
        public String toString() {
            return op + (op == ByteOp.INSERT ? "(" + at + "/1000, " + hex + ")" : "");
        }
    }

    static Arbitrary<List<ByteEdit>> byteEdits() {
        Arbitrary<ByteEdit> edit = Combinators.combine(Arbitraries.frequency(Tuple.of(6, ByteOp.INSERT),
                        Tuple.of(1, ByteOp.LATIN1), Tuple.of(1, ByteOp.UTF16), Tuple.of(1, ByteOp.DROP_LAST)),
                Arbitraries.integers().between(0, 1000), Arbitraries.of(BYTES)).as(ByteEdit::new);
        return Arbitraries.frequencyOf(Tuple.of(6, Arbitraries.just(List.<ByteEdit>of())),
                Tuple.of(4, edit.list().ofMinSize(1).ofMaxSize(2)));
    }

    static byte[] bytes(String text, List<ByteEdit> edits) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        for (ByteEdit e : edits) {
            bytes = e.apply(bytes, text);
        }
        return bytes;
    }

    /**
     * Where the first byte that is not UTF-8 is: {line, column} (1-based; the column counts characters, a leading
     * byte-order mark is not one), or null when every byte is UTF-8.
     */
    static int[] firstMalformed(byte[] bytes) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length + 1);
        CoderResult result = decoder.decode(in, out, true);
        if (!result.isError()) {
            return null;
        }
        out.flip();
        String before = out.toString();
        if (before.startsWith("\uFEFF")) {
            before = before.substring(1);
        }
        int line = 1 + lineBreaks(before);
        int lastBreak = Math.max(before.lastIndexOf('\n'), before.lastIndexOf('\r'));
        return new int[] {line, before.length() - lastBreak};
    }

    /** The text of valid UTF-8 bytes (a leading byte-order mark kept), or null. */
    static String decode(byte[] bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    // ---------------------------------------------------------------- running a reader and judging the outcome

    @FunctionalInterface
    interface Read<T> {
        T read() throws Exception;
    }

    /** What reading gave: a result or the exception thrown. */
    record Outcome<T>(T value, Throwable failure) {
        boolean ok() {
            return failure == null;
        }

        InvalidDataException invalid() {
            return (InvalidDataException) failure;
        }

        @Override
        public String toString() {
            return ok() ? "ok" : failure.getClass().getName() + ": " + printable(String.valueOf(failure.getMessage()));
        }
    }

    private static final ExecutorService RUNNER = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fuzz-reader");
        t.setDaemon(true);
        return t;
    });

    /** Runs a read with a deadline (a hang is a failure) and catches whatever it throws, errors included. */
    static <T> Outcome<T> run(Read<T> read) {
        Future<Outcome<T>> future = RUNNER.submit(() -> {
            try {
                return new Outcome<>(read.read(), null);
            } catch (Throwable t) {
                return new Outcome<>(null, t);
            }
        });
        try {
            return future.get(20, TimeUnit.SECONDS);
        } catch (TimeoutException e) {
            future.cancel(true);
            return fail("the reader hangs (no answer in %s)", Duration.ofSeconds(20));
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    /**
     * Asserts the contract for a failure: an {@link InvalidDataException} naming {@code source} and a line in the
     * input, whose cause (if any) is one the reader anticipated, not a wrapped surprise.
     */
    static void assertDocumentedFailure(Outcome<?> outcome, String source, String text) {
        Throwable t = outcome.failure();
        if (!(t instanceof InvalidDataException e)) {
            throw new AssertionError("expected success or an InvalidDataException, found " + t, t);
        }
        int lines = 1 + lineBreaks(text);
        assertThat(e.source()).as("source").isEqualTo(source);
        assertThat(e.line()).as("line of: %s", e.getMessage()).isBetween(1L, (long) lines + 1);
        assertThat(e.column()).as("column of: %s", e.getMessage()).isGreaterThanOrEqualTo(0);
        assertThat(e.getMessage()).startsWith(source + ", line " + e.line());
        assertThat(e.problem()).as("problem").isNotBlank().doesNotContain("Exception", "java.").doesNotEndWith(": null");
        for (Throwable cause = e.getCause(); cause != null; cause = cause.getCause()) {
            boolean anticipated = cause instanceof InvalidDataException || cause instanceof DateTimeException
                    || cause instanceof NumberFormatException || cause instanceof IOException
                    || cause instanceof UncheckedIOException || cause instanceof CsvParseException
                    || (cause instanceof IllegalStateException && cause.getStackTrace().length > 0
                    && cause.getStackTrace()[0].getClassName().startsWith("de.siegmar.fastcsv"));
            if (!anticipated) {
                throw new AssertionError("an InvalidDataException wraps an unexpected " + cause, e);
            }
        }
    }

    /** Text with control and invisible characters escaped, for failure reports. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder();
        int shown = 0;
        for (int i = 0; i < s.length() && shown < 400; i++, shown++) {
            char ch = s.charAt(i);
            if (ch == '\n') {
                sb.append("\\n");
            } else if (ch == '\r') {
                sb.append("\\r");
            } else if (ch == '\t') {
                sb.append("\\t");
            } else if (ch < 0x20 || (ch >= 0x7f && ch < 0xa0) || Character.isSurrogate(ch) || ch == '\uFEFF'
                    || ch == '\u2028' || ch == '\u200b') {
                sb.append(String.format("\\u%04x", (int) ch));
            } else {
                sb.append(ch);
            }
        }
        if (s.length() > 400) {
            sb.append("...(").append(s.length()).append(" chars)");
        }
        return sb.toString();
    }

    /** A deep copy of a table, for mutating. */
    static List<List<String>> copy(List<List<String>> rows) {
        List<List<String>> out = new ArrayList<>();
        for (List<String> row : rows) {
            out.add(new ArrayList<>(row));
        }
        return out;
    }
}
