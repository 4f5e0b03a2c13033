package dev.goodhart.csv;

import dev.goodhart.InvalidDataException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.regex.Pattern;
import org.apache.commons.csv.CSVParser;
import org.apache.commons.csv.CSVRecord;

/** What the CSV readers share: strict UTF-8 files, records with their line numbers, errors with locations. */
final class CsvInput {
    private CsvInput() {
    }

    static Reader utf8(Path file) throws IOException {
        var decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        return new BufferedReader(new InputStreamReader(Files.newInputStream(file), decoder), 1 << 16);
    }

    static InvalidDataException unwrap(UncheckedIOException e, String source) {
        if (e.getCause() instanceof CharacterCodingException) {
            return new InvalidDataException(source, 0, 0, "expected UTF-8 text, found bytes that are not", e);
        }
        String message = String.valueOf(e.getCause() == null ? e.getMessage() : e.getCause().getMessage());
        var m = Pattern.compile("\\(line (\\d+)\\)\\s*(.*)").matcher(message);
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

        /** The next non-blank record, or null at the end. */
        CSVRecord next() {
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

        private boolean hasNext() {
            try {
                return records.hasNext();
            } catch (UncheckedIOException | IllegalStateException e) {
                Throwable cause = e.getCause() != null ? e.getCause() : e;
                if (cause instanceof CharacterCodingException) {
                    throw new InvalidDataException(source, previousEnd + 1, 0,
                            "expected UTF-8 text, found bytes that are not", e);
                }
                String message = String.valueOf(cause.getMessage())
                        .replaceFirst("^IOException reading next record: ", "")
                        .replaceFirst("^java.io.IOException: ", "")
                        .replaceFirst("\\s*at line: \\d+, position: \\d+\\s*$", "")
                        .replaceFirst("^\\(line \\d+\\)\\s*", "");
                throw new InvalidDataException(source, previousEnd + 1, 0, "malformed CSV: " + message, e);
            }
        }

        /** The 1-based line on which the record last returned by {@link #next()} started. */
        long line() {
            return currentStart;
        }
    }

}
