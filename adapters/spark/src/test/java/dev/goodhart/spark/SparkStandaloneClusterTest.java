package dev.goodhart.spark;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.Goodhart;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.model.Observation;
import dev.goodhart.sim.Organisations;
import dev.goodhart.sim.Scenario;
import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
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
    private static LoopbackCluster cluster;
    private static SparkSession spark;

    @BeforeAll
    static void startCluster() throws Exception {
        // under the build's target directory: the logs stay for a failed run to read, and a clean build removes them
        // (in the system's temporary directory each run left half a megabyte behind)
        Path target = Files.createDirectories(Path.of("target").toAbsolutePath());
        cluster = LoopbackCluster.start(Files.createTempDirectory(target, "goodhart-spark-cluster"), 2, 1, "1g");
        spark = SparkSession.builder().master(cluster.masterUrl()).appName("goodhart-cluster-test")
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
        if (cluster != null) {
            cluster.close();
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
        Dataset<Row> data = SparkScoringTest.frame(spark, obs, 4);
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
        assertThat(new File(cluster.work().toFile(), "worker-1").list()).as("the first worker ran an executor").isNotEmpty();
    }

    /**
     * Every cross-segment detector in its stages across process boundaries, the rows left on the executors and
     * Benjamini-Hochberg run on the cluster: the same rows and counts as one machine.
     */
    @Test
    void theDistributedReportOnAClusterIsOneMachines() {
        dev.goodhart.model.IntegrityModel model = dev.goodhart.scoring.StagedScorerTest.model();
        List<Observation> obs = dev.goodhart.scoring.StagedScorerTest.rows(3);
        Dataset<Row> data = SparkScoringTest.frame(spark, obs, 4);
        IntegrityReport local = Goodhart.score(model, obs);
        try (SparkReport onCluster = SparkScoring.score(data, new SparkScoring.Columns("day", "team", "name", "value"),
                model, 0)) {
            assertThat(onCluster.header().pairCount()).isEqualTo(local.pairs().size());
            assertThat(onCluster.pairs().collectAsList())
                    .containsExactlyInAnyOrderElementsOf(SparkScoring.pairs(spark, local).collectAsList());
        }
    }

    /**
     * Small organisations (one to six teams, too few for any line to be pulled toward its peers') score on the cluster
     * as on one machine: the expected response's state, serialised to the executors' JVMs, had come back with a copy of
     * its "no shrinkage" marker, which the detector read as a pulled line (in {@code local[2]} the executors share the
     * driver's objects, so only a cluster shows it; StagedScorerTest.smallOrganisationsScoreTheSameInStages).
     */
    @Test
    void smallOrganisationsScoreAsOnOneMachine() {
        for (int org = 0; org < 6; org++) {
            dev.goodhart.scoring.StagedScorerTest.SmallOrganisation small =
                    dev.goodhart.scoring.StagedScorerTest.smallOrganisation(org);
            IntegrityReport local = Goodhart.score(small.model(), small.rows());
            IntegrityReport onCluster = SparkScoring.report(SparkScoringTest.frame(spark, small.rows(), 2),
                    new SparkScoring.Columns("day", "team", "name", "value"), small.model(), 0);
            assertThat(onCluster.withInput(local.input())).as("organisation " + org).isEqualTo(local);
        }
    }
}
