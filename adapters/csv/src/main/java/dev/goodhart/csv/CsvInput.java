package dev.goodhart.csv;

import dev.goodhart.InvalidDataException;
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
import java.util.Iterator;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVException;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** What the CSV readers share: strict UTF-8 files, records with their line numbers, errors with locations. */
final class CsvInput {
    private static final char BOM = '\uFEFF';
    private static final String NOT_UTF8 = "expected UTF-8 text, found bytes that are not";
    private static final Pattern LINE_PREFIX = Pattern.compile("^\\((?:start)?line [\\d,.\\s\u00a0\u202f]+\\)\\s*");
    private static final Pattern AT_LINE = Pattern.compile("\\s*at line: .+?, position: .*$");

    private CsvInput() {
    }

    /**
     * A strict UTF-8 reader of {@code file}, without its byte-order mark if it has one. Bytes that are not UTF-8 fail
     * with a {@link MalformedUtf8Exception} that knows the line and column they are on, after every character before
     * them was delivered (a decoder that reads ahead would name the line of the buffer instead).
     */
    static Reader utf8(Path file) throws IOException {
        return utf8(Files.newInputStream(file));
    }

    /** As {@link #utf8(Path)}, for bytes from a stream. */
    static Reader utf8(InputStream in) {
        return new Utf8Reader(in);
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

    static InvalidDataException unwrap(UncheckedIOException e, String source) {
        Throwable cause = e.getCause();
        if (cause instanceof MalformedUtf8Exception m) {
            return new InvalidDataException(source, m.line, m.column, m.problem(), e);
        }
        if (cause instanceof CharacterCodingException) {
            return new InvalidDataException(source, 0, 0, NOT_UTF8, e);
        }
        String message = String.valueOf(cause == null ? e.getMessage() : cause.getMessage());
        var m = Pattern.compile("\\((?:start)?line (\\d+)\\)\\s*(.*)").matcher(message);
        if (m.find()) {
            return new InvalidDataException(source, Long.parseLong(m.group(1)), 0,
                    "malformed CSV: " + m.group(2), e);
        }
        return new InvalidDataException(source, 0, 0, "malformed CSV: " + message, e);
    }

    /** Clips a cell for an error message. */
    static String clip(String s) {
        return s.length() <= 40 ? s : s.substring(0, 37) + "...";
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
            return NOT_UTF8 + " (" + bytes + ")";
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
            for (int i = offset; i < offset + n; i++) {
                char c = buffer[i];
                if (c == '\n') {
                    if (!afterCr) {
                        line++;
                    }
                    column = 1;
                    afterCr = false;
                } else if (c == '\r') {
                    line++;
                    column = 1;
                    afterCr = true;
                } else {
                    column++;
                    afterCr = false;
                }
            }
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

    /** Reads records, skips blank lines, and knows the line each record started on. */
    static final class RecordSource {
        private final CSVParser parser;
        private final Iterator<CSVRecord> records;
        private long previousEnd;
        private long currentStart;

        private final String source;

        RecordSource(CSVParser parser, Iterator<CSVRecord> records, String source) {
            this.parser = parser;
            this.records = records;
            this.source = source;
        }

        /**
         * The next non-blank record, or null at the end.
         *
         * @throws IOException          if the underlying reader fails (not for malformed content)
         * @throws InvalidDataException if the content is not CSV or not UTF-8
         */
        CSVRecord next() throws IOException {
            while (hasNext()) {
                CSVRecord r = records.next();
                currentStart = previousEnd + 1;
                previousEnd = parser.getCurrentLineNumber();
                if (r.size() == 1 && r.get(0).isBlank()) {
                    continue;
                }
                return r;
            }
            return null;
        }

        private boolean hasNext() throws IOException {
            try {
                return records.hasNext();
            } catch (UncheckedIOException e) {
                IOException cause = e.getCause();
                if (cause instanceof MalformedUtf8Exception m) {
                    throw new InvalidDataException(source, m.line, m.column, m.problem(), m);
                }
                if (cause instanceof CharacterCodingException) {
                    throw new InvalidDataException(source, previousEnd + 1, 0, NOT_UTF8, cause);
                }
                if (cause instanceof CSVException || String.valueOf(cause.getMessage()).contains("invalid parse sequence")) {
                    throw malformed(cause);
                }
                throw cause; // the reader failed: an I/O error, not bad content
            } catch (IllegalStateException e) {
                throw malformed(e);
            }
        }

        private InvalidDataException malformed(Exception e) {
            String message = String.valueOf(e.getMessage());
            message = LINE_PREFIX.matcher(message).replaceFirst("");
            Matcher at = AT_LINE.matcher(message);
            if (at.find()) {
                message = message.substring(0, at.start());
            }
            if (message.startsWith("Invalid character between encapsulated token and delimiter")) {
                message = "expected the delimiter or the end of the line after a closing quote";
            } else if (message.startsWith("EOF reached before encapsulated token finished")) {
                message = "expected a closing quote before the end of the input, for the quoted field that starts on"
                        + " this line";
            }
            return new InvalidDataException(source, previousEnd + 1, 0, "malformed CSV: " + message, e);
        }

        /** The 1-based line on which the record last returned by {@link #next()} started. */
        long line() {
            return currentStart;
        }
    }
}
