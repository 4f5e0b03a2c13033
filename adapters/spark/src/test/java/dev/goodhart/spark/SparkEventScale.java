package dev.goodhart.spark;

import dev.goodhart.activity.ActivityEvent;
import dev.goodhart.activity.ActivityLog;
import dev.goodhart.activity.ActivityReport;
import dev.goodhart.activity.ActivityScorer;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import org.apache.spark.api.java.function.FlatMapFunction;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Encoders;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructField;
import org.apache.spark.sql.types.StructType;

/**
 * Scale measurement of usage-event scoring ({@link SparkScoring#scoreActivity}: the actors' rows made and written on
 * the executors, never collected) on the same standalone cluster as {@link SparkScale}: a master and two one-core
 * workers on 127.0.0.1.
 *
 * <p>The events: {@code actors} people in teams of eight (the segments) over {@code days} days from a Monday. A person
 * sends about {@code perDay} requests a working day (Poisson, a fifth of that at weekends) between 08:00 and 18:00 UTC,
 * each with its own request fingerprint, lognormal tokens (median about 400) and, every other one, a pull request as
 * its artifact; one person in 50 is a script that sends the same small request every 30 minutes from 09:00 to 17:00,
 * every day (manufactured activity). Each person-day is generated from its own seed, on the executors, and written to
 * Parquet once ({@code data=}); {@code single=true} makes the same events in this JVM first and scores them as one
 * {@link ActivityLog} (each actor's events in time order), the reference the cluster must equal: the number of actors,
 * events and flagged actors are compared.
 *
 * <p>Keys: {@code actors} (10000), {@code days} (365), {@code perDay} (2), {@code executorMemory} (3g), {@code work},
 * {@code data}, {@code single} (false). Run by {@code adapters/spark/scale.sh} with {@code class=SparkEventScale}.
 * Prints the wall time, the executors' CPU time, what the tasks sent to the driver, the driver's heap after
 * collections and the executors' heaps, and appends a line to {@code target/spark-event-scale.tsv}.
 */
public final class SparkEventScale {
    /** The first day, a Monday, at 00:00 UTC. */
    static final long START = Instant.parse("2025-01-06T00:00:00Z").getEpochSecond();
    static final int TEAM = 8;

    static final StructType EVENTS = new StructType(new StructField[] {
        DataTypes.createStructField("timestamp", DataTypes.TimestampType, false),
        DataTypes.createStructField("actor", DataTypes.StringType, false),
        DataTypes.createStructField("tokens", DataTypes.LongType, false),
        DataTypes.createStructField("segment", DataTypes.StringType, true),
        DataTypes.createStructField("request", DataTypes.StringType, true),
        DataTypes.createStructField("agent", DataTypes.StringType, true),
        DataTypes.createStructField("artifact", DataTypes.StringType, true)});

    private SparkEventScale() {
    }

    /** Whether an actor is a script. */
    static boolean script(int actor) {
        return actor % 50 == 7;
    }

    /** The events of person-day {@code id} (actor {@code id % actors}, day {@code id / actors}), in time order. */
    static List<Row> personDay(long id, int actors, double perDay) {
        int actor = (int) (id % actors);
        int day = (int) (id / actors);
        long base = START + day * 86_400L;
        String person = "person-" + actor;
        String team = "team-" + actor / TEAM;
        List<Row> out = new ArrayList<>();
        if (script(actor)) {
            String request = "0000abcd:" + String.format(Locale.ROOT, "%024x", actor);
            for (int k = 0; k < 17; k++) {
                out.add(RowFactory.create(new java.sql.Timestamp((base + 9 * 3600 + k * 1800L) * 1000), person, 40L,
                        team, request, null, null));
            }
            return out;
        }
        SplittableRandom r = new SplittableRandom(id * 0x9E3779B97F4A7C15L + 0x5DEECE66DL);
        boolean weekend = Math.floorMod(day, 7) >= 5;
        int n = poisson(r, weekend ? perDay / 5 : perDay * 7 / 5.4);
        long[] at = new long[n];
        for (int k = 0; k < n; k++) {
            at[k] = base + 8 * 3600 + r.nextInt(10 * 3600);
        }
        java.util.Arrays.sort(at);
        for (int k = 0; k < n; k++) {
            long tokens = Math.max(1, Math.round(Math.exp(6 + 0.8 * gaussian(r))));
            String request = String.format(Locale.ROOT, "%08x:%024x", r.nextInt(1 << 30), r.nextLong() >>> 8);
            String artifact = r.nextBoolean() ? "PR-" + actor + "-" + day + "-" + k : null;
            out.add(RowFactory.create(new java.sql.Timestamp(at[k] * 1000), person, tokens, team, request, null,
                    artifact));
        }
        return out;
    }

