package dev.goodhart.detect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Frame;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.model.Metric;
import dev.goodhart.model.Observation;
import dev.goodhart.model.Segments;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A metric declared per an exposure (tokens per head): the model's checks, the frame carrying the exposure forward
 * (in every way a frame is built), and {@link PairSeries#of} dividing by it while keeping the counted totals.
 */
class PairSeriesExposureTest {
    private static final LocalDate MONDAY = LocalDate.of(2026, 1, 5);

    @TempDir
    Path dir;

    private static IntegrityModel.Builder base() {
        return IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("defects", Direction.LOWER, "defects").exposure("headcount", "people")
                .link(new Link("tokens", "defects", 1, 2)).granularity(Granularity.DAY);
    }

    private static IntegrityModel model() {
        return base().per("tokens", "headcount").per("defects", "headcount").build();
    }

    /**
     * 40 days of two teams. Team a: 100 tokens a head a day, 0.5 defects a head; 10 people from day 0, 15 from day 20
     * (head count given on days 0 and 20 only). Team b: 4 people given on day 5 only (nothing known before), 50 tokens
     * and 1 defect a day.
     */
    private static List<Observation> rows() {
        List<Observation> out = new ArrayList<>();
        for (int d = 0; d < 40; d++) {
            LocalDate day = MONDAY.plusDays(d);
            double heads = d < 20 ? 10 : 15;
            out.add(new Observation(day, "a", "tokens", 100 * heads));
            out.add(new Observation(day, "a", "defects", 0.5 * heads));
            out.add(new Observation(day, "b", "tokens", 50));
            out.add(new Observation(day, "b", "defects", 1));
            if (d == 0 || d == 20) {
                out.add(new Observation(day, "a", "headcount", heads));
            }
            if (d == 5) {
                out.add(new Observation(day, "b", "headcount", 4));
            }
        }
        return out;
    }

    private static PairSeries pair(IntegrityModel model, Frame frame, String segment) {
        return PairSeries.of(model, frame, model.links().get(0), segment, 1, w -> { }).orElseThrow();
    }

    @Test
    void theModelChecksWhatIsReadPerWhat() {
        assertThat(model().exposures()).containsEntry("tokens", "headcount").containsEntry("defects", "headcount");
        assertThat(model().exposureOf("tokens")).contains("headcount");
        assertThat(base().build().exposureOf("tokens")).isEmpty();
        assertThat(model().toBuilder().build()).isEqualTo(model());
        assertThat(model()).isNotEqualTo(base().build());
        assertThat(model().toString()).contains("per {tokens=headcount, defects=headcount}");
        assertThatThrownBy(() -> base().per("tokenz", "headcount"))
                .hasMessage("per: unknown metric 'tokenz'; declared metrics are [tokens, defects, headcount]");
        assertThatThrownBy(() -> base().per("tokens", "defects"))
                .hasMessage("per exposure: metric 'defects' is declared as outcome, expected exposure");
        assertThatThrownBy(() -> base().per("headcount", "headcount"))
                .hasMessage("per: metric 'headcount' is an exposure; a proxy or an outcome is read per an exposure");
        assertThatThrownBy(() -> base().per("tokens", "headcount").per("tokens", "headcount"))
                .hasMessage("per: tokens is already read per headcount");
        // an exposure is never linked
        assertThatThrownBy(() -> base().link("headcount", "defects"))
                .hasMessage("link proxy: metric 'headcount' is declared as exposure, expected proxy");
        assertThat(Metric.exposure("headcount", "people").aggregation()).isEqualTo(dev.goodhart.model.Aggregation.LAST);
        assertThat(Metric.exposure("headcount", "people").nonNegative()).isTrue();
    }

    @Test
    void theFrameCarriesAnExposureForwardAndSumsTheCarriedValuesForTheOrganisation() {
        Frame frame = Frame.of(model(), rows());
        double[] a = frame.series("a", "headcount");
        double[] b = frame.series("b", "headcount");
        assertThat(a[0]).isEqualTo(10);
        assertThat(a[19]).isEqualTo(10);
        assertThat(a[20]).isEqualTo(15);
        assertThat(a[39]).isEqualTo(15);
        assertThat(b[4]).isNaN();
        assertThat(b[5]).isEqualTo(4);
        assertThat(b[39]).isEqualTo(4);
        double[] org = frame.series(Segments.ALL, "headcount");
        assertThat(org[4]).isEqualTo(10);
        assertThat(org[5]).isEqualTo(14);
        assertThat(org[20]).isEqualTo(19);
        assertThat(org[39]).isEqualTo(19);
        // other metrics are not carried
        List<Observation> gap = new ArrayList<>(rows());
        gap.removeIf(o -> o.segment().equals("b") && o.metric().equals("tokens") && o.date().equals(MONDAY.plusDays(7)));
        assertThat(Frame.of(model(), gap).series("b", "tokens")[7]).isNaN();
    }

    @Test
    void aSpilledFrameAndTheOrganisationsLiveFrameCarryAsTheInMemoryOneDoes() {
        Frame memory = Frame.of(model(), rows());
        Frame.Builder spilling = Frame.builder(model()).spillTo(dir);
        rows().forEach(spilling::add);
        try (Frame spilled = spilling.build()) {
            for (String segment : List.of("a", "b", Segments.ALL)) {
                assertThat(spilled.series(segment, "headcount")).containsExactly(memory.series(segment, "headcount"));
            }
        }
        Frame.Builder live = Frame.builder(model());
        List<Observation> all = rows();
        // the organisation's frame read while the rows arrive, then again at the end (its incremental sums)
        live.addAll(all.subList(0, all.size() / 2));
        live.segmentFrame(Segments.ALL);
        live.addAll(all.subList(all.size() / 2, all.size()));
        assertThat(live.segmentFrame(Segments.ALL).series(Segments.ALL, "headcount"))
                .containsExactly(memory.series(Segments.ALL, "headcount"));
        assertThat(live.valueAt("a", "headcount", live.ordinalOf(MONDAY.plusDays(19)))).isEqualTo(10);
        assertThat(live.valueAt("a", "headcount", live.ordinalOf(MONDAY.plusDays(33)))).isEqualTo(15);
        assertThat(live.valueAt("b", "headcount", live.ordinalOf(MONDAY.plusDays(4)))).isNaN();
    }

    @Test
    void aPairIsReadPerHeadWithItsTotalsKeptAsCounted() {
        Frame frame = Frame.of(model(), rows());
        PairSeries a = pair(model(), frame, "a");
        // 100 tokens a head throughout, though the team grew by half on day 20
        for (int t = 0; t < 40; t++) {
            assertThat(a.proxy()[t]).as("day " + t).isCloseTo(100, within(1e-12));
        }
        // the outcome is divided at its own date, then lagged by the link's 2 days
        for (int t = 0; t < 38; t++) {
            assertThat(a.outcome()[t]).as("day " + t).isCloseTo(0.5, within(1e-12));
        }
        assertThat(a.outcome()[38]).isNaN();
        // the quota and the digit test meet the totals as counted
        assertThat(a.countedProxyValues()[0]).isEqualTo(1000);
        assertThat(a.countedProxyValues()[25]).isEqualTo(1500);
        assertThat(a.countedOutcomeValues()[18]).isEqualTo(7.5); // day 20's defects, lagged 2
        assertThat(a.proxyLabel()).isEqualTo("tokens per headcount");
        assertThat(a.outcomeLabel()).isEqualTo("defects per headcount");
        // before its first head count a team has no per-head value
        PairSeries b = pair(model(), frame, "b");
        assertThat(b.proxy()[4]).isNaN();
        assertThat(b.proxy()[5]).isEqualTo(12.5);
        // the organisation: its tokens over its carried head count (1000 + 50 over 10 before team b's is known)
        PairSeries org = pair(model(), frame, Segments.ALL);
        assertThat(org.proxy()[0]).isCloseTo(105, within(1e-12));
        assertThat(org.proxy()[5]).isCloseTo(1050 / 14.0, within(1e-12));
        assertThat(org.proxy()[30]).isCloseTo(1550 / 19.0, within(1e-12));
    }

    @Test
    void aZeroHeadCountIsNoValueAndASegmentWithoutOneHasNoPair() {
        List<Observation> rows = rows();
        rows.add(new Observation(MONDAY.plusDays(30), "a", "headcount", 0));
        PairSeries a = pair(model(), Frame.of(model(), rows), "a");
        assertThat(a.proxy()[29]).isCloseTo(100, within(1e-12));
        assertThat(a.proxy()[30]).isNaN();
        assertThat(a.proxy()[39]).isNaN();
        List<Observation> noHeads = new ArrayList<>(rows());
        noHeads.removeIf(o -> o.segment().equals("b") && o.metric().equals("headcount"));
        List<String> why = new ArrayList<>();
        Optional<PairSeries> b = PairSeries.of(model(), Frame.of(model(), noHeads), model().links().get(0), "b", 1,
                why::add);
        assertThat(b).isEmpty();
        assertThat(why).containsExactly("no data for headcount in segment b (tokens is read per headcount)");
        // a negative head count is refused with its line, as any non-negative metric's
        List<Observation> negative = new ArrayList<>(rows());
        negative.add(new Observation(MONDAY.plusDays(3), "b", "headcount", -2));
        assertThatThrownBy(() -> Frame.of(model(), negative)).hasMessageContaining("headcount");
    }

    /**
     * Head counts sit on the proxies' and outcomes' calendar: given on the 1st of each month beside weekly Monday rows
     * they do not make the data look finer than weekly (which cut the last week), given beyond the usage data they do
     * not stretch it, and one given only in a partial first week (left out) carries into nothing, in a built frame, in
     * the organisation's live frame and in {@code valueAt} alike (a reviewer found the live reading carrying it).
     */
    @Test
    void anExposureNeitherStretchesNorCutsTheCalendar() {
        IntegrityModel weekly = base().granularity(Granularity.WEEK).per("tokens", "headcount").build();
        List<Observation> rows = new ArrayList<>();
        for (int w = 0; w < 20; w++) {
            LocalDate monday = MONDAY.plusWeeks(w);
            rows.add(new Observation(monday, "a", "tokens", 700));
            rows.add(new Observation(monday, "a", "defects", 2));
        }
        Frame plain = Frame.of(weekly, rows);
        List<Observation> withHeads = new ArrayList<>(rows);
        for (LocalDate d = LocalDate.of(2025, 12, 1); d.isBefore(LocalDate.of(2026, 9, 1)); d = d.plusMonths(1)) {
            withHeads.add(new Observation(d, "a", "headcount", 7));
        }
        Frame frame = Frame.of(weekly, withHeads);
        assertThat(frame.periods()).isEqualTo(plain.periods());
        assertThat(frame.series("a", "tokens")).containsExactly(plain.series("a", "tokens"));
        // the head count of 1 February holds from the week it falls in; those of December and of 1 January (a Thursday
        // of the week before the first Monday) fall before the calendar and carry into nothing
        double[] heads = frame.series("a", "headcount");
        int february = frame.indexOf(LocalDate.of(2026, 2, 1));
        assertThat(february).isEqualTo(3);
        assertThat(heads[february - 1]).isNaN();
        assertThat(heads[february]).isEqualTo(7);
        assertThat(heads[heads.length - 1]).isEqualTo(7);

        // daily rows in weekly periods from a Wednesday: the partial first week is left out, with its head count
        List<Observation> daily = new ArrayList<>();
        for (int d = 2; d < 7 * 6; d++) {
            daily.add(new Observation(MONDAY.plusDays(d), "a", "tokens", 100));
            daily.add(new Observation(MONDAY.plusDays(d), "a", "defects", 1));
        }
        daily.add(new Observation(MONDAY.plusDays(2), "a", "headcount", 10));
        Frame built = Frame.of(weekly, daily);
        assertThat(built.period(0)).isEqualTo(MONDAY.plusWeeks(1));
        assertThat(built.series("a", "headcount")).containsOnly(Double.NaN);
        assertThat(built.series(Segments.ALL, "headcount")).containsOnly(Double.NaN);
        Frame.Builder live = Frame.builder(weekly);
        daily.forEach(live::add);
        assertThat(live.segmentFrame(Segments.ALL).series(Segments.ALL, "headcount")).containsOnly(Double.NaN);
        assertThat(live.valueAt("a", "headcount", live.ordinalOf(MONDAY.plusWeeks(3)))).isNaN();
        // only head counts: no calendar to read them on
        assertThatThrownBy(() -> Frame.of(weekly, List.of(new Observation(MONDAY, "a", "headcount", 3))))
                .hasMessageContaining("only to its exposures");
    }

    @Test
    void derivedPairsKeepTheirLabels() {
        PairSeries a = pair(model(), Frame.of(model(), rows()), "a");
        PairSeries derived = a.describedAs(new PairSeries(a.link(), a.proxyMetric(), a.outcomeMetric(),
                a.segment(), a.granularity(), a.start(), a.proxy(), a.outcome(), a.split(), a.seed(),
                a.intervention()));
        assertThat(derived.proxyLabel()).isEqualTo("tokens per headcount");
        assertThat(derived.outcomeLabel()).isEqualTo("defects per headcount");
        assertThat(derived).isEqualTo(a.describedAs(derived));
    }
}
