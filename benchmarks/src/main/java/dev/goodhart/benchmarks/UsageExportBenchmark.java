package dev.goodhart.benchmarks;

import dev.goodhart.activity.ActivityEvent;
import dev.goodhart.activity.DailyUsage;
import dev.goodhart.activity.DailyUsageLog;
import dev.goodhart.aiusage.ActorMap;
import dev.goodhart.aiusage.UsageExports;
import dev.goodhart.aiusage.UsageFormat;
import dev.goodhart.aiusage.UsageRead;
import dev.goodhart.aiusage.UsageSink;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Reading AI usage exports with {@code goodhart-ai-usage} (Jackson streaming): lines per second (one operation = one
 * line) from memory for each format, records handed to a counting sink and summed into per-team daily
 * observations; and one pass over a 10-million-line GitHub Copilot export generated on the fly (never held in memory)
 * into a {@link DailyUsageLog}, at {@code -Xmx512m}. Lines are built in the shapes of the published schemas: a Copilot
 * user-day record of about 1.2 KB with its IDE, feature and language breakdowns; a Bedrock Converse invocation of
 * about 800 bytes with its request and response bodies; an OpenAI bucket of one result.
 */
@Fork(value = 1, jvmArgsAppend = {"-Xmx512m"})
public class UsageExportBenchmark {
    private static final int LINES = 50_000;
    private static final int USERS = 10_000;
    private static final int TEAMS = 50;

    /** One export of {@link #LINES} lines in memory, and its reader. */
    @State(Scope.Benchmark)
    public static class Export {
        @Param({"copilot", "bedrock", "openai"})
        public String format;

        byte[] data;
        int length;
        UsageExports exports;

        @Setup(Level.Trial)
        public void generate() {
            data = new byte[LINES * 1900];
            SplittableRandom r = new SplittableRandom(1);
            for (int i = 0; i < LINES; i++) {
                byte[] b = (line(format, i, r) + "\n").getBytes(StandardCharsets.UTF_8);
                System.arraycopy(b, 0, data, length, b.length);
                length += b.length;
            }
            exports = UsageExports.builder().format(UsageFormat.parse(format)).actors(teams()).build();
        }

        InputStream stream() {
            return new ByteArrayInputStream(data, 0, length);
        }
    }

    static ActorMap teams() {
        Map<String, String> m = new HashMap<>();
        for (int u = 0; u < USERS; u++) {
            m.put("dev-" + u, "team-" + u % TEAMS);
            m.put("user-" + u, "team-" + u % TEAMS);
        }
        return ActorMap.of(m);
    }

    /** Line {@code i} of an export: user {@code i % USERS} on day {@code i / USERS}. */
    static String line(String format, long i, SplittableRandom r) {
        int user = (int) (i % USERS);
        long day = i / USERS;
        switch (format) {
            case "copilot":
                return copilot(LocalDate.of(2025, 1, 1).plusDays(day % 3650), user, r);
            case "bedrock":
                return bedrock(Instant.parse("2025-01-01T08:00:00Z").plusMillis(i * 37), user, r);
            default:
                return openAi(LocalDate.of(2025, 1, 1).plusDays(day % 3650), user, r);
        }
    }

