package dev.goodhart.csv;

import ch.randelshofer.fastdoubleparser.JavaDoubleParser;
import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import de.siegmar.fastcsv.writer.QuoteStrategy;
import dev.goodhart.model.Frame;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.InvalidDataException;
import dev.goodhart.model.Observation;
import dev.goodhart.model.Segments;
import dev.goodhart.source.ObservationSink;
import dev.goodhart.source.ObservationSource;
import dev.goodhart.source.SourceException;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * Reads metric observations from CSV files with FastCSV (RFC 4180), in the two layouts of the design contract.
 *
 * <ul>
 *   <li><b>Long</b> (the default): header {@code date,segment,metric,value}, one observation per row.</li>
 *   <li><b>Wide</b>: header {@code date,segment,<metric>,<metric>...}, one row per date and segment, one column per
 *       metric; detected when the header has no {@code metric} and {@code value} columns.</li>
 * </ul>
 *
 * <p>Header names are matched case-insensitively and may come in any order; the {@code segment} column may be left
 * out (every row then belongs to the whole organisation) and an empty segment means the whole organisation. Files
 * whose columns are named otherwise ({@code day,team,name,v}) are read by naming them on the builder
 * ({@link Builder#dateColumn}, {@link Builder#segmentColumn}, {@link Builder#metricColumn},
 * {@link Builder#valueColumn}); {@link Builder#layout} fixes the layout instead of detecting it.
 * {@code date} is an ISO-8601 date ({@code 2025-01-06}) or date-time ({@code 2025-01-06T09:30:00Z},
 * {@code 2025-01-06T09:30:00+02:00}, {@code 2025-01-06T09:30:00}); a date-time with an offset is taken in the reader's
 * zone (UTC unless {@link Builder#zone} says otherwise), one without an offset as written; rows with a date-time are
 * samples, several a day (never duplicates). {@code value} is a decimal
 * number ({@code 12}, {@code -3.5}, {@code 1.2e6}), or written as {@link Builder#numberFormat} declares ({@code 1.234,5},
 * {@code 1,234.5}, ...); {@code NA} or {@code NaN} mark a value as explicitly missing; in the
 * wide layout an empty cell means "not observed". Files are UTF-8, with or without a byte-order mark. Quoting is RFC
 * 4180's: a quoted cell may hold the delimiter, quotes (doubled) and line breaks, and nothing may stand between its
 * closing quote and the next delimiter or the end of the line.
 *
 * <p>Anything else fails with an {@link InvalidDataException} that names the file, the line, the column and what was
 * expected. Without a declared number format, a metric read that looks written with a point grouping thousands is
 * refused at the end of the file, after every row was read, where no value in the file has a point such a writer would
 * not write ({@code 5.61}, {@code 0.125}, {@code 41949.000}, an exponent): values such as {@code 21.455} (one to three
 * digits, not starting with 0, a point, exactly three digits), and, in a semicolon-separated file, three of them or
 * one beside a plain value below 10,000 or a zero; elsewhere three beside at least two plain values below 1000 (and
 * one in twenty), unless a plain value of 10,000 or more, or of 1000 to 9999 beside a grouped {@code 1.204}, settles
 * it. {@code 21.455} there is 21,455, and read as twenty-one it would be silently wrong by a thousandfold. Three or more
 * such values, or one beside plain values, with nothing to tell are read as decimals with a warning
 * ({@link ObservationSink#warning} for {@link #source(Path)}; logged, SLF4J WARN, otherwise). Shapes are kept for at most
 * 10,000 metrics.
 * {@link #read(Path)} and {@link #frame(IntegrityModel, Path)} are all-or-nothing: a file that fails half-way
 * returns nothing. {@link #stream(Path, Consumer)} hands rows over as they are read, for files too big for memory; it
 * stops at the first bad row, and the caller decides what to do with what it already received.
 *
 * <p>Instances are immutable and thread-safe.
 *
 * <pre>{@code
 * List<Observation> rows = CsvMetrics.defaults().read(Path.of("metrics.csv"));
 * IntegrityReport report = Goodhart.score(model, rows);
 * }</pre>
 */
public final class CsvMetrics {
    /** Appended to a header error: how to read columns named otherwise. */
    static final String COLUMNS_HINT = "; name the columns with --columns (command line) or the builder's *Column methods";
    /** Appended to a long file's unexpected column: naming all four columns leaves the others out. */
    static final String OTHER_COLUMNS_HINT = " (naming all four, e.g. --columns date=date,segment=segment,metric=metric,"
            + "value=value, leaves other columns out; a file without a segment column needs one, empty for the "
            + "organisation)";

    private static final CsvMetrics DEFAULTS = builder().build();

    private final char delimiter;
    /** The declared number format, or null: plain decimals, checked for a point grouping thousands. */
    private final NumberFormat numberFormat;
    private final ZoneId zone;
    private final String dateColumn;
    private final String segmentColumn;
    private final String metricColumn;
    private final String valueColumn;
    /** Which columns were named on the builder: those must be in the header. */
    private final boolean segmentNamed;
    private final boolean longNamed;
    /** Whether all four columns of the long layout were named: then other columns are left out, not refused. */
    private final boolean allNamed;
    private final Layout layout;
    /** The columns of a wide file read as metrics (lower case), or null for every column after date and segment. */
    private final java.util.Set<String> wideMetrics;
    /** The metrics to read as they were given, by their lower-case names, for messages. */
    private final java.util.Map<String, String> wideMetricNames;

    private CsvMetrics(Builder b) {
        this.delimiter = b.delimiter;
        this.numberFormat = b.numberFormat;
        this.zone = b.zone;
        this.dateColumn = b.dateColumn;
        this.segmentColumn = b.segmentColumn;
        this.metricColumn = b.metricColumn;
        this.valueColumn = b.valueColumn;
        this.segmentNamed = b.segmentNamed;
        this.longNamed = b.longNamed;
        this.allNamed = b.dateNamed && b.segmentNamed && b.metricNamed && b.valueNamed;
        this.layout = b.layout;
        this.wideMetrics = b.wideMetrics == null ? null : java.util.Set.copyOf(b.wideMetrics);
        this.wideMetricNames = java.util.Map.copyOf(b.wideMetricNames);
    }

    /** Comma-separated, date-times converted to UTC dates. */
    public static CsvMetrics defaults() {
        return DEFAULTS;
    }

    /** A builder starting from the defaults. */
    public static Builder builder() {
        return new Builder();
    }

    /** The layout of a metrics CSV file, detected from its header. */
    public enum Layout {
        /** {@code date,segment,metric,value}: one observation per row. */
        LONG,
        /** {@code date,segment,<metric>...}: one column per metric. */
        WIDE
    }

    /**
     * How a file writes its numbers: which character, if any, groups the thousands and which separates the decimals.
     * Named by {@link #example()} on the command line ({@code --number-format 1.234,5}).
     */
    public enum NumberFormat {
        /** {@code 1234.5}: a decimal point, no grouping (how values are read by default). */
        PLAIN_POINT("1234.5", '.', (char) 0),
        /** {@code 1234,5}: a decimal comma, no grouping. */
        PLAIN_COMMA("1234,5", ',', (char) 0),
        /** {@code 1,234.5}: commas group the thousands, a decimal point (a quoted cell in a comma-separated file). */
        COMMA_THOUSANDS("1,234.5", '.', ','),
        /** {@code 1.234,5}: points group the thousands, a decimal comma (German, Danish, Dutch exports). */
        POINT_THOUSANDS("1.234,5", ',', '.'),
        /** {@code 1 234,5}: spaces (or no-break spaces) group the thousands, a decimal comma (French, Nordic). */
        SPACE_THOUSANDS("1 234,5", ',', ' '),
        /** {@code 1'234.5}: apostrophes group the thousands, a decimal point (Swiss). */
        APOSTROPHE_THOUSANDS("1'234.5", '.', '\'');

        private final String example;
        private final char decimal;
        private final char grouping;

        NumberFormat(String example, char decimal, char grouping) {
            this.example = example;
            this.decimal = decimal;
            this.grouping = grouping;
        }

        /** The number 1234.5 written in this format, which names it. */
        public String example() {
            return example;
        }

        /**
         * The format whose {@link #example()} is {@code example}.
         *
         * @throws IllegalArgumentException naming the examples there are, if none is
         */
        public static NumberFormat of(String example) {
            Objects.requireNonNull(example, "example");
            for (NumberFormat f : values()) {
                if (f.example.equals(example.strip())) {
                    return f;
                }
            }
            throw new IllegalArgumentException("number format: expected 1234.5 written as the file writes it, one of "
                    + java.util.Arrays.stream(values()).map(NumberFormat::example)
                            .collect(java.util.stream.Collectors.joining(", ")) + "; found '" + example + "'");
        }

        private boolean groups(char c) {
            return grouping != 0 && (c == grouping || grouping == ' ' && (c == '\u00a0' || c == '\u202f')
                    || grouping == '\'' && c == '\u2019');
        }
    }

    /**
     * Reads every observation of a file.
     *
     * @throws IOException          if the file cannot be read ({@link NoSuchFileException} when it does not exist)
     * @throws InvalidDataException if the content is not a metrics CSV (names file, line, column, what was expected)
     */
    public List<Observation> read(Path file) throws IOException {
        List<Observation> out = new ArrayList<>();
        stream(file, out::add);
        return out;
    }

    /**
     * Reads every observation from a reader; {@code source} names it in error messages.
     *
     * @throws IOException          if the reader fails
     * @throws InvalidDataException if the content is not a metrics CSV
     */
    public List<Observation> read(Reader reader, String source) throws IOException {
        List<Observation> out = new ArrayList<>();
        stream(reader, source, out::add);
        return out;
    }

    /**
     * Reads a file straight into a {@link Frame} for {@code model}: rows of metrics the model does not declare are
     * skipped, no observation is held in memory beyond the frame's cells.
     *
     * @throws IOException              if the file cannot be read
     * @throws InvalidDataException     if the content is not a metrics CSV
     * @throws IllegalArgumentException if no row belongs to a metric of the model
     */
    public Frame frame(IntegrityModel model, Path file) throws IOException {
        return frame(model, file, Frame.Duplicates.REJECT);
    }

    /**
     * As {@link #frame(IntegrityModel, Path)}, with what to do about a second row for the same date, segment and
     * metric ({@link Frame.Duplicates#REJECT}: an error naming its line; {@link Frame.Duplicates#AGGREGATE}: aggregated
     * as the metric declares and counted). Rows whose date carries a time of day may come several a day: they are
     * aggregated, not duplicates. The frame's {@link Frame#inputAccount()} names lines of this file.
     *
     * @throws IOException          if the file cannot be read
     * @throws InvalidDataException if the content is not a metrics CSV, or the frame refuses a row (a negative count,
     *                              a duplicate, a date far outside the bulk of the data), naming the line
     */
    public Frame frame(IntegrityModel model, Path file, Frame.Duplicates duplicates) throws IOException {
        Objects.requireNonNull(file, "file");
        Frame.Builder builder = Frame.builder(model).source(file.toString()).duplicates(duplicates);
        // only the model's metrics are checked for a point grouping thousands: the frame skips the others
        java.util.Set<String> declared = new java.util.HashSet<>();
        for (String name : model.metrics().keySet()) {
            declared.add(name.toLowerCase(Locale.ROOT));
        }
        try (Reader reader = CsvInput.utf8(file)) {
            // the fields go straight into the frame's columns: no observation per row
            read(reader, file.toString(), (date, segment, metric, value, line, column, timed) ->
                    builder.add(date, segment, metric, value, line, timed), declared, null);
        }
        return builder.build();
    }

    /**
     * The file as an {@link ObservationSource}, read again on every {@link ObservationSource#read}: each observation
     * with its line, the column of its value and whether its date had a time of day. Malformed content is a
     * {@link SourceException} of reason {@code MALFORMED} with the line and column, a missing file {@code NOT_FOUND},
     * and a file without a single observation (only a header) {@code EMPTY}.
     */
    public ObservationSource source(Path file) {
        Objects.requireNonNull(file, "file");
        String name = file.toString();
        return ObservationSource.of(name, sink -> {
            try (Reader reader = CsvInput.utf8(file)) {
                return deliver(reader, name, sink);
            }
        });
    }

    /**
     * The UTF-8 bytes of {@code in} (standard input, a pipe) as an {@link ObservationSource} named {@code name}, as
     * {@link #source(Path)}; it can be read once, and closes the stream when it is done.
     */
    public ObservationSource source(InputStream in, String name) {
        return ObservationSource.ofStream(name, in, (stream, sink) -> {
            try (Reader reader = CsvInput.utf8(stream)) {
                return deliver(reader, name, sink);
            }
        });
    }

    private long deliver(Reader reader, String name, ObservationSink sink) throws IOException {
        long delivered = read(reader, name, (date, segment, metric, value, line, column, timed) ->
                sink.accept(new Observation(date, segment, metric, value), line, column, timed), wideMetrics,
                sink::warning);
        if (delivered == 0) {
            throw new SourceException(SourceException.Reason.EMPTY, name, "no observations (only a header?)", null);
        }
        return delivered;
    }

    /**
     * Streams the observations of a file to {@code sink} with their line numbers (see
     * {@link #streamRows(Reader, String, RowSink)}) and returns how many were delivered.
     *
     * @throws IOException          if the file cannot be read
     * @throws InvalidDataException at the first row that is not valid, or after every row where a metric looks written
     *                              with a point grouping thousands (see the class description)
     */
    public long streamRows(Path file, RowSink sink) throws IOException {
        Objects.requireNonNull(file, "file");
        try (Reader reader = CsvInput.utf8(file)) {
            return streamRows(reader, file.toString(), sink);
        }
    }

    /** Receives each observation with the line it was read from and whether its date carried a time of day. */
    @FunctionalInterface
    public interface RowSink {
        /**
         * One observation read from {@code line}, its value in {@code column} (1-based); {@code timed} when the date
         * cell was a date-time.
         */
        void accept(Observation observation, long line, int column, boolean timed);
    }

    /**
     * Streams the observations of a file to {@code sink} in file order and returns how many were delivered.
     *
     * @throws IOException          if the file cannot be read
     * @throws InvalidDataException at the first row that is not valid, rows before it already delivered; or, after
     *                              every row was, where a metric looks written with a point grouping thousands (see
     *                              the class description): the caller must drop what it received
     */
    public long stream(Path file, Consumer<? super Observation> sink) throws IOException {
        Objects.requireNonNull(file, "file");
        try (Reader reader = CsvInput.utf8(file)) {
            return stream(reader, file.toString(), sink);
        }
    }

    /**
     * Streams the observations read from {@code reader} to {@code sink}; {@code source} names the input in errors.
     *
     * @throws IOException          if the reader fails
     * @throws InvalidDataException at the first row that is not valid, or after every row where a metric looks written
     *                              with a point grouping thousands (see the class description)
     */
    public long stream(Reader reader, String source, Consumer<? super Observation> sink) throws IOException {
        Objects.requireNonNull(sink, "sink");
        return streamRows(reader, source, (o, line, column, timed) -> sink.accept(o));
    }

    /**
     * Streams the observations read from {@code reader} to {@code sink} with their line numbers; an
     * {@link InvalidDataException} the sink throws for the current line without a column gets the value's column.
     *
     * @throws IOException          if the reader fails
     * @throws InvalidDataException at the first row that is not valid, or after every row where a metric looks written
     *                              with a point grouping thousands (see the class description)
     */
    public long streamRows(Reader reader, String source, RowSink sink) throws IOException {
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(sink, "sink");
        return read(reader, source, (date, segment, metric, value, line, column, timed) ->
                sink.accept(new Observation(date, segment, metric, value), line, column, timed), wideMetrics, null);
    }

    /** Receives the fields of each row read, valid as an {@link Observation}'s (the segment normalised). */
    @FunctionalInterface
    private interface FieldSink {
        void accept(LocalDate date, String segment, String metric, double value, long line, int column, boolean timed);
    }

    /**
     * Reads {@code reader} to {@code sink}; returns how many values were delivered. Without a declared number format
     * the metrics in {@code checked} (lower case; null for all) are checked for a point grouping thousands at the end,
     * and what might be one without telling is said to {@code warnings} (null: logged, SLF4J, at WARN).
     */
    private long read(Reader reader, String source, FieldSink sink, java.util.Set<String> checked,
                      Consumer<String> warnings) throws IOException {
        Objects.requireNonNull(reader, "reader");
        Objects.requireNonNull(source, "source");
        try (CsvInput.Records in = new CsvInput.Records(CsvInput.withoutBom(reader), delimiter, source)) {
            CsvInput.Row header = in.next();
            if (header == null) {
                throw new InvalidDataException(source, 1, 0,
                        "expected a header line (date,segment,metric,value or date,segment,<metric>...), found an empty file");
            }
            Header h = Header.parse(this, header, source, header.line());
            int width = h.names.size();
            CsvInput.Names segments = new CsvInput.Names();
            CsvInput.Names metrics = new CsvInput.Names();
            Numbers numbers = new Numbers(numberFormat, delimiter, source, checked, warnings);
            long delivered = 0;
            char[] lastDateText = new char[32]; // rows come in runs of one date: parse each run's date once
            int lastDateLength = -1;
            LocalDate date = null;
            boolean timed = false;
            TimedRepeats repeats = new TimedRepeats();
            ClockShift shift = new ClockShift();
            for (CsvInput.Row r = in.next(); r != null; r = in.next()) {
                long line = r.line();
                if (r.size() != width) {
                    throw new InvalidDataException(source, line, Math.min(r.size(), width) + 1,
                            "expected " + width + " columns (" + String.join(",", h.names) + "), found " + r.size());
                }
                if (!r.contentEquals(h.date, lastDateText, lastDateLength)) {
                    String dateText = r.get(h.date);
                    date = date(dateText, h.date, line, source);
                    timed = dateText.strip().length() > 10;
                    if (timed && zone.equals(ZoneOffset.UTC)) {
                        shift.row(dateText.strip());
                    }
                    if (dateText.length() > lastDateText.length) {
                        lastDateText = new char[dateText.length()];
                    }
                    dateText.getChars(0, dateText.length(), lastDateText, 0);
                    lastDateLength = dateText.length();
                }
                String segment = Segments.ALL;
                if (h.segment >= 0) {
                    String cell = segments.of(r, h.segment);
                    if (Segments.ALL.equals(cell.strip())) {
                        throw new InvalidDataException(source, line, h.segment + 1, "the segment name '" + Segments.ALL
                                + "' is reserved for the whole organisation; leave the cell empty for organisation rows");
                    }
                    segment = Segments.normalise(cell);
                }
                if (h.layout == Layout.LONG) {
                    String metric = metrics.of(r, h.metric).strip();
                    if (metric.isEmpty()) {
                        throw new InvalidDataException(source, line, h.metric + 1,
                                "expected a metric name, found an empty cell");
                    }
                    double value;
                    if (checked != null && !checked.contains(metric.toLowerCase(Locale.ROOT))) {
                        // a metric the model does not declare is skipped and counted by the frame: a value of it that
                        // is no number does not refuse the file (helper-173: a store's long table refused for one
                        // 'n/a' of a metric not asked for, where the same data exported wide was scored); one that is
                        // still tells how the file writes its numbers
                        try {
                            value = numbers.value(r, h.value, line, metric, false);
                        } catch (InvalidDataException e) {
                            value = Double.NaN;
                        }
                    } else {
                        value = numbers.value(r, h.value, line, metric, false);
                    }
                    if (timed) {
                        repeats.row(lastDateText, lastDateLength, segment, metric, value, line);
                    }
                    deliver(sink, date, segment, metric, value, line, timed, h.value, source);
                    delivered++;
                } else {
                    for (int i = 0; i < h.metrics.length; i++) {
                        int column = h.metricColumns[i];
                        if (r.isBlank(column)) {
                            continue;
                        }
                        double value = numbers.value(r, column, line, h.metrics[i], true);
                        if (timed) {
                            repeats.row(lastDateText, lastDateLength, segment, h.metrics[i], value, line);
                        }
                        deliver(sink, date, segment, h.metrics[i], value, line, timed, column, source);
                        delivered++;
                    }
                }
            }
            numbers.finish();
            // date-times whose own offsets put them on other days are said so once: not also as UTC-written midnights
            String otherDay = shift.otherDayWarning();
            for (String shifted : new String[] {otherDay != null ? null : shift.warning(), otherDay}) {
                if (shifted == null) {
                    continue;
                }
                if (warnings != null) {
                    warnings.accept(shifted);
                } else {
                    Numbers.LOG.warn("{}: {}", source, shifted);
                }
            }
            String repeated = repeats.warning();
            if (repeated != null) {
                if (warnings != null) {
                    warnings.accept(repeated);
                } else {
                    Numbers.LOG.warn("{}: {}", source, repeated);
                }
            }
            return delivered;
        }
    }

    /** Hands a row to the sink; a refusal of this line without a column gets the value's column. */
    private static void deliver(FieldSink sink, LocalDate date, String segment, String metric, double value, long line,
                                boolean timed, int column, String source) {
        try {
            sink.accept(date, segment, metric, value, line, column + 1, timed);
        } catch (InvalidDataException e) {
            if (e.line() == line && e.column() == 0 && e.source().equals(source)) {
                throw new InvalidDataException(source, line, column + 1, e.problem(), e);
            }
            throw e;
        }
    }

    /**
     * Detects the layout of a file from its header line.
     *
     * @throws IOException          if the file cannot be read
     * @throws InvalidDataException if the header is not one of the two layouts
     */
    public Layout layout(Path file) throws IOException {
        try (CsvInput.Records in = new CsvInput.Records(CsvInput.utf8(file), delimiter, file.toString())) {
            CsvInput.Row header = in.next();
            if (header == null) {
                throw new InvalidDataException(file.toString(), 1, 0, "expected a header line, found an empty file");
            }
            return Header.parse(this, header, file.toString(), header.line()).layout;
        }
    }

    /**
     * Writes observations in the long layout ({@code date,segment,metric,value}), the whole organisation as an empty
     * segment, values so that reading them back gives the same doubles; missing values as {@code NaN}.
     *
     * @throws IOException if the writer fails
     */
    public void writeLong(Iterable<Observation> observations, Writer out) throws IOException {
        CsvWriter csv = CsvWriter.builder().fieldSeparator(delimiter).commentCharacter(delimiter == '#' ? '\0' : '#')
                .lineDelimiter(LineDelimiter.LF).quoteStrategy(MINIMAL).build(out);
        try {
            csv.writeRecord("date", "segment", "metric", "value");
            for (Observation o : observations) {
                csv.writeRecord(o.date().toString(), Segments.ALL.equals(o.segment()) ? "" : o.segment(), o.metric(),
                        Double.isNaN(o.value()) ? "NaN" : Double.toString(o.value()));
            }
            csv.flush();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    /**
     * Quotes where the files written before did (Commons CSV's minimal quoting) beyond what RFC 4180 requires: an
     * empty first cell, a cell starting with a character up to {@code '#'} (space, control, comment) or ending in one up
     * to space. Nothing of what is read back changes; the bytes stay those of earlier versions.
     */
    private static final QuoteStrategy MINIMAL = new QuoteStrategy() {
        @Override
        public boolean quoteEmpty(int lineNo, int fieldIdx) {
            return fieldIdx == 0;
        }

        @Override
        public boolean quoteValue(int lineNo, int fieldIdx, String value) {
            return value.charAt(0) <= '#' || value.charAt(value.length() - 1) <= ' ';
        }
    };

    /**
     * Whether {@code s} is a plain decimal, {@code [+-]?(digits[.digits]|.digits)([eE][+-]?digits)?}: no hex, no
     * "Infinity", no type suffix, which {@link Double#parseDouble} would accept.
     */
    static boolean isDecimal(String s) {
        return isDecimal(s.toCharArray(), 0, s.length());
    }

    /** As {@link #isDecimal(String)}, for the characters in [from, to). A scan, not a regex: this runs per cell. */
    static boolean isDecimal(char[] s, int from, int to) {
        int i = from;
        if (i < to && (s[i] == '+' || s[i] == '-')) {
            i++;
        }
        int intDigits = 0;
        while (i < to && isDigit(s[i])) {
            i++;
            intDigits++;
        }
        int fracDigits = 0;
        if (i < to && s[i] == '.') {
            i++;
            while (i < to && isDigit(s[i])) {
                i++;
                fracDigits++;
            }
        }
        if (intDigits == 0 && fracDigits == 0) {
            return false;
        }
        if (i < to && (s[i] == 'e' || s[i] == 'E')) {
            i++;
            if (i < to && (s[i] == '+' || s[i] == '-')) {
                i++;
            }
            int expDigits = 0;
            while (i < to && isDigit(s[i])) {
                i++;
                expDigits++;
            }
            if (expDigits == 0) {
                return false;
            }
        }
        return i == to;
    }

    /** The number written by the digits in [from, to), or -1 if one is not a digit. */
    private static int digits(String s, int from, int to) {
        int v = 0;
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (!isDigit(c)) {
                return -1;
            }
            v = v * 10 + (c - '0');
        }
        return v;
    }

    private static boolean isDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private LocalDate date(String cell, int column, long line, String source) {
        String text = cell.strip();
        if (text.isEmpty()) {
            throw new InvalidDataException(source, line, column + 1,
                    "expected an ISO-8601 date such as 2025-01-06, found an empty cell");
        }
        try {
            if (text.length() == 10 && text.charAt(4) == '-' && text.charAt(7) == '-') {
                int y = digits(text, 0, 4);
                int m = digits(text, 5, 7);
                int d = digits(text, 8, 10);
                if (y >= 0 && m >= 0 && d >= 0) {
                    return LocalDate.of(y, m, d); // validates the month and day
                }
            }
            if (text.length() <= 10) {
                return LocalDate.parse(text);
            }
            if (text.indexOf('T') < 0 && text.indexOf(' ') == 10) {
                text = text.substring(0, 10) + 'T' + text.substring(11);
            }
            char last = text.charAt(text.length() - 1);
            boolean offset = last == 'Z' || last == 'z' || text.lastIndexOf('+') > 10 || text.lastIndexOf('-') > 10
                    || text.endsWith("]");
            if (!offset) {
                return java.time.LocalDateTime.parse(text).toLocalDate();
            }
            if (text.endsWith("]")) {
                return ZonedDateTime.parse(text).withZoneSameInstant(zone).toLocalDate();
            }
            return OffsetDateTime.parse(text.replace('z', 'Z')).atZoneSameInstant(zone).toLocalDate();
        } catch (java.time.DateTimeException e) {
            throw new InvalidDataException(source, line, column + 1,
                    "expected an ISO-8601 date (2025-01-06) or date-time (2025-01-06T09:30:00Z), found '"
                            + CsvInput.clip(text) + "'", e);
        }
    }

    /**
     * Date-times written with an offset (UTC) that are all at one of two times of day an hour apart, switching between
     * them on a few days at least four weeks apart: local midnights (or any one local hour) of a zone with daylight
     * saving time, written in UTC. Read in UTC, every row of the summer (or winter) months falls on the day before
     * its own (a Monday's use on the Sunday before: a reviewer's honest team read as use spread over the weekend,
     * GAMED 72 instead of WATCH 32), which {@code --zone} undoes; said in a warning. Only date-times with an offset
     * are looked at, read without a zone of their own ({@code --zone} not given), at most 20,000 distinct ones.
     */
    private static final class ClockShift {
        private static final int MAX_DAYS = 20_000;
        /** Epoch day to the UTC second of the day of its first row with an offset; -1 where rows differed. */
        private final java.util.TreeMap<Long, Integer> days = new java.util.TreeMap<>();
        /** The days with rows at a second time of day (the day of a switch): that time. */
        private final Map<Long, Integer> switchDays = new java.util.HashMap<>();
        /** The date-times read. */
        private final java.util.Set<String> texts = new java.util.HashSet<>();
        /** Distinct date-times written with an offset other than UTC, and those whose UTC day is another. */
        private long offsetTexts;
        private long otherDayTexts;
        private String otherDayExample;
        /** The offsets (minutes east of UTC) of the date-times read on another UTC day, up to three. */
        private final java.util.SortedSet<Integer> otherDayOffsets = new java.util.TreeSet<>();
        private boolean off;

        void row(String text) {
            if (off && !hasOffset(text) || texts.size() > 4 * MAX_DAYS || !texts.add(text)) {
                // a local date-time or samples through the day (nothing more to keep but offsets to count), too many
                // date-times, or one read before (files sorted by segment meet each one once a segment)
                off |= texts.size() > 4 * MAX_DAYS;
                return;
            }
            java.time.OffsetDateTime t = parsed(text);
            if (t == null) {
                off = true; // a local date-time (nothing to say), or one the date's own reading names as malformed
                return;
            }
            if (!t.getOffset().equals(ZoneOffset.UTC)) {
                otherDay(text, t);
            }
            if (off) {
                return;
            }
            java.time.OffsetDateTime utc = t.withOffsetSameInstant(ZoneOffset.UTC);
            long day = utc.toLocalDate().toEpochDay();
            int second = utc.toLocalTime().toSecondOfDay();
            Integer seen = days.putIfAbsent(day, second);
            if (seen != null && seen != second) {
                // two times on one day: a switch day (local midnight before and after the change both fall on it), or
                // samples through the day, which are not one row a day
                Integer second2 = switchDays.putIfAbsent(day, second);
                if (second2 != null && second2 != second || switchDays.size() > 2 + days.size() / 150) {
                    off = true;
                }
            } else if (days.size() > MAX_DAYS) {
                off = true;
            }
        }

        /** The date-time with its offset ({@code Z} or numeric); null for a local date-time or a malformed one. */
        private static java.time.OffsetDateTime parsed(String text) {
            char last = text.charAt(text.length() - 1);
            if (!(last == 'Z' || last == 'z' || hasOffset(text))) {
                return null;
            }
            try {
                return OffsetDateTime.parse((text.indexOf('T') < 0 ? text.substring(0, 10) + 'T' + text.substring(11)
                        : text).replace('z', 'Z'));
            } catch (java.time.DateTimeException | StringIndexOutOfBoundsException e) {
                return null;
            }
        }

        /** Whether the date-time is written with a numeric offset ({@code +09:00}, not {@code Z}). */
        private static boolean hasOffset(String text) {
            char last = text.charAt(text.length() - 1);
            return last != 'Z' && last != 'z' && (text.lastIndexOf('+') > 10 || text.lastIndexOf('-') > 10);
        }

        /** Counts a date-time {@code t} written with an offset other than UTC, and whether its UTC day is another. */
        private void otherDay(String text, java.time.OffsetDateTime t) {
            offsetTexts++;
            LocalDate utc = t.atZoneSameInstant(ZoneOffset.UTC).toLocalDate();
            if (!utc.equals(t.toLocalDate())) {
                otherDayTexts++;
                if (otherDayExample == null) {
                    otherDayExample = text + " is " + utc + " in UTC";
                }
                if (otherDayOffsets.size() < 3) {
                    otherDayOffsets.add(t.getOffset().getTotalSeconds() / 60);
                }
            }
        }

        /**
         * The warning where at least half the date-times written with an offset other than UTC fall on another day in
         * UTC than their own (local midnights east of UTC, late evenings west of it), or null: read in UTC, as
         * documented, each row moved to the day before or after its own (a fuzzing helper's rows at local midnight in
         * Tokyo: the report's weeks began on Sundays, and a week near the date was read in neither window).
         */
        String otherDayWarning() {
            if (offsetTexts == 0 || 2 * otherDayTexts < offsetTexts) {
                return null;
            }
            return String.format(java.util.Locale.ROOT, "%,d of %,d date-times written with an offset other than UTC "
                    + "fall on another day in UTC than their own (%s) and are read on that day; give the zone they "
                    + "were written in (%s) to read them on their own days", otherDayTexts, offsetTexts,
                    otherDayExample, offsetZoneExample(otherDayOffsets));
        }

        /**
         * An example of the zone whose local midnights fall at {@code a} and {@code b} seconds of the day in UTC (an
         * hour apart): for the offsets the times imply, a zone that keeps them ("22:00 and 23:00" are midnights at
         * UTC+2 and UTC+1, Central Europe's), else the offsets themselves.
         */
        static String zoneExample(int a, int b) {
            int summer = Math.floorMod(86_400 - Math.min(a, b), 86_400) / 60;
            int winter = Math.floorMod(86_400 - Math.max(a, b), 86_400) / 60;
            if (Math.max(a, b) - Math.min(a, b) != 3600) {
                // across midnight (23:00 and 00:00): the later time of day is the summer's
                summer = Math.floorMod(86_400 - Math.max(a, b), 86_400) / 60;
                winter = Math.floorMod(86_400 - Math.min(a, b), 86_400) / 60;
            }
            return zoneFor(summer, winter, "midnights are at");
        }

        /**
         * A zone whose offsets are {@code summer} and {@code winter} minutes east of UTC (Europe/Berlin for +120 and
         * +60), or the offsets themselves where the list holds none.
         */
        private static String zoneFor(int summer, int winter, String what) {
            String zone = switch (summer + ":" + winter) {
                case "60:0" -> "Europe/London";
                case "120:60" -> "Europe/Berlin";
                case "180:120" -> "Europe/Helsinki";
                case "660:600" -> "Australia/Sydney";
                case "630:570" -> "Australia/Adelaide";
                case "780:720" -> "Pacific/Auckland";
                case "-240:-300" -> "America/New_York";
                case "-300:-360" -> "America/Chicago";
                case "-360:-420" -> "America/Denver";
                case "-420:-480" -> "America/Los_Angeles";
                default -> null;
            };
            String offsets = utcPlus(summer) + " and " + utcPlus(winter);
            return zone != null ? "for example --zone " + zone + ", whose " + what + " " + offsets
                    : "one whose " + what + " " + offsets;
        }

        /**
         * An example of the zone for date-times written with these offsets: one offset is itself a zone ({@code
         * --zone +09:00}); two an hour apart are a zone with daylight saving time, named as {@link #zoneExample}
         * names one (Berlin's midnights written with +01:00 and +02:00: a fixed +01:00 would read every summer row a
         * day early, helper-175); others, the zone they were written in.
         */
        static String offsetZoneExample(java.util.SortedSet<Integer> offsets) {
            if (offsets.size() == 1) {
                int m = offsets.first();
                return "for example --zone " + ZoneOffset.ofTotalSeconds(m * 60);
            }
            if (offsets.size() == 2 && offsets.last() - offsets.first() == 60) {
                return zoneFor(offsets.last(), offsets.first(), "offsets are");
            }
            return "a zone with those offsets";
        }

        /** An offset of {@code minutes} east of UTC as people write it: UTC, UTC+1, UTC+9:30. */
        private static String utcPlus(int minutes) {
            if (minutes == 0) {
                return "UTC";
            }
            int m = Math.abs(minutes);
            return String.format(java.util.Locale.ROOT, "UTC%s%d%s", minutes < 0 ? "-" : "+", m / 60,
                    m % 60 == 0 ? "" : String.format(java.util.Locale.ROOT, ":%02d", m % 60));
        }

        /** The warning, or null where the rows do not look so. */
        String warning() {
            if (off || days.size() < 56) {
                return null;
            }
            java.util.Set<Integer> times = new java.util.TreeSet<>(days.values());
            times.addAll(switchDays.values());
            if (times.size() != 2) {
                return null;
            }
            java.util.Iterator<Integer> it = times.iterator();
            int a = it.next();
            int b = it.next();
            if (b - a != 3600 && a + 86_400 - b != 3600) {
                return null;
            }
            // a time from noon on is a local midnight east of UTC, whose day is the next UTC day: read a day early
            boolean earlyA = a >= 43_200;
            boolean earlyB = b >= 43_200;
            if (!earlyA && !earlyB) {
                return null; // local midnights west of UTC fall on their own UTC day
            }
            // the switches between consecutive days with rows, each run between two of them at least four weeks
            List<Long> switches = new java.util.ArrayList<>();
            Integer previous = null;
            for (java.util.Map.Entry<Long, Integer> e : days.entrySet()) {
                if (switchDays.containsKey(e.getKey())) {
                    continue;
                }
                if (previous != null && !previous.equals(e.getValue())) {
                    if (!switches.isEmpty() && e.getKey() - switches.get(switches.size() - 1) < 28) {
                        return null;
                    }
                    switches.add(e.getKey());
                }
                previous = e.getValue();
            }
            if (switches.isEmpty() || switches.size() > 2 * (days.lastKey() - days.firstKey()) / 300 + 2) {
                return null;
            }
            StringBuilder on = new StringBuilder();
            for (int i = 0; i < Math.min(3, switches.size()); i++) {
                on.append(i == 0 ? "" : ", ").append(LocalDate.ofEpochDay(switches.get(i)));
            }
            return String.format(java.util.Locale.ROOT, "the rows' times of day (UTC) are %s and %s, switching on %s%s: "
                    + "local midnights of a zone with daylight saving time, written in UTC? Read in UTC, %s fall%s on "
                    + "the day before %s own (a Monday's use on the Sunday before); give the zone they were written in "
                    + "(%s) to read them as its days",
                    java.time.LocalTime.ofSecondOfDay(a), java.time.LocalTime.ofSecondOfDay(b), on,
                    switches.size() > 3 ? " and " + (switches.size() - 3) + " more days" : "",
                    earlyA && earlyB ? "every row" : "the rows at " + java.time.LocalTime.ofSecondOfDay(earlyA ? a : b),
                    earlyA && earlyB ? "s" : "", earlyA && earlyB ? "its" : "their", zoneExample(a, b));
        }
    }

    /**
     * Rows with a time of day that repeat an earlier row's date-time, segment and metric in a file whose rows otherwise
     * come one a day for each segment and metric (daily rows stamped with a time): samples are summed, never
     * duplicates, so a re-export appended to the file (the last weeks again, stamped {@code T00:00:00Z}) would count
     * twice without a word (a reviewer: the organisation GAMED 98.8 instead of WATCH 46, three steady or honest teams
     * DIVERGING). A file with two times of day for one segment, metric and day holds samples (events stamped to the
     * minute, hourly readings), whose repeats are ordinary: nothing is said, and nothing more is kept. Each (segment,
     * metric, day) is kept as a 64-bit fingerprint with 32-bit ones of its time and value (24 bytes a row at most), for
     * the first {@value #TRACKED} timed rows.
     */
    private static final class TimedRepeats {
        private static final int TRACKED = 3_000_000;
        private long[] keys = new long[1024];
        private long[] seen = new long[1024];
        private int size;
        private boolean samples;
        private long repeats;
        private long exact;
        private final long[] firstLines = new long[5];
        private int lines;
        private long lastLine = -1;

        void row(char[] dateText, int dateLength, String segment, String metric, double value, long line) {
            if (samples || size >= TRACKED) {
                return;
            }
            int dayLength = Math.min(10, dateLength);
            long h = 0xcbf29ce484222325L;
            for (int i = 0; i < dayLength; i++) {
                h = (h ^ dateText[i]) * 0x100000001b3L;
            }
            h = mix(h); // a field's end: "ab","c" and "a","bc" differ
            for (int i = 0; i < segment.length(); i++) {
                h = (h ^ segment.charAt(i)) * 0x100000001b3L;
            }
            h = mix(h);
            for (int i = 0; i < metric.length(); i++) {
                h = (h ^ metric.charAt(i)) * 0x100000001b3L;
            }
            h = mix(h);
            if (h == 0) {
                h = 1; // 0 marks an empty slot
            }
            long t = 0x811c9dc5L;
            for (int i = dayLength; i < dateLength; i++) {
                t = (t ^ dateText[i]) * 0x01000193L;
            }
            long v = mix(Double.doubleToLongBits(value == 0 ? 0 : value));
            long time = (t & 0xffffffffL) << 32 | (v & 0xffffffffL);
            long before = put(h, time);
            if (before == 0) {
                return;
            }
            if (before >>> 32 != time >>> 32) {
                // two times of day for one segment, metric and day: samples, whose repeats are ordinary
                samples = true;
                keys = null;
                seen = null;
                return;
            }
            if (line != lastLine) {
                // a row (a wide row's values together) that repeats, counted once
                lastLine = line;
                repeats++;
                exact += before == time ? 1 : 0;
                if (lines < firstLines.length) {
                    firstLines[lines++] = line;
                }
            }
        }

        /** Puts {@code key}'s time and value where it has none; returns what it had (0: none). */
        private long put(long key, long time) {
            if (2 * (size + 1) > keys.length) {
                long[] oldKeys = keys;
                long[] oldSeen = seen;
                keys = new long[oldKeys.length * 2];
                seen = new long[oldKeys.length * 2];
                size = 0;
                for (int i = 0; i < oldKeys.length; i++) {
                    if (oldKeys[i] != 0) {
                        put(oldKeys[i], oldSeen[i]);
                    }
                }
            }
            int mask = keys.length - 1;
            for (int i = (int) (key ^ (key >>> 32)) & mask; ; i = (i + 1) & mask) {
                if (keys[i] == 0) {
                    keys[i] = key;
                    seen[i] = time == 0 ? 1 : time;
                    size++;
                    return 0;
                }
                if (keys[i] == key) {
                    return seen[i];
                }
            }
        }

        private static long mix(long z) {
            z = (z ^ (z >>> 30)) * 0xbf58476d1ce4e5b9L;
            z = (z ^ (z >>> 27)) * 0x94d049bb133111ebL;
            return z ^ (z >>> 31);
        }

        /** The warning, or null where no row repeated another (or the file holds samples). */
        String warning() {
            if (repeats == 0 || samples) {
                return null;
            }
            StringBuilder at = new StringBuilder();
            for (int i = 0; i < lines; i++) {
                at.append(i == 0 ? "" : ", ").append(firstLines[i]);
            }
            return String.format(java.util.Locale.ROOT, "%,d row%s with a time of day repeat%s an earlier row's "
                    + "date-time, segment and metric (%,d with the same value too; line%s %s%s), in a file whose other "
                    + "rows come one a day for each segment and metric: rows with a time of day are samples and are "
                    + "summed, so a copy (a re-export appended to the file) counts twice; remove the copies, or write "
                    + "the rows by date to have a second one refused", repeats, repeats == 1 ? "" : "s",
                    repeats == 1 ? "s" : "", exact, lines == 1 ? "" : "s", at, repeats > lines ? ", ..." : "");
        }
    }

    /**
     * One read's numbers: each value in the declared format, or as a plain decimal while keeping, per checked metric,
     * the shapes that tell whether a point groups its thousands (decided by {@link #finish} at the end of the file).
     */
    private static final class Numbers {
        /** A value such as 21.455: one to three digits, not starting with 0, a point, exactly three digits. */
        private static final int GROUPED = 0;
        /** A grouped value with one digit before the point (1.204), which a writer grouping from 10,000 never writes. */
        private static final int GROUPED_SHORT = 1;
        /** Any other value with a point or an exponent: the point is a decimal point. */
        private static final int DECIMAL = 2;
        /** An integer from 1 to 999 written plainly, as a thousands separator leaves it. */
        private static final int SMALL_PLAIN = 3;
        /** An integer from 1000 to 9999 written plainly: Spanish and Italian writers group only from 10,000. */
        private static final int MID_PLAIN = 4;
        /** An integer of 10,000 or more written plainly: no point groups this metric's thousands. */
        private static final int LARGE_PLAIN = 5;
        /** A plain zero, or an integer written with leading zeros: no evidence either way. */
        private static final int NEUTRAL = 6;
        /** How many grouped values make a pattern rather than a coincidence where the delimiter says nothing. */
        private static final int MIN_GROUPED = 3;

        private final NumberFormat format;
        private final char delimiter;
        private final String source;
        /** The metrics checked (lower case), or null for every metric. */
        private final java.util.Set<String> checked;
        private final Consumer<String> warnings;
        private char[] buffer = new char[32];
        /** Per metric, in the order first read. */
        private final Map<String, Shapes> shapes = new LinkedHashMap<>();
        /** A wide file's shapes by column. */
        private Shapes[] byColumn = new Shapes[0];
        /**
         * Whether some value of the file, in any metric, has a point no writer grouping thousands with a point would
         * write ({@code 5.61}, {@code 0.125}, {@code 41949.000}, an exponent): then no metric's points group thousands,
         * and values are no longer looked at.
         */
        private boolean pointIsDecimal;
        /** The metrics not checked (or beyond {@value #MOST_METRICS}) share this, kept nowhere. */
        private final Shapes unchecked = new Shapes();
        /** The most metrics whose shapes are kept: a file of millions of distinct names must stream in little memory. */
        private static final int MOST_METRICS = 10_000;
        private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(CsvMetrics.class);
        /**
         * A long file's metrics read lately and their shapes, found by reference (the reader caches names): a file's
         * few metrics come in turn, and a map lookup per value cost about a tenth of the reading speed.
         */
        private static final int RECENT = 8;
        private final String[] recentMetrics = new String[RECENT];
        private final Shapes[] recentShapes = new Shapes[RECENT];
        private int recentNext;

        Numbers(NumberFormat format, char delimiter, String source, java.util.Set<String> checked,
                Consumer<String> warnings) {
            this.format = format;
            this.delimiter = delimiter;
            this.source = source;
            this.checked = checked;
            this.warnings = warnings;
        }

        /** A metric's counts of each shape; the first grouped value's line, column and text. */
        private static final class Shapes {
            final int[] counts = new int[7];
            /** Decided as plain decimals (or not checked): no longer looked at. */
            boolean settled;
            long line;
            int column;
            String text;
        }

        /**
         * The value in field {@code column} of metric {@code metric} (a wide file's column where {@code wide}): a
         * decimal read straight from the row's characters (FastDoubleParser, correctly rounded as
         * {@link Double#parseDouble}) after the declared format's grouping is taken out and its decimal separator
         * made a point, or NA/NaN for missing.
         */
        double value(CsvInput.Row r, int column, long line, String metric, boolean wide) {
            char[] c = r.chars();
            int from = r.start(column);
            int to = r.end(column);
            while (from < to && CsvInput.isWhitespace(c[from])) {
                from++;
            }
            while (to > from && CsvInput.isWhitespace(c[to - 1])) {
                to--;
            }
            // the common case first, small enough to be inlined where rows are read
            if ((format == null || format == NumberFormat.PLAIN_POINT) && isDecimal(c, from, to)) {
                if (format == null && !pointIsDecimal) {
                    Shapes s = shapes(metric, wide, column);
                    keepShape(s, c, from, to, line, column);
                }
                return parse(c, from, to, line, column, c, from, to);
            }
            return otherValue(c, from, to, line, column, metric, wide);
        }

        /** A value in a declared format with separators, NA or NaN, or the error that says what was expected. */
        private double otherValue(char[] c, int from, int to, long line, int column, String metric, boolean wide) {
            if (format != null && format != NumberFormat.PLAIN_POINT) {
                int n = normalised(c, from, to);
                if (n >= 0) {
                    return parse(buffer, 0, n, line, column, c, from, to);
                }
            }
            String text = new String(c, from, to - from);
            if (text.equalsIgnoreCase("NA") || text.equalsIgnoreCase("NaN")) {
                return Double.NaN;
            }
            throw new InvalidDataException(source, line, column + 1, "expected a " + (format == null
                    ? "decimal number" : "number written as " + format.example())
                    + (wide ? " for metric '" + metric + "'" : "") + " (or NA for missing), found "
                    + (text.isEmpty() ? "an empty cell" : "'" + CsvInput.clip(text) + "'") + hint(text, wide, metric));
        }

        private double parse(char[] s, int from, int to, long line, int column, char[] cell, int cellFrom, int cellTo) {
            double v = JavaDoubleParser.parseDouble(s, from, to - from);
            if (Double.isInfinite(v)) {
                throw outOfRange(line, column, new String(cell, cellFrom, cellTo - cellFrom));
            }
            return v;
        }

        private InvalidDataException outOfRange(long line, int column, String text) {
            return new InvalidDataException(source, line, column + 1, "expected a finite decimal number, found '"
                    + CsvInput.clip(text) + "' (out of double range)");
        }

        /** The shapes of a metric: by column in a wide file, else the last metric's or from the map. */
        private Shapes shapes(String metric, boolean wide, int column) {
            if (wide) {
                if (column >= byColumn.length) {
                    byColumn = java.util.Arrays.copyOf(byColumn, column + 1);
                }
                Shapes s = byColumn[column];
                if (s == null) {
                    s = byColumn[column] = of(metric);
                }
                return s;
            }
            for (int k = 0; k < RECENT; k++) {
                if (recentMetrics[k] == metric) {
                    return recentShapes[k];
                }
            }
            Shapes s = of(metric);
            recentMetrics[recentNext] = metric;
            recentShapes[recentNext] = s;
            recentNext = (recentNext + 1) & (RECENT - 1);
            return s;
        }

        private Shapes of(String metric) {
            Shapes s = shapes.get(metric);
            if (s == null) {
                if (checked != null && !checked.contains(metric.toLowerCase(Locale.ROOT))
                        || shapes.size() >= MOST_METRICS) {
                    return unchecked;
                }
                s = new Shapes();
                shapes.put(metric, s);
            }
            return s;
        }

        /**
         * The cell in the declared format rewritten as a plain decimal into {@link #buffer}: its length, or -1 where
         * it is not a number in that format (a group of other than three digits, a grouping after the decimals or in
         * a number whose first group starts with 0 or that has an exponent, two decimal separators).
         */
        private int normalised(char[] c, int from, int to) {
            if (buffer.length < to - from) {
                buffer = new char[to - from];
            }
            int n = 0;
            int leading = 0;      // digits before the first grouping character
            int groupDigits = -1; // digits since the last grouping character; -1 before any
            boolean leadingZero = false;
            boolean decimals = false;
            boolean exponent = false;
            for (int i = from; i < to; i++) {
                char ch = c[i];
                boolean inWhole = !decimals && !exponent;
                if (inWhole && format.groups(ch)) {
                    if (groupDigits < 0 ? leading < 1 || leading > 3 || leadingZero : groupDigits != 3) {
                        return -1;
                    }
                    groupDigits = 0;
                    continue;
                }
                if (!exponent && ch == format.decimal) {
                    if (decimals || groupDigits == 0 || groupDigits > 0 && groupDigits != 3) {
                        return -1;
                    }
                    decimals = true;
                    buffer[n++] = '.';
                    continue;
                }
                if (ch == '.' || ch == ',' || format.groups(ch)) {
                    return -1; // a separator this format has no use for here
                }
                if (ch == '\u2212' && i == from) {
                    ch = '-'; // the minus sign CLDR's writers use (Swedish, Norwegian, Finnish)
                }
                if (ch == 'e' || ch == 'E') {
                    if (groupDigits >= 0) {
                        return -1; // grouped digits with an exponent: no writer does both
                    }
                    exponent = true;
                } else if (inWhole && ch >= '0' && ch <= '9') {
                    if (groupDigits >= 0) {
                        groupDigits++;
                    } else {
                        leadingZero |= leading == 0 && ch == '0';
                        leading++;
                    }
                }
                buffer[n++] = ch;
            }
            if (!decimals && !exponent && groupDigits >= 0 && groupDigits != 3) {
                return -1;
            }
            return isDecimal(buffer, 0, n) ? n : -1;
        }

        /**
         * Counts the shape of a plain decimal in {@code s} (every metric's value is looked at: a decimal point in any
         * settles them all), and settles the metric where its shapes decide it.
         */
        private void keepShape(Shapes s, char[] c, int from, int to, long line, int column) {
            int i = from;
            if (c[i] == '+' || c[i] == '-') {
                i++;
            }
            int start = i;
            while (i < to && c[i] >= '0' && c[i] <= '9') {
                i++;
            }
            int whole = i - start;
            int shape;
            if (whole > 0 && c[start] == '0' && (i == to || whole > 1)) {
                shape = i == to ? NEUTRAL : DECIMAL; // 0, 007; 00.5 is no grouping either
            } else if (i == to) {
                shape = whole <= 3 ? SMALL_PLAIN : whole == 4 ? MID_PLAIN : LARGE_PLAIN;
            } else if (c[i] == '.' && to - i == 4 && whole >= 1 && whole <= 3 && c[start] != '0'
                    && isDigits(c, i + 1, to)) {
                shape = GROUPED;
            } else {
                pointIsDecimal = true;
                return;
            }
            if (s == unchecked || s.settled) {
                return;
            }
            if (shape == GROUPED) {
                if (s.counts[GROUPED] == 0) {
                    s.line = line;
                    s.column = column + 1;
                    s.text = new String(c, from, to - from);
                }
                if (whole == 1) {
                    s.counts[GROUPED_SHORT]++;
                }
            }
            s.counts[shape]++;
            int[] k = s.counts;
            // where the delimiter is not a semicolon, a plain 10,000 settles it, and so does a plain 4-digit value
            // beside a grouped 1.234 (no writer groups 1,234 and leaves 5,000 plain); a German spreadsheet mixes
            // grouped and plain cells in one column, so in a semicolon file only a decimal point settles it
            s.settled = delimiter != ';' && (k[LARGE_PLAIN] > 0 || k[MID_PLAIN] > 0 && k[GROUPED_SHORT] > 0);
        }

        private static boolean isDigits(char[] c, int from, int to) {
            for (int i = from; i < to; i++) {
                if (c[i] < '0' || c[i] > '9') {
                    return false;
                }
            }
            return true;
        }

        /**
         * At the end of a file read without a declared format: refuses it where a checked metric's values look
         * written with a point grouping their thousands, naming the first such value; warns where they might be and
         * nothing tells.
         */
        void finish() {
            if (pointIsDecimal) {
                return;
            }
            for (Map.Entry<String, Shapes> e : shapes.entrySet()) {
                Shapes s = e.getValue();
                int[] k = s.counts;
                if (s.settled || k[GROUPED] == 0) {
                    continue;
                }
                int small = k[SMALL_PLAIN];
                int mid = k[MID_PLAIN];
                // a semicolon is how locales with a decimal comma separate fields: there one grouped value beside a
                // plain one (below 1000, below 10,000 as Spanish and Italian writers leave them, or a zero), or three
                // alone, are a point grouping thousands; elsewhere three beside plain values below 1000 that are not
                // a rare exact integer among decimals (two, and one in twenty)
                boolean refused = delimiter == ';'
                        ? k[GROUPED] >= MIN_GROUPED || small + mid + k[NEUTRAL] > 0
                        : k[GROUPED] >= MIN_GROUPED && small >= 2 && small * 20 >= k[GROUPED];
                String grouped = "'" + CsvInput.clip(s.text) + "'" + (k[GROUPED] > 1 ? " and "
                        + thousands(k[GROUPED] - 1) + " more" : "");
                String plain = (small > 0 ? ", " + thousands(small) + " plain " + (small == 1 ? "value" : "values")
                        + " below 1000" : "") + (mid > 0 ? ", " + thousands(mid) + " plain "
                        + (mid == 1 ? "value" : "values") + " from 1000 to 9999" : "");
                if (refused) {
                    throw new InvalidDataException(source, s.line, s.column, "metric '" + e.getKey() + "' looks "
                            + "written with a point grouping thousands: " + grouped + " with one to three digits, a "
                            + "point and exactly three digits" + plain + ", and no value in the file with a decimal "
                            + "point such a writer would not write (5.61, 0.125, 41949.000); read as written, '"
                            + CsvInput.clip(s.text) + "' would be a thousandth of what it likely is. Declare how the "
                            + "file writes numbers: --number-format 1.234,5 (CsvMetrics.Builder.numberFormat) if the "
                            + "point groups thousands, --number-format 1234.5 if these are decimals");
                }
                if (k[GROUPED] >= MIN_GROUPED || small + mid > 0) {
                    String warning = "metric '" + e.getKey() + "' has " + grouped + " (line " + s.line + ") with "
                            + "exactly three digits after the point" + plain + ", and nothing in the file tells "
                            + "decimals from a point grouping thousands; read as decimals. If the point groups "
                            + "thousands, declare --number-format 1.234,5 (CsvMetrics.Builder.numberFormat); "
                            + "--number-format 1234.5 says they are decimals";
                    if (warnings != null) {
                        warnings.accept(warning);
                    } else {
                        LOG.warn("{}: {}", source, warning);
                    }
                }
            }
        }

        /** Why a cell is not a number, where a separator or a wide file's label explains it. */
        private String hint(String text, boolean wide, String metric) {
            if (format != null) {
                return "";
            }
            String declare = " (numbers are read with a decimal point and no thousands separator: declare how the "
                    + "file writes them with --number-format (CsvMetrics.Builder.numberFormat), ";
            if (text.matches("[+-]?\\d{1,3}(\\.\\d{3}){2,}|[+-]?\\d{1,3}(\\.\\d{3})+,\\d+")) {
                return declare + "1.234,5 where a point groups thousands, or export " + CsvInput.clip(text) + " as "
                        + text.replace(".", "").replace(',', '.') + ")";
            }
            if (text.matches("[+-]?\\d{1,3}(,\\d{3})+(\\.\\d+)?")) {
                return declare + "1,234.5 where a comma groups thousands, 1234,5 where it is a decimal comma; or export "
                        + "21,455 as 21455)";
            }
            if (text.matches("[+-]?\\d*,\\d+")) {
                return declare + "1234,5 or 1.234,5 for a decimal comma; or export 1,5 as 1.5)";
            }
            if (text.matches("[+-]?\\d{1,3}([ \\u00a0\\u202f]\\d{3})+(,\\d+)?")) {
                return declare + "1 234,5 where a space groups thousands; or export 21 455 as 21455)";
            }
            if (text.matches("[+-]?\\d{1,3}(['\\u2019]\\d{3})+(\\.\\d+)?")) {
                return declare + "1'234.5 where an apostrophe groups thousands; or export 21'455 as 21455)";
            }
            if (wide && !text.isEmpty()) {
                // text in a wide column: a label (a region, a team's name), not a metric
                return " (a wide CSV's columns after date and segment are metrics: if '" + metric + "' names the "
                        + "segments, name it with --columns segment=" + metric + "; labels are left out by reading the "
                        + "declared metrics only, as the command line does: CsvMetrics.builder().metrics(...))";
            }
            return "";
        }
    }

    /** Names of a column that holds the segments under another name (lower case, letters only). */
    private static final java.util.Set<String> SEGMENT_LIKE = java.util.Set.of("team", "teams", "teamname", "squad",
            "group", "department", "dept", "unit", "orgunit", "businessunit", "tribe", "division", "project", "org",
            "organisation", "organization", "segment", "segments");

    /** The columns of a header, and which layout they make. */
    private static final class Header {
        final Layout layout;
        final List<String> names;
        final int date;
        final int segment;
        final int metric;
        final int value;
        final String[] metrics;
        final int[] metricColumns;

        private Header(Layout layout, List<String> names, int date, int segment, int metric, int value,
                       String[] metrics, int[] metricColumns) {
            this.layout = layout;
            this.names = names;
            this.date = date;
            this.segment = segment;
            this.metric = metric;
            this.value = value;
            this.metrics = metrics;
            this.metricColumns = metricColumns;
        }

        static Header parse(CsvMetrics c, CsvInput.Row header, String source, long line) {
            List<String> names = new ArrayList<>();
            Map<String, Integer> index = new LinkedHashMap<>();
            for (int i = 0; i < header.size(); i++) {
                String name = header.get(i);
                if (i == 0 && name.startsWith("\uFEFF")) {
                    name = name.substring(1);
                }
                name = name.strip();
                if (name.isEmpty()) {
                    throw new InvalidDataException(source, line, i + 1, "expected a column name, found an empty header cell");
                }
                Integer previous = index.put(name.toLowerCase(Locale.ROOT), i);
                if (previous != null) {
                    throw new InvalidDataException(source, line, i + 1,
                            "duplicate column '" + name + "' (also column " + (previous + 1) + ")");
                }
                names.add(name);
            }
            Integer date = index.get(c.dateColumn.toLowerCase(Locale.ROOT));
            if (date == null && names.size() == 1) {
                // one column: the file is separated by something other than the delimiter
                for (char d : new char[] {';', '\t', '|', ','}) {
                    if (d != c.delimiter && names.get(0).indexOf(d) >= 0) {
                        String shown = d == '\t' ? "tab" : String.valueOf(d);
                        throw new InvalidDataException(source, line, 0, "the header is one column ("
                                + CsvInput.clip(names.get(0)) + "): the file looks separated by " + (d == '\t' ? "tabs" : "'" + shown + "'")
                                + ", not '" + (c.delimiter == '\t' ? "tab" : String.valueOf(c.delimiter)) + "'; give --delimiter "
                                + (d == '\t' ? "tab" : "'" + shown + "'") + " (the builder's delimiter)");
                    }
                }
            }
            if (date == null) {
                throw new InvalidDataException(source, line, 0,
                        "expected a '" + c.dateColumn + "' column in the header, found " + String.join(",", names) + COLUMNS_HINT);
            }
            int segment = index.getOrDefault(c.segmentColumn.toLowerCase(Locale.ROOT), -1);
            if (segment < 0 && c.segmentNamed) {
                throw new InvalidDataException(source, line, 0,
                        "expected a '" + c.segmentColumn + "' column in the header, found " + String.join(",", names) + COLUMNS_HINT);
            }
            Integer metric = c.layout == Layout.WIDE ? null : index.get(c.metricColumn.toLowerCase(Locale.ROOT));
            Integer value = c.layout == Layout.WIDE ? null : index.get(c.valueColumn.toLowerCase(Locale.ROOT));
            if (metric != null || value != null || c.layout == Layout.LONG || (c.longNamed && c.layout == null)) {
                if (metric == null || value == null) {
                    throw new InvalidDataException(source, line, 0, "a long CSV needs both '" + c.metricColumn + "' and '"
                            + c.valueColumn + "' columns, found " + String.join(",", names));
                }
                for (int i = 0; i < names.size() && !c.allNamed; i++) {
                    // with all four columns named, the others (a unit, a source) are left out
                    if (i != date && i != segment && i != metric && i != value) {
                        throw new InvalidDataException(source, line, i + 1, "unexpected column '" + names.get(i)
                                + "' in a long CSV (expected " + c.dateColumn + "," + c.segmentColumn + ","
                                + c.metricColumn + "," + c.valueColumn + ")" + COLUMNS_HINT + OTHER_COLUMNS_HINT);
                    }
                }
                return new Header(Layout.LONG, names, date, segment, metric, value, null, null);
            }
            List<Integer> columns = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                if (i != date && i != segment) {
                    columns.add(i);
                }
            }
            if (!columns.isEmpty() && c.wideMetrics != null) {
                // only the declared metrics: other columns (a region, a label) are left out unread, but not the
                // segments' column under another name (then every row would silently be the whole organisation's)
                for (int i : columns) {
                    String name = names.get(i);
                    if (segment < 0 && !c.wideMetrics.contains(name.toLowerCase(Locale.ROOT))
                            && SEGMENT_LIKE.contains(name.toLowerCase(Locale.ROOT).replaceAll("[^a-z]", ""))) {
                        throw new InvalidDataException(source, line, i + 1, "this wide CSV has no '" + c.segmentColumn
                                + "' column and its column '" + name + "' looks like one: name it with --columns segment="
                                + name + " (the builder's segmentColumn)");
                    }
                }
                columns.removeIf(i -> !c.wideMetrics.contains(names.get(i).toLowerCase(Locale.ROOT)));
                if (columns.isEmpty()) {
                    throw new InvalidDataException(source, line, 0, "none of the metrics to read ("
                            + String.join(", ", new java.util.TreeSet<>(c.wideMetrics)) + ") is a column of this wide "
                            + "CSV, found " + String.join(",", names));
                }
                // each metric to read is a column: one missing was read as absent without a word, and the command
                // line then named only the columns it had read ("metric 'tokenz' not found (it has: cycle_time)")
                java.util.Set<String> missing = new java.util.TreeSet<>(c.wideMetrics);
                for (int i : columns) {
                    missing.remove(names.get(i).toLowerCase(Locale.ROOT));
                }
                if (!missing.isEmpty()) {
                    // named as they were asked for ("found none for prs" read as if PRs had been lowered)
                    throw new InvalidDataException(source, line, 0, "expected a column for each metric to read, "
                            + "found none for " + missing.stream().map(k -> c.wideMetricNames.getOrDefault(k, k))
                            .collect(java.util.stream.Collectors.joining(", ")) + " (matched ignoring case) in this "
                            + "wide CSV's header " + String.join(",", names));
                }
            } else if (columns.isEmpty()) {
                throw new InvalidDataException(source, line, 0, "expected metric columns after " + c.dateColumn
                        + (segment >= 0 ? "," + c.segmentColumn : "") + " (wide CSV) or " + c.metricColumn + ","
                        + c.valueColumn + " columns (long CSV), found " + String.join(",", names));
            }
            String[] metrics = new String[columns.size()];
            int[] metricColumns = new int[columns.size()];
            for (int i = 0; i < metrics.length; i++) {
                metricColumns[i] = columns.get(i);
                metrics[i] = names.get(columns.get(i));
            }
            return new Header(Layout.WIDE, names, date, segment, -1, -1, metrics, metricColumns);
        }
    }

    /** Settings for a {@link CsvMetrics} reader. */
    public static final class Builder {
        private char delimiter = ',';
        private NumberFormat numberFormat;
        private ZoneId zone = ZoneOffset.UTC;
        private String dateColumn = "date";
        private String segmentColumn = "segment";
        private String metricColumn = "metric";
        private String valueColumn = "value";
        private boolean segmentNamed;
        private boolean longNamed;
        private boolean dateNamed;
        private boolean metricNamed;
        private boolean valueNamed;
        private Layout layout;
        private java.util.Set<String> wideMetrics;
        private final java.util.Map<String, String> wideMetricNames = new java.util.HashMap<>();

        private Builder() {
        }

        /**
         * Reads only these columns of a wide file as metrics (matched case-insensitively), each of which must be a
         * column of the file (refused, naming the header, where one is not); the others after date and segment are
         * left out unread (a region, a team's label), where without this every column is read as a number.
         * A long file's rows are read whatever their metric; only these metrics are checked for a point grouping
         * thousands.
         *
         * @throws IllegalArgumentException if {@code names} is empty or holds a blank name
         */
        public Builder metrics(java.util.Collection<String> names) {
            Objects.requireNonNull(names, "names");
            if (names.isEmpty()) {
                throw new IllegalArgumentException("metrics: expected at least one name");
            }
            java.util.Set<String> set = new java.util.HashSet<>();
            wideMetricNames.clear();
            for (String n : names) {
                String name = column("metrics", n);
                set.add(name.toLowerCase(Locale.ROOT));
                wideMetricNames.putIfAbsent(name.toLowerCase(Locale.ROOT), name);
            }
            this.wideMetrics = set;
            return this;
        }

        /**
         * The header name of the date column ({@code date} by default), matched case-insensitively.
         *
         * @throws IllegalArgumentException if blank
         */
        public Builder dateColumn(String name) {
            this.dateColumn = column("dateColumn", name);
            this.dateNamed = true;
            return this;
        }

        /**
         * The header name of the segment column ({@code segment} by default). Once named here the column must be in
         * the header; the default one may be left out (every row is then the whole organisation's).
         *
         * @throws IllegalArgumentException if blank
         */
        public Builder segmentColumn(String name) {
            this.segmentColumn = column("segmentColumn", name);
            this.segmentNamed = true;
            return this;
        }

        /**
         * The header name of the metric-name column of the long layout ({@code metric} by default). Naming it (or the
         * value column) here means the file is long: a header without it is refused instead of read as wide. With all four
         * columns of the long layout named (date, segment, metric and value), any other column (a unit, a source) is
         * left out instead of refused.
         *
         * @throws IllegalArgumentException if blank
         */
        public Builder metricColumn(String name) {
            this.metricColumn = column("metricColumn", name);
            this.longNamed = true;
            this.metricNamed = true;
            return this;
        }

        /**
         * The header name of the value column of the long layout ({@code value} by default); see
         * {@link #metricColumn}.
         *
         * @throws IllegalArgumentException if blank
         */
        public Builder valueColumn(String name) {
            this.valueColumn = column("valueColumn", name);
            this.longNamed = true;
            this.valueNamed = true;
            return this;
        }

        /**
         * Fixes the layout instead of detecting it from the header ({@code null}, the default, detects it): with
         * {@link Layout#WIDE} every column but the date and the segment is a metric, even one named {@code value}.
         */
        public Builder layout(Layout value) {
            this.layout = value;
            return this;
        }

        private static String column(String what, String name) {
            if (name == null || name.isBlank()) {
                throw new IllegalArgumentException(what + ": expected a column name, found "
                        + (name == null ? "null" : "a blank string"));
            }
            return name.strip();
        }

        /**
         * The field delimiter, {@code ','} by default ({@code ';'} and {@code '\t'} are common).
         *
         * @throws IllegalArgumentException for a quote, line break or letter/digit
         */
        public Builder delimiter(char value) {
            if (value == '"' || value == '\n' || value == '\r' || Character.isLetterOrDigit(value) || value == '.') {
                throw new IllegalArgumentException("delimiter: must not be a quote, line break, '.', letter or digit, found '"
                        + value + "'");
            }
            this.delimiter = value;
            return this;
        }

        /**
         * How the file writes its numbers ({@code 1.234,5} in a German export). Undeclared, values are plain
         * decimals ({@code 1234.5}) and a metric whose values look written with a point grouping thousands is refused
         * at the end of the file; declared, values are read in that format, {@link NumberFormat#PLAIN_POINT} without
         * that check.
         */
        public Builder numberFormat(NumberFormat value) {
            this.numberFormat = Objects.requireNonNull(value, "numberFormat");
            return this;
        }

        /** The zone in which date-times with an offset are turned into dates, UTC by default. */
        public Builder zone(ZoneId value) {
            this.zone = Objects.requireNonNull(value, "zone");
            return this;
        }

        /**
         * Builds the reader.
         *
         * @throws IllegalStateException if one column is named for two roles, or the long columns are named for a
         *                               wide layout
         */
        public CsvMetrics build() {
            List<String> roles = List.of(dateColumn, segmentColumn, metricColumn, valueColumn);
            for (int i = 0; i < roles.size(); i++) {
                for (int j = i + 1; j < roles.size(); j++) {
                    if (roles.get(i).equalsIgnoreCase(roles.get(j))) {
                        throw new IllegalStateException("column '" + roles.get(i) + "' is named for two roles");
                    }
                }
            }
            if (layout == Layout.WIDE && longNamed) {
                throw new IllegalStateException("a wide layout has no metric and value columns: name them only for a "
                        + "long one");
            }
            return new CsvMetrics(this);
        }
    }

    /** A count with its thousands grouped, as the reports print counts ("2,309"). */
    private static String thousands(long n) {
        return String.format(java.util.Locale.ROOT, "%,d", n);
    }
}
