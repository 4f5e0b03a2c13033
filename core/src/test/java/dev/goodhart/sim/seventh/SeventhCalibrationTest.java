package dev.goodhart.sim.seventh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.sim.seventh.SeventhTable.Row;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/**
 * The seventh zoo in every build: every seventh of its 1,536 organisations of seed 1 (0, 7, ..., 1533: 220
 * organisations, 11,430 teams, every outcome, coupling, noise, granularity and size) are scored without an exception,
 * a NaN score or a missing pair, INSUFFICIENT_DATA no more often than measured, and false alarms, power and AUC stay
 * near where they were measured on 2026-12-04 (false alarms 2.3%, 191 of 8,480 honest teams; power 24.7%, 716 of 2,903
 * gaming teams with an inflation of 0.4 or more; AUC 0.853; no INSUFFICIENT_DATA), with the margins below. All 1,536
 * organisations were measured the same day at false alarms 2.0% (1,153 of 57,964 honest teams), power 24.1% (5,001 of
 * 20,754) and AUC 0.854 (README, "The seventh zoo"). Later that day, with the level relation within each team in the
 * bar's evidence: 194 of 8,480, 735 of 2,903, AUC 0.862 (191, 724 and 0.861 the build before). Since the
 * organisation's reference needs five kept peers and half for its biweight (2026-12-04): 194, 733, 0.862.
 */
class SeventhCalibrationTest {
    /** Every seventh organisation: all cells' factors, a seventh of the teams. */
    private static final List<Integer> ORGANISATIONS = IntStream.iterate(0, i -> i < 1536, i -> i + 7).boxed()
            .toList();
    /**
     * Measured 82 (2026-12-07), each where the expected response could not answer; 0 before that (all 1,536: 110, 110
     * of the 120 teams of organisation 968, not among these, on 2026-12-04).
     */
    private static final long INSUFFICIENT = 100;
    /** Measured 2.3% (191 of 8,480); 0.7 points of room. */
    private static final double FALSE_ALARMS = 0.03;
    /** Measured 24.7% (716 of 2,903); 2.7 points of room. */
    private static final double POWER = 0.22;
    /** Measured 0.853; 0.023 of room. */
    private static final double AUC = 0.83;

    @Test
    void everySeventhOrganisationStaysNearItsMeasuredRates() {
        List<Row> rows = SeventhTable.run(1, ORGANISATIONS, SeventhZoo.Settings.defaults(), true, false);
        List<Row> honest = rows.stream().filter(Row::honest).toList();
        List<Row> strong = rows.stream().filter(Row::strongGaming).toList();
        double falseAlarms = SeventhTable.fraction(honest);
        double power = SeventhTable.fraction(strong);
        double auc = SeventhTable.aucValue(strong, honest);
        long insufficient = rows.stream().filter(r -> r.verdict().equals("INSUFFICIENT_DATA")).count();
        System.out.printf("seventh zoo, seed 1, every seventh organisation (%d): %d teams; %d honest, false alarms "
                + "%.1f%% (%d); %d gaming >=40%%, power %.1f%% (%d); AUC %.3f; INSUFFICIENT_DATA %d%n",
                ORGANISATIONS.size(), rows.size(), honest.size(), 100 * falseAlarms,
                honest.stream().filter(Row::flagged).count(), strong.size(), 100 * power,
                strong.stream().filter(Row::flagged).count(), auc, insufficient);

        assertThat(rows).as("organisations that threw").allSatisfy(r -> assertThat(r.error()).isNull());
        assertThat(rows).as("NaN scores and missing pairs")
                .noneMatch(r -> r.verdict().equals("NAN") || r.verdict().equals("MISSING"));
        // INSUFFICIENT_DATA only where the expected response could not answer (since 2026-12-07), and rarely
        List<Row> undecided = rows.stream().filter(r -> r.verdict().equals("INSUFFICIENT_DATA")).toList();
        assertThat(undecided).as("INSUFFICIENT_DATA but not undecided").allMatch(Row::undecided);
        assertThat(insufficient).as("INSUFFICIENT_DATA").isLessThanOrEqualTo(INSUFFICIENT);
        assertThat(falseAlarms).as("false alarms").isLessThanOrEqualTo(FALSE_ALARMS);
        assertThat(power).as("power at 0.4 or more").isGreaterThanOrEqualTo(POWER);
        assertThat(auc).as("AUC").isGreaterThanOrEqualTo(AUC);
    }
}
