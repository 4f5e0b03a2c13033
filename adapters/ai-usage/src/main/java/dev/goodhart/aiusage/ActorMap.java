package dev.goodhart.aiusage;

import dev.goodhart.model.InvalidDataException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Who belongs to which team: actor names (a GitHub login, an IAM user or role-session name, an OpenAI user or API key
 * id) mapped to segments. Read from a two-column CSV file {@code actor,segment} (a header row {@code actor,segment}
 * or {@code actor,team} is optional; fields may be quoted as in RFC 4180). Immutable.
 */
public final class ActorMap {
    /** No mapping: every actor is its own segment in the observations and in no team for the activity scorers. */
    public static final ActorMap NONE = new ActorMap(Map.of(), "");

    private final Map<String, String> segments;
    private final String source;

    private ActorMap(Map<String, String> segments, String source) {
        this.segments = Collections.unmodifiableMap(new LinkedHashMap<>(segments));
        this.source = source;
    }

    /**
     * A mapping from memory.
     *
     * @throws IllegalArgumentException if an actor or segment is blank
     */
    public static ActorMap of(Map<String, String> actorToSegment) {
        Map<String, String> m = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : actorToSegment.entrySet()) {
            String actor = Objects.requireNonNull(e.getKey(), "actor").strip();
            String segment = Objects.requireNonNull(e.getValue(), "segment").strip();
            if (actor.isEmpty() || segment.isEmpty()) {
                throw new IllegalArgumentException("actor map: actor and segment must not be blank, found '"
                        + e.getKey() + "' -> '" + e.getValue() + "'");
            }
            m.put(actor, segment);
        }
        return new ActorMap(m, "");
    }

    /**
     * Reads {@code actor,segment} rows from a UTF-8 CSV file.
     *
     * @throws IOException          if the file cannot be read
     * @throws InvalidDataException naming the file, line and column of a malformed row, a blank actor or segment, or
     *                              an actor mapped to two segments
     */
    public static ActorMap read(Path file) throws IOException {
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return read(in, file.toString());
        }
    }

    /** As {@link #read(Path)}, from a reader; {@code source} names it in errors. */
    public static ActorMap read(Reader in, String source) throws IOException {
        BufferedReader r = in instanceof BufferedReader b ? b : new BufferedReader(in);
        Map<String, String> m = new LinkedHashMap<>();
        Map<String, Long> lineOf = new HashMap<>();
        String line;
        long n = 0;
        while ((line = r.readLine()) != null) {
            n++;
            if (n == 1 && line.startsWith("\uFEFF")) {
                line = line.substring(1);
            }
            if (line.isBlank()) {
                continue;
            }
            List<String> f = fields(line, source, n);
            if (f.size() != 2) {
                throw new InvalidDataException(source, n, 0, "expected two columns, actor,segment, found "
                        + f.size());
            }
            String actor = f.get(0).strip();
            String segment = f.get(1).strip();
            if (n == 1 && actor.equalsIgnoreCase("actor") && (segment.toLowerCase(Locale.ROOT).equals("segment")
                    || segment.equalsIgnoreCase("team"))) {
                continue;
            }
            if (actor.isEmpty()) {
                throw new InvalidDataException(source, n, 1, "expected an actor name, found an empty cell");
            }
            if (segment.isEmpty()) {
                throw new InvalidDataException(source, n, 2, "expected the segment of " + actor + ", found an empty cell");
            }
            String before = m.putIfAbsent(actor, segment);
            if (before != null && !before.equals(segment)) {
                throw new InvalidDataException(source, n, 2, actor + " is mapped to " + segment + " here and to "
                        + before + " on line " + lineOf.get(actor));
            }
            lineOf.putIfAbsent(actor, n);
        }
        return new ActorMap(m, source);
    }

    private static List<String> fields(String line, String source, long n) {
        List<String> out = new ArrayList<>();
        StringBuilder cur = new StringBuilder();
        int i = 0;
        int column = 1;
        while (true) {
            cur.setLength(0);
            if (i < line.length() && line.charAt(i) == '"') {
                i++;
                while (true) {
                    if (i >= line.length()) {
                        throw new InvalidDataException(source, n, column, "a quoted field is not closed on its line");
                    }
                    char c = line.charAt(i++);
                    if (c == '"') {
                        if (i < line.length() && line.charAt(i) == '"') {
                            cur.append('"');
                            i++;
                        } else {
                            break;
                        }
                    } else {
                        cur.append(c);
                    }
                }
                if (i < line.length() && line.charAt(i) != ',') {
                    throw new InvalidDataException(source, n, column, "expected a comma after a quoted field");
                }
            } else {
                while (i < line.length() && line.charAt(i) != ',') {
                    cur.append(line.charAt(i++));
                }
            }
            out.add(cur.toString());
            if (i >= line.length()) {
                return out;
            }
            i++; // the comma
            column++;
        }
    }

    /** The segment of the first of {@code names} that is mapped (an actor may be known by a name or an id). */
    public Optional<String> segmentOf(String... names) {
        for (String name : names) {
            if (name != null) {
                String s = segments.get(name);
                if (s != null) {
                    return Optional.of(s);
                }
            }
        }
        return Optional.empty();
    }

    /** Whether nothing is mapped. */
    public boolean isEmpty() {
        return segments.isEmpty();
    }

    /** Actors mapped. */
    public int size() {
        return segments.size();
    }

    /** The file it was read from, empty when built in memory. */
    public String source() {
        return source;
    }

    @Override
    public String toString() {
        return "ActorMap[" + segments.size() + " actors" + (source.isEmpty() ? "" : " from " + source) + "]";
    }
}
