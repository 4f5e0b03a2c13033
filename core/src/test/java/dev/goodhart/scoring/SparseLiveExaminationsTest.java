package dev.goodhart.scoring;

import static org.assertj.core.api.Assertions.assertThat;

import dev.goodhart.model.Direction;
import dev.goodhart.model.Frame;
import dev.goodhart.model.IntegrityModel;
import dev.goodhart.model.Observation;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * A live scorer's examinations equal {@code Scorer.examine} on the same frame for sparse daily use (tools used on about
 * a third of the weekdays, read in weekly means whose log offset a week without use after the date changes): the
 * baseline statistics a pair carries from one day to the next are reused only for the same baseline logs (helper-177
 * found the intervention response's baseline elasticity carried: "at most 0.17" live, "at most 0.29" examined afresh,
 * five peers in six organisations).
 */
class SparseLiveExaminationsTest {
    private static final LocalDate START = LocalDate.of(2025, 9, 1);

    /** A model and its rows. */
    record Org(IntegrityModel model, List<Observation> rows) {
    }

    /**
     * Twenty teams using the tool on about a third of the weekdays, six weeks before the date and seven after (daily
     * rows); the first {@code teamsDoubling} double their use at the date, nothing gained.
     */
    static Org sparse(int seed, int teamsDoubling) {
        IntegrityModel model = IntegrityModel.builder().proxy("prompts", "prompts")
                .outcome("accepted_lines", Direction.HIGHER, "lines").link("prompts", "accepted_lines")
                .intervention(START.plusWeeks(6), "quota").build();
        SplittableRandom r = new SplittableRandom(seed);
        List<Observation> rows = new ArrayList<>();
        for (int s = 0; s < 20; s++) {
            String team = s == 0 ? "team" : "peer-" + s;
            for (int d = 0; d < 13 * 7; d++) {
                boolean used = d % 7 < 5 && r.nextDouble() < 0.3;
                double prompts = used ? (s < teamsDoubling && d >= 42 ? 400 : 200) * Math.exp(0.3 * r.nextGaussian())
                        : 0;
                double lines = d % 7 < 5 ? 1000 * Math.exp(0.25 * r.nextGaussian()) : 0;
                rows.add(new Observation(START.plusDays(d), team, "prompts", prompts));
                rows.add(new Observation(START.plusDays(d), team, "accepted_lines", lines));
            }
        }
        return new Org(model, rows);
    }

    static int liveDiffers(Org o) {
        IntegrityModel model = o.model();
        Scorer scorer = Scorer.builder().build();
        Frame frame = Frame.of(model, o.rows());
        List<Observation> sorted = new ArrayList<>(o.rows());
        sorted.sort(Comparator.comparing(Observation::date));
        LiveScorer live = LiveScorer.of(model, scorer, 8);
        LocalDate last = sorted.get(sorted.size() - 1).date();
        int k = 0;
        for (; k < sorted.size() && sorted.get(k).date().isBefore(last.minusDays(7)); k++) {
            live.append(sorted.get(k));
        }
        live.examinations();
        for (; k < sorted.size(); k++) {
            live.append(sorted.get(k));
        }
        List<Examination> direct = new ArrayList<>(scorer.examine(model, frame, "*"));
        for (String s : new java.util.TreeSet<>(frame.segments())) {
            direct.addAll(scorer.examine(model, frame, s));
        }
        List<Examination> liveEx = live.examinations();
        assertThat(liveEx).hasSameSizeAs(direct);
        int n = 0;
        for (int i = 0; i < liveEx.size(); i++) {
            n += liveEx.get(i).equals(direct.get(i)) ? 0 : 1;
        }
        return n;
    }

    @Test
    void liveExaminationsEqualFreshOnes() {
        int n = 0;
        for (int seed = 0; seed < 6; seed++) {
            n += liveDiffers(sparse(seed, 1));
        }
        assertThat(n).as("live examinations that differ from fresh ones").isZero();
    }
}
