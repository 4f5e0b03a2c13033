package dev.goodhart.aiusage.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;

/**
 * One record of an Amazon Bedrock model invocation log ({@code schemaType} {@code ModelInvocationLog}): reads
 * {@code timestamp}, {@code identity.arn}, {@code requestId}, {@code errorCode}, {@code status}, {@code modelId},
 * {@code input.inputTokenCount}, {@code input.cacheReadInputTokenCount} and {@code input.cacheWriteInputTokenCount}
 * (all three are input tokens; the cache reads are also cached tokens, as in OpenAI's {@code input_tokens}),
 * {@code output.outputTokenCount}, and, when asked, the request text from {@code input.inputBodyJson} (the last
 * user message of a Converse or Messages body, or {@code prompt} / {@code inputText}), which is fingerprinted by the
 * caller and never kept. Everything else (output bodies included) is skipped unread.
 */
public final class BedrockParser {
    /** The most request text kept for fingerprinting, in characters. */
    private static final int TEXT_LIMIT = 32_768;

    private BedrockParser() {
    }

    /**
     * Reads the record the parser is on into {@code r}: {@link Outcome#READ}, or why it is skipped and counted (no
     * identity, a failed invocation). Its key is its {@code requestId}.
     *
     * @throws dev.goodhart.model.InvalidDataException for another schema, a field of the wrong type, or a missing or
     *                                           malformed timestamp
     */
    public static Outcome parse(JsonParser p, Ctx c, Row r, ZoneId zone, boolean text) throws IOException {
        r.reset();
        Instant time = null;
        String arn = null;
        String requestId = null;
        boolean failed = false;
        String name;
        while ((name = c.nextField(p, null)) != null) {
            switch (name) {
                case "schemaType": {
                    String s = c.text(p, name);
                    if (s != null && !s.equals("ModelInvocationLog")) {
                        throw c.error(p, name, "expected ModelInvocationLog, found '" + s + "' (not a model "
                                + "invocation log record)");
                    }
                    break;
                }
                case "timestamp":
                    time = instant(p, c, name);
                    break;
                case "identity":
                    arn = identity(p, c, name);
                    break;
                case "modelId":
                    r.model = c.text(p, name);
                    break;
                case "requestId":
                    requestId = c.id(p, name);
                    break;
                case "errorCode": {
                    String e = c.text(p, name);
                    failed |= e != null && !e.isBlank();
                    break;
                }
                case "status": {
                    String st = c.text(p, name);
                    failed |= st != null && (st.equalsIgnoreCase("Failure") || st.equalsIgnoreCase("Failed"));
                    break;
                }
                case "input":
                    input(p, c, name, r, text);
                    break;
                case "output":
                    output(p, c, name, r);
                    break;
                default:
                    p.skipChildren();
            }
        }
        if (time == null) {
            throw c.recordError("field timestamp: missing (each invocation record has the time it was made)");
        }
        r.millis = time.toEpochMilli();
        r.day = Math.floorDiv(r.millis / 1000 + zone.getRules().getOffset(time).getTotalSeconds(), 86_400);
        r.requests = 1;
        if (requestId != null && !requestId.isBlank()) {
            r.identity = requestId.strip();
        }
        if (failed) {
            return Outcome.FAILED;
        }
        if (arn == null || arn.isBlank()) {
            return Outcome.NO_ACTOR;
        }
        r.alias = arn;
        r.actor = principal(arn);
        r.roleForSession = sessionMadeUp(arn);
        return Outcome.READ;
    }

    /** What became of a record. */
    public enum Outcome {
        /** An invocation of a named principal. */
        READ,
        /** A record without {@code identity.arn}: skipped and counted. */
        NO_ACTOR,
        /** A failed invocation ({@code errorCode}, or {@code status} Failure): no request served, skipped and counted. */
        FAILED
    }

