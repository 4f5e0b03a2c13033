package dev.goodhart.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Frame;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.InputAccount;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.model.Observation;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import dev.goodhart.scoring.Scorer;
import dev.goodhart.sim.zoo.Zoo;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Days without a row of a metric read as 0 where the source leaves out the days nothing happened (a SQL GROUP BY):
 * the frame equals the frame of the same rows with the rows of 0 written, the input account counts the periods made
 * apart from the rows read, and an undeclared metric that looks like it is warned about.
 */
class AbsentDaysTest {
    private static final LocalDate MONDAY = LocalDate.of(2025, 3, 3);

    private static IntegrityModel model(Granularity granularity) {
        return IntegrityModel.builder().proxy("tokens", "tokens").metric(dev.goodhart.model.Metric.outcome("tickets",
                        Direction.HIGHER, "tickets").withAggregation(dev.goodhart.model.Aggregation.SUM))
                .link(Link.of("tokens", "tickets")).granularity(granularity).build();
    }

    /** The rows through a source, with the warnings it gave; the frame built from them. */
    private static Frame read(IntegrityModel model, List<Observation> rows, Set<String> zero, Set<String> checked,
                              List<String> warnings) throws SourceException {
        ObservationSource source = AbsentDays.zeroWhenAbsent(ObservationSource.of("rows.csv", sink -> {
            long line = 1;
            for (Observation o : rows) {
                sink.accept(o, ++line, 4, false);
            }
            return rows.size();
        }), zero, checked);
        Frame.Builder builder = Frame.builder(model).source(source.name());
        ObservationSink into = ObservationSink.into(builder);
        source.read(new ObservationSink() {
            @Override
            public void accept(Observation o, long line, int column, boolean timed) {
                into.accept(o, line, column, timed);
            }

            @Override
            public void warning(String message) {
                warnings.add(message);
            }

            @Override
            public void acceptAbsentZero(Observation o) {
                into.acceptAbsentZero(o);
            }
        });
        return builder.build();
    }

    /** Two teams, three weeks of daily rows: tickets every day, tokens only where used ({@code used}). */
    private static List<Observation> rows(boolean writeZeros, LocalDate from, int days, String segment,
                                          boolean[] used) {
        List<Observation> out = new ArrayList<>();
        for (int t = 0; t < days; t++) {
            LocalDate d = from.plusDays(t);
            out.add(new Observation(d, segment, "tickets", 3 + t % 4));
            if (used[t % used.length]) {
                out.add(new Observation(d, segment, "tokens", 100 + t));
            } else if (writeZeros) {
                out.add(new Observation(d, segment, "tokens", 0));
            }
        }
        return out;
    }

    @Test
    void absentDaysWithinEachSegmentsRowsReadAsZero() throws SourceException {
        boolean[] weekdays = {true, true, true, true, true, false, false};
        boolean[] sparse = {true, false, false, true, false, false, true};
        List<Observation> absent = new ArrayList<>(rows(false, MONDAY, 21, "a", weekdays));
        absent.addAll(rows(false, MONDAY.plusDays(7), 14, "b", sparse)); // b starts a week later
        List<Observation> written = new ArrayList<>(rows(true, MONDAY, 21, "a", weekdays));
        written.addAll(rows(true, MONDAY.plusDays(7), 14, "b", sparse));
        List<String> warnings = new ArrayList<>();
        Frame made = read(model(Granularity.DAY), absent, Set.of("tokens"), Set.of(), warnings);
        Frame plain = read(model(Granularity.DAY), written, Set.of(), Set.of(), new ArrayList<>());
        for (String segment : List.of("a", "b", "*")) {
            assertThat(made.series(segment, "tokens")).as(segment).containsExactly(plain.series(segment, "tokens"));
        }
        // b's first week is before its first row: not filled
        assertThat(made.series("b", "tokens")[0]).isNaN();
        InputAccount account = made.inputAccount();
        assertThat(account.read()).isEqualTo(absent.size());
        assertThat(account.used()).isEqualTo(absent.size());
        // a: 3 weekends; b: from its first row, days 7 to 20 but 7, 10, 13, 14, 17, 20
        assertThat(account.count(InputAccount.Reason.ABSENT_ZERO)).isEqualTo(written.size() - absent.size())
                .isEqualTo(6 + 8);
        assertThat(account.sentence()).isEqualTo("Read " + absent.size() + " lines, used " + absent.size()
                + "; 14 zeros made for days (weeks, months) without a row of a metric declared zero when absent.");
        assertThat(warnings).containsExactly("tokens: 14 days without a row read as 0 (declared zero when absent), "
                + "within each segment's rows and the metric's");
    }

