package dev.goodhart.spark;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A Spark standalone cluster on the loopback address: a master and workers started as their own JVMs from the Spark
 * jars on this JVM's class path ({@code org.apache.spark.deploy.master.Master}, {@code ...worker.Worker}), and stopped
 * by their processes (and the executors they started) on {@link #close}. Without a Spark distribution, executors get
 * their class path from {@code spark.executor.extraClassPath}: set it to this JVM's class path.
 */
final class LoopbackCluster implements AutoCloseable {
    private final List<Process> processes = new ArrayList<>();
    private final Path work;
    private final int masterPort;

    private LoopbackCluster(Path work, int masterPort) {
        this.work = work;
        this.masterPort = masterPort;
    }

    /**
     * Starts a master and {@code workers} workers of {@code cores} cores and {@code memory} (e.g. "1g") each, with their
     * logs and work directories under {@code work}, and waits until every worker has registered.
     */
    static LoopbackCluster start(Path work, int workers, int cores, String memory) throws Exception {
        LoopbackCluster cluster = new LoopbackCluster(work, freePort());
        try {
            Process master = cluster.java("master.log", "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                    "--port", Integer.toString(cluster.masterPort), "--webui-port", Integer.toString(freePort()));
            cluster.awaitPort(cluster.masterPort, Duration.ofSeconds(120), master, "master.log");
            for (int w = 1; w <= workers; w++) {
                Path dir = Files.createDirectories(work.resolve("worker-" + w));
                cluster.java("worker-" + w + ".log", "org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                        "--cores", Integer.toString(cores), "--memory", memory, "--webui-port",
                        Integer.toString(freePort()), "--work-dir", dir.toString(), cluster.masterUrl());
            }
            cluster.awaitLine("master.log", "Registering worker", Duration.ofSeconds(120));
            for (int w = 1; w <= workers; w++) {
                cluster.awaitLine("worker-" + w + ".log", "Successfully registered with master", Duration.ofSeconds(120));
            }
            return cluster;
        } catch (Exception | Error e) {
            cluster.close();
            throw e;
        }
    }

    /** {@code spark://127.0.0.1:port}. */
    String masterUrl() {
        return "spark://127.0.0.1:" + masterPort;
    }

    /** Where the logs and the workers' directories are. */
    Path work() {
        return work;
    }

    /** Stops the workers' executors, the workers and the master, by their processes. */
    @Override
    public void close() throws InterruptedException {
        for (Process p : processes) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
        }
        for (Process p : processes) {
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.descendants().forEach(ProcessHandle::destroyForcibly);
                p.destroyForcibly();
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    private Process java(String logName, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m", "-cp", System.getProperty("java.class.path")));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(work.resolve(logName).toFile());
        pb.environment().put("SPARK_HOME", work.toString());
        pb.environment().put("SPARK_TESTING", "1");
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = pb.start();
        processes.add(p);
        return p;
    }

    private void awaitPort(int port, Duration limit, Process process, String log) throws Exception {
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

    private void awaitLine(String log, String text, Duration limit) throws Exception {
        Instant end = Instant.now().plus(limit);
        while (Instant.now().isBefore(end)) {
            if (Files.exists(work.resolve(log)) && Files.readString(work.resolve(log)).contains(text)) {
                return;
            }
            Thread.sleep(250);
        }
        throw new IllegalStateException(log + " never said '" + text + "': " + Files.readString(work.resolve(log)));
    }
}