    /**
     * A role session name that an SDK or a compute service made up rather than a person or a job's own name: boto3's
     * {@code botocore-session-1733400000} (botocore sets it to the time when no {@code RoleSessionName} is given), the
     * other SDKs' {@code aws-sdk-java-...}, {@code aws-go-sdk-...}, {@code aws-sdk-js-session-...}, the .NET SDK's
     * {@code aws-dotnet-sdk-session-TICKS} and the Rust SDK's {@code assume-role-provider-MILLIS} with a time, EKS
     * Pod Identity's {@code eks-CLUSTER-POD-UUID}, an EC2 instance id ({@code i-0abc...}), an ECS task id (32
     * hexadecimal digits), or a time alone (10 or 13 digits). A new one each run would make one job hundreds of
     * actors. A UUID or another number alone is not taken for one: a directory's object id or an employee number names
     * a person; nor is any session of an IAM Identity Center role ({@code AWSReservedSSO_...}), whose sessions are its
     * users.
     */
    private static final java.util.regex.Pattern MADE_UP_SESSION = java.util.regex.Pattern.compile(
            "(?i)(botocore-session-\\d+|aws-sdk-[a-z]+(-session)?-\\d+|aws-go-sdk-\\d+|aws-dotnet-sdk-session-\\d+"
                    + "|assume-role-provider-\\d+|eks-.+-[0-9a-f]{8}-[0-9a-f]{4}-"
                    + "[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}|i-[0-9a-f]{8,17}|[0-9a-f]{32}|\\d{10}|\\d{13})");

    /** Whether an ARN is an assumed role's whose session an SDK or a service named ({@link #MADE_UP_SESSION}). */
    public static boolean sessionMadeUp(String arn) {
        String a = arn.strip();
        int role = a.indexOf(":assumed-role/");
        if (role < 0) {
            return false;
        }
        String resource = a.substring(role + ":assumed-role/".length());
        int slash = resource.lastIndexOf('/');
        return slash > 0 && !resource.startsWith("AWSReservedSSO_")
                && MADE_UP_SESSION.matcher(resource.substring(slash + 1)).matches();
    }

    /**
     * The name of the principal in an ARN: the session of an assumed role ({@code assumed-role/ROLE/SESSION}) unless
     * an SDK or a compute service made it up (then the role: a scheduled job whose every run has a new session is one
     * actor), the last part of a user or role path, {@code root}, or the whole ARN when it has no such part.
     */
    public static String principal(String arn) {
        String a = arn.strip();
        int colon = -1;
        int count = 0;
        for (int i = 0; i < a.length(); i++) {
            if (a.charAt(i) == ':' && ++count == 5) {
                colon = i;
                break;
            }
        }
        if (colon < 0 || colon == a.length() - 1) {
            return a;
        }
        String resource = a.substring(colon + 1);
        int slash = resource.lastIndexOf('/');
        String name = slash < 0 ? resource : resource.substring(slash + 1);
        if (sessionMadeUp(a)) {
            String role = resource.substring("assumed-role/".length(), slash);
            return role.isBlank() ? a : role;
        }
        return name.isBlank() ? a : name;
    }

