package dev.goodhart.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Frame;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Intervention;
import dev.goodhart.model.Link;
import dev.goodhart.model.Observation;
import dev.goodhart.model.Segments;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SplittableRandom;
import java.util.TreeSet;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.LongRange;
import org.junit.jupiter.api.Test;

/**
 * The live scorer's per-segment examinations equal {@link Scorer#examine} on the frame of everything appended so far,
 * bit for bit, after every day: several links (one lagged, one inverse outcome), an intervention for some segments,
 * missing periods, zeros, NaN rows, duplicates within a period, segments that start late or stop, rows of undeclared
 * metrics; and a segment whose inputs did not change is not examined again.
 */
class LiveExaminationsTest {
    private static final LocalDate START = LocalDate.of(2024, 1, 1);
    private static final Link TOKENS = Link.of("tokens", "output");
    private static final Link PROMPTS = new Link("prompts", "cycle", 1, 2);

    private static IntegrityModel model(Granularity granularity, boolean intervention) {
        return model(granularity, intervention, granularity == Granularity.DAY ? 50 : 200);
    }

    private static IntegrityModel model(Granularity granularity, boolean intervention, int interventionDay) {
        IntegrityModel.Builder b = IntegrityModel.builder()
                .proxy("tokens", "tokens").proxy("prompts", "prompts")
                .outcome("output", Direction.HIGHER, "units").outcome("cycle", Direction.LOWER, "hours")
                .link(TOKENS).link(PROMPTS).granularity(granularity);
        if (intervention) {
            b.intervention(new Intervention(START.plusDays(interventionDay), "quota",
                    Set.of("s0", "s1", "s3")));
        }
        return b.build();
    }

    /** One period's rows (days of it, for weeks), a few segments, with gaps and oddities. */
    private static List<Observation> day(SplittableRandom r, int d, int segments) {
        return day(r, d, segments, 50);
    }

    /** As above, the first two segments gaming from {@code gamingFrom}. */
    private static List<Observation> day(SplittableRandom r, int d, int segments, int gamingFrom) {
        List<Observation> out = new ArrayList<>();
        LocalDate date = START.plusDays(d);
        for (int s = 0; s < segments; s++) {
            if ((s == 4 && d < 30) || (s == 5 && d > 70) || r.nextDouble() < 0.08) {
                continue; // starts late, stops early, or a missing period
            }
            String seg = "s" + s;
            double work = Math.exp(0.2 * r.nextGaussian()) * (1 + 0.003 * d);
            double gamed = s < 2 && d >= gamingFrom ? 1.8 : 1;
            out.add(new Observation(date, seg, "tokens", r.nextDouble() < 0.03 ? 0 : 1000 * work * gamed));
            out.add(new Observation(date, seg, "output", 40 * Math.pow(work, 0.7) * Math.exp(0.1 * r.nextGaussian())));
            out.add(new Observation(date, seg, "prompts", Math.round(30 * work * gamed)));
            out.add(new Observation(date, seg, "cycle", r.nextDouble() < 0.05 ? Double.NaN : 20 / work));
            if (r.nextDouble() < 0.05) {
                out.add(new Observation(date, seg, "tokens", 10 * work)); // a second row: aggregated (sum)
            }
            if (r.nextDouble() < 0.05) {
                out.add(new Observation(date, seg, "undeclared", 1)); // skipped by the frame
            }
        }
        return out;
    }

    private static List<Examination> direct(IntegrityModel model, Scorer scorer, List<Observation> all) {
        Frame frame = Frame.of(model, all);
        List<Examination> out = new ArrayList<>(scorer.examine(model, frame, Segments.ALL));
        for (String s : new TreeSet<>(frame.segments())) {
            out.addAll(scorer.examine(model, frame, s));
        }
        return out;
    }

    private static void appendedDayByDayEqualsTheFullExamination(Granularity granularity, boolean intervention,
                                                                long seed, int days, int checkEvery) {
        appendedDayByDayEqualsTheFullExamination(granularity, intervention, seed, days, checkEvery, Scorer.defaults());
    }

