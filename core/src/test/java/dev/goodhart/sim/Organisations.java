package dev.goodhart.sim;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Observation;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/** Builds organisations of simulated segments as models and observations. */
public final class Organisations {
    /** First week of simulated data. */
    public static final LocalDate START = LocalDate.of(2024, 1, 1);

    private Organisations() {
    }

    /** A weekly model with proxy "tokens", outcome "output" (higher is better) and an intervention at {@code split}. */
    public static IntegrityModel model(int split) {
        return IntegrityModel.builder()
                .proxy("tokens", "tokens")
                .outcome("output", Direction.HIGHER, "units")
                .link("tokens", "output")
                .intervention(START.plusWeeks(split), "quota")
                .granularity(Granularity.WEEK)
                .build();
    }

    /** Observations for one segment from a {proxy, outcome} pair of weekly series. */
    public static void add(List<Observation> out, String segment, double[][] series) {
        for (int t = 0; t < series[0].length; t++) {
            LocalDate d = START.plusWeeks(t);
            out.add(new Observation(d, segment, "tokens", series[0][t]));
            out.add(new Observation(d, segment, "output", series[1][t]));
        }
    }

    /** A daily model like {@link #model(int)}, the intervention on day {@code split}. */
    public static IntegrityModel dailyModel(int split) {
        return IntegrityModel.builder()
                .proxy("tokens", "tokens")
                .outcome("output", Direction.HIGHER, "units")
                .link("tokens", "output")
                .intervention(START.plusDays(split), "quota")
                .granularity(Granularity.DAY)
                .build();
    }

    /** {@code count} segments of one scenario as daily series (weekends included), seeds {@code seed0 ..}. */
    public static List<Observation> daily(Scenario scenario, int count, long seed0, int n, int split) {
        List<Observation> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            double[][] series = scenario.generateDaily(seed0 + i, n, split);
            String segment = scenario.name().toLowerCase() + "-" + i;
            for (int t = 0; t < n; t++) {
                LocalDate d = START.plusDays(t);
                out.add(new Observation(d, segment, "tokens", series[0][t]));
                out.add(new Observation(d, segment, "output", series[1][t]));
            }
        }
        return out;
    }

    /** {@code count} segments of one scenario, seeds {@code seed0 ..}. */
    public static List<Observation> of(Scenario scenario, int count, long seed0, int n, int split) {
        List<Observation> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            add(out, scenario.name().toLowerCase() + "-" + i, scenario.generate(seed0 + i, n, split));
        }
        return out;
    }
}
