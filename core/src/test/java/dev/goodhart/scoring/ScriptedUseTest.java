package dev.goodhart.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.detect.Detector;
import dev.goodhart.detect.Detectors;
import dev.goodhart.detect.WeeklyRhythm;
import dev.goodhart.model.Direction;
import dev.goodhart.model.Frame;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.model.Observation;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Use added at an even rate through the week (a script, a scheduled dummy agent) flattens a team's weekly rhythm; the
 * {@link WeeklyRhythm} detector reads that and corroborates the expected response's shortfall. Ten organisations of 48
 * daily teams, 15 weeks each side of a quota, weekends at a fifth of a weekday's use, cycle time with AR(1) noise: 24
 * steady teams, and 8 each whose use doubles over two weeks from the quota and whose cycle time gets exactly the
 * declared minimum's gain (elasticity 0.1), a real gain (0.3), or nothing. Measured 2026-12-05, flagged of 80 with the
 * detector and without it: where the doubling is added flat through the week, gaming 46 and 33, honest adopters at the
 * minimum 7 and 3 (the price: where the added use looks scripted, the expected response flags from p 0.106 instead of
 * 0.05), above it 0 and 0, steady teams 1 of 240 either way; where it follows the work's rhythm, 33 and 33, 3 and 3.
 * (At weight 0.3, a first version: 53 and 11.)
 */
class ScriptedUseTest {
    private static final LocalDate START = LocalDate.of(2025, 1, 6);
    private static final LocalDate QUOTA = START.plusDays(105);
    private static final double[] WORK = {1.1, 1.05, 1.05, 1.05, 0.9, 0.25, 0.2};
    private static final String[] KINDS = {"steady", "minimum", "real-gain", "gaming"};

    private static List<Observation> organisation(long seed, boolean flat) {
        Random r = new Random(1000 + seed);
        List<Observation> obs = new ArrayList<>();
        for (int t = 0; t < 48; t++) {
            String kind = KINDS[t < 24 ? 0 : 1 + (t - 24) / 8];
            double elasticity = kind.equals("minimum") ? 0.1 : kind.equals("real-gain") ? 0.3 : 0;
            double base = 1e5 * Math.exp(0.5 * r.nextGaussian());
            double level = 3 * Math.exp(0.3 * r.nextGaussian());
            double use = 0;
            double noise = 0;
            for (int d = 0; d < 210; d++) {
                use = 0.5 * use + Math.sqrt(0.75) * 0.2 * r.nextGaussian();
                noise = 0.5 * noise + Math.sqrt(0.75) * 0.15 * r.nextGaussian();
                double genuine = base * WORK[d % 7] * Math.exp(use);
                double ramp = d < 105 ? 0 : Math.min(1, (d - 104) / 14.0);
                // the addition doubles the week's use: 0.8 a day is the rhythm's mean day
                double added = kind.equals("steady") ? 0
                        : ramp * base * (flat ? 0.8 : WORK[d % 7]) * Math.exp(use);
                double gain = elasticity * Math.log(2) * ramp;
                String segment = kind + "-" + t;
                obs.add(new Observation(START.plusDays(d), segment, "tokens", genuine + added));
                obs.add(new Observation(START.plusDays(d), segment, "cycle_time", level * Math.exp(noise - gain)));
            }
        }
        return obs;
    }

