package dev.goodhart.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.goodhart.micrometer.MeterSampler;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.io.StringReader;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarFile;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import jdk.jshell.Diag;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;
import org.xml.sax.InputSource;

/**
 * README tells the truth (issue 17): every fenced block of README.md is run, compiled or checked, on the packaged
 * {@code goodhart.jar}, by the conventions of {@link Readme}, so README cannot drift from the code. Runs after
 * {@code package} (failsafe) with the repository root as its working directory.
 *
 * <ul>
 *   <li>{@code bash}: every command, in README's order, from a scratch directory that looks like the repository root
 *       (a symbolic link to each of its top-level files and folders, so what the commands write stays out of the
 *       repository), with the JDK running the test first on the {@code PATH}; it must exit 0 or {@code exit=N}. A block
 *       that needs a Maven build, a long run or Spark is skipped with that reason; one that needs PostgreSQL or
 *       Prometheus runs when the server of {@code .ci/postgres.sh} or {@code .ci/prometheus.sh} answers (its address
 *       filled in: {@code PGHOST} ... {@code PGPASSWORD} and a fresh schema in {@code PGOPTIONS} for {@code psql},
 *       {@code PROMETHEUS_URL}) and is skipped otherwise; with {@code CI} set a missing server or program fails.</li>
 *   <li>{@code java run}: pasted into JShell snippet by snippet and run from the repository root; {@code // ==> text}
 *       lines are the preceding snippet's value. {@code java}: compiled (not run) as one method body, with only its
 *       own imports when it has some; otherwise with every Goodhart package imported and the stand-ins of
 *       {@link #GIVEN} declared. {@code java requires=spark} is compiled by adapters/spark's
 *       {@code ReadmeSparkBlockTest}, where Spark is on the class path.</li>
 *   <li>{@code xml}: well-formed; every {@code dev.goodhart} artifact is one the BOM manages, at the current
 *       version.</li>
 * </ul>
 *
 * <p>The summary of what ran and what was skipped, and why, is printed at the end.
 */
class ReadmeIT {
    /** What README's compiled Java blocks use without declaring it: the quick start's names and a few stand-ins. */
    static final String GIVEN = """
            IntegrityModel model = null;
            List<Observation> data = null;
            Frame frame = null;
            IntegrityReport report = null;
            byte[] secret = null;
            DataSource dataSource = null;
            MeterRegistry meterRegistry = null;
            ScheduledExecutorService yourScheduler = null;
            String token = null;
            UsageSink sink = null;
            """;
    private static final List<String> GIVEN_IMPORTS = List.of("java.io.*", "java.net.URI", "java.nio.file.*",
            "java.time.*", "java.util.*", "java.util.concurrent.*", "javax.sql.DataSource",
            "io.micrometer.core.instrument.MeterRegistry", "dev.goodhart.micrometer.*");
    private static final Duration COMMAND_TIMEOUT = Duration.ofMinutes(5);
    private static final Pattern VALUE = Pattern.compile("^\\s*// ==> ?(.*)$");

    private static Path root;
    private static Path jar;
    private static Path work;
    private static Path logs;
    private static List<Readme.Block> blocks;
    /** What happened to each block: "ran", "compiled", "checked" or "skipped: reason", by README line. */
    private static final Map<Integer, String> OUTCOMES = new TreeMap<>();

    @BeforeAll
    static void setUp() throws IOException {
        root = Path.of("").toAbsolutePath();
        assertThat(root.resolve("README.md")).as("the working directory must be the repository root "
                + "(failsafe's workingDirectory in examples/pom.xml)").exists();
        assertThat(root.resolve("mvnw")).exists();
        jar = Path.of(System.getProperty("goodhart.jar", root.resolve("examples/target/goodhart.jar").toString()));
        assertThat(jar).as("goodhart.jar (package the examples module first)").exists();
        blocks = Readme.blocks(root.resolve("README.md"));
        logs = root.resolve("examples/target/readme-it");
        Files.createDirectories(logs);
        work = Files.createTempDirectory("goodhart-readme");
        try (Stream<Path> top = Files.list(root)) {
            for (Path p : top.filter(p -> !p.getFileName().toString().equals(".git")).toList()) {
                Files.createSymbolicLink(work.resolve(p.getFileName().toString()), p);
            }
        }
    }

