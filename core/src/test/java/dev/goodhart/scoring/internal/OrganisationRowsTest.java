package dev.goodhart.scoring.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.Goodhart;
import dev.goodhart.model.Direction;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Observation;
import dev.goodhart.model.Segments;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import dev.goodhart.scoring.Scorer;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * One stray row given for the organisation itself (an empty segment) replaces the segments' sum as its series: the
 * organisation's row says so instead of reading as too little data without a word; an organisation given every period
 * of its own, or none, is not named.
 */
class OrganisationRowsTest {
    private static final LocalDate START = LocalDate.of(2025, 1, 6);

    private static List<Observation> teams() {
        SplittableRandom r = new SplittableRandom(3);
        List<Observation> rows = new ArrayList<>();
        for (int s = 0; s < 6; s++) {
            for (int w = 0; w < 40; w++) {
                LocalDate d = START.plusWeeks(w);
                rows.add(new Observation(d, "team-" + s, "tokens", 1000 * (1 + 0.1 * r.nextGaussian())));
                rows.add(new Observation(d, "team-" + s, "cycle_time", 3 * (1 + 0.1 * r.nextGaussian())));
            }
        }
        return rows;
    }

    private static PairResult organisation(List<Observation> rows) {
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "days").link("tokens", "cycle_time")
                .granularity(Granularity.WEEK).intervention(START.plusWeeks(20), "quota").build();
        IntegrityReport report = Goodhart.score(model, rows);
        return report.pairs().stream().filter(p -> p.segment().equals(Segments.ALL)).findFirst().orElseThrow();
    }

    @Test
    void aStrayOrganisationRowIsNamed() {
        List<Observation> rows = teams();
        assertThat(organisation(rows).notes()).noneSatisfy(n -> assertThat(n).contains("rows given for the "
                + "organisation itself"));
        rows.add(new Observation(START.plusWeeks(25), "", "cycle_time", 5));
        assertThat(organisation(rows).notes()).contains("the organisation's cycle_time is the rows given for the "
                + "organisation itself (an empty segment or *), values in 1 period, where segment team-0 alone has 40: "
                + "without such rows it is the segments' sum (leave them out, or give every period)");
        // every period given for the organisation: its own series, nothing to say
        List<Observation> own = teams();
        for (int w = 0; w < 40; w++) {
            own.add(new Observation(START.plusWeeks(w), "*", "cycle_time", 3));
        }
        assertThat(organisation(own).notes()).noneSatisfy(n -> assertThat(n).contains("rows given for the "
                + "organisation itself"));
    }

    /**
     * Every period given for the organisation (unmapped users' use in a {@code GROUP BY team}, a NULL team): no
     * period is short, but the report's input account counts the rows and its sentence says that they replace the
     * segments' sum (a helper's organisation read 500 tokens a day instead of its teams' 340,000 without a word).
     */
    @Test
    void aFullSeriesOfOrganisationRowsIsCountedAndSaid() {
        List<Observation> rows = teams();
        for (int w = 0; w < 40; w++) {
            rows.add(new Observation(START.plusWeeks(w), null, "tokens", 500));
        }
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "days").link("tokens", "cycle_time")
                .granularity(Granularity.WEEK).intervention(START.plusWeeks(20), "quota").build();
        IntegrityReport report = Goodhart.score(model, rows);
        assertThat(report.input().count(dev.goodhart.model.InputAccount.Reason.ORGANISATION_ROW)).isEqualTo(40);
        assertThat(report.input().sentence()).contains("40 rows given for the organisation itself (an empty, NULL or "
                + "* segment), which replace the sum of the segments as the organisation's series of their metric");
        assertThat(Goodhart.score(model, teams()).input().count(dev.goodhart.model.InputAccount.Reason.ORGANISATION_ROW))
                .isZero();
    }

    /**
     * A team that gives its use and no outcome (a newcomer's platform team with tokens alone): its tokens count in the
     * organisation's, with no cycle time of its own, which moved an organisation DIVERGING 60 to WATCH 50 without a
     * word. The organisation's row says how many segments each of the two comes from, in memory, spilled, from the
     * live builder's frame of the organisation alone, and from a frame told the counts (a cluster's sums).
     */
    @Test
    void aSegmentWithOnlyTheProxyIsNamedOnTheOrganisationsRow(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        List<Observation> rows = teams();
        assertThat(organisation(rows).notes()).noneSatisfy(n -> assertThat(n).contains("different teams"));
        for (int w = 0; w < 40; w++) {
            rows.add(new Observation(START.plusWeeks(w), "platform", "tokens", 4000 + 200 * w));
            // rows of its cycle time without a value (an export's empty cells): no cycle time all the same
            rows.add(new Observation(START.plusWeeks(w), "platform", "cycle_time", Double.NaN));
        }
        String note = "the organisation's row reads tokens over 7 segments and cycle_time over 6, so it compares the "
                + "two over different teams: at least 1 segment gives tokens without cycle_time (give both for every "
                + "segment, or leave out the segments with only one)";
        assertThat(organisation(rows).notes()).contains(note);
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "days").link("tokens", "cycle_time")
                .granularity(Granularity.WEEK).intervention(START.plusWeeks(20), "quota").build();
        dev.goodhart.model.Frame memory = dev.goodhart.model.Frame.of(model, rows);
        assertThat(memory.organisationCount("tokens")).hasValue(7);
        assertThat(memory.organisationCount("cycle_time")).hasValue(6);
        dev.goodhart.model.Frame.Builder spilling = dev.goodhart.model.Frame.builder(model).spillTo(dir);
        rows.forEach(spilling::add);
        try (dev.goodhart.model.Frame spilled = spilling.build()) {
            assertThat(spilled.organisationCount("tokens")).hasValue(7);
            assertThat(spilled.organisationCount("cycle_time")).hasValue(6);
        }
        dev.goodhart.model.Frame.Builder live = dev.goodhart.model.Frame.builder(model);
        rows.forEach(live::add);
        dev.goodhart.model.Frame alone = live.segmentFrame(Segments.ALL);
        assertThat(alone.organisationCount("tokens")).hasValue(7);
        assertThat(alone.organisationCount("cycle_time")).hasValue(6);
        assertThat(live.segmentFrame("platform").organisationCount("tokens")).isEmpty();
        // the organisation's own series, given with the counts of the segments summed elsewhere, and without them
        List<Observation> summed = new ArrayList<>();
        for (String m : List.of("tokens", "cycle_time")) {
            double[] v = memory.series(Segments.ALL, m);
            for (int w = 0; w < v.length; w++) {
                summed.add(new Observation(memory.period(w), Segments.ALL, m, v[w]));
            }
        }
        dev.goodhart.model.Frame.Builder told = dev.goodhart.model.Frame.builder(model)
                .organisationCounts(java.util.Map.of("tokens", 7, "cycle_time", 6));
        summed.forEach(told::add);
        assertThat(told.build().organisationCount("tokens")).hasValue(7);
        assertThat(dev.goodhart.model.Frame.of(model, summed).organisationCount("tokens")).isEmpty();
        assertThat(Scorer.defaults().examine(model, told.build(), Segments.ALL).get(0).notes()).contains(note);
        // rows given for the organisation's tokens: not a sum of segments, so nothing to compare
        List<Observation> given = new ArrayList<>(rows);
        for (int w = 0; w < 40; w++) {
            given.add(new Observation(START.plusWeeks(w), "*", "tokens", 9000));
        }
        assertThat(dev.goodhart.model.Frame.of(model, given).organisationCount("tokens")).isEmpty();
        assertThat(organisation(given).notes()).noneSatisfy(n -> assertThat(n).contains("different teams"));
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> dev.goodhart.model.Frame.builder(model)
                .organisationCounts(java.util.Map.of("tokens", -1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("tokens has -1 segments");
    }
}
