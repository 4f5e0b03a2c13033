package dev.goodhart.aiusage.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.io.JsonEOFException;
import dev.goodhart.model.InvalidDataException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;

/**
 * The streaming loop shared by the readers: one Jackson parser over the whole input (NDJSON, a JSON array of
 * records, or concatenated documents), each top-level object handed to a handler positioned on its
 * {@code START_OBJECT}; the elements of a top-level array likewise. Gzip is undone on the fly. Nothing but the
 * current record's values is held. Syntax errors become {@link InvalidDataException}s with the record's line and the
 * parser's position.
 */
public final class JsonRecords {
    private static final JsonFactory FACTORY = JsonFactory.builder()
            .disable(StreamReadFeature.AUTO_CLOSE_SOURCE)
            .build();

    private JsonRecords() {
    }

    /** Receives each top-level record, the parser on its {@code START_OBJECT}; must consume it to its end. */
    public interface Handler {
        /** Reads one record (the context knows its line). */
        void record(JsonParser p, Ctx ctx) throws IOException;
    }

    /**
     * The input with gzip undone when it starts with gzip's magic bytes (a failure of the gzip data is a
     * {@link Streams.BrokenGzipException}), and a UTF-8 byte-order mark dropped wherever it starts a line.
     */
    public static InputStream open(InputStream in) throws IOException {
        return new BufferedInputStream(new Streams.WithoutBoms(maybeGunzip(in)), 1 << 16);
    }

    /** The input with gzip undone when it starts with gzip's magic bytes. */
    static InputStream maybeGunzip(InputStream in) throws IOException {
        BufferedInputStream b = new BufferedInputStream(in, 1 << 16);
        b.mark(2);
        int a = b.read();
        int c = b.read();
        b.reset();
        if (a != 0x1f || c != 0x8b) {
            return b;
        }
        GZIPInputStream z;
        try {
            z = new GZIPInputStream(b, 1 << 16);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new Streams.BrokenGzipException(0, e);
        }
        return new BufferedInputStream(new Streams.Gunzipped(z), 1 << 16);
    }

    /**
     * Up to {@code max} bytes from the start of {@code in}; when the gzip data breaks before, the bytes that came out
     * whole (the read that follows reports the failure).
     */
    public static byte[] head(InputStream in, int max) throws IOException {
        byte[] buf = new byte[max];
        int n = 0;
        try {
            int r;
            while (n < max && (r = in.read(buf, n, max - n)) > 0) {
                n += r;
            }
        } catch (Streams.BrokenGzipException e) {
            // decide on what came out
        }
        return java.util.Arrays.copyOf(buf, n);
    }

