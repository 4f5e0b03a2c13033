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

    /** The format of the stream's first record, or empty. Reads at most {@link #HEAD} bytes after un-gzipping. */
    public static Optional<UsageFormat> detect(InputStream in) throws IOException {
        return detect(JsonRecords.maybeGunzip(in).readNBytes(HEAD));
    }

    /** The format of the first record in {@code head}, or empty. */
    public static Optional<UsageFormat> detect(byte[] head) {
        Map<String, String> fields = new HashMap<>();
        try (JsonParser p = FACTORY.createParser(head)) {
            JsonToken t = p.nextToken();
            if (t == JsonToken.START_ARRAY) {
                t = p.nextToken();
            }
            if (t != JsonToken.START_OBJECT) {
                return Optional.empty();
            }
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                t = p.nextToken();
                if (name.equals("data") && t == JsonToken.START_ARRAY) {
                    fields.put("data", "");
                    if (p.nextToken() == JsonToken.START_OBJECT) {
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String inner = p.currentName();
                            p.nextToken();
                            fields.put("data." + inner, p.currentToken().isScalarValue() ? p.getText() : "");
                            p.skipChildren();
                        }
                    }
                    break;
                }
                fields.put(name, t.isScalarValue() ? p.getText() : "");
                p.skipChildren();
            }
        } catch (JsonProcessingException e) {
            // a head cut inside a record, or not JSON: decide on what was seen
        } catch (IOException e) {
            return Optional.empty();
        }
        return classify(fields);
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
