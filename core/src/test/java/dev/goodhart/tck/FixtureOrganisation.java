package dev.goodhart.tck;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Observation;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The one fixture organisation every adapter loads through its own source (see {@link AdapterContractTest}): five
 * segments whose names need quoting or escaping in most formats, one proxy and two outcomes observed daily for 364
 * days and scored weekly, an intervention half-way, a gamed segment, explicitly missing values (NaN) and days with no
 * row at all.
 */
public final class FixtureOrganisation {
    /** The segment names; chosen to break naive writers (comma, quote, space, non-ASCII, markup). */
    public static final List<String> SEGMENTS = List.of("alpha", "beta team", "gamma, delta", "\"quoted\" ops",
            "Zürich <eu>");
    /** The first day of data. */
    public static final LocalDate START = LocalDate.of(2024, 1, 1);
    /** Number of days of data. */
    public static final int DAYS = 364;
    /** When the proxy became a target. */
    public static final LocalDate INTERVENTION = LocalDate.of(2024, 7, 1);
    /** The segment that inflates its proxy after the intervention. */
    public static final String GAMED = "gamma, delta";

    private FixtureOrganisation() {
    }

    /** Tokens (sum) linked to cycle time (mean, lower is better) and merged PRs (sum, higher is better), weekly. */
    public static IntegrityModel model() {
        return IntegrityModel.builder()
                .proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "days")
                .outcome("merged_prs", Direction.HIGHER, "PRs")
                .link("tokens", "cycle_time")
                .link("tokens", "merged_prs")
                .intervention(INTERVENTION, "token quota")
                .granularity(Granularity.WEEK)
                .build();
    }

    /**
     * The observations, in date, segment, metric order. Values are decimals with at most three places; a few are
     * NaN (explicitly missing) and every seventh day of the segment {@code alpha} has no cycle time at all.
     */
    public static List<Observation> observations() {
        List<Observation> out = new ArrayList<>();
        SplittableRandom random = new SplittableRandom(42);
        double[] work = new double[SEGMENTS.size()];
        java.util.Arrays.fill(work, 1.0);
        for (int day = 0; day < DAYS; day++) {
            LocalDate date = START.plusDays(day);
            boolean after = !date.isBefore(INTERVENTION);
            for (int s = 0; s < SEGMENTS.size(); s++) {
                String segment = SEGMENTS.get(s);
                work[s] = Math.max(0.3, work[s] * Math.exp(0.1 * random.nextGaussian()) * 0.98 + 0.02);
                double tokens = 1000 * (s + 1) * work[s] * Math.exp(0.05 * random.nextGaussian());
                if (after && segment.equals(GAMED)) {
                    tokens += 2500 * (s + 1) * Math.exp(0.3 * random.nextGaussian());
                }
                double cycle = 5.0 * Math.pow(work[s], -0.6) * Math.exp(0.05 * random.nextGaussian());
                double prs = Math.round(3 * work[s] * Math.exp(0.1 * random.nextGaussian()));
                out.add(new Observation(date, segment, "tokens", round(tokens)));
                if (segment.equals("alpha") && day % 7 == 3) {
                    // no cycle-time row at all on these days
                } else if (day == 200 + s) {
                    out.add(new Observation(date, segment, "cycle_time", Double.NaN));
                } else {
                    out.add(new Observation(date, segment, "cycle_time", round(cycle)));
                }
                out.add(new Observation(date, segment, "merged_prs", prs));
            }
        }
        return out;
    }

    /** A canonical order for comparing observation lists read back in another order. */
    public static final Comparator<Observation> ORDER = Comparator.comparing(Observation::date)
            .thenComparing(Observation::segment).thenComparing(Observation::metric);

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }
}