    private static int poisson(SplittableRandom r, double mean) {
        double l = Math.exp(-mean);
        double p = 1;
        int k = 0;
        do {
            k++;
            p *= r.nextDouble();
        } while (p > l);
        return k - 1;
    }

    private static double gaussian(SplittableRandom r) {
        double u = r.nextDouble();
        double v = r.nextDouble();
        return Math.sqrt(-2 * Math.log(1 - u)) * Math.cos(2 * Math.PI * v);
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = new LinkedHashMap<>(Map.of("actors", "10000", "days", "365", "perDay", "2",
                "executorMemory", "3g", "single", "false"));
        for (String arg : args) {
            int eq = arg.indexOf('=');
            if (eq < 0) {
                throw new IllegalArgumentException("key=value expected: " + arg);
            }
            a.put(arg.substring(0, eq), arg.substring(eq + 1));
        }
        int actors = Integer.parseInt(a.get("actors"));
        int days = Integer.parseInt(a.get("days"));
        double perDay = Double.parseDouble(a.get("perDay"));
        long[] single = Boolean.parseBoolean(a.get("single")) ? single(actors, days, perDay) : null;
        Path work = a.containsKey("work") ? Files.createDirectories(Path.of(a.get("work")))
                : Files.createTempDirectory("goodhart-event-scale");
        SparkScale.HeapWatch driver = new SparkScale.HeapWatch(0);
        double load = ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        System.out.printf(Locale.ROOT, "events: %,d actors x %d days, about %.1f requests a working day, driver -Xmx %d MB,"
                + " work %s, load %.2f%n", actors, days, perDay, Runtime.getRuntime().maxMemory() >> 20, work, load);
        try (LoopbackCluster cluster = LoopbackCluster.start(work, 2, 1,
                SparkScale.workerMemory(a.get("executorMemory")))) {
            long expected = (long) (actors * (double) days * (perDay + 17.0 / 50));
            int partitions = (int) Math.max(8, expected / 500_000);
            SparkSession spark = SparkSession.builder().appName("goodhart-event-scale").master(cluster.masterUrl())
                    .config("spark.ui.enabled", "false")
                    .config("spark.sql.shuffle.partitions", Integer.toString(partitions))
                    .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
                    .config("spark.local.dir", Files.createDirectories(work.resolve("local")).toString())
                    .config("spark.executor.memory", a.get("executorMemory")).config("spark.executor.cores", "1")
                    .config("spark.cores.max", "2")
                    .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                    .config("spark.executor.extraJavaOptions", "-Xlog:gc:file=" + work.resolve("executor-gc-%p.log"))
                    .getOrCreate();
            spark.sparkContext().setLogLevel("ERROR");
            SparkScale.Listener listener = new SparkScale.Listener();
            spark.sparkContext().addSparkListener(listener);
            Path data = a.containsKey("data") ? Path.of(a.get("data")).toAbsolutePath() : work.resolve("events.parquet");
            if (!Files.exists(data)) {
                long t0 = System.nanoTime();
                spark.range((long) actors * days)
                        .flatMap((FlatMapFunction<Long, Row>) id -> personDay(id, actors, perDay).iterator(),
                                Encoders.row(EVENTS))
                        .write().parquet(data.toString());
                System.out.printf(Locale.ROOT, "events: made and written to %s in %.1f s%n", data,
                        (System.nanoTime() - t0) / 1e9);
            }
            Dataset<Row> events = spark.read().parquet(data.toString());
            Path rowsOut = work.resolve("actors");
            long baseline = driver.liveHeap();
            listener.reset();
            driver.reset();
            long t1 = System.nanoTime();
            long cpu1 = SparkScale.processCpuNanos();
            SparkScoring.scoreActivity(events, SparkScoring.EventColumns.defaults()).write().mode("overwrite")
                    .parquet(rowsOut.toString());
            double seconds = (System.nanoTime() - t1) / 1e9;
            double driverCpu = (SparkScale.processCpuNanos() - cpu1) / 1e9;
            double executorCpu = listener.executorCpu.get() / 1e9;
            long toDriver = listener.resultBytes.get();
            long afterGc = driver.maxAfterGc.get();
            // after the clock: the rows read back from where the executors wrote them
            Dataset<Row> rows = spark.read().parquet(rowsOut.toString());
            long scored = rows.count();
            long eventCount = rows.agg(org.apache.spark.sql.functions.sum("events")).first().getLong(0);
            long flagged = rows.filter("flagged").count();
            long scriptsFlagged = rows.filter("flagged").collectAsList().stream()
                    .filter(r -> script(Integer.parseInt(r.getString(0).substring("person-".length())))).count();
            spark.stop();
            List<long[]> executors = SparkScale.executorHeaps(work);
            StringBuilder heaps = new StringBuilder();
            for (long[] e : executors) {
                heaps.append(heaps.length() == 0 ? "" : ", ").append(e[1]).append(" MB after, ").append(e[0])
                        .append(" MB before collections");
            }
            System.out.printf(Locale.ROOT, "events: %,d events of %,d actors (%,d segments) scored on the cluster in %.1f s;"
                    + " executors' CPU %.1f s, driver CPU %.1f s; %,d bytes to the driver (%.1f a actor); driver heap "
                    + "after collections at most %d MB (%d MB live before); executors: %s%n", eventCount, scored,
                    (actors + TEAM - 1) / TEAM, seconds, executorCpu, driverCpu, toDriver, toDriver / (double) scored,
                    afterGc >> 20, baseline >> 20, heaps);
            System.out.printf(Locale.ROOT, "events: flagged %,d actors, %,d of them scripts (%,d scripts in all)%n",
                    flagged, scriptsFlagged, (actors + 42) / 50);
            if (single != null) {
                System.out.printf(Locale.ROOT, "events: same run: cluster %.1f s, one log %.1f s: %.2f times; one log "
                                + "scored %,d actors, %,d events, flagged %,d: %s%n", seconds, single[3] / 1e9,
                        seconds / (single[3] / 1e9), single[0], single[1], single[2],
                        single[0] == scored && single[1] == eventCount && single[2] == flagged ? "equal" : "DIFFERENT");
            }
            String line = String.format(Locale.ROOT, "%s\t%d\t%d\t%.1f\t%d\t%d\t%.1f\t%.1f\t%.1f\t%d\t%d\t%d\t%s\t%.2f\t%.2f%n",
                    java.time.LocalDate.now(), actors, days, perDay, eventCount, scored, seconds, executorCpu, driverCpu,
                    toDriver, afterGc >> 20, flagged, single == null ? "" : String.format(Locale.ROOT, "%.1f",
                            single[3] / 1e9), load, ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            Files.writeString(Path.of("adapters/spark/target/spark-event-scale.tsv"), line, StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        }
    }

    /**
     * The same events in this JVM, scored as one log with the defaults: {actors, events, flagged, nanoseconds} (the
     * time from the first event made to the report, including making them).
     */
    private static long[] single(int actors, int days, double perDay) {
        long t0 = System.nanoTime();
        List<ActivityEvent> all = new ArrayList<>();
        for (long id = 0; id < (long) actors * days; id++) {
            for (Row r : personDay(id, actors, perDay)) {
                all.add(new ActivityEvent(r.getTimestamp(0).toInstant(), r.getString(1), r.getLong(2), r.getString(3),
                        r.getString(4), null, r.getString(6)));
            }
        }
        all.sort(Comparator.comparing(ActivityEvent::segment).thenComparing(ActivityEvent::actor)
                .thenComparing(ActivityEvent::timestamp));
        ActivityLog one = ActivityLog.create(ZoneOffset.UTC);
        for (int i = 0; i < all.size(); i++) {
            one.accept(all.get(i));
            all.set(i, null); // each event dropped once the log has it
        }
        ActivityReport report = ActivityScorer.defaults().score(one);
        long nanos = System.nanoTime() - t0;
        System.out.printf(Locale.ROOT, "events: one log: %,d events of %,d actors scored in %.1f s (making the events "
                + "included)%n", report.events(), report.actors().size(), nanos / 1e9);
        return new long[] {report.actors().size(), report.events(), report.flagged().size(), nanos};
    }
}
