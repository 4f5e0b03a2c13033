package dev.goodhart.examples;

import dev.goodhart.model.Frame;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import dev.goodhart.report.Verdict;
import dev.goodhart.scoring.Scorer;
import dev.goodhart.model.Segments;
import dev.goodhart.activity.ActivityReport;
import dev.goodhart.html.HtmlReport;
import dev.goodhart.json.JsonReport;
import dev.goodhart.report.ReportSink;
import dev.goodhart.source.ObservationSink;
import dev.goodhart.source.ObservationSource;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code goodhart score}: metrics from a file, standard input, a SQL query or Prometheus, and optionally a usage log,
 * scored into a report; or a usage log alone.
 */
@Command(name = "score", sortOptions = false, mixinStandardHelpOptions = true, versionProvider = Version.class,
        usageHelpAutoWidth = true,
        description = {"Score a long (date,segment,metric,value) or wide (date,segment,<metric>...) CSV file, a JSON "
                + "series file, an AI usage export, a SQL query (--jdbc) or PromQL range queries (--prometheus); or a "
                + "usage log alone (--events).", ""},
        exitCodeListHeading = "%nExit status:%n",
        exitCodeList = {"0:the report was written", "1:an internal error (one line; --debug prints the stack trace)",
                "2:a mistake in the command or the input: an unknown option, a missing or malformed file, a source "
                        + "that cannot be read or holds nothing to score (one line naming the file, line and column "
                        + "where known); also where nothing could be judged (every pair INSUFFICIENT_DATA: an "
                        + "intervention outside the data, too few periods): the report is written, and one line says "
                        + "why",
                "3:--fail-on: a segment reached the verdict given (the report was written)"},
        footerHeading = "%nExamples:%n",
        footer = {"  goodhart score --data metrics.csv --proxy tokens --outcome cycle_time:lower \\",
                "      --intervention 2025-01-06 --fail-on DIVERGING",
                "  goodhart score --data - --columns date=day,segment=team --proxy tokens \\",
                "      --outcome cycle_time:lower --format json --out - < wide.csv | jq .summary",
                "  goodhart score --events copilot.ndjson --actors teams.csv --format html \\",
                "      --out activity.html"})
final class ScoreCommand implements Callable<Integer> {
    @Mixin
    SourceOptions source;
    @Mixin
    ModelOptions model;
    @Mixin
    EventOptions events;
    @Mixin
    OutputOptions output;

    @Option(names = "--spill", paramLabel = "auto|always|never", converter = Converters.Spill.class,
            description = {"Keep the data and the findings in temporary files and write the JSON report a pair at a "
                    + "time, so that a million segments score in a 2 GB heap: auto (default) above "
                    + ScoreCommand.SPILL_ROWS_TEXT + " input rows of a --data file with --format json (text, HTML, "
                    + "standard input and queries stay in memory), always (needs --format json and --data FILE), or "
                    + "never."})
    Converters.SpillMode spill = Converters.SpillMode.AUTO;

    @Option(names = "--temp-dir", paramLabel = "DIR", description = {"Where --spill puts its temporary files (deleted "
            + "when the run ends); the default is java.io.tmpdir. Needs about 70 bytes per input row."})
    java.nio.file.Path tempDir;

    @Option(names = "--threads", paramLabel = "N", description = {"How many threads examine the segments: every "
            + "core by default, 1 for the calling thread alone. The report is the same either way (each segment's "
            + "randomness comes from its own seed)."})
    Integer threads;

    /** Above this many input rows, --spill auto spills. */
    static final long SPILL_ROWS = 5_000_000;
    static final String SPILL_ROWS_TEXT = "5,000,000";

    private final Io io;

    ScoreCommand(Io io) {
        this.io = io;
    }

