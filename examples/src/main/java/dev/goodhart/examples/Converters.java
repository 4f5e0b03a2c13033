package dev.goodhart.examples;

import dev.goodhart.model.Aggregation;
import dev.goodhart.model.CountingChange;
import dev.goodhart.model.Direction;
import dev.goodhart.model.Frame;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.Metric;
import dev.goodhart.model.Role;
import dev.goodhart.report.Verdict;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/**
 * The option values, checked as they are parsed: each converter's message says what was expected and what was found,
 * and the tool prints it after the option's name ({@code --period: expected auto, day, week or month, found 'x'}).
 */
final class Converters {
    private Converters() {
    }

    private static TypeConversionException wrong(String message) {
        return new TypeConversionException(message);
    }

    /** {@code --proxy NAME[:sum|mean|last]}. */
    static final class Proxy implements ITypeConverter<Metric> {
        @Override
        public Metric convert(String spec) {
            return metric(spec, Role.PROXY);
        }
    }

    /** {@code --outcome NAME:lower|higher[:sum|mean|last[:UNIT]]}. */
    static final class Outcome implements ITypeConverter<Metric> {
        @Override
        public Metric convert(String spec) {
            return metric(spec, Role.OUTCOME);
        }
    }

    static Metric metric(String spec, Role role) {
        String[] parts = spec.split(":", -1);
        String name = parts[0].strip();
        if (name.isEmpty()) {
            throw wrong("expected a metric name, found '" + spec + "'");
        }
        Direction direction = Direction.HIGHER;
        Aggregation aggregation = role == Role.PROXY ? Aggregation.SUM : Aggregation.MEAN;
        int next = 1;
        if (role == Role.OUTCOME) {
            if (parts.length < 2) {
                throw wrong("expected NAME:lower or NAME:higher (which way is better), found '" + spec + "'");
            }
            String dir = parts[1].strip().toLowerCase(Locale.ROOT);
            if (!dir.equals("lower") && !dir.equals("higher")) {
                throw wrong("expected 'lower' or 'higher' after '" + name + ":', found '" + parts[1] + "'");
            }
            direction = Direction.parse(dir);
            next = 2;
        }
        // an outcome may end with its unit after its aggregation: success:higher:mean:share declares a share
        int most = role == Role.OUTCOME ? next + 2 : next + 1;
        if (parts.length > most) {
            throw wrong("too many ':' parts in '" + spec + "'");
        }
        String unit = parts.length == next + 2 ? parts[next + 1].strip() : "";
        if (parts.length >= next + 1) {
            try {
                aggregation = Aggregation.parse(parts[next]);
            } catch (IllegalArgumentException e) {
                String before = String.join(":", Arrays.copyOf(parts, next)) + ":";
                throw wrong("expected sum, mean or last after '" + before + "'"
                        + (parts.length == next + 2 ? " (before the unit)" : "") + ", found '" + parts[next] + "'");
            }
        }
        return new Metric(name, role, direction, unit, aggregation);
    }

    /** {@code --quota NAME=VALUE}. */
    record Quota(String metric, double value) {
    }

    /** {@code --quota NAME=VALUE}. */
    static final class QuotaConverter implements ITypeConverter<Quota> {
        @Override
        public Quota convert(String spec) {
            int eq = spec.indexOf('=');
            if (eq <= 0) {
                throw wrong("expected NAME=VALUE such as tokens=60000, found '" + spec + "'");
            }
            String text = spec.substring(eq + 1);
            try {
                double v = Double.parseDouble(text.strip());
                if (Double.isFinite(v) && v > 0) {
                    return new Quota(spec.substring(0, eq).strip(), v);
                }
                if (Double.isFinite(v)) {
                    // a quota of none or below none has nothing to land just above: bunching would not be read
                    throw wrong("expected a quota above 0 after '=' (the proxy's target, tokens=60000), found '" + text
                            + "'");
                }
            } catch (NumberFormatException e) {
                // below
            }
            throw wrong("expected a number after '=', found '" + text + "'");
        }
    }

