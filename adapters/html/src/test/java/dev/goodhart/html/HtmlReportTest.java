package dev.goodhart.html;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Frame;
import dev.goodhart.Goodhart;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.model.Observation;
import dev.goodhart.activity.ActivityEvent;
import dev.goodhart.activity.ActivityLog;
import dev.goodhart.activity.ActivityScorer;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class HtmlReportTest {
    static final String HOSTILE_SEGMENT = "<script>alert('seg')</script>";
    static final String HOSTILE_PROXY = "tokens\"><img src=x onerror=alert(1)>";
    static final String HOSTILE_ACTOR = "bot & <b>\"friends\"</b>";

    /** A weekly organisation with hostile names: two gamed segments, one honest, gaps in the data. */
    static Fixture fixture() {
        IntegrityModel model = IntegrityModel.builder()
                .proxy(HOSTILE_PROXY, "tokens & <units>")
                .outcome("cycle 'time'", Direction.LOWER, "days")
                .link(HOSTILE_PROXY, "cycle 'time'")
                .intervention(LocalDate.of(2025, 1, 6), "quota <announced> & \"enforced\"")
                .granularity(Granularity.WEEK)
                .build();
        List<Observation> obs = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(1);
        String[] segments = {HOSTILE_SEGMENT, "gamed & co", "honest", "steady-1", "steady-2"};
        for (int s = 0; s < segments.length; s++) {
            double a = 0;
            for (int w = 0; w < 104; w++) {
                LocalDate d = LocalDate.of(2024, 1, 1).plusWeeks(w);
                a = 0.5 * a + 0.1 * r.nextGaussian();
                double work = 1 + a;
                double dummy = s < 2 && w >= 53 ? 1.0 : 0;
                if (s == 2 && w % 17 == 5) {
                    continue; // a gap: missing weeks must break the line, not draw zeros
                }
                obs.add(new Observation(d, segments[s], HOSTILE_PROXY, 1000 * (work * (1 + 0.03 * r.nextGaussian()) + dummy)));
                obs.add(new Observation(d, segments[s], "cycle 'time'", 5 * Math.pow(work, -0.6) * (1 + 0.03 * r.nextGaussian())));
            }
        }
        Frame frame = Frame.of(model, obs);
        ActivityLog log = ActivityLog.create();
        Instant start = Instant.parse("2025-03-03T08:00:00Z");
        for (int a = 0; a < 12; a++) {
            long t = start.toEpochMilli();
            for (int i = 0; i < 60; i++) {
                t += 60_000L * (1 + r.nextInt(240));
                log.accept(new ActivityEvent(Instant.ofEpochMilli(t), "person-" + a, 200 + r.nextInt(2000), "honest",
                        String.format(Locale.ROOT, "%08x:%016x%08x", r.nextInt(), r.nextLong(), r.nextInt()), null,
                        r.nextBoolean() ? "PR-" + i : null));
            }
        }
        for (int i = 0; i < 300; i++) {
            log.accept(new ActivityEvent(start.plusSeconds(300L * i), HOSTILE_ACTOR, 35, "honest",
                    "0000abcd:" + "1".repeat(24), null, null));
        }
        IntegrityReport report = Goodhart.score(model, frame).withActivity(ActivityScorer.defaults().score(log));
        return new Fixture(report, frame);
    }

    record Fixture(IntegrityReport report, Frame frame) {
    }

    @Test
    void hostileNamesStayText() {
        Fixture f = fixture();
        String html = HtmlReport.render(f.report(), f.frame());
        assertThat(html).doesNotContain(HOSTILE_SEGMENT).doesNotContain("<img").doesNotContain("<b>\"friends")
                .doesNotContain("quota <announced>");
        assertThat(html).contains("&lt;script&gt;alert(&#39;seg&#39;)&lt;/script&gt;")
                .contains("tokens&quot;&gt;&lt;img src=x onerror=alert(1)&gt;")
                .contains("bot &amp; &lt;b&gt;&quot;friends&quot;&lt;/b&gt;")
                .contains("quota &lt;announced&gt; &amp; &quot;enforced&quot;");
        Matcher scripts = Pattern.compile("<script").matcher(html);
        int count = 0;
        while (scripts.find()) {
            count++;
        }
        assertThat(count).as("only the report's own sorting script").isEqualTo(1);
    }

    @Test
    void opensOfflineWithNoRemoteResources() {
        Fixture f = fixture();
        String html = HtmlReport.render(f.report(), f.frame());
        assertThat(html).doesNotContain(" src=\"").doesNotContain(" href=").doesNotContain("@import")
                .doesNotContain("url(").doesNotContain("https://");
        assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http://");
    }

    @Test
    void flaggedPairsGetChartsWithWindowsInterventionAndGaps() {
        Fixture f = fixture();
        String html = HtmlReport.render(f.report(), f.frame());
        assertThat(f.report().flagged()).isNotEmpty();
        int svgs = html.split("<svg ", -1).length - 1;
        int actorCharts = html.split("<svg class=\"actor-chart\"", -1).length - 1;
        long shown = f.report().pairs().stream()
                .filter(p -> p.verdict().flagged() || p.segment().equals(dev.goodhart.model.Segments.ALL)).count();
        assertThat(svgs - actorCharts).isEqualTo(shown); // every flagged pair and the organisation
        assertThat(actorCharts).isEqualTo(f.report().activity().flagged().size()); // and every flagged actor
        assertThat(html).contains("rect class=\"baseline\"").contains("rect class=\"recent\"")
                .contains("line class=\"intervention\"").contains("index, baseline = 100")
                .contains("class=\"cp\"").contains("period start (weekly)");
        assertThat(html).contains("<table id=\"summary\" class=\"sortable\">");
        assertThat(html).contains("<h2>Activity</h2>");
    }

    @Test
    void missingPeriodsBreakTheLineInsteadOfDrawingZeros() {
        Fixture f = fixture();
        IntegrityReport onlyHonest = new IntegrityReport(f.report().model(), f.report().firstPeriod(),
                f.report().lastPeriod(), f.report().segmentCount(), f.report().pairs().stream()
                .filter(p -> p.segment().equals("honest")).map(p -> new dev.goodhart.report.PairResult(p.proxy(), p.outcome(),
                        p.segment(), 80, dev.goodhart.report.Verdict.GAMED, p.variants(), p.findings(), p.notes(),
                        p.recentFrom())).toList());
        String html = HtmlReport.render(onlyHonest, f.frame());
        Matcher m = Pattern.compile("<path class=\"proxy\" d=\"([^\"]*)\"").matcher(html);
        assertThat(m.find()).isTrue();
        long moves = m.group(1).chars().filter(c -> c == 'M').count();
        assertThat(moves).as("one segment per run of observed weeks").isGreaterThanOrEqualTo(6);
    }
}
