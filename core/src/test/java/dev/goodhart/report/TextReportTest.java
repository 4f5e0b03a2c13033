package dev.goodhart.report;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.Goodhart;
import dev.goodhart.model.Finding;
import dev.goodhart.model.Observation;
import dev.goodhart.sim.Organisations;
import dev.goodhart.sim.Scenario;
import dev.goodhart.tck.FixtureOrganisation;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** The text report as a manager reads it: what the rows are, counts that add up, a summary first. */
class TextReportTest {
    private static IntegrityReport organisation() {
        List<Observation> obs = new ArrayList<>();
        obs.addAll(Organisations.of(Scenario.GAMED, 2, 11, 104, 52));
        obs.addAll(Organisations.of(Scenario.COUPLED_STEADY, 4, 31, 104, 52));
        obs.addAll(Organisations.of(Scenario.HEALTHY_GROWTH, 2, 51, 104, 52));
        return Goodhart.score(Organisations.model(52), obs);
    }

    /**
     * Segments named in a wide script line the table up by display columns (two a CJK character), not by chars: a
     * helper's "团队 三" shifted every column after it.
     */
    @Test
    void wideNamesKeepTheTableAligned() {
        List<Observation> obs = new ArrayList<>();
        for (Observation o : Organisations.of(Scenario.GAMED, 2, 11, 104, 52)) {
            obs.add(new Observation(o.date(), "团队 " + o.segment(), o.metric(), o.value()));
        }
        obs.addAll(Organisations.of(Scenario.COUPLED_STEADY, 2, 31, 104, 52));
        String text = TextReport.render(Goodhart.score(Organisations.model(52), obs));
        List<Integer> verdictColumn = new ArrayList<>();
        for (String line : text.split("\n")) {
            Matcher m = Pattern.compile("^tokens +output +.*? (HEALTHY|WATCH|DIVERGING|GAMED|INSUFFICIENT_DATA)")
                    .matcher(line);
            if (m.find()) {
                verdictColumn.add(dev.goodhart.internal.Text.width(line.substring(0, m.start(1))));
            }
        }
        assertThat(verdictColumn).as(text).hasSizeGreaterThan(3);
        assertThat(verdictColumn).as(text).containsOnly(verdictColumn.get(0));
        assertThat(text).contains("团队 ");
    }

    /**
     * Fourteen weeks read weekly: where a detector was skipped for too few periods in half the judged rows or more, one
     * line below the verdicts says so (a helper read a clean table with five of seven detectors skipped in every row);
     * a long calendar says nothing.
     */
    @Test
    void tooFewPeriodsAreSaidBelowTheVerdicts() {
        IntegrityReport shortOne = Goodhart.score(Organisations.model(7),
                Organisations.of(Scenario.GAMED, 2, 11, 14, 7));
        String line = TextReport.tooShortLine(shortOne);
        assertThat(line).startsWith("Too few periods for some evidence").contains("intervention-response in ")
                .contains("judged row").contains("needs at least 8");
        assertThat(TextReport.render(shortOne)).contains(line);
        assertThat(TextReport.tooShortLine(organisation())).isEmpty();
        assertThat(TextReport.render(organisation())).doesNotContain("Too few periods");
    }

