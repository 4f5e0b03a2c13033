package dev.goodhart.examples;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * README.md's fenced code blocks, as {@link ReadmeIT} runs them. A block's info string is its language and then
 * attributes, {@code key=value}:
 *
 * <ul>
 *   <li>{@code bash}: shell commands, each run from the repository root and required to exit 0, or the status of
 *       {@code exit=N}; {@code requires=a,b} names what they need beyond a JDK and the built {@code goodhart.jar}
 *       (see {@link #REQUIREMENTS}; any other name is a program that must be on the {@code PATH});</li>
 *   <li>{@code java}: compiled in JShell against {@code goodhart.jar}; {@code java run} is run in JShell from the
 *       repository root as if pasted into {@code jshell}, and a line {@code // ==> text} after a snippet is its
 *       value's {@code toString()}; {@code java requires=spark} is compiled in the Spark adapter's tests;</li>
 *   <li>{@code xml}: Maven snippets, well-formed, naming published artifacts at the current version;</li>
 *   <li>{@code text}: output samples and anything else that is not run.</li>
 * </ul>
 */
final class Readme {
    /** The languages a block may declare. */
    static final Set<String> LANGUAGES = Set.of("bash", "java", "xml", "text");

    /**
     * What a {@code requires=} attribute may name besides programs on the {@code PATH}, with why it keeps a block from
     * running in {@link ReadmeIT} ({@code null}: a server the test uses when it answers, and always under {@code CI}).
     */
    static final Map<String, String> REQUIREMENTS = Map.of(
            "build", "a Maven build, which this test is part of (CI runs ./mvnw -B verify itself)",
            "long", "a long run (minutes of benchmarks or simulations)",
            "spark", "a Spark distribution and a Spark job of your own",
            "postgres", "",
            "prometheus", "");

    private static final Pattern FENCE = Pattern.compile("^```(.*)$");
    private static final Pattern ATTRIBUTE = Pattern.compile("([a-z]+)=(\\S+)");

    /** One fenced block: the line of its opening fence (1-based), its language, attributes and content. */
    record Block(int line, String language, Map<String, String> attributes, List<String> flags, String body) {
        /** The names of {@code requires=}, in order. */
        List<String> requires() {
            String r = attributes.get("requires");
            return r == null ? List.of() : Arrays.asList(r.split(","));
        }

        /** The exit status every command must end with: {@code exit=N}, 0 by default. */
        int exit() {
            return Integer.parseInt(attributes.getOrDefault("exit", "0"));
        }

        /** The opening fence's info string, as written. */
        String info() {
            StringBuilder sb = new StringBuilder(language);
            flags.forEach(f -> sb.append(' ').append(f));
            attributes.forEach((k, v) -> sb.append(' ').append(k).append('=').append(v));
            return sb.toString();
        }

        /**
         * The shell commands: lines joined where one ends with a backslash, without blank and comment lines, each
         * with the README line it starts on.
         */
        List<Command> commands() {
            List<Command> out = new ArrayList<>();
            String[] lines = body.split("\n", -1);
            StringBuilder current = null;
            int start = 0;
            for (int i = 0; i < lines.length; i++) {
                String l = lines[i];
                if (current == null) {
                    if (l.isBlank() || l.strip().startsWith("#")) {
                        continue;
                    }
                    current = new StringBuilder();
                    start = line + 1 + i;
                }
                if (l.endsWith("\\")) {
                    current.append(l, 0, l.length() - 1).append(' ');
                } else {
                    current.append(l);
                    out.add(new Command(start, current.toString().strip()));
                    current = null;
                }
            }
            if (current != null) {
                out.add(new Command(start, current.toString().strip()));
            }
            return out;
        }
    }

    /** One shell command of a block and the README line it starts on. */
    record Command(int line, String text) {
    }

    private Readme() {
    }

    /** Every fenced block of the file, in order; an unclosed fence is an error. */
    static List<Block> blocks(Path readme) throws IOException {
        return blocks(Files.readString(readme, StandardCharsets.UTF_8));
    }

    static List<Block> blocks(String text) {
        List<Block> out = new ArrayList<>();
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = FENCE.matcher(lines[i]);
            if (!m.matches()) {
                if (lines[i].matches("\\s+```.*")) {
                    throw new IllegalStateException("README line " + (i + 1) + ": an indented fence; the blocks "
                            + "that ReadmeIT runs start at the beginning of the line");
                }
                continue;
            }
            int open = i;
            StringBuilder body = new StringBuilder();
            for (i++; i < lines.length && !lines[i].equals("```"); i++) {
                body.append(lines[i]).append('\n');
            }
            if (i >= lines.length) {
                throw new IllegalStateException("README line " + (open + 1) + ": the block is never closed");
            }
            String[] words = m.group(1).strip().split("\\s+");
            String language = words[0];
            Map<String, String> attributes = new LinkedHashMap<>();
            List<String> flags = new ArrayList<>();
            for (int w = 1; w < words.length; w++) {
                Matcher a = ATTRIBUTE.matcher(words[w]);
                if (a.matches()) {
                    attributes.put(a.group(1), a.group(2));
                } else {
                    flags.add(words[w]);
                }
            }
            out.add(new Block(open + 1, language, attributes, flags, body.toString()));
        }
        return out;
    }
}
