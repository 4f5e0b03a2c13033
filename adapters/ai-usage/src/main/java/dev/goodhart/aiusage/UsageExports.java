package dev.goodhart.aiusage;

import com.fasterxml.jackson.core.JsonParser;
import dev.goodhart.model.InvalidDataException;
import dev.goodhart.model.Observation;
import dev.goodhart.model.Segments;
import dev.goodhart.activity.ActivityEvent;
import dev.goodhart.activity.ActivityLog;
import dev.goodhart.activity.ActivityReport;
import dev.goodhart.activity.ActivityScorer;
import dev.goodhart.activity.DailyActivityScorer;
import dev.goodhart.activity.DailyUsage;
import dev.goodhart.activity.DailyUsageLog;
import dev.goodhart.activity.EventAccount;
import dev.goodhart.activity.Fingerprinter;
import dev.goodhart.aiusage.internal.BedrockParser;
import dev.goodhart.aiusage.internal.BucketPlaces;
import dev.goodhart.aiusage.internal.CopilotParser;
import dev.goodhart.aiusage.internal.Ctx;
import dev.goodhart.aiusage.internal.DayAggregator;
import dev.goodhart.aiusage.internal.FormatDetector;
import dev.goodhart.aiusage.internal.JsonRecords;
import dev.goodhart.aiusage.internal.OpenAiParser;
import dev.goodhart.aiusage.internal.Repeats;
import dev.goodhart.aiusage.internal.Row;
import dev.goodhart.aiusage.internal.Streams;
import dev.goodhart.source.EventSink;
import dev.goodhart.source.EventSource;
import dev.goodhart.source.ObservationSource;
import dev.goodhart.source.SourceException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.SequenceInputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;

/**
 * Reads AI usage exports ({@link UsageFormat}) as they come from the tools organisations pay for, streaming, in
 * bounded memory: one record at a time goes to a {@link UsageSink} (events or user-days, with the actor's segment
 * mapped), and is summed into per-segment daily observations.
 *
 * <h2>What it yields</h2>
 * <ul>
 *   <li>Observations per segment and day ({@link UsageRead#observations()}), for {@code score --data}: GitHub Copilot
 *       {@code prompts} (interactions the person started, plus CLI, app and third-party agent prompts),
 *       {@code generations}, {@code acceptances}, {@code acceptance_rate} (acceptances / generations),
 *       {@code suggested_lines}, {@code accepted_lines} ({@code loc_added_sum}), and where reported
 *       {@code requests}, {@code tokens}, {@code input_tokens}, {@code output_tokens}, {@code ai_credits}; Bedrock and
 *       OpenAI {@code requests},
 *       {@code tokens}, {@code input_tokens}, {@code output_tokens}, {@code cached_tokens}; all of them
 *       {@code active_users}, the actors with any activity that day (AI credits spent included).</li>
 *   <li>Events (Bedrock: one per invocation, tokens in and out, the request text fingerprinted and dropped) or
 *       user-days (Copilot, OpenAI) for the activity scorers: {@link #scoreActivity(Path)}.</li>
 * </ul>
 *
 * <h2>Segments</h2>
 * With an {@link ActorMap}, an actor's segment is its team (looked up by name, then by id or full ARN); actors the
 * map does not name go to the segment {@value #UNASSIGNED}, and the notes say how many. Without one, each actor is
 * its own segment in the observations (so a use-without-use pair is scored per person and for the organisation),
 * and all actors are compared with the whole organisation in the activity section. An OpenAI export grouped by
 * nothing that names an actor is the organisation's totals ({@code "*"}, no {@code active_users}); in one whose other
 * results name actors, a result that names none goes to {@value #UNATTRIBUTED}. Every day an OpenAI bucket covers is
 * a day of data: a segment without a result on it is 0. {@code tokens} is every token processed: input (Bedrock's
 * cache reads and writes included, as OpenAI's {@code input_tokens} includes cached tokens) plus output.
 *
 * <h2>Repeats</h2>
 * A record seen again (Copilot: the same user, by {@code user_id} where given, else {@code user_login}, and day; OpenAI: the same day, hour or minute, as its bucket starts,
 * and the same grouping: {@code project_id}, {@code user_id}, {@code api_key_id}, {@code model}, {@code batch},
 * {@code service_tier} and other grouping fields; Bedrock: the same {@code requestId}) with the same counts is counted
 * once and skipped in the account; a Copilot or OpenAI record with other counts is an {@link InvalidDataException}
 * naming both lines. An OpenAI day bucket that covers part of its day (a fetch's first, from its {@code start_time}, or
 * its last, to the time of the fetch) is held to the end of the read: where a whole bucket of its day and grouping was
 * read, or a wider part of the day, it lies inside it and is dropped with a note; of two parts that overlap in part
 * (one fetch's today so far and the next fetch's first bucket, from a local midnight west of UTC) the wider is kept and
 * the other dropped, counted and noted (its use outside the wider is not counted); two parts of the same span with
 * other counts are refused naming both. A day export and an hour (or minute) export of the same days would count that
 * use twice: a result of a whole day bucket whose UTC day and grouping a minute or hour bucket also holds, or the
 * reverse, is refused naming both buckets; a short day bucket only where one overlaps it in time; and so is a minute
 * bucket that overlaps an hour bucket of its grouping in time, or the reverse (an hour export and a minute export).
 * Only results of the same grouping are compared: exports of the same days fetched with other {@code group_by} (a day
 * export by {@code user_id}, an hour export by {@code user_id} and {@code model}) have other groupings, and are summed,
 * their use counted twice; read one {@code group_by}. Which width each OpenAI bucket has is read from its times, its
 * page and the buckets of its fetch next to it in time, whatever their order in the input ({@code OpenAiParser}): one
 * of an hour or less at midnight UTC waits for them (at most 64 at once; a day fetch's first, cut at 23:00, to the end
 * of the read); a width guessed, or told by the buckets next to it in time, is counted in a note. A Bedrock
 * {@code requestId} seen again is dropped whatever its counts (they are not compared). The keys are exact; the check of
 * the counts is a 32-bit hash, so a record with other counts is taken for a repeat about once in 2^32 such records.
 * Memory: 21 to 43 bytes a record (up to about 64 while the table doubles), an entry per distinct Copilot user or
 * OpenAI grouping (about 100 to 300 bytes), and, to name an earlier OpenAI bucket in a message, 21 to 43 bytes more per
 * result of a whole day bucket, per grouping and UTC day of minute or hour buckets (the first's), and per result of a
 * minute or hour bucket cut at its start or end (a fetch's first or last).
 *
 * <h2>Bad input</h2>
 * A truncated line, a record of another schema, a field of the wrong type: an {@link InvalidDataException} naming
 * the file, the line, and the field. Fields the reader does not use are skipped unread, so the preview schemas may
 * grow; fields it uses may be missing (not reported). A record that names no actor (Copilot without
 * {@code user_login} and {@code user_id}, Bedrock without {@code identity.arn}) is skipped and counted with its
 * reason in {@link UsageRead#account()}, as is a failed Bedrock invocation ({@code errorCode}, {@code status}
 * Failure); nothing is dropped silently. Gzip data that breaks names the line after which it broke.
 *
 * <p>Immutable and thread-safe; each read has its own state.
 */