    @Test
    void theCountAboveTheTableIsItsRowsAndTheStarRowIsExplained() {
        for (IntegrityReport report : List.of(organisation(),
                Goodhart.score(FixtureOrganisation.model(), FixtureOrganisation.observations()))) {
            String text = TextReport.render(report);
            Matcher m = Pattern.compile("The table has (\\d+) rows(, for each of the (\\d+) proxy-outcome links)?: the "
                    + "organisation as a whole \\(segment \\*, all segments together\\) and the (\\d+) segments\\.")
                    .matcher(text);
            assertThat(m.find()).as(text).isTrue();
            int rows = Integer.parseInt(m.group(1));
            int links = report.model().links().size();
            assertThat(rows).isEqualTo(report.pairs().size()).isEqualTo(links * (report.segmentCount() + 1));
            assertThat(Integer.parseInt(m.group(4))).isEqualTo(report.segmentCount());
            assertThat(m.group(3) == null ? 1 : Integer.parseInt(m.group(3))).isEqualTo(links);
            // the table has exactly those rows, after its header
            List<String> lines = Arrays.asList(text.split("\n"));
            int header = lines.indexOf(lines.stream().filter(l -> l.startsWith("proxy ")).findFirst().orElseThrow());
            assertThat(lines.subList(header + 1, header + 1 + rows)).allSatisfy(l -> assertThat(l).startsWith("tokens "));
            assertThat(lines.get(header + 1 + rows)).isEmpty();
            // and the verdicts below add up to them
            Matcher v = Pattern.compile("Verdicts of the (\\d+) rows: (.*)").matcher(text);
            assertThat(v.find()).isTrue();
            assertThat(Integer.parseInt(v.group(1))).isEqualTo(rows);
            int sum = 0;
            for (String part : v.group(2).split(", ")) {
                sum += Integer.parseInt(part.substring(0, part.indexOf(' ')));
            }
            assertThat(sum).isEqualTo(rows);
        }
    }

    /**
     * An outcome with values below 0 (a net score) keeps the detectors on logarithms from running: each row's notes
     * said so, the text report did not (a helper: one day at -3 took a gaming team from GAMED 100 to WATCH 20 with no
     * word of it). The text report now says which evidence the values kept from being computed; a report where every
     * detector ran, or where one does not apply (no quota), says nothing of it.
     */
    @Test
    void evidenceTheValuesKeptFromBeingComputedIsSaid() {
        IntegrityReport clean = organisation();
        assertThat(TextReport.skippedLine(clean)).isEmpty();
        assertThat(TextReport.render(clean)).doesNotContain("could not be computed");
        List<Observation> obs = new ArrayList<>(Organisations.of(Scenario.GAMED, 2, 11, 104, 52));
        obs.addAll(Organisations.of(Scenario.COUPLED_STEADY, 4, 31, 104, 52));
        Observation first = obs.stream().filter(o -> o.metric().equals(Organisations.model(52).links().get(0).outcome()))
                .findFirst().orElseThrow();
        obs.remove(first);
        obs.add(new Observation(first.date(), first.segment(), first.metric(), -3));
        IntegrityReport negative = Goodhart.score(Organisations.model(52), obs);
        String line = TextReport.skippedLine(negative);
        assertThat(line).startsWith("Evidence that could not be computed (each row's notes say why): ")
                .containsPattern("yield-decay in \\d+ of \\d+ judged rows \\(")
                .contains("logarithms need values of 0 or more; found "
                        + first.metric() + " = -3)");
        assertThat(TextReport.render(negative)).contains(line);
    }

    @Test
    void aSummaryComesFirstInWords() {
        IntegrityReport report = organisation();
        List<String> summary = TextReport.summary(report);
        assertThat(summary.get(0)).isEqualTo("Goodhart scored 8 segments on whether tokens still tracks output, weekly "
                + "data from 2024-01-01 to 2025-12-22, before and after 2024-12-30 (quota).");
        long flagged = report.pairs().stream().filter(p -> !p.segment().equals("*") && p.verdict().flagged()).count();
        assertThat(summary.get(1)).startsWith(flagged + " are flagged (");
        assertThat(summary).anySatisfy(s -> assertThat(s).startsWith("Taken together, the organisation is "));
        PairResult largest = TextReport.largestDivergence(report);
        assertThat(largest.verdict().flagged()).isTrue();
        assertThat(summary.get(summary.size() - 1)).startsWith("The largest divergence is in " + largest.segment())
                .containsPattern("from before 2024-12-30 to since, tokens rose \\d+% while output (rose|fell|held)");
        String text = TextReport.render(report);
        assertThat(text.indexOf(summary.get(0))).isLessThan(text.indexOf("The table has"));
    }

    @Test
    void eachFindingIsASentenceWithItsStatisticsOnTheNextLine() {
        String text = TextReport.render(organisation());
        Matcher m = Pattern.compile("\n    - ([^\n]*)\n      ([a-z-]+): q ([^;\n]*)(; [^\n]*)?\n").matcher(text);
        int n = 0;
        while (m.find()) {
            n++;
            assertThat(m.group(1)).doesNotContain("one-sided p", "q ");
        }
        assertThat(n).isGreaterThan(5);
    }

