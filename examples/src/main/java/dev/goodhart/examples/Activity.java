package dev.goodhart.examples;

import dev.goodhart.model.Segments;
import dev.goodhart.activity.ActivityEvent;
import dev.goodhart.activity.ActivityLog;
import dev.goodhart.activity.ActivityReport;
import dev.goodhart.activity.ActivityScorer;
import dev.goodhart.activity.DailyActivityScorer;
import dev.goodhart.activity.DailyUsage;
import dev.goodhart.activity.DailyUsageLog;
import dev.goodhart.activity.EventAccount;
import dev.goodhart.aiusage.ActorMap;
import dev.goodhart.source.EventSink;
import dev.goodhart.source.EventSource;
import dev.goodhart.source.SourceException;
import java.util.ArrayList;
import java.util.List;

/** Scores a usage log or export: events with {@link ActivityScorer}, user-days with {@link DailyActivityScorer}. */
final class Activity {
    private Activity() {
    }

    /**
     * Reads {@code source} and scores its actors; events that name no segment get the one {@code actors} maps their
     * actor to. The report carries the account of the records and the source's notes.
     *
     * @throws SourceException if the source cannot be read
     * @throws UsageException  if there is no usage to score
     */
    static ActivityReport score(EventSource source, ActorMap actors, boolean pseudonymise) throws SourceException {
        ActivityLog events = ActivityLog.create();
        DailyUsageLog days = DailyUsageLog.create();
        List<String> notes = new ArrayList<>();
        boolean[] daily = {false};
        EventAccount account = source.read(new EventSink() {
            @Override
            public void event(ActivityEvent e) {
                events.accept(e.segment().equals(Segments.ALL) && !actors.isEmpty()
                        ? actors.segmentOf(e.actor()).map(team -> new ActivityEvent(e.timestamp(), e.actor(),
                                e.tokens(), team, e.requestFingerprint(), e.agent(), e.artifact())).orElse(e)
                        : e);
            }

            @Override
            public void day(DailyUsage day) {
                daily[0] = true;
                days.accept(day);
            }

            @Override
            public void note(String sentence) {
                notes.add(sentence);
            }
        });
        ActivityReport report = (daily[0] ? DailyActivityScorer.defaults().score(days)
                : ActivityScorer.defaults().score(events)).withInput(account);
        if (!notes.isEmpty()) {
            report = report.withNotes(notes);
        }
        if (report.actors().isEmpty()) {
            throw new UsageException(source.name() + ": no usage to score (" + report.input().sentence() + ")");
        }
        return pseudonymise ? report.pseudonymised() : report;
    }
}
