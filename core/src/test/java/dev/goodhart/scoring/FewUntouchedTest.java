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
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * An organisation where most teams adopt and only four do not, and the whole organisation's cycle time moves at the
 * quota for a reason of its own (a new review process: 10% longer; a new CI system: 10% shorter). With fewer than five
 * untouched teams nothing was subtracted for the organisation's move: a helper measured 16-19% of honest adopters
 * flagged under the worsening and 91-100% of the gamers hidden by the improvement. Their mean change (with Student's
 * t's error) is now subtracted from three untouched teams on. Measured here 2026-12-03 (20 organisations): worse,
 * adopters flagged 42 of 240 before, 2 after (gaming 160 -> 128 of 160, their flags had been the worsening's); better,
 * gaming flagged 0 of 160 before, 66 after.
 */
class FewUntouchedTest {
    private static final LocalDate START = LocalDate.of(2025, 1, 6);
    private static final int PRE = 91;
    private static final int DAYS = 182;

    private static double gaussian(SplittableRandom r) {
        return Math.sqrt(-2 * Math.log(1 - r.nextDouble())) * Math.cos(2 * Math.PI * r.nextDouble());
    }

    /**
     * 24 teams: 4 steady, 12 honest adopters (tokens x1.5-2.5 over two weeks, cycle time shorter by the rise to the
     * power 0.15-0.4), 8 gaming (tokens x1.6-2.5, nothing gained); tokens with a weekday rhythm, cycle time with AR(1)
     * noise (0.3-0.6, 5-10%); every team's cycle time times {@code 1 - shift} from the quota on.
     */
    private static List<Observation> organisation(long seed, double shift) {
        List<Observation> out = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            String kind = i < 4 ? "steady" : i < 16 ? "adopter" : "gaming";
            SplittableRandom r = new SplittableRandom(seed * 1000 + i);
            double base = 20_000 * Math.exp(0.8 * gaussian(r));
            double level = 30 + 60 * r.nextDouble();
            double rise = kind.equals("adopter") ? 1.5 + r.nextDouble() : 1.6 + 0.9 * r.nextDouble();
            double elasticity = 0.15 + 0.25 * r.nextDouble();
            double phi = 0.3 + 0.3 * r.nextDouble();
            double sd = 0.05 + 0.05 * r.nextDouble();
            double tokenNoise = 0;
            double noise = 0;
            for (int t = 0; t < DAYS; t++) {
                double ramp = t < PRE ? 0 : Math.min(1, (t - PRE + 1) / 14.0);
                double use = kind.equals("steady") ? 1 : 1 + (rise - 1) * ramp;
                double gain = kind.equals("adopter") ? Math.pow(use, elasticity) : 1;
                tokenNoise = 0.3 * tokenNoise + 0.15 * gaussian(r);
                double weekday = t % 7 >= 5 ? 0.3 : 1.15;
                noise = phi * noise + sd * Math.sqrt(1 - phi * phi) * gaussian(r);
                LocalDate day = START.plusDays(t);
                out.add(new Observation(day, kind + "-" + i, "tokens",
                        Math.round(base * use * weekday * Math.exp(tokenNoise))));
                out.add(new Observation(day, kind + "-" + i, "cycle_time",
                        level * Math.exp(noise) / gain * (t >= PRE ? 1 - shift : 1)));
            }
        }
        return out;
    }

    /** Flagged adopters and gaming teams of 240 and 160, over 20 organisations. */
    private static int[] flagged(double shift) {
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "days").link(Link.of("tokens", "cycle_time"))
                .intervention(START.plusDays(PRE), "token quota").granularity(Granularity.DAY).build();
        Scorer scorer = Scorer.builder().parallel().build();
        int[] flagged = new int[2];
        for (long seed = 1; seed <= 20; seed++) {
            IntegrityReport report = scorer.score(model, Frame.of(model, organisation(seed, shift)));
            for (PairResult p : report.pairs()) {
                if (!Segments.ALL.equals(p.segment()) && p.verdict().flagged()) {
                    flagged[p.segment().startsWith("adopter") ? 0 : p.segment().startsWith("gaming") ? 1 : 0]
                            += p.segment().startsWith("steady") ? 0 : 1;
                }
            }
        }
        return flagged;
    }

    @Test
    void anOrganisationsOwnMoveIsSubtractedWithFourUntouchedTeams() {
        int[] worse = flagged(-0.1);
        int[] better = flagged(0.1);
        System.out.printf("flagged (adopters of 240, gaming of 160): organisation 10%% worse %s, 10%% better %s%n",
                java.util.Arrays.toString(worse), java.util.Arrays.toString(better));
        assertThat(worse[0]).as("adopters flagged, organisation worse").isLessThanOrEqualTo(7);
        assertThat(better[1]).as("gaming flagged, organisation better").isGreaterThanOrEqualTo(40);
    }
}
