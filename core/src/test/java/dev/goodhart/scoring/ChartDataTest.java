package dev.goodhart.scoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Frame;
import dev.goodhart.model.Granularity;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Observation;
import dev.goodhart.report.IntegrityReport;
import dev.goodhart.report.PairChart;
import dev.goodhart.report.PairResult;
import dev.goodhart.report.Verdict;
import dev.goodhart.sim.Organisations;
import dev.goodhart.sim.Scenario;
import dev.goodhart.stats.ChangePoints;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The chart data the scorer puts in the report: for whom, what, and bounded. */
class ChartDataTest {
    private static List<Observation> organisation() {
        List<Observation> obs = new ArrayList<>();
        obs.addAll(Organisations.of(Scenario.GAMED, 3, 11, 104, 52));
        obs.addAll(Organisations.of(Scenario.COUPLED_STEADY, 6, 31, 104, 52));
        obs.addAll(Organisations.of(Scenario.HEALTHY_GROWTH, 3, 51, 104, 52));
        obs.removeIf(o -> o.segment().equals("gamed-1") && o.metric().equals("tokens") && o.date().getDayOfYear() % 9 == 0);
        return obs;
    }

    @Test
    void theOrganisationAndEveryPairAtWatchOrAboveCarryTheirChart() {
        IntegrityModel model = Organisations.model(52);
        Frame frame = Frame.of(model, organisation());
        IntegrityReport report = Scorer.defaults().score(model, frame);
        assertThat(report.pairs()).anySatisfy(p -> assertThat(p.verdict()).isEqualTo(Verdict.HEALTHY));
        for (PairResult p : report.pairs()) {
            boolean charted = p.segment().equals("*") || p.verdict().compareTo(Verdict.WATCH) >= 0;
            if (!charted) {
                assertThat(p.chart()).as(p.toString()).isNull();
                continue;
            }
            PairChart c = p.chart();
            assertThat(c).as(p.toString()).isNotNull();
            assertThat(c.length()).isEqualTo(frame.periodCount());
            assertThat(c.periods().get(0)).isEqualTo(frame.period(0));
            assertThat(c.periods().get(c.length() - 1)).isEqualTo(frame.period(frame.periodCount() - 1));
            // the series as measured, missing periods NaN
            assertThat(c.proxy()).containsExactly(frame.series(p.segment(), "tokens"));
            assertThat(c.outcome()).containsExactly(frame.series(p.segment(), "output"));
            // the windows the detectors used, the intervention that set them
            assertThat(c.recentFrom()).isEqualTo(p.recentFrom()).isEqualTo(Organisations.START.plusWeeks(52));
            assertThat(c.baselineFrom()).isEqualTo(frame.period(0));
            assertThat(c.baselineTo()).isEqualTo(Organisations.START.plusWeeks(51));
            assertThat(c.intervention()).isEqualTo(model.interventions().get(0));
            // the window means and the proxy's change points (PELT, mean and variance) on the observed values
            assertThat(c.proxyBaselineMean()).isCloseTo(mean(c.proxy(), 0, 52), org.assertj.core.api.Assertions.within(1e-9));
            assertThat(c.outcomeRecentMean()).isCloseTo(mean(c.outcome(), 52, 104), org.assertj.core.api.Assertions.within(1e-9));
            if (!p.segment().equals("gamed-1")) {
                List<LocalDate> expected = new ArrayList<>();
                for (int cp : ChangePoints.pelt(c.proxy(), ChangePoints.Cost.MEAN_VAR).positions()) {
                    expected.add(c.periods().get(cp));
                }
                assertThat(c.proxyChangePoints()).isEqualTo(expected);
            }
        }
        PairChart gappy = report.segment("gamed-1").orElseThrow().chart();
        assertThat(Arrays.stream(gappy.proxy()).filter(Double::isNaN).count()).isPositive();
        assertThat(gappy.proxyChangePoints()).allSatisfy(d -> assertThat(gappy.proxy()[gappy.periods().indexOf(d)]).isNotNaN());
    }

    /** A report of many segments carries at most chartLimit segments' charts, the highest scores first. */
    @Test
    void theChartLimitKeepsTheHighestScores() {
        IntegrityModel model = Organisations.model(52);
        Frame frame = Frame.of(model, organisation());
        IntegrityReport all = Scorer.defaults().score(model, frame);
        long eligible = all.pairs().stream()
                .filter(p -> !p.segment().equals("*") && p.verdict().compareTo(Verdict.WATCH) >= 0).count();
        assertThat(eligible).isGreaterThan(2);
        IntegrityReport two = Scorer.builder().chartLimit(2).build().score(model, frame);
        List<PairResult> charted = two.pairs().stream().filter(p -> p.chart() != null && !p.segment().equals("*")).toList();
        assertThat(charted).hasSize(2);
        double lowest = charted.stream().mapToDouble(PairResult::score).min().orElseThrow();
        assertThat(two.pairs()).filteredOn(p -> p.chart() == null && !p.segment().equals("*"))
                .allSatisfy(p -> assertThat(p.score()).isLessThanOrEqualTo(lowest));
        assertThat(two.segment("*").orElseThrow().chart()).as("the organisation always").isNotNull();
        IntegrityReport none = Scorer.builder().chartLimit(0).build().score(model, frame);
        assertThat(none.pairs()).filteredOn(p -> p.chart() != null).extracting(PairResult::segment).containsExactly("*");
        // everything else is the same report
        assertThat(two.pairs().stream().map(p -> p.withChart(null)).toList())
                .isEqualTo(all.pairs().stream().map(p -> p.withChart(null)).toList());
        assertThatThrownBy(() -> Scorer.builder().chartLimit(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chartLimit");
    }

    /** With a lag the detectors see the outcome later; the chart shows it at its own date. */
    @Test
    void aLaggedOutcomeIsChartedAtItsOwnDate() {
        IntegrityModel model = IntegrityModel.builder().proxy("tokens", "tokens")
                .outcome("output", Direction.HIGHER, "units").link(new dev.goodhart.model.Link("tokens", "output", 1, 2))
                .intervention(Organisations.START.plusWeeks(52), "quota").granularity(Granularity.WEEK).build();
        Frame frame = Frame.of(model, organisation());
        PairChart c = Scorer.defaults().score(model, frame).segment("*").orElseThrow().chart();
        double[] outcome = frame.series("*", "output");
        double[] charted = c.outcome();
        assertThat(charted[0]).isNaN();
        assertThat(charted[1]).isNaN();
        assertThat(Arrays.copyOfRange(charted, 2, charted.length)).containsExactly(Arrays.copyOfRange(outcome, 2, outcome.length));
    }

    private static double mean(double[] v, int from, int to) {
        double sum = 0;
        int k = 0;
        for (int i = from; i < to; i++) {
            if (!Double.isNaN(v[i])) {
                sum += v[i];
                k++;
            }
        }
        return sum / k;
    }
}