    /** {@code --per METRIC:EXPOSURE}: a proxy or outcome read per an exposure (a head count). */
    record Per(String metric, String exposure) {
    }

    /** {@code --per METRIC:EXPOSURE}. */
    static final class PerConverter implements ITypeConverter<Per> {
        @Override
        public Per convert(String spec) {
            String[] parts = spec.split(":", -1);
            if (parts.length != 2 || parts[0].isBlank() || parts[1].isBlank()) {
                throw wrong("expected METRIC:EXPOSURE such as tokens:headcount (tokens read per head), found '"
                        + spec + "'");
            }
            return new Per(parts[0].strip(), parts[1].strip());
        }
    }

    /** {@code --counting-change NAME:YYYY-MM-DD:FACTOR[:LABEL]}. */
    static final class CountingChangeConverter implements ITypeConverter<CountingChange> {
        /**
         * The smallest factor taken, and one over it the largest: a change of unit (tokens to thousands) is 1000, a
         * tokenizer's 0.5 to 3; a factor of 1e-320 turned every value after the date into one no double holds.
         */
        private static final double MIN_FACTOR = 1e-6;

        @Override
        public CountingChange convert(String spec) {
            String[] parts = spec.split(":", 4);
            if (parts.length < 3 || parts[0].isBlank()) {
                throw wrong("expected NAME:YYYY-MM-DD:FACTOR such as tokens:2026-03-16:1.35 (from that day the same "
                        + "use counts 1.35 times as many), found '" + spec + "'");
            }
            LocalDate date = new Date().convert(parts[1]);
            double factor;
            try {
                factor = Double.parseDouble(parts[2].strip());
            } catch (NumberFormatException e) {
                throw wrong("expected a number after the date, found '" + parts[2] + "'");
            }
            if (!(factor >= MIN_FACTOR && factor <= 1 / MIN_FACTOR) || factor == 1) {
                throw wrong("expected a factor from 0.000001 to 1000000, not 1 (1.35: the same use counts 35% more),"
                        + " found '" + parts[2] + "'");
            }
            return new CountingChange(parts[0].strip(), date, factor, parts.length == 4 ? parts[3] : "");
        }
    }

    /** A date as {@code YYYY-MM-DD}. */
    static final class Date implements ITypeConverter<LocalDate> {
        @Override
        public LocalDate convert(String text) {
            try {
                return LocalDate.parse(text.strip());
            } catch (DateTimeParseException e) {
                throw wrong("expected a date as YYYY-MM-DD, found '" + text + "'");
            }
        }
    }

    /**
     * {@code --intervention YYYY-MM-DD[:SEGMENT,SEGMENT...]}: the day the proxy became a target, for every segment or
     * for the segments named (a rollout's wave).
     */
    static final class Wave implements ITypeConverter<dev.goodhart.model.Intervention> {
        @Override
        public dev.goodhart.model.Intervention convert(String text) {
            String t = text.strip();
            int colon = t.indexOf(':');
            String day = colon < 0 ? t : t.substring(0, colon).strip();
            LocalDate date;
            try {
                date = LocalDate.parse(day);
            } catch (DateTimeParseException e) {
                throw wrong("expected a date as YYYY-MM-DD, or YYYY-MM-DD:SEGMENT,SEGMENT for the segments of one "
                        + "wave, found '" + text + "'");
            }
            if (colon < 0) {
                return dev.goodhart.model.Intervention.of(date, "");
            }
            java.util.Set<String> segments = new java.util.LinkedHashSet<>();
            for (String name : t.substring(colon + 1).split(",", -1)) {
                String segment = name.strip();
                if (segment.isEmpty()) {
                    throw wrong("expected the segments of " + date + " separated by commas, found an empty name in '"
                            + text + "'");
                }
                segments.add(segment);
            }
            return new dev.goodhart.model.Intervention(date, "", segments);
        }
    }