public final class UsageExports {
    /** The segment of actors the actor map does not name. */
    public static final String UNASSIGNED = "unassigned";
    /**
     * The agent an Amazon Bedrock invocation is counted under where it returns a tool's result to the model (a
     * {@code toolResult} or {@code tool_result} block in its last user message): a step of an agent's tool loop, which
     * the activity signatures of a person's own typing (cadence, off-hours, splitting) leave out.
     */
    public static final String TOOL_LOOP = "tool-loop";
    /**
     * The agent an Amazon Bedrock invocation is counted under where its role session was named by an SDK or a compute
     * service (boto3's {@code botocore-session-...}): a scheduled job's, which no person types. Not the role's own
     * name, which a pseudonymised report would otherwise print in its sentences.
     */
    public static final String JOB = "job";
    /**
     * The segment of OpenAI results that name no user, API key or project in an export whose other results do: their
     * usage counts in the organisation's totals, never as the organisation's own series {@code "*"}.
     */
    public static final String UNATTRIBUTED = "(unattributed)";

    private final UsageFormat format;
    private final ActorMap actors;
    private final Fingerprinter fingerprinter;
    private final ZoneId zone;
    private final boolean namesInNotes;

    private UsageExports(Builder b) {
        this.format = b.format;
        this.actors = b.actors;
        this.fingerprinter = b.fingerprinter;
        this.zone = b.zone;
        this.namesInNotes = b.namesInNotes;
    }

    /** A reader that detects the format, maps nobody, fingerprints without a key and dates in UTC. */
    public static UsageExports defaults() {
        return builder().build();
    }

    /** A builder with the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Reads an export file (gzipped or not), handing its records to {@code sink}.
     *
     * @throws IOException          if the file cannot be read
     * @throws InvalidDataException for an unknown format, malformed JSON, or a field of the wrong type, naming the
     *                              file, line and field
     */
    public UsageRead read(Path file, UsageSink sink) throws IOException {
        notADirectory(file);
        Map<String, Long> later = laterRecords(file, file.toString());
        try (InputStream in = Files.newInputStream(file)) {
            return read(in, file.toString(), sink, later);
        }
    }

    /**
     * For a Copilot report read from a file: where records of the same user and day have other counts (two
     * overlapping reports, the earlier one's last days not yet final: GitHub's data finalises within three full UTC
     * days), the line of the last of them, which is kept (the later report in the read); null for other exports, and
     * where no two differ. A first pass over the file; a stream, read once, refuses such records instead.
     */
    private Map<String, Long> laterRecords(Path file, String name) throws IOException {
        if (format != null && format != UsageFormat.COPILOT) {
            return null;
        }
        try (InputStream in = Files.newInputStream(file)) {
            InputStream plain;
            try {
                plain = JsonRecords.open(in);
            } catch (Streams.BrokenGzipException e) {
                return null; // the read itself names it
            }
            byte[] head = JsonRecords.head(plain, FormatDetector.HEAD);
            UsageFormat f = format != null ? format : FormatDetector.detect(head).orElse(null);
            if (f != UsageFormat.COPILOT) {
                return null;
            }
            Reading scan = new Reading(f, name, UsageSink.NONE);
            scan.scanned = new HashMap<>();
            JsonRecords.read(new SequenceInputStream(new ByteArrayInputStream(head), plain), scan.ctx, scan::record);
            return scan.scanned.isEmpty() ? null : scan.scanned;
        }
    }

    private static void notADirectory(Path file) {
        if (Files.isDirectory(file)) {
            throw new InvalidDataException(file.toString(), 0, 0, "a directory; expected a file");
        }
    }

    /**
     * As {@link #read(Path, UsageSink)}, from a stream (read to its end, not closed); {@code source} names it. Read
     * once, a stream cannot keep the later of two Copilot records of the same user and day with other counts (a file
     * can): such records are refused.
     */
    public UsageRead read(InputStream in, String source, UsageSink sink) throws IOException {
        return read(in, source, sink, null);
    }

    private UsageRead read(InputStream in, String source, UsageSink sink, Map<String, Long> later)
            throws IOException {
        Objects.requireNonNull(sink, "sink");
        InputStream plain;
        try {
            plain = JsonRecords.open(Objects.requireNonNull(in, "in"));
        } catch (Streams.BrokenGzipException e) {
            throw new InvalidDataException(source, 0, 0, e.getMessage(), e);
        }
        byte[] head = JsonRecords.head(plain, FormatDetector.HEAD);
        UsageFormat f = format;
        if (f == null) {
            f = FormatDetector.detect(head).orElseThrow(() -> new InvalidDataException(source, 1, 0,
                    FormatDetector.explain(head).map(what -> "not a usage export: " + what).orElse(
                    "not a usage export Goodhart knows: expected GitHub Copilot user-level metrics (day, user_login, "
                            + "code_generation_activity_count, ...), an Amazon Bedrock model invocation log "
                            + "(schemaType ModelInvocationLog, identity.arn, modelId) or OpenAI usage buckets "
                            + "(start_time, results); name the format if it is one of them")));
        }
        Reading r = new Reading(f, source, sink);
        r.later = later;
        JsonRecords.read(new SequenceInputStream(new ByteArrayInputStream(head), plain), r.ctx, r::record);
        if (f == UsageFormat.OPENAI) {
            r.openAi.end(); // the buckets whose width waited for a bucket after them
        }
        return r.finish();
    }

    /**
     * The daily observations of an export file (see {@link UsageRead#observations()}) as an
     * {@link ObservationSource}, read again on every read: a record that is not valid is a {@link SourceException}
     * of reason {@code MALFORMED} naming the file, line and field; content that is no known export {@code MALFORMED}
     * too; a missing file {@code NOT_FOUND}; an export without a usable record {@code EMPTY}. The reader's notes
     * ({@link UsageRead#notes()}) reach the sink as warnings, after the observations.
     */
    public ObservationSource source(Path file) {
        Objects.requireNonNull(file, "file");
        String name = file.toString();
        return ObservationSource.of(name, sink -> {
            notADirectory(file);
            Map<String, Long> later = laterRecords(file, name);
            try (InputStream in = Files.newInputStream(file)) {
                return deliverObservations(in, name, sink, later);
            }
        });
    }

    /**
     * As {@link #source(Path)} for the bytes of {@code in} (standard input, a pipe; gzipped or not) named
     * {@code name}; it can be read once, and closes the stream when it is done.
     */
    public ObservationSource source(InputStream in, String name) {
        return ObservationSource.ofStream(name, in, (stream, sink) -> deliverObservations(stream, name, sink, null));
    }

    private long deliverObservations(InputStream in, String name, dev.goodhart.source.ObservationSink sink,
                                     Map<String, Long> later) throws IOException {
        UsageRead read = read(in, name, UsageSink.NONE, later);
        if (read.observations().isEmpty()) {
            throw new SourceException(SourceException.Reason.EMPTY, name, "no usage to score ("
                    + read.account().sentence() + ")", null);
        }
        for (Observation o : read.observations()) {
            sink.accept(o, 0, 0, false);
        }
        // what the reader should know (actors outside the map, records read twice, days without any record) reaches
        // score --data too, not only the activity section
        for (String note : read.notes()) {
            sink.warning(note);
        }
        return read.observations().size();
    }

