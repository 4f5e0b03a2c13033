package dev.goodhart.sim.third;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.sim.third.ThirdTable.Row;
import dev.goodhart.sim.third.ThirdZoo.Kind;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The third zoo's false alarms, AUC and power in every build (half of it: 4 organisations per cell), so that a change
 * that raises false alarms or lowers power fails here. The bounds are the levels measured on 2026-11-30 with some room,
 * not the targets: overall false alarms exceed the 3% target in this zoo because two of its honest kinds are teams
 * whose proxy rose without the outcome getting what the declared bar asks (adopters with an elasticity at or below the
 * declared minimum, and summed counts that grow with head count); without them the target holds with room. See
 * README, "The third zoo".
 */
class ThirdCalibrationTest {

    @Test
    void falseAlarmsAndPowerStayWhereTheyWereMeasured() {
        ThirdTable.Result run = ThirdTable.run(4, 4, 3);
        List<Row> rows = run.rows();
        List<Row> honest = rows.stream().filter(r -> !r.team().gaming()).toList();
        List<Row> plainHonest = honest.stream()
                .filter(r -> r.team().kind() != Kind.ADOPT_SMALL && r.team().kind() != Kind.HEADCOUNT).toList();
        List<Row> strong = rows.stream().filter(Row::strong).toList();
        double falseAlarms = ThirdTable.share(honest, Row::flagged);
        double plain = ThirdTable.share(plainHonest, Row::flagged);
        double power = ThirdTable.share(strong, Row::flagged);
        double auc = ThirdTable.auc(ThirdTable.scores(honest), ThirdTable.scores(rows.stream()
                .filter(r -> r.team().gaming()).toList()));
        System.out.printf("third zoo (half): %d teams, false alarms %.1f%% (%.1f%% without below-minimum adopters and "
                + "head-count teams), power at +40%% %.1f%%, AUC %.3f%n", rows.size(), 100 * falseAlarms, 100 * plain,
                100 * power, auc);
        assertThat(plain).as("false alarms without the two kinds").isLessThanOrEqualTo(0.015);
        assertThat(falseAlarms).as("false alarms, all honest teams").isLessThanOrEqualTo(0.05);
        assertThat(auc).as("AUC").isGreaterThanOrEqualTo(0.71);
        assertThat(power).as("power at +40% or more").isGreaterThanOrEqualTo(0.15);
    }

    /**
     * With each team's head count in the data and the proxies (and defect counts) read per head, the teams that hired
     * are not flagged, and no cell's false alarms reach the 10% target. Measured 2026-12-03 on the whole zoo (ThirdTable
     * 4 8 3 with and without head counts, same runs): head-count teams 13.3% to 0.0% flagged, false alarms 3.8% to 2.0%,
     * worst cell 12.1% to 6.3%, AUC 0.725 to 0.788, power at +40% 20.5% to 21.6%; here (half of it, 112 honest teams a
     * cell): head-count teams 0.0% flagged, false alarms 2.6%, worst cell 9.8%, power 21.3%, AUC 0.790.
     */
    @Test
    void withHeadCountsDeclaredTheTeamsThatHiredAreNotFlagged() {
        ThirdTable.Result run = ThirdTable.run(4, 4, 3, true);
        List<Row> rows = run.rows();
        List<Row> honest = rows.stream().filter(r -> !r.team().gaming()).toList();
        List<Row> hired = honest.stream().filter(r -> r.team().kind() == Kind.HEADCOUNT).toList();
        List<Row> strong = rows.stream().filter(Row::strong).toList();
        double falseAlarms = ThirdTable.share(honest, Row::flagged);
        double hiredFlagged = ThirdTable.share(hired, Row::flagged);
        double worstCell = 0;
        for (ThirdZoo.Cell cell : ThirdZoo.cells()) {
            List<Row> inCell = honest.stream().filter(r -> r.org().cell().equals(cell)).toList();
            worstCell = Math.max(worstCell, ThirdTable.share(inCell, Row::flagged));
        }
        double power = ThirdTable.share(strong, Row::flagged);
        double auc = ThirdTable.auc(ThirdTable.scores(honest), ThirdTable.scores(rows.stream()
                .filter(r -> r.team().gaming()).toList()));
        System.out.printf("third zoo (half), head counts declared: %d head-count teams, %.1f%% flagged; false alarms "
                + "%.1f%% (worst cell %.1f%%), power at +40%% %.1f%%, AUC %.3f%n", hired.size(), 100 * hiredFlagged,
                100 * falseAlarms, 100 * worstCell, 100 * power, auc);
        assertThat(hired).hasSizeGreaterThan(200);
        assertThat(hiredFlagged).as("head-count teams flagged").isLessThanOrEqualTo(0.01);
        assertThat(falseAlarms).as("false alarms, all honest teams").isLessThanOrEqualTo(0.035);
        assertThat(worstCell).as("worst cell's false alarms").isLessThanOrEqualTo(0.12);
        assertThat(auc).as("AUC").isGreaterThanOrEqualTo(0.76);
        assertThat(power).as("power at +40% or more").isGreaterThanOrEqualTo(0.15);
    }
}
