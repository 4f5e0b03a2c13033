package dev.goodhart.spark;

import static org.apache.spark.sql.functions.col;

import dev.goodhart.model.Aggregation;
import dev.goodhart.model.Frame;
import dev.goodhart.model.InputAccount;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.model.Observation;
import dev.goodhart.model.Segments;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import dev.goodhart.report.ReportHeader;
import dev.goodhart.report.Verdict;
import dev.goodhart.scoring.Examination;
import dev.goodhart.scoring.Scorer;
import dev.goodhart.scoring.StagedScorer;
import dev.goodhart.spark.internal.PValues;
import dev.goodhart.spark.internal.SegmentWork;
import dev.goodhart.spark.internal.Summaries;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.api.java.function.FlatMapGroupsFunction;
import org.apache.spark.api.java.function.MapFunction;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The staged run behind {@link SparkScoring}: the segments' work stays on the executors (cached), the driver folds
 * their summaries in report order and keeps the folds' state, the p-values and the organisation's rows.
 *
 * <ol>
 *   <li>executors: each segment's frame, its examinations and its summaries ({@link StagedScorer#summaries});
 *       sorted into report order and cached;</li>
 *   <li>driver: the summaries and series streamed one partition at a time ({@code toLocalIterator}), folded per link
 *       and summed into the organisation's series (then dropped); the organisation examined and the folds
 *       concluded;</li>
 *   <li>executors: each segment completed with the cross-segment findings (the folds' state broadcast); the driver
 *       streams their p-values into the q-values and ORs which detectors found anything;</li>
 *   <li>executors: scores, verdicts and rows, with the q-values broadcast.</li>
 * </ol>
 */
final class Staged implements AutoCloseable {
    private final IntegrityModel model;
    private final long seed;
    private final LocalDate first;
    private final LocalDate last;
    private final InputAccount account;
    private final JavaSparkContext context;
    private final StagedScorer stages;
    private JavaPairRDD<String, List<StagedScorer.Completed>> completed;
    private final List<Examination> organisation = new ArrayList<>();
    /** Declared segments without data (examined on the driver: nothing to examine), by position. */
    private final Map<Integer, List<Examination>> missing = new LinkedHashMap<>();
    private int segmentCount;
    private StagedScorer.QValues qValues;
    private Broadcast<StagedScorer.QValues> qBroadcast;
    private Broadcast<List<StagedScorer.PortfolioState>> stateBroadcast;

    private Staged(IntegrityModel model, long seed, LocalDate first, LocalDate last, InputAccount account,
                   JavaSparkContext context) {
        this.model = model;
        this.seed = seed;
        this.first = first;
        this.last = last;
        this.account = account;
        this.context = context;
        this.stages = new StagedScorer(Scorer.builder().seed(seed).build());
    }

    /** The scorer's stages on an executor. */
    private static StagedScorer stages(long seed) {
        return new StagedScorer(Scorer.builder().seed(seed).build());
    }

    /** The segment's position in report order: its place among the declared segments, or its name. */
    private static String orderKey(String segment, Map<String, Integer> declared) {
        if (declared.isEmpty()) {
            return segment;
        }
        Integer i = declared.get(segment);
        return i == null ? null : String.format(java.util.Locale.ROOT, "%012d", i);
    }

    static Staged run(Dataset<Row> obs, IntegrityModel model, long seed, LocalDate first, LocalDate last,
                      InputAccount account) {
        Staged run = new Staged(model, seed, first, last, account,
                JavaSparkContext.fromSparkContext(obs.sparkSession().sparkContext()));
        try {
            run.examine(obs);
            return run;
        } catch (RuntimeException e) {
            run.close();
            throw e;
        }
    }

    private void examine(Dataset<Row> obs) {
        org.apache.spark.sql.Column isOrganisation = col("s").isin("", Segments.ALL);
        List<Observation> organisationRows = new ArrayList<>();
        for (Row r : obs.filter(isOrganisation).collectAsList()) {
            organisationRows.add(SparkScoring.observation(r));
        }
        Map<String, Integer> declared = new HashMap<>();
        for (String segment : model.segments()) {
            declared.put(segment, declared.size());
        }
        IntegrityModel model = this.model;
        long seed = this.seed;
        LocalDate first = this.first;
        LocalDate last = this.last;
        // 1. executors: frames, examinations, summaries; a segment not declared (when some are) only adds its series
        FlatMapGroupsFunction<String, Row, SegmentWork> examine = (segment, rows) -> {
            List<Observation> list = new ArrayList<>();
            while (rows.hasNext()) {
                list.add(SparkScoring.observation(rows.next()));
            }
            String metric = list.get(0).metric();
            list.add(new Observation(first, segment, metric, Double.NaN)); // the frame spans the whole calendar
            list.add(new Observation(last, segment, metric, Double.NaN));
            Frame frame = Frame.of(model, list);
            Map<String, double[]> series = new LinkedHashMap<>();
            for (String m : frame.metrics()) {
                if (frame.has(segment, m)) {
                    series.put(m, frame.series(segment, m));
                }
            }
            if (orderKey(segment, declared) == null) {
                return List.of(new SegmentWork(segment, List.of(), List.of(), series)).iterator();
            }
            StagedScorer s = stages(seed);
            List<Examination> examinations = s.scorer().examine(model, frame, segment);
            List<Serializable[]> summaries = new ArrayList<>();
            for (Examination e : examinations) {
                summaries.add(s.summaries(model, e));
            }
            return List.of(new SegmentWork(segment, examinations, summaries, series)).iterator();
        };
        JavaPairRDD<String, SegmentWork> work = obs.filter(org.apache.spark.sql.functions.not(isOrganisation))
                .groupByKey((MapFunction<Row, String>) r -> r.getString(1), Encoders.STRING())
                .flatMapGroups(examine, Encoders.javaSerialization(SegmentWork.class))
                .toJavaRDD()
                .mapToPair(w -> {
                    String key = orderKey(w.segment(), declared);
                    // undeclared segments sort after every declared one, by name
                    return new Tuple2<>(key == null ? "~" + w.segment() : key, w);
                })
                .sortByKey(true)
                .persist(StorageLevel.MEMORY_AND_DISK());

        // 2. driver: the fold, one segment at a time in report order, and the organisation's series
        int periods = Frame.of(model, List.of(new Observation(first, Segments.ALL, firstMetric(), Double.NaN),
                new Observation(last, Segments.ALL, firstMetric(), Double.NaN))).periodCount();
        Set<String> given = new HashSet<>();
        for (Observation o : organisationRows) {
            given.add(o.metric());
        }
        Map<String, double[]> sums = new LinkedHashMap<>();
        Map<String, int[]> counts = new LinkedHashMap<>();
        List<StagedScorer.Fold> folds = new ArrayList<>();
        for (Link link : model.links()) {
            folds.add(stages.fold(model, link));
        }
        java.util.BitSet seen = new java.util.BitSet();
        Iterator<Tuple2<String, Summaries>> it = work.mapValues(w -> new Summaries(w.examinations().isEmpty()
                ? null : w.summaries(), w.series())).toLocalIterator();
        while (it.hasNext()) {
            Tuple2<String, Summaries> t = it.next();
            segmentCount++;
            Summaries s = t._2();
            if (s.summaries() != null) {
                for (int l = 0; l < folds.size(); l++) {
                    folds.get(l).add(s.summaries().get(l));
                }
                if (!declared.isEmpty()) {
                    seen.set(Integer.parseInt(t._1()));
                }
            }
            if (declared.isEmpty()) {
                add(s.series(), given, sums, counts, periods);
            }
        }
        if (!declared.isEmpty()) {
            // the organisation's series is summed in name order, as the core sums it; with declared segments the fold
            // ran in the model's order, so the series are streamed again, in name order
            Iterator<Map<String, double[]>> series = work.values()
                    .mapToPair(w -> new Tuple2<>(w.segment(), w.series())).sortByKey(true).values().toLocalIterator();
            while (series.hasNext()) {
                add(series.next(), given, sums, counts, periods);
            }
        }
        List<Observation> org = new ArrayList<>(organisationRows);
        Frame calendar = Frame.of(model, List.of(new Observation(first, Segments.ALL, firstMetric(), Double.NaN),
                new Observation(last, Segments.ALL, firstMetric(), Double.NaN)));
        for (Map.Entry<String, double[]> e : sums.entrySet()) {
            boolean mean = model.metric(e.getKey()).aggregation() == Aggregation.MEAN;
            int[] c = counts.get(e.getKey());
            for (int i = 0; i < periods; i++) {
                double value = c[i] == 0 ? Double.NaN : mean ? e.getValue()[i] / c[i] : e.getValue()[i];
                org.add(new Observation(calendar.period(i), Segments.ALL, e.getKey(), value));
            }
        }
        org.add(new Observation(first, Segments.ALL, firstMetric(), Double.NaN));
        org.add(new Observation(last, Segments.ALL, firstMetric(), Double.NaN));
        Frame orgFrame = Frame.of(model, org);
        for (Link link : model.links()) {
            for (String m : List.of(link.proxy(), link.outcome())) {
                if (!given.contains(m) && !sums.containsKey(m)) {
                    throw new IllegalArgumentException("metric '" + m + "' of link " + link + " has no data");
                }
            }
        }
        List<Examination> orgExaminations = stages.scorer().examine(model, orgFrame, Segments.ALL);
        List<StagedScorer.PortfolioState> states = new ArrayList<>();
        for (int l = 0; l < folds.size(); l++) {
            states.add(folds.get(l).conclude(Optional.ofNullable(orgExaminations.get(l).pair())));
        }
        folds.clear();

        // 3. executors: the cross-segment findings; the driver: p-values and which detectors found anything
        stateBroadcast = context.broadcast(states);
        Broadcast<List<StagedScorer.PortfolioState>> shared = stateBroadcast;
        completed = work.filter(t -> !t._2().examinations().isEmpty()).mapValues(w -> {
            StagedScorer s = stages(seed);
            List<StagedScorer.Completed> out = new ArrayList<>();
            for (int l = 0; l < w.examinations().size(); l++) {
                out.add(s.complete(model, w.examinations().get(l), shared.value().get(l)));
            }
            return out;
        }).persist(StorageLevel.MEMORY_AND_DISK());
        StagedScorer.QValues.Builder q = StagedScorer.QValues.builder();
        boolean[][] found = new boolean[model.links().size()][stages.scorer().portfolioDetectors().size()];
        Iterator<PValues> ps = completed.values().map(Staged::pValues).toLocalIterator();
        while (ps.hasNext()) {
            PValues p = ps.next();
            for (int i = 0; i < p.values().length; i++) {
                q.add(p.detectors()[i], p.values()[i]);
            }
            for (int l = 0; l < found.length; l++) {
                for (int k = 0; k < found[l].length; k++) {
                    found[l][k] |= p.found()[l][k];
                }
            }
        }
        work.unpersist(false);
        for (int l = 0; l < model.links().size(); l++) {
            Examination e = stages.completeOrganisation(orgExaminations.get(l), states.get(l), found[l]);
            organisation.add(e);
            q.addAll(e.findings());
        }
        int position = 0;
        for (String segment : model.segments()) {
            if (!seen.get(position)) {
                missing.put(position, stages.scorer().examine(model, orgFrame, segment));
            }
            position++;
        }
        qValues = q.build();
        qBroadcast = context.broadcast(qValues);
    }

    private String firstMetric() {
        return model.metrics().keySet().iterator().next();
    }

    private static void add(Map<String, double[]> series, Set<String> given, Map<String, double[]> sums,
                            Map<String, int[]> counts, int periods) {
        for (Map.Entry<String, double[]> e : series.entrySet()) {
            if (given.contains(e.getKey())) {
                continue;
            }
            double[] sum = sums.computeIfAbsent(e.getKey(), k -> new double[periods]);
            int[] count = counts.computeIfAbsent(e.getKey(), k -> new int[periods]);
            double[] v = e.getValue();
            for (int i = 0; i < periods; i++) {
                if (!Double.isNaN(v[i])) {
                    sum[i] += v[i];
                    count[i]++;
                }
            }
        }
    }

    private static PValues pValues(List<StagedScorer.Completed> completed) {
        List<String> detectors = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        boolean[][] found = new boolean[completed.size()][];
        for (int l = 0; l < completed.size(); l++) {
            found[l] = completed.get(l).found();
            for (dev.goodhart.model.Finding f : completed.get(l).examination().findings()) {
                if (!Double.isNaN(f.pValue())) {
                    detectors.add(f.detector());
                    values.add(f.pValue());
                }
            }
        }
        return new PValues(detectors.toArray(new String[0]), values.stream().mapToDouble(Double::doubleValue).toArray(),
                found);
    }

    /** A pair's score for the choice of charts: {score, link, report position}. */
    private record Candidate(double score, int link, String key) implements Serializable {
        private static final long serialVersionUID = 1L;
    }

    /** Highest score first, ties in report order. */
    private static final class ByScore implements Comparator<Candidate>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public int compare(Candidate a, Candidate b) {
            int c = Double.compare(b.score(), a.score());
            if (c != 0) {
                return c;
            }
            c = Integer.compare(a.link(), b.link());
            return c != 0 ? c : a.key().compareTo(b.key());
        }
    }

    /** The whole report on the driver, charts included (for organisations whose rows fit the driver). */
    IntegrityReport report() {
        int limit = stages.scorer().chartLimit();
        long seed = this.seed;
        Broadcast<StagedScorer.QValues> q = qBroadcast;
        List<Candidate> top = limit == 0 ? List.of() : completed.flatMap(t -> {
            StagedScorer s = stages(seed);
            List<Candidate> out = new ArrayList<>();
            for (int l = 0; l < t._2().size(); l++) {
                Examination e = t._2().get(l).examination();
                StagedScorer.Score score = s.score(e, q.value());
                if (e.pair() != null && score.verdict().compareTo(Verdict.WATCH) >= 0) {
                    out.add(new Candidate(score.score(), l, t._1()));
                }
            }
            return out.iterator();
        }).takeOrdered(limit, new ByScore());
        Set<String> charted = new HashSet<>();
        for (Candidate c : top) {
            charted.add(c.link() + "|" + c.key());
        }
        Broadcast<Set<String>> chartedBroadcast = context.broadcast(charted);
        List<Tuple2<String, List<PairResult>>> rows = completed.mapValues(list -> {
            StagedScorer s = stages(seed);
            List<PairResult> out = new ArrayList<>();
            for (int l = 0; l < list.size(); l++) {
                out.add(s.result(list.get(l).examination(), q.value(), false));
            }
            return out;
        }).collect();
        List<Tuple2<String, List<PairResult>>> withCharts = new ArrayList<>();
        // charts are few (the chart limit): their pairs are rebuilt on the executors
        List<Tuple2<String, List<PairResult>>> chartRows = completed
                .filter(t -> {
                    for (int l = 0; l < t._2().size(); l++) {
                        if (chartedBroadcast.value().contains(l + "|" + t._1())) {
                            return true;
                        }
                    }
                    return false;
                })
                .mapToPair(t -> {
                    StagedScorer s = stages(seed);
                    List<PairResult> out = new ArrayList<>();
                    for (int l = 0; l < t._2().size(); l++) {
                        out.add(s.result(t._2().get(l).examination(), q.value(),
                                chartedBroadcast.value().contains(l + "|" + t._1())));
                    }
                    return new Tuple2<>(t._1(), out);
                }).collect();
        chartedBroadcast.destroy();
        Map<String, List<PairResult>> charts = new HashMap<>();
        for (Tuple2<String, List<PairResult>> t : chartRows) {
            charts.put(t._1(), t._2());
        }
        for (Tuple2<String, List<PairResult>> t : rows) {
            withCharts.add(charts.containsKey(t._1()) ? new Tuple2<>(t._1(), charts.get(t._1())) : t);
        }
        List<PairResult> pairs = new ArrayList<>();
        for (int l = 0; l < model.links().size(); l++) {
            Examination org = organisation.get(l);
            pairs.add(stages.result(org, qValues, org.pair() != null));
            int next = 0;
            for (Tuple2<String, List<PairResult>> t : withCharts) {
                if (!model.segments().isEmpty()) {
                    int position = Integer.parseInt(t._1());
                    for (; next < position; next++) {
                        if (missing.containsKey(next)) {
                            pairs.add(stages.result(missing.get(next).get(l), qValues, false));
                        }
                    }
                    next = position + 1;
                }
                pairs.add(t._2().get(l));
            }
            for (; next < model.segments().size(); next++) {
                if (missing.containsKey(next)) {
                    pairs.add(stages.result(missing.get(next).get(l), qValues, false));
                }
            }
        }
        return new IntegrityReport(model, first, last, segmentCount, pairs).withInput(account);
    }

    /** The report with its rows on the executors. */
    SparkReport distributed() {
        long seed = this.seed;
        Broadcast<StagedScorer.QValues> q = qBroadcast;
        JavaRDD<PairResult> results = completed.values().flatMap(list -> {
            StagedScorer s = stages(seed);
            List<PairResult> out = new ArrayList<>();
            for (StagedScorer.Completed c : list) {
                out.add(s.result(c.examination(), q.value(), false));
            }
            return out.iterator();
        });
        List<PairResult> local = new ArrayList<>();
        List<PairResult> organisationRows = new ArrayList<>();
        for (int l = 0; l < model.links().size(); l++) {
            Examination org = organisation.get(l);
            PairResult r = stages.result(org, qValues, org.pair() != null);
            organisationRows.add(r);
            local.add(r);
            for (List<Examination> m : missing.values()) {
                local.add(stages.result(m.get(l), qValues, false));
            }
        }
        Map<Verdict, Long> verdicts = new EnumMap<>(Verdict.class);
        for (Map.Entry<String, Long> e : results.map(r -> r.verdict().name()).countByValue().entrySet()) {
            verdicts.merge(Verdict.valueOf(e.getKey()), e.getValue(), Long::sum);
        }
        for (PairResult r : local) {
            verdicts.merge(r.verdict(), 1L, Long::sum);
        }
        long pairCount = verdicts.values().stream().mapToLong(Long::longValue).sum();
        ReportHeader header = new ReportHeader(model, first, last, segmentCount, pairCount, verdicts, account);
        org.apache.spark.sql.SparkSession spark = org.apache.spark.sql.SparkSession.builder()
                .sparkContext(context.sc()).getOrCreate();
        List<Row> localRows = new ArrayList<>();
        for (PairResult r : local) {
            localRows.add(SparkScoring.row(r));
        }
        Dataset<Row> rows = spark.createDataFrame(results.map(SparkScoring::row), SparkScoring.pairSchema())
                .union(spark.createDataFrame(localRows, SparkScoring.pairSchema()));
        return new SparkReport(header, organisationRows, rows, this::close);
    }

    @Override
    public void close() {
        if (completed != null) {
            completed.unpersist(false);
        }
        if (stateBroadcast != null) {
            stateBroadcast.destroy();
        }
        if (qBroadcast != null) {
            qBroadcast.destroy();
        }
    }
}