    @Test
    void aMissingValueStaysMissing() throws SourceException {
        List<Observation> rows = new ArrayList<>(rows(false, MONDAY, 14, "a", new boolean[] {true, false}));
        rows.add(new Observation(MONDAY.plusDays(1), "a", "tokens", Double.NaN));
        Frame made = read(model(Granularity.DAY), rows, Set.of("tokens"), Set.of(), new ArrayList<>());
        double[] tokens = made.series("a", "tokens");
        assertThat(tokens[1]).isNaN();
        assertThat(tokens[3]).isZero();
        assertThat(tokens[13]).as("after the metric's last row").isNaN();
        assertThat(made.inputAccount().count(InputAccount.Reason.ABSENT_ZERO)).isEqualTo(5);
    }

    @Test
    void weeklyAndMonthlyRowsAreFilledOnTheirOwnDays() throws SourceException {
        List<Observation> rows = new ArrayList<>();
        for (int w = 0; w < 8; w++) {
            LocalDate d = MONDAY.plusWeeks(w);
            rows.add(new Observation(d, "a", "tickets", 5));
            if (w % 3 != 1) {
                rows.add(new Observation(d, "a", "tokens", 50));
            }
        }
        Frame weekly = read(model(Granularity.WEEK), rows, Set.of("tokens"), Set.of(), new ArrayList<>());
        // the last week is after the metric's last row: not filled
        assertThat(weekly.series("a", "tokens")).containsExactly(50, 0, 50, 50, 0, 50, 50, Double.NaN);
        List<Observation> months = new ArrayList<>();
        for (int m = 0; m < 6; m++) {
            LocalDate d = LocalDate.of(2025, 1, 1).plusMonths(m);
            months.add(new Observation(d, "a", "tickets", 5));
            if (m != 2 && m != 3) {
                months.add(new Observation(d, "a", "tokens", 50));
            }
        }
        Frame monthly = read(model(Granularity.MONTH), months, Set.of("tokens"), Set.of(), new ArrayList<>());
        assertThat(monthly.series("a", "tokens")).containsExactly(50, 50, 0, 0, 50, 50);
        assertThat(monthly.inputAccount().sentence()).endsWith("; 2 zeros made for days (weeks, months) without a "
                + "row of a metric declared zero when absent.");
    }

    @Test
    void aMetricThatLooksLeftOutWhereZeroIsWarnedAbout() throws SourceException {
        boolean[] sparse = {true, false, true, false, false, false, false};
        List<String> warnings = new ArrayList<>();
        read(model(Granularity.DAY), rows(false, MONDAY, 28, "a", sparse), Set.of(), Set.of("tokens"), warnings);
        assertThat(warnings).singleElement().asString().startsWith("tokens has no row of 0 and none on 20 days on "
                + "which the same segments have rows of other metrics").contains("--absent-zero tokens");
        // with its rows of 0 written, or with only a few days absent, nothing is said
        List<String> none = new ArrayList<>();
        read(model(Granularity.DAY), rows(true, MONDAY, 28, "a", sparse), Set.of(), Set.of("tokens"), none);
        boolean[] nearlyAll = new boolean[14];
        Arrays.fill(nearlyAll, true);
        nearlyAll[3] = false;
        read(model(Granularity.DAY), rows(false, MONDAY, 28, "a", nearlyAll), Set.of(), Set.of("tokens"), none);
        assertThat(none).isEmpty();
    }

