package dev.goodhart.sim.zoo;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import org.junit.jupiter.api.Test;

/**
 * False alarms and power on the whole factorial zoo (240 organisations, two teams of each kind in each), whose
 * structure differs from what the detectors assume. The bounds are the calibration targets where they hold and the
 * measured level where they do not (power: see README, "The scenario zoo", for why and by how much), so that a change
 * that makes detection worse fails here.
 */
class ZooCalibrationTest {

    @Test
    void falseAlarmsStayRareInEveryCellAndGamingIsFoundWhereTheDataCanShowIt() {
        ZooTable table = ZooTable.run(Zoo.cells(), 4, 1, 1);
        System.out.print(table.markdown());
        System.out.print(table.detectorRates());
        assertThat(table.falseAlarmRate()).as("false alarms overall").isLessThanOrEqualTo(0.03);
        assertThat(table.worstFalseAlarmRate(ZooTable::cellKey)).as("false alarms in the worst cell")
                .isLessThanOrEqualTo(0.10);
        for (Zoo.Kind kind : Zoo.Kind.values()) {
            if (!kind.gaming()) {
                assertThat(table.rate(kind)).as("false alarms on " + kind.name().toLowerCase(Locale.ROOT))
                        .isLessThanOrEqualTo(0.06);
            }
        }
        assertThat(table.auc()).as("AUC").isGreaterThanOrEqualTo(0.89);
        assertThat(table.power(0.4)).as("power on +40% or more").isGreaterThanOrEqualTo(0.26);
        assertThat(table.rate(Zoo.Kind.BUNCHING)).as("bunching found").isGreaterThanOrEqualTo(0.45);
    }

    /** An organisation-wide loss of 100% or more would put outcomes at or below nothing: refused, naming the value. */
    @Test
    void anOrganisationWideLossOfEverythingIsRefused() {
        Zoo.Cell cell = Zoo.cells().get(0);
        assertThatThrownBy(() -> Zoo.generate(cell, 1, 1, 0.1, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("orgChange must be above -1").hasMessageContaining("-1.0");
        assertThat(Zoo.generate(cell, 1, 1, 0.1, -0.13).kinds()).hasSize(Zoo.Kind.values().length);
    }
}
