package dev.goodhart.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Logs of disjoint actors merge (also after Java serialization, as a cluster ships them) into the single-log result. */
class ActivityLogMergeTest {
    @Test
    void mergingPerActorLogsEqualsOneLog() throws Exception {
        List<ActivitySimulation.Actor> actors = ActivitySimulation.organisation(2, 10, 1);
        ActivityLog one = ActivityLog.create();
        ActivityLog[] parts = {ActivityLog.create(), ActivityLog.create(), ActivityLog.create()};
        long seed = 40;
        for (int i = 0; i < actors.size(); i++) {
            ActivityLog part = parts[i % 3];
            ActivitySimulation.events(actors.get(i), seed, one);
            ActivitySimulation.events(actors.get(i), seed++, part);
        }
        ActivityLog merged = ActivityLog.create();
        for (ActivityLog part : parts) {
            merged.merge(roundTrip(part));
        }
        assertThat(merged.eventCount()).isEqualTo(one.eventCount());
        assertThat(merged.actorCount()).isEqualTo(one.actorCount());
        assertThat(ActivityScorer.defaults().score(merged)).isEqualTo(ActivityScorer.defaults().score(one));
    }

    /**
     * Partitions fed their actors' events minutes out of order still hold events waiting to be put in order when they
     * are shipped and merged; the merged log equals one log of every event in time order.
     */
    @Test
    void mergingPartitionsWithEventsStillWaitingEqualsOneSortedLog() throws Exception {
        List<ActivitySimulation.Actor> actors = ActivitySimulation.organisation(2, 10, 1);
        List<ActivityEvent> all = new ArrayList<>();
        List<List<ActivityEvent>> byPart = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        long seed = 40;
        for (int i = 0; i < actors.size(); i++) {
            List<ActivityEvent> part = byPart.get(i % 3);
            ActivitySimulation.events(actors.get(i), seed++, e -> {
                all.add(e);
                part.add(e);
            });
        }
        all.sort(Comparator.comparing(ActivityEvent::timestamp));
        ActivityLog merged = ActivityLog.create();
        long waiting = 0;
        for (int p = 0; p < 3; p++) {
            List<ActivityEvent> events = byPart.get(p);
            events.sort(Comparator.comparing(ActivityEvent::timestamp));
            ActivityLog part = ActivityLog.create()
                    .addAll(ActivityOrderTest.jitter(events, Duration.ofMinutes(10), new Random(p)));
            waiting += part.waitingEvents();
            merged.merge(roundTrip(part));
        }
        assertThat(waiting).isPositive();
        assertThat(merged.waitingEvents()).isEqualTo(waiting);
        assertThat(merged.lateEvents()).isZero();
        assertThat(ActivityScorer.defaults().score(merged))
                .isEqualTo(ActivityScorer.defaults().score(ActivityLog.create().addAll(all)));
    }

    @Test
    void overlappingActorsOrSettingsAreRefused() {
        ActivityLog a = ActivityLog.create();
        ActivityLog b = ActivityLog.create();
        a.accept(ActivityEvent.of(Instant.EPOCH, "ana", 1));
        b.accept(ActivityEvent.of(Instant.EPOCH, "ana", 2));
        assertThatThrownBy(() -> a.merge(b)).hasMessageContaining("'ana'").hasMessageContaining("in both logs");
        assertThatThrownBy(() -> a.merge(ActivityLog.create(java.time.ZoneId.of("Europe/Paris"))))
                .hasMessageContaining("different settings");
        assertThatThrownBy(() -> a.merge(ActivityLog.builder().reorderWindow(Duration.ofDays(1)).build()))
                .hasMessageContaining("different settings");
    }

    private static ActivityLog roundTrip(ActivityLog log) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(log);
        }
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))) {
            return (ActivityLog) in.readObject();
        }
    }
}