    private static Instant instant(JsonParser p, Ctx c, String field) throws IOException {
        String s = c.text(p, field);
        if (s == null) {
            return null;
        }
        long millis = Ctx.epochMillisUtc(s);
        if (millis != Long.MIN_VALUE) {
            return Instant.ofEpochMilli(millis);
        }
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException e) {
            throw c.error(p, field, "expected an ISO-8601 time such as 2025-04-09T23:00:17Z, found '"
                    + (s.length() > 40 ? s.substring(0, 40) + "..." : s) + "'");
        }
    }

    private static String identity(JsonParser p, Ctx c, String field) throws IOException {
        if (!c.object(p, field)) {
            return null;
        }
        String arn = null;
        String name;
        while ((name = c.nextField(p, field)) != null) {
            if (name.equals("arn")) {
                arn = c.text(p, field + ".arn");
            } else {
                p.skipChildren();
            }
        }
        return arn;
    }

    private static void input(JsonParser p, Ctx c, String field, Row r, boolean text) throws IOException {
        if (!c.object(p, field)) {
            return;
        }
        String name;
        while ((name = c.nextField(p, field)) != null) {
            switch (name) {
                case "inputTokenCount":
                    r.inputTokens = Row.add(r.inputTokens, c.count(p, field + "." + name));
                    break;
                case "cacheReadInputTokenCount": {
                    long read = c.count(p, field + "." + name);
                    r.inputTokens = Row.add(r.inputTokens, read);
                    r.cachedTokens = Row.add(r.cachedTokens, read);
                    break;
                }
                case "cacheWriteInputTokenCount":
                    r.inputTokens = Row.add(r.inputTokens, c.count(p, field + "." + name));
                    break;
                case "inputBodyJson":
                    if (text) {
                        r.requestText = requestText(p, r);
                    } else {
                        p.skipChildren();
                    }
                    break;
                default:
                    p.skipChildren();
            }
        }
        if (r.inputTokens >= 0 && r.cachedTokens < 0) {
            // Bedrock writes the cache counts only where the prompt cache was used: none read is 0 read
            r.cachedTokens = 0;
        }
    }

    private static void output(JsonParser p, Ctx c, String field, Row r) throws IOException {
        if (!c.object(p, field)) {
            return;
        }
        String name;
        while ((name = c.nextField(p, field)) != null) {
            if (name.equals("outputTokenCount")) {
                r.outputTokens = c.count(p, field + "." + name);
            } else {
                p.skipChildren();
            }
        }
    }

    /**
     * The text of the request body: the last user message of {@code messages} (Converse and Messages APIs: content
     * as a string or as blocks with {@code text}), else {@code prompt} or {@code inputText}; null when none. Where
     * that message returns a tool's result, {@link Row#toolStep} is set. The parser ends on the body's last token.
     */
    private static String requestText(JsonParser p, Row r) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            return limit(p.getText());
        }
        if (t != JsonToken.START_OBJECT) {
            p.skipChildren();
            return null;
        }
        String lastUser = null;
        String prompt = null;
        while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
            String name = p.currentName();
            t = p.nextToken();
            if (name.equals("messages") && t == JsonToken.START_ARRAY) {
                while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
                    if (t != JsonToken.START_OBJECT) {
                        p.skipChildren();
                        continue;
                    }
                    String role = null;
                    StringBuilder text = new StringBuilder();
                    boolean toolResult = false;
                    while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                        String f = p.currentName();
                        t = p.nextToken();
                        if (f.equals("role") && t == JsonToken.VALUE_STRING) {
                            role = p.getText();
                        } else if (f.equals("content")) {
                            toolResult = content(p, text);
                        } else {
                            p.skipChildren();
                        }
                    }
                    if ("user".equals(role)) {
                        lastUser = limit(text.toString());
                        r.toolStep = toolResult;
                    }
                }
            } else if ((name.equals("prompt") || name.equals("inputText")) && t == JsonToken.VALUE_STRING) {
                prompt = limit(p.getText());
            } else {
                p.skipChildren();
            }
        }
        return lastUser != null ? lastUser : prompt;
    }

    /**
     * Appends the text of a message's content: a string, or the {@code text} of each block; returns whether a block
     * returns a tool's result ({@code toolResult} in the Converse API, {@code "type": "tool_result"} in the Messages
     * API), whose content is the tool's output, not text the person wrote.
     */
    private static boolean content(JsonParser p, StringBuilder text) throws IOException {
        JsonToken t = p.currentToken();
        if (t == JsonToken.VALUE_STRING) {
            append(text, p.getText());
            return false;
        }
        if (t != JsonToken.START_ARRAY) {
            p.skipChildren();
            return false;
        }
        boolean toolResult = false;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            if (t != JsonToken.START_OBJECT) {
                p.skipChildren();
                continue;
            }
            while ((t = p.nextToken()) != JsonToken.END_OBJECT) {
                String f = p.currentName();
                t = p.nextToken();
                if (f.equals("text") && t == JsonToken.VALUE_STRING) {
                    append(text, p.getText());
                } else if (f.equals("toolResult")) {
                    toolResult = true;
                    p.skipChildren();
                } else if (f.equals("type") && t == JsonToken.VALUE_STRING && p.getText().equals("tool_result")) {
                    toolResult = true;
                } else {
                    p.skipChildren();
                }
            }
        }
        return toolResult;
    }

    private static void append(StringBuilder text, String s) {
        if (text.length() < TEXT_LIMIT) {
            if (text.length() > 0) {
                text.append('\n');
            }
            text.append(s, 0, Math.min(s.length(), TEXT_LIMIT - text.length()));
        }
    }

    private static String limit(String s) {
        return s.length() > TEXT_LIMIT ? s.substring(0, TEXT_LIMIT) : s;
    }
}
