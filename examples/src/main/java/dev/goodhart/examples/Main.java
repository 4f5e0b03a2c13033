package dev.goodhart.examples;

import dev.goodhart.model.Aggregation;
import dev.goodhart.model.Direction;
import dev.goodhart.model.Frame;
import dev.goodhart.Goodhart;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.model.InvalidDataException;
import dev.goodhart.model.Metric;
import dev.goodhart.model.Observation;
import dev.goodhart.model.Role;
import dev.goodhart.activity.ActivityLog;
import dev.goodhart.activity.ActivityReport;
import dev.goodhart.activity.ActivityScorer;
import dev.goodhart.activity.ActivityEvent;
import dev.goodhart.activity.EventAccount;
import dev.goodhart.activity.Fingerprinter;
import dev.goodhart.aiusage.ActorMap;
import dev.goodhart.aiusage.UsageExports;
import dev.goodhart.aiusage.UsageFormat;
import dev.goodhart.aiusage.UsageRead;
import dev.goodhart.aiusage.UsageSink;
import dev.goodhart.csv.CsvEvents;
import dev.goodhart.csv.CsvMetrics;
import dev.goodhart.html.HtmlReport;
import dev.goodhart.jdbc.JdbcMetrics;
import dev.goodhart.jdbc.JdbcSourceException;
import dev.goodhart.json.JsonInput;
import dev.goodhart.json.JsonReport;
import dev.goodhart.prometheus.PrometheusException;
import dev.goodhart.prometheus.PrometheusRange;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The command-line tool ({@code java -jar examples/target/goodhart.jar}).
 *
 * <pre>
 * goodhart demo   [--out DIR]
 * goodhart score  --data FILE.csv --proxy NAME[:sum|mean|last] --outcome NAME:lower|higher[:sum|mean|last]
 *                 [--outcome ...] [--intervention YYYY-MM-DD] [--quota NAME=VALUE]
 *                 [--period auto|day|week|month] [--delimiter C] [--format text] [--out FILE]
 * goodhart score  --events FILE [--events-format auto|csv|jsonl|copilot|bedrock|openai] [--actors TEAMS.csv]
 *                 [--format text|json|html] [--out FILE]
 * </pre>
 *
 * {@code --data} and {@code --events} also read the AI usage exports of {@code goodhart-ai-usage} (GitHub Copilot
 * user-level metrics, Amazon Bedrock invocation logs, OpenAI usage buckets), told from their content.
 *
 * Exit status 0 on success, 2 with one line on standard error for a user's mistake (unknown option, missing or
 * malformed file, unknown metric), 1 for an internal error. Never prints a stack trace for a user's mistake.
 */
public final class Main {
    /** Exit status for a user's mistake. */
    public static final int USAGE = 2;

