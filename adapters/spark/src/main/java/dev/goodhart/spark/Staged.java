package dev.goodhart.spark;

import static org.apache.spark.sql.functions.col;

import dev.goodhart.model.Frame;
import dev.goodhart.model.InputAccount;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.model.Observation;
import dev.goodhart.model.OrganisationGaps;
import dev.goodhart.model.OrganisationStart;
import dev.goodhart.model.Segments;
import dev.goodhart.model.SeriesSum;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import dev.goodhart.report.ReportHeader;
import dev.goodhart.report.Verdict;
import dev.goodhart.scoring.Examination;
import dev.goodhart.scoring.Scorer;
import dev.goodhart.scoring.StagedScorer;
import dev.goodhart.spark.internal.SegmentWork;
import dev.goodhart.spark.internal.Summaries;
import java.io.Serializable;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
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
import java.util.TreeMap;
import java.util.TreeSet;
import org.apache.spark.api.java.JavaPairRDD;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.StorageLevel;
import scala.Tuple2;

/**
 * The staged run behind {@link SparkScoring}: the segments' work stays on the executors (cached), the driver folds
 * their summaries in report order and keeps the folds' state, the p-values and the organisation's rows.
 *
 * <ol>
 *   <li>executors: each partition's frame (its segments' rows), each segment's examinations and summaries
 *       ({@link StagedScorer#summaries}),
 *       cached where they are (only the summaries are sorted into report order, for the fold);</li>
 *   <li>driver: the summaries streamed one partition at a time ({@code toLocalIterator}) and folded per link; the
 *       organisation's series from the partitions' exact sums of their segments' series ({@link SeriesSum}, merged in
 *       any order, equal to the core's bit for bit); the organisation examined and the folds concluded;</li>
 *   <li>executors: each segment completed with the cross-segment findings (the folds' state broadcast); one pass
 *       gives the driver which detectors found anything and how many p-values each pools across segments; the
 *       q-values are computed on the cluster ({@link SparkScoring#score}) or from the p-values streamed to the driver
 *       ({@link SparkScoring#report});</li>
 *   <li>executors: scores, verdicts and rows, with the q-values broadcast.</li>
 * </ol>
 */
final class Staged implements AutoCloseable {
    /** The summaries one partition streamed to the driver in the fold carries, on average (4 MiB). */
    private static final long FOLD_PARTITION_BYTES = 4L << 20;
    /** A streamed element's own size beside its summaries: its key, the pair and the wrapper, rounded up. */
    private static final long STREAMED_ELEMENT_BYTES = 128;
    /** Rows per partition of the examination's shuffle at most (about 60 MB of observations on an executor). */
    private static final long ROWS_PER_PARTITION = 500_000;
    private final IntegrityModel model;
    private final long seed;
    private final double alpha;
    private final LocalDate first;
    private final LocalDate last;
    private final InputAccount account;
    /** The weekday of the data's weekly rows ({@link Frame#rowDay()}), for every frame the run builds. */
    private final java.util.OptionalInt rowDay;
    private final JavaSparkContext context;
    private final StagedScorer stages;
    private JavaPairRDD<String, List<StagedScorer.Completed>> completed;
    /** Each segment's examinations and summaries, cached until the cross-segment findings are added. */
    private JavaPairRDD<String, SegmentWork> work;
    private boolean closed;
    private final List<Examination> organisation = new ArrayList<>();
    /** Declared segments without data (examined on the driver: nothing to examine), by position. */
    private final Map<Integer, List<Examination>> missing = new LinkedHashMap<>();
    private int segmentCount;
    /** The session's number of shuffle partitions: the partitions of the stages after the fold. */
    private int sessionPartitions;
    private StagedScorer.QValues qValues;
    private JavaPairRDD<Tuple2<String, Double>, Double> qTable;
    private JavaPairRDD<Tuple2<String, Double>, Long> rankedPValues;
    private JavaRDD<List<PairResult>> rows;
    private Broadcast<StagedScorer.QValues> qBroadcast;
    private Broadcast<List<StagedScorer.PortfolioState>> stateBroadcast;
    /** Per detector pooled across segments, the number of the segments' p-values (the completion counts them). */
    private Map<String, Long> pooledCounts = Map.of();

    private Staged(IntegrityModel model, long seed, double alpha, LocalDate first, LocalDate last, InputAccount account,
                   java.util.OptionalInt rowDay, JavaSparkContext context) {
        this.rowDay = rowDay;
        this.model = model;
        this.seed = seed;
        this.alpha = alpha;
        this.first = first;
        this.last = last;
        this.account = account;
        this.context = context;
        this.stages = new StagedScorer(Scorer.builder().seed(seed).alpha(alpha).build());
    }

    /** The scorer's stages on an executor. */
    private static StagedScorer stages(long seed, double alpha) {
        return new StagedScorer(Scorer.builder().seed(seed).alpha(alpha).build());
    }

