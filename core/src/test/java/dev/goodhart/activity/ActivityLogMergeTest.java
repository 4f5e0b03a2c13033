package dev.goodhart.activity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.time.Instant;
import java.util.List;
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

    @Test
    void overlappingActorsOrSettingsAreRefused() {
        ActivityLog a = ActivityLog.create();
        ActivityLog b = ActivityLog.create();
        a.accept(ActivityEvent.of(Instant.EPOCH, "ana", 1));
        b.accept(ActivityEvent.of(Instant.EPOCH, "ana", 2));
        assertThatThrownBy(() -> a.merge(b)).hasMessageContaining("'ana'").hasMessageContaining("in both logs");
        assertThatThrownBy(() -> a.merge(ActivityLog.create(java.time.ZoneId.of("Europe/Paris"))))
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
