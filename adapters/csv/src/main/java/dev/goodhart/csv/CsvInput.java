package dev.goodhart.csv;

import de.siegmar.fastcsv.reader.AbstractBaseCsvCallbackHandler;
import de.siegmar.fastcsv.reader.CloseableIterator;
import de.siegmar.fastcsv.reader.CommentStrategy;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.FieldMismatchStrategy;
import dev.goodhart.model.InvalidDataException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Objects;

/**
 * What the CSV readers share: strict UTF-8 files, records read with FastCSV (RFC 4180) with the line each starts on,
 * errors with locations, and cells read from a reused buffer so that a row of known names allocates nothing.
 */
final class CsvInput {
    private static final char BOM = '\uFEFF';
    private static final String NOT_UTF8 = "expected UTF-8 text, found bytes that are not";
    /** The longest field FastCSV buffers (its default, in characters); longer is reported as malformed. */
    private static final int MAX_FIELD = 16 * 1024 * 1024;

    private CsvInput() {
    }

    /**
     * A strict UTF-8 reader of {@code file} (decompressed where it is gzip), without its byte-order mark if it has one.
     * Bytes that are not UTF-8 fail with a {@link MalformedUtf8Exception} that knows the line and column they are on,
     * after every character before them was delivered (a decoder that reads ahead would name the line of the buffer
     * instead).
     */
    static Reader utf8(Path file) throws IOException {
        return utf8(Files.newInputStream(file));
    }

    /** As {@link #utf8(Path)}, for bytes from a stream; gzip-compressed bytes are decompressed as they are read. */
    static Reader utf8(InputStream in) {
        return new Utf8Reader(new MaybeGzip(in));
    }

    /**
     * The bytes of a stream, decompressed where they begin with gzip's magic number (0x1F 0x8B: no UTF-8 text does, as
     * 0x8B cannot follow 0x1F there), so that {@code metrics.csv.gz} reads as {@code metrics.csv} (it was refused as
     * "not UTF-8 (0x8B)"). Damaged or cut-short compressed data is said as such.
     */
    static final class MaybeGzip extends java.io.FilterInputStream {
        private boolean checked;
        private boolean compressed;

        MaybeGzip(InputStream in) {
            super(in);
        }

        private void check() throws IOException {
            if (checked) {
                return;
            }
            checked = true;
            java.io.PushbackInputStream p = new java.io.PushbackInputStream(in, 2);
            int a = p.read();
            int b = a < 0 ? -1 : p.read();
            if (b >= 0) {
                p.unread(b);
            }
            if (a >= 0) {
                p.unread(a);
            }
            compressed = a == 0x1F && b == 0x8B;
            in = compressed ? new java.util.zip.GZIPInputStream(p, 1 << 16) : p;
        }

        private final byte[] one = new byte[1];

