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
import dev.goodhart.report.Verdict;
import dev.goodhart.sim.zoo.Zoo;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The organisation's own row is accused only where it fell short both against its own baseline and, where at least
 * three segments' use did not move, against what they gained or lost anyway (read as each team is); only its own
 * baseline's reading clears it. Read against its
 * own baseline alone, the row took an organisation-wide loss at the date for the use's shortfall, and counts not yet
 * complete in the last two weeks (a reporting lag) for a fall; read against the untouched segments alone, it took
 * their own story (their outcome 20% better, the others' not) for the adopters' shortfall, and with three or four of
 * them its error was theirs. Measured here on 2026-12-05, 10 organisations of 48 teams each, the organisation's row
 * before the change and after it (each test says); the teams' verdicts are the same either way.
 */
class OrganisationReferenceTest {
    static final LocalDate START = LocalDate.of(2025, 1, 6);
    static final int PRE = 105;
    private static final int DAYS = 210;

    /**
     * {@code steady} teams whose use does not move, {@code adopters} whose tokens double over three weeks from the date
     * with a real gain (elasticity {@code elasticity}), {@code gaming} teams whose tokens double at the date with
     * nothing gained; every team's outcome {@code 1 + orgChange} times better from the date; the outcome's last 14 days multiplied by
     * {@code tail} (last day first; null: none). Tokens have a weekday rhythm and 15% daily noise; the outcome AR(1)
     * 0.5 noise of 6%: tickets resolved a day (Poisson, 5 to 15) or cycle time (3 to 6 days).
     */
    static List<Observation> organisation(long seed, boolean tickets, int steady, int adopters, int gaming,
                                          double elasticity, double orgChange, double[] tail) {
        return organisation(seed, tickets, steady, adopters, gaming, elasticity, orgChange, 0, tail);
    }

    /** As the method above, the steady teams' outcome {@code 1 + untouchedChange} times better from the date too. */
    static List<Observation> organisation(long seed, boolean tickets, int steady, int adopters, int gaming,
                                          double elasticity, double orgChange, double untouchedChange, double[] tail) {
        return organisation(seed, tickets, steady, adopters, gaming, elasticity, orgChange, untouchedChange, tail,
                DAYS);
    }

    /** As the method above, {@code days} days in all ({@value #PRE} before the date). */
    static List<Observation> organisation(long seed, boolean tickets, int steady, int adopters, int gaming,
                                          double elasticity, double orgChange, double untouchedChange, double[] tail,
                                          int days) {
        return organisation(seed, tickets, steady, adopters, gaming, elasticity, orgChange, untouchedChange, tail, days,
                1);
    }

    /** As the method above, the steady teams' tokens {@code steadyTokens} times the others' (a team that uses little). */
    static List<Observation> organisation(long seed, boolean tickets, int steady, int adopters, int gaming,
                                          double elasticity, double orgChange, double untouchedChange, double[] tail,
                                          int days, double steadyTokens) {
        return organisation(seed, tickets, steady, adopters, gaming, elasticity, orgChange, untouchedChange, tail, days,
                steadyTokens, 1);
    }

    /**
     * As the method above, the steady teams' outcome level {@code steadyOutcome} times the others' (teams that hold
     * most of the tickets, or few of them).
     */
    static List<Observation> organisation(long seed, boolean tickets, int steady, int adopters, int gaming,
                                          double elasticity, double orgChange, double untouchedChange, double[] tail,
                                          int days, double steadyTokens, double steadyOutcome) {
        List<Observation> out = new ArrayList<>();
        for (int i = 0; i < steady + adopters + gaming; i++) {
            String kind = i < steady ? "steady" : i < steady + adopters ? "adopter" : "gaming";
            SplittableRandom r = new SplittableRandom(seed * 1000 + i);
            double base = (2000 + 4000 * r.nextDouble()) * (kind.equals("steady") ? steadyTokens : 1);
            double level = (tickets ? 5 + 10 * r.nextDouble() : 3 + 3 * r.nextDouble())
                    * (kind.equals("steady") ? steadyOutcome : 1);
            double noise = 0;
            for (int t = 0; t < days; t++) {
                boolean since = t >= PRE;
                double ramp = since ? Math.min(1, (t - PRE + 1) / 21.0) : 0;
                double use = kind.equals("steady") ? 1 : kind.equals("adopter") ? 1 + ramp : since ? 2 : 1;
                double better = (kind.equals("adopter") ? Math.pow(use, elasticity) : 1) * (since ? 1 + orgChange : 1)
                        * (since && kind.equals("steady") ? 1 + untouchedChange : 1);
                double weekday = t % 7 >= 5 ? 0.3 : 1.15;
                noise = 0.5 * noise + 0.06 * Math.sqrt(0.75) * Zoo.gaussian(r);
                int fromEnd = days - 1 - t;
                double lag = tail != null && fromEnd < tail.length ? tail[fromEnd] : 1;
                LocalDate day = START.plusDays(t);
                String segment = kind + "-" + i;
                out.add(new Observation(day, segment, "tokens",
                        Math.round(base * use * weekday * Math.exp(0.15 * Zoo.gaussian(r)))));
                out.add(tickets
                        ? new Observation(day, segment, "tickets",
                                Zoo.poisson(r, level * Math.exp(noise) * better * lag))
                        : new Observation(day, segment, "cycle_time", level * Math.exp(noise) / better * lag));
            }
        }
        return out;
    }

    /**
     * The organisation's row over the 10 organisations of seeds 1 to 10: {flagged (DIVERGING or GAMED), WATCH or
     * worse}.
     */
    private static int[] organisations(boolean tickets, int steady, int adopters, int gaming, double orgChange,
                                       double untouchedChange, double[] tail) {
        String outcome = tickets ? "tickets" : "cycle_time";
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome(outcome, tickets ? Direction.HIGHER : Direction.LOWER, tickets ? "tickets" : "days")
                .link(Link.of("tokens", outcome)).intervention(START.plusDays(PRE), "token quota").build();
        Scorer scorer = Scorer.builder().parallel().build();
        int[] counts = new int[2];
        for (long seed = 1; seed <= 10; seed++) {
            IntegrityReport report = scorer.score(model, Frame.of(model,
                    organisation(seed, tickets, steady, adopters, gaming, 0.3, orgChange, untouchedChange, tail)));
            for (PairResult p : report.pairs()) {
                if (Segments.ALL.equals(p.segment())) {
                    counts[0] += p.verdict().flagged() ? 1 : 0;
                    counts[1] += p.verdict() != Verdict.HEALTHY && p.verdict() != Verdict.INSUFFICIENT_DATA ? 1 : 0;
                }
            }
        }
        System.out.printf("%s, %d steady%s, %d adopters, %d gaming, everyone %+.0f%%%s: the organisation flagged in %d"
                + " of 10, WATCH or worse in %d%n", outcome, steady, untouchedChange == 0 ? ""
                        : String.format(" (%+.0f%% of their own)", 100 * untouchedChange), adopters, gaming,
                100 * orgChange, tail == null ? "" : ", lagging counts", counts[0], counts[1]);
        return counts;
    }

    private static int organisationsFlagged(boolean tickets, int steady, int adopters, int gaming, double orgChange,
                                            double[] tail) {
        return organisations(tickets, steady, adopters, gaming, orgChange, 0, tail)[0];
    }

    /** The last seven days of counts at 60% of what they will be, the seven before at 85%. */
    static double[] reportingLag() {
        double[] tail = new double[14];
        Arrays.fill(tail, 0, 7, 0.6);
        Arrays.fill(tail, 7, 14, 0.85);
        return tail;
    }

    /**
     * The untouched teams' outcome 20% better for a reason of their own (not the others'), two thirds adopting
     * honestly: read against the untouched teams alone, the organisation was flagged in 86 of 100 organisations (a
     * reviewer's run of the version before this one); against its own baseline too, in none (0 of 10 here, as before
     * the untouched teams were read). The teams themselves are read against those peers and many adopters are flagged:
     * what a reference of untouched teams costs where their change is their own.
     */
    @Test
    void theUntouchedTeamsOwnStoryDoesNotAccuseTheOrganisation() {
        assertThat(organisations(false, 16, 32, 0, 0, 0.2, null)[0]).isZero();
    }

    /**
     * Two thirds of the teams doubling with nothing gained while the untouched teams' outcome got 20% worse on their
     * own: against them the organisation gained more than its use owed, against its own baseline it fell short. A reviewer
     * found that taking the weaker reading's finding whole cleared the organisation in 40 of 40 although its other
     * detectors found the shortfall; only its own baseline's reading clears it now, and the other detectors count (0 of
     * 10 cleared here, every organisation WATCH or worse).
     */
    @Test
    void theUntouchedTeamsReadingAloneDoesNotClearTheOrganisation() {
        String outcome = "tickets";
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome(outcome, Direction.HIGHER, "tickets").link(Link.of("tokens", outcome))
                .intervention(START.plusDays(PRE), "token quota").build();
        Scorer scorer = Scorer.builder().parallel().build();
        int cleared = 0;
        int watched = 0;
        for (long seed = 1; seed <= 10; seed++) {
            IntegrityReport report = scorer.score(model, Frame.of(model,
                    organisation(seed, true, 16, 0, 32, 0.3, 0, -0.2, null)));
            PairResult org = report.pairs().stream().filter(p -> Segments.ALL.equals(p.segment())).findFirst()
                    .orElseThrow();
            cleared += org.finding("expected-response").filter(f -> scorer.clears(f)).isPresent() ? 1 : 0;
            watched += org.verdict() != Verdict.HEALTHY && org.verdict() != Verdict.INSUFFICIENT_DATA ? 1 : 0;
        }
        System.out.printf("untouched teams 20%% worse on their own, two thirds gaming: the organisation cleared by the"
                + " expected response in %d of 10, WATCH or worse in %d%n", cleared, watched);
        assertThat(cleared).isZero();
        assertThat(watched).isGreaterThanOrEqualTo(8);
    }

    /**
     * Three untouched teams of 48: their mean's error, widened by Student's t, is no reason to doubt an organisation
     * read to a few percent on its own (WATCH or worse in 62 of 100 honest organisations in the reviewer's run of the
     * version before this one; 0 of 10 here).
     */
    @Test
    void threeUntouchedTeamsDoNotCloudTheOrganisationsRow() {
        assertThat(organisations(false, 3, 45, 0, 0, 0, null)[1]).isLessThanOrEqualTo(1);
    }

    /**
     * Two thirds of the teams adopted honestly while every team's outcome got 13% worse for a reason of its own: the
     * organisation flagged in 10 of 10 before (tickets and cycle time alike), 0 now (WATCH: against the untouched teams
     * it bought what its use owed, against its own baseline its outcome got worse while its use rose).
     */
    @Test
    void anOrganisationWideLossIsNotTheAdoptersShortfall() {
        assertThat(organisationsFlagged(true, 16, 32, 0, -0.13, null)).isLessThanOrEqualTo(1);
        assertThat(organisationsFlagged(false, 16, 32, 0, -0.13, null)).isLessThanOrEqualTo(1);
    }

    /**
     * Counts not yet complete in the last two weeks (at 60% and 85%), a third of the teams gaming: the organisation
     * flagged (GAMED) in 10 of 10 before, 0 now, as without the lag (those weeks are left out, {@code
     * IncompleteExportTest}, and the untouched teams show the same fall).
     */
    @Test
    void countsNotYetCompleteAreNotAFall() {
        assertThat(organisationsFlagged(true, 16, 16, 16, 0, null)).isLessThanOrEqualTo(1);
        assertThat(organisationsFlagged(true, 16, 16, 16, 0, reportingLag())).isLessThanOrEqualTo(1);
    }

    /**
     * Without untouched teams the organisation is read against its own baseline alone: honest adopters all, everyone
     * 15% better, not flagged (0 of 10). What the rule leaves, by design: gaming inside an organisation-wide gain is
     * not seen in the organisation's row (two thirds of the teams doubling with nothing gained inside a 15% gain: 0 of 10,
     * before and now), only in the teams' rows, which are read against their peers.
     */
    @Test
    void withoutUntouchedTeamsAnHonestOrganisationIsNotFlagged() {
        assertThat(organisationsFlagged(false, 0, 48, 0, 0.15, null)).isZero();
    }

    /** The organisation's row in the 10 organisations of seeds 1 to 10 (tickets, elasticity 0.3). */
    private static List<PairResult> organisationRows(int steady, int adopters, int gaming, double steadyTokens) {
        return organisationRows(steady, adopters, gaming, steadyTokens, 1);
    }

    /** As the method above, the steady teams' outcome level {@code steadyOutcome} times the others'. */
    private static List<PairResult> organisationRows(int steady, int adopters, int gaming, double steadyTokens,
                                                     double steadyOutcome) {
        return organisationRows(steady, adopters, gaming, steadyTokens, steadyOutcome, 0.3);
    }

    /** As the method above, the adopters gaining at {@code elasticity}. */
    private static List<PairResult> organisationRows(int steady, int adopters, int gaming, double steadyTokens,
                                                     double steadyOutcome, double elasticity) {
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("tickets", Direction.HIGHER, "tickets").link(Link.of("tokens", "tickets"))
                .intervention(START.plusDays(PRE), "token quota").build();
        Scorer scorer = Scorer.builder().parallel().build();
        List<PairResult> rows = new ArrayList<>();
        for (long seed = 1; seed <= 10; seed++) {
            IntegrityReport report = scorer.score(model, Frame.of(model, organisation(seed, true, steady, adopters,
                    gaming, elasticity, 0, 0, null, DAYS, steadyTokens, steadyOutcome)));
            report.pairs().stream().filter(p -> Segments.ALL.equals(p.segment())).forEach(rows::add);
        }
        return rows;
    }

    /**
     * 40 untouched teams that use a twentieth of the tokens the others do, beside 8 honest adopters that doubled
     * their tokens and gained 23% each: the organisation's tokens rose about 70%, its tickets (spread over 48 teams)
     * about 4%. Read against the total's rise, the declared minimum owed 6%, and the organisation was DIVERGING in 11
     * of 40 (seeds 1 to 40, the version before this one; 3 of the 10 here) with none of its teams short; weighted as
     * its tickets are,
     * its segments' tokens rose about 10%, which owes 1% (Composition): 0 of 40. The sentence says how it was weighed,
     * once.
     */
    @Test
    void teamsThatUseLittleDoNotMakeTheAdoptersGainAShortfall() {
        List<PairResult> rows = organisationRows(40, 8, 0, 0.05);
        long flagged = rows.stream().filter(p -> p.verdict().flagged()).count();
        System.out.printf("40 untouched teams using a twentieth of the tokens, 8 honest adopters: the organisation"
                + " flagged in %d of 10%n", flagged);
        assertThat(flagged).isZero();
        assertThat(rows).allSatisfy(p -> assertThat(p.finding("expected-response")).hasValueSatisfying(f -> assertThat(
                f.message()).containsPattern("would give at least [0-2]% higher, counting (1[0-9]|2[0-9])% of that"
                        + " rise\\..* A segment's rise moves the organisation's tickets only by the part the segment"
                        + " holds: each weighed by that part before the date, the segments' rises come to \\1% of the"
                        + " organisation's\\.$")));
        // explained once where both readings are given
        assertThat(rows).allSatisfy(p -> assertThat(p.finding("expected-response").orElseThrow().message()
                .split("only by the part the segment holds", -1)).hasSize(2));
    }

    /**
     * Where every team's use weighs alike, the weighting costs the organisation's row only the gap between the log of
     * the summed rise and the mean of the teams' (Jensen's): two thirds of the teams doubling with nothing gained,
     * the row flagged in 16 of 20 organisations before (seeds 1 to 20) and 13 now, every one WATCH or worse; the 10
     * here, 10 before and 8 now.
     */
    @Test
    void gamingThatHoldsItsShareOfTheOutcomeIsStillSeen() {
        List<PairResult> rows = organisationRows(16, 0, 32, 1);
        long flagged = rows.stream().filter(p -> p.verdict().flagged()).count();
        long watched = rows.stream().filter(p -> p.verdict() != Verdict.HEALTHY).count();
        System.out.printf("two thirds gaming: the organisation flagged in %d of 10, WATCH or worse in %d%n", flagged,
                watched);
        assertThat(flagged).isGreaterThanOrEqualTo(6);
        assertThat(watched).isEqualTo(10);
    }

    /**
     * 24 gaming teams that hold ten elevenths of the tickets and a sixth of the tokens, doubling their tokens with
     * nothing gained, beside 24 untouched teams: the organisation's tokens rose about 17%, which owed little, and its
     * row was not flagged (0 of 10 before the share could pass 1; a reviewer's harness, 0 and 11 of 20); weighted by the
     * tickets its segments' use rose about 90%. The honest organisation of that shape is not flagged, its adopters
     * gaining at 0.3 or at exactly the declared minimum, 0.1.
     */
    @Test
    void teamsThatHoldTheOutcomeOweForTheirOwnRise() {
        long gaming = organisationRows(24, 0, 24, 5, 0.1).stream().filter(p -> p.verdict().flagged()).count();
        long honest = organisationRows(24, 24, 0, 5, 0.1).stream().filter(p -> p.verdict().flagged()).count();
        long atMinimum = organisationRows(24, 24, 0, 5, 0.1, 0.1).stream().filter(p -> p.verdict().flagged()).count();
        System.out.printf("teams holding ten elevenths of the tickets and a sixth of the tokens: the organisation"
                + " flagged in %d of 10 where they gamed, %d where they adopted honestly (%d at the minimum)%n", gaming,
                honest, atMinimum);
        assertThat(gaming).isGreaterThanOrEqualTo(4);
        assertThat(honest).isZero();
        assertThat(atMinimum).isLessThanOrEqualTo(1);
    }
}
