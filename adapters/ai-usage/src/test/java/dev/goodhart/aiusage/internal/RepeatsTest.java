package dev.goodhart.aiusage.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The table of identities a read has seen: exact keys, through several doublings. */
class RepeatsTest {
    @Test
    void requestIdsAreKnownExactly() {
        Repeats r = new Repeats();
        SplittableRandom random = new SplittableRandom(7);
        UUID[] ids = new UUID[100_000];
        for (int i = 0; i < ids.length; i++) {
            ids[i] = new UUID(random.nextLong(), random.nextLong());
            assertThat(r.firstRequest(ids[i].toString())).isTrue();
        }
        for (UUID id : ids) {
            assertThat(r.firstRequest(id.toString())).isFalse();
        }
        assertThat(r.firstRequest(new UUID(0, 0).toString())).isTrue();
        assertThat(r.firstRequest(new UUID(0, 0).toString())).isFalse();
        assertThat(r.firstRequest("not-a-uuid")).isTrue();
        assertThat(r.firstRequest("not-a-uuid")).isFalse();
        assertThat(r.size()).isEqualTo(ids.length + 2);
        // in upper case, a UUID is the same id, kept as its bits (it went to the set of other ids, three times the memory)
        assertThat(Repeats.isUuid(ids[0].toString().toUpperCase(java.util.Locale.ROOT))).isTrue();
        assertThat(r.firstRequest(ids[0].toString().toUpperCase(java.util.Locale.ROOT))).isFalse();
        assertThat(r.firstRequest(new UUID(1, 2).toString().toUpperCase(java.util.Locale.ROOT))).isTrue();
        assertThat(r.firstRequest(new UUID(1, 2).toString())).isFalse();
        assertThat(Repeats.isUuid("0000000G-0000-0000-0000-000000000000")).isFalse();
        assertThat(r.size()).isEqualTo(ids.length + 3);
    }

    @Test
    void usersAndPeriodsAreKnownExactly() {
        Repeats r = new Repeats();
        for (int user = 0; user < 2_000; user++) {
            for (long day = -25_567; day < -25_567 + 30; day++) {
                assertThat(r.check("user-" + user, day, 0, user, day + 100_000)).isEqualTo(Repeats.NEW);
            }
        }
        assertThat(r.check("user-5", -25_560, 0, 5, 1)).isEqualTo(-25_560 + 100_000);
        assertThat(r.check("user-5", -25_560, 0, 6, 1)).isEqualTo(-(-25_560 + 100_000));
        // the same number in another kind of period (an hour, a minute) is another period
        assertThat(r.check("user-5", -25_560, 1, 5, 1)).isEqualTo(Repeats.NEW);
        // an OpenAI minute before the year 10000 fits
        long lastMinute = 253_402_300_799L / 60;
        assertThat(r.check("g", lastMinute, 2, 0, 3)).isEqualTo(Repeats.NEW);
        assertThat(r.check("g", lastMinute, 2, 0, 4)).isEqualTo(3);
        assertThatThrownBy(() -> r.check("g", lastMinute * 3, 2, 0, 4)).isInstanceOf(IllegalArgumentException.class);
    }
}
