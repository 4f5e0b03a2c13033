package dev.goodhart.aiusage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.InvalidDataException;
import dev.goodhart.model.Observation;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * OpenAI usage buckets of mixed widths in one read: which width a bucket is read at (its own times first, then the
 * buckets of its own fetch around it), day buckets without {@code end_time}, a day export read with an hour export of
 * the same days, and the message for two whole day buckets with other counts. Inline data in the documented schema
 * ({@code organization.usage.bucket} with {@code start_time}, {@code end_time}, {@code results} of
 * {@code organization.usage.completions.result}).
 */
class OpenAiBucketWidthTest {
    private static final UsageExports UTC = UsageExports.defaults();
    private static final UsageExports NEW_YORK = UsageExports.builder().zone(ZoneId.of("America/New_York")).build();
    private static final UsageExports TOKYO = UsageExports.builder().zone(ZoneId.of("Asia/Tokyo")).build();
    /** 2025-10-01T00:00:00Z. */
    private static final long T0 = 1759276800L;
    private static final long D = 86_400;
    private static final long H = 3_600;
    private static final long M = 60;
    private static final UsageExports BERLIN = UsageExports.builder().zone(ZoneId.of("Europe/Berlin")).build();
    private static final UsageExports AZORES = UsageExports.builder().zone(ZoneId.of("Atlantic/Azores")).build();

    private static String result(String user, long requests) {
        return "{\"object\":\"organization.usage.completions.result\",\"input_tokens\":" + requests * 10
                + ",\"output_tokens\":0,\"num_model_requests\":" + requests + ",\"user_id\":\"" + user
                + "\",\"api_key_id\":null,\"project_id\":null}";
    }

    private static String bucket(long start, long end, String results) {
        return "{\"object\":\"bucket\",\"start_time\":" + start + ",\"end_time\":" + end + ",\"results\":[" + results
                + "]}";
    }

    private static String noEnd(long start, String results) {
        return "{\"object\":\"bucket\",\"start_time\":" + start + ",\"results\":[" + results + "]}";
    }

    private static String page(String... buckets) {
        return "{\"object\":\"page\",\"data\":[" + String.join(",", buckets) + "],\"has_more\":false,"
                + "\"next_page\":null}\n";
    }

    private static String lines(String... records) {
        return String.join("\n", records) + "\n";
    }

    private static String lines(List<String> records) {
        return lines(records.toArray(new String[0]));
    }

    /** Each bucket in a page of its own ({@code limit=1}). */
    private static String pages(List<String> buckets) {
        StringBuilder out = new StringBuilder();
        for (String b : buckets) {
            out.append(page(b));
        }
        return out.toString();
    }

    private static List<String> reversed(List<String> list) {
        List<String> out = new java.util.ArrayList<>(list);
        java.util.Collections.reverse(out);
        return out;
    }

    private static double requests(UsageRead read, String date, String user) {
        return read.observations().stream().filter(o -> o.date().equals(LocalDate.parse(date))
                && o.segment().equals(user) && o.metric().equals("requests")).mapToDouble(Observation::value)
                .findFirst().orElse(Double.NaN);
    }

