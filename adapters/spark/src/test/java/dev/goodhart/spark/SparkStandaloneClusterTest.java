package dev.goodhart.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.Goodhart;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.model.Observation;
import dev.goodhart.sim.Organisations;
import dev.goodhart.sim.Scenario;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Date;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A real Spark standalone cluster, not local mode: a master and two workers started on the loopback address from the
 * Spark jars the build already has ({@code org.apache.spark.deploy.master.Master}, {@code ...worker.Worker}), the job
 * submitted to {@code spark://127.0.0.1:port}, its report compared with one machine's, and the cluster stopped by its
 * processes. Executors run in their own JVMs, so everything they run is serialised across process boundaries.
 */
@Timeout(600)
class SparkStandaloneClusterTest {
    private static final List<Process> CLUSTER = new ArrayList<>();
    private static Path work;
    private static int masterPort;
    private static SparkSession spark;

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private static Process java(String logName, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path")));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve(logName).toFile());
        // without a Spark distribution, executors get their classpath from spark.executor.extraClassPath
        pb.environment().put("SPARK_HOME", work.toString());
        pb.environment().put("SPARK_TESTING", "1");
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        return pb.start();
    }

    private static void awaitPort(int port, Duration limit, Process process, String log) throws Exception {
        Instant end = Instant.now().plus(limit);
        while (Instant.now().isBefore(end)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(log + " exited: " + Files.readString(work.resolve(log)));
            }
            try (Socket ignored = new Socket("127.0.0.1", port)) {
                return;
            } catch (IOException notYet) {
                Thread.sleep(250);
            }
        }
        throw new IllegalStateException(log + " did not listen on " + port + ": " + Files.readString(work.resolve(log)));
    }

    private static void awaitLine(String log, String text, Duration limit) throws Exception {
        Instant end = Instant.now().plus(limit);
        while (Instant.now().isBefore(end)) {
            if (Files.exists(work.resolve(log)) && Files.readString(work.resolve(log)).contains(text)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(log + " never said '" + text + "': " + Files.readString(work.resolve(log)));
    }

    @BeforeAll
    static void startCluster() throws Exception {
        work = Files.createTempDirectory("goodhart-spark-cluster");
        masterPort = freePort();
        Process master = java("master.log", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                "--port", Integer.toString(masterPort), "--webui-port", Integer.toString(freePort()));
        CLUSTER.add(master);
        awaitPort(masterPort, Duration.ofSeconds(120), master, "master.log");
        for (int w = 1; w <= 2; w++) {
            Path dir = Files.createDirectories(work.resolve("worker-" + w));
            CLUSTER.add(java("worker-" + w + ".log", "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--cores", "1", "--memory", "1g", "--webui-port", Integer.toString(freePort()), "--work-dir",
                    dir.toString(), "spark://127.0.0.1:" + masterPort));
        }
        awaitLine("master.log", "Registering worker", Duration.ofSeconds(120));
        for (int w = 1; w <= 2; w++) {
            awaitLine("worker-" + w + ".log", "Successfully registered with master", Duration.ofSeconds(120));
        }
        spark = SparkSession.builder().master("spark://127.0.0.1:" + masterPort).appName("goodhart-cluster-test")
                .config("spark.ui.enabled", "false").config("spark.sql.shuffle.partitions", "6")
                .config("spark.driver.bindAddress", "127.0.0.1").config("spark.driver.host", "127.0.0.1")
                .config("spark.executor.memory", "512m").config("spark.executor.cores", "1")
                .config("spark.cores.max", "2")
                .config("spark.executor.extraClassPath", System.getProperty("java.class.path"))
                .getOrCreate();
        spark.sparkContext().setLogLevel("ERROR");
    }

    @AfterAll
    static void stopCluster() throws Exception {
        if (spark != null) {
            spark.stop();
        }
        for (Process p : CLUSTER) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : CLUSTER) {
            if (!p.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
                p.destroyForcibly();
            }
        }
    }

    @Test
    void aStandaloneClusterScoresAsOneMachineDoes() {
        assertThat(spark.sparkContext().master()).startsWith("spark://127.0.0.1:");
        List<Observation> obs = new ArrayList<>();
        long seed = 7;
        for (Scenario s : Scenario.values()) {
            obs.addAll(Organisations.of(s, 30, seed, 104, 52)); // 11 scenarios x 30 = 330 segments
            seed += 10_000;
        }
        List<Row> rows = new ArrayList<>(obs.size());
        for (Observation o : obs) {
            rows.add(RowFactory.create(Date.valueOf(o.date()), o.segment(), o.metric(), o.value()));
        }
        StructType schema = new StructType(new org.apache.spark.sql.types.StructField[] {
            DataTypes.createStructField("day", DataTypes.DateType, false),
            DataTypes.createStructField("team", DataTypes.StringType, true),
            DataTypes.createStructField("name", DataTypes.StringType, false),
            DataTypes.createStructField("value", DataTypes.DoubleType, true)});
        Dataset<Row> data = spark.createDataFrame(rows, schema).repartition(4);
        long t0 = System.nanoTime();
        IntegrityReport onCluster = SparkScoring.report(data, new SparkScoring.Columns("day", "team", "name", "value"),
                Organisations.model(52), 0);
        long millis = (System.nanoTime() - t0) / 1_000_000;
        IntegrityReport local = Goodhart.score(Organisations.model(52), obs);
        System.out.printf(Locale.ROOT, "spark standalone: %d segments scored in %d ms on 2 workers of 1 core%n",
                onCluster.segmentCount(), millis);
        // the executors ran in their own JVMs: the cluster really did the work
        assertThat(spark.sparkContext().statusTracker().getExecutorInfos().length).isGreaterThanOrEqualTo(2);
        assertThat(onCluster.segmentCount()).isEqualTo(330);
        assertThat(onCluster.input().counts()).isEqualTo(local.input().counts());
        assertThat(onCluster.withInput(local.input())).isEqualTo(local);
        assertThat(new File(work.toFile(), "worker-1").list()).as("the first worker ran an executor").isNotEmpty();
    }
}