    /** The segment's position in report order: its place among the declared segments, or its name. */
    private static String orderKey(String segment, Map<String, Integer> declared) {
        if (declared.isEmpty()) {
            return segment;
        }
        Integer i = declared.get(segment);
        return i == null ? null : String.format(java.util.Locale.ROOT, "%012d", i);
    }

    static Staged run(Dataset<Row> obs, IntegrityModel model, long seed, double alpha, LocalDate first, LocalDate last,
                      InputAccount account, java.util.OptionalInt rowDay) {
        Staged run = new Staged(model, seed, alpha, first, last, account, rowDay,
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
        List<Observation> organisationRows = new ArrayList<>();
        Map<String, Integer> declared = new HashMap<>();
        for (String segment : model.segments()) {
            declared.put(segment, declared.size());
        }
        IntegrityModel model = this.model;
        long seed = this.seed;
        double alpha = this.alpha;
        LocalDate first = this.first;
        LocalDate last = this.last;
        int rowDay = this.rowDay.orElse(-1); // OptionalInt is not serialisable
        // 1. executors: frames, examinations, summaries; a segment not declared (when some are) only adds its series.
        // Each segment whole in one partition (hashed on its name as Segments.normalise gives it: Java's trim, every
        // character up to U+0020 at either end; empty or null is the organisation's "*"), the partition's rows filled
        // into one frame builder: no sort, and the segments' work stays Java objects (a Dataset's output would be
        // serialized and read back)
        org.apache.spark.sql.expressions.UserDefinedFunction normalise = org.apache.spark.sql.functions.udf(
                (org.apache.spark.sql.api.java.UDF1<String, String>) Segments::normalise,
                org.apache.spark.sql.types.DataTypes.StringType).asNonNullable();
        // only what a segment's frame needs crosses the shuffle: the day as an int (days since 1970-01-01, turned into
        // one shared LocalDate per day on the executor instead of a java.sql.Date per row), the normalised name (the
        // raw one is not needed: an observation normalises its segment to the same name), the metric and the value
        long firstDay = first.toEpochDay();
        int days = (int) (last.toEpochDay() - firstDay + 1);
        Dataset<Row> keyed = obs.select(
                org.apache.spark.sql.functions.datediff(col("d"), org.apache.spark.sql.functions.lit("1970-01-01")
                        .cast("date")).as("e"),
                normalise.apply(col("s")).as("n"), col("m"), col("v"));
        // the shuffle's partitions bound the rows one task groups at a time; the stages after the fold run on the
        // session's number of shuffle partitions (coalesced, no shuffle): each stage costs a task per partition
        sessionPartitions = obs.sparkSession().sessionState().conf().numShufflePartitions();
        int shufflePartitions = Math.max(sessionPartitions,
                (int) Math.min(100_000, (account.read() + ROWS_PER_PARTITION - 1) / ROWS_PER_PARTITION));
        org.apache.spark.api.java.function.FlatMapFunction<Iterator<Row>, SegmentWork> examineAll = rows -> {
            // one frame per partition, filled row by row as one machine fills its frame (no object per row); a
            // segment's examination reads only its own series and the calendar, which the first and last day set
            // the weekday of the whole data's weekly rows, not of this partition's alone
            // the whole data's calendar: a partition's rows alone (a team that began a year later) would set another,
            // or read the calendar's ends as mistyped years
            Frame.Builder builder = Frame.builder(model).span(first, last)
                    .rowDay(rowDay < 0 ? java.util.OptionalInt.empty() : java.util.OptionalInt.of(rowDay));
            List<Observation> ownRows = new ArrayList<>();
            LocalDate[] dates = new LocalDate[days];
            boolean anyRow = false;
            while (rows.hasNext()) {
                Row r = rows.next();
                int day = (int) (r.getInt(0) - firstDay);
                LocalDate date = dates[day];
                if (date == null) {
                    date = dates[day] = LocalDate.ofEpochDay(firstDay + day);
                }
                String segment = r.getString(1);
                String metric = r.getString(2);
                double value = r.isNullAt(3) ? Double.NaN : r.getDouble(3);
                if (segment.equals(Segments.ALL)) {
                    // the organisation's own rows: to the driver, which builds the organisation's frame
                    ownRows.add(new Observation(date, segment, metric, value));
                    continue;
                }
                builder.add(date, segment, metric, value, 0, false);
                anyRow = true;
            }
            List<SegmentWork> out = new ArrayList<>();
            if (!ownRows.isEmpty()) {
                out.add(SegmentWork.of(Segments.ALL, List.of(), List.of(), Map.of(), ownRows));
            }
            if (!anyRow) {
                return out.iterator();
            }
            Frame frame = builder.build();
            return examined(out, frame, model, seed, alpha, declared);
        };
        work = keyed.repartition(shufflePartitions, col("n"))
                .toJavaRDD()
                .mapPartitions(examineAll)
                .mapToPair(w -> {
                    if (w.segment().equals(Segments.ALL)) {
                        return new Tuple2<>("", w); // first in the fold's order
                    }
                    String key = orderKey(w.segment(), declared);
                    // undeclared segments sort after every declared one, by name
                    return new Tuple2<>(key == null ? "~" + w.segment() : key, w);
                })
                .persist(StorageLevel.MEMORY_AND_DISK());

        // 2. driver: the fold, one segment at a time in report order; the organisation's series from exact partial sums
        Frame span = Frame.of(model, List.of(new Observation(first, Segments.ALL, firstMetric(), Double.NaN),
                new Observation(last, Segments.ALL, firstMetric(), Double.NaN)));
        int periods = span.periodCount();
        // the organisation's series sums the segments with a value before its split, as one machine's frame does
        int organisationSplit = Frame.organisationSplit(model, span.period(0), periods);
        Set<String> given = new HashSet<>();
        List<StagedScorer.Fold> folds = new ArrayList<>();
        for (Link link : model.links()) {
            folds.add(stages.fold(model, link));
        }
        java.util.BitSet seen = new java.util.BitSet();
        // one pass over the cached work (which examines every segment into the cache): the segments, each partition's
        // exact sums of its segments' series per metric and period (a few doubles each; merged in any order they give
        // the core's organisation series bit for bit, so no series crosses to the driver) and the size of the
        // summaries the fold will stream (estimated once, as the work was made), which sets the fold's partitions
        Examined examined = work.values().mapPartitions(it -> {
            Examined partial = new Examined(periods);
            while (it.hasNext()) {
                SegmentWork w = it.next();
                partial.segments++;
                if (w.segment().equals(Segments.ALL)) {
                    continue;
                }
                if (!w.examinations().isEmpty()) {
                    partial.summaryBytes += w.summariesSize();
                }
                int f = Frame.firstBeforeSplit(model, w.series(), organisationSplit);
                if (f >= 0) {
                    int begun = Frame.begunBeforeSplit(model, w.series(), organisationSplit);
                    if (begun >= 0) {
                        partial.firstCounts[f]++;
                        partial.begunCounts[begun]++;
                    }
                    partial.name(begun, w.segment()); // -1: it stopped before the date, left out
                }
            }
            return List.of(partial).iterator();
        }).fold(new Examined(periods), Examined::merge);
        // the organisation's first period, as one machine's frame finds it, then a second pass: the members' sums
        int organisationFirst = Frame.organisationFirst(examined.firstCounts, examined.begunCounts, organisationSplit);
        examined.sumMembers(work.values().mapPartitions(it -> {
            Examined partial = new Examined(0);
            while (it.hasNext()) {
                SegmentWork w = it.next();
                if (w.segment().equals(Segments.ALL)) {
                    continue;
                }
                if (!Frame.countsInOrganisation(Frame.begunBeforeSplit(model, w.series(), organisationSplit),
                        organisationFirst)) {
                    continue;
                }
                for (Map.Entry<String, double[]> e : w.series().entrySet()) {
                    partial.sums.computeIfAbsent(e.getKey(), k -> SeriesSum.of(periods)).add(e.getValue());
                }
            }
            return List.of(partial).iterator();
        }).fold(new Examined(0), Examined::merge));
        OrganisationStart organisationStart = examined.start(organisationFirst, span.period(organisationFirst));
        long segments = examined.segments;
        Map<String, SeriesSum> sums = examined.sums;
        // the driver holds one partition of summaries at a time: partitions of about FOLD_PARTITION_BYTES on average,
        // from the summaries' estimated size in memory and each streamed element's own (its key, pair and wrapper, also
        // for a segment without summaries); the sort's range partitions balance keys, not bytes
        long streamedBytes = examined.summaryBytes + STREAMED_ELEMENT_BYTES * segments;
        int partitions = (int) Math.max(1, Math.min(100_000,
                (streamedBytes + FOLD_PARTITION_BYTES - 1) / FOLD_PARTITION_BYTES));
        for (StagedScorer.Fold fold : folds) {
            fold.expect(segments);
        }
        Iterator<Tuple2<String, Summaries>> it = work.mapValues(w -> new Summaries(w.examinations().isEmpty()
                ? null : w.summaries(), w.organisation())).sortByKey(true, partitions).toLocalIterator();
        // the organisation's own rows come first (its key sorts first); the metrics they give are not summed
        Tuple2<String, Summaries> head = it.hasNext() ? it.next() : null;
        if (head != null && head._1().isEmpty()) {
            organisationRows.addAll(head._2().organisation());
            head = it.hasNext() ? it.next() : null;
        }
        for (Observation o : organisationRows) {
            given.add(o.metric());
        }
        sums.keySet().removeAll(given);
        while (head != null) {
            Tuple2<String, Summaries> t = head;
            head = it.hasNext() ? it.next() : null;
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
        }
        List<Observation> org = new ArrayList<>(organisationRows);
        Frame calendar = Frame.of(model, List.of(new Observation(first, Segments.ALL, firstMetric(), Double.NaN),
                new Observation(last, Segments.ALL, firstMetric(), Double.NaN)));
        for (Map.Entry<String, SeriesSum> e : sums.entrySet()) {
            double[] values = e.getValue().values(model.metric(e.getKey()).aggregation());
            Arrays.fill(values, 0, organisationFirst, Double.NaN); // as one machine's: none before its first period
            for (int i = 0; i < periods; i++) {
                org.add(new Observation(calendar.period(i), Segments.ALL, e.getKey(), values[i]));
            }
        }
        org.add(new Observation(first, Segments.ALL, firstMetric(), Double.NaN));
        org.add(new Observation(last, Segments.ALL, firstMetric(), Double.NaN));
        // how many segments each sum holds (a series of NaN alone gives the metric nothing) and how often it lacks
        // them, as one machine's frame reads them; a metric given by the organisation's own rows is not summed
        Map<String, Integer> counts = new HashMap<>();
        Map<String, OrganisationGaps> gaps = new HashMap<>();
        for (Map.Entry<String, SeriesSum> e : sums.entrySet()) {
            counts.put(e.getKey(), e.getValue().valuedSeries());
            OrganisationGaps.of(e.getValue(), organisationFirst, organisationSplit)
                    .ifPresent(g -> gaps.put(e.getKey(), g));
        }
        Frame.Builder orgBuilder = Frame.builder(model).rowDay(this.rowDay).organisationCounts(counts)
                .organisationGaps(gaps);
        if (!sums.isEmpty()) {
            orgBuilder.organisationStart(organisationStart);
        }
        org.forEach(orgBuilder::add);
        Frame orgFrame = orgBuilder.build();
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
        completed = work.filter(t -> !t._2().examinations().isEmpty()).coalesce(sessionPartitions).mapValues(w -> {
            StagedScorer s = stages(seed, alpha);
            List<StagedScorer.Completed> out = new ArrayList<>();
            for (int l = 0; l < w.examinations().size(); l++) {
                out.add(s.complete(model, w.examinations().get(l), shared.value().get(l)));
            }
            return (List<StagedScorer.Completed>) dev.goodhart.spark.internal.SizedList.of(out);
        }).persist(StorageLevel.MEMORY_AND_DISK());
        // fold, not reduce: no segment may have been examined (only organisation rows, no declared segment in the data);
        // the same pass counts the p-values each detector pools across segments (Benjamini-Hochberg's m)
        Set<String> perSegment = new HashSet<>(stages.calibratedPerSegment());
        int links = model.links().size();
        int detectors = stages.scorer().portfolioDetectors().size();
        Completion completion = completed.values().mapPartitions(lists -> {
            Completion partial = new Completion(links, detectors);
            while (lists.hasNext()) {
                partial.add(lists.next(), perSegment);
            }
            return List.of(partial).iterator();
        }).fold(new Completion(links, detectors), Completion::merge);
        boolean[][] found = completion.found;
        pooledCounts = completion.pooled;
        work.unpersist(false);
        work = null;
        for (int l = 0; l < model.links().size(); l++) {
            organisation.add(stages.completeOrganisation(orgExaminations.get(l), states.get(l), found[l]));
        }
        int position = 0;
        for (String segment : model.segments()) {
            if (!seen.get(position)) {
                missing.put(position, stages.scorer().examine(model, orgFrame, segment));
            }
            position++;
        }
    }

    /** The work of the organisation's rows ({@code head}), then of every segment of {@code frame}, one at a time. */
    private static Iterator<SegmentWork> examined(List<SegmentWork> head, Frame frame, IntegrityModel model, long seed,
                                                  double alpha,
                                                  Map<String, Integer> declared) {
        Iterator<String> segments = frame.segments().iterator();
        Iterator<SegmentWork> first = head.iterator();
        StagedScorer stages = stages(seed, alpha);
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return first.hasNext() || segments.hasNext();
            }

            @Override
            public SegmentWork next() {
                return first.hasNext() ? first.next() : examineSegment(segments.next(), frame, model, stages, declared);
            }
        };
    }

    /** One segment's series, examinations and summaries, from its partition's frame. */
    private static SegmentWork examineSegment(String segment, Frame frame, IntegrityModel model, StagedScorer s,
                                              Map<String, Integer> declared) {
        Map<String, double[]> series = new LinkedHashMap<>();
        for (String m : frame.metrics()) {
            if (frame.has(segment, m)) {
                series.put(m, frame.series(segment, m));
            }
        }
        if (orderKey(segment, declared) == null) {
            return SegmentWork.of(segment, List.of(), List.of(), series, List.of());
        }
        List<Examination> examinations = s.scorer().examine(model, frame, segment);
        List<Serializable[]> summaries = new ArrayList<>();
        for (Examination e : examinations) {
            summaries.add(s.summaries(model, e));
        }
        return SegmentWork.of(segment, examinations, summaries, series, List.of());
    }

    /**
     * What the completion's pass gives the driver: per link, which cross-segment detectors found anything, and per
     * detector the number of segment p-values that enter Benjamini-Hochberg across segments.
     */
    private static final class Completion implements Serializable {
        private static final long serialVersionUID = 1L;
        final boolean[][] found;
        final Map<String, Long> pooled = new HashMap<>();

        Completion(int links, int detectors) {
            found = new boolean[links][detectors];
        }

        void add(List<StagedScorer.Completed> completed, Set<String> perSegment) {
            for (int l = 0; l < completed.size(); l++) {
                or(l, completed.get(l).found());
            }
            for (Tuple2<String, Double> p : pooledPValues(completed, perSegment)) {
                pooled.merge(p._1(), 1L, Long::sum);
            }
        }

        Completion merge(Completion other) {
            for (int l = 0; l < found.length; l++) {
                or(l, other.found[l]);
            }
            other.pooled.forEach((d, n) -> pooled.merge(d, n, Long::sum));
            return this;
        }

        private void or(int link, boolean[] detectors) {
            for (int k = 0; k < detectors.length; k++) {
                found[link][k] |= detectors[k];
            }
        }
    }

    /** The p-values of the organisation's rows and of declared segments without data (on the driver). */
    private List<Tuple2<String, Double>> localPValues() {
        List<Tuple2<String, Double>> out = new ArrayList<>();
        List<Examination> local = new ArrayList<>(organisation);
        missing.values().forEach(local::addAll);
        for (Examination e : local) {
            for (dev.goodhart.model.Finding f : e.findings()) {
                if (!Double.isNaN(f.pValue()) && stages.pooled(f.detector())) {
                    out.add(new Tuple2<>(f.detector(), Math.min(1, Math.max(0, f.pValue()))));
                }
            }
        }
        return out;
    }

    /** Every p-value of the report, by detector: the segments' on the executors and the driver's few. */
    private JavaPairRDD<String, Double> pValues(List<Tuple2<String, Double>> local) {
        // a detector calibrated per segment is its own family: its q-value is its p-value, nothing to pool
        Set<String> own = new HashSet<>(stages.calibratedPerSegment());
        JavaPairRDD<String, Double> segments = completed.values()
                .flatMapToPair(list -> pooledPValues(list, own).iterator());
        return segments.union(context.parallelizePairs(local, 1));
    }

    /**
     * The (detector, p-value) of a segment's findings that enter Benjamini-Hochberg across segments: those with a
     * p-value, of a detector not calibrated per segment ({@code own}), the p-value clamped to [0, 1].
     */
    private static List<Tuple2<String, Double>> pooledPValues(List<StagedScorer.Completed> completed, Set<String> own) {
        List<Tuple2<String, Double>> out = new ArrayList<>();
        for (StagedScorer.Completed c : completed) {
            for (dev.goodhart.model.Finding f : c.examination().findings()) {
                if (!Double.isNaN(f.pValue()) && !own.contains(f.detector())) {
                    out.add(new Tuple2<>(f.detector(), Math.min(1, Math.max(0, f.pValue()))));
                }
            }
        }
        return out;
    }

    /** The q-values on the driver: every p-value streamed to it (8 bytes each), for the report collected there. */
    private StagedScorer.QValues driverQValues() {
        StagedScorer.QValues.Builder q = StagedScorer.QValues.builder();
        Iterator<Tuple2<String, Double>> it = pValues(localPValues()).toLocalIterator();
        while (it.hasNext()) {
            Tuple2<String, Double> t = it.next();
            q.add(t._1(), t._2());
        }
        return q.build();
    }

    /**
     * Benjamini-Hochberg per detector on the cluster, exactly as {@link StagedScorer.QValues} computes it: the p-values
     * sorted by (detector, p), each one's rank within its detector from its global position, {@code m p / rank}, and
     * the running minimum from the largest p down, carried across partitions (the driver holds one number per
     * partition and detector). Returns each distinct (detector, p) with its q-value.
     */
    private JavaPairRDD<Tuple2<String, Double>, Double> distributedQValues(List<Tuple2<String, Double>> local) {
        JavaPairRDD<String, Double> p = pValues(local);
        // m per detector: the segments' pooled p-values, counted in the completion's pass, and the driver's own
        Map<String, Long> m = new HashMap<>(pooledCounts);
        for (Tuple2<String, Double> t : local) {
            m.merge(t._1(), 1L, Long::sum);
        }
        List<String> families = new ArrayList<>(new java.util.TreeSet<>(m.keySet()));
        Map<String, Long> offset = new HashMap<>();
        long at = 0;
        for (String f : families) {
            offset.put(f, at);
            at += m.get(f);
        }
        JavaPairRDD<Tuple2<String, Double>, Long> ranked = p
                .mapToPair(t -> new Tuple2<>(new Tuple2<>(t._1(), t._2()), 0L))
                .sortByKey(new FamilyThenP(), true)
                .keys().zipWithIndex()
                .mapToPair(t -> new Tuple2<>(t._1(), t._2() - offset.get(t._1()._1()) + 1));
        ranked = ranked.persist(StorageLevel.MEMORY_AND_DISK());
        rankedPValues = ranked;
        // the smallest m p / rank of each partition and detector
        List<Tuple2<Integer, Map<String, Double>>> minima = ranked.mapPartitionsWithIndex((index, it) -> {
            Map<String, Double> min = new HashMap<>();
            while (it.hasNext()) {
                Tuple2<Tuple2<String, Double>, Long> t = it.next();
                double v = (double) m.get(t._1()._1()) / t._2() * t._1()._2();
                min.merge(t._1()._1(), v, Math::min);
            }
            return List.of(new Tuple2<>(index, min)).iterator();
        }, true).collect();
        // for each partition and detector, the running minimum carried in from the later partitions (1 at the end)
        int partitions = ranked.getNumPartitions();
        List<Map<String, Double>> carry = new ArrayList<>();
        for (int i = 0; i < partitions; i++) {
            carry.add(new HashMap<>());
        }
        Map<String, Double> running = new HashMap<>();
        Map<Integer, Map<String, Double>> byIndex = new HashMap<>();
        for (Tuple2<Integer, Map<String, Double>> t : minima) {
            byIndex.put(t._1(), t._2());
        }
        for (int i = partitions - 1; i >= 0; i--) {
            carry.set(i, new HashMap<>(running));
            for (Map.Entry<String, Double> e : byIndex.getOrDefault(i, Map.of()).entrySet()) {
                running.merge(e.getKey(), e.getValue(), Math::min);
            }
        }
        JavaPairRDD<Tuple2<String, Double>, Double> q = ranked.mapPartitionsWithIndex((index, it) -> {
            List<Tuple2<Tuple2<String, Double>, Long>> part = new ArrayList<>();
            it.forEachRemaining(part::add);
            Map<String, Double> run = new HashMap<>(carry.get(index));
            List<Tuple2<Tuple2<String, Double>, Double>> out = new ArrayList<>(part.size());
            for (int k = part.size() - 1; k >= 0; k--) {
                Tuple2<Tuple2<String, Double>, Long> t = part.get(k);
                double v = (double) m.get(t._1()._1()) / t._2() * t._1()._2();
                double r = Math.min(run.getOrDefault(t._1()._1(), 1.0), v);
                run.put(t._1()._1(), r);
                out.add(new Tuple2<>(t._1(), Math.min(1, r)));
            }
            return out.iterator();
        }, true).mapToPair(t -> t).reduceByKey(Math::min);
        return q.persist(StorageLevel.MEMORY_AND_DISK());
    }

    /** Orders (detector, p) by detector, then p. */
    private static final class FamilyThenP implements Comparator<Tuple2<String, Double>>, Serializable {
        private static final long serialVersionUID = 1L;

        @Override
        public int compare(Tuple2<String, Double> a, Tuple2<String, Double> b) {
            int c = a._1().compareTo(b._1());
            return c != 0 ? c : Double.compare(a._2(), b._2());
        }
    }

    private String firstMetric() {
        return model.metrics().keySet().iterator().next();
    }

    /**
     * What one pass over the cached work gives the driver: the segments (with the organisation's rows and undeclared
     * segments), the exact sums of the segments' series per metric, and the estimated size of their summaries.
     */
    private static final class Examined implements Serializable {
        private static final long serialVersionUID = 1L;
        long segments;
        long summaryBytes;
        final Map<String, SeriesSum> sums = new HashMap<>();
        /** Per period, how many segments' data begin in it ({@link Frame#firstBeforeSplit}). */
        final int[] firstCounts;
        /** Per period, how many segments had begun by it and not before ({@link Frame#begunBeforeSplit}). */
        final int[] begunCounts;
        /** Per period, the first names of the segments begun by it, for the left-out examples. */
        final TreeMap<Integer, TreeSet<String>> names = new TreeMap<>();

        Examined(int periods) {
            firstCounts = new int[periods];
            begunCounts = new int[periods];
        }

        /** Segments with data before the date and none from it on (they stopped before it). */
        int stopped;

        /**
         * Keeps {@code segment} among the first names (by name) of those begun by period {@code begun} (-1: of those
         * that stopped before the date, which it counts).
         */
        void name(int begun, String segment) {
            if (begun < 0) {
                stopped++;
            }
            keep(begun, segment);
        }

        /** Adds {@code other}'s counts and merges its partial organisation sums and periods into these. */
        Examined merge(Examined other) {
            segments += other.segments;
            summaryBytes += other.summaryBytes;
            other.sums.forEach((metric, sum) -> sums.merge(metric, sum, SeriesSum::merge));
            for (int t = 0; t < other.firstCounts.length; t++) {
                firstCounts[t] += other.firstCounts[t];
                begunCounts[t] += other.begunCounts[t];
            }
            other.names.forEach((begun, kept) -> kept.forEach(n -> keep(begun, n)));
            stopped += other.stopped;
            return this;
        }

        /** Keeps a name as {@link #name} does, without counting it. */
        private void keep(int begun, String segment) {
            TreeSet<String> kept = names.computeIfAbsent(begun, k -> new TreeSet<>());
            kept.add(segment);
            if (kept.size() > OrganisationStart.EXAMPLES) {
                kept.pollLast();
            }
        }

        /** Takes the members' sums of the second pass. */
        void sumMembers(Examined members) {
            sums.putAll(members.sums);
        }

        /** Where the organisation's sum begins ({@code first}, its date {@code from}) and whom it leaves out. */
        OrganisationStart start(int first, LocalDate from) {
            int members = 0;
            int earlier = 0;
            int leftOut = 0;
            TreeSet<String> later = new TreeSet<>();
            for (int t = 0; t < begunCounts.length; t++) {
                if (Frame.countsInOrganisation(t, first)) {
                    members += begunCounts[t];
                } else {
                    leftOut += begunCounts[t];
                    later.addAll(names.getOrDefault(t, new TreeSet<>()));
                }
            }
            leftOut += stopped;
            later.addAll(names.getOrDefault(-1, new TreeSet<>()));
            // the members whose data begin before the organisation's first period: every segment whose data begin
            // then is a member (it had begun by then)
            for (int t = 0; t < first; t++) {
                earlier += firstCounts[t];
            }
            List<String> examples = new ArrayList<>(later).subList(0, Math.min(later.size(),
                    OrganisationStart.EXAMPLES));
            return new OrganisationStart(from, members, earlier, leftOut, examples);
        }
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
        qValues = driverQValues();
        qBroadcast = context.broadcast(qValues);
        int limit = stages.scorer().chartLimit();
        long seed = this.seed;
        double alpha = this.alpha;
        Broadcast<StagedScorer.QValues> q = qBroadcast;
        List<Candidate> top = limit == 0 ? List.of() : completed.flatMap(t -> {
            StagedScorer s = stages(seed, alpha);
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
        try {
            return collect(chartedBroadcast, seed, alpha, q);
        } finally {
            chartedBroadcast.destroy();
        }
    }

    private IntegrityReport collect(Broadcast<Set<String>> chartedBroadcast, long seed, double alpha,
                                    Broadcast<StagedScorer.QValues> q) {
        List<Tuple2<String, List<PairResult>>> rows = new ArrayList<>(completed.mapValues(list -> {
            StagedScorer s = stages(seed, alpha);
            List<PairResult> out = new ArrayList<>();
            for (int l = 0; l < list.size(); l++) {
                out.add(s.result(list.get(l).examination(), q.value(), false));
            }
            return out;
        }).collect());
        rows.sort((a, b) -> a._1().compareTo(b._1())); // report order
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
                    StagedScorer s = stages(seed, alpha);
                    List<PairResult> out = new ArrayList<>();
                    for (int l = 0; l < t._2().size(); l++) {
                        out.add(s.result(t._2().get(l).examination(), q.value(),
                                chartedBroadcast.value().contains(l + "|" + t._1())));
                    }
                    return new Tuple2<>(t._1(), out);
                }).collect();
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
        // the first days of the first and last periods, as one machine's frame gives them (not the data's days)
        return new IntegrityReport(model, model.granularity().periodStart(first),
                model.granularity().periodStart(last), segmentCount, pairs,
                dev.goodhart.activity.ActivityReport.EMPTY, account, alpha);
    }

    /** The report with its rows on the executors; the q-values computed on the cluster too. */
    SparkReport distributed() {
        long seed = this.seed;
        double alpha = this.alpha;
        // the driver's few rows (the organisation, declared segments without data): their p-values, once
        List<Tuple2<String, Double>> localP = localPValues();
        JavaPairRDD<Tuple2<String, Double>, Double> q = distributedQValues(localP);
        qTable = q;
        // ... look up their q-values
        Set<Tuple2<String, Double>> localKeys = new HashSet<>(localP);
        Broadcast<Set<Tuple2<String, Double>>> wantedHere = context.broadcast(localKeys);
        List<Tuple2<Tuple2<String, Double>, Double>> localQ;
        try {
            localQ = q.filter(t -> wantedHere.value().contains(t._1())).collect();
        } finally {
            wantedHere.destroy();
        }
        qValues = qValuesOf(localQ);
        // each segment's findings get their q-values by a join on (detector, p), and the q-values are sent to the
        // partition where the segment's work is cached: the work itself never moves (a join of the two moved every
        // segment's examinations through Java serialisation)
        Set<String> perSegment = new HashSet<>(stages.calibratedPerSegment());
        int parts = completed.getNumPartitions();
        JavaPairRDD<Integer, Tuple2<String, Tuple2<Tuple2<String, Double>, Double>>> routed = completed
                .mapPartitionsWithIndex((index, it) -> {
                    List<Tuple2<Tuple2<String, Double>, Tuple2<Integer, String>>> out = new ArrayList<>();
                    while (it.hasNext()) {
                        Tuple2<String, List<StagedScorer.Completed>> t = it.next();
                        for (Tuple2<String, Double> p : pooledPValues(t._2(), perSegment)) {
                            out.add(new Tuple2<>(p, new Tuple2<>(index, t._1())));
                        }
                    }
                    return out.iterator();
                }, true)
                .mapToPair(t -> t)
                .join(q)
                .mapToPair(t -> new Tuple2<>(t._2()._1()._1(),
                        new Tuple2<>(t._2()._1()._2(), new Tuple2<>(t._1(), t._2()._2()))))
                .partitionBy(new dev.goodhart.spark.internal.IndexPartitioner(parts));
        // each segment's rows as one list that knows its size: cached, Spark re-estimates a partition's size by
        // walking its elements about eleven times over, and a row's findings and sentences are many objects
        JavaRDD<List<PairResult>> results = completed.zipPartitions(routed.values(), (work, qs) -> {
            Map<String, List<Tuple2<Tuple2<String, Double>, Double>>> bySegment = new HashMap<>();
            qs.forEachRemaining(t -> bySegment.computeIfAbsent(t._1(), k -> new ArrayList<>()).add(t._2()));
            StagedScorer s = stages(seed, alpha);
            List<List<PairResult>> rows = new ArrayList<>();
            while (work.hasNext()) {
                Tuple2<String, List<StagedScorer.Completed>> t = work.next();
                StagedScorer.QValues own = qValuesOf(bySegment.getOrDefault(t._1(), List.of()));
                List<PairResult> out = new ArrayList<>();
                for (StagedScorer.Completed c : t._2()) {
                    out.add(s.result(c.examination(), own, false));
                }
                rows.add(dev.goodhart.spark.internal.SizedList.of(out));
            }
            return rows.iterator();
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
        rows = results.persist(StorageLevel.MEMORY_AND_DISK());
        JavaRDD<PairResult> cached = rows.flatMap(List::iterator);
        Map<Verdict, Long> verdicts = new EnumMap<>(Verdict.class);
        for (Map.Entry<String, Long> e : cached.map(r -> r.verdict().name()).countByValue().entrySet()) {
            verdicts.merge(Verdict.valueOf(e.getKey()), e.getValue(), Long::sum);
        }
        for (PairResult r : local) {
            verdicts.merge(r.verdict(), 1L, Long::sum);
        }
        long pairCount = verdicts.values().stream().mapToLong(Long::longValue).sum();
        ReportHeader header = new ReportHeader(model, model.granularity().periodStart(first),
                model.granularity().periodStart(last), segmentCount, pairCount, verdicts, account, alpha);
        org.apache.spark.sql.SparkSession spark = org.apache.spark.sql.SparkSession.builder()
                .sparkContext(context.sc()).getOrCreate();
        List<Row> localRows = new ArrayList<>();
        for (PairResult r : local) {
            localRows.add(SparkScoring.row(r));
        }
        Dataset<Row> pairs = spark.createDataFrame(cached.map(SparkScoring::row), SparkScoring.pairSchema())
                .union(spark.createDataFrame(localRows, SparkScoring.pairSchema()));
        return new SparkReport(header, organisationRows, pairs, this::close, this::closed);
    }

    private static StagedScorer.QValues qValuesOf(List<Tuple2<Tuple2<String, Double>, Double>> table) {
        List<String> detectors = new ArrayList<>(table.size());
        double[] p = new double[table.size()];
        double[] q = new double[table.size()];
        for (int i = 0; i < p.length; i++) {
            detectors.add(table.get(i)._1()._1());
            p[i] = table.get(i)._1()._2();
            q[i] = table.get(i)._2();
        }
        return StagedScorer.QValues.of(detectors, p, q);
    }

    /** Whether {@link #close} ran: the cached work and the broadcasts are gone. */
    boolean closed() {
        return closed;
    }

    /** Releases what is cached on the executors and the broadcasts; a second call does nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (work != null) {
            work.unpersist(false);
        }
        if (rows != null) {
            rows.unpersist(false);
        }
        if (qTable != null) {
            qTable.unpersist(false);
        }
        if (rankedPValues != null) {
            rankedPValues.unpersist(false);
        }
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
