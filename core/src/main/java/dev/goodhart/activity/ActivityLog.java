package dev.goodhart.activity;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.zone.ZoneRules;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * A usage log, accumulated from a stream of {@link ActivityEvent}s into bounded state per actor: counters, fixed-size
 * histograms (hour of the week, days before the month's end, request sizes, inter-arrival gaps, split runs), a
 * HyperLogLog of distinct requests and a Space-Saving summary of the most repeated ones. The events themselves are
 * not kept (but for the few waiting to be put in order, below), so memory grows with the number of actors, never with
 * the number of events: {@link #bytesPerActor()} each, and at most {@link #maxBytesPerActor()} while events wait.
 *
 * <p>An actor is identified by (segment, actor): a person whose events name two segments is scored in each.
 * Events by an agent (non-empty {@link ActivityEvent#agent()}) are left out of the cadence, off-hours and splitting
 * signatures, where regularity, night work and batches on one subject are what agents legitimately do; their days are
 * counted apart from the person's own (steady days).
 *
 * <h2>Arrival order</h2>
 * Gaps between requests, working sessions and rapid runs need each actor's events in time order, so each actor's
 * events wait in a small buffer and are put in time order (ties broken by the events' other fields) before they are
 * used. The contract: <b>the report is the same whatever order the events arrive in, as long as every event arrives
 * before any event of the same actor more than the {@linkplain Builder#reorderWindow reorder window} newer (one hour
 * by default), and no actor has more than {@linkplain Builder#reorderBuffer reorderBuffer} events (1,000 by default)
 * in any stretch of time as long as the window.</b> A time-sorted log, a log sorted by actor and time, and a log whose
 * events are up to a few minutes out of order all qualify. For a log in no order at all, sort it by time first, or
 * give a window at least as long as the log's span and a buffer at least as large as the busiest actor's events
 * (memory: about 64 bytes per waiting event).
 *
 * <p>An event that arrives later than that (after a later event of its actor was put in order) is <em>late</em>: it
 * still counts in everything order does not matter for (events, tokens, repeats, hours, sizes, artifacts, agents),
 * but not in gaps, sessions, runs and episodes (the work on one topic an artifact credits; conversations, whose
 * sizes are their history): cadence and splitting may then be understated, and tokens leading nowhere and request
 * size overstated. Late events are never dropped silently: {@link
 * #lateEvents()} counts them, and the {@link ActivityReport} says how many, how late, and what to do.
 *
 * <p>Thread-safe: {@link #accept} may be called from many threads, and {@link ActivityScorer#score} takes a
 * consistent snapshot (putting in order whatever still waits, without disturbing the log) while events keep arriving.
 * Use {@code log::accept} (or the log itself) as the {@code Consumer} of a streaming reader. Serializable, waiting
 * events included.
 */
public final class ActivityLog implements Consumer<ActivityEvent>, java.io.Serializable {
    private static final long serialVersionUID = 2L;
    private final ActorState.Settings settings;
    private final ZoneRules rules;
    private final Map<String, Map<String, ActorState>> actors = new HashMap<>();
    private long events;
    private long artifactEvents;
    private long fingerprintedEvents;
    private long firstMillis = Long.MAX_VALUE;
    private long lastMillis = Long.MIN_VALUE;
    private int actorCount;

    private ActivityLog(Builder b) {
        this.settings = new ActorState.Settings(b.zone, b.splitGap.toMillis(), b.splitRun, b.sessionGap.toMillis(),
                b.reorderWindow.toMillis(), b.reorderBuffer);
        this.rules = b.zone.getRules();
    }

    /** An empty log with the default settings (hours of the day in UTC). */
    public static ActivityLog create() {
        return builder().build();
    }

    /** An empty log whose hours of the day and period ends are taken in {@code zone}. */
    public static ActivityLog create(ZoneId zone) {
        return builder().zone(zone).build();
    }

    /** A builder with the default settings. */
    public static Builder builder() {
        return new Builder();
    }

    /** Adds one event. Thread-safe. */
    @Override
    public synchronized void accept(ActivityEvent event) {
        Objects.requireNonNull(event, "event");
        ActorState state = actors.computeIfAbsent(event.segment(), k -> new HashMap<>()).get(event.actor());
        if (state == null) {
            state = new ActorState(event.segment(), event.actor());
            actors.get(event.segment()).put(event.actor(), state);
            actorCount++;
        }
        state.add(event, settings, rules);
        events++;
        if (event.hasArtifact()) {
            artifactEvents++;
        }
        if (!event.requestFingerprint().isEmpty()) {
            fingerprintedEvents++;
        }
        long t = event.timestamp().toEpochMilli();
        firstMillis = Math.min(firstMillis, t);
        lastMillis = Math.max(lastMillis, t);
    }

    /**
     * Adds the actors of another log to this one, as a distributed engine does after grouping events by actor: the two
     * logs must have the same settings and no (segment, actor) in common. The result equals one log fed every event
     * (in any order the reorder window allows): each actor's waiting events move with it and keep waiting.
     *
     * @throws IllegalArgumentException if the settings differ or an actor is in both logs
     */
    public ActivityLog merge(ActivityLog other) {
        Objects.requireNonNull(other, "other");
        if (other == this) {
            throw new IllegalArgumentException("merge: a log cannot be merged with itself");
        }
        synchronized (other) {
            if (!other.settings.equals(settings)) {
                throw new IllegalArgumentException("merge: the logs have different settings (" + settings + " and "
                        + other.settings + ")");
            }
            synchronized (this) {
                for (Map.Entry<String, Map<String, ActorState>> e : other.actors.entrySet()) {
                    Map<String, ActorState> mine = actors.computeIfAbsent(e.getKey(), k -> new HashMap<>());
                    for (Map.Entry<String, ActorState> a : e.getValue().entrySet()) {
                        if (mine.containsKey(a.getKey())) {
                            throw new IllegalArgumentException("merge: actor '" + a.getKey() + "' of segment "
                                    + e.getKey() + " is in both logs; group events by actor before merging");
                        }
                    }
                }
                for (Map.Entry<String, Map<String, ActorState>> e : other.actors.entrySet()) {
                    Map<String, ActorState> mine = actors.get(e.getKey());
                    for (Map.Entry<String, ActorState> a : e.getValue().entrySet()) {
                        mine.put(a.getKey(), a.getValue().snapshotOpen());
                        actorCount++;
                    }
                }
                events += other.events;
                artifactEvents += other.artifactEvents;
                fingerprintedEvents += other.fingerprintedEvents;
                firstMillis = Math.min(firstMillis, other.firstMillis);
                lastMillis = Math.max(lastMillis, other.lastMillis);
            }
        }
        return this;
    }

    /** Adds one event and returns this log. */
    public ActivityLog add(ActivityEvent event) {
        accept(event);
        return this;
    }

    /** Adds every event and returns this log. */
    public ActivityLog addAll(Iterable<? extends ActivityEvent> events) {
        Objects.requireNonNull(events, "events");
        for (ActivityEvent e : events) {
            accept(e);
        }
        return this;
    }

    /** Events added so far. */
    public synchronized long eventCount() {
        return events;
    }

    /** Distinct (segment, actor) pairs seen so far. */
    public synchronized int actorCount() {
        return actorCount;
    }

    /** The segments seen so far, sorted ({@code "*"} for events without one). */
    public synchronized Set<String> segments() {
        return new TreeSet<>(actors.keySet());
    }

    /** Events that named an artifact. */
    public synchronized long artifactEventCount() {
        return artifactEvents;
    }

    /** Events that carried a request fingerprint. */
    public synchronized long fingerprintedEventCount() {
        return fingerprintedEvents;
    }

    /**
     * Late events: those that arrived after a later event of the same actor had already been put in order (see the
     * class comment). They count everywhere except gaps, sessions, runs and episodes; the report says so.
     */
    public synchronized long lateEvents() {
        long n = 0;
        for (Map<String, ActorState> m : actors.values()) {
            for (ActorState s : m.values()) {
                n += s.lateEvents;
            }
        }
        return n;
    }

    /**
     * The same as {@link #lateEvents()}.
     *
     * @deprecated an event is no longer lost for being out of order, only for arriving later than the reorder window
     *             allows; use {@link #lateEvents()}
     */
    @Deprecated
    public long outOfOrderEvents() {
        return lateEvents();
    }

    /** Events waiting now to be put in order (they are counted, and a snapshot applies them). */
    public synchronized long waitingEvents() {
        long n = 0;
        for (Map<String, ActorState> m : actors.values()) {
            for (ActorState s : m.values()) {
                n += s.waiting();
            }
        }
        return n;
    }

    /** The earliest event's time, empty when the log is empty. */
    public synchronized Optional<Instant> firstEvent() {
        return events == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(firstMillis));
    }

    /** The latest event's time, empty when the log is empty. */
    public synchronized Optional<Instant> lastEvent() {
        return events == 0 ? Optional.empty() : Optional.of(Instant.ofEpochMilli(lastMillis));
    }

    /** The zone in which hours of the day and period ends are taken. */
    public ZoneId zone() {
        return settings.zone();
    }

    /** The longest gap between two requests of one task-splitting run. */
    public Duration splitGap() {
        return Duration.ofMillis(settings.splitGapMillis());
    }

    /** The fewest requests that make a task-splitting run. */
    public int splitRun() {
        return settings.splitRun();
    }

    /** The longest gap between two requests of one working session (for the cadence's coefficient of variation). */
    public Duration sessionGap() {
        return Duration.ofMillis(settings.sessionGapMillis());
    }

    /** How long an event waits for earlier events of its actor before it is put in order. */
    public Duration reorderWindow() {
        return Duration.ofMillis(settings.reorderWindowMillis());
    }

    /** The most events of one actor that wait at a time to be put in order. */
    public int reorderBuffer() {
        return settings.reorderBuffer();
    }

    /**
     * Approximate bytes of an actor's fixed state (counters, histograms, sketches), whatever the number of events:
     * about 10 KB. Events waiting to be put in order add about 64 bytes each (see {@link #maxBytesPerActor()}).
     */
    public static long bytesPerActor() {
        return ActorState.bytes();
    }

    /**
     * Approximate bytes of one actor's state at most, whatever the number of events: the fixed state, a full
     * reordering buffer, the gaps of a long run of requests kept until it is decided whether it is a conversation and
     * the sizes of the open episodes' requests until each is (about 84 KB with the defaults). An actor holds only the
     * events of its last {@link #reorderWindow()}, so one with a few requests an hour stays close to {@link
     * #bytesPerActor()}.
     */
    public long maxBytesPerActor() {
        return ActorState.bytes() + (long) Pending.BYTES * settings.reorderBuffer()
                + ActorState.maxRunGapBytes(settings.splitRun());
    }

    /** Approximate bytes of state held now (per-actor state, waiting events and names). */
    public synchronized long approximateBytes() {
        long b = 256;
        for (Map.Entry<String, Map<String, ActorState>> e : actors.entrySet()) {
            b += 64 + 2L * e.getKey().length();
            for (ActorState s : e.getValue().values()) {
                b += ActorState.bytes() + s.waitingBytes() + 64 + 2L * s.actor.length();
                for (int i = 0; i < s.agentCount; i++) {
                    b += 48 + 2L * s.agentNames[i].length();
                }
            }
        }
        return b;
    }

    /** Consistent copies of every actor's state, waiting events applied in order, for the scorer. */
    synchronized Snapshot snapshot() {
        List<ActorState> copies = new ArrayList<>(actorCount);
        for (Map<String, ActorState> m : actors.values()) {
            for (ActorState s : m.values()) {
                copies.add(s.snapshot(settings, rules));
            }
        }
        return new Snapshot(copies, events, artifactEvents, fingerprintedEvents,
                events == 0 ? null : Instant.ofEpochMilli(firstMillis),
                events == 0 ? null : Instant.ofEpochMilli(lastMillis), settings);
    }

    /** What the scorer reads: copies, never the live state. */
    record Snapshot(List<ActorState> actors, long events, long artifactEvents, long fingerprintedEvents, Instant first,
            Instant last, ActorState.Settings settings) {
    }

    @Override
    public synchronized String toString() {
        return "ActivityLog[" + events + " events, " + actorCount + " actors, " + actors.size() + " segments"
                + (events == 0 ? "" : ", " + Instant.ofEpochMilli(firstMillis) + " to " + Instant.ofEpochMilli(lastMillis))
                + "]";
    }

    /** Configures an {@link ActivityLog}; validates each setting at once. */
    public static final class Builder {
        private ZoneId zone = ZoneOffset.UTC;
        private Duration splitGap = Duration.ofMinutes(2);
        private int splitRun = 10;
        private Duration sessionGap = Duration.ofMinutes(30);
        private Duration reorderWindow = Duration.ofHours(1);
        private int reorderBuffer = 1_000;

        private Builder() {
        }

        /** The zone in which hours of the day and period ends are taken (default UTC). */
        public Builder zone(ZoneId value) {
            this.zone = Objects.requireNonNull(value, "zone");
            return this;
        }

        /**
         * The longest gap between two requests of one task-splitting run (default 2 minutes).
         *
         * @throws IllegalArgumentException if not between 1 second and 1 hour
         */
        public Builder splitGap(Duration value) {
            Objects.requireNonNull(value, "splitGap");
            if (value.compareTo(Duration.ofSeconds(1)) < 0 || value.compareTo(Duration.ofHours(1)) > 0) {
                throw new IllegalArgumentException("splitGap: must be between 1 second and 1 hour, found " + value);
            }
            this.splitGap = value;
            return this;
        }

        /**
         * The fewest requests that make a task-splitting run (default 10: people refining a prompt send five or eight
         * quick follow-ups on one topic; a task cut into pieces makes runs of ten and more).
         *
         * @throws IllegalArgumentException if not between 2 and 1000
         */
        public Builder splitRun(int value) {
            if (value < 2 || value > 1000) {
                throw new IllegalArgumentException("splitRun: must be between 2 and 1000, found " + value);
            }
            this.splitRun = value;
            return this;
        }

        /**
         * The longest gap inside one working session (default 30 minutes); longer gaps are breaks, left out of the
         * cadence's coefficient of variation.
         *
         * @throws IllegalArgumentException if not between 1 minute and 1 day
         */
        public Builder sessionGap(Duration value) {
            Objects.requireNonNull(value, "sessionGap");
            if (value.compareTo(Duration.ofMinutes(1)) < 0 || value.compareTo(Duration.ofDays(1)) > 0) {
                throw new IllegalArgumentException("sessionGap: must be between 1 minute and 1 day, found " + value);
            }
            this.sessionGap = value;
            return this;
        }

        /**
         * How long an event waits for earlier events of its actor before it is put in order (default 1 hour): events
         * that arrive up to this much out of order are used exactly as in a time-sorted log. Give the log's span to
         * accept a log in any order (with a {@link #reorderBuffer} as large as the busiest actor's events). Zero
         * expects each actor's events in time order.
         *
         * @throws IllegalArgumentException if negative or longer than 3,660 days
         */
        public Builder reorderWindow(Duration value) {
            Objects.requireNonNull(value, "reorderWindow");
            if (value.isNegative() || value.compareTo(Duration.ofDays(3_660)) > 0) {
                throw new IllegalArgumentException("reorderWindow: must be between 0 and 3660 days, found " + value);
            }
            this.reorderWindow = value;
            return this;
        }

        /**
         * The most events of one actor that wait at a time to be put in order (default 1,000); when more wait, the
         * oldest is used at once. Bounds the memory per actor at about 64 bytes per event.
         *
         * @throws IllegalArgumentException if not between 1 and 10,000,000
         */
        public Builder reorderBuffer(int value) {
            if (value < 1 || value > 10_000_000) {
                throw new IllegalArgumentException("reorderBuffer: must be between 1 and 10000000, found " + value);
            }
            this.reorderBuffer = value;
            return this;
        }

        /** Builds an empty log. */
        public ActivityLog build() {
            return new ActivityLog(this);
        }
    }
}