    /** Flagged (DIVERGING or GAMED) per kind over ten organisations. */
    private static int[] flagged(boolean flat, boolean withRhythm) {
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "days").link(Link.of("tokens", "cycle_time"))
                .granularity(Granularity.DAY).intervention(QUOTA, "token quota").build();
        List<Detector> detectors = new ArrayList<>(Detectors.defaults());
        if (!withRhythm) {
            detectors.removeIf(d -> d.name().equals(WeeklyRhythm.NAME));
        }
        Scorer scorer = Scorer.builder().detectors(detectors).build();
        int[] flagged = new int[KINDS.length];
        for (long seed = 0; seed < 10; seed++) {
            try (Frame frame = Frame.of(model, organisation(seed, flat))) {
                IntegrityReport report = scorer.score(model, frame);
                for (PairResult p : report.pairs()) {
                    for (int k = 0; k < KINDS.length; k++) {
                        if (p.segment().startsWith(KINDS[k] + "-") && p.verdict().flagged()) {
                            flagged[k]++;
                        }
                    }
                }
            }
        }
        return flagged;
    }

    @Test
    void useAddedFlatThroughTheWeekCorroboratesTheShortfall() {
        int[] with = flagged(true, true);
        int[] without = flagged(true, false);
        System.out.printf("flat additions, flagged with / without the weekly rhythm: steady %d/%d, minimum %d/%d,"
                + " real gain %d/%d, gaming %d/%d%n", with[0], without[0], with[1], without[1], with[2], without[2],
                with[3], without[3]);
        assertThat(with[3]).as("gaming teams found").isGreaterThanOrEqualTo(without[3] + 10);
        assertThat(with[0]).as("steady teams flagged").isLessThanOrEqualTo(2);
        assertThat(with[2]).as("honest adopters with a real gain flagged").isLessThanOrEqualTo(2);
        // the price, recorded: honest adopters whose added use is itself flat and whose gain is exactly the minimum
        assertThat(with[1]).as("honest adopters at the minimum flagged").isLessThanOrEqualTo(10);
    }

    /**
     * Work moved to the quiet days, the week's use the same (a team that starts working Saturdays), owes no gain: the
     * expected response clears the pair, and a lost rhythm, which honest stories explain too, does not count there (a
     * reviewer's probe had such teams go from HEALTHY to WATCH 30-33 while the detector counted on cleared pairs).
     */
    @Test
    void workMovedToTheQuietDaysWithNothingOwedIsNotCounted() {
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "days").link(Link.of("tokens", "cycle_time"))
                .granularity(Granularity.DAY).intervention(QUOTA, "token quota").build();
        Random r = new Random(77);
        List<Observation> obs = new ArrayList<>();
        double[] moved = {0.95, 0.9, 0.9, 0.9, 0.75, 0.95, 0.2}; // Saturdays worked: the same week's total, 5.55
        for (int t = 0; t < 24; t++) {
            double base = 1e5 * Math.exp(0.5 * r.nextGaussian());
            double level = 3 * Math.exp(0.3 * r.nextGaussian());
            double noise = 0;
            for (int d = 0; d < 210; d++) {
                noise = 0.5 * noise + Math.sqrt(0.75) * 0.15 * r.nextGaussian();
                double[] week = t < 8 && d >= 105 ? moved : WORK;
                double use = base * week[d % 7] * Math.exp(0.15 * r.nextGaussian());
                obs.add(new Observation(START.plusDays(d), "team-" + t, "tokens", use));
                obs.add(new Observation(START.plusDays(d), "team-" + t, "cycle_time", level * Math.exp(noise)));
            }
        }
        try (Frame frame = Frame.of(model, obs)) {
            IntegrityReport report = Scorer.builder().build().score(model, frame);
            int flatter = 0;
            for (PairResult p : report.pairs()) {
                if (!p.segment().startsWith("team-") || Integer.parseInt(p.segment().substring(5)) >= 8) {
                    continue;
                }
                boolean lost = p.findings().stream().anyMatch(f -> f.detector().equals(WeeklyRhythm.NAME)
                        && f.qValue() < 0.05);
                flatter += lost ? 1 : 0;
                if (lost) {
                    assertThat(p.notes()).as(p.segment()).anyMatch(n -> n.contains("no gain was owed"));
                    assertThat(p.verdict()).as(p.segment()).isEqualTo(dev.goodhart.report.Verdict.HEALTHY);
                }
            }
            assertThat(flatter).as("teams whose rhythm read as lost").isGreaterThanOrEqualTo(6);
        }
    }

    /** Weekly rows have no days to read: the detector is not asked, and no row notes a skip of it. */
    @Test
    void weeklyRowsAreNotAskedAboutTheDays() {
        IntegrityModel weekly = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", Direction.LOWER, "days").link(Link.of("tokens", "cycle_time"))
                .granularity(Granularity.WEEK).intervention(QUOTA, "token quota").build();
        try (Frame frame = Frame.of(weekly, organisation(0, true))) {
            IntegrityReport report = Scorer.builder().build().score(weekly, frame);
            assertThat(report.pairs()).isNotEmpty().allSatisfy(p -> {
                assertThat(p.notes()).noneMatch(n -> n.contains(WeeklyRhythm.NAME));
                assertThat(p.findings()).noneMatch(f -> f.detector().equals(WeeklyRhythm.NAME));
            });
        }
    }

    @Test
    void useThatFollowsTheWorksRhythmIsReadAsBefore() {
        int[] with = flagged(false, true);
        int[] without = flagged(false, false);
        assertThat(with).as("flagged per kind with and without the weekly rhythm").containsExactly(without);
    }
}
