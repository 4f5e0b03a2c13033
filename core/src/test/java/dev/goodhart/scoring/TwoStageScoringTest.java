package dev.goodhart.scoring;

import dev.goodhart.model.Frame;
import dev.goodhart.model.InputAccount;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Link;
import dev.goodhart.model.Observation;
import dev.goodhart.model.Segments;
import dev.goodhart.report.IntegrityReport;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.sim.Organisations;
import dev.goodhart.sim.Scenario;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The two-stage API distributed engines use: each segment examined on its own frame (padded to the whole calendar), the
 * organisation on its own, then one conclusion, gives exactly the single-machine report.
 */
class TwoStageScoringTest {
    @Test
    void examiningSegmentsApartAndConcludingOnceEqualsScoring() {
        List<Observation> obs = new ArrayList<>();
        long seed = 5;
        for (Scenario s : Scenario.values()) {
            obs.addAll(Organisations.of(s, 12, seed, 104, 52));
            seed += 100;
        }
        obs.removeIf(o -> o.segment().equals("gamed-3") && o.date().isBefore(LocalDate.of(2024, 3, 1))); // ragged start
        IntegrityModel model = Organisations.model(52);
        Scorer scorer = Scorer.defaults();
        IntegrityReport single = scorer.score(model, Frame.of(model, obs));

        Map<String, List<Observation>> bySegment = obs.stream()
                .collect(Collectors.groupingBy(Observation::segment, TreeMap::new, Collectors.toList()));
        LocalDate first = obs.stream().map(Observation::date).min(LocalDate::compareTo).orElseThrow();
        LocalDate last = obs.stream().map(Observation::date).max(LocalDate::compareTo).orElseThrow();
        Frame all = Frame.of(model, obs);
        List<Examination> examinations = new ArrayList<>(scorer.examine(model, all, Segments.ALL));
        for (Map.Entry<String, List<Observation>> e : bySegment.entrySet()) {
            List<Observation> own = new ArrayList<>(e.getValue());
            String metric = own.get(0).metric();
            own.add(new Observation(first, e.getKey(), metric, Double.NaN)); // the whole calendar
            own.add(new Observation(last, e.getKey(), metric, Double.NaN));
            examinations.addAll(scorer.examine(model, Frame.of(model, own), e.getKey()));
        }
        // the report lists, per link, the organisation first and then the segments
        List<Examination> ordered = new ArrayList<>();
        for (Link link : model.links()) {
            examinations.stream().filter(x -> x.link().equals(link)).forEach(ordered::add);
        }
        IntegrityReport twoStage = scorer.conclude(model, all.period(0), all.period(all.periodCount() - 1),
                bySegment.size(), ordered);
        // concluding from examinations sees no frame, so it has no account of input rows; the rest is identical
        assertThat(twoStage.input()).isEqualTo(InputAccount.NONE);
        assertThat(twoStage.withInput(single.input())).isEqualTo(single);
    }
}