    /**
     * The records of an export file for the activity scorers as an {@link EventSource}, read again on every read:
     * Bedrock's invocations as events, Copilot's and OpenAI's records as user-days, each with its segment mapped, then
     * the reader's notes ({@link UsageRead#notes()}); the account of the records is returned. Failures as
     * {@link #source(Path)}, except that an export whose records name no actor is not an error here (the account
     * says why they were skipped); but an OpenAI export grouped by nothing that names an actor (fetched without
     * {@code group_by}) is a {@link SourceException} of reason {@code EMPTY} that says how to fetch one that does.
     */
    public EventSource eventSource(Path file) {
        Objects.requireNonNull(file, "file");
        String name = file.toString();
        return EventSource.of(name, sink -> {
            notADirectory(file);
            Map<String, Long> later = laterRecords(file, name);
            try (InputStream in = Files.newInputStream(file)) {
                return deliverEvents(in, name, sink, later);
            }
        });
    }

    /**
     * As {@link #eventSource(Path)} for the bytes of {@code in} named {@code name}; it can be read once, and closes
     * the stream when it is done.
     */
    public EventSource eventSource(InputStream in, String name) {
        return EventSource.ofStream(name, in, (stream, sink) -> deliverEvents(stream, name, sink, null));
    }

    private EventAccount deliverEvents(InputStream in, String name, EventSink sink, Map<String, Long> later)
            throws IOException {
        long[] delivered = {0};
        UsageRead read = read(in, name, new UsageSink() {
            @Override
            public void event(ActivityEvent event) {
                delivered[0]++;
                sink.event(event);
            }

            @Override
            public void day(DailyUsage day) {
                delivered[0]++;
                sink.day(day);
            }
        }, later);
        if (delivered[0] == 0 && read.format() == UsageFormat.OPENAI && read.account().used() > 0) {
            throw new SourceException(SourceException.Reason.EMPTY, name, "no actor to score: the export names no "
                    + "user, API key or project (it was fetched without group_by, OpenAI's default, or grouped by "
                    + "model alone); fetch it again with group_by=user_id (or api_key_id, or project_id), or read it "
                    + "with --data for the "
                    + "organisation's daily totals (" + count(read.account().used(), "result", "results") + " read)",
                    null);
        }
        for (String note : read.notes()) {
            sink.note(note);
        }
        return read.account();
    }

    /**
     * The daily observations of an export, for metric scoring ({@code score --data}).
     *
     * @throws IOException          if the file cannot be read
     * @throws InvalidDataException for malformed input (see {@link #read(Path, UsageSink)})
     */
    public List<Observation> observations(Path file) throws IOException {
        return read(file, UsageSink.NONE).observations();
    }

    /**
     * Reads an export and scores its actors: Bedrock's events with {@link ActivityScorer}, Copilot's and OpenAI's
     * user-days with {@link DailyActivityScorer}, both with their defaults. The report carries the account of the
     * records read and the reader's notes.
     *
     * @throws IOException          if the file cannot be read
     * @throws InvalidDataException for malformed input (see {@link #read(Path, UsageSink)})
     */
    public ActivityReport scoreActivity(Path file) throws IOException {
        UsageFormat f = format != null ? format : UsageFormat.detect(file).orElse(null);
        if (f == UsageFormat.BEDROCK) {
            ActivityLog log = ActivityLog.create(zone);
            UsageRead read = read(file, new UsageSink() {
                @Override
                public void event(ActivityEvent event) {
                    log.accept(event);
                }
            });
            return ActivityScorer.defaults().score(log).withInput(read.account()).withNotes(read.notes());
        }
        DailyUsageLog log = DailyUsageLog.create();
        UsageRead read = read(file, new UsageSink() {
            @Override
            public void day(DailyUsage day) {
                log.accept(day);
            }
        });
        return DailyActivityScorer.defaults().score(log).withInput(read.account()).withNotes(read.notes());
    }

    /** The state of one read. */
    private final class Reading implements OpenAiParser.Results {
        final UsageFormat format;
        final UsageSink sink;
        final Ctx ctx;
        final Row row = new Row();
        final EventAccount.Tally tally;
        final DayAggregator days = new DayAggregator();
        final Repeats repeats = new Repeats();
        final OpenAiParser openAi = new OpenAiParser(zone, this);
        final Set<String> unmapped = new HashSet<>();
        long unattributed;
        /** Of {@link #unattributed}, the results that name a model (an OpenAI export grouped by model alone). */
        long unattributedWithModel;
        long attributed;
        long repeated;
        /**
         * A first pass's findings: per Copilot user and day whose records differ, the line of the last one (kept);
         * null when this is no first pass.
         */
        Map<String, Long> scanned;
        /** What a first pass found ({@link #scanned}), for the read itself; null when there was none. */
        Map<String, Long> later;
        /** Bedrock invocations whose role session an SDK or a service named, read as their role's; the roles. */
        long sessionRoleRecords;
        final Set<String> sessionRoles = new java.util.TreeSet<>();
        /**
         * Copilot users by GitHub id: the login they were first read under. A renamed user (a later report under a new
         * login, the same id) stays one actor under it (helper-165: two actors and two segments, one ending early and
         * one starting late, which reads like a team leaving and one joining).
         */
        final Map<String, String> loginOfUser = new HashMap<>();
        /** Records read under another login than their user's first, and the first such pair, for the note. */
        long renamedRecords;
        String renamedFirst;
        /** Copilot records a later record of the same user and day with other counts replaced, and the first's line. */
        long replaced;
        long replacedLine;
        /** The period of an OpenAI repeat, for the note. */
        String repeatedUnit = "day";
        long failed;
        long dailyBuckets;
        /** OpenAI results of short day buckets, held to the end of the read (a couple per grouping per fetch). */
        final List<Row> shortRows = new ArrayList<>();
        final List<Long> shortLines = new ArrayList<>();
        /** While the held short day buckets are used. */
        boolean finishing;
        /** Results of short day buckets dropped for a whole bucket of their day, or a wider short one. */
        long shortDropped;
        long shortWholeLine;
        /** Results of short day buckets dropped where a wider short one overlaps them in part; the first's and its line. */
        long shortOverlapped;
        long shortOverlappedLine;
        long shortWiderLine;
        /** Where some OpenAI results' buckets were (those a refusal may name), by their exact key in repeats. */
        final BucketPlaces places = new BucketPlaces();
        /** OpenAI buckets whose width was guessed, by width, and the line of the first. */
        long guessedDays;
        long guessedHours;
        long guessedMinutes;
        long guessedLine;
        /** OpenAI buckets at midnight whose width the buckets next to them in time told, by width; the first's line. */
        final long[] inferred = new long[3];
        long inferredLine;
        /** OpenAI pages that say more pages follow ({@code has_more}), the last one's line, and those that say none. */
        long pagesWithMore;
        long pageWithMoreLine;
        long lastPages;

        Reading(UsageFormat format, String source, UsageSink sink) {
            this.format = format;
            this.sink = sink;
            this.ctx = new Ctx(source);
            this.tally = new EventAccount.Tally(source, "line");
        }

        void record(JsonParser p, Ctx c) throws IOException {
            switch (format) {
                case COPILOT:
                    if (CopilotParser.parse(p, c, row)) {
                        use(row, c.line());
                    } else {
                        tally.skipped("without user_login or user_id", c.line());
                    }
                    break;
                case BEDROCK:
                    switch (BedrockParser.parse(p, c, row, zone, sink != UsageSink.NONE)) {
                        case READ:
                            use(row, c.line());
                            break;
                        case FAILED:
                            failed++;
                            tally.skipped("failed with an errorCode or status Failure", c.line());
                            break;
                        default:
                            tally.skipped("without identity.arn", c.line());
                    }
                    break;
                default:
                    openAi.top(p, c);
            }
        }

