package dev.goodhart.aiusage;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

/** The sample files and helpers to read variants of them from memory. */
final class Samples {
    static final Path COPILOT = SampleFiles.DIR.resolve("copilot-user-metrics.ndjson");
    static final Path BEDROCK = SampleFiles.DIR.resolve("bedrock-invocations.jsonl");
    static final Path OPENAI = SampleFiles.DIR.resolve("openai-usage-completions.json");
    static final Path TEAMS = SampleFiles.DIR.resolve("teams.csv");

    private Samples() {
    }

    static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ActorMap teams() {
        try {
            return ActorMap.read(TEAMS);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static UsageRead read(UsageExports exports, String text, String name, UsageSink sink) {
        try {
            return exports.read(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), name, sink);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static UsageRead read(UsageExports exports, String text) {
        return read(exports, text, "export.json", UsageSink.NONE);
    }

    static byte[] gzip(String text) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream z = new GZIPOutputStream(b)) {
            z.write(text.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return b.toByteArray();
    }
}