    /**
     * Reads every record of {@code in} (already un-gzipped) into {@code handler}.
     *
     * @throws IOException          if the stream fails
     * @throws InvalidDataException for malformed JSON or what the handler refuses, naming the line
     */
    public static void read(InputStream in, Ctx ctx, Handler handler) throws IOException {
        try (JsonParser p = FACTORY.createParser(in)) {
            try {
                JsonToken t;
                while ((t = p.nextToken()) != null) {
                    ctx.line(p.currentTokenLocation().getLineNr());
                    if (t == JsonToken.START_OBJECT) {
                        handler.record(p, ctx);
                    } else if (t == JsonToken.START_ARRAY) {
                        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                            ctx.line(p.currentTokenLocation().getLineNr());
                            if (t != JsonToken.START_OBJECT) {
                                throw ctx.error(p, null, "expected an object in the array of records, found "
                                        + Ctx.describe(p));
                            }
                            handler.record(p, ctx);
                        }
                    } else {
                        throw ctx.error(p, null, "expected a JSON object (one record per line) or an array of them, "
                                + "found " + Ctx.describe(p));
                    }
                }
            } catch (Streams.BrokenGzipException e) {
                throw new InvalidDataException(ctx.source(), 0, 0, e.getMessage(), e);
            } catch (JsonEOFException e) {
                throw new InvalidDataException(ctx.source(), started(ctx, e), 0, "the input ends inside the record "
                        + "that starts on this line (a truncated line or file?)" + field(p), e);
            } catch (JsonProcessingException e) {
                if (String.valueOf(e.getOriginalMessage()).contains("end-of-input")) {
                    throw new InvalidDataException(ctx.source(), started(ctx, e), 0, "the input ends inside the record "
                            + "that starts on this line (a truncated line or file?)" + field(p), e);
                }
                if (ctx.line() <= 0) {
                    // the first token itself is not JSON: no record has begun, the line is the token's
                    ctx.line(started(ctx, e));
                }
                JsonLocation at = e.getLocation();
                long line = at == null ? ctx.line() : at.getLineNr();
                String original = String.valueOf(e.getOriginalMessage());
                String where = line != ctx.line() ? " (the record starts on line " + ctx.line()
                        + " and does not end before this one: a truncated line?)"
                        : original.contains("code 10)") || original.contains("code 13)")
                        ? " (the line ends inside a string: a truncated line?)" : "";
                throw new InvalidDataException(ctx.source(), line, at == null ? 0 : Math.max(0, at.getColumnNr()),
                        "not valid JSON" + where + field(p) + ": " + plain(original), e);
            }
        }
    }

    /**
     * The line of the record being read, or where none has begun yet (the first token is itself cut short: the input
     * "-"), the line Jackson stopped on, at least 1.
     */
    private static long started(Ctx ctx, JsonProcessingException e) {
        if (ctx.line() > 0) {
            return ctx.line();
        }
        JsonLocation at = e.getLocation();
        return at == null ? 1 : Math.max(1, at.getLineNr());
    }

    /**
     * Jackson's message in the words of the input: its limits as what the input holds (a number of 1,500 digits),
     * without its own settings, class names or the {@code [Source: REDACTED ...]} locations (the line and column are
     * given already).
     */
    static String plain(String message) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile(
                "Number value length \\((\\d+)\\) exceeds the maximum allowed \\((\\d+)").matcher(message);
        if (m.find()) {
            return "a number of " + m.group(1) + " digits, more than the " + m.group(2) + " a JSON number may have here "
                    + "(no count in an export has more than 16)";
        }
        m = java.util.regex.Pattern.compile("nesting depth \\((\\d+)\\) exceeds the maximum allowed \\((\\d+)")
                .matcher(message);
        if (m.find()) {
            return "objects and arrays nested more than " + m.group(2) + " deep (no export nests more than a few "
                    + "levels)";
        }
        m = java.util.regex.Pattern.compile("String value length \\((\\d+)\\) exceeds the maximum allowed \\((\\d+)")
                .matcher(message);
        if (m.find()) {
            return "a string of " + m.group(1) + " characters, more than the " + m.group(2) + " a string may have";
        }
        m = java.util.regex.Pattern.compile("Non-standard token '([^']*)'").matcher(message);
        if (m.find()) {
            return "'" + m.group(1) + "' is not a JSON number (JSON has no NaN or Infinity)";
        }
        m = java.util.regex.Pattern.compile("Invalid UTF-8 (start|middle) byte (0x[0-9a-fA-F]+)").matcher(message);
        if (m.find()) {
            return "expected UTF-8 text, found a byte that is not (" + m.group(2) + ")";
        }
        String s = opened(message, true).replaceAll("\\s*\\(start marker at \\[Source:[^\\]]*\\]\\)", "")
                .replaceAll("\\s*at \\[Source:[^\\]]*\\]", "")
                .replaceAll("\\[Source:[^\\]]*\\]", "")
                .replaceAll(",? from `[^`]*`", "")
                .replaceAll("\\(?`?(StreamReadConstraints|StreamReadFeature|JsonReadFeature|JsonParser)[.A-Za-z_()]*`?\\)?", "")
                .replaceAll("\\s+", " ").strip();
        return s.isEmpty() ? "not valid JSON" : s;
    }

    private static final java.util.regex.Pattern OPENED = java.util.regex.Pattern.compile(
            "\\(for (Array|Object|root) starting at \\[Source:[^\\]]*?line: (\\d+), column: (\\d+)\\]\\)");

    /**
     * Jackson's "(for Array starting at [Source: ...; line: 1, column: 26])" in words: "(for the array opened at line 1,
     * column 26)"; without the line when {@code withLine} is false (a parser over one line).
     */
    static String opened(String message, boolean withLine) {
        java.util.regex.Matcher m = OPENED.matcher(message);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String what = m.group(1).equals("root") ? "the value" : "the " + m.group(1).toLowerCase(java.util.Locale.ROOT);
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement("(for " + what + " opened at "
                    + (withLine ? "line " + m.group(2) + ", " : "") + "column " + m.group(3) + ")"));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String field(JsonParser p) {
        try {
            String name = p.currentName();
            return name == null ? "" : ", in field " + name;
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** Skips the current value (an object or array with everything in it; a scalar is already consumed). */
    public static void skip(JsonParser p) throws IOException {
        p.skipChildren();
    }
}