        @Override
        public void bucket(long day, boolean daily) {
            days.cover(day);
            if (daily) {
                dailyBuckets++;
            }
        }

        @Override
        public void result(Row r, long line) {
            use(r, line);
        }

        @Override
        public void guessed(long width, long line) {
            if (guessedDays + guessedHours + guessedMinutes == 0) {
                guessedLine = line;
            }
            if (width == OpenAiParser.DAY) {
                guessedDays++;
            } else if (width == OpenAiParser.HOUR) {
                guessedHours++;
            } else {
                guessedMinutes++;
            }
        }

        @Override
        public void inferred(long width, long line) {
            if (inferred[0] + inferred[1] + inferred[2] == 0) {
                inferredLine = line;
            }
            inferred[width == OpenAiParser.DAY ? 0 : width == OpenAiParser.HOUR ? 1 : 2]++;
        }

        @Override
        public void page(boolean more, long line) {
            if (more) {
                pagesWithMore++;
                pageWithMoreLine = line;
            } else {
                lastPages++;
            }
        }

        /**
         * A first pass over a Copilot report: where a user and day's records have other counts, the last one's line
         * (every record of such a user and day after the first that differs, identical or not, moves it on).
         */
        private void scan(Row r, long line) {
            if (r.identity == null) {
                return;
            }
            String key = r.identity + '\u0000' + r.slot;
            long first = repeats.check(r.identity, r.slot, 0, r.content(), line);
            if (first != Repeats.NEW && (first < 0 || scanned.containsKey(key))) {
                scanned.put(key, line);
            }
        }

        /** False when the record repeats one read before (then skipped and counted); refuses one that differs. */
        private boolean firstTime(Row r, long line) {
            if (r.identity == null) {
                return true;
            }
            if (format == UsageFormat.BEDROCK) {
                // a request id is unique: its invocation once, whatever the record says (its counts are not compared)
                if (repeats.firstRequest(r.identity)) {
                    return true;
                }
                repeated++;
                tally.skipped("with the requestId of an earlier invocation", line);
                return false;
            }
            if (r.shortDay && !finishing) {
                // part of a day: the whole day may come later in the read (the next fetch's)
                shortRows.add(r);
                shortLines.add(line);
                return false;
            }
            if (r.shortDay) {
                return firstShort(r, line);
            }
            int kind = format == UsageFormat.COPILOT || r.period == OpenAiParser.DAY ? 0
                    : r.period == OpenAiParser.HOUR ? 1 : 2;
            if (later != null && format == UsageFormat.COPILOT) {
                Long kept = later.get(r.identity + '\u0000' + r.slot);
                if (kept != null && kept != line) {
                    if (replaced++ == 0) {
                        replacedLine = line;
                    }
                    tally.skipped("replaced by a later record of the same user and day with other counts", line);
                    return false;
                }
            }
            long first = repeats.check(r.identity, r.slot, kind, r.content(), line);
            if (first == Repeats.NEW) {
                if (format == UsageFormat.OPENAI) {
                    keepPlace(r, kind);
                    otherWidths(r, line);
                }
                return true;
            }
            if (first > 0) {
                repeated++;
                repeatedUnit = unit(r);
                tally.skipped(format == UsageFormat.COPILOT ? "identical to an earlier record of the same user and day"
                        : "identical to an earlier result of the same " + unit(r) + " and grouping", line);
                return false;
            }
            if (format == UsageFormat.COPILOT) {
                throw new InvalidDataException(ctx.source(), line, 0, "a second record of " + r.actor + " on "
                        + LocalDate.ofEpochDay(r.day) + ", with other counts than the first (line " + -first + "): two "
                        + "overlapping exports of different dates, or two organisations' reports? Goodhart neither adds "
                        + "them up nor picks one: give each user and day once (where two exports overlap, the newer one's "
                        + "records), or read the reports, oldest first, from a file: the later record is then kept");
            }
            if (r.period == OpenAiParser.DAY) {
                throw new InvalidDataException(ctx.source(), line, 0, "a second whole bucket of the day "
                        + LocalDate.ofEpochDay(r.slot) + " (UTC) with the same grouping ("
                        + OpenAiParser.describeGrouping(r.identity) + "), with other counts than the first ("
                        + earlier(r.identity, r.slot, 0, -first) + "): this one is "
                        + bucketAt(r, line) + ". Two fetches of the day with other counts (OpenAI may still add late usage "
                        + "to a finished day)? Goodhart neither adds them up nor picks one: keep the bucket of the newer "
                        + "fetch and drop the other");
            }
            String period = "the " + unit(r) + " starting " + Instant.ofEpochSecond(r.slot * r.period);
            throw new InvalidDataException(ctx.source(), line, 0, "a second result of " + period + " with the same "
                    + "grouping (" + OpenAiParser.describeGrouping(r.identity) + "), with other counts than the first "
                    + "(line " + -first + "): two overlapping exports of different dates? Goodhart neither adds them up nor picks one: give each " + unit(r) + " once (where two "
                    + "exports overlap, each " + unit(r) + " from one of them)");
        }

        /**
         * The longest run of days without any record in a Copilot or Bedrock export read as days nobody used the tool
         * (a weekend with a holiday on each side); a longer run is read as days the export leaves out.
         */
        private static final int MAX_DAYS_NOBODY_USED = 4;

        /** The kept values of the first minute or hour result of a grouping and UTC day: whether hour or minute ones were. */
        private static final int HOURS_READ = 1 << 16;
        private static final int MINUTES_READ = 1 << 17;

        /**
         * Refuses a new OpenAI result of a whole day bucket where a minute or hour bucket of the same UTC day and
         * grouping was read, and one of a minute or hour bucket where a whole day bucket of them was (a day export and
         * an hour export of the same days: summed, their use counted twice); and one of a minute bucket that overlaps
         * an hour bucket of the same grouping in time, or the reverse (an hour export and a minute export). Remembers
         * the first minute or hour bucket of each grouping and UTC day (its line; its minute of the day, and whether
         * hour and minute buckets were read, as the kept values). Short day buckets are checked at the end of the read
         * ({@link #finerInside}).
         */
        private void otherWidths(Row r, long line) {
            long start = Math.floorDiv(r.millis, 1000);
            long utcDay = Math.floorDiv(start, OpenAiParser.DAY);
            if (r.period == OpenAiParser.DAY) {
                long finer = repeats.kept(r.identity, utcDay, 3);
                if (finer != Repeats.NEW) {
                    int minute = (int) (finer >>> 32) & 0xFFFF;
                    long width = (minute & 1) == 1 ? OpenAiParser.MINUTE : OpenAiParser.HOUR;
                    long slot = Math.floorDiv(utcDay * OpenAiParser.DAY + (minute >>> 1) * 60L, width);
                    throw widthsOverlap(r, line, finer & 0xFFFF_FFFFL, places.describe(repeats.key(r.identity, utcDay,
                            3), utcDay * OpenAiParser.DAY, finer & 0xFFFF_FFFFL, slot * width, (slot + 1) * width),
                            width);
                }
                return;
            }
            long whole = repeats.find(r.identity, utcDay, 0);
            if (whole != Repeats.NEW) {
                throw widthsOverlap(r, line, whole, earlier(r.identity, utcDay, 0, whole), OpenAiParser.DAY);
            }
            int minuteOfDay = (int) ((start - utcDay * OpenAiParser.DAY) / 60);
            int read = r.period == OpenAiParser.HOUR ? HOURS_READ : MINUTES_READ;
            long first = repeats.kept(r.identity, utcDay, 3);
            if (first == Repeats.NEW) {
                repeats.check(r.identity, utcDay, 3, minuteOfDay * 2 + (r.period == OpenAiParser.MINUTE ? 1 : 0) | read,
                        line);
                places.keep(repeats.key(r.identity, utcDay, 3), utcDay * OpenAiParser.DAY, start, r.end, r.at);
                return;
            }
            int flags = (int) (first >>> 32);
            if ((flags & read) == 0) {
                repeats.addBits(r.identity, utcDay, 3, read);
            }
            if ((flags & (HOURS_READ | MINUTES_READ) & ~read) != 0) {
                otherShorter(r, line, start);
            }
        }

