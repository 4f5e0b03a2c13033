package dev.goodhart.aiusage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.goodhart.model.InvalidDataException;
import dev.goodhart.model.Observation;
import dev.goodhart.activity.ActivityReport;
import dev.goodhart.activity.DailyUsage;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The OpenAI organisation usage API's completions data: pages, buckets, NDJSON, and malformed variants. */
class OpenAiExportTest {
    private static final UsageExports OPENAI = UsageExports.builder().format(UsageFormat.OPENAI).build();
    private static final List<ExportWriter.Bucket> TRUTH = SimulatedExports.openAi(SampleFiles.openAiActors(), 28,
            20250903L);

    private static InvalidDataException failure(String text) {
        try {
            Samples.read(OPENAI, text);
        } catch (InvalidDataException e) {
            return e;
        }
        throw new AssertionError("expected a failure");
    }

    private static double total(UsageRead r, String metric) {
        return r.observations().stream().filter(o -> o.metric().equals(metric)).mapToDouble(Observation::value).sum();
    }

    @Test
    void thePageGivesEveryResultAsAUserDay() throws IOException {
        List<DailyUsage> days = new ArrayList<>();
        UsageRead read = UsageExports.builder().actors(Samples.teams()).build().read(Samples.OPENAI, new UsageSink() {
            @Override
            public void day(DailyUsage d) {
                days.add(d);
            }
        });
        long results = TRUTH.stream().mapToLong(b -> b.results().size()).sum();
        long requests = TRUTH.stream().flatMap(b -> b.results().stream()).mapToLong(ExportWriter.Result::requests).sum();
        long input = TRUTH.stream().flatMap(b -> b.results().stream()).mapToLong(ExportWriter.Result::inputTokens).sum();
        assertThat(read.format()).isEqualTo(UsageFormat.OPENAI);
        assertThat(read.account().read()).isEqualTo(results);
        assertThat(days).hasSize((int) results);
        assertThat(total(read, "requests")).isEqualTo(requests);
        assertThat(total(read, "input_tokens")).isEqualTo(input);
        assertThat(read.metrics()).containsExactly("requests", "tokens", "input_tokens", "output_tokens",
                "cached_tokens", "active_users");
        assertThat(days).filteredOn(d -> d.actor().equals("key:key_research-job")).allSatisfy(d -> {
            assertThat(d.segment()).isEqualTo("research");
            assertThat(d.prompts()).isEqualTo(DailyUsage.NOT_REPORTED);
        });
    }

    @Test
    void theScriptedKeyIsFlaggedAndNoPersonIs() throws IOException {
        ActivityReport a = UsageExports.builder().actors(Samples.teams()).build().scoreActivity(Samples.OPENAI);
        assertThat(a.flagged()).extracting(x -> x.actor()).containsExactly("key:key_research-job");
        assertThat(a.notes()).anySatisfy(n -> assertThat(n).contains("reports no prompts"));
    }

    @Test
    void aBucketPagesAndNdjsonOfBucketsReadTheSame() {
        UsageRead page = Samples.read(OPENAI, ExportWriter.openAiPage(TRUTH, false));
        StringBuilder ndjson = new StringBuilder();
        for (ExportWriter.Bucket b : TRUTH) {
            ndjson.append(ExportWriter.openAiBucket(b)).append('\n');
        }
        assertThat(Samples.read(UsageExports.defaults(), ndjson.toString()).observations())
                .isEqualTo(page.observations());
        String twoPages = "[" + ExportWriter.openAiPage(TRUTH.subList(0, 10), true) + ","
                + ExportWriter.openAiPage(TRUTH.subList(10, TRUTH.size()), false) + "]";
        assertThat(Samples.read(UsageExports.defaults(), twoPages).observations()).isEqualTo(page.observations());
        String pagesPerLine = ExportWriter.openAiPage(TRUTH.subList(0, 10), true).replace("\n", "") + "\n"
                + ExportWriter.openAiPage(TRUTH.subList(10, TRUTH.size()), false).replace("\n", "") + "\n";
        assertThat(Samples.read(UsageExports.defaults(), pagesPerLine).observations()).isEqualTo(page.observations());
        // results before the start time: the field order of a JSON object does not matter
        String reordered = "{\"results\":[{\"input_tokens\":5,\"output_tokens\":2,\"num_model_requests\":1,"
                + "\"user_id\":\"u\"}],\"end_time\":1756771200,\"start_time\":1756684800,\"object\":\"bucket\"}";
        assertThat(Samples.read(OPENAI, reordered).observations()).extracting(Observation::date)
                .containsOnly(java.time.LocalDate.of(2025, 9, 1));
    }

