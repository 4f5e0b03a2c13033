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
    /** The longest reorder window an activity log takes. */
    private static final java.time.Duration MAX_WINDOW = java.time.Duration.ofDays(3_660);
    /** The most events of one actor an activity log holds back. */
    private static final int MAX_BUFFER = 10_000_000;
    /** The most days a daily usage log holds back. */
    private static final int MAX_DAYS = 366;

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
        return score(source, actors, pseudonymise, null);
    }

    /**
     * As {@link #score(EventSource, ActorMap, boolean)}, each actor's records held until the end where {@code span}
     * is given (the log's span: a record waits that long for earlier ones of its actor), so that records in any order
     * count as in a sorted log; null for the logs' defaults (an hour for events, 3 days for user-days).
     */
    static ActivityReport score(EventSource source, ActorMap actors, boolean pseudonymise, java.time.Duration span)
            throws SourceException {
        ActivityLog events = span == null ? ActivityLog.create() : ActivityLog.builder()
                .reorderWindow(min(span, MAX_WINDOW)).reorderBuffer(MAX_BUFFER).build();
        DailyUsageLog days = span == null ? DailyUsageLog.create() : DailyUsageLog.builder()
                .reorderDays((int) Math.min(MAX_DAYS, span.toDays() + 1)).build();
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

    private static java.time.Duration min(java.time.Duration a, java.time.Duration b) {
        return a.compareTo(b) <= 0 ? a : b;
    }
}
