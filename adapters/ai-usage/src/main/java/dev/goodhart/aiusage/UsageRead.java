package dev.goodhart.aiusage;

import dev.goodhart.model.Observation;
import dev.goodhart.activity.EventAccount;
import java.util.List;
import java.util.Objects;

/**
 * What a read of an export gave: its format, the account of its records (read, used, skipped by reason), the daily
 * observations per segment, and notes a reader of the report needs.
 *
 * @param format       the export's format
 * @param account      records read, used and skipped, by reason, with their first lines
 * @param observations per segment and day: the metrics of {@link UsageExports} (prompts, requests, tokens, accepted
 *                     lines, active users, ...), ordered by date, segment and metric
 * @param notes        plain sentences: how people were mapped to segments, what the export did not report
 */
public record UsageRead(UsageFormat format, EventAccount account, List<Observation> observations, List<String> notes) {
    /** Copies the lists. */
    public UsageRead {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(account, "account");
        observations = List.copyOf(observations);
        notes = List.copyOf(notes);
    }

    /** The metric names present in the observations, in order of first appearance. */
    public List<String> metrics() {
        return observations.stream().map(Observation::metric).distinct().toList();
    }
}
