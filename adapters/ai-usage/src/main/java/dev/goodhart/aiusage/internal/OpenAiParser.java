package dev.goodhart.aiusage.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

/**
 * The OpenAI organisation usage API's completions data: a page ({@code "object": "page"} with {@code data}), or a
 * bucket ({@code "object": "bucket"}, {@code start_time}, {@code end_time}, {@code results}). Each result (tokens,
 * {@code num_model_requests}, and the grouping: {@code user_id}, {@code api_key_id}, {@code project_id},
 * {@code model}) is one record, dated by its bucket's start: a bucket of a day or more ({@code 1d}) by its own date,
 * which OpenAI counts from midnight UTC; a minute or hour bucket by the day its start falls on in the zone. Fields of other usage results (embeddings, audio) are
 * read alike; cost results and anything that is neither a page nor a bucket are refused.
 */
public final class OpenAiParser {
    private OpenAiParser() {
    }

    /** Receives each bucket's day and each result as a row, with the line its result object starts on. */
    public interface Results {
        /**
         * A bucket, before its results: the day it falls on, and whether it spans a day or more (then dated by its
         * own start, in UTC, whatever the zone).
         */
        void bucket(long day, boolean daily);

        /** One result. */
        void result(Row r, long line) throws IOException;
    }

    /**
     * Reads the top-level object the parser is on: a page (its buckets) or a bucket.
     *
     * @throws dev.goodhart.model.InvalidDataException for a field of the wrong type, a bucket without {@code start_time},
     *                                           cost results, or an object that is neither a page nor a bucket
     */
    public static void top(JsonParser p, Ctx c, ZoneId zone, Results out) throws IOException {
        Bucket b = new Bucket();
        boolean page = false;
        String name;
        while ((name = c.nextField(p, null)) != null) {
            if (name.equals("data")) {
                page = true;
                if (!c.array(p, name)) {
                    continue;
                }
                int i = 0;
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    String at = "data[" + i++ + "]";
                    if (t != JsonToken.START_OBJECT) {
                        throw c.error(p, at, "expected a bucket object, found " + Ctx.describe(p));
                    }
                    Bucket inner = new Bucket();
                    long line = p.currentTokenLocation().getLineNr();
                    String f;
                    while ((f = c.nextField(p, at)) != null) {
                        inner.field(p, c, at + "." + f, f);
                    }
                    inner.emit(p, c, at, line, zone, out);
                }
            } else if (name.equals("object")) {
                String o = c.text(p, name);
                if (o != null && o.equals("page")) {
                    page = true;
                } else if (o != null && !o.equals("bucket")) {
                    throw c.error(p, name, "expected page or bucket, found '" + o + "' (not OpenAI usage data)");
                }
            } else {
                b.field(p, c, name, name);
            }
        }
        if (b.seen) {
            b.emit(p, c, "", c.line(), zone, out);
        } else if (!page) {
            throw c.recordError("not OpenAI usage data: a page has data, a bucket has start_time and results");
        }
    }

    /** One bucket, read in any field order: its results wait for its start time. */
    private static final class Bucket {
        boolean seen;
        long start = Long.MIN_VALUE;
        long end = Long.MIN_VALUE;
        final List<Row> rows = new ArrayList<>();
        final List<Long> lines = new ArrayList<>();

        void field(JsonParser p, Ctx c, String path, String name) throws IOException {
            switch (name) {
                case "start_time":
                    seen = true;
                    start = c.count(p, path);
                    break;
                case "end_time":
                    seen = true;
                    end = c.count(p, path);
                    break;
                case "results":
                case "result":
                    seen = true;
                    results(p, c, path);
                    break;
                case "object": {
                    String o = c.text(p, path);
                    if (o != null && !o.equals("bucket")) {
                        throw c.error(p, path, "expected bucket, found '" + o + "'");
                    }
                    seen = true;
                    break;
                }
                default:
                    p.skipChildren();
            }
        }

        void results(JsonParser p, Ctx c, String path) throws IOException {
            if (!c.array(p, path)) {
                return;
            }
            int i = 0;
            JsonToken t;
            while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                String at = path + "[" + i++ + "]";
                if (t != JsonToken.START_OBJECT) {
                    throw c.error(p, at, "expected a result object, found " + Ctx.describe(p));
                }
                lines.add((long) p.currentTokenLocation().getLineNr());
                rows.add(result(p, c, at));
            }
        }

        void emit(JsonParser p, Ctx c, String at, long line, ZoneId zone, Results out) throws IOException {
            if (start == Long.MIN_VALUE || start < 0) {
                throw new dev.goodhart.model.InvalidDataException(c.source(), line, 0, "field "
                        + (at.isEmpty() ? "" : at + ".") + "start_time: missing (each bucket starts at a time, in "
                        + "seconds since 1970)");
            }
            if (start > 253_402_300_799L) {
                throw new dev.goodhart.model.InvalidDataException(c.source(), line, 0, "field "
                        + (at.isEmpty() ? "" : at + ".") + "start_time: expected seconds since 1970 before the year "
                        + "10000, found " + start);
            }
            // a bucket of a day or more is OpenAI's day (from midnight UTC): it keeps its date; shorter ones are zoned
            boolean daily = end != Long.MIN_VALUE && end - start >= 86_400;
            Instant s = Instant.ofEpochSecond(start);
            long day = daily ? Math.floorDiv(start, 86_400)
                    : Math.floorDiv(start + zone.getRules().getOffset(s).getTotalSeconds(), 86_400);
            out.bucket(day, daily);
            long width = end == Long.MIN_VALUE ? -1 : end - start;
            for (int i = 0; i < rows.size(); i++) {
                Row r = rows.get(i);
                r.day = day;
                r.millis = start * 1000;
                r.key = new Repeats.Hash().add(start).add(width).add(r.key).value();
                out.result(r, lines.get(i));
            }
        }
    }

    private static Row result(JsonParser p, Ctx c, String at) throws IOException {
        Row r = new Row();
        r.reset();
        String user = null;
        String key = null;
        String project = null;
        long grouping = 0;
        String name;
        while ((name = c.nextField(p, at)) != null) {
            String path = at + "." + name;
            JsonToken t = p.currentToken();
            if (!name.equals("object") && (t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_TRUE
                    || t == JsonToken.VALUE_FALSE || t == JsonToken.VALUE_NUMBER_INT && name.endsWith("_id"))) {
                // every text, boolean or id of a result is a grouping value (user_id, model, batch, service_tier, ...)
                grouping += new Repeats.Hash().add(name).add(p.getText()).value();
            }
            switch (name) {
                case "object": {
                    String o = c.text(p, path);
                    if (o != null && !(o.startsWith("organization.usage.") && o.endsWith(".result"))) {
                        throw c.error(p, path, "expected a usage result such as organization.usage.completions.result, "
                                + "found '" + o + "'" + (o.contains("cost") ? " (costs are not usage)" : ""));
                    }
                    break;
                }
                case "input_tokens":
                    r.inputTokens = c.count(p, path);
                    break;
                case "output_tokens":
                    r.outputTokens = c.count(p, path);
                    break;
                case "input_cached_tokens":
                    r.cachedTokens = c.count(p, path);
                    break;
                case "num_model_requests":
                    r.requests = c.count(p, path);
                    break;
                case "user_id":
                    user = c.id(p, path);
                    break;
                case "api_key_id":
                    key = c.id(p, path);
                    break;
                case "project_id":
                    project = c.id(p, path);
                    break;
                case "model":
                    r.model = c.text(p, path);
                    break;
                default:
                    p.skipChildren();
            }
        }
        r.key = grouping;
        if (user != null && !user.isBlank()) {
            r.actor = user;
        } else if (key != null && !key.isBlank()) {
            r.actor = "key:" + key;
            r.machine = true;
        } else if (project != null && !project.isBlank()) {
            r.actor = "project:" + project;
            r.machine = true;
        }
        return r;
    }
}