    private static void appendedDayByDayEqualsTheFullExamination(Granularity granularity, boolean intervention,
                                                                long seed, int days, int checkEvery, Scorer scorer) {
        appendedDayByDayEqualsTheFullExamination(granularity, intervention, seed, days, checkEvery, scorer,
                granularity == Granularity.DAY ? 50 : 200);
    }

    private static void appendedDayByDayEqualsTheFullExamination(Granularity granularity, boolean intervention,
                                                                long seed, int days, int checkEvery, Scorer scorer,
                                                                int interventionDay) {
        IntegrityModel model = model(granularity, intervention, interventionDay);
        LiveScorer live = LiveScorer.of(model, scorer, 7);
        SplittableRandom r = new SplittableRandom(seed);
        List<Observation> all = new ArrayList<>();
        // the baseline statistics each segment's pairs kept: taken over from one examination to the next
        Map<String, List<Object>> keptBefore = new HashMap<>();
        int carried = 0;
        for (int d = 0; d < days; d++) {
            List<Observation> rows = day(r, d, 6, granularity == Granularity.DAY ? interventionDay : 50);
            all.addAll(rows);
            live.appendAll(rows);
            if (d % checkEvery == checkEvery - 1 || d == days - 1) {
                List<Examination> examinations = live.examinations();
                assertThat(examinations).as("day " + d).isEqualTo(direct(model, scorer, all));
                for (Examination e : examinations) {
                    Object kept = e.pair() == null ? null : e.pair().keptBaseline();
                    List<Object> before = keptBefore.computeIfAbsent(e.segment() + " " + e.link(), k -> new ArrayList<>());
                    carried += kept != null && before.contains(kept) ? 1 : 0;
                    before.add(kept);
                }
            }
        }
        if (intervention) {
            // not vacuous: with a fixed baseline most pairs took over the statistics of the examination before
            assertThat(carried).as("pairs that took over the baseline statistics").isGreaterThan(days / checkEvery);
        }
        assertThat(live.report()).isEqualTo(scorer.score(model, Frame.of(model, all)));
        // not vacuous: the detectors ran and found things
        List<String> found = live.examinations().stream().flatMap(e -> e.findings().stream())
                .map(f -> f.detector()).distinct().toList();
        assertThat(found).contains("coupling-decay", "yield-decay", "growth-divergence", "change-point-asymmetry");
        if (intervention) {
            assertThat(found).contains("intervention-response");
        }
    }

    @Test
    void dailyWithAnInterventionEqualsTheFullExaminationEveryDay() {
        appendedDayByDayEqualsTheFullExamination(Granularity.DAY, true, 1, 120, 1);
    }

    /**
     * With 12 baseline weeks and more, change-point asymmetry searches daily series in weekly means and a live scorer
     * keeps their baseline noise scales from one day to the next (eight baseline weeks are needed): the same to the
     * bit as examining the whole frame, every second day.
     */
    @Test
    void dailyWithALongBaselineEqualsTheFullExaminationAsItsWeeksAreSearched() {
        appendedDayByDayEqualsTheFullExamination(Granularity.DAY, true, 4, 190, 2, Scorer.defaults(), 84);
        IntegrityModel model = model(Granularity.DAY, true, 84);
        SplittableRandom r = new SplittableRandom(4);
        List<Observation> all = new ArrayList<>();
        for (int d = 0; d < 190; d++) {
            all.addAll(day(r, d, 6, 84));
        }
        // not vacuous: the weekly search ran
        assertThat(direct(model, Scorer.defaults(), all).stream().flatMap(e -> e.findings().stream())
                .filter(f -> f.detector().equals("change-point-asymmetry")).map(f -> f.detail()))
                .anyMatch(d -> d.contains("on weekly means"));
    }

    @Test
    void dailyWithoutAnInterventionEqualsTheFullExamination() {
        // the split is the calendar's middle: both windows move every day
        appendedDayByDayEqualsTheFullExamination(Granularity.DAY, false, 2, 120, 3);
    }

    @Test
    void weeklyPeriodsFilledDayByDayEqualTheFullExamination() {
        // the open week's values change with every day appended to it
        appendedDayByDayEqualsTheFullExamination(Granularity.WEEK, true, 3, 7 * 52, 5);
    }

    @Test
    void onAnExecutorTheExaminationsAreTheSame() {
        appendedDayByDayEqualsTheFullExamination(Granularity.DAY, true, 7, 100, 9,
                Scorer.builder().parallel().build());
    }

