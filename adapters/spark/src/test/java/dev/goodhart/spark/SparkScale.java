package dev.goodhart.spark;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import dev.goodhart.report.Verdict;
import dev.goodhart.sim.Organisations;
import dev.goodhart.sim.Scenario;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Date;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.scheduler.SparkListener;
import org.apache.spark.scheduler.SparkListenerJobEnd;
import org.apache.spark.scheduler.SparkListenerJobStart;
import org.apache.spark.scheduler.SparkListenerTaskEnd;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Scale measurement of {@link SparkScoring#report} as it is designed today (the driver collects every segment's
 * series and examinations): N teams x D days of two metrics (proxy "tokens", outcome "output"; a share of the teams
 * gamed, the rest honest, from the core's simulation zoo {@link Scenario#generateDaily}) are generated on the
 * executors, written to Parquet, read back and scored on a standalone cluster of a master and two one-core workers on
 * 127.0.0.1 ({@link LoopbackCluster}), or on {@code local[2]}.
 *
 * <p>Recorded: wall time of each stage (and how much of the scoring the cluster's jobs took); the driver's heap (this
 * JVM: the largest heap in use seen by a 20 ms sampler or a collection, the largest after any collection, the
 * baseline before scoring and what the report keeps after it, each after {@code System.gc()}); what the executors
 * sent to the driver (the tasks' result sizes); and each executor JVM's heap from its GC log (largest before and after
 * a collection). One line per run is appended to a tab-separated file.
 *
 * <p>Not a test: run by {@code adapters/spark/scale.sh}, which sets this JVM's heap (the driver's) and options.
 * Arguments are {@code key=value}: {@code teams} (10000), {@code days} (365), {@code gamed} (0.1, the share of gamed
 * teams), {@code master} ({@code cluster} or e.g. {@code local[2]}), {@code executorMemory} (1g), {@code out} (the
 * results file, {@code target/spark-scale.tsv}), {@code work} (a scratch directory, a new temporary one by default),
 * {@code data} (a Parquet directory: made there and kept if missing, read if present, so that a large data set is made
 * once), {@code generateOnly} (false; true: stop once the data is written), {@code liveEvery} (0; if positive, a
 * full collection every so many milliseconds to sample the driver's live heap, which slows the driver, so its runs
 * are for memory and not for time), {@code mode} ({@code distributed}: {@link SparkScoring#score}, the rows written to
 * Parquet from the executors and counted from there; {@code report}: {@link SparkScoring#report}, every row collected
 * on the driver), {@code single} (false; true: score the same teams in this JVM without Spark first, for a
 * comparison measured in the same run; that run's driver memory figures are not the driver's alone), {@code
 * executorJfr} (false; true: each executor records a JFR profile into the work directory's {@code jfr/}, for
 * {@code jfr print --events jdk.ExecutionSample}; its runs are slower and not for time), {@code workers} (2) and
 * {@code executorCores} (1): the cluster's workers and the cores of each one's executor (one worker of two cores runs
 * one executor JVM instead of two, so the code is loaded and compiled once).
 */
public final class SparkScale {
    private static final Pattern GC_LINE = Pattern.compile("(\\d+)([KMG])->(\\d+)([KMG])\\((\\d+)([KMG])\\)");

    private SparkScale() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>(Map.of("teams", "10000", "days", "365", "gamed", "0.1",
                "master", "cluster", "executorMemory", "1g", "out", "target/spark-scale.tsv", "liveEvery", "0",
                "mode", "distributed", "workers", "2", "executorCores", "1"));
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("key=value expected: " + arg);
            }
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        int teams = Integer.parseInt(a.get("teams"));
        int days = Integer.parseInt(a.get("days"));
        double gamed = Double.parseDouble(a.get("gamed"));
        boolean onCluster = a.get("master").equals("cluster");
        if ("single".equals(a.get("mode"))) {
            single(teams, days, gamed, Path.of(a.get("out")));
            return;
        }
        // single=true: the same teams in this JVM first, so that the comparison is measured in the same run
        double singleSeconds = Boolean.parseBoolean(a.getOrDefault("single", "false"))
                ? single(teams, days, gamed, Path.of(a.get("out"))) : Double.NaN;
        Path work = a.containsKey("work") ? Files.createDirectories(Path.of(a.get("work")))
                : Files.createTempDirectory("goodhart-spark-scale");
        HeapWatch driver = new HeapWatch(Long.parseLong(a.get("liveEvery")));
        double loadAtStart = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.printf(Locale.ROOT, "scale: %,d teams x %d days on %s, driver -Xmx %d MB, work %s, load %.2f%n",
                teams, days, a.get("master"), Runtime.getRuntime().maxMemory() >> 20, work, loadAtStart);

        long t0 = System.nanoTime();
        int workers = Integer.parseInt(a.get("workers"));
        int executorCores = Integer.parseInt(a.get("executorCores"));
        if (workers < 1 || executorCores < 1) {
            throw new IllegalArgumentException("workers and executorCores: at least 1 each, found " + workers + " and "
                    + executorCores);
        }
        LoopbackCluster cluster = onCluster
                ? LoopbackCluster.start(work, workers, executorCores, workerMemory(a.get("executorMemory"))) : null;
        if (cluster != null) { // a run stopped from outside (timeout, Ctrl-C) still stops the cluster's processes
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    cluster.close();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
        }
        Results r = new Results();
        try {
            int shufflePartitions = Math.max(8, teams / 2_500);
            SparkSession.Builder builder = SparkSession.builder().appName("goodhart-scale")
                    .master(onCluster ? cluster.masterUrl() : a.get("master"))
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", Integer.toString(shufflePartitions))
                    .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
                    // today's design sends every segment's series to the driver: over Spark's 1 GB default at scale
                    .config("spark.driver.maxResultSize", "0")
                    .config("spark.local.dir", Files.createDirectories(work.resolve("local")).toString());
            if (onCluster) {
                builder.config("spark.executor.memory", a.get("executorMemory"))
                        .config("spark.executor.cores", Integer.toString(executorCores))
                        .config("spark.cores.max", Integer.toString(workers * executorCores))
                        .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                        .config("spark.executor.extraJavaOptions",
                                "-Xlog:gc:file=" + work.resolve("executor-gc-%p.log")
                                        + (Boolean.parseBoolean(a.getOrDefault("executorJfr", "false"))
                                        ? " -XX:FlightRecorderOptions=stackdepth=512 -XX:StartFlightRecording=settings=profile,filename="
                                                + Files.createDirectories(work.resolve("jfr")) + "/" : ""));
            }
            SparkSession spark = builder.getOrCreate();
            spark.sparkContext().setLogLevel("ERROR");
            Listener listener = new Listener();
            spark.sparkContext().addSparkListener(listener);
            r.clusterStart = seconds(t0);

            // the data, made on the executors and written as Parquet, as it would be read in production
            long t1 = System.nanoTime();
            Path data = a.containsKey("data") ? Path.of(a.get("data")).toAbsolutePath() : work.resolve("data.parquet");
            if (Files.exists(data)) {
                r.generate = Double.NaN; // made by an earlier run with the same teams, days and share
            } else {
                generate(spark, teams, days, gamed).write().parquet(data.toString());
                r.generate = seconds(t1);
                System.out.printf(Locale.ROOT, "scale: %,d rows made and written to %s in %.1f s%n",
                        2L * teams * days, data, r.generate);
            }
            if (!Boolean.parseBoolean(a.getOrDefault("generateOnly", "false"))) {
                score(spark, data, teams, days, driver, listener, r, a.get("mode"), work.resolve("pairs"));
            }
            spark.stop();
        } finally {
            if (cluster != null) {
                cluster.close();
            }
        }
        if (r.detection == null) { // generateOnly: nothing scored
            if (!a.containsKey("work")) {
                delete(work);
            }
            return;
        }
        if (onCluster) {
            r.executors = executorHeaps(work);
        }
        r.loadAtEnd = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        if (!Double.isNaN(singleSeconds)) {
            System.out.printf(Locale.ROOT, "scale: same run: cluster %.1f s, one JVM %.1f s (frame and score): %.2f times%n",
                    r.score, singleSeconds, r.score / singleSeconds);
        }
        r.write(a, teams, days, Runtime.getRuntime().maxMemory(), loadAtStart, Path.of(a.get("out")));
        if (!a.containsKey("work")) {
            delete(work);
        }
    }

    private static void score(SparkSession spark, Path data, int teams, int days, HeapWatch driver, Listener listener,
            Results r, String mode, Path rowsOut) {
        IntegrityModel model = Organisations.dailyModel(split(days));
        Dataset<Row> observations = spark.read().parquet(data.toString());
        r.baseline = driver.liveHeap();
        listener.reset();
        driver.reset();
        long t2 = System.nanoTime();
        long driverCpu0 = processCpuNanos();
        IntegrityReport report = null;
        Map<Verdict, Long> verdicts = null;
        if ("report".equals(mode)) {
            report = SparkScoring.report(observations,
                    new SparkScoring.Columns("day", "team", "metric", "value"), model, 0);
        } else {
            // the rows stay on the executors and are written out from there, as a platform would store them
            try (SparkReport distributed = SparkScoring.score(observations,
                    new SparkScoring.Columns("day", "team", "metric", "value"), model, 0)) {
                distributed.pairs().write().mode("overwrite").parquet(rowsOut.toString());
                r.segments = distributed.header().segmentCount();
                verdicts = distributed.header().verdicts();
            }
        }
        long end = System.nanoTime();
        r.score = (end - t2) / 1e9;
        // CPU time is not inflated by other processes or a VM's steal, unlike wall time: it compares work, run to run
        System.out.printf(Locale.ROOT, "scale: CPU while scoring: executors' tasks %.1f s, driver process %.1f s%n",
                listener.executorCpu.get() / 1e9, (processCpuNanos() - driverCpu0) / 1e9);
        r.jobs = listener.jobSeconds();
        r.afterLastJob = (end - listener.lastJobEnd.get()) / 1e9;
        r.peakUsed = driver.peakUsed();
        r.peakAfterGc = driver.maxAfterGc.get();
        r.maxLive = driver.maxLive.get();
        r.collections = driver.collections.get();
        r.gcSeconds = driver.gcMillis.get() / 1e3;
        r.retained = driver.liveHeap() - r.baseline;
        r.resultBytes = listener.resultBytes.get();
        r.largestResult = listener.largestResult.get();
        r.tasks = listener.tasks.get();
        if (report != null) {
            r.segments = report.segmentCount();
            r.detection = detection(report);
        } else {
            // after the clock: the rows read back from where the executors wrote them
            r.detection = detection(spark.read().parquet(rowsOut.toString()), verdicts);
        }
        if (r.segments != teams) {
            throw new IllegalStateException(r.segments + " segments scored, " + teams + " expected");
        }
    }

    /** This process's CPU time (all threads): unlike wall time, not inflated by other processes or a VM's steal. */
    static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean())
                .getProcessCpuTime();
    }

    /**
     * The same teams scored in this JVM without Spark (the single-machine reference): the rows made as {@link #generate}
     * makes them, a frame built in memory, {@code Scorer.builder().parallel()} on every core. Prints and appends one
     * line: teams, days, seconds to build the frame, seconds to score, cores, load.
     */
    private static double single(int teams, int days, double gamed, Path out) throws IOException {
        IntegrityModel model = Organisations.dailyModel(split(days));
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        long t0 = System.nanoTime();
        long cpu0 = processCpuNanos();
        dev.goodhart.model.Frame.Builder b = dev.goodhart.model.Frame.builder(model);
        int split = split(days);
        for (long team = 0; team < teams; team++) {
            Scenario s = scenario(team, gamed);
            double[][] series = s.generateDaily(1_000_003L * team + 17, days, split);
            String name = String.format(Locale.ROOT, "%s-%07d", s.name().toLowerCase(Locale.ROOT), team);
            for (int t = 0; t < days; t++) {
                java.time.LocalDate d = Organisations.START.plusDays(t);
                b.add(new dev.goodhart.model.Observation(d, name, "tokens", series[0][t]));
                b.add(new dev.goodhart.model.Observation(d, name, "output", series[1][t]));
            }
        }
        dev.goodhart.model.Frame frame = b.build();
        double build = (System.nanoTime() - t0) / 1e9;
        long t1 = System.nanoTime();
        long cpu1 = processCpuNanos();
        IntegrityReport report = dev.goodhart.scoring.Scorer.builder().parallel().build().score(model, frame);
        double score = (System.nanoTime() - t1) / 1e9;
        System.out.printf(Locale.ROOT, "scale: single JVM CPU: frame %.1f s, score %.1f s (this process, all threads)%n",
                (cpu1 - cpu0) / 1e9, (processCpuNanos() - cpu1) / 1e9);
        double[] detection = detection(report);
        String line = String.format(Locale.ROOT, "single\t%d\t%d\t%.1f\t%.1f\t%d\t%.2f\t%.2f\t%.4f\t%.4f%n", teams,
                days, build, score, Runtime.getRuntime().availableProcessors(), load,
                ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage(), detection[0], detection[1]);
        System.out.print("scale: single JVM (mode, teams, days, frame s, score s, cores, load start/end, gamed "
                + "flagged, honest flagged): " + line);
        Files.writeString(out.resolveSibling("spark-scale-single.tsv"), line, java.nio.file.StandardOpenOption.CREATE,
                java.nio.file.StandardOpenOption.APPEND);
        return build + score;
    }

    private static int split(int days) {
        return days * 3 / 4;
    }

    static String workerMemory(String executorMemory) {
        // a worker offers what its executor asks for plus room, so that the one executor fits
        long mb = org.apache.spark.network.util.JavaUtils.byteStringAsMb(executorMemory);
        return (mb + 512) + "m";
    }

    /** Team i's scenario: a share {@code gamed} cycles through the gamed ones, the rest through the honest ones. */
    static Scenario scenario(long team, double gamed) {
        List<Scenario> bad = new ArrayList<>();
        List<Scenario> good = new ArrayList<>();
        for (Scenario s : Scenario.values()) {
            (s.gamed() ? bad : good).add(s);
        }
        long mixed = (team * 0x9E3779B97F4A7C15L) >>> 11; // spreads the gamed teams over the range
        boolean isGamed = (mixed % 10_000) < gamed * 10_000;
        List<Scenario> from = isGamed ? bad : good;
        return from.get((int) Math.floorMod(team, (long) from.size()));
    }

    static Dataset<Row> generate(SparkSession spark, int teams, int days, double gamed) {
        StructType schema = new StructType(new StructField[] {
            DataTypes.createStructField("day", DataTypes.DateType, false),
            DataTypes.createStructField("team", DataTypes.StringType, false),
            DataTypes.createStructField("metric", DataTypes.StringType, false),
            DataTypes.createStructField("value", DataTypes.DoubleType, true)});
        int split = split(days);
        FlatMapFunction<Long, Row> rows = team -> {
            Scenario s = scenario(team, gamed);
            double[][] series = s.generateDaily(1_000_003L * team + 17, days, split);
            String name = String.format(Locale.ROOT, "%s-%07d", s.name().toLowerCase(Locale.ROOT), team);
            List<Row> out = new ArrayList<>(2 * days);
            for (int t = 0; t < days; t++) {
                Date d = Date.valueOf(Organisations.START.plusDays(t));
                out.add(RowFactory.create(d, name, "tokens", series[0][t]));
                out.add(RowFactory.create(d, name, "output", series[1][t]));
            }
            return out.iterator();
        };
        int partitions = Math.max(2, teams / 5_000);
        return spark.range(0, teams, 1, partitions).as(Encoders.LONG()).flatMap(rows, Encoders.row(schema));
    }

    /** Share of gamed teams at DIVERGING or GAMED, and of honest teams there: a check that the scoring was real. */
    /** As {@link #detection(IntegrityReport)}, from the rows written by the distributed report. */
    private static double[] detection(Dataset<Row> rows, Map<Verdict, Long> verdicts) {
        long[] counts = new long[4]; // gamed teams, gamed flagged, honest teams, honest flagged
        for (Row row : rows.groupBy(org.apache.spark.sql.functions.col("segment"),
                org.apache.spark.sql.functions.col("verdict")).count().collectAsList()) {
            String segment = row.getString(0);
            int dash = segment.lastIndexOf('-');
            if (dash < 0) {
                continue;
            }
            boolean gamed = Scenario.valueOf(segment.substring(0, dash).toUpperCase(Locale.ROOT)).gamed();
            boolean flagged = Verdict.valueOf(row.getString(1)).flagged();
            counts[gamed ? 0 : 2] += row.getLong(2);
            counts[gamed ? 1 : 3] += flagged ? row.getLong(2) : 0;
        }
        System.out.println("scale: verdicts " + verdicts);
        return new double[] {counts[1] / (double) Math.max(1, counts[0]), counts[3] / (double) Math.max(1, counts[2])};
    }

    private static double[] detection(IntegrityReport report) {
        long gamedTeams = 0;
        long gamedFlagged = 0;
        long honestTeams = 0;
        long honestFlagged = 0;
        Map<Verdict, Integer> verdicts = new EnumMap<>(Verdict.class);
        for (PairResult p : report.pairs()) {
            verdicts.merge(p.verdict(), 1, Integer::sum);
            int dash = p.segment().lastIndexOf('-');
            if (dash < 0) {
                continue; // the organisation
            }
            boolean flagged = p.verdict() == Verdict.DIVERGING || p.verdict() == Verdict.GAMED;
            if (Scenario.valueOf(p.segment().substring(0, dash).toUpperCase(Locale.ROOT)).gamed()) {
                gamedTeams++;
                gamedFlagged += flagged ? 1 : 0;
            } else {
                honestTeams++;
                honestFlagged += flagged ? 1 : 0;
            }
        }
        System.out.println("scale: verdicts " + verdicts);
        return new double[] {gamedFlagged / (double) Math.max(1, gamedTeams),
            honestFlagged / (double) Math.max(1, honestTeams)};
    }

    /** Per executor JVM (its GC log): {largest heap before a collection, largest after one, the heap's size}, MB. */
    static List<long[]> executorHeaps(Path work) throws IOException {
        List<long[]> out = new ArrayList<>();
        try (Stream<Path> logs = Files.list(work)) {
            for (Path log : logs.filter(p -> p.getFileName().toString().startsWith("executor-gc-")).sorted().toList()) {
                long before = 0;
                long after = 0;
                long size = 0;
                for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                    Matcher m = GC_LINE.matcher(line);
                    if (m.find()) {
                        before = Math.max(before, mb(m.group(1), m.group(2)));
                        after = Math.max(after, mb(m.group(3), m.group(4)));
                        size = Math.max(size, mb(m.group(5), m.group(6)));
                    }
                }
                out.add(new long[] {before, after, size});
            }
        }
        return out;
    }

    private static long mb(String n, String unit) {
        long v = Long.parseLong(n);
        return switch (unit) {
            case "K" -> v >> 10;
            case "G" -> v << 10;
            default -> v;
        };
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static void delete(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The driver's heap: a 20 ms sampler and every collection's before and after (the heap pools summed). */
    static final class HeapWatch {
        final AtomicLong maxAfterGc = new AtomicLong();
        final AtomicLong maxBeforeGc = new AtomicLong();
        final AtomicLong sampled = new AtomicLong();
        final AtomicLong collections = new AtomicLong();
        final AtomicLong gcMillis = new AtomicLong();
        final AtomicLong maxLive = new AtomicLong();
        private final Set<String> heapPools = new HashSet<>();

        /** @param liveEvery if positive, a full collection every so many ms, to sample the live heap (costs time) */
        HeapWatch(long liveEvery) {
            for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
                if (pool.getType() == MemoryType.HEAP) {
                    heapPools.add(pool.getName());
                }
            }
            for (var gc : ManagementFactory.getGarbageCollectorMXBeans()) {
                ((NotificationEmitter) gc).addNotificationListener((n, h) -> {
                    if (!n.getType().equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                        return;
                    }
                    var info = GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()).getGcInfo();
                    maxBeforeGc.accumulateAndGet(sum(info.getMemoryUsageBeforeGc()), Math::max);
                    maxAfterGc.accumulateAndGet(sum(info.getMemoryUsageAfterGc()), Math::max);
                    collections.incrementAndGet();
                    gcMillis.addAndGet(info.getDuration());
                }, null, null);
            }
            Thread sampler = new Thread(() -> {
                while (true) {
                    sampled.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                            Math::max);
                    try {
                        Thread.sleep(20);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "heap-sampler");
            sampler.setDaemon(true);
            sampler.start();
            if (liveEvery > 0) {
                Thread live = new Thread(() -> {
                    while (true) {
                        try {
                            Thread.sleep(liveEvery);
                        } catch (InterruptedException e) {
                            return;
                        }
                        System.gc();
                        maxLive.accumulateAndGet(ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed(),
                                Math::max);
                    }
                }, "live-heap-sampler");
                live.setDaemon(true);
                live.start();
            }
        }

        private long sum(Map<String, MemoryUsage> pools) {
            long used = 0;
            for (var e : pools.entrySet()) {
                if (heapPools.contains(e.getKey())) {
                    used += e.getValue().getUsed();
                }
            }
            return used;
        }

        long peakUsed() {
            return Math.max(sampled.get(), maxBeforeGc.get());
        }

        /** The heap in use after full collections (which also count as a sample). */
        long liveHeap() {
            System.gc();
            System.gc();
            return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
        }

        void reset() {
            maxAfterGc.set(0);
            maxBeforeGc.set(0);
            sampled.set(0);
            collections.set(0);
            gcMillis.set(0);
            maxLive.set(0);
        }
    }

    /** The tasks' result sizes (what the executors sent to the driver) and the jobs' wall time. */
    static final class Listener extends SparkListener {
        final AtomicLong resultBytes = new AtomicLong();
        final AtomicLong largestResult = new AtomicLong();
        final AtomicLong tasks = new AtomicLong();
        final AtomicLong lastJobEnd = new AtomicLong();
        private final Map<Integer, Long> jobStarts = new java.util.concurrent.ConcurrentHashMap<>();
        private final Map<Integer, String> jobSites = new java.util.concurrent.ConcurrentHashMap<>();
        private final AtomicLong jobNanos = new AtomicLong();
        /** Each stage's job, and the executors' CPU time (task run and deserialisation) per job. */
        private final Map<Integer, Integer> stageJobs = new java.util.concurrent.ConcurrentHashMap<>();
        private final Map<Integer, AtomicLong> jobCpu = new java.util.concurrent.ConcurrentHashMap<>();
        final AtomicLong executorCpu = new AtomicLong();

        void reset() {
            resultBytes.set(0);
            executorCpu.set(0);
            largestResult.set(0);
            tasks.set(0);
            jobNanos.set(0);
        }

        double jobSeconds() {
            return jobNanos.get() / 1e9;
        }

        @Override
        public void onTaskEnd(SparkListenerTaskEnd e) {
            if (e.taskMetrics() != null) {
                resultBytes.addAndGet(e.taskMetrics().resultSize());
                largestResult.accumulateAndGet(e.taskMetrics().resultSize(), Math::max);
                tasks.incrementAndGet();
                long cpu = e.taskMetrics().executorCpuTime() + e.taskMetrics().executorDeserializeCpuTime();
                executorCpu.addAndGet(cpu);
                Integer job = stageJobs.get(e.stageId());
                if (job != null) {
                    jobCpu.computeIfAbsent(job, k -> new AtomicLong()).addAndGet(cpu);
                }
            }
        }

        @Override
        public void onJobStart(SparkListenerJobStart e) {
            jobStarts.put(e.jobId(), System.nanoTime());
            // the job's last stage is named after the action's call site ("count at Staged.java:192")
            StringBuilder site = new StringBuilder();
            scala.collection.Iterator<org.apache.spark.scheduler.StageInfo> stages = e.stageInfos().iterator();
            while (stages.hasNext()) {
                org.apache.spark.scheduler.StageInfo stage = stages.next();
                stageJobs.put(stage.stageId(), e.jobId());
                site.append(site.length() == 0 ? "" : "; ").append(stage.name());
            }
            jobSites.put(e.jobId(), site.toString());
        }

        @Override
        public void onJobEnd(SparkListenerJobEnd e) {
            long now = System.nanoTime();
            Long start = jobStarts.remove(e.jobId());
            if (start != null) {
                jobNanos.addAndGet(now - start);
                AtomicLong cpu = jobCpu.remove(e.jobId());
                System.out.printf(Locale.ROOT, "scale: job %d took %.1f s, executors' CPU %.1f s (%s)%n", e.jobId(),
                        (now - start) / 1e9, cpu == null ? 0 : cpu.get() / 1e9, jobSites.getOrDefault(e.jobId(), ""));
            }
            lastJobEnd.set(now);
        }
    }

    /** One run's figures. */
    static final class Results {
        double clusterStart;
        double generate;
        double score;
        double jobs;
        double afterLastJob;
        long baseline;
        long peakUsed;
        long peakAfterGc;
        long maxLive;
        long retained;
        long collections;
        double gcSeconds;
        long resultBytes;
        long largestResult;
        long tasks;
        int segments;
        double[] detection;
        List<long[]> executors = List.of();
        double loadAtEnd;

        void write(Map<String, String> a, int teams, int days, long driverMax, double loadAtStart, Path out)
                throws IOException {
            long exBefore = executors.stream().mapToLong(e -> e[0]).max().orElse(-1);
            long exAfter = executors.stream().mapToLong(e -> e[1]).max().orElse(-1);
            long exSize = executors.stream().mapToLong(e -> e[2]).max().orElse(-1);
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("date", LocalDate.now());
            row.put("master", a.get("master"));
            row.put("teams", teams);
            row.put("days", days);
            row.put("rows", 2L * teams * days);
            row.put("gamed_share", a.get("gamed"));
            row.put("cluster_start_s", fmt(clusterStart));
            row.put("generate_write_s", fmt(generate));
            row.put("score_s", fmt(score));
            row.put("score_jobs_s", fmt(jobs));
            row.put("driver_after_last_job_s", fmt(afterLastJob));
            row.put("driver_xmx_mb", driverMax >> 20);
            row.put("driver_baseline_mb", baseline >> 20);
            row.put("driver_peak_used_mb", peakUsed >> 20);
            row.put("driver_peak_after_gc_mb", peakAfterGc >> 20);
            row.put("driver_peak_after_gc_minus_baseline_bytes_per_team", (peakAfterGc - baseline) / teams);
            row.put("driver_live_sampled_every_ms", a.get("liveEvery"));
            row.put("mode", a.get("mode"));
            row.put("driver_live_max_mb", maxLive >> 20);
            row.put("driver_live_max_minus_baseline_bytes_per_team", maxLive == 0 ? 0 : (maxLive - baseline) / teams);
            row.put("driver_report_retained_bytes_per_team", retained / teams);
            row.put("driver_gcs", collections);
            row.put("driver_gc_s", fmt(gcSeconds));
            row.put("results_to_driver_mb", resultBytes >> 20);
            row.put("results_bytes_per_team", resultBytes / teams);
            row.put("largest_task_result_mb", largestResult >> 20);
            row.put("tasks", tasks);
            row.put("executors", executors.size());
            row.put("executor_peak_used_mb", exBefore);
            row.put("executor_peak_after_gc_mb", exAfter);
            row.put("executor_memory", a.get("executorMemory"));
            row.put("executor_committed_mb", exSize);
            row.put("gamed_flagged", fmt(detection[0]));
            row.put("honest_flagged", fmt(detection[1]));
            row.put("load_start", fmt(loadAtStart));
            row.put("load_end", fmt(loadAtEnd));
            row.put("finished", Instant.now());
            StringBuilder text = new StringBuilder();
            row.forEach((k, v) -> text.append(String.format(Locale.ROOT, "  %-52s %s%n", k, v)));
            System.out.print("scale: results\n" + text);
            boolean header = !Files.exists(out);
            Files.createDirectories(out.toAbsolutePath().getParent());
            StringBuilder line = new StringBuilder();
            if (header) {
                line.append(String.join("\t", row.keySet())).append('\n');
            }
            line.append(String.join("\t", row.values().stream().map(String::valueOf).toList())).append('\n');
            Files.writeString(out, line, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }

        private static String fmt(double v) {
            return String.format(Locale.ROOT, "%.3f", v);
        }
    }
}
