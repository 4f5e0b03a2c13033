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

    /**
     * Values near the largest double (a helper's file with 1.7e308 tokens on one day, which the reader accepts) chart
     * like any others: the axis was computed in sums that overflowed to infinity, and its gridlines' loop never ended
     * (the run died out of memory).
     */
    @Test
    void valuesNearTheLargestDoubleChartWithFiniteGridlines() {
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "days").link("tokens", "cycle_time")
                .intervention(LocalDate.of(2025, 1, 6), "quota").granularity(Granularity.WEEK).build();
        List<Observation> obs = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(2);
        for (int s = 0; s < 3; s++) {
            for (int w = 0; w < 60; w++) {
                LocalDate d = LocalDate.of(2024, 6, 3).plusWeeks(w);
                double tokens = s == 0 && w == 10 ? 1.7e308 : 1000 + r.nextInt(200);
                obs.add(new Observation(d, "team-" + s, "tokens", tokens));
                obs.add(new Observation(d, "team-" + s, "cycle_time", 5 + r.nextGaussian() * 0.2));
            }
        }
        IntegrityReport report = Goodhart.score(model, obs);
        String html = HtmlReport.render(report);
        assertThat(html).doesNotContain("NaN").doesNotContain("Infinity");
        assertThat(html.length()).isLessThan(2_000_000);
        assertThat(html).contains("class=\"grid\"");
    }

    @Test
    void hostileNamesStayText() {
        Fixture f = fixture();
        String html = HtmlReport.render(f.report());
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
        String html = HtmlReport.render(f.report());
        assertThat(html).doesNotContain(" src=\"").doesNotContain("@import").doesNotContain("url(")
                .doesNotContain("https://");
        assertThat(html).as("links only within the page").doesNotContainPattern(" href=\"[^#]");
        assertThat(html.replace("xmlns=\"http://www.w3.org/2000/svg\"", "")).doesNotContain("http://");
    }

    /** The renderer reads the report and nothing else: no frame, no statistics of its own. */
    @Test
    void theRendererTakesOnlyAReportAndComputesNoStatistics() throws Exception {
        for (java.lang.reflect.Method m : HtmlReport.class.getMethods()) {
            if (m.getDeclaringClass() == HtmlReport.class) {
                assertThat(m.getParameterTypes()).as(m.toString()).hasSize(1);
                assertThat(m.getParameterTypes()[0].getName()).isIn(IntegrityReport.class.getName(),
                        dev.goodhart.activity.ActivityReport.class.getName());
            }
        }
        try (java.io.InputStream in = HtmlReport.class.getResourceAsStream("HtmlReport.class")) {
            String bytes = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.ISO_8859_1);
            assertThat(bytes).as("HtmlReport refers to no statistics").doesNotContain("dev/goodhart/stats")
                    .doesNotContain("dev/goodhart/scoring").doesNotContain("dev/goodhart/model/Frame");
        }
    }

    /** A declared counting change is said in the summary and marked on the charts of its metric, with its label. */
    @Test
    void aDeclaredCountingChangeIsMarkedOnItsChartsAndNamedInTheLegend() {
        IntegrityReport live = fixture().report();
        IntegrityModel model = live.model().toBuilder().countingChange(new dev.goodhart.model.CountingChange(
                HOSTILE_PROXY, LocalDate.of(2025, 3, 5), 1.35, "new <tokenizer>")).build();
        IntegrityReport declared = new IntegrityReport(model, live.firstPeriod(), live.lastPeriod(),
                live.segmentCount(), live.pairs(), live.activity(), live.input());
        String html = HtmlReport.render(declared);
        long charts = live.pairs().stream().filter(p -> p.chart() != null).count();
        assertThat(charts).isPositive();
        // one line on each chart's proxy panel, none on the outcome panels; the week of Wednesday 5 March is 3 March's
        assertThat(html.split("class=\"countline\"", -1)).hasSize((int) charts + 1);
        assertThat(html).contains("counted x1.35 from 2025-03-05 (new &lt;tokenizer&gt;), shown divided back")
                .contains("the same use read 1.35 times higher in").doesNotContain("new <tokenizer>");
        assertThat(HtmlReport.render(live)).doesNotContain("countline\"");
    }

    @Test
    void aSummaryParagraphComesFirst() {
        Fixture f = fixture();
        String html = HtmlReport.render(f.report());
        int lede = html.indexOf("<p class=\"lede\">");
        assertThat(lede).isPositive().isLessThan(html.indexOf("<table id=\"summary\""));
        String summary = html.substring(lede, html.indexOf("</p>", lede));
        assertThat(summary).contains("Goodhart scored 5 segments on whether", "weekly data from 2024-01-01",
                "flagged", "Taken together, the organisation is", "The largest divergence is in");
        assertThat(html).contains("The table has 6 rows: the organisation as a whole (segment *, all segments "
                + "together) and the 5 segments.");
    }

    @Test
    void theOrganisationAndEveryPairAtWatchOrAboveGetCharts() {
        Fixture f = fixture();
        String html = HtmlReport.render(f.report());
        List<dev.goodhart.report.PairResult> shown = f.report().pairs().stream()
                .filter(p -> p.segment().equals("*") || p.verdict().compareTo(dev.goodhart.report.Verdict.WATCH) >= 0)
                .toList();
        assertThat(f.report().flagged()).isNotEmpty();
        assertThat(shown).allSatisfy(p -> assertThat(p.chart()).as(p.toString()).isNotNull());
        int panels = html.split("<svg class=\"panel\"", -1).length - 1;
        assertThat(panels).as("a proxy and an outcome panel per pair shown").isEqualTo(2 * shown.size());
        int sections = html.split("<section class=\"pair\"", -1).length - 1;
        assertThat(sections).isEqualTo(shown.size());
        int actorCharts = html.split("<svg class=\"actor-chart\"", -1).length - 1;
        assertThat(actorCharts).isEqualTo(f.report().activity().flagged().size()); // and every flagged actor
        assertThat(html).contains("rect class=\"baseline\"", "line class=\"intervention\"", "line class=\"mean\"",
                "class=\"cp\"", "<h2>Activity</h2>", "<table id=\"summary\" class=\"sortable\">");
        // a pair below WATCH gets no section and no chart, its notes listed after the sections, as the text report's
        assertThat(f.report().pairs()).filteredOn(p -> !p.segment().equals("*")
                && p.verdict().compareTo(dev.goodhart.report.Verdict.WATCH) < 0).allSatisfy(p -> {
                    assertThat(p.chart()).isNull();
                    assertThat(html).doesNotContain("<h3>" + p.segment() + " <span class=\"badge");
                    for (String note : p.notes()) {
                        // each note once, with the rows that have it
                        String others = html.substring(html.indexOf("<h2>Notes on the other rows</h2>"));
                        String escaped = com.google.common.html.HtmlEscapers.htmlEscaper().escape(note);
                        assertThat(others).containsPattern("<li>[^<]*\\b" + java.util.regex.Pattern.quote(p.segment())
                                + "\\b[^<]* <span class=\"badge [a-z-]+\">" + p.verdict() + "</span>: "
                                + java.util.regex.Pattern.quote(escaped) + "</li>");
                    }
                });
        assertThat(f.report().pairs()).anySatisfy(p -> assertThat(p.verdict().compareTo(
                dev.goodhart.report.Verdict.WATCH) < 0 && !p.notes().isEmpty()).isTrue());
    }

    /**
     * Use counted in a unit whose values come near the largest double (each team's weeks near 1e306, the
     * organisation's near 1e307): every window mean is finite, and nothing reads "Infinity" or "NaN". A fuzzed CSV
     * found the organisation's row saying "tokens rose Infinity%" (its window's sum overflowed).
     */
    @Test
    void useNearTheLargestDoubleReadsAsItIs() {
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "days").link("tokens", "cycle_time")
                .intervention(LocalDate.of(2025, 1, 6), "quota").granularity(Granularity.WEEK).build();
        List<Observation> obs = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(3);
        for (int s = 0; s < 5; s++) {
            for (int w = 0; w < 104; w++) {
                LocalDate d = LocalDate.of(2024, 1, 1).plusWeeks(w);
                double use = (s < 2 && w >= 53 ? 2 : 1) * (1 + 0.05 * r.nextGaussian());
                obs.add(new Observation(d, "team-" + s, "tokens", 1e306 * use));
                obs.add(new Observation(d, "team-" + s, "cycle_time", 5 * (1 + 0.03 * r.nextGaussian())));
            }
        }
        IntegrityReport report = Goodhart.score(model, obs);
        dev.goodhart.report.PairChart org = report.segment("*").orElseThrow().chart();
        assertThat(org.proxyBaselineMean()).isBetween(4e306, 6e306);
        assertThat(org.proxyRecentMean()).isBetween(6e306, 8e306);
        String html = HtmlReport.render(report);
        assertThat(html).doesNotContain("Infinity").doesNotContainPattern("\\bNaN\\b")
                .containsPattern("<p class=\"moved\">From before 2025-01-06 to since, tokens rose 4\\d% while");
        assertThat(report.toString()).doesNotContain("Infinity").doesNotContainPattern("\\bNaN\\b");
    }

    /** Each metric on its own axis, in its own unit, larger values higher up; the outcome's better direction named. */
    @Test
    void outcomesArePlottedOnTheirOwnAxisInTheirOwnUnit() {
        Fixture f = fixture();
        String html = HtmlReport.render(f.report());
        assertThat(html).contains("<b>cycle &#39;time&#39;</b> <span class=\"role\">(outcome; weekly mean, days; lower "
                + "is better)</span>");
        Matcher svg = Pattern.compile("aria-label=\"Chart 1b:[^\"]*\">(.*?)</svg>", Pattern.DOTALL).matcher(html);
        assertThat(svg.find()).isTrue();
        Matcher tick = Pattern.compile("<text class=\"tick\" x=\"\\d+\" y=\"([0-9.]+)\" text-anchor=\"end\">([^<]+)</text>")
                .matcher(svg.group(1));
        List<double[]> ticks = new ArrayList<>();
        while (tick.find()) {
            ticks.add(new double[] {Double.parseDouble(tick.group(1)), Double.parseDouble(tick.group(2))});
        }
        assertThat(ticks).hasSizeGreaterThanOrEqualTo(3);
        for (int i = 1; i < ticks.size(); i++) {
            assertThat(ticks.get(i)[0]).as("each larger value is drawn higher").isLessThan(ticks.get(i - 1)[0]);
            assertThat(ticks.get(i)[1]).isGreaterThan(ticks.get(i - 1)[1]);
        }
    }

    /** Findings in plain words first, their statistics on a line of their own. */
    @Test
    void findingsInPlainWordsFirstThenTheirStatistics() {
        Fixture f = fixture();
        String html = HtmlReport.render(f.report());
        Matcher li = Pattern.compile("<li><p class=\"plain\">([^<]*)</p><p class=\"stats\">([^<]*)</p></li>").matcher(html);
        int n = 0;
        while (li.find()) {
            n++;
            assertThat(li.group(1)).doesNotContain("q ", "one-sided p", "z = ", "t = ");
            assertThat(li.group(2)).contains(" q ");
        }
        assertThat(n).isGreaterThan(3);
        assertThat(html).contains("Newey-West (HAC) standard errors");
    }

    @Test
    void missingPeriodsBreakTheLineInsteadOfDrawingZeros() {
        Fixture f = fixture();
        dev.goodhart.report.PairResult honest = f.report().segment("honest").orElseThrow();
        Frame frame = f.frame();
        List<LocalDate> periods = new ArrayList<>();
        for (int i = 0; i < frame.periodCount(); i++) {
            periods.add(frame.period(i));
        }
        dev.goodhart.report.PairChart chart = new dev.goodhart.report.PairChart(periods,
                frame.series("honest", HOSTILE_PROXY), frame.series("honest", "cycle 'time'"), honest.recentFrom(), null,
                List.of(), 1000, 1100, 5, 5);
        IntegrityReport onlyHonest = new IntegrityReport(f.report().model(), f.report().firstPeriod(),
                f.report().lastPeriod(), f.report().segmentCount(), List.of(new dev.goodhart.report.PairResult(
                        honest.proxy(), honest.outcome(), honest.segment(), 80, dev.goodhart.report.Verdict.GAMED,
                        honest.variants(), honest.findings(), honest.notes(), honest.recentFrom(), chart)));
        String html = HtmlReport.render(onlyHonest);
        Matcher m = Pattern.compile("<path class=\"proxy\" d=\"([^\"]*)\"").matcher(html);
        assertThat(m.find()).isTrue();
        long moves = m.group(1).chars().filter(c -> c == 'M').count();
        assertThat(moves).as("one segment per run of observed weeks").isGreaterThanOrEqualTo(6);
    }

    /** A report saved before chart data was kept renders too, saying it has no chart for the pair. */
    @Test
    void aReportWithoutChartDataRendersWithoutCharts() {
        Fixture f = fixture();
        IntegrityReport bare = new IntegrityReport(f.report().model(), f.report().firstPeriod(),
                f.report().lastPeriod(), f.report().segmentCount(),
                f.report().pairs().stream().map(p -> p.withChart(null)).toList());
        String html = HtmlReport.render(bare);
        assertThat(html).doesNotContain("<svg class=\"panel\"").contains("carries no chart data");
    }

    /**
     * A control character in a name (an ESC from a terminal paste) is written as its escape, as the text report writes
     * it: raw it is a parse error in HTML (helper-173). Markup is escaped; tabs and line ends stay.
     */
    @Test
    void controlCharactersAreWrittenAsEscapes() {
        assertThat(HtmlReport.e("team\u001b[31m red")).isEqualTo("team\\x1b[31m red");
        assertThat(HtmlReport.e("<b>a\tb</b>")).isEqualTo("&lt;b&gt;a\tb&lt;/b&gt;");
        assertThat(HtmlReport.e("caf\u00e9")).isEqualTo("caf\u00e9");
    }
}
