package dev.goodhart.csv;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.source.SourceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rows with a time of day are samples, summed, never duplicates; so a re-export appended to a file of such rows (the
 * last weeks again, each stamped {@code T00:00:00Z}) would count twice without a word. A reviewer found it: the
 * organisation GAMED 98.8 instead of WATCH 46, three steady or honest teams DIVERGING. Rows that repeat an earlier one
 * exactly (the same date-time as written, segment, metric and value) are now named in a warning.
 */
class CsvTimedRepeatsTest {
    private static final LocalDate START = LocalDate.of(2025, 3, 3);

    @TempDir
    Path dir;

    private List<String> warnings(String csv) throws IOException, SourceException {
        return SourceWarnings.of(CsvMetrics.defaults().source(Files.writeString(dir.resolve("timed.csv"), csv)));
    }

    /** Daily rows stamped at midnight UTC for two teams, 30 days; the last {@code again} days appended once more. */
    private static String file(int again, boolean wide) {
        StringBuilder b = new StringBuilder(wide ? "date,segment,tokens,cycle_time\n" : "date,segment,metric,value\n");
        for (int pass = 0; pass < 2; pass++) {
            for (int t = pass == 0 ? 0 : 30 - again; t < 30; t++) {
                for (String team : List.of("a", "b")) {
                    String at = START.plusDays(t) + "T00:00:00Z," + team;
                    if (wide) {
                        b.append(at).append(',').append(100 + t).append(',').append(2.5).append('\n');
                    } else {
                        b.append(at).append(",tokens,").append(100 + t).append('\n');
                        b.append(at).append(",cycle_time,2.5\n");
                    }
                }
            }
        }
        return b.toString();
    }

    @Test
    void aReExportAppendedIsNamed() throws Exception {
        assertThat(warnings(file(0, false))).isEmpty();
        assertThat(warnings(file(0, true))).isEmpty();
        // 3 days of 2 teams and 2 metrics again, from line 122 (the header, then 120 rows)
        assertThat(warnings(file(3, false))).containsExactly("12 rows with a time of day repeat an earlier row's "
                + "date-time, segment and metric (12 with the same value too; lines 122, 123, 124, 125, 126, ...), in "
                + "a file whose other rows come one a day for each segment and metric: rows with a time of day are "
                + "samples and are summed, so a copy (a re-export appended to the file) counts twice; remove the "
                + "copies, or write the rows by date to have a second one refused");
        assertThat(warnings(file(1, true))).singleElement().asString().startsWith("2 rows with a time of day repeat "
                + "an earlier row's date-time, segment and metric (2 with the same value too; lines 62, 63), ");
    }

    /**
     * Local midnights of Europe/London written in UTC: 00:00 in winter, 23:00 of the day before in summer. Read in
     * UTC every summer row falls on the day before its own; the warning names the two times and the switches, and
     * says to give the zone. Rows sorted by team then day, so that each switch day is met once per team.
     */
    @Test
    void localMidnightsWrittenInUtcAreNamed() throws Exception {
        StringBuilder b = new StringBuilder("date,segment,metric,value\n");
        java.time.ZoneId london = java.time.ZoneId.of("Europe/London");
        for (String team : List.of("a", "b")) {
            for (LocalDate d = LocalDate.of(2025, 1, 1); d.getYear() == 2025; d = d.plusDays(1)) {
                String at = d.atStartOfDay(london).toInstant().toString();
                b.append(at).append(',').append(team).append(",tokens,").append(d.getDayOfMonth()).append('\n');
            }
        }
        assertThat(warnings(b.toString())).containsExactly("the rows' times of day (UTC) are 00:00 and 23:00, "
                + "switching on 2025-03-31, 2025-10-27: local midnights of a zone with daylight saving time, written "
                + "in UTC? Read in UTC, the rows at 23:00 fall on the day before their own (a Monday's use on the "
                + "Sunday before); give the zone they were written in (for example --zone Europe/London, whose "
                + "midnights are at UTC+1 and UTC) to read them as its days");
        // the same rows read with the zone, or midnights of a zone without daylight saving time: nothing to say
        Path file = Files.writeString(dir.resolve("london.csv"), b.toString());
        assertThat(SourceWarnings.of(CsvMetrics.builder().zone(london).build().source(file))).isEmpty();
        StringBuilder tokyo = new StringBuilder("date,segment,metric,value\n");
        for (LocalDate d = LocalDate.of(2025, 1, 1); d.getYear() == 2025; d = d.plusDays(1)) {
            tokyo.append(d.atStartOfDay(java.time.ZoneId.of("Asia/Tokyo")).toInstant()).append(",a,tokens,5\n");
        }
        assertThat(warnings(tokyo.toString())).isEmpty();
    }