        /**
         * Refuses a new result of a minute bucket that overlaps in time an hour bucket of its grouping read before, or
         * of an hour bucket that overlaps a minute bucket ({@link #refuseOverlap}).
         */
        private void otherShorter(Row r, long line, long start) {
            long end = r.end != Long.MIN_VALUE ? r.end : (r.slot + 1) * r.period;
            refuseOverlap(r, line, r.period == OpenAiParser.HOUR ? OpenAiParser.MINUTE : OpenAiParser.HOUR, start, end,
                    start, end);
        }

        /**
         * Refuses a result {@code r} where a result of its grouping in a bucket of {@code width} (an hour or a minute),
         * of a period from {@code from} to {@code to}, overlaps {@code start} to {@code end} in time: both named, with
         * their times (a bucket cut at its start or end by its own, kept in {@link #places}; others by their period's).
         */
        private void refuseOverlap(Row r, long line, long width, long from, long to, long start, long end) {
            int kind = width == OpenAiParser.HOUR ? 1 : 2;
            for (long slot = Math.floorDiv(from, width); slot * width < to; slot++) {
                long other = repeats.find(r.identity, slot, kind);
                if (other == Repeats.NEW) {
                    continue;
                }
                long key = repeats.key(r.identity, slot, kind);
                long otherStart = places.has(key) ? places.start(key, slot * width) : slot * width;
                long otherEnd = places.has(key) ? places.end(key, slot * width, (slot + 1) * width)
                        : (slot + 1) * width;
                if (otherStart < end && start < otherEnd) {
                    throw widthsOverlap(r, line, other, finerPlace(r.identity, slot, kind, other), width);
                }
            }
        }

        /**
         * Keeps the place of a new OpenAI result where a later refusal may name it: a whole day bucket's (named by a
         * second one with other counts, or a minute or hour bucket of its day), and a minute or hour bucket's cut at its
         * start or end (a fetch's first or last: its times, not its period's, tell what it overlaps). The first minute or
         * hour bucket of each grouping and UTC day is kept by {@link #otherWidths}.
         */
        private void keepPlace(Row r, int kind) {
            long start = Math.floorDiv(r.millis, 1000);
            boolean cut = r.end != Long.MIN_VALUE && (Math.floorMod(start, r.period) != 0 || r.end - start != r.period);
            if (r.period == OpenAiParser.DAY || cut) {
                places.keep(repeats.key(r.identity, r.slot, kind), r.slot * r.period, start, r.end, r.at);
            }
        }

        /**
         * A result read before, first seen on {@code line} and known by its grouping, period ({@code slot}) and kind, in
         * words: its bucket's place where it was kept, else its line and its period's times.
         */
        private String earlier(String identity, long slot, int kind, long line) {
            long width = kind == 0 ? OpenAiParser.DAY : kind == 1 ? OpenAiParser.HOUR : OpenAiParser.MINUTE;
            return places.describe(repeats.key(identity, slot, kind), slot * width, line, slot * width,
                    (slot + 1) * width);
        }

        /**
         * Refuses a result of a short day bucket where a minute or hour bucket of its day and grouping overlaps it in
         * time (today so far from a day fetch and the hours after it from an hour fetch do not).
         */
        private void finerInside(Row r, long line, long start, long end) {
            long first = repeats.kept(r.identity, r.slot, 3);
            if (first == Repeats.NEW) {
                return;
            }
            // within its UTC day, where the minute and hour buckets were marked
            long from = Math.max(start, r.slot * OpenAiParser.DAY);
            long to = Math.min(end, (r.slot + 1) * OpenAiParser.DAY);
            int flags = (int) (first >>> 32);
            if ((flags & HOURS_READ) != 0) {
                refuseOverlap(r, line, OpenAiParser.HOUR, from, to, start, end);
            }
            if ((flags & MINUTES_READ) != 0) {
                refuseOverlap(r, line, OpenAiParser.MINUTE, from, to, start, end);
            }
        }

        /**
         * The refusal of a result {@code r} on {@code line} whose UTC day and grouping a bucket of another width also
         * holds (its result first seen on {@code otherLine}, named {@code there}, of {@code otherWidth}): both named,
         * the one read first first. A day and a minute or hour bucket share a UTC day; an hour and a minute bucket
         * overlap in time, within an hour.
         */
        private InvalidDataException widthsOverlap(Row r, long line, long otherLine, String there, long otherWidth) {
            String here = bucketAt(r, line);
            String hereUnit = unit(r);
            String thereUnit = unit(otherWidth);
            boolean hereFirst = line < otherLine;
            long coarser = Math.max(r.period, otherWidth);
            String finer = unit(Math.min(r.period, otherWidth));
            long start = Math.floorDiv(r.millis, 1000);
            String what = coarser == OpenAiParser.DAY ? "the day " + LocalDate.ofEpochDay(Math.floorDiv(start,
                    OpenAiParser.DAY)) + " (UTC)" : "the hour from " + Instant.ofEpochSecond(Math.floorDiv(start,
                    OpenAiParser.HOUR) * OpenAiParser.HOUR);
            String big = unit(coarser);
            return new InvalidDataException(ctx.source(), Math.max(line, otherLine), 0, what + " of one grouping ("
                    + OpenAiParser.describeGrouping(r.identity) + ") is in " + article(hereFirst ? hereUnit : thereUnit)
                    + " bucket and in " + article(hereFirst ? thereUnit : hereUnit) + " bucket: " + (hereFirst ? here
                    : there) + ", and " + (hereFirst ? there : here) + ". " + capital(article(big)) + " export and "
                    + article(finer) + " export of the same " + big + "s, read together, would count that use twice: "
                    + "Goodhart neither adds them up nor picks one; read one bucket_width (the " + big + " export or the "
                    + finer + " export) for the " + big + "s they share");
        }

        /** "A day", from "a day". */
        private String capital(String s) {
            return Character.toUpperCase(s.charAt(0)) + s.substring(1);
        }

