package dev.goodhart.spark;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.goodhart.Goodhart;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.model.Observation;
import dev.goodhart.report.Verdict;
import dev.goodhart.activity.ActivityEvent;
import dev.goodhart.activity.ActivityLog;
import dev.goodhart.activity.ActivityReport;
import dev.goodhart.activity.ActivityScorer;
import dev.goodhart.sim.Organisations;
import dev.goodhart.sim.Scenario;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Spark in local mode ({@code local[2]}) gives the single-machine results. */
class SparkScoringTest {
    private static SparkSession spark;

    @BeforeAll
    static void start() {
        spark = SparkSession.builder().master("local[2]").appName("goodhart-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "8")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
                .getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
    }

    @AfterAll
    static void stop() {
        if (spark != null) {
            spark.stop();
        }
    }

    @Test
    void scoresThousandsOfSegmentsExactlyAsOneMachineDoes() {
        List<Observation> obs = new ArrayList<>();
        long seed = 1;
        for (Scenario s : Scenario.values()) {
            obs.addAll(Organisations.of(s, 200, seed, 104, 52)); // 11 scenarios x 200 = 2,200 segments
            seed += 10_000;
        }
        IntegrityModel model = Organisations.model(52);
        Dataset<Row> data = frame(spark, obs, 6);

        long t0 = System.nanoTime();
        IntegrityReport onSpark = SparkScoring.report(data, new SparkScoring.Columns("day", "team", "name", "value"), model, 0);
        long sparkMillis = (System.nanoTime() - t0) / 1_000_000;
        IntegrityReport local = Goodhart.score(model, obs);
        System.out.printf(Locale.ROOT, "spark: %d segments scored in %d ms on local[2]%n", onSpark.segmentCount(), sparkMillis);
        assertThat(onSpark.segmentCount()).isEqualTo(2_200);
        // the same rows accounted for; a dataset has no order, so no line numbers
        assertThat(onSpark.input().counts()).isEqualTo(local.input().counts());
        assertThat(onSpark.input().read()).isEqualTo(local.input().read());
        assertThat(onSpark.input().used()).isEqualTo(local.input().used());
        assertThat(onSpark.withInput(local.input())).isEqualTo(local);

        Dataset<Row> pairs = SparkScoring.pairs(spark, onSpark);
        assertThat(pairs.count()).isEqualTo(local.pairs().size());
        assertThat(pairs.columns()).containsExactly("proxy", "outcome", "segment", "score", "verdict", "variants",
                "findings", "notes");
        Row gamed = pairs.filter("segment = 'gamed-0'").first();
        assertThat(gamed.getString(4)).isIn(Verdict.DIVERGING.name(), Verdict.GAMED.name());
        assertThat(gamed.getList(6)).isNotEmpty();
    }

    /** The observations as a Dataset with columns day, team, name, value, in {@code partitions} partitions. */
    static Dataset<Row> frame(SparkSession session, List<Observation> obs, int partitions) {
        List<Row> rows = new ArrayList<>(obs.size());
        for (Observation o : obs) {
            rows.add(RowFactory.create(java.sql.Date.valueOf(o.date()), o.segment(), o.metric(), o.value()));
        }
        StructType schema = new StructType(new StructField[] {
            DataTypes.createStructField("day", DataTypes.DateType, false),
            DataTypes.createStructField("team", DataTypes.StringType, true),
            DataTypes.createStructField("name", DataTypes.StringType, false),
            DataTypes.createStructField("value", DataTypes.DoubleType, true)});
        return session.createDataFrame(rows, schema).repartition(partitions);
    }

    static Dataset<Row> frame(List<Observation> obs) {
        return frame(spark, obs, 5);
    }

    static final SparkScoring.Columns COLUMNS = new SparkScoring.Columns("day", "team", "name", "value");

    /**
     * Every cross-segment detector in its stages on the cluster (expected response with reference peers, difference in
     * differences with two rollout dates, bunching at a quota, the digit test, tail divergence), charts included.
     */
    @Test
    void everyCrossSegmentDetectorGivesWhatItGivesOnOneMachine() {
        IntegrityModel model = dev.goodhart.scoring.StagedScorerTest.model();
        List<Observation> obs = dev.goodhart.scoring.StagedScorerTest.rows(7);
        IntegrityReport local = Goodhart.score(model, obs);
        IntegrityReport onSpark = SparkScoring.report(frame(obs), COLUMNS, model, 0);
        assertThat(onSpark.withInput(local.input())).isEqualTo(local);
        java.util.Set<String> detectors = new java.util.TreeSet<>();
        local.pairs().forEach(p -> p.findings().forEach(f -> detectors.add(f.detector())));
        assertThat(detectors).contains("expected-response", "difference-in-differences", "threshold-bunching",
                "digit-test", "tail-divergence");
        assertThat(local.pairs()).anyMatch(p -> p.chart() != null && !p.segment().equals("*"));
    }

    /**
     * Segment names as a platform stores them: with spaces or tabs around them, and the organisation's own rows as
     * empty, {@code "*"} or null. Each row's name varies, so one segment's rows arrive under several raw keys; they must
     * meet as one segment, exactly as one machine normalises them.
     */
    @Test
    void rawSegmentNamesMeetAsOneMachineNormalisesThem() {
        IntegrityModel model = dev.goodhart.scoring.StagedScorerTest.model();
        List<Observation> obs = new ArrayList<>();
        for (Observation o : dev.goodhart.scoring.StagedScorerTest.rows(3)) {
            obs.add(o.segment().equals("team-000") ? new Observation(o.date(), "*", o.metric(), o.value()) : o);
        }
        IntegrityReport local = Goodhart.score(model, obs);
        List<Row> rows = new ArrayList<>(obs.size());
        int i = 0;
        for (Observation o : obs) {
            String raw = switch (i++ % 3) {
                case 0 -> o.segment().equals("*") ? "" : " " + o.segment();
                case 1 -> o.segment().equals("*") ? null : o.segment() + "\t";
                default -> o.segment();
            };
            rows.add(RowFactory.create(java.sql.Date.valueOf(o.date()), raw, o.metric(), o.value()));
        }
        StructType schema = new StructType(new StructField[] {
            DataTypes.createStructField("day", DataTypes.DateType, false),
            DataTypes.createStructField("team", DataTypes.StringType, true),
            DataTypes.createStructField("name", DataTypes.StringType, false),
            DataTypes.createStructField("value", DataTypes.DoubleType, true)});
        Dataset<Row> data = spark.createDataFrame(rows, schema).repartition(7);
        IntegrityReport onSpark = SparkScoring.report(data, COLUMNS, model, 0);
        assertThat(onSpark.withInput(local.input())).isEqualTo(local);
        assertThat(onSpark.segmentCount()).isEqualTo(local.segmentCount());
    }

    /**
     * A report decided at another significance level ({@code Scorer.Builder.alpha}) on the cluster equals one machine's
     * at that level, on the driver and with the rows on the executors; and the level changes verdicts here.
     */
    @Test
    void aReportAtAnotherLevelEqualsOneMachinesAtThatLevel() {
        IntegrityModel model = dev.goodhart.scoring.StagedScorerTest.model();
        List<Observation> obs = dev.goodhart.scoring.StagedScorerTest.rows(7);
        dev.goodhart.model.Frame frame = dev.goodhart.model.Frame.of(model, obs);
        IntegrityReport atDefault = dev.goodhart.scoring.Scorer.builder().build().score(model, frame);
        boolean changed = false;
        for (double alpha : new double[] {0.001, 0.1}) {
            IntegrityReport local = dev.goodhart.scoring.Scorer.builder().alpha(alpha).build().score(model, frame);
            IntegrityReport onSpark = SparkScoring.report(frame(obs), COLUMNS, model, 0, alpha);
            assertThat(onSpark.alpha()).isEqualTo(alpha);
            assertThat(onSpark.withInput(local.input())).isEqualTo(local);
            try (SparkReport rows = SparkScoring.score(frame(obs), COLUMNS, model, 0, alpha)) {
                assertThat(rows.header().alpha()).isEqualTo(alpha);
                assertThat(rows.pairs().collectAsList())
                        .containsExactlyInAnyOrderElementsOf(SparkScoring.pairs(spark, local).collectAsList());
            }
            changed |= !local.verdictCounts().equals(atDefault.verdictCounts());
        }
        assertThat(changed).as("some verdict moves with the level").isTrue();
        assertThatThrownBy(() -> SparkScoring.report(frame(obs), COLUMNS, model, 0, 0.5))
                .hasMessageContaining("alpha: must be from 1.0E-10 to 0.1, found 0.5");
    }

    /** The report whose rows stay on the executors: the same rows and counts as one machine's report. */
    @Test
    void theRowsStayOnTheExecutorsAndEqualOneMachines() {
        IntegrityModel model = dev.goodhart.scoring.StagedScorerTest.model();
        List<Observation> obs = dev.goodhart.scoring.StagedScorerTest.rows(11);
        IntegrityReport local = Goodhart.score(model, obs);
        try (SparkReport onSpark = SparkScoring.score(frame(obs), COLUMNS, model, 0)) {
            assertThat(onSpark.header().segmentCount()).isEqualTo(local.segmentCount());
            assertThat(onSpark.header().pairCount()).isEqualTo(local.pairs().size());
            java.util.Map<Verdict, Long> counts = new java.util.EnumMap<>(Verdict.class);
            for (Verdict v : Verdict.values()) {
                counts.put(v, local.pairs().stream().filter(p -> p.verdict() == v).count());
            }
            assertThat(onSpark.header().verdicts()).isEqualTo(counts);
            assertThat(onSpark.organisation()).hasSize(model.links().size());
            assertThat(onSpark.organisation().get(0)).isEqualTo(local.pairs().get(0));
            List<Row> expected = SparkScoring.pairs(spark, local).collectAsList();
            List<Row> actual = onSpark.pairs().collectAsList();
            assertThat(actual).hasSameSizeAs(expected);
            assertThat(actual).containsExactlyInAnyOrderElementsOf(expected);
        }
    }

    /**
     * Daily rows in weekly periods from a Wednesday to a Wednesday: the partial first and last weeks are left out and
     * their rows counted, on the cluster as on one machine (the driver decides the calendar once for every executor).
     */
    @Test
    void partialFirstAndLastWeeksAreLeftOutAsOnOneMachine() {
        IntegrityModel model = dev.goodhart.scoring.StagedScorerTest.model().toBuilder()
                .granularity(dev.goodhart.model.Granularity.WEEK).build();
        List<Observation> obs = new ArrayList<>();
        for (Observation o : dev.goodhart.scoring.StagedScorerTest.rows(13)) {
            if (o.date().isAfter(java.time.LocalDate.of(2025, 1, 7))) {
                obs.add(o); // from Wednesday 2025-01-08; the rows end on Wednesday 2025-06-04
            }
        }
        IntegrityReport local = Goodhart.score(model, obs);
        assertThat(local.input().count(dev.goodhart.model.InputAccount.Reason.PARTIAL_PERIOD)).isPositive();
        IntegrityReport onSpark = SparkScoring.report(frame(obs), COLUMNS, model, 0);
        assertThat(onSpark.input().count(dev.goodhart.model.InputAccount.Reason.PARTIAL_PERIOD))
                .isEqualTo(local.input().count(dev.goodhart.model.InputAccount.Reason.PARTIAL_PERIOD));
        assertThat(onSpark.input().used()).isEqualTo(local.input().used());
        // bit for bit: a week's sum of daily values is its exact sum rounded once, whatever order the shuffle gives
        assertThat(onSpark.lastPeriod()).isEqualTo(local.lastPeriod()).isEqualTo(java.time.LocalDate.of(2025, 5, 26));
        assertThat(onSpark.withInput(local.input())).isEqualTo(local);
    }

    /**
     * Weekly rows of two metrics on their own weekdays (tokens on Mondays, cycle time on Fridays) keep their last week,
     * on the cluster as on one machine: each metric is dated once a period.
     */
    @Test
    void metricsOnTheirOwnWeekdaysKeepTheirLastWeekAsOnOneMachine() {
        IntegrityModel model = dev.goodhart.scoring.StagedScorerTest.model().toBuilder()
                .granularity(dev.goodhart.model.Granularity.WEEK).build();
        List<Observation> weekdays = new ArrayList<>();
        for (Observation o : weeksFromSunday()) {
            // tokens dated on the Monday after the week's Sunday, cycle time on its Friday
            weekdays.add(new Observation(o.date().plusDays(o.metric().equals("cycle_time") ? 5 : 1), o.segment(),
                    o.metric(), o.value()));
        }
        IntegrityReport localWeekdays = Goodhart.score(model, weekdays);
        assertThat(localWeekdays.input().count(dev.goodhart.model.InputAccount.Reason.PARTIAL_PERIOD)).isZero();
        IntegrityReport sparkWeekdays = SparkScoring.report(frame(weekdays), COLUMNS, model, 0);
        assertThat(sparkWeekdays.input().counts()).isEqualTo(localWeekdays.input().counts());
        assertThat(sparkWeekdays.lastPeriod()).isEqualTo(localWeekdays.lastPeriod());
    }

    /** {@code StagedScorerTest.rows(19)} as weekly rows, each dated by the Sunday that begins its week. */
    private static List<Observation> weeksFromSunday() {
        java.util.Map<String, double[]> weeks = new java.util.TreeMap<>();
        java.time.LocalDate firstSunday = java.time.LocalDate.of(2025, 1, 12);
        for (Observation o : dev.goodhart.scoring.StagedScorerTest.rows(19)) {
            long week = Math.floorDiv(java.time.temporal.ChronoUnit.DAYS.between(firstSunday, o.date()), 7);
            if (week >= 0) {
                double[] acc = weeks.computeIfAbsent(o.segment() + "\u0000" + o.metric() + "\u0000" + week,
                        k -> new double[2]);
                acc[0] += o.value();
                acc[1]++;
            }
        }
        List<Observation> obs = new ArrayList<>();
        weeks.forEach((key, acc) -> {
            String[] k = key.split("\u0000");
            double value = k[1].equals("cycle_time") ? acc[0] / acc[1] : acc[0];
            obs.add(new Observation(firstSunday.plusWeeks(Long.parseLong(k[2])), k[0], k[1], value));
        });
        return obs;
    }

    /** The pairs whose expected response says a week was read in neither window. */
    private static long straddling(IntegrityReport report) {
        return report.pairs().stream().filter(p -> p.finding("expected-response")
                .filter(f -> f.detail().contains("read in neither window")).isPresent()).count();
    }

    /**
     * Weekly rows dated by the Sunday that begins their week, the quotas on Mondays: the row the day before each quota is
     * read in neither window, on the cluster as on one machine (the driver reads the rows' weekday once for every
     * executor's frame and the organisation's, which sees only sums).
     */
    @Test
    void aWeekThatMayStraddleTheQuotaIsReadAsOnOneMachine() {
        IntegrityModel model = dev.goodhart.scoring.StagedScorerTest.model().toBuilder()
                .granularity(dev.goodhart.model.Granularity.WEEK).build();
        List<Observation> obs = weeksFromSunday();
        IntegrityReport local = Goodhart.score(model, obs);
        assertThat(local.pairs()).anyMatch(p -> p.finding("expected-response")
                .filter(f -> f.detail().contains("rows dated 2025-03-30 read in neither window")).isPresent());
        assertThat(local.pairs()).anyMatch(p -> p.finding("expected-response")
                .filter(f -> f.detail().contains("rows dated 2025-04-13 read in neither window")).isPresent());
        IntegrityReport onSpark = SparkScoring.report(frame(obs), COLUMNS, model, 0);
        assertThat(onSpark.withInput(local.input())).isEqualTo(local);
    }

    /**
     * As above with daily rows after the last Sunday (a partial last week, left out of the calendar): the weekday is read
     * from the weeks kept, on the cluster as on one machine (a reviewer found the driver reading it from every week, so
     * that the rule was off on the cluster alone).
     */
    @Test
    void theWeekdayIsReadFromTheWeeksKeptAsOnOneMachine() {
        IntegrityModel model = dev.goodhart.scoring.StagedScorerTest.model().toBuilder()
                .granularity(dev.goodhart.model.Granularity.WEEK).build();
        List<Observation> obs = weeksFromSunday();
        java.time.LocalDate lastSunday = obs.stream().map(Observation::date).max(java.time.LocalDate::compareTo)
                .orElseThrow();
        List<Observation> days = new ArrayList<>();
        for (Observation o : obs) {
            if (o.date().equals(lastSunday)) {
                days.add(new Observation(lastSunday.plusDays(1), o.segment(), o.metric(), o.value() / 7));
                days.add(new Observation(lastSunday.plusDays(2), o.segment(), o.metric(), o.value() / 7));
            }
        }
        obs.addAll(days);
        IntegrityReport local = Goodhart.score(model, obs);
        assertThat(local.input().count(dev.goodhart.model.InputAccount.Reason.PARTIAL_PERIOD)).isPositive();
        assertThat(straddling(local)).isPositive();
        IntegrityReport onSpark = SparkScoring.report(frame(obs), COLUMNS, model, 0);
        assertThat(straddling(onSpark)).isEqualTo(straddling(local));
        assertThat(onSpark.withInput(local.input())).isEqualTo(local);
    }

    /**
     * Teams created after the quota: the organisation's series sums only the segments with a baseline, on the cluster
     * as on one machine (the driver decides the split once for every executor).
     */
    @Test
    void teamsCreatedAfterTheQuotaAreLeftOutOfTheOrganisationAsOnOneMachine() {
        IntegrityModel model = dev.goodhart.scoring.StagedScorerTest.model();
        List<Observation> obs = new ArrayList<>(dev.goodhart.scoring.StagedScorerTest.rows(17));
        for (Observation o : dev.goodhart.scoring.StagedScorerTest.rows(18)) {
            if (o.date().isAfter(java.time.LocalDate.of(2025, 4, 20)) && o.segment().compareTo("team-010") < 0) {
                obs.add(new Observation(o.date(), "new-" + o.segment(), o.metric(), o.value()));
            }
        }
        IntegrityReport local = Goodhart.score(model, obs);
        IntegrityReport onSpark = SparkScoring.report(frame(obs), COLUMNS, model, 0);
        assertThat(onSpark.withInput(local.input())).isEqualTo(local);
        assertThat(local.pairs()).anyMatch(p -> p.segment().startsWith("new-"));
    }

    /**
     * Teams whose data begin four weeks before the quota are left out of the organisation's sums, and a team with a
     * month of history ahead of the others does not make the organisation's baseline its own: the driver finds the
     * organisation's first period from every partition's first periods, as one machine's frame does, and the
     * organisation's row says so alike.
     */
    @Test
    void teamsThatBeginLateInTheBaselineAreLeftOutAsOnOneMachine() {
        IntegrityModel model = dev.goodhart.scoring.StagedScorerTest.model();
        List<Observation> obs = new ArrayList<>(dev.goodhart.scoring.StagedScorerTest.rows(19));
        java.time.LocalDate quota = java.time.LocalDate.of(2025, 1, 6).plusDays(84);
        for (Observation o : dev.goodhart.scoring.StagedScorerTest.rows(20)) {
            if (!o.date().isBefore(quota.minusWeeks(4)) && o.segment().compareTo("team-004") < 0) {
                obs.add(new Observation(o.date(), "late-" + o.segment(), o.metric(), o.value()));
            }
            if (o.segment().equals("team-004")) {
                obs.add(new Observation(o.date().minusDays(30), "old-" + o.segment(), o.metric(), o.value()));
            }
        }
        IntegrityReport local = Goodhart.score(model, obs);
        IntegrityReport onSpark = SparkScoring.report(frame(obs), COLUMNS, model, 0);
        assertThat(onSpark.withInput(local.input())).isEqualTo(local);
        assertThat(local.pairs()).anyMatch(p -> p.segment().equals(dev.goodhart.model.Segments.ALL)
                && p.notes().stream().anyMatch(n -> n.contains("from that date on (1 had begun before it")
                        && n.contains("leaves out 4 segments whose data begin later, during its baseline, or end "
                        + "before the date (late-team-000, "
                        + "late-team-001, late-team-002, ...)")));
    }

    /**
     * Monthly data over three years with most teams beginning 20 months in: a partition holding only such teams read
     * the calendar's first month, the anchor each partition's frame was given, as a row more than a year before its
     * bulk (a mistyped year) and refused; each partition's frame now takes the whole data's calendar as declared
     * ({@code Frame.Builder.span}). A reviewer's random organisations threw so where one machine scores (helper-158).
     */
    @Test
    void teamsThatBeginYearsLaterScoreAsOnOneMachine() {
        java.time.LocalDate start = java.time.LocalDate.of(2023, 1, 1);
        IntegrityModel model = IntegrityModel.builder()
                .metric(new dev.goodhart.model.Metric("tokens", dev.goodhart.model.Role.PROXY,
                        dev.goodhart.model.Direction.HIGHER, "tokens", dev.goodhart.model.Aggregation.SUM))
                .metric(new dev.goodhart.model.Metric("cycle_time", dev.goodhart.model.Role.OUTCOME,
                        dev.goodhart.model.Direction.LOWER, "hours", dev.goodhart.model.Aggregation.MEAN))
                .link("tokens", "cycle_time").granularity(dev.goodhart.model.Granularity.MONTH)
                .intervention(start.plusMonths(28), "quota").build();
        java.util.SplittableRandom r = new java.util.SplittableRandom(5);
        List<Observation> obs = new ArrayList<>();
        for (int s = 0; s < 12; s++) {
            int from = s == 0 ? 0 : 20;
            for (int m = from; m < 36; m++) {
                java.time.LocalDate d = start.plusMonths(m);
                obs.add(new Observation(d, "team-" + s, "tokens", 1000 * (m >= 28 && s % 3 == 0 ? 2 : 1)
                        * Math.exp(0.1 * r.nextGaussian())));
                obs.add(new Observation(d, "team-" + s, "cycle_time", 30 * Math.exp(0.05 * r.nextGaussian())));
            }
        }
        IntegrityReport local = Goodhart.score(model, obs);
        IntegrityReport onSpark = SparkScoring.report(frame(obs), COLUMNS, model, 0);
        assertThat(onSpark.withInput(local.input())).isEqualTo(local);
    }

    /**
     * Thirty of the 180 teams without their tokens for most of the baseline's first half: the organisation's row says
     * its sums lack them there, with the same shares on the cluster (the driver reads the partitions' merged counts)
     * as on one machine.
     */
    @Test
    void teamsMissingEarlyRowsAreSaidAsOnOneMachine() {
        IntegrityModel model = dev.goodhart.scoring.StagedScorerTest.model();
        java.time.LocalDate start = java.time.LocalDate.of(2025, 1, 6);
        List<Observation> obs = new ArrayList<>();
        for (Observation o : dev.goodhart.scoring.StagedScorerTest.rows(25)) {
            boolean gap = o.segment().compareTo("team-030") < 0 && o.metric().equals("tokens")
                    && o.date().isAfter(start) && o.date().isBefore(start.plusDays(40));
            if (!gap) {
                obs.add(o);
            }
        }
        IntegrityReport local = Goodhart.score(model, obs);
        IntegrityReport onSpark = SparkScoring.report(frame(obs), COLUMNS, model, 0);
        assertThat(onSpark.withInput(local.input())).isEqualTo(local);
        assertThat(local.pairs()).anyMatch(p -> p.segment().equals(dev.goodhart.model.Segments.ALL)
                && p.notes().stream().anyMatch(n -> n.contains("and some have no row in some days")));
    }

    /**
     * Segments that give tokens and nothing else: they count in the organisation's tokens and not in its outcome, and
     * the organisation's row says so with the same counts on the cluster (the partitions' counts carried to the
     * driver's frame of the organisation alone) as on one machine.
     */
    @Test
    void segmentsWithTheProxyAloneAreCountedAsOneMachineCountsThem() {
        IntegrityModel model = dev.goodhart.scoring.StagedScorerTest.model();
        List<Observation> obs = new ArrayList<>(dev.goodhart.scoring.StagedScorerTest.rows(23));
        for (Observation o : dev.goodhart.scoring.StagedScorerTest.rows(24)) {
            if (o.metric().equals("tokens") && o.segment().compareTo("team-003") < 0) {
                obs.add(new Observation(o.date(), "platform-" + o.segment(), o.metric(), o.value()));
            }
        }
        IntegrityReport local = Goodhart.score(model, obs);
        IntegrityReport onSpark = SparkScoring.report(frame(obs), COLUMNS, model, 0);
        assertThat(onSpark.withInput(local.input())).isEqualTo(local);
        assertThat(local.pairs()).anyMatch(p -> p.segment().equals(dev.goodhart.model.Segments.ALL)
                && p.notes().stream().anyMatch(n -> n.contains("at least 3 segments give tokens without")));
    }

    /**
     * Tokens read per head: head counts given monthly, one dated before the usage data and one after it (neither moves
     * the calendar), on the cluster as on one machine.
     */
    @Test
    void tokensPerHeadAsOneMachineReadsThem() {
        IntegrityModel model = dev.goodhart.scoring.StagedScorerTest.model().toBuilder().exposure("headcount", "people")
                .per("tokens", "headcount").build();
        List<Observation> obs = new ArrayList<>(dev.goodhart.scoring.StagedScorerTest.rows(19));
        java.util.Set<String> teams = new java.util.TreeSet<>();
        obs.forEach(o -> teams.add(o.segment()));
        int k = 0;
        for (String team : teams) {
            obs.add(new Observation(java.time.LocalDate.of(2024, 12, 1), team, "headcount", 5 + k % 7));
            for (int month = 1; month <= 7; month++) {
                obs.add(new Observation(java.time.LocalDate.of(2025, month, 1), team, "headcount", 5 + (k + month) % 7));
            }
            k++;
        }
        IntegrityReport local = Goodhart.score(model, obs);
        IntegrityReport onSpark = SparkScoring.report(frame(obs), COLUMNS, model, 0);
        assertThat(onSpark.firstPeriod()).isEqualTo(local.firstPeriod());
        assertThat(onSpark.lastPeriod()).isEqualTo(local.lastPeriod());
        assertThat(onSpark.withInput(local.input())).isEqualTo(local);
        assertThat(local.pairs()).anyMatch(p -> p.findings().stream().anyMatch(f -> f.message()
                .contains("tokens per headcount")));
    }

    /** Declared segments: the model's order, one without data (insufficient data), one in the data left out. */
    @Test
    void declaredSegmentsAsOneMachineScoresThem() {
        IntegrityModel base = dev.goodhart.scoring.StagedScorerTest.model();
        List<String> declared = new ArrayList<>();
        for (int s = 170; s >= 0; s -= 3) {
            declared.add(String.format("team-%03d", s));
        }
        declared.add(40, "team-without-data");
        IntegrityModel model = base.toBuilder().segments(declared.toArray(new String[0])).build();
        List<Observation> obs = dev.goodhart.scoring.StagedScorerTest.rows(5);
        IntegrityReport local = Goodhart.score(model, obs);
        IntegrityReport onSpark = SparkScoring.report(frame(obs), COLUMNS, model, 0);
        assertThat(onSpark.withInput(local.input())).isEqualTo(local);
        assertThat(local.pairs()).anyMatch(p -> p.segment().equals("team-without-data"));
    }

    /** Only the organisation's own rows: no segment to examine, as on one machine; a report closes once. */
    @Test
    void onlyTheOrganisationsRowsAndClosingTwice() {
        IntegrityModel model = dev.goodhart.scoring.StagedScorerTest.model();
        List<Observation> obs = new ArrayList<>();
        for (Observation o : dev.goodhart.scoring.StagedScorerTest.rows(2)) {
            if (o.segment().equals("team-000")) {
                obs.add(new Observation(o.date(), "*", o.metric(), o.value()));
            }
        }
        IntegrityReport local = Goodhart.score(model, obs);
        IntegrityReport onSpark = SparkScoring.report(frame(obs), COLUMNS, model, 0);
        assertThat(onSpark.withInput(local.input())).isEqualTo(local);
        SparkReport scored = SparkScoring.score(frame(obs), COLUMNS, model, 0);
        assertThat(scored.pairs().count()).isEqualTo(local.pairs().size());
        scored.close();
        scored.close();
        org.assertj.core.api.Assertions.assertThatThrownBy(scored::pairs).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
    }

    /** The usage events' columns (the defaults of {@link SparkScoring.EventColumns}). */
    /** The usage events' columns, as the scale harness writes them. */
    private static final StructType EVENTS = SparkEventScale.EVENTS;

    /** The events fed to one log in each actor's time order and scored with the defaults: what Spark must equal. */
    private static ActivityReport scoredAsOneLog(List<ActivityEvent> all) {
        all.sort(Comparator.comparing(ActivityEvent::segment).thenComparing(ActivityEvent::actor)
                .thenComparing(ActivityEvent::timestamp));
        ActivityLog one = ActivityLog.create();
        all.forEach(one);
        return ActivityScorer.defaults().score(one);
    }

    /** An event per id: 2,000 actors in 20 teams; every 50th actor is a script pinging every five minutes. */
    static Row event(long id) {
        int actor = (int) (id % 2_000);
        long k = id / 2_000;
        long mix = (id * 0x9E3779B97F4A7C15L) ^ (id >>> 7);
        boolean script = actor % 50 == 0;
        long base = Instant.parse("2025-03-03T00:00:00Z").getEpochSecond();
        long at = script ? base + k * 300 : base + k * (600 + actor % 97) + Math.floorMod(mix, 300);
        long tokens = script ? 40 : 200 + Math.floorMod(mix >>> 3, 1800);
        String request = script ? "0000abcd:" + "1".repeat(24)
                : String.format(Locale.ROOT, "%08x:%024x", Math.floorMod(mix >>> 11, 1 << 30), Math.floorMod(mix, 1L << 60));
        String artifact = !script && Math.floorMod(mix >>> 5, 2) == 0 ? "PR-" + id : null;
        return RowFactory.create(new java.sql.Timestamp(at * 1000), "person-" + actor, tokens, "team-" + actor % 20,
                request, null, artifact);
    }

    @Test
    void scoresAMillionUsageEventsAsOneLogDoes() {
        long n = 1_000_000;
        StructType schema = EVENTS;
        Dataset<Row> events = spark.range(n).map((MapFunction<Long, Row>) SparkScoringTest::event,
                Encoders.row(schema));
        long t0 = System.nanoTime();
        ActivityReport onSpark = SparkScoring.activityReport(events, SparkScoring.EventColumns.defaults(),
                ActivityScorer.defaults(), null, ZoneOffset.UTC);
        long sparkMillis = (System.nanoTime() - t0) / 1_000_000;

        List<ActivityEvent> all = new ArrayList<>((int) n);
        for (long id = 0; id < n; id++) {
            Row r = event(id);
            all.add(new ActivityEvent(r.getTimestamp(0).toInstant(), r.getString(1), r.getLong(2), r.getString(3),
                    r.getString(4), null, r.getString(6)));
        }
        ActivityReport local = scoredAsOneLog(all);
        System.out.printf(Locale.ROOT, "spark: %d usage events of %d actors scored in %d ms on local[2]%n",
                onSpark.events(), onSpark.actors().size(), sparkMillis);
        assertThat(onSpark.events()).isEqualTo(n);
        assertThat(onSpark).isEqualTo(local);
        assertThat(onSpark.flagged()).extracting(a -> a.actor()).contains("person-0", "person-50", "person-1950");
        assertThat(onSpark.flagged()).allSatisfy(a -> assertThat(Integer.parseInt(a.actor().substring(7)) % 50).isZero());
    }

    /**
     * Segments too small to be their own peers (the organisation's values cross to every executor), spread over many
     * partitions, named with stray spaces, tabs, empty and null (one segment as ActivityEvent normalises it): the same
     * report as one log, and the same rows from {@code scoreActivity}.
     */
    @Test
    void smallSegmentsAndRawNamesScoreAsOneLogDoes() {
        StructType schema = EVENTS;
        List<Row> rows = new ArrayList<>();
        java.util.Random r = new java.util.Random(11);
        for (int actor = 0; actor < 120; actor++) {
            int team = actor % 13 < 10 ? actor % 4 : 10 + actor % 7; // four teams of about 28, seven of one to three
            boolean script = actor % 17 == 0;
            long t = Instant.parse("2025-03-03T00:00:00Z").getEpochSecond() + r.nextInt(86_400);
            for (int k = 0; k < 150; k++) {
                t += script ? 300 : 60 + (long) (900 * -Math.log(1 - r.nextDouble()));
                String raw = switch (k % 4) {
                    case 0 -> " team-" + team;
                    case 1 -> "team-" + team + "\t";
                    default -> "team-" + team;
                };
                if (team == 16) {
                    raw = k % 2 == 0 ? "" : null; // the organisation's own actors
                }
                String request = script ? "0000abcd:" + "1".repeat(24)
                        : String.format(Locale.ROOT, "%08x:%024x", r.nextInt(1 << 20), r.nextLong() & Long.MAX_VALUE);
                rows.add(RowFactory.create(new java.sql.Timestamp(t * 1000), "person-" + actor,
                        script ? 40L : 100L + r.nextInt(3000), raw, request, null, r.nextBoolean() ? "PR-" + k : null));
            }
        }
        Dataset<Row> events = spark.createDataFrame(rows, schema).repartition(5);
        ActivityReport onSpark = SparkScoring.activityReport(events, SparkScoring.EventColumns.defaults(),
                ActivityScorer.defaults(), null, ZoneOffset.UTC);
        List<ActivityEvent> all = new ArrayList<>();
        for (Row row : rows) {
            all.add(new ActivityEvent(row.getTimestamp(0).toInstant(), row.getString(1), row.getLong(2),
                    row.getString(3), row.getString(4), null, row.getString(6)));
        }
        ActivityReport local = scoredAsOneLog(all);
        assertThat(local.segments()).hasSize(11);
        assertThat(local.segments()).anySatisfy(s -> assertThat(s.actors()).isLessThan(8));
        assertThat(onSpark).isEqualTo(local);
        List<Row> scored = SparkScoring.scoreActivity(events, SparkScoring.EventColumns.defaults()).collectAsList();
        assertThat(scored).hasSize(local.actors().size());
        java.util.Map<String, Double> scores = new java.util.HashMap<>();
        for (Row row : scored) {
            scores.put(row.getString(1) + "/" + row.getString(0), row.getDouble(4));
        }
        for (dev.goodhart.activity.ActorActivity a : local.actors()) {
            assertThat(scores.get(a.segment() + "/" + a.actor())).as(a.actor()).isEqualTo(a.score());
        }
    }
}
