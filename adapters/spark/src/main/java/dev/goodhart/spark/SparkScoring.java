package dev.goodhart.spark;

import static org.apache.spark.sql.functions.coalesce;
import static org.apache.spark.sql.functions.col;
import static org.apache.spark.sql.functions.lit;
import static org.apache.spark.sql.functions.max;
import static org.apache.spark.sql.functions.min;
import static org.apache.spark.sql.functions.to_date;

import dev.goodhart.model.Aggregation;
import dev.goodhart.scoring.Examination;
import dev.goodhart.model.Finding;
import dev.goodhart.model.Frame;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.model.InputAccount;
import dev.goodhart.model.Link;
import dev.goodhart.model.Observation;
import dev.goodhart.report.PairResult;
import dev.goodhart.scoring.Scorer;
import dev.goodhart.model.Segments;
import dev.goodhart.model.Variant;
import dev.goodhart.activity.ActivityEvent;
import dev.goodhart.activity.ActivityLog;
import dev.goodhart.activity.ActivityReport;
import dev.goodhart.activity.ActivityScorer;
import dev.goodhart.activity.ActorActivity;
import dev.goodhart.activity.Fingerprinter;
import dev.goodhart.spark.internal.SegmentOutcome;
import java.io.Serializable;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.storage.StorageLevel;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.api.java.function.MapPartitionsFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Goodhart on Apache Spark: scores metric observations and usage events where they already are.
 *
 * <p><b>Metrics</b> ({@link #score}, {@link #report}, {@link #scorePairs}): in the core's stages ({@link
 * dev.goodhart.scoring.StagedScorer}). The calendar and the rows' account come from one scan; observations are grouped
 * by segment and each segment is examined on an executor on a frame padded to the whole calendar, by the per-segment
 * detectors and the cross-segment detectors' summaries; that work stays cached on the executors. The driver streams
 * the summaries in report order (one partition at a time) into the cross-segment folds and the organisation's sum, and
 * keeps per segment only what a median or a rank across segments needs (48 bytes a segment and link with the default
 * detectors), never a series. The folds' state is broadcast; the executors add the cross-segment findings;
 * Benjamini-Hochberg runs on the cluster ({@link #score}) or on the driver ({@link #report}, which collects the rows
 * anyway); the rows are made on the executors. The results equal {@code Goodhart.score(model, observations)} on one
 * machine (tested), weekly or monthly periods of daily rows included: a period's values are summed exactly, whatever
 * order the shuffle gives them, and its partial first and last periods are left out as one machine leaves them.
 *
 * <p><b>Usage events</b> ({@link #activityReport}, {@link #scoreActivity}): events are partitioned by (segment, actor)
 * and sorted by time within partitions; each partition fills one {@link ActivityLog} (bounded state per actor, never
 * the events); the driver merges the logs ({@link ActivityLog#merge}) and scores every actor against their peers.
 * The result equals one log fed every event in time order.
 *
 * <p>Memory on the driver ({@link #score}): the folds' per-segment numbers and the summaries of one partition at a
 * time (README, "Scale, measured"); {@link #report} holds every row as well. Usage events: the per-actor states (about
 * 10 KB per actor). Custom detectors are not supported here: executors use {@code Scorer.builder().seed(seed)}
 * defaults.
 *
 * <p>Spark is a {@code provided} dependency: a cluster needs Goodhart's jars on the classpath and nothing else.
 */
public final class SparkScoring {
    private SparkScoring() {
    }

    /**
     * Which columns of an observations Dataset hold what (long layout).
     *
     * @param date    a date, timestamp or ISO date string
     * @param segment the segment; null or empty means the whole organisation
     * @param metric  the metric name
     * @param value   the value; null means explicitly missing
     */
    public record Columns(String date, String segment, String metric, String value) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** {@code date, segment, metric, value}. */
        public static Columns defaults() {
            return new Columns("date", "segment", "metric", "value");
        }
    }

    /**
     * Which columns of a usage-events Dataset hold what; optional ones may be null.
     *
     * @param timestamp a timestamp (or ISO string)
     * @param actor     who
     * @param tokens    tokens, a whole number
     * @param segment   optional segment
     * @param request   optional request text or fingerprint (text is fingerprinted on the executors)
     * @param agent     optional agent
     * @param artifact  optional artifact
     */
    public record EventColumns(String timestamp, String actor, String tokens, String segment, String request,
            String agent, String artifact) implements Serializable {
        private static final long serialVersionUID = 1L;

        /** {@code timestamp, actor, tokens, segment, request, agent, artifact}. */
        public static EventColumns defaults() {
            return new EventColumns("timestamp", "actor", "tokens", "segment", "request", "agent", "artifact");
        }
    }

    /**
     * Scores observations on the cluster; the report equals the single-machine one.
     *
     * @param seed the scorer's seed ({@link Scorer.Builder#seed}), 0 for the default
     * @throws IllegalArgumentException if no observation belongs to a metric of the model, or a date is missing
     */
    public static IntegrityReport report(Dataset<Row> observations, Columns columns, IntegrityModel model, long seed) {
        return report(observations, columns, model, seed, IntegrityReport.DEFAULT_ALPHA);
    }

    /**
     * Scores observations on the cluster at a significance level ({@link Scorer.Builder#alpha}); the report equals the
     * single-machine one scored at that level.
     *
     * @param seed  the scorer's seed ({@link Scorer.Builder#seed}), 0 for the default
     * @param alpha the report's significance level, from {@value IntegrityReport#MIN_ALPHA} to {@value
     *              IntegrityReport#MAX_ALPHA}
     * @throws IllegalArgumentException if no observation belongs to a metric of the model, a date is missing, or
     *                                  {@code alpha} is out of range
     */
    public static IntegrityReport report(Dataset<Row> observations, Columns columns, IntegrityModel model, long seed,
                                         double alpha) {
        try (Staged run = prepare(observations, columns, model, seed, alpha)) {
            return run.report();
        }
    }

    /**
     * Scores observations on the cluster without bringing the pairs to the driver: the result's {@link SparkReport#pairs()}
     * is a Dataset of the report's rows, computed where the data is (the fields of {@link #scorePairs}); the driver
     * holds per segment only what ranks, medians and false-discovery control across segments need (measured in README,
     * "Scale"), never a series. The rows, scores, verdicts and counts equal the single-machine report's (charts are
     * left out of the rows). Close the result when its rows have been written: it keeps the segments' work cached on
     * the executors until then.
     *
     * @param seed the scorer's seed ({@link Scorer.Builder#seed}), 0 for the default
     * @throws IllegalArgumentException if no observation belongs to a metric of the model, or a date is missing
     */
    public static SparkReport score(Dataset<Row> observations, Columns columns, IntegrityModel model, long seed) {
        return score(observations, columns, model, seed, IntegrityReport.DEFAULT_ALPHA);
    }

    /**
     * As {@link #score(Dataset, Columns, IntegrityModel, long)}, at a significance level ({@link Scorer.Builder#alpha}).
     *
     * @param seed  the scorer's seed ({@link Scorer.Builder#seed}), 0 for the default
     * @param alpha the report's significance level, from {@value IntegrityReport#MIN_ALPHA} to {@value
     *              IntegrityReport#MAX_ALPHA}
     * @throws IllegalArgumentException if no observation belongs to a metric of the model, a date is missing, or
     *                                  {@code alpha} is out of range
     */
    public static SparkReport score(Dataset<Row> observations, Columns columns, IntegrityModel model, long seed,
                                    double alpha) {
        Staged run = prepare(observations, columns, model, seed, alpha);
        try {
            return run.distributed();
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
    }

    private static Staged prepare(Dataset<Row> observations, Columns columns, IntegrityModel model, long seed,
                                  double alpha) {
        IntegrityReport.checkAlpha(alpha);
        Objects.requireNonNull(observations, "observations");
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(model, "model");
        Dataset<Row> all = observations.select(
                to_date(col(columns.date())).as("d"),
                coalesce(col(columns.segment()).cast("string"), lit("")).as("s"),
                col(columns.metric()).cast("string").as("m"),
                col(columns.value()).cast("double").as("v"));
        org.apache.spark.sql.Column declared = col("m").isin(model.metrics().keySet().toArray());
        // the calendar is the proxies' and outcomes': an exposure (a head count) neither stretches nor cuts it
        List<String> exposures = new ArrayList<>();
        model.metrics().values().forEach(m -> {
            if (m.role() == dev.goodhart.model.Role.EXPOSURE) {
                exposures.add(m.name());
            }
        });
        org.apache.spark.sql.Column calendared = exposures.isEmpty() ? declared
                : declared.and(org.apache.spark.sql.functions.not(col("m").isin(exposures.toArray())));
        // one scan: the calendar of the model's metrics and the account of every row
        Row range = all.agg(min(org.apache.spark.sql.functions.when(calendared, col("d"))),
                max(org.apache.spark.sql.functions.when(calendared, col("d"))),
                org.apache.spark.sql.functions.sum(org.apache.spark.sql.functions.when(declared, 1).otherwise(0)),
                org.apache.spark.sql.functions.sum(org.apache.spark.sql.functions.when(declared.and(col("d").isNull()), 1)
                        .otherwise(0)),
                org.apache.spark.sql.functions.sum(org.apache.spark.sql.functions.when(declared.and(col("v").isNull()
                        .or(org.apache.spark.sql.functions.isnan(col("v")))), 1).otherwise(0)),
                org.apache.spark.sql.functions.count(lit(1))).first();
        if (!range.isNullAt(2) && range.getLong(2) > 0 && range.isNullAt(0) && range.isNullAt(1)
                && range.getLong(2) > (range.isNullAt(3) ? 0 : range.getLong(3))) {
            throw new IllegalArgumentException("no observation belongs to a proxy or an outcome of the model, only to "
                    + "its exposures " + exposures);
        }
        if (range.isNullAt(2) || range.getLong(2) == 0) {
            throw new IllegalArgumentException("no observation belongs to a metric of the model " + model.metrics().keySet());
        }
        if (!range.isNullAt(3) && range.getLong(3) > 0) {
            throw new IllegalArgumentException("column " + columns.date() + ": " + range.getLong(3)
                    + " observations have no date (or one that is not a date)");
        }
        LocalDate first = range.getDate(0).toLocalDate();
        LocalDate last = range.getDate(1).toLocalDate();
        InputAccount account = account(range);
        Dataset<Row> rows = all.filter(declared);
        java.util.OptionalInt rowDay = java.util.OptionalInt.empty();
        if (model.granularity() != dev.goodhart.model.Granularity.DAY) {
            // as one machine's frame: a first or last period that data finer than the periods covers only in part is
            // left out and its rows counted (Frame.Builder); decided here, once, so that every executor's frame has the
            // same calendar: the periods' distinct days and rows with a value, one small aggregate
            org.apache.spark.sql.Column period = model.granularity() == dev.goodhart.model.Granularity.WEEK
                    ? org.apache.spark.sql.functions.date_trunc("week", col("d")).cast("date")
                    : org.apache.spark.sql.functions.trunc(col("d"), "month");
            List<Row> periods = rows.filter(calendared).groupBy(period.as("p")).agg(
                    org.apache.spark.sql.functions.countDistinct(col("d")),
                    org.apache.spark.sql.functions.sum(org.apache.spark.sql.functions.when(col("v").isNotNull()
                            .and(org.apache.spark.sql.functions.not(org.apache.spark.sql.functions.isnan(col("v")))), 1)
                            .otherwise(0)), min(col("d")),
                    // its distinct metric-days and metrics: more of the first than of the second where a metric has
                    // rows of two or more days in it (PartialPeriods#finer)
                    org.apache.spark.sql.functions.countDistinct(col("m"), col("d")),
                    org.apache.spark.sql.functions.countDistinct(col("m"))).collectAsList();
            LocalDate[] trimmed = dev.goodhart.spark.internal.PartialPeriods.trim(model.granularity(), first, last,
                    dev.goodhart.spark.internal.PartialPeriods.finer(periods));
            // weekly rows all dated on one weekday in the weeks kept: every executor's frame and the organisation's read
            // the week that straddles an intervention as one machine's frame of all the rows does (Frame#rowDay)
            rowDay = dev.goodhart.spark.internal.PartialPeriods.rowDay(model.granularity(), periods,
                    trimmed == null ? first : trimmed[0], trimmed == null ? last : trimmed[1]);
            if (trimmed != null) {
                account = dev.goodhart.spark.internal.PartialPeriods.account(account, model.granularity(), first, last, trimmed, periods);
                first = trimmed[0];
                last = trimmed[1];
                rows = rows.filter(col("d").geq(lit(java.sql.Date.valueOf(first)))
                        .and(col("d").leq(lit(java.sql.Date.valueOf(last)))));
            }
        }
        if (!exposures.isEmpty()) {
            // an exposure's rows outside the calendar are not read (one machine's frame carries a head count from its
            // first row on the calendar)
            rows = rows.filter(col("d").geq(lit(java.sql.Date.valueOf(first)))
                    .and(col("d").leq(lit(java.sql.Date.valueOf(last)))));
        }
        return Staged.run(rows, model, seed, alpha, first, last, account, rowDay);
    }

    /** The rows, accounted for as one machine does (without line numbers: a dataset has no order). */
    private static InputAccount account(Row range) {
        long read = range.getLong(5);
        long declared = range.getLong(2);
        long missing = range.isNullAt(4) ? 0 : range.getLong(4);
        return new InputAccount(read, declared - missing,
                Map.of(InputAccount.Reason.UNDECLARED_METRIC, read - declared, InputAccount.Reason.MISSING_VALUE, missing),
                Map.of(), "row");
    }

    /**
     * Scores observations on the cluster and returns the pairs as rows with the fields of the JSON report's
     * {@code pairs}: proxy, outcome, segment, score, verdict, variants, findings (detector, statistic, pValue, qValue,
     * effect, message, nothingOwed, undecided), notes.
     */
    public static Dataset<Row> scorePairs(Dataset<Row> observations, Columns columns, IntegrityModel model) {
        IntegrityReport report = report(observations, columns, model, 0);
        return pairs(observations.sparkSession(), report);
    }

    /** The report's pairs as rows (see {@link #scorePairs}). */
    public static Dataset<Row> pairs(SparkSession spark, IntegrityReport report) {
        List<Row> rows = new ArrayList<>();
        for (PairResult p : report.pairs()) {
            rows.add(row(p));
        }
        return spark.createDataFrame(rows, pairSchema());
    }

    /** A pair's row (the fields of {@link #scorePairs}). */
    static Row row(PairResult p) {
        return RowFactory.create(p.proxy(), p.outcome(), p.segment(), p.score(), p.verdict().name(),
                p.variants().stream().map(Variant::name).toArray(String[]::new), findings(p.findings()),
                p.notes().toArray(String[]::new));
    }

    /** The schema of the pairs' rows. */
    static StructType pairSchema() {
        return new StructType(new StructField[] {
            DataTypes.createStructField("proxy", DataTypes.StringType, false),
            DataTypes.createStructField("outcome", DataTypes.StringType, false),
            DataTypes.createStructField("segment", DataTypes.StringType, false),
            DataTypes.createStructField("score", DataTypes.DoubleType, false),
            DataTypes.createStructField("verdict", DataTypes.StringType, false),
            DataTypes.createStructField("variants", DataTypes.createArrayType(DataTypes.StringType), false),
            DataTypes.createStructField("findings", DataTypes.createArrayType(FINDING), false),
            DataTypes.createStructField("notes", DataTypes.createArrayType(DataTypes.StringType), false)});
    }

    private static final StructType FINDING = new StructType(new StructField[] {
        DataTypes.createStructField("detector", DataTypes.StringType, false),
        DataTypes.createStructField("statistic", DataTypes.DoubleType, true),
        DataTypes.createStructField("pValue", DataTypes.DoubleType, true),
        DataTypes.createStructField("qValue", DataTypes.DoubleType, true),
        DataTypes.createStructField("effect", DataTypes.DoubleType, true),
        DataTypes.createStructField("message", DataTypes.StringType, false),
        DataTypes.createStructField("nothingOwed", DataTypes.BooleanType, false),
        DataTypes.createStructField("undecided", DataTypes.BooleanType, false)});

    private static Row[] findings(List<Finding> findings) {
        Row[] out = new Row[findings.size()];
        for (int i = 0; i < out.length; i++) {
            Finding f = findings.get(i);
            out[i] = RowFactory.create(f.detector(), orNull(f.statistic()), orNull(f.pValue()), orNull(f.qValue()),
                    orNull(f.effect()), f.message(), f.nothingOwed(), f.undecided());
        }
        return out;
    }

    private static Double orNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /**
     * Scores usage events on the cluster; equal to one {@link ActivityLog} fed every event in time order, scored by
     * {@code scorer}. Each segment's actors are scored on an executor ({@link ActivityScorer.Part}); the driver gets
     * the organisation's totals (a few hundred bytes), the signatures some small segment compares with the whole
     * organisation and, only for those, every actor's value (8 bytes an actor and signature), then collects the
     * actors' results for the report.
     *
     * @param fingerprintKey a key for request fingerprints ({@link Fingerprinter#keyed(String)}), null for unkeyed
     * @param zone           the zone of the log's hours and month ends
     */
    public static ActivityReport activityReport(Dataset<Row> events, EventColumns columns, ActivityScorer scorer,
                                                String fingerprintKey, ZoneId zone) {
        ScoredActivity scored = scoredActivity(events, columns, scorer, fingerprintKey, zone);
        try {
            return scorer.report(scored.totals(), scored.actors().collect());
        } finally {
            scored.logs().unpersist(false);
        }
    }

    /** The organisation's totals and every actor's result, still on the executors (the logs cached). */
    private record ScoredActivity(ActivityScorer.Totals totals, JavaRDD<ActorActivity> actors,
                                  JavaRDD<ActivityLog> logs) {
    }

    private static ScoredActivity scoredActivity(Dataset<Row> events, EventColumns columns, ActivityScorer scorer,
                                                 String fingerprintKey, ZoneId zone) {
        Objects.requireNonNull(events, "events");
        Objects.requireNonNull(columns, "columns");
        Objects.requireNonNull(scorer, "scorer");
        Objects.requireNonNull(zone, "zone");
        Dataset<Row> e = events.select(
                col(columns.timestamp()).cast("timestamp").as("t"),
                col(columns.actor()).cast("string").as("a"),
                col(columns.tokens()).cast("long").as("k"),
                optional(columns.segment()).as("s"),
                optional(columns.request()).as("r"),
                optional(columns.agent()).as("g"),
                optional(columns.artifact()).as("f"));
        // each segment whole in one partition: the segment as ActivityEvent normalises it (Java's trim, every
        // character up to U+0020 at either end; empty or null is the organisation's "*"), each actor's events in time
        // order
        org.apache.spark.sql.Column trimmed =
                org.apache.spark.sql.functions.regexp_replace(col("s"), "^[\\x00-\\x20]+|[\\x00-\\x20]+$", "");
        Dataset<Row> keyed = e.withColumn("n", org.apache.spark.sql.functions.when(
                trimmed.isNull().or(trimmed.equalTo("")), lit(Segments.ALL)).otherwise(trimmed));
        FlatMapFunction<Iterator<Row>, ActivityLog> fill = rows -> {
            ActivityLog log = ActivityLog.create(zone);
            Fingerprinter fp = fingerprintKey == null ? Fingerprinter.unkeyed() : Fingerprinter.keyed(fingerprintKey);
            while (rows.hasNext()) {
                Row r = rows.next();
                if (r.isNullAt(0) || r.isNullAt(1) || r.isNullAt(2)) {
                    throw new IllegalArgumentException("usage event without timestamp, actor or tokens: " + r.get(1));
                }
                String request = r.isNullAt(4) ? "" : r.getString(4);
                if (!request.isEmpty() && !Fingerprinter.isFingerprint(request)) {
                    request = fp.fingerprint(request);
                }
                log.accept(new ActivityEvent(r.getTimestamp(0).toInstant(), r.getString(1), r.getLong(2),
                        r.isNullAt(3) ? null : r.getString(3), request, r.isNullAt(5) ? null : r.getString(5),
                        r.isNullAt(6) ? null : r.getString(6)));
            }
            return List.of(log).iterator();
        };
        JavaRDD<ActivityLog> logs = keyed.repartition(col("n")).sortWithinPartitions(col("n"), col("a"), col("t"))
                .toJavaRDD().mapPartitions(fill).persist(StorageLevel.MEMORY_AND_DISK());
        try {
            JavaSparkContext context = JavaSparkContext.fromSparkContext(events.sparkSession().sparkContext());
            ActivityScorer.Totals totals = logs.map(scorer::totals)
                    .fold(ActivityScorer.Totals.empty(), ActivityScorer.Totals::merge);
            Broadcast<ActivityScorer.Totals> shared = context.broadcast(totals);
            ActivityScorer.PeerValues needs = logs.map(l -> scorer.part(l, shared.value()).needs())
                    .fold(ActivityScorer.PeerValues.empty(), ActivityScorer.PeerValues::merge);
            ActivityScorer.PeerValues organisation = needs.signatures().isEmpty() ? ActivityScorer.PeerValues.empty()
                    : logs.map(l -> scorer.part(l, shared.value()).values(needs))
                            .fold(ActivityScorer.PeerValues.empty(), ActivityScorer.PeerValues::merge);
            Broadcast<ActivityScorer.PeerValues> peers = context.broadcast(organisation);
            JavaRDD<ActorActivity> actors = logs.flatMap(l -> scorer.part(l, shared.value()).score(peers.value())
                    .iterator());
            return new ScoredActivity(totals, actors, logs);
        } catch (RuntimeException ex) {
            logs.unpersist(false);
            throw ex;
        }
    }

    /**
     * Scores usage events on the cluster and returns one row per actor with the fields of the JSON report's
     * {@code activity}: actor, segment, events, tokens, score, flagged, signatures. The rows are made on the executors
     * and not collected (in no particular order; sort or write them); the same results as
     * {@link #activityReport} with the default scorer, unkeyed fingerprints and UTC.
     */
    public static Dataset<Row> scoreActivity(Dataset<Row> events, EventColumns columns) {
        ScoredActivity scored = scoredActivity(events, columns, ActivityScorer.defaults(), null,
                java.time.ZoneOffset.UTC);
        // the rows are made on the executors, never collected; the cached logs are released (an action on the rows
        // reads the shuffled events again, which Spark keeps)
        JavaRDD<Row> rows = scored.actors().map(a -> RowFactory.create(a.actor(), a.segment(), a.events(), a.tokens(),
                a.score(), a.flagged(), findings(a.signatures())));
        scored.logs().unpersist(false);
        StructType schema = new StructType(new StructField[] {
            DataTypes.createStructField("actor", DataTypes.StringType, false),
            DataTypes.createStructField("segment", DataTypes.StringType, false),
            DataTypes.createStructField("events", DataTypes.LongType, false),
            DataTypes.createStructField("tokens", DataTypes.LongType, false),
            DataTypes.createStructField("score", DataTypes.DoubleType, false),
            DataTypes.createStructField("flagged", DataTypes.BooleanType, false),
            DataTypes.createStructField("signatures", DataTypes.createArrayType(FINDING), false)});
        return events.sparkSession().createDataFrame(rows, schema);
    }

    private static org.apache.spark.sql.Column optional(String column) {
        return column == null ? lit(null).cast("string") : col(column).cast("string");
    }
}
