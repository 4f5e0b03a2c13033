package dev.goodhart.micrometer;

import dev.goodhart.model.Frame;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Observation;
import dev.goodhart.model.Segments;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.TimeGauge;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Samples selected meters of a Micrometer {@link MeterRegistry} into observations over time. The application calls
 * {@link #sample(LocalDate)} (or {@link #sample(Instant)}) whenever a period ends, or hands a
 * {@link ScheduledExecutorService} of its own to {@link #schedule}; the sampler starts no thread itself.
 *
 * <p>Meters are selected by name and each becomes a metric: a {@linkplain #builder counter} gives its increase since
 * the previous sample ({@link CounterMode#INCREASE}, the default) or its running total
 * ({@link CounterMode#CUMULATIVE}); a gauge its current value; a timer the count, mean or total time of the events
 * recorded since the previous sample ({@link TimerStatistic}), in the unit given; a distribution summary likewise
 * in its own unit. The value of {@link Builder#segmentTag(String)} is the segment (the whole organisation when the
 * meter lacks the tag); counters, timers and summaries of one name that share a segment (differing in other tags)
 * are pooled (their counts and totals added up, a mean the pooled total over the pooled count), while a gauge, a
 * level, gives one observation per meter, aggregated as its metric declares where the observations become a frame
 * ({@link #frame}: a mean's gauges averaged, a sum's added; {@code Goodhart.score(model, observations())} combines them
 * the same way and counts them as duplicates in its input account). Increases
 * are measured from the sampler's creation for meters that existed then, from zero for meters registered later; a
 * count that went down (a meter removed and registered again) restarts from zero, as Prometheus' {@code increase}
 * does. A timer or summary without events in the interval has a mean of {@code NaN} (explicitly missing); a meter
 * name with no meter registered gives no observation.
 *
 * <p>Counts are read as the registry reports them: use a cumulative registry ({@code SimpleMeterRegistry} in its
 * default mode, Prometheus), not a step registry whose counts reset every step. Sampling is thread-safe; the
 * collected observations stay in memory until {@link #drain()}.
 *
 * <pre>{@code
 * MeterSampler sampler = MeterSampler.builder(registry)
 *     .counter("ai.tokens", "tokens").timer("review.time", "cycle_time", TimerStatistic.MEAN, TimeUnit.HOURS)
 *     .segmentTag("team").build();
 * ScheduledFuture<?> task = sampler.schedule(myScheduler, Duration.ofDays(1), Clock.systemUTC());
 * IntegrityReport report = Goodhart.score(model, sampler.observations());
 * }</pre>
 */
public final class MeterSampler {
    private static final Logger LOG = LoggerFactory.getLogger(MeterSampler.class);

    /** What a counter contributes per sample. */
    public enum CounterMode {
        /** The increase since the previous sample (a per-period sum). */
        INCREASE,
        /** The running total as the registry reports it. */
        CUMULATIVE
    }

    /** What a timer or distribution summary contributes per sample, over the events since the previous sample. */
    public enum TimerStatistic {
        /** The number of events. */
        COUNT,
        /** The mean duration (or amount) per event; {@code NaN} without events. */
        MEAN,
        /** The total duration (or amount). */
        TOTAL
    }

    private enum Kind { COUNTER, GAUGE, TIMER }

    /** One selected meter name and how it becomes a metric. */
    private record Selection(String meterName, String metric, Kind kind, CounterMode counterMode,
                             TimerStatistic statistic, TimeUnit unit) {
    }

    /** Cumulative count and total of one meter at the previous sample (or of a segment's meters together). */
    private record Totals(double count, double total) {
    }

    /** One meter's segment, its key among the sampler's baselines (its name, segment and tags) and its totals now. */
    private record Reading(String segment, String key, Totals totals) {
    }

    private final MeterRegistry registry;
    private final List<Selection> selections;
    private final String segmentTag;
    private final ZoneId zone;
    private final Map<String, Totals> previous = new HashMap<>();
    private final List<Observation> collected = new ArrayList<>();

    private MeterSampler(Builder b) {
        this.registry = b.registry;
        this.selections = List.copyOf(b.selections.values());
        this.segmentTag = b.segmentTag;
        this.zone = b.zone;
        synchronized (this) {
            for (Selection s : selections) {
                if (s.kind != Kind.GAUGE) {
                    for (Reading r : read(s)) {
                        previous.put(r.key, r.totals);
                    }
                }
            }
        }
    }

    /** Starts a sampler of {@code registry}. */
    public static Builder builder(MeterRegistry registry) {
        return new Builder(registry);
    }

    /**
     * Samples every selected meter now, dates the values {@code date}, keeps them and returns them.
     *
     * @throws IllegalStateException if a selected name belongs to a meter of another kind (a gauge selected as a counter)
     */
    public synchronized List<Observation> sample(LocalDate date) {
        Objects.requireNonNull(date, "date");
        List<Observation> out = new ArrayList<>();
        for (Selection s : selections) {
            // each meter against its own previous sample (a meter removed since then adds nothing; one that restarted
            // counts from 0): the segment's totals now and its increase, summed over its meters (a team's summed count
            // that fell when one of its meters was removed read as a reset, the other meters' whole history as one
            // sample's increase)
            Map<String, Totals> now = new TreeMap<>();
            Map<String, Totals> increase = new TreeMap<>();
            List<Reading> readings = read(s);
            if (s.kind == Kind.GAUGE) {
                // a gauge's value is a level, not a count: each meter's is an observation of its own, which the frame
                // aggregates as the metric declares (a mean's gauges averaged, a sum's added; a team's three instances'
                // latency gauges had been added up, three times the latency)
                readings.sort(java.util.Comparator.comparing((Reading r) -> r.segment).thenComparing(r -> r.key));
                for (Reading r : readings) {
                    out.add(new Observation(date, r.segment, s.metric, r.totals.total));
                }
                continue;
            }
            for (Reading r : readings) {
                now.merge(r.segment, r.totals, MeterSampler::plus);
                Totals before = previous.put(r.key, r.totals);
                if (before == null || r.totals.count < before.count || r.totals.total < before.total) {
                    before = new Totals(0, 0);
                }
                increase.merge(r.segment, new Totals(r.totals.count - before.count, r.totals.total - before.total),
                        MeterSampler::plus);
            }
            for (Map.Entry<String, Totals> e : now.entrySet()) {
                String segment = e.getKey();
                out.add(new Observation(date, segment, s.metric, value(s, e.getValue(), increase.get(segment))));
            }
        }
        collected.addAll(out);
        LOG.debug("sampled {} observations for {}", out.size(), date);
        return out;
    }

    /** As {@link #sample(LocalDate)}, with the date of {@code instant} in the sampler's zone. */
    public List<Observation> sample(Instant instant) {
        return sample(instant.atZone(zone).toLocalDate());
    }

    /**
     * Samples every {@code period} on the application's {@code executor}, dating each sample by the start of the
     * period it closes ({@code clock}'s instant less one period: a daily sample at 00:00 is the day that ended), the
     * first after one period; cancel the returned future to stop. A sample that fails is logged (SLF4J, warn) and
     * the schedule goes on.
     *
     * @throws IllegalArgumentException if the period is not positive
     */
    public ScheduledFuture<?> schedule(ScheduledExecutorService executor, Duration period, Clock clock) {
        Objects.requireNonNull(executor, "executor");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(period, "period");
        if (period.isNegative() || period.isZero()) {
            throw new IllegalArgumentException("period: expected a positive duration, found " + period);
        }
        long nanos = period.toNanos();
        return executor.scheduleAtFixedRate(() -> {
            try {
                // a sample closes the period before it: dated by that period's start (at 00:00 a daily sample
                // holds the day that ended, which dating by the clock gave to the next day)
                sample(clock.instant().minus(period));
            } catch (RuntimeException e) {
                LOG.warn("scheduled sample failed; the next one will run as planned", e);
            }
        }, nanos, nanos, TimeUnit.NANOSECONDS);
    }

    /** Every observation sampled so far, in sampling order. */
    public synchronized List<Observation> observations() {
        return List.copyOf(collected);
    }

    /** Returns every observation sampled so far and forgets them (the increase baselines are kept). */
    public synchronized List<Observation> drain() {
        List<Observation> out = List.copyOf(collected);
        collected.clear();
        return out;
    }

    /**
     * The observations sampled so far as a {@link Frame} for {@code model}: samples taken at times of day, so several
     * a day are aggregated as each metric declares, never counted as duplicates.
     */
    public Frame frame(IntegrityModel model) {
        Frame.Builder b = Frame.builder(model);
        for (Observation o : observations()) {
            b.addTimed(o);
        }
        return b.build();
    }

    /** A segment's value from its meters' totals now and their increase since the previous sample. */
    private double value(Selection s, Totals current, Totals increase) {
        if (s.kind == Kind.COUNTER) {
            return s.counterMode == CounterMode.CUMULATIVE ? current.count : increase.count;
        }
        double events = increase.count;
        double total = increase.total;
        return switch (s.statistic) {
            case COUNT -> events;
            case TOTAL -> total;
            case MEAN -> events == 0 ? Double.NaN : total / events;
        };
    }

    /** Each meter of one selection: its segment, its key and its cumulative count and total (or gauge value). */
    private List<Reading> read(Selection s) {
        List<Reading> out = new ArrayList<>();
        for (Meter m : registry.find(s.meterName).meters()) {
            String segment = segmentTag == null ? Segments.ALL : Segments.normalise(m.getId().getTag(segmentTag));
            out.add(new Reading(segment, s.meterName + '\u0000' + m.getId().getTags(), totals(s, m)));
        }
        return out;
    }

    private static Totals plus(Totals a, Totals b) {
        return new Totals(a.count + b.count, a.total + b.total);
    }

    private static Totals totals(Selection s, Meter m) {
        switch (s.kind) {
            case COUNTER:
                if (m instanceof Counter c) {
                    return new Totals(c.count(), 0);
                }
                if (m instanceof FunctionCounter c) {
                    return new Totals(c.count(), 0);
                }
                break;
            case GAUGE:
                if (m instanceof TimeGauge g) {
                    return new Totals(0, g.value(s.unit == null ? g.baseTimeUnit() : s.unit));
                }
                if (m instanceof Gauge g) {
                    return new Totals(0, g.value());
                }
                break;
            default:
                if (m instanceof Timer t) {
                    return new Totals(t.count(), t.totalTime(s.unit));
                }
                if (m instanceof FunctionTimer t) {
                    return new Totals(t.count(), t.totalTime(s.unit));
                }
                if (m instanceof DistributionSummary d) {
                    return new Totals(d.count(), d.totalAmount());
                }
                break;
        }
        throw new IllegalStateException("meter '" + s.meterName + "' " + m.getId().getTags() + " is a "
                + m.getId().getType().name().toLowerCase(java.util.Locale.ROOT) + ", selected as a "
                + s.kind.name().toLowerCase(java.util.Locale.ROOT));
    }


    @Override
    public String toString() {
        return "MeterSampler" + selections.stream().map(s -> s.meterName + "->" + s.metric).toList()
                + (segmentTag == null ? "" : " by " + segmentTag);
    }

    /** Configures a {@link MeterSampler}; every setter validates its argument at once. */
    public static final class Builder {
        private final MeterRegistry registry;
        private final Map<String, Selection> selections = new LinkedHashMap<>();
        private String segmentTag;
        private ZoneId zone = ZoneOffset.UTC;

        private Builder(MeterRegistry registry) {
            this.registry = Objects.requireNonNull(registry, "registry");
        }

        /** A counter (or function counter) as the metric {@code metric}, its increase per sample. */
        public Builder counter(String meterName, String metric) {
            return counter(meterName, metric, CounterMode.INCREASE);
        }

        /** A counter (or function counter) as the metric {@code metric}, per sample as {@code mode} says. */
        public Builder counter(String meterName, String metric, CounterMode mode) {
            return add(new Selection(name("meterName", meterName), name("metric", metric), Kind.COUNTER,
                    Objects.requireNonNull(mode, "mode"), null, null));
        }

        /** A gauge as the metric {@code metric}, its value at each sample (a time gauge in its base unit). */
        public Builder gauge(String meterName, String metric) {
            return add(new Selection(name("meterName", meterName), name("metric", metric), Kind.GAUGE, null, null,
                    null));
        }

        /**
         * A timer (function timer, or distribution summary, whose amounts have no time unit) as the metric
         * {@code metric}: the statistic of the events since the previous sample, durations in {@code unit}.
         */
        public Builder timer(String meterName, String metric, TimerStatistic statistic, TimeUnit unit) {
            return add(new Selection(name("meterName", meterName), name("metric", metric), Kind.TIMER, null,
                    Objects.requireNonNull(statistic, "statistic"), Objects.requireNonNull(unit, "unit")));
        }

        /** The meter tag whose value is the segment (e.g. {@code team}). */
        public Builder segmentTag(String tag) {
            this.segmentTag = name("segmentTag", tag);
            return this;
        }

        /** The zone in which {@link #sample(Instant)} dates an instant (default UTC). */
        public Builder zone(ZoneId zone) {
            this.zone = Objects.requireNonNull(zone, "zone");
            return this;
        }

        /**
         * Builds the sampler and takes the increase baselines of the meters registered now.
         *
         * @throws IllegalStateException if no meter was selected, or a selected name already belongs to a meter of
         *                               another kind
         */
        public MeterSampler build() {
            if (selections.isEmpty()) {
                throw new IllegalStateException("no meter selected: add counter(...), gauge(...) or timer(...)");
            }
            return new MeterSampler(this);
        }

        private Builder add(Selection s) {
            if (selections.containsKey(s.meterName)) {
                throw new IllegalArgumentException("meter '" + s.meterName + "' is selected twice");
            }
            if (selections.values().stream().anyMatch(o -> o.metric.equals(s.metric))) {
                throw new IllegalArgumentException("metric '" + s.metric + "' is produced by two meters");
            }
            selections.put(s.meterName, s);
            return this;
        }

        private static String name(String what, String value) {
            if (value == null || value.isBlank() || !value.equals(value.strip())) {
                throw new IllegalArgumentException(what + ": expected a non-blank name without surrounding spaces, found "
                        + (value == null ? "null" : "'" + value + "'"));
            }
            return value;
        }
    }
}