    /** {@code --period auto|day|week|month}: null for auto. */
    static final class Period implements ITypeConverter<Granularity> {
        @Override
        public Granularity convert(String text) {
            if (text.strip().equalsIgnoreCase("auto")) {
                return null;
            }
            try {
                return Granularity.parse(text);
            } catch (IllegalArgumentException e) {
                throw wrong("expected auto, day, week or month, found '" + text + "'");
            }
        }
    }

    /** {@code --min-elasticity}: a number from 0 to 1. */
    static final class Elasticity implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            double v;
            try {
                v = Double.parseDouble(text.strip());
            } catch (NumberFormatException e) {
                v = Double.NaN;
            }
            if (!(v >= 0 && v <= 1)) {
                throw wrong("expected a number from 0 to 1 such as 0.1, found '" + text + "'");
            }
            return v;
        }
    }

    /** {@code --alpha LEVEL}: a significance level from 1e-10 to 0.1, written as a plain decimal number. */
    static final class Alpha implements ITypeConverter<Double> {
        @Override
        public Double convert(String text) {
            double v = Double.NaN;
            String t = text.strip();
            if (t.matches("[0-9]*\\.?[0-9]+([eE]-?[0-9]+)?")) {
                v = Double.parseDouble(t);
            }
            if (!(v >= dev.goodhart.report.IntegrityReport.MIN_ALPHA && v <= dev.goodhart.report.IntegrityReport.MAX_ALPHA)) {
                throw wrong("expected a level from 0.0000000001 to 0.1 such as 0.05, found '" + text + "'");
            }
            return v;
        }
    }

    /** {@code --duplicates reject|aggregate}. */
    static final class Duplicates implements ITypeConverter<Frame.Duplicates> {
        @Override
        public Frame.Duplicates convert(String text) {
            return switch (text.strip().toLowerCase(Locale.ROOT)) {
                case "reject" -> Frame.Duplicates.REJECT;
                case "aggregate" -> Frame.Duplicates.AGGREGATE;
                default -> throw wrong("expected reject or aggregate, found '" + text + "'");
            };
        }
    }

    /** The report's format. */
    enum Format { TEXT, JSON, HTML }

    /** {@code --spill}: when the data and findings go to temporary files and the JSON report is streamed. */
    enum SpillMode { AUTO, ALWAYS, NEVER }

    /** {@code --spill auto|always|never}. */
    static final class Spill implements ITypeConverter<SpillMode> {
        @Override
        public SpillMode convert(String text) {
            for (SpillMode m : SpillMode.values()) {
                if (m.name().equalsIgnoreCase(text.strip())) {
                    return m;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("expected auto, always or never, found '"
                    + text + "'");
        }
    }

    /** {@code --format text|json|html}. */
    static final class FormatConverter implements ITypeConverter<Format> {
        @Override
        public Format convert(String text) {
            for (Format f : Format.values()) {
                if (f.name().equalsIgnoreCase(text.strip())) {
                    return f;
                }
            }
            throw wrong("expected text, json or html, found '" + text + "'");
        }
    }

    /** {@code --fail-on WATCH|DIVERGING|GAMED}. */
    static final class FailOn implements ITypeConverter<Verdict> {
        @Override
        public Verdict convert(String text) {
            for (Verdict v : new Verdict[] {Verdict.WATCH, Verdict.DIVERGING, Verdict.GAMED}) {
                if (v.name().equalsIgnoreCase(text.strip())) {
                    return v;
                }
            }
            throw wrong("expected WATCH, DIVERGING or GAMED, found '" + text + "'");
        }
    }

    /** {@code --events-format auto|csv|jsonl|copilot|bedrock|openai}, lower case. */
    static final class EventsFormat implements ITypeConverter<String> {
        @Override
        public String convert(String text) {
            String f = text.strip().toLowerCase(Locale.ROOT);
            if (!java.util.List.of("auto", "csv", "jsonl", "copilot", "bedrock", "openai").contains(f)) {
                throw wrong("expected auto, csv, jsonl, copilot, bedrock or openai, found '" + text + "'");
            }
            return f;
        }
    }

    /** {@code --number-format 1.234,5}: the format whose example 1234.5 is written so. */
    static final class NumberFormatExample implements ITypeConverter<dev.goodhart.csv.CsvMetrics.NumberFormat> {
        @Override
        public dev.goodhart.csv.CsvMetrics.NumberFormat convert(String text) {
            try {
                return dev.goodhart.csv.CsvMetrics.NumberFormat.of(text);
            } catch (IllegalArgumentException e) {
                throw wrong(e.getMessage().substring("number format: ".length()));
            }
        }
    }

    /** {@code --delimiter C}: one character, {@code tab} or {@code \t} for a tab. */
    static final class Delimiter implements ITypeConverter<Character> {
        @Override
        public Character convert(String text) {
            String d = text.equals("\\t") || text.equalsIgnoreCase("tab") ? "\t" : text;
            if (d.length() != 1) {
                throw wrong("expected one character, found '" + text + "'");
            }
            return d.charAt(0);
        }
    }

    /** The column each role (date, segment, metric, value) is named by, in the order given. */
    record ColumnNames(Map<String, String> byRole) {
    }

    /** {@code --columns date=day,segment=team,metric=name,value=v}: the role of each named column. */
    static final class Columns implements ITypeConverter<ColumnNames> {
        static final java.util.List<String> ROLES = java.util.List.of("date", "segment", "metric", "value");

        @Override
        public ColumnNames convert(String text) {
            Map<String, String> out = new LinkedHashMap<>();
            for (String pair : text.split(",", -1)) {
                int eq = pair.indexOf('=');
                String role = eq < 0 ? pair.strip() : pair.substring(0, eq).strip().toLowerCase(Locale.ROOT);
                String column = eq < 0 ? "" : pair.substring(eq + 1).strip();
                if (!ROLES.contains(role) || column.isEmpty()) {
                    throw wrong("expected ROLE=COLUMN pairs with roles date, segment, metric, value, such as "
                            + "date=day,segment=team, found '" + pair + "'");
                }
                if (out.put(role, column) != null) {
                    throw wrong("'" + role + "' is given twice in '" + text + "'");
                }
            }
            return new ColumnNames(out);
        }
    }

    private static final Pattern TIMEOUT = Pattern.compile("(\\d{1,9})(s|m|h)?");
    private static final Pattern STEP = Pattern.compile("(\\d{1,9})([smhd])");

    /** {@code --timeout}: seconds, or a number with s, m or h. */
    static final class Timeout implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            Matcher m = TIMEOUT.matcher(text.strip());
            if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
                throw wrong("expected a duration such as 30s, 2m or 1h, found '" + text + "'");
            }
            return duration(Long.parseLong(m.group(1)), m.group(2) == null ? "s" : m.group(2));
        }
    }

    /** {@code --zone ZONE}: a region (Europe/Berlin) or an offset (+02:00, UTC). */
    static final class Zone implements ITypeConverter<java.time.ZoneId> {
        @Override
        public java.time.ZoneId convert(String text) {
            try {
                return java.time.ZoneId.of(text.strip());
            } catch (java.time.DateTimeException e) {
                throw wrong("expected a time zone such as Europe/Berlin, America/New_York, +02:00 or UTC, found '"
                        + text + "'");
            }
        }
    }

    /** {@code --step}: a number with s, m, h or d. */
    static final class Step implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String text) {
            Matcher m = STEP.matcher(text.strip());
            if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
                throw wrong("expected a duration such as 1d, 6h, 30m, found '" + text + "'");
            }
            return duration(Long.parseLong(m.group(1)), m.group(2));
        }
    }

    private static Duration duration(long n, String unit) {
        return switch (unit) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