    /**
     * A fetch whose last page is missing (a script stopped early, a page not saved): every page read says more follow
     * ({@code has_more}), and the note says the days after read as missing (a helper's 28-day fetch read 21 days
     * without a word); a fetch read whole says nothing.
     */
    @Test
    void pagesThatAllSayMoreFollowAreNamed() {
        String first = ExportWriter.openAiPage(TRUTH.subList(0, 10), true);
        UsageRead cut = Samples.read(OPENAI, first);
        assertThat(cut.notes()).anySatisfy(n -> assertThat(n).startsWith("The page read says more pages follow "
                + "(has_more: true), and none says it is the last: the pages after the last one read (line "));
        String whole = first + ExportWriter.openAiPage(TRUTH.subList(10, TRUTH.size()), false);
        assertThat(Samples.read(OPENAI, whole).notes()).noneSatisfy(n -> assertThat(n).contains("has_more"));
    }

    /**
     * A realtime user's audio tokens, which OpenAI counts apart from its text {@code input_tokens} and {@code
     * output_tokens}: every token processed counts (a helper's realtime user read 3,000 tokens of 133,000), in either
     * field order.
     */
    @Test
    void audioTokensAreTokensToo() {
        String audio = "{\"object\":\"bucket\",\"start_time\":1756684800,\"end_time\":1756771200,\"results\":[{"
                + "\"object\":\"organization.usage.completions.result\",\"input_audio_tokens\":100000,"
                + "\"input_tokens\":2000,\"output_tokens\":1000,\"output_audio_tokens\":30000,"
                + "\"num_model_requests\":5,\"user_id\":\"u\"},{\"object\":\"organization.usage.completions.result\","
                + "\"input_tokens\":10,\"output_tokens\":5,\"input_audio_tokens\":null,\"num_model_requests\":1,"
                + "\"user_id\":\"v\"}]}";
        UsageRead r = Samples.read(OPENAI, audio);
        java.util.Map<String, Double> tokens = new java.util.TreeMap<>();
        java.util.Map<String, Double> input = new java.util.TreeMap<>();
        for (Observation o : r.observations()) {
            if (o.metric().equals("tokens")) {
                tokens.put(o.segment(), o.value());
            } else if (o.metric().equals("input_tokens")) {
                input.put(o.segment(), o.value());
            }
        }
        assertThat(tokens).containsEntry("u", 133_000.0).containsEntry("v", 15.0);
        assertThat(input).containsEntry("u", 102_000.0).containsEntry("v", 10.0);
        // the later schema counts audio (and images) in input_tokens and gives its parts: counted once
        String later = audio.replace("\"input_tokens\":2000", "\"input_tokens\":102000,\"input_text_tokens\":2000,"
                + "\"input_uncached_tokens\":102000").replace("\"output_tokens\":1000", "\"output_tokens\":31000");
        java.util.Map<String, Double> laterTokens = new java.util.TreeMap<>();
        for (Observation o : Samples.read(OPENAI, later).observations()) {
            if (o.metric().equals("tokens")) {
                laterTokens.put(o.segment(), o.value());
            }
        }
        assertThat(laterTokens).containsEntry("u", 133_000.0);
        // the current reference counts audio in input_tokens whether the parts are given or not: a result whose audio
        // fits in its input_tokens is read as it is (a helper's 1,500 input tokens with 400 of audio read 1,900)
        String current = audio.replace("\"input_audio_tokens\":100000,\"input_tokens\":2000,\"output_tokens\":1000,"
                + "\"output_audio_tokens\":30000", "\"input_audio_tokens\":400,\"input_tokens\":1500,"
                + "\"output_tokens\":700,\"output_audio_tokens\":200");
        java.util.Map<String, Double> currentTokens = new java.util.TreeMap<>();
        for (Observation o : Samples.read(OPENAI, current).observations()) {
            if (o.metric().equals("tokens")) {
                currentTokens.put(o.segment(), o.value());
            }
        }
        assertThat(currentTokens).containsEntry("u", 2_200.0).containsEntry("v", 15.0);
    }