    @AfterAll
    static void tearDown() throws IOException {
        if (work != null) {
            // the links first (never followed), then what the commands wrote
            Files.walkFileTree(work, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.delete(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path dir, IOException e) throws IOException {
                    Files.delete(dir);
                    return FileVisitResult.CONTINUE;
                }
            });
        }
        if (blocks == null) {
            return;
        }
        StringBuilder sb = new StringBuilder("README.md's code blocks:\n");
        Map<String, List<Integer>> byOutcome = new TreeMap<>();
        OUTCOMES.forEach((line, outcome) -> byOutcome.computeIfAbsent(outcome, k -> new ArrayList<>()).add(line));
        byOutcome.forEach((outcome, lines) -> sb.append(String.format(Locale.ROOT, "  %3d %s (lines %s)%n",
                lines.size(), outcome, lines.stream().map(String::valueOf).collect(Collectors.joining(", ")))));
        System.out.print(sb);
        Files.writeString(logs.resolve("summary.txt"), sb);
    }

    @Test
    void everyBlockSaysWhatItHolds() {
        assertThat(blocks).isNotEmpty();
        for (Readme.Block b : blocks) {
            String at = "README line " + b.line() + " (```" + b.info() + ")";
            assertThat(Readme.LANGUAGES).as(at + ": a block says what it holds: bash (commands), java, xml or text "
                    + "(output and anything not run)").contains(b.language());
            Set<String> attributes = switch (b.language()) {
                case "bash" -> Set.of("requires", "exit");
                case "java" -> Set.of("requires");
                default -> Set.of();
            };
            assertThat(attributes).as(at + ": attributes").containsAll(b.attributes().keySet());
            assertThat(b.flags()).as(at + ": flags").isSubsetOf(b.language().equals("java") ? List.of("run") : List.of());
            if (b.attributes().containsKey("exit")) {
                assertThat(b.attributes().get("exit")).as(at + ": exit=N").matches("[0-9]{1,3}");
            }
            if (b.language().equals("java")) {
                assertThat(b.requires()).as(at + ": a Java block can only need Spark (compiled in adapters/spark)")
                        .isSubsetOf("spark");
                boolean run = b.flags().contains("run");
                boolean values = b.body().lines().anyMatch(l -> VALUE.matcher(l).matches());
                assertThat(!values || run).as(at + ": // ==> values are checked only in java run blocks").isTrue();
                assertThat(!run || hasImports(b)).as(at + ": a java run block has its imports").isTrue();
            }
            if (b.language().equals("bash")) {
                assertThat(b.commands()).as(at + ": commands").isNotEmpty();
            }
        }
    }

    // ---------------------------------------------------------------------------------------------------- shell

    @TestFactory
    Stream<DynamicTest> shellCommands() {
        return blocks.stream().filter(b -> b.language().equals("bash")).map(b -> DynamicTest.dynamicTest(
                "README line " + b.line() + ": " + b.commands().get(0).text().lines().findFirst().orElse(""),
                () -> runShell(b)));
    }

    private void runShell(Readme.Block b) throws Exception {
        for (String r : b.requires()) {
            String reason = Readme.REQUIREMENTS.get(r);
            if (reason != null && !reason.isEmpty()) {
                skip(b, reason);
            }
        }
        Map<String, String> env = new HashMap<>();
        String schema = null;
        for (String r : b.requires()) {
            switch (r) {
                case "postgres" -> {
                    requireProgram(b, "psql");
                    schema = postgres(b, env);
                }
                case "prometheus" -> env.put("PROMETHEUS_URL", prometheus(b));
                default -> {
                    if (!Readme.REQUIREMENTS.containsKey(r)) {
                        requireProgram(b, r);
                    }
                }
            }
        }
        try {
            for (Readme.Command c : b.commands()) {
                run(b, c, env);
            }
            OUTCOMES.put(b.line(), "bash blocks run (" + (b.requires().isEmpty() ? "a JDK and goodhart.jar"
                    : "with " + String.join(", ", b.requires())) + ")");
        } finally {
            if (schema != null) {
                try (Connection c = pgConnection(); Statement s = c.createStatement()) {
                    s.execute("DROP SCHEMA " + schema + " CASCADE");
                }
            }
        }
    }

    private void run(Readme.Block b, Readme.Command c, Map<String, String> env) throws Exception {
        String name = "line-" + c.line();
        Path out = logs.resolve(name + ".out");
        Path err = logs.resolve(name + ".err");
        ProcessBuilder pb = new ProcessBuilder("bash", "-o", "pipefail", "-c", c.text()).directory(work.toFile())
                .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        Path javaBin = Path.of(System.getProperty("java.home"), "bin");
        pb.environment().merge("PATH", javaBin.toString(), (old, jdk) -> jdk + File.pathSeparator + old);
        pb.environment().putAll(env);
        Process p = pb.start();
        if (!p.waitFor(COMMAND_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("README line " + c.line() + " did not finish within " + COMMAND_TIMEOUT.toMinutes() + " minutes: "
                    + c.text());
        }
        int expected = b.exit();
        if (p.exitValue() != expected) {
            fail("README line " + c.line() + " exited " + p.exitValue() + ", not " + expected + ":\n  " + c.text()
                    + "\nstandard error:\n" + tail(err) + "\nstandard output:\n" + tail(out)
                    + "\n(fix README, or the code if README says what it should do)");
        }
    }

    private static String tail(Path file) throws IOException {
        String s = Files.readString(file, StandardCharsets.UTF_8);
        return s.length() <= 4000 ? s : "..." + s.substring(s.length() - 4000);
    }

    private static void requireProgram(Readme.Block b, String program) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "command -v \"$0\"", program).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        if (p.waitFor() != 0) {
            skipOrFail(b, "needs " + program + " on the PATH");
        }
    }

    /** Fills psql's variables for the test server and a fresh schema (dropped after the block); its name. */
    private static String postgres(Readme.Block b, Map<String, String> env) throws Exception {
        String url = env("GOODHART_PG_URL", "jdbc:postgresql://127.0.0.1:55432/goodhart");
        String schema = "readme_" + ProcessHandle.current().pid() + "_" + System.nanoTime() % 1_000_000;
        try (Connection c = pgConnection(); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            skipOrFail(b, "PostgreSQL is not reachable at " + url + " (" + e.getMessage()
                    + "); start it with: bash .ci/postgres.sh");
        }
        URI uri = new URI(url.substring("jdbc:".length()));
        env.put("PGHOST", uri.getHost());
        env.put("PGPORT", String.valueOf(uri.getPort() < 0 ? 5432 : uri.getPort()));
        env.put("PGDATABASE", uri.getPath().substring(1));
        env.put("PGUSER", env("GOODHART_PG_USER", "goodhart"));
        env.put("PGPASSWORD", env("GOODHART_PG_PASSWORD", "goodhart"));
        env.put("PGOPTIONS", "-c search_path=" + schema);
        return schema;
    }

    private static Connection pgConnection() throws SQLException {
        DriverManager.setLoginTimeout(5);
        return DriverManager.getConnection(env("GOODHART_PG_URL", "jdbc:postgresql://127.0.0.1:55432/goodhart"),
                env("GOODHART_PG_USER", "goodhart"), env("GOODHART_PG_PASSWORD", "goodhart"));
    }

    /** The test Prometheus server's URL, after checking it is ready. */
    private static String prometheus(Readme.Block b) throws URISyntaxException {
        String url = env("GOODHART_PROMETHEUS_URL", "http://127.0.0.1:59090").replaceAll("/+$", "");
        String problem;
        try {
            HttpResponse<Void> r = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build().send(
                    HttpRequest.newBuilder(new URI(url + "/-/ready")).timeout(Duration.ofSeconds(5)).build(),
                    HttpResponse.BodyHandlers.discarding());
            if (r.statusCode() == 200) {
                return url;
            }
            problem = "HTTP " + r.statusCode();
        } catch (IOException e) {
            problem = e.toString();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            problem = "interrupted";
        }
        skipOrFail(b, "Prometheus is not ready at " + url + " (" + problem + "); start it with: bash .ci/prometheus.sh");
        throw new AssertionError("unreachable");
    }

    private static void skip(Readme.Block b, String reason) {
        OUTCOMES.put(b.line(), b.language() + " blocks skipped: " + reason);
        Assumptions.abort("README line " + b.line() + " skipped: " + reason);
    }

    private static void skipOrFail(Readme.Block b, String reason) {
        String ci = System.getenv("CI");
        if (ci != null && !ci.isBlank()) {
            fail("CI is set, so README line " + b.line() + " must run: it " + reason);
        }
        skip(b, reason);
    }

    private static String env(String name, String fallback) {
        String v = System.getenv(name);
        return v == null || v.isBlank() ? fallback : v;
    }

    // ----------------------------------------------------------------------------------------------------- java

    @TestFactory
    Stream<DynamicTest> javaBlocks() {
        return blocks.stream().filter(b -> b.language().equals("java")).map(b -> DynamicTest.dynamicTest(
                "README line " + b.line() + ": java" + (b.flags().contains("run") ? " run" : ""), () -> java(b)));
    }

    private void java(Readme.Block b) throws Exception {
        if (!b.requires().isEmpty()) {
            skip(b, "Spark is kept off this module's class path; adapters/spark's ReadmeSparkBlockTest compiles it");
        }
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        PrintStream ps = new PrintStream(output, true, StandardCharsets.UTF_8);
        try (JShell js = JShell.builder().executionEngine("local").out(ps).err(ps).build()) {
            js.addToClasspath(jar.toString());
            if (b.flags().contains("run")) {
                runJava(js, b, output);
                OUTCOMES.put(b.line(), "java blocks run in JShell, values checked");
            } else {
                compileJava(js, b);
                OUTCOMES.put(b.line(), "java blocks compiled");
            }
        }
    }

    /** Pastes the block into JShell and checks the {@code // ==>} values. */
    private static void runJava(JShell js, Readme.Block b, ByteArrayOutputStream output) {
        String[] lines = b.body().split("\n", -1);
        StringBuilder chunk = new StringBuilder();
        int chunkLine = b.line() + 1;
        for (int i = 0; i <= lines.length; i++) {
            Matcher m = i < lines.length ? VALUE.matcher(lines[i]) : null;
            if (m != null && !m.matches()) {
                chunk.append(lines[i]).append('\n');
                continue;
            }
            // a run of ==> lines (or the end): evaluate what came before, then compare its last value
            List<String> expected = new ArrayList<>();
            int valueLine = b.line() + 1 + i;
            while (m != null && m.matches()) {
                expected.add(m.group(1));
                i++;
                m = i < lines.length ? VALUE.matcher(lines[i]) : null;
            }
            String last = null;
            for (String source : snippets(js, chunk.toString(), chunkLine)) {
                last = eval(js, source, chunkLine, output);
            }
            if (!expected.isEmpty()) {
                assertThat(last).as("README line " + valueLine + ": the value of the snippet above it").isNotNull();
                assertThat(last.strip()).as("README line " + valueLine + ": the value of the snippet above it")
                        .isEqualTo(String.join("\n", expected).strip());
            }
            chunk.setLength(0);
            chunkLine = b.line() + 1 + i;
            if (m != null) {
                chunk.append(lines[i]).append('\n');
            }
        }
    }

    /** Evaluates one snippet; its value, or null. */
    private static String eval(JShell js, String source, int line, ByteArrayOutputStream output) {
        List<SnippetEvent> events = js.eval(source);
        String value = null;
        for (SnippetEvent e : events) {
            if (e.causeSnippet() != null) {
                continue;
            }
            if (e.exception() != null) {
                fail("README block near line " + line + ": " + e.exception() + " in\n" + source + "\noutput:\n"
                        + output.toString(StandardCharsets.UTF_8));
            }
            assertValid(js, e.snippet(), e.status(), source, line);
            value = e.value();
        }
        return value;
    }

    /** Compiles the block as one method body (declared, never called). */
    private static void compileJava(JShell js, Readme.Block b) {
        int line = b.line() + 1;
        if (hasImports(b)) {
            for (String imp : b.body().lines().filter(l -> l.startsWith("import ")).toList()) {
                assertValid(js, js.eval(imp).get(0), imp, line);
            }
        } else {
            given(js, line);
        }
        String code = b.body().lines().map(l -> l.startsWith("import ") ? "" : l)
                .collect(Collectors.joining("\n"));
        String body = String.join("\n", snippets(js, code, line));
        String method = "void readmeLine" + b.line() + "() throws Exception {\n" + body + "\n}";
        assertValid(js, js.eval(method).get(0), method, line);
    }

    private static boolean hasImports(Readme.Block b) {
        return b.body().lines().anyMatch(l -> l.startsWith("import "));
    }

    /** Every exported Goodhart package, a few JDK ones, and the stand-ins of {@link #GIVEN}. */
    private static void given(JShell js, int line) {
        List<String> imports = new ArrayList<>(GIVEN_IMPORTS);
        try (JarFile j = new JarFile(jar.toFile())) {
            j.stream().map(e -> e.getName()).filter(n -> n.startsWith("dev/goodhart/") && n.endsWith(".class"))
                    .map(n -> n.substring(0, n.lastIndexOf('/')).replace('/', '.'))
                    .filter(p -> !p.contains(".internal") && !p.startsWith("dev.goodhart.examples"))
                    .distinct().sorted().forEach(p -> imports.add(p + ".*"));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        js.addToClasspath(location(MeterSampler.class));
        js.addToClasspath(location(MeterRegistry.class));
        for (String imp : imports) {
            String source = "import " + imp + ";";
            assertValid(js, js.eval(source).get(0), source, line);
        }
        for (String source : snippets(js, GIVEN, line)) {
            assertValid(js, js.eval(source).get(0), source, line);
        }
    }

    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI()).toString();
        } catch (URISyntaxException e) {
            throw new AssertionError(e);
        }
    }

    /**
     * The complete snippets of {@code code}, as JShell's analysis splits a whole block (semicolons added where needed):
     * a chain continued on lines that start with a dot stays one snippet, as in a Java class; README says that JShell's
     * line-by-line console needs the dots at line ends.
     */
    private static List<String> snippets(JShell js, String code, int line) {
        List<String> out = new ArrayList<>();
        String rest = code;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo ci = js.sourceCodeAnalysis().analyzeCompletion(rest);
            switch (ci.completeness()) {
                case EMPTY -> rest = "";
                case COMPLETE, COMPLETE_WITH_SEMI, UNKNOWN -> {
                    out.add(ci.source() != null ? ci.source() : rest);
                    rest = ci.source() != null ? ci.remaining() : "";
                }
                default -> fail("README block near line " + line + ": incomplete Java: " + rest);
            }
        }
        return out;
    }

    private static void assertValid(JShell js, SnippetEvent e, String source, int line) {
        assertValid(js, e.snippet(), e.status(), source, line);
    }

    private static void assertValid(JShell js, Snippet snippet, Snippet.Status status, String source, int line) {
        if (status == Snippet.Status.VALID) {
            return;
        }
        StringBuilder why = new StringBuilder();
        for (Diag d : js.diagnostics(snippet).toList()) {
            if (d.isError()) {
                long start = Math.max(0, d.getStartPosition());
                int from = source.lastIndexOf('\n', (int) Math.min(start, source.length() - 1)) + 1;
                int to = source.indexOf('\n', (int) Math.min(start, source.length()));
                why.append("\n  ").append(d.getMessage(Locale.ROOT)).append("\n    in: ")
                        .append(source, from, to < 0 ? source.length() : to);
            }
        }
        if (snippet instanceof jdk.jshell.DeclarationSnippet d) {
            js.unresolvedDependencies(d).forEach(u -> why.append("\n  cannot resolve: ").append(u));
        }
        fail("README's Java block near line " + line + " is " + status + ":" + why + "\nsnippet:\n" + source);
    }

    // ------------------------------------------------------------------------------------------------------ xml

    @TestFactory
    Stream<DynamicTest> mavenSnippets() {
        return blocks.stream().filter(b -> b.language().equals("xml")).map(b -> DynamicTest.dynamicTest(
                "README line " + b.line() + ": xml", () -> xml(b)));
    }

    private void xml(Readme.Block b) throws Exception {
        Set<String> published = managedByBom();
        String version = System.getProperty("goodhart.version");
        assertThat(version).as("goodhart.version (set by examples/pom.xml)").isNotBlank();
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(new InputSource(new StringReader("<readme>" + b.body() + "</readme>")));
        NodeList deps = doc.getElementsByTagName("dependency");
        assertThat(deps.getLength()).as("README line " + b.line() + ": dependencies").isPositive();
        for (int i = 0; i < deps.getLength(); i++) {
            Element d = (Element) deps.item(i);
            if (!text(d, "groupId").equals("dev.goodhart")) {
                continue;
            }
            String artifact = text(d, "artifactId");
            assertThat(published).as("README line " + b.line() + ": " + artifact + " is a published artifact")
                    .contains(artifact);
            String v = text(d, "version");
            if (!v.isEmpty()) {
                assertThat(v).as("README line " + b.line() + ": the version of " + artifact).isEqualTo(version);
            }
        }
        OUTCOMES.put(b.line(), "xml blocks checked (artifacts and version)");
    }

    private static Set<String> managedByBom() throws Exception {
        Document bom = DocumentBuilderFactory.newInstance().newDocumentBuilder()
                .parse(root.resolve("bom/pom.xml").toFile());
        Set<String> out = new TreeSet<>(Set.of("goodhart-bom"));
        NodeList deps = bom.getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            out.add(text((Element) deps.item(i), "artifactId"));
        }
        return out;
    }

    private static String text(Element e, String child) {
        NodeList l = e.getElementsByTagName(child);
        return l.getLength() == 0 ? "" : l.item(0).getTextContent().strip();
    }

    // ---------------------------------------------------------------------------------------------- the prose

    /** The table of environment variables lists exactly those the tests read ({@code getenv} or {@code env}). */
    @Test
    void theEnvironmentVariablesTheTestsReadAreDocumented() throws IOException {
        Pattern read = Pattern.compile("(?:getenv|\\benv)\\(\\s*\"([A-Z][A-Z0-9_]*)\"");
        Map<String, Set<String>> readBy = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java") && p.toString().contains(
                    File.separator + "src" + File.separator + "test" + File.separator)
                    && !p.toString().contains(File.separator + "target" + File.separator)).toList()) {
                Matcher m = read.matcher(Files.readString(f, StandardCharsets.UTF_8));
                while (m.find()) {
                    readBy.computeIfAbsent(m.group(1), k -> new TreeSet<>()).add(f.getFileName().toString());
                }
            }
        }
        assertThat(readBy).as("variables read by the tests").containsKeys("CI", "GOODHART_PG_URL");
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        int table = readme.indexOf("| variable | default | read by |");
        assertThat(table).as("README's table of the tests' environment variables").isNotNegative();
        Set<String> documented = new TreeSet<>();
        for (String row : readme.substring(table).lines().skip(2).takeWhile(l -> l.startsWith("|")).toList()) {
            Matcher m = Pattern.compile("`([A-Z][A-Z0-9_]*)`").matcher(row.split("\\|")[1]);
            while (m.find()) {
                documented.add(m.group(1));
            }
        }
        assertThat(documented).as("README's table of environment variables, against what the tests read: "
                + readBy).isEqualTo(readBy.keySet());
    }

    /**
     * README names only files that exist in the repository (no DESIGN.md, no ../shared): every relative link and every
     * path in backquotes that starts with one of the repository's top-level folders, or ends in .md.
     */
    @Test
    void readmeNamesOnlyFilesInTheRepository() throws IOException {
        String readme = Files.readString(root.resolve("README.md"), StandardCharsets.UTF_8);
        Set<String> top;
        try (Stream<Path> s = Files.list(root)) {
            top = s.map(p -> p.getFileName().toString()).collect(Collectors.toSet());
        }
        Map<String, Integer> named = new LinkedHashMap<>();
        Matcher link = Pattern.compile("\\]\\(([^)#\\s]+)[^)]*\\)").matcher(readme);
        while (link.find()) {
            if (!link.group(1).matches("[a-z]+:.*")) {
                named.put(link.group(1), lineOf(readme, link.start()));
            }
        }
        Matcher code = Pattern.compile("`([^`\\s]+)`").matcher(readme);
        while (code.find()) {
            String p = code.group(1).replaceAll("[.,;:]+$", "");
            String first = p.split("/")[0];
            if (p.startsWith("../") || p.endsWith(".md") || (p.contains("/") && top.contains(first)
                    && !first.equals(p))) {
                named.putIfAbsent(p, lineOf(readme, code.start()));
            }
        }
        assertThat(named).as("paths README names").isNotEmpty();
        List<String> missing = new ArrayList<>();
        named.forEach((p, line) -> {
            boolean built = p.contains("/target/") || p.contains("*") || p.contains("<");
            if (p.startsWith("../") || p.startsWith("/") || (!built && !Files.exists(root.resolve(p)))) {
                missing.add("line " + line + ": " + p);
            }
        });
        assertThat(missing).as("README names files outside the repository, or missing from it").isEmpty();
    }

    private static int lineOf(String text, int offset) {
        return (int) text.substring(0, offset).chars().filter(c -> c == '\n').count() + 1;
    }
}
