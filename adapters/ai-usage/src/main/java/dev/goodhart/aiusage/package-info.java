/**
 * Readers for the AI usage exports organisations already have: GitHub Copilot usage metrics (user-level NDJSON),
 * Amazon Bedrock model invocation logs (JSON Lines) and the OpenAI organisation usage API (completions buckets).
 *
 * <p>{@link dev.goodhart.aiusage.UsageExports} streams an export with Jackson's streaming parser (no tree of the
 * file is ever built), detects its format from the content ({@link dev.goodhart.aiusage.UsageFormat}), maps people
 * to teams ({@link dev.goodhart.aiusage.ActorMap}) and yields per-segment daily observations for metric scoring, and
 * either events (Bedrock, one per request) or user-days (Copilot, OpenAI) for the activity scorers. Every record read
 * is used or counted as skipped with its reason ({@link dev.goodhart.activity.EventAccount}); malformed input is an
 * {@link dev.goodhart.model.InvalidDataException} naming the file, line and field.
 *
 * <pre>{@code
 * UsageExports exports = UsageExports.builder().actors(ActorMap.read(Path.of("teams.csv"))).build();
 * ActivityReport activity = exports.scoreActivity(Path.of("copilot.ndjson"));      // day-level signatures
 * List<Observation> daily = exports.observations(Path.of("copilot.ndjson"));       // prompts, accepted_lines, ...
 * }</pre>
 */
package dev.goodhart.aiusage;
