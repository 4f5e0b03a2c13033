package dev.goodhart.aiusage.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * The OpenAI organisation usage API's completions data: a page ({@code "object": "page"} with {@code data}), or a
 * bucket ({@code "object": "bucket"}, {@code start_time}, {@code end_time}, {@code results}). Each result (tokens,
 * {@code num_model_requests}, and the grouping: {@code user_id}, {@code api_key_id}, {@code project_id},
 * {@code model}, ...) is one record, dated by its bucket's start: a day bucket ({@code bucket_width=1d}) by its own
 * date, which OpenAI counts from midnight UTC; a minute or hour bucket by the day its start falls on in the zone.
 * Fields of other usage results (embeddings, audio) are read alike; cost results and anything that is neither a page
 * nor a bucket are refused.
 *
 * <p>A bucket's width: one wider than an hour is a day bucket. OpenAI starts the first bucket at the requested
 * {@code start_time} and may end the last at {@code end_time}, so a day bucket can be short (17:31 to midnight UTC);
 * a bucket of an hour or less that starts or ends at midnight UTC, or whose width is no whole aligned hour or minute,
 * takes the width of the last bucket before it in its page whose own times say one, else of the next such bucket in
 * its page, else of the last such bucket read before its page; with none, {@link Bucket#guessedWidth()}: a whole
 * aligned hour or minute is one, another that starts or ends at midnight UTC is a day bucket. One instance per read;
 * not thread-safe.
 */
public final class OpenAiParser {
    /** The widths of OpenAI's buckets, in seconds: {@code 1d}, {@code 1h}, {@code 1m}. */
    public static final long DAY = 86_400;
    /** An hour bucket's width. */
    public static final long HOUR = 3_600;
    /** A minute bucket's width. */
    public static final long MINUTE = 60;

    /**
     * Whether a result's field of this name and value is part of its grouping (what tells one result of a bucket from
     * another): every text or boolean ({@code object}, {@code user_id}, {@code model}, {@code batch},
     * {@code service_tier}, fields OpenAI may add), and a number in a field ending {@code _id}; never a descriptive
     * name (a field ending {@code _name}, such as a project's, which may be renamed) or a count.
     */
    static boolean grouping(String name, JsonToken t) {
        if (name.endsWith("_name")) {
            return false;
        }
        return t == JsonToken.VALUE_STRING || t == JsonToken.VALUE_TRUE || t == JsonToken.VALUE_FALSE
                || (t == JsonToken.VALUE_NUMBER_INT || t == JsonToken.VALUE_NUMBER_FLOAT) && name.endsWith("_id");
    }

    /**
     * A result's grouping in words, from its {@link Row#identity}: {@code name=value} pairs, as read, joined by
     * commas; "no grouping" for none.
     */
    public static String describeGrouping(String identity) {
        if (identity == null || identity.isEmpty()) {
            return "no grouping";
        }
        StringBuilder out = new StringBuilder();
        int i = 0;
        while (i < identity.length()) {
            int colon = identity.indexOf(':', i);
            int n = Integer.parseInt(identity.substring(i, colon));
            String name = identity.substring(colon + 1, colon + 1 + n);
            int at = colon + 1 + n + 1; // past '='
            int colon2 = identity.indexOf(':', at);
            int m = Integer.parseInt(identity.substring(at, colon2));
            String value = identity.substring(colon2 + 1, colon2 + 1 + m);
            if (out.length() > 0) {
                out.append(", ");
            }
            out.append(name).append('=').append(value);
            i = colon2 + 1 + m + 1; // past ';'
        }
        return out.toString();
    }

    private final ZoneId zone;
    private final Results out;
    /** The width of the last bucket whose own width said it; 0 before one. */
    private long known;

    /** A reader of one input's pages and buckets, dating them in {@code zone}, handing them to {@code out}. */
    public OpenAiParser(ZoneId zone, Results out) {
        this.zone = zone;
        this.out = out;
    }

    /** Receives each bucket's day and each result as a row, with the line its result object starts on. */
    public interface Results {
        /**
         * A bucket, before its results: the day it falls on, and whether it is a day bucket (then dated by its own
         * start, in UTC, whatever the zone).
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
    public void top(JsonParser p, Ctx c) throws IOException {
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
                long pageWidth = 0;
                List<Bucket> pending = new ArrayList<>();
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    String at = "data[" + i++ + "]";
                    if (t != JsonToken.START_OBJECT) {
                        throw c.error(p, at, "expected a bucket object, found " + Ctx.describe(p));
                    }
                    Bucket inner = new Bucket();
                    inner.at = at;
                    inner.line = p.currentTokenLocation().getLineNr();
                    String f;
                    while ((f = c.nextField(p, at)) != null) {
                        inner.field(p, c, at + "." + f, f);
                    }
                    long own = inner.ownWidth();
                    if (own != 0) {
                        pageWidth = own;
                        known = own;
                        for (Bucket waiting : pending) {
                            emit(waiting, c, own);
                        }
                        pending.clear();
                        emit(inner, c, own);
                    } else if (pageWidth != 0) {
                        emit(inner, c, pageWidth);
                    } else {
                        // a short first bucket (or one at midnight): the next ones say how wide the page's are
                        pending.add(inner);
                    }
                }
                for (Bucket alone : pending) {
                    emit(alone, c, known != 0 ? known : alone.guessedWidth());
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
            b.at = "";
            b.line = c.line();
            long own = b.ownWidth();
            if (own != 0) {
                known = own;
            }
            emit(b, c, own != 0 ? own : known != 0 ? known : b.guessedWidth());
        } else if (!page) {
            throw c.recordError("not OpenAI usage data: a page has data, a bucket has start_time and results");
        }
    }

    /**
     * A bucket's results, dated: a day bucket ({@code width} {@link #DAY}) by its start's date in UTC, whatever the
     * zone; a shorter one by the day its start falls on in the zone. Each result's slot is the day, hour or minute
     * its bucket starts in, so that a short bucket and a whole one of the same period are one period.
     */
    private void emit(Bucket b, Ctx c, long width) throws IOException {
        String at = b.at;
        if (b.start == Long.MIN_VALUE || b.start < 0) {
            throw new dev.goodhart.model.InvalidDataException(c.source(), b.line, 0, "field "
                    + (at.isEmpty() ? "" : at + ".") + "start_time: missing (each bucket starts at a time, in "
                    + "seconds since 1970)");
        }
        if (b.start > 253_402_300_799L) {
            throw new dev.goodhart.model.InvalidDataException(c.source(), b.line, 0, "field "
                    + (at.isEmpty() ? "" : at + ".") + "start_time: expected seconds since 1970 before the year "
                    + "10000, found " + b.start);
        }
        if (b.end != Long.MIN_VALUE && b.end <= b.start) {
            throw new dev.goodhart.model.InvalidDataException(c.source(), b.line, 0, "field "
                    + (at.isEmpty() ? "" : at + ".") + "end_time: expected a time after start_time (" + b.start
                    + "), found " + b.end);
        }
        boolean daily = width == DAY;
        long day = daily ? Math.floorDiv(b.start, DAY) : Math.floorDiv(b.start
                + zone.getRules().getOffset(Instant.ofEpochSecond(b.start)).getTotalSeconds(), DAY);
        out.bucket(day, daily);
        long dayStart = Math.floorDiv(b.start, DAY) * DAY;
        // part of a day: a fetch's first bucket (from its start_time) or its last (to now)
        boolean shortDay = daily && (b.start != dayStart || b.end != Long.MIN_VALUE && b.end < dayStart + DAY);
        for (int i = 0; i < b.rows.size(); i++) {
            Row r = b.rows.get(i);
            r.day = day;
            r.millis = b.start * 1000;
            r.end = b.end;
            r.at = b.at;
            r.shortDay = shortDay;
            r.period = width;
            r.slot = Math.floorDiv(b.start, width);
            out.result(r, b.lines.get(i));
        }
    }

    /** One bucket, read in any field order: its results wait for its start time. */
    private static final class Bucket {
        boolean seen;
        String at = "";
        long line;
        long start = Long.MIN_VALUE;
        long end = Long.MIN_VALUE;
        final List<Row> rows = new ArrayList<>();
        final List<Long> lines = new ArrayList<>();

        /**
         * The width its own times say: {@link #DAY} for one wider than an hour, {@link #HOUR} or {@link #MINUTE} for
         * a whole aligned hour or minute away from midnight UTC; 0 when they do not say (a short first or last
         * bucket, one at midnight, no end time).
         */
        long ownWidth() {
            if (start == Long.MIN_VALUE || end == Long.MIN_VALUE || end <= start) {
                return 0;
            }
            long w = end - start;
            if (w > HOUR) {
                return DAY;
            }
            if (Math.floorMod(start, DAY) == 0 || Math.floorMod(end, DAY) == 0) {
                return 0;
            }
            return w == HOUR && Math.floorMod(start, HOUR) == 0 ? HOUR
                    : w == MINUTE && Math.floorMod(start, MINUTE) == 0 ? MINUTE : 0;
        }

        /**
         * The width of a bucket whose own width does not say it and that no other bucket tells: a whole aligned hour
         * or minute is one; else one that starts or ends at midnight UTC is the short first or last bucket of a day;
         * else a minute or an hour by its width. Without an end time: an hour or minute by its start (as it is
         * dated in the zone).
         */
        long guessedWidth() {
            if (start == Long.MIN_VALUE) {
                return DAY; // refused when emitted
            }
            if (end == Long.MIN_VALUE || end <= start) {
                return Math.floorMod(start, HOUR) == 0 ? HOUR : MINUTE;
            }
            long w = end - start;
            if (w == HOUR && Math.floorMod(start, HOUR) == 0 || w == MINUTE && Math.floorMod(start, MINUTE) == 0) {
                return w;
            }
            if (Math.floorMod(start, DAY) == 0 || Math.floorMod(end, DAY) == 0) {
                return DAY;
            }
            return w <= MINUTE ? MINUTE : HOUR;
        }

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
    }

    private static Row result(JsonParser p, Ctx c, String at) throws IOException {
        Row r = new Row();
        r.reset();
        String user = null;
        String key = null;
        String project = null;
        List<String> grouping = null;
        String name;
        while ((name = c.nextField(p, at)) != null) {
            String path = at + "." + name;
            JsonToken t = p.currentToken();
            if (grouping(name, t)) {
                // a grouping value (object, user_id, model, batch, service_tier, region, ...), never a name
                String v = p.getText();
                if (grouping == null) {
                    grouping = new ArrayList<>(4);
                }
                grouping.add(name.length() + ":" + name + "=" + v.length() + ":" + v);
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
        if (grouping == null) {
            r.identity = "";
        } else {
            Collections.sort(grouping);
            r.identity = String.join(";", grouping);
        }
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