    @Test
    void aGapOfMoreThanAYearIsExaminedInFullEveryTime() {
        IntegrityModel model = model(Granularity.DAY, false);
        LiveScorer live = LiveScorer.of(model, 7);
        SplittableRandom r = new SplittableRandom(8);
        List<Observation> all = new ArrayList<>();
        for (int d : new int[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19,
                400, 401, 402, 403, 404, 405, 406, 407, 408, 409, 410, 411, 412, 413, 414, 415, 416}) {
            List<Observation> rows = day(r, d, 3);
            all.addAll(rows);
            live.appendAll(rows);
        }
        assertThat(live.examinations()).isEqualTo(direct(model, Scorer.defaults(), all));
        long computed = live.examinationsComputed();
        assertThat(live.examinations()).isEqualTo(direct(model, Scorer.defaults(), all));
        assertThat(live.examinationsComputed()).as("no cache across a gap of a year").isEqualTo(2 * computed);
    }

    @Property(tries = 8)
    void anySeedEqualsTheFullExamination(@ForAll @LongRange(min = 0, max = 1_000_000) long seed) {
        appendedDayByDayEqualsTheFullExamination(Granularity.DAY, seed % 2 == 0, seed, 90, 11);
    }

    @Test
    void onlySegmentsWithNewRowsAreExaminedAgain() {
        IntegrityModel model = model(Granularity.DAY, true);
        LiveScorer live = LiveScorer.of(model, 7);
        SplittableRandom r = new SplittableRandom(4);
        List<Observation> all = new ArrayList<>();
        for (int d = 0; d < 80; d++) {
            all.addAll(day(r, d, 4));
        }
        live.appendAll(all);
        assertThat(live.examinations()).hasSize(2 * 5);
        long after = live.examinationsComputed();
        assertThat(after).isEqualTo(2 * 5);

        assertThat(live.examinations()).isEqualTo(direct(model, Scorer.defaults(), all));
        assertThat(live.examinationsComputed()).as("nothing changed").isEqualTo(after);

        // a late row of the open period for one segment: that segment and the organisation, both links
        Observation late = new Observation(START.plusDays(79), "s2", "output", 3);
        all.add(late);
        live.append(late);
        assertThat(live.examinations()).isEqualTo(direct(model, Scorer.defaults(), all));
        assertThat(live.examinationsComputed()).isEqualTo(after + 2 * 2);
        assertThat(live.examination(PROMPTS, "s2")).contains(direct(model, Scorer.defaults(), all).get(2 * 3 + 1));

        // a new period moves every pair: all examined again
        List<Observation> next = day(r, 80, 4);
        all.addAll(next);
        live.appendAll(next);
        assertThat(live.examinations()).isEqualTo(direct(model, Scorer.defaults(), all));
        assertThat(live.examinationsComputed()).isEqualTo(after + 2 * 2 + 2 * 5);
    }

    /**
     * Weekly rows on Mondays, the quota on a Wednesday: the quota's week, whose row is dated two days before it, is read
     * in neither window; a later row on a Sunday of the open week (another weekday, the calendar unmoved: its first and
     * last weeks stay whole) makes every segment's weeks be read as they are, not only the one that received the row.
     */
    @Test
    void aRowOnAnotherWeekdayReadsEverySegmentsWeekAnew() {
        LocalDate monday = LocalDate.of(2024, 1, 1);
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("output", Direction.HIGHER, "units").link(TOKENS).granularity(Granularity.WEEK)
                .intervention(monday.plusWeeks(15).plusDays(2), "quota").build();
        LiveScorer live = LiveScorer.of(model, 7);
        SplittableRandom r = new SplittableRandom(9);
        List<Observation> all = new ArrayList<>();
        for (int w = 0; w < 30; w++) {
            for (int s = 0; s < 4; s++) {
                double gamed = s == 0 && w >= 15 ? 2 : 1;
                all.add(new Observation(monday.plusWeeks(w), "s" + s, "tokens",
                        1000 * gamed * Math.exp(0.1 * r.nextGaussian())));
                all.add(new Observation(monday.plusWeeks(w), "s" + s, "output", 40 * Math.exp(0.1 * r.nextGaussian())));
            }
        }
        live.appendAll(all);
        assertThat(live.examinations()).isEqualTo(direct(model, Scorer.defaults(), all));
        assertThat(live.examination(TOKENS, "s0").orElseThrow().pair().proxy()[15]).isNaN();
        java.time.LocalDate[] calendar = Frame.of(model, all).periods().toArray(new LocalDate[0]);
        // a Sunday row of s3 in the last (open) week
        Observation sunday = new Observation(monday.plusWeeks(29).plusDays(6), "s3", "tokens", 10);
        all.add(sunday);
        live.append(sunday);
        assertThat(Frame.of(model, all).periods()).containsExactly(calendar);
        assertThat(live.examinations()).isEqualTo(direct(model, Scorer.defaults(), all));
        assertThat(live.examination(TOKENS, "s0").orElseThrow().pair().proxy()[15]).isNotNaN();
    }