        /**
         * A minute or hour result of a grouping's UTC day, first seen on {@code line}, in words: its place where it was
         * kept (a bucket cut at its start or end), or where it is the first of its grouping and UTC day; else its line
         * and its period's times.
         */
        private String finerPlace(String identity, long slot, int kind, long line) {
            long width = kind == 1 ? OpenAiParser.HOUR : OpenAiParser.MINUTE;
            long key = repeats.key(identity, slot, kind);
            if (!places.has(key)) {
                long utcDay = Math.floorDiv(slot * width, OpenAiParser.DAY);
                long first = repeats.kept(identity, utcDay, 3);
                int minute = (int) (first >>> 32) & 0xFFFF;
                long mark = repeats.key(identity, utcDay, 3);
                if (first != Repeats.NEW && (first & 0xFFFF_FFFFL) == line && ((minute & 1) == 1) == (kind == 2)
                        && places.has(mark) && Math.floorDiv(places.start(mark, utcDay * OpenAiParser.DAY), width)
                        == slot) {
                    return places.describe(mark, utcDay * OpenAiParser.DAY, line, slot * width, (slot + 1) * width);
                }
            }
            return places.describe(key, slot * width, line, slot * width, (slot + 1) * width);
        }

        /** "a day", "an hour", "a minute". */
        private String article(String unit) {
            return (unit.equals("hour") ? "an " : "a ") + unit;
        }

        /** An OpenAI result's bucket in words: line 3, data[1], 2025-01-12T17:31:00Z to 2025-01-13T00:00:00Z. */
        private String bucketAt(Row r, long line) {
            long start = Math.floorDiv(r.millis, 1000);
            return "line " + line + (r.at == null || r.at.isEmpty() ? "" : ", " + r.at) + ", " + Instant.ofEpochSecond(start)
                    + " to " + (r.end == Long.MIN_VALUE ? "(no end_time)" : Instant.ofEpochSecond(r.end));
        }

        /** A short day bucket's span in seconds: its start to its end (midnight UTC without one). */
        private long shortEnd(Row r) {
            return r.end == Long.MIN_VALUE ? (r.slot + 1) * OpenAiParser.DAY : r.end;
        }

        /** The short day buckets' results already used at the end of the read, by grouping and day. */
        private final java.util.Map<String, List<Object[]>> shortKept = new java.util.HashMap<>();

        /**
         * Whether a held result of a short day bucket counts: not when a whole bucket of its day and grouping was
         * read (it lies inside it), nor when a wider short one of them holds its span (the same counts: a repeat;
         * other counts: the wider one is newer), nor when a wider (or as wide, read first) short one overlaps it in part
         * (two fetches' parts of one day: one fetch's today so far, from midnight UTC, and the next one's first bucket,
         * from a local midnight west of UTC; the use of the narrower outside the wider is lost, and a note says so);
         * refused when two of them cover the same span with other counts. Wider ones come first.
         */
        private boolean firstShort(Row r, long line) {
            long whole = repeats.find(r.identity, r.slot, 0);
            if (whole != Repeats.NEW) {
                shortDropped++;
                shortWholeLine = whole;
                tally.skipped("in a short day bucket inside the whole bucket of the same day and grouping", line);
                return false;
            }
            String key = r.slot + "\u0000" + r.identity;
            List<Object[]> kept = shortKept.computeIfAbsent(key, k -> new ArrayList<>());
            long start = Math.floorDiv(r.millis, 1000);
            long end = shortEnd(r);
            for (Object[] k : kept) {
                Row o = (Row) k[0];
                long oStart = Math.floorDiv(o.millis, 1000);
                long oEnd = shortEnd(o);
                boolean same = oStart == start && oEnd == end;
                if (oStart <= start && end <= oEnd && !(same && o.content() != r.content())) {
                    shortDropped++;
                    tally.skipped("in a short day bucket inside a wider one of the same day and grouping", line);
                    return false;
                }
                if (same) {
                    throw new InvalidDataException(ctx.source(), line, 0, "two short buckets of the day "
                            + LocalDate.ofEpochDay(r.slot) + " (UTC) with the same grouping ("
                            + OpenAiParser.describeGrouping(r.identity) + ") overlap with other counts: "
                            + bucketAt(o, (Long) k[1]) + ", and " + bucketAt(r, line) + ". Goodhart neither adds them "
                            + "up nor picks one: keep the bucket of the newer fetch, or fetch the day again whole");
                }
                if (start < oEnd && oStart < end) {
                    if (shortOverlapped++ == 0) {
                        shortOverlappedLine = line;
                        shortWiderLine = (Long) k[1];
                    }
                    tally.skipped("in a short day bucket that a wider one of the same day and grouping overlaps in "
                            + "part", line);
                    return false;
                }
            }
            finerInside(r, line, start, end);
            kept.add(new Object[] {r, line});
            return true;
        }

        /** The period of an OpenAI result's bucket in words: day, hour or minute. */
        private String unit(Row r) {
            return unit(r.period);
        }

        /** A bucket width in words: day, hour or minute. */
        private String unit(long width) {
            return width == OpenAiParser.DAY ? "day" : width == OpenAiParser.HOUR ? "hour" : "minute";
        }

        void use(Row r, long line) {
            try {
                if (r.day < LocalDate.of(1900, 1, 1).toEpochDay() || r.day > LocalDate.of(9999, 12, 31).toEpochDay()) {
                    throw new IllegalArgumentException("the record's date must be between the years 1900 and 9999");
                }
                if (scanned != null) {
                    scan(r, line);
                    return;
                }
                if (!firstTime(r, line)) {
                    return;
                }
                if (r.roleForSession) {
                    sessionRoleRecords++;
                    if (sessionRoles.size() < 100) {
                        sessionRoles.add(r.actor);
                    }
                }
                if (r.actor != null && r.alias != null && format == UsageFormat.COPILOT) {
                    String first = loginOfUser.putIfAbsent(r.alias, r.actor);
                    if (first != null && !first.equals(r.actor)) {
                        renamedRecords++;
                        if (renamedFirst == null) {
                            renamedFirst = r.actor + " (read as " + first + ", the same GitHub user " + r.alias + ")";
                        }
                        r.actor = first;
                    }
                }
                String team = null;
                if (r.actor != null && !actors.isEmpty()) {
                    team = actors.segmentOf(r.actor, r.alias).orElse(null);
                    if (team == null) {
                        team = UNASSIGNED;
                        unmapped.add(r.actor);
                    }
                }
                String actorName = r.actor == null ? null : r.actor.strip();
                if (actorName != null && actorName.isEmpty()) {
                    actorName = null;
                }
                String observationSegment = actorName == null ? UNATTRIBUTED : team != null ? team : actorName;
                if (actorName == null) {
                    unattributed++;
                    if (r.model != null) {
                        unattributedWithModel++;
                    }
                } else {
                    attributed++;
                }
                days.add(observationSegment, actorName, r);
                // a day the export has a record on is a day it covers: a segment without a record on it used nothing
                // (exports list the days with use; read as missing, a team's quiet days dropped out of its weekly
                // means and a team with no use before the date had no baseline at all)
                days.cover(r.day);
                if (actorName != null && sink != UsageSink.NONE) {
                    if (format == UsageFormat.BEDROCK) {
                        String fp = r.requestText == null || r.requestText.isBlank() ? null
                                : fingerprinter.fingerprint(r.requestText);
                        // a step that returns a tool's result is an agent's (its tool loop), not the person's typing;
                        // so is every request of a role whose sessions an SDK named: a job, which no person types
                        String agent = r.toolStep ? TOOL_LOOP : r.roleForSession ? JOB : null;
                        sink.event(new ActivityEvent(Instant.ofEpochMilli(r.millis), actorName, Math.max(0, r.tokens()),
                                team, fp, agent, null));
                    } else {
                        sink.day(new DailyUsage(LocalDate.ofEpochDay(r.day), actorName, team, r.prompts, r.requests,
                                r.tokens(), r.generations, r.acceptances, r.suggestedLines, r.acceptedLines,
                                r.promptsWhereAccepted()));
                    }
                }
                tally.used();
            } catch (InvalidDataException e) {
                throw e;
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new InvalidDataException(ctx.source(), line, 0, String.valueOf(e.getMessage()), e);
            }
        }