    static final String USAGE_TEXT = String.join("\n",
            "usage: goodhart demo  [--out DIR]",
            "       goodhart score --data FILE.csv --proxy NAME[:sum|mean|last] --outcome NAME:lower|higher[:sum|mean|last]",
            "                      [--outcome ...] [--intervention YYYY-MM-DD] [--quota NAME=VALUE] [--min-elasticity E]",
            "                      [--period auto|day|week|month] [--delimiter C] [--format text|json|html] [--out FILE]",
            "                      [--events EVENTS.csv [--fingerprint-key-file FILE] [--pseudonymise]]",
            "       goodhart score --events EVENTS [--events-format F] [--actors TEAMS.csv] [--fingerprint-key-file FILE]",
            "                      [--pseudonymise] [--format text|json|html] [--out FILE]",
            "       goodhart score --jdbc URL --query SQL [--from DATE --to DATE] [--jdbc-user USER] --proxy ... --outcome ...",
            "       goodhart score --prometheus URL --query NAME=PROMQL [--query ...] --from DATE --to DATE",
            "                      [--step 1d] [--segment-label LABEL] --proxy ... --outcome ...",
            "",
            "  demo    score the built-in story (ten teams, a token quota, four teams gaming it) and print the report",
            "  score   score a long (date,segment,metric,value) or wide (date,segment,<metric>...) CSV file, a JSON",
            "          series file (.json), an AI usage export (GitHub Copilot, Amazon Bedrock, OpenAI usage: daily",
            "          prompts, requests, tokens, accepted_lines, ... per segment), a SQL query (--jdbc) or PromQL",
            "          range queries (--prometheus); or a usage log alone (--events)",
            "",
            "  --proxy         a usage metric (repeatable); summed per period unless :mean or :last is given",
            "  --outcome       a result metric the proxies should improve, with which way is better (repeatable);",
            "                  averaged per period unless :sum or :last is given",
            "  --intervention  the day the proxy became a target (quota, dashboard, leaderboard)",
            "  --quota         a per-period target on a proxy, e.g. tokens=60000",
            "  --min-elasticity  the smallest gain worth the proxy's rise, as an elasticity in [0, 1] (default 0.1:",
            "                  a doubling of the proxy should buy at least 7% better outcome; 0.2: at least 15%)",
            "  --period        the period the data is bucketed to; auto (default) picks month, week or day from the dates",
            "  --events        a usage log (timestamp,actor,tokens[,segment,request,agent,artifact] as CSV or JSON Lines)",
            "                  or an AI usage export (GitHub Copilot user-level NDJSON, Amazon Bedrock invocation log,",
            "                  OpenAI usage buckets) to score for manufactured activity; request text is fingerprinted",
            "                  on reading and never printed",
            "  --events-format auto (default: told from the content), csv, jsonl, copilot, bedrock or openai; applies",
            "                  to --data too when it names the same file or there is no --events",
            "  --actors        a CSV file actor,segment mapping people (logins, IAM names, user or key ids) to teams",
            "                  for an AI usage export (and usage-log events that name no segment); without it each",
            "                  person of an export is a segment of the daily metrics",
            "  --fingerprint-key-file  a file whose content keys the request fingerprints (HMAC-SHA256);",
            "                  or set GOODHART_FINGERPRINT_KEY",
            "  --pseudonymise  name actors actor-1, actor-2, ... in the activity section",
            "  --jdbc          a JDBC URL (PostgreSQL and H2 drivers included); the --query returns the columns date,",
            "                  segment, metric, value; with two ? placeholders, --from and --to are bound to them;",
            "                  the password comes from GOODHART_JDBC_PASSWORD",
            "  --prometheus    a Prometheus base URL; each --query NAME=PROMQL gives metric NAME, evaluated every --step",
            "                  from --from to --to; --segment-label names the label that holds the segment (default team);",
            "                  a bearer token comes from GOODHART_PROMETHEUS_TOKEN",
            "  --duplicates    reject (default): a second row for the same date, segment and metric is an error naming",
            "                  its line; aggregate: combine them as the metric declares and count them in the report",
            "                  (rows whose date has a time of day, and Prometheus samples, may come several a day)",
            "  --drop-outlying-dates  drop and count rows dated more than a year outside the bulk of the data (a",
            "                  mistyped year) instead of refusing them",
            "  --debug         print the stack trace of an unexpected error",
            "  --timeout       one deadline for each database query or Prometheus response, headers and body (30s,",
            "                  2m; default: Prometheus 60 s, the database's own)",
            "  --format        text (default), json (schemaVersion 1) or html (one self-contained page with charts);",
            "                  all three for --data or for --events alone",
            "  --out           write the report to this file (or, for demo, report.txt, report.json and report.html",
            "                  in this directory)");

    private Main() {
    }