    @Test
    void samplesThatDifferInTimeTeamMetricOrValueAreNotRepeats() throws Exception {
        StringBuilder b = new StringBuilder("date,segment,metric,value\n");
        for (int h = 0; h < 24; h++) {
            String at = String.format("2025-03-03T%02d:00:00Z", h);
            b.append(at).append(",a,tokens,100\n"); // the same value every hour
            b.append(at).append(",b,tokens,100\n"); // and in another team
            b.append(at).append(",a,prompts,100\n"); // and another metric
        }
        b.append("2025-03-03T00:00:00Z,a,tokens,100\n"); // the very same sample again: samples repeat
        assertThat(warnings(b.toString())).isEmpty();
        // events stamped to the minute, one row each (value 1): two in one minute are two events, not a copy
        StringBuilder events = new StringBuilder("date,segment,metric,value\n");
        for (int d = 0; d < 20; d++) {
            for (int e = 0; e < 30; e++) {
                events.append(START.plusDays(d)).append(String.format("T09:%02d:00Z,a,prompts,1%n", e % 7));
            }
        }
        assertThat(warnings(events.toString())).isEmpty();
    }

    /** US midnights written in UTC fall on their own UTC day: nothing to say; Berlin's all fall a day early. */
    @Test
    void localMidnightsWestOfUtcAreTheirOwnDaysAndEastOfItEveryRowIsEarly() throws Exception {
        assertThat(warnings(midnights("America/New_York", LocalDate.of(2025, 1, 1), 365))).isEmpty();
        assertThat(warnings(midnights("Europe/Berlin", LocalDate.of(2025, 1, 1), 365))).singleElement().asString()
                .startsWith("the rows' times of day (UTC) are 22:00 and 23:00, switching on ")
                .contains("Read in UTC, every row falls on the day before its own")
                // the example fits the times found: 22:00 and 23:00 are Central Europe's midnights, not London's
                // (helper-173 followed "--zone Europe/London" and read every row a day early, without a warning)
                .contains("(for example --zone Europe/Berlin, whose midnights are at UTC+2 and UTC+1)");
        assertThat(warnings(midnights("Australia/Sydney", LocalDate.of(2025, 1, 1), 365))).singleElement().asString()
                .contains("(for example --zone Australia/Sydney, whose midnights are at UTC+11 and UTC+10)");
        // London from 10 March: a first run of three weeks, then seven months a day early
        assertThat(warnings(midnights("Europe/London", LocalDate.of(2025, 3, 10), 300))).singleElement().asString()
                .contains("switching on 2025-03-31, 2025-10-27");
    }

    private static String midnights(String zone, LocalDate from, int days) {
        StringBuilder b = new StringBuilder("date,segment,metric,value\n");
        for (int t = 0; t < days; t++) {
            b.append(from.plusDays(t).atStartOfDay(java.time.ZoneId.of(zone)).toInstant()).append(",a,tokens,5\n");
        }
        return b.toString();
    }

    /**
     * Date-times written with an offset whose day in UTC is another (local midnights in Tokyo, late evenings in New
     * York) are read in UTC, as documented, and said so; those on their own UTC day, read with a zone, or written in
     * UTC are not (a fuzzing helper's Tokyo midnights: weeks read from Sundays, a week near the date in neither window).
     */
    @Test
    void dateTimesWhoseDayInUtcIsAnotherAreNamed() throws IOException, SourceException {
        StringBuilder tokyo = new StringBuilder("date,segment,metric,value\n");
        StringBuilder noon = new StringBuilder("date,segment,metric,value\n");
        StringBuilder evening = new StringBuilder("date,segment,metric,value\n");
        for (int t = 0; t < 30; t++) {
            tokyo.append(START.plusDays(t)).append("T00:00:00+09:00,a,tokens,5\n");
            noon.append(START.plusDays(t)).append("T12:00:00+09:00,a,tokens,5\n");
            evening.append(START.plusDays(t)).append("T23:30:00-05:00,a,tokens,5\n");
        }
        assertThat(warnings(tokyo.toString())).containsExactly("30 of 30 date-times written with an offset other than "
                + "UTC fall on another day in UTC than their own (2025-03-03T00:00:00+09:00 is 2025-03-02 in UTC) and "
                + "are read on that day; give the zone they were written in (for example --zone +09:00) to read "
                + "them on their own days");
        assertThat(warnings(evening.toString())).singleElement().asString()
                .contains("(2025-03-03T23:30:00-05:00 is 2025-03-04 in UTC)");
        assertThat(warnings(noon.toString())).isEmpty();
        // Berlin's midnights written with their own offsets (+01:00, +02:00): one warning, not also the one for
        // midnights of a daylight-saving zone written in UTC
        StringBuilder berlin = new StringBuilder("date,segment,metric,value\n");
        for (LocalDate d = LocalDate.of(2025, 1, 1); d.getYear() == 2025; d = d.plusDays(1)) {
            berlin.append(d.atStartOfDay(java.time.ZoneId.of("Europe/Berlin")).toOffsetDateTime())
                    .append(",a,tokens,5\n");
        }
        assertThat(warnings(berlin.toString())).singleElement().asString().startsWith("365 of 365 date-times written "
                + "with an offset other than UTC")
                // both offsets seen: a zone with daylight saving time, not the first row's +01:00, which would read
                // every summer row a day early (helper-175)
                .contains("(for example --zone Europe/Berlin, whose offsets are UTC+2 and UTC+1)");
        assertThat(warnings(evening.toString())).singleElement().asString().contains("(for example --zone -05:00)");
        Path file = Files.writeString(dir.resolve("tokyo.csv"), tokyo);
        assertThat(SourceWarnings.of(CsvMetrics.builder().zone(java.time.ZoneId.of("Asia/Tokyo")).build()
                .source(file))).isEmpty();
    }
}