    private static InvalidDataException failure(UsageExports exports, String text) {
        try {
            Samples.read(exports, text, "both.json", UsageSink.NONE);
        } catch (InvalidDataException e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }

    // 1. a day fetch and an hour fetch in one page or NDJSON: the hour from midnight UTC is an hour

    @Test
    void anHourBucketFromMidnightAfterDayBucketsIsAnHour() {
        String day1 = bucket(T0, T0 + D, result("u", 1));
        String day2 = bucket(T0 + D, T0 + 2 * D, result("u", 2));
        String midnight = bucket(T0 + 2 * D, T0 + 2 * D + H, result("u", 4));
        String one = bucket(T0 + 2 * D + H, T0 + 2 * D + 2 * H, result("u", 8));
        for (String text : List.of(page(day1, day2, midnight, one), lines(day1, day2, midnight, one),
                page(day1, day2) + page(midnight, one))) {
            UsageRead read = Samples.read(NEW_YORK, text);
            // 00:00Z and 01:00Z on 3 October are 20:00 and 21:00 on 2 October in New York
            assertThat(requests(read, "2025-10-01", "u")).isEqualTo(1);
            assertThat(requests(read, "2025-10-02", "u")).isEqualTo(2 + 4 + 8);
            assertThat(requests(read, "2025-10-03", "u")).isNaN();
            assertThat(read.notes()).contains("2 buckets of a day keep their own dates (OpenAI's days, from midnight "
                    + "UTC); the zone America/New_York applies to minute and hour buckets only.");
        }
    }

    // 2. a bucket of 23:00 to midnight UTC: a day bucket only as the first of a day fetch from 23:00 UTC

    @Test
    void anHourBucketEndingAtMidnightIsADayBucketOnlyWhereADayFollowsIt() {
        String days = lines(bucket(T0, T0 + D, result("u", 1)), bucket(T0 + D, T0 + 2 * D, result("u", 2)));
        // 23:00Z on 5 October is 08:00 on 6 October in Tokyo: an hour, dated in the zone (it was read as a day bucket
        // of 5 October, the width of the buckets read before it)
        String lone = bucket(T0 + 5 * D - H, T0 + 5 * D, result("u", 4));
        for (String text : List.of(days + lone + "\n", days + page(lone))) {
            UsageRead read = Samples.read(TOKYO, text);
            assertThat(requests(read, "2025-10-05", "u")).isNaN();
            assertThat(requests(read, "2025-10-06", "u")).isEqualTo(4);
            assertThat(read.notes()).contains("2 buckets of a day keep their own dates (OpenAI's days, from midnight "
                    + "UTC); the zone Asia/Tokyo applies to minute and hour buckets only.");
        }
        // a day fetch from 23:00Z (midnight in UTC+1): its first bucket is cut at start_time, and a day follows it
        String fromCet = lines(bucket(T0 + 5 * D - H, T0 + 5 * D, result("u", 4)),
                bucket(T0 + 5 * D, T0 + 6 * D, result("u", 16)));
        UsageRead cet = Samples.read(TOKYO, days + fromCet);
        assertThat(requests(cet, "2025-10-05", "u")).isEqualTo(4);
        assertThat(requests(cet, "2025-10-06", "u")).isEqualTo(16);
        // an hour fetch's last hour before midnight is an hour even where a day fetch from midnight follows it
        String hours = lines(bucket(T0 + 5 * D - 2 * H, T0 + 5 * D - H, result("u", 32)),
                bucket(T0 + 5 * D - H, T0 + 5 * D, result("u", 4)), bucket(T0 + 5 * D, T0 + 6 * D, result("u", 16)));
        UsageRead both = Samples.read(TOKYO, hours);
        // 22:00Z and 23:00Z on 5 October are 07:00 and 08:00 on 6 October in Tokyo; the day bucket is 6 October's
        assertThat(requests(both, "2025-10-05", "u")).isNaN();
        assertThat(requests(both, "2025-10-06", "u")).isEqualTo(32 + 4 + 16);
    }

    // 3. day buckets without end_time: dated by their UTC date where their starts say so, a guess noted

    @Test
    void dayBucketsWithoutEndTimeKeepTheirUtcDate() {
        String ndjson = lines(noEnd(T0, result("u", 1)), noEnd(T0 + D, result("u", 2)), noEnd(T0 + 2 * D,
                result("u", 4)));
        String paged = page(noEnd(T0, result("u", 1)), noEnd(T0 + D, result("u", 2)), noEnd(T0 + 2 * D,
                result("u", 4)));
        for (String text : List.of(ndjson, paged)) {
            UsageRead read = Samples.read(NEW_YORK, text);
            // they were hour buckets at midnight UTC, dated 30 September to 2 October in New York
            assertThat(requests(read, "2025-09-30", "u")).isNaN();
            assertThat(requests(read, "2025-10-01", "u")).isEqualTo(1);
            assertThat(requests(read, "2025-10-02", "u")).isEqualTo(2);
            assertThat(requests(read, "2025-10-03", "u")).isEqualTo(4);
            assertThat(read.notes()).contains("3 buckets of a day keep their own dates (OpenAI's days, from midnight "
                    + "UTC); the zone America/New_York applies to minute and hour buckets only.");
            assertThat(read.notes()).noneSatisfy(n -> assertThat(n).contains("could not be told"));
        }
        // hour buckets without end_time, an hour apart: hours, dated in the zone
        UsageRead hours = Samples.read(NEW_YORK, lines(noEnd(T0, result("u", 1)), noEnd(T0 + H, result("u", 2))));
        assertThat(requests(hours, "2025-09-30", "u")).isEqualTo(3);
        // alone, its width cannot be known: a start at midnight UTC is read as a day bucket, and a note says so
        UsageRead alone = Samples.read(NEW_YORK, "\n" + noEnd(T0, result("u", 1)) + "\n");
        assertThat(requests(alone, "2025-10-01", "u")).isEqualTo(1);
        assertThat(alone.notes()).contains("1 bucket's width could not be told from its times or the buckets around "
                + "it (no end_time, or a short bucket alone): read as a day bucket (line 2).");
        // "end_time": null is no end_time (it was refused: "expected a time after start_time (...), found -1")
        UsageRead nullEnd = Samples.read(NEW_YORK, "\n" + noEnd(T0, result("u", 1)).replace("\"start_time\"",
                "\"end_time\":null,\"start_time\"") + "\n");
        assertThat(requests(nullEnd, "2025-10-01", "u")).isEqualTo(1);
        assertThat(nullEnd.notes()).isEqualTo(alone.notes());
        UsageRead tenOClock = Samples.read(NEW_YORK, noEnd(T0 + 10 * H, result("u", 1)) + "\n");
        assertThat(requests(tenOClock, "2025-10-01", "u")).isEqualTo(1);
        assertThat(tenOClock.notes()).contains("1 bucket's width could not be told from its times or the buckets "
                + "around it (no end_time, or a short bucket alone): read as an hour bucket (line 1).");
        UsageRead two = Samples.read(UTC, lines(noEnd(T0, result("u", 1)), noEnd(T0 + 5 * D + 10 * H,
                result("u", 2)), noEnd(T0 + 9 * D, result("u", 4))));
        assertThat(two.notes()).contains("3 buckets' widths could not be told from their times or the buckets around "
                + "them (no end_time, or a short bucket alone): 2 read as day buckets, 1 as an hour bucket (first at "
                + "line 1).");
    }

    // 4. a day export and an hour export of the same days, read together: refused, naming both

    @Test
    void aDayExportAndAnHourExportOfTheSameDayAreRefused() {
        String days = page(bucket(T0, T0 + D, result("u", 10) + "," + result("v", 3)));
        String hours = page(bucket(T0 + 5 * H, T0 + 6 * H, result("w", 1)),
                bucket(T0 + 6 * H, T0 + 7 * H, result("u", 4)));
        // they were summed: 14 requests of u on 1 October
        InvalidDataException e = failure(UTC, days + hours);
        assertThat(e.source()).isEqualTo("both.json");
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.problem()).isEqualTo("the day 2025-10-01 (UTC) of one grouping (object="
                + "organization.usage.completions.result, user_id=u) is in a day bucket and in an hour bucket: line 1, "
                + "data[0], 2025-10-01T00:00:00Z to 2025-10-02T00:00:00Z, and line 2, data[1], 2025-10-01T06:00:00Z to "
                + "2025-10-01T07:00:00Z. A day export and an hour export of the same days, read together, would count "
                + "that use twice: Goodhart neither adds them up nor picks one; read one bucket_width (the day export or "
                + "the hour export) for the days they share");
        // the other way round: the hour bucket is named first
        InvalidDataException reversed = failure(UTC, hours + days);
        assertThat(reversed.line()).isEqualTo(2);
        assertThat(reversed.problem()).startsWith("the day 2025-10-01 (UTC) of one grouping (object="
                + "organization.usage.completions.result, user_id=u) is in an hour bucket and in a day bucket: line 1, "
                + "data[1], 2025-10-01T06:00:00Z to 2025-10-01T07:00:00Z, and line 2, data[0], 2025-10-01T00:00:00Z to "
                + "2025-10-02T00:00:00Z.");
        // minute buckets too
        String minutes = page(bucket(T0 + 300, T0 + 360, result("v", 1)));
        assertThat(failure(UTC, days + minutes).problem()).contains("is in a day bucket and in a minute bucket");
        // other groupings, or other days: no overlap
        String otherDay = page(bucket(T0 + D + 5 * H, T0 + D + 6 * H, result("u", 4)));
        UsageRead read = Samples.read(UTC, days + otherDay + page(bucket(T0 + 5 * H, T0 + 6 * H, result("w", 1))));
        assertThat(requests(read, "2025-10-01", "u")).isEqualTo(10);
        assertThat(requests(read, "2025-10-02", "u")).isEqualTo(4);
        // today so far in a day fetch (00:00 to 10:00) and the hours after it in an hour fetch: no overlap in time
        String todaySoFar = page(bucket(T0 + D, T0 + D + 10 * H, result("u", 5)));
        String later = page(bucket(T0 + D + 10 * H, T0 + D + 11 * H, result("u", 6)),
                bucket(T0 + D + 11 * H, T0 + D + 12 * H, result("u", 7)));
        assertThat(requests(Samples.read(UTC, todaySoFar + later), "2025-10-02", "u")).isEqualTo(18);
        // the hour of 09:00 is inside it: refused, naming both
        String nine = page(bucket(T0 + D + 9 * H, T0 + D + 10 * H, result("u", 6)));
        InvalidDataException inside = failure(UTC, todaySoFar + nine);
        assertThat(inside.line()).isEqualTo(2);
        assertThat(inside.problem()).startsWith("the day 2025-10-02 (UTC) of one grouping (object="
                + "organization.usage.completions.result, user_id=u) is in a day bucket and in an hour bucket: line 1, "
                + "data[0], 2025-10-02T00:00:00Z to 2025-10-02T10:00:00Z, and line 2, data[0], 2025-10-02T09:00:00Z to "
                + "2025-10-02T10:00:00Z.");
    }