    @Override
    public Integer call() throws IOException {
        long started = System.nanoTime();
        source.check();
        Workers.check(threads);
        events.check(source.data != null);
        output.refuseInputs("--data", source.data, "--events", events.events, "--actors",
                events.actors == null ? null : events.actors.toString(), "--fingerprint-key-file",
                events.keyFile == null ? null : events.keyFile.toString());
        if (source.stdin() && Sources.STDIN.equals(events.events)) {
            throw new UsageException("--data and --events both read standard input (-); give one of them a file");
        }
        if (source.count() == 0 && events.events != null) {
            if (spill == Converters.SpillMode.ALWAYS) {
                throw new UsageException("--spill always spills the observations of --data; a usage log alone "
                        + "(--events without --data) is read into bounded per-actor state and never spilled");
            }
            return activityAlone();
        }
        ActivityReport activity = events.events == null ? null : activity();
        if (source.count() == 0) {
            throw new UsageException("missing --data (a CSV file of observations, or --events for a usage log)");
        }
        model.check();
        // days without a row of a metric declared zero when absent read as 0; the summed proxies looked at for it
        ObservationSource metrics = dev.goodhart.source.AbsentDays.zeroWhenAbsent(
                Sources.metrics(source, events, model.metricNames(), io.in()), model.absentZero(),
                model.checkedForAbsentDays());
        // auto spills only where it can: a JSON report from a file (read again, unchanged); text, HTML, standard input
        // and a database or Prometheus query (which a second read could answer differently) stay in memory, as before
        boolean canSpill = output.format == Converters.Format.JSON && source.data != null && !source.stdin();
        Rows rows = new Rows(spill == Converters.SpillMode.ALWAYS ? 0
                : spill == Converters.SpillMode.AUTO && canSpill ? SPILL_ROWS : Long.MAX_VALUE);
        metrics.read(rows);
        dev.goodhart.model.Granularity period = checkWhatWasRead(metrics, rows);
        // an outcome without a unit whose values all lie in [0, 1] is a share near its ceiling (one decision a metric)
        for (String w : model.declareShares(rows.ranges())) {
            if (!output.quiet) {
                io.err().println("goodhart: warning: " + Main.oneLine(w));
            }
        }

        IntegrityModel built = model.model(period != null ? period : model.granularity(rows.datesByMetric()));
        if (rows.overflowed() || spill == Converters.SpillMode.ALWAYS) {
            return spilled(metrics, rows, built, activity, started);
        }
        Frame.Builder builder = Frame.builder(built).source(metrics.name()).duplicates(model.duplicates)
                .dropOutlyingDates(model.dropOutlyingDates);
        rows.replay(ObservationSink.into(builder));
        Frame frame = builder.build();
        warnOfNamesDifferingInCase(frame.segments());
        warnOfWavesWithoutRows(frame.segments());
        warnOfCountingChangesOutside(built, frame);
        Progress progress = new Progress(io, output.quiet, started, built.links().size());
        IntegrityReport report;
        try (Workers workers = Workers.of(threads)) {
            report = workers.on(Scorer.builder().alpha(model.alpha()).progress(progress)).build().score(built, frame);
        } finally {
            progress.finish();
        }
        if (activity != null) {
            report = report.withActivity(activity);
        }
        output.write(io, switch (output.format) {
            case JSON -> JsonReport.toJson(report);
            case HTML -> HtmlReport.render(report);
            default -> report.toText();
        });
        Verdicts verdicts = new Verdicts(output.failOn);
        for (PairResult p : report.pairs()) {
            verdicts.pair(p);
        }
        return verdicts.exit();
    }

