package dev.goodhart.micrometer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.goodhart.model.Observation;
import dev.goodhart.micrometer.MeterSampler.CounterMode;
import dev.goodhart.micrometer.MeterSampler.TimerStatistic;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.DistributionSummary;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** {@link MeterSampler} on a {@link SimpleMeterRegistry}. */
class MeterSamplerTest {
    private static final LocalDate D1 = LocalDate.parse("2025-01-06");
    private static final LocalDate D2 = LocalDate.parse("2025-01-07");
    private static final LocalDate D3 = LocalDate.parse("2025-01-08");

    private final MeterRegistry registry = new SimpleMeterRegistry();

    @Test
    void countersGiveTheIncreaseSinceTheSamplerWasBuiltAndSinceEachSample() {
        Counter alpha = registry.counter("ai.tokens", "team", "alpha", "model", "big");
        alpha.increment(100); // before the sampler: not part of any increase
        MeterSampler sampler = MeterSampler.builder(registry).counter("ai.tokens", "tokens").segmentTag("team").build();
        alpha.increment(40);
        registry.counter("ai.tokens", "team", "alpha", "model", "small").increment(2); // same segment: added up
        registry.counter("ai.tokens", "team", "beta").increment(5); // registered later: counted from zero
        assertThat(sampler.sample(D1)).containsExactly(
                new Observation(D1, "alpha", "tokens", 42), new Observation(D1, "beta", "tokens", 5));
        alpha.increment(8);
        assertThat(sampler.sample(D2)).containsExactly(
                new Observation(D2, "alpha", "tokens", 8), new Observation(D2, "beta", "tokens", 0));
        assertThat(sampler.observations()).hasSize(4);
    }

    /**
     * A team's meter removed between samples adds nothing: each meter is read against its own previous sample (the
     * team's summed count fell and read as a reset, the other meter's whole history, 4,000, as one day's 1,000).
     */
    @Test
    void aRemovedMeterAddsNothingAndDoesNotReadAsAReset() {
        Counter big = registry.counter("ai.tokens", "team", "alpha", "model", "big");
        Counter small = registry.counter("ai.tokens", "team", "alpha", "model", "small");
        MeterSampler sampler = MeterSampler.builder(registry).counter("ai.tokens", "tokens").segmentTag("team").build();
        big.increment(3000);
        small.increment(500);
        assertThat(sampler.sample(D1)).containsExactly(new Observation(D1, "alpha", "tokens", 3500));
        registry.remove(small);
        big.increment(1000);
        assertThat(sampler.sample(D2)).containsExactly(new Observation(D2, "alpha", "tokens", 1000));
    }

