package dev.goodhart.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Frame;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.model.Observation;
import dev.goodhart.model.Segments;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairResult;
import dev.goodhart.sim.zoo.Zoo;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The organisation's own row is read as each team is: where at least three segments' use did not move, what they
 * gained (or lost) anyway is taken out of the organisation's change too. Read against its own baseline alone, the row
 * took an organisation-wide improvement for what the extra use bought, an organisation-wide loss for the use's
 * shortfall, and counts not yet complete in the last two weeks (a reporting lag) for a fall. Measured here on
 * 2026-12-05, 10 organisations of 48 teams each, the organisation's verdict before the change and after it (each test
 * says); the teams' verdicts are the same either way.
 */
class OrganisationReferenceTest {
    private static final LocalDate START = LocalDate.of(2025, 1, 6);
    private static final int PRE = 105;
    private static final int DAYS = 210;

    /**
     * {@code steady} teams whose use does not move, {@code adopters} whose tokens double over three weeks from the date
     * with a real gain (elasticity 0.3), {@code gaming} teams whose tokens double at the date with nothing gained; every
     * team's outcome {@code 1 + orgChange} times better from the date; the outcome's last 14 days multiplied by
     * {@code tail} (last day first; null: none). Tokens have a weekday rhythm and 15% daily noise; the outcome AR(1)
     * 0.5 noise of 6%: tickets resolved a day (Poisson, 5 to 15) or cycle time (3 to 6 days).
     */
    private static List<Observation> organisation(long seed, boolean tickets, int steady, int adopters, int gaming,
                                                  double orgChange, double[] tail) {
        List<Observation> out = new ArrayList<>();
        for (int i = 0; i < steady + adopters + gaming; i++) {
            String kind = i < steady ? "steady" : i < steady + adopters ? "adopter" : "gaming";
            SplittableRandom r = new SplittableRandom(seed * 1000 + i);
            double base = 2000 + 4000 * r.nextDouble();
            double level = tickets ? 5 + 10 * r.nextDouble() : 3 + 3 * r.nextDouble();
            double noise = 0;
            for (int t = 0; t < DAYS; t++) {
                boolean since = t >= PRE;
                double ramp = since ? Math.min(1, (t - PRE + 1) / 21.0) : 0;
                double use = kind.equals("steady") ? 1 : kind.equals("adopter") ? 1 + ramp : since ? 2 : 1;
                double better = (kind.equals("adopter") ? Math.pow(use, 0.3) : 1) * (since ? 1 + orgChange : 1);
                double weekday = t % 7 >= 5 ? 0.3 : 1.15;
                noise = 0.5 * noise + 0.06 * Math.sqrt(0.75) * Zoo.gaussian(r);
                int fromEnd = DAYS - 1 - t;
                double lag = tail != null && fromEnd < tail.length ? tail[fromEnd] : 1;
                LocalDate day = START.plusDays(t);
                String segment = kind + "-" + i;
                out.add(new Observation(day, segment, "tokens",
                        Math.round(base * use * weekday * Math.exp(0.15 * Zoo.gaussian(r)))));
                out.add(tickets
                        ? new Observation(day, segment, "tickets", Zoo.poisson(r, level * Math.exp(noise) * better * lag))
                        : new Observation(day, segment, "cycle_time", level * Math.exp(noise) / better * lag));
            }
        }
        return out;
    }

    /** The organisation's row flagged (DIVERGING or GAMED) in how many of the 10 organisations (seeds 1 to 10). */
    private static int organisationsFlagged(boolean tickets, int steady, int adopters, int gaming, double orgChange,
                                            double[] tail) {
        String outcome = tickets ? "tickets" : "cycle_time";
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome(outcome, tickets ? Direction.HIGHER : Direction.LOWER, tickets ? "tickets" : "days")
                .link(Link.of("tokens", outcome)).intervention(START.plusDays(PRE), "token quota").build();
        Scorer scorer = Scorer.builder().parallel().build();
        int flagged = 0;
        for (long seed = 1; seed <= 10; seed++) {
            IntegrityReport report = scorer.score(model,
                    Frame.of(model, organisation(seed, tickets, steady, adopters, gaming, orgChange, tail)));
            for (PairResult p : report.pairs()) {
                if (Segments.ALL.equals(p.segment()) && p.verdict().flagged()) {
                    flagged++;
                }
            }
        }
        System.out.printf("%s, %d steady, %d adopters, %d gaming, everyone %+.0f%%%s: the organisation flagged in %d"
                + " of 10%n", outcome, steady, adopters, gaming, 100 * orgChange, tail == null ? "" : ", lagging counts",
                flagged);
        return flagged;
    }

    /** The last seven days of counts at 60% of what they will be, the seven before at 85%. */
    private static double[] reportingLag() {
        double[] tail = new double[14];
        Arrays.fill(tail, 0, 7, 0.6);
        Arrays.fill(tail, 7, 14, 0.85);
        return tail;
    }

    /**
     * Two thirds of the teams doubled their tokens with nothing gained while every team's outcome improved 15% for a
     * reason of its own: the organisation flagged in 0 of 10 before (its gain read as bought), 10 now (tickets and
     * cycle time alike).
     */
    @Test
    void anOrganisationWideGainIsNotWhatTheExtraUseBought() {
        assertThat(organisationsFlagged(true, 16, 0, 32, 0.15, null)).isGreaterThanOrEqualTo(8);
        assertThat(organisationsFlagged(false, 16, 0, 32, 0.15, null)).isGreaterThanOrEqualTo(8);
    }

    /**
     * Two thirds of the teams adopted honestly while every team's outcome got 13% worse for a reason of its own: the
     * organisation flagged in 10 of 10 before (tickets and cycle time alike), 0 now.
     */
    @Test
    void anOrganisationWideLossIsNotTheAdoptersShortfall() {
        assertThat(organisationsFlagged(true, 16, 32, 0, -0.13, null)).isLessThanOrEqualTo(1);
        assertThat(organisationsFlagged(false, 16, 32, 0, -0.13, null)).isLessThanOrEqualTo(1);
    }

    /**
     * Counts not yet complete in the last two weeks (at 60% and 85%), a third of the teams gaming: the organisation
     * flagged (GAMED) in 10 of 10 before, 0 now, as without the lag (0 either way).
     */
    @Test
    void countsNotYetCompleteAreNotAFall() {
        assertThat(organisationsFlagged(true, 16, 16, 16, 0, null)).isLessThanOrEqualTo(1);
        assertThat(organisationsFlagged(true, 16, 16, 16, 0, reportingLag())).isLessThanOrEqualTo(1);
    }

    /**
     * Without untouched teams nothing can be taken out and the organisation is read against its own baseline, as
     * before: honest adopters all, everyone 15% better, not flagged (0 of 10). What that leaves: a third of the teams
     * gaming inside that 15% gain is not seen in the organisation's row either (0 of 10 before and now; the teams' own
     * rows are read against their peers).
     */
    @Test
    void withoutUntouchedTeamsTheOrganisationIsReadAgainstItsOwnBaseline() {
        assertThat(organisationsFlagged(false, 0, 48, 0, 0.15, null)).isZero();
    }
}
