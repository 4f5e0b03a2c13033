package dev.goodhart.aiusage.internal;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import dev.goodhart.aiusage.UsageFormat;
import java.io.IOException;
import java.io.InputStream;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Tells an export's format from the field names of its first record (read from at most the first 256 KB, gzip
 * undone): {@code schemaType: ModelInvocationLog}, or {@code identity} with {@code modelId}, is Bedrock; {@code day}
 * with {@code user_login}, {@code user_id} or Copilot's counts (or {@code day_totals}) is Copilot; a page, a bucket,
 * or {@code start_time} with {@code results} is OpenAI.
 */
public final class FormatDetector {
    /** How much of the input is looked at. */
    public static final int HEAD = 256 * 1024;
    private static final JsonFactory FACTORY = new JsonFactory();

    private FormatDetector() {
    }

    /**
     * The format of the stream's first record, or empty. Reads at most {@link #HEAD} bytes after un-gzipping (gzip
     * data that breaks before: what came out whole).
     */
    public static Optional<UsageFormat> detect(InputStream in) throws IOException {
        return detect(JsonRecords.head(JsonRecords.open(in), HEAD));
    }

    /** The format of the first record in {@code head}, or empty. */
    public static Optional<UsageFormat> detect(byte[] head) {
        return classify(fields(head));
    }

    /**
     * What a file that is no export Goodhart reads appears to be, and how to get the export from it: the answer of
     * GitHub's Copilot usage metrics reports API (its download links), GitHub's legacy Copilot metrics API, a CloudWatch
     * Logs wrapper of Bedrock invocation records ({@code filter-log-events} or {@code get-log-events} output, an export
     * task's text lines, a subscription filter's {@code logEvents}); empty for anything else, an export included.
     */
    public static Optional<String> explain(byte[] head) {
        Map<String, String> f = fields(head);
        if (classify(f).isPresent()) {
            return Optional.empty();
        }
        if (f.containsKey("download_links") || f.containsKey("report_start_day") && f.containsKey("report_end_day")) {
            return Optional.of("the answer of GitHub's Copilot usage metrics reports API (download_links, "
                    + "report_start_day, report_end_day), not the report: download the NDJSON files its download_links "
                    + "point to (they expire soon after) and read those");
        }
        if (f.containsKey("date") && (f.containsKey("total_active_users") || f.containsKey("total_engaged_users")
                || f.containsKey("copilot_ide_code_completions") || f.containsKey("copilot_ide_chat"))) {
            return Optional.of("GitHub's legacy Copilot metrics API (/orgs/ORG/copilot/metrics: date, "
                    + "total_active_users, copilot_ide_code_completions, ...), which counts engaged users per day and "
                    + "names nobody: Goodhart reads the user-level usage metrics report instead, the NDJSON files the "
                    + "Copilot usage metrics reports API links to (one record per user and day: day, user_login, ...)");
        }
        if (f.containsKey("events") && (f.containsKey("events.message") || f.containsKey("nextForwardToken")
                || f.containsKey("searchedLogStreams") || f.containsKey("nextToken"))) {
            return Optional.of("CloudWatch Logs output (filter-log-events or get-log-events), which holds each Bedrock "
                    + "invocation record as a string in events[].message: take the records out, e.g. jq -r "
                    + "'.events[].message' FILE > invocations.jsonl, or read the log files Bedrock delivers "
                    + "to S3 (JSON Lines, gzipped)");
        }
        if (f.containsKey("logEvents") && (f.containsKey("messageType") || f.containsKey("logGroup"))) {
            return Optional.of("CloudWatch Logs subscription data (messageType, logGroup, logEvents: what a "
                    + "subscription filter delivers to Firehose), which holds each Bedrock "
                    + "invocation record as a string in logEvents[].message (and health checks in CONTROL_MESSAGE "
                    + "records): take the records out, e.g. zcat FILE | jq -r "
                    + "'select(.messageType == \"DATA_MESSAGE\") "
                    + "| .logEvents[].message' > invocations.jsonl, or read the log files Bedrock delivers to S3 (JSON "
                    + "Lines, gzipped)");
        }
        if (cloudWatchExportLine(head)) {
            return Optional.of("CloudWatch Logs exported to S3 (an export task writes each record after its timestamp "
                    + "and a space): cut the timestamps off, e.g. cut -d' ' -f2- FILE > invocations.jsonl (zcat first "
                    + "when gzipped), or read the log files Bedrock delivers to S3 itself");
        }
        return Optional.empty();
    }

    /** Whether the first line is an ISO timestamp, a space and a JSON object of a Bedrock invocation. */
    private static boolean cloudWatchExportLine(byte[] head) {
        String start = new String(head, 0, Math.min(head.length, 4096), java.nio.charset.StandardCharsets.UTF_8);
        return start.matches("(?s)\\s*\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d(\\.\\d+)?Z \\{.*")
                && start.contains("ModelInvocationLog");
    }

    /** The fields of the first record in {@code head}: name to scalar text (empty for an object or array). */
    private static Map<String, String> fields(byte[] head) {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser p = FACTORY.createParser(head)) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_ARRAY) {
                t = p.nextToken();
            }
            if (t != JsonToken.START_OBJECT) {
                return fields;
            }
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                t = p.nextToken();
                if ((name.equals("data") || name.equals("events")) && t == JsonToken.START_ARRAY) {
                    fields.put(name, "");
                    t = p.nextToken();
                    if (t == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String inner = p.currentName();
                            p.nextToken();
                            fields.put(name + "." + inner, p.currentToken().isScalarValue() ? p.getText() : "");
                            p.skipChildren();
                        }
                    }
                    if (name.equals("data") && t != JsonToken.END_ARRAY) {
                        break; // an empty data (a page of no buckets, keys sorted) leaves the page's own fields
                    }
                    while (t != JsonToken.END_ARRAY && t != null) {
                        p.skipChildren();
                        t = p.nextToken();
                    }
                    continue;
                }
                fields.put(name, t.isScalarValue() ? p.getText() : "");
                p.skipChildren();
            }
        } catch (JsonProcessingException e) {
            // a head cut inside a record, or not JSON: decide on what was seen
        } catch (IOException e) {
            return fields;
        }
        return fields;
    }

    private static Optional<UsageFormat> classify(Map<String, String> f) {
        if ("ModelInvocationLog".equals(f.get("schemaType")) || f.containsKey("identity") && f.containsKey("modelId")) {
            return Optional.of(UsageFormat.BEDROCK);
        }
        boolean copilotCounts = f.containsKey("code_generation_activity_count")
                || f.containsKey("user_initiated_interaction_count") || f.containsKey("code_acceptance_activity_count")
                || f.containsKey("loc_added_sum") || f.containsKey("totals_by_ide");
        if (f.containsKey("day") && (f.containsKey("user_login") || f.containsKey("user_id") || copilotCounts)
                || f.containsKey("day_totals")) {
            return Optional.of(UsageFormat.COPILOT);
        }
        String object = f.get("object");
        if ("page".equals(object) || "bucket".equals(object) || f.containsKey("start_time")
                && (f.containsKey("results") || f.containsKey("result")) || f.containsKey("data.start_time")
                || "bucket".equals(f.get("data.object"))) {
            return Optional.of(UsageFormat.OPENAI);
        }
        return Optional.empty();
    }
}
