package dev.goodhart.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Frame;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.model.Observation;
import dev.goodhart.model.Segments;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import dev.goodhart.report.Verdict;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.IntPredicate;
import org.junit.jupiter.api.Test;

/**
 * Daily tokens with an outcome seen on some days only (cycle time on the days items close, a weekly review on
 * Mondays): the expected response reads a block from any day it saw the outcome. Until 2026-12-03 a block needed half
 * its days, so such an outcome had no blocks, the detector was skipped and every team that doubled its tokens with
 * nothing gained stayed at WATCH (a scratch probe of 20 organisations: 0 of 160 flagged with the outcome on Mondays or
 * on a third of the days; now 84 and 114, against 133 with every day seen).
 */
class SparseOutcomeTest {
    private static final LocalDate START = LocalDate.of(2025, 1, 6);
    private static final int PRE = 91;
    private static final int DAYS = 182;

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /**
     * 24 teams: 8 steady, 8 honest adopters (tokens doubled over three weeks, cycle time shorter by the doubling's
     * power 0.3), 8 gaming (tokens doubled, nothing gained); tokens with a weekday rhythm, cycle time with AR(1) 0.5 noise
     * of 5%, given only on the days {@code seen} accepts.
     */
    private static List<Observation> organisation(long seed, IntPredicate seen) {
        List<Observation> out = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String kind = i < 8 ? "steady" : i < 16 ? "adopter" : "gaming";
            SplittableRandom r = new SplittableRandom(seed * 1000 + i);
            double base = 20_000 * Math.exp(0.8 * gaussian(r));
            double level = 30 + 60 * r.nextDouble();
            double tokenNoise = 0;
            double noise = 0;
            for (int t = 0; t < DAYS; t++) {
                double ramp = t < PRE ? 0 : Math.min(1, (t - PRE + 1) / 21.0);
                double use = kind.equals("steady") ? 1 : 1 + ramp;
                double gain = kind.equals("adopter") ? Math.pow(use, 0.3) : 1;
                tokenNoise = 0.3 * tokenNoise + 0.15 * gaussian(r);
                double weekday = t % 7 >= 5 ? 0.3 : 1.15;
                noise = 0.5 * noise + 0.05 * Math.sqrt(0.75) * gaussian(r);
                LocalDate day = START.plusDays(t);
                out.add(new Observation(day, kind + "-" + i, "tokens",
                        Math.round(base * use * weekday * Math.exp(tokenNoise))));
                if (seen.test(t)) {
                    out.add(new Observation(day, kind + "-" + i, "cycle_time", level * Math.exp(noise) / gain));
                }
            }
        }
        return out;
    }

    private static int[] flagged(IntPredicate seen) {
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "days").link(Link.of("tokens", "cycle_time"))
                .intervention(START.plusDays(PRE), "token quota").granularity(Granularity.DAY).build();
        Scorer scorer = Scorer.builder().build();
        int[] flagged = new int[3]; // steady, adopter, gaming
        for (long seed = 1; seed <= 6; seed++) {
            IntegrityReport report = scorer.score(model, Frame.of(model, organisation(seed, seen)));
            for (PairResult p : report.pairs()) {
                if (Segments.ALL.equals(p.segment())) {
                    continue;
                }
                assertThat(p.verdict()).as(p.segment()).isNotEqualTo(Verdict.INSUFFICIENT_DATA);
                if (p.verdict().flagged()) {
                    flagged[p.segment().startsWith("steady") ? 0 : p.segment().startsWith("adopter") ? 1 : 2]++;
                }
            }
        }
        return flagged;
    }

    /**
     * Six organisations, 48 teams of each kind. Measured 2026-12-03: outcome on Mondays only, gaming teams 29 of 48
     * flagged (0 with blocks needing half their days); on every third day, 38 (0); on every day, 39 (39); honest
     * adopters and steady teams none in any.
     */
    @Test
    void anOutcomeSeenOnSomeDaysStillShowsWhatTheTokensBought() {
        int[] mondays = flagged(t -> t % 7 == 0);
        int[] third = flagged(t -> t % 3 == 0);
        int[] every = flagged(t -> true);
        System.out.printf("flagged (steady, adopters, gaming) of 48: Mondays %s, every third day %s, every day %s%n",
                java.util.Arrays.toString(mondays), java.util.Arrays.toString(third),
                java.util.Arrays.toString(every));
        assertThat(mondays[2]).as("gaming, outcome on Mondays").isGreaterThanOrEqualTo(20);
        assertThat(third[2]).as("gaming, outcome every third day").isGreaterThanOrEqualTo(28);
        for (int[] f : List.of(mondays, third, every)) {
            assertThat(f[0]).as("steady").isLessThanOrEqualTo(1);
            assertThat(f[1]).as("adopters").isLessThanOrEqualTo(1);
        }
    }
}
