package dev.goodhart.sim.alt;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.sim.alt.AltTable.Row;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * False alarms and ranking on the second zoo, written without reading the detectors (work items, team sizes, holidays,
 * random walks, staggered rollouts; see {@link AltZoo}). The bounds are the calibration targets for false alarms and
 * the measured level for the ranking, so that a change that accuses more honest teams there, or ranks worse, fails.
 */
class AltCalibrationTest {

    @Test
    void honestTeamsOfTheSecondZooAreRarelyAccused() {
        AltTable.Run run = AltTable.run(3, 3, 1);
        List<Row> honest = run.rows().stream().filter(r -> !r.gaming()).toList();
        double falseAlarms = AltTable.flaggedShare(honest);
        Map<String, List<Row>> byCell = new TreeMap<>(honest.stream().collect(Collectors.groupingBy(Row::cell)));
        String worstCell = "";
        double worst = 0;
        for (Map.Entry<String, List<Row>> e : byCell.entrySet()) {
            double rate = AltTable.flaggedShare(e.getValue());
            if (rate > worst) {
                worst = rate;
                worstCell = e.getKey();
            }
        }
        double auc = AltTable.auc(run.rows());
        System.out.printf("second zoo: %d teams, false alarms %.1f%%, worst cell %s %.1f%%, AUC %.3f%n",
                run.rows().size(), 100 * falseAlarms, worstCell.trim(), 100 * worst, auc);
        assertThat(falseAlarms).as("false alarms overall").isLessThanOrEqualTo(0.03);
        assertThat(worst).as("false alarms in the worst cell, " + worstCell.trim()).isLessThanOrEqualTo(0.10);
        assertThat(auc).as("AUC").isGreaterThanOrEqualTo(0.83);
    }
}
