package dev.goodhart.aiusage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.activity.ActivityReport;
import dev.goodhart.activity.ActorActivity;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end through the readers: simulated exports of each format written in the published shapes, read back from
 * files with a team map and scored. Prints the rates README reports; fails if a genuine developer is flagged above 2%
 * or a bot account, scripted API key or pinger is missed.
 */
class ExportCalibrationTest {
    @TempDir
    Path dir;

    private static final List<String> TEAMS = List.of("t1", "t2", "t3", "t4", "t5", "t6");

    private String rates(String name, ActivityReport report, List<SimulatedExports.Actor> actors, String prefix,
            List<String> mustFlag) {
        int genuine = 0;
        int genuineFlagged = 0;
        int scripted = 0;
        int scriptedFlagged = 0;
        for (SimulatedExports.Actor a : actors) {
            ActorActivity r = report.actor(a.team(), prefix + a.name()).orElse(null);
            if (r == null) {
                continue;
            }
            if (a.scripted()) {
                scripted++;
                scriptedFlagged += r.flagged() ? 1 : 0;
                if (mustFlag.contains(a.kind())) {
                    assertThat(r.flagged()).as(a.name() + " " + r.reasons()).isTrue();
                }
            } else {
                genuine++;
                genuineFlagged += r.flagged() ? 1 : 0;
            }
        }
        assertThat((double) genuineFlagged / genuine).as(name + ": genuine flagged").isLessThanOrEqualTo(0.02);
        return String.format(Locale.ROOT, "%s: %d records, genuine flagged %d of %d, scripted flagged %d of %d",
                name, report.events(), genuineFlagged, genuine, scriptedFlagged, scripted);
    }

    @Test
    void copilotOpenAiAndBedrockExportsThroughTheReaders() throws IOException {
        List<SimulatedExports.Actor> copilotActors = SimulatedExports.actors(TEAMS, 20,
                Map.of("t1", List.of("bot", "topup"), "t3", List.of("bot", "topup"), "t5", List.of("bot", "topup")));
        StringBuilder copilot = new StringBuilder();
        for (ExportWriter.CopilotDay d : SimulatedExports.copilot(copilotActors, 28, 7, 11)) {
            copilot.append(ExportWriter.copilot(d)).append('\n');
        }
        Path copilotFile = dir.resolve("copilot.ndjson");
        Files.writeString(copilotFile, copilot, StandardCharsets.UTF_8);
        Path teams = dir.resolve("teams.csv");
        Files.writeString(teams, SimulatedExports.teams(copilotActors, false));
        ActivityReport c = UsageExports.builder().actors(ActorMap.read(teams)).build().scoreActivity(copilotFile);
        String line1 = rates("copilot", c, copilotActors, "", List.of("bot"));

        List<SimulatedExports.Actor> openAiActors = SimulatedExports.actors(TEAMS, 20,
                Map.of("t2", List.of("job"), "t4", List.of("job"), "t6", List.of("job")));
        Path openAiFile = dir.resolve("openai.json");
        Files.writeString(openAiFile, ExportWriter.openAiPage(SimulatedExports.openAi(openAiActors, 28, 12), false));
        Path openAiTeams = dir.resolve("openai-teams.csv");
        Files.writeString(openAiTeams, SimulatedExports.teams(openAiActors, true));
        ActivityReport o = UsageExports.builder().actors(ActorMap.read(openAiTeams)).build().scoreActivity(openAiFile);
        int people = 0;
        int flaggedPeople = 0;
        for (SimulatedExports.Actor a : openAiActors) {
            ActorActivity r = o.actor(a.team(), a.scripted() ? "key:key_" + a.name() : "user-" + a.name()).orElseThrow();
            if (a.scripted()) {
                assertThat(r.flagged()).as(a.name()).isTrue();
            } else {
                people++;
                flaggedPeople += r.flagged() ? 1 : 0;
            }
        }
        assertThat(flaggedPeople).isLessThanOrEqualTo(people / 50);
        String line2 = String.format(Locale.ROOT, "openai: %d records, genuine flagged %d of %d, scripted keys flagged "
                + "3 of 3", o.events(), flaggedPeople, people);

        List<SimulatedExports.Actor> bedrockActors = SimulatedExports.actors(List.of("t1", "t2", "t3"), 12,
                Map.of("t1", List.of("pinger"), "t2", List.of("pinger"), "t3", List.of("pinger")));
        StringBuilder bedrock = new StringBuilder();
        long serial = 1;
        for (ExportWriter.Invocation v : SimulatedExports.bedrock(bedrockActors, 2, 13)) {
            bedrock.append(ExportWriter.bedrock(v, serial++)).append('\n');
        }
        Path bedrockFile = dir.resolve("bedrock.jsonl");
        Files.writeString(bedrockFile, bedrock, StandardCharsets.UTF_8);
        Path bedrockTeams = dir.resolve("bedrock-teams.csv");
        Files.writeString(bedrockTeams, SimulatedExports.teams(bedrockActors, false));
        ActivityReport b = UsageExports.builder().actors(ActorMap.read(bedrockTeams)).build().scoreActivity(bedrockFile);
        String line3 = rates("bedrock", b, bedrockActors, "", List.of("pinger"));
        System.out.println(line1 + "\n" + line2 + "\n" + line3);
    }
}
