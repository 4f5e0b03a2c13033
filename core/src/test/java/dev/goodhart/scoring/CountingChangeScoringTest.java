package dev.goodhart.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.goodhart.detect.DigitTest;
import dev.goodhart.detect.ThresholdBunching;
import dev.goodhart.model.Direction;
import dev.goodhart.model.Finding;
import dev.goodhart.model.Frame;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Observation;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import dev.goodhart.report.Verdict;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A declared counting change (a new tokenizer: every team's tokens counted 1.5 times from one day on) is undone
 * before scoring: the organisation scores as if the count had never changed, while a quota is still compared with
 * the numbers as counted and the digit test still reads the numbers as typed.
 */
class CountingChangeScoringTest {
    private static final LocalDate START = LocalDate.of(2025, 1, 6);
    private static final int DAYS = 140;
    private static final int QUOTA_DAY = 70;
    private static final int COUNT_DAY = 98;
    private static final double FACTOR = 1.5;

    private static IntegrityModel.Builder base(Granularity granularity) {
        return IntegrityModel.builder().proxy("tokens", "tokens").outcome("cycle_time", Direction.LOWER, "hours")
                .link("tokens", "cycle_time").granularity(granularity)
                .intervention(START.plusDays(QUOTA_DAY), "quota");
    }

    /**
     * 24 teams whose use wanders and whose cycle time does not follow it, four of them doubling their tokens at the
     * quota; tokens are multiplied by {@code factor} from {@link #COUNT_DAY} on.
     */
    private static List<Observation> organisation(double factor) {
        List<Observation> rows = new ArrayList<>();
        for (int s = 0; s < 24; s++) {
            String team = String.format("team-%02d", s);
            SplittableRandom r = new SplittableRandom(7000 + s);
            double use = 0;
            double work = 0;
            for (int d = 0; d < DAYS; d++) {
                use = 0.9 * use + 0.08 * r.nextGaussian();
                work = 0.8 * work + 0.05 * r.nextGaussian();
                double gamed = s < 4 && d >= QUOTA_DAY ? 2 : 1;
                double counted = d >= COUNT_DAY ? factor : 1;
                double tokens = 20_000 * gamed * Math.exp(use) * counted;
                rows.add(new Observation(START.plusDays(d), team, "tokens", tokens));
                rows.add(new Observation(START.plusDays(d), team, "cycle_time", 30 * Math.exp(work)));
            }
        }
        return rows;
    }

    private static IntegrityReport score(IntegrityModel model, List<Observation> rows) {
        return Scorer.builder().build().score(model, Frame.of(model, rows));
    }

    /** Honest teams (all but the first four) scored WATCH or worse. */
    private static long honestWatched(IntegrityReport report) {
        return report.pairs().stream().filter(p -> p.segment().compareTo("team-04") >= 0)
                .filter(p -> p.verdict().compareTo(Verdict.WATCH) >= 0).count();
    }

    @Test
    void aDeclaredChangeScoresAsIfTheCountHadNeverChanged() {
        IntegrityReport never = score(base(Granularity.DAY).build(), organisation(1));
        IntegrityReport declared = score(base(Granularity.DAY).countingChange("tokens", START.plusDays(COUNT_DAY),
                FACTOR).build(), organisation(FACTOR));
        assertThat(declared.pairs()).hasSameSizeAs(never.pairs());
        for (int i = 0; i < never.pairs().size(); i++) {
            PairResult a = never.pairs().get(i);
            PairResult b = declared.pairs().get(i);
            assertThat(b.segment()).isEqualTo(a.segment());
            assertThat(b.verdict()).as(a.segment()).isEqualTo(a.verdict());
            assertThat(b.score()).as(a.segment()).isCloseTo(a.score(), within(1e-6));
        }
    }

    @Test
    void anUndeclaredChangeReadsAsUseThatBoughtNothing() {
        IntegrityReport never = score(base(Granularity.DAY).build(), organisation(1));
        IntegrityReport undeclared = score(base(Granularity.DAY).build(), organisation(FACTOR));
        // measured: 2 of the 20 honest teams read WATCH with the count unchanged, 17 with it changed and undeclared
        assertThat(honestWatched(undeclared)).isGreaterThanOrEqualTo(honestWatched(never) + 8);
        assertThat(undeclared.pairs().get(0).score()).as("the organisation")
                .isGreaterThan(never.pairs().get(0).score());
    }

    @Test
    void weeklyPeriodsAreUndoneByTheShareOfTheWeekCountedTheNewWay() {
        // the change falls on a Thursday (day 98 from a Monday is a Monday: move it three days on)
        LocalDate thursday = START.plusDays(COUNT_DAY + 3);
        List<Observation> rows = new ArrayList<>();
        for (Observation o : organisation(1)) {
            boolean recounted = o.metric().equals("tokens") && !o.date().isBefore(thursday);
            rows.add(recounted ? new Observation(o.date(), o.segment(), o.metric(), o.value() * FACTOR) : o);
        }
        IntegrityReport never = score(base(Granularity.WEEK).build(), organisation(1));
        IntegrityReport declared = score(base(Granularity.WEEK).countingChange("tokens", thursday, FACTOR).build(),
                rows);
        // a week's sum counted three days the old way and four the new is undone by 1 + 0.5 x 4/7: exact only where
        // the days carry equal use, so the scores agree within a point, not to the digit (PairSeriesCountingTest has it
        // exact), and the verdicts wherever that point cannot cross a threshold (team-08 scored 15.0 against 14.7)
        for (int i = 0; i < never.pairs().size(); i++) {
            PairResult a = never.pairs().get(i);
            PairResult b = declared.pairs().get(i);
            assertThat(b.score()).as(a.segment()).isCloseTo(a.score(), within(1.0));
            if (farFromThresholds(a.score())) {
                assertThat(b.verdict()).as(a.segment()).isEqualTo(a.verdict());
            }
        }
    }

    @Test
    void aQuotaIsComparedWithTheNumbersAsCountedAndDigitsAreTheTypedOnes() {
        List<Observation> rows = organisation(FACTOR);
        IntegrityModel undeclared = base(Granularity.DAY).quota("tokens", 30_000).selfReported("tokens").build();
        IntegrityModel declared = undeclared.toBuilder().countingChange("tokens", START.plusDays(COUNT_DAY), FACTOR)
                .build();
        IntegrityReport a = score(undeclared, rows);
        IntegrityReport b = score(declared, rows);
        for (String detector : List.of(ThresholdBunching.NAME, DigitTest.NAME)) {
            int compared = 0;
            for (int i = 0; i < a.pairs().size(); i++) {
                List<Double> pa = pValues(a.pairs().get(i), detector);
                List<Double> pb = pValues(b.pairs().get(i), detector);
                assertThat(pb).as(detector + " " + a.pairs().get(i).segment()).isEqualTo(pa);
                compared += pa.size();
            }
            assertThat(compared).as(detector + " findings compared").isGreaterThan(10);
        }
    }

    /** Whether a score is more than a point from every threshold of the default verdict rule. */
    private static boolean farFromThresholds(double score) {
        VerdictRule rule = VerdictRule.DEFAULT;
        for (double t : new double[] {rule.watchAt(), rule.divergingAt(), rule.gamedAt()}) {
            if (Math.abs(score - t) <= 1) {
                return false;
            }
        }
        return true;
    }

    private static List<Double> pValues(PairResult p, String detector) {
        return p.findings().stream().filter(f -> f.detector().equals(detector)).map(Finding::pValue).toList();
    }
}
