package dev.goodhart.aiusage;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import dev.goodhart.activity.ActivityEvent;
import dev.goodhart.activity.ActivityLog;
import dev.goodhart.activity.ActivityReport;
import dev.goodhart.activity.ActivityScorer;
import dev.goodhart.activity.DailyActivityScorer;
import dev.goodhart.activity.DailyUsage;
import dev.goodhart.activity.DailyUsageLog;
import dev.goodhart.activity.EventAccount;
import dev.goodhart.source.EventSink;
import dev.goodhart.source.ObservationSource;
import dev.goodhart.source.SourceException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The exports through the source interfaces give what the reader gives directly. */
class UsageSourceTest {
    private static final Path COPILOT = SampleFiles.DIR.resolve("copilot-user-metrics.ndjson");
    private static final Path BEDROCK = SampleFiles.DIR.resolve("bedrock-invocations.jsonl");

    @TempDir
    Path dir;

    @Test
    void observationsAsTheReaderGivesThem() throws IOException {
        UsageExports exports = UsageExports.builder().actors(ActorMap.read(SampleFiles.DIR.resolve("teams.csv"))).build();
        assertThat(exports.source(COPILOT).readAll()).isEqualTo(exports.observations(COPILOT));
        ObservationSource stdin = exports.source(Files.newInputStream(COPILOT), "<stdin>");
        assertThat(stdin.readAll()).isEqualTo(exports.observations(COPILOT));
        assertThatThrownBy(stdin::readAll).isInstanceOf(IllegalStateException.class);
    }

    /** Scored from the event source, the report is the one scoreActivity gives: events or user-days, account, notes. */
    @Test
    void eventsAndDaysWithNotesAndTheAccount() throws IOException {
        for (Path file : List.of(COPILOT, BEDROCK)) {
            UsageExports exports = UsageExports.defaults();
            ActivityLog events = ActivityLog.create();
            DailyUsageLog days = DailyUsageLog.create();
            List<String> notes = new ArrayList<>();
            EventAccount account = exports.eventSource(file).read(new EventSink() {
                @Override
                public void event(ActivityEvent event) {
                    events.accept(event);
                }

                @Override
                public void day(DailyUsage day) {
                    days.accept(day);
                }

                @Override
                public void note(String sentence) {
                    notes.add(sentence);
                }
            });
            ActivityReport direct = exports.scoreActivity(file);
            ActivityReport viaSource = (file == BEDROCK ? ActivityScorer.defaults().score(events)
                    : DailyActivityScorer.defaults().score(days)).withInput(account).withNotes(notes);
            assertThat(viaSource.toString()).as(file.toString()).isEqualTo(direct.toString());
            assertThat(notes).isNotEmpty();
        }
    }

    @Test
    void failuresHaveAReason() throws IOException {
        Path unknown = dir.resolve("unknown.jsonl");
        Files.writeString(unknown, "{\"hello\":\"world\"}\n");
        SourceException e = catchThrowableOfType(() -> UsageExports.defaults().source(unknown).readAll(),
                SourceException.class);
        assertThat(e.reason()).isEqualTo(SourceException.Reason.MALFORMED);
        assertThat(e).hasMessageStartingWith(unknown + ", line 1: not a usage export Goodhart knows");
        SourceException missing = catchThrowableOfType(() -> UsageExports.defaults()
                .eventSource(dir.resolve("none.ndjson")).read(new EventSink() {
                }), SourceException.class);
        assertThat(missing.reason()).isEqualTo(SourceException.Reason.NOT_FOUND);
        String anonymous = Files.readAllLines(COPILOT).get(0).replaceAll("\"user_login\":\"[^\"]*\",?", "")
                .replaceAll("\"user_id\":\\d+,?", "");
        SourceException empty = catchThrowableOfType(() -> UsageExports.defaults().source(
                new ByteArrayInputStream(anonymous.getBytes(StandardCharsets.UTF_8)), "<stdin>").readAll(),
                SourceException.class);
        assertThat(empty.reason()).isEqualTo(SourceException.Reason.EMPTY);
    }
}