    /** Runs the tool and exits with its status. */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the tool with the given arguments, printing to {@code out} and {@code err}; returns the exit status.
     * Never throws.
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        try {
            if (args.length == 0) {
                throw new UsageException("no command given; expected 'demo' or 'score' (try 'help')");
            }
            String command = args[0];
            Options options = Options.parse(args, 1);
            switch (command) {
                case "demo":
                    return demo(options, out);
                case "score":
                    return score(options, out);
                case "help":
                case "--help":
                case "-h":
                    out.println(USAGE_TEXT);
                    return 0;
                default:
                    throw new UsageException("unknown command '" + command + "'; expected 'demo' or 'score' (try 'help')");
            }
        } catch (UsageException e) {
            err.println("goodhart: " + oneLine(e.getMessage()));
            return USAGE;
        } catch (InvalidDataException e) {
            err.println("goodhart: " + oneLine(e.getMessage()));
            return USAGE;
        } catch (NoSuchFileException e) {
            err.println("goodhart: " + oneLine(e.getFile()) + ": no such file");
            return USAGE;
        } catch (AccessDeniedException e) {
            err.println("goodhart: " + oneLine(e.getFile()) + ": permission denied");
            return USAGE;
        } catch (IOException e) {
            err.println("goodhart: " + oneLine(String.valueOf(e.getMessage())));
            return USAGE;
        } catch (IllegalArgumentException e) {
            err.println("goodhart: " + oneLine(e.getMessage()));
            return USAGE;
        } catch (RuntimeException e) {
            if (debug(args)) {
                e.printStackTrace(err);
            }
            err.println("goodhart: internal error (" + e.getClass().getSimpleName() + ": " + oneLine(
                    String.valueOf(e.getMessage())) + "); please report it" + (debug(args) ? "" : " (--debug shows where)"));
            return 1;
        } catch (OutOfMemoryError e) {
            if (debug(args)) {
                e.printStackTrace(err);
            }
            err.println("goodhart: out of memory (" + Runtime.getRuntime().maxMemory() / (1024 * 1024) + " MB heap): "
                    + "give Java more (java -Xmx4g -jar goodhart.jar ...), or score fewer segments or a shorter range");
            return 1;
        } catch (StackOverflowError e) {
            if (debug(args)) {
                e.printStackTrace(err);
            }
            err.println("goodhart: internal error (stack overflow); please report it" + (debug(args) ? ""
                    : " (--debug shows where)"));
            return 1;
        }
    }

    /** Whether {@code --debug} is among the arguments: unexpected errors then print their stack trace. */
    private static boolean debug(String[] args) {
        for (String a : args) {
            if (a.equals("--debug")) {
                return true;
            }
        }
        return false;
    }

    private static int demo(Options options, PrintStream out) throws IOException {
        options.allowOnly("demo", Set.of("--out", "--debug"));
        IntegrityModel model = DemoOrganisation.model();
        Frame frame = Frame.of(model, DemoOrganisation.observations());
        IntegrityReport report = Goodhart.score(model, frame)
                .withActivity(ActivityScorer.defaults().score(DemoUsageLog.log()));
        String text = report.toText();
        String outDir = options.single("--out");
        if (outDir != null) {
            Path dir = Path.of(outDir);
            Files.createDirectories(dir);
            Map<String, String> files = new LinkedHashMap<>();
            files.put("report.txt", text);
            files.put("report.json", JsonReport.toJson(report));
            files.put("report.html", HtmlReport.render(report));
            for (Map.Entry<String, String> e : files.entrySet()) {
                Path file = dir.resolve(e.getKey());
                writeAtomically(file, e.getValue());
                out.println("wrote " + file);
            }
        } else {
            out.print(text);
        }
        return 0;
    }

    private static int score(Options options, PrintStream out) throws IOException {
        options.allowOnly("score", Set.of("--data", "--proxy", "--outcome", "--intervention", "--quota", "--period",
                "--min-elasticity", "--timeout", "--duplicates", "--drop-outlying-dates", "--debug",
                "--delimiter", "--format", "--out", "--events", "--events-format", "--actors", "--fingerprint-key-file",
                "--pseudonymise", "--jdbc",
                "--jdbc-user", "--prometheus", "--query", "--from", "--to", "--step", "--segment-label"));
        int sources = (options.single("--data") != null ? 1 : 0) + (options.single("--jdbc") != null ? 1 : 0)
                + (options.single("--prometheus") != null ? 1 : 0);
        if (sources > 1) {
            throw new UsageException("give one source of metrics: --data, --jdbc or --prometheus");
        }
        if (sources == 0 && options.single("--events") != null) {
            for (String metricOption : List.of("--proxy", "--outcome", "--intervention", "--quota", "--period",
                    "--min-elasticity")) {
                if (!options.all(metricOption).isEmpty()) {
                    throw new UsageException(metricOption + " needs --data (a CSV file of observations)");
                }
            }
            String alone = options.single("--format") == null ? "text" : options.single("--format");
            ActivityReport activity = activity(options);
            String rendered = switch (alone) {
                case "text" -> activity.toString();
                case "json" -> JsonReport.toJson(activity);
                case "html" -> HtmlReport.render(activity);
                default -> throw new UsageException("--format: expected text, json or html, found '" + alone + "'");
            };
            return write(options, out, rendered);
        }
        ActivityReport activity = activity(options);
        if (sources == 0) {
            throw new UsageException("missing --data (a CSV file of observations, or --events for a usage log)");
        }
        List<String> proxies = options.all("--proxy");
        List<String> outcomes = options.all("--outcome");
        if (proxies.isEmpty()) {
            throw new UsageException("missing --proxy NAME (the usage metric to check)");
        }
        if (outcomes.isEmpty()) {
            throw new UsageException("missing --outcome NAME:lower|higher (the result the proxy should improve)");
        }
        String format = options.single("--format") == null ? "text" : options.single("--format");
        if (!List.of("text", "json", "html").contains(format)) {
            throw new UsageException("--format: expected text, json or html, found '" + format + "'");
        }
        CsvMetrics.Builder csv = CsvMetrics.builder();
        String delimiter = options.single("--delimiter");
        if (delimiter != null) {
            String d = delimiter.equals("\\t") || delimiter.equalsIgnoreCase("tab") ? "\t" : delimiter;
            if (d.length() != 1) {
                throw new UsageException("--delimiter: expected one character, found '" + delimiter + "'");
            }
            csv.delimiter(d.charAt(0));
        }

        IntegrityModel.Builder model = IntegrityModel.builder();
        List<String> proxyNames = new ArrayList<>();
        for (String spec : proxies) {
            Metric m = metricSpec("--proxy", spec, Role.PROXY);
            model.metric(m);
            proxyNames.add(m.name());
        }
        List<String> outcomeNames = new ArrayList<>();
        for (String spec : outcomes) {
            Metric m = metricSpec("--outcome", spec, Role.OUTCOME);
            model.metric(m);
            outcomeNames.add(m.name());
        }
        double minimumElasticity = Link.DEFAULT_MINIMUM_ELASTICITY;
        String minimum = options.single("--min-elasticity");
        if (minimum != null) {
            try {
                minimumElasticity = Double.parseDouble(minimum.strip());
            } catch (NumberFormatException e) {
                minimumElasticity = Double.NaN;
            }
            if (!(minimumElasticity >= 0 && minimumElasticity <= 1)) {
                throw new UsageException("--min-elasticity: expected a number from 0 to 1 such as 0.1, found '"
                        + minimum + "'");
            }
        }
        for (String p : proxyNames) {
            for (String o : outcomeNames) {
                model.link(Link.of(p, o).withMinimumElasticity(minimumElasticity));
            }
        }
        String intervention = options.single("--intervention");
        if (intervention != null) {
            model.intervention(date("--intervention", intervention), "intervention");
        }
        for (String quota : options.all("--quota")) {
            int eq = quota.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--quota: expected NAME=VALUE such as tokens=60000, found '" + quota + "'");
            }
            String name = quota.substring(0, eq).strip();
            if (!proxyNames.contains(name)) {
                throw new UsageException("--quota: '" + name + "' is not a --proxy (proxies: "
                        + String.join(", ", proxyNames) + ")");
            }
            model.quota(name, number("--quota", quota.substring(eq + 1)));
        }

        String data = sourceName(options);
        Frame.Duplicates duplicates = duplicates(options);
        Rows rows = readObservations(options, csv.build());
        List<Observation> observations = rows.observations();
        if (observations.isEmpty()) {
            throw new UsageException(data + ": no observations" + (options.single("--data") != null
                    ? " (only a header?)" : " (check the query and the time range)"));
        }
        Set<String> present = new TreeSet<>();
        for (Observation o : observations) {
            present.add(o.metric());
        }
        for (String name : concat(proxyNames, outcomeNames)) {
            if (!present.contains(name)) {
                throw new UsageException("metric '" + name + "' not found in " + data + " (it has: "
                        + String.join(", ", present) + ")");
            }
        }
        String period = options.single("--period");
        Granularity granularity = period == null || period.equalsIgnoreCase("auto")
                ? detectGranularity(observations) : granularity(period);
        IntegrityModel built = model.granularity(granularity).build();
        Frame.Builder frameBuilder = Frame.builder(built).source(data).duplicates(duplicates)
                .dropOutlyingDates(options.single("--drop-outlying-dates") != null);
        long[] lines = rows.lines();
        boolean[] timed = rows.timed();
        for (int i = 0; i < observations.size(); i++) {
            if (lines != null) {
                try {
                    frameBuilder.add(observations.get(i), lines[i], timed[i]);
                } catch (InvalidDataException e) {
                    // a refused row: point at its value's cell
                    throw e.line() == lines[i] && e.column() == 0
                            ? new InvalidDataException(e.source(), e.line(), rows.columns()[i], e.problem(), e) : e;
                }
            } else if (rows.samples()) {
                frameBuilder.addTimed(observations.get(i));
            } else {
                frameBuilder.add(observations.get(i));
            }
        }
        Frame frame = frameBuilder.build();
        IntegrityReport report = Goodhart.score(built, frame);
        if (activity != null) {
            report = report.withActivity(activity);
        }
        String rendered = switch (format) {
            case "json" -> JsonReport.toJson(report);
            case "html" -> HtmlReport.render(report);
            default -> report.toText();
        };
        return write(options, out, rendered);
    }

    private static int write(Options options, PrintStream out, String text) throws IOException {
        String outFile = options.single("--out");
        if (outFile != null) {
            writeAtomically(Path.of(outFile), text);
            out.println("wrote " + outFile);
        } else {
            out.print(text);
        }
        return 0;
    }

    private static String sourceName(Options options) {
        if (options.single("--data") != null) {
            return options.single("--data");
        }
        return options.single("--jdbc") != null ? "the --jdbc query" : "the --prometheus queries";
    }

    /** The observations from --data (CSV or JSON), --jdbc or --prometheus. */
    /**
     * Observations as read, with each one's line and whether its date had a time of day when they came from a CSV
     * file ({@code lines} and {@code timed} null otherwise).
     */
    private record Rows(List<Observation> observations, long[] lines, int[] columns, boolean[] timed,
                        boolean samples) {
        static Rows of(List<Observation> observations) {
            return new Rows(observations, null, null, null, false);
        }

        /** Samples at times of day (Prometheus steps): several a day are aggregated, never duplicates. */
        static Rows samples(List<Observation> observations) {
            return new Rows(observations, null, null, null, true);
        }
    }

    /** Reads a CSV file keeping each row's line, so that the frame's errors and its input account name lines. */
    private static Rows readCsv(Path file, CsvMetrics csv) throws IOException {
        List<Observation> out = new ArrayList<>();
        long[][] lines = {new long[1024]};
        int[][] columns = {new int[1024]};
        boolean[][] timed = {new boolean[1024]};
        csv.streamRows(file, (o, line, column, t) -> {
            int i = out.size();
            if (i == lines[0].length) {
                lines[0] = java.util.Arrays.copyOf(lines[0], i * 2);
                columns[0] = java.util.Arrays.copyOf(columns[0], i * 2);
                timed[0] = java.util.Arrays.copyOf(timed[0], i * 2);
            }
            lines[0][i] = line;
            columns[0][i] = column;
            timed[0][i] = t;
            out.add(o);
        });
        return new Rows(out, lines[0], columns[0], timed[0], false);
    }

    /** {@code --duplicates reject|aggregate}: reject (default) names the line of a second row for the same day. */
    private static Frame.Duplicates duplicates(Options options) {
        String d = options.single("--duplicates");
        if (d == null || d.equalsIgnoreCase("reject")) {
            return Frame.Duplicates.REJECT;
        }
        if (d.equalsIgnoreCase("aggregate")) {
            return Frame.Duplicates.AGGREGATE;
        }
        throw new UsageException("--duplicates: expected reject or aggregate, found '" + d + "'");
    }

    private static Rows readObservations(Options options, CsvMetrics csv) throws IOException {
        String data = options.single("--data");
        if (data != null) {
            for (String o : List.of("--query", "--from", "--to", "--step", "--segment-label", "--jdbc-user")) {
                if (options.single(o) != null) {
                    throw new UsageException(o + " goes with --jdbc or --prometheus, not --data");
                }
            }
            Path file = Path.of(data);
            UsageFormat export = exportFormat(options, data);
            if (export != null) {
                UsageRead read = exports(options, export, Fingerprinter.unkeyed()).read(file, UsageSink.NONE);
                return Rows.of(read.observations());
            }
            if (data.toLowerCase(Locale.ROOT).endsWith(".json")) {
                try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    return Rows.of(JsonInput.readSeries(reader, data));
                }
            }
            return readCsv(file, csv);
        }
        String from = options.single("--from");
        String to = options.single("--to");
        if (options.single("--jdbc") != null) {
            String url = options.single("--jdbc");
            String sql = options.required("--query", "the SQL that returns date, segment, metric, value");
            JdbcMetrics metrics;
            try {
                JdbcMetrics.Builder jb = JdbcMetrics.builder(sql).dateColumn("date").segmentColumn("segment")
                        .metricColumn("metric").valueColumn("value");
                java.time.Duration limit = timeout(options);
                if (limit != null) {
                    jb.queryTimeoutSeconds((int) Math.max(1, Math.min(Integer.MAX_VALUE, (limit.toMillis() + 999) / 1000)));
                }
                metrics = jb.build();
            } catch (IllegalArgumentException e) {
                throw new UsageException("--query: " + e.getMessage());
            }
            javax.sql.DataSource source = new DriverManagerDataSource(url, options.single("--jdbc-user"),
                    System.getenv("GOODHART_JDBC_PASSWORD"));
            try {
                if (metrics.placeholders() == 2) {
                    if (from == null || to == null) {
                        throw new UsageException("--query has two ? placeholders: give --from and --to");
                    }
                    return Rows.of(metrics.read(source, date("--from", from), date("--to", to)));
                }
                if (from != null || to != null) {
                    throw new UsageException("--from and --to need two ? placeholders in the --query");
                }
                return Rows.of(metrics.read(source));
            } catch (JdbcSourceException e) {
                throw new UsageException(oneLine(e.getMessage()));
            }
        }
        String url = options.single("--prometheus");
        List<String> queries = options.all("--query");
        if (queries.isEmpty()) {
            throw new UsageException("missing --query NAME=PROMQL (one per metric)");
        }
        if (from == null || to == null) {
            throw new UsageException("--prometheus needs --from and --to (YYYY-MM-DD)");
        }
        java.time.Duration step = step(options.single("--step"));
        String label = options.single("--segment-label") == null ? "team" : options.single("--segment-label");
        String token = System.getenv("GOODHART_PROMETHEUS_TOKEN");
        List<Observation> out = new ArrayList<>();
        for (String q : queries) {
            int eq = q.indexOf('=');
            if (eq <= 0) {
                throw new UsageException("--query: expected NAME=PROMQL such as tokens=sum by (team) (ai_tokens), found '"
                        + q + "'");
            }
            PrometheusRange.Builder b;
            try {
                b = PrometheusRange.builder(java.net.URI.create(url), q.substring(eq + 1))
                        .metric(q.substring(0, eq).strip()).segmentLabel(label).step(step);
                java.time.Duration limit = timeout(options);
                if (limit != null) {
                    b.requestTimeout(limit);
                }
                if (token != null && !token.isEmpty()) {
                    b.bearerToken(token);
                }
            } catch (IllegalArgumentException e) {
                throw new UsageException("--prometheus: " + e.getMessage());
            }
            try {
                out.addAll(b.build().read(date("--from", from), date("--to", to)));
            } catch (PrometheusException e) {
                throw new UsageException(oneLine(e.getMessage()));
            }
        }
        return Rows.samples(out);
    }

    private static java.time.Duration step(String text) {
        if (text == null) {
            return java.time.Duration.ofDays(1);
        }
        var m = java.util.regex.Pattern.compile("(\\d+)([smhd])").matcher(text.strip());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new UsageException("--step: expected a duration such as 1d, 6h, 30m, found '" + text + "'");
        }
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
            case "s": return java.time.Duration.ofSeconds(n);
            case "m": return java.time.Duration.ofMinutes(n);
            case "h": return java.time.Duration.ofHours(n);
            default: return java.time.Duration.ofDays(n);
        }
    }

    /**
     * The AI usage export format of --data, or null when it is not one: --events-format when it applies to this file
     * (there is no --events, or --events names the same file), else told from the content.
     */
    private static UsageFormat exportFormat(Options options, String data) throws IOException {
        String events = options.single("--events");
        String f = options.single("--events-format");
        if (f != null && (events == null || Path.of(events).equals(Path.of(data)))) {
            String lower = f.strip().toLowerCase(Locale.ROOT);
            if (lower.equals("csv") || lower.equals("jsonl")) {
                return null;
            }
            if (!lower.equals("auto")) {
                return format(f);
            }
        }
        return UsageFormat.detect(Path.of(data)).orElse(null);
    }

    private static UsageFormat format(String text) {
        try {
            return UsageFormat.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--events-format: expected auto, csv, jsonl, copilot, bedrock or openai, found '"
                    + text + "'");
        }
    }

    /** The export reader for the options: the format, --actors, the fingerprint key. */
    private static UsageExports exports(Options options, UsageFormat format, Fingerprinter fingerprinter)
            throws IOException {
        return UsageExports.builder().format(format).actors(actors(options)).fingerprinter(fingerprinter).build();
    }

    /** The --actors map, or none. */
    private static ActorMap actors(Options options) throws IOException {
        String file = options.single("--actors");
        return file == null ? ActorMap.NONE : ActorMap.read(Path.of(file));
    }

    /** Scores the usage log given with --events, or null when there is none. */
    private static ActivityReport activity(Options options) throws IOException {
        String events = options.single("--events");
        String keyFile = options.single("--fingerprint-key-file");
        String pseudo = options.single("--pseudonymise");
        String formatOption = options.single("--events-format");
        if (events == null) {
            if (keyFile != null || pseudo != null) {
                throw new UsageException((keyFile != null ? "--fingerprint-key-file" : "--pseudonymise")
                        + " needs --events (a usage log)");
            }
            if (formatOption != null && options.single("--data") == null) {
                throw new UsageException("--events-format needs --events or --data (a usage log or export)");
            }
            if (options.single("--actors") != null && options.single("--data") == null) {
                throw new UsageException("--actors needs --events or --data (an AI usage export)");
            }
            return null;
        }
        boolean pseudonymise = false;
        if (pseudo != null) {
            if (!pseudo.equals("true") && !pseudo.equals("false")) {
                throw new UsageException("--pseudonymise: expected true or false, found '" + pseudo + "'");
            }
            pseudonymise = pseudo.equals("true");
        }
        Fingerprinter fingerprinter = Fingerprinter.unkeyed();
        String key = keyFile != null ? Files.readString(Path.of(keyFile)).strip() : System.getenv("GOODHART_FINGERPRINT_KEY");
        if (key != null && !key.isEmpty()) {
            try {
                fingerprinter = Fingerprinter.keyed(key);
            } catch (IllegalArgumentException e) {
                throw new UsageException("fingerprint key: " + e.getMessage());
            }
        }
        Path file = Path.of(events);
        String kind = formatOption == null ? "auto" : formatOption.strip().toLowerCase(Locale.ROOT);
        UsageFormat export = null;
        if (kind.equals("auto")) {
            export = UsageFormat.detect(file).orElse(null);
            if (export == null) {
                kind = looksLikeJson(file) || events.toLowerCase(Locale.ROOT).endsWith(".jsonl")
                        || events.toLowerCase(Locale.ROOT).endsWith(".ndjson") ? "jsonl" : "csv";
            }
        } else if (!kind.equals("csv") && !kind.equals("jsonl")) {
            export = format(formatOption);
        }
        ActivityReport report;
        if (export != null) {
            report = exports(options, export, fingerprinter).scoreActivity(file);
        } else {
            ActorMap map = actors(options);
            ActivityLog log = ActivityLog.create();
            java.util.function.Consumer<ActivityEvent> sink = map.isEmpty() ? log : e -> log.accept(
                    e.segment().equals(dev.goodhart.model.Segments.ALL) ? map.segmentOf(e.actor())
                            .map(team -> new ActivityEvent(e.timestamp(), e.actor(), e.tokens(), team,
                                    e.requestFingerprint(), e.agent(), e.artifact())).orElse(e) : e);
            long read;
            if (kind.equals("jsonl")) {
                try (var reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
                    read = JsonInput.streamEvents(reader, events, fingerprinter, sink);
                }
            } else {
                read = CsvEvents.builder().fingerprinter(fingerprinter).build().stream(file, sink);
            }
            if (log.eventCount() == 0) {
                throw new UsageException(events + ": no events (only a header?)");
            }
            // these readers refuse a bad row rather than skip it: every event read was used
            report = ActivityScorer.defaults().score(log)
                    .withInput(new EventAccount(events, "line", read, read, Map.of(), Map.of()));
        }
        if (report.actors().isEmpty()) {
            throw new UsageException(events + ": no usage to score (" + report.input().sentence() + ")");
        }
        return pseudonymise ? report.pseudonymised() : report;
    }

    /** Whether the file's first non-blank character opens a JSON object or array. */
    private static boolean looksLikeJson(Path file) throws IOException {
        try (var in = Files.newInputStream(file)) {
            int c;
            while ((c = in.read()) != -1) {
                if (c == '{' || c == '[') {
                    return true;
                }
                if (!Character.isWhitespace(c) && c != 0xEF && c != 0xBB && c != 0xBF) {
                    return false;
                }
            }
        }
        return false;
    }

    /** The period of the data ({@link Granularity#infer}); a usage error naming a stray date when it cannot be inferred. */
    static Granularity detectGranularity(List<Observation> observations) {
        List<LocalDate> dates = new ArrayList<>(observations.size());
        for (Observation o : observations) {
            dates.add(o.date());
        }
        try {
            return Granularity.infer(dates);
        } catch (IllegalArgumentException e) {
            throw new UsageException(e.getMessage() + " (--period day|week|month)");
        }
    }

    private static Metric metricSpec(String option, String spec, Role role) {
        String[] parts = spec.split(":", -1);
        String name = parts[0].strip();
        if (name.isEmpty()) {
            throw new UsageException(option + ": expected a metric name, found '" + spec + "'");
        }
        Direction direction = Direction.HIGHER;
        Aggregation aggregation = role == Role.PROXY ? Aggregation.SUM : Aggregation.MEAN;
        int next = 1;
        if (role == Role.OUTCOME) {
            if (parts.length < 2) {
                throw new UsageException("--outcome: expected NAME:lower or NAME:higher (which way is better), found '"
                        + spec + "'");
            }
            String dir = parts[1].strip().toLowerCase(Locale.ROOT);
            if (!dir.equals("lower") && !dir.equals("higher")) {
                throw new UsageException("--outcome: expected 'lower' or 'higher' after '" + name + ":', found '"
                        + parts[1] + "'");
            }
            direction = Direction.parse(dir);
            next = 2;
        }
        if (parts.length > next + 1) {
            throw new UsageException(option + ": too many ':' parts in '" + spec + "'");
        }
        if (parts.length == next + 1) {
            try {
                aggregation = Aggregation.parse(parts[next]);
            } catch (IllegalArgumentException e) {
                throw new UsageException(option + ": expected sum, mean or last after '" + name + ":', found '"
                        + parts[next] + "'");
            }
        }
        return new Metric(name, role, direction, "", aggregation);
    }

    private static Granularity granularity(String text) {
        try {
            return Granularity.parse(text);
        } catch (IllegalArgumentException e) {
            throw new UsageException("--period: expected auto, day, week or month, found '" + text + "'");
        }
    }

    private static LocalDate date(String option, String text) {
        try {
            return LocalDate.parse(text.strip());
        } catch (DateTimeParseException e) {
            throw new UsageException(option + ": expected a date as YYYY-MM-DD, found '" + text + "'");
        }
    }

    private static double number(String option, String text) {
        try {
            double v = Double.parseDouble(text.strip());
            if (!Double.isFinite(v)) {
                throw new NumberFormatException();
            }
            return v;
        } catch (NumberFormatException e) {
            throw new UsageException(option + ": expected a number after '=', found '" + text + "'");
        }
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    /** Writes to a temporary file next to the target and moves it into place, so no half-written report is left. */
    static void writeAtomically(Path target, String text) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path dir = absolute.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new NoSuchFileException(dir.toString());
        }
        Path tmp = Files.createTempFile(dir, "." + absolute.getFileName(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            // a temporary file is private (0600); a report gets the permissions of the file it replaces, else 0644
            try {
                Files.setPosixFilePermissions(tmp, Files.exists(absolute) ? Files.getPosixFilePermissions(absolute)
                        : java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: keep the default
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (java.nio.file.AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /** {@code --timeout}: seconds, or a number with s, m or h ({@code 30s}, {@code 2m}); null when not given. */
    private static java.time.Duration timeout(Options options) {
        String text = options.single("--timeout");
        if (text == null) {
            return null;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d{1,9})(s|m|h)?").matcher(text.strip());
        if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new UsageException("--timeout: expected a duration such as 30s, 2m or 1h, found '" + oneLine(text)
                    + "'");
        }
        long n = Long.parseLong(m.group(1));
        String unit = m.group(2) == null ? "s" : m.group(2);
        return unit.equals("h") ? java.time.Duration.ofHours(n) : unit.equals("m") ? java.time.Duration.ofMinutes(n)
                : java.time.Duration.ofSeconds(n);
    }

    /** One line, safe for a terminal: control characters (a newline, an escape sequence) are written as escapes. */
    private static String oneLine(String message) {
        return message == null ? "" : dev.goodhart.internal.Text.clean(message);
    }

    /** A user's mistake on the command line: exit 2 with the message. */
    static final class UsageException extends RuntimeException {
        private static final long serialVersionUID = 1L;

        UsageException(String message) {
            super(message);
        }
    }

    /** Parsed {@code --name value} options, in order. */
    static final class Options {
        /** Options that take no value. */
        private static final Set<String> FLAGS = Set.of("--pseudonymise", "--drop-outlying-dates", "--debug");
        private final Map<String, List<String>> values = new LinkedHashMap<>();

        static Options parse(String[] args, int from) {
            Options o = new Options();
            for (int i = from; i < args.length; i++) {
                String a = args[i];
                if (!a.startsWith("--")) {
                    throw new UsageException("unexpected argument '" + a + "'; options start with --");
                }
                String name = a;
                String value;
                int eq = a.indexOf('=');
                if (eq > 2) {
                    name = a.substring(0, eq);
                    value = a.substring(eq + 1);
                } else if (FLAGS.contains(name)) {
                    value = "true";
                } else {
                    if (i + 1 >= args.length || args[i + 1].startsWith("--")) {
                        throw new UsageException(name + ": expected a value after it");
                    }
                    value = args[++i];
                }
                o.values.computeIfAbsent(name, k -> new ArrayList<>()).add(value);
            }
            return o;
        }

        void allowOnly(String command, Set<String> allowed) {
            for (String name : values.keySet()) {
                if (!allowed.contains(name)) {
                    throw new UsageException("unknown option '" + name + "' for " + command + " (known: "
                            + String.join(", ", new TreeSet<>(allowed)) + ")");
                }
            }
        }

        List<String> all(String name) {
            return values.getOrDefault(name, List.of());
        }

        String single(String name) {
            List<String> v = all(name);
            if (v.size() > 1) {
                throw new UsageException(name + " given " + v.size() + " times; expected once");
            }
            return v.isEmpty() ? null : v.get(0);
        }

        String required(String name, String what) {
            String v = single(name);
            if (v == null) {
                throw new UsageException("missing " + name + " (" + what + ")");
            }
            return v;
        }
    }
}
