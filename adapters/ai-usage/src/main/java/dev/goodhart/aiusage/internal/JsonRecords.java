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

    /** The input with gzip undone when it starts with gzip's magic bytes. */
    public static InputStream maybeGunzip(InputStream in) throws IOException {
        BufferedInputStream b = new BufferedInputStream(in, 1 << 16);
        b.mark(2);
        int a = b.read();
        int c = b.read();
        b.reset();
        return a == 0x1f && c == 0x8b ? new BufferedInputStream(new GZIPInputStream(b, 1 << 16), 1 << 16) : b;
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
            } catch (JsonEOFException e) {
                throw new InvalidDataException(ctx.source(), ctx.line(), 0, "the input ends inside the record that "
                        + "starts on this line (a truncated line or file?)" + field(p), e);
            } catch (JsonProcessingException e) {
                if (String.valueOf(e.getOriginalMessage()).contains("end-of-input")) {
                    throw new InvalidDataException(ctx.source(), ctx.line(), 0, "the input ends inside the record that "
                            + "starts on this line (a truncated line or file?)" + field(p), e);
                }
                JsonLocation at = e.getLocation();
                long line = at == null ? ctx.line() : at.getLineNr();
                String original = String.valueOf(e.getOriginalMessage());
                String where = line != ctx.line() ? " (the record starts on line " + ctx.line()
                        + " and does not end before this one: a truncated line?)"
                        : original.contains("code 10)") || original.contains("code 13)")
                        ? " (the line ends inside a string: a truncated line?)" : "";
                throw new InvalidDataException(ctx.source(), line, at == null ? 0 : Math.max(0, at.getColumnNr()),
                        "not valid JSON" + where + field(p) + ": " + original, e);
            }
        }
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