        @Override
        public int read() throws IOException {
            int n = read(one, 0, 1);
            return n < 0 ? -1 : one[0] & 0xFF;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                check();
                return in.read(b, off, len);
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                if (!compressed) {
                    throw e;
                }
                throw new IOException("the gzip-compressed data is damaged or cut short (" + e.getMessage() + ")", e);
            }
        }
    }

    /** {@code reader} without a leading byte-order mark (a header cell that is quoted would keep it otherwise). */
    static Reader withoutBom(Reader reader) throws IOException {
        Objects.requireNonNull(reader, "reader");
        if (reader instanceof Utf8Reader) {
            return reader;
        }
        PushbackReader in = new PushbackReader(reader, 1);
        int first = in.read();
        if (first >= 0 && first != BOM) {
            in.unread(first);
        }
        return in;
    }

    /** Clips a cell for an error message. */
    static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
    }

    /** Whether {@code c} is whitespace as {@link String#strip()} and {@link String#isBlank()} see it. */
    static boolean isWhitespace(char c) {
        return c == ' ' || (c > ' ' ? c >= '\u0085' && Character.isWhitespace(c) : Character.isWhitespace(c));
    }

    /** Bytes that are not UTF-8, with the line and column (1-based, in characters) where they start. */
    static final class MalformedUtf8Exception extends CharacterCodingException {
        private static final long serialVersionUID = 1L;

        final long line;
        final int column;
        final String bytes;

        MalformedUtf8Exception(long line, int column, String bytes) {
            this.line = line;
            this.column = column;
            this.bytes = bytes;
        }

        String problem() {
            // 0xFF or 0xFE first may begin a UTF-16 byte order mark (a spreadsheet's "Unicode text"); only the first
            // byte is known here, and a binary file (a JPEG's 0xFF 0xD8) starts so too: said as a possibility
            boolean utf16 = line == 1 && column == 1 && (bytes.startsWith("0xFF") || bytes.startsWith("0xFE"));
            return NOT_UTF8 + " (" + bytes + (utf16 ? "; if the file is UTF-16 text, whose byte order mark begins so, "
                    + "save it as UTF-8" : "") + ")";
        }

        @Override
        public String getMessage() {
            return "line " + line + ", column " + column + ": " + problem();
        }
    }

    /**
     * Decodes strict UTF-8 and counts lines the way the CSV parser does ({@code \r\n}, {@code \r} and {@code \n} each
     * end one). Skips a leading byte-order mark.
     */
    static final class Utf8Reader extends Reader {
        private final InputStream in;
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
        private final CharBuffer chars = CharBuffer.allocate(1 << 16).flip();
        private boolean eof;
        private boolean done;
        private boolean start = true;
        private String malformed;
        private long line = 1;
        private long column = 1;
        private boolean afterCr;

        Utf8Reader(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(char[] buffer, int offset, int length) throws IOException {
            Objects.checkFromIndexSize(offset, length, buffer.length);
            if (length == 0) {
                return 0;
            }
            while (!chars.hasRemaining()) {
                if (malformed != null) {
                    throw new MalformedUtf8Exception(line, (int) Math.min(column, Integer.MAX_VALUE), malformed);
                }
                if (done) {
                    return -1;
                }
                fill();
            }
            int n = Math.min(length, chars.remaining());
            chars.get(buffer, offset, n);
            // the position after what was delivered: the last line break in it, then the characters after that
            int end = offset + n;
            int lastBreak = -1;
            for (int i = offset; i < end; i++) {
                char c = buffer[i];
                if (c <= '\r') {
                    if (c == '\n') {
                        if (!(i == offset ? afterCr : buffer[i - 1] == '\r')) {
                            line++;
                        }
                        lastBreak = i;
                    } else if (c == '\r') {
                        line++;
                        lastBreak = i;
                    }
                }
            }
            if (lastBreak < 0) {
                column += n;
            } else {
                column = end - lastBreak;
            }
            afterCr = buffer[end - 1] == '\r';
            return n;
        }

        private void fill() throws IOException {
            chars.clear();
            while (chars.position() == 0 && malformed == null && !done) {
                if (!eof) {
                    bytes.compact();
                    int r = in.read(bytes.array(), bytes.position(), bytes.remaining());
                    if (r < 0) {
                        eof = true;
                    } else {
                        bytes.position(bytes.position() + r);
                    }
                    bytes.flip();
                }
                CoderResult result = decoder.decode(bytes, chars, eof);
                if (result.isError()) {
                    malformed = hex(bytes, result.length());
                } else if (eof && result.isUnderflow()) {
                    decoder.flush(chars);
                    done = true;
                }
            }
            chars.flip();
            if (start && chars.hasRemaining()) {
                start = false;
                if (chars.get(chars.position()) == BOM) {
                    chars.get();
                }
            }
        }

        private static String hex(ByteBuffer b, int length) {
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < length && i < 4; i++) {
                sb.append(i == 0 ? "" : " ").append(String.format("0x%02X", b.get(b.position() + i) & 0xFF));
            }
            return sb.toString();
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    /**
     * Reads records with FastCSV as RFC 4180 says (a quote opens a field only as its first character, a doubled quote
     * inside quotes is one quote, quoted fields may hold delimiters and line breaks; {@code \r\n}, {@code \r} and
     * {@code \n} end a line), skips blank lines, and knows the line each record started on. A character after a
     * closing quote other than the delimiter or a line end, and a quote still open at the end of the input, are
     * malformed. Closing it closes the reader.
     */
    static final class Records implements Closeable {
        private final Row row = new Row();
        private final CsvReader<Row> reader;
        private final CloseableIterator<Row> iterator;
        private final String source;

        Records(Reader in, char delimiter, String source) {
            this.source = source;
            this.reader = CsvReader.builder()
                    .fieldSeparator(delimiter)
                    .quoteCharacter('"')
                    .commentStrategy(CommentStrategy.NONE)
                    .skipEmptyLines(false) // skipped here, after the row has counted their lines
                    .extraFieldStrategy(FieldMismatchStrategy.IGNORE)
                    .missingFieldStrategy(FieldMismatchStrategy.IGNORE)
                    .allowExtraCharsAfterClosingQuote(false)
                    .allowUnclosedQuote(false)
                    .maxBufferSize(MAX_FIELD)
                    .build(row, in);
            this.iterator = reader.iterator();
        }

        /**
         * The next record that is not blank (an empty line or one of spaces), or null at the end. The row is reused:
         * it holds this record until the next call.
         *
         * @throws IOException          if the underlying reader fails (not for malformed content)
         * @throws InvalidDataException if the content is not CSV or not UTF-8
         */
        Row next() throws IOException {
            while (true) {
                boolean more;
                try {
                    more = iterator.hasNext();
                } catch (UncheckedIOException e) {
                    throw unreadable(e.getCause());
                } catch (CsvParseException e) {
                    throw malformed(e);
                }
                if (!more) {
                    return null;
                }
                Row r = iterator.next();
                if (!r.isBlankLine()) {
                    return r;
                }
            }
        }

        /**
         * Bytes that are not UTF-8 are bad data, at their line and column (an {@link InvalidDataException} is thrown);
         * any other failure of the reader is an I/O error, returned to be thrown.
         */
        private IOException unreadable(IOException cause) {
            if (cause instanceof MalformedUtf8Exception m) {
                throw new InvalidDataException(source, m.line, m.column, m.problem(), m);
            }
            if (cause instanceof CharacterCodingException) {
                throw new InvalidDataException(source, row.line(), 0, NOT_UTF8, cause);
            }
            return cause;
        }

        private InvalidDataException malformed(CsvParseException e) {
            // FastCSV wraps what went wrong in "Exception when reading record that started in line N"
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof Error error) {
                throw error;
            }
            if (!(cause instanceof CsvParseException)) {
                throw (RuntimeException) cause; // not the content: a defect, not to be reported as bad data
            }
            String message = String.valueOf(cause.getMessage());
            String problem;
            if (message.startsWith("Unexpected character after closing quote")) {
                problem = "expected the delimiter or the end of the line after a closing quote";
            } else if (message.startsWith("Unclosed quoted field")) {
                problem = "expected a closing quote before the end of the input, for the quoted field that starts on"
                        + " this line";
            } else if (message.startsWith("The maximum buffer size")) {
                problem = String.format("expected a field of at most %,d characters (a quote that is never closed?)",
                        MAX_FIELD);
            } else {
                problem = message;
            }
            return new InvalidDataException(source, row.line(), 0, "malformed CSV: " + problem, e);
        }

        @Override
        public void close() throws IOException {
            reader.close();
        }
    }

    /**
     * The record being read: FastCSV hands each field over from its own buffer, which moves on; the row copies the
     * characters into one reused array, so that reading a record allocates nothing.
     *
     * <p>The row counts lines itself: a record takes one line plus the line breaks inside its quoted fields
     * ({@code \r\n}, {@code \r} and {@code \n} each one). FastCSV's own count (4.3.1) misses a {@code \n} that
     * follows a {@code \r} anywhere earlier in the same quoted field ({@code "a\rb\nc"} counts one line break, not
     * two), which would put every later record on the wrong line.
     */
    static final class Row extends AbstractBaseCsvCallbackHandler<Row> {
        private char[] chars = new char[512];
        private int[] ends = new int[16];
        private int size;
        private int used;
        private long line;
        private long nextLine = 1;

        @Override
        protected void handleBegin(long startingLineNumber) {
            line = nextLine;
            nextLine++;
            size = 0;
            used = 0;
        }

        @Override
        protected void handleField(int index, char[] buf, int offset, int length, boolean quoted) {
            if (quoted) {
                nextLine += lineBreaks(buf, offset, offset + length);
            }
            if (used + length > chars.length) {
                chars = Arrays.copyOf(chars, Math.max(chars.length * 2, used + length));
            }
            System.arraycopy(buf, offset, chars, used, length);
            used += length;
            if (index >= ends.length) {
                ends = Arrays.copyOf(ends, ends.length * 2);
            }
            ends[index] = used;
            size = index + 1;
        }

        /** The line breaks in [from, to): {@code \r\n}, {@code \r} and {@code \n} each end one line. */
        private static int lineBreaks(char[] c, int from, int to) {
            int breaks = 0;
            for (int k = from; k < to; k++) {
                char ch = c[k];
                if (ch == '\r' || (ch == '\n' && (k == from || c[k - 1] != '\r'))) {
                    breaks++;
                }
            }
            return breaks;
        }

        @Override
        protected void handleEmpty() {
            size = 1;
            used = 0;
            ends[0] = 0;
        }

        @Override
        protected Row buildRecord() {
            return this;
        }

        /** The 1-based line on which the record starts. */
        long line() {
            return line;
        }

        /** How many fields the record has. */
        int size() {
            return size;
        }

        /** The characters of every field; field {@code i} is {@code [start(i), end(i))}. */
        char[] chars() {
            return chars;
        }

        int start(int i) {
            return i == 0 ? 0 : ends[i - 1];
        }

        int end(int i) {
            return ends[i];
        }

        /** Field {@code i} as a new string. */
        String get(int i) {
            int start = start(i);
            return new String(chars, start, ends[i] - start);
        }

        /** Whether field {@code i} is empty or whitespace, as {@link String#isBlank()}. */
        boolean isBlank(int i) {
            for (int k = start(i), end = ends[i]; k < end; k++) {
                if (!isWhitespace(chars[k])) {
                    return false;
                }
            }
            return true;
        }

        /** Whether field {@code i} holds exactly the first {@code length} characters of {@code text}. */
        boolean contentEquals(int i, char[] text, int length) {
            int start = start(i);
            if (ends[i] - start != length) {
                return false;
            }
            for (int k = 0; k < length; k++) {
                if (chars[start + k] != text[k]) {
                    return false;
                }
            }
            return true;
        }

        /** A line with one field that is blank: an empty line or one of spaces, skipped by the readers. */
        boolean isBlankLine() {
            return size == 1 && isBlank(0);
        }
    }

    /**
     * One string per distinct short cell text, so that rows that repeat a name (a segment, a metric, an actor)
     * allocate nothing and hand the same instance on (its hash computed once). An open-addressing table of at most
     * {@value #MOST} texts of up to {@value #LONGEST} characters, emptied when full: a column of ever new texts costs
     * what it did without the cache.
     */
    static final class Names {
        private static final int SLOTS = 1 << 12;
        private static final int MOST = SLOTS / 2;
        private static final int LONGEST = 64;
        private final String[] strings = new String[SLOTS];
        private final char[][] texts = new char[SLOTS][];
        private final int[] hashes = new int[SLOTS];
        private int count;

        /** Field {@code i} of {@code row} as a string, a cached one when the same text came before. */
        String of(Row row, int i) {
            char[] c = row.chars();
            int start = row.start(i);
            int end = row.end(i);
            int length = end - start;
            if (length > LONGEST) {
                return new String(c, start, length);
            }
            int h = 0;
            for (int k = start; k < end; k++) {
                h = 31 * h + c[k];
            }
            int slot = (h ^ (h >>> 12) ^ (h >>> 24)) & (SLOTS - 1);
            for (char[] text = texts[slot]; text != null; text = texts[slot]) {
                if (hashes[slot] == h && same(text, c, start, length)) {
                    return strings[slot];
                }
                slot = (slot + 1) & (SLOTS - 1);
            }
            if (count == MOST) {
                Arrays.fill(texts, null);
                Arrays.fill(strings, null);
                count = 0;
                return of(row, i);
            }
            String made = new String(c, start, length);
            strings[slot] = made;
            texts[slot] = Arrays.copyOfRange(c, start, end);
            hashes[slot] = h;
            count++;
            return made;
        }

        private static boolean same(char[] text, char[] c, int start, int length) {
            if (text.length != length) {
                return false;
            }
            for (int k = 0; k < length; k++) {
                if (text[k] != c[start + k]) {
                    return false;
                }
            }
            return true;
        }
    }
}
