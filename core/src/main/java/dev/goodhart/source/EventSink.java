package dev.goodhart.source;

import dev.goodhart.activity.ActivityEvent;
import dev.goodhart.activity.DailyUsage;

/**
 * Receives what an {@link EventSource} reads: single requests ({@link ActivityEvent}s, from usage logs and request
 * logs), records of one user and day ({@link DailyUsage}, from day-level exports), and notes for the reader of the
 * report. Every method does nothing by default, so a sink overrides what it keeps. A sink may refuse a record by
 * throwing; the source stops there and the exception reaches its caller unchanged.
 */
public interface EventSink {
    /** One request, its segment already mapped where the source maps actors to teams. */
    default void event(ActivityEvent event) {
    }

    /** One record of a user and day, its segment already mapped where the source maps actors to teams. */
    default void day(DailyUsage day) {
    }

    /**
     * A plain sentence the reader of the report needs, given after the records: how people were mapped to segments,
     * what the source did not report.
     */
    default void note(String sentence) {
    }
}
