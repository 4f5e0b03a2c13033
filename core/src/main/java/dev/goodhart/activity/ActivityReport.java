package dev.goodhart.activity;

import dev.goodhart.internal.Text;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The activity section of a report: every actor's score, flag and signatures, and a roll-up per segment. Immutable;
 * {@link #toString()} is a readable table that names the flagged actors with their reasons.
 *
 * @param events     events scored (for a day-level export: user-days, one per actor and day however many records
 *                   the day had; a record that came too late to join its day counts as one)
 * @param first      the earliest event, null for an empty log
 * @param last       the latest event, null for an empty log
 * @param actors     one entry per (segment, actor), highest score first
 * @param segments   one roll-up per segment, by name
 * @param lateEvents events that arrived too late to be put in time order (see {@link ActivityLog}): counted
 *                   everywhere except gaps between requests, rapid runs and episodes; 0 when every event was in time
 * @param notes      what a reader must know to trust the numbers, in plain sentences (late events, with how late
 *                   and what to do); empty when there is nothing to say
 * @param basis      what was scored: single events (requests) or one record per user and day
 * @param input      what became of the records read (read, used, skipped by reason); {@link EventAccount#NONE}
 *                   when the log was built in memory
 * @param flagAt     the score from which an actor is flagged (the scorer's threshold, 0 to 100)
 */
public record ActivityReport(long events, Instant first, Instant last, List<ActorActivity> actors,
        List<SegmentActivity> segments, long lateEvents, List<String> notes, Basis basis, EventAccount input,
        double flagAt) implements java.io.Serializable {
    private static final long serialVersionUID = 1L;

    /** The default flag threshold of the scorers. */
    public static final double DEFAULT_FLAG_AT = 50;

    /** An activity section for no events. */
    public static final ActivityReport EMPTY = new ActivityReport(0, null, null, List.of(), List.of());

    /** What one unit of an activity log is. */
    public enum Basis {
        /** One use of an AI tool (a request), with its time: the seven event signatures apply. */
        EVENTS("events"),
        /** One record per user and day, as day-level exports (GitHub Copilot, OpenAI usage) give them. */
        USER_DAYS("user-days");

        private final String unit;

        Basis(String unit) {
            this.unit = unit;
        }

        /** The unit in sentences: "events", "user-days". */
        public String unit() {
            return unit;
        }
    }

    /**
     * Copies the lists.
     *
     * @throws IllegalArgumentException if {@code lateEvents} is negative or more than {@code events}, or
     *                                  {@code flagAt} is not in (0, 100]
     */
    public ActivityReport {
        actors = List.copyOf(Objects.requireNonNull(actors, "actors"));
        segments = List.copyOf(Objects.requireNonNull(segments, "segments"));
        notes = List.copyOf(Objects.requireNonNull(notes, "notes"));
        Objects.requireNonNull(basis, "basis");
        Objects.requireNonNull(input, "input");
        if (lateEvents < 0 || lateEvents > Math.max(0, events)) {
            throw new IllegalArgumentException("lateEvents: must be between 0 and the " + events + " events, found "
                    + lateEvents);
        }
        if (!(flagAt > 0 && flagAt <= 100)) {
            throw new IllegalArgumentException("flagAt: must be in (0, 100], found " + flagAt);
        }
    }

    /** A report of events with the default threshold and no input account. */
    public ActivityReport(long events, Instant first, Instant last, List<ActorActivity> actors,
            List<SegmentActivity> segments, long lateEvents, List<String> notes) {
        this(events, first, last, actors, segments, lateEvents, notes, Basis.EVENTS, EventAccount.NONE,
                DEFAULT_FLAG_AT);
    }

    /** A report in which every event arrived in time to be put in order, without notes. */
    public ActivityReport(long events, Instant first, Instant last, List<ActorActivity> actors,
            List<SegmentActivity> segments) {
        this(events, first, last, actors, segments, 0, List.of());
    }

    /** Whether no events were scored. */
    public boolean isEmpty() {
        return events == 0;
    }

    /** The flagged actors, highest score first. */
    public List<ActorActivity> flagged() {
        return actors.stream().filter(ActorActivity::flagged).toList();
    }

    /** The result for one actor in one segment. */
    public Optional<ActorActivity> actor(String segment, String actor) {
        return actors.stream().filter(a -> a.segment().equals(segment) && a.actor().equals(actor)).findFirst();
    }

    /** This report with the account of the records it was read from. */
    public ActivityReport withInput(EventAccount account) {
        return new ActivityReport(events, first, last, actors, segments, lateEvents, notes, basis, account, flagAt);
    }

    /** This report with more notes after its own. */
    public ActivityReport withNotes(List<String> more) {
        List<String> all = new ArrayList<>(notes);
        all.addAll(more);
        return new ActivityReport(events, first, last, actors, segments, lateEvents, all, basis, input, flagAt);
    }

    /**
     * This report with every actor name replaced by a stable pseudonym ({@code actor-1}, {@code actor-2}, ... in order
     * of first appearance in the sorted names), so it can be shared without naming people. Segment names are kept. An
     * actor's name in a note is replaced too, where it stands as a name (not inside a longer word: {@code user-1} in
     * {@code user-10} is not); a note that names someone who is no actor (a source's note on a renamed login) keeps
     * that name, so a reader that writes such notes should be told not to (the command line's readers are).
     */
    public ActivityReport pseudonymised() {
        List<String> names = actors.stream().map(ActorActivity::actor).distinct().sorted().toList();
        Map<String, String> alias = new LinkedHashMap<>();
        for (int i = 0; i < names.size(); i++) {
            alias.put(names.get(i), "actor-" + (i + 1));
        }
        List<ActorActivity> renamed = new ArrayList<>();
        for (ActorActivity a : actors) {
            renamed.add(a.withActor(alias.get(a.actor())));
        }
        List<String> longestFirst = new ArrayList<>(names);
        longestFirst.sort(java.util.Comparator.comparingInt(String::length).reversed());
        List<String> renamedNotes = new ArrayList<>();
        for (String note : notes) {
            renamedNotes.add(renameIn(note, longestFirst, alias));
        }
        return new ActivityReport(events, first, last, renamed, segments, lateEvents, renamedNotes, basis, input,
                flagAt);
    }

    /**
     * {@code text} with each name replaced by its alias where it stands alone (not part of a longer word), in one pass
     * over the text, the longest name first at each place (so an alias put in is never read again).
     */
    static String renameIn(String text, List<String> longestFirst, Map<String, String> alias) {
        List<String> present = new ArrayList<>();
        for (String name : longestFirst) {
            if (name.chars().anyMatch(c -> wordChar((char) c)) && text.contains(name)) {
                present.add(name); // a name of no letter or digit ("*") is never read as one
            }
        }
        if (present.isEmpty()) {
            return text;
        }
        StringBuilder sb = new StringBuilder();
        int i = 0;
        outer:
        while (i < text.length()) {
            if (i == 0 || !wordChar(text.charAt(i - 1))) {
                for (String name : present) {
                    int end = i + name.length();
                    if (text.startsWith(name, i)
                            && (end == text.length() || !wordChar(text.charAt(end)))) {
                        sb.append(alias.get(name));
                        i = end;
                        continue outer;
                    }
                }
            }
            sb.append(text.charAt(i++));
        }
        return sb.toString();
    }

    private static boolean wordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_';
    }

    /** The table: input, notes, segments, then flagged actors with the signatures that fired. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT, "Activity: %,d %s, %,d %s, %,d flagged (score %.0f or more)%s\n", events,
                basis.unit(), actors.size(), actors.size() == 1 ? "actor" : "actors", flagged().size(), flagAt,
                first == null ? "" : ", " + first + " to " + last));
        if (input.known()) {
            sb.append(Text.clean(input.sentence())).append('\n');
        }
        notes.forEach(n -> sb.append("Note: ").append(Text.clean(n)).append('\n'));
        if (actors.isEmpty()) {
            return sb.toString();
        }
        // display columns, not chars: a CJK name takes two a character
        int w = Math.max(7, segments.stream().mapToInt(s -> Text.width(Text.clean(s.segment()))).max().orElse(7));
        sb.append(Text.padRight("segment", w)).append(String.format(Locale.ROOT, "  %6s  %7s  %10s  %10s\n",
                "actors", "flagged", "mean score", "tokens flagged"));
        for (SegmentActivity s : segments) {
            sb.append(Text.padRight(Text.clean(s.segment()), w)).append(String.format(Locale.ROOT,
                    "  %6d  %7d  %10.0f  %14s\n", s.actors(), s.flagged(), s.meanScore(), s.flaggedTokenPercent()));
        }
        List<ActorActivity> flagged = flagged();
        if (!flagged.isEmpty()) {
            sb.append(String.format(Locale.ROOT, "\nFlagged actors:\n"));
            for (ActorActivity a : flagged) {
                sb.append(String.format(Locale.ROOT, "  %s [%s] score %s, %,d %s, %,d tokens\n",
                        Text.clean(a.actor()), Text.clean(a.segment()), Text.score(a.score()), a.events(),
                        basis == Basis.USER_DAYS ? "active days" : "events", a.tokens()));
                a.reasons().forEach(r -> sb.append("    - ").append(Text.clean(r)).append("\n"));
            }
        }
        return sb.toString();
    }
}
