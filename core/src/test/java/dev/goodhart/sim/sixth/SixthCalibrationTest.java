package dev.goodhart.sim.sixth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.report.Verdict;
import dev.goodhart.sim.sixth.SixthTable.Row;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The sixth zoo in every build: its first 200 organisations of seed 1 (7,693 teams) are scored without an exception,
 * a NaN score or INSUFFICIENT_DATA, and false alarms, power and AUC stay near where they were measured on 2026-12-04
 * (false alarms 1.5%, 82 of 5,311 honest teams; power 7.8%, 174 of 2,230 gaming teams with a realised inflation of
 * 1.4 or more; AUC 0.825), with the margins below. The clear case (x2.5 jumps against teams where nothing happened, a
 * flat outcome at low noise, cycle time at 20 times the items, daily rows, no S-curves; 20 organisations of 20 teams)
 * was measured at 93.5% of the jumps flagged and no honest team (README, "The sixth zoo"). Every expected-response
 * sentence says "so no gain was owed" exactly where its finding clears the pair as owing nothing.
 */
class SixthCalibrationTest {
    private static final int ORGANISATIONS = 200;
    /** Measured 1.5% (82 of 5,311); one point of room. */
    private static final double FALSE_ALARMS = 0.025;
    /** Measured 7.8% (174 of 2,230); 1.8 points of room. */
    private static final double POWER = 0.06;
    /** Measured 30 of 7,693 teams (2026-12-07): the expected response undecided. */
    private static final int UNDECIDED = 40;
    /** Measured 0.825; 0.025 of room. */
    private static final double AUC = 0.80;
    /** Measured 93.5% (187 of 200). */
    private static final double CLEAR_POWER = 0.90;
    /** Measured 0 of 200. */
    private static final double CLEAR_FALSE_ALARMS = 0.01;

    @Test
    void firstTwoHundredOrganisationsStayNearTheirMeasuredRates() {
        List<Row> rows = SixthTable.run(1, 0, ORGANISATIONS, SixthZoo.Settings.defaults(), true);
        List<Row> honest = rows.stream().filter(Row::honest).toList();
        List<Row> strong = rows.stream().filter(Row::strongGaming).toList();
        double falseAlarms = SixthTable.fraction(honest);
        double power = SixthTable.fraction(strong);
        double auc = SixthTable.aucValue(strong, honest);
        System.out.printf("sixth zoo, seed 1, organisations 0-%d: %d teams; %d honest, false alarms %.1f%%; %d gaming "
                + ">=1.4x, power %.1f%%; AUC %.3f%n", ORGANISATIONS - 1, rows.size(), honest.size(), 100 * falseAlarms,
                strong.size(), 100 * power, auc);

        System.out.printf("sixth zoo, seed 1, organisations 0-%d: INSUFFICIENT_DATA %d%n", ORGANISATIONS - 1,
                rows.stream().filter(r -> r.verdict() == Verdict.INSUFFICIENT_DATA).count());
        assertThat(rows).as("teams scored").hasSizeGreaterThan(7000);
        assertThat(rows).as("organisations that threw").allSatisfy(r -> assertThat(r.error()).isNull());
        assertThat(rows).as("NaN scores").noneMatch(r -> Double.isNaN(r.score()));
        // INSUFFICIENT_DATA only where the expected response could not answer (its rise not established against the
        // use's own line), and rarely (2026-12-07)
        List<Row> insufficient = rows.stream().filter(r -> r.verdict() == Verdict.INSUFFICIENT_DATA).toList();
        assertThat(insufficient).as("INSUFFICIENT_DATA but not undecided").allMatch(Row::undecided);
        assertThat(insufficient.size()).as("INSUFFICIENT_DATA").isLessThanOrEqualTo(UNDECIDED);
        // "so no gain was owed" exactly where the finding clears the pair as owing nothing (a reviewer found it written
        // beside pairs that still owed, where the use rose against another trend or its baseline's mean)
        assertThat(rows).as("expected-response sentences that say 'so no gain was owed' without clearing, or clear "
                + "without saying it").allMatch(Row::wordingAgrees);
        assertThat(falseAlarms).as("false alarms").isLessThanOrEqualTo(FALSE_ALARMS);
        assertThat(power).as("power at 1.4x or more").isGreaterThanOrEqualTo(POWER);
        assertThat(auc).as("AUC").isGreaterThanOrEqualTo(AUC);
    }

    @Test
    void clearJumpsAreFlaggedWhereItemsAreMany() {
        List<Row> rows = SixthTable.probe("cycle", "DAY", 20, false, 0, true);
        List<Row> jumps = rows.stream().filter(r -> r.team().gaming()).toList();
        List<Row> honest = rows.stream().filter(Row::honest).toList();
        System.out.printf("sixth zoo clear case, cycle DAY 20x items: jumps flagged %.1f%% of %d, honest %.1f%% of %d%n",
                100 * SixthTable.fraction(jumps), jumps.size(), 100 * SixthTable.fraction(honest), honest.size());

        assertThat(jumps).hasSize(200);
        assertThat(honest).hasSize(200);
        assertThat(jumps).allSatisfy(r -> assertThat(r.team().inflation()).isEqualTo(2.5));
        assertThat(SixthTable.fraction(jumps)).as("x2.5 jumps flagged").isGreaterThanOrEqualTo(CLEAR_POWER);
        assertThat(SixthTable.fraction(honest)).as("honest flagged").isLessThanOrEqualTo(CLEAR_FALSE_ALARMS);
    }
}
