package dev.goodhart.aiusage.internal;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;

/**
 * One record of GitHub Copilot's user-level usage metrics (NDJSON, one object per user and day; the fields of
 * GitHub's "Example schema for Copilot usage metrics"). Reads {@code day}, {@code user_login}, {@code user_id},
 * {@code user_initiated_interaction_count}, {@code code_generation_activity_count},
 * {@code code_acceptance_activity_count}, {@code loc_suggested_to_add_sum}, {@code loc_added_sum}, and where present
 * {@code prompt_count}, {@code request_count}, {@code token_usage.prompt_tokens_sum} and {@code output_tokens_sum},
 * at the top level and in {@code totals_by_cli} and {@code totals_by_copilot_app} (CLI and app use is not in the IDE
 * counts, and its prompts buy no acceptance: they are kept apart as {@link Row#promptsOutsideIde}), each agent's
 * {@code user_initiated_interaction_count} in {@code totals_by_3rd_party_agent} (agents such as Claude or Codex run
 * from GitHub: prompts outside the IDE too), and {@code ai_credits_used}; {@code totals_by_ide} stands in for
 * missing top-level counts. Every other field is skipped unread,
 * so fields the preview schema adds are ignored.
 */
public final class CopilotParser {
    private static final int GEN = 0;
    private static final int ACC = 1;
    private static final int SUGG = 2;
    private static final int ADDED = 3;
    private static final int INTER = 4;

    private CopilotParser() {
    }

    /**
     * Reads the record the parser is on into {@code r}; false when it names no user (skipped and counted): a blank
     * {@code user_login} or {@code user_id} is none.
     *
     * @throws dev.goodhart.model.InvalidDataException for a field of the wrong type, a missing or malformed day, or an
     *                                           enterprise- or organisation-level record
     */
    public static boolean parse(JsonParser p, Ctx c, Row r) throws IOException {
        r.reset();
        long[] top = {-1, -1, -1, -1, -1};
        long[] ide = {-1, -1, -1, -1, -1};
        boolean dayTotals = false;
        boolean hasDay = false;
        String login = null;
        String id = null;
        String name;
        while ((name = c.nextField(p, null)) != null) {
            switch (name) {
                case "day": {
                    String d = c.text(p, name);
                    if (d != null) {
                        r.day = Ctx.epochDay(d);
                        if (r.day == Long.MIN_VALUE) {
                            throw c.error(p, name, "expected a date as YYYY-MM-DD, found '"
                                    + (d.length() > 40 ? d.substring(0, 40) + "..." : d) + "'");
                        }
                        hasDay = true;
                    }
                    break;
                }
                case "user_login":
                    login = c.text(p, name);
                    break;
                case "user_id":
                    id = c.id(p, name);
                    break;
                case "code_generation_activity_count":
                    top[GEN] = c.count(p, name);
                    break;
                case "code_acceptance_activity_count":
                    top[ACC] = c.count(p, name);
                    break;
                case "loc_suggested_to_add_sum":
                    top[SUGG] = c.count(p, name);
                    break;
                case "loc_added_sum":
                    top[ADDED] = c.count(p, name);
                    break;
                case "user_initiated_interaction_count":
                    top[INTER] = c.count(p, name);
                    break;
                case "prompt_count":
                    r.prompts = Row.add(r.prompts, c.count(p, name));
                    break;
                case "request_count":
                    r.requests = Row.add(r.requests, c.count(p, name));
                    break;
                case "token_usage":
                    tokens(p, c, name, r);
                    break;
                case "ai_credits_used":
                    r.credits = c.amount(p, name);
                    break;
                case "totals_by_cli":
                case "totals_by_copilot_app":
                    surface(p, c, name, r);
                    break;
                case "totals_by_ide":
                    ides(p, c, name, ide);
                    break;
                case "totals_by_3rd_party_agent":
                    agents(p, c, name, r);
                    break;
                case "day_totals":
                    dayTotals = true;
                    p.skipChildren();
                    break;
                default:
                    p.skipChildren();
            }
        }
        if (dayTotals && login == null && id == null) {
            throw c.recordError("an enterprise- or organization-level record (it has day_totals): Goodhart reads the "
                    + "user-level report, one record per user and day");
        }
        if (!hasDay) {
            throw c.recordError("field day: missing (each record of the user-level report is one user's day)");
        }
        login = login == null || login.isBlank() ? null : login.strip();
        id = id == null || id.isBlank() ? null : id.strip();
        if (login == null && id == null) {
            return false;
        }
        r.actor = login != null ? login : id;
        r.alias = login != null ? id : null;
        // the user is known by GitHub's id, which stays when the login is renamed (the login where there is none)
        r.identity = id != null ? "#" + id : "@" + login;
        r.slot = r.day;
        r.prompts = Row.add(r.prompts, top[INTER] >= 0 ? top[INTER] : ide[INTER]);
        r.generations = top[GEN] >= 0 ? top[GEN] : ide[GEN];
        r.acceptances = top[ACC] >= 0 ? top[ACC] : ide[ACC];
        r.suggestedLines = top[SUGG] >= 0 ? top[SUGG] : ide[SUGG];
        r.acceptedLines = top[ADDED] >= 0 ? top[ADDED] : ide[ADDED];
        return true;
    }

