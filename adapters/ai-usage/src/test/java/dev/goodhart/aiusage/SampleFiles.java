package dev.goodhart.aiusage;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Writes the sample exports in {@code adapters/ai-usage/samples/} (made-up values in the published shapes, no real
 * data). Run from the module directory: {@code java -cp target/test-classes:... dev.goodhart.aiusage.SampleFiles};
 * {@code SampleFilesTest} checks that the committed files are what this writes.
 */
final class SampleFiles {
    static final Path DIR = Path.of("samples");

    private SampleFiles() {
    }

    /**
     * Teams web and api of six developers each; in web, from Monday 15 September (a prompt quota), a bot account
     * sends the same number of prompts every day and a seventh member tops their prompts up with a script.
     */
    static List<SimulatedExports.Actor> copilotActors() {
        return SimulatedExports.actors(List.of("web", "api"), 6, Map.of("web", List.of("bot", "topup")));
    }

    static String copilot() {
        StringBuilder sb = new StringBuilder();
        for (ExportWriter.CopilotDay d : SimulatedExports.copilot(copilotActors(), 28, 14, 20250901L)) {
            sb.append(ExportWriter.copilot(d)).append('\n');
        }
        return sb.toString();
    }

    static List<SimulatedExports.Actor> bedrockActors() {
        return SimulatedExports.actors(List.of("platform"), 9, Map.of("platform", List.of("pinger")));
    }

    static String bedrock() {
        StringBuilder sb = new StringBuilder();
        long serial = 1;
        for (ExportWriter.Invocation v : SimulatedExports.bedrock(bedrockActors(), 1, 20250902L)) {
            sb.append(ExportWriter.bedrock(v, serial++)).append('\n');
        }
        return sb.toString();
    }

    static List<SimulatedExports.Actor> openAiActors() {
        return SimulatedExports.actors(List.of("research"), 10, Map.of("research", List.of("job")));
    }

    static String openAi() {
        return ExportWriter.openAiPage(SimulatedExports.openAi(openAiActors(), 28, 20250903L), false) + "\n";
    }

    static Map<String, String> files() {
        List<SimulatedExports.Actor> all = new ArrayList<>(copilotActors());
        all.addAll(bedrockActors());
        String teams = SimulatedExports.teams(all, false)
                + SimulatedExports.teams(openAiActors(), true).substring("actor,segment\n".length());
        return Map.of("copilot-user-metrics.ndjson", copilot(), "bedrock-invocations.jsonl", bedrock(),
                "openai-usage-completions.json", openAi(), "teams.csv", teams);
    }

    /** Writes the files. */
    public static void main(String[] args) throws IOException {
        Files.createDirectories(DIR);
        for (Map.Entry<String, String> e : files().entrySet()) {
            Files.writeString(DIR.resolve(e.getKey()), e.getValue(), StandardCharsets.UTF_8);
            System.out.println("wrote " + DIR.resolve(e.getKey()));
        }
    }
}
