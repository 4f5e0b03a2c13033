package dev.goodhart.scoring;

import dev.goodhart.Goodhart;

import dev.goodhart.model.Frame;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.model.Observation;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.goodhart.sim.Organisations;
import dev.goodhart.sim.Scenario;
import dev.goodhart.stats.Rolling;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Incremental = full: appending day by day gives the full report and the directly computed rolling coupling. */
class LiveScorerTest {
    private static final Link LINK = Link.of("tokens", "output");

    private static List<Observation> organisation() {
        List<Observation> obs = new ArrayList<>();
        obs.addAll(Organisations.daily(Scenario.GAMED, 3, 11, 120, 60));
        obs.addAll(Organisations.daily(Scenario.COUPLED_STEADY, 3, 21, 120, 60));
        obs.removeIf(o -> o.segment().equals("gamed-1") && o.date().getDayOfYear() % 13 == 0); // gaps
        obs.sort(Comparator.comparing(Observation::date));
        return obs;
    }

    @Test
    void appendingPeriodByPeriodGivesTheFullReport() {
        IntegrityModel model = Organisations.dailyModel(60);
        List<Observation> obs = organisation();
        LiveScorer live = LiveScorer.of(model, 14);
        live.appendAll(obs);
        assertThat(live.report()).isEqualTo(Goodhart.score(model, obs));
    }

    /**
     * A row of an undeclared metric a day ahead (an export's extra column, streamed in its own order) moves nothing:
     * the current day's declared rows still append (they were refused as "before the current period"), and the
     * report equals the batch one, the row counted as undeclared in both.
     */
    @Test
    void anUndeclaredMetricDoesNotMoveTheClock() {
        IntegrityModel model = Organisations.dailyModel(60);
        List<Observation> obs = organisation();
        List<Observation> mixed = new ArrayList<>();
        LocalDate previous = null;
        for (Observation o : obs) {
            if (!o.date().equals(previous)) {
                mixed.add(new Observation(o.date().plusDays(1), "gamed-0", "throughput", 1)); // undeclared, a day ahead
                previous = o.date();
            }
            mixed.add(o);
        }
        LiveScorer live = LiveScorer.of(model, 14).appendAll(mixed);
        assertThat(live.report()).isEqualTo(Goodhart.score(model.toBuilder()
                .granularity(model.granularity()).build(), mixed));
        assertThat(live.report().pairs()).isEqualTo(Goodhart.score(model, obs).pairs());
        // a segment with no rows has no examination (it had an empty one)
        assertThat(live.examination(LINK, "gamed-0")).isPresent();
        assertThat(live.examination(LINK, "*")).isPresent();
        assertThat(live.examination(LINK, "Gamed-0")).isEmpty();
    }

    /** A declared counting change is undone in the rolling coupling as in the report: as if tokens had never changed. */
    @Test
    void aDeclaredCountingChangeIsUndoneInTheRollingCoupling() {
        IntegrityModel model = Organisations.dailyModel(60);
        List<Observation> obs = organisation();
        LocalDate change = obs.get(0).date().plusDays(80);
        IntegrityModel declared = model.toBuilder().countingChange("tokens", change, 1.5).build();
        List<Observation> recounted = new ArrayList<>();
        for (Observation o : obs) {
            boolean after = o.metric().equals("tokens") && !o.date().isBefore(change);
            recounted.add(after ? new Observation(o.date(), o.segment(), o.metric(), o.value() * 1.5) : o);
        }
        LiveScorer plain = LiveScorer.of(model, 14).appendAll(obs);
        LiveScorer undone = LiveScorer.of(declared, 14).appendAll(recounted);
        LiveScorer ignored = LiveScorer.of(model, 14).appendAll(recounted);
        for (String segment : List.of("gamed-0", "gamed-1", "coupled_steady-2")) {
            double[] a = plain.rollingCouplingHistory(LINK, segment);
            double[] b = undone.rollingCouplingHistory(LINK, segment);
            assertThat(b).hasSameSizeAs(a);
            for (int i = 0; i < a.length; i++) {
                if (Double.isNaN(a[i])) {
                    assertThat(b[i]).isNaN();
                } else {
                    assertThat(b[i]).as(segment + " change " + i).isCloseTo(a[i], within(1e-9));
                }
            }
            // undeclared, the day of the change is a 50% jump of tokens alone: the window over it reads otherwise
            assertThat(ignored.rollingCouplingHistory(LINK, segment)).isNotEqualTo(a);
        }
    }

    @Test
    void rollingCouplingEqualsTheDirectComputation() {
        IntegrityModel model = Organisations.dailyModel(60);
        List<Observation> obs = organisation();
        LiveScorer live = LiveScorer.of(model, 14);
        Frame full = Frame.of(model, obs);
        for (String segment : List.of("gamed-0", "gamed-1", "coupled_steady-2")) {
            live = LiveScorer.of(model, 14).appendAll(obs);
            double[] p = full.series(segment, "tokens");
            double[] o = full.series(segment, "output");
            int closed = p.length - 1; // the last period is still open
            List<double[]> changes = new ArrayList<>();
            for (int t = 1; t < closed; t++) {
                if (p[t] > 0 && p[t - 1] > 0 && o[t] > 0 && o[t - 1] > 0) {
                    changes.add(new double[] {Math.log(p[t]) - Math.log(p[t - 1]), Math.log(o[t]) - Math.log(o[t - 1])});
                }
            }
            double[] dx = changes.stream().mapToDouble(c -> c[0]).toArray();
            double[] dy = changes.stream().mapToDouble(c -> c[1]).toArray();
            double[] direct = Rolling.pearson(dx, dy, 14);
            double[] history = live.rollingCouplingHistory(LINK, segment);
            assertThat(history).as(segment).hasSize(direct.length);
            for (int i = 0; i < direct.length; i++) {
                if (Double.isNaN(direct[i])) {
                    assertThat(history[i]).isNaN();
                } else {
                    assertThat(history[i]).as(segment + " change " + i).isCloseTo(direct[i], within(1e-9));
                }
            }
            assertThat(live.rollingCoupling(LINK, segment)).contains(history[history.length - 1]);
        }
        // a gamed segment decouples after day 60: its recent rolling coupling is below the steady one's
        LiveScorer all = LiveScorer.of(model, 14).appendAll(obs);
        assertThat(all.rollingCoupling(LINK, "gamed-0").orElseThrow())
                .isLessThan(all.rollingCoupling(LINK, "coupled_steady-0").orElseThrow());
    }

    @Test
    void latePeriodsAreRefused() {
        IntegrityModel model = Organisations.dailyModel(60);
        LiveScorer live = LiveScorer.of(model, 5);
        live.append(Observation.of("2024-03-02", "a", "tokens", 5));
        live.append(Observation.of("2024-03-02", "a", "tokens", 6)); // same (open) period is fine
        assertThatThrownBy(() -> live.append(Observation.of("2024-03-01", "a", "tokens", 5)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("new periods only");
        assertThatThrownBy(() -> LiveScorer.of(model, 2)).hasMessageStartingWith("window:");
    }
}