    /** {@code totals_by_cli} or {@code totals_by_copilot_app}: prompts, requests and tokens outside the IDE. */
    private static void surface(JsonParser p, Ctx c, String field, Row r) throws IOException {
        if (!c.object(p, field)) {
            return;
        }
        String name;
        while ((name = c.nextField(p, field)) != null) {
            switch (name) {
                case "prompt_count": {
                    long n = c.count(p, field + "." + name);
                    r.prompts = Row.add(r.prompts, n);
                    r.promptsOutsideIde = Row.add(r.promptsOutsideIde, n);
                    break;
                }
                case "request_count":
                    r.requests = Row.add(r.requests, c.count(p, field + "." + name));
                    break;
                case "token_usage":
                    tokens(p, c, field + "." + name, r);
                    break;
                default:
                    p.skipChildren();
            }
        }
    }

    /**
     * {@code totals_by_3rd_party_agent}: each agent's {@code user_initiated_interaction_count}, prompts made outside
     * the IDE (a third-party agent's work is its own surface, as the CLI's is, and buys no IDE acceptance).
     */
    private static void agents(JsonParser p, Ctx c, String field, Row r) throws IOException {
        eachField(p, c, field, (at, name) -> {
            if (name.equals("user_initiated_interaction_count")) {
                long n = c.count(p, at + "." + name);
                r.prompts = Row.add(r.prompts, n);
                r.promptsOutsideIde = Row.add(r.promptsOutsideIde, n);
            } else {
                p.skipChildren();
            }
        });
    }

    /** A field of an object in an array: its path ({@code totals_by_ide[2]}) and name, the parser on its value. */
    private interface ElementField {
        void read(String at, String name) throws IOException;
    }

    /** Each field of each object of the array {@code field} (absent or null: none), in order. */
    private static void eachField(JsonParser p, Ctx c, String field, ElementField f) throws IOException {
        if (!c.array(p, field)) {
            return;
        }
        int i = 0;
        JsonToken t;
        while ((t = p.nextToken()) != JsonToken.END_ARRAY) {
            String at = field + "[" + i++ + "]";
            if (t != JsonToken.START_OBJECT) {
                throw c.error(p, at, "expected an object, found " + Ctx.describe(p));
            }
            String name;
            while ((name = c.nextField(p, at)) != null) {
                f.read(at, name);
            }
        }
    }

    private static void tokens(JsonParser p, Ctx c, String field, Row r) throws IOException {
        if (!c.object(p, field)) {
            return;
        }
        String name;
        while ((name = c.nextField(p, field)) != null) {
            switch (name) {
                case "prompt_tokens_sum":
                    r.inputTokens = Row.add(r.inputTokens, c.count(p, field + "." + name));
                    break;
                case "output_tokens_sum":
                    r.outputTokens = Row.add(r.outputTokens, c.count(p, field + "." + name));
                    break;
                default:
                    p.skipChildren();
            }
        }
    }

    /** The sums over {@code totals_by_ide}, for records whose top-level counts are missing. */
    private static void ides(JsonParser p, Ctx c, String field, long[] sums) throws IOException {
        eachField(p, c, field, (at, name) -> {
            int k = switch (name) {
                case "code_generation_activity_count" -> GEN;
                case "code_acceptance_activity_count" -> ACC;
                case "loc_suggested_to_add_sum" -> SUGG;
                case "loc_added_sum" -> ADDED;
                case "user_initiated_interaction_count" -> INTER;
                default -> -1;
            };
            if (k < 0) {
                p.skipChildren();
            } else {
                sums[k] = Row.add(sums[k], c.count(p, at + "." + name));
            }
        });
    }
}
