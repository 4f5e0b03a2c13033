package dev.goodhart.sim.fifth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.sim.fifth.FifthTable.Row;
import dev.goodhart.sim.third.ThirdTable;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The fifth zoo's false alarms in every build (its first 240 organisations: every cell 24 times, every outcome type
 * 80), so that a change that accuses honest teams in the structures it simulates (a tokenizer change for everyone, a
 * staggered migration, holidays, planning weeks, short baselines, small organisations, weekly rows, splits and merges)
 * fails here. The bounds are the targets for false alarms (3% overall, 10% in any cell); power and AUC are
 * held where they were measured on 2026-12-02, with some room (README, "The fifth zoo").
 */
class FifthCalibrationTest {
    private static final int ORGANISATIONS = 240;
    /** The target overall; measured 1.1%, 0.7% after the bar's evidence got honest errors. */
    private static final double FALSE_ALARMS = 0.03;
    /** The target in any cell; measured at most 4.5% (tokenizer-all), 2.3% after it. */
    private static final double CELL_FALSE_ALARMS = 0.10;
    /** Measured 10.2%, 9.1% after it. */
    private static final double POWER = 0.08;
    /** Measured 0.822 (2026-12-02, after "nothing owed"; 0.813 before), 0.825 after it. */
    private static final double AUC = 0.80;

    @Test
    void falseAlarmsStayWithinTheTargetsInEveryCell() {
        List<Row> rows = FifthTable.run(0, ORGANISATIONS);
        List<Row> honest = rows.stream().filter(Row::honest).toList();
        List<Row> strong = rows.stream().filter(Row::strongGaming).toList();
        double falseAlarms = share(honest);
        double power = share(strong);
        double auc = ThirdTable.auc(honest.stream().mapToDouble(Row::score).toArray(),
                strong.stream().mapToDouble(Row::score).toArray());
        System.out.printf("fifth zoo, organisations 0-%d: %d honest, false alarms %.1f%%; %d gaming at +40%%, power "
                + "%.1f%%; AUC %.3f%n", ORGANISATIONS - 1, honest.size(), 100 * falseAlarms, strong.size(), 100 * power,
                auc);
        for (String cell : FifthZoo.CELLS) {
            List<Row> inCell = honest.stream().filter(r -> r.cell().equals(cell)).toList();
            System.out.printf("  %s: %d honest, false alarms %.1f%%%n", cell, inCell.size(), 100 * share(inCell));
            assertThat(share(inCell)).as(cell + " false alarms").isLessThanOrEqualTo(CELL_FALSE_ALARMS);
        }
        assertThat(falseAlarms).as("false alarms").isLessThanOrEqualTo(FALSE_ALARMS);
        assertThat(power).as("power at +40% or more").isGreaterThanOrEqualTo(POWER);
        assertThat(auc).as("AUC").isGreaterThanOrEqualTo(AUC);
    }

    private static double share(List<Row> rows) {
        return rows.stream().filter(Row::flagged).count() / (double) rows.size();
    }
}
