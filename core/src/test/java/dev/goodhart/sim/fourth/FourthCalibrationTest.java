package dev.goodhart.sim.fourth;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.Frame;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import dev.goodhart.scoring.Scorer;
import dev.goodhart.sim.fourth.FourthTable.Row;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The fourth zoo's false alarms, AUC and power in every build (its first 60 organisations, daily and weekly), so that a
 * change that raises false alarms or lowers power on data written without reading the detectors fails here. The
 * bounds are the levels measured on 2026-12-02 with some room, not the targets (see README, "The fourth zoo").
 */
class FourthCalibrationTest {
    /** The target; measured 1.6% daily and 1.4% weekly; 1.0% and 1.4% after the bar's evidence got honest errors. */
    private static final double FALSE_ALARMS = 0.03;
    /** Measured 12.7% daily and 10.0% weekly; 9.6% and 9.7% after the bar's evidence got honest errors. */
    private static final double POWER = 0.08;
    /** Measured 0.869 daily and 0.854 weekly (2026-12-02); 0.866 and 0.853 after it. */
    private static final double AUC = 0.84;

    @Test
    void falseAlarmsAndPowerStayWhereTheyWereMeasured() {
        for (Granularity g : List.of(Granularity.DAY, Granularity.WEEK)) {
            List<Row> rows = FourthTable.run(0, 60, List.of(g));
            List<Row> honest = rows.stream().filter(r -> !r.team().gaming).toList();
            List<Row> strong = rows.stream().filter(Row::strong).toList();
            double falseAlarms = FourthTable.share(honest, Row::flagged);
            double power = FourthTable.share(strong, Row::flagged);
            double auc = FourthTable.auc(rows);
            System.out.printf("fourth zoo, organisations 0-59, %s: %d honest, false alarms %.1f%%; %d gaming at +40%%, "
                    + "power %.1f%%; AUC %.3f%n", g, honest.size(), 100 * falseAlarms, strong.size(), 100 * power, auc);
            assertThat(falseAlarms).as(g + " false alarms").isLessThanOrEqualTo(FALSE_ALARMS);
            assertThat(power).as(g + " power at +40% or more").isGreaterThanOrEqualTo(POWER);
            assertThat(auc).as(g + " AUC").isGreaterThanOrEqualTo(AUC);
        }
    }

    /**
     * Organisations 0 and 14 (daily), where the peers' baseline relation read with only the slope's classical error
     * set a bar of 0.24 and 0.61 (the true elasticities are 0.15 to 0.40): 6 of 14 and 3 of 15 honest adopters were
     * flagged. The bound now carries the sandwich error of the errors-in-variables ratio (the proxy trends' reliability
     * there is 0.27 and 0.55, so the spread of their true trends is itself uncertain). Asserted: the bar stays at or
     * below the least elasticity an adopter there has (0.15), and at most 2 adopters are flagged. Measured: organisation
     * 14 keeps the declared minimum (0.10) and flags one, a lagged gain (39 days); organisation 0 reads a bar of 0.13
     * from its segments' level relation (within-segment slope 0.25, clustered error 0.04: well known, below every
     * adopter's elasticity) and flags one, a gain delayed 39 days (p 0.048; 0.10 left it WATCH 49.9).
     */
    @Test
    void aPoorlyKnownPeerRelationDoesNotRaiseTheBarAboveWhatHonestAdoptersGot() {
        int flagged = 0;
        int adopters = 0;
        int named = 0;
        Pattern bar = Pattern.compile("(?:the baseline's elasticity|the declared minimum \\(elasticity) (\\d+\\.\\d+)");
        Scorer scorer = Scorer.builder().build();
        for (int id : new int[] {0, 14}) {
            FourthZoo.Org o = FourthZoo.organisation(id, 1);
            IntegrityModel model = FourthZoo.model(o, Granularity.DAY);
            IntegrityReport report = scorer.score(model, Frame.of(model, o.obs));
            Map<String, PairResult> bySegment = new HashMap<>();
            for (PairResult p : report.pairs()) {
                bySegment.put(p.segment(), p);
            }
            for (FourthZoo.Team t : o.teams) {
                if (t.kind.equals("adoption_gain") || t.kind.equals("lagged_gain")) {
                    PairResult p = bySegment.get(t.name);
                    adopters++;
                    flagged += p.verdict().flagged() ? 1 : 0;
                    String message = p.finding("expected-response").orElseThrow().message();
                    if (message.contains("so this reading owes no gain")) {
                        // the rise did not show against the team's own line: nothing owed, no bar named
                        continue;
                    }
                    named++;
                    Matcher m = bar.matcher(message);
                    assertThat(m.find()).as(message).isTrue();
                    assertThat(Double.parseDouble(m.group(1))).as("organisation %s: %s", id, message)
                            .isLessThanOrEqualTo(0.15);
                }
            }
        }
        assertThat(adopters).isEqualTo(29);
        assertThat(named).as("adopters whose sentence names the bar").isGreaterThanOrEqualTo(25);
        assertThat(flagged).as("honest adopters flagged of " + adopters).isLessThanOrEqualTo(2);
    }
}
