package dev.goodhart.json;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import dev.goodhart.Goodhart;
import dev.goodhart.html.HtmlReport;
import dev.goodhart.model.Direction;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Observation;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import dev.goodhart.report.TextReport;
import dev.goodhart.report.Verdict;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The golden report, {@code src/test/resources/dev/goodhart/json/report-v1.json}: the saved report of a small fixed
 * organisation (a gamed team, a team at WATCH with a missing week, a healthy team), checked by the text, JSON and HTML
 * renderers alike.
 *
 * <ul>
 *   <li>the live report, written as JSON, is the file byte for byte (the scorer and the writer are unchanged);</li>
 *   <li>the file is valid against the published schema, and has the chart data for the organisation, the gamed team
 *       and the team at WATCH, and none for the healthy team;</li>
 *   <li>read back, it equals the live report, and the text and the HTML rendered from it equal those rendered from
 *       the live report.</li>
 * </ul>
 *
 * <p>Keep the file honest: it changes only on purpose. When a change is meant to change the report (a detector, the
 * wording, a new field), rewrite it from the live report with
 * {@code ./mvnw -pl adapters/json -am verify -Dtest=GoldenReportTest -Dsurefire.failIfNoSpecifiedTests=false
 * -Dgoodhart.golden.update=true}, read the diff, and commit it with the change that explains it. Without that
 * property this test never writes the file.
 */
class GoldenReportTest {
    private static final String RESOURCE = "/dev/goodhart/json/report-v1.json";
    private static final Path SOURCE = Path.of("src/test/resources/dev/goodhart/json/report-v1.json");
    static final String GAMED = "checkout";
    static final String WATCH = "search & ads";
    static final String HEALTHY = "payments";

    /** Tokens and cycle time of three teams, weekly for two years, a token quota announced half-way. */
    static IntegrityModel model() {
        return IntegrityModel.builder()
                .proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "days")
                .link("tokens", "cycle_time")
                .intervention(LocalDate.of(2025, 1, 6), "token quota announced")
                .granularity(Granularity.WEEK)
                .build();
    }

    /**
     * The gamed team adds scripted tokens after the quota while its cycle time stays; the team at WATCH uses more
     * tokens for more real work, its cycle time falling less than its tokens rise (and one week is missing); the
     * healthy team carries on as before.
     */
    static List<Observation> observations() {
        List<Observation> out = new ArrayList<>();
        SplittableRandom root = new SplittableRandom(22);
        team(out, root.split(), GAMED, 40_000, 6.0, 0);
        team(out, root.split(), WATCH, 50_000, 7.0, 1);
        team(out, root.split(), HEALTHY, 20_000, 3.0, 2);
        return out;
    }

    private static void team(List<Observation> out, SplittableRandom rnd, String name, double tokens, double cycle,
            int story) {
        double ar = 0;
        for (int week = 0; week < 104; week++) {
            boolean after = week >= 53;
            double ramp = after ? Math.min(1, (week - 52) / 26.0) : 0;
            ar = 0.5 * ar + 0.13 * gaussian(rnd);
            double work = (1 + ar) * (story == 1 ? 1 + 0.6 * ramp : 1);
            double genuine = tokens * work * (1 + 0.04 * gaussian(rnd));
            double dummy = story == 0 && after ? Math.min(1, (week - 52) / 8.0) * tokens * (0.5
                    + 0.9 * Math.abs(gaussian(rnd))) : 0;
            double ct = cycle * Math.pow(work, -0.6) * (1 + 0.04 * gaussian(rnd));
            LocalDate date = LocalDate.of(2024, 1, 1).plusWeeks(week);
            if (story == 1 && week == 70) {
                continue; // a missing week: null in the chart data
            }
            out.add(new Observation(date, name, "tokens", Math.round(genuine + dummy)));
            out.add(new Observation(date, name, "cycle_time", Math.round(ct * 100) / 100.0));
        }
    }

    private static double gaussian(SplittableRandom rnd) {
        double u = 1 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    static IntegrityReport live() {
        return Goodhart.score(model(), observations());
    }

    private static String golden() throws IOException {
        try (InputStream in = GoldenReportTest.class.getResourceAsStream(RESOURCE)) {
            assertThat(in).as(RESOURCE + " is on the test class path").isNotNull();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    @Test
    void theLiveReportWrittenAsJsonIsTheGoldenFile() throws IOException {
        String json = JsonReport.toJson(live()) + "\n";
        if (Boolean.getBoolean("goodhart.golden.update")) {
            Files.writeString(SOURCE, json);
            System.out.println("goodhart.golden.update: rewrote " + SOURCE.toAbsolutePath() + "; review the diff");
            return;
        }
        assertThat(json).as("JsonReport.toJson(live report) against " + SOURCE + " (rewrite on purpose with "
                + "-Dgoodhart.golden.update=true)").isEqualTo(golden());
    }

    @Test
    void theGoldenFileIsAValidReportOfAGamedAWatchAndAHealthyTeam() throws IOException {
        JsonSchema schema;
        try (InputStream in = JsonReport.class.getResourceAsStream(JsonReport.SCHEMA_RESOURCE)) {
            schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012).getSchema(in);
        }
        assertThat(schema.validate(new ObjectMapper().readTree(golden()))).isEmpty();
        IntegrityReport saved = JsonReport.read(new StringReader(golden()), "report-v1.json");
        assertThat(saved.segment(GAMED).orElseThrow().verdict()).isEqualTo(Verdict.GAMED);
        assertThat(saved.segment(WATCH).orElseThrow().verdict()).isEqualTo(Verdict.WATCH);
        assertThat(saved.segment(HEALTHY).orElseThrow().verdict()).isEqualTo(Verdict.HEALTHY);
        assertThat(saved.segment("*").orElseThrow().chart()).isNotNull();
        assertThat(saved.segment(GAMED).orElseThrow().chart()).isNotNull();
        PairResult watch = saved.segment(WATCH).orElseThrow();
        assertThat(watch.chart()).isNotNull();
        assertThat(watch.chart().proxy()[70]).as("the missing week").isNaN();
        assertThat(saved.segment(HEALTHY).orElseThrow().chart()).isNull();
    }

    @Test
    void readBackItIsTheLiveReportAndRendersTheSame() throws IOException {
        IntegrityReport live = live();
        IntegrityReport saved = JsonReport.read(new StringReader(golden()), "report-v1.json");
        assertThat(saved).isEqualTo(live);
        assertThat(TextReport.render(saved)).isEqualTo(TextReport.render(live));
        assertThat(HtmlReport.render(saved)).isEqualTo(HtmlReport.render(live));
        assertThat(JsonReport.toJson(saved) + "\n").isEqualTo(golden());
    }
}