        UsageRead finish() {
            finishing = true;
            // the held results of short day buckets, the widest of each day and grouping first
            Integer[] order = new Integer[shortRows.size()];
            for (int i = 0; i < order.length; i++) {
                order[i] = i;
            }
            java.util.Arrays.sort(order, java.util.Comparator.comparingLong((Integer i) -> shortRows.get(i).millis
                    - shortEnd(shortRows.get(i)) * 1000).thenComparingLong(i -> shortLines.get(i)));
            for (Integer i : order) {
                use(shortRows.get(i), shortLines.get(i));
            }
            shortKept.clear();
            List<String> notes = new ArrayList<>();
            if (actors.isEmpty()) {
                notes.add("No actor map: each actor is its own segment in the daily metrics" + (namesInNotes ? ""
                        : ", under their own name (pseudonyms are the activity section's alone; map them to teams with "
                        + "an actor map)") + ", and every actor is compared with the whole organisation in the "
                        + "activity section.");
            } else if (!unmapped.isEmpty()) {
                List<String> names = unmapped.stream().sorted().limit(5).toList();
                String named = !namesInNotes ? "" : ": " + String.join(", ", names)
                        + (unmapped.size() > names.size() ? ", ..." : "");
                notes.add(String.format(Locale.ROOT, "%s not in the actor map%s%s; %s counted in the segment '%s'.",
                        count(unmapped.size(), "actor is", "actors are"), actors.source().isEmpty() ? ""
                                : " " + actors.source(), named, unmapped.size() == 1 ? "it was" : "they were",
                        UNASSIGNED));
            }
            if (unattributed > 0 && attributed == 0) {
                // grouped by nothing that names an actor: these are the organisation's totals
                days.rename(UNATTRIBUTED, Segments.ALL);
                notes.add(String.format(Locale.ROOT, "The export names no user, API key or project (%s; it was "
                        + "fetched %s): its usage counts in the organisation's daily totals only (score --data), and "
                        + "no actor can be scored. To score people or keys, fetch it again with group_by=user_id (or "
                        + "api_key_id, or project_id)%s.", count(unattributed, "result", "results"),
                        unattributedWithModel == unattributed ? "grouped by model alone"
                                : "without group_by, OpenAI's default",
                        unattributedWithModel == unattributed ? ", model beside it if wanted" : ""));
            } else if (unattributed > 0) {
                notes.add(String.format(Locale.ROOT, "%s no user, API key or project while the others do: counted "
                        + "in the segment '%s' (and so in the organisation's totals), not scored per actor.",
                        count(unattributed, "result names", "results name"), UNATTRIBUTED));
            }
            if (repeated > 0) {
                notes.add(String.format(Locale.ROOT, "%s an earlier one (%s; overlapping exports?) and %s "
                        + "once.", count(repeated, "record repeats", "records repeat"), switch (format) {
                            case COPILOT -> "the same user and day, the same counts";
                            case BEDROCK -> "the same requestId";
                            default -> "the same " + repeatedUnit + " and grouping, the same counts";
                        }, repeated == 1 ? "was counted" : "were counted"));
            }
            if (sessionRoleRecords > 0) {
                List<String> roles = new ArrayList<>(sessionRoles);
                notes.add(String.format(Locale.ROOT, "%s of role sessions an SDK or a service named (boto3's "
                        + "botocore-session-<time>, an instance or task id) %s as %s role's: %s (a job whose every run "
                        + "takes a new session is one actor, not one per run).", count(sessionRoleRecords,
                        "invocation", "invocations"), sessionRoleRecords == 1 ? "was read" : "were read",
                        roles.size() == 1 ? "its" : "their", String.join(", ", roles.subList(0, Math.min(3,
                                roles.size()))) + (roles.size() > 3 ? ", ..." : "")));
            }
            if (renamedRecords > 0) {
                notes.add(String.format(Locale.ROOT, "%s under another login than the same GitHub user's first (a "
                        + "renamed user), read as that user's%s.", count(renamedRecords, "record was",
                        "records were"), namesInNotes ? ": first " + renamedFirst : ""));
            }
            if (replaced > 0) {
                notes.add(String.format(Locale.ROOT, "%s by a later record of the same user and day with other counts "
                        + "(overlapping reports, the earlier one's last days not yet final: the later one in the read "
                        + "is kept; first at line %d). Read the reports oldest first.", count(replaced,
                        "record was replaced", "records were replaced"), replacedLine));
            }
            if (shortDropped > 0) {
                notes.add(String.format(Locale.ROOT, "%s of a short day bucket (a fetch's first, from its start_time, "
                        + "or its last, to the time of the fetch) %s: a whole bucket of the same day and grouping was "
                        + "read%s, or a wider short one, and holds %s.", count(shortDropped, "result", "results"),
                        shortDropped == 1 ? "was dropped" : "were dropped", shortWholeLine > 0 ? " (line "
                        + shortWholeLine + ")" : "", shortDropped == 1 ? "it" : "them"));
            }
            if (shortOverlapped > 0) {
                notes.add(String.format(Locale.ROOT, "%s of a short day bucket %s where a wider short bucket of the same "
                        + "day and grouping overlaps %s in part (first at line %d, the wider one at line %d): %s use "
                        + "outside it is not counted. Daily fetches from a local midnight west of UTC do this (one "
                        + "fetch's today so far, from midnight UTC, and the next fetch's first bucket, from that local "
                        + "midnight, share part of a UTC day): fetch from midnight UTC (a start_time that is a multiple of "
                        + "86400) to read whole days.", count(shortOverlapped, "result", "results"),
                        shortOverlapped == 1 ? "was dropped" : "were dropped", shortOverlapped == 1 ? "it" : "them",
                        shortOverlappedLine, shortWiderLine, shortOverlapped == 1 ? "its" : "their"));
            }
            long guessed = guessedDays + guessedHours + guessedMinutes;
            if (guessed > 0) {
                notes.add(guessed == 1 ? "1 bucket's width could not be told from its times or the buckets around it (no "
                        + "end_time, or a short bucket alone): " + readAs(new long[] {guessedDays, guessedHours,
                        guessedMinutes}) + " (line " + guessedLine + ")."
                        : String.format(Locale.ROOT, "%,d buckets' widths could not be told from their times or the "
                        + "buckets around them (no end_time, or a short bucket alone): %s (first at line %d).", guessed,
                        readAs(new long[] {guessedDays, guessedHours, guessedMinutes}), guessedLine));
            }
            long told = inferred[0] + inferred[1] + inferred[2];
            if (told > 0) {
                notes.add(told == 1 ? "1 bucket of an hour or less at midnight UTC took its width from the buckets next "
                        + "to it in time, read before or after it (a fetch's first bucket, cut at its start_time, or its "
                        + "last, cut at its end; no page of its own says the width): " + readAs(inferred) + " (line "
                        + inferredLine + ")."
                        : String.format(Locale.ROOT, "%,d buckets of an hour or less at midnight UTC took their widths "
                        + "from the buckets next to them in time, read before or after them (a fetch's first bucket, cut "
                        + "at its start_time, or its last, cut at its end; no page of their own says the width): %s (first "
                        + "at line %d).", told, readAs(inferred), inferredLine));
            }
            if (pagesWithMore > 0 && lastPages == 0) {
                // a fetch read whole ends with has_more false: every page saying more follow means pages are missing
                notes.add(String.format(Locale.ROOT, "%s more pages follow (has_more: true), and none says it is the "
                        + "last: the pages after the last one read (line %d) are missing, and the days they hold read "
                        + "as missing or short; fetch them with its next_page.",
                        pagesWithMore == 1 ? "The page read says"
                        : "Every page read says", pageWithMoreLine));
            }
            if (failed > 0) {
                notes.add(String.format(Locale.ROOT, "%s (an errorCode such as ThrottlingException, or status "
                        + "Failure): not counted as requests or tokens.", count(failed, "invocation failed",
                        "invocations failed")));
            }
            if (format == UsageFormat.COPILOT && tally.account().read() > 0
                    && !ZoneOffset.UTC.equals(zone.normalized())) {
                // helper-174: --zone was ignored for a Copilot export without a word, where OpenAI's day buckets say so
                notes.add("GitHub Copilot's records are dated by day (GitHub's day, in UTC), not by time: the zone "
                        + zone + " does not move them.");
            }
            if (dailyBuckets > 0 && !ZoneOffset.UTC.equals(zone.normalized())) {
                notes.add(String.format(Locale.ROOT, "%s (OpenAI's days, from midnight UTC); the zone %s applies "
                        + "to minute and hour buckets only.", count(dailyBuckets, "bucket of a day keeps its own date",
                        "buckets of a day keep their own dates"), zone));
            }
            if (format != UsageFormat.OPENAI) {
                // Copilot and Bedrock list the days with use: a weekend or a holiday nobody used the tool on has no
                // record at all. Read as missing, such days left the weeks before a date whose weekends first had use
                // after it (a script that runs on Sundays) five days long and the weeks after it seven, and every team's
                // daily mean fell by two sevenths. OpenAI's buckets say which days a fetch covered.
                DayAggregator.Gaps gaps = days.coverShortGaps(MAX_DAYS_NOBODY_USED);
                List<long[]> working = new ArrayList<>();
                for (long[] run : gaps.filled()) {
                    if (hasWorkingDay(run)) {
                        working.add(run);
                    }
                }
                if (!working.isEmpty()) {
                    // a weekend without a record is ordinary; a working day without one may be a fetch that failed
                    String first = (working.size() == 1 ? "from " : "the first from ")
                            + LocalDate.ofEpochDay(working.get(0)[0]) + " to " + LocalDate.ofEpochDay(working.get(0)[1]);
                    notes.add(String.format(Locale.ROOT, "%s with a working day and no record at all (%s) read as days "
                            + "nobody used the tool, 0 for every segment in the daily metrics: a holiday, or days the "
                            + "export leaves out (a daily fetch or a delivery that failed); if so, give the export of "
                            + "those days.", count(working.size(), "run of up to " + MAX_DAYS_NOBODY_USED + " days",
                            "runs of up to " + MAX_DAYS_NOBODY_USED + " days"), first));
                }
                List<long[]> longer = gaps.longer();
                if (!longer.isEmpty()) {
                    long[] longest = longer.get(0);
                    for (long[] g : longer) {
                        longest = g[1] - g[0] > longest[1] - longest[0] ? g : longest;
                    }
                    String where = longer.size() == 1 ? "No record at all from %2$s to %3$s (%4$d days)"
                            : "%1$,d runs of more than %5$d days without any record (the longest from %2$s to %3$s, "
                            + "%4$d days)";
                    notes.add(String.format(Locale.ROOT, where + ": read as missing for every segment in the daily "
                            + "metrics, since the export cannot tell a break nobody used the tool in from days it "
                            + "leaves out (up to %5$d days without any record between days with records, a weekend or "
                            + "a holiday, are read as days nobody used it: 0).", longer.size(),
                            LocalDate.ofEpochDay(longest[0]), LocalDate.ofEpochDay(longest[1]),
                            longest[1] - longest[0] + 1, MAX_DAYS_NOBODY_USED));
                }
            }
            days.fillCovered(attributed == 0 ? Segments.ALL : UNATTRIBUTED);
            return new UsageRead(format, tally.account(), days.observations(), notes);
        }
    }

