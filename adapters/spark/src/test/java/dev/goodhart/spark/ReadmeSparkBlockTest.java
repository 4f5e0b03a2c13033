package dev.goodhart.spark;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import jdk.jshell.JShell;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;
import org.junit.jupiter.api.Test;

/**
 * README's Java blocks that need Spark ({@code ```java requires=spark}), which the examples module's ReadmeIT cannot
 * compile (Spark stays off its class path): compiled here in JShell, as one method body each, against this module's
 * test class path, with Goodhart's packages and Spark SQL's imported and {@code spark} and {@code model} declared.
 */
class ReadmeSparkBlockTest {
    private static final Path README = Path.of("..", "..", "README.md");
    private static final Pattern BLOCK = Pattern.compile("(?ms)^```java requires=spark\\n(.*?)^```$");
    private static final List<String> IMPORTS = List.of("dev.goodhart.*", "dev.goodhart.model.*",
            "dev.goodhart.report.*", "dev.goodhart.activity.*", "dev.goodhart.spark.*", "org.apache.spark.sql.*");
    private static final String GIVEN = "SparkSession spark = null;\nIntegrityModel model = null;\n";

    @Test
    void readmesSparkBlocksCompile() throws IOException {
        Matcher m = BLOCK.matcher(Files.readString(README, StandardCharsets.UTF_8));
        List<String> blocks = new ArrayList<>();
        while (m.find()) {
            blocks.add(m.group(1));
        }
        assertThat(blocks).as("README's ```java requires=spark blocks").isNotEmpty();
        for (String block : blocks) {
            ByteArrayOutputStream output = new ByteArrayOutputStream();
            PrintStream ps = new PrintStream(output, true, StandardCharsets.UTF_8);
            try (JShell js = JShell.builder().executionEngine("local").out(ps).err(ps).build()) {
                for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
                    js.addToClasspath(entry);
                }
                for (String imp : IMPORTS) {
                    assertValid(js, js.eval("import " + imp + ";").get(0), imp);
                }
                for (String given : snippets(js, GIVEN)) {
                    assertValid(js, js.eval(given).get(0), given);
                }
                String method = "void readmeSparkBlock() throws Exception {\n"
                        + String.join("\n", snippets(js, block)) + "\n}";
                assertValid(js, js.eval(method).get(0), method);
            }
        }
    }

    private static List<String> snippets(JShell js, String code) {
        List<String> out = new ArrayList<>();
        String rest = code;
        while (!rest.isBlank()) {
            SourceCodeAnalysis.CompletionInfo ci = js.sourceCodeAnalysis().analyzeCompletion(rest);
            if (ci.completeness() == SourceCodeAnalysis.Completeness.EMPTY) {
                break;
            }
            assertThat(ci.completeness().isComplete() || ci.source() != null).as("complete Java: " + rest).isTrue();
            out.add(ci.source());
            rest = ci.remaining();
        }
        return out;
    }

    private static void assertValid(JShell js, SnippetEvent e, String source) {
        String why = js.diagnostics(e.snippet()).filter(d -> d.isError()).map(d -> d.getMessage(Locale.ROOT))
                .collect(Collectors.joining("\n  "));
        if (e.snippet() instanceof jdk.jshell.DeclarationSnippet d) {
            why += js.unresolvedDependencies(d).map(u -> "\n  cannot resolve: " + u).collect(Collectors.joining());
        }
        assertThat(e.status()).as("README's Spark block: " + why + "\nin:\n" + source)
                .isEqualTo(jdk.jshell.Snippet.Status.VALID);
    }
}
