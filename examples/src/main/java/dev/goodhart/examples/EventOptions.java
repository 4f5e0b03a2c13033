package dev.goodhart.examples;

import dev.goodhart.activity.Fingerprinter;
import dev.goodhart.aiusage.ActorMap;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** A usage log or AI usage export to score for manufactured activity. */
final class EventOptions {
    @Option(names = "--events", paramLabel = "FILE", description = {"A usage log "
            + "(timestamp,actor,tokens[,segment,request,agent,artifact] as CSV or JSON Lines) or an AI usage export "
            + "(GitHub Copilot user-level NDJSON, Amazon Bedrock invocation log, OpenAI usage buckets) to score for "
            + "manufactured activity, alone or with metrics; - reads standard input. Request text is fingerprinted "
            + "on reading and never printed."})
    String events;

    @Option(names = "--events-format", paramLabel = "FORMAT", converter = Converters.EventsFormat.class,
            description = {"auto (default: told from the content), csv, jsonl, copilot, bedrock or openai; applies to "
                    + "--data too when it names the same file or there is no --events."})
    String format;

    @Option(names = "--actors", paramLabel = "TEAMS.csv", description = {"A CSV file actor,segment mapping people "
            + "(logins, IAM names, user or key ids) to teams, for an AI usage export and usage-log events that name no "
            + "segment; without it each person of an export is a segment of the daily metrics."})
    Path actors;

    @Option(names = "--fingerprint-key-file", paramLabel = "FILE", description = {"A file whose content keys the "
            + "request fingerprints (HMAC-SHA256); or set GOODHART_FINGERPRINT_KEY."})
    Path keyFile;

    @Option(names = "--pseudonymise", arity = "0..1", paramLabel = "true|false",
            description = "Name actors actor-1, actor-2, ... in the activity section.")
    boolean pseudonymise;

    /** Refuses options of a usage log without one. */
    void check(boolean hasData) {
        if (events == null) {
            if (keyFile != null) {
                throw new UsageException("--fingerprint-key-file needs --events (a usage log)");
            }
            if (pseudonymise) {
                throw new UsageException("--pseudonymise needs --events (a usage log)");
            }
            if (format != null && !hasData) {
                throw new UsageException("--events-format needs --events or --data (a usage log or export)");
            }
            if (actors != null && !hasData) {
                throw new UsageException("--actors needs --events or --data (an AI usage export)");
            }
        }
    }

    /** The --actors map, or none. */
    ActorMap actorMap() throws IOException {
        return actors == null ? ActorMap.NONE : ActorMap.read(actors);
    }

    /** The request fingerprints' key from --fingerprint-key-file or GOODHART_FINGERPRINT_KEY; unkeyed without one. */
    Fingerprinter fingerprinter() throws IOException {
        String key = keyFile != null ? Files.readString(keyFile).strip() : System.getenv("GOODHART_FINGERPRINT_KEY");
        if (key == null || key.isEmpty()) {
            return Fingerprinter.unkeyed();
        }
        try {
            return Fingerprinter.keyed(key);
        } catch (IllegalArgumentException e) {
            throw new UsageException("fingerprint key: " + e.getMessage());
        }
    }
}