    /** Every sentence about an outcome says its move one way: a percentage and a word, never a sign. */
    @Test
    void noSignedPercentagesAnywhere() {
        String text = TextReport.render(organisation());
        assertThat(text).doesNotContainPattern("[-+]\\d+(\\.\\d+)?%").doesNotContain("% better").doesNotContain("% worse");
    }

    /**
     * Every row's notes are in the text report, as in JSON and HTML (a reviewer: "each row's notes say why", and the
     * text never showed them): under the evidence of a row at WATCH or worse, and for the other rows after it.
     */
    @Test
    void everyRowsNotesAreShown() {
        IntegrityReport report = organisation();
        String text = TextReport.render(report);
        assertThat(report.pairs().stream().mapToInt(p -> p.notes().size()).sum()).isPositive();
        for (PairResult p : report.pairs()) {
            for (String note : p.notes()) {
                assertThat(text).contains("    note: " + note + "\n");
            }
        }
        // a quiet row's notes come after the evidence, each note once with the rows that have it
        List<PairResult> quiet = report.pairs().stream()
                .filter(p -> p.verdict().compareTo(Verdict.WATCH) < 0 && !p.notes().isEmpty()).toList();
        String after = text.substring(text.indexOf("\nNotes on the other rows:\n"));
        assertThat(text.indexOf("\nNotes on the other rows:\n")).isGreaterThan(text.indexOf("\nEvidence:\n"));
        for (PairResult p : quiet) {
            for (String note : p.notes()) {
                // under the heading of its rows: the nearest heading above it (a row's own notes share one heading)
                Matcher under = Pattern.compile("\n  tokens -> output \\[([^]\n]*)\\] ([A-Z_]+)\n(    note: [^\n]*\n)*?"
                        + "    note: " + Pattern.quote(note) + "\n").matcher(after);
                boolean found = false;
                while (under.find()) {
                    found |= under.group(2).equals(p.verdict().name()) && Pattern.compile("\\b"
                            + Pattern.quote(p.segment()) + "\\b").matcher(under.group(1)).find();
                }
                assertThat(found).as(p.segment() + ": " + note).isTrue();
                // once
                assertThat(after.split(Pattern.quote("    note: " + note + "\n"), -1).length - 1)
                        .as(note).isEqualTo(quiet.stream().filter(q -> q.notes().contains(note))
                                .map(PairResult::verdict).distinct().count());
            }
        }
    }

    /**
     * A row's notes of its own, one after another, are listed under its heading once: a team with five weeks before
     * the date has a note for each detector that needs more (a newcomer saw its heading five times over them).
     */
    @Test
    void aRowsOwnNotesShareOneHeading() {
        List<Observation> rows = weeklyTeams(6, 35, 4);
        IntegrityReport report = dev.goodhart.Goodhart.score(weeklyModel("tokens", "days"), rows);
        PairResult late = report.pairs().stream().filter(p -> p.segment().equals("team-0")).findFirst().orElseThrow();
        assertThat(late.verdict().compareTo(Verdict.WATCH)).isNegative();
        String heading = "  tokens -> cycle_time [team-0] " + late.verdict() + "\n";
        String text = TextReport.render(report);
        long own = TextReport.noteGroups(List.of(late)).size();
        assertThat(own).isGreaterThan(2);
        // its notes shared with no other row come one after another under one heading
        assertThat(text.split(Pattern.quote(heading), -1).length - 1).isEqualTo(1);
    }

    /**
     * The units declared show under the header (they showed in JSON and HTML only); a unit that is the name not twice.
     */
    @Test
    void theDeclaredUnitsShowUnderTheHeader() {
        List<Observation> rows = weeklyTeams(3, 0, 5);
        String text = TextReport.render(dev.goodhart.Goodhart.score(weeklyModel("tokens", "days"), rows));
        assertThat(text.lines().limit(3)).contains("Units: tokens (weekly total), cycle_time in days (weekly mean).");
        assertThat(TextReport.render(dev.goodhart.Goodhart.score(weeklyModel("", ""), rows))).doesNotContain("Units:");
    }

