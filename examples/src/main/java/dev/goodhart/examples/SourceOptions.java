package dev.goodhart.examples;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Option;

/** Where the metrics come from: a file (or standard input), a SQL query, or Prometheus range queries. */
final class SourceOptions {
    @Option(names = "--data", paramLabel = "FILE", description = {"A long (date,segment,metric,value) or wide "
            + "(date,segment,<metric>...) CSV file, a JSON series file (.json) or an AI usage export (GitHub Copilot, "
            + "Amazon Bedrock, OpenAI usage: daily prompts, requests, tokens, accepted_lines, ... per segment), told "
            + "from its content; - reads standard input."})
    String data;

    @Option(names = "--columns", paramLabel = "ROLE=NAME,...", converter = Converters.Columns.class,
            description = {"The CSV file's (or --jdbc query's) own column names, e.g. "
                    + "date=day,segment=team,metric=name,value=v; a file (or query result) without metric and value "
                    + "columns is wide: every other column is a metric."})
    Converters.ColumnNames columns;

    @Option(names = "--delimiter", paramLabel = "C", converter = Converters.Delimiter.class,
            description = "The CSV field delimiter (; or tab); comma by default.")
    Character delimiter;

    @Option(names = "--number-format", paramLabel = "1234.5", converter = Converters.NumberFormatExample.class,
            description = {"How the CSV file writes the number 1234.5: 1.234,5 (German exports), 1,234.5, 1 234,5, "
                    + "1234,5, 1'234.5 or 1234.5. Undeclared, values are plain decimals and a metric that looks written "
                    + "with a point grouping thousands is refused."})
    dev.goodhart.csv.CsvMetrics.NumberFormat numberFormat;

    @Option(names = "--zone", paramLabel = "ZONE", converter = Converters.Zone.class,
            description = {"The time zone whose days date-times fall in (Europe/Berlin, America/New_York, +02:00): "
                    + "for --data, --events, --jdbc and --prometheus; UTC by default."})
    java.time.ZoneId zone;

    @Option(names = "--jdbc", paramLabel = "URL", description = {"A JDBC URL (PostgreSQL and H2 drivers included); the "
            + "--query returns the columns date, segment, metric, value (long) or date, segment and one column per "
            + "metric (wide), as a CSV file's; with two ? placeholders, --from and --to are bound to them; the "
            + "password comes from GOODHART_JDBC_PASSWORD."})
    String jdbc;

    @Option(names = "--jdbc-user", paramLabel = "USER", description = "The database user.")
    String jdbcUser;

    @Option(names = "--prometheus", paramLabel = "URL", description = {"A Prometheus base URL; each --query NAME=PROMQL "
            + "gives metric NAME, evaluated every --step from --from to --to; a bearer token comes from "
            + "GOODHART_PROMETHEUS_TOKEN."})
    String prometheus;

    @Option(names = "--query", paramLabel = "SQL|NAME=PROMQL", description = "The SQL of --jdbc, or one PromQL range "
            + "query per metric for --prometheus (repeatable).")
    List<String> queries = new ArrayList<>();

    @Option(names = "--from", paramLabel = "YYYY-MM-DD", converter = Converters.Date.class,
            description = "The first day of the time range.")
    LocalDate from;

    @Option(names = "--to", paramLabel = "YYYY-MM-DD", converter = Converters.Date.class,
            description = "The last day of the time range.")
    LocalDate to;

    @Option(names = "--step", paramLabel = "DURATION", converter = Converters.Step.class,
            description = "Time between Prometheus evaluations: 1d (default), 6h, 30m.")
    Duration step;

    @Option(names = "--segment-label", paramLabel = "LABEL",
            description = "The Prometheus label that holds the segment (default team).")
    String segmentLabel;

    @Option(names = "--timeout", paramLabel = "DURATION", converter = Converters.Timeout.class,
            description = {"One deadline for each database query or Prometheus response, headers and body (30s, 2m; "
                    + "default: Prometheus 60 s, the database's own)."})
    Duration timeout;

    /** How many sources of metrics were named (one at most). */
    int count() {
        return (data != null ? 1 : 0) + (jdbc != null ? 1 : 0) + (prometheus != null ? 1 : 0);
    }

    /** Refuses two sources, and options of one source given with another. */
    void check() {
        if (count() > 1) {
            throw new UsageException("give one source of metrics: --data, --jdbc or --prometheus");
        }
        if (data != null) {
            String other = !queries.isEmpty() ? "--query" : from != null ? "--from" : to != null ? "--to"
                    : step != null ? "--step" : segmentLabel != null ? "--segment-label" : jdbcUser != null
                    ? "--jdbc-user" : null;
            if (other != null) {
                throw new UsageException(other + " goes with --jdbc or --prometheus, not --data");
            }
        }
        if (prometheus != null && columns != null) {
            throw new UsageException("--columns goes with --data or --jdbc, not --prometheus");
        }
    }

    /** Whether the metrics come from standard input. */
    boolean stdin() {
        return Sources.STDIN.equals(data);
    }
}