    private static String copilot(LocalDate day, int user, SplittableRandom r) {
        int gen = r.nextInt(60);
        int acc = r.nextInt(gen + 1);
        int chat = r.nextInt(30);
        int sugg = gen * 4;
        int added = acc * 5;
        return String.format(Locale.ROOT, "{\"code_acceptance_activity_count\":%d,\"code_generation_activity_count\":%d,"
                + "\"day\":\"%s\",\"enterprise_id\":\"1\",\"loc_added_sum\":%d,\"loc_deleted_sum\":0,"
                + "\"loc_suggested_to_add_sum\":%d,\"loc_suggested_to_delete_sum\":0,\"totals_by_feature\":[{"
                + "\"code_acceptance_activity_count\":%d,\"code_generation_activity_count\":%d,\"feature\":"
                + "\"code_completion\",\"loc_added_sum\":%d,\"loc_deleted_sum\":0,\"loc_suggested_to_add_sum\":%d,"
                + "\"loc_suggested_to_delete_sum\":0,\"user_initiated_interaction_count\":0},{"
                + "\"code_acceptance_activity_count\":0,\"code_generation_activity_count\":%d,\"feature\":"
                + "\"chat_panel_ask_mode\",\"loc_added_sum\":0,\"loc_deleted_sum\":0,\"loc_suggested_to_add_sum\":0,"
                + "\"loc_suggested_to_delete_sum\":0,\"user_initiated_interaction_count\":%d}],\"totals_by_ide\":[{"
                + "\"code_acceptance_activity_count\":%d,\"code_generation_activity_count\":%d,\"ide\":\"vscode\","
                + "\"last_known_ide_version\":{\"ide_version\":\"1.85.0\",\"sampled_at\":\"%sT00:00:02.000Z\"},"
                + "\"last_known_plugin_version\":{\"plugin\":\"copilot-chat\",\"plugin_version\":\"0.22.4\","
                + "\"sampled_at\":\"%sT00:00:02.000Z\"},\"loc_added_sum\":%d,\"loc_deleted_sum\":0,"
                + "\"loc_suggested_to_add_sum\":%d,\"loc_suggested_to_delete_sum\":0,"
                + "\"user_initiated_interaction_count\":%d}],\"totals_by_language_feature\":[{"
                + "\"code_acceptance_activity_count\":%d,\"code_generation_activity_count\":%d,\"feature\":"
                + "\"code_completion\",\"language\":\"java\",\"loc_added_sum\":%d,\"loc_deleted_sum\":0,"
                + "\"loc_suggested_to_add_sum\":%d,\"loc_suggested_to_delete_sum\":0}],\"totals_by_language_model\":[],"
                + "\"totals_by_model_feature\":[],\"used_agent\":false,\"used_chat\":true,\"used_cli\":false,"
                + "\"user_id\":%d,\"user_login\":\"dev-%d\",\"user_initiated_interaction_count\":%d,"
                + "\"etl_id\":\"green\",\"day_partition\":\"%s\",\"entity_id_partition\":1}",
                acc, gen + chat, day, added, sugg, acc, gen, added, sugg, chat, chat, acc, gen + chat, day, day, added,
                sugg, chat, acc, gen, added, sugg, 100_000 + user, user, chat, day);
    }

    private static String bedrock(Instant t, int user, SplittableRandom r) {
        int in = 20 + r.nextInt(2000);
        int out = 20 + r.nextInt(1500);
        return String.format(Locale.ROOT, "{\"schemaType\":\"ModelInvocationLog\",\"schemaVersion\":\"1.0\","
                + "\"timestamp\":\"%s\",\"accountId\":\"123456789012\",\"identity\":{\"arn\":"
                + "\"arn:aws:sts::123456789012:assumed-role/DeveloperRole/user-%d\"},\"region\":\"us-east-1\","
                + "\"requestId\":\"%08x-0000-4000-8000-%012x\",\"operation\":\"Converse\","
                + "\"modelId\":\"anthropic.claude-3-haiku-20240307-v1:0\",\"input\":{\"inputContentType\":"
                + "\"application/json\",\"inputBodyJson\":{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":"
                + "\"Refactor the billing module, step %d: keep the public interface and add tests\"}]}],"
                + "\"inferenceConfig\":{\"maxTokens\":2048}},\"inputTokenCount\":%d},\"output\":{"
                + "\"outputContentType\":\"application/json\",\"outputBodyJson\":{\"output\":{\"message\":{\"role\":"
                + "\"assistant\",\"content\":[{\"text\":\"Here is the refactored module with its tests.\"}]}},"
                + "\"stopReason\":\"end_turn\",\"usage\":{\"inputTokens\":%d,\"outputTokens\":%d,\"totalTokens\":%d}},"
                + "\"outputTokenCount\":%d}}", t, user, r.nextInt(), r.nextLong() & 0xffffffffffffL, r.nextInt(1000),
                in, in, out, in + out, out);
    }

    private static String openAi(LocalDate day, int user, SplittableRandom r) {
        long start = day.toEpochDay() * 86_400;
        int requests = 1 + r.nextInt(80);
        return String.format(Locale.ROOT, "{\"object\":\"bucket\",\"start_time\":%d,\"end_time\":%d,\"results\":[{"
                + "\"object\":\"organization.usage.completions.result\",\"input_tokens\":%d,\"output_tokens\":%d,"
                + "\"input_cached_tokens\":%d,\"input_audio_tokens\":0,\"output_audio_tokens\":0,"
                + "\"num_model_requests\":%d,\"project_id\":null,\"user_id\":\"user-%d\",\"api_key_id\":"
                + "\"key_%d\",\"model\":\"gpt-4o-mini-2024-07-18\",\"batch\":null}]}", start, start + 86_400,
                requests * 700, requests * 400, requests * 200, requests, user, user);
    }

    /** Counts what a read hands over. */
    static final class Counter implements UsageSink {
        long n;

        @Override
        public void event(ActivityEvent event) {
            n++;
        }

        @Override
        public void day(DailyUsage day) {
            n++;
        }
    }