    /**
     * Weekly tokens and cycle time of {@code teams} steady teams over 60 weeks from 2024-01-01, the first beginning in
     * week {@code firstFrom}.
     */
    private static List<Observation> weeklyTeams(int teams, int firstFrom, long seed) {
        java.time.LocalDate start = java.time.LocalDate.of(2024, 1, 1);
        java.util.SplittableRandom r = new java.util.SplittableRandom(seed);
        List<Observation> rows = new ArrayList<>();
        for (int s = 0; s < teams; s++) {
            for (int w = s == 0 ? firstFrom : 0; w < 60; w++) {
                java.time.LocalDate d = start.plusWeeks(w);
                rows.add(new Observation(d, "team-" + s, "tokens", 1000 * (1 + 0.05 * r.nextGaussian())));
                rows.add(new Observation(d, "team-" + s, "cycle_time", 3 * (1 + 0.05 * r.nextGaussian())));
            }
        }
        return rows;
    }

    /** Tokens and cycle time (lower better) by week with the units given, a quota in week 40. */
    private static dev.goodhart.model.IntegrityModel weeklyModel(String tokensUnit, String cycleTimeUnit) {
        return dev.goodhart.model.IntegrityModel.builder().proxy("tokens", tokensUnit)
                .outcome("cycle_time", dev.goodhart.model.Direction.LOWER, cycleTimeUnit).link("tokens", "cycle_time")
                .granularity(dev.goodhart.model.Granularity.WEEK)
                .intervention(java.time.LocalDate.of(2024, 1, 1).plusWeeks(40), "quota").build();
    }

    /**
     * Where some periods carry only one of the two series, the headline's rise is over the periods with both, as
     * growth divergence reads it, and says so: a reviewer saw "prompts rose 481%" above a finding of 440% (a day with
     * the proxy and no outcome).
     */
    @Test
    void theHeadlinesMoveIsTheFindingsWhereSomePeriodsLackASeries() {
        List<Observation> obs = new ArrayList<>(Organisations.of(Scenario.GAMED, 2, 11, 104, 52));
        obs.addAll(Organisations.of(Scenario.COUPLED_STEADY, 4, 31, 104, 52));
        String outcome = Organisations.model(52).links().get(0).outcome();
        // the gaming segments' outcome missing in a third of the recent weeks, their proxy kept
        java.time.LocalDate from = obs.stream().map(Observation::date).min(java.util.Comparator.naturalOrder())
                .orElseThrow().plusWeeks(52);
        obs.removeIf(o -> o.metric().equals(outcome) && !o.date().isBefore(from)
                && java.time.temporal.ChronoUnit.WEEKS.between(from, o.date()) % 3 == 0);
        IntegrityReport report = Goodhart.score(Organisations.model(52), obs);
        PairResult largest = TextReport.largestDivergence(report);
        String moved = TextReport.movement(report, largest);
        Finding growth = largest.findings().stream().filter(f -> f.detector().equals("growth-divergence"))
                .findFirst().orElseThrow();
        assertThat(moved).contains(" weeks with both, ");
        // the same clause as the finding's, up to the outcome's wording
        String clause = moved.substring(moved.indexOf("on the "), moved.indexOf(" while "));
        assertThat(growth.message()).contains(clause + " while ");
    }