    /**
     * A metric given once a week (token totals on Mondays) beside a daily one is looked at week by week: the days
     * between its rows are not days without it (a helper's export: "none on 480 days", and declaring it zero when
     * absent changed nothing). Weeks without its row are still named.
     */
    @Test
    void aWeeklyMetricBesideADailyOneIsLookedAtWeekByWeek() throws SourceException {
        List<Observation> rows = new ArrayList<>();
        for (int d = 0; d < 140; d++) {
            LocalDate day = MONDAY.plusDays(d);
            for (String segment : List.of("a", "b")) {
                rows.add(new Observation(day, segment, "tickets", 5));
                if (d % 7 == 0) {
                    rows.add(new Observation(day, segment, "tokens", 50));
                }
            }
        }
        List<String> weekly = new ArrayList<>();
        read(model(Granularity.WEEK), rows, Set.of(), Set.of("tokens"), weekly);
        assertThat(weekly).isEmpty();
        // 12 of its 40 weeks left out (weeks 5 to 10 of both segments): said in weeks
        List<Observation> gaps = new ArrayList<>(rows);
        gaps.removeIf(o -> o.metric().equals("tokens") && o.date().isAfter(MONDAY.plusWeeks(4))
                && o.date().isBefore(MONDAY.plusWeeks(11)));
        List<String> warned = new ArrayList<>();
        read(model(Granularity.WEEK), gaps, Set.of(), Set.of("tokens"), warned);
        assertThat(warned).singleElement().asString().startsWith("tokens has no row of 0 and none in 12 weeks in which "
                + "the same segments have rows of other metrics: if weeks without it are left out");
        // an outage of every metric (no row at all in those weeks) is no week without use: nothing said (a helper's
        // export; declaring tokens zero when absent would have invented the weeks' use)
        List<Observation> outage = new ArrayList<>(rows);
        outage.removeIf(o -> o.date().isAfter(MONDAY.plusWeeks(4)) && o.date().isBefore(MONDAY.plusWeeks(11)));
        List<String> quiet = new ArrayList<>();
        read(model(Granularity.WEEK), outage, Set.of(), Set.of("tokens"), quiet);
        assertThat(quiet).isEmpty();
    }

