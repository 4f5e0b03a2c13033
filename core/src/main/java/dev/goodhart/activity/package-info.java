/**
 * Manufactured activity: signatures of gaming in raw AI usage logs.
 *
 * <p>{@link dev.goodhart.activity.ActivityEvent}s (timestamp, actor, tokens, segment, request fingerprint, agent,
 * artifact) stream into an {@link dev.goodhart.activity.ActivityLog}, which keeps bounded state per actor (sketches
 * and histograms, never the events; each actor's latest events wait in a small buffer to be put in time order, so the
 * report does not depend on their arrival order within the log's reorder window, and events later than that are
 * counted and reported). An {@link dev.goodhart.activity.ActivityScorer} compares every actor with their peers (same
 * segment, else the whole organisation) on each {@link dev.goodhart.activity.Signature}, controls false discoveries
 * and returns an immutable {@link dev.goodhart.activity.ActivityReport} with a score, a flag and the evidence per
 * actor, and a roll-up per segment.
 *
 * <p>Day-level exports (one record per user and day, no single requests) go into a
 * {@link dev.goodhart.activity.DailyUsageLog} of {@link dev.goodhart.activity.DailyUsage} records, scored by a
 * {@link dev.goodhart.activity.DailyActivityScorer} on the {@link dev.goodhart.activity.DaySignature}s, with the same
 * peers, evidence and flag rule: an actor is flagged if and only if its score reaches the threshold. Either report can
 * carry the {@link dev.goodhart.activity.EventAccount} of the records it was read from.
 *
 * <p>Request text is never stored: a {@link dev.goodhart.activity.Fingerprinter} turns it into a (keyed) hash on
 * reading, and events only accept fingerprints.
 *
 * <pre>{@code
 * ActivityLog log = ActivityLog.create();
 * events.forEach(log);                        // or CsvEvents.forEach(path, log)
 * ActivityReport report = ActivityScorer.defaults().score(log);
 * System.out.println(report);
 * }</pre>
 */
package dev.goodhart.activity;
