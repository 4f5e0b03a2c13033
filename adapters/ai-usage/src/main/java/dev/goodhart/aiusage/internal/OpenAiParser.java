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
 * short day bucket is a fetch's first, ending at midnight, or its last, starting at midnight, and a day fetch's buckets,
 * two or more, each start or end at midnight. In order:
 * <ol>
 *   <li>its own times: wider than an hour is a day bucket; a whole aligned hour or minute away from midnight UTC is
 *       one; without {@code end_time}, a start a day, hour or minute before the next bucket's (or after the last
 *       one's, of that width), on such a boundary, says that width;</li>
 *   <li>one of an hour or less at midnight UTC (a day fetch's cut first or last bucket, or an hour or minute bucket)
 *       waits for the end of its page and the buckets next to it in time, read before or after it, whatever their
 *       order in the input ({@link #judge}): its page's other buckets say its width where they say one; else a whole
 *       aligned hour or minute is its own width, except 23:00 (23:59) to midnight where a day bucket starts at its end
 *       and no bucket of an hour or less ends at its start (a day fetch from a local midnight east of UTC), and
 *       midnight to 01:00 (00:01) where a day bucket ends at its start, the read's day fetches start at 01:00 (00:01)
 *       and no bucket of an hour or less starts at its end (a day fetch of the local days of UTC-1); another takes the
 *       width of the bucket of its own fetch next to it (a day bucket starting at its end, or ending at its start; else
 *       one of an hour or less); else a guess. A width told by the buckets next to it is reported
 *       ({@link Results#inferred}) for the read's notes;</li>
 *   <li>another (away from midnight: a short first or last bucket of an hour or minute fetch) takes the width of the
 *       bucket of its own fetch next to it: the next one for a bucket cut at its start (ending on the hour, not
 *       starting on it), else the one before it if it ends where this one starts, else the next one if it starts where
 *       this one ends; else the width of the last bucket before it in its page that said one, else of the next in its
 *       page, else of the last read before; never a day's, with an {@code end_time}, for one of an hour or less;</li>
 *   <li>else a guess ({@link Bucket#guessedWidth()}), reported ({@link Results#guessed}) for the read's notes.</li>
 * </ol>
 * Buckets whose width waits are held until the buckets read after them say it, or {@link #end()}: at most
 * {@value #MAX_HELD} away from midnight (waiting for the next), and {@value #MAX_HELD} at midnight (waiting for their
 * neighbours in time), far more than OpenAI's output needs; past that the first held is decided with what was read.
 * Buckets at midnight that will be day buckets unless a later one says otherwise (a day fetch's first, cut at 23:00)
 * are held to the end of the read, a couple per day fetch, as the reader holds short day buckets. One instance per
 * read; not thread-safe.
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

    /** The most buckets held for a width at once, in each of the two queues (more than OpenAI's output needs). */
    private static final int MAX_HELD = 64;

    /** How a bucket at midnight UTC got its width ({@link Bucket#how}). */
    private static final int OWN = 0;
    private static final int PAGE = 1;
    private static final int NEXT_TO = 2;
    private static final int GUESS = 3;
    /** {@link Bucket#pageWidth}: its page not read to its end yet; its page says no width (or it is alone). */
    private static final long OPEN = -1;
    private static final long NONE = 0;
    /** {@link Bucket#pageWidth}: its page holds a bucket of an hour or less away from midnight (an hour or minute fetch). */
    private static final long SHORTER = 1;

    private final ZoneId zone;
    private final Results out;
    /** Buckets away from midnight UTC whose width waits for the buckets after them, in reading order. */
    private final ArrayDeque<Bucket> held = new ArrayDeque<>();
    /**
     * Buckets of an hour or less at midnight UTC whose width waits for the buckets next to them in time (read before or
     * after them), in reading order; those that will be day buckets unless a bucket read later says otherwise
     * ({@link Bucket#tentative}) are not counted against {@link #MAX_HELD}: a couple per day fetch, held as its short
     * day buckets are.
     */
    private final List<Bucket> waiting = new ArrayList<>();
    /** The times at midnight UTC where the buckets read start and end. */
    private final Midnights seen = new Midnights();
    /** The last bucket read; null before one. */
    private Bucket arrived;
    /** The last bucket handed on from {@link #held}, with its width; null before one. */
    private Bucket last;
    /** The width of the last bucket handed on from {@link #held} whose width was told (not guessed), 0 before one; and its page. */
    private long told;
    private int toldPage;
    /** The number of the page being read (1 for the first {@code data} array); 0 for a bucket alone. */
    private int pages;
    /** Whether the page being read holds a day bucket (wider than an hour), and one of an hour or less away from midnight. */
    private boolean pageDay;
    private boolean pageShorter;

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

        /**
         * A bucket of an hour or less at midnight UTC whose width the buckets next to it in time told, not its own
         * times nor its page (a day fetch's first bucket cut at its {@code start_time}, read apart from the rest of its
         * fetch); called before {@link #bucket}.
         */
        void inferred(long width, long line);

        /**
         * A page's {@code has_more}: whether it says more pages of its fetch follow ({@code next_page}); a fetch read
         * whole ends with a page that says none do.
         */
        void page(boolean more, long line);
    }

    /**
     * Reads the top-level object the parser is on: a page (its buckets) or a bucket. A bucket whose width its own
     * times do not say is held until the buckets read after it tell it (or {@link #end}).
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
                pageDay = false;
                pageShorter = false;
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
                pageEnds(number);
            } else if (name.equals("has_more") && (p.currentToken() == JsonToken.VALUE_TRUE
                    || p.currentToken() == JsonToken.VALUE_FALSE)) {
                page = true;
                out.page(p.currentToken() == JsonToken.VALUE_TRUE, c.line());
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

    /** Hands on the buckets still held, at the end of the input, deciding with all the buckets read. */
    public void end() throws IOException {
        while (!held.isEmpty()) {
            decide();
        }
        settle(true);
    }

    /** A bucket read: checked, then held with the others whose width waits, and what can be decided handed on. */
    private void arrive(Bucket b, Ctx c) throws IOException {
        check(b, c);
        Bucket before = held.peekLast();
        if (before != null && before == arrived && before.end == Long.MIN_VALUE) {
            before.own = spacing(before.start, b.start);
        }
        arrived = b;
        b.own = b.ownWidth();
        boolean news = false;
        if (b.end != Long.MIN_VALUE) {
            news = seen.add(b.start, b.end);
            if (b.page != 0 && b.end - b.start > HOUR) {
                pageDay = true;
            } else if (b.page != 0 && !b.atMidnight()) {
                pageShorter = true;
            }
        }
        if (b.atMidnight()) {
            b.pageWidth = b.page == 0 ? NONE : OPEN;
            waiting.add(b);
            news = true;
        } else {
            held.addLast(b);
        }
        if (news) {
            settle(false);
        }
        while (!held.isEmpty() && (held.peekFirst().own != 0 || held.size() > MAX_HELD || saysAfterFirst())) {
            decide();
        }
    }

    /** The end of page {@code number}: what it says of the width of its buckets at midnight that wait. */
    private void pageEnds(int number) throws IOException {
        long says = pageDay && !pageShorter ? DAY : pageShorter && !pageDay ? SHORTER : NONE;
        boolean any = false;
        for (Bucket w : waiting) {
            if (w.page == number && w.pageWidth == OPEN) {
                w.pageWidth = says;
                any = true;
            }
        }
        if (any) {
            settle(false);
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
     * Hands on the buckets at midnight whose width the buckets read so far tell ({@link #judge}); at the end of the
     * read ({@code last}) all of them. Of more than {@link #MAX_HELD} waiting (tentative day buckets aside), the
     * first read is decided with what was read so far.
     */
    private void settle(boolean last) throws IOException {
        int open = 0;
        for (int i = 0; i < waiting.size(); i++) {
            Bucket b = waiting.get(i);
            long w = judge(b, last);
            if (w != 0) {
                waiting.remove(i--);
                handOn(b, w);
            } else if (!b.tentative) {
                open++;
            }
        }
        for (int i = 0; open > MAX_HELD && i < waiting.size(); i++) {
            Bucket b = waiting.get(i);
            if (!b.tentative) {
                waiting.remove(i--);
                handOn(b, judge(b, true));
                open--;
            }
        }
    }

    /** Hands on a bucket at midnight at the width decided, reporting a width told by its neighbours or guessed. */
    private void handOn(Bucket b, long w) throws IOException {
        if (b.how == GUESS) {
            out.guessed(w, b.line);
        } else if (b.how == NEXT_TO) {
            out.inferred(w, b.line);
        }
        emit(b, w);
    }

    /**
     * The width of a bucket of an hour or less that starts or ends at midnight UTC ({@link Bucket#atMidnight()}):
     * a day fetch's first bucket cut at its {@code start_time} (23:00 to midnight is the first of a fetch from midnight
     * in UTC+1), or its last cut at its {@code end_time} or the time of the fetch, or an hour or minute bucket. 0 while
     * it waits for buckets not read yet; {@code last} (the end of the read, or too many waiting) decides with what
     * was read. Sets {@link Bucket#how} and {@link Bucket#tentative}. In order:
     * <ol>
     *   <li>its page, once read to its end: one that holds a bucket wider than an hour is a day fetch's, one that holds
     *       a bucket of an hour or less away from midnight an hour or minute fetch's (a day fetch's buckets, two or
     *       more, each touch midnight); one that holds both says nothing;</li>
     *   <li>a whole aligned hour or minute ending at midnight (23:00 or 23:59 to midnight): its own width where a
     *       bucket of an hour or less ends at its start (its own fetch's, or another fetch's to it); else a day bucket
     *       where one wider than an hour starts at its end, read before or after it (tentative until the end of the
     *       read); else its own width;</li>
     *   <li>a whole aligned hour or minute from midnight (to 01:00 or 00:01): its own width, unless a bucket wider than
     *       an hour ends at its start and the read's day fetches start at its end's time of day (a day bucket from
     *       01:00 to midnight: fetches of the local days of UTC-1) and no bucket of an hour or less starts at its end
     *       (tentative until the end of the read);</li>
     *   <li>another (a short first bucket ending at midnight, a short last one from it) takes the width of the bucket
     *       of its own fetch next to it: a day bucket wider than an hour that starts at its end (ends at its start),
     *       else an hour or minute where one of an hour or less does;</li>
     *   <li>else a guess ({@link Bucket#guessedWidth()}).</li>
     * </ol>
     */
    private long judge(Bucket b, boolean last) {
        b.tentative = false;
        if (b.pageWidth == OPEN && !last) {
            // a page says a width once read to its end (a page written by hand may hold two fetches); but a whole
            // aligned hour or minute next to a bucket of an hour or less (one ending at its start, or starting at its
            // end), in a page of an hour or minute fetch (it holds one away from midnight), is its own width now: the
            // page can then say no other, and the rules after it say this. Held to its page's end, each day's midnight
            // hour of an hourly export came after the hours of the days after it, and every such export was read twice
            boolean touches = Math.floorMod(b.end, DAY) == 0 ? seen.shorterEndsAt(b.start)
                    : seen.shorterStartsAt(b.end);
            if (pageShorter && b.whole() && touches) {
                b.how = OWN;
                return b.end - b.start;
            }
            return 0;
        }
        if (b.pageWidth == DAY || b.pageWidth == SHORTER) {
            b.how = PAGE;
            return b.pageWidth == DAY ? DAY : b.shorterWidth();
        }
        boolean toMidnight = Math.floorMod(b.end, DAY) == 0;
        long midnight = toMidnight ? b.end : b.start;
        if (b.whole()) {
            b.how = OWN;
            if (toMidnight ? seen.shorterEndsAt(b.start) : seen.shorterStartsAt(b.end)) {
                return b.end - b.start;
            }
            boolean day = toMidnight ? seen.dayStartsAt(midnight)
                    : seen.dayEndsAt(midnight) && seen.dayStartsAtTimeOfDay(b.end);
            if (day && !last) {
                b.tentative = true;
                return 0;
            }
            if (day) {
                b.how = NEXT_TO;
                return DAY;
            }
            return last ? b.end - b.start : 0;
        }
        b.how = NEXT_TO;
        if (toMidnight ? seen.dayStartsAt(midnight) : seen.dayEndsAt(midnight)) {
            return DAY;
        }
        if (toMidnight ? seen.shorterStartsAt(midnight) : seen.shorterEndsAt(midnight)) {
            return b.shorterWidth();
        }
        if (!last) {
            return 0;
        }
        b.how = GUESS;
        return b.guessedWidth();
    }

    /**
     * Decides the width of the first held bucket (away from midnight UTC, or without {@code end_time}) and hands it
     * on. In order: its own times ({@link Bucket#ownWidth()}, or without {@code end_time} the spacing of its start
     * and the next bucket's or the last one's); the width of the bucket of its own fetch next to it (the one after a
     * bucket cut at its start, else the one before, else the one after); else the width of the last bucket before it
     * in its page that said one, else of the next in its page, else of the last read before; else a guess, which
     * {@link Results#guessed} reports. One of an hour or less with an {@code end_time} is never a day bucket (a day
     * fetch's buckets, two or more, each touch midnight): a day from its neighbours is then an hour, or a minute for
     * one of a minute or less.
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
        if (w == DAY && b.end != Long.MIN_VALUE && b.end - b.start <= HOUR) {
            w = b.shorterWidth();
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
        /** For a bucket at midnight: what its page says of its width ({@link #OPEN}, {@link #NONE}, {@link #DAY}, {@link #SHORTER}). */
        long pageWidth;
        /** For a bucket at midnight: how its width was told ({@link #OWN}, {@link #PAGE}, {@link #NEXT_TO}, {@link #GUESS}). */
        int how;
        /** For a bucket at midnight: a day bucket at the end of the read unless a bucket read later says otherwise. */
        boolean tentative;
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
         * Whether it is of an hour or less, with an {@code end_time}, and starts or ends at midnight UTC: a day fetch's
         * cut first or last bucket, or an hour or minute bucket ({@link #judge}).
         */
        boolean atMidnight() {
            return end != Long.MIN_VALUE && end - start <= HOUR
                    && (Math.floorMod(start, DAY) == 0 || Math.floorMod(end, DAY) == 0);
        }

        /** Whether it is a whole aligned hour or minute. */
        boolean whole() {
            long w = end - start;
            return end != Long.MIN_VALUE && (w == HOUR || w == MINUTE) && Math.floorMod(start, w) == 0;
        }

        /** Its width as an hour or minute bucket: a minute for one of a minute or less, else an hour. */
        long shorterWidth() {
            return end != Long.MIN_VALUE && end - start <= MINUTE ? MINUTE : HOUR;
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
                case "end_time": {
                    seen = true;
                    long v = c.count(p, path);
                    end = v < 0 ? Long.MIN_VALUE : v; // null: no end_time, as where the field is absent
                    break;
                }
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
        long inputAudio = -1;
        long outputAudio = -1;
        boolean partsGiven = false;
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
                    r.inputTokens = c.requiredCount(p, path);
                    break;
                case "output_tokens":
                    r.outputTokens = c.requiredCount(p, path);
                    break;
                case "input_cached_tokens":
                    r.cachedTokens = c.count(p, path);
                    break;
                case "input_audio_tokens":
                    // in input_tokens or apart from it, by schema (below)
                    inputAudio = c.count(p, path);
                    break;
                case "output_audio_tokens":
                    outputAudio = c.count(p, path);
                    break;
                case "api_source":
                    // a field of the later schema only
                    partsGiven = true;
                    p.skipChildren();
                    break;
                case "num_model_requests":
                    r.requests = c.requiredCount(p, path);
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
                    // a part of the tokens (input_text_tokens, input_uncached_tokens, input_cache_write_12h_tokens,
                    // output_image_tokens, ...): only the later schema gives them
                    partsGiven |= name.startsWith("input_") && name.endsWith("_tokens")
                            || name.startsWith("output_") && name.endsWith("_tokens");
                    p.skipChildren();
            }
        }
        // the usage API's first schema counts audio apart from input_tokens and output_tokens (text only); its later
        // one (the current reference: "This includes text, audio, and image tokens") counts them in, parts or not.
        // Only the first can report more audio than input_tokens (a realtime user's 130,000 audio tokens beside 3,000
        // text ones): only there is audio added
        boolean audioApart = !partsGiven && (inputAudio > r.inputTokens || outputAudio > r.outputTokens);
        if (audioApart) {
            r.inputTokens = Row.add(r.inputTokens, inputAudio);
            r.outputTokens = Row.add(r.outputTokens, outputAudio);
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