    /**
     * A reviewer's cases: a segment without any row of the metric (a team named otherwise in the usage export) is not
     * read as never having used the tool; an export that begins later than the outcome's history is not filled before
     * it; the organisation's own rows are filled as a segment's; rows stepped otherwise than daily, weekly on one
     * weekday or monthly on the first (a sprint's, weekly rows with one on another weekday) are not filled, and the
     * sink is told; a mean is refused by the frame.
     */
    @Test
    void onlyWhatTheRowsShowIsRead() throws SourceException {
        boolean[] sparse = {true, false, true, false, false, false, false};
        List<Observation> rows = new ArrayList<>(rows(false, MONDAY, 28, "a", sparse));
        for (int t = 0; t < 28; t++) {
            rows.add(new Observation(MONDAY.plusDays(t), "A-other", "tickets", 4)); // no tokens row at all
        }
        // the organisation's own tokens rows, on alternate days
        for (int t = 0; t < 28; t += 2) {
            rows.add(new Observation(MONDAY.plusDays(t), "", "tokens", 500));
        }
        List<String> warnings = new ArrayList<>();
        Frame f = read(model(Granularity.DAY), rows, Set.of("tokens"), Set.of(), warnings);
        assertThat(f.has("A-other", "tokens")).as("a segment without any tokens row").isFalse();
        assertThat(f.series("*", "tokens")[1]).isZero();
        assertThat(f.series("*", "tokens")[2]).isEqualTo(500);
        // a: days 0 to 26 (the metric's last row) but its 8; the organisation: the odd days 1 to 25
        assertThat(f.inputAccount().count(InputAccount.Reason.ABSENT_ZERO)).isEqualTo(19 + 13);

        // tokens from day 14 only (the export began then), tickets from day 0: nothing filled before day 14
        List<Observation> late = new ArrayList<>();
        boolean[] often = {true, true, false, true, false, false, false};
        for (Observation o : rows(false, MONDAY, 28, "a", often)) {
            if (o.metric().equals("tickets") || !o.date().isBefore(MONDAY.plusDays(14))) {
                late.add(o);
            }
        }
        Frame fl = read(model(Granularity.DAY), late, Set.of("tokens"), Set.of(), new ArrayList<>());
        assertThat(Arrays.copyOfRange(fl.series("a", "tokens"), 0, 14)).containsOnly(Double.NaN);
        assertThat(fl.series("a", "tokens")[16]).isZero();

        // a sprint's rows every 14 days on Mondays: not filled
        List<Observation> sprint = new ArrayList<>();
        for (int w = 0; w < 20; w++) {
            sprint.add(new Observation(MONDAY.plusWeeks(w), "a", "tickets", 5));
            if (w % 2 == 0) {
                sprint.add(new Observation(MONDAY.plusWeeks(w), "a", "tokens", 50));
            }
        }
        List<String> told = new ArrayList<>();
        Frame fs = read(model(Granularity.WEEK), sprint, Set.of("tokens"), Set.of(), told);
        assertThat(fs.inputAccount().count(InputAccount.Reason.ABSENT_ZERO)).isZero();
        assertThat(told).containsExactly("tokens is declared zero when absent, but its rows are neither daily nor "
                + "weekly on one weekday nor monthly on the first (on 1 weekday, a segment's rows at least 14 days "
                + "apart): no day was read as 0");

        IntegrityModel mean = IntegrityModel.builder().proxy("tokens", "tokens").outcome("cycle", Direction.LOWER, "d")
                .link(Link.of("tokens", "cycle")).build();
        assertThatThrownBy(() -> Frame.builder(mean).addAbsentZero(new Observation(MONDAY, "a", "cycle", 0)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cycle is read as its mean");
    }

    @Test
    void nothingToDoIsTheSourceItself() {
        ObservationSource source = ObservationSource.of("x", sink -> 0);
        assertThat(AbsentDays.zeroWhenAbsent(source, Set.of(), Set.of())).isSameAs(source);
        assertThat(AbsentDays.zeroWhenAbsent(source, Set.of("tokens"), Set.of("tokens"))).isNotSameAs(source);
        Frame.Builder builder = Frame.builder(model(Granularity.DAY));
        assertThatThrownBy(() -> builder.addAbsentZero(new Observation(MONDAY, "a", "tokens", 1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("reads as 0");
    }

    /**
     * A reviewer's case: light users (tokens on 25-60% of weekdays, none at weekends), a quarter of them doubling
     * their use with a script that runs every day from the date, cycle time unchanged. With the days without use
     * left out, each day's mean was taken over the days with use and the scripts read as less use (the reviewer: 15
     * of 144 found with the rows of 0 written, 0 without, every one HEALTHY); declared zero when absent, the report
     * is the one of the rows of 0 written, team for team.
     */
    @Test
    void aGroupByExportScoresAsTheRowsOfZeroWritten() throws SourceException {
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "days").link(Link.of("tokens", "cycle_time"))
                .intervention(MONDAY.plusDays(91), "token quota").build();
        int[] found = new int[3];
        for (long seed = 1; seed <= 4; seed++) {
            List<Observation> written = new ArrayList<>();
            List<Observation> absent = new ArrayList<>();
            SplittableRandom r = new SplittableRandom(seed);
            for (int team = 0; team < 24; team++) {
                boolean gaming = team % 4 == 0;
                double share = 0.25 + 0.35 * r.nextDouble();
                double base = 200 * Math.exp(r.nextDouble());
                double noise = 0;
                for (int t = 0; t < 182; t++) {
                    LocalDate d = MONDAY.plusDays(t);
                    boolean weekday = t % 7 < 5;
                    double use = weekday && r.nextDouble() < share ? base * Math.exp(0.3 * Zoo.gaussian(r)) : 0;
                    if (gaming && t >= 91) {
                        use += base * share; // a script: every day, weekends too
                    }
                    noise = 0.6 * noise + 0.05 * Zoo.gaussian(r);
                    String segment = "team" + team + (gaming ? "-gaming" : "");
                    Observation ct = new Observation(d, segment, "cycle_time", 3 * Math.exp(noise));
                    Observation tokens = new Observation(d, segment, "tokens", Math.round(use));
                    written.add(ct);
                    written.add(tokens);
                    absent.add(ct);
                    if (tokens.value() > 0) {
                        absent.add(tokens);
                    }
                }
            }
            IntegrityReport plain = Scorer.builder().build().score(model, read(model, written, Set.of(), Set.of(),
                    new ArrayList<>()));
            IntegrityReport left = Scorer.builder().build().score(model, read(model, absent, Set.of(), Set.of(),
                    new ArrayList<>()));
            IntegrityReport made = Scorer.builder().build().score(model, read(model, absent, Set.of("tokens"),
                    Set.of(), new ArrayList<>()));
            for (int i = 0; i < plain.pairs().size(); i++) {
                PairResult p = plain.pairs().get(i);
                assertThat(made.pairs().get(i).score()).as(p.segment()).isEqualTo(p.score());
                assertThat(made.pairs().get(i).verdict()).as(p.segment()).isEqualTo(p.verdict());
            }
            found[0] += gamingFlagged(plain);
            found[1] += gamingFlagged(left);
            found[2] += gamingFlagged(made);
        }
        System.out.printf("scripts doubling light use, flagged of 24: rows of 0 written %d, left out %d, left out and "
                + "declared zero when absent %d%n", found[0], found[1], found[2]);
        assertThat(found[2]).isEqualTo(found[0]).isGreaterThan(found[1]);
    }

    private static int gamingFlagged(IntegrityReport report) {
        int n = 0;
        for (PairResult p : report.pairs()) {
            n += p.segment().endsWith("-gaming") && p.verdict().flagged() ? 1 : 0;
        }
        return n;
    }
}
