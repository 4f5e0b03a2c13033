package dev.goodhart.examples;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Observation;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The story of the background articles, in memory: an organisation of ten teams measured weekly for two years, with
 * a token quota announced half-way (2025-01-06).
 *
 * <ul>
 *   <li>four teams inflate tokens after the quota with dummy agents and scripted trivial queries, while their cycle
 *       time stays where it was (checkout, growth, internal-tools, sales-ops);</li>
 *   <li>three teams use more tokens because the work improves: more real AI-assisted work, shorter cycle times
 *       (search, mobile, data-platform);</li>
 *   <li>one team cuts tokens by 35% while its productivity rises 22% (payments);</li>
 *   <li>two teams carry on as before (support, security).</li>
 * </ul>
 *
 * <p>Each week, a team's genuine AI-assisted work {@code w} varies (autocorrelated, ±15%); genuine tokens are
 * proportional to it and cycle time falls with it (elasticity -0.6), each with a few per cent of noise. Dummy activity
 * is unrelated to the work. The data is generated from a fixed seed, so the demo prints the same report every time.
 */
public final class DemoOrganisation {
    /** The day the token quota was announced. */
    public static final LocalDate QUOTA_DATE = LocalDate.of(2025, 1, 6);
    private static final LocalDate START = LocalDate.of(2024, 1, 1);
    private static final int WEEKS = 104;
    private static final int QUOTA_WEEK = 53;

    private enum Story { GAMED, IMPROVING, LEAN, STEADY }

    private DemoOrganisation() {
    }

    /** Tokens (proxy) linked to cycle time (outcome, lower is better), weekly, with the quota as the intervention. */
    public static IntegrityModel model() {
        return IntegrityModel.builder()
                .proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "days")
                .link("tokens", "cycle_time")
                .intervention(QUOTA_DATE, "token quota announced")
                .quota("tokens", 60_000)
                .granularity(Granularity.WEEK)
                .build();
    }

    /** Two years of weekly tokens and cycle time for the ten teams. */
    public static List<Observation> observations() {
        List<Observation> out = new ArrayList<>();
        SplittableRandom root = new SplittableRandom(20250106L);
        team(out, root.split(), "checkout", Story.GAMED, 40_000, 6.0);
        team(out, root.split(), "growth", Story.GAMED, 25_000, 4.5);
        team(out, root.split(), "internal-tools", Story.GAMED, 30_000, 8.0);
        team(out, root.split(), "sales-ops", Story.GAMED, 15_000, 5.0);
        team(out, root.split(), "search", Story.IMPROVING, 50_000, 7.0);
        team(out, root.split(), "mobile", Story.IMPROVING, 35_000, 5.5);
        team(out, root.split(), "data-platform", Story.IMPROVING, 45_000, 9.0);
        team(out, root.split(), "payments", Story.LEAN, 55_000, 6.5);
        team(out, root.split(), "support", Story.STEADY, 20_000, 3.0);
        team(out, root.split(), "security", Story.STEADY, 18_000, 10.0);
        return out;
    }

    private static void team(List<Observation> out, SplittableRandom rnd, String name, Story story, double tokens,
            double cycleTime) {
        double ar = 0;
        for (int week = 0; week < WEEKS; week++) {
            boolean after = week >= QUOTA_WEEK;
            ar = 0.5 * ar + gaussian(rnd) * 0.13;
            double work = 1 + ar;
            double tokenLevel = 1;
            double speed = 1;
            if (after) {
                double ramp = Math.min(1, (week - QUOTA_WEEK + 1) / 26.0);
                switch (story) {
                    case IMPROVING:
                        work *= 1 + 0.6 * ramp; // more genuine AI-assisted work
                        break;
                    case LEAN:
                        tokenLevel = 1 - 0.35 * ramp; // waste cut: 35% fewer tokens ...
                        speed = 1 + 0.22 * ramp; // ... and 22% more productive
                        break;
                    default:
                        break;
                }
            }
            double genuine = tokens * tokenLevel * work * (1 + 0.04 * gaussian(rnd));
            double dummy = 0;
            if (after && story == Story.GAMED) {
                double ramp = Math.min(1, (week - QUOTA_WEEK + 1) / 8.0);
                double scripted = 0.5 * tokens; // scripted trivial queries, a steady extra load
                double agents = tokens * 0.9 * Math.abs(gaussian(rnd)); // dummy agents, bursty and unrelated to work
                dummy = ramp * (scripted + agents);
            }
            double ct = cycleTime * Math.pow(work, -0.6) / speed * (1 + 0.04 * gaussian(rnd));
            LocalDate date = START.plusWeeks(week);
            out.add(new Observation(date, name, "tokens", Math.round(genuine + dummy)));
            out.add(new Observation(date, name, "cycle_time", Math.round(ct * 100) / 100.0));
        }
    }

    private static double gaussian(SplittableRandom rnd) {
        // Box-Muller from two uniforms; SplittableRandom has no nextGaussian on Java 17.
        double u = 1 - rnd.nextDouble();
        double v = rnd.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }
}
