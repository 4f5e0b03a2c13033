package dev.goodhart.aiusage.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayDeque;
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
 * <p>A bucket's width. OpenAI's buckets of a fetch are contiguous and aligned to UTC (days from midnight), but the
 * first starts at the fetch's {@code start_time} and the last ends at its {@code end_time} or the time of the fetch
 * (the API reference: start_time inclusive, end_time exclusive; the cookbook's completions_usage_api.ipynb shows day
 * buckets 1736616660 to 1736640000, 17:31 to midnight, and 1739145600 to 1739208663, midnight to the fetch). So a
 * short day bucket is a fetch's first, ending at midnight, or its last, starting at midnight. In order:
 * <ol>
 *   <li>its own times: wider than an hour is a day bucket; a whole aligned hour or minute away from midnight UTC is
 *       one; without {@code end_time}, a start a day, hour or minute before the next bucket's (or after the last
 *       one's, of that width), on such a boundary, says that width;</li>
 *   <li>a whole aligned hour at midnight UTC is an hour, unless it is the cut end of a day fetch: 23:00 to midnight
 *       followed directly (the next bucket starts at its end) by a day bucket and not preceded directly by a shorter
 *       one (a day fetch from 23:00 UTC, midnight in UTC+1); midnight to 01:00 preceded directly by a day bucket and
 *       not followed directly by one of an hour or less (a day fetch to 01:00 UTC);</li>
 *   <li>another (a short first or last bucket, a whole minute at midnight) takes the width of the bucket of its own
 *       fetch next to it: the next one for a bucket cut at its start (ending on the hour, not starting on it), else
 *       the one before it if it ends where this one starts, else the next one if it starts where this one ends;</li>
 *   <li>else the width of the last bucket before it in its page that said one, else of the next in its page, else of
 *       the last read before;</li>
 *   <li>else a guess ({@link Bucket#guessedWidth()}), reported ({@link Results#guessed}) for the read's notes.</li>
 * </ol>
 * Buckets whose width waits for the next are held (at most {@value #MAX_HELD}, far more than OpenAI's output
 * needs) until a bucket after them says one, or {@link #end()}. One instance per read; not thread-safe.
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

    /** The most buckets held for a width (a run of buckets none of which says one: not OpenAI's output). */
    private static final int MAX_HELD = 64;

    private final ZoneId zone;
    private final Results out;
    /** Buckets read whose width waits for the buckets after them, in reading order. */
    private final ArrayDeque<Bucket> held = new ArrayDeque<>();
    /** The last bucket handed on, with its width; null before one. */
    private Bucket last;
    /** The width of the last bucket handed on whose width was told (not guessed), 0 before one; and its page. */
    private long told;
    private int toldPage;
    /** The number of the page being read (1 for the first {@code data} array); 0 for a bucket alone. */
    private int pages;

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

        /**
         * A bucket whose width ({@link #DAY}, {@link #HOUR} or {@link #MINUTE}) neither its times nor the buckets
         * around it told, so it was guessed ({@link Bucket#guessedWidth()}); called before {@link #bucket}.
         */
        void guessed(long width, long line);
    }

    /**
     * Reads the top-level object the parser is on: a page (its buckets) or a bucket. A bucket whose width its own
     * times do not say is held until a bucket after it does (or {@link #end}).
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
                int number = ++pages;
                int i = 0;
                JsonToken t;
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    String at = "data[" + i++ + "]";
                    if (t != JsonToken.START_OBJECT) {
                        throw c.error(p, at, "expected a bucket object, found " + Ctx.describe(p));
                    }
                    Bucket inner = new Bucket();
                    inner.at = at;
                    inner.page = number;
                    inner.line = p.currentTokenLocation().getLineNr();
                    String f;
                    while ((f = c.nextField(p, at)) != null) {
                        inner.field(p, c, at + "." + f, f);
                    }
                    arrive(inner, c);
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
            arrive(b, c);
        } else if (!page) {
            throw c.recordError("not OpenAI usage data: a page has data, a bucket has start_time and results");
        }
    }

    /** Hands on the buckets still held, at the end of the input. */
    public void end() throws IOException {
        while (!held.isEmpty()) {
            decide();
        }
    }

    /** A bucket read: checked, then held with the others whose width waits, and what can be decided handed on. */
    private void arrive(Bucket b, Ctx c) throws IOException {
        check(b, c);
        Bucket before = held.peekLast();
        if (before != null && before.end == Long.MIN_VALUE) {
            before.own = spacing(before.start, b.start);
        }
        b.own = b.ownWidth();
        held.addLast(b);
        while (!held.isEmpty() && (held.peekFirst().own != 0 || held.size() > MAX_HELD || saysAfterFirst())) {
            decide();
        }
    }

    /** Whether a held bucket after the first says its width. */
    private boolean saysAfterFirst() {
        boolean first = true;
        for (Bucket h : held) {
            if (!first && h.own != 0) {
                return true;
            }
            first = false;
        }
        return false;
    }

    /**
     * The width that the starts of two buckets one after the other say of the first, which has no {@code end_time}:
     * {@link #DAY}, {@link #HOUR} or {@link #MINUTE} when the second starts that much later and the first on such a
     * boundary; else 0.
     */
    private static long spacing(long start, long next) {
        long gap = next - start;
        return (gap == DAY || gap == HOUR || gap == MINUTE) && Math.floorMod(start, gap) == 0 ? gap : 0;
    }

    /**
     * Decides the width of the first held bucket and hands it on. In order: its own times ({@link Bucket#ownWidth()},
     * or without {@code end_time} the spacing of its start and the next bucket's or the last one's); for a whole
     * aligned hour at midnight UTC, an hour unless it is the cut end of a day fetch (OpenAI starts a fetch's first
     * bucket at its {@code start_time} and ends its last at its {@code end_time}, or the time of the fetch): 23:00 to
     * midnight followed directly by a day bucket and not preceded directly by a shorter one, midnight to 01:00
     * preceded directly by a day bucket and not followed directly by one of an hour or less; for another, the width of
     * the bucket of its own fetch next to it (the one after a bucket cut at its start, else the one before, else the
     * one after); else the width of the last bucket before it in its page that said one, else of the next in its page,
     * else of the last read before; else a guess, which {@link Results#guessed} reports.
     */
    private void decide() throws IOException {
        Bucket b = held.removeFirst();
        Bucket next = held.peekFirst();
        Bucket prev = last;
        long w = b.own;
        boolean guessed = false;
        if (w == 0 && b.end == Long.MIN_VALUE && prev != null && b.start - prev.start == prev.width
                && Math.floorMod(b.start, prev.width) == 0) {
            w = prev.width; // the last of a fetch without end_time: the one before it, one width earlier
        }
        if (w == 0 && b.wholeHourAtMidnight()) {
            boolean afterShorter = prev != null && prev.endOr() == b.start && prev.width != DAY;
            boolean beforeDay = next != null && next.start == b.end && next.own == DAY;
            boolean afterDay = prev != null && prev.endOr() == b.start && prev.width == DAY;
            boolean beforeShort = next != null && next.start == b.end && next.span() > 0 && next.span() <= HOUR;
            w = Math.floorMod(b.end, DAY) == 0 ? (beforeDay && !afterShorter ? DAY : HOUR)
                    : (afterDay && !beforeShort ? DAY : HOUR);
        }
        Bucket ahead = null;
        for (Bucket h : held) {
            if (h.own != 0) {
                ahead = h;
                break;
            }
        }
        if (w == 0 && b.end != Long.MIN_VALUE) {
            boolean nextJoins = next != null && next.start == b.end;
            boolean prevJoins = prev != null && prev.endOr() == b.start;
            boolean cutAtStart = Math.floorMod(b.end, HOUR) == 0 && Math.floorMod(b.start, HOUR) != 0;
            if (cutAtStart && nextJoins && ahead != null) {
                w = ahead.own; // a fetch's first bucket, from its start_time: its fetch goes on after it
            } else if (prevJoins) {
                w = prev.width;
            } else if (nextJoins && ahead != null) {
                w = ahead.own;
            }
        }
        if (w == 0) {
            if (told != 0 && toldPage == b.page && b.page != 0) {
                w = told;
            } else if (ahead != null && ahead.page == b.page && b.page != 0) {
                w = ahead.own;
            } else if (told != 0) {
                w = told;
            } else {
                w = b.guessedWidth();
                guessed = true;
            }
        }
        b.width = w;
        last = b;
        if (!guessed) {
            told = w;
            toldPage = b.page;
        } else {
            out.guessed(w, b.line);
        }
        emit(b, w);
    }

    /** Refuses a bucket without a start time, with one before 1970 or after 9999, or an end not after its start. */
    private static void check(Bucket b, Ctx c) {
        String at = b.at.isEmpty() ? "" : b.at + ".";
        if (b.start == Long.MIN_VALUE || b.start < 0) {
            throw new dev.goodhart.model.InvalidDataException(c.source(), b.line, 0, "field " + at + "start_time: "
                    + "missing (each bucket starts at a time, in seconds since 1970)");
        }
        if (b.start > 253_402_300_799L) {
            throw new dev.goodhart.model.InvalidDataException(c.source(), b.line, 0, "field " + at + "start_time: "
                    + "expected seconds since 1970 before the year 10000, found " + b.start);
        }
        if (b.end != Long.MIN_VALUE && b.end <= b.start) {
            throw new dev.goodhart.model.InvalidDataException(c.source(), b.line, 0, "field " + at + "end_time: "
                    + "expected a time after start_time (" + b.start + "), found " + b.end);
        }
    }

    /**
     * A bucket's results, dated: a day bucket ({@code width} {@link #DAY}) by its start's date in UTC, whatever the
     * zone; a shorter one by the day its start falls on in the zone. Each result's slot is the day, hour or minute
     * its bucket starts in, so that a short bucket and a whole one of the same period are one period.
     */
    private void emit(Bucket b, long width) throws IOException {
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
        b.rows.clear(); // held no longer than needed: the bucket stays as the last one handed on
        b.lines.clear();
    }

    /** One bucket, read in any field order: its results wait for its start time and its width. */
    private static final class Bucket {
        boolean seen;
        String at = "";
        int page;
        long line;
        long start = Long.MIN_VALUE;
        long end = Long.MIN_VALUE;
        /** The width its own times say ({@link #ownWidth()}; without an end, the spacing to the next), 0 if none. */
        long own;
        /** The width it was read at, once decided. */
        long width;
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

        /** Whether it is a whole aligned hour that starts or ends at midnight UTC (00:00 to 01:00, 23:00 to 00:00). */
        boolean wholeHourAtMidnight() {
            return end != Long.MIN_VALUE && end - start == HOUR && Math.floorMod(start, HOUR) == 0
                    && (Math.floorMod(start, DAY) == 0 || Math.floorMod(end, DAY) == 0);
        }

        /** Its width in seconds as its times say: end minus start, else {@link #own}; 0 when unknown. */
        long span() {
            return end != Long.MIN_VALUE ? end - start : own;
        }

        /** Its end, or without one the end of the period of its decided width that it starts in. */
        long endOr() {
            return end != Long.MIN_VALUE ? end : (Math.floorDiv(start, width) + 1) * width;
        }

        /**
         * The width of a bucket whose own width does not say it and that no other bucket tells: a whole aligned hour
         * or minute is one; else one that starts or ends at midnight UTC is the short first or last bucket of a day;
         * else a minute or an hour by its width. Without an end time: a day bucket when it starts at midnight UTC
         * (OpenAI's default width, {@code 1d}, and its days start there), else an hour or a minute by its start.
         */
        long guessedWidth() {
            if (end == Long.MIN_VALUE || end <= start) {
                return Math.floorMod(start, DAY) == 0 ? DAY : Math.floorMod(start, HOUR) == 0 ? HOUR : MINUTE;
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
