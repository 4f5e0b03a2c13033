package dev.goodhart.aiusage;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.InvalidDataException;
import dev.goodhart.model.Observation;
import dev.goodhart.activity.ActivityEvent;
import dev.goodhart.activity.ActivityReport;
import dev.goodhart.activity.Fingerprinter;
import dev.goodhart.aiusage.internal.BedrockParser;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** Amazon Bedrock model invocation logs: the sample file, its events, and malformed variants. */
class BedrockExportTest {
    private static final UsageExports TEAMS = UsageExports.builder().actors(Samples.teams()).build();
    private static final UsageExports BEDROCK = UsageExports.builder().format(UsageFormat.BEDROCK).build();

    private static String line(int i) {
        return Samples.lines(Samples.BEDROCK).get(i);
    }

    private static InvalidDataException failure(String text) {
        try {
            Samples.read(BEDROCK, text);
        } catch (InvalidDataException e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }

    @Test
    void everyInvocationIsAnEventWithItsTokensTeamAndFingerprint() throws IOException {
        List<ActivityEvent> events = new ArrayList<>();
        UsageRead read = TEAMS.read(Samples.BEDROCK, new UsageSink() {
            @Override
            public void event(ActivityEvent e) {
                events.add(e);
            }
        });
        List<ExportWriter.Invocation> truth = SimulatedExports.bedrock(SampleFiles.bedrockActors(), 1, 20250902L);
        assertThat(read.format()).isEqualTo(UsageFormat.BEDROCK);
        assertThat(events).hasSize(truth.size());
        for (int i = 0; i < truth.size(); i++) {
            ExportWriter.Invocation v = truth.get(i);
            ActivityEvent e = events.get(i);
            assertThat(e.timestamp()).isEqualTo(v.time());
            assertThat(e.tokens()).isEqualTo(v.inputTokens() + v.outputTokens());
            assertThat(e.actor()).isEqualTo(v.arn().substring(v.arn().lastIndexOf('/') + 1));
            assertThat(e.segment()).isEqualTo("platform");
            assertThat(e.requestFingerprint()).isEqualTo(Fingerprinter.unkeyed().fingerprint(v.prompt()));
        }
        Set<String> pinger = events.stream().filter(e -> e.actor().equals("platform-pinger"))
                .map(ActivityEvent::requestFingerprint).collect(Collectors.toSet());
        assertThat(pinger).hasSize(3); // three canned questions
        double requests = read.observations().stream().filter(o -> o.metric().equals("requests"))
                .mapToDouble(Observation::value).sum();
        assertThat(requests).isEqualTo(truth.size());
        assertThat(read.observations()).filteredOn(o -> o.metric().equals("active_users")).extracting(Observation::value)
                .containsExactly(10.0);
    }

    @Test
    void thePingerIsFlaggedAndNoDeveloperIs() throws IOException {
        ActivityReport a = TEAMS.scoreActivity(Samples.BEDROCK);
        assertThat(a.basis()).isEqualTo(ActivityReport.Basis.EVENTS);
        assertThat(a.flagged()).extracting(x -> x.actor()).containsExactly("platform-pinger");
        assertThat(a.flagged().get(0).reasons()).anySatisfy(r -> assertThat(r).startsWith("cadence (z "));
    }

    @Test
    void principalsAreNamedAsPeopleKnowThem() {
        assertThat(BedrockParser.principal("arn:aws:sts::123456789012:assumed-role/DeveloperRole/alice@example.com"))
                .isEqualTo("alice@example.com");
        assertThat(BedrockParser.principal("arn:aws:iam::123456789012:user/team/bob")).isEqualTo("bob");
        assertThat(BedrockParser.principal("arn:aws:iam::123456789012:root")).isEqualTo("root");
        assertThat(BedrockParser.principal("not-an-arn")).isEqualTo("not-an-arn");
        // a session an SDK or a compute service made up is no person: the role is the actor (boto3 names a session
        // by the time when given none, so an hourly job became 672 actors of 30 requests, none flagged)
        assertThat(BedrockParser.principal("arn:aws:sts::123456789012:assumed-role/eks-batch-summarizer-role/"
                + "botocore-session-1733400000")).isEqualTo("eks-batch-summarizer-role");
        assertThat(BedrockParser.principal("arn:aws:sts::123456789012:assumed-role/worker/i-0abc123def4567890"))
                .isEqualTo("worker");
        assertThat(BedrockParser.principal("arn:aws:sts::123456789012:assumed-role/task/"
                + "0123456789abcdef0123456789abcdef")).isEqualTo("task");
        assertThat(BedrockParser.principal("arn:aws:sts::123456789012:assumed-role/web/aws-sdk-js-session-1733400000"))
                .isEqualTo("web");
        // the .NET SDK's default (its RoleSessionNamePrefix and the time in ticks) and the Rust SDK's (the time in
        // milliseconds): helper-165's hourly .NET job had become 336 actors and its 5-minute pinger was not found
        assertThat(BedrockParser.principal("arn:aws:sts::123456789012:assumed-role/Pinger/"
                + "aws-dotnet-sdk-session-638923104030000000")).isEqualTo("Pinger");
        assertThat(BedrockParser.principal("arn:aws:sts::123456789012:assumed-role/indexer/"
                + "assume-role-provider-1736428351340")).isEqualTo("indexer");
        // a Lambda function's session (its name) and a person's stay what they are
        assertThat(BedrockParser.principal("arn:aws:sts::123456789012:assumed-role/fn-role/summarizer"))
                .isEqualTo("summarizer");
        assertThat(BedrockParser.principal("arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Dev_1a2b/bob"))
                .isEqualTo("bob");
        // a UUID or a number alone may be a person (a directory's object id, an employee number), and an Identity
        // Center role's sessions are its users; EKS Pod Identity's sessions are the pod's
        assertThat(BedrockParser.principal("arn:aws:sts::123456789012:assumed-role/saml-dev/"
                + "1f0e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b")).isEqualTo("1f0e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b");
        assertThat(BedrockParser.principal("arn:aws:sts::123456789012:assumed-role/saml-dev/123456789"))
                .isEqualTo("123456789");
        assertThat(BedrockParser.principal("arn:aws:sts::123456789012:assumed-role/AWSReservedSSO_Dev_1a2b/"
                + "1733400000")).isEqualTo("1733400000");
        assertThat(BedrockParser.principal("arn:aws:sts::123456789012:assumed-role/pods/eks-prod-summarizer-7d9f-"
                + "1f0e2d3c-4b5a-6978-8a9b-0c1d2e3f4a5b")).isEqualTo("pods");
        // the actor map may name the principal or its full ARN
        UsageExports byArn = UsageExports.builder().actors(ActorMap.of(java.util.Map.of(
                "arn:aws:iam::123456789012:user/platform-pinger", "bots"))).build();
        UsageRead r = Samples.read(byArn, Samples.lines(Samples.BEDROCK).stream()
                .filter(l -> l.contains("user/platform-pinger")).findFirst().orElseThrow());
        assertThat(r.observations()).extracting(Observation::segment).containsOnly("bots");
    }

    @Test
    void malformedRecordsNameTheirLineAndField() {
        assertThat(failure(line(0) + "\n" + line(1).replace("\"ModelInvocationLog\"", "\"AgentTrace\"")).getMessage())
                .startsWith("export.json, line 2, column ")
                .endsWith("field schemaType: expected ModelInvocationLog, found 'AgentTrace' (not a model invocation "
                        + "log record)");
        assertThat(failure(line(0).replaceFirst("\"inputTokenCount\":(\\d+)", "\"inputTokenCount\":\"$1\"")).problem())
                .matches("field input.inputTokenCount: expected a whole number >= 0, found a string \\('\\d+'\\)");
        assertThat(failure(line(0).replaceFirst("\"timestamp\":\"[^\"]+\"", "\"timestamp\":\"yesterday\"")).problem())
                .isEqualTo("field timestamp: expected an ISO-8601 time such as 2025-04-09T23:00:17Z, found 'yesterday'");
        assertThat(failure(line(0).replaceFirst("\"timestamp\":\"[^\"]+\",", "")).problem())
                .isEqualTo("field timestamp: missing (each invocation record has the time it was made)");
        assertThat(failure(line(0).replaceFirst("\"identity\":\\{", "\"identity\":[{").replaceFirst("\\},\"region\"",
                "}],\"region\"")).problem()).isEqualTo("field identity: expected an object, found an array");
    }

    @Test
    void aRecordWithoutIdentityIsSkippedAndCountedAndGzipIsRead() throws IOException {
        String noIdentity = line(1).replaceFirst("\"identity\":\\{[^}]*\\},", "");
        UsageRead r = Samples.read(BEDROCK, line(0) + "\n" + noIdentity + "\n" + line(2));
        assertThat(r.account().sentence()).isEqualTo("Read 3 records of export.json, used 2; skipped 1 without "
                + "identity.arn (line 2).");
        String text = line(0) + "\n" + line(1) + "\n";
        assertThat(UsageExports.defaults().read(new ByteArrayInputStream(Samples.gzip(text)), "log.json.gz",
                UsageSink.NONE).observations()).isEqualTo(Samples.read(BEDROCK, text).observations());
        // optional parts missing: no body, no output (and no cache field: no token read from the cache)
        UsageRead bare = Samples.read(BEDROCK, "{\"timestamp\":\"2025-04-09T23:00:17+02:00\",\"identity\":{\"arn\":"
                + "\"arn:aws:iam::1:user/x\"},\"modelId\":\"m\",\"input\":{\"inputTokenCount\":5}}");
        assertThat(bare.observations()).extracting(Observation::metric)
                .containsExactly("requests", "tokens", "input_tokens", "cached_tokens", "active_users");
    }

    /**
     * A request that returns a tool's result to the model is a step of an agent's tool loop (Claude Code and other
     * agents through Bedrock name no agent): counted under the agent {@link UsageExports#TOOL_LOOP}, so that cadence,
     * off-hours and splitting, signatures of a person's own typing, leave it out (helper-169's Bedrock logs: developers
     * running two loops side by side were flagged as task splitters 61 of 85 times). So is every request of a role
     * whose session an SDK named: a scheduled job, which no person types (nightly review jobs, 9 of 9 and 12 of 16
     * flagged as people working at night in two helpers' logs).
     */
    @Test
    void aToolResultIsAnAgentsStep() {
        String head = "{\"schemaType\":\"ModelInvocationLog\",\"timestamp\":\"2025-04-09T10:00:0%dZ\","
                + "\"identity\":{\"arn\":\"arn:aws:iam::1:user/dev\"},\"modelId\":\"m\",\"requestId\":\"r%d\","
                + "\"input\":{\"inputTokenCount\":5,\"inputBodyJson\":%s},\"output\":{\"outputTokenCount\":7}}";
        String converse = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"fix the parser\"}]},"
                + "{\"role\":\"assistant\",\"content\":[{\"toolUse\":{\"toolUseId\":\"t1\",\"name\":\"bash\"}}]},"
                + "{\"role\":\"user\",\"content\":[{\"toolResult\":{\"toolUseId\":\"t1\",\"content\":"
                + "[{\"text\":\"3 passed\"}]}}]}]}";
        String messages = "{\"anthropic_version\":\"bedrock-2023-05-31\",\"messages\":[{\"role\":\"user\","
                + "\"content\":[{\"type\":\"tool_result\",\"tool_use_id\":\"t2\",\"content\":\"ok\"},"
                + "{\"type\":\"text\",\"text\":\"and now the tests\"}]}]}";
        String plain = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"text\":\"3 passed\"}]}]}";
        String earlier = "{\"messages\":[{\"role\":\"user\",\"content\":[{\"toolResult\":{\"toolUseId\":\"t0\"}}]},"
                + "{\"role\":\"user\",\"content\":\"a new question\"}]}";
        String job = String.format(head, 5, 5, plain).replace("arn:aws:iam::1:user/dev",
                "arn:aws:sts::1:assumed-role/ci-pr-review/botocore-session-1744192800");
        String text = String.format(head, 1, 1, converse) + "\n" + String.format(head, 2, 2, messages) + "\n"
                + String.format(head, 3, 3, plain) + "\n" + String.format(head, 4, 4, earlier) + "\n" + job + "\n";
        List<ActivityEvent> events = new ArrayList<>();
        Samples.read(BEDROCK, text, "log.jsonl", new UsageSink() {
            @Override
            public void event(ActivityEvent e) {
                events.add(e);
            }
        });
        // a role whose session boto3 named is a job: its requests are the role's, as an agent's are
        assertThat(events).extracting(ActivityEvent::agent)
                .containsExactly(UsageExports.TOOL_LOOP, UsageExports.TOOL_LOOP, "", "", UsageExports.JOB);
        assertThat(events.get(4).actor()).isEqualTo("ci-pr-review");
        // the tool's output is not the person's text: a result alone is not fingerprinted, text beside it is
        assertThat(events.get(0).requestFingerprint()).isEmpty();
        assertThat(events.get(1).requestFingerprint())
                .isEqualTo(Fingerprinter.unkeyed().fingerprint("and now the tests"));
        assertThat(events.get(2).requestFingerprint()).isEqualTo(Fingerprinter.unkeyed().fingerprint("3 passed"));
    }

    /**
     * Bedrock writes the cache counts only where the prompt cache was used: a day of invocations without a cache hit
     * read 0 cached tokens, not missing (a helper's team read 50 a day instead of 33.3 over three days, its days
     * without a hit dropped from the series).
     */
    @Test
    void noCacheFieldIsNoCachedToken() {
        String head = "{\"schemaType\":\"ModelInvocationLog\",\"timestamp\":\"2025-10-0%dT10:00:00Z\","
                + "\"identity\":{\"arn\":\"arn:aws:iam::1:user/alice\"},\"modelId\":\"m\",\"requestId\":\"r%d\","
                + "\"input\":{\"inputTokenCount\":10%s},\"output\":{\"outputTokenCount\":5}}";
        String text = String.format(head, 1, 1, ",\"cacheReadInputTokenCount\":100") + "\n"
                + String.format(head, 2, 2, "") + "\n" + String.format(head, 3, 3, "") + "\n";
        java.util.Map<java.time.LocalDate, Double> cached = new java.util.TreeMap<>();
        for (Observation o : Samples.read(BEDROCK, text).observations()) {
            if (o.metric().equals("cached_tokens")) {
                cached.put(o.date(), o.value());
            }
        }
        assertThat(cached).containsExactly(java.util.Map.entry(java.time.LocalDate.of(2025, 10, 1), 100.0),
                java.util.Map.entry(java.time.LocalDate.of(2025, 10, 2), 0.0),
                java.util.Map.entry(java.time.LocalDate.of(2025, 10, 3), 0.0));
    }
}