    /** "read as a day bucket"; "2 read as day buckets, 1 as an hour bucket": counts of days, hours and minutes. */
    private static String readAs(long[] counts) {
        long all = counts[0] + counts[1] + counts[2];
        List<String> as = new ArrayList<>();
        String[] units = {"day", "hour", "minute"};
        for (int i = 0; i < 3; i++) {
            if (counts[i] > 0) {
                String what = counts[i] == 1 ? (units[i].equals("hour") ? "an " : "a ") + units[i] + " bucket"
                        : units[i] + " buckets";
                as.add((all == 1 ? "" : String.format(Locale.ROOT, "%,d ", counts[i])) + (as.isEmpty() ? "read as "
                        : "as ") + what);
            }
        }
        return String.join(", ", as);
    }

    /** Whether a run of epoch days holds a Monday to Friday. */
    private static boolean hasWorkingDay(long[] run) {
        for (long d = run[0]; d <= run[1]; d++) {
            if (LocalDate.ofEpochDay(d).getDayOfWeek().getValue() <= 5) {
                return true;
            }
        }
        return false;
    }

    /** "1 record", "2 records". */
    private static String count(long n, String one, String many) {
        return String.format(Locale.ROOT, "%,d %s", n, n == 1 ? one : many);
    }

    /** Configures {@link UsageExports}; validates each setting at once. */
    public static final class Builder {
        private UsageFormat format;
        private ActorMap actors = ActorMap.NONE;
        private Fingerprinter fingerprinter = Fingerprinter.unkeyed();
        private ZoneId zone = ZoneOffset.UTC;
        private boolean namesInNotes = true;

        private Builder() {
        }

        /** The export's format; null (the default) detects it from the content. */
        public Builder format(UsageFormat value) {
            this.format = value;
            return this;
        }

        /** Who belongs to which team (default: nobody is mapped). */
        public Builder actors(ActorMap value) {
            this.actors = Objects.requireNonNull(value, "actors");
            return this;
        }

        /** How Bedrock request text is fingerprinted (default unkeyed SHA-256; give a key for real logs). */
        public Builder fingerprinter(Fingerprinter value) {
            this.fingerprinter = Objects.requireNonNull(value, "fingerprinter");
            return this;
        }

        /**
         * The zone in which Bedrock invocations and OpenAI buckets fall on days (default UTC; Copilot's records are
         * dated by GitHub).
         */
        public Builder zone(ZoneId value) {
            this.zone = Objects.requireNonNull(value, "zone");
            return this;
        }

        /**
         * Whether notes may name people (actors missing from the actor map, a renamed user's logins); default true.
         * False for a pseudonymised report: the report renames its actors, and notes that name others would give them
         * away; the note on a missing actor map then says that the daily metrics' segments keep the actors' names.
         */
        public Builder namesInNotes(boolean value) {
            this.namesInNotes = value;
            return this;
        }

        /** Builds the reader. */
        public UsageExports build() {
            return new UsageExports(this);
        }
    }

    /** The format this reader assumes, empty when it detects it. */
    public Optional<UsageFormat> format() {
        return Optional.ofNullable(format);
    }
}
