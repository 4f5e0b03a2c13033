package dev.goodhart.examples;

import dev.goodhart.activity.Fingerprinter;
import dev.goodhart.aiusage.ActorMap;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
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
            + "request fingerprints (HMAC-SHA256): text (surrounding white space ignored) or random bytes, at least "
            + "16; or set GOODHART_FINGERPRINT_KEY."})
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
        if (actors == null) {
            return ActorMap.NONE;
        }
        Sources.notADirectory("--actors " + actors, actors);
        ActorMap map;
        try {
            map = ActorMap.read(actors);
        } catch (java.nio.charset.CharacterCodingException e) {
            throw new UsageException("--actors " + actors + ": expected UTF-8 text (actor,segment rows), found bytes "
                    + "that are not");
        }
        if (map.isEmpty()) {
            throw new UsageException("--actors " + actors + ": no actor in it (expected actor,segment rows after the "
                    + "header)");
        }
        return map;
    }


    /**
     * The request fingerprints' key from --fingerprint-key-file or GOODHART_FINGERPRINT_KEY; unkeyed without one. A key
     * file of UTF-8 text is the text without surrounding white space (a line written by {@code echo}); any other file,
     * random bytes such as {@code head -c 32 /dev/urandom > key.txt}, is its bytes as they are.
     */
    Fingerprinter fingerprinter() throws IOException {
        byte[] key;
        if (keyFile != null) {
            Sources.notADirectory("--fingerprint-key-file " + keyFile, keyFile); // a missing file: Main says so
            key = Files.readAllBytes(keyFile);
            try {
                key = StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(key)).toString().strip()
                        .getBytes(StandardCharsets.UTF_8);
            } catch (CharacterCodingException binary) {
                // not text: the bytes themselves are the key
            }
            if (key.length == 0) {
                // a key file given and empty is a mistake, not a wish for unkeyed fingerprints
                throw new UsageException("--fingerprint-key-file " + keyFile + ": empty (a key is at least 16 bytes)");
            }
        } else {
            String variable = System.getenv("GOODHART_FINGERPRINT_KEY");
            key = variable == null ? new byte[0] : variable.getBytes(StandardCharsets.UTF_8);
        }
        if (key.length == 0) {
            return Fingerprinter.unkeyed();
        }
        try {
            return Fingerprinter.keyed(key);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage());  // "fingerprint key: must be at least 16 bytes, ..."
        }
    }
}
