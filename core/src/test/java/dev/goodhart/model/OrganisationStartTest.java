package dev.goodhart.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.goodhart.Goodhart;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Teams whose data begin during the baseline, later than most (a newcomer cut the demo's data so that two of ten teams
 * began five weeks before the quota: their rows entered the organisation's sums there as a step, a rise of use in its
 * baseline that no team made, and the organisation, DIVERGING 60 on the whole data, read HEALTHY 2 without a word), and
 * a few teams with a long history ahead of the others: the organisation's row sums the segments that began by its first
 * period ({@link Frame#organisationFirst}) from that period on, alike in memory, spilled and from a live builder, and
 * says whom it left out.
 */
class OrganisationStartTest {
    private static final LocalDate START = LocalDate.of(2024, 1, 1);
    private static final int QUOTA_WEEK = 40;

    private static IntegrityModel model() {
        return IntegrityModel.builder().proxy("tokens", "tokens").outcome("cycle_time", Direction.LOWER, "days")
                .link("tokens", "cycle_time").granularity(Granularity.WEEK)
                .intervention(START.plusWeeks(QUOTA_WEEK), "quota").build();
    }

    /** Teams that double their tokens at the quota with cycle time flat, from week {@code from} to week 70. */
    private static void gaming(List<Observation> rows, String prefix, int teams, int from, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        for (int s = 0; s < teams; s++) {
            for (int w = from; w < 70; w++) {
                LocalDate d = START.plusWeeks(w);
                double use = 1000 * (w >= QUOTA_WEEK ? 2 : 1) * (1 + 0.05 * r.nextGaussian());
                rows.add(new Observation(d, prefix + s, "tokens", use));
                rows.add(new Observation(d, prefix + s, "cycle_time", 3 * (1 + 0.05 * r.nextGaussian())));
            }
        }
    }

    private static PairResult organisation(IntegrityReport report) {
        return report.pairs().stream().filter(p -> p.segment().equals(Segments.ALL)).findFirst().orElseThrow();
    }

    private static double[] sumOf(Frame frame, String prefix, String metric) {
        double[] sum = new double[frame.periodCount()];
        for (String s : frame.segments()) {
            if (s.startsWith(prefix)) {
                double[] v = frame.series(s, metric);
                for (int t = 0; t < sum.length; t++) {
                    sum[t] += v[t];
                }
            }
        }
        return sum;
    }

    @Test
    void teamsThatBeginLateInTheBaselineAreLeftOutOfTheOrganisationsSums(@TempDir Path dir) {
        List<Observation> rows = new ArrayList<>();
        gaming(rows, "team-", 6, 0, 1);
        IntegrityReport whole = Goodhart.score(model(), rows);
        // three teams begin five weeks before the quota and double their use at it too
        gaming(rows, "late-", 3, QUOTA_WEEK - 5, 2);
        Frame memory = Frame.of(model(), rows);
        double[] tokens = memory.series(Segments.ALL, "tokens");
        assertThat(tokens).containsExactly(sumOf(memory, "team-", "tokens"), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(memory.organisationCount("tokens")).hasValue(6);
        OrganisationStart start = new OrganisationStart(START, 6, 0, 3, List.of("late-0", "late-1", "late-2"));
        assertThat(memory.organisationStart()).hasValue(start);
        Frame.Builder spilling = Frame.builder(model()).spillTo(dir);
        rows.forEach(spilling::add);
        try (Frame spilled = spilling.build()) {
            assertThat(spilled.series(Segments.ALL, "tokens")).containsExactly(tokens);
            assertThat(spilled.organisationStart()).hasValue(start);
        }
        Frame.Builder live = Frame.builder(model());
        rows.forEach(live::add);
        Frame alone = live.segmentFrame(Segments.ALL);
        assertThat(alone.series(Segments.ALL, "tokens")).containsExactly(tokens);
        assertThat(alone.organisationStart()).hasValue(start);
        // the organisation still reads its teams' doubling (the late teams, summed from week 35, had made its baseline
        // rise by half five weeks before the quota) and says whom it left out
        IntegrityReport joined = Goodhart.score(model(), rows);
        assertThat(organisation(whole).verdict().flagged()).isTrue();
        assertThat(organisation(joined).verdict()).isEqualTo(organisation(whole).verdict());
        assertThat(organisation(joined).notes()).contains("the organisation's row sums the 6 segments whose data "
                + "begin by 2024-01-01 (or as soon after as their missing periods explain), and leaves out 3 segments "
                + "whose data begin later, during its baseline, or end before the date (late-0, late-1, late-2): their "
                + "rows would enter or leave its sums there, a step that no team made (each is still read as a "
                + "segment)");
        assertThat(organisation(whole).notes()).noneSatisfy(n -> assertThat(n).contains("whose data begin"));
        assertThat(joined.pairs()).anyMatch(p -> p.segment().equals("late-0"));
    }

    /**
     * A team renamed in the baseline is one segment that stops before the date and one that begins late: both are
     * left out, so the organisation's sums stay those of the same teams throughout (with the new name alone left out,
     * the old one's end was a fall of a sixth of its use in the baseline: a helper's generator renamed teams in 31 of
     * 60 organisations).
     */
    @Test
    void aTeamRenamedInTheBaselineIsLeftOutUnderBothNames(@TempDir Path dir) {
        List<Observation> rows = new ArrayList<>();
        gaming(rows, "team-", 5, 0, 5);
        List<Observation> whole = new ArrayList<>();
        gaming(whole, "renamed-", 1, 0, 6);
        for (Observation o : whole) {
            int week = (int) java.time.temporal.ChronoUnit.WEEKS.between(START, o.date());
            rows.add(new Observation(o.date(), week < 30 ? "old-name" : "new-name", o.metric(), o.value()));
        }
        Frame frame = Frame.of(model(), rows);
        assertThat(frame.series(Segments.ALL, "tokens")).containsExactly(sumOf(frame, "team-", "tokens"),
                org.assertj.core.data.Offset.offset(1e-9));
        OrganisationStart start = new OrganisationStart(START, 5, 0, 2, List.of("new-name", "old-name"));
        assertThat(frame.organisationStart()).hasValue(start);
        Frame.Builder spilling = Frame.builder(model()).spillTo(dir);
        rows.forEach(spilling::add);
        try (Frame spilled = spilling.build()) {
            assertThat(spilled.organisationStart()).hasValue(start);
        }
        Frame.Builder live = Frame.builder(model());
        rows.forEach(live::add);
        assertThat(live.segmentFrame(Segments.ALL).organisationStart()).hasValue(start);
    }

    /**
     * A team whose data stop before the date (a newcomer's: a team's rows shifted a year earlier, so that its doubled
     * use lay in the others' baseline) lends the organisation neither its sums, nor its part in what the
     * organisation's rise owes, nor peer evidence: its baseline weeks had cut the bar from 0.25 to 0.18 and cleared the
     * organisation's row (DIVERGING 60 without it, HEALTHY 0 with it). The organisation reads as without it.
     */
    @Test
    void aTeamThatStopsBeforeTheDateLendsTheOrganisationNothing() {
        List<Observation> rows = new ArrayList<>();
        SplittableRandom r = new SplittableRandom(8);
        for (int s = 0; s < 8; s++) {
            boolean gamed = s < 3;
            double level = 500 + 300 * s;
            for (int w = 0; w < 70; w++) {
                LocalDate d = START.plusWeeks(w);
                double use = level * (w >= QUOTA_WEEK ? (gamed ? 2.2 : 1.3) : 1) * (1 + 0.1 * r.nextGaussian());
                double work = Math.pow(use / level, gamed ? 0 : -0.3) * (1 + 0.05 * r.nextGaussian());
                rows.add(new Observation(d, "team-" + s, "tokens", use));
                rows.add(new Observation(d, "team-" + s, "cycle_time", 3 * work));
            }
        }
        PairResult without = organisation(Goodhart.score(model(), rows));
        // team-0's rows a year (52 weeks) earlier, as another segment: its doubling lies in the others' baseline
        List<Observation> with = new ArrayList<>(rows);
        for (Observation o : rows) {
            if (o.segment().equals("team-0") && o.date().isBefore(START.plusWeeks(QUOTA_WEEK + 11))) {
                with.add(new Observation(o.date().minusWeeks(52), "veteran", o.metric(), o.value()));
            }
        }
        PairResult withVeteran = organisation(Goodhart.score(model(), with));
        assertThat(withVeteran.verdict()).isEqualTo(without.verdict());
        assertThat(withVeteran.score()).isCloseTo(without.score(), org.assertj.core.data.Offset.offset(1.0));
        assertThat(withVeteran.notes()).anySatisfy(n -> assertThat(n).contains("(veteran)"));
    }

    @Test
    void aFewTeamsWithALongHistoryDoNotMakeTheOrganisationsBaselineTheirs() {
        List<Observation> rows = new ArrayList<>();
        gaming(rows, "team-", 6, 20, 3);
        gaming(rows, "old-", 1, 0, 4);
        Frame frame = Frame.of(model(), rows);
        double[] tokens = frame.series(Segments.ALL, "tokens");
        // every segment counts, from week 20 on: before it only the old team had begun (1 x sqrt 40, 7 x sqrt 20)
        assertThat(Arrays.stream(tokens, 0, 20).allMatch(Double::isNaN)).isTrue();
        double[] all = sumOf(frame, "", "tokens");
        assertThat(Arrays.copyOfRange(tokens, 20, tokens.length))
                .containsExactly(Arrays.copyOfRange(all, 20, all.length), org.assertj.core.data.Offset.offset(1e-9));
        assertThat(frame.organisationStart()).hasValue(new OrganisationStart(START.plusWeeks(20), 7, 1, 0, List.of()));
        PairResult legacy = organisation(Goodhart.score(model(), rows));
        // its periods before week 20 are none of its own rows (a helper's legacy organisations all read so)
        assertThat(legacy.notes()).noneSatisfy(n -> assertThat(n).contains("rows given for the organisation"));
        assertThat(legacy.notes()).contains("the organisation's row sums the 7 "
                + "segments whose data begin by 2024-05-20 (or as soon after as their missing periods explain), from "
                + "that date on (1 had begun before it, and their sum would rise as the others began)");
    }

    @Test
    void theFirstPeriodWeighsSegmentsAgainstTheRootOfTheBaseline() {
        assertThat(first(4, 10, 0, 0, 0)).isZero();
        assertThat(first(4, 8, 0, 0, 2)).isZero(); // 8 x sqrt 4 against 10 x 1
        assertThat(first(4, 1, 0, 9, 0)).isEqualTo(2); // 10 x sqrt 2 against 1 x sqrt 4
        assertThat(first(4, 2, 2, 2, 2)).isEqualTo(2); // 6 x sqrt 2 = 8.49 against 4 x sqrt 3 = 6.93 and 8 x 1
        // at least half the segments: 3 of 7 are not the organisation, however long their baseline
        assertThat(first(11, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0, 4)).isEqualTo(10);
        int[] two = new int[112];
        two[0] = 2;
        two[104] = 3; // two teams two years ahead of three: 2 x sqrt 112 > 5 x sqrt 8, but they are not the most
        assertThat(first(112, two)).isEqualTo(104);
        assertThat(first(3, 0, 0, 0)).isZero();
        assertThat(first(-1, 0, 5, 5)).isZero();
        assertThat(first(2, 4, 0, 6)).isZero(); // at the split and after: not read
        // a team with two years ahead of three others does not make the baseline its own (1 x sqrt 117 < 4 x sqrt 13)
        int[] legacy = new int[117];
        legacy[0] = 1;
        legacy[104] = 3;
        assertThat(Frame.organisationFirst(legacy, legacy, 117)).isEqualTo(104);
        // nor does one late team among many cost the others half their baseline (a reviewer: 99 x sqrt 365 against
        // 100 x sqrt 185, daily; 49 x sqrt 52 against 50 x sqrt 32, weekly)
        int[] year = new int[365];
        year[0] = 99;
        year[180] = 1;
        assertThat(Frame.organisationFirst(year, year, 365)).isZero();
        int[] weeks = new int[52];
        weeks[0] = 49;
        weeks[20] = 1;
        assertThat(Frame.organisationFirst(weeks, weeks, 52)).isZero();
        // a segment begun earlier than its first value (missing periods) counts from where it had begun
        int[] firsts = {5, 0, 0, 0, 0, 5, 0, 0, 0, 0};
        int[] begun = {10, 0, 0, 0, 0, 0, 0, 0, 0, 0};
        assertThat(Frame.organisationFirst(firsts, begun, 10)).isZero();
        assertThatThrownBy(() -> Frame.organisationFirst(new int[] {1, -1}, new int[2], 2))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("counts of period 1 are -1 and 0");
        assertThatThrownBy(() -> new OrganisationStart(START, 1, 0, 1, List.of("a", "b")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("2 names for 1 segments");
        assertThatThrownBy(() -> new OrganisationStart(START, 1, 2, 0, List.of()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("earlier at most members");
        assertThat(Frame.countsInOrganisation(3, 3)).isTrue();
        assertThat(Frame.countsInOrganisation(4, 3)).isFalse();
        assertThat(Frame.countsInOrganisation(-1, 3)).isFalse();
    }

    /**
     * A segment that misses periods at random counts as begun as many periods before its first value as its missing
     * share explains (below a 1% chance), at least 6 days of daily data and one week or month; one with every period
     * from its first counts from there less that least.
     */
    @Test
    void missingPeriodsExplainALateFirstValue() {
        IntegrityModel daily = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "days").link("tokens", "cycle_time").build();
        double[] full = new double[40];
        Arrays.fill(full, Double.NaN);
        Arrays.fill(full, 20, 40, 1);
        assertThat(Frame.begunBeforeSplit(daily, java.util.Map.of("tokens", full), 30)).isEqualTo(14);
        assertThat(Frame.firstBeforeSplit(daily, java.util.Map.of("tokens", full), 30)).isEqualTo(20);
        double[] sparse = new double[120];
        Arrays.fill(sparse, Double.NaN);
        for (int t = 20; t < 120; t += 3) {
            sparse[t] = 1; // two days of three missing: 0.67^12 < 1%
        }
        assertThat(Frame.begunBeforeSplit(daily, java.util.Map.of("tokens", sparse), 100)).isEqualTo(8);
        // the outcome counts as well as the proxy; a head count does not
        double[] outcome = new double[40];
        Arrays.fill(outcome, Double.NaN);
        outcome[2] = 3;
        assertThat(Frame.firstBeforeSplit(daily, java.util.Map.of("tokens", full, "cycle_time", outcome), 30))
                .isEqualTo(2);
        assertThat(Frame.begunBeforeSplit(daily, java.util.Map.of("tokens", full), -1)).isZero();
        assertThat(Frame.begunBeforeSplit(daily, java.util.Map.of("tokens", new double[] {Double.NaN}), 1))
                .isEqualTo(-1);
        // no value from the split on: it stopped before the date
        assertThat(Frame.begunBeforeSplit(daily, java.util.Map.of("tokens", Arrays.copyOf(full, 30)), 30))
                .isEqualTo(-1);
        assertThat(Frame.firstBeforeSplit(daily, java.util.Map.of("tokens", Arrays.copyOf(full, 30)), 30))
                .isEqualTo(20);
        assertThat(Frame.begunBeforeSplit(model(), java.util.Map.of("tokens", full), 30)).isEqualTo(19);
    }

    private static int first(int split, int... counts) {
        return Frame.organisationFirst(counts, counts, split);
    }

    /** Against every candidate by which half had begun: no earlier one's block is larger, no later one's as large. */
    @Property(tries = 300)
    void theFirstPeriodBeatsEveryOtherCandidate(
            @ForAll @Size(min = 1, max = 12) List<@IntRange(max = 5) Integer> counts,
                                                @ForAll @IntRange(min = 1, max = 12) int split) {
        int[] c = counts.stream().mapToInt(Integer::intValue).toArray();
        int first = first(split, c);
        int end = Math.min(split, c.length);
        assertThat(first).isBetween(0, Math.max(0, end - 1));
        if (Arrays.stream(c, 0, end).sum() == 0) {
            assertThat(first).isZero();
            return;
        }
        int total = Arrays.stream(c, 0, end).sum();
        assertThat(c[first]).isPositive();
        assertThat(2 * Arrays.stream(c, 0, first + 1).sum()).isGreaterThanOrEqualTo(total);
        double block = Arrays.stream(c, 0, first + 1).sum() * Math.sqrt(split - first);
        long begun = 0;
        for (int t = 0; t < end; t++) {
            begun += c[t];
            if (c[t] > 0 && 2 * begun >= total) {
                double other = begun * Math.sqrt(split - t);
                assertThat(other).isLessThanOrEqualTo(block);
                if (t > first) {
                    assertThat(other).isLessThan(block);
                }
            }
        }
    }
    /**
     * A live builder's organisation takes back a segment it left out as stopped before the date (no row on the date's
     * day yet) once the segment's rows come: before 2026-12-06 it stayed out for good (a reviewer's four teams, team-3
     * without a row on the date: live 303 against a frame's 406 from the next day on).
     */
    @Test
    void aLiveBuilderTakesBackASegmentWhoseRowsComeAfterTheDate() {
        LocalDate start = LocalDate.of(2025, 1, 6);
        IntegrityModel model = IntegrityModel.builder()
                .metric(new Metric("tokens", Role.PROXY, Direction.HIGHER, "tokens", Aggregation.SUM))
                .metric(new Metric("cycle_time", Role.OUTCOME, Direction.LOWER, "hours", Aggregation.MEAN))
                .link("tokens", "cycle_time").granularity(Granularity.DAY)
                .intervention(start.plusDays(60), "quota").build();
        Frame.Builder live = Frame.builder(model);
        List<Observation> rows = new ArrayList<>();
        for (int d = 0; d < 70; d++) {
            for (int s = 0; s < 4; s++) {
                if (s == 3 && d == 60) {
                    continue; // team-3 has no row on the date's day
                }
                for (String m : List.of("tokens", "cycle_time")) {
                    Observation o = new Observation(start.plusDays(d), "team-" + s, m, 100 + s + d % 3);
                    live.add(o);
                    rows.add(o);
                }
            }
            if (d >= 59) {
                Frame now = live.segmentFrame("*");
                Frame batch = Frame.of(model, rows);
                assertThat(now.series("*", "tokens")).as("day " + d).isEqualTo(batch.series("*", "tokens"));
                assertThat(now.organisationCount("tokens")).as("day " + d).isEqualTo(batch.organisationCount("tokens"));
                assertThat(now.organisationGaps("tokens")).as("day " + d).isEqualTo(batch.organisationGaps("tokens"));
            }
        }
    }
}