    // 5. two whole day buckets with other counts: both are named with their place in their page

    @Test
    void twoWholeDayBucketsWithOtherCountsNameBothPlaces() {
        String first = page(bucket(T0 - D, T0, result("u", 1)), bucket(T0, T0 + D, result("u", 2)));
        String second = page(bucket(T0, T0 + D, result("u", 3)));
        InvalidDataException e = failure(UTC, first + second);
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.problem()).isEqualTo("a second whole bucket of the day 2025-10-01 (UTC) with the same grouping "
                + "(object=organization.usage.completions.result, user_id=u), with other counts than the first (line 1, "
                + "data[1], 2025-10-01T00:00:00Z to 2025-10-02T00:00:00Z): this one is line 2, data[0], "
                + "2025-10-01T00:00:00Z to 2025-10-02T00:00:00Z. Two fetches of the day with other counts (OpenAI may "
                + "still add late usage to a finished day)? Goodhart neither adds them up nor picks one: keep the bucket "
                + "of the newer fetch and drop the other");
    }

    // 6. buckets written on one line are named by their own place, however many share the line

    @Test
    void bucketsOnOneLineAreNamedByTheirOwnPlace() {
        String first = page(bucket(T0 - D, T0, result("u", 1)), bucket(T0, T0 + D, result("u", 2)));
        String second = page(bucket(T0, T0 + D, result("u", 3)), bucket(T0 + D, T0 + 2 * D, result("u", 5)));
        // two fetches in one JSON array on one line (json.dump of the pages): the earlier bucket is the first page's
        // data[1] (it was named data[0], the later bucket's place)
        InvalidDataException e = failure(UTC, "[" + first.strip() + "," + second.strip() + "]\n");
        assertThat(e.line()).isEqualTo(1);
        assertThat(e.problem()).startsWith("a second whole bucket of the day 2025-10-01 (UTC) with the same grouping "
                + "(object=organization.usage.completions.result, user_id=u), with other counts than the first (line 1, "
                + "data[1], 2025-10-01T00:00:00Z to 2025-10-02T00:00:00Z): this one is line 1, data[0], "
                + "2025-10-01T00:00:00Z to 2025-10-02T00:00:00Z.");
        // an hour fetch to 23:31Z and a day fetch from it, then 5,040 hours, all on one line: read as the same pages
        // one a line (the hour bucket 23:00 to 23:31 was sought among the last 4,096 buckets of its line, not found,
        // and taken for the whole hour: refused as overlapping the day bucket from 23:31)
        long t = T0 + D;
        List<String> objects = new java.util.ArrayList<>(List.of(page(bucket(t + 22 * H, t + 23 * H, result("u", 1)),
                bucket(t + 23 * H, t + 23 * H + 31 * 60, result("u", 2))), page(bucket(t + 23 * H + 31 * 60, t + D,
                result("u", 4)), bucket(t + D, t + 2 * D, result("u", 8)))));
        long november = T0 + 31 * D;
        for (int p = 0; p < 30; p++) {
            String[] hours = new String[168];
            for (int i = 0; i < 168; i++) {
                long s = november + (p * 168L + i) * H;
                hours[i] = bucket(s, s + H, result("u", 1));
            }
            objects.add(page(hours));
        }
        UsageRead ndjson = Samples.read(UTC, String.join("", objects));
        List<String> stripped = objects.stream().map(String::strip).toList();
        UsageRead oneLine = Samples.read(UTC, "[" + String.join(",", stripped) + "]\n");
        assertThat(oneLine.observations()).isEqualTo(ndjson.observations());
        assertThat(requests(ndjson, "2025-10-02", "u")).isEqualTo(1 + 2 + 4);
    }

    // 7. a whole minute at midnight UTC next to a day fetch is a minute, as the hour from midnight is an hour

    @Test
    void aWholeMinuteAtMidnightNextToADayFetchIsAMinute() {
        List<String> days = List.of(bucket(T0, T0 + D, result("u", 1)), bucket(T0 + D, T0 + 2 * D, result("u", 2)));
        List<String> minutes = List.of(bucket(T0 + 2 * D, T0 + 2 * D + M, result("u", 4)),
                bucket(T0 + 2 * D + M, T0 + 2 * D + 2 * M, result("u", 8)),
                bucket(T0 + 2 * D + 2 * M, T0 + 2 * D + 3 * M, result("u", 16)));
        List<String> all = new java.util.ArrayList<>(days);
        all.addAll(minutes);
        for (String text : List.of(page(days.toArray(new String[0])) + page(minutes.toArray(new String[0])), lines(all),
                pages(all), lines(reversed(all)))) {
            UsageRead read = Samples.read(NEW_YORK, text);
            // 00:00Z to 00:03Z on 3 October are 20:00 to 20:03 on 2 October in New York: no day of 3 October (it was
            // read as a day bucket, dated 3 October, and a covered day of zeros)
            assertThat(requests(read, "2025-10-01", "u")).isEqualTo(1);
            assertThat(requests(read, "2025-10-02", "u")).isEqualTo(2 + 4 + 8 + 16);
            assertThat(requests(read, "2025-10-03", "u")).isNaN();
            assertThat(read.notes()).contains("2 buckets of a day keep their own dates (OpenAI's days, from midnight "
                    + "UTC); the zone America/New_York applies to minute and hour buckets only.");
        }
        // a minute fetch to midnight UTC, then a day fetch from it: 23:58Z and 23:59Z on 2 October are 08:58 and 08:59
        // on 3 October in Tokyo (the 23:59 minute was read as the cut first bucket of a day fetch, dated 2 October)
        List<String> before = List.of(bucket(T0 + 2 * D - 2 * M, T0 + 2 * D - M, result("u", 4)),
                bucket(T0 + 2 * D - M, T0 + 2 * D, result("u", 8)), bucket(T0 + 2 * D, T0 + 3 * D, result("u", 16)));
        for (String text : List.of(page(before.get(0), before.get(1)) + page(before.get(2)), lines(before),
                pages(reversed(before)))) {
            UsageRead read = Samples.read(TOKYO, text);
            assertThat(requests(read, "2025-10-02", "u")).isNaN();
            assertThat(requests(read, "2025-10-03", "u")).isEqualTo(4 + 8 + 16);
        }
        // a day fetch from 23:59Z: its first bucket, a whole minute, is cut at start_time, and a day follows it
        List<String> fromLastMinute = List.of(bucket(T0 + 2 * D - M, T0 + 2 * D, result("u", 8)),
                bucket(T0 + 2 * D, T0 + 3 * D, result("u", 16)));
        for (String text : List.of(lines(fromLastMinute), lines(reversed(fromLastMinute)))) {
            UsageRead read = Samples.read(TOKYO, text);
            assertThat(requests(read, "2025-10-02", "u")).isEqualTo(8);
            assertThat(requests(read, "2025-10-03", "u")).isEqualTo(16);
            assertThat(read.notes()).contains("1 bucket of an hour or less at midnight UTC took its width from the "
                    + "buckets next to it in time, read before or after it (a fetch's first bucket, cut at its "
                    + "start_time, or its last, cut at its end; no page of its own says the width): read as a day bucket "
                    + "(line " + (text.startsWith(fromLastMinute.get(0)) ? 1 : 2) + ").");
        }
    }

    // 8. day fetches from a local midnight east of UTC, read in any order, as in order

    @Test
    void dayFetchesReadOutOfOrderReadAsInOrder() {
        // a Berlin user's daily fetches of two local days: start_time and end_time at 23:00Z (midnight in Berlin)
        long a = T0 + 35 * D - H; // 2025-11-04T23:00Z
        long b = a + D;
        List<String> first = List.of(bucket(a, a + H, result("u", 1)), bucket(a + H, a + H + D, result("u", 2)),
                bucket(a + H + D, a + 2 * D, result("u", 64)));
        List<String> second = List.of(bucket(b, b + H, result("u", 4)), bucket(b + H, b + H + D, result("u", 8)),
                bucket(b + H + D, b + 2 * D, result("u", 128)));
        List<String> all = new java.util.ArrayList<>(first);
        all.addAll(second);
        List<String> newestFirst = List.of(second.get(2), first.get(2), second.get(1), second.get(0), first.get(1),
                first.get(0));
        UsageRead inOrder = Samples.read(BERLIN, page(first.toArray(new String[0])) + page(second.toArray(
                new String[0])));
        assertThat(requests(inOrder, "2025-11-04", "u")).isEqualTo(1);
        assertThat(requests(inOrder, "2025-11-05", "u")).isEqualTo(2);
        assertThat(requests(inOrder, "2025-11-06", "u")).isEqualTo(8);
        assertThat(requests(inOrder, "2025-11-07", "u")).isEqualTo(128);
        // the 23:00Z buckets were hours (dated 5 and 6 November in Berlin), or the read was refused as a day export and
        // an hour export
        for (String text : List.of(lines(all), lines(newestFirst), lines(reversed(all)), pages(all), pages(reversed(all)),
                page(first.toArray(new String[0])) + pages(List.of(second.get(1), second.get(2), second.get(0))))) {
            UsageRead read = Samples.read(BERLIN, text);
            assertThat(read.observations()).isEqualTo(inOrder.observations());
        }
        assertThat(Samples.read(BERLIN, lines(newestFirst)).notes()).contains("2 buckets of an hour or less at "
                + "midnight UTC took their widths from the buckets next to them in time, read before or after them (a "
                + "fetch's first bucket, cut at its start_time, or its last, cut at its end; no page of their own says "
                + "the width): 2 read as day buckets (first at line 4).");
        assertThat(inOrder.notes()).noneSatisfy(n -> assertThat(n).contains("next to"));
    }

    // 9. the hour from midnight after a day fetch is an hour unless it is certainly the day fetch's last bucket

    @Test
    void aLoneHourFromMidnightAfterADayFetchIsAnHour() {
        String days = page(bucket(T0, T0 + D, result("u", 1)), bucket(T0 + D, T0 + 2 * D, result("u", 2)));
        String midnight = page(bucket(T0 + 2 * D, T0 + 2 * D + H, result("u", 4)));
        String one = page(bucket(T0 + 2 * D + H, T0 + 2 * D + 2 * H, result("u", 8)));
        // an hourly cron's first run after a day fetch: 00:00Z on 3 October is 20:00 on 2 October in New York (it was
        // a day bucket of 3 October, with no note, until the next hour arrived)
        for (String text : List.of(days + midnight, midnight + days)) {
            UsageRead read = Samples.read(NEW_YORK, text);
            assertThat(requests(read, "2025-10-02", "u")).isEqualTo(2 + 4);
            assertThat(requests(read, "2025-10-03", "u")).isNaN();
            assertThat(read.notes()).noneSatisfy(n -> assertThat(n).contains("next to"))
                    .noneSatisfy(n -> assertThat(n).contains("could not be told"));
        }
        assertThat(requests(Samples.read(NEW_YORK, days + midnight + one), "2025-10-02", "u")).isEqualTo(2 + 4 + 8);
        // after a day fetch from 01:00Z, an hour fetch from midnight: the hour after it says it is an hour
        String fromOne = page(bucket(T0 - 23 * H, T0, result("u", 16)), bucket(T0, T0 + D, result("u", 1)),
                bucket(T0 + D, T0 + 2 * D, result("u", 2)));
        for (String text : List.of(fromOne + midnight + one, one + midnight + fromOne)) {
            assertThat(requests(Samples.read(NEW_YORK, text), "2025-10-02", "u")).isEqualTo(2 + 4 + 8);
        }
        // an Azores user's day fetch of local days (UTC-1: 01:00Z to 01:00Z): its last bucket, 00:00 to 01:00, is a day
        // bucket, in its page or apart from it, in any order
        long a = T0 + 35 * D + H; // 2025-11-05T01:00Z
        List<String> fetch = List.of(bucket(a, a + 23 * H, result("u", 1)), bucket(a + 23 * H, a + 23 * H + D,
                result("u", 2)), bucket(a + 23 * H + D, a + 23 * H + 2 * D, result("u", 4)), bucket(a + 23 * H + 2 * D,
                a + 24 * H + 2 * D, result("u", 8)));
        UsageRead inPage = Samples.read(AZORES, page(fetch.toArray(new String[0])));
        assertThat(requests(inPage, "2025-11-08", "u")).isEqualTo(8);
        assertThat(inPage.notes()).noneSatisfy(n -> assertThat(n).contains("next to"));
        for (String text : List.of(pages(fetch), lines(reversed(fetch)), pages(reversed(fetch)))) {
            UsageRead read = Samples.read(AZORES, text);
            assertThat(read.observations()).isEqualTo(inPage.observations());
            assertThat(read.notes()).anySatisfy(n -> assertThat(n).startsWith("1 bucket of an hour or less at midnight "
                    + "UTC took its width from the buckets next to it in time").endsWith("read as a day bucket (line "
                    + (text.startsWith(page(fetch.get(0))) ? 4 : 1) + ")."));
        }
    }

    // 10. a bucket cut at its start (a fetch's first) takes the width of its own fetch, after it, not of the one before

    @Test
    void aBucketCutAtItsStartTakesTheWidthOfItsOwnFetch() {
        long t = T0 + D; // 2025-10-02T00:00Z
        // an hour fetch to 23:31Z, then a day fetch from 23:31Z (its first bucket, 29 minutes, cut at start_time)
        List<String> buckets = List.of(bucket(t + 22 * H, t + 23 * H, result("u", 1)), bucket(t + 23 * H,
                t + 23 * H + 31 * M, result("u", 2)), bucket(t + 23 * H + 31 * M, t + D, result("u", 4)),
                bucket(t + D, t + 2 * D, result("u", 8)));
        String text = page(buckets.get(0), buckets.get(1)) + page(buckets.get(2), buckets.get(3));
        for (String variant : List.of(text, lines(buckets), lines(reversed(buckets)), pages(reversed(buckets)))) {
            UsageRead read = Samples.read(TOKYO, variant);
            // 22:00Z and 23:00Z on 2 October are 07:00 and 08:00 on 3 October in Tokyo; 23:31Z to midnight is the day
            // bucket of 2 October (as an hour it was refused: a second result of the hour from 23:00)
            assertThat(requests(read, "2025-10-02", "u")).isEqualTo(4);
            assertThat(requests(read, "2025-10-03", "u")).isEqualTo(1 + 2 + 8);
            assertThat(read.notes()).noneSatisfy(n -> assertThat(n).contains("could not be told"));
        }
        assertThat(Samples.read(TOKYO, text).notes()).noneSatisfy(n -> assertThat(n).contains("next to"));
        // an hour fetch from 23:31Z: its first bucket, cut at start_time, is an hour (the hour from midnight follows it),
        // dated in the zone, and so is the last of one to 00:17Z (the hour to midnight before it)
        List<String> hours = List.of(bucket(t + 23 * H + 31 * M, t + D, result("u", 1)), bucket(t + D, t + D + H,
                result("u", 2)), bucket(t + D + H, t + D + H + 17 * M, result("u", 4)));
        List<String> toMidnight = List.of(bucket(t + 23 * H, t + D, result("v", 1)), bucket(t + D, t + D + 17 * M,
                result("v", 2)));
        for (String variant : List.of(lines(hours), lines(reversed(hours)), lines(toMidnight),
                lines(reversed(toMidnight)))) {
            UsageRead read = Samples.read(TOKYO, variant);
            assertThat(requests(read, "2025-10-02", "u")).isNaN();
            assertThat(requests(read, "2025-10-02", "v")).isNaN();
            assertThat(read.observations()).extracting(Observation::date).containsOnly(LocalDate.of(2025, 10, 3));
        }
        // apart from its page, the day bucket after it tells its width, and a note says so
        assertThat(Samples.read(TOKYO, lines(reversed(buckets))).notes()).contains("1 bucket of an hour or less at "
                + "midnight UTC took its width from the buckets next to it in time, read before or after it (a fetch's "
                + "first bucket, cut at its start_time, or its last, cut at its end; no page of its own says the width): "
                + "read as a day bucket (line 2).");
    }

    // 11. buckets whose width waits are held at most 64 at a time, in bounded memory

    @Test
    void bucketsWhoseWidthWaitsAreHeldAtMost64AtATime() throws java.io.IOException {
        // buckets whose width waits for the buckets after them (10:00 to 10:17: none says one), or next to them in time
        // (the hour from midnight: one after it may say it is a day fetch's last), of 4,000 days
        for (long[] times : new long[][] {{10 * H, 17 * M}, {0, H}}) {
            StringBuilder text = new StringBuilder();
            for (int k = 0; k < 4_000; k++) {
                text.append(bucket(T0 + k * D + times[0], T0 + k * D + times[0] + times[1], result("u", 1)))
                        .append('\n');
            }
            byte[] bytes = text.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            long[] consumed = {0};
            long[] firstAt = {-1};
            java.io.InputStream in = new java.io.FilterInputStream(new java.io.ByteArrayInputStream(bytes)) {
                @Override
                public int read(byte[] b, int off, int len) throws java.io.IOException {
                    int n = super.read(b, off, len);
                    consumed[0] += Math.max(n, 0);
                    return n;
                }
            };
            UsageRead read = UTC.read(in, "held.json", new UsageSink() {
                @Override
                public void day(dev.goodhart.activity.DailyUsage day) {
                    if (firstAt[0] < 0) {
                        firstAt[0] = consumed[0];
                    }
                }
            });
            assertThat(read.account().used()).isEqualTo(4_000);
            // the first was handed on while most of the input was still unread (it waited for the end of the read)
            assertThat(firstAt[0]).isPositive().isLessThan(bytes.length / 2);
        }
    }

    // 12. an hour export and a minute export of the same hour, read together: refused, naming both

    @Test
    void anHourExportAndAMinuteExportOfTheSameHourAreRefused() {
        String hours = page(bucket(T0 + 5 * H, T0 + 6 * H, result("u", 10)));
        String[] sixty = new String[60];
        for (int i = 0; i < 60; i++) {
            sixty[i] = bucket(T0 + 5 * H + i * M, T0 + 5 * H + (i + 1) * M, i < 10 ? result("u", 1) : "");
        }
        String minutes = page(sixty);
        // they were summed: 20 requests of u in the hour from 05:00
        InvalidDataException e = failure(UTC, hours + minutes);
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.problem()).isEqualTo("the hour from 2025-10-01T05:00:00Z of one grouping (object="
                + "organization.usage.completions.result, user_id=u) is in an hour bucket and in a minute bucket: line 1, "
                + "data[0], 2025-10-01T05:00:00Z to 2025-10-01T06:00:00Z, and line 2, data[0], 2025-10-01T05:00:00Z to "
                + "2025-10-01T05:01:00Z. An hour export and a minute export of the same hours, read together, would count "
                + "that use twice: Goodhart neither adds them up nor picks one; read one bucket_width (the hour export or "
                + "the minute export) for the hours they share");
        assertThat(failure(UTC, minutes + hours).problem()).startsWith("the hour from 2025-10-01T05:00:00Z of one "
                + "grouping (object=organization.usage.completions.result, user_id=u) is in a minute bucket and in an "
                + "hour bucket: line 1, data[0], 2025-10-01T05:00:00Z to 2025-10-01T05:01:00Z, and line 2, data[0], "
                + "2025-10-01T05:00:00Z to 2025-10-01T06:00:00Z.");
        // next to each other in time, not over each other: an hour fetch to 05:00 and a minute fetch from it; a minute
        // fetch to 05:17 and an hour fetch from 05:17 (its first bucket cut at start_time), in either order
        String before = page(bucket(T0 + 4 * H, T0 + 5 * H, result("u", 10)));
        assertThat(requests(Samples.read(UTC, before + minutes), "2025-10-01", "u")).isEqualTo(20);
        String[] seventeen = java.util.Arrays.copyOf(sixty, 17);
        String after = page(bucket(T0 + 5 * H + 17 * M, T0 + 6 * H, result("u", 100)), bucket(T0 + 6 * H, T0 + 7 * H,
                result("u", 1000)));
        for (String text : List.of(page(seventeen) + after, after + page(seventeen))) {
            assertThat(requests(Samples.read(UTC, text), "2025-10-01", "u")).isEqualTo(1110);
        }
        // other groupings: no overlap
        String other = page(bucket(T0 + 5 * H, T0 + 6 * H, result("v", 10)));
        assertThat(requests(Samples.read(UTC, other + minutes), "2025-10-01", "u")).isEqualTo(10);
    }

    /**
     * A page written by hand that holds an hour fetch and then a day fetch from a Berlin midnight: the day fetch's cut
     * first bucket (23:00 to midnight UTC) touches no hour bucket, so it waits for its page's end, which says nothing,
     * and the day bucket after it says its width (a reviewer: an early decision for any whole hour at midnight in a
     * page of hours had read it as an hour, merged into the next day). The hourly midnight buckets of an hour fetch
     * are decided as soon as the hour next to them is read.
     */
    @Test
    void aDayFetchsCutBucketInAPageOfHoursKeepsItsDay() {
        String h1 = bucket(T0 + 10 * H, T0 + 11 * H, result("u", 1));
        String h2 = bucket(T0 + 11 * H, T0 + 12 * H, result("u", 2));
        long a = T0 + 5 * D - H;
        String cut = bucket(a, a + H, result("u", 4));
        String d1 = bucket(a + H, a + H + D, result("u", 8));
        String d2 = bucket(a + H + D, a + H + 2 * D, result("u", 16));
        UsageRead one = Samples.read(BERLIN, page(h1, h2, cut, d1, d2));
        UsageRead two = Samples.read(BERLIN, page(h1, h2) + page(cut, d1, d2));
        for (UsageRead r : List.of(one, two)) {
            assertThat(requests(r, "2025-10-05", "u")).isEqualTo(4);
            assertThat(requests(r, "2025-10-06", "u")).isEqualTo(8);
        }
    }
}