    /** A count the usage API requires, given as null, is a damaged record: refused with its line and field. */
    @Test
    void aRequiredCountOfNullIsRefused() {
        String page = "{\"object\":\"bucket\",\"start_time\":1756684800,\"end_time\":1756771200,\"results\":[{"
                + "\"object\":\"organization.usage.completions.result\",\"input_tokens\":10,\"output_tokens\":5,"
                + "\"num_model_requests\":null,\"user_id\":\"u\"}]}";
        assertThatThrownBy(() -> Samples.read(OPENAI, page)).isInstanceOf(InvalidDataException.class)
                .hasMessageContaining("field results[0].num_model_requests: expected a whole number >= 0, found null");
    }

    @Test
    void resultsGroupedByNothingCountForTheOrganisationOnly() {
        String ungrouped = "{\"object\":\"bucket\",\"start_time\":1756684800,\"end_time\":1756771200,\"results\":[{"
                + "\"object\":\"organization.usage.completions.result\",\"input_tokens\":1000,\"output_tokens\":500,"
                + "\"num_model_requests\":5,\"project_id\":null,\"user_id\":null,\"api_key_id\":null,\"model\":null}]}";
        List<DailyUsage> days = new ArrayList<>();
        UsageRead r = Samples.read(OPENAI, ungrouped, "u.json", new UsageSink() {
            @Override
            public void day(DailyUsage d) {
                days.add(d);
            }
        });
        assertThat(days).isEmpty();
        assertThat(r.observations()).extracting(Observation::segment).containsOnly("*");
        assertThat(r.notes()).anySatisfy(n -> assertThat(n).startsWith("The export names no user, API key or project "
                + "(1 result; it was fetched without group_by"));
        assertThat(r.metrics()).doesNotContain("active_users");
        assertThat(r.account().used()).isEqualTo(1);
    }

    @Test
    void malformedDataNamesItsLineAndField() {
        String page = ExportWriter.openAiPage(TRUTH.subList(0, 2), false);
        InvalidDataException type = failure(page.replaceFirst("\"num_model_requests\" : (\\d+)",
                "\"num_model_requests\" : \"$1\""));
        assertThat(type.line()).isGreaterThan(5);
        assertThat(type.problem()).matches("field data\\[0\\]\\.results\\[0\\]\\.num_model_requests: expected a whole "
                + "number >= 0, found a string \\('\\d+'\\)");
        assertThat(failure(page.replaceFirst("\"start_time\" : \\d+,", "")).problem())
                .isEqualTo("field data[0].start_time: missing (each bucket starts at a time, in seconds since 1970)");
        assertThat(failure(page.replace("organization.usage.completions.result", "organization.costs.result"))
                .problem()).isEqualTo("field data[0].results[0].object: expected a usage result such as "
                + "organization.usage.completions.result, found 'organization.costs.result' (costs are not usage)");
        assertThat(failure("{\"object\":\"list\",\"data\":[]}").problem())
                .isEqualTo("field object: expected page or bucket, found 'list' (not OpenAI usage data)");
        assertThat(failure("{\"hello\":1}").problem())
                .isEqualTo("not OpenAI usage data: a page has data, a bucket has start_time and results");
        InvalidDataException cut = failure(page.substring(0, page.length() / 2));
        assertThat(cut.problem()).startsWith("the input ends inside the record that starts on this line");
        assertThat(cut.line()).isEqualTo(1);
    }
}