    /** A scheduled daily sample at 00:00 closes the day that ended: dated that day, not the next. */
    @Test
    void aScheduledSampleIsDatedByThePeriodItCloses() throws Exception {
        registry.counter("c").increment();
        MeterSampler sampler = MeterSampler.builder(registry).counter("c", "c", CounterMode.CUMULATIVE).build();
        ScheduledExecutorService executor = new ScheduledThreadPoolExecutor(1);
        try {
            Clock midnight = Clock.fixed(Instant.parse("2025-01-07T00:00:00Z"), ZoneOffset.UTC);
            ScheduledFuture<?> task = sampler.schedule(executor, Duration.ofMillis(20), midnight);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (sampler.observations().isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            task.cancel(false);
            assertThat(sampler.observations()).isNotEmpty().allMatch(o -> o.date().equals(D1));
        } finally {
            executor.shutdownNow();
        }
    }

    @Test
    void cumulativeCountersAndACounterThatRestarted() {
        Counter c = registry.counter("calls", "team", "a");
        MeterSampler total = MeterSampler.builder(registry).counter("calls", "calls", CounterMode.CUMULATIVE)
                .segmentTag("team").build();
        MeterSampler increase = MeterSampler.builder(registry).counter("calls", "calls").segmentTag("team").build();
        c.increment(10);
        assertThat(total.sample(D1)).containsExactly(new Observation(D1, "a", "calls", 10));
        assertThat(increase.sample(D1)).containsExactly(new Observation(D1, "a", "calls", 10));
        registry.remove(c);
        registry.counter("calls", "team", "a").increment(3); // a new meter: its count went down to 3
        assertThat(increase.sample(D2)).containsExactly(new Observation(D2, "a", "calls", 3));
        assertThat(total.sample(D2)).containsExactly(new Observation(D2, "a", "calls", 3));
    }

    @Test
    void gaugesGiveTheirValueAndAMissingTagIsTheWholeOrganisation() {
        java.util.concurrent.atomic.AtomicLong depth = registry.gauge("queue.depth", new java.util.concurrent.atomic.AtomicLong(7));
        MeterSampler sampler = MeterSampler.builder(registry).gauge("queue.depth", "queue").segmentTag("team").build();
        assertThat(sampler.sample(D1)).containsExactly(new Observation(D1, "*", "queue", 7));
        depth.set(3);
        assertThat(sampler.sample(D2)).containsExactly(new Observation(D2, "*", "queue", 3));
    }

    /**
     * A team's gauges on several instances are each an observation, aggregated as the metric declares: a mean's
     * averaged, a sum's added (they were added up whatever the metric: three instances' latency read as three times
     * the latency).
     */
    @Test
    void aTeamsGaugesAreAggregatedAsTheirMetricDeclares() {
        for (String instance : List.of("i1", "i2", "i3")) {
            registry.gauge("latency", io.micrometer.core.instrument.Tags.of("team", "alpha", "instance", instance),
                    new java.util.concurrent.atomic.AtomicLong(instance.equals("i3") ? 40 : 10));
            registry.gauge("agents", io.micrometer.core.instrument.Tags.of("team", "alpha", "instance", instance),
                    new java.util.concurrent.atomic.AtomicLong(instance.equals("i3") ? 4 : 1));
        }
        MeterSampler sampler = MeterSampler.builder(registry).gauge("latency", "latency").gauge("agents", "agents")
                .segmentTag("team").build();
        assertThat(sampler.sample(D1)).hasSize(6).allSatisfy(o -> assertThat(o.segment()).isEqualTo("alpha"));
        dev.goodhart.model.IntegrityModel model = dev.goodhart.model.IntegrityModel.builder()
                .proxy("agents", "agents")
                .outcome("latency", dev.goodhart.model.Direction.LOWER, "ms").link("agents", "latency")
                .granularity(dev.goodhart.model.Granularity.DAY).build();
        dev.goodhart.model.Frame frame = sampler.frame(model);
        assertThat(frame.series("alpha", "latency")[0]).isEqualTo(20.0);
        assertThat(frame.series("alpha", "agents")[0]).isEqualTo(6.0);
    }

    @Test
    void timersGiveCountMeanAndTotalOfTheIntervalInTheUnit() {
        Timer t = registry.timer("review", "team", "a");
        MeterSampler mean = MeterSampler.builder(registry)
                .timer("review", "review_hours", TimerStatistic.MEAN, TimeUnit.HOURS).segmentTag("team").build();
        MeterSampler count = MeterSampler.builder(registry)
                .timer("review", "reviews", TimerStatistic.COUNT, TimeUnit.HOURS).segmentTag("team").build();
        MeterSampler sum = MeterSampler.builder(registry)
                .timer("review", "review_minutes", TimerStatistic.TOTAL, TimeUnit.MINUTES).segmentTag("team").build();
        t.record(Duration.ofHours(1));
        t.record(Duration.ofHours(3));
        assertThat(mean.sample(D1)).containsExactly(new Observation(D1, "a", "review_hours", 2));
        assertThat(count.sample(D1)).containsExactly(new Observation(D1, "a", "reviews", 2));
        assertThat(sum.sample(D1)).containsExactly(new Observation(D1, "a", "review_minutes", 240));
        t.record(Duration.ofMinutes(30));
        assertThat(mean.sample(D2)).containsExactly(new Observation(D2, "a", "review_hours", 0.5));
        assertThat(mean.sample(D3)).containsExactly(new Observation(D3, "a", "review_hours", Double.NaN));
        // the count sampler last sampled on D1: one event since
        assertThat(count.sample(D3)).containsExactly(new Observation(D3, "a", "reviews", 1));
    }

    @Test
    void distributionSummariesAsTimers() {
        DistributionSummary s = registry.summary("prompt.size", "team", "a");
        MeterSampler sampler = MeterSampler.builder(registry)
                .timer("prompt.size", "prompt_chars", TimerStatistic.MEAN, TimeUnit.SECONDS).segmentTag("team").build();
        s.record(100);
        s.record(300);
        assertThat(sampler.sample(D1)).containsExactly(new Observation(D1, "a", "prompt_chars", 200));
    }

    @Test
    void aMeterNameWithNoMeterGivesNoObservationAndAWrongKindIsNamed() {
        MeterSampler sampler = MeterSampler.builder(registry).counter("not.there", "x").build();
        assertThat(sampler.sample(D1)).isEmpty();
        registry.gauge("g", 1.0);
        assertThatThrownBy(() -> MeterSampler.builder(registry).counter("g", "g").build())
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("meter 'g' [] is a gauge, selected as a counter");
        MeterSampler early = MeterSampler.builder(registry).timer("t", "t", TimerStatistic.COUNT, TimeUnit.SECONDS)
                .build();
        registry.counter("t").increment();
        assertThatThrownBy(() -> early.sample(D1)).isInstanceOf(IllegalStateException.class)
                .hasMessage("meter 't' [] is a counter, selected as a timer");
    }

    @Test
    void instantsAreDatedInTheZoneAndDrainForgetsCollectedObservations() {
        registry.counter("c").increment();
        MeterSampler sampler = MeterSampler.builder(registry).counter("c", "c", CounterMode.CUMULATIVE)
                .zone(ZoneId.of("Asia/Tokyo")).build();
        assertThat(sampler.sample(Instant.parse("2025-01-06T20:00:00Z")))
                .containsExactly(new Observation(D2, "*", "c", 1));
        assertThat(sampler.drain()).hasSize(1);
        assertThat(sampler.observations()).isEmpty();
    }

    @Test
    void schedulesOnTheApplicationsExecutorAndStopsWhenCancelled() throws Exception {
        registry.counter("c").increment();
        MeterSampler sampler = MeterSampler.builder(registry).counter("c", "c", CounterMode.CUMULATIVE).build();
        AtomicInteger threads = new AtomicInteger();
        ScheduledExecutorService executor = new ScheduledThreadPoolExecutor(1, r -> {
            threads.incrementAndGet();
            return new Thread(r, "app-scheduler");
        });
        try {
            Clock clock = Clock.fixed(Instant.parse("2025-01-06T12:00:00Z"), ZoneOffset.UTC);
            ScheduledFuture<?> task = sampler.schedule(executor, Duration.ofMillis(20), clock);
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
            while (sampler.observations().size() < 3 && System.nanoTime() < deadline) {
                Thread.sleep(10);
            }
            task.cancel(false);
            List<Observation> seen = sampler.observations();
            assertThat(seen.size()).isGreaterThanOrEqualTo(3);
            assertThat(seen).allMatch(o -> o.date().equals(D1) && o.value() == 1);
            Thread.sleep(100);
            assertThat(sampler.observations()).hasSameSizeAs(seen);
            assertThat(threads.get()).isEqualTo(1);
        } finally {
            executor.shutdownNow();
        }
        assertThatThrownBy(() -> sampler.schedule(executor, Duration.ZERO, Clock.systemUTC()))
                .hasMessageContaining("period: expected a positive duration");
    }

    @Test
    void theBuilderValidatesEagerly() {
        assertThatThrownBy(() -> MeterSampler.builder(registry).build()).hasMessageContaining("no meter selected");
        assertThatThrownBy(() -> MeterSampler.builder(registry).counter("a", "x").gauge("a", "y"))
                .hasMessageContaining("meter 'a' is selected twice");
        assertThatThrownBy(() -> MeterSampler.builder(registry).counter("a", "x").gauge("b", "x"))
                .hasMessageContaining("metric 'x' is produced by two meters");
        assertThatThrownBy(() -> MeterSampler.builder(registry).counter(" a", "x")).hasMessageContaining("meterName");
        assertThatThrownBy(() -> MeterSampler.builder(registry).segmentTag("")).hasMessageContaining("segmentTag");
        assertThatThrownBy(() -> MeterSampler.builder(null)).isInstanceOf(NullPointerException.class);
    }
}