    /**
     * Large data ({@code --spill}): the source read a second time into a frame that spills to files, scored with the
     * findings in a file, the JSON written a pair at a time; the same report as in memory.
     */
    private int spilled(ObservationSource metrics, Rows rows, IntegrityModel built, ActivityReport activity,
                        long started) throws IOException {
        String why = spill == Converters.SpillMode.ALWAYS ? "--spill always"
                : "more than " + SPILL_ROWS_TEXT + " rows (" + rows.count() + ")";
        if (output.format != Converters.Format.JSON) {
            throw new UsageException(why + ": the report is written a pair at a time, in JSON only; add --format json");
        }
        if (source.stdin()) {
            throw new UsageException(why + " from standard input, which can be read only once: give the file with "
                    + "--data FILE");
        }
        if (source.data == null) {
            throw new UsageException(why + " reads the source a second time, which a database or Prometheus query could "
                    + "answer differently: export it to a file and give it with --data FILE");
        }
        java.nio.file.Path parent = tempDir != null ? tempDir
                : java.nio.file.Path.of(System.getProperty("java.io.tmpdir"));
        java.nio.file.Path dir;
        try {
            dir = java.nio.file.Files.createTempDirectory(java.nio.file.Files.createDirectories(parent), "goodhart-");
        } catch (IOException e) {
            throw new UsageException("--temp-dir " + parent + ": cannot create a temporary directory there ("
                    + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        // everything this run writes is under dir: deleted when it ends, also when it fails or is stopped (Ctrl-C)
        Thread cleanup = new Thread(() -> deleteTree(dir), "goodhart-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        try {
            return spilledInto(dir, metrics, built, activity, started);
        } finally {
            deleteTree(dir);
            try {
                Runtime.getRuntime().removeShutdownHook(cleanup);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or ran: it deletes the same directory
            }
        }
    }

    /** Deletes a directory and what is in it, as far as it can (a temporary directory of this run). */
    private static void deleteTree(java.nio.file.Path dir) {
        try (java.util.stream.Stream<java.nio.file.Path> all = java.nio.file.Files.walk(dir)) {
            for (java.nio.file.Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                java.nio.file.Files.deleteIfExists(p);
            }
        } catch (IOException | java.io.UncheckedIOException e) {
            // nothing more to do: the directory is named in the temporary directory, goodhart-*
        }
    }

    private int spilledInto(java.nio.file.Path dir, ObservationSource metrics, IntegrityModel built,
                            ActivityReport activity, long started) throws IOException {
        Frame.Builder builder = Frame.builder(built).source(metrics.name()).duplicates(model.duplicates)
                .dropOutlyingDates(model.dropOutlyingDates).spillTo(dir);
        try {
            metrics.read(ObservationSink.into(builder));
        } catch (IOException | RuntimeException | Error e) {
            builder.discard();
            throw e;
        }
        Verdicts verdicts = new Verdicts(output.failOn);
        try (Frame frame = builder.build()) {
            warnOfNamesDifferingInCase(frame.segments());
            warnOfWavesWithoutRows(frame.segments());
            Progress progress = new Progress(io, output.quiet, started, built.links().size());
            try (Workers workers = Workers.of(threads)) {
                Scorer scorer = workers.on(Scorer.builder().alpha(model.alpha()).progress(progress).spillTo(dir))
                        .build();
                output.writeStreamed(io, out -> {
                    ReportSink json = JsonReport.sink(out, activity == null ? ActivityReport.EMPTY : activity);
                    try {
                        scorer.score(built, frame, verdicts.around(json));
                    } catch (java.io.UncheckedIOException e) {
                        throw e.getCause();
                    }
                });
            } finally {
                progress.finish();
            }
        }
        return verdicts.exit();
    }

    /**
     * What the verdicts of the pairs, seen one at a time, make of the run: nothing judged (every pair
     * INSUFFICIENT_DATA) is a usage error, and {@code --fail-on} names the segments that reached its verdict.
     */
    private final class Verdicts {
        private final dev.goodhart.report.Verdict failOn;
        private final Set<String> reached = new LinkedHashSet<>();
        private long pairs;
        private boolean allInsufficient = true;
        private String firstNote;

        Verdicts(dev.goodhart.report.Verdict failOn) {
            this.failOn = failOn;
        }

        void pair(PairResult p) {
            if (pairs++ == 0) {
                firstNote = p.notes().isEmpty() ? "no detector could run" : p.notes().get(0);
            }
            allInsufficient &= p.verdict() == Verdict.INSUFFICIENT_DATA;
            if (failOn != null && p.verdict().compareTo(failOn) >= 0) {
                reached.add(Segments.ALL.equals(p.segment()) ? "the whole organisation" : p.segment());
            }
        }

        /** {@code sink}, with every pair seen here on its way. */
        ReportSink around(ReportSink sink) {
            return new ReportSink() {
                @Override
                public void start(dev.goodhart.report.ReportHeader header) {
                    sink.start(header);
                }

                @Override
                public void pair(PairResult p) {
                    Verdicts.this.pair(p);
                    sink.pair(p);
                }

                @Override
                public void end() {
                    sink.end();
                }
            };
        }

        int exit() {
            if (pairs > 0 && allInsufficient) {
                // a mistyped intervention date or a too-short export must not read as a quiet, green night
                io.err().println("goodhart: nothing could be judged: every pair is INSUFFICIENT_DATA ("
                        + Main.oneLine(firstNote) + ")");
                return Main.USAGE;
            }
            return failOn(reached);
        }
    }

    /**
     * A wave of {@code --intervention DATE:SEGMENTS} names a segment the data does not have (a name written otherwise):
     * said, with the nearest names the data has, and, where that wave has the earliest date, that the organisation's
     * row is read from it all the same (its date is the earliest given).
     */
    /**
     * One warning line per --counting-change dated after the data's calendar, which divides nothing (helper-167:
     * README's own example date, after the sample's last week, was ignored without a word).
     */
    private void warnOfCountingChangesOutside(IntegrityModel built, Frame frame) {
        if (output.quiet || frame.periodCount() == 0) {
            return;
        }
        java.time.LocalDate first = frame.period(0);
        java.time.LocalDate last = frame.period(frame.periodCount() - 1);
        for (dev.goodhart.model.CountingChange c : built.countingChanges()) {
            if (frame.indexOf(c.date()) >= frame.periodCount()) {
                io.err().println("goodhart: warning: " + Main.oneLine("--counting-change " + c.metric() + ":"
                        + c.date() + " falls after the data (" + first + " to " + last + "): no value was divided "
                        + "by it"));
            }
        }
    }

    private void warnOfWavesWithoutRows(List<String> segments) {
        if (output.quiet) {
            return;
        }
        Set<String> present = new java.util.HashSet<>(segments);
        if (!model.interventions.isEmpty() && model.interventions.stream().noneMatch(i -> i.segments().isEmpty())) {
            Set<String> named = new java.util.HashSet<>();
            model.interventions.forEach(i -> named.addAll(i.segments()));
            long others = segments.stream().filter(s -> !named.contains(s)).count();
            if (others > 0) {
                // no date for the rest: they are read at the calendar's middle, as segments without an intervention
                io.err().println("goodhart: warning: " + Main.oneLine("every --intervention names its segments, so the "
                        + others + " other " + (others == 1 ? "segment has" : "segments have") + " no date: "
                        + (others == 1 ? "it is" : "they are") + " read before and after the calendar's middle and "
                        + "compared with as teams whose use did not move at the date; give a date for the rest "
                        + "(--intervention YYYY-MM-DD) if they had one"));
            }
        }
        java.time.LocalDate earliest = model.interventions.stream().map(dev.goodhart.model.Intervention::date)
                .min(java.time.LocalDate::compareTo).orElse(null);
        for (dev.goodhart.model.Intervention wave : model.interventions) {
            List<String> missing = wave.segments().stream().filter(s -> !present.contains(s)).sorted().toList();
            if (missing.isEmpty()) {
                continue;
            }
            Set<String> near = new java.util.LinkedHashSet<>();
            for (String m : missing) {
                if (segments.size() <= 100_000) {
                    near.addAll(Typos.nearest(m, segments));
                } else {
                    segments.stream().filter(s -> s.equalsIgnoreCase(m)).findFirst().ifPresent(near::add);
                }
            }
            boolean none = missing.size() == wave.segments().size();
            io.err().println("goodhart: warning: " + Main.oneLine("--intervention " + wave.date() + " names "
                    + (missing.size() == 1 ? "a segment the data does not have: " : "segments the data does not have: ")
                    + String.join(", ", missing) + (near.isEmpty() ? "" : " (did you mean "
                    + String.join(" or ", near) + "?)") + "; no segment is read from that date under "
                    + (missing.size() == 1 ? "that name" : "those names")
                    + (none && wave.date().equals(earliest) ? ", but the organisation's row is, the earliest date "
                    + "given" : "")));
        }
    }

    /**
     * Warns where segment names differ only in case ('Checkout' and 'checkout', as two sources joined may write one
     * team): they are scored as two segments, each with part of the team's data. Sorted, not hashed, so that a
     * million segments cost one array of references.
     */
    private void warnOfNamesDifferingInCase(List<String> segments) {
        if (output.quiet || segments.size() < 2) {
            return;
        }
        String[] sorted = segments.toArray(new String[0]);
        java.util.Arrays.sort(sorted, String.CASE_INSENSITIVE_ORDER);
        int groups = 0;
        String example = null;
        for (int i = 1; i < sorted.length; i++) {
            if (sorted[i].equalsIgnoreCase(sorted[i - 1]) && (i < 2 || !sorted[i - 1].equalsIgnoreCase(sorted[i - 2]))) {
                groups++;
                if (example == null) {
                    example = "'" + sorted[i - 1] + "' and '" + sorted[i] + "'";
                }
            }
        }
        if (groups > 0) {
            io.err().println("goodhart: warning: " + Main.oneLine("segments whose names differ only in case are scored "
                    + "apart, each with its own rows: " + example + (groups > 1 ? " (" + groups + " such groups)" : "")
                    + "; if they are one team, write its name one way in the data"));
        }
    }

    /**
     * Every metric of the model is in the data; Prometheus series carry the segment label; warnings are shown. Returns
     * the period the dates are read in where the warnings needed it, else null (quiet, or a period that cannot be
     * inferred: the model's error to report, after the warnings).
     */
    private dev.goodhart.model.Granularity checkWhatWasRead(ObservationSource metrics, Rows rows) {
        dev.goodhart.model.Granularity daily = null;
        Set<String> present = rows.metrics();
        for (String name : model.metricNames()) {
            if (!present.contains(name)) {
                // the nearest names, case aside first ("tokens" for a file's "Tokens": names are matched exactly)
                List<String> near = present.stream().filter(p -> p.equalsIgnoreCase(name)).toList();
                near = near.isEmpty() ? Typos.nearest(name, present) : near;
                throw new UsageException("metric '" + name + "' not found in " + metrics.name() + " (it has: "
                        + String.join(", ", present) + ")" + (near.isEmpty() ? ""
                        : "; did you mean " + near.stream().map(n -> "'" + n + "'")
                                .collect(java.util.stream.Collectors.joining(" or ")) + "? names match exactly"));
            }
        }
        if (source.prometheus != null && !rows.hasSegments()) {
            throw new UsageException("nothing to score per segment: no series has the label '"
                    + Sources.segmentLabel(source) + "'" + (rows.warnings().isEmpty() ? ""
                    : " (" + String.join("; ", rows.warnings()) + ")")
                    + "; --segment-label names the label that holds the segment");
        }
        if (!output.quiet) {
            for (String w : rows.warnings()) {
                io.err().println("goodhart: warning: " + Main.oneLine(w));
            }
            // each segment's rows of each metric by date, read once for the two checks below (not where the rows
            // were too many to hold or above ROW_CHECKS: the pooled dates then stand for the segments')
            java.util.Map<String, java.util.Map<String, java.util.TreeMap<java.time.LocalDate, Double>>> bySegment =
                    bySegment(rows);
            for (String w : nearMisses(present, model.metricNames(), bySegment)) {
                io.err().println("goodhart: warning: " + Main.oneLine(w));
            }
            // the period the dates will be read in (given or inferred)
            try {
                daily = model.granularity(rows.datesByMetric());
            } catch (UsageException e) {
                daily = null;
            }
            for (String name : model.metricNames()) {
                java.util.Collection<Set<java.time.LocalDate>> dates = bySegment == null
                        ? java.util.Collections.singletonList(rows.datesByMetric().get(name))
                        : bySegment.getOrDefault(name, java.util.Map.of()).values().stream()
                                .map(java.util.TreeMap::keySet).map(k -> (Set<java.time.LocalDate>) k).toList();
                String w = twoWeekly(name, dates);
                if (w != null) {
                    io.err().println("goodhart: warning: " + Main.oneLine(w));
                }
                // an exposure (a head count) is carried forward from its last row: one a week is no day missing
                w = daily == dev.goodhart.model.Granularity.DAY && !model.exposures().contains(name)
                        ? weeklyReadAsDaily(name, dates) : null;
                if (w != null) {
                    io.err().println("goodhart: warning: " + Main.oneLine(w));
                }
            }
            // the tool has a clock where the library has none: a date after tomorrow (UTC) is a typing slip or a
            // clock ahead, scored as given but said
            java.time.LocalDate today = java.time.LocalDate.now(java.time.ZoneOffset.UTC);
            java.util.Map<String, Set<java.time.LocalDate>> byMetric = new java.util.LinkedHashMap<>();
            for (String name : model.metricNames()) {
                byMetric.put(name, rows.datesByMetric().getOrDefault(name, Set.of()));
            }
            String future = datedAfter(byMetric, today, daily);
            if (future != null && model.dropOutlyingDates) {
                // helper-173: a row --drop-outlying-dates dropped was said to be "scored as given"
                future = future.replace("They are scored as given.", "They are scored as given, but for those "
                        + "--drop-outlying-dates drops (far from the bulk of the data: see the input account).");
            }
            if (future != null) {
                io.err().println("goodhart: warning: " + Main.oneLine(future));
            }
            for (dev.goodhart.model.Metric proxy : model.proxies) {
                String w = bySegment == null || proxy.aggregation() == dev.goodhart.model.Aggregation.LAST ? null
                        : runningTotalRowByRow(proxy.name(), bySegment.getOrDefault(proxy.name(), java.util.Map.of()));
                if (w != null) {
                    io.err().println("goodhart: warning: " + Main.oneLine(w));
                }
            }
        }
        return daily;
    }

    /**
     * A warning where a metric's rows come every 14 days (a sprint's value) in at least half the segments with 6 rows
     * of it or more (each with nine tenths of its gaps two weeks): there is no such period, so the periods between are
     * read as missing, and the detectors that read period-over-period changes cannot run; null otherwise.
     */
    static String twoWeekly(String metric, java.util.Collection<Set<java.time.LocalDate>> datesBySegment) {
        int read = 0;
        int sprints = 0;
        for (Set<java.time.LocalDate> dates : datesBySegment) {
            if (dates == null || dates.size() < 6) {
                continue;
            }
            read++;
            sprints += regular(dates, 14) != null ? 1 : 0;
        }
        if (read == 0 || 2 * sprints < read) {
            return null;
        }
        return metric + " has a row every 14 days (a sprint's?): there is no two-week period, so the periods between "
                + "its rows are read as missing, the detectors that read period-over-period changes cannot run for its "
                + "pairs, and fewer periods tell the expected response anything; give it weekly or daily";
    }

    /**
     * A warning for each metric of the data that no --proxy or --outcome names but that is a typing slip from one that
     * is (at most two edits, one where either name is shorter than five characters: {@link Typos#distance}; tokens_in
     * beside tokens is three, a column of its own): its rows are skipped, and the input account counts them without
     * naming the metric (a fuzzing helper's "cycle_tme" in a third of the rows: the organisation's score 60 to 40,
     * "skipped 347 of metrics the model does not declare"). A column
     * of its own beside the declared one (cycle_time_p90 beside cycle_time_p50) has a row of it wherever that one has
     * one, where a slip has its rows instead of the declared one's: it is named only where at most half its segments'
     * dates have the declared metric too. Nothing without each segment's rows ({@code bySegment} null: too many).
     */
    static List<String> nearMisses(Set<String> present, java.util.Collection<String> declared,
            java.util.Map<String, ? extends java.util.Map<String, ? extends java.util.SortedMap<java.time.LocalDate,
                    Double>>> bySegment) {
        List<String> out = new ArrayList<>();
        if (bySegment == null) {
            return out;
        }
        for (String name : present) {
            if (declared.contains(name)) {
                continue;
            }
            List<String> near = new ArrayList<>();
            for (String d : declared) {
                int distance = Typos.distance(name, d);
                if (distance > 0 && distance <= (Math.min(name.length(), d.length()) >= 5 ? 2 : 1)
                        && 2 * shared(bySegment.get(name), bySegment.get(d)) <= rows(bySegment.get(name))) {
                    near.add(d);
                }
            }
            if (!near.isEmpty()) {
                out.add(name + " is in the data but no --proxy or --outcome names it, so its rows are skipped; did you"
                        + " mean " + String.join(" or ", near) + "?");
            }
        }
        return out;
    }

    /** How many (segment, date) rows of {@code a} have a row of {@code b} too. */
    private static long shared(java.util.Map<String, ? extends java.util.SortedMap<java.time.LocalDate, Double>> a,
            java.util.Map<String, ? extends java.util.SortedMap<java.time.LocalDate, Double>> b) {
        long n = 0;
        if (a == null || b == null) {
            return 0;
        }
        for (java.util.Map.Entry<String, ? extends java.util.SortedMap<java.time.LocalDate, Double>> e : a.entrySet()) {
            java.util.SortedMap<java.time.LocalDate, Double> other = b.get(e.getKey());
            if (other != null) {
                for (java.time.LocalDate d : e.getValue().keySet()) {
                    n += other.containsKey(d) ? 1 : 0;
                }
            }
        }
        return n;
    }

    /** How many (segment, date) rows a metric has. */
    private static long rows(java.util.Map<String, ? extends java.util.SortedMap<java.time.LocalDate, Double>> a) {
        return a == null ? 0 : a.values().stream().mapToLong(java.util.SortedMap::size).sum();
    }

    /** The dates in order where nine tenths of the gaps between them are {@code days} days; null otherwise. */
    private static List<java.time.LocalDate> regular(Set<java.time.LocalDate> dates, int days) {
        List<java.time.LocalDate> sorted = new java.util.ArrayList<>(dates);
        java.util.Collections.sort(sorted);
        int regular = 0;
        for (int i = 1; i < sorted.size(); i++) {
            regular += java.time.temporal.ChronoUnit.DAYS.between(sorted.get(i - 1), sorted.get(i)) == days ? 1 : 0;
        }
        return regular >= 0.9 * (sorted.size() - 1) ? sorted : null;
    }

    /**
     * A warning where rows of {@code metric} are dated after the current period, read in {@code period} (null when
     * not known: a week), by its last day, and a day (a zone ahead of UTC may already be on the next day): a week's row
     * dated by the Sunday it ends or a month's by its last day is no slip. "tokens has rows on 3 dates after today
     * (2026-12-06, UTC), 2027-01-04 to 2027-01-18: a mistyped year, or a clock ahead? They are scored as given." Null
     * otherwise.
     */
    static String datedAfter(String metric, Set<java.time.LocalDate> dates, java.time.LocalDate today,
                             dev.goodhart.model.Granularity period) {
        return datedAfter(java.util.Map.of(metric, dates), today, period);
    }

    /**
     * As {@link #datedAfter(String, Set, java.time.LocalDate, dev.goodhart.model.Granularity)} for several metrics in
     * one line, the dates of all of them together: "tokens and cycle_time have rows on 3 dates after today ..." (a
     * line each read as the same line twice).
     */
    static String datedAfter(java.util.Map<String, Set<java.time.LocalDate>> byMetric, java.time.LocalDate today,
                             dev.goodhart.model.Granularity period) {
        java.time.LocalDate last = period == dev.goodhart.model.Granularity.DAY ? today
                : period == dev.goodhart.model.Granularity.MONTH
                ? java.time.YearMonth.from(today).atEndOfMonth() : today.plusDays(6);
        java.time.LocalDate limit = last.plusDays(1);
        List<String> metrics = new ArrayList<>();
        java.util.TreeSet<java.time.LocalDate> after = new java.util.TreeSet<>();
        for (java.util.Map.Entry<String, Set<java.time.LocalDate>> e : byMetric.entrySet()) {
            List<java.time.LocalDate> own = e.getValue().stream().filter(d -> d.isAfter(limit)).toList();
            if (!own.isEmpty()) {
                metrics.add(e.getKey());
                after.addAll(own);
            }
        }
        if (after.isEmpty()) {
            return null;
        }
        String who = metrics.size() == 1 ? metrics.get(0) + " has"
                : String.join(", ", metrics.subList(0, metrics.size() - 1)) + " and " + metrics.get(metrics.size() - 1)
                + " have";
        return who + " rows on " + (after.size() == 1 ? "1 date" : after.size() + " dates") + " after today ("
                + today + ", UTC), " + (after.size() == 1 ? after.first() : after.first() + " to " + after.last())
                + ": a mistyped year, or a clock ahead? They are scored as given.";
    }

    /**
     * A warning, for data read as daily, where a metric's rows come one a week in at least half the segments with 6
     * rows of it or more (nine tenths of each one's gaps 7 days): six days in seven are then missing and the detectors
     * that read day-over-day changes cannot run. The period is inferred from all segments' dates together, so weeks
     * dated on a Sunday in some segments and on a Monday in others read as daily (a fuzzing helper's organisation: 0
     * flagged read so, 4 GAMED with --period week), as do weekly rows with --period day; null otherwise.
     */
    static String weeklyReadAsDaily(String metric, java.util.Collection<Set<java.time.LocalDate>> datesBySegment) {
        return dev.goodhart.model.Granularity.weeklyInMostSegments(datesBySegment).map(weekly -> metric + " has "
                + weekly + ", read as daily data: six days in seven are read as missing and the detectors that read "
                + "day-over-day changes cannot run; give --period week").orElse(null);
    }

    /**
     * A warning where a proxy's rows, read one by one in date order within each segment (at the rows' own resolution:
     * daily rows in weekly periods), look like a running total (a counter's raw value, a "to date" column) in at
     * least half the segments with rows of it, by the rule the scorer applies to each pair's periods ({@code
     * RunningTotal}); the periods alone may be too few for that rule (13 weeks each side: 25 steps), and a reviewer's
     * steady teams were then read as rising (81 of 84 WATCH); or like a counter restarted often ({@link
     * #restartedCounter}). Where the segments' rows are too few for either rule one segment at a time, they are read
     * together: the segments (the organisation's row aside: a sum of many) of 8 steps or more whose rows fall at most
     * once other than to half or less (a reset: a new counter, a new month of a month-to-date column; at most one in 4
     * steps), at least half of their steps rising (not the scorer's one in ten for a sparse user's total: with resets
     * this frequent, a sparse user's use falling to none on its quiet days would read so), are read as counters;
     * where they are 4 or more and half the segments of 8 steps or more, with 100 steps or more in all and falls
     * other than resets at most one in 30 of those, the metric is named. Teams' weekly use falls in about four steps
     * of ten (a queue generator's organisations: 45-51%); use that grows fast and smoothly in every segment (weekly
     * active users in a roll-out) also rises in nearly every step, and the warning says so. Null otherwise.
     */
    static String runningTotalRowByRow(String metric,
                                       java.util.Map<String, java.util.TreeMap<java.time.LocalDate, Double>> bySegment) {
        int running = 0;
        String example = null;
        // the segments read together: those of 8 steps or more, those of them read as counters, and their steps
        int segments = 0;
        int counters = 0;
        int steps = 0;
        int falls = 0;
        int resets = 0;
        for (java.util.Map.Entry<String, java.util.TreeMap<java.time.LocalDate, Double>> e : bySegment.entrySet()) {
            boolean organisation = dev.goodhart.model.Segments.ALL.equals(e.getKey());
            double[] values = e.getValue().values().stream().mapToDouble(Double::doubleValue).toArray();
            int[] c = steps(values);
            java.util.Optional<int[]> found = dev.goodhart.scoring.internal.RunningTotal.find(values, organisation);
            if (found.isEmpty()) {
                found = restartedCounter(c);
            }
            if (found.isPresent()) {
                running++;
                if (example == null) {
                    example = "segment " + Main.oneLine(e.getKey()) + ": it does not fall in " + found.get()[0]
                            + " of " + found.get()[1] + " steps from one row's date to the next";
                }
            }
            if (!organisation && c[0] >= 8) {
                segments++;
                if (c[2] - c[3] <= 1 && 2 * c[1] >= c[0] && 4 * c[3] <= c[0]) {
                    counters++;
                    steps += c[0];
                    falls += c[2];
                    resets += c[3];
                }
            }
        }
        String howTo = "Goodhart reads the amount used in each period: give the differences (Prometheus: "
                + "increase(...), SQL: value - lag(value))";
        if (running > 0 && 2 * running >= bySegment.size()) {
            return metric + " looks like a running total (a counter's raw value, a \"to date\" column) in " + running
                    + " of " + bySegment.size() + " segments read row by row (" + example + "); " + howTo;
        }
        if (counters < 4 || 2 * counters < segments || steps < 100 || 30 * (falls - resets) > steps) {
            return null;
        }
        return metric + " looks like a running total (a counter's raw value, a \"to date\" column) in " + counters
                + " of " + segments + " segments with 9 rows or more, read together (of their " + steps + " steps from "
                + "one row's date to the next, " + (steps - falls) + " rose or held and " + falls + " fell, " + resets
                + " of them to half or less as a counter's reset does; too few steps a segment for one alone to tell); "
                + howTo + ". Use given per period that rose in nearly every period of every segment reads so too, and "
                + "is read as given";
    }

    /**
     * A counter restarted often (an exporter that restarts every few days: its raw value climbs, drops to near 0, and
     * climbs again): at least 26 steps between rows, every fall a drop to half or less of the value before (a
     * restart; at most one in 4 steps) and no other fall in 30 steps, at least half of them rising. Daily use falls by
     * less than that on about a third of its days, so it is never read so. {steps that did not fall, steps}, or empty.
     */
    static java.util.Optional<int[]> restartedCounter(double[] values) {
        return restartedCounter(steps(values));
    }

    /** As {@link #restartedCounter(double[])}, from the values' {@link #steps}. */
    private static java.util.Optional<int[]> restartedCounter(int[] c) {
        int steps = c[0];
        int restarts = c[3];
        boolean counter = steps >= 26 && restarts > 0 && 2 * c[1] >= steps && 4 * restarts <= steps
                && 30 * (c[2] - restarts) <= steps;
        return counter ? java.util.Optional.of(new int[] {steps - c[2], steps}) : java.util.Optional.empty();
    }

    /**
     * {steps, rises, falls, falls to half or less (a counter's reset)} between consecutive values (none missing: the
     * row-level checks hold only valued rows).
     */
    static int[] steps(double[] values) {
        int[] c = new int[4];
        for (int t = 1; t < values.length; t++) {
            double a = values[t - 1];
            double b = values[t];
            c[0]++;
            c[1] += b > a ? 1 : 0;
            if (b < a) {
                c[2]++;
                c[3] += b <= a / 2 ? 1 : 0;
            }
        }
        return c;
    }

    /** The most rows the row-level checks read (a map entry each: about 100 bytes a row). */
    static final int ROW_CHECKS = 1_000_000;

    /**
     * Each metric's rows per segment by date, a date's values summed (a sprint's rows can be staggered between teams,
     * so that the dates of all the segments together come a week apart; a running total shows row by row); null where
     * the rows were not held (more than the spill limit) or are more than {@value #ROW_CHECKS}.
     */
    private static java.util.Map<String, java.util.Map<String, java.util.TreeMap<java.time.LocalDate, Double>>> bySegment(
            Rows rows) {
        if (rows.overflowed() || rows.count() > ROW_CHECKS) {
            return null;
        }
        java.util.Map<String, java.util.Map<String, java.util.TreeMap<java.time.LocalDate, Double>>> out =
                new java.util.HashMap<>();
        for (dev.goodhart.model.Observation o : rows.observations()) {
            if (!Double.isNaN(o.value())) {
                out.computeIfAbsent(o.metric(), m -> new java.util.HashMap<>())
                        .computeIfAbsent(o.segment(), x -> new java.util.TreeMap<>()).merge(o.date(), o.value(),
                                Double::sum);
            }
        }
        return out;
    }

    /** {@code --events} alone: the activity report in text, JSON or HTML. */
    private int activityAlone() throws IOException {
        String metricOption = model.firstGiven();
        if (metricOption != null) {
            throw new UsageException(metricOption + " needs --data (a CSV file of observations)");
        }
        if (output.failOn != null) {
            throw new UsageException("--fail-on needs --data (verdicts are given to metrics, not to usage logs)");
        }
        if (source.numberFormat != null) {
            throw new UsageException("--number-format says how a CSV file given with --data writes numbers; a usage "
                    + "log's tokens are whole numbers");
        }
        ActivityReport activity = activity();
        output.write(io, switch (output.format) {
            case JSON -> JsonReport.toJson(activity);
            case HTML -> HtmlReport.render(activity);
            default -> activity.toString();
        });
        return 0;
    }

    /**
     * The usage log's report. A file whose records came out of time order (a newer export concatenated before an
     * older one, an API dump newest first; an actor's records later than the logs' reorder window) is read a second
     * time with every actor's records held until the end, so that they count as in a sorted file: read once, the
     * late ones were left out of the daily statistics and a reversed Copilot sample lost its flagged actor (a
     * helper's probe: a simulation's 36 flagged of 36 fell to 0). Standard input is copied to a temporary file as it
     * is read ({@link Spool}) for the second read; where it cannot be kept the note of the late records stands.
     */
    private ActivityReport activity() throws IOException {
        ActivityReport report = activityRead();
        // as for metrics' rows: a usage log's records after tomorrow (UTC) are a clock ahead or a slip, scored as given
        String w = eventsAfter(report.last(), java.time.Instant.now());
        if (w != null && !output.quiet) {
            io.err().println("goodhart: warning: " + Main.oneLine(w));
        }
        return report;
    }

    /**
     * A warning where a usage log's last record ({@code last}, null for none) is dated after the day after {@code
     * now}'s (UTC): "the usage log runs to 2027-01-18T09:00:00Z, after today (2026-12-06, UTC): a mistyped year, or a
     * clock ahead? Its records are scored as given." Null otherwise.
     */
    static String eventsAfter(java.time.Instant last, java.time.Instant now) {
        java.time.LocalDate today = now.atZone(java.time.ZoneOffset.UTC).toLocalDate();
        if (last == null || !last.isAfter(today.plusDays(2).atStartOfDay(java.time.ZoneOffset.UTC).toInstant())) {
            return null;
        }
        return "the usage log runs to " + last + ", after today (" + today + ", UTC): a mistyped year, or a clock "
                + "ahead? Its records are scored as given.";
    }

    private ActivityReport activityRead() throws IOException {
        if (!Sources.STDIN.equals(events.events)) {
            return activityRead(io.in(), null);
        }
        try (Spool spool = Spool.of(io.in())) {
            return activityRead(spool.input(), spool);
        }
    }

    /** The usage log read from {@code in}, and read again where it was not in time order (from the spool, if any). */
    private ActivityReport activityRead(java.io.InputStream in, Spool spool) throws IOException {
        ActivityReport once = Activity.score(Sources.events(events, events.fingerprinter(), source.zone, in),
                events.actorMap(), events.pseudonymise);
        if (once.lateEvents() == 0 || once.first() == null || once.last() == null) {
            return once;
        }
        java.io.InputStream second;
        try {
            second = spool == null ? io.in() : spool.again();
        } catch (IOException e) {
            return once.withNotes(List.of(Main.oneLine(e.getMessage()) + ": the records that came late stay out "
                    + "of the daily statistics."));
        }
        java.time.Duration span = java.time.Duration.between(once.first(), once.last()).plusDays(2);
        ActivityReport sorted = Activity.score(Sources.events(events, events.fingerprinter(), source.zone, second),
                events.actorMap(), events.pseudonymise, span);
        String unit = once.basis() == ActivityReport.Basis.USER_DAYS ? "records" : "events";
        return sorted.withNotes(List.of(String.format(java.util.Locale.ROOT, "%,d %s came after later ones of the "
                + "same actor (%s not in time order, or an export's partial days held to the end of the read in case "
                + "the whole day came later): %s was read a second time with each actor's records held until the "
                + "end, so every record counts as in a sorted file.", once.lateEvents(), unit,
                spool == null ? "a file" : "input",
                spool == null ? "it" : "standard input, kept in a temporary file,")));
    }

    /** Exit status {@value Main#FAILED} with one line naming the segments when any reaches --fail-on's verdict. */
    private int failOn(Set<String> reached) {
        if (output.failOn == null || reached.isEmpty()) {
            return 0;
        }
        List<String> names = new ArrayList<>(reached);
        String shown = String.join(", ", names.subList(0, Math.min(10, names.size())))
                + (names.size() > 10 ? ", ... (" + (names.size() - 10) + " more)" : "");
        long segments = names.stream().filter(n -> !n.equals("the whole organisation")).count();
        boolean organisation = names.contains("the whole organisation");
        String who = (organisation ? "the whole organisation" + (segments > 0 ? " and " : "") : "")
                + (segments > 0 ? segments + (segments == 1 ? " segment" : " segments") : "");
        String level = output.failOn == Verdict.GAMED ? "GAMED" : output.failOn + " or worse";
        io.err().println("goodhart: " + who + " at " + level + " (--fail-on " + output.failOn + "): "
                + Main.oneLine(shown));
        return Main.FAILED;
    }
}
