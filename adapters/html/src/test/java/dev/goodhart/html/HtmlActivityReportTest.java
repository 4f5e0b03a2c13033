package dev.goodhart.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.activity.ActivityEvent;
import dev.goodhart.activity.ActivityLog;
import dev.goodhart.activity.ActivityReport;
import dev.goodhart.activity.ActivityScorer;
import dev.goodhart.activity.DailyActivityScorer;
import dev.goodhart.activity.DailyUsage;
import dev.goodhart.activity.DailyUsageLog;
import dev.goodhart.activity.EventAccount;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** A usage log scored alone as one self-contained page, with a chart for each flagged actor. */
class HtmlActivityReportTest {
    static final String HOSTILE_ACTOR = "<script>alert('actor')</script>";
    static final String HOSTILE_TEAM = "team \"<b>&</b>\"";

    /** Twelve people and a scripted pinger with a hostile name, in a team with a hostile name. */
    static ActivityReport eventReport() {
        ActivityLog log = ActivityLog.create();
        SplittableRandom r = new SplittableRandom(8);
        Instant start = Instant.parse("2025-03-03T08:00:00Z");
        for (int a = 0; a < 12; a++) {
            long t = start.toEpochMilli();
            for (int i = 0; i < 120; i++) {
                t += 60_000L * (1 + r.nextInt(240));
                log.accept(new ActivityEvent(Instant.ofEpochMilli(t), "person-" + a, 200 + r.nextInt(2000),
                        HOSTILE_TEAM, String.format(Locale.ROOT, "%08x:%016x%08x", r.nextInt(), r.nextLong(),
                        r.nextInt()), null, r.nextBoolean() ? "PR-" + i : null));
            }
        }
        for (int i = 0; i < 2000; i++) {
            log.accept(new ActivityEvent(start.plusSeconds(300L * i), HOSTILE_ACTOR, 35, HOSTILE_TEAM,
                    "0000abcd:" + "1".repeat(24), null, null));
        }
        EventAccount.Tally tally = new EventAccount.Tally("events <x>.csv", "line");
        tally.used();
        tally.skipped("with <b>bad</b> rows", 3);
        return ActivityScorer.defaults().score(log).withInput(tally.account());
    }

    /** Twelve people and a bot account with a hostile name, one record per user and day. */
    static ActivityReport dayReport() {
        DailyUsageLog log = DailyUsageLog.create();
        SplittableRandom r = new SplittableRandom(9);
        LocalDate start = LocalDate.of(2025, 9, 1);
        for (int d = 0; d < 28; d++) {
            for (int p = 0; p < 12; p++) {
                if (d % 7 < 5) {
                    long prompts = 1 + r.nextInt(40);
                    log.accept(DailyUsage.builder(start.plusDays(d), "dev-" + p).segment(HOSTILE_TEAM)
                            .prompts(prompts).acceptances(r.nextInt((int) prompts + 1)).build());
                }
            }
            log.accept(DailyUsage.builder(start.plusDays(d), HOSTILE_ACTOR).segment(HOSTILE_TEAM).prompts(200)
                    .acceptances(0).build());
        }
        return DailyActivityScorer.defaults().score(log);
    }

    @Test
    void everyFlaggedActorGetsItsReasonsAndAChart() {
        ActivityReport a = eventReport();
        assertThat(a.flagged()).hasSize(1);
        String html = HtmlReport.render(a);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<h1>Goodhart activity report</h1>")
                .contains("flagged when its score is 50 or more").contains("<table id=\"actors\" class=\"sortable\">");
        assertThat(html.split("<svg class=\"actor-chart\"", -1)).hasSize(2);
        assertThat(html).contains("Events per hour of the day and tokens per event of")
                .contains("<circle class=\"tpe\"").contains("<path class=\"peers\"").contains("diversity (z ");
        String days = HtmlReport.render(dayReport());
        assertThat(days.split("<svg class=\"actor-chart\"", -1)).hasSize(2);
        assertThat(days).contains("Days by daily count of").contains("steady-days (z ").contains("user-days");
    }

    /** Counts with their digits grouped, as the text report writes them; the tables sort on the numbers. */
    @Test
    void countsAreGroupedAndSortOnTheirNumbers() {
        String html = HtmlReport.render(eventReport());
        assertThat(html).contains("<p class=\"meta\">3,440 events, 13 actors, 1 flagged")
                .contains("<td class=\"num opt\" data-sort=\"2000\">2,000</td>")
                .contains("<td class=\"num opt\" data-sort=\"70000\">70,000</td>");
    }

    @Test
    void hostileNamesStayTextAndThePageNeedsNothingRemote() {
        for (String html : new String[] {HtmlReport.render(eventReport()), HtmlReport.render(dayReport())}) {
            assertThat(html).doesNotContain(HOSTILE_ACTOR).doesNotContain("<b>&</b>").doesNotContain("<b>bad</b>");
            assertThat(html).contains("&lt;script&gt;alert(&#39;actor&#39;)&lt;/script&gt;")
                    .contains("team &quot;&lt;b&gt;&amp;&lt;/b&gt;&quot;");
            Matcher scripts = Pattern.compile("<script").matcher(html);
            int count = 0;
            while (scripts.find()) {
                count++;
            }
            assertThat(count).as("only the page's own sorting script").isEqualTo(1);
            assertThat(html).doesNotContain(" src=\"").doesNotContain(" href=").doesNotContain("url(")
                    .doesNotContain("https://");
            assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http://");
        }
        assertThat(HtmlReport.render(eventReport())).contains("events &lt;x&gt;.csv");
    }

    @Test
    void anEmptyLogStillMakesAPage() {
        String html = HtmlReport.render(ActivityReport.EMPTY);
        assertThat(html).contains("0 events, 0 actors, 0 flagged").endsWith("</html>\n");
    }
}
