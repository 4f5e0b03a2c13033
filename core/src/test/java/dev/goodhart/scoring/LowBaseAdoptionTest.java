package dev.goodhart.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Finding;
import dev.goodhart.model.Frame;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.model.Observation;
import dev.goodhart.model.Segments;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import dev.goodhart.sim.zoo.Zoo;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Teams that barely used AI before the quota (a few people trying it: 1% to 5% of the use after) and then adopted over
 * two to four weeks: a rise of 20 to 100 times. Read as elasticity times the log rise, the declared minimum 0.1 owed
 * them 26% to 37% shorter cycle time, more than any honest adoption buys; the expected response accused most honest
 * ones that got 15% to 30% shorter. Use now owes up to four times its baseline's mean and no more (13% at the
 * minimum). Measured 2026-12-04 on these 10 organisations: honest low-base adopters flagged 73 of 100 before, 0 after;
 * low-base gaming 100 both; doubled gaming 99 both; steady teams 0 both.
 */
class LowBaseAdoptionTest {
    private static final LocalDate START = LocalDate.of(2025, 1, 6);
    private static final int PRE = 98;
    private static final int DAYS = 203;

    /**
     * 40 teams: 10 steady; 10 honest adopters from a low base (use 1-5% of what follows, or none with {@code
     * fromNothing}, ramped in over 2-4 weeks,
     * cycle time 15-30% shorter as it arrives); 10 gaming from a low base (the same use, nothing gained); 10 gaming
     * doublings (x1.8-2.4 at the quota, nothing gained). Tokens with a weekday rhythm and noise, cycle time with AR(1)
     * noise (0.3-0.7, 4-8% a day).
     */
    private static List<Observation> organisation(long seed, boolean fromNothing) {
        List<Observation> out = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String kind = i < 10 ? "steady" : i < 20 ? "lowbase-honest" : i < 30 ? "lowbase-gaming" : "doubled-gaming";
            SplittableRandom r = new SplittableRandom(seed * 1000 + i);
            double full = 20_000 * Math.exp(0.8 * Zoo.gaussian(r));
            double lowDraw = r.nextDouble();
            double lowShare = fromNothing ? 0 : 0.01 + 0.04 * lowDraw;
            double rampDays = 14 + 14 * r.nextDouble();
            double doubling = 1.8 + 0.6 * r.nextDouble();
            double gain = 0.15 + 0.15 * r.nextDouble();
            double level = 2 + 6 * r.nextDouble();
            double phi = 0.3 + 0.4 * r.nextDouble();
            double sd = 0.04 + 0.04 * r.nextDouble();
            double noise = 0;
            for (int t = 0; t < DAYS; t++) {
                double ramp = t < PRE ? 0 : Math.min(1, (t - PRE + 1) / rampDays);
                double use = switch (kind) {
                    case "steady" -> 1;
                    case "doubled-gaming" -> t < PRE ? 1 : doubling;
                    default -> lowShare + (1 - lowShare) * ramp;
                };
                double shorter = kind.equals("lowbase-honest") ? gain * ramp : 0;
                double weekday = t % 7 >= 5 ? 0.25 : 1.2;
                noise = phi * noise + sd * Math.sqrt(1 - phi * phi) * Zoo.gaussian(r);
                LocalDate day = START.plusDays(t);
                out.add(new Observation(day, kind + "-" + i, "tokens",
                        Math.round(full * use * weekday * Math.exp(0.2 * Zoo.gaussian(r)))));
                out.add(new Observation(day, kind + "-" + i, "cycle_time", level * Math.exp(noise) * (1 - shorter)));
            }
        }
        return out;
    }

    @Test
    void aRiseFromALowBaseOwesWhatAFourfoldRiseOwes() {
        int[] f = flagged(false);
        System.out.printf("flagged of 100 each: low-base honest %d, low-base gaming %d, doubled gaming %d, steady %d;"
                + " low-base gaming sentences naming the fourfold rise %d%n", f[0], f[1], f[2], f[3], f[4]);
        assertThat(f[0]).as("honest low-base adopters flagged, of 100").isLessThanOrEqualTo(5);
        assertThat(f[1]).as("low-base gaming flagged, of 100").isGreaterThanOrEqualTo(90);
        assertThat(f[2]).as("doubled gaming flagged, of 100").isGreaterThanOrEqualTo(60);
        assertThat(f[3]).as("steady teams flagged, of 100").isLessThanOrEqualTo(3);
        assertThat(f[4]).as("low-base gaming sentences that say the bar is four times the baseline's")
                .isGreaterThanOrEqualTo(90);
    }

    /**
     * No use at all before the date (zeros, not missing days): the expected response skipped such a team (a baseline
     * mean of 0) and the pair was INSUFFICIENT_DATA whatever it gained; it now reads a rise from none, owing what a
     * fourfold rise owes. Measured 2026-12-04 on these 10 organisations: before, all 200 such teams INSUFFICIENT_DATA;
     * now honest adopters from none (15-30% shorter cycle time) flagged 0 of 100, gaming from none 100 of 100.
     */
    @Test
    void aRiseFromNoneOwesWhatAFourfoldRiseOwes() {
        int[] f = flagged(true);
        System.out.printf("flagged of 100 each: from-none honest %d, from-none gaming %d, doubled gaming %d, steady %d;"
                + " from-none gaming sentences saying so %d; INSUFFICIENT_DATA %d%n", f[0], f[1], f[2], f[3], f[5],
                f[6]);
        assertThat(f[0]).as("honest adopters from none flagged, of 100").isLessThanOrEqualTo(5);
        assertThat(f[1]).as("gaming from none flagged, of 100").isGreaterThanOrEqualTo(90);
        assertThat(f[3]).as("steady teams flagged, of 100").isLessThanOrEqualTo(3);
        assertThat(f[5]).as("gaming from none: sentences that say the use rose from none").isEqualTo(100);
        assertThat(f[6]).as("pairs left INSUFFICIENT_DATA").isZero();
    }

    /**
     * Flagged of 100: honest low-base, gaming low-base, doubled gaming, steady; then gaming low-base sentences naming
     * the fourfold rise, those saying "rose from none", and pairs left INSUFFICIENT_DATA.
     */
    private static int[] flagged(boolean fromNothing) {
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "days").link(Link.of("tokens", "cycle_time"))
                .intervention(START.plusDays(PRE), "token quota").granularity(Granularity.DAY).build();
        Scorer scorer = Scorer.builder().parallel().build();
        int honest = 0;
        int lowGaming = 0;
        int doubled = 0;
        int steady = 0;
        int capped = 0;
        int fromNone = 0;
        int insufficient = 0;
        for (long seed = 1; seed <= 10; seed++) {
            IntegrityReport report = scorer.score(model, Frame.of(model, organisation(seed, fromNothing)));
            for (PairResult p : report.pairs()) {
                if (Segments.ALL.equals(p.segment())) {
                    continue;
                }
                int flagged = p.verdict().flagged() ? 1 : 0;
                insufficient += p.verdict() == dev.goodhart.report.Verdict.INSUFFICIENT_DATA ? 1 : 0;
                if (p.segment().startsWith("lowbase-honest")) {
                    honest += flagged;
                } else if (p.segment().startsWith("lowbase-gaming")) {
                    lowGaming += flagged;
                    String message = p.finding("expected-response").map(Finding::message).orElse("");
                    capped += message.contains("use beyond four times its earlier level owes no more") ? 1 : 0;
                    fromNone += message.contains("rose from none (no use at all before 2025-04-14)") ? 1 : 0;
                } else if (p.segment().startsWith("doubled")) {
                    doubled += flagged;
                } else {
                    steady += flagged;
                }
            }
        }
        return new int[] {honest, lowGaming, doubled, steady, capped, fromNone, insufficient};
    }
}
