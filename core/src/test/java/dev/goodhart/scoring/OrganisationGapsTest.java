package dev.goodhart.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.goodhart.model.Aggregation;
import dev.goodhart.model.Direction;
import dev.goodhart.model.Frame;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Metric;
import dev.goodhart.model.Observation;
import dev.goodhart.model.OrganisationGaps;
import dev.goodhart.model.Role;
import dev.goodhart.model.Segments;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * The organisation's row says where its segments miss rows more often in one part of its calendar than another
 * ({@link Frame#organisationGaps}): a missing row adds nothing to a sum, so the organisation's tokens rise where no
 * team's did. The same in memory, spilled and live.
 */
class OrganisationGapsTest {
    private static final LocalDate START = LocalDate.of(2025, 1, 6);
    private static final int WEEKS = 52;
    private static final int SPLIT = 26;
    private static final String NOTE = "and some have no row in some";

    private static IntegrityModel model() {
        return IntegrityModel.builder()
                .metric(new Metric("tokens", Role.PROXY, Direction.HIGHER, "tokens", Aggregation.SUM))
                .metric(new Metric("cycle_time", Role.OUTCOME, Direction.LOWER, "hours", Aggregation.MEAN))
                .link("tokens", "cycle_time").granularity(Granularity.WEEK)
                .intervention(START.plusWeeks(SPLIT), "token quota").build();
    }

    /** Ten teams, three doubling their tokens at the date with nothing gained; {@code missing} leaves rows out. */
    private static List<Observation> rows(long seed, MissingRows missing) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Observation> out = new ArrayList<>();
        for (int s = 0; s < 10; s++) {
            double size = 0.5 + rnd.nextDouble();
            for (int w = 0; w < WEEKS; w++) {
                LocalDate d = START.plusWeeks(w);
                double use = 50_000 * size * (s < 3 && w >= SPLIT ? 2 : 1) * Math.exp(0.1 * rnd.nextGaussian());
                if (!missing.at(s, w, rnd)) {
                    out.add(new Observation(d, "team-" + s, "tokens", use));
                }
                out.add(new Observation(d, "team-" + s, "cycle_time", 30 * Math.exp(0.05 * rnd.nextGaussian())));
            }
        }
        return out;
    }

    private interface MissingRows {
        boolean at(int segment, int week, SplittableRandom rnd);
    }

    private static PairResult organisation(IntegrityReport report) {
        return report.pair("tokens", "cycle_time", Segments.ALL).orElseThrow();
    }

    /**
     * One team without its tokens in weeks 1 to 13 (it had begun in week 0): 13 of the 260 segment weeks before the
     * date (5.0%; 9.2% in the first half, 0.8% in the second), none since. The organisation's row says so, in memory,
     * spilled and live, with the same words.
     */
    @Test
    void aTeamMissingItsEarlyWeeksIsSaidOnTheOrganisationsRowOnEveryPath() throws IOException {
        IntegrityModel model = model();
        List<Observation> rows = rows(1, (s, w, r) -> s == 9 && w >= 1 && w <= 13);
        Frame frame = Frame.of(model, rows);
        OrganisationGaps gaps = frame.organisationGaps("tokens").orElseThrow();
        assertThat(gaps.members()).isEqualTo(10);
        assertThat(gaps.missingBefore()).isEqualTo(13);
        assertThat(gaps.shareEarly()).isCloseTo(12 / 130.0, within(1e-12)); // weeks 0-12: 12 of 130; 13 in the second
        assertThat(gaps.shareSince()).isZero();
        assertThat(gaps.fewest()).isEqualTo(9);
        assertThat(frame.organisationGaps("cycle_time")).isEmpty();

        IntegrityReport memory = Scorer.builder().build().score(model, frame);
        List<String> notes = organisation(memory).notes();
        assertThat(notes).anySatisfy(n -> assertThat(n).contains("the organisation's tokens is the sum of 10 segments, "
                + NOTE + " weeks: 5.0% of the segments' weeks before the date (9.2% in the first half of those, "
                + "0.8% in "
                + "the second) and 0.0% since, as few as 9 of the 10 in one week", "--absent-zero"));
        assertThat(notes).noneSatisfy(n -> assertThat(n).contains("cycle_time is the sum"));

        Path dir = Files.createTempDirectory("goodhart-gaps");
        try {
            Frame.Builder spilling = Frame.builder(model).spillTo(dir);
            rows.forEach(spilling::add);
            try (Frame spilled = spilling.build()) {
                assertThat(spilled.organisationGaps("tokens")).contains(gaps);
                assertThat(organisation(Scorer.builder().spillTo(dir).build().score(model, spilled)).notes())
                        .isEqualTo(notes);
            }
        } finally {
            Files.delete(dir);
        }

        List<Observation> inOrder = new ArrayList<>(rows);
        inOrder.sort(java.util.Comparator.comparing(Observation::date)); // a live scorer takes the periods in order
        LiveScorer live = LiveScorer.of(model, 8).appendAll(inOrder);
        assertThat(organisation(live.report()).notes()).isEqualTo(notes);
        // the live examination, which reads the builder's frame of the organisation (its counts kept with the series)
        dev.goodhart.model.Link link = model.links().get(0);
        assertThat(live.examination(link, Segments.ALL).orElseThrow().notes())
                .isEqualTo(Scorer.builder().build().examine(model, frame, Segments.ALL).get(0).notes());
        assertThat(live.examination(link, Segments.ALL).orElseThrow().notes())
                .anySatisfy(n -> assertThat(n).contains(NOTE));
    }

    /**
     * Rows missing at random, as often before the date as since (a twentieth of the team weeks): the sums are a little
     * lower throughout and no rise moves, so no note; in 20 organisations, none.
     */
    @Test
    void rowsMissingAsOftenThroughoutAreNotSaid() {
        for (long seed = 1; seed <= 20; seed++) {
            List<Observation> rows = rows(seed, (s, w, r) -> r.nextDouble() < 0.05);
            Frame frame = Frame.of(model(), rows);
            assertThat(frame.organisationGaps("tokens")).as("seed " + seed).isPresent();
            assertThat(organisation(Scorer.builder().build().score(model(), frame)).notes()).as("seed " + seed)
                    .noneSatisfy(n -> assertThat(n).contains(NOTE));
        }
    }

    /**
     * Rows missing in runs, as often before the date as since: each team's export has outages of 5 to 10 days, a tenth
     * of its days in all, over 90 days each side. The periods' missing shares are autocorrelated, and one or two runs
     * more on one side are no difference: read as independent periods (the criterion until 2026-12-06) 38 to 52 of 100
     * such organisations of 3, 10 and 24 teams had a note; read with their autocorrelation 1 to 5 of 200. Here 20
     * organisations of 10 teams: at most one note, while three teams without a row since the date in the same
     * organisations are said in every one (a team missing 44 early days among such runs is not: a run of its length
     * is what these exports do, 23 of 200 said).
     */
    @Test
    void rowsMissingInRunsAreNotSaidButASystematicGapIs() {
        IntegrityModel daily = IntegrityModel.builder()
                .metric(new Metric("tokens", Role.PROXY, Direction.HIGHER, "tokens", Aggregation.SUM))
                .metric(new Metric("cycle_time", Role.OUTCOME, Direction.LOWER, "hours", Aggregation.MEAN))
                .link("tokens", "cycle_time").granularity(Granularity.DAY)
                .intervention(START.plusDays(90), "token quota").build();
        int runsNoted = 0;
        for (long seed = 1; seed <= 20; seed++) {
            for (boolean systematic : new boolean[] {false, true}) {
                SplittableRandom rnd = new SplittableRandom(seed);
                List<Observation> rows = new ArrayList<>();
                for (int s = 0; s < 10; s++) {
                    int run = 0;
                    for (int d = 0; d < 180; d++) {
                        boolean missing;
                        if (run > 0) {
                            run--;
                            missing = true;
                        } else {
                            missing = d > 0 && rnd.nextDouble() < 0.1 / 7.5;
                            run = missing ? 4 + rnd.nextInt(6) : 0;
                        }
                        missing |= systematic && s < 3 && d >= 90;
                        LocalDate day = START.plusDays(d);
                        if (!missing) {
                            out(rows, day, s, "tokens", 5_000 * Math.exp(0.1 * rnd.nextGaussian()));
                        }
                        out(rows, day, s, "cycle_time", 30 * Math.exp(0.05 * rnd.nextGaussian()));
                    }
                }
                Frame frame = Frame.of(daily, rows);
                assertThat(frame.organisationGaps("tokens")).as("seed " + seed).isPresent();
                boolean noted = organisation(Scorer.builder().build().score(daily, frame)).notes().stream()
                        .anyMatch(n -> n.contains(NOTE));
                if (systematic) {
                    assertThat(noted).as("seed " + seed + ", three teams without rows since").isTrue();
                } else {
                    runsNoted += noted ? 1 : 0;
                }
            }
        }
        assertThat(runsNoted).isLessThanOrEqualTo(1);
    }

    private static void out(List<Observation> rows, LocalDate day, int segment, String metric, double value) {
        rows.add(new Observation(day, "team-" + segment, metric, value));
    }

    /** Complete rows: no gaps at all. */
    @Test
    void completeRowsHaveNoGaps() {
        Frame frame = Frame.of(model(), rows(3, (s, w, r) -> false));
        assertThat(frame.organisationGaps("tokens")).isEmpty();
        assertThat(frame.organisationGaps("cycle_time")).isEmpty();
    }

    /** One segment missing in weeks 1 to 13 of 26 before the split, none in the 26 since. */
    private static com.google.common.primitives.ImmutableIntArray missing() {
        int[] v = new int[52];
        java.util.Arrays.fill(v, 1, 14, 1);
        return com.google.common.primitives.ImmutableIntArray.copyOf(v);
    }

    /** The shares, and a refusal of counts that cannot be. */
    @Test
    void sharesAreOfSegmentPeriods() {
        OrganisationGaps g = new OrganisationGaps(10, 26, 13, 12, 26, 0, 9, missing());
        assertThat(g.shareBefore()).isCloseTo(0.05, within(1e-12));
        assertThat(g.shareEarly()).isCloseTo(12 / 130.0, within(1e-12));
        assertThat(g.shareLate()).isCloseTo(1 / 130.0, within(1e-12));
        assertThat(g.shareSince()).isZero();
        IntPredicate refused = missingEarly -> {
            try {
                new OrganisationGaps(10, 26, 13, missingEarly, 26, 0, 9, missing());
                return false;
            } catch (IllegalArgumentException e) {
                return true;
            }
        };
        assertThat(refused.test(14)).isTrue(); // more early than in all
        assertThat(refused.test(-1)).isTrue();
        assertThat(refused.test(13)).isTrue(); // the periods say 12 early
        assertThat(refused.test(12)).isFalse();
        assertThatThrownBy(() -> new OrganisationGaps(10, 26, 13, 12, 26, 1, 9, missing()))
                .hasMessageContaining("not adding up"); // one missing since that the periods do not have
        assertThatThrownBy(() -> new OrganisationGaps(10, 26, 13, 12, 25, 0, 9, missing()))
                .hasMessageContaining("of 52 periods");
    }
}
