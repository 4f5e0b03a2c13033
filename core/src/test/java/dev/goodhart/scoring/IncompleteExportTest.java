package dev.goodhart.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Frame;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.model.Segments;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/**
 * An export taken before the last weeks' events were all recorded (tickets closed but not yet synced: the last week's
 * counts at 60% of what they will be, the week before at 85%) read as a fall of every team's outcome at the end. Where
 * untouched teams are the reference that fall cancels; where every team adopted there is none, and honest adopters
 * whose gain is modest (elasticity 0.15 against the declared minimum's 0.1) were read as falling short. The last
 * blocks that the teams' series fell in together are now left out (see {@code ExpectedResponse.incompleteEnd}).
 * Measured here on
 * 2026-12-05, 10 organisations of 48 teams (tickets resolved a day, Poisson 5 to 15, AR(1) noise; tokens doubled at or
 * over three weeks from the date), teams flagged before the change and after it (each test says).
 */
class IncompleteExportTest {
    /** Teams flagged over seeds 1 to 10: {adopters, gaming}, daily data, 15 weeks each side. */
    private static int[] flagged(int adopters, int gaming, double[] tail) {
        return flagged(adopters, gaming, tail, Granularity.DAY, 2 * OrganisationReferenceTest.PRE);
    }

    /**
     * Teams flagged over seeds 1 to 10: {adopters, gaming, findings that name the weeks left out}, the model's periods
     * {@code granularity}, {@code days} days in all.
     */
    private static int[] flagged(int adopters, int gaming, double[] tail, Granularity granularity, int days) {
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("tickets", Direction.HIGHER, "tickets").link(Link.of("tokens", "tickets"))
                .intervention(OrganisationReferenceTest.START.plusDays(OrganisationReferenceTest.PRE), "token quota")
                .granularity(granularity).build();
        Scorer scorer = Scorer.builder().parallel().build();
        int[] flagged = new int[3];
        for (long seed = 1; seed <= 10; seed++) {
            IntegrityReport report = scorer.score(model, Frame.of(model,
                    OrganisationReferenceTest.organisation(seed, true, 0, adopters, gaming, 0.15, 0, 0, tail, days)));
            for (PairResult p : report.pairs()) {
                if (!Segments.ALL.equals(p.segment()) && p.verdict().flagged()) {
                    flagged[p.segment().startsWith("adopter") ? 0 : 1]++;
                }
                flagged[2] += p.finding("expected-response")
                        .filter(f -> f.detail().contains(" read in neither window: the segments' use or outcome fell"
                                + " there together")).isPresent() ? 1 : 0;
            }
        }
        System.out.printf("%s, %d days, %d adopters, %d gaming, %s: flagged %d adopters, %d gaming; %d findings name"
                + " the weeks left out%n", granularity.adjective(), days, adopters, gaming,
                tail == null ? "export complete" : "the last " + tail.length + " days at " + Arrays.toString(tail),
                flagged[0], flagged[1], flagged[2]);
        return flagged;
    }

    /** The last week at 70%, nothing else: one in twenty of the honest adopters were flagged. */
    private static double[] lastWeekAt70() {
        double[] tail = new double[7];
        Arrays.fill(tail, 0.7);
        return tail;
    }

    /**
     * Every team adopted honestly: flagged 6 of 480 with a complete export; with the last two weeks incomplete 74
     * before, 7 now; with the last week at 70%, 31 before, 6 now.
     */
    @Test
    void anExportsIncompleteLastWeeksAreNotTheAdoptersShortfall() {
        int complete = flagged(48, 0, null)[0];
        assertThat(flagged(48, 0, OrganisationReferenceTest.reportingLag())[0]).isLessThanOrEqualTo(complete + 10);
        assertThat(flagged(48, 0, lastWeekAt70())[0]).isLessThanOrEqualTo(complete + 10);
    }

    /**
     * Weekly data, eight weeks after the date, every team adopted honestly: the first version of the rule read only
     * calendars with nine weeks after the date and left these alone. Flagged of 480: 13 with a complete export; with
     * the last two weeks incomplete 185 before the rule and in its first version, 13 now. Every finding (the
     * organisation's too) says which weeks it left out.
     */
    @Test
    void eightWeeksAfterTheDateAreEnoughToReadAnIncompleteEnd() {
        int days = OrganisationReferenceTest.PRE + 56;
        int complete = flagged(48, 0, null, Granularity.WEEK, days)[0];
        int[] lagging = flagged(48, 0, OrganisationReferenceTest.reportingLag(), Granularity.WEEK, days);
        assertThat(lagging[0]).isLessThanOrEqualTo(complete + 10);
        assertThat(lagging[2]).as("findings naming the weeks left out").isGreaterThanOrEqualTo(400);
    }

    /**
     * A third of the teams doubled with nothing gained, none untouched: with the last two weeks incomplete, adopters
     * flagged 46 of 320 before, 5 now (4 with a complete export); gaming 112 of 160 before (the fall read as their
     * shortfall too), 52 now (61 with a complete export: two weeks fewer to read).
     */
    @Test
    void gamingIsStillFoundWhereTheLastWeeksAreLeftOut() {
        int[] complete = flagged(32, 16, null);
        int[] lagging = flagged(32, 16, OrganisationReferenceTest.reportingLag());
        assertThat(lagging[0]).isLessThanOrEqualTo(complete[0] + 8);
        assertThat(lagging[1]).isGreaterThanOrEqualTo(complete[1] - 15);
    }
}