    /**
     * Monthly data and a quota in the middle of a month: the month is read after the date, and the findings date the
     * split by its first day; the summary says so (a helper read "intervention 2025-07-14" in the header and "Before
     * 2025-07-01" in every finding, with nothing to say why).
     */
    @Test
    void aDateInsideAMonthIsSaidToBeReadFromItsMonth() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(3);
        List<Observation> rows = new ArrayList<>();
        for (int k = 0; k < 4; k++) {
            for (int m = 0; m < 24; m++) {
                java.time.LocalDate d = java.time.LocalDate.of(2024, 7, 1).plusMonths(m);
                rows.add(new Observation(d, "team-" + k, "tokens", 1000 * Math.exp(0.1 * rnd.nextGaussian())));
                rows.add(new Observation(d, "team-" + k, "cycle_time", 3 * Math.exp(0.1 * rnd.nextGaussian())));
            }
        }
        dev.goodhart.model.IntegrityModel model = dev.goodhart.model.IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", dev.goodhart.model.Direction.LOWER, "days").link("tokens", "cycle_time")
                .granularity(dev.goodhart.model.Granularity.MONTH)
                .intervention(java.time.LocalDate.of(2025, 7, 14), "quota").build();
        dev.goodhart.report.IntegrityReport report = Goodhart.score(model, rows);
        assertThat(report.pairs()).allSatisfy(p -> assertThat(p.recentFrom())
                .isEqualTo(java.time.LocalDate.of(2025, 7, 1)));
        assertThat(TextReport.summary(report)).contains("The intervention of 2025-07-14 falls inside the month from "
                + "2025-07-01, which monthly data cannot divide: that month is read after it, and the findings date it "
                + "2025-07-01.");
        dev.goodhart.model.IntegrityModel first = dev.goodhart.model.IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", dev.goodhart.model.Direction.LOWER, "days").link("tokens", "cycle_time")
                .granularity(dev.goodhart.model.Granularity.MONTH)
                .intervention(java.time.LocalDate.of(2025, 7, 1), "quota").build();
        assertThat(TextReport.summary(Goodhart.score(first, rows))).noneMatch(l -> l.contains("falls inside"));
        // a date outside the data: no month is read from it, so nothing to say of its findings
        dev.goodhart.model.IntegrityModel outside = dev.goodhart.model.IntegrityModel.builder()
                .proxy("tokens", "tokens").outcome("cycle_time", dev.goodhart.model.Direction.LOWER, "days")
                .link("tokens", "cycle_time")
                .granularity(dev.goodhart.model.Granularity.MONTH)
                .intervention(java.time.LocalDate.of(2030, 1, 15), "quota").build();
        assertThat(TextReport.summary(Goodhart.score(outside, rows))).noneMatch(l -> l.contains("falls inside"));
    }

    /**
     * A rollout in waves: the header and the summary name each wave's segments (they gave the dates alone, "before and
     * after 2025-01-06 and 2025-06-02", a reviewer found); the monthly note only where a row is read from that month.
     */
    @Test
    void wavesAreNamedWithTheirSegments() {
        java.util.SplittableRandom rnd = new java.util.SplittableRandom(5);
        List<Observation> rows = new ArrayList<>();
        for (int k = 0; k < 6; k++) {
            for (int w = 0; w < 60; w++) {
                java.time.LocalDate d = java.time.LocalDate.of(2025, 1, 6).plusWeeks(w);
                rows.add(new Observation(d, "team-" + k, "tokens", 1000 * Math.exp(0.1 * rnd.nextGaussian())));
                rows.add(new Observation(d, "team-" + k, "cycle_time", 3 * Math.exp(0.1 * rnd.nextGaussian())));
            }
        }
        dev.goodhart.model.IntegrityModel model = dev.goodhart.model.IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("cycle_time", dev.goodhart.model.Direction.LOWER, "days").link("tokens", "cycle_time")
                .granularity(dev.goodhart.model.Granularity.WEEK)
                .intervention(java.time.LocalDate.of(2025, 6, 2), "quota")
                .intervention(new dev.goodhart.model.Intervention(java.time.LocalDate.of(2025, 7, 7), "second wave",
                        java.util.Set.of("team-4", "team-5", "team-3", "team-2")))
                .build();
        dev.goodhart.report.IntegrityReport report = Goodhart.score(model, rows);
        assertThat(report.toString()).contains(", intervention 2025-06-02 (quota), intervention 2025-07-07 (second "
                + "wave; for team-2, team-3, team-4 and 1 more)");
        assertThat(TextReport.summary(report).get(0)).contains("before and after 2025-06-02 (quota) and 2025-07-07 "
                + "(second wave; for team-2, team-3, team-4 and 1 more).");
        assertThat(report.segment("team-5").orElseThrow().recentFrom()).isEqualTo(java.time.LocalDate.of(2025, 7, 7));
        assertThat(report.segment("team-0").orElseThrow().recentFrom()).isEqualTo(java.time.LocalDate.of(2025, 6, 2));
    }
}