    /**
     * Lines per second from memory (one operation = one line), each record handed to the sink as an event (Bedrock,
     * request text fingerprinted) or a user-day (Copilot, OpenAI) and summed into the observations.
     */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 2, time = 3)
    @Measurement(iterations = 5, time = 3)
    @OperationsPerInvocation(LINES)
    public long read(Export e) throws IOException {
        Counter c = new Counter();
        UsageRead r = e.exports.read(e.stream(), "bench", c);
        return c.n + r.observations().size();
    }

    /** Lines per second from memory for the daily observations only: no events, no user-days, no fingerprints. */
    @Benchmark
    @BenchmarkMode(Mode.Throughput)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 2, time = 3)
    @Measurement(iterations = 5, time = 3)
    @OperationsPerInvocation(LINES)
    public int observations(Export e) throws IOException {
        return e.exports.read(e.stream(), "bench", UsageSink.NONE).observations().size();
    }

    /**
     * The bytes of a Copilot export of {@code lines} lines, made as they are read: one pre-rendered line per user
     * (day one), with the day patched in for later days, so that making the bytes costs little next to reading them.
     */
    static final class GeneratedExport extends InputStream {
        private static final byte[] FIRST_DAY = "2025-01-01".getBytes(StandardCharsets.US_ASCII);
        private final long lines;
        private final byte[][] pool = new byte[USERS][];
        private final int[][] dayAt = new int[USERS][];
        private long next;
        private final byte[] buf = new byte[1 << 16];
        private int pos;
        private int len;

        GeneratedExport(long lines) {
            this.lines = lines;
            SplittableRandom r = new SplittableRandom(2);
            for (int u = 0; u < USERS; u++) {
                pool[u] = (line("copilot", u, r) + "\n").getBytes(StandardCharsets.UTF_8);
                int[] at = new int[8];
                int k = 0;
                for (int i = 0; i + FIRST_DAY.length <= pool[u].length && k < at.length; i++) {
                    if (java.util.Arrays.equals(pool[u], i, i + FIRST_DAY.length, FIRST_DAY, 0, FIRST_DAY.length)) {
                        at[k++] = i;
                    }
                }
                dayAt[u] = java.util.Arrays.copyOf(at, k);
            }
        }

        private boolean fill() {
            len = 0;
            pos = 0;
            while (next < lines) {
                int u = (int) (next % USERS);
                byte[] l = pool[u];
                if (len + l.length > buf.length) {
                    break;
                }
                System.arraycopy(l, 0, buf, len, l.length);
                byte[] day = LocalDate.of(2025, 1, 1).plusDays(next / USERS % 3650).toString()
                        .getBytes(StandardCharsets.US_ASCII);
                for (int at : dayAt[u]) {
                    System.arraycopy(day, 0, buf, len + at, day.length);
                }
                len += l.length;
                next++;
            }
            return len > 0;
        }

        @Override
        public int read() {
            if (pos >= len && !fill()) {
                return -1;
            }
            return buf[pos++] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int n) {
            if (pos >= len && !fill()) {
                return -1;
            }
            int k = Math.min(n, len - pos);
            System.arraycopy(buf, pos, b, off, k);
            pos += k;
            return k;
        }
    }

    /**
     * One pass over a 10-million-line Copilot export (10,000 users in 50 teams, 1,000 days), generated while it is
     * read, into a {@link DailyUsageLog} and the per-team daily observations, at {@code -Xmx512m}. Line generation
     * is part of the time (it is measured on its own by {@link #generateOnly}).
     */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    public long tenMillionCopilotLines() throws IOException {
        DailyUsageLog log = DailyUsageLog.create();
        UsageExports exports = UsageExports.builder().format(UsageFormat.COPILOT).actors(teams()).build();
        UsageRead r = exports.read(new GeneratedExport(10_000_000), "ten-million.ndjson", new UsageSink() {
            @Override
            public void day(DailyUsage day) {
                log.accept(day);
            }
        });
        return r.account().read() + log.recordCount() + log.approximateBytes();
    }

    /** The time to generate the 10 million lines alone, to subtract from {@link #tenMillionCopilotLines}. */
    @Benchmark
    @BenchmarkMode(Mode.SingleShotTime)
    @OutputTimeUnit(TimeUnit.SECONDS)
    @Warmup(iterations = 0)
    @Measurement(iterations = 1)
    public long generateOnly() throws IOException {
        byte[] b = new byte[1 << 16];
        long total = 0;
        try (InputStream in = new GeneratedExport(10_000_000)) {
            int n;
            while ((n = in.read(b, 0, b.length)) > 0) {
                total += n;
            }
        }
        return total;
    }
}
