package dev.goodhart.micrometer;

import dev.goodhart.model.Observation;
import dev.goodhart.tck.AdapterContractTest;
import dev.goodhart.tck.FixtureOrganisation;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The adapter contract through a {@link SimpleMeterRegistry}: each day the fixture's values are set on gauges tagged
 * with the segment (a gauge is removed on a day the fixture has no row for it) and the sampler samples that day.
 */
class MicrometerContractTest extends AdapterContractTest {
    @Override
    protected List<Observation> writeAndRead(List<Observation> fixture, Path dir) {
        MeterRegistry registry = new SimpleMeterRegistry();
        MeterSampler sampler = MeterSampler.builder(registry).gauge("app.tokens", "tokens")
                .gauge("app.cycle.time", "cycle_time").gauge("app.merged.prs", "merged_prs").segmentTag("team")
                .build();
        Map<LocalDate, Map<String, Double>> byDay = new java.util.TreeMap<>();
        for (Observation o : fixture) {
            byDay.computeIfAbsent(o.date(), d -> new HashMap<>()).put(o.segment() + "\u0000" + o.metric(), o.value());
        }
        Map<String, AtomicReference<Double>> holders = new HashMap<>();
        Map<String, Meter> meters = new HashMap<>();
        for (Map.Entry<LocalDate, Map<String, Double>> day : byDay.entrySet()) {
            for (String segment : FixtureOrganisation.SEGMENTS) {
                for (String metric : List.of("tokens", "cycle_time", "merged_prs")) {
                    String key = segment + "\u0000" + metric;
                    Double value = day.getValue().get(key);
                    if (value == null) {
                        Meter m = meters.remove(key);
                        if (m != null) {
                            registry.remove(m);
                        }
                        continue;
                    }
                    AtomicReference<Double> holder = holders.computeIfAbsent(key, k -> new AtomicReference<>());
                    holder.set(value);
                    meters.computeIfAbsent(key, k -> Gauge.builder("app." + metric.replace('_', '.'), holder,
                            AtomicReference::get).tag("team", segment).register(registry));
                }
            }
            sampler.sample(day.getKey());
        }
        return sampler.observations();
    }
}
