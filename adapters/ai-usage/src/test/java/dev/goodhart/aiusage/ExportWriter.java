package dev.goodhart.aiusage;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * Writes records in the shapes of the published schemas (GitHub's "Example schema for Copilot usage metrics", the
 * Bedrock model invocation log record, the OpenAI usage API's completions page), field for field, with made-up values:
 * for the sample files, the tests and the benchmark. No real data.
 */
final class ExportWriter {
    private static final JsonFactory FACTORY = new JsonFactory();

    private ExportWriter() {
    }

    /** One user's day of Copilot use. */
    record CopilotDay(LocalDate day, String login, long userId, long interactions, long generations, long acceptances,
            long suggestedLines, long addedLines, long cliPrompts, double credits) {
    }

    /** One Copilot user-level record as an NDJSON line (no newline), in the example schema's field order. */
    static String copilot(CopilotDay d) {
        return json(g -> {
            g.writeStartObject();
            if (!Double.isNaN(d.credits())) {
                g.writeNumberField("ai_credits_used", d.credits());
            }
            g.writeNumberField("code_acceptance_activity_count", d.acceptances());
            g.writeNumberField("code_generation_activity_count", d.generations());
            g.writeStringField("day", d.day().toString());
            g.writeStringField("enterprise_id", "1");
            g.writeNumberField("loc_added_sum", d.addedLines());
            g.writeNumberField("loc_deleted_sum", d.addedLines() / 5);
            g.writeNumberField("loc_suggested_to_add_sum", d.suggestedLines());
            g.writeNumberField("loc_suggested_to_delete_sum", 0);
            if (d.cliPrompts() > 0) {
                g.writeObjectFieldStart("totals_by_cli");
                g.writeObjectFieldStart("last_known_cli_version");
                g.writeStringField("cli_version", "1.0.8");
                g.writeStringField("sampled_at", d.day() + "T00:01:43.000Z");
                g.writeEndObject();
                g.writeNumberField("prompt_count", d.cliPrompts());
                g.writeNumberField("request_count", d.cliPrompts() + d.cliPrompts() / 2);
                g.writeNumberField("session_count", Math.max(1, d.cliPrompts() / 4));
                g.writeObjectFieldStart("token_usage");
                long in = 1900 * d.cliPrompts();
                long out = 2500 * d.cliPrompts();
                g.writeNumberField("avg_tokens_per_request", (double) (in + out) / (d.cliPrompts() + d.cliPrompts() / 2));
                g.writeNumberField("output_tokens_sum", out);
                g.writeNumberField("prompt_tokens_sum", in);
                g.writeEndObject();
                g.writeEndObject();
            }
            long chat = d.interactions();
            g.writeArrayFieldStart("totals_by_feature");
            feature(g, "code_completion", 0, d.generations() - Math.min(d.generations(), chat),
                    d.acceptances() - Math.min(d.acceptances(), chat / 3), d.suggestedLines() / 2, d.addedLines() / 2);
            feature(g, "chat_panel_ask_mode", chat, Math.min(d.generations(), chat),
                    Math.min(d.acceptances(), chat / 3), d.suggestedLines() - d.suggestedLines() / 2,
                    d.addedLines() - d.addedLines() / 2);
            g.writeEndArray();
            g.writeArrayFieldStart("totals_by_ide");
            g.writeStartObject();
            g.writeNumberField("code_acceptance_activity_count", d.acceptances());
            g.writeNumberField("code_generation_activity_count", d.generations());
            g.writeStringField("ide", d.userId() % 3 == 0 ? "intellij" : "vscode");
            g.writeObjectFieldStart("last_known_ide_version");
            g.writeStringField("ide_version", "1.85.0");
            g.writeStringField("sampled_at", d.day() + "T00:00:02.000Z");
            g.writeEndObject();
            g.writeNumberField("loc_added_sum", d.addedLines());
            g.writeNumberField("loc_deleted_sum", d.addedLines() / 5);
            g.writeNumberField("loc_suggested_to_add_sum", d.suggestedLines());
            g.writeNumberField("loc_suggested_to_delete_sum", 0);
            g.writeNumberField("user_initiated_interaction_count", d.interactions());
            g.writeEndObject();
            g.writeEndArray();
            g.writeArrayFieldStart("totals_by_language_feature");
            g.writeStartObject();
            g.writeNumberField("code_acceptance_activity_count", d.acceptances());
            g.writeNumberField("code_generation_activity_count", d.generations());
            g.writeStringField("feature", "code_completion");
            g.writeStringField("language", d.userId() % 2 == 0 ? "java" : "typescript");
            g.writeNumberField("loc_added_sum", d.addedLines());
            g.writeNumberField("loc_deleted_sum", 0);
            g.writeNumberField("loc_suggested_to_add_sum", d.suggestedLines());
            g.writeNumberField("loc_suggested_to_delete_sum", 0);
            g.writeEndObject();
            g.writeEndArray();
            g.writeArrayFieldStart("totals_by_language_model");
            g.writeEndArray();
            g.writeArrayFieldStart("totals_by_model_feature");
            g.writeEndArray();
            g.writeBooleanField("used_agent", false);
            g.writeBooleanField("used_chat", chat > 0);
            g.writeBooleanField("used_cli", d.cliPrompts() > 0);
            g.writeNumberField("user_id", d.userId());
            g.writeStringField("user_login", d.login());
            g.writeNumberField("user_initiated_interaction_count", d.interactions());
            g.writeStringField("etl_id", "green");
            g.writeStringField("day_partition", d.day().toString());
            g.writeNumberField("entity_id_partition", 1);
            g.writeEndObject();
        });
    }

    private static void feature(JsonGenerator g, String name, long interactions, long generations, long acceptances,
            long suggested, long added) throws IOException {
        g.writeStartObject();
        g.writeNumberField("code_acceptance_activity_count", Math.max(0, acceptances));
        g.writeNumberField("code_generation_activity_count", Math.max(0, generations));
        g.writeStringField("feature", name);
        g.writeNumberField("loc_added_sum", added);
        g.writeNumberField("loc_deleted_sum", 0);
        g.writeNumberField("loc_suggested_to_add_sum", suggested);
        g.writeNumberField("loc_suggested_to_delete_sum", 0);
        g.writeNumberField("user_initiated_interaction_count", interactions);
        g.writeEndObject();
    }

    /** One Bedrock invocation. */
    record Invocation(Instant time, String arn, String model, long inputTokens, long outputTokens, String prompt) {
    }

    /** One Bedrock model invocation log record as a JSON line (no newline), a Converse call. */
    static String bedrock(Invocation v, long serial) {
        return json(g -> {
            g.writeStartObject();
            g.writeStringField("schemaType", "ModelInvocationLog");
            g.writeStringField("schemaVersion", "1.0");
            g.writeStringField("timestamp", v.time().toString());
            g.writeStringField("accountId", "123456789012");
            g.writeObjectFieldStart("identity");
            g.writeStringField("arn", v.arn());
            g.writeEndObject();
            g.writeStringField("region", "us-east-1");
            g.writeStringField("requestId", String.format("%08x-0000-4000-8000-%012x", serial, serial * 7919));
            g.writeStringField("operation", "Converse");
            g.writeStringField("modelId", v.model());
            g.writeObjectFieldStart("input");
            g.writeStringField("inputContentType", "application/json");
            g.writeObjectFieldStart("inputBodyJson");
            g.writeArrayFieldStart("messages");
            g.writeStartObject();
            g.writeStringField("role", "user");
            g.writeArrayFieldStart("content");
            g.writeStartObject();
            g.writeStringField("text", v.prompt());
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndArray();
            g.writeObjectFieldStart("inferenceConfig");
            g.writeNumberField("maxTokens", 2048);
            g.writeEndObject();
            g.writeEndObject();
            g.writeNumberField("inputTokenCount", v.inputTokens());
            g.writeEndObject();
            g.writeObjectFieldStart("output");
            g.writeStringField("outputContentType", "application/json");
            g.writeObjectFieldStart("outputBodyJson");
            g.writeObjectFieldStart("output");
            g.writeObjectFieldStart("message");
            g.writeStringField("role", "assistant");
            g.writeArrayFieldStart("content");
            g.writeStartObject();
            g.writeStringField("text", "(answer of " + v.outputTokens() + " tokens)");
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
            g.writeEndObject();
            g.writeStringField("stopReason", "end_turn");
            g.writeObjectFieldStart("usage");
            g.writeNumberField("inputTokens", v.inputTokens());
            g.writeNumberField("outputTokens", v.outputTokens());
            g.writeNumberField("totalTokens", v.inputTokens() + v.outputTokens());
            g.writeEndObject();
            g.writeEndObject();
            g.writeNumberField("outputTokenCount", v.outputTokens());
            g.writeEndObject();
            g.writeEndObject();
        });
    }

    /** One OpenAI completions usage result. */
    record Result(long inputTokens, long outputTokens, long cachedTokens, long requests, String userId, String apiKeyId,
            String projectId, String model) {
    }

    /** One OpenAI usage bucket. */
    record Bucket(long startTime, long endTime, List<Result> results) {
    }

    /** An OpenAI usage API page of buckets, pretty-printed as the API returns it. */
    static String openAiPage(List<Bucket> buckets, boolean hasMore) {
        return json(g -> {
            g.useDefaultPrettyPrinter();
            g.writeStartObject();
            g.writeStringField("object", "page");
            g.writeArrayFieldStart("data");
            for (Bucket b : buckets) {
                bucket(g, b);
            }
            g.writeEndArray();
            g.writeBooleanField("has_more", hasMore);
            if (hasMore) {
                g.writeStringField("next_page", "page_AAAAAGdGxdEiJdKOAAAAAGcqsYA=");
            } else {
                g.writeNullField("next_page");
            }
            g.writeEndObject();
        });
    }

    /** One OpenAI usage bucket on one line (for NDJSON of buckets). */
    static String openAiBucket(Bucket b) {
        return json(g -> bucket(g, b));
    }

    private static void bucket(JsonGenerator g, Bucket b) throws IOException {
        g.writeStartObject();
        g.writeStringField("object", "bucket");
        g.writeNumberField("start_time", b.startTime());
        g.writeNumberField("end_time", b.endTime());
        g.writeArrayFieldStart("results");
        for (Result r : b.results()) {
            g.writeStartObject();
            g.writeStringField("object", "organization.usage.completions.result");
            g.writeNumberField("input_tokens", r.inputTokens());
            g.writeNumberField("output_tokens", r.outputTokens());
            g.writeNumberField("input_cached_tokens", r.cachedTokens());
            g.writeNumberField("input_audio_tokens", 0);
            g.writeNumberField("output_audio_tokens", 0);
            g.writeNumberField("num_model_requests", r.requests());
            nullable(g, "project_id", r.projectId());
            nullable(g, "user_id", r.userId());
            nullable(g, "api_key_id", r.apiKeyId());
            nullable(g, "model", r.model());
            g.writeNullField("batch");
            g.writeEndObject();
        }
        g.writeEndArray();
        g.writeEndObject();
    }

    private static void nullable(JsonGenerator g, String field, String value) throws IOException {
        if (value == null) {
            g.writeNullField(field);
        } else {
            g.writeStringField(field, value);
        }
    }

    private interface Body {
        void write(JsonGenerator g) throws IOException;
    }

    private static String json(Body body) {
        StringWriter w = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(w)) {
            body.write(g);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return w.toString();
    }
}
