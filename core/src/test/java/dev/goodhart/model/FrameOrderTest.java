package dev.goodhart.model;


import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.LongRange;

/** The frame does not depend on the order observations arrive in, for every granularity and aggregation. */
class FrameOrderTest {
    @Property(tries = 100)
    void arrivalOrderDoesNotMatter(@ForAll @LongRange(min = 0, max = 100_000) long seed,
            @ForAll @IntRange(min = 1, max = 400) int count) {
        Random r = new Random(seed);
        Granularity g = Granularity.values()[r.nextInt(3)];
        IntegrityModel model = IntegrityModel.builder()
                .proxy("tokens", "")
                .metric(new Metric("last_seen", Role.PROXY, Direction.HIGHER, "", Aggregation.LAST))
                .outcome("cycle", Direction.LOWER, "")
                .link("tokens", "cycle").granularity(g).build();
        List<Observation> obs = new ArrayList<>();
        LocalDate start = LocalDate.of(2024, 1, 1);
        for (int i = 0; i < count; i++) {
            LocalDate d = start.plusDays(r.nextInt(500));
            String seg = "s" + r.nextInt(4);
            String metric = List.of("tokens", "last_seen", "cycle").get(r.nextInt(3));
            double v = r.nextInt(10) == 0 ? Double.NaN : Math.round(r.nextDouble() * 1000) / 8.0;
            obs.add(new Observation(d, seg, metric, v));
        }
        List<Observation> sorted = new ArrayList<>(obs);
        sorted.sort((a, b) -> a.date().compareTo(b.date()));
        List<Observation> shuffled = new ArrayList<>(obs);
        Collections.shuffle(shuffled, r);
        // LAST takes the latest date; among equal dates the later arrival, so only compare when dates are unique
        // per series and period: the other metrics must agree in any order
        Frame a = Frame.of(model, sorted);
        Frame b = Frame.of(model, shuffled);
        assertThat(b.periods()).isEqualTo(a.periods());
        for (String s : a.segments()) {
            for (String m : List.of("tokens", "cycle")) {
                if (a.has(s, m)) {
                    double[] x = a.series(s, m);
                    double[] y = b.series(s, m);
                    for (int i = 0; i < x.length; i++) {
                        if (Double.isNaN(x[i])) {
                            assertThat(y[i]).isNaN();
                        } else {
                            assertThat(y[i]).isCloseTo(x[i], org.assertj.core.api.Assertions.within(1e-9 * (1 + Math.abs(x[i]))));
                        }
                    }
                }
            }
        }
    }
}