    @Test
    void declaredSegmentsAndTheEmptyCase() {
        IntegrityModel model = model(Granularity.DAY, true).toBuilder().segments("s1", "s0", "missing").build();
        LiveScorer live = LiveScorer.of(model, 7);
        assertThat(live.examinations()).isEmpty();
        assertThat(live.examination(TOKENS, "s0")).isEmpty();
        SplittableRandom r = new SplittableRandom(5);
        List<Observation> all = new ArrayList<>();
        for (int d = 0; d < 60; d++) {
            all.addAll(day(r, d, 3));
        }
        live.appendAll(all);
        Frame frame = Frame.of(model, all);
        Scorer scorer = Scorer.defaults();
        List<Examination> expected = new ArrayList<>(scorer.examine(model, frame, Segments.ALL));
        for (String s : model.segments()) {
            expected.addAll(scorer.examine(model, frame, s));
        }
        assertThat(live.examinations()).isEqualTo(expected);
        assertThat(live.examination(TOKENS, "missing").orElseThrow().notes()).isNotEmpty();
        assertThatThrownBy(() -> live.examination(Link.of("tokens", "cycle"), "s0"))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("not in the model");
    }

    @Test
    void theSegmentFrameHoldsWhatTheFullFrameHoldsForThatSegment() {
        IntegrityModel model = model(Granularity.DAY, false);
        SplittableRandom r = new SplittableRandom(6);
        Frame.Builder builder = Frame.builder(model);
        for (int d = 0; d < 40; d++) {
            builder.addAll(day(r, d, 6));
        }
        builder.add(new Observation(START.plusDays(45), "", "output", 7)); // the organisation's own row
        Frame full = builder.segmentFrame("s5");
        Frame built = builder.build();
        for (String segment : List.of("*", "s0", "s4", "s5", "nobody")) {
            Frame one = builder.segmentFrame(segment);
            assertThat(one.periods()).isEqualTo(built.periods());
            assertThat(one.metrics()).isEqualTo(built.metrics());
            for (String metric : built.metrics()) {
                assertThat(one.has(segment, metric)).as(segment + " " + metric).isEqualTo(built.has(segment, metric));
                if (built.has(segment, metric)) {
                    assertThat(one.series(segment, metric)).isEqualTo(built.series(segment, metric));
                }
            }
        }
        assertThat(full.segments()).containsExactly("s5");

        // the organisation's kept series: rows added to earlier periods and to new ones are summed again
        Frame.Builder again = Frame.builder(model);
        List<Observation> rows = new ArrayList<>();
        for (int d = 0; d < 30; d++) {
            rows.addAll(day(r, d, 5));
        }
        again.addAll(rows);
        assertThat(again.segmentFrame("*").series("*", "tokens")).isEqualTo(Frame.of(model, rows).series("*", "tokens"));
        List<Observation> more = List.of(new Observation(START.plusDays(3), "s1", "tokens", 11),
                new Observation(START.plusDays(31), "s9", "tokens", 5), new Observation(START.plusDays(31), "s0", "output", 2));
        rows.addAll(more);
        again.addAll(more);
        Frame expected = Frame.of(model, rows);
        for (String metric : expected.metrics()) {
            assertThat(again.segmentFrame("*").series("*", metric)).as(metric).isEqualTo(expected.series("*", metric));
        }
    }
}
