package dev.goodhart.aiusage;

import dev.goodhart.activity.ActivityEvent;
import dev.goodhart.activity.DailyUsage;
import dev.goodhart.source.EventSink;

/**
 * Where an export's records go as they are read: single requests as {@link ActivityEvent}s (Bedrock), records per
 * user and day as {@link DailyUsage} (Copilot, OpenAI): an {@link EventSink} (whose notes the reader does not use:
 * they are in {@link UsageRead#notes()}). Both methods do nothing by default. An exception thrown here stops the read
 * and is reported with the line of the record.
 */
public interface UsageSink extends EventSink {
    /**
     * A sink that keeps nothing, for reading only the daily observations: the reader then builds no event or user-day
     * and fingerprints no request text.
     */
    UsageSink NONE = new UsageSink() {
    };

    /** One request, with its segment already mapped. */
    @Override
    default void event(ActivityEvent event) {
    }

    /** One record of a user and day, with its segment already mapped. */
    @Override
    default void day(DailyUsage day) {
    }
}
